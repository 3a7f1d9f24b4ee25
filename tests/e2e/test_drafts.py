"""Unfinished writing is kept: it survives a reload (a new browser session), a server restart and signing in again."""

from __future__ import annotations

import re

from e2e_support import Harbour
from playwright.sync_api import expect

WRITING = "Half a thought about the ward round,\nand why the handover felt rushed today."
KEPT = "Unfinished writing, kept for you"
WAITING = re.compile(r"^Free writing · last typed \d\d \w{3}, \d\d:\d\d \S+$")


def test_a_draft_survives_a_reload_and_a_server_restart_until_discarded(harbour: Harbour) -> None:
    page = harbour.page
    harbour.open()
    harbour.create_first_account("Robin")

    harbour.click("Free writing · 10 min")
    box = page.get_by_label("Write freely")
    harbour.commit(box, WRITING)  # leaving the box sends the text; that run keeps it as a draft

    # A reload is a new browser session: still signed in (the cookie), and the draft is waiting.
    harbour.reload()
    expect(page.get_by_text(KEPT, exact=True)).to_be_visible()
    expect(page.get_by_text(WAITING)).to_be_visible()
    harbour.click("Resume")
    expect(page.get_by_label("Write freely")).to_have_value(WRITING)

    harbour.server.stop()
    harbour.server.start()
    harbour.rerun(lambda: page.goto(harbour.server.url + "/"), new_page=True)  # still signed in after the restart
    expect(page.get_by_text(KEPT, exact=True)).to_be_visible()
    expect(page.get_by_text(WAITING)).to_be_visible()
    page.get_by_role("button", name="Discard", exact=True).click()  # a pop-over asks first; opening it runs nothing
    harbour.click("Yes, discard it")
    expect(page.get_by_text(KEPT)).to_have_count(0)
    expect(page.get_by_text(WAITING)).to_have_count(0)

    # Discarding is for good: a fresh session finds nothing waiting, signed in afresh or not.
    harbour.reload()
    expect(page.get_by_text("What would you like to reflect on?")).to_be_visible()
    expect(page.get_by_text(KEPT)).to_have_count(0)
    harbour.click("Sign out")
    harbour.sign_in("Robin")
    expect(page.get_by_text("What would you like to reflect on?")).to_be_visible()
    expect(page.get_by_text(KEPT)).to_have_count(0)
