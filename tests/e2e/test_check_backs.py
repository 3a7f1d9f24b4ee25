"""A hard day, and coming back to it three days later from one's own calendar: write a setback, download the 3-day
look back from "What next?", read the link in the .ics, move the server's clock on three days, open the link (signing
in again first: the address waits), see the original beside the follow-up, save it, and find it on Wins under
"Coming back from setbacks"."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
import test_lasting_sign_in as lasting
from argon2 import PasswordHasher
from e2e_support import AppServer, Harbour, RequestLog
from icalendar import Calendar
from playwright.sync_api import BrowserContext, expect

from journal import accounts, clock
from journal.content.library import library
from journal.reflect import entries
from journal.reflect.entries import EntryInput
from journal.store import users
from journal.store.db import Database
from tests.factories import PASSWORD

ROBIN = "Robin"
clock_file = lasting.clock_file  # the fixture: a file with the server clock's offset, which a journey moves on
HARD_DAY = "The family meeting went badly and I left feeling I had let them down."
LOOKING_BACK = "Smaller now. I rang the daughter back and we talked it through properly."


@pytest.fixture
def usual_weeks(db_path: Path) -> None:
    """Robin's account and six weeks of steady check-ins before today, so a setback has a usual to come back to
    (written before the server opens the file: one process per database)."""
    db, lib = Database(db_path), library()
    try:
        row = users.UserRow(
            str(uuid.uuid4()),
            ROBIN,
            accounts.username_key(ROBIN),
            PasswordHasher().hash(PASSWORD),
            False,
            clock.utcnow(),
        )
        assert users.insert_first_is_admin(db, row)
        for days_ago in range(42, 0, -1):
            day = clock.today() - timedelta(days=days_ago)
            inp = EntryInput("checkin", {"line": "An ordinary day"}, mood=4, energy=4, entry_date=day)
            entries.save_new(db, row.id, str(uuid.uuid4()), inp, lib)
    finally:
        db.close()


@pytest.fixture
def clocked_server(
    chromium_path: str, db_path: Path, tmp_path: Path, clock_file: Path, usual_weeks: None
) -> Iterator[AppServer]:
    server = AppServer(db_path, tmp_path / "server.log", module="tests.e2e.clocked_serve")
    server.start()
    yield server
    server.stop()


def test_a_setback_looked_back_on_three_days_later_from_the_calendar_reaches_wins(
    context: BrowserContext, clocked_server: AppServer, clock_file: Path, tmp_path: Path
) -> None:
    robin = Harbour(context.new_page(), clocked_server, RequestLog())
    page = robin.page
    robin.open()
    robin.sign_in(ROBIN)

    robin.click("After a setback · 10 min")
    robin.commit(page.get_by_label("What happened?"), HARD_DAY)
    robin.choose("How are you feeling?", "2 · A bit low")
    robin.click("Save")
    expect(page.get_by_text("What next?", exact=True)).to_be_visible()

    with page.expect_download() as downloading:
        robin.rerun(lambda: page.get_by_role("button", name="Look back in 3 days").click())
    saved = tmp_path / "look-back.ics"
    downloading.value.save_as(saved)
    (event,) = Calendar.from_ical(saved.read_bytes()).walk("VEVENT")
    assert str(event["summary"]) == "Look back"
    assert "family" not in saved.read_text().lower()  # no journal words in the calendar
    link = str(event["url"])
    assert link.startswith(clocked_server.url + "/?checkback=")
    assert event.decoded("dtstart").date() == clock.today() + timedelta(days=3)
    expect(page.get_by_text("In your calendar file for", exact=False)).to_be_visible()

    clock_file.write_text(str(3 * 24 * 3600))  # three days on, on the server's clock (Robin's session has lapsed)
    robin.rerun(lambda: page.goto(link), new_page=True)
    expect(page.get_by_role("button", name="Sign in")).to_be_visible()
    robin.sign_in(ROBIN)  # the address's look back waits through signing in
    expect(page.get_by_text("Looking back on what you wrote then", exact=True)).to_be_visible()
    expect(page.get_by_text(HARD_DAY, exact=True)).to_be_visible()
    robin.commit(page.get_by_label("How does it look now?"), LOOKING_BACK)
    robin.click("Save")
    expect(page.get_by_text("Saved to your journal.")).to_be_visible()

    robin.rerun(robin.menu().get_by_role("link", name="Wins", exact=True).click)
    expect(robin.heading("Little big things")).to_be_visible()
    expect(robin.heading("Coming back from setbacks")).to_be_visible()
    expect(page.get_by_text("What you wrote looking back", exact=True)).to_be_visible()
    expect(page.get_by_text(LOOKING_BACK, exact=True)).to_be_visible()
