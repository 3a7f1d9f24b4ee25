"""Look-backs a person plans in their own calendar (.ics), and the short follow-ups their links open.

A check-back is planned when its calendar file is downloaded; its id is made beforehand from what was chosen (the
person, what it is about, the day), so the file's link is right and the same choice downloaded twice is the same
event. Harbour itself sends nothing: the person's own calendar reminds them.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from icalendar import Alarm, Calendar, Event
from icalendar.enums import TRANSP

from journal import clock
from journal.reflect import entries, reminders, settings
from journal.reflect.entries import Entry
from journal.store import Handle
from journal.store import checkbacks as repo
from journal.store.checkbacks import CheckBackRow

KINDS = ("entry", "coaching", "group")  # what a check-back is about: an entry; a coaching session; a group's regroup
IN_DAYS = (3, 28)  # "look back on this in 3 days / in 4 weeks"

TEMPLATE = "checkback"  # the reviewed template of a follow-up ("Looking back"), kept off Write's list to pick
LINK = "checkback"  # /?checkback=<id>: the calendar event's link back into Harbour
PRODID = "-//Harbour//Look back//EN"
# Short and private: a calendar is often seen by others (a shared screen, a phone on the desk), so no journal words.
SUMMARIES = {"entry": "Look back", "coaching": "Coaching session", "group": "Regroup"}
DESCRIPTIONS = {
    "entry": "A few minutes to look back, in Harbour: ",
    "coaching": "Your next coaching session. Harbour: ",
    "group": "Your group's next regroup. Harbour: ",
}
MINUTES = {"entry": 15, "coaching": 60, "group": 60}
_ID_NAMESPACE = uuid.UUID("5b0f3d8e-2c1a-4f7e-9d6b-8a4c2e1f0b37")  # fixed: the same choice, the same id


class CheckBackError(ValueError):
    """Why a look back can't be planned or opened, in words for the person; nothing was changed."""


@dataclass(frozen=True)
class Planned:
    """A look back chosen but perhaps not yet downloaded: its id, and when it is."""

    id: str
    kind: str
    about_id: str
    due_on: date
    at: time

    @property
    def uid(self) -> str:
        return f"{self.id}@harbour"


def in_days_label(days: int) -> str:
    return f"in {days // 7} weeks" if days % 7 == 0 and days >= 14 else f"in {days} days"


def check_back_id(user_id: str, kind: str, about_id: str, due_on: date) -> str:
    """The same for the same person, subject and day: downloading the file again is the same look back."""
    return str(uuid.uuid5(_ID_NAMESPACE, f"{user_id} {kind} {about_id} {due_on.isoformat()}"))


def _at(db: Handle, user_id: str) -> time:
    """The person's reminder time (Settings), else 17:30."""
    return reminders.remembered("", settings.get(db, user_id).reminder_time)[1]


def _check_kind(kind: str) -> None:
    if kind not in KINDS:
        raise CheckBackError(f"A look back is about an entry, a coaching session or a group, not {kind!r}.")


def plan_entry(db: Handle, user_id: str, entry: Entry, days: int, today: date | None = None) -> Planned:
    """A look back on one of the person's own entries in `days` days, at their reminder time (not yet stored)."""
    if days not in IN_DAYS:
        raise CheckBackError(f"A look back is offered in {' or '.join(map(str, IN_DAYS))} days, not {days!r}.")
    own = entries.get(db, user_id, entry.id)
    if own is None or own.deleted_at is not None:
        raise CheckBackError("That entry isn't in your journal any more, so there is nothing to look back on.")
    due_on = (today or clock.today()) + timedelta(days=days)
    return Planned(check_back_id(user_id, "entry", entry.id, due_on), "entry", entry.id, due_on, _at(db, user_id))


def plan_on(db: Handle, user_id: str, kind: str, about_id: str, day: date, at: time | None = None) -> Planned:
    """A coaching session or a group's regroup on a chosen day (and time, else the person's reminder time)."""
    _check_kind(kind)
    if not isinstance(day, date) or isinstance(day, datetime):
        raise CheckBackError("Choose a day for it.")
    if day < clock.today():
        raise CheckBackError("That day has already gone: choose today or a day to come.")
    at = _at(db, user_id) if at is None else reminders.remembered("", f"{at:%H:%M}")[1]
    return Planned(check_back_id(user_id, kind, about_id, day), kind, about_id, day, at)


def keep(db: Handle, user_id: str, planned: Planned) -> None:
    """Store a planned look back (the file was downloaded); the same one again changes nothing."""
    _check_kind(planned.kind)
    repo.insert(
        db,
        CheckBackRow(planned.id, user_id, planned.kind, planned.about_id, planned.due_on, clock.utcnow()),
    )


def ics(planned: Planned, address: str, *, stamp: datetime | None = None) -> bytes:
    """A calendar file with one event on the day at the time (floating: the person's own clock), an alarm, and the
    link back into Harbour. It holds nothing written in the journal."""
    calendar = Calendar()
    calendar.version = "2.0"
    calendar.prodid = PRODID
    calendar.calscale = "GREGORIAN"
    calendar.method = "PUBLISH"
    summary = SUMMARIES[planned.kind]
    event = Event.new(
        summary=summary,
        description=DESCRIPTIONS[planned.kind] + address,
        start=datetime.combine(planned.due_on, planned.at),
        uid=planned.uid,
        stamp=stamp or clock.instant(),
        transparency=TRANSP.TRANSPARENT,
    )
    event.duration = timedelta(minutes=MINUTES[planned.kind])
    event.add("url", address)
    event.add_component(Alarm.new_display(description=summary, trigger=timedelta(0)))
    calendar.add_component(event)
    return calendar.to_ical()


def file_name(planned: Planned) -> str:
    return f"harbour-{SUMMARIES[planned.kind].lower().replace(' ', '-')}-{planned.due_on.isoformat()}.ics"


def link(base: str, check_back_id: str) -> str:
    """Harbour's own address (with any base path, no trailing slash) and the look back's query."""
    return f"{base.rstrip('/')}/?{LINK}={check_back_id}"


def kept(db: Handle, user_id: str, check_back_id: str) -> bool:
    """Whether this look back is planned (its file was downloaded)."""
    return repo.get(db, user_id, check_back_id) is not None


# -- opening a link ---------------------------------------------------------------------------------------------
NOT_FOUND = (
    "That look back isn't one of yours, or it has been put away. If it came from your calendar, you can still write "
    "about how things look now: choose any reflection below."
)
ANSWERED = "You've already looked back on this one: what you wrote is in your journal."
GONE = "The entry that look back was about is in your trash now, so there is nothing to look back on."


def get(db: Handle, user_id: str, check_back_id: str) -> CheckBackRow:
    """One of the person's own check-backs; anyone else's or an unknown id is the same kind CheckBackError."""
    row = repo.get(db, user_id, check_back_id) if check_back_id else None
    if row is None:
        raise CheckBackError(NOT_FOUND)
    return row


def original(db: Handle, user_id: str, row: CheckBackRow) -> Entry | None:
    """The entry a look back is about, unless it went to the trash."""
    if row.kind != "entry":
        return None
    entry = entries.get(db, user_id, row.about_id)
    return entry if entry is not None and entry.deleted_at is None else None


def open_entry(db: Handle, user_id: str, check_back_id: str) -> tuple[CheckBackRow, str]:
    """For a link to a look back on an entry: the check-back and the id of its follow-up entry (made now and kept
    on the row, so a draft resumed later is still linked; the same id again if it was opened before)."""
    row = get(db, user_id, check_back_id)
    if row.kind != "entry":
        raise CheckBackError(NOT_FOUND)
    if row.answered_at is not None:
        raise CheckBackError(ANSWERED)
    if original(db, user_id, row) is None:
        raise CheckBackError(GONE)
    follow_up = row.answered_entry_id or str(uuid.uuid4())
    if row.answered_entry_id is None:
        repo.set_answer_entry(db, user_id, row.id, follow_up)
    return row, follow_up


def answering(db: Handle, user_id: str, entry_id: str) -> CheckBackRow | None:
    """The look back this entry answers, if it is a follow-up."""
    return repo.answering(db, user_id, entry_id)


def answered(db: Handle, user_id: str, entry: Entry) -> None:
    """The follow-up entry was saved: its look back is done."""
    repo.set_answered(db, user_id, entry.id, clock.utcnow())


def dismiss(db: Handle, user_id: str, check_back_id: str) -> None:
    """'Not now': set aside, not offered again (the row stays, so nothing is lost)."""
    repo.set_dismissed(db, user_id, get(db, user_id, check_back_id).id, clock.utcnow())


def due(db: Handle, user_id: str, today: date | None = None) -> list[tuple[CheckBackRow, Entry]]:
    """Look backs on entries due today or earlier, not answered or set aside, whose entry is not in the trash."""
    found = []
    for row in repo.due(db, user_id, "entry", today or clock.today()):
        entry = original(db, user_id, row)
        if entry is not None:
            found.append((row, entry))
    return found


def follow_ups(db: Handle, user_id: str) -> dict[str, list[str]]:
    """Each original entry's id to the ids of the saved follow-ups that look back on it, oldest first."""
    result: dict[str, list[str]] = {}
    for row in repo.all_for_user(db, user_id):
        if row.kind == "entry" and row.answered_at is not None and row.answered_entry_id:
            result.setdefault(row.about_id, []).append(row.answered_entry_id)
    return result
