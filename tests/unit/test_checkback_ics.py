"""A look back's calendar file: one event on the day at the person's time (floating), an alarm, the link back into
Harbour, the same UID for the same choice, and none of the journal's words."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

import pytest
from icalendar import Calendar

from journal.reflect import checkbacks
from journal.reflect.checkbacks import Planned

DUE = date(2026, 11, 29)
STAMP = datetime(2026, 11, 26, 12, tzinfo=UTC)


def _planned(kind: str = "entry", about: str = "entry-1", at: time = time(17, 30)) -> Planned:
    return Planned(checkbacks.check_back_id("user-1", kind, about, DUE), kind, about, DUE, at)


def _event(data: bytes):
    calendar = Calendar.from_ical(data)
    events = calendar.walk("VEVENT")
    assert len(events) == 1
    return events[0]


def test_one_floating_event_on_the_day_at_the_time_with_an_alarm_and_the_link() -> None:
    planned = _planned(at=time(8, 15))
    link = checkbacks.link("https://harbour.example.nhs.uk/harbour/", planned.id)
    assert link == f"https://harbour.example.nhs.uk/harbour/?checkback={planned.id}"
    event = _event(checkbacks.ics(planned, link, stamp=STAMP))
    start = event.decoded("dtstart")
    assert start == datetime(2026, 11, 29, 8, 15) and start.tzinfo is None  # floating: the person's own clock
    assert event.decoded("duration") == timedelta(minutes=15)
    assert str(event["url"]) == link
    assert link in str(event["description"])
    assert str(event["summary"]) == "Look back"
    assert len(event.walk("VALARM")) == 1
    assert event["uid"] == f"{planned.id}@harbour"


def test_the_same_choice_gets_the_same_id_and_uid_and_another_day_or_person_another() -> None:
    first, again = _planned(), _planned()
    assert first.id == again.id
    a = _event(checkbacks.ics(first, "x", stamp=STAMP))["uid"]
    b = _event(checkbacks.ics(again, "x", stamp=STAMP + timedelta(hours=3)))["uid"]
    assert a == b
    assert checkbacks.check_back_id("user-2", "entry", "entry-1", DUE) != first.id
    assert checkbacks.check_back_id("user-1", "entry", "entry-1", DUE + timedelta(days=25)) != first.id


@pytest.mark.parametrize("kind", checkbacks.KINDS)
def test_no_journal_words_in_the_calendar(kind: str) -> None:
    text = checkbacks.ics(_planned(kind), "https://h.example/?checkback=1", stamp=STAMP).decode()
    for word in ("setback", "journal", "entry", "mood", "feel", "entry-1"):  # nor what it is about, by id
        assert word not in text.lower().replace("checkback", "")
    assert "SUMMARY:" + checkbacks.SUMMARIES[kind] in text


def test_the_look_back_template_is_reviewed_and_kept_off_the_list_to_pick(lib) -> None:
    template = lib.template(checkbacks.TEMPLATE)
    assert template.name == "Looking back" and 2 <= len(template.fields) <= 3
    assert checkbacks.TEMPLATE not in [t.id for t in lib.templates]
    assert checkbacks.in_days_label(3) == "in 3 days" and checkbacks.in_days_label(28) == "in 4 weeks"
