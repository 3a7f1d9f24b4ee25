"""A practitioner invites a coach, shares a chart and one entry; the coach sees exactly those; the practitioner
revokes, and from the coach's next click they see nothing. Two browsers, one real server."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from axe_playwright_python.sync_playwright import Axe
from e2e_support import PASSWORD, AppServer, Harbour, person_in_own_browser
from playwright.sync_api import Browser, expect

from journal.together import coaching
from journal.ui import coaching as coaching_ui

SHARED = "Handover went better today: we used the new checklist."
PRIVATE = "Private: worried about the audit and my manager."
SERIOUS = {"serious", "critical"}


@pytest.fixture
def coach(browser: Browser, app_server: AppServer) -> Iterator[Harbour]:
    """A second person in a browser of their own."""
    yield from person_in_own_browser(browser, app_server)


def _check_in(harbour: Harbour, words: str, mood: str, energy: str) -> None:
    harbour.click("Quick check-in · 1 min")
    harbour.commit(harbour.page.get_by_label("One line about today"), words)
    harbour.choose("How are you feeling?", mood)
    harbour.choose("How is your energy?", energy)
    harbour.click("Save")
    expect(harbour.page.get_by_text("Saved to your journal.")).to_be_visible()


def _create_account(harbour: Harbour, name: str) -> None:
    page = harbour.page
    page.get_by_role("tab", name="Create an account").click()  # switching tabs runs nothing on the server
    form = page.get_by_test_id("stForm").filter(has=page.get_by_role("button", name="Create account"))
    form.get_by_label("Your name (to sign in with)").fill(name)
    form.get_by_label("Password", exact=True).fill(PASSWORD)
    form.get_by_label("Password again", exact=True).fill(PASSWORD)
    harbour.rerun(form.get_by_role("button", name="Create account").click)
    expect(harbour.heading("Write")).to_be_visible()


def _flip(harbour: Harbour, label: str) -> None:
    harbour.rerun(lambda: harbour.page.get_by_text(label, exact=True).click())


def _share(harbour: Harbour, toggle: str) -> None:
    """Turn a sharing toggle on, then give the password it asks for."""
    _flip(harbour, toggle)
    harbour.page.get_by_label("Your password", exact=True).fill(PASSWORD)
    harbour.click("Share")
    expect(harbour.page.get_by_text("Shared with your coach", exact=False).first).to_be_visible()


def _serious(harbour: Harbour) -> list[str]:
    harbour.page.wait_for_timeout(300)  # charts draw after the script run ends
    violations = Axe().run(harbour.page).response["violations"]
    return [f"{v['id']}: {v['help']} at {[n['target'] for n in v['nodes'][:3]]}" for v in violations
            if v["impact"] in SERIOUS]  # fmt: skip


def test_a_coach_sees_exactly_the_chart_and_entry_shared_and_nothing_after_revoking(
    harbour: Harbour, coach: Harbour
) -> None:
    mentee, page = harbour, harbour.page
    mentee.open()
    mentee.create_first_account("Priya")
    _check_in(mentee, SHARED, "4 · Good", "3 · Getting by")
    _check_in(mentee, PRIVATE, "2 · A bit low", "2 · Running low")

    mentee.go_to("Your coach")
    mentee.click("Make an invitation code")
    code = page.get_by_test_id("stCode").locator("code").inner_text().strip()
    assert coaching.canonical_code(code) is not None

    coach.open()
    _create_account(coach, "Kit")
    coach.go_to("People you coach")
    coach.page.get_by_label("Invitation code").fill(code)  # inside a form: sent with the button
    coach.click("Accept the invitation")
    expect(coach.page.get_by_text("Priya", exact=True)).to_be_visible()
    expect(coach.page.get_by_text(coaching_ui.NOTHING_SHARED)).to_be_visible()

    mentee.go_to("Your coach")
    expect(page.get_by_text("Kit", exact=True)).to_be_visible()
    _share(mentee, "Charts of your mood and energy")
    _share(mentee, "Entries you choose, one at a time")
    assert _serious(mentee) == []
    mentee.go_to("Journal")
    mentee.rerun(page.get_by_role("button", name="Open", exact=True).last.click)  # the older: newest first
    expect(page.get_by_text(SHARED, exact=True)).to_be_visible()
    _share(mentee, "Shared with this coach")

    coach.go_to("People you coach")  # the coach's next click
    cpage = coach.page
    expect(cpage.get_by_text("Shared with you:", exact=False)).to_be_visible()
    expect(coach.heading("Mood and energy")).to_be_visible()
    expect(cpage.get_by_test_id("stVegaLiteChart")).to_have_count(len(coaching.CHART_PANELS))
    expect(cpage.get_by_role("button", name="Read it")).to_have_count(1)
    assert _serious(coach) == []
    coach.click("Read it")
    expect(cpage.get_by_text(SHARED, exact=True)).to_be_visible()
    assert "audit" not in cpage.content()

    mentee.go_to("Your coach")
    _flip(mentee, "Charts of your mood and energy")
    _flip(mentee, "Entries you choose, one at a time")
    expect(page.get_by_text("Stopped sharing", exact=False).first).to_be_visible()

    coach.go_to("People you coach")  # still on the entry they had open
    expect(cpage.get_by_text(coaching.ENTRY_NOT_SHARED)).to_be_visible()
    expect(cpage.get_by_text(SHARED)).to_have_count(0)
    coach.click("Back")
    expect(cpage.get_by_text(coaching_ui.NOTHING_SHARED)).to_be_visible()
    expect(cpage.get_by_test_id("stVegaLiteChart")).to_have_count(0)
    expect(cpage.get_by_role("button", name="Read it")).to_have_count(0)
    assert "Handover" not in cpage.content() and "audit" not in cpage.content()
    mentee.requests.assert_only_local()
    coach.requests.assert_only_local()
