"""The appearance chosen in Settings, in a real browser: Dark is dark at once, after a reload and on other pages
(one loaded afresh included); "Match my device" follows the browser again (here emulating a light device)."""

from __future__ import annotations

from e2e_support import Harbour
from playwright.sync_api import expect

# The app's background, from its computed colour: dark when its luminance is low.
_DARK_JS = """() => {
  const bg = getComputedStyle(document.querySelector('[data-testid="stApp"]')).backgroundColor;
  const [r, g, b] = bg.match(/\\d+/g).map(Number);
  return (0.2126 * r + 0.7152 * g + 0.0722 * b) / 255 < 0.3;
}"""


def _dark(harbour: Harbour) -> bool:
    return bool(harbour.page.evaluate(_DARK_JS))


def _choose_and_wait(harbour: Harbour, option: str, dark: bool) -> None:
    """Choose an appearance: the page reloads itself once to apply it; wait for that and for the app to settle."""
    page = harbour.page
    page.get_by_role("radiogroup", name="Appearance").get_by_text(option, exact=True).click()
    page.wait_for_function(f"() => ({_DARK_JS})() === {'true' if dark else 'false'}")
    expect(harbour.heading("Settings")).to_be_visible()
    expect(page.get_by_role("radiogroup", name="Appearance").get_by_role("radio", name=option)).to_be_checked()


def test_dark_is_kept_across_reloads_and_pages_and_match_my_device_follows_the_browser(harbour: Harbour) -> None:
    harbour.open()  # the browser emulates a light device (the default colour scheme)
    harbour.create_first_account("Ruth")
    assert not _dark(harbour)
    harbour.go_to("Settings")
    _choose_and_wait(harbour, "Dark", dark=True)

    loads: list[str] = []
    harbour.page.on("load", lambda: loads.append(harbour.page.url))
    harbour.reload()
    expect(harbour.heading("Settings")).to_be_visible()
    assert _dark(harbour)
    harbour.page.wait_for_timeout(1500)  # time for a second reload, were the page to loop: it must not
    assert len(loads) == 1, loads
    harbour.go_to("Journal")
    assert _dark(harbour)
    harbour.rerun(lambda: harbour.page.goto(harbour.server.url + "/trends"), new_page=True)  # a fresh load elsewhere
    expect(harbour.heading("Trends")).to_be_visible()
    assert _dark(harbour)

    harbour.go_to("Settings")
    _choose_and_wait(harbour, "Match my device", dark=False)
    harbour.reload()
    expect(harbour.heading("Settings")).to_be_visible()
    assert not _dark(harbour)
