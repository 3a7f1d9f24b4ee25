"""The bench on PostgreSQL: a throwaway cluster on loopback with crash-safe settings, the same synthetic rows as the
DuckDB run copied into it, and DuckDB's postgres extension (attached READ_ONLY) timed against psycopg on the
heaviest reads.

The cluster is tests/postgres_cluster.py's with `durable=True` (fsync, synchronous commit and full-page writes on,
as a real server has them): a save's figure includes its flush to disk. The schema is made by Harbour's own
migrations (open_store), then every table of the DuckDB file is copied over with COPY and the database ANALYZEd.

The postgres extension comes from PyPI (duckdb-extension-postgres-scanner, pinned to duckdb's version in
requirements-dev.txt: the bench alone uses it); nothing is downloaded at run time.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import duckdb
import psycopg

from journal.store import Database
from journal.store.db import Connection, packaged_extension, sql_literal
from journal.store.opening import open_store
from tests import postgres_cluster

BATCH = 10_000  # rows fetched from DuckDB at a time while copying
SHOWN = ("server_version", "fsync", "synchronous_commit", "full_page_writes", "shared_buffers")


def unavailable() -> str | None:
    """Why the bench can't run on PostgreSQL here (one line), or None when it can."""
    return postgres_cluster.binaries_missing()


@contextmanager
def cluster() -> Iterator[postgres_cluster.Cluster]:
    """A durable throwaway cluster for the block, always stopped (and its folder removed) afterwards."""
    server = postgres_cluster.start_cluster(durable=True)
    try:
        yield server
    finally:
        server.stop("fast")


def tables_of(cur: duckdb.DuckDBPyConnection) -> list[tuple[str, list[str]]]:
    """Harbour's tables in the open DuckDB database and their columns in order (not schema_migrations: the copy's
    own migrations fill it)."""
    rows = cur.execute(
        "SELECT c.table_name, c.column_name FROM information_schema.columns c "
        "JOIN information_schema.tables t ON t.table_catalog = c.table_catalog AND t.table_schema = c.table_schema "
        "AND t.table_name = c.table_name "
        "WHERE t.table_catalog = current_database() AND t.table_schema = current_schema() "
        "AND t.table_type = 'BASE TABLE' AND t.table_name <> 'schema_migrations' "
        "ORDER BY c.table_name, c.ordinal_position"
    ).fetchall()
    found: dict[str, list[str]] = {}
    for table, column in rows:
        found.setdefault(table, []).append(column)
    return list(found.items())


def copy_database(source: Path, url: str) -> dict[str, int]:
    """Every table of the DuckDB file `source` into the PostgreSQL database at `url` (migrated here first), then
    ANALYZE; the number of rows copied per table."""
    open_store(path=source, key=None, backup_dir=None, url=url).close()  # the schema, by Harbour's migrations
    counts: dict[str, int] = {}
    db = Database(source)
    try:
        with db.cursor() as cur, psycopg.connect(url) as pg:
            for table, columns in tables_of(cur):
                names = ", ".join(columns)
                cur.execute(f"SELECT {names} FROM {table}")  # noqa: S608 (names from the catalogue)
                copied = 0
                with pg.cursor() as out, out.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
                    while batch := cur.fetchmany(BATCH):
                        for row in batch:
                            copy.write_row(row)
                        copied += len(batch)
                counts[table] = copied
            pg.commit()
            pg.autocommit = True
            pg.execute("ANALYZE")
    finally:
        db.close()
    return counts


def new_database(server: postgres_cluster.Cluster, name: str, source: Path) -> tuple[str, dict[str, int]]:
    """A fresh database `name` in `server` holding a copy of the DuckDB file `source`: its URL and row counts."""
    with psycopg.connect(server.url(), autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    url = server.url(name)
    return url, copy_database(source, url)


def row_counts(url: str) -> dict[str, int]:
    """Rows per Harbour table in the PostgreSQL database at `url` (schema_migrations left out)."""
    with psycopg.connect(url, autocommit=True) as pg:
        tables = [
            row[0]
            for row in pg.execute(
                "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() "
                "AND table_type = 'BASE TABLE' AND table_name <> 'schema_migrations' ORDER BY table_name"
            ).fetchall()
        ]
        return {t: int(pg.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0]) for t in tables}  # type: ignore[index]  # noqa: S608


def settings(url: str) -> dict[str, object]:
    """The server's version and the settings that bear on the figures, for the results."""
    with psycopg.connect(url, autocommit=True) as pg:
        shown = {name: pg.execute(f"SHOW {name}").fetchone() for name in SHOWN}
    version = shown.pop("server_version")
    return {"version": version[0] if version else None, "settings": {k: v[0] if v else None for k, v in shown.items()}}


def extension() -> Path:
    """The postgres extension file from the duckdb-extension-postgres-scanner package, for this duckdb."""
    path = packaged_extension("duckdb_extension_postgres_scanner", "postgres_scanner")
    if path is None:
        raise RuntimeError(
            f"DuckDB reading PostgreSQL needs duckdb-extension-postgres-scanner=={duckdb.__version__}: "
            "pip install -r requirements-dev.txt"
        )
    return path


class _OnPostgres(Connection):
    """A DuckDB Handle whose every cursor starts in the attached PostgreSQL database (USE is not inherited)."""

    @contextmanager
    def cursor(self) -> Iterator[duckdb.DuckDBPyConnection]:
        with super().cursor() as cur:
            cur.execute("USE pg")
            yield cur


@contextmanager
def duckdb_reading(url: str) -> Iterator[Connection]:
    """A store Handle whose SQL DuckDB runs over the PostgreSQL database at `url`, attached READ_ONLY (its tables
    are the unqualified names, so the store's own functions run unchanged). Never fetches anything."""
    con = duckdb.connect(
        ":memory:", config={"autoinstall_known_extensions": "false", "autoload_known_extensions": "false"}
    )
    try:
        con.execute(f"LOAD {sql_literal(str(extension()))}")
        con.execute(f"ATTACH {sql_literal(url)} AS pg (TYPE postgres, READ_ONLY)")
        yield _OnPostgres(con)
    finally:
        con.close()
