"""Harbour's two cookie routes against a real database: a sign-in's single-use ticket becomes an HttpOnly cookie
naming the session, signing out ends the session the cookie names and clears it, and nothing another site sends
does either. (The browser journeys in tests/e2e/test_lasting_sign_in.py drive the same routes from the page.)
"""

from __future__ import annotations

import warnings
from collections.abc import Iterator
from http.cookies import SimpleCookie

import pytest
from starlette.applications import Starlette

with warnings.catch_warnings():  # Starlette would rather its test client used httpx2; httpx is what's installed
    warnings.simplefilter("ignore")
    from starlette.testclient import TestClient

from journal import accounts
from journal.store import Database
from journal.ui import web
from tests.conftest import FixedClock
from tests.factories import PASSWORD

LOCAL = "http://127.0.0.1:8501"
SERVED = "https://harbour.example.nhs.uk"


@pytest.fixture
def user(db: Database, fixed_clock: FixedClock) -> accounts.User:
    return accounts.create_account(db, "Robin", PASSWORD)


@pytest.fixture
def session_id(db: Database, user: accounts.User) -> str:
    return accounts.start_session(db, user.id)


def _client(db: Database, base: str) -> TestClient:
    return TestClient(Starlette(routes=web.routes(lambda: db)), base_url=base)


@pytest.fixture
def local(db: Database) -> Iterator[TestClient]:
    with _client(db, LOCAL) as client:
        yield client


def _set_cookies(response) -> dict[str, SimpleCookie]:
    found: dict[str, SimpleCookie] = {}
    for header in response.headers.get_list("set-cookie"):
        jar: SimpleCookie = SimpleCookie()
        jar.load(header)
        for name in jar:
            found[name] = jar
    return found


def _morsel(response, name: str):
    cookies = _set_cookies(response)
    assert name in cookies, response.headers.get_list("set-cookie")
    return cookies[name][name]


def _hand_in(client: TestClient, ticket: str, origin: str = LOCAL, **headers: str):
    return client.post(web.SESSION_ROUTE, content=ticket, headers={"Origin": origin, **headers})


def test_a_ticket_becomes_an_httponly_cookie_naming_the_session_once(
    db: Database, local: TestClient, session_id: str
) -> None:
    ticket = accounts.issue_ticket(db, session_id)
    answer = _hand_in(local, ticket)
    assert answer.status_code == 204
    cookie = _morsel(answer, web.COOKIE)
    assert cookie.value == session_id  # the id, and nothing else
    assert cookie["httponly"] is True
    assert cookie["samesite"].lower() == "strict"
    assert cookie["path"] == "/"
    assert not cookie["secure"]  # reached on this machine, over plain HTTP
    assert 0 < int(cookie["max-age"]) <= accounts.SESSION_LIMIT.total_seconds()
    assert answer.headers["cache-control"] == "no-store"

    again = _hand_in(local, ticket)  # a ticket works once
    assert again.status_code == 400
    assert web.COOKIE not in _set_cookies(again)


def test_a_copy_of_the_database_holds_nothing_that_signs_anyone_in(
    db: Database, local: TestClient, session_id: str, user: accounts.User
) -> None:
    """What the cookie carries is kept nowhere in the database: a session's row holds a hash of its id, and a
    waiting ticket's row holds the id sealed by the ticket (which only the page has). Whoever reads a backup can
    neither hand a stored value in as the cookie nor turn a stored ticket into one."""
    ticket = accounts.issue_ticket(db, session_id)
    stored = [str(v) for t in ("sessions", "session_tickets") for row in db.all(f"SELECT * FROM {t}") for v in row]
    assert session_id not in "|".join(stored) and ticket not in "|".join(stored)
    for value in stored:  # no stored value is a session, whether presented as the cookie's id or as a ticket
        with pytest.raises(accounts.SessionEnded):
            accounts.resume_session(db, value)
        assert accounts.redeem_ticket(db, value) is None
    assert accounts.resume_session(db, session_id) == user  # the id itself still is
    assert _morsel(_hand_in(local, ticket), web.COOKIE).value == session_id  # and its ticket gives it back once


def test_the_cookie_lasts_only_as_long_as_the_session_may(
    db: Database, local: TestClient, session_id: str, fixed_clock: FixedClock
) -> None:
    for _ in range(11 * 3):  # in use all along, a click every 20 minutes, for 11 hours
        fixed_clock.advance(minutes=20)
        accounts.resume_session(db, session_id)
    answer = _hand_in(local, accounts.issue_ticket(db, session_id))
    assert 0 < int(_morsel(answer, web.COOKIE)["max-age"]) <= 3600


@pytest.mark.parametrize("problem", ["expired", "session ended", "not a ticket", "too long", "empty"])
def test_a_ticket_that_is_no_good_sets_nothing(
    db: Database, local: TestClient, session_id: str, fixed_clock: FixedClock, problem: str
) -> None:
    ticket = accounts.issue_ticket(db, session_id)
    if problem == "expired":
        fixed_clock.advance(seconds=accounts.TICKET_LIFETIME.total_seconds() + 1)
    elif problem == "session ended":
        accounts.end_session(db, session_id)
    elif problem == "not a ticket":
        ticket = session_id  # the session id itself is not a ticket
    elif problem == "too long":
        ticket = ticket * 10
    else:
        ticket = ""
    answer = _hand_in(local, ticket)
    assert answer.status_code == 400
    assert _set_cookies(answer) == {}


@pytest.mark.parametrize(
    "headers",
    [
        {"Origin": "https://elsewhere.example"},
        {"Origin": LOCAL, "Sec-Fetch-Site": "cross-site"},
        {"Origin": LOCAL, "Sec-Fetch-Site": "same-site"},
    ],
    ids=["another origin", "cross-site", "a sibling site"],
)
def test_another_site_can_neither_sign_someone_in_nor_out(
    db: Database, local: TestClient, session_id: str, headers: dict[str, str]
) -> None:
    ticket = accounts.issue_ticket(db, session_id)
    refused = local.post(web.SESSION_ROUTE, content=ticket, headers=headers)
    assert refused.status_code == 403 and _set_cookies(refused) == {}
    assert accounts.ticket_waiting(db, ticket)  # not used up by the refusal

    local.cookies.set(web.COOKIE, session_id)
    refused = local.post(web.SIGN_OUT_ROUTE, headers=headers)
    assert refused.status_code == 403 and _set_cookies(refused) == {}
    accounts.resume_session(db, session_id)  # still signed in


def test_signing_out_ends_the_cookies_session_and_clears_it_and_streamlits_identity(
    db: Database, local: TestClient, session_id: str
) -> None:
    for name in (web.COOKIE, "_streamlit_user", "_streamlit_user_tokens", "_streamlit_user_tokens_1"):
        local.cookies.set(name, session_id if name == web.COOKIE else "signed-claims")
    local.cookies.set("_streamlit_xsrf", "kept")  # not an identity cookie: left alone
    answer = local.post(web.SIGN_OUT_ROUTE, headers={"Origin": LOCAL})
    assert answer.status_code == 204
    cleared = _set_cookies(answer)
    assert set(cleared) == {web.COOKIE, "_streamlit_user", "_streamlit_user_tokens", "_streamlit_user_tokens_1"}
    assert all(cleared[name][name]["max-age"] == "0" for name in cleared)
    with pytest.raises(accounts.SessionEnded):
        accounts.resume_session(db, session_id)


def test_handing_in_a_ticket_also_clears_streamlits_identity_cookies(
    db: Database, local: TestClient, session_id: str
) -> None:
    local.cookies.set("_streamlit_user", "signed-claims")
    answer = _hand_in(local, accounts.issue_ticket(db, session_id))
    assert _morsel(answer, "_streamlit_user")["max-age"] == "0"
    assert _morsel(answer, web.COOKIE).value == session_id


@pytest.mark.parametrize(
    ("setting", "base", "secure"),
    [
        ("auto", LOCAL, False),
        ("auto", "http://localhost:8501", False),
        ("auto", SERVED, True),
        ("off", SERVED, False),
        ("on", LOCAL, True),
    ],
)
def test_the_cookie_is_secure_unless_on_this_machine(
    db: Database, session_id: str, monkeypatch: pytest.MonkeyPatch, setting: str, base: str, secure: bool
) -> None:
    monkeypatch.setenv("HARBOUR_SECURE_COOKIE", setting)
    with _client(db, base) as client:
        answer = _hand_in(client, accounts.issue_ticket(db, session_id), origin=base)
    assert bool(_morsel(answer, web.COOKIE)["secure"]) is secure
