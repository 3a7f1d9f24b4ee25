"""The Settings page: the reminder a person puts in their own calendar, remembered; the toggles still work."""

from __future__ import annotations

from datetime import datetime, time

import pytest
from icalendar import Calendar
from streamlit.runtime.memory_media_file_storage import MemoryMediaFileStorage

from journal import accounts
from journal.content.library import library
from journal.reflect import entries, settings
from journal.reflect.entries import EntryInput
from journal.store import Database
from journal.ui import nav
from tests.app.conftest import sign_in, sign_up, user_id
from tests.factories import TODAY

pytestmark = pytest.mark.usefixtures("fixed_clock")  # the app in-process reads TODAY from the held clock

PAGE = nav.SETTINGS.file
DAYS = "settings.reminder_days"
TIME = "settings.reminder_time"
NO_DAYS = "Choose at least one day, and your reminder will be ready to download."


@pytest.fixture
def downloads(monkeypatch: pytest.MonkeyPatch) -> list[tuple[bytes, str, str | None]]:
    """Every file Streamlit is handed to serve, recorded as it is stored (AppTest drops its media store after a run)."""
    files: list[tuple[bytes, str, str | None]] = []
    store = MemoryMediaFileStorage.load_and_get_id

    def recording(self, path_or_data, mimetype, kind, filename=None):
        files.append((path_or_data, mimetype, filename))
        return store(self, path_or_data, mimetype, kind, filename)

    monkeypatch.setattr(MemoryMediaFileStorage, "load_and_get_id", recording)
    return files


def on_the_page(at):
    at.switch_page(PAGE).run()
    assert not at.exception, at.exception
    return at


def test_with_no_days_chosen_there_is_a_kind_word_and_nothing_to_download(app, downloads) -> None:
    at = on_the_page(sign_up(app(), "Sam"))
    assert "Harbour never sends reminders or notifications" in " ".join(m.value for m in at.markdown)
    assert at.multiselect(key=DAYS).value == []
    assert at.time_input(key=TIME).value == time(17, 30)
    assert [i.value for i in at.info] == [NO_DAYS]
    assert len(at.download_button) == 0
    assert not any(mime == "text/calendar" for _, mime, _ in downloads)


def test_a_chosen_reminder_is_kept_and_offered_as_a_calendar_file(app, db: Database, downloads) -> None:
    at = on_the_page(sign_up(app(), "Sam"))
    entries.save_new(db, user_id(at), "e1", EntryInput("free", {"text": "A hard talk with Priya."}), library())

    at.multiselect(key=DAYS).set_value(["FR", "MO"]).run()
    at.time_input(key=TIME).set_value(time(8, 45)).run()
    assert not at.exception

    assert (settings.get(db, user_id(at)).reminder_days, settings.get(db, user_id(at)).reminder_time) == (
        "MO,FR",
        "08:45",
    )
    assert not at.info
    [button] = at.download_button
    assert button.label == "Download the reminder (.ics)"
    data, mime, file_name = downloads[-1]
    assert (mime, file_name) == ("text/calendar", "harbour-reminder.ics")
    [event] = Calendar.from_ical(data).events
    assert event["RRULE"] == {"FREQ": ["WEEKLY"], "BYDAY": ["MO", "FR"]}
    first = event.start
    assert first.tzinfo is None and first.time() == time(8, 45) and first.strftime("%a") in ("Mon", "Fri")
    assert 0 <= (first.date() - TODAY).days < 7
    for private in (b"Sam", user_id(at).encode(), b"Priya", b"hard talk"):
        assert private not in data


def test_the_choice_is_there_in_a_fresh_session(app, db: Database) -> None:
    at = on_the_page(sign_up(app(), "Sam"))
    at.multiselect(key=DAYS).set_value(["WE"]).run()
    at.time_input(key=TIME).set_value(time(19, 0)).run()

    again = on_the_page(sign_in(app(), "Sam"))
    assert again.multiselect(key=DAYS).value == ["WE"]
    assert again.time_input(key=TIME).value == time(19, 0)
    assert [b.label for b in again.download_button] == ["Download the reminder (.ics)"]


def test_taking_every_day_away_keeps_the_time_and_withdraws_the_download(app, db: Database) -> None:
    at = on_the_page(sign_up(app(), "Sam"))
    at.multiselect(key=DAYS).set_value(["SA", "SU"]).run()
    at.time_input(key=TIME).set_value(time(10, 15)).run()
    at.multiselect(key=DAYS).set_value([]).run()
    assert not at.exception
    stored = settings.get(db, user_id(at))
    assert (stored.reminder_days, stored.reminder_time) == ("", "10:15")
    assert [i.value for i in at.info] == [NO_DAYS]
    assert len(at.download_button) == 0


def test_a_stored_choice_that_cannot_be_read_still_opens_the_page(app, db: Database) -> None:
    at = sign_up(app(), "Sam")
    settings.update(db, user_id(at), reminder_days="MO,someday", reminder_time="teatime")  # as an import could
    on_the_page(at)
    assert at.multiselect(key=DAYS).value == ["MO"]
    assert at.time_input(key=TIME).value == time(17, 30)
    assert len(at.download_button) == 1


def test_the_toggles_still_save_and_leave_the_reminder_alone(app, db: Database) -> None:
    at = on_the_page(sign_up(app(), "Sam"))
    at.multiselect(key=DAYS).set_value(["TH"]).run()
    at.toggle(key="settings.ask_when_tone_differs").set_value(False).run()
    at.toggle(key="settings.cbi_include_client").set_value(True).run()
    assert not at.exception
    stored = settings.get(db, user_id(at))
    assert (stored.ask_when_tone_differs, stored.cbi_include_client, stored.reminder_days) == (False, True, "TH")
    assert at.multiselect(key=DAYS).value == ["TH"]


def test_the_download_is_made_for_today(app, downloads) -> None:
    at = on_the_page(sign_up(app(), "Sam"))
    at.multiselect(key=DAYS).set_value(["MO", "TU", "WE", "TH", "FR", "SA", "SU"]).run()
    [event] = Calendar.from_ical(downloads[-1][0]).events
    assert event.start == datetime.combine(TODAY, time(17, 30))  # every day chosen: it starts today


# -- how Harbour looks and celebrates -------------------------------------------------------------------------
def _save_a_win(at):
    at.switch_page(nav.WRITE.file).run()
    at.button(key="pick.win").click().run()
    next(t for t in at.text_area if t.key and t.key.endswith(".a.the_win")).input("Three new people came along.")
    next(b for b in at.button if b.key and b.key.endswith(".save")).click().run()
    assert not at.exception, at.exception
    return at


def _balloons(at) -> int:
    return len(at.get("balloons"))


def test_a_win_is_celebrated_with_balloons_unless_a_quiet_message_is_chosen(app, db: Database) -> None:
    at = _save_a_win(on_the_page(sign_up(app(), "Sam")))
    assert _balloons(at) == 1  # the default
    on_the_page(at).radio(key="settings.celebrate_with").set_value("message").run()
    assert not at.exception
    assert settings.get(db, user_id(at)).celebrate_with == "message"
    _save_a_win(at)
    assert _balloons(at) == 0
    assert [s.value for s in at.success] == [
        "Saved, and noted as a little big thing. Small steps add up: well done for noticing this one."
    ]
    again = _save_a_win(on_the_page(sign_in(app(), "Sam")))  # kept for the person, in a fresh session too
    assert _balloons(again) == 0 and len(again.success) == 1


def _theme_scripts(at) -> list[str]:
    return [h.proto.body for h in at.sidebar.get("html") if "stActiveTheme" in h.proto.body]


def test_the_appearance_is_kept_and_asked_of_the_browser_only_when_it_may_differ(app, db: Database) -> None:
    at = on_the_page(sign_up(app(), "Sam"))
    assert _theme_scripts(at) == []  # the browser's sign-in cookie is still being set: a reload now could lose it
    signed_up = at.session_state["harbour.user"]
    at = app()  # a session whose cookie is settled, as after the browser's next click
    at.session_state["harbour.session"] = accounts.start_session(db, signed_up.id)
    at.session_state["harbour.user"] = signed_up
    at.run()
    on_the_page(at)
    assert at.radio(key="settings.appearance").value == "device"
    at.radio(key="settings.appearance").set_value("dark").run()
    assert settings.get(db, user_id(at)).appearance == "dark"
    scripts = _theme_scripts(at)
    assert len(scripts) == 1 and 'JSON.stringify("Dark")' in scripts[0]
    at.run()  # asked once: the browser reloads itself if it needs to
    assert _theme_scripts(at) == []
    assert on_the_page(sign_in(app(), "Sam")).radio(key="settings.appearance").value == "dark"
