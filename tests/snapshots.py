"""Test support: every row of every table, to prove that something changed nothing (or copied everything)."""

from __future__ import annotations

from pathlib import Path

import duckdb

from journal.store import Handle
from journal.store.db import Connection, httpfs_extension

Rows = dict[str, list[tuple]]


def _read(db: Handle, catalog: str | None) -> Rows:
    # The catalogue both backends have; the schema is DuckDB's `main` or PostgreSQL's `public` (current_schema()).
    here = "table_catalog = current_database() AND table_schema = current_schema()"
    where = "table_catalog = ? AND table_schema = 'main'" if catalog else here
    names = db.all(
        f"SELECT table_name FROM information_schema.tables WHERE table_type = 'BASE TABLE' AND {where} ORDER BY 1",
        [catalog] if catalog else [],
    )
    prefix = f"{catalog}." if catalog else ""
    return {t: sorted(db.all(f'SELECT * FROM {prefix}"{t}"'), key=repr) for (t,) in names}


def every_row(db: Handle) -> Rows:
    """All tables, as Harbour's own connection sees them (so tables added later are covered too), in one snapshot:
    DuckDB's file or PostgreSQL's database."""
    with db.read() as snapshot:
        return _read(snapshot, None)


def every_row_in_file(path: Path, key: str | None = None) -> Rows:
    """All tables of a database file, read without Harbour (with its key, if encrypted)."""
    con = duckdb.connect(":memory:")
    try:
        options = "READ_ONLY"
        if key is not None:
            con.execute(f"LOAD '{httpfs_extension()}'")
            options += f", ENCRYPTION_KEY '{key.replace(chr(39), chr(39) * 2)}'"
        con.execute(f"ATTACH '{str(path).replace(chr(39), chr(39) * 2)}' AS f ({options})")
        return _read(Connection(con), "f")
    finally:
        con.close()
