"""SQL for a person's preferences: one row per setting they have changed, its value as JSON text."""

from __future__ import annotations

import duckdb

from journal.store.db import Database


def read(db: Database, user_id: str) -> dict[str, str]:
    """Every stored setting of one person, name to raw value (defaults are not stored)."""
    with db.cursor() as cur:
        rows = cur.execute("SELECT name, value FROM user_settings WHERE user_id = ?", [user_id]).fetchall()
    return dict(rows)


def write(db: Database, user_id: str, values: dict[str, str]) -> None:
    """Store several settings at once: all of them are written, or none."""
    with db.transaction() as cur:
        cur.executemany(
            "INSERT INTO user_settings (user_id, name, value) VALUES (?, ?, ?) "
            "ON CONFLICT (user_id, name) DO UPDATE SET value = excluded.value",
            [[user_id, name, value] for name, value in values.items()],
        )


def forget(cur: duckdb.DuckDBPyConnection, user_id: str, name: str) -> None:
    """Back to its default: inside a caller's transaction, so it goes together with what made it stale."""
    cur.execute("DELETE FROM user_settings WHERE user_id = ? AND name = ?", [user_id, name])
