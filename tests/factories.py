"""What tests share: the one password, the one fixed day, and synthetic journals to import or to group.

bench/ builds its figures on these generators too. The dependency runs that way only: no test imports bench/
except tests/unit/test_bench.py, which tests bench/ itself. Nothing here reads the real clock: every date is
`TODAY` or counted from a fixed start, unless a caller says otherwise.
"""

from __future__ import annotations

import csv
import io
import random
import uuid
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

import numpy as np
import pyarrow as pa

from journal.store import Database
from journal.store import groups as repo
from journal.store.db import registered
from journal.together.groups import membership as groups

PASSWORD = "a long enough passphrase"  # long enough for accounts' rules, and make_user's default

TODAY = date(2026, 11, 26)  # a Thursday: the day tests/conftest.py's `fixed_clock` holds the app at
NOON_TODAY = datetime.combine(TODAY, time(12)).astimezone(UTC)  # noon, local: today() is TODAY in any time zone


# -- a Daylio export ----------------------------------------------------------------------------------
DAYLIO_ROWS = 3650
DAYLIO_HEADER = ["full_date", "date", "weekday", "time", "mood", "activities", "note_title", "note"]
DAYLIO_MOODS = ["rad", "good", "meh", "bad", "awful", "tired but ok"]  # one renamed mood, mapped by hand
DAYLIO_ACTIVITIES = [
    "work",
    "family",
    "friends",
    "sport",
    "reading",
    "walk",
    "rest",
    "night shift",
    "1-to-1",
    "training",
]
DAYLIO_NOTES = [
    "Long shift, but the handover went well and <b>Sam</b> stayed to help.",
    "Felt stretched thin today.<br>Remembered to take a proper break, which helped.",
    'Team meeting: we finally agreed the rota, comma, semicolon; and a "quoted" word.',
    "A quiet day. Walked home the long way &amp; listened to the river.",
    "Setback with the audit, but I know what to do next.\nTomorrow: ask for help early.",
]


def daylio_csv(rows: int = DAYLIO_ROWS, *, seed: int = 7, today: date = TODAY) -> bytes:
    """A Daylio export of `rows` days up to `today`: HTML in notes, renamed moods, empty activities."""
    rng = random.Random(seed)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(DAYLIO_HEADER)
    for n in range(rows):
        day = today - timedelta(days=n)
        hour, minute = rng.randint(6, 23), rng.randint(0, 59)
        at = f"{(hour - 1) % 12 + 1}:{minute:02d} {'am' if hour < 12 else 'pm'}"
        activities = " | ".join(rng.sample(DAYLIO_ACTIVITIES, rng.randint(0, 3)))
        note = " ".join(rng.choice(DAYLIO_NOTES) for _ in range(rng.randint(1, 3)))
        title = rng.choice(["", "", "Shift", "A good one"])
        writer.writerow(
            [
                day.isoformat(),
                day.strftime("%B %-d"),
                day.strftime("%A"),
                at,
                rng.choice(DAYLIO_MOODS),
                activities,
                title,
                note,
            ]
        )
    return ("\ufeff" + out.getvalue()).encode("utf-8")


# -- a peer group with weeks of history -----------------------------------------------------------------
GROUP_MEMBERS = 500
GROUP_WEEKS = 52
GROUP_START = date(2024, 1, 1)  # a Monday: the group begins with the year
GROUP_SEED = 2024
SHARE_SCORES, SHARE_CHECKINS = 0.85, 0.6  # most share their scores, fewer their check-ins
ENTRIES_PER_DAY = (0.15, 0.6, 0.25)  # chances of writing no entry, one, or two on a day


@dataclass(frozen=True)
class SyntheticGroup:
    path: Path
    group_id: str
    facilitator: str
    members: int
    weeks: int
    entries: int
    checkins: int
    now: datetime  # when every one of the weeks has closed


def synthetic_group(
    path: Path, members: int = GROUP_MEMBERS, weeks: int = GROUP_WEEKS, *, seed: int = GROUP_SEED
) -> SyntheticGroup:
    """A group of `members` from GROUP_START, each with `weeks` of daily mood and energy and a check-in every four
    weeks, written in bulk into a new database at `path`."""
    rng = np.random.default_rng(seed)
    started = datetime.combine(GROUP_START, time(9))
    closed = datetime.combine(GROUP_START + timedelta(weeks=weeks), time(12))
    db = Database(path)
    try:
        created = closed  # everything was written by the time the last week closed
        ids = [str(uuid.UUID(int=int(rng.integers(0, 2**63)) << 64 | n)) for n in range(members)]
        days = weeks * 7 + 7  # and the week still open at the end
        per_day = rng.choice(3, size=(members, days), p=ENTRIES_PER_DAY)
        person, offset = np.nonzero(per_day)
        repeats = per_day[person, offset]
        person, offset = np.repeat(person, repeats), np.repeat(offset, repeats)
        baseline = rng.normal(3.2, 0.6, members)
        mood = np.clip(np.rint(baseline[person] + rng.normal(0, 0.9, len(person))), 1, 5).astype("int8")
        energy = np.clip(np.rint(baseline[person] - 0.3 + rng.normal(0, 1.0, len(person))), 1, 5).astype("int8")
        n = len(person)  # entries in all
        dates = np.datetime64(GROUP_START) + offset.astype("timedelta64[D]")
        rows = pa.table(
            {
                "id": [str(uuid.uuid4()) for _ in range(n)],
                "user_id": [ids[p] for p in person],
                "mood": pa.array(mood, mask=rng.random(n) < 0.05),  # now and then no mood recorded
                "energy": pa.array(energy, mask=rng.random(n) < 0.05),
                "entry_date": dates,
            }
        )
        first = rng.integers(0, 28, members)
        check_people = [p for p in range(members) for _ in range(first[p], days, 28)]
        check_days = [GROUP_START + timedelta(days=int(d)) for p in range(members) for d in range(first[p], days, 28)]
        scores = np.clip(rng.normal(45, 18, (len(check_people), 3)), 0, 100)
        checkins = pa.table(
            {
                "id": [str(uuid.uuid4()) for _ in check_people],
                "user_id": [ids[p] for p in check_people],
                "taken_on": check_days,
                "personal": scores[:, 0],
                "work": scores[:, 1],
                "client": pa.array(scores[:, 2], mask=rng.random(len(check_people)) < 0.6),
            }
        )
        with registered(db, bench_entries=rows, bench_checkins=checkins) as tx:
            tx.execute(
                "INSERT INTO users (id, username, username_key, password_hash, is_admin, created_at) "
                "SELECT id, 'member ' || n, 'member ' || n, 'not a real hash', n = 0, ? "
                "FROM (SELECT unnest(?) AS id, generate_subscripts(?, 1) AS n)",
                [created, ids, ids],
            )
            tx.execute(
                "INSERT INTO entries (id, user_id, template, answers, body, mood, energy, entry_date, created_at, "
                "updated_at) SELECT id, user_id, 'checkin', '{}', 'bench', mood, energy, entry_date, ?, ? "
                "FROM bench_entries",
                [created, created],
            )
            tx.execute(
                "INSERT INTO burnout_checkins SELECT id, user_id, taken_on, ?, '{}', personal, work, client "
                "FROM bench_checkins",
                [created],
            )
        group = groups.create_group(db, ids[0], "Bench regroup", now=started).group
        shares = rng.random((members, 2)) < (SHARE_SCORES, SHARE_CHECKINS)
        with db.write() as tx:
            for index, user_id in enumerate(ids):
                if index:
                    row = repo.MemberRow(group.id, user_id, repo.MEMBER, repo.APPROVED, started, False, False, False)
                    repo.insert_member(tx, row)
                repo.set_choices(tx, group.id, user_id, bool(shares[index, 0]), bool(shares[index, 1]), False)
        return SyntheticGroup(
            path=path,
            group_id=group.id,
            facilitator=ids[0],
            members=members,
            weeks=weeks,
            entries=n,
            checkins=len(check_people),
            now=closed,
        )
    finally:
        db.close()
