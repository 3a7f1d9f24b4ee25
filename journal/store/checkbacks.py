"""SQL for check-backs: look-backs a person planned in their own calendar. Every statement names the owner."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from journal.store.db import Handle


@dataclass(frozen=True)
class CheckBackRow:
    id: str
    user_id: str
    kind: str  # 'entry', 'coaching' or 'group'
    about_id: str  # the entry, coaching or group it is about
    due_on: date
    created_at: datetime
    answered_entry_id: str | None = None  # for 'entry': the follow-up entry made for it
    answered_at: datetime | None = None
    dismissed_at: datetime | None = None


_FIELDS = (
    "id",
    "user_id",
    "kind",
    "about_id",
    "due_on",
    "created_at",
    "answered_entry_id",
    "answered_at",
    "dismissed_at",
)
_COLUMNS = ", ".join(_FIELDS)


def insert(db: Handle, row: CheckBackRow) -> bool:
    """Plan one; the same id again (the same file downloaded twice) changes nothing. True if it was new."""
    with db.write() as tx:
        if tx.one("SELECT 1 FROM check_backs WHERE id = ?", [row.id]) is not None:
            return False
        tx.execute(
            f"INSERT INTO check_backs ({_COLUMNS}) VALUES ({', '.join('?' * len(_FIELDS))})",
            [getattr(row, name) for name in _FIELDS],
        )
    return True


def exists_any_owner(db: Handle, check_back_id: str) -> str | None:
    """The owner of a check-back id, whoever it is: only to tell 'not yours' from 'unknown' kindly."""
    found = db.one("SELECT user_id FROM check_backs WHERE id = ?", [check_back_id])
    return found[0] if found else None


def get(db: Handle, user_id: str, check_back_id: str) -> CheckBackRow | None:
    found = db.one(f"SELECT {_COLUMNS} FROM check_backs WHERE id = ? AND user_id = ?", [check_back_id, user_id])
    return CheckBackRow(*found) if found else None


def answering(db: Handle, user_id: str, entry_id: str) -> CheckBackRow | None:
    """The check-back this entry was made to answer, if any."""
    found = db.one(
        f"SELECT {_COLUMNS} FROM check_backs WHERE user_id = ? AND answered_entry_id = ? ORDER BY id LIMIT 1",
        [user_id, entry_id],
    )
    return CheckBackRow(*found) if found else None


def all_for_user(db: Handle, user_id: str) -> list[CheckBackRow]:
    """One person's check-backs, by due day."""
    rows = db.all(f"SELECT {_COLUMNS} FROM check_backs WHERE user_id = ? ORDER BY due_on, created_at, id", [user_id])
    return [CheckBackRow(*r) for r in rows]


def due(db: Handle, user_id: str, kind: str, on_or_before: date) -> list[CheckBackRow]:
    """Planned for that day or earlier, neither answered nor set aside, oldest first."""
    rows = db.all(
        f"SELECT {_COLUMNS} FROM check_backs WHERE user_id = ? AND kind = ? AND due_on <= ? "
        "AND answered_at IS NULL AND dismissed_at IS NULL ORDER BY due_on, created_at, id",
        [user_id, kind, on_or_before],
    )
    return [CheckBackRow(*r) for r in rows]


def set_answer_entry(db: Handle, user_id: str, check_back_id: str, entry_id: str) -> None:
    with db.write() as tx:
        tx.execute(
            "UPDATE check_backs SET answered_entry_id = ? WHERE id = ? AND user_id = ?",
            [entry_id, check_back_id, user_id],
        )


def set_answered(db: Handle, user_id: str, entry_id: str, when: datetime) -> None:
    """The follow-up entry was saved: the check-back it answers is done (the first save's time is kept)."""
    with db.write() as tx:
        tx.execute(
            "UPDATE check_backs SET answered_at = ? "
            "WHERE user_id = ? AND answered_entry_id = ? AND answered_at IS NULL",
            [when, user_id, entry_id],
        )


def set_dismissed(db: Handle, user_id: str, check_back_id: str, when: datetime) -> None:
    with db.write() as tx:
        tx.execute(
            "UPDATE check_backs SET dismissed_at = ? WHERE id = ? AND user_id = ?", [when, check_back_id, user_id]
        )


def delete_all_for_user(db: Handle, user_id: str) -> None:
    with db.write() as tx:
        tx.execute("DELETE FROM check_backs WHERE user_id = ?", [user_id])
