"""SQL for burnout check-ins (the Copenhagen Burnout Inventory). Every statement names the owner."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from journal.store.db import Handle


@dataclass(frozen=True)
class CheckinRow:
    id: str
    user_id: str
    taken_on: date
    created_at: datetime
    answers: str  # JSON: item id to the answer's value (0–100), as given
    personal: float | None
    work: float | None
    client: float | None


_FIELDS = ("id", "user_id", "taken_on", "created_at", "answers", "personal", "work", "client")
_COLUMNS = ", ".join(_FIELDS)


def insert(db: Handle, row: CheckinRow) -> None:
    with db.write() as tx:
        tx.execute(
            f"INSERT INTO burnout_checkins ({_COLUMNS}) VALUES ({', '.join('?' * len(_FIELDS))})",
            [getattr(row, name) for name in _FIELDS],
        )


def exists_any_owner(db: Handle, checkin_id: str) -> str | None:
    """The owner of a check-in id, whoever it is: only for resolving an unclear save."""
    found = db.one("SELECT user_id FROM burnout_checkins WHERE id = ?", [checkin_id])
    return found[0] if found else None


def get(db: Handle, user_id: str, checkin_id: str) -> CheckinRow | None:
    found = db.one(f"SELECT {_COLUMNS} FROM burnout_checkins WHERE id = ? AND user_id = ?", [checkin_id, user_id])
    return CheckinRow(*found) if found else None


def history(db: Handle, user_id: str) -> list[CheckinRow]:
    """One person's check-ins, oldest first."""
    rows = db.all(
        f"SELECT {_COLUMNS} FROM burnout_checkins WHERE user_id = ? ORDER BY taken_on, created_at, id", [user_id]
    )
    return [CheckinRow(*r) for r in rows]


def latest(db: Handle, user_id: str) -> CheckinRow | None:
    found = db.one(
        f"SELECT {_COLUMNS} FROM burnout_checkins WHERE user_id = ? "
        "ORDER BY taken_on DESC, created_at DESC, id DESC LIMIT 1",
        [user_id],
    )
    return CheckinRow(*found) if found else None
