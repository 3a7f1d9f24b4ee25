"""Sign in with your organisation, in the real Harbour: its Welcome button, a real OpenID Connect provider on loopback
(oidc-provider-mock, tests/oidc_provider.py) and Chromium.

The journeys: the first sign-in makes an account and a Harbour session (its own HttpOnly cookie, Streamlit's identity
cookie gone) that a reload keeps; the provider's identity, not the e-mail, names the account; a tenant Harbour
doesn't allow is refused kindly and nothing is made; taking a copy and erasing ask an organisation account to sign
in again at its provider and bring it back to the page; the local sign-in (the break-glass admin) stays beside it.

One provider serves the module, each journey signing in as subjects of its own; each journey has its own Harbour
and database. Tokens count time in whole seconds and a sign-in needs a newer token than the identity's last one:
the steps between two sign-ins of one identity here take longer than that, with no waiting added.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from e2e_support import TIMEOUT_MS, AppServer, Harbour, RequestLog, person_in_own_browser
from playwright.sync_api import Browser, BrowserContext, Locator, expect

from journal import accounts, organisation
from journal.store import Database
from journal.ui import identity, web
from tests.oidc_provider import OidcProvider, auth_secrets

COOKIE_SECRET = "harbour-e2e-cookie-secret-0123456789abcdef"  # noqa: S105 - signs this test's cookies only
TENANT = "6f0e3c2a-4b1d-4e5f-9a8b-7c6d5e4f3a2b"
OTHER_TENANT = "0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d"
ADA_OID = "11111111-2222-4333-8444-555555555555"
OTHER_OID = "99999999-8888-4777-8666-555555555555"
ADA: dict[str, object] = {"name": "Ada Example", "email": "ada@org.example", "tid": TENANT, "oid": ADA_OID}
CHECK_IN = "Handed over the rota before the weekend."


@pytest.fixture(scope="module")
def provider(chromium_path: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[OidcProvider]:
    """One provider for the module: each journey signs in as subjects of its own."""
    with OidcProvider(tmp_path_factory.mktemp("provider") / "provider.log") as running:
        yield running


@pytest.fixture
def org_env() -> dict[str, str]:
    """Harbour's HARBOUR_ORG_* settings for the server (a journey parametrizes this to change them)."""
    return {}


@pytest.fixture
def app_server(
    provider: OidcProvider, org_env: dict[str, str], db_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[AppServer]:
    """Harbour as `make run` starts it, its `[auth]` (secrets.files) naming `provider`, and coming back to the
    address people use: AppServer picks its port when made, so the secrets are written between making and starting."""
    for name, value in org_env.items():
        monkeypatch.setenv(name, value)  # the server inherits it
    secrets = tmp_path / "secrets.toml"
    server = AppServer(db_path, tmp_path / "server.log", args=["--secrets.files", str(secrets)])
    secrets.write_text(auth_secrets(provider, f"{server.url}/oauth2callback", COOKIE_SECRET))
    server.start()
    yield server
    server.stop()


@pytest.fixture
def visitor(browser: Browser, app_server: AppServer) -> Iterator[Harbour]:
    """Someone else, later, at another computer."""
    yield from person_in_own_browser(browser, app_server)


# -- steps -------------------------------------------------------------------------------------------------
def _until(harbour: Harbour, condition: Callable[[], bool], what: str) -> None:
    """Wait, bounded, for something the page's script does after the run (the cookie route's answer)."""
    for _ in range(TIMEOUT_MS // 50):
        if condition():
            return
        harbour.page.wait_for_timeout(50)
    raise AssertionError(what)


def _cookies(context: BrowserContext) -> dict[str, dict]:
    return {c["name"]: dict(c) for c in context.cookies()}


def _streamlit_identity(context: BrowserContext) -> list[str]:
    return [name for name in _cookies(context) if name.startswith("_streamlit_user")]


def _sidebar_text(harbour: Harbour, text: str) -> Locator:
    return harbour.page.get_by_test_id("stSidebar").get_by_text(text, exact=True)


def sign_in_with_organisation(harbour: Harbour, provider: OidcProvider, sub: str) -> None:
    """From Welcome: the button, the provider's own page as `sub`, and back on Harbour once its first run ends."""
    harbour.page.get_by_role("button", name="Sign in with your organisation").click()
    harbour.rerun(lambda: provider.sign_in_in_browser(harbour.page, sub), new_page=True)


def signed_in_as(harbour: Harbour, name: str) -> None:
    expect(harbour.heading("Write")).to_be_visible()
    expect(_sidebar_text(harbour, name)).to_be_visible()


def handed_over(harbour: Harbour, context: BrowserContext) -> None:
    """Harbour's own HttpOnly cookie set, Streamlit's identity cookies gone (the route clears them)."""

    def done() -> bool:
        return web.COOKIE in _cookies(context) and not _streamlit_identity(context)

    _until(harbour, done, f"Harbour's cookie did not take over from Streamlit's: {context.cookies()}")
    assert _cookies(context)[web.COOKIE]["httpOnly"] is True


def sign_out(harbour: Harbour, context: BrowserContext) -> None:
    harbour.click("Sign out")
    expect(harbour.page.get_by_role("button", name="Sign in with your organisation")).to_be_visible()
    _until(harbour, lambda: web.COOKIE not in _cookies(context), f"The cookie was not cleared: {context.cookies()}")


def write_check_in(harbour: Harbour, text: str) -> None:
    harbour.click("Quick check-in · 1 min")
    harbour.commit(harbour.page.get_by_label("One line about today"), text)
    harbour.click("Save")
    expect(harbour.page.get_by_text("Saved to your journal.")).to_be_visible()


def accounts_in(db_path: Path) -> list[tuple[str, str]]:
    """Every account's shown name and origin (read once the server has stopped: one process per database)."""
    db = Database(db_path)
    try:
        return sorted(db.all("SELECT username, origin FROM users"))
    finally:
        db.close()


# -- journeys ----------------------------------------------------------------------------------------------
def test_first_sign_in_makes_the_account_and_a_harbour_session_that_lasts(
    harbour: Harbour, provider: OidcProvider, context: BrowserContext, app_server: AppServer, db_path: Path
) -> None:
    provider.set_user("ada-sub", ADA)
    harbour.open()
    expect(harbour.page.get_by_role("button", name="Sign in with your organisation")).to_be_visible()
    sign_in_with_organisation(harbour, provider, "ada-sub")
    signed_in_as(harbour, "Ada Example")
    handed_over(harbour, context)  # from here on Harbour's session is the whole truth, not Streamlit's cookie
    admin_link = harbour.page.get_by_test_id("stSidebar").get_by_role("link", name="Accounts (admin)")
    expect(admin_link).to_have_count(0)  # the first account, but never the admin: that is the first local one
    write_check_in(harbour, CHECK_IN)

    harbour.reload()  # a new Streamlit session: found again from Harbour's cookie alone
    signed_in_as(harbour, "Ada Example")
    harbour.go_to("Journal")
    expect(harbour.page.get_by_text(CHECK_IN)).to_be_visible()
    harbour.go_to("Your account")  # no password to change: the organisation looks after it
    expect(harbour.page.get_by_text("there's no Harbour password", exact=False)).to_be_visible()
    expect(harbour.page.get_by_label("Current password")).to_have_count(0)

    app_server.stop()
    assert accounts_in(db_path) == [("Ada Example", organisation.ORIGIN)]


def test_the_provider_identity_not_the_email_names_the_account(
    harbour: Harbour, provider: OidcProvider, context: BrowserContext, app_server: AppServer, db_path: Path
) -> None:
    provider.set_user("grace-sub", {**ADA, "name": "Grace Hopper", "email": "grace@org.example"})
    harbour.open()
    sign_in_with_organisation(harbour, provider, "grace-sub")
    signed_in_as(harbour, "Grace Hopper")
    handed_over(harbour, context)
    write_check_in(harbour, CHECK_IN)
    sign_out(harbour, context)

    # Same subject and object id, a new name and e-mail (married, say): the same account, its journal, the new name.
    provider.set_user("grace-sub", {**ADA, "name": "Grace Murray", "email": "grace.murray@org.example"})
    sign_in_with_organisation(harbour, provider, "grace-sub")
    signed_in_as(harbour, "Grace Murray")
    expect(_sidebar_text(harbour, "Grace Hopper")).to_have_count(0)
    harbour.go_to("Journal")
    expect(harbour.page.get_by_text(CHECK_IN)).to_be_visible()
    handed_over(harbour, context)
    sign_out(harbour, context)

    # Another object id in the same tenant is another person, whatever else the token says (here even Grace's
    # subject and her old e-mail): a new, empty account. Entra's tid and oid name the person, not iss and sub.
    provider.set_user("grace-sub", {**ADA, "oid": OTHER_OID, "name": "Alan Turing", "email": "grace@org.example"})
    sign_in_with_organisation(harbour, provider, "grace-sub")
    signed_in_as(harbour, "Alan Turing")
    harbour.go_to("Journal")
    expect(harbour.page.get_by_text("Your reflections will appear here", exact=False)).to_be_visible()
    expect(harbour.page.get_by_text(CHECK_IN)).to_have_count(0)

    app_server.stop()
    assert accounts_in(db_path) == [("Alan Turing", organisation.ORIGIN), ("Grace Murray", organisation.ORIGIN)]


@pytest.mark.parametrize("org_env", [{"HARBOUR_ORG_TENANTS": TENANT}])
def test_a_tenant_not_allowed_is_refused_kindly_and_nothing_is_made(
    harbour: Harbour, provider: OidcProvider, context: BrowserContext, app_server: AppServer, db_path: Path
) -> None:
    provider.set_user("outsider-sub", {**ADA, "tid": OTHER_TENANT, "name": "Eve Outsider"})
    harbour.open()
    sign_in_with_organisation(harbour, provider, "outsider-sub")
    expect(harbour.page.get_by_text(organisation.ORG_REFUSED)).to_be_visible()
    expect(harbour.heading("Harbour")).to_be_visible()
    expect(harbour.heading("Write")).to_have_count(0)
    expect(_sidebar_text(harbour, "Eve Outsider")).to_have_count(0)
    expect(harbour.page.get_by_text("Create your account", exact=True)).to_be_visible()  # still no account at all
    _until(harbour, lambda: not _streamlit_identity(context), f"Streamlit's cookie stayed: {context.cookies()}")
    assert web.COOKIE not in _cookies(context)

    harbour.reload()  # the refusal is said once: the provider's claims are gone with Streamlit's cookie
    expect(harbour.page.get_by_role("button", name="Sign in with your organisation")).to_be_visible()
    expect(harbour.page.get_by_text(organisation.ORG_REFUSED)).to_have_count(0)

    # Someone of the allowed tenant still comes in.
    provider.set_user("insider-sub", {**ADA, "name": "Ivy Insider"})
    sign_in_with_organisation(harbour, provider, "insider-sub")
    signed_in_as(harbour, "Ivy Insider")

    app_server.stop()
    assert accounts_in(db_path) == [("Ivy Insider", organisation.ORIGIN)]


def test_taking_a_copy_and_erasing_ask_an_organisation_account_to_sign_in_again(
    harbour: Harbour, provider: OidcProvider, context: BrowserContext, requests_made: RequestLog,
    app_server: AppServer, db_path: Path, tmp_path: Path,
) -> None:  # fmt: skip
    provider.set_user("ada-sub", ADA)
    harbour.open()
    sign_in_with_organisation(harbour, provider, "ada-sub")
    signed_in_as(harbour, "Ada Example")
    handed_over(harbour, context)
    write_check_in(harbour, CHECK_IN)
    harbour.go_to("Your data")
    page = harbour.page
    expect(page.get_by_label("Your password")).to_have_count(0)  # it has no Harbour password to ask for
    expect(page.get_by_role("button", name="Show my downloads")).to_be_visible()
    harbour.click("Show my downloads")  # not yet confirmed: nothing opens
    expect(page.get_by_text(accounts.NO_HARBOUR_PASSWORD)).to_be_visible()
    expect(page.get_by_role("button", name="Everything, to restore (JSON)")).to_have_count(0)

    export = page.get_by_test_id("stForm").filter(has=page.get_by_role("button", name="Show my downloads"))
    export.get_by_role("button", name="Confirm it's me").click()
    harbour.rerun(lambda: provider.sign_in_in_browser(page, "ada-sub"), new_page=True)
    expect(harbour.heading("Your data")).to_be_visible()  # brought back to the page, not left on Write
    expect(page.get_by_text(identity.CONFIRMED)).to_be_visible()
    expect(_sidebar_text(harbour, "Ada Example")).to_be_visible()
    harbour.click("Show my downloads")
    with page.expect_download() as download:
        page.get_by_role("button", name="Everything, to restore (JSON)").click()
    saved = tmp_path / download.value.suggested_filename
    download.value.save_as(saved)
    assert CHECK_IN in saved.read_text()
    handed_over(harbour, context)  # the confirmation's claims don't linger in Streamlit's cookie either

    authorize = f"{provider.url}/oauth2/authorize?"
    prompts = [u for u in dict.fromkeys(requests_made.urls) if u.startswith(authorize)]
    assert ["prompt=login" in u for u in prompts] == [False, True]  # the second asked the provider to ask again

    # Erasing, within the same five minutes, takes the same confirmation: no second trip to the provider.
    erase = page.get_by_test_id("stForm").filter(has=page.get_by_role("button", name="Erase my account"))
    expect(erase.get_by_text("You confirmed it's you", exact=False)).to_be_visible()
    erase.get_by_text("I understand that this erases my account", exact=False).click()  # in a form: no run yet
    harbour.rerun(erase.get_by_role("button", name="Erase my account").click)
    expect(page.get_by_text("Your account and everything in it have been erased", exact=False)).to_be_visible()
    expect(page.get_by_role("button", name="Sign in with your organisation")).to_be_visible()
    _until(harbour, lambda: web.COOKIE not in _cookies(context), f"The cookie was not cleared: {context.cookies()}")
    app_server.stop()
    assert accounts_in(db_path) == []


def test_a_local_account_still_signs_in_beside_the_organisation(harbour: Harbour, visitor: Harbour) -> None:
    harbour.open()
    expect(harbour.page.get_by_role("button", name="Sign in with your organisation")).to_be_visible()
    harbour.create_first_account("Robin")  # the break-glass admin, made before anyone signs in with the organisation
    expect(_sidebar_text(harbour, "Robin")).to_be_visible()
    expect(harbour.page.get_by_test_id("stSidebar").get_by_role("link", name="Accounts (admin)")).to_be_visible()

    visitor.open()
    expect(visitor.page.get_by_role("button", name="Sign in with your organisation")).to_be_visible()
    expect(visitor.page.get_by_text("Or with a Harbour account", exact=True)).to_be_visible()
    visitor.sign_in("Robin")
    signed_in_as(visitor, "Robin")
