"""SQL for trends: every figure is aggregated in the database, so a chart gets only the rows it draws (with the same
column types from DuckDB and PostgreSQL)."""

from __future__ import annotations

from datetime import date

import pandas as pd

from journal.store.db import Handle

SETBACK_TEMPLATE = "setback"

# The month an entry falls in, at midnight on its first day: the same timestamp in both backends (PostgreSQL's
# date_trunc of a DATE would give one with a time zone).
_MONTH = "date_trunc('month', CAST(e.entry_date AS TIMESTAMP))"

DAILY_COLUMNS = ["day", "mood", "energy", "polarity", "entries", "wins", "setbacks"]


# What a person's charts leave out when someone else sees them (a coach they share charts with): a debrief, kept
# for its days and then deleted, is its writer's alone, its scores too. keep_until is set only on debriefs, as the
# group figures use it (journal/store/groups.py).
def _only(shared: bool, alias: str = "") -> str:
    return f" AND {alias}keep_until IS NULL" if shared else ""


def daily(db: Handle, user_id: str, start: date | None, end: date, shared: bool = False) -> pd.DataFrame:
    """One row per day with at least one entry, oldest first (without debriefs when `shared`: for someone else).

    mood, energy and polarity are the day's means (NaN when none was recorded); entries, wins and
    setbacks are counts. `day` is a pandas Timestamp at midnight.
    """
    frame = db.frame(
        "SELECT entry_date AS day, avg(mood) AS mood, avg(energy) AS energy, avg(polarity) AS polarity, "
        "count(*) AS entries, count(*) FILTER (WHERE is_win) AS wins, "
        "count(*) FILTER (WHERE template = ?) AS setbacks "
        f"FROM entries WHERE user_id = ? AND deleted_at IS NULL{_only(shared)} "
        "AND entry_date >= coalesce(?, DATE '0001-01-01') AND entry_date <= ? "
        "GROUP BY entry_date ORDER BY entry_date",
        [SETBACK_TEMPLATE, user_id, start, end],
    )
    frame["day"] = pd.to_datetime(frame["day"])
    for column in ("mood", "energy", "polarity"):
        frame[column] = frame[column].astype("float64")
    for column in ("entries", "wins", "setbacks"):
        frame[column] = frame[column].astype("int64")
    return frame[DAILY_COLUMNS]


def first_entry_date(db: Handle, user_id: str) -> date | None:
    row = db.one("SELECT min(entry_date) FROM entries WHERE user_id = ? AND deleted_at IS NULL", [user_id])
    return row[0] if row else None


def checkins(db: Handle, user_id: str, start: date | None, end: date, shared: bool = False) -> pd.DataFrame:
    """Entries that carry both mood and energy (day, mood, energy), oldest first (no debriefs when `shared`)."""
    frame = db.frame(
        "SELECT entry_date AS day, CAST(mood AS DOUBLE PRECISION) AS mood, CAST(energy AS DOUBLE PRECISION) AS energy "
        "FROM entries "
        f"WHERE user_id = ? AND deleted_at IS NULL{_only(shared)} AND mood IS NOT NULL AND energy IS NOT NULL "
        "AND entry_date >= coalesce(?, DATE '0001-01-01') AND entry_date <= ? ORDER BY entry_date, created_at",
        [user_id, start, end],
    )
    frame["day"] = pd.to_datetime(frame["day"])
    return frame.astype({"mood": "float64", "energy": "float64"})  # PostgreSQL's empty frame has no types of its own


def mood_map_counts(
    db: Handle, user_id: str, start: date | None, end: date, recent_from: date, shared: bool = False
) -> pd.DataFrame:
    """Check-ins counted per (mood, energy) cell, split into Recent and Before: at most 50 rows (no debriefs when
    `shared`)."""
    frame = db.frame(
        "SELECT mood::INTEGER AS mood, energy::INTEGER AS energy, "
        "CASE WHEN entry_date >= ? THEN 'Recent' ELSE 'Before' END AS period, count(DISTINCT entry_date) AS days "
        f"FROM entries WHERE user_id = ? AND deleted_at IS NULL{_only(shared)} "
        "AND mood IS NOT NULL AND energy IS NOT NULL "
        "AND entry_date >= coalesce(?, DATE '0001-01-01') AND entry_date <= ? "
        "GROUP BY 1, 2, 3 ORDER BY period, mood, energy",
        [recent_from, user_id, start, end],
    )
    # DuckDB's types, on PostgreSQL too (an INTEGER is int64 there, and an empty frame has no types of its own)
    return frame.astype({"mood": "int32", "energy": "int32", "days": "int64"})


def monthly_counts(
    db: Handle, user_id: str, start: date | None, end: date, by: str, shared: bool = False
) -> pd.DataFrame:
    """Entries per month per theme ('theme') or per tag ('tag', the 8 most used), or wins per month ('wins'); no
    debriefs when `shared`."""
    base = (
        f"FROM entries e WHERE e.user_id = ? AND e.deleted_at IS NULL{_only(shared, 'e.')} "
        "AND e.entry_date >= coalesce(?, DATE '0001-01-01') AND e.entry_date <= ?"
    )
    params = [user_id, start, end]
    if by == "theme":
        sql = (
            f"SELECT {_MONTH} AS month, e.theme AS theme, count(*) AS entries {base} "
            "AND e.theme IS NOT NULL GROUP BY 1, 2 ORDER BY month, theme"
        )
    elif by == "tag":
        sql = (
            f"WITH tagged AS (SELECT {_MONTH} AS month, t.tag AS tag "
            f"{base.replace('FROM entries e', 'FROM entries e JOIN entry_tags t ON t.entry_id = e.id')}), "
            "top AS (SELECT tag FROM tagged GROUP BY tag ORDER BY count(*) DESC, tag LIMIT 8) "
            "SELECT month, tag, count(*) AS entries FROM tagged WHERE tag IN (SELECT tag FROM top) "
            "GROUP BY month, tag ORDER BY month, tag"
        )
    elif by == "wins":
        sql = f"SELECT {_MONTH} AS month, count(*) AS wins {base} AND e.is_win GROUP BY 1 ORDER BY month"
    else:
        raise ValueError(by)
    frame = db.frame(sql, params)
    frame["month"] = pd.to_datetime(frame["month"])
    return frame.astype({"wins" if by == "wins" else "entries": "int64"})  # a type even when empty, as DuckDB's


def days_with_entries(db: Handle, user_id: str, start: date, end: date) -> int:
    row = db.one(
        "SELECT count(DISTINCT entry_date) FROM entries WHERE user_id = ? AND deleted_at IS NULL "
        "AND entry_date BETWEEN ? AND ?",
        [user_id, start, end],
    )
    assert row is not None  # count() always gives a row
    return int(row[0])


def journal_version(db: Handle, user_id: str) -> tuple:
    """Changes whenever any of this person's entries is written, edited, trashed, restored or removed."""
    row = db.one(
        "SELECT count(*), max(updated_at), coalesce(sum(revision), 0) FROM entries WHERE user_id = ?", [user_id]
    )
    assert row is not None  # an aggregate without GROUP BY always gives a row
    return tuple(row)
