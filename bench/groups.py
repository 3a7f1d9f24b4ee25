"""Bench figures for peer groups: a year of weekly figures for a group of 500, with the raw DuckDB aggregate beside it.

`python -m bench.groups` builds the group in a temporary database and prints both timings. The timed figure is
the whole public path, `groups.week_figures` with all 52 closed weeks still to settle: the checks, the
per-member query, each week's differentially private release (OpenDP), storing it and reading every week back.
Its floor is the per-member query alone (`journal.store.groups.weekly_values`). It reports; it never asserts on time.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
import uuid
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path

import numpy as np
import pyarrow as pa

from journal.store import Database, utcnow
from journal.store import groups as repo
from journal.store.db import registered
from journal.together.groups import membership as groups

MEMBERS = 500
WEEKS = 52
TARGET_MS = 200.0
START = date(2024, 1, 1)  # a Monday: the group begins with the year
SEED = 2024
SHARE_SCORES, SHARE_CHECKINS = 0.85, 0.6  # most share their scores, fewer their check-ins
ENTRIES_PER_DAY = (0.15, 0.6, 0.25)  # chances of writing no entry, one, or two on a day


@dataclass(frozen=True)
class GroupBench:
    path: Path
    group_id: str
    facilitator: str
    members: int
    weeks: int
    entries: int
    checkins: int
    now: datetime  # when every one of the 52 weeks has closed


def build(path: Path, members: int = MEMBERS, weeks: int = WEEKS, *, seed: int = SEED) -> GroupBench:
    """A group of `members`, each with `weeks` of daily mood and energy and a check-in every four weeks."""
    rng = np.random.default_rng(seed)
    db = Database(path)
    try:
        created = utcnow()
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
        dates = np.datetime64(START) + offset.astype("timedelta64[D]")
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
        check_days = [START + timedelta(days=int(d)) for p in range(members) for d in range(first[p], days, 28)]
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
        started = datetime.combine(START, datetime.min.time()) + timedelta(hours=9)
        group = groups.create_group(db, ids[0], "Bench regroup", now=started).group
        shares = rng.random((members, 2)) < (SHARE_SCORES, SHARE_CHECKINS)
        with db.write() as tx:
            for index, user_id in enumerate(ids):
                if index:
                    row = repo.MemberRow(group.id, user_id, repo.MEMBER, repo.APPROVED, started, False, False, False)
                    repo.insert_member(tx, row)
                repo.set_choices(tx, group.id, user_id, bool(shares[index, 0]), bool(shares[index, 1]), False)
        return GroupBench(
            path=path,
            group_id=group.id,
            facilitator=ids[0],
            members=members,
            weeks=weeks,
            entries=n,
            checkins=len(check_people),
            now=datetime.combine(START + timedelta(weeks=weeks), datetime.min.time()) + timedelta(hours=12),
        )
    finally:
        db.close()


def _forget_weeks(db: Database, group_id: str) -> None:
    with db.write() as tx:
        tx.execute("DELETE FROM group_weeks WHERE group_id = ?", [group_id])


def measure(db: Database, bench: GroupBench, runs: int = 15, warmups: int = 2) -> dict[str, list[float]]:
    """Milliseconds per run: 'figures' (every week settled, stored and read back), 'aggregate' (the query alone)
    and 'stored' (reading the weeks once they are kept)."""
    samples: dict[str, list[float]] = {"figures": [], "aggregate": [], "stored": []}
    first, end = START, START + timedelta(weeks=bench.weeks)
    for n in range(warmups + runs):
        _forget_weeks(db, bench.group_id)  # every run starts with every week still to settle
        started = time.perf_counter()
        weeks = groups.week_figures(db, bench.facilitator, bench.group_id, now=bench.now)
        figures = (time.perf_counter() - started) * 1000
        assert len(weeks) == bench.weeks, f"expected {bench.weeks} weeks, got {len(weeks)}"
        started = time.perf_counter()
        groups.week_figures(db, bench.facilitator, bench.group_id, now=bench.now)
        stored = (time.perf_counter() - started) * 1000
        started = time.perf_counter()
        scores, _ = repo.weekly_values(db, bench.group_id, first, end, list(groups.QUADRANTS))
        aggregate = (time.perf_counter() - started) * 1000
        assert scores["week"].nunique() == bench.weeks
        if n >= warmups:
            samples["figures"].append(figures)
            samples["stored"].append(stored)
            samples["aggregate"].append(aggregate)
    return samples


def main(argv: list[str] | None = None) -> int:
    runs = 5 if "--quick" in (argv or sys.argv[1:]) else 15
    with tempfile.TemporaryDirectory(prefix="harbour-bench-groups-") as folder:
        started = time.perf_counter()
        bench = build(Path(folder) / "groups.duckdb")
        print(
            f"A group of {bench.members} members over {WEEKS} weeks: {bench.entries:,} entries and "
            f"{bench.checkins:,} check-ins, built in {time.perf_counter() - started:.1f} s."
        )
        db = Database(bench.path)
        try:
            samples = measure(db, bench, runs=runs)
        finally:
            db.close()
    figures, aggregate, stored = (statistics.median(samples[k]) for k in ("figures", "aggregate", "stored"))
    met = "met" if figures <= TARGET_MS else "NOT met"
    print(f"Weekly group release (differential privacy), all {WEEKS} weeks settled and stored: {figures:.1f} ms")
    print(f"  target ≤ {TARGET_MS:.0f} ms: {met}")
    print(
        f"  the per-member DuckDB query alone: {aggregate:.1f} ms (the whole path is {figures / aggregate:.1f}× that)"
    )
    print(f"  reading the {WEEKS} weeks once kept: {stored:.1f} ms")
    print(f"Medians of {runs} runs after 2 warm-ups.")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
