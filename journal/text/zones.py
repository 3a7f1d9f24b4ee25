"""Time zones as importers store them ("Europe/London", "+01:00"), and when an entry was written, locally.

Harbour stores moments in UTC. Entries written in Harbour carry no zone. Imported ones carry the zone their
app gave; Daylio and jrnl give none, so their moment is the writer's own clock, kept as it was.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta, timezone, tzinfo
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

_OFFSET = re.compile(r"(?:UTC|GMT)?([+-])(\d{1,2}):?(\d{2})?")
_ZONE_NAME = re.compile(r"[A-Za-z][A-Za-z0-9_+\-]*(?:/[A-Za-z0-9_+\-]+)*")


def parse(name: str) -> tuple[tzinfo, str] | None:
    """A zone and how to label it; None if it can't be read."""
    name = name.strip()
    if name.upper() in {"Z", "UTC", "GMT"}:
        return UTC, "UTC"
    if offset := _OFFSET.fullmatch(name):
        sign, hours, minutes = offset.group(1), int(offset.group(2)), int(offset.group(3) or 0)
        if hours > 23 or minutes > 59:
            return None
        delta = timedelta(hours=hours, minutes=minutes)
        return timezone(-delta if sign == "-" else delta), f"UTC{sign}{hours:02d}:{minutes:02d}"
    if _ZONE_NAME.fullmatch(name):
        try:
            return ZoneInfo(name), name
        except (ZoneInfoNotFoundError, ValueError, OSError):  # OSError: a folder of zones, such as "America"
            return None
    return None


def written_at(created_at: datetime, time_zone: str | None, source: str) -> tuple[datetime | None, str]:
    """When an entry was written on its writer's clock, and that clock's label ("" when the file gave none).

    None for the moment when the stored zone can't be read: better no time than a wrong one.
    """
    if time_zone is None:
        return created_at, "UTC" if source == "harbour" else ""
    zone = parse(time_zone)
    if zone is None:
        return None, time_zone
    tz, label = zone
    return created_at.replace(tzinfo=UTC).astimezone(tz).replace(tzinfo=None), label
