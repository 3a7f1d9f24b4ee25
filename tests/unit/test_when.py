"""Times on the person's own clock: the zone chosen, else the device's, else UTC, and always named."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest

from journal.ui import when

LONDON = ZoneInfo("Europe/London")


def test_a_stored_moment_is_shown_on_the_persons_clock_with_its_zone() -> None:
    assert when.moment(datetime(2026, 12, 7, 14, 30), LONDON) == "07 Dec 2026, 14:30 GMT"
    assert when.moment(datetime(2026, 7, 7, 14, 30), LONDON) == "07 Jul 2026, 15:30 BST"  # summer time
    assert when.moment(datetime(2026, 7, 7, 14, 30), ZoneInfo("Asia/Kolkata"), year=False) == "07 Jul, 20:00 IST"
    assert when.moment(datetime(2026, 7, 7, 14, 30), UTC) == "07 Jul 2026, 14:30 UTC"


def test_late_evening_utc_can_be_the_next_day_where_the_person_is() -> None:
    late = datetime(2026, 12, 7, 23, 30)
    assert when.day(late, ZoneInfo("Europe/Berlin")) == date(2026, 12, 8)
    assert when.day(late, LONDON) == date(2026, 12, 7)


def test_the_choice_in_settings_wins_then_the_device_then_utc() -> None:
    assert when.pick("Europe/Paris", "Europe/London") == ZoneInfo("Europe/Paris")
    assert when.pick("", "Europe/London") == LONDON
    assert when.pick("", None) is UTC


@pytest.mark.parametrize("name", ["", "Nowhere/Land", "../../etc/passwd", "/etc/localtime", "America", "localtime"])
def test_only_real_zone_names_are_taken(name: str) -> None:
    assert when.zone_named(name) is None
    assert when.pick(name, name) is UTC


def test_every_zone_offered_in_settings_can_be_shown() -> None:
    moment = datetime(2026, 3, 29, 12, 0)  # noon UTC is the same day almost everywhere, never two days away
    assert "Europe/London" in when.choices() and "localtime" not in when.choices()
    for name in when.choices():
        assert re.fullmatch(
            r"(28|29|30) Mar 2026, \d\d:\d\d [A-Za-z0-9+-]+", when.moment(moment, when.pick(name, None))
        )
