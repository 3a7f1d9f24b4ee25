"""A newcomer brings their Daylio history: maps a renamed mood, checks the preview, imports, and finds it."""

from __future__ import annotations

from pathlib import Path

from e2e_support import Harbour
from playwright.sync_api import expect

DAYLIO = (
    "full_date,date,weekday,time,mood,activities,note_title,note\n"
    '2024-03-02,March 2,Saturday,9:05 pm,rad,work | family,Good day,"Handover went well.<br>'
    '<img src=http://evil.example/x.png onerror=window.__pwned=1> Home early."\n'
    "2024-03-01,March 1,Friday,07:30,knackered,,,Long day on the ward.\n"
)


def test_a_daylio_history_is_previewed_imported_once_and_found(harbour: Harbour, tmp_path: Path) -> None:
    page = harbour.page
    harbour.open()
    harbour.create_first_account("Priya")
    harbour.go_to("Import")
    harbour.choose("Where is it from?", "Daylio (CSV export)")
    export = tmp_path / "daylio_export.csv"
    export.write_text(DAYLIO, encoding="utf-8")
    harbour.rerun(lambda: page.get_by_test_id("stFileUploaderDropzoneInput").set_input_files(str(export)))

    expect(page.get_by_text("Choose a level for every mood to see what will be imported.")).to_be_visible()
    expect(page.get_by_role("button", name="Import 2 entries")).to_have_count(0)
    expect(page.get_by_text("“knackered” (1 entry)", exact=True)).to_be_visible()
    mood = page.get_by_role("combobox", name="Level for mood 1")
    mood.click()  # opening the list runs nothing on the server
    harbour.rerun(lambda: page.get_by_role("option", name="2 · A bit low").click())

    expect(page.get_by_text("Dated 01 Mar 2024 to 02 Mar 2024. Each keeps its own date.")).to_be_visible()
    harbour.page.screenshot(path=str(tmp_path / "import-preview.png"), full_page=True)
    harbour.click("Import 2 entries")
    expect(page.get_by_text("Imported 2 entries.")).to_be_visible()

    harbour.go_to("Journal")
    expect(page.get_by_text("2 entries", exact=True)).to_be_visible()
    expect(page.get_by_text("Long day on the ward.")).to_be_visible()
    assert page.evaluate("typeof window.__pwned") == "undefined"
    expect(page.locator('img[src*="evil.example"]')).to_have_count(0)

    harbour.go_to("Import")
    harbour.choose("Where is it from?", "Daylio (CSV export)")
    harbour.rerun(lambda: page.get_by_test_id("stFileUploaderDropzoneInput").set_input_files(str(export)))
    mood.click()  # opening the list runs nothing on the server
    harbour.rerun(lambda: page.get_by_role("option", name="2 · A bit low").click())
    expect(page.get_by_text("There is nothing new to import from this file.")).to_be_visible()
    harbour.requests.assert_only_local()
