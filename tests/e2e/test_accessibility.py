"""axe-core on every page Harbour shows, signed out and as the demo practitioner, in light and dark themes."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from e2e_support import TIMEOUT_MS, AppServer, Harbour, RequestLog
from playwright.sync_api import Browser, expect

SERIOUS = {"serious", "critical"}
# `make screenshots` points this at docs/screenshots (the README's pictures); otherwise they go to tmp_path.
SHOTS_ENV = "HARBOUR_SCREENSHOTS"
PICTURED = {"Welcome", "Write", "Trends", "Wins", "Peer groups", "People you coach"}


@pytest.fixture(params=["light", "dark"])
def themed(
    request: pytest.FixtureRequest, demo_password: str, browser: Browser, app_server: AppServer
) -> Iterator[tuple[Harbour, str]]:
    ctx = browser.new_context(viewport={"width": 1280, "height": 900}, color_scheme=request.param)
    ctx.set_default_timeout(TIMEOUT_MS)
    requests = RequestLog()
    ctx.on("request", lambda r: requests.add(r.url))
    page = ctx.new_page()
    expect.set_options(timeout=TIMEOUT_MS)
    yield Harbour(page, app_server, requests), request.param
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
    links = harbour.page.get_by_test_id("stSidebar").get_by_role("link")
    return [t.strip().splitlines()[-1] for t in links.all_inner_texts()]  # the icon's name comes first


def _picture(harbour: Harbour, shots: Path, title: str, theme: str) -> None:
    if title in PICTURED:
        name = title.lower().replace(" ", "-")
        harbour.page.screenshot(path=str(shots / f"{name}-{theme}.png"))


def test_every_page_has_no_serious_accessibility_violations(
    themed: tuple[Harbour, str], demo_password: str, tmp_path: Path
) -> None:
    harbour, theme = themed
    shots = Path(os.environ.get(SHOTS_ENV) or tmp_path)
    shots.mkdir(parents=True, exist_ok=True)
    harbour.open()
    problems = {f"Welcome ({theme})": _serious(harbour.page)}
    _picture(harbour, shots, "Welcome", theme)
    harbour.sign_in("demo", demo_password)
    titles = _nav_titles(harbour)
    assert {"Write", "Journal", "Trends", "Support", "Your data"} <= set(titles)
    nav = harbour.page.get_by_test_id("stSidebar")
    for title in titles:
        harbour.rerun(nav.get_by_role("link", name=title, exact=True).click)
        expect(harbour.page.get_by_role("heading", level=1)).to_be_visible()
        harbour.page.wait_for_timeout(300)  # charts draw after the script run ends
        problems[f"{title} ({theme})"] = _serious(harbour.page)
        _picture(harbour, shots, title, theme)
    bad = {where: found for where, found in problems.items() if found}
    assert bad == {}, "\n".join(f"{where}: {found}" for where, found in bad.items())
    harbour.requests.assert_only_local()
