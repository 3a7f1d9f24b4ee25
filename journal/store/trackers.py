"""SQL for personal trackers and their days. Every statement names the owner, so nobody reads or changes another
person's trackers."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

import pandas as pd

from journal.store.db import Handle, rows_of


@dataclass(frozen=True)
class TrackerRow:
    id: str
    user_id: str
    name: str
    kind: str  # 'yes_no' or 'scale'
    low_label: str | None  # a scale's words for 1
    high_label: str | None  # a scale's words for 5
    position: int
    created_at: datetime
    retired_at: datetime | None  # put away: its days are kept and it can be brought back


_FIELDS = ("id", "user_id", "name", "kind", "low_label", "high_label", "position", "created_at", "retired_at")
_COLUMNS = ", ".join(_FIELDS)


def all_for(db: Handle, user_id: str) -> list[TrackerRow]:
    """Every tracker of this person, live ones first in their order, then those put away (latest first)."""
    rows = db.all(
        f"SELECT {_COLUMNS} FROM trackers WHERE user_id = ? "
        "ORDER BY retired_at IS NOT NULL, retired_at DESC, position, created_at, id",
        [user_id],
    )
    return [TrackerRow(*r) for r in rows]


def get(db: Handle, user_id: str, tracker_id: str) -> TrackerRow | None:
    """One tracker, only if it is this person's."""
    row = db.one(f"SELECT {_COLUMNS} FROM trackers WHERE user_id = ? AND id = ?", [user_id, tracker_id])
    return TrackerRow(*row) if row else None


def live_count(db: Handle, user_id: str) -> int:
    row = db.one("SELECT count(*) FROM trackers WHERE user_id = ? AND retired_at IS NULL", [user_id])
    assert row is not None  # count() always gives a row
    return int(row[0])


def next_position(db: Handle, user_id: str) -> int:
    row = db.one("SELECT coalesce(max(position), -1) + 1 FROM trackers WHERE user_id = ?", [user_id])
    assert row is not None
    return int(row[0])


def insert(db: Handle, row: TrackerRow) -> None:
    with db.write() as tx:
        tx.execute(
            f"INSERT INTO trackers ({_COLUMNS}) VALUES ({', '.join('?' * len(_FIELDS))})",
            [getattr(row, name) for name in _FIELDS],
        )


def rename(db: Handle, user_id: str, tracker_id: str, name: str, low: str | None, high: str | None) -> None:
    with db.write() as tx:
        tx.execute(
            "UPDATE trackers SET name = ?, low_label = ?, high_label = ? WHERE user_id = ? AND id = ?",
            [name, low, high, user_id, tracker_id],
        )


def set_positions(db: Handle, user_id: str, order: list[str]) -> None:
    """Each tracker's position as its place in `order` (this person's trackers only), in one transaction."""
    with db.write() as tx:
        for position, tracker_id in enumerate(order):
            tx.execute("UPDATE trackers SET position = ? WHERE user_id = ? AND id = ?", [position, user_id, tracker_id])


def set_retired(db: Handle, user_id: str, tracker_id: str, retired_at: datetime | None, position: int) -> None:
    with db.write() as tx:
        tx.execute(
            "UPDATE trackers SET retired_at = ?, position = ? WHERE user_id = ? AND id = ?",
            [retired_at, position, user_id, tracker_id],
        )


def record(db: Handle, user_id: str, tracker_id: str, day: date, value: int, now: datetime) -> None:
    """Keep a day's value (replacing any earlier one for that day)."""
    record_many(db, user_id, [(tracker_id, day, value)], now)


_UPSERT = (
    "INSERT INTO tracker_days (user_id, tracker_id, day, value, updated_at) VALUES {} "
    "ON CONFLICT (tracker_id, day) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at"
)
_CHUNK = 500  # rows a statement, so its parameters stay well within either backend's limit


def record_many(db: Handle, user_id: str, rows: list[tuple[str, date, int]], now: datetime) -> None:
    """Many (tracker id, day, value) at once, each replacing any earlier value for its day, in one transaction."""
    with db.write() as tx:
        for start in range(0, len(rows), _CHUNK):
            chunk = rows[start : start + _CHUNK]
            tx.execute(
                _UPSERT.format(rows_of(len(chunk), 5)),
                [v for tracker_id, day, value in chunk for v in (user_id, tracker_id, day, value, now)],
            )


def delete_all_for_user(db: Handle, user_id: str) -> None:
    """Every tracker and tracker day of one person, together (the demo's refresh)."""
    with db.write() as tx:
        tx.execute("DELETE FROM tracker_days WHERE user_id = ?", [user_id])
        tx.execute("DELETE FROM trackers WHERE user_id = ?", [user_id])


def clear(db: Handle, user_id: str, tracker_id: str, day: date) -> None:
    with db.write() as tx:
        tx.execute(
            "DELETE FROM tracker_days WHERE user_id = ? AND tracker_id = ? AND day = ?", [user_id, tracker_id, day]
        )


def values_on(db: Handle, user_id: str, day: date) -> dict[str, int]:
    """Tracker id to value, for one day of this person's."""
    return {
        tracker_id: int(value)
        for tracker_id, value in db.all(
            "SELECT tracker_id, value FROM tracker_days WHERE user_id = ? AND day = ?", [user_id, day]
        )
    }


def days_count(db: Handle, user_id: str, tracker_id: str) -> int:
    row = db.one("SELECT count(*) FROM tracker_days WHERE user_id = ? AND tracker_id = ?", [user_id, tracker_id])
    assert row is not None
    return int(row[0])


DAYS_COLUMNS = ["tracker_id", "day", "value"]


def days(db: Handle, user_id: str) -> pd.DataFrame:
    """Every day's value of every tracker of this person (tracker_id, day, value), oldest first: for exports."""
    frame = db.frame(
        "SELECT tracker_id, day, value FROM tracker_days WHERE user_id = ? ORDER BY day, tracker_id", [user_id]
    )
    return frame.astype({"value": "int64"})[DAYS_COLUMNS]


BESIDE_COLUMNS = [*_FIELDS, "day", "value", "mood", "energy"]


def beside_mood_energy(db: Handle, user_id: str, start: date | None, end: date) -> pd.DataFrame:
    """In one query, for Trends: each tracker of this person (in the order all_for gives) with each of its days in the
    range and that day's mean mood and mean energy; a tracker without days in the range has one row with no day, and
    mood and energy are NaN on a day without them."""
    frame = db.frame(
        f"SELECT {', '.join('tr.' + f for f in _FIELDS)}, t.day, CAST(t.value AS DOUBLE PRECISION) AS value, "
        "CAST(d.mood AS DOUBLE PRECISION) AS mood, CAST(d.energy AS DOUBLE PRECISION) AS energy "
        "FROM trackers tr LEFT JOIN tracker_days t ON t.tracker_id = tr.id AND t.user_id = tr.user_id "
        "AND t.day >= coalesce(?, DATE '0001-01-01') AND t.day <= ? "
        "LEFT JOIN ("
        "  SELECT entry_date, avg(mood) AS mood, avg(energy) AS energy FROM entries "
        "  WHERE user_id = ? AND deleted_at IS NULL AND entry_date >= coalesce(?, DATE '0001-01-01') "
        "  AND entry_date <= ? GROUP BY entry_date"
        ") d ON d.entry_date = t.day "
        "WHERE tr.user_id = ? "
        "ORDER BY tr.retired_at IS NOT NULL, tr.retired_at DESC, tr.position, tr.created_at, tr.id, t.day",
        [start, end, user_id, start, end, user_id],
    )
    return frame.astype({"value": "float64", "mood": "float64", "energy": "float64"})[BESIDE_COLUMNS]
