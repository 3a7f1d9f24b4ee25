"""SQL for a person's preferences: one row per setting they have changed, its value as JSON text."""

from __future__ import annotations

from journal.store.db import Handle, rows_of


def read(db: Handle, user_id: str) -> dict[str, str]:
    """Every stored setting of one person, name to raw value (defaults are not stored)."""
    return dict(db.all("SELECT name, value FROM user_settings WHERE user_id = ?", [user_id]))


def write(db: Handle, user_id: str, values: dict[str, str]) -> None:
    """Store several settings at once (one statement): all of them are written, or none."""
    if not values:
        return
    with db.write() as tx:
        tx.execute(
            f"INSERT INTO user_settings (user_id, name, value) VALUES {rows_of(len(values), 3)} "
            "ON CONFLICT (user_id, name) DO UPDATE SET value = excluded.value",
            [v for name, value in values.items() for v in (user_id, name, value)],
        )


def forget(db: Handle, user_id: str, name: str) -> None:
    """Back to its default: in a caller's transaction, so that it goes together with what made it stale."""
    with db.write() as tx:
        tx.execute("DELETE FROM user_settings WHERE user_id = ? AND name = ?", [user_id, name])
