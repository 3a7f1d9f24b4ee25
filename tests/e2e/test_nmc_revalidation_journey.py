"""A nurse in a real browser: chooses the NMC, sees the progress card on Write, logs CPD hours and keeps a piece of
feedback, sees the card change, and downloads the revalidation portfolio PDF with both in it."""

from __future__ import annotations

from pathlib import Path

from e2e_support import Harbour
from playwright.sync_api import expect

from tests.unit.test_reflective import flat, read_pdf

FEEDBACK = "A relative said the discharge plan was explained with real patience."
TOPIC = "Falls prevention on an older people's ward"


def card(page, words: str):
    return page.get_by_text(f"Your revalidation so far: {words}.", exact=True)


def test_a_nurse_keeps_feedback_sees_the_card_change_and_downloads_the_portfolio(
    harbour: Harbour, tmp_path: Path
) -> None:
    page = harbour.page
    harbour.open()
    harbour.create_first_account("Robin")
    expect(page.get_by_text("Your revalidation so far", exact=False)).to_have_count(0)  # no regulator yet

    harbour.go_to("Revalidation and CPD")
    page.get_by_role("combobox", name="Your regulator").click()  # opening the list runs nothing on the server
    harbour.rerun(lambda: page.get_by_role("option", name="Nursing and Midwifery Council (NMC)", exact=False).click())
    expect(page.get_by_role("tab", name="Progress")).to_be_visible()

    harbour.go_to("Write")
    expect(card(page, "0 of 5 reflective accounts, 0 of 35 CPD hours, no feedback yet")).to_be_visible()

    harbour.go_to("Revalidation and CPD")
    page.get_by_role("tab", name="CPD log", exact=True).click()  # switching tabs runs nothing on the server
    harbour.commit(page.get_by_label("Hours", exact=True).first, "3")  # the CPD log's, before Practice hours
    harbour.commit(page.get_by_label("Minutes", exact=True), "30")
    harbour.choose("Was it participatory?", "Yes")
    harbour.commit(page.get_by_label("What it was about (the topic)"), TOPIC)
    harbour.click("Keep it")
    expect(page.get_by_text("Kept in your log. Small steps add up.")).to_be_visible()
    expect(page.get_by_text(f"A course or workshop · {TOPIC}", exact=True)).to_be_visible()  # as typed, as text

    harbour.go_to("Write")
    expect(card(page, "0 of 5 reflective accounts, 3.5 of 35 CPD hours, no feedback yet")).to_be_visible()

    harbour.go_to("Revalidation and CPD")
    page.get_by_role("tab", name="Feedback", exact=True).click()  # switching tabs runs nothing on the server
    page.get_by_label("What it said").fill(FEEDBACK)
    harbour.click("Keep this feedback")
    expect(page.get_by_text("Your feedback is kept for your revalidation.")).to_be_visible()

    harbour.go_to("Write")
    expect(card(page, "0 of 5 reflective accounts, 3.5 of 35 CPD hours, 1 of 5 pieces of feedback")).to_be_visible()
    harbour.rerun(page.get_by_role("link", name="Revalidation and CPD").last.click)
    page.get_by_role("tab", name="Portfolio", exact=True).click()
    with page.expect_download() as download:
        page.get_by_role("button", name="Download your portfolio (PDF)").click()
    saved = tmp_path / download.value.suggested_filename
    download.value.save_as(saved)
    text = flat(read_pdf(saved.read_bytes()))
    assert text.startswith("Revalidation portfolio")
    assert FEEDBACK in text and "1 piece of practice-related feedback" in text
    assert TOPIC in text and "3.5 hours" in text
    harbour.requests.assert_only_local()
