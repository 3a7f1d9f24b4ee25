"""A person's preferences: small, typed, with defaults; stored only once they change one."""

from __future__ import annotations

import json
import types
import typing
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any
from zoneinfo import available_timezones

from journal.store import Handle
from journal.store import settings as repo

__all__ = ["CHOICES", "Settings", "SettingsError", "get", "update"]


class SettingsError(ValueError):
    """A setting that doesn't exist, or a value of the wrong kind; nothing was changed."""


@dataclass(frozen=True)
class Settings:
    ask_when_tone_differs: bool = True  # ask before keeping a mood that the words seem to contradict
    cbi_include_client: bool = False  # include the burnout check-in's "people you work with" questions
    cbi_snoozed_until: date | None = None  # the burnout check-in isn't offered before this day
    cbi_draft: str = ""  # answers chosen before "Not now", as JSON {item id: value}, filled in next time
    reminder_days: str = ""  # the calendar reminder's weekdays as iCalendar codes, like "MO,WE,FR"; none yet
    reminder_time: str = "17:30"  # the calendar reminder's local time of day, HH:MM
    tour_seen: bool = False  # the newcomer's tour was taken or turned down, so Write no longer offers it
    time_zone: str = ""  # the IANA zone times are shown in ("Europe/London"); "" means the device's own
    # -- how Harbour looks and celebrates --
    celebrate_with: str = "balloons"  # a win saved is celebrated with "balloons" or "message" (a quiet message)
    appearance: str = "device"  # the theme: "device" (match it), "light" or "dark"


# Settings that take one of a few words: each name, and its words in the order a page offers them.
CHOICES: dict[str, tuple[str, ...]] = {
    "celebrate_with": ("balloons", "message"),
    "appearance": ("device", "light", "dark"),
}


def _kinds() -> dict[str, tuple[type, bool]]:
    """Each setting's name, its type, and whether it may be None."""
    kinds = {}
    for name, hint in typing.get_type_hints(Settings).items():
        args = typing.get_args(hint) if isinstance(hint, types.UnionType) else (hint,)
        kinds[name] = (next(a for a in args if a is not type(None)), type(None) in args)
    return kinds


_KINDS = _kinds()


def _fits(value: object, kind: type, optional: bool) -> bool:
    if value is None:
        return optional
    if kind is date:
        return isinstance(value, date) and not isinstance(value, datetime)
    if kind is int:
        return isinstance(value, int) and not isinstance(value, bool)
    return isinstance(value, kind)


def _encode(value: object) -> str:
    return json.dumps(value.isoformat() if isinstance(value, date) else value)


def _decode(raw: str, kind: type) -> object:
    value = json.loads(raw)
    return date.fromisoformat(value) if kind is date and value is not None else value


def get(db: Handle, user_id: str) -> Settings:
    """This person's settings; anything never changed (or no longer readable) has its default."""
    values: dict[str, Any] = {}  # each checked against its field's kind by _fits
    for name, raw in repo.read(db, user_id).items():
        if name not in _KINDS:
            continue  # written by a newer Harbour, or a setting since retired
        kind, optional = _KINDS[name]
        try:
            value = _decode(raw, kind)
        except (ValueError, TypeError):
            continue
        if _fits(value, kind, optional) and value in CHOICES.get(name, (value,)):
            values[name] = value
    return Settings(**values)


def update(db: Handle, user_id: str, **changes: object) -> Settings:
    """Change some settings together, after checking every name and value; returns the new settings."""
    for name, value in changes.items():
        if name not in _KINDS:
            raise SettingsError(f"Harbour has no setting called {name!r}.")
        kind, optional = _KINDS[name]
        if not _fits(value, kind, optional):
            expected = kind.__name__ + (" or None" if optional else "")
            raise SettingsError(f"The setting {name!r} takes a {expected}, not {value!r}.")
        if name in CHOICES and value not in CHOICES[name]:
            raise SettingsError(f"The setting {name!r} takes one of {', '.join(CHOICES[name])}, not {value!r}.")
    if changes.get("time_zone") and changes["time_zone"] not in available_timezones() - {"localtime", "Factory"}:
        raise SettingsError(f"Harbour doesn't know a time zone called {changes['time_zone']!r}.")
    if changes:
        repo.write(db, user_id, {name: _encode(value) for name, value in changes.items()})
    return get(db, user_id)
