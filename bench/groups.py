"""Bench figures for peer groups: a year of weekly figures for a group of 500, with the raw DuckDB aggregate beside it.

`python -m bench.groups` builds the group (tests/factories.py's `synthetic_group`) in a temporary database and
prints both timings. The timed figure is the whole public path, `group_figures.week_figures` with all 52 closed weeks
still to settle: the checks, the per-member query, each week's differentially private release (OpenDP), storing
it and reading every week back.
Its floor is the per-member query alone (`journal.store.groups.weekly_values`). It reports; it never asserts on time.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

from journal.store import Database
from journal.store import groups as repo
from journal.together.groups import figures as group_figures
from tests.factories import GROUP_START, GROUP_WEEKS, SyntheticGroup, synthetic_group

TARGET_MS = 200.0


def _forget_weeks(db: Database, group_id: str) -> None:
    with db.write() as tx:
        tx.execute("DELETE FROM group_weeks WHERE group_id = ?", [group_id])


def measure(db: Database, bench: SyntheticGroup, runs: int = 15, warmups: int = 2) -> dict[str, list[float]]:
    """Milliseconds per run: 'figures' (every week settled, stored and read back), 'aggregate' (the query alone)
    and 'stored' (reading the weeks once they are kept)."""
    samples: dict[str, list[float]] = {"figures": [], "aggregate": [], "stored": []}
    first, end = GROUP_START, GROUP_START + timedelta(weeks=bench.weeks)
    for n in range(warmups + runs):
        _forget_weeks(db, bench.group_id)  # every run starts with every week still to settle
        started = time.perf_counter()
        weeks = group_figures.week_figures(db, bench.facilitator, bench.group_id, now=bench.now)
        figures = (time.perf_counter() - started) * 1000
        assert len(weeks) == bench.weeks, f"expected {bench.weeks} weeks, got {len(weeks)}"
        started = time.perf_counter()
        group_figures.week_figures(db, bench.facilitator, bench.group_id, now=bench.now)
        stored = (time.perf_counter() - started) * 1000
        started = time.perf_counter()
        scores, _ = repo.weekly_values(db, bench.group_id, first, end, list(group_figures.QUADRANTS))
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
        bench = synthetic_group(Path(folder) / "groups.duckdb")
        print(
            f"A group of {bench.members} members over {GROUP_WEEKS} weeks: {bench.entries:,} entries and "
            f"{bench.checkins:,} check-ins, built in {time.perf_counter() - started:.1f} s."
        )
        db = Database(bench.path)
        try:
            samples = measure(db, bench, runs=runs)
        finally:
            db.close()
    figures, aggregate, stored = (statistics.median(samples[k]) for k in ("figures", "aggregate", "stored"))
    met = "met" if figures <= TARGET_MS else "NOT met"
    print(f"Weekly group release (differential privacy), all {GROUP_WEEKS} weeks settled and stored: {figures:.1f} ms")
    print(f"  target ≤ {TARGET_MS:.0f} ms: {met}")
    print(
        f"  the per-member DuckDB query alone: {aggregate:.1f} ms (the whole path is {figures / aggregate:.1f}× that)"
    )
    print(f"  reading the {GROUP_WEEKS} weeks once kept: {stored:.1f} ms")
    print(f"Medians of {runs} runs after 2 warm-ups.")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
