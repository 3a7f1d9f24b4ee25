"""SQL for coaching: invitations, relationships and their scope, shared entries, the access log and the record.

Every row names both people: `user_id` is the mentee, `coach_id` the coach. Reads for a coach join the live
relationship in the same statement, so a relationship ended or a scope turned off a moment ago shows nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from journal.store.db import Conflict, Duplicate, Handle, Row, retrying_write
from journal.store.entries import Summary

SCOPES = ("share_charts", "share_checkins", "share_wins", "share_entries", "share_people")


@dataclass(frozen=True)
class InviteRow:
    created_at: datetime
    expires_at: datetime


@dataclass(frozen=True)
class CoachingRow:
    id: str
    user_id: str  # the mentee
    coach_id: str
    mentee_name: str
    coach_name: str
    started_at: datetime
    ended_at: datetime | None
    share_charts: bool
    share_checkins: bool
    share_wins: bool
    share_entries: bool
    share_people: bool = False  # the people they meet (migration 10)


@dataclass(frozen=True)
class NoteRow:
    id: str
    coaching_id: str
    author_id: str
    kind: str
    text: str
    action_owner: str | None
    due: date | None
    done_at: datetime | None
    created_at: datetime


@dataclass(frozen=True)
class AccessRow:
    coaching_id: str
    seen_at: datetime
    what: str


_COACHING = (
    "SELECT c.id, c.user_id, c.coach_id, m.username, k.username, c.started_at, c.ended_at, c.share_charts, "
    "c.share_checkins, c.share_wins, c.share_entries, c.share_people FROM coaching c "
    "JOIN users m ON m.id = c.user_id JOIN users k ON k.id = c.coach_id"
)
_NOTE_COLUMNS = "id, coaching_id, author_id, kind, text, action_owner, due, done_at, created_at"


# -- invitations --------------------------------------------------------------------------
def insert_invite(db: Handle, code_hash: str, user_id: str, created_at: datetime, expires_at: datetime) -> None:
    with db.write() as tx:
        tx.execute(
            "INSERT INTO coach_invites (code_hash, user_id, created_at, expires_at) VALUES (?, ?, ?, ?)",
            [code_hash, user_id, created_at, expires_at],
        )


def open_invites(db: Handle, user_id: str, now: datetime) -> list[InviteRow]:
    """A mentee's invitations that are neither used nor expired, newest first."""
    rows = db.all(
        "SELECT created_at, expires_at FROM coach_invites WHERE user_id = ? AND used_at IS NULL "
        "AND expires_at > ? ORDER BY created_at DESC",
        [user_id, now],
    )
    return [InviteRow(*r) for r in rows]


def withdraw_invites(db: Handle, user_id: str) -> int:
    """Delete a mentee's unused invitations; how many went."""
    with db.write() as tx:
        gone = tx.all("DELETE FROM coach_invites WHERE user_id = ? AND used_at IS NULL RETURNING code_hash", [user_id])
    return len(gone)


@dataclass(frozen=True)
class Redeemed:
    """What happened to a code: `outcome` is "started", "invalid", "own" or "already"."""

    outcome: str
    coaching_id: str | None = None


def redeem_invite(db: Handle, code_hash: str, coach_id: str, now: datetime, coaching_id: str) -> Redeemed:
    """Use a live invitation to start coaching, in one transaction; a code that can't be used changes nothing.

    Two uses of one code at the same moment collide on its row: the one tried again finds it used ("invalid").
    Two of one mentee's codes used by the same coach at once would each find no live coaching and both start one,
    so the mentee's account row is claimed first (an update that changes nothing): the second waits or collides,
    and tried again finds the first's coaching ("already").
    """

    def attempt(tx: Handle) -> Redeemed:
        found = tx.one(
            "SELECT user_id FROM coach_invites WHERE code_hash = ? AND used_at IS NULL AND expires_at > ?",
            [code_hash, now],
        )
        if found is None:
            return Redeemed("invalid")
        mentee = found[0]
        if mentee == coach_id:
            return Redeemed("own")
        tx.execute("UPDATE users SET origin = origin WHERE id = ?", [mentee])
        live = tx.one(
            "SELECT id FROM coaching WHERE user_id = ? AND coach_id = ? AND ended_at IS NULL", [mentee, coach_id]
        )
        if live is not None:
            return Redeemed("already", live[0])
        used = tx.all(
            "UPDATE coach_invites SET used_at = ?, coach_id = ? WHERE code_hash = ? AND used_at IS NULL "
            "RETURNING code_hash",
            [now, coach_id, code_hash],
        )
        if not used:
            return Redeemed("invalid")
        # Every scope starts off: the mentee turns on each thing they choose to share.
        tx.execute(
            "INSERT INTO coaching (id, user_id, coach_id, started_at, ended_at, share_charts, share_checkins, "
            "share_wins, share_entries, share_people) VALUES (?, ?, ?, ?, NULL, FALSE, FALSE, FALSE, FALSE, FALSE)",
            [coaching_id, mentee, coach_id, now],
        )
        return Redeemed("started", coaching_id)

    try:
        return retrying_write(db, attempt)
    except (Conflict, Duplicate):
        return Redeemed("invalid")  # still colliding after every try: nothing was written


# -- relationships --------------------------------------------------------------------------
def _coaching(rows: list[tuple]) -> list[CoachingRow]:
    return [CoachingRow(*r) for r in rows]


def for_mentee(db: Handle, user_id: str) -> list[CoachingRow]:
    """Every coaching a person has had as the mentee: live ones first, then ended, newest first in each."""
    rows = db.all(
        f"{_COACHING} WHERE c.user_id = ? ORDER BY c.ended_at IS NOT NULL, c.started_at DESC, c.id", [user_id]
    )
    return _coaching(rows)


def live_for_coach(db: Handle, coach_id: str) -> list[CoachingRow]:
    """The people someone coaches now, longest-standing first."""
    rows = db.all(f"{_COACHING} WHERE c.coach_id = ? AND c.ended_at IS NULL ORDER BY c.started_at, c.id", [coach_id])
    return _coaching(rows)


def mentees_coaching(db: Handle, user_id: str, coaching_id: str) -> CoachingRow | None:
    """One coaching of this mentee, live or ended."""
    row = db.one(f"{_COACHING} WHERE c.id = ? AND c.user_id = ?", [coaching_id, user_id])
    return CoachingRow(*row) if row else None


def coachs_live(db: Handle, coach_id: str, coaching_id: str) -> CoachingRow | None:
    """One live coaching of this coach; None once it has ended (or if it never was theirs)."""
    row = db.one(f"{_COACHING} WHERE c.id = ? AND c.coach_id = ? AND c.ended_at IS NULL", [coaching_id, coach_id])
    return CoachingRow(*row) if row else None


def set_scope(db: Handle, user_id: str, coaching_id: str, scope: str, value: bool) -> bool:
    """Turn one kind of sharing on or off in a live coaching of this mentee. Turning entries off unshares them all."""
    if scope not in SCOPES:
        raise ValueError(scope)

    def attempt(tx: Handle) -> bool:  # tried again if an entry was being shared in it at that moment
        changed = tx.all(
            f"UPDATE coaching SET {scope} = ? WHERE id = ? AND user_id = ? AND ended_at IS NULL RETURNING id",
            [value, coaching_id, user_id],
        )
        if changed and scope == "share_entries" and not value:
            tx.execute("DELETE FROM coach_shared_entries WHERE coaching_id = ? AND user_id = ?", [coaching_id, user_id])
        return bool(changed)

    return retrying_write(db, attempt)


def end(db: Handle, person_id: str, coaching_id: str, now: datetime) -> bool:
    """End a live coaching, by either person; the entries shared in it are unshared. False if it wasn't live."""

    def attempt(tx: Handle) -> bool:  # tried again if an entry was being shared in it at that moment
        ended = tx.all(
            "UPDATE coaching SET ended_at = ? WHERE id = ? AND (user_id = ? OR coach_id = ?) AND ended_at IS NULL "
            "RETURNING user_id",
            [now, coaching_id, person_id, person_id],
        )
        if ended:
            tx.execute("DELETE FROM coach_shared_entries WHERE coaching_id = ?", [coaching_id])
        return bool(ended)

    return retrying_write(db, attempt)


# -- entries shared -----------------------------------------------------------------------
def share_entry(db: Handle, user_id: str, coaching_id: str, entry_id: str, now: datetime) -> bool:
    """Mark one of the mentee's entries as shared in a live coaching with entries on; False if that can't be.

    The coaching is checked by an update that changes nothing, not a SELECT: a SELECT would let entries be turned
    off (or the coaching ended) at the same moment, unsharing everything but this row, which would then be shared
    again when entries are next turned on. Updating the same row, the two collide; tried again, this one sees it.
    """

    def attempt(tx: Handle) -> bool:
        row = tx.one(
            "UPDATE coaching SET share_entries = share_entries WHERE id = ? AND user_id = ? AND ended_at IS NULL "
            "AND share_entries AND EXISTS (SELECT 1 FROM entries e WHERE e.id = ? AND e.user_id = coaching.user_id "
            "AND e.deleted_at IS NULL) RETURNING coach_id",
            [coaching_id, user_id, entry_id],
        )
        if row is None:
            return False
        tx.execute(
            "INSERT INTO coach_shared_entries VALUES (?, ?, ?, ?, ?) ON CONFLICT (coaching_id, entry_id) DO NOTHING",
            [coaching_id, user_id, row[0], entry_id, now],
        )
        return True

    return retrying_write(db, attempt)


def unshare_entry(db: Handle, user_id: str, coaching_id: str, entry_id: str) -> bool:
    with db.write() as tx:
        gone = tx.all(
            "DELETE FROM coach_shared_entries WHERE coaching_id = ? AND user_id = ? AND entry_id = ? "
            "RETURNING entry_id",
            [coaching_id, user_id, entry_id],
        )
    return bool(gone)


def shared_entry_ids(db: Handle, user_id: str, entry_id: str) -> set[str]:
    """The coachings (of this mentee) that one of their entries is shared in."""
    rows = db.all(
        "SELECT coaching_id FROM coach_shared_entries WHERE user_id = ? AND entry_id = ?", [user_id, entry_id]
    )
    return {r[0] for r in rows}


_SUMMARY = (
    "SELECT e.id, e.entry_date, e.template, e.theme, e.mood, e.energy, e.is_win, left(e.body, 400), "
    "(SELECT array_agg(t.tag ORDER BY t.tag) FROM entry_tags t WHERE t.entry_id = e.id), e.deleted_at "
    "FROM coach_shared_entries s JOIN entries e ON e.id = s.entry_id AND e.user_id = s.user_id "
    "AND e.deleted_at IS NULL"
)


def _summaries(rows: list[Row]) -> list[Summary]:
    return [Summary(*(*r[:8], tuple(r[8] or ()), r[9])) for r in rows]  # no tags: NULL


def shared_entries_for_mentee(db: Handle, user_id: str, coaching_id: str) -> list[Summary]:
    """What a mentee has shared in one coaching, newest first (entries in the trash are not shared)."""
    rows = db.all(
        f"{_SUMMARY} WHERE s.coaching_id = ? AND s.user_id = ? ORDER BY e.entry_date DESC, e.created_at DESC",
        [coaching_id, user_id],
    )
    return _summaries(rows)


_LIVE_FOR_COACH = (
    "JOIN coaching c ON c.id = s.coaching_id AND c.user_id = s.user_id AND c.coach_id = ? AND c.ended_at IS NULL "
    "AND c.share_entries"
)


def shared_entries_for_coach(
    db: Handle, coach_id: str, coaching_id: str, start: date | None = None, end: date | None = None
) -> list[Summary]:
    """What a coach may see of shared entries, checked against the live coaching in the same statement."""
    rows = db.all(
        f"{_SUMMARY} {_LIVE_FOR_COACH} WHERE s.coaching_id = ? "
        "AND e.entry_date >= coalesce(?, DATE '0001-01-01') AND e.entry_date <= coalesce(?, DATE '9999-12-31') "
        "ORDER BY e.entry_date DESC, e.created_at DESC",
        [coach_id, coaching_id, start, end],
    )
    return _summaries(rows)


def shared_entry_for_coach(db: Handle, coach_id: str, coaching_id: str, entry_id: str) -> str | None:
    """The mentee's id if this entry is shared with this coach right now; None for anything else."""
    row = db.one(
        "SELECT s.user_id FROM coach_shared_entries s JOIN entries e ON e.id = s.entry_id "
        f"AND e.user_id = s.user_id AND e.deleted_at IS NULL {_LIVE_FOR_COACH} "
        "WHERE s.coaching_id = ? AND s.entry_id = ?",
        [coach_id, coaching_id, entry_id],
    )
    return row[0] if row else None


# -- the access log -------------------------------------------------------------------------
def log_access(db: Handle, log_id: str, coaching: CoachingRow, what: str, now: datetime, window: timedelta) -> bool:
    """Note that the coach looked at `what`; a look at the same thing within `window` is the same look."""
    with db.write() as tx:
        recent = tx.one(
            "SELECT 1 FROM coach_access_log WHERE coaching_id = ? AND what = ? AND seen_at > ?",
            [coaching.id, what, now - window],
        )
        if recent:
            return False
        tx.execute(
            "INSERT INTO coach_access_log VALUES (?, ?, ?, ?, ?, ?)",
            [log_id, coaching.id, coaching.user_id, coaching.coach_id, now, what],
        )
    return True


def access_log(db: Handle, user_id: str, coaching_id: str | None = None) -> list[AccessRow]:
    """When a mentee's coaches looked and at what, newest first (one coaching, or all of them)."""
    rows = db.all(
        "SELECT coaching_id, seen_at, what FROM coach_access_log WHERE user_id = ? "
        "AND (CAST(? AS VARCHAR) IS NULL OR coaching_id = ?) ORDER BY seen_at DESC, id",
        [user_id, coaching_id, coaching_id],
    )
    return [AccessRow(*r) for r in rows]


# -- the conversation record ----------------------------------------------------------------
def add_note(db: Handle, coaching: CoachingRow, note: NoteRow) -> None:
    with db.write() as tx:
        tx.execute(
            f"INSERT INTO coach_notes (user_id, coach_id, {_NOTE_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                coaching.user_id, coaching.coach_id, note.id, coaching.id, note.author_id, note.kind, note.text,
                note.action_owner, note.due, note.done_at, note.created_at,
            ],
        )  # fmt: skip


def notes(db: Handle, coaching_id: str) -> list[NoteRow]:
    """The record of one coaching, oldest first, as a conversation reads."""
    rows = db.all(
        f"SELECT {_NOTE_COLUMNS} FROM coach_notes WHERE coaching_id = ? ORDER BY created_at, id", [coaching_id]
    )
    return [NoteRow(*r) for r in rows]


def note_coaching(db: Handle, note_id: str) -> str | None:
    """Which coaching a note belongs to, so the caller can check the person asking may touch it."""
    row = db.one("SELECT coaching_id FROM coach_notes WHERE id = ?", [note_id])
    return row[0] if row else None


def set_done(db: Handle, coaching_id: str, note_id: str, when: datetime | None) -> bool:
    """Mark an agreed action done (a time) or not done yet (None)."""
    with db.write() as tx:
        changed = tx.all(
            "UPDATE coach_notes SET done_at = ? WHERE id = ? AND coaching_id = ? AND kind = 'action' RETURNING id",
            [when, note_id, coaching_id],
        )
    return bool(changed)
