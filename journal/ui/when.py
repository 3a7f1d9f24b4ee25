"""The one place a stored moment (naive UTC) becomes the person's own local time, worded with its zone.

The zone is the one chosen in Settings, else the browser's (`st.context.timezone`), else UTC, named as such: when
Harbour can't tell where someone is, a time that says "UTC" is never wrong, where a guessed zone could be.
The formatting functions are pure (a moment and a zone in, words out), so they are tested without Streamlit.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, tzinfo
from functools import cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

import streamlit as st

from journal.reflect import settings
from journal.store import Handle

__all__ = ["choices", "day", "device_zone", "moment", "zone", "zone_named"]


_NOT_PLACES = frozenset({"localtime", "Factory"})  # in the zone database, but nobody's clock


@cache
def _known() -> frozenset[str]:
    return frozenset(available_timezones()) - _NOT_PLACES


@cache
def choices() -> tuple[str, ...]:
    """The zones a person may choose in Settings: places by IANA name ("Europe/London"), sorted, and UTC."""
    return ("UTC", *sorted(n for n in _known() if "/" in n and not n.startswith(("Etc/", "SystemV/"))))


def zone_named(name: str | None) -> tzinfo | None:
    """The zone of an IANA name, or None for a name Harbour doesn't know (or none at all)."""
    if not name or name not in _known():  # only names from the zone database: never a path, never "localtime"
        return None
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        return None


def pick(chosen: str, device: str | None) -> tzinfo:
    """The zone to show times in: the one chosen in Settings, else the device's, else UTC."""
    return zone_named(chosen) or zone_named(device) or UTC


def local(at: datetime, where: tzinfo) -> datetime:
    """A stored moment (naive UTC, as every TIMESTAMP column holds it) on the clock of `where`."""
    return (at if at.tzinfo else at.replace(tzinfo=UTC)).astimezone(where)


def moment(at: datetime, where: tzinfo, *, year: bool = True) -> str:
    """'07 Dec 2026, 14:30 GMT': a stored moment on the person's clock, with the zone's abbreviation."""
    shown = local(at, where)
    return shown.strftime("%d %b %Y, %H:%M " if year else "%d %b, %H:%M ") + (shown.tzname() or "UTC")


def day(at: datetime, where: tzinfo) -> date:
    """The person's calendar day of a stored moment (late evening UTC can be tomorrow in their zone)."""
    return local(at, where).date()


# -- the person's zone, in a running page ------------------------------------------------------
def device_zone() -> str | None:
    """The browser's IANA zone, as it told Streamlit; None when it didn't (or in AppTest)."""
    try:
        name = st.context.timezone
    except Exception:  # outside a running page there is no context: no device to ask
        return None
    return name if zone_named(name) else None


def zone(db: Handle, user_id: str) -> tzinfo:
    """The zone this person's times are shown in, on this device."""
    return pick(settings.get(db, user_id).time_zone, device_zone())
