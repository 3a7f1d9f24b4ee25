"""Test support: every row of every table, to prove that something changed nothing (or copied everything)."""

from __future__ import annotations

from pathlib import Path

import duckdb

from journal.store import Database
from journal.store.db import httpfs_extension

Rows = dict[str, list[tuple]]


def _read(con: duckdb.DuckDBPyConnection, catalog: str | None) -> Rows:
    where = "WHERE database_name = ?" if catalog else "WHERE database_name = current_database()"
    names = con.execute(
        f"SELECT table_name FROM duckdb_tables() {where} ORDER BY 1", [catalog] if catalog else []
    ).fetchall()
    prefix = f"{catalog}." if catalog else ""
    return {t: sorted(con.execute(f'SELECT * FROM {prefix}"{t}"').fetchall(), key=repr) for (t,) in names}


def every_row(db: Database) -> Rows:
    """All tables, as Harbour's own connection sees them (so tables added later are covered too)."""
    with db.cursor() as cur:
        return _read(cur, None)


def every_row_in_file(path: Path, key: str | None = None) -> Rows:
    """All tables of a database file, read without Harbour (with its key, if encrypted)."""
    con = duckdb.connect(":memory:")
    try:
        options = "READ_ONLY"
        if key is not None:
            con.execute(f"LOAD '{httpfs_extension()}'")
            options += f", ENCRYPTION_KEY '{key.replace(chr(39), chr(39) * 2)}'"
        con.execute(f"ATTACH '{str(path).replace(chr(39), chr(39) * 2)}' AS f ({options})")
        return _read(con, "f")
    finally:
        con.close()
