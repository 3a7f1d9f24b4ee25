"""Bench figures for bringing history in and taking it out: a ten-year Daylio import, a ten-year JSON export."""

from __future__ import annotations

import csv
import io
import random
import time
from collections.abc import Callable
from datetime import date, timedelta

from journal import accounts
from journal.accounts import User
from journal.content.library import library
from journal.portability import harbour_json as exchange
from journal.portability import importing
from journal.store import Database
from journal.store import entries as entries_repo

DAYLIO_ROWS = 3650
IMPORT_TARGET_MS = 3000.0  # preview and commit together
EXPORT_TARGET_MS = 2000.0
HEADER = ["full_date", "date", "weekday", "time", "mood", "activities", "note_title", "note"]
MOODS = ["rad", "good", "meh", "bad", "awful", "tired but ok"]  # one renamed mood, mapped by hand
ACTIVITIES = ["work", "family", "friends", "sport", "reading", "walk", "rest", "night shift", "1-to-1", "training"]
NOTES = [
    "Long shift, but the handover went well and <b>Sam</b> stayed to help.",
    "Felt stretched thin today.<br>Remembered to take a proper break, which helped.",
    'Team meeting: we finally agreed the rota, comma, semicolon; and a "quoted" word.',
    "A quiet day. Walked home the long way &amp; listened to the river.",
    "Setback with the audit, but I know what to do next.\nTomorrow: ask for help early.",
]


def daylio_csv(rows: int = DAYLIO_ROWS, *, seed: int = 7, today: date | None = None) -> bytes:
    """A Daylio export of `rows` days up to today: HTML in notes, renamed moods, empty activities."""
    rng = random.Random(seed)
    today = today or date.today()
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(HEADER)
    for n in range(rows):
        day = today - timedelta(days=n)
        hour, minute = rng.randint(6, 23), rng.randint(0, 59)
        clock = f"{(hour - 1) % 12 + 1}:{minute:02d} {'am' if hour < 12 else 'pm'}"
        activities = " | ".join(rng.sample(ACTIVITIES, rng.randint(0, 3)))
        note = " ".join(rng.choice(NOTES) for _ in range(rng.randint(1, 3)))
        title = rng.choice(["", "", "Shift", "A good one"])
        writer.writerow(
            [
                day.isoformat(),
                day.strftime("%B %-d"),
                day.strftime("%A"),
                clock,
                rng.choice(MOODS),
                activities,
                title,
                note,
            ]
        )
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def _timed(fn: Callable[..., object], *args: object) -> tuple[float, object]:
    started = time.perf_counter()
    value = fn(*args)
    return time.perf_counter() - started, value


def measure(db: Database, heavy: User, runs: int) -> dict[str, list[float]]:
    """Seconds per run for each step; each import goes into a fresh account, as a newcomer's would."""
    lib = library()
    payload = daylio_csv()
    moods = {label: level for label, level in zip(MOODS, [5, 4, 3, 2, 1, 3], strict=True)}
    samples: dict[str, list[float]] = {k: [] for k in ("parse", "preview", "commit", "import", "export", "floor")}
    for n in range(runs):
        person = accounts.create_account(db, f"bench importer {time.time_ns()} {n}", "a long enough passphrase")
        parse_s, pending = _timed(importing.read, "daylio", payload, "daylio_export.csv")
        preview_s, preview = _timed(importing.preview, db, person.id, pending, moods, lib)
        commit_s, result = _timed(importing.commit, db, person.id, pending, moods, lib)
        assert result.entries == preview.new > 0, "the bench import wrote nothing: the figure would mean nothing"
        samples["parse"].append(parse_s)
        samples["preview"].append(preview_s)
        samples["commit"].append(commit_s)
        samples["import"].append(parse_s + preview_s + commit_s)
        export_s, text = _timed(exchange.export_json, db, heavy.id)
        samples["export"].append(export_s)
        floor_s, rows = _timed(entries_repo.all_for_user, db, heavy.id)
        samples["floor"].append(floor_s)
        assert rows and len(text) > 1000
    return samples
