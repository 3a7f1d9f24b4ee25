"""A newcomer creates an account, takes part of the tour, writes an 'after a 1-to-1' reflection, and finds it by
search."""

from __future__ import annotations

import re

import pytest
from e2e_support import DEMO_BUILD_SECONDS, Harbour
from playwright.sync_api import expect

# Markup and script a person might paste: it must come back as the characters they typed, and never run.
AGREED = (
    "Meet again at the lighthouse cafe on Tuesday. <b>bold</b> <script>window.__pwned=1</script> "
    "![x](http://evil.example/p.png)"
)
CHECK_IN = "Tired, but the rota is sorted for next week."


def test_newcomer_writes_a_one_to_one_and_finds_it_by_search(harbour: Harbour) -> None:
    page = harbour.page
    harbour.open()
    log = harbour.server.output()
    assert log.count("Harbour is ready: open http://") == 1, log  # one clear line says where to go
    assert "You can now view your Streamlit app" not in log
    harbour.create_first_account("Priya")

    # The tour: offered to a newcomer, walked a step forward and back, then ended to start writing.
    harbour.click("Take the tour")
    expect(page.get_by_text("Tour · step 1 of 6")).to_be_visible()
    expect(page.get_by_text("Write, little and often")).to_be_visible()
    harbour.click("Next")
    expect(page.get_by_text("Celebrate the little big things")).to_be_visible()
    expect(page.get_by_role("link", name="Open Wins")).to_be_visible()
    harbour.click("End the tour")
    expect(page.get_by_text("Tour · step")).to_have_count(0)
    expect(page.get_by_text("New to Harbour?")).to_have_count(0)

    harbour.click("After a 1-to-1 · 5 min")
    expect(harbour.heading("After a 1-to-1")).to_be_visible()
    harbour.commit(page.get_by_label("Who did you meet?"), "JB")
    harbour.commit(page.get_by_label("What did you agree?"), AGREED)
    harbour.choose("How are you feeling?", "4 · Good")
    harbour.choose("How is your energy?", "2 · Running low")
    harbour.click("Save")
    expect(page.get_by_text("Saved to your journal.")).to_be_visible()

    # A second entry, a win, so that finding the first by search means something.
    harbour.click("Quick check-in · 1 min")
    harbour.commit(page.get_by_label("One line about today"), CHECK_IN)
    page.get_by_text("This was a win: a little big thing").click()  # in the check-in's form: sent with Save
    harbour.click("Save")
    expect(page.get_by_text("Saved, and noted as a little big thing.")).to_be_visible()

    harbour.go_to("Journal")
    expect(page.get_by_text("2 entries", exact=True)).to_be_visible()
    harbour.commit(page.get_by_label("Search your words"), "lighthouse")
    expect(page.get_by_text("1 of your 2 entries matches", exact=True)).to_be_visible()
    results = page.get_by_role("button", name="Open", exact=True)
    expect(results).to_have_count(1)
    expect(page.get_by_test_id("stMarkdown").filter(has_text="lighthouse")).to_have_count(1)  # where it matched
    expect(page.get_by_text("After a 1-to-1")).to_have_count(1)
    expect(page.get_by_text(CHECK_IN)).to_have_count(0)

    harbour.rerun(results.click)
    expect(page.get_by_role("button", name="Back to all entries")).to_be_visible()
    expect(page.get_by_text("Mood: Good (4/5) · Energy: Running low (2/5)")).to_be_visible()
    expect(page.get_by_text("JB", exact=True).first).to_be_visible()  # (and again where its actions offer JB's name)
    # Shown literally: the tags and the markdown are visible as characters...
    agreed = page.get_by_text(AGREED, exact=True)
    expect(agreed).to_be_visible()
    expect(agreed).to_contain_text("<b>bold</b>")
    expect(agreed).to_contain_text("![x](")
    # ...and none of it became markup, ran, or fetched anything.
    expect(page.locator("main b", has_text="bold")).to_have_count(0)
    expect(page.locator('img[src*="evil.example"]')).to_have_count(0)
    assert page.evaluate("typeof window.__pwned") == "undefined"
    harbour.requests.assert_only_local()


def test_newcomer_sees_both_entries_on_trends_and_the_win_on_wins(harbour: Harbour) -> None:
    page = harbour.page
    harbour.open()
    harbour.create_first_account("Sam")
    harbour.click("Quick check-in · 1 min")
    harbour.commit(page.get_by_label("One line about today"), CHECK_IN)
    harbour.choose("How are you feeling?", "4 · Good")
    page.get_by_text("This was a win: a little big thing").click()  # in the check-in's form: sent with Save
    harbour.click("Save")
    expect(page.get_by_text("Saved, and noted as a little big thing.")).to_be_visible()

    harbour.go_to("Trends")
    expect(page.get_by_text("You reflected on 1 of the last 14 days").first).to_be_visible()
    expect(page.get_by_test_id("stVegaLiteChart").first).to_be_visible()

    harbour.rerun(page.get_by_test_id("stSidebar").get_by_role("link", name="Wins", exact=True).click)
    expect(harbour.heading("Little big things")).to_be_visible()
    expect(page.get_by_text(CHECK_IN)).to_be_visible()
    harbour.requests.assert_only_local()


@pytest.mark.demo_ahead
def test_exploring_the_demo_as_the_server_starts_says_how_far_making_it_has_got(harbour: Harbour) -> None:
    """The server makes the demo as it starts; a click that comes first sees words and a bar, not a stuck page."""
    page = harbour.page
    harbour.open()
    page.get_by_role("button", name="Explore the demo").click()
    progress = page.get_by_test_id("stProgress")
    expect(progress).to_be_visible()
    making = re.compile(r"example journal ready|example reflections|peer group|coach")
    expect(page.get_by_test_id("stMain").get_by_text(making).first).to_be_visible()
    expect(harbour.heading("Write")).to_be_visible(timeout=DEMO_BUILD_SECONDS * 1000)
    expect(progress).to_have_count(0)
    expect(page.get_by_text("You're exploring an example journal")).to_be_visible()
