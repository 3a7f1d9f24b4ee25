"""Debriefs: the raw account of a hard shift, private, kept for the days the person chooses and then deleted for good.

Turning one into a learning reflection changes the same entry: its template becomes 'learning' (what happened in a
sentence or two, what I learnt, what I'll do) once the person saves it, and it then has no day to go, like every
other entry. Until they save, the raw account stays a debrief (the learning reflection begun is a draft of it) and
goes on its day, with that draft: the raw account never outlives its days without the person's say.

Expiry runs for one person on the first page they open each day and whenever they open Write or Journal, and for
everyone from `python -m journal expire-debriefs` (an organisation's nightly job). Nothing but debriefs past their
day, and the rows only about them, is ever deleted by it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from journal import clock
from journal.reflect import entries
from journal.reflect.entries import Entry, EntryInput
from journal.store import Handle
from journal.store import debriefs as repo
from journal.store import settings as settings_repo
from journal.text.words import nice_date

TEMPLATE = repo.TEMPLATE  # the reviewed "Debrief after a hard shift" template
LEARNING = "learning"  # the unlisted "Learning reflection" a debrief turns into
BROUGHT_OVER = "what_happened"  # the learning reflection's first question, prefilled from the debrief
DEFAULT_DAYS = 14
MIN_DAYS, MAX_DAYS = 1, 90  # a day at least; at most about three months from the day it was written
LONGER_DAYS = 7  # "Keep it a week longer"
_DAYS_SETTING = "debrief_days"  # the number of days the person last chose, offered again next time


class DebriefError(ValueError):
    """Why a debrief can't be kept or changed so, in words for the person; nothing was changed."""


NOT_A_DEBRIEF = "That isn't one of your debriefs any more: it may have been turned into a reflection, or deleted."


@dataclass(frozen=True)
class Waiting:
    """A debrief waiting on Write, and whether a learning reflection was begun from it (a draft of it)."""

    row: repo.DebriefRow
    turning: bool

    @property
    def entry_id(self) -> str:
        return self.row.id

    @property
    def entry_date(self) -> date:
        return self.row.entry_date

    @property
    def keep_until(self) -> date | None:
        return self.row.keep_until

    def days_left(self, today: date) -> int | None:
        return None if self.keep_until is None else (self.keep_until - today).days

    def can_keep_longer(self) -> bool:
        return self.keep_until is not None and self.keep_until < self.entry_date + timedelta(days=MAX_DAYS)


def check_days(days: object) -> int:
    """The number of days to keep a debrief, checked; a DebriefError in words for the person otherwise."""
    if isinstance(days, bool) or not isinstance(days, int) or not MIN_DAYS <= days <= MAX_DAYS:
        raise DebriefError(
            f"A debrief can be kept for {MIN_DAYS} to {MAX_DAYS} days. Choose a number in between, and it goes "
            "after that many days."
        )
    return days


def keep_until(entry_date: date, days: int, today: date | None = None) -> date:
    """The last day a debrief is kept: `days` after the day it is about, or after today if that is later (a debrief
    dated back is still kept for the days chosen)."""
    return max(entry_date, today or clock.today()) + timedelta(days=check_days(days))


def chosen_days(db: Handle, user_id: str) -> int:
    """The days this person last chose for a debrief, else the default."""
    raw = settings_repo.read(db, user_id).get(_DAYS_SETTING, "")
    try:
        return check_days(int(raw))
    except (ValueError, DebriefError):
        return DEFAULT_DAYS


def choose_days(db: Handle, user_id: str, days: int) -> None:
    """Remember the days chosen (before the debrief is saved, so a draft resumed later still has them)."""
    settings_repo.write(db, user_id, {_DAYS_SETTING: str(check_days(days))})


def saved(db: Handle, user_id: str, entry: Entry, days: int, today: date | None = None) -> date | None:
    """After a save on Write: a debrief is kept until its day (returned); any other entry is left alone."""
    if entry.template != TEMPLATE:
        return None
    day = keep_until(entry.entry_date, days, today)
    if not repo.set_keep_until(db, user_id, entry.id, day):
        raise DebriefError(NOT_A_DEBRIEF)
    return day


def kept_until(db: Handle, user_id: str, entry_id: str) -> date | None:
    """The day a debrief of this person's goes after; None for any other entry."""
    row = repo.get(db, user_id, entry_id)
    return row.keep_until if row is not None else None


def waiting(db: Handle, user_id: str) -> list[Waiting]:
    """The person's debriefs, the soonest to go first."""
    turning = {d.entry_id for d in entries.drafts(db, user_id) if d.is_edit and d.input.template == LEARNING}
    return [Waiting(r, r.id in turning) for r in repo.waiting(db, user_id)]


def kept_words(keep_until_day: date | None, today: date) -> str:
    """How long a debrief has left, kindly and plainly."""
    if keep_until_day is None:
        return "Kept until you choose to delete it."
    left = (keep_until_day - today).days
    if left <= 0:
        return "Kept until the end of today, then deleted for good."
    if left == 1:
        return "Kept for 1 more day, then deleted for good."
    return f"Kept for {left} more days (until {nice_date(keep_until_day)}), then deleted for good."


def keep_longer(db: Handle, user_id: str, entry_id: str, today: date | None = None) -> date:
    """A week longer, up to MAX_DAYS after the day it is about; the new day."""
    row = repo.get(db, user_id, entry_id)
    if row is None or row.deleted_at is not None or row.keep_until is None:
        raise DebriefError(NOT_A_DEBRIEF)
    latest = row.entry_date + timedelta(days=MAX_DAYS)
    if row.keep_until >= latest:
        raise DebriefError(
            f"This debrief is kept as long as Harbour keeps one ({MAX_DAYS} days). To keep what you learnt from it, "
            "turn it into a learning reflection."
        )
    day = min(max(row.keep_until, today or clock.today()) + timedelta(days=LONGER_DAYS), latest)
    repo.set_keep_until(db, user_id, entry_id, day)
    return day


def delete_now(db: Handle, user_id: str, entry_id: str) -> None:
    """To the trash, where it can be put back until its day; on its day it is deleted for good from there too."""
    row = repo.get(db, user_id, entry_id)
    if row is None or row.deleted_at is not None:
        raise DebriefError(NOT_A_DEBRIEF)
    entries.trash(db, user_id, entry_id)


def as_learning(entry: Entry) -> EntryInput:
    """The learning reflection a debrief starts as: everything it said under the first question, to trim, and the
    rest of the entry as it was."""
    brought = "\n\n".join(text.strip() for text in entry.answers.values() if text.strip())
    return EntryInput(
        template=LEARNING,
        answers={BROUGHT_OVER: brought} if brought else {},
        mood=entry.mood,
        energy=entry.energy,
        tags=list(entry.tags),
        is_win=False,
        theme=entry.theme,
        entry_date=entry.entry_date,
    )


def start_turning(db: Handle, user_id: str, entry_id: str) -> tuple[str, int]:
    """Begin turning a debrief into a learning reflection: a draft of the same entry on the learning template (a
    draft begun already is kept as it is). Returns the entry id and the revision to save it against."""
    entry = entries.get(db, user_id, entry_id)
    if entry is None or entry.deleted_at is not None or entry.template != TEMPLATE:
        raise DebriefError(NOT_A_DEBRIEF)
    begun = any(d.entry_id == entry_id and d.input.template == LEARNING for d in entries.drafts(db, user_id))
    if not begun:
        entries.save_draft(db, user_id, entry_id, as_learning(entry))
    return entry.id, entry.revision


def brought_over(db: Handle, user_id: str, entry_id: str) -> str:
    """What a debrief being turned said, to check for the facts that belong elsewhere; "" for anything else."""
    entry = entries.get(db, user_id, entry_id)
    if entry is None or entry.template != TEMPLATE:
        return ""
    return "\n".join([*entry.answers.values(), *entry.tags])


def expire(db: Handle, user_id: str, today: date | None = None) -> int:
    """Delete for good this person's debriefs whose day has passed (with their drafts, tags and links); how many.
    One with no day (brought back from a copy of the journal, which doesn't carry it) is kept DEFAULT_DAYS more."""
    day = today or clock.today()
    return repo.expire(db, user_id, day, day + timedelta(days=DEFAULT_DAYS))


def expire_everyone(db: Handle, today: date | None = None) -> tuple[int, int]:
    """The nightly job: every account's debriefs whose day has passed. (people, debriefs) deleted."""
    day = today or clock.today()
    owners = repo.owners_with_expired(db, day)
    return len(owners), sum(expire(db, owner, day) for owner in owners)
