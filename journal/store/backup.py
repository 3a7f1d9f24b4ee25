"""Consistent copies of the live database, taken through its own connection."""

from __future__ import annotations

from pathlib import Path

from journal.store.db import Database, StoreError


def copy_to(db: Database, target: Path) -> Path:
    """Copy every table into a new database file at `target`, in one consistent snapshot."""
    if target.exists():
        raise StoreError(f"{target} already exists; Harbour never overwrites a backup.")
    target.parent.mkdir(parents=True, exist_ok=True)
    with db.cursor() as cur:
        source = cur.execute("SELECT current_database()").fetchone()[0]
        # ATTACH takes no parameters; the path is quoted as an SQL string literal.
        literal = "'" + str(target).replace("'", "''") + "'"
        cur.execute(f"ATTACH {literal} AS harbour_backup")
        try:
            cur.execute(f'COPY FROM DATABASE "{source}" TO harbour_backup')
        finally:
            cur.execute("DETACH harbour_backup")
    return target
