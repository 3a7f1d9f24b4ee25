"""The main journeys on a phone (390 × 844, touch, a phone's browser): a quick check-in by thumb in two server round
trips, a menu that gets out of the way once a page is chosen, a bookmark that opens a check-in, and touch targets
of at least 44 × 44 px."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from e2e_support import AppServer, Harbour, person_in_own_browser
from playwright.sync_api import Browser, Locator, expect

from journal.ui import nav

TARGET_PX = 44  # WCAG 2.5.5: the smallest comfortable target for a fingertip
LINE = "Tired but glad"


@pytest.fixture
def screen() -> str:
    return "phone"


def _size(target: Locator) -> tuple[float, float]:
    box = target.bounding_box()
    assert box is not None, f"{target} is not on screen"
    return box["width"], box["height"]


def _too_small(targets: dict[str, Locator]) -> dict[str, tuple[float, float]]:
    sizes = {name: _size(target) for name, target in targets.items()}
    return {name: size for name, size in sizes.items() if min(size) < TARGET_PX}


def test_a_quick_check_in_by_thumb_takes_two_round_trips_and_nothing_greys_out(harbour: Harbour) -> None:
    page = harbour.page
    harbour.open()
    harbour.create_first_account("Priya")
    before = harbour.runs.mark()
    harbour.rerun(lambda: page.get_by_role("button", name="Quick check-in · 1 min").tap())
    opened = harbour.runs.finished
    page.get_by_role("radiogroup", name="How are you feeling?").get_by_text("2 · A bit low", exact=True).tap()
    page.get_by_role("radiogroup", name="How is your energy?").get_by_text("4 · Steady", exact=True).tap()
    page.get_by_label("One line about today").tap()
    page.keyboard.type(LINE)
    page.get_by_text("This was a win: a little big thing").tap()
    page.wait_for_timeout(300)  # long enough for a run to have started, had a choice sent one
    assert harbour.runs.finished == opened, "choosing and typing in the check-in ran the script"
    expect(page.locator('[data-stale="true"]')).to_have_count(0)  # nothing greyed out, waiting for the server
    expect(page.get_by_role("radio", name="2 · A bit low")).to_be_checked()
    page.emulate_media(reduced_motion="reduce")  # this person's phone asks for less motion
    harbour.rerun(lambda: page.get_by_role("button", name="Save", exact=True).tap())
    expect(page.get_by_text("Saved, and noted as a little big thing.")).to_be_visible()
    balloons = page.get_by_test_id("stBalloons")
    expect(balloons).to_have_count(1)  # a win is still celebrated, in words, with the balloons hidden
    expect(balloons).to_have_css("display", "none")
    assert harbour.runs.socket == before[0]
    assert harbour.runs.finished - before[1] <= 2, f"{harbour.runs.finished - before[1]} script runs, not at most 2"

    harbour.go_to("Journal")
    harbour.rerun(page.get_by_role("button", name="Open", exact=True).tap)
    expect(page.get_by_text("Mood: A bit low (2/5) · Energy: Steady (4/5)")).to_be_visible()
    expect(page.get_by_text(LINE, exact=True)).to_be_visible()


def test_the_menu_closes_once_a_page_is_chosen(harbour: Harbour) -> None:
    page = harbour.page
    harbour.open()
    harbour.create_first_account("Priya")
    sidebar = page.get_by_test_id("stSidebar")
    expect(sidebar).to_have_attribute("data-collapsed", "true")  # a phone starts with the page, not the menu
    page.get_by_test_id("stExpandSidebarButton").tap()
    expect(sidebar).to_have_attribute("data-collapsed", "false")
    harbour.rerun(sidebar.get_by_role("link", name="Trends", exact=True).tap)
    expect(harbour.heading("Trends")).to_be_visible()
    expect(sidebar).to_have_attribute("data-collapsed", "true")
    page.wait_for_timeout(400)  # the sidebar slides away (300 ms)
    box = sidebar.bounding_box()
    assert box is None or box["x"] + box["width"] <= 1, f"the menu still covers the page: {box}"
    # Chosen again after a reload: the menu remembers nothing that keeps it open.
    harbour.reload()
    expect(sidebar).to_have_attribute("data-collapsed", "true")


@pytest.fixture
def laptop(browser: Browser, app_server: AppServer) -> Iterator[Harbour]:
    yield from person_in_own_browser(browser, app_server, "laptop")


def test_a_laptop_keeps_its_sectioned_menu_open(laptop: Harbour) -> None:
    laptop.open()
    laptop.create_first_account("Priya")
    sidebar = laptop.page.get_by_test_id("stSidebar")
    expect(sidebar.get_by_text("Patterns", exact=True)).to_be_visible()  # Harbour's own menu, with its sections
    laptop.go_to("Trends")
    expect(sidebar).to_have_attribute("data-collapsed", "false")
    expect(sidebar.get_by_role("link", name="Journal", exact=True)).to_be_visible()


def test_a_bookmark_opens_a_quick_check_in_after_signing_in_and_once(harbour: Harbour) -> None:
    page = harbour.page
    address = harbour.server.url + nav.start_address("checkin")
    harbour.rerun(lambda: page.goto(address), new_page=True)
    expect(harbour.heading("Harbour")).to_be_visible()  # signed out: Welcome first
    harbour.create_first_account("Priya")
    expect(harbour.heading("Quick check-in")).to_be_visible()
    expect(page.get_by_label("One line about today")).to_be_visible()
    assert "start=" not in page.url
    harbour.reload()  # signed in still, from the cookie; the address no longer asks for a check-in
    expect(harbour.heading("Write")).to_be_visible()
    expect(harbour.heading("Quick check-in")).to_have_count(0)
    harbour.rerun(lambda: page.goto(address), new_page=True)  # from the home screen, signed in
    expect(harbour.heading("Quick check-in")).to_be_visible()


def test_touch_targets_are_at_least_44_px(harbour: Harbour) -> None:
    page = harbour.page
    harbour.open()
    harbour.create_first_account("Priya")
    choices = {
        name: page.get_by_role("button", name=name, exact=True)
        for name in ("Quick check-in · 1 min", "After a setback · 10 min", "Surprise me with a prompt")
    }
    assert _too_small(choices) == {}
    harbour.rerun(lambda: page.get_by_role("button", name="Quick check-in · 1 min").tap())
    targets: dict[str, Locator] = {}
    for question in ("How are you feeling?", "How is your energy?"):
        options = page.get_by_role("radiogroup", name=question).get_by_test_id("stRadioOption")
        expect(options).to_have_count(5)  # drawn once the radio's code has loaded
        for option in options.all():
            targets[f"{question} {option.inner_text()}"] = option  # the label takes the tap, not only the circle
    assert len(targets) == 10
    for name in ("Save", "Close — keep as a draft", "Discard"):
        targets[name] = page.get_by_role("button", name=name, exact=True)
    assert _too_small(targets) == {}

    page.get_by_label("One line about today").fill(LINE)
    harbour.rerun(lambda: page.get_by_role("button", name="Close — keep as a draft").tap())
    expect(page.get_by_text("Unfinished writing, kept for you")).to_be_visible()
    drafts = {name: page.get_by_role("button", name=name, exact=True) for name in ("Resume", "Discard")}
    assert _too_small(drafts) == {}
    drafts["Discard"].tap()  # a pop-over asks first; opening it runs nothing
    harbour.rerun(lambda: page.get_by_role("button", name="Yes, discard it").tap())
    expect(page.get_by_text("Unfinished writing, kept for you")).to_have_count(0)
