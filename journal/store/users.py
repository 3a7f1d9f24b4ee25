"""SQL for accounts."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import duckdb

from journal.store.db import Database


@dataclass(frozen=True)
class UserRow:
    id: str
    username: str
    username_key: str
    password_hash: str
    is_admin: bool
    created_at: datetime


_COLUMNS = "id, username, username_key, password_hash, is_admin, created_at"


def count(db: Database) -> int:
    with db.cursor() as cur:
        return int(cur.execute("SELECT count(*) FROM users").fetchone()[0])


def find_by_key(db: Database, username_key: str) -> UserRow | None:
    with db.cursor() as cur:
        row = cur.execute(f"SELECT {_COLUMNS} FROM users WHERE username_key = ?", [username_key]).fetchone()
    return UserRow(*row) if row else None


def find_by_id(db: Database, user_id: str) -> UserRow | None:
    with db.cursor() as cur:
        row = cur.execute(f"SELECT {_COLUMNS} FROM users WHERE id = ?", [user_id]).fetchone()
    return UserRow(*row) if row else None


def insert_first_is_admin(db: Database, row: UserRow) -> bool:
    """Insert the account; the very first account becomes the admin. False if the name is taken."""
    try:
        with db.transaction() as cur:
            first = cur.execute("SELECT count(*) = 0 FROM users").fetchone()[0]
            cur.execute(
                f"INSERT INTO users ({_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?)",
                [row.id, row.username, row.username_key, row.password_hash, bool(first), row.created_at],
            )
    except duckdb.ConstraintException:
        return False
    return True


def set_password_hash(db: Database, user_id: str, password_hash: str) -> None:
    with db.transaction() as cur:
        cur.execute("UPDATE users SET password_hash = ? WHERE id = ?", [password_hash, user_id])
