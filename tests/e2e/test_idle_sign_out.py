"""An entry left open on a shared computer doesn't stay readable: the screen clears at the idle limit, no click needed.

The server runs with a short idle limit (HARBOUR_IDLE_MINUTES, as an organisation might set for ward computers),
so the limit passes while the test waits; nothing is asserted about how long anything took.
"""

from __future__ import annotations

import pytest
from e2e_support import Harbour
from playwright.sync_api import expect

from journal import accounts

WRITING = "Difficult conversation with a family this afternoon; I want to come back to what I said."


@pytest.fixture
def short_idle(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HARBOUR_IDLE_MINUTES", "0.1")  # six seconds; the server inherits it


def test_an_idle_screen_is_cleared_without_a_click_and_the_draft_is_kept(short_idle: None, harbour: Harbour) -> None:
    page = harbour.page
    harbour.open()
    harbour.create_first_account("Robin")
    harbour.click("Free writing · 10 min")
    box = page.get_by_label("Write freely")
    harbour.commit(box, WRITING)
    expect(box).to_have_value(WRITING)

    # Nobody touches anything: the screen's own check finds the session idle and shows Welcome.
    expect(page.get_by_text(accounts.SIGNED_OUT_IDLE)).to_be_visible(timeout=60_000)
    expect(harbour.heading("Harbour")).to_be_visible()
    expect(page.get_by_label("Write freely")).to_have_count(0)
    expect(page.get_by_text(WRITING)).to_have_count(0)
    expect(page.get_by_test_id("stSidebar").get_by_text("Robin", exact=True)).to_have_count(0)

    harbour.sign_in("Robin")  # the words were kept as a draft
    expect(page.get_by_text("Unfinished writing, kept for you", exact=True)).to_be_visible()
