"""The bench's PostgreSQL side (bench/postgres.py) on a real throwaway cluster: the synthetic rows copied from DuckDB's
file arrive whole, table by table, and DuckDB reading that copy (attached READ_ONLY) gives the rows psycopg does.
Skipped (with the reason) where PostgreSQL's binaries aren't installed; failed in CI."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest

from bench import data
from bench import postgres as bench_postgres
from journal.store import Database
from journal.store import groups as groups_repo
from journal.store import trends as trends_repo
from journal.store.postgres import PostgresDatabase
from journal.together.groups import figures as group_figures
from tests.factories import GROUP_START, synthetic_group
from tests.postgres_cluster import Cluster

TODAY = date(2025, 6, 30)
SMALL = data.Scale("test", heavy_days=30, others=2, other_days=30, light_entries=5)


def duckdb_counts(path: Path) -> dict[str, int]:
    db = Database(path)
    try:
        with db.cursor() as cur:
            tables = [table for table, _ in bench_postgres.tables_of(cur)]
            return {t: cur.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in tables}  # noqa: S608
    finally:
        db.close()


def fresh(server: Cluster, source: Path) -> tuple[str, dict[str, int]]:
    name = server.create_database(template="template0")  # empty: the copy migrates it as Harbour does
    url = server.url(name)
    return url, bench_postgres.copy_database(source, url)


def test_the_copy_carries_every_tables_rows_and_duckdb_reads_it_as_psycopg_does(
    postgres_server: Cluster, tmp_path: Path
) -> None:
    built = data.build(tmp_path / "bench.duckdb", SMALL, today=TODAY)
    expected = duckdb_counts(built.path)
    url, copied = fresh(postgres_server, built.path)
    assert copied == expected == bench_postgres.row_counts(url)
    assert expected["entries"] == built.entries and expected["entry_tags"] == built.tags > 0
    native = PostgresDatabase(url, max_size=1)
    try:
        with bench_postgres.duckdb_reading(url) as scan:
            through_duckdb = trends_repo.daily(scan, built.heavy.id, None, TODAY)
            assert through_duckdb.equals(trends_repo.daily(native, built.heavy.id, None, TODAY))
            assert len(through_duckdb) > 0
            with pytest.raises(Exception, match="read-only"):  # attached READ_ONLY: never a way to write
                scan.execute("DELETE FROM entries")
    finally:
        native.close()


def test_the_peer_groups_copy_is_whole_and_reads_the_same_through_duckdb(
    postgres_server: Cluster, tmp_path: Path
) -> None:
    made = synthetic_group(tmp_path / "group.duckdb", members=12, weeks=3)
    expected = duckdb_counts(made.path)
    url, copied = fresh(postgres_server, made.path)
    assert copied == expected == bench_postgres.row_counts(url)
    assert all(expected[t] > 0 for t in ("users", "entries", "burnout_checkins", "groups", "group_members"))
    first, end, areas = GROUP_START, GROUP_START + timedelta(weeks=made.weeks), list(group_figures.QUADRANTS)
    native = PostgresDatabase(url, max_size=1)
    try:
        with bench_postgres.duckdb_reading(url) as scan:
            for ours, theirs in zip(
                groups_repo.weekly_values(scan, made.group_id, first, end, areas),
                groups_repo.weekly_values(native, made.group_id, first, end, areas),
                strict=True,
            ):
                assert len(ours) == len(theirs) > 0
                assert ours.reset_index(drop=True).equals(theirs.reset_index(drop=True))
    finally:
        native.close()
