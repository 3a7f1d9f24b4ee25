"""The calendar reminder: an iCalendar file that says only 'time to reflect', when the person chose."""

from __future__ import annotations

import dataclasses
import re
from datetime import UTC, date, datetime, time, timedelta

import pytest
from dateutil.rrule import rrulestr
from hypothesis import given
from hypothesis import strategies as st
from icalendar import Calendar

from journal.reflect import reminders
from journal.reflect.reminders import (
    DEFAULT_TIME,
    WEEKDAYS,
    ReminderError,
    as_settings,
    choose,
    remembered,
    reminder_ics,
)
from journal.reflect.settings import Settings
from tests.factories import NOON_TODAY

IDS = [day.id for day in WEEKDAYS]
TUESDAY = date(2025, 4, 8)
STAMP = datetime(2025, 4, 8, 9, 0, tzinfo=UTC)


def _ics(days=("FR", "MO", "WE"), at=time(17, 30), start=TUESDAY, **kwargs) -> bytes:
    return reminder_ics(list(days), at, start, stamp=STAMP, **kwargs)


def _event(data: bytes):
    calendar = Calendar.from_ical(data)
    [event] = calendar.events
    return calendar, event


# -- the week ----------------------------------------------------------------------
def test_the_week_runs_monday_to_sunday_with_icalendar_codes_and_python_weekday_numbers() -> None:
    assert [(d.id, d.name) for d in WEEKDAYS] == [
        ("MO", "Monday"),
        ("TU", "Tuesday"),
        ("WE", "Wednesday"),
        ("TH", "Thursday"),
        ("FR", "Friday"),
        ("SA", "Saturday"),
        ("SU", "Sunday"),
    ]
    monday = date(2025, 4, 7)
    for n, day in enumerate(WEEKDAYS):
        assert (monday + timedelta(days=n)).strftime("%A") == day.name


# -- the file ----------------------------------------------------------------------
def test_the_calendar_is_published_by_harbour_with_one_event_and_nothing_else() -> None:
    calendar, _ = _event(_ics())
    assert dict(calendar.items()) == {
        "VERSION": "2.0",
        "PRODID": "-//Harbour//Reflection reminder//EN",
        "CALSCALE": "GREGORIAN",
        "METHOD": "PUBLISH",
    }
    assert [c.name for c in calendar.walk()] == ["VCALENDAR", "VEVENT", "VALARM"]


def test_the_event_says_time_to_reflect_gently_and_holds_nothing_else() -> None:
    _, event = _event(_ics())
    # Exactly these properties: no URL, LOCATION, ORGANIZER, ATTENDEE or anything about the person.
    assert set(event.keys()) == {"SUMMARY", "DESCRIPTION", "DTSTART", "DURATION", "DTSTAMP", "UID", "RRULE", "TRANSP"}
    assert event["SUMMARY"] == "Time to reflect"
    description = str(event["DESCRIPTION"])
    assert description == reminders.DESCRIPTION
    assert 1 <= len(re.findall(r"[.?!](\s|$)", description)) <= 2  # one or two calm sentences
    assert "!" not in description


def test_the_file_has_no_link_and_no_address() -> None:
    data = _ics()
    for marker in (b"http", b"www.", b"mailto", b"URL", b"ORGANIZER", b"ATTENDEE", b"LOCATION"):
        assert marker not in data


def test_the_first_event_is_on_the_first_chosen_day_on_or_after_the_start_at_a_floating_local_time() -> None:
    data = _ics(days=["MO", "FR", "WE"], start=TUESDAY)
    _, event = _event(data)
    assert event.start == datetime(2025, 4, 9, 17, 30)  # the Wednesday after Tuesday 8 April
    assert event.start.tzinfo is None
    assert b"\r\nDTSTART:20250409T173000\r\n" in data  # no TZID: floating
    assert b"TZID" not in data and b"VTIMEZONE" not in data


def test_a_start_on_a_chosen_day_begins_that_day() -> None:
    _, event = _event(_ics(days=["TU"], start=TUESDAY))
    assert event.start == datetime(2025, 4, 8, 17, 30)


def test_it_repeats_weekly_on_the_chosen_days_in_week_order() -> None:
    data = _ics(days=["SU", "MO", "WE", "MO"])
    _, event = _event(data)
    assert event["RRULE"] == {"FREQ": ["WEEKLY"], "BYDAY": ["MO", "WE", "SU"]}
    assert b"\r\nRRULE:FREQ=WEEKLY;BYDAY=MO,WE,SU\r\n" in data


def test_it_lasts_the_given_minutes_does_not_block_time_and_alerts_at_the_start() -> None:
    _, event = _event(_ics(minutes=20))
    assert event.duration == timedelta(minutes=20)
    assert event["TRANSP"] == "TRANSPARENT"
    [alarm] = event.subcomponents
    assert alarm.name == "VALARM"
    assert set(alarm.keys()) == {"ACTION", "DESCRIPTION", "TRIGGER"}
    assert alarm["ACTION"] == "DISPLAY"
    assert alarm["TRIGGER"].dt == timedelta(0)
    assert alarm["DESCRIPTION"] == "Time to reflect"
    assert _event(_ics())[1].duration == timedelta(minutes=15)  # the default


@pytest.mark.usefixtures("fixed_clock")
def test_dtstamp_is_utc() -> None:
    _, event = _event(_ics())
    assert event["DTSTAMP"].dt == STAMP
    _, now = _event(reminder_ics(["MO"], time(9, 0), TUESDAY))
    assert now["DTSTAMP"].dt.utcoffset() == timedelta(0)
    assert now["DTSTAMP"].dt == NOON_TODAY  # by default, the moment it was made (to the second)


def test_lines_end_in_crlf_and_long_ones_are_folded_at_75_octets() -> None:
    data = _ics()
    assert data.endswith(b"\r\n")
    lines = data.split(b"\r\n")[:-1]
    assert all(b"\n" not in line and b"\r" not in line for line in lines)
    assert all(len(line) <= 75 for line in lines)
    assert any(line.startswith(b" ") for line in lines)  # the description is long enough to be folded


def test_the_same_choice_keeps_its_uid_and_a_different_one_gets_another() -> None:
    def uid(days, at, start=TUESDAY) -> str:
        return str(_event(reminder_ics(days, at, start))[1]["UID"])

    first = uid(["MO", "FR"], time(17, 30))
    assert uid(["FR", "MO"], "17:30", start=date(2026, 1, 1)) == first  # another day, another order: same event
    assert uid(["MO", "FR"], time(17, 30, 45)) == first  # seconds are not part of the choice
    assert uid(["MO"], time(17, 30)) != first
    assert uid(["MO", "FR"], time(17, 45)) != first


def test_the_same_choice_and_moment_give_the_same_bytes() -> None:
    assert _ics() == _ics()


# -- choices that can't make a reminder ----------------------------------------------
@pytest.mark.parametrize(
    ("days", "at", "message"),
    [
        ([], time(17, 30), "Choose at least one day"),
        (["MO", "XX"], time(17, 30), "'XX' isn't a day of the week"),
        (["mo"], time(17, 30), "'mo' isn't a day of the week"),
        ("MO,FR", time(17, 30), "a list of weekday codes"),
        (["MO"], "7:30", "HH:MM on a 24-hour clock"),
        (["MO"], "24:00", "HH:MM on a 24-hour clock"),
        (["MO"], "17:60", "HH:MM on a 24-hour clock"),
        (["MO"], "17:30:00", "HH:MM on a 24-hour clock"),
        (["MO"], "", "HH:MM on a 24-hour clock"),
        (["MO"], "１７:３０", "HH:MM on a 24-hour clock"),  # full-width digits
        (["MO"], None, "a time of day"),
        (["MO"], time(17, 30, tzinfo=UTC), "without a time zone"),
    ],
)
def test_a_choice_that_cannot_be_a_reminder_is_refused_clearly(days, at, message) -> None:
    with pytest.raises(ReminderError, match=re.escape(message)):
        choose(days, at)
    with pytest.raises(ReminderError, match=re.escape(message)):
        reminder_ics(days, at, TUESDAY)


@pytest.mark.parametrize("minutes", [0, -5, 241, True, 15.0])
def test_a_length_out_of_range_is_refused(minutes) -> None:
    with pytest.raises(ReminderError, match="from 1 to 240 minutes"):
        reminder_ics(["MO"], time(9, 0), TUESDAY, minutes=minutes)


# -- remembering the choice -----------------------------------------------------------
def test_the_settings_defaults_are_no_days_at_the_default_time() -> None:
    defaults = Settings()
    assert remembered(defaults.reminder_days, defaults.reminder_time) == ([], DEFAULT_TIME)
    assert set(as_settings([], DEFAULT_TIME)) <= {f.name for f in dataclasses.fields(Settings)}


def test_a_choice_is_remembered_as_two_settings_and_read_back() -> None:
    stored = as_settings(["FR", "MO"], time(8, 45))
    assert stored == {"reminder_days": "MO,FR", "reminder_time": "08:45"}
    assert remembered(stored["reminder_days"], stored["reminder_time"]) == (["MO", "FR"], time(8, 45))
    assert as_settings([], time(8, 45)) == {"reminder_days": "", "reminder_time": "08:45"}  # no reminder yet


def test_remembered_settings_that_cannot_be_read_fall_back_kindly() -> None:
    # An imported file can bring any text; the page must still open.
    assert remembered("MO, xx,,fr,MO", "teatime") == (["MO", "FR"], DEFAULT_TIME)
    assert remembered("nonsense", "25:00") == ([], DEFAULT_TIME)


def test_storing_refuses_unknown_days() -> None:
    with pytest.raises(ReminderError, match="isn't a day of the week"):
        as_settings(["Monday"], time(9, 0))


# -- every choice ------------------------------------------------------------------------
day_sets = st.sets(st.sampled_from(IDS), min_size=1)
times = st.builds(time, st.integers(0, 23), st.integers(0, 59))
starts = st.dates(min_value=date(2000, 1, 1), max_value=date(2100, 12, 31))


@given(days=day_sets, at=times, start=starts, minutes=st.integers(1, 240))
def test_any_choice_makes_a_reminder_on_exactly_those_days_at_that_time(days, at, start, minutes) -> None:
    data = reminder_ics(list(days), at, start, minutes)
    _, event = _event(data)
    in_order = [d for d in IDS if d in days]
    assert event["RRULE"] == {"FREQ": ["WEEKLY"], "BYDAY": in_order}
    first = event.start
    assert first.tzinfo is None and first.time() == at
    assert start <= first.date() < start + timedelta(days=7)
    assert IDS[first.weekday()] in days
    assert all(IDS[(start + timedelta(days=n)).weekday()] not in days for n in range((first.date() - start).days))
    assert event.duration == timedelta(minutes=minutes)
    # The next fortnight of reminders, as a calendar would expand them: each chosen day, at that time.
    rule = rrulestr(event["RRULE"].to_ical().decode(), dtstart=first)
    upcoming = rule.between(first - timedelta(seconds=1), first + timedelta(days=14))  # [first, first + 14 days)
    assert len(upcoming) == 2 * len(days)
    assert {IDS[when.weekday()] for when in upcoming} == days
    assert all(when.time() == at for when in upcoming)
    assert all(len(line) <= 75 for line in data.split(b"\r\n"))


@given(st.text(max_size=8))
def test_a_time_is_either_read_exactly_as_written_or_refused(text: str) -> None:
    try:
        choice = choose(["MO"], text)
    except ReminderError as error:
        assert "HH:MM" in str(error)
    else:
        assert f"{choice.at:%H:%M}" == text


@given(times)
def test_every_time_of_day_round_trips_through_the_setting(at: time) -> None:
    stored = as_settings(["SU"], at)
    assert remembered(stored["reminder_days"], stored["reminder_time"]) == (["SU"], at)
