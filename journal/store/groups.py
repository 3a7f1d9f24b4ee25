"""SQL for peer groups: groups, members and their choices, the wins wall, and frozen weekly figures.

A group holds no one's data of its own. The weekly aggregate reads members' entries and check-ins only for
those approved and sharing that kind of data at the moment it runs; the service stores its differentially
private release once per closed week and never recomputes it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

import numpy as np
import pandas as pd

from journal.store.db import Handle, rows_of

FACILITATOR = "facilitator"
MEMBER = "member"  # as a role: anyone who is not the facilitator
PENDING = "pending"  # as a status: asked to join, not yet approved
APPROVED = "member"  # as a status: approved, so they see the group and may share


@dataclass(frozen=True)
class GroupRow:
    id: str
    name: str
    min_members: int
    code_hash: str
    code_set_at: datetime
    open_wall: bool
    regroup_prompt_id: str | None
    created_at: datetime
    admin_made_only: bool = False  # only accounts the administrator made may join
    regroup_prompt_text: str | None = None  # the facilitator's own regroup prompt, instead of a reviewed one


@dataclass(frozen=True)
class MemberRow:
    group_id: str
    user_id: str
    role: str
    status: str
    joined_at: datetime
    share_scores: bool
    share_checkins: bool
    open_wall: bool
    username: str = ""
    made_by_admin: bool = False  # made by the administrator or the organisation's sign-in, not signed up by its owner


@dataclass(frozen=True)
class WinPostRow:
    id: str
    group_id: str
    user_id: str
    entry_id: str
    posted_at: datetime
    named: bool
    text: str
    username: str = ""


# The name a facilitator sees, and whether the administrator made the account (or it is theirs).
# Vouched for: made by the administrator (or an operator), or by the organisation's sign-in (a person in its own
# directory); not signed up by whoever typed a name. Groups that admit only such accounts can't be filled with
# made-up ones.
_VOUCHED = "(origin IN ('admin', 'organisation') OR is_admin)"
_WHO = "u.username, (u.origin IN ('admin', 'organisation') OR u.is_admin)"
_GROUP = (
    "id", "name", "min_members", "code_hash", "code_set_at", "open_wall", "regroup_prompt_id", "created_at",
    "admin_made_only", "regroup_prompt_text",
)  # fmt: skip
_MEMBER = ("group_id", "user_id", "role", "status", "joined_at", "share_scores", "share_checkins", "open_wall")
_WIN = ("id", "group_id", "user_id", "entry_id", "posted_at", "named", "text")


def _cols(fields: tuple[str, ...], alias: str = "") -> str:
    return ", ".join(f"{alias}{f}" for f in fields)


def _marks(fields: tuple[str, ...]) -> str:
    return ", ".join("?" * len(fields))


# -- groups -----------------------------------------------------------------------------------------
def insert_group(db: Handle, row: GroupRow) -> None:
    with db.write() as tx:
        tx.execute(f"INSERT INTO groups ({_cols(_GROUP)}) VALUES ({_marks(_GROUP)})", [getattr(row, f) for f in _GROUP])


def get_group(db: Handle, group_id: str) -> GroupRow | None:
    found = db.one(f"SELECT {_cols(_GROUP)} FROM groups WHERE id = ?", [group_id])
    return GroupRow(*found) if found else None


def group_by_code_hash(db: Handle, code_hash: str) -> GroupRow | None:
    found = db.one(f"SELECT {_cols(_GROUP)} FROM groups WHERE code_hash = ?", [code_hash])
    return GroupRow(*found) if found else None


def claim_group(db: Handle, group_id: str) -> bool:
    """Take the group's row for the rest of this transaction (an update that changes nothing); False if it's gone.

    A decision read from several members' rows (no facilitator yet, the last one leaving, every request made by the
    administrator) would otherwise hold only in this transaction's snapshot: two transactions could each decide on
    what the other is changing, and both commit. Of two that claim the same group, DuckDB refuses the second at
    once and PostgreSQL makes it wait for the first and then refuses it (a Conflict either way, tried again).
    """
    with db.write() as tx:
        return bool(tx.all("UPDATE groups SET name = name WHERE id = ? RETURNING id", [group_id]))


def set_code(db: Handle, group_id: str, code_hash: str, when: datetime) -> None:
    with db.write() as tx:
        tx.execute("UPDATE groups SET code_hash = ?, code_set_at = ? WHERE id = ?", [code_hash, when, group_id])


def set_min_members(db: Handle, group_id: str, k: int) -> None:
    with db.write() as tx:
        tx.execute("UPDATE groups SET min_members = ? WHERE id = ?", [k, group_id])


def set_regroup_prompt(db: Handle, group_id: str, prompt_id: str | None) -> None:
    """A reviewed regroup prompt (or none), in place of any the facilitator wrote."""
    with db.write() as tx:
        tx.execute(
            "UPDATE groups SET regroup_prompt_id = ?, regroup_prompt_text = NULL WHERE id = ?", [prompt_id, group_id]
        )


def set_regroup_prompt_text(db: Handle, group_id: str, text: str | None) -> None:
    """The facilitator's own regroup prompt, in place of a reviewed one; None takes their words away (only)."""
    with db.write() as tx:
        if text is None:
            tx.execute("UPDATE groups SET regroup_prompt_text = NULL WHERE id = ?", [group_id])
        else:
            tx.execute(
                "UPDATE groups SET regroup_prompt_text = ?, regroup_prompt_id = NULL WHERE id = ?", [text, group_id]
            )


def made_by_admin(db: Handle, user_id: str) -> bool:
    found = db.one(f"SELECT {_VOUCHED} FROM users WHERE id = ?", [user_id])
    return bool(found and found[0])


def app_setting(db: Handle, name: str) -> str | None:
    found = db.one("SELECT value FROM app_settings WHERE name = ?", [name])
    return found[0] if found else None


def set_admin_made_only(db: Handle, group_id: str, on: bool) -> None:
    with db.write() as tx:
        tx.execute("UPDATE groups SET admin_made_only = ? WHERE id = ?", [on, group_id])


def set_group_open_wall(db: Handle, group_id: str, on: bool) -> None:
    with db.write() as tx:
        tx.execute("UPDATE groups SET open_wall = ? WHERE id = ?", [on, group_id])


def delete_group(db: Handle, group_id: str) -> None:
    """A group nobody belongs to any more: its frozen figures and any posts left go with it."""
    with db.write() as tx:
        for table in ("group_weeks", "group_wins", "group_members"):
            tx.execute(f"DELETE FROM {table} WHERE group_id = ?", [group_id])
        tx.execute("DELETE FROM groups WHERE id = ?", [group_id])


# -- members ----------------------------------------------------------------------------------------
def insert_member(db: Handle, row: MemberRow) -> None:
    with db.write() as tx:
        tx.execute(
            f"INSERT INTO group_members ({_cols(_MEMBER)}) VALUES ({_marks(_MEMBER)})",
            [getattr(row, f) for f in _MEMBER],
        )


def membership(db: Handle, group_id: str, user_id: str) -> MemberRow | None:
    found = db.one(
        f"SELECT {_cols(_MEMBER, 'm.')}, {_WHO} FROM group_members m JOIN users u ON u.id = m.user_id "
        "WHERE m.group_id = ? AND m.user_id = ?",
        [group_id, user_id],
    )
    return MemberRow(*found) if found else None


def members(db: Handle, group_id: str) -> list[MemberRow]:
    """Everyone in a group, pending requests included: the facilitator first, then by name."""
    rows = db.all(
        f"SELECT {_cols(_MEMBER, 'm.')}, {_WHO} FROM group_members m JOIN users u ON u.id = m.user_id "
        "WHERE m.group_id = ? ORDER BY m.role = 'facilitator' DESC, m.status, lower(u.username), m.user_id",
        [group_id],
    )
    return [MemberRow(*r) for r in rows]


def groups_of(db: Handle, user_id: str) -> list[tuple[GroupRow, MemberRow]]:
    """The groups a person belongs to or asked to join, by name."""
    rows = db.all(
        f"SELECT {_cols(_GROUP, 'g.')}, {_cols(_MEMBER, 'm.')}, {_WHO} FROM group_members m "
        "JOIN groups g ON g.id = m.group_id JOIN users u ON u.id = m.user_id "
        "WHERE m.user_id = ? ORDER BY lower(g.name), g.id",
        [user_id],
    )
    n = len(_GROUP)
    return [(GroupRow(*r[:n]), MemberRow(*r[n:])) for r in rows]


def approve(db: Handle, group_id: str, user_id: str, when: datetime) -> None:
    with db.write() as tx:
        tx.execute(
            "UPDATE group_members SET status = ?, joined_at = ? WHERE group_id = ? AND user_id = ?",
            [APPROVED, when, group_id, user_id],
        )


def set_role(db: Handle, group_id: str, user_id: str, role: str) -> None:
    with db.write() as tx:
        tx.execute("UPDATE group_members SET role = ? WHERE group_id = ? AND user_id = ?", [role, group_id, user_id])


def set_choices(db: Handle, group_id: str, user_id: str, scores: bool, checkins: bool, open_wall: bool) -> None:
    with db.write() as tx:
        tx.execute(
            "UPDATE group_members SET share_scores = ?, share_checkins = ?, open_wall = ? "
            "WHERE group_id = ? AND user_id = ?",
            [scores, checkins, open_wall, group_id, user_id],
        )


def delete_member(db: Handle, group_id: str, user_id: str) -> None:
    with db.write() as tx:
        tx.execute("DELETE FROM group_members WHERE group_id = ? AND user_id = ?", [group_id, user_id])


def count_members(db: Handle, group_id: str) -> int:
    found = db.one("SELECT count(*) FROM group_members WHERE group_id = ?", [group_id])
    return int(found[0]) if found else 0


def has_facilitator(db: Handle, group_id: str) -> bool:
    found = db.one(
        "SELECT count(*) FROM group_members WHERE group_id = ? AND role = ? AND status = ?",
        [group_id, FACILITATOR, APPROVED],
    )
    return bool(found and int(found[0]) > 0)


# -- the wins wall ----------------------------------------------------------------------------------
def insert_win(db: Handle, row: WinPostRow) -> None:
    with db.write() as tx:
        tx.execute(f"INSERT INTO group_wins ({_cols(_WIN)}) VALUES ({_marks(_WIN)})", [getattr(row, f) for f in _WIN])


def win_posted(db: Handle, group_id: str, user_id: str, entry_id: str) -> bool:
    found = db.one(
        "SELECT count(*) FROM group_wins WHERE group_id = ? AND user_id = ? AND entry_id = ?",
        [group_id, user_id, entry_id],
    )
    return bool(found and int(found[0]) > 0)


def wins(db: Handle, group_id: str, limit: int) -> list[WinPostRow]:
    """The wall, newest first. A poster's name is read only for posts they chose to sign."""
    rows = db.all(
        f"SELECT {_cols(_WIN, 'w.')}, CASE WHEN w.named THEN u.username ELSE '' END FROM group_wins w "
        "LEFT JOIN users u ON u.id = w.user_id WHERE w.group_id = ? ORDER BY w.posted_at DESC, w.id LIMIT ?",
        [group_id, limit],
    )
    # One whole tuple spread: mypy cannot count the columns of `r[:-1]`, so it would take `username` as given twice.
    return [WinPostRow(*(*r[:-1], r[-1] or "")) for r in rows]


def delete_win(db: Handle, group_id: str, user_id: str, post_id: str) -> bool:
    with db.write() as tx:
        found = tx.all(
            "DELETE FROM group_wins WHERE id = ? AND group_id = ? AND user_id = ? RETURNING id",
            [post_id, group_id, user_id],
        )
    return bool(found)


def delete_named_wins(db: Handle, group_id: str, user_id: str) -> None:
    with db.write() as tx:
        tx.execute("DELETE FROM group_wins WHERE group_id = ? AND user_id = ? AND named", [group_id, user_id])


# -- frozen weekly figures --------------------------------------------------------------------------
def stored_weeks(db: Handle, group_id: str) -> list[tuple[date, datetime, str]]:
    """(week_start, computed_at, figures JSON) for every week already worked out, oldest first."""
    rows = db.all(
        "SELECT week_start, computed_at, figures FROM group_weeks WHERE group_id = ? ORDER BY week_start",
        [group_id],
    )
    return [(r[0], r[1], r[2]) for r in rows]


def insert_weeks(db: Handle, group_id: str, when: datetime, weeks: list[tuple[date, str]]) -> None:
    """Store weeks once; a week someone else stored first is left exactly as it is."""
    with db.write() as tx:
        for start in range(0, len(weeks), 200):
            chunk = weeks[start : start + 200]
            tx.execute(
                f"INSERT INTO group_weeks (group_id, week_start, computed_at, figures) VALUES {rows_of(len(chunk), 4)}"
                " ON CONFLICT DO NOTHING",
                [value for week, figures in chunk for value in (group_id, week, when, figures)],
            )


_AREA_COUNTS = 5  # the mood x energy areas a day can fall in (journal.together.groups.figures.QUADRANTS)
_MEMBER_WEEKS = f"""
WITH days AS (  -- one row per member per day: the day's means, so many entries in a day count once (in floating
                -- point: PostgreSQL's avg of an integer is numeric, several times slower, and its halves are exact
                -- either way)
    SELECT e.user_id, CAST(date_trunc('week', CAST(e.entry_date AS TIMESTAMP)) AS DATE) AS week,
           avg(CAST(e.mood AS DOUBLE PRECISION)) AS mood, avg(CAST(e.energy AS DOUBLE PRECISION)) AS energy
    FROM entries e JOIN group_members s ON s.user_id = e.user_id
    WHERE s.group_id = ? AND s.status = 'member' AND s.share_scores
      AND e.deleted_at IS NULL AND e.entry_date >= ? AND e.entry_date < ?
      AND (e.mood IS NOT NULL OR e.energy IS NOT NULL)
      AND e.keep_until IS NULL  -- a debrief (kept for its days, then deleted) stays its writer's alone
    GROUP BY e.user_id, e.entry_date
),
areas AS (  -- a day's means to the nearest scale point, halves up, as the personal charts do; no area without both
    SELECT week, user_id, mood, energy,
        CASE WHEN m IS NULL OR en IS NULL THEN NULL
             WHEN en = 3 OR m = 3 THEN 'middle'
             WHEN en > 3 AND m > 3 THEN 'high_pleasant' WHEN en > 3 THEN 'high_unpleasant'
             WHEN m < 3 THEN 'low_unpleasant' ELSE 'low_pleasant' END AS area
    FROM (SELECT week, user_id, mood, energy, floor(mood + 0.5) AS m, floor(energy + 0.5) AS en FROM days) AS rounded
)
SELECT week, user_id, avg(mood) AS mood, avg(energy) AS energy,
       {", ".join(f"count(*) FILTER (WHERE area = ?) AS area_{n}" for n in range(_AREA_COUNTS))}
FROM areas GROUP BY week, user_id ORDER BY week, user_id
"""  # noqa: S608 - the f-string adds only placeholders; one aggregation pass: PostgreSQL's windowed ranking of
# areas spilled to disk and took most of half a second for a group of 500 over a year


def _most_common_area(counts: pd.DataFrame, areas: list[str]) -> pd.Series:
    """Each row's most common area (the first of `areas` on a tie), or None on a week with no day in any."""
    values = counts.to_numpy(dtype="int64")
    if values.size == 0:
        return pd.Series([], dtype="str", index=counts.index)
    picked = np.asarray(areas, dtype=object)[values.argmax(axis=1)]  # argmax gives the first of equal counts
    return pd.Series(np.where(values.max(axis=1) > 0, picked, None), index=counts.index, dtype="str")


_SCALES = ("personal", "work", "client")
_CHECKIN_WEEKS = """
SELECT CAST(date_trunc('week', CAST(c.taken_on AS TIMESTAMP)) AS DATE) AS week, c.user_id,
       avg(c.personal) AS personal, avg(c.work) AS work, avg(c.client) AS client
FROM burnout_checkins c JOIN group_members m ON m.user_id = c.user_id
WHERE m.group_id = ? AND m.status = 'member' AND m.share_checkins AND c.taken_on >= ? AND c.taken_on < ?
GROUP BY 1, 2 ORDER BY 1, 2
"""


def weekly_values(
    db: Handle, group_id: str, first: date, end: date, areas: list[str]
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """One row per sharing member per week, for the weeks from `first` to before `end`.

    (week, user_id, mood, energy, area) from those sharing scores, each member's weekly means and most common
    area (`areas` in order of preference for ties); and (week, user_id, personal, work, client) from those
    sharing check-ins. Exact values: only the weekly release reads them, and it stores only noisy figures.
    """
    if len(areas) != _AREA_COUNTS:
        raise ValueError(f"expected {_AREA_COUNTS} areas, got {len(areas)}")
    with db.read() as snapshot:
        counted = snapshot.frame(_MEMBER_WEEKS, [group_id, first, end, *areas])
        checkins = snapshot.frame(_CHECKIN_WEEKS, [group_id, first, end])
    area_columns = [f"area_{n}" for n in range(_AREA_COUNTS)]
    scores = counted.drop(columns=area_columns)
    scores["area"] = _most_common_area(counted[area_columns], areas)
    for frame in (scores, checkins):
        frame["week"] = pd.to_datetime(frame["week"]).dt.date
    # Floats in both backends, even with no rows or every value NULL (PostgreSQL's frame then has no types)
    return scores.astype({"mood": "float64", "energy": "float64"}), checkins.astype(dict.fromkeys(_SCALES, "float64"))


def open_wall_days(db: Handle, group_id: str, first: date, end: date) -> pd.DataFrame:
    """(user_id, username, day, mood) for approved members who chose the open wall: each day's mean mood."""
    frame = db.frame(
        "SELECT m.user_id, u.username, e.entry_date AS day, avg(e.mood) AS mood FROM group_members m "
        "JOIN users u ON u.id = m.user_id JOIN entries e ON e.user_id = m.user_id "
        "WHERE m.group_id = ? AND m.status = 'member' AND m.open_wall AND e.deleted_at IS NULL "
        "AND e.mood IS NOT NULL AND e.entry_date >= ? AND e.entry_date < ? "
        "AND e.keep_until IS NULL "  # never a debrief's
        "GROUP BY m.user_id, u.username, e.entry_date ORDER BY day, m.user_id",
        [group_id, first, end],
    )
    frame["day"] = pd.to_datetime(frame["day"]).dt.date
    return frame.astype({"mood": "float64"})
