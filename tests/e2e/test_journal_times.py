"""Times on the person's own clock in a real browser: Streamlit hears the browser's time zone, and Harbour uses it."""

from __future__ import annotations

import re

from e2e_support import TIMEOUT_MS, AppServer, Harbour, RequestLog
from playwright.sync_api import Browser, expect


def test_the_journal_and_trash_show_times_in_the_browsers_time_zone(browser: Browser, app_server: AppServer) -> None:
    ctx = browser.new_context(viewport={"width": 1280, "height": 900}, timezone_id="Asia/Kolkata")
    ctx.set_default_timeout(TIMEOUT_MS)
    try:
        harbour = Harbour(ctx.new_page(), app_server, RequestLog())
        page = harbour.page
        harbour.open()
        harbour.create_first_account("Robin")
        harbour.click("Free writing · 10 min")
        harbour.commit(page.get_by_label("Write freely"), "A quiet shift.")
        harbour.click("Save")
        harbour.go_to("Journal")
        harbour.click("Open")
        expect(page.get_by_text(re.compile(r"^Written \d\d \w{3} \d{4}, \d\d:\d\d IST$"))).to_be_visible()
        harbour.click("Move to trash")
        harbour.go_to("Trash")
        expect(page.get_by_text(re.compile(r"^Deleted \d\d \w{3} \d{4}, \d\d:\d\d IST$"))).to_be_visible()
    finally:
        ctx.close()
