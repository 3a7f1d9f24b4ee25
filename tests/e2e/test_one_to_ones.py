"""A week of 1-to-1s in a real browser: write "After a 1-to-1" with a follow-up, keep it as an action in
"What next?", find the person added to People you meet, tick the action done on Write, mark it a win, see it
on Wins."""

from __future__ import annotations

from e2e_support import Harbour
from playwright.sync_api import expect

FOLLOW_UP = "Send Priya the listening campaign notes"


def test_a_follow_up_becomes_an_action_then_a_win(harbour: Harbour) -> None:
    page = harbour.page
    harbour.open()
    harbour.create_first_account("Robin")

    harbour.click("After a 1-to-1 · 5 min")
    harbour.commit(page.get_by_label("Who did you meet?"), "Priya")
    harbour.commit(page.get_by_label("What did you agree?"), "To meet again in a month")
    harbour.commit(page.get_by_label("Your follow-up"), FOLLOW_UP)
    harbour.click("Save")
    expect(page.get_by_text("Saved to your journal.")).to_be_visible()

    # What next? The person named, offered as text, added in one click; the follow-up, ready to keep.
    next_steps = page.locator(".st-key-next-steps")
    expect(next_steps.get_by_text("What next?")).to_be_visible()
    harbour.click("Add them to People you meet")
    expect(next_steps.get_by_label("This 1-to-1 was with")).to_be_visible()
    expect(next_steps.get_by_label("Action").first).to_have_value(FOLLOW_UP)
    harbour.click("Keep these actions")
    expect(next_steps.get_by_text("1 action kept from this entry.")).to_be_visible()
    harbour.click("Done with this")

    # On Write, the open action waits in its own box; ticked done, then kept as a win.
    actions = page.locator(".st-key-open-actions")
    expect(actions.get_by_text(f"{FOLLOW_UP} (with Priya)")).to_be_visible()
    harbour.rerun(actions.get_by_role("button", name="Done", exact=True).click)
    expect(actions.get_by_text("all done")).to_be_visible()
    actions.get_by_text("Done and let go (1)").click()  # opening it runs nothing
    harbour.click("Mark as a win")
    expect(page.get_by_text("Kept as a win: you'll find it on Wins.")).to_be_visible()

    harbour.go_to("People you meet")
    expect(page.get_by_text("Priya", exact=True)).to_be_visible()
    expect(page.get_by_text("Last met today")).to_be_visible()

    harbour.rerun(harbour.menu().get_by_role("link", name="Wins", exact=True).click)
    expect(harbour.heading("Little big things")).to_be_visible()
    expect(page.get_by_text(FOLLOW_UP).first).to_be_visible()
