"""SQL for a person's CPD log (migration 11 explains each column). Every statement names the owner."""

from __future__ import annotations

from dataclasses import astuple, dataclass, fields
from datetime import date, datetime

from journal.store.db import Handle


@dataclass(frozen=True)
class ActivityRow:
    id: str
    user_id: str
    done_on: date
    minutes: int
    participatory: bool
    method: str
    topic: str
    code_theme: str | None
    learning_type: str | None
    learned: str
    entry_id: str | None
    created_at: datetime
    deleted_at: datetime | None


_FIELDS = tuple(f.name for f in fields(ActivityRow))
_COLUMNS = ", ".join(_FIELDS)
_CHANGEABLE = ("done_on", "minutes", "participatory", "method", "topic", "code_theme", "learning_type", "learned")


def insert(db: Handle, row: ActivityRow) -> None:
    with db.write() as tx:
        tx.execute(
            f"INSERT INTO cpd_activities ({_COLUMNS}) VALUES ({', '.join('?' * len(_FIELDS))})", list(astuple(row))
        )


def update(db: Handle, row: ActivityRow) -> bool:
    """Change what an activity says (never its owner, entry or moment made); False if it isn't theirs or is trashed."""
    sets = ", ".join(f"{name} = ?" for name in _CHANGEABLE)
    with db.write() as tx:
        found = tx.one(
            f"UPDATE cpd_activities SET {sets} WHERE user_id = ? AND id = ? AND deleted_at IS NULL RETURNING id",
            [*(getattr(row, name) for name in _CHANGEABLE), row.user_id, row.id],
        )
    return found is not None


def activities(db: Handle, user_id: str, *, trashed: bool = False) -> list[ActivityRow]:
    """Their activities, newest first: the live ones, or (trashed=True) those in the trash."""
    state = "IS NOT NULL" if trashed else "IS NULL"
    rows = db.all(
        f"SELECT {_COLUMNS} FROM cpd_activities WHERE user_id = ? AND deleted_at {state} "
        "ORDER BY done_on DESC, created_at DESC, id",
        [user_id],
    )
    return [ActivityRow(*r) for r in rows]


def activity(db: Handle, user_id: str, activity_id: str) -> ActivityRow | None:
    found = db.one(f"SELECT {_COLUMNS} FROM cpd_activities WHERE user_id = ? AND id = ?", [user_id, activity_id])
    return ActivityRow(*found) if found else None


def set_deleted(db: Handle, user_id: str, activity_id: str, when: datetime | None) -> bool:
    """Move an activity to the trash (a moment) or back out of it (None); False if there was no such change."""
    state = "IS NULL" if when is not None else "IS NOT NULL"
    with db.write() as tx:
        found = tx.one(
            f"UPDATE cpd_activities SET deleted_at = ? WHERE user_id = ? AND id = ? AND deleted_at {state} "
            "RETURNING id",
            [when, user_id, activity_id],
        )
    return found is not None


def delete_for_good(db: Handle, user_id: str, activity_id: str) -> bool:
    """Delete an activity that is in the trash; False if it isn't theirs or isn't in the trash."""
    with db.write() as tx:
        found = tx.one(
            "DELETE FROM cpd_activities WHERE user_id = ? AND id = ? AND deleted_at IS NOT NULL RETURNING id",
            [user_id, activity_id],
        )
    return found is not None
