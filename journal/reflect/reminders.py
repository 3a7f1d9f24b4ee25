"""A gentle reminder a person puts in their own calendar: an iCalendar file. Harbour itself sends nothing."""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from icalendar import Alarm, Calendar, Event
from icalendar.enums import TRANSP

from journal import clock

__all__ = [
    "DEFAULT_TIME",
    "WEEKDAYS",
    "Choice",
    "ReminderError",
    "Weekday",
    "as_settings",
    "choose",
    "remembered",
    "reminder_ics",
]

PRODID = "-//Harbour//Reflection reminder//EN"
SUMMARY = "Time to reflect"
DESCRIPTION = "A few minutes for yourself: what went well, and what was hard? If today isn't the day, it can wait."
DEFAULT_TIME = time(17, 30)  # the same as Settings.reminder_time's default
_UID_NAMESPACE = uuid.UUID("04686358-f572-4180-a191-38546fc58094")  # fixed, so the same choice gets the same UID
_HH_MM = re.compile(r"([01][0-9]|2[0-3]):([0-5][0-9])", re.ASCII)


class ReminderError(ValueError):
    """Why a reminder can't be made from this choice, in words for the person; nothing was changed."""


@dataclass(frozen=True)
class Weekday:
    id: str  # the iCalendar BYDAY code
    name: str


WEEKDAYS = tuple(
    Weekday(code, name)
    for code, name in zip(
        ("MO", "TU", "WE", "TH", "FR", "SA", "SU"),
        ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"),
        strict=True,
    )
)
_ORDER = {day.id: n for n, day in enumerate(WEEKDAYS)}  # also date.weekday(): Monday is 0


@dataclass(frozen=True)
class Choice:
    """When the reminder comes: at least one weekday, in week order, at a local time to the minute."""

    days: tuple[str, ...]
    at: time

    @property
    def uid(self) -> str:
        """The same for the same choice, so downloading it again replaces the event rather than adding one."""
        key = f"{','.join(self.days)} {self.at:%H:%M}"
        return f"{uuid.uuid5(_UID_NAMESPACE, key)}@harbour"


def _days(days: Iterable[str]) -> tuple[str, ...]:
    if isinstance(days, str):
        raise ReminderError(f"Days are a list of weekday codes such as ['MO', 'FR'], not the text {days!r}.")
    chosen = set(days)
    unknown = sorted(chosen - _ORDER.keys(), key=str)
    if unknown:
        raise ReminderError(f"{unknown[0]!r} isn't a day of the week; use MO, TU, WE, TH, FR, SA or SU.")
    return tuple(sorted(chosen, key=_ORDER.__getitem__))


def _time(at: time | str) -> time:
    if isinstance(at, str):
        match = _HH_MM.fullmatch(at)
        if not match:
            raise ReminderError(f"A reminder time is written HH:MM on a 24-hour clock, like 17:30, not {at!r}.")
        return time(int(match[1]), int(match[2]))
    if not isinstance(at, time):
        raise ReminderError(f"A reminder time is a time of day, not {at!r}.")
    if at.tzinfo is not None:
        raise ReminderError("A reminder time is a local time of day, without a time zone.")
    return at.replace(second=0, microsecond=0)


def choose(days: Iterable[str], at: time | str) -> Choice:
    """A checked reminder choice; raises ReminderError with a clear message for no days, unknown days or a bad time."""
    chosen = _days(days)
    if not chosen:
        raise ReminderError("Choose at least one day for the reminder.")
    return Choice(chosen, _time(at))


def as_settings(days: Iterable[str], at: time) -> dict[str, str]:
    """The two settings that remember a choice (no days is allowed: it means no reminder yet)."""
    return {"reminder_days": ",".join(_days(days)), "reminder_time": f"{_time(at):%H:%M}"}


def remembered(days: str, at: str) -> tuple[list[str], time]:
    """The stored days and time, read kindly: unknown days are left out and an unreadable time is the default."""
    known = [d for d in (part.strip().upper() for part in days.split(",")) if d in _ORDER]
    try:
        return list(_days(known)), _time(at)
    except ReminderError:
        return list(_days(known)), DEFAULT_TIME


def _first_day(days: tuple[str, ...], start: date) -> date:
    ahead = min((_ORDER[d] - start.weekday()) % 7 for d in days)
    return start + timedelta(days=ahead)


def reminder_ics(
    days: Iterable[str], at: time | str, start: date, minutes: int = 15, *, stamp: datetime | None = None
) -> bytes:
    """An iCalendar file with one weekly 'time to reflect' event on `days` at `at`, from `start` on.

    The event holds no journal content and nothing about the person; `stamp` (UTC, default now) is DTSTAMP.
    """
    choice = choose(days, at)
    if isinstance(minutes, bool) or not isinstance(minutes, int) or not 1 <= minutes <= 240:
        raise ReminderError(f"A reminder lasts from 1 to 240 minutes, not {minutes!r}.")
    calendar = Calendar()
    calendar.version = "2.0"
    calendar.prodid = PRODID
    calendar.calscale = "GREGORIAN"
    calendar.method = "PUBLISH"
    event = Event.new(
        summary=SUMMARY,
        description=DESCRIPTION,
        # Floating (no TZID): the reminder keeps to the person's own clock wherever they are.
        start=datetime.combine(_first_day(choice.days, start), choice.at),
        uid=choice.uid,
        stamp=stamp or clock.instant(),
        transparency=TRANSP.TRANSPARENT,  # a reminder, not a meeting: it never shows the person as busy
    )
    event.duration = timedelta(minutes=minutes)
    event.add("rrule", {"freq": "WEEKLY", "byday": list(choice.days)})
    event.add_component(Alarm.new_display(description=SUMMARY, trigger=timedelta(0)))
    calendar.add_component(event)
    return calendar.to_ical()
