"""SQL for debriefs: entries with template 'debrief', kept until `entries.keep_until` and then deleted for good.

Every statement names the owner (`user_id = ?`), except `owners_with_expired`, which only finds whose debriefs are
due (for the organisation's nightly job) so that each person's are then deleted by the owner's own statements.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from journal.store.db import Handle, retrying_write

TEMPLATE = "debrief"


@dataclass(frozen=True)
class DebriefRow:
    id: str
    entry_date: date
    keep_until: date | None
    revision: int
    deleted_at: object  # a time when it is in the trash (where it still goes on its day), else None


_COLUMNS = "id, entry_date, keep_until, revision, deleted_at"


def set_keep_until(db: Handle, user_id: str, entry_id: str, day: date) -> bool:
    """Keep one debrief until that day. Its tone is not kept: a raw account is no part of the tone on Trends."""
    with db.write() as tx:
        changed = tx.all(
            "UPDATE entries SET keep_until = ?, polarity = NULL, subjectivity = NULL "
            "WHERE id = ? AND user_id = ? AND template = ? RETURNING id",
            [day, entry_id, user_id, TEMPLATE],
        )
    return bool(changed)


def get(db: Handle, user_id: str, entry_id: str) -> DebriefRow | None:
    """One of the person's debriefs (in the trash too); None for any other entry or anyone else's."""
    found = db.one(
        f"SELECT {_COLUMNS} FROM entries WHERE id = ? AND user_id = ? AND template = ?", [entry_id, user_id, TEMPLATE]
    )
    return DebriefRow(*found) if found else None


def waiting(db: Handle, user_id: str) -> list[DebriefRow]:
    """The person's debriefs not in the trash, the soonest to go first."""
    rows = db.all(
        f"SELECT {_COLUMNS} FROM entries WHERE user_id = ? AND template = ? AND deleted_at IS NULL "
        "ORDER BY keep_until NULLS LAST, entry_date, created_at, id",
        [user_id, TEMPLATE],
    )
    return [DebriefRow(*r) for r in rows]


def _due_ids(db: Handle, user_id: str, today: date) -> list[str]:
    rows = db.all(
        "SELECT id FROM entries WHERE user_id = ? AND template = ? AND keep_until IS NOT NULL AND keep_until < ?",
        [user_id, TEMPLATE, today],
    )
    return [r[0] for r in rows]


def _remove(tx: Handle, user_id: str, ids: list[str]) -> None:
    """The entries and every row that is only about them; rows that are things of their own are unlinked."""
    within = "IN (SELECT unnest(?::VARCHAR[]))"
    for table, column in (
        ("entry_tags", "entry_id"),
        ("drafts", "entry_id"),
        ("entry_people", "entry_id"),
        ("reflective_accounts", "entry_id"),
        ("coach_shared_entries", "entry_id"),
        ("group_wins", "entry_id"),
    ):
        tx.execute(f"DELETE FROM {table} WHERE user_id = ? AND {column} {within}", [user_id, ids])
    tx.execute(f"DELETE FROM check_backs WHERE user_id = ? AND kind = 'entry' AND about_id {within}", [user_id, ids])
    for table, column in (
        ("actions", "entry_id"),
        ("actions", "win_entry_id"),
        ("cpd_activities", "entry_id"),
        ("feedback_notes", "from_entry_id"),
    ):
        tx.execute(f"UPDATE {table} SET {column} = NULL WHERE user_id = ? AND {column} {within}", [user_id, ids])
    tx.execute(f"DELETE FROM entries WHERE user_id = ? AND template = ? AND id {within}", [user_id, TEMPLATE, ids])


def expire(db: Handle, user_id: str, today: date, unset_until: date) -> int:
    """Delete for good the person's debriefs kept until before `today` (in the trash too), with their drafts,
    tags and links, together; a turned one (another template now) only loses its day. A debrief with no day (one
    brought back from a copy of the journal) is kept until `unset_until`; an edited one's tone is not kept. How many
    went."""

    def write(tx: Handle) -> int:
        tx.execute(
            "UPDATE entries SET keep_until = NULL WHERE user_id = ? AND template <> ? AND keep_until IS NOT NULL",
            [user_id, TEMPLATE],
        )
        tx.execute(
            "UPDATE entries SET keep_until = ? WHERE user_id = ? AND template = ? AND keep_until IS NULL",
            [unset_until, user_id, TEMPLATE],
        )
        tx.execute(
            "UPDATE entries SET polarity = NULL, subjectivity = NULL "
            "WHERE user_id = ? AND template = ? AND (polarity IS NOT NULL OR subjectivity IS NOT NULL)",
            [user_id, TEMPLATE],
        )
        ids = _due_ids(tx, user_id, today)
        if ids:
            _remove(tx, user_id, ids)
        return len(ids)

    return retrying_write(db, write)


def owners_with_expired(db: Handle, today: date) -> list[str]:
    """Whose debriefs are due to go (ids only: nothing of anyone's journal), for the nightly job."""
    rows = db.all(
        "SELECT DISTINCT user_id FROM entries WHERE template = ? AND keep_until IS NOT NULL AND keep_until < ? "
        "ORDER BY user_id",
        [TEMPLATE, today],
    )
    return [r[0] for r in rows]
