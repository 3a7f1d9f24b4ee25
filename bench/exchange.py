"""Bench figures for bringing history in and taking it out: a ten-year Daylio import, a ten-year JSON export."""

from __future__ import annotations

import time
from collections.abc import Callable

from journal import accounts, clock
from journal.accounts import User
from journal.content.library import library
from journal.portability import harbour_json as exchange
from journal.portability import importing
from journal.store import Database
from journal.store import entries as entries_repo
from tests.factories import DAYLIO_MOODS, PASSWORD, daylio_csv

IMPORT_TARGET_MS = 3000.0  # preview and commit together
EXPORT_TARGET_MS = 2000.0


def _timed(fn: Callable[..., object], *args: object) -> tuple[float, object]:
    started = time.perf_counter()
    value = fn(*args)
    return time.perf_counter() - started, value


def measure(db: Database, heavy: User, runs: int) -> dict[str, list[float]]:
    """Seconds per run for each step; each import goes into a fresh account, as a newcomer's would."""
    lib = library()
    payload = daylio_csv(today=clock.today())  # ten years up to the real today, as a newcomer would bring
    moods = {label: level for label, level in zip(DAYLIO_MOODS, [5, 4, 3, 2, 1, 3], strict=True)}
    samples: dict[str, list[float]] = {k: [] for k in ("parse", "preview", "commit", "import", "export", "floor")}
    for n in range(runs):
        person = accounts.create_account(db, f"bench importer {time.time_ns()} {n}", PASSWORD)
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
