"""Real-browser journeys: the real app in a subprocess, driven through Playwright by Debian's Chromium.

Without Chromium these tests are skipped on a workstation (with one clear line in the summary) and fail in CI.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from e2e_support import LAUNCH_ARGS, TIMEOUT_MS, AppServer, Harbour, RequestLog, find_chromium, new_context
from playwright.sync_api import Browser, BrowserContext, Page, expect, sync_playwright

from journal.content.library import library
from journal.demo import year as demo
from journal.store import Database

E2E_DIR = Path(__file__).resolve().parent
SKIP_REASON = "Browser tests skipped: Chromium not found (apt-get install chromium)"
CI_MESSAGE = "Chromium is required in CI: apt-get install -y chromium"
_STATE_JS = """() => {
  const app = document.querySelector('[data-testid="stApp"]');
  return `connection=${app?.getAttribute("data-test-connection-state")} script=${app?.getAttribute(
    "data-test-script-state")} url=${location.href}`;
}"""
_MISSING = pytest.StashKey[tuple[int, str]]()  # (how many e2e tests, where we looked)


def _in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() == "true"


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    # This hook sees the whole session's items, so pick out the ones in this folder.
    ours = [item for item in items if E2E_DIR in item.path.parents]
    for item in ours:
        item.add_marker(pytest.mark.e2e)
    chromium, where = find_chromium()
    if not ours or chromium:
        return
    config.stash[_MISSING] = (len(ours), where)
    if _in_ci():
        return  # the chromium fixture fails every test instead
    for item in ours:
        item.add_marker(pytest.mark.skip(reason=SKIP_REASON))


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter, config: pytest.Config) -> None:
    missing = config.stash.get(_MISSING, None)
    if missing is None:
        return
    count, where = missing
    if _in_ci():
        line = f"Browser tests FAILED: {count} e2e tests need Chromium ({where}). {CI_MESSAGE}"
        terminalreporter.write_line(line, red=True, bold=True)
    else:
        line = (
            f"Browser tests skipped: Chromium not found ({where}); {count} e2e tests did not run. "
            "Install it with `apt-get install chromium`, or point HARBOUR_CHROMIUM at a Chromium binary."
        )
        terminalreporter.write_line(line, yellow=True, bold=True)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Iterator[None]:
    """When a journey fails, attach a screenshot, the browser's console errors and the server's output."""
    report = yield
    if report.when != "call" or not report.failed or E2E_DIR not in item.path.parents:
        return report
    funcargs = getattr(item, "funcargs", {})
    harbour: Harbour | None = funcargs.get("harbour")
    tmp_path: Path | None = funcargs.get("tmp_path")
    if harbour is not None and tmp_path is not None:
        shot = tmp_path / "failure.png"
        try:
            harbour.page.screenshot(path=shot, full_page=True)
            report.sections.append(("e2e screenshot", str(shot)))
        except Exception as exc:  # the page may be gone; the report matters more than the picture
            report.sections.append(("e2e screenshot", f"not taken: {exc}"))
        try:
            state = f"{harbour.page.evaluate(_STATE_JS)} websockets={harbour.runs.socket} runs={harbour.runs.finished}"
            report.sections.append(("streamlit state", state))
        except Exception as exc:
            report.sections.append(("streamlit state", f"not read: {exc}"))
        console = funcargs.get("console_errors") or []
        report.sections.append(("browser console errors", "\n".join(console) or "(none)"))
        report.sections.append(("harbour server output", harbour.server.output()[-20_000:]))
    return report


@pytest.fixture(scope="session")
def chromium_path() -> str:
    path, where = find_chromium()
    if path is None:  # only reached in CI: elsewhere these tests were marked skipped at collection
        pytest.fail(f"{CI_MESSAGE} (looked at {where})", pytrace=False)
    return path


@pytest.fixture(scope="session")
def browser(chromium_path: str) -> Iterator[Browser]:
    with sync_playwright() as pw:
        launched = pw.chromium.launch(executable_path=chromium_path, args=LAUNCH_ARGS)
        yield launched
        launched.close()


@pytest.fixture
def app_server(
    request: pytest.FixtureRequest, chromium_path: str, db_path: Path, tmp_path: Path
) -> Iterator[AppServer]:
    """The real app on a fresh database file; `stop()` and `start()` it again to restart on the same file. It makes
    the demo as it starts, as `make run` does, only for a journey marked `demo_ahead`."""
    ahead = request.node.get_closest_marker("demo_ahead") is not None
    server = AppServer(db_path, tmp_path / "server.log", demo_ahead=ahead)
    server.start()
    yield server
    server.stop()


@pytest.fixture
def server(app_server: AppServer) -> str:
    """The running app's base URL."""
    return app_server.url


@pytest.fixture
def requests_made() -> RequestLog:
    return RequestLog()


@pytest.fixture
def console_errors() -> list[str]:
    return []


@pytest.fixture
def screen() -> str:
    """Which of e2e_support.SCREENS the browser is: a module of phone journeys overrides this with "phone"."""
    return "laptop"


@pytest.fixture
def context(
    browser: Browser, screen: str, requests_made: RequestLog, console_errors: list[str]
) -> Iterator[BrowserContext]:
    ctx = new_context(browser, screen)
    ctx.on("request", lambda r: requests_made.add(r.url))
    ctx.on("console", lambda m: console_errors.append(m.text) if m.type == "error" else None)
    yield ctx
    ctx.close()


@pytest.fixture
def page(context: BrowserContext, requests_made: RequestLog, console_errors: list[str]) -> Page:
    tab = context.new_page()
    tab.on("websocket", lambda ws: requests_made.add(ws.url))
    tab.on("pageerror", lambda exc: console_errors.append(f"page error: {exc}"))
    expect.set_options(timeout=TIMEOUT_MS)
    return tab


@pytest.fixture
def harbour(page: Page, app_server: AppServer, requests_made: RequestLog) -> Harbour:
    return Harbour(page, app_server, requests_made)


@pytest.fixture
def demo_password(db_path: Path) -> str:
    """The demo year, written before the server opens the file (one process per database): ask for it before
    `harbour`, which starts the server, and the server holds the file from its start."""
    db = Database(db_path)
    try:
        return demo.build_demo(db, library()).password
    finally:
        db.close()
