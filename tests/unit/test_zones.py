"""Reading the time zones files give (names and offsets), and an entry's moment on its writer's clock."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest

from journal.text import zones

NOON = datetime(2024, 7, 1, 12, 0)


@pytest.mark.parametrize(
    ("given", "zone", "label"),
    [
        ("Europe/London", ZoneInfo("Europe/London"), "Europe/London"),
        (" Asia/Tokyo ", ZoneInfo("Asia/Tokyo"), "Asia/Tokyo"),
        ("Z", UTC, "UTC"),
        ("utc", UTC, "UTC"),
        ("+05:30", timezone(timedelta(hours=5, minutes=30)), "UTC+05:30"),
        ("GMT-3", timezone(-timedelta(hours=3)), "UTC-03:00"),
        ("+0100", timezone(timedelta(hours=1)), "UTC+01:00"),
    ],
)
def test_names_and_offsets_are_read(given: str, zone, label: str) -> None:
    assert zones.parse(given) == (zone, label)


@pytest.mark.parametrize(
    "given",
    ["Nowhere/Special", "America", "Etc", "Europe/", "../../etc/passwd", "+24:00", "+05:61", "", "Europe/London\x00"],
)
def test_what_isnt_a_zone_is_none_never_an_error(given: str) -> None:
    # "America" and "Etc" are folders in the zone database: opening them raised IsADirectoryError.
    assert zones.parse(given) is None


def test_an_unreadable_stored_zone_shows_no_time_rather_than_a_wrong_one() -> None:
    assert zones.written_at(NOON, "America", "dayone") == (None, "America")


def test_a_readable_zone_gives_the_writers_own_clock() -> None:
    assert zones.written_at(NOON, "Asia/Tokyo", "dayone") == (datetime(2024, 7, 1, 21, 0), "Asia/Tokyo")
    assert zones.written_at(NOON, None, "harbour") == (NOON, "UTC")
    assert zones.written_at(NOON, None, "daylio") == (NOON, "")
