"""axe-core on every page Harbour shows, signed out and as the demo practitioner, in light and dark themes, on a
laptop and on a phone."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from e2e_support import TIMEOUT_MS, AppServer, Harbour, RequestLog, new_context
from playwright.sync_api import Browser, expect

SERIOUS = {"serious", "critical"}
# `make screenshots` points this at docs/screenshots (the README's pictures); otherwise they go to tmp_path.
SHOTS_ENV = "HARBOUR_SCREENSHOTS"
PICTURED = {"Welcome", "Write", "Trends", "Wins", "Peer groups", "People you coach"}  # the laptop's, for the README
# Each a server of its own (CI time): a laptop per theme, and one phone that checks both themes on every page.
VIEWS = {
    "laptop-light": ("laptop", ("light",)),
    "laptop-dark": ("laptop", ("dark",)),
    "phone": ("phone", ("light", "dark")),
}


@pytest.fixture(params=list(VIEWS))
def themed(
    request: pytest.FixtureRequest, demo_password: str, browser: Browser, app_server: AppServer
) -> Iterator[tuple[Harbour, str, tuple[str, ...]]]:
    screen, themes = VIEWS[request.param]
    ctx = new_context(browser, screen, color_scheme=themes[0])
    requests = RequestLog()
    ctx.on("request", lambda r: requests.add(r.url))
    page = ctx.new_page()
    expect.set_options(timeout=TIMEOUT_MS)
    yield Harbour(page, app_server, requests), screen, themes
    ctx.close()


def _serious(page) -> list[str]:
    results = Axe().run(page)
    found = []
    for violation in results.response["violations"]:
        if violation["impact"] in SERIOUS:
            targets = [", ".join(map(str, node["target"])) for node in violation["nodes"][:3]]
            found.append(f"{violation['id']} ({violation['impact']}): {violation['help']} at {targets}")
    return found


def _nav_titles(harbour: Harbour) -> list[str]:
    links = harbour.menu().get_by_role("link")
    return [t.strip().splitlines()[-1] for t in links.all_inner_texts()]  # the icon's name comes first


def _picture(harbour: Harbour, shots: Path, title: str, screen: str, theme: str) -> None:
    if title in PICTURED and screen == "laptop":
        name = title.lower().replace(" ", "-")
        harbour.page.screenshot(path=str(shots / f"{name}-{theme}.png"))


def _check(harbour: Harbour, shots: Path, title: str, screen: str, themes: tuple[str, ...]) -> dict[str, list[str]]:
    """axe on the page shown, in each theme (the phone switches its colour scheme in place: one server for both)."""
    found = {}
    for theme in themes:
        if len(themes) > 1:
            harbour.page.emulate_media(color_scheme=theme)  # Streamlit follows the browser's scheme as it changes
            harbour.page.wait_for_timeout(200)
        found[f"{title} ({screen}, {theme})"] = _serious(harbour.page)
        _picture(harbour, shots, title, screen, theme)
    return found


def test_every_page_has_no_serious_accessibility_violations(
    themed: tuple[Harbour, str, tuple[str, ...]], demo_password: str, tmp_path: Path
) -> None:
    harbour, screen, themes = themed
    shots = Path(os.environ.get(SHOTS_ENV) or tmp_path)
    shots.mkdir(parents=True, exist_ok=True)
    harbour.open()
    problems = _check(harbour, shots, "Welcome", screen, themes)
    harbour.sign_in("demo", demo_password)
    titles = _nav_titles(harbour)
    assert {"Write", "Journal", "Trends", "Support", "Your data"} <= set(titles)
    for title in titles:
        harbour.rerun(harbour.menu().get_by_role("link", name=title, exact=True).click)
        expect(harbour.page.get_by_role("heading", level=1)).to_be_visible()
        harbour.page.wait_for_timeout(300)  # charts draw after the script run ends
        problems |= _check(harbour, shots, title, screen, themes)
    bad = {where: found for where, found in problems.items() if found}
    assert bad == {}, "\n".join(f"{where}: {found}" for where, found in bad.items())
    harbour.requests.assert_only_local()
