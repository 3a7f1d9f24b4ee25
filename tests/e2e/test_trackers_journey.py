"""A tracker on a phone: made on Make it yours, answered on Write by thumb (kept at once, so it is still there after a
reload), with touch targets of at least 44 px, and its name shown exactly as typed."""

from __future__ import annotations

import pytest
from e2e_support import Harbour
from playwright.sync_api import expect

TARGET_PX = 44  # WCAG 2.5.5, as the phone journeys check
NAME = "took a <b>proper</b> break"  # shown as typed, never as HTML


@pytest.fixture
def screen() -> str:
    return "phone"


def test_a_tracker_made_answered_by_thumb_and_kept(harbour: Harbour) -> None:
    page = harbour.page
    harbour.open()
    harbour.create_first_account("Robin")
    harbour.go_to("Make it yours")
    harbour.commit(page.get_by_label("What would you like to keep an eye on?"), NAME)
    harbour.click("Add the tracker")
    expect(page.get_by_text(NAME, exact=True)).to_be_visible()
    expect(page.get_by_text("Tracker added. It's on Write now, ready for today.")).to_be_visible()

    harbour.go_to("Write")
    panel = page.locator(".st-key-trackers-today")
    expect(panel.get_by_text(NAME, exact=True).first).to_be_visible()
    yes = panel.get_by_role("radiogroup").first.locator("[data-testid='stRadioOption']").first
    box = yes.bounding_box()
    assert box is not None and min(box["width"], box["height"]) >= TARGET_PX, box
    harbour.rerun(lambda: panel.get_by_text("Yes", exact=True).first.tap())
    expect(panel.get_by_role("radio", name="Yes", exact=True).first).to_be_checked()

    harbour.reload()  # a new session: the answer was kept when it was chosen
    panel = page.locator(".st-key-trackers-today")
    expect(panel.get_by_role("radio", name="Yes", exact=True).first).to_be_checked()
    harbour.click("Clear")
    expect(panel.get_by_role("radio", name="Yes", exact=True).first).not_to_be_checked()
