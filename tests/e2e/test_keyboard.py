"""Keyboard only: a person who can't use a mouse can reach every control on the main pages, in order, with Tab."""

from __future__ import annotations

from e2e_support import Harbour
from playwright.sync_api import Page, expect

_CONTROLS = ", ".join(
    f"main {what}"
    for what in ("button", "input", "textarea", "a[href]", "[role=radio]", "[role=checkbox]", "[tabindex]")
)
_FOCUSABLE_JS = f"""() => [...document.querySelectorAll('{_CONTROLS}')]
  .filter(e => !e.disabled && e.tabIndex >= 0 && e.offsetParent !== null).length"""
_ACTIVE_JS = """() => { const a = document.activeElement;
  if (!a || !a.closest('main')) return null;
  if (a.type === 'radio') return 'radio in ' + (a.closest('[role="radiogroup"]')?.getAttribute('aria-label') || '?');
  const text = (a.getAttribute('aria-label') || a.innerText || a.tagName).trim().split('\\n');
  return text[text.length - 1].trim().slice(0, 60); }"""  # an icon's name comes before a button's label


def _tab_through(page: Page, presses: int) -> list[str]:
    """Press Tab from the top of the page; the names of the controls in the main area that took the focus."""
    page.evaluate("() => document.activeElement && document.activeElement.blur()")  # start from the top
    reached = []
    for _ in range(presses):
        page.keyboard.press("Tab")
        name = page.evaluate(_ACTIVE_JS)
        if name:
            reached.append(name)
    return reached


def test_writing_a_check_in_needs_no_mouse(harbour: Harbour) -> None:
    page = harbour.page
    harbour.open()
    harbour.create_first_account("Kit")
    harbour.click("Quick check-in · 1 min")
    expect(page.get_by_label("One line about today")).to_be_visible()

    reached = _tab_through(page, page.evaluate(_FOCUSABLE_JS) + 60)  # the menu's links come first
    assert "Save" in reached, reached
    assert "radio in How are you feeling?" in reached and "radio in How is your energy?" in reached, reached

    box = page.get_by_label("One line about today")
    box.focus()
    page.keyboard.type("Typed without a mouse.")
    page.keyboard.press("Tab")  # a quick check-in is a form: nothing is sent until Save
    page.get_by_role("button", name="Save", exact=True).focus()
    harbour.rerun(lambda: page.keyboard.press("Enter"))
    expect(page.get_by_text("Saved to your journal.")).to_be_visible()
