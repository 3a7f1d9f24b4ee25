"""Sign in with your organisation, the whole loop on loopback: a tiny Streamlit app's `st.login` against a real
OpenID Connect provider (oidc-provider-mock in its own process), in Chromium.

What the app code relies on is pinned here: which claims reach `st.user` and as what types, that a second
provider entry with `prompt="login"` sends the person to the provider again and comes back with a newer sign-in,
where the browser lands after the callback, the identity cookies' flags, and `st.logout` through the provider's
end_session_endpoint.
"""

from __future__ import annotations

import json
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from e2e_support import RequestLog
from playwright.sync_api import BrowserContext, Page, expect

from tests.oidc_provider import CLIENT_ID, CLIENT_SECRET, OidcProvider, auth_secrets
from tests.processes import free_port, start_and_wait, stop

SUB = "5f1e-person-in-org"
CLAIMS = {"tid": "tenant-0f3a", "oid": "object-77c1", "email": "ada@org.example", "name": "Ada Example"}
FRESH = "harbourfresh"  # a provider name may not hold an underscore: Streamlit refuses "harbour_fresh"
COOKIE_SECRET = "a-test-cookie-secret-of-some-length-0123456789"  # noqa: S105 - signs this test's cookies only
THIRTY_DAYS = 30 * 24 * 60 * 60

APP = """
import json
import streamlit as st
from streamlit.errors import StreamlitAuthError

if not st.user.is_logged_in:
    if st.button("Sign in with your organisation"):
        st.login()
else:
    st.json(st.user.to_dict())
    st.text("USER " + json.dumps(st.user.to_dict(), sort_keys=True))
    if st.button("Confirm it is you"):
        st.login("harbourfresh")
    if st.button("Sign out"):
        st.logout()
if st.button("Underscore provider"):
    try:
        st.login("harbour_fresh")
    except StreamlitAuthError as exc:
        st.text(f"REFUSED {exc}")
"""


def _named_provider(name: str, provider: OidcProvider) -> str:
    return (
        f"\n[auth.{name}]\n"
        f'client_id = "{CLIENT_ID}"\n'
        f'client_secret = "{CLIENT_SECRET}"\n'
        f'server_metadata_url = "{provider.metadata_url}"\n'
        'client_kwargs = { prompt = "login" }\n'
    )


@pytest.fixture
def provider(tmp_path: Path) -> Iterator[OidcProvider]:
    with OidcProvider(tmp_path / "provider.log") as running:
        yield running


@pytest.fixture
def app_url(chromium_path: str, provider: OidcProvider, tmp_path: Path) -> Iterator[str]:
    """A tiny app using st.login, its secrets naming the default provider and two named ones, both at `provider`."""
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    (tmp_path / "app.py").write_text(APP)
    secrets = tmp_path / "secrets.toml"
    secrets.write_text(
        auth_secrets(provider, f"{url}/oauth2callback", COOKIE_SECRET)
        + _named_provider(FRESH, provider)
        + _named_provider("harbour_fresh", provider)
    )
    command = [
        sys.executable, "-m", "streamlit", "run", str(tmp_path / "app.py"),
        "--server.port", str(port), "--server.headless", "true",
        "--browser.gatherUsageStats", "false", "--secrets.files", str(secrets),
    ]  # fmt: skip
    proc = start_and_wait(command, tmp_path / "app.log", lambda: _healthy(url), what="The st.login app", cwd=tmp_path)
    yield url
    stop(proc)


def _healthy(url: str) -> bool:
    try:
        with urllib.request.urlopen(f"{url}/_stcore/health", timeout=1) as answer:
            return answer.read().decode().strip() == "ok"
    except (urllib.error.URLError, OSError):
        return False


def _shown_user(page: Page) -> dict[str, object]:
    shown = page.get_by_test_id("stText").filter(has_text="USER ")
    expect(shown).to_be_visible()
    return json.loads(shown.inner_text().removeprefix("USER "))


def _authorize_requests(requests: RequestLog, provider: OidcProvider) -> list[dict[str, list[str]]]:
    """The query of each authorization request the browser made (the page's GET and its form's POST are one)."""
    prefix = f"{provider.url}/oauth2/authorize?"
    return [parse_qs(urlsplit(u).query) for u in dict.fromkeys(requests.urls) if u.startswith(prefix)]


def test_st_login_against_a_real_provider_on_loopback(
    page: Page, context: BrowserContext, provider: OidcProvider, app_url: str, requests_made: RequestLog
) -> None:
    provider.set_user(SUB, CLAIMS)
    metadata = provider.metadata()
    assert metadata["end_session_endpoint"] == f"{provider.url}/oauth2/end_session"

    # Signing in: to the provider, and back to "/" whatever address the person started from.
    page.goto(f"{app_url}/?from=somewhere")
    page.get_by_role("button", name="Sign in with your organisation").click()
    page.wait_for_url(f"{provider.url}/**")
    # Meanwhile the OAuth state waits in Starlette's session cookie, gone again once the callback has used it.
    waiting = {c["name"]: c for c in context.cookies(app_url)}["_streamlit_session"]
    assert (waiting["path"], waiting["httpOnly"], waiting["sameSite"]) == ("/", True, "Lax")
    provider.sign_in_in_browser(page, SUB)
    user = _shown_user(page)
    assert page.url == f"{app_url}/"

    # st.user holds the ID token's claims, with Streamlit's is_logged_in and provider beside them.
    assert {k: user[k] for k in CLAIMS} == CLAIMS
    assert user["sub"] == SUB and user["iss"] == provider.issuer and user["aud"] == [CLIENT_ID]
    assert user["is_logged_in"] is True and user["provider"] == "default"
    assert set(user) - {*CLAIMS} == {"sub", "iss", "aud", "iat", "exp", "auth_time", "nonce", "at_hash"} | {
        "is_logged_in",
        "provider",
        "tokens",  # to_dict() adds it: {} unless the provider entry has expose_tokens
    }
    assert user["tokens"] == {}
    first_iat, first_auth_time = user["iat"], user["auth_time"]
    assert isinstance(first_iat, int) and isinstance(first_auth_time, int)
    assert abs(first_iat - time.time()) < 60 and user["exp"] == first_iat + 3600

    # The identity cookies: signed, HttpOnly, SameSite=Lax, on "/", for 30 days.
    cookies = {c["name"]: c for c in context.cookies(app_url)}
    assert set(cookies) == {"_streamlit_user", "_streamlit_user_tokens", "_streamlit_xsrf"}
    for name in ("_streamlit_user", "_streamlit_user_tokens"):
        cookie = cookies[name]
        assert (cookie["path"], cookie["httpOnly"], cookie["sameSite"], cookie["secure"]) == ("/", True, "Lax", False)
        assert abs(cookie["expires"] - time.time() - THIRTY_DAYS) < 120

    # A provider name with an underscore is refused before anything leaves the page.
    page.get_by_role("button", name="Underscore provider").click()
    expect(page.get_by_text("contains an underscore")).to_be_visible()

    # The named provider with prompt="login": to the provider again, back with a newer sign-in, and its name.
    while time.time() < first_iat + 1.2:  # iat and auth_time count whole seconds
        time.sleep(0.1)
    page.get_by_role("button", name="Confirm it is you").click()
    provider.sign_in_in_browser(page, SUB)
    expect(page.get_by_text(f'"provider": "{FRESH}"').first).to_be_visible()
    again = _shown_user(page)
    assert again["provider"] == FRESH and again["sub"] == SUB and {k: again[k] for k in CLAIMS} == CLAIMS
    assert again["iat"] > first_iat and again["auth_time"] > first_auth_time
    prompts = [q.get("prompt") for q in _authorize_requests(requests_made, provider)]
    assert prompts == [["select_account"], ["login"]]

    # Signing out goes through the provider's end_session_endpoint and back to the app, signed out.
    page.get_by_role("button", name="Sign out").click()
    page.wait_for_url(f"{provider.url}/oauth2/end_session?**")
    logout = parse_qs(urlsplit(page.url).query)
    assert logout["post_logout_redirect_uri"] == [f"{app_url}/oauth2callback"] and "id_token_hint" in logout
    assert not {"_streamlit_user", "_streamlit_user_tokens"} & {c["name"] for c in context.cookies(app_url)}
    page.get_by_role("button", name="End session").click()
    expect(page.get_by_role("button", name="Sign in with your organisation")).to_be_visible()
    assert page.url == f"{app_url}/"

    requests_made.assert_only_local()
