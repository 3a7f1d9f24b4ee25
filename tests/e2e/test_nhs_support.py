"""After a distressing shift, in a real browser: write it down with no scale to fill in, plan the look back in four
weeks from "What next?" (a calendar file; the 3-day one is beside it), follow the signpost to Support and find the
employer's peer support and the NHS's own services there; then write a wellbeing plan and take it away as a PDF."""

from __future__ import annotations

from pathlib import Path

from e2e_support import Harbour
from icalendar import Calendar
from playwright.sync_api import expect

from journal import clock
from journal.content.support import content

SHAKEN = "Stayed with the family after the crash call. I keep seeing the room."
PLAN = "Lunch outside with the team, and leaving on time on Fridays"


def test_after_a_distressing_event_look_backs_and_peer_support_then_a_wellbeing_plan_to_download(
    harbour: Harbour, tmp_path: Path
) -> None:
    page = harbour.page
    harbour.open()
    harbour.create_first_account("Robin")

    harbour.click("After a traumatic or distressing event · 5 min")
    harbour.commit(page.get_by_label("What would you like to set down?"), SHAKEN)
    expect(page.get_by_role("radiogroup")).to_have_count(0)  # no mood, no energy, no rating of any kind
    harbour.click("Save")
    words = content().after_event
    expect(page.get_by_text(words.heading, exact=True)).to_be_visible()
    expect(page.get_by_role("button", name="Look back in 3 days")).to_be_visible()
    with page.expect_download() as downloading:
        harbour.rerun(lambda: page.get_by_role("button", name="Look back in 4 weeks").click())
    saved = tmp_path / "look-back.ics"
    downloading.value.save_as(saved)
    (event,) = Calendar.from_ical(saved.read_bytes()).walk("VEVENT")
    assert str(event["summary"]) == "Look back" and "crash" not in saved.read_text().lower()
    assert (event.decoded("dtstart").date() - clock.today()).days == 28
    expect(page.get_by_text(words.peer_support, exact=True)).to_be_visible()

    harbour.rerun(page.get_by_role("link", name="Support: people to talk to, and peer support").click)
    expect(harbour.heading("Support")).to_be_visible()
    for section in content().nhs:
        expect(page.get_by_text(section.title, exact=True)).to_be_visible()
    expect(harbour.heading("Your wellbeing plan")).to_have_count(0)  # none written yet

    harbour.go_to("Write")
    harbour.click("Wellbeing plan · 15 min")
    harbour.commit(page.get_by_label("What keeps you well at work?"), PLAN)
    harbour.click("Save")
    harbour.go_to("Support")
    expect(harbour.heading("Your wellbeing plan")).to_be_visible()
    with page.expect_download() as downloading:
        page.get_by_role("button", name="Download your plan (PDF)").click()
    pdf = downloading.value
    assert pdf.suggested_filename == f"wellbeing-plan-{clock.today().isoformat()}.pdf"
    assert pdf.path().read_bytes().startswith(b"%PDF")
