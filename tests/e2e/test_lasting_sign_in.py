"""Sign-in lasts like any web app's: a reload, a new tab, a reopened browser and a restarted server keep the person
signed in, on the page they were on; signing out ends it for every tab; the cookie is HttpOnly and holds only an id.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from e2e_support import DEMO_BUILD_SECONDS, TIMEOUT_MS, AppServer, Harbour, RequestLog
from playwright.sync_api import Browser, BrowserContext, expect

from journal import accounts
from journal.ui import web

ROBIN = "Robin"
SESSION_ID = re.compile(r"^[A-Za-z0-9_-]{43}$")  # secrets.token_urlsafe(32): the id and nothing else


def _in(context: BrowserContext, server: AppServer) -> Harbour:
    return Harbour(context.new_page(), server, RequestLog())


@pytest.fixture
def second_context(browser: Browser) -> Iterator[list[BrowserContext]]:
    """Browser contexts a test opens itself (a reopened browser, another computer), closed at the end."""
    opened: list[BrowserContext] = []
    yield opened
    for ctx in opened:
        ctx.close()


def _new_context(browser: Browser, opened: list[BrowserContext], **kwargs: object) -> BrowserContext:
    kwargs.setdefault("viewport", {"width": 1280, "height": 900})
    ctx = browser.new_context(**kwargs)  # type: ignore[arg-type]
    ctx.set_default_timeout(TIMEOUT_MS)
    opened.append(ctx)
    return ctx


def _signed_in_as(harbour: Harbour, name: str) -> None:
    expect(harbour.page.get_by_test_id("stSidebar").get_by_text(name, exact=True)).to_be_visible()


def _cookie(context: BrowserContext) -> dict:
    found = [c for c in context.cookies() if c["name"] == web.COOKIE]
    assert len(found) == 1, context.cookies()
    return dict(found[0])


def _until_cleared(harbour: Harbour, context: BrowserContext) -> None:
    """The page asks Harbour's route to clear the cookie as it shows Welcome; wait (bounded) for the answer."""
    for _ in range(TIMEOUT_MS // 50):
        if not [c for c in context.cookies() if c["name"] == web.COOKIE]:
            return
        harbour.page.wait_for_timeout(50)
    raise AssertionError(f"The cookie was not cleared: {context.cookies()}")


def test_reload_new_tab_reopened_browser_and_restart_keep_the_person_signed_in(
    harbour: Harbour, context: BrowserContext, browser: Browser, app_server: AppServer,
    second_context: list[BrowserContext],
) -> None:  # fmt: skip
    harbour.open()
    harbour.create_first_account(ROBIN)
    harbour.go_to("Trends")
    expect(harbour.page).to_have_url(re.compile(r"/trends$"))

    harbour.reload()  # F5: still signed in, on the same page
    expect(harbour.heading("Trends")).to_be_visible()
    _signed_in_as(harbour, ROBIN)

    tab = _in(context, app_server)  # a second tab of the same browser
    tab.rerun(lambda: tab.page.goto(app_server.url + "/journal"), new_page=True)
    expect(tab.heading("Journal")).to_be_visible()
    _signed_in_as(tab, ROBIN)

    cookie = _cookie(context)  # HttpOnly, only the id, scoped to Harbour, gone with the session at the latest
    assert cookie["httpOnly"] is True
    assert cookie["sameSite"] == "Strict"
    assert cookie["path"] == "/"
    assert SESSION_ID.match(cookie["value"]) and ROBIN.lower() not in cookie["value"].lower()
    assert cookie["expires"] > 0  # lasts past closing the browser (up to the 12-hour limit), not only this visit
    assert cookie["secure"] is False  # served on this machine over plain HTTP; elsewhere it would be Secure
    assert web.COOKIE not in harbour.page.evaluate("document.cookie")  # no page script can read it

    # The browser closed and opened again: a new context with what the old one had kept on disk.
    reopened = _new_context(browser, second_context, storage_state=context.storage_state())
    again = _in(reopened, app_server)
    again.rerun(lambda: again.page.goto(app_server.url + "/"), new_page=True)
    expect(again.heading("Write")).to_be_visible()
    _signed_in_as(again, ROBIN)

    app_server.stop()  # the server restarts: sessions live in the database, not in the process
    app_server.start()
    harbour.reload()
    expect(harbour.heading("Trends")).to_be_visible()
    _signed_in_as(harbour, ROBIN)


def test_sign_out_ends_every_tab_and_a_copied_cookie_signs_no_one_in(
    harbour: Harbour, context: BrowserContext, browser: Browser, app_server: AppServer,
    second_context: list[BrowserContext],
) -> None:  # fmt: skip
    harbour.open()
    harbour.create_first_account(ROBIN)
    harbour.reload()
    _signed_in_as(harbour, ROBIN)
    copied = _cookie(context)
    tab = _in(context, app_server)  # a second tab, signed in by the same cookie
    tab.rerun(lambda: tab.page.goto(app_server.url + "/wins"), new_page=True)
    _signed_in_as(tab, ROBIN)

    harbour.click("Sign out")
    expect(harbour.heading("Harbour")).to_be_visible()
    expect(harbour.page.get_by_role("button", name="Sign in")).to_be_visible()
    _until_cleared(harbour, context)
    harbour.reload()  # signed out stays signed out
    expect(harbour.page.get_by_role("button", name="Sign in")).to_be_visible()
    expect(harbour.page.get_by_test_id("stSidebar").get_by_text(ROBIN, exact=True)).to_have_count(0)
    tab.reload()  # the other tab is signed out too
    expect(tab.page.get_by_role("button", name="Sign in")).to_be_visible()

    # Someone who copied the cookie before the sign-out gets nothing from it.
    thief = _new_context(browser, second_context)
    thief.add_cookies([copied])  # type: ignore[list-item]
    other = _in(thief, app_server)
    other.rerun(lambda: other.page.goto(app_server.url + "/journal"), new_page=True)
    expect(other.page.get_by_role("button", name="Sign in")).to_be_visible()
    expect(other.page.get_by_test_id("stSidebar").get_by_text(ROBIN, exact=True)).to_have_count(0)


def test_the_demo_is_this_tab_only(harbour: Harbour, context: BrowserContext) -> None:
    harbour.open()
    harbour.rerun(harbour.page.get_by_role("button", name="Explore the demo").click, seconds=DEMO_BUILD_SECONDS)
    expect(harbour.heading("Write")).to_be_visible()
    assert [c for c in context.cookies() if c["name"] == web.COOKIE] == []
    harbour.reload()
    expect(harbour.heading("Harbour")).to_be_visible()


@pytest.fixture
def clock_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "clock-offset-seconds"
    path.write_text("0")
    monkeypatch.setenv("HARBOUR_TEST_CLOCK", str(path))  # the server inherits it
    return path


@pytest.fixture
def clocked_server(chromium_path: str, db_path: Path, tmp_path: Path, clock_file: Path) -> Iterator[AppServer]:
    server = AppServer(db_path, tmp_path / "server.log", module="tests.e2e.clocked_serve")
    server.start()
    yield server
    server.stop()


def test_a_session_idle_past_its_limit_is_refused_and_the_page_says_why(
    browser: Browser, clocked_server: AppServer, clock_file: Path, second_context: list[BrowserContext]
) -> None:
    first = _new_context(browser, second_context)
    robin = _in(first, clocked_server)
    robin.open()
    robin.create_first_account(ROBIN)
    robin.reload()
    _signed_in_as(robin, ROBIN)
    kept = first.storage_state()
    first.close()  # Robin walks away; the browser keeps its cookie

    clock_file.write_text(str(31 * 60))  # 31 minutes later, on the server's clock
    back = _in(_new_context(browser, second_context, storage_state=kept), clocked_server)
    back.rerun(lambda: back.page.goto(clocked_server.url + "/journal"), new_page=True)
    expect(back.page.get_by_text(accounts.SIGNED_OUT_IDLE)).to_be_visible()
    expect(back.page.get_by_role("button", name="Sign in")).to_be_visible()
    expect(back.page.get_by_test_id("stSidebar").get_by_text(ROBIN, exact=True)).to_have_count(0)
    back.reload()  # the cookie is cleared: no second message, just Welcome
    expect(back.page.get_by_role("button", name="Sign in")).to_be_visible()
    expect(back.page.get_by_text(accounts.SIGNED_OUT_IDLE)).to_have_count(0)


def test_on_a_phone_too(browser: Browser, app_server: AppServer, second_context: list[BrowserContext]) -> None:
    """A phone's narrow screen keeps the menu folded away; signing in still sets the cookie a reload finds."""
    phone = _in(_new_context(browser, second_context, viewport={"width": 390, "height": 844}, is_mobile=True,
                             has_touch=True), app_server)  # fmt: skip
    phone.open()
    phone.create_first_account(ROBIN)
    phone.reload()
    expect(phone.heading("Write")).to_be_visible()
    expect(phone.page.get_by_role("button", name="Sign in")).to_have_count(0)
