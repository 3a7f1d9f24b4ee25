"""A practitioner with a year behind them (the demo, explored from the first screen): the early warning and
its reasons, Support, the burnout check-in, and a reflective account for revalidation."""

from __future__ import annotations

import re
from pathlib import Path

from e2e_support import DEMO_BUILD_SECONDS, Harbour
from playwright.sync_api import expect


def test_a_returning_practitioner_sees_the_warning_checks_in_and_prints_a_reflective_account(
    harbour: Harbour, tmp_path: Path
) -> None:
    page = harbour.page
    harbour.open()
    harbour.rerun(page.get_by_role("button", name="Explore the demo").click, seconds=DEMO_BUILD_SECONDS)
    expect(page.get_by_text("You're exploring an example journal")).to_be_visible()
    expect(harbour.heading("Write")).to_be_visible()

    harbour.go_to("Trends")
    expect(page.get_by_role("heading", name="Early warning")).to_be_visible()
    expect(page.get_by_text(re.compile(r" since \w{3} \d{1,2} \w{3} \d{4}")).first).to_be_visible()  # what fired, when
    page.get_by_text("The data behind this").first.click()  # opening an expander runs nothing on the server
    expect(page.get_by_test_id("stDataFrame").first).to_be_visible()
    harbour.rerun(page.get_by_role("link", name="Support, if you want it").first.click)
    expect(harbour.heading("Support")).to_be_visible()
    expect(page.get_by_text("116 123").first).to_be_visible()

    harbour.go_to("Burnout check-in")
    again = page.get_by_role("button", name="Answer it again now")
    if again.count():
        harbour.click("Answer it again now")
    form = page.get_by_test_id("stForm")
    for group in form.get_by_role("radiogroup").all():
        group.locator("label").nth(2).click()  # the middle answer: in a form, nothing is sent until Save
    harbour.rerun(form.get_by_role("button", name="Save my answers").click)
    expect(page.get_by_text("Saved. Thank you for taking a few minutes for yourself.")).to_be_visible()

    harbour.go_to("Reflective account")
    theme = page.get_by_test_id("stCheckbox").filter(has_text="Prioritise people")
    harbour.rerun(theme.click)
    checked = page.get_by_text("I've checked: it identifies no one")
    if checked.count():
        harbour.rerun(checked.click)
    button = page.get_by_role("button", name="Download the form (PDF)")
    with page.expect_download() as download:
        button.click()
    saved = tmp_path / download.value.suggested_filename
    download.value.save_as(saved)
    assert saved.read_bytes().startswith(b"%PDF")
    harbour.requests.assert_only_local()
