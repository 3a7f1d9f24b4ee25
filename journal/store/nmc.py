"""SQL for a person's NMC revalidation rows: practice hours, practice-related feedback and reflective discussions
(migration 11 explains each column). Every statement names the owner; each kind goes to a trash first."""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import date, datetime

from journal.store.db import Handle


@dataclass(frozen=True)
class HoursRow:
    id: str
    user_id: str
    started_on: date
    ended_on: date
    hours: int
    organisation: str
    work_setting: str
    scope: str
    description: str
    created_at: datetime
    deleted_at: datetime | None


@dataclass(frozen=True)
class FeedbackRow:
    id: str
    user_id: str
    received_on: date
    source: str
    summary: str
    changed: str
    from_entry_id: str | None
    from_note_id: str | None
    created_at: datetime
    deleted_at: datetime | None


@dataclass(frozen=True)
class DiscussionRow:
    id: str
    user_id: str
    held_on: date
    partner_name: str
    partner_pin: str
    partner_email: str
    coaching_id: str | None
    summary: str
    created_at: datetime
    deleted_at: datetime | None


Row = HoursRow | FeedbackRow | DiscussionRow
# Each kind's table and the column its list is ordered by (newest first); the only table names built into SQL.
_TABLES: dict[type, tuple[str, str]] = {
    HoursRow: ("practice_hours", "started_on"),
    FeedbackRow: ("feedback_notes", "received_on"),
    DiscussionRow: ("reflective_discussions", "held_on"),
}


def _columns(kind: type) -> tuple[str, ...]:
    return tuple(f.name for f in fields(kind))


def _insert(tx: Handle, row: Row) -> None:
    names = _columns(type(row))
    tx.execute(
        f"INSERT INTO {_TABLES[type(row)][0]} ({', '.join(names)}) VALUES ({', '.join('?' * len(names))})",
        [getattr(row, name) for name in names],
    )


def add_hours(db: Handle, row: HoursRow) -> None:
    with db.write() as tx:
        _insert(tx, row)


def add_feedback(db: Handle, row: FeedbackRow) -> bool:
    """Keep feedback; False if the win it grew from isn't one of the owner's entries, or the coach's note isn't
    from the owner's own coaching (checked here, in the same transaction as the insert)."""
    with db.write() as tx:
        if row.from_entry_id and not tx.one(
            "SELECT 1 FROM entries WHERE id = ? AND user_id = ? AND deleted_at IS NULL",
            [row.from_entry_id, row.user_id],
        ):
            return False
        if row.from_note_id and not tx.one(
            "SELECT 1 FROM coach_notes n JOIN coaching c ON c.id = n.coaching_id "
            "WHERE n.id = ? AND n.user_id = ? AND c.user_id = ?",
            [row.from_note_id, row.user_id, row.user_id],
        ):
            return False
        _insert(tx, row)
    return True


def add_discussion(db: Handle, row: DiscussionRow) -> bool:
    """Keep a reflective discussion; False if the coaching named as the partner isn't one of the owner's own."""
    with db.write() as tx:
        if row.coaching_id and not tx.one(
            "SELECT 1 FROM coaching WHERE id = ? AND user_id = ?", [row.coaching_id, row.user_id]
        ):
            return False
        _insert(tx, row)
    return True


def rows(db: Handle, kind: type[Row], user_id: str, *, trashed: bool = False) -> list:
    """The owner's rows of one kind, newest first: the live ones, or (trashed=True) those in the trash."""
    table, day = _TABLES[kind]
    names = _columns(kind)
    state = "IS NOT NULL" if trashed else "IS NULL"
    found = db.all(
        f"SELECT {', '.join(names)} FROM {table} WHERE user_id = ? AND deleted_at {state} "
        f"ORDER BY {day} DESC, created_at DESC, id",
        [user_id],
    )
    return [kind(*r) for r in found]


def set_deleted(db: Handle, kind: type[Row], user_id: str, row_id: str, when: datetime | None) -> bool:
    """Move a row to the trash (a moment) or back out of it (None); False if there was no such change."""
    state = "IS NULL" if when is not None else "IS NOT NULL"
    with db.write() as tx:
        found = tx.one(
            f"UPDATE {_TABLES[kind][0]} SET deleted_at = ? WHERE user_id = ? AND id = ? AND deleted_at {state} "
            "RETURNING id",
            [when, user_id, row_id],
        )
    return found is not None


def delete_for_good(db: Handle, kind: type[Row], user_id: str, row_id: str) -> bool:
    """Delete a row that is in the trash; False if it isn't the owner's or isn't in the trash."""
    with db.write() as tx:
        found = tx.one(
            f"DELETE FROM {_TABLES[kind][0]} WHERE user_id = ? AND id = ? AND deleted_at IS NOT NULL RETURNING id",
            [user_id, row_id],
        )
    return found is not None
