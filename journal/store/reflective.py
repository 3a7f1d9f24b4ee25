"""SQL for the NMC-style reflective accounts a person has prepared. Every statement names the owner."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from journal.store.db import Conflict, Duplicate, Handle


@dataclass(frozen=True)
class ReflectiveAccountRow:
    id: str
    user_id: str
    entry_id: str
    prepared_at: datetime
    code_themes: str  # JSON list of the Code's themes the person ticked


_FIELDS = ("id", "user_id", "entry_id", "prepared_at", "code_themes")
_COLUMNS = ", ".join(_FIELDS)


def record(db: Handle, row: ReflectiveAccountRow) -> bool:
    """Keep a prepared account; False if this id was recorded already (a second click).

    Two clicks at the same moment both find no row: the second insert then collides with the first (DuckDB: a
    Conflict; PostgreSQL: a Duplicate, after waiting for the first), and finding the id recorded it answers False.
    """
    try:
        with db.write() as tx:
            if tx.one("SELECT 1 FROM reflective_accounts WHERE id = ?", [row.id]):
                return False
            tx.execute(
                f"INSERT INTO reflective_accounts ({_COLUMNS}) VALUES ({', '.join('?' * len(_FIELDS))})",
                [getattr(row, name) for name in _FIELDS],
            )
    except (Conflict, Duplicate):
        if owner_of(db, row.id) is None:
            raise
        return False
    return True


def owner_of(db: Handle, account_id: str) -> str | None:
    """The owner of a reflective account id, whoever it is: only for resolving an import."""
    found = db.one("SELECT user_id FROM reflective_accounts WHERE id = ?", [account_id])
    return found[0] if found else None


def for_user(db: Handle, user_id: str, since: datetime | None = None) -> list[ReflectiveAccountRow]:
    """This person's prepared accounts, newest first, optionally only those prepared since a moment."""
    sql = f"SELECT {_COLUMNS} FROM reflective_accounts WHERE user_id = ?"
    params: list[object] = [user_id]
    if since is not None:
        sql += " AND prepared_at >= ?"
        params.append(since)
    rows = db.all(sql + " ORDER BY prepared_at DESC, id", params)
    return [ReflectiveAccountRow(*r) for r in rows]
