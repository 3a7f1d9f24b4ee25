"""The organisation's sign-in without a database: the `[auth]` entry that asks afresh (and that Streamlit accepts
it), who the claims say the person is, and the allow-lists from the environment."""

from __future__ import annotations

import copy
import warnings
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from journal import accounts, config, organisation
from journal.organisation import FRESH_PROVIDER, Identity, OrganisationRefused

AUTH: dict[str, Any] = {
    "redirect_uri": "https://harbour.example-trust.nhs.uk/oauth2callback",
    "cookie_secret": "a long random cookie secret for tests",
    "client_id": "harbour-client",
    "client_secret": "not a real secret",
    "server_metadata_url": "https://login.example/.well-known/openid-configuration",
    "client_kwargs": {"scope": "openid email profile", "domain_hint": "example-trust.nhs.uk"},
    "expose_tokens": ["id"],
}
ISSUER = "https://login.example/tenant/v2.0"
AT = datetime(2026, 11, 26, 12, 0)
TENANT = "72f988bf-86f1-41af-91ab-2d7cd011db47"
OBJECT = "00000000-0000-0000-66f3-3332eca7ea81"


def _conf(**lists: tuple[str, ...]) -> config.Config:
    return config.Config(db_path=Path("unused.duckdb"), allow_signup=False, backup_dir=Path("unused"), **lists)


def claims(**extra: Any) -> dict[str, Any]:
    base = {
        "iss": ISSUER,
        "sub": "staff-4711",
        "iat": int(AT.replace(tzinfo=UTC).timestamp()),
        "name": "Alex Morgan",
        "email": "alex.morgan@example-trust.nhs.uk",
    }
    return {**base, **extra}


# -- the fresh entry ---------------------------------------------------------------------------
def test_the_fresh_entry_repeats_the_default_provider_and_asks_afresh() -> None:
    before = copy.deepcopy(AUTH)
    made = organisation.secrets_with_fresh_entry(AUTH)
    assert made is not None
    assert {k: v for k, v in made.items() if k != FRESH_PROVIDER} == AUTH  # everything kept
    assert made[FRESH_PROVIDER] == {
        "client_id": "harbour-client",
        "client_secret": "not a real secret",
        "server_metadata_url": "https://login.example/.well-known/openid-configuration",
        "client_kwargs": {"scope": "openid email profile", "domain_hint": "example-trust.nhs.uk", "prompt": "login"},
    }
    assert AUTH == before  # the operator's table is not changed
    made["client_kwargs"]["scope"] = "changed"
    assert AUTH == before  # nor shared with the copy


def test_the_fresh_entry_always_asks_afresh_whatever_was_written_before() -> None:
    written = {**AUTH, "client_kwargs": {"prompt": "none"}, FRESH_PROVIDER: {"client_id": "stale"}}
    made = organisation.secrets_with_fresh_entry(written)
    assert made is not None
    assert made[FRESH_PROVIDER]["client_kwargs"] == {"prompt": "login"}
    assert made[FRESH_PROVIDER]["client_id"] == "harbour-client"
    assert made["client_kwargs"] == {"prompt": "none"}


def test_without_client_kwargs_the_fresh_entry_only_asks_afresh() -> None:
    plain = {k: v for k, v in AUTH.items() if k != "client_kwargs"}
    made = organisation.secrets_with_fresh_entry(plain)
    assert made is not None and made[FRESH_PROVIDER]["client_kwargs"] == {"prompt": "login"}


@pytest.mark.parametrize(
    "missing", ["client_id", "server_metadata_url", "client_secret", "redirect_uri", "cookie_secret"]
)
def test_without_a_default_provider_there_is_no_fresh_entry(missing: str) -> None:
    partial = {k: v for k, v in AUTH.items() if k != missing}
    assert organisation.organisation_sign_in_configured(partial) is False
    assert organisation.secrets_with_fresh_entry(partial) is None


def test_only_named_providers_are_not_a_default_provider() -> None:
    named = {k: AUTH[k] for k in ("redirect_uri", "cookie_secret")}
    named["google"] = {k: AUTH[k] for k in ("client_id", "client_secret", "server_metadata_url")}
    assert organisation.secrets_with_fresh_entry(named) is None
    assert organisation.organisation_sign_in_configured(None) is False
    assert organisation.organisation_sign_in_configured({**AUTH, "client_id": "  "}) is False
    assert organisation.organisation_sign_in_configured(AUTH) is True


def test_streamlit_accepts_the_fresh_entry_beside_the_default_provider(monkeypatch: pytest.MonkeyPatch) -> None:
    """Streamlit 1.67's own checks and client building, given the `[auth]` table we make: st.login() and
    st.login(FRESH_PROVIDER) both find their provider, and only the fresh one asks with prompt=login."""
    from streamlit import auth_util
    from streamlit.errors import StreamlitAuthError
    from streamlit.runtime.secrets import AttrDict
    from streamlit.web.server.starlette import starlette_auth_routes

    made = organisation.secrets_with_fresh_entry(AUTH)
    assert made is not None

    class Secrets:
        def load_if_toml_exists(self) -> bool:
            return True

        def get(self, key: str, default: Any = None) -> Any:
            return AttrDict(made) if key == "auth" else default

    monkeypatch.setattr(auth_util, "secrets_singleton", Secrets())
    monkeypatch.setattr(starlette_auth_routes, "get_secrets_auth_section", lambda: AttrDict(made))
    prompts = {}
    for provider in ("default", FRESH_PROVIDER):
        auth_util.validate_auth_credentials(provider)
        with warnings.catch_warnings(record=True):  # Authlib's own about httpx, which it shows "always"
            client, redirect = starlette_auth_routes._create_oauth_client(provider)
        assert (client.client_id, redirect) == (AUTH["client_id"], AUTH["redirect_uri"])
        prompts[provider] = client.client_kwargs["prompt"]
    assert prompts == {"default": "select_account", FRESH_PROVIDER: "login"}
    with pytest.raises(StreamlitAuthError, match="underscore"):
        auth_util.validate_auth_credentials("harbour_fresh")  # why the entry's name has none


# -- who the claims say the person is -------------------------------------------------------------
def test_an_identity_is_keyed_by_issuer_and_subject_never_the_e_mail() -> None:
    identity = Identity.from_claims(claims())
    assert identity.key == f"oidc:{len(ISSUER)}:{ISSUER}|staff-4711"
    assert "alex.morgan" not in identity.key
    assert identity.issued_at == AT and identity.issued_at.tzinfo is None
    assert identity.auth_time is None
    assert Identity.from_claims(claims(iss=ISSUER + "/")).key == identity.key
    assert Identity.from_claims(claims(email="someone@else.example")).key == identity.key


def test_a_bar_in_the_issuer_or_the_subject_cannot_make_two_people_one() -> None:
    one = Identity.from_claims(claims(iss="https://a.example|b", sub="c"))
    other = Identity.from_claims(claims(iss="https://a.example", sub="b|c"))
    assert one.key != other.key


def test_entra_identities_are_keyed_by_tenant_and_object_id() -> None:
    identity = Identity.from_claims(claims(tid=TENANT.upper(), oid=OBJECT))
    assert identity.key == f"entra:{TENANT}:{OBJECT}"
    assert identity.tenant == TENANT.upper()
    # a provider whose tid and oid are not Entra's GUIDs is keyed by issuer and subject
    assert Identity.from_claims(claims(tid="a:b", oid="c")).key.startswith("oidc:")


@pytest.mark.parametrize(
    "broken",
    [
        {"iss": None},
        {"iss": " "},
        {"sub": ""},
        {"sub": 4711},
        {"iat": None},
        {"iat": "1764158400"},
        {"iat": True},
        {"iat": float("nan")},
        {"iat": 10**20},
    ],
)
def test_claims_that_do_not_say_who_and_when_are_refused_kindly(broken: dict[str, Any]) -> None:
    with pytest.raises(OrganisationRefused) as refused:
        Identity.from_claims(claims(**broken))
    assert str(refused.value) == organisation.ORG_INCOMPLETE
    assert "iss" not in str(refused.value) and "token" not in str(refused.value)


@pytest.mark.parametrize(
    ("given", "shown"),
    [
        pytest.param({"name": "  Alex \n  Morgan "}, "Alex Morgan", id="spaces folded"),
        pytest.param({"name": "Al\u200bex\u202e Mor\x07gan"}, "Alex Morgan", id="invisible characters dropped"),
        pytest.param({"name": "A" * 60}, "A" * accounts.USERNAME_MAX, id="cut to the longest name"),
        pytest.param({"name": None, "preferred_username": "amorgan"}, "amorgan", id="the username"),
        pytest.param({"name": "\u200b", "preferred_username": None}, "alex.morgan", id="the e-mail's name"),
        pytest.param({"name": None, "email": None}, organisation.DEFAULT_NAME, id="nothing to go on"),
    ],
)
def test_the_shown_name_comes_from_the_token_tidied(given: dict[str, Any], shown: str) -> None:
    assert Identity.from_claims(claims(**given)).name == shown


def test_an_auth_time_is_kept_when_the_provider_sends_one() -> None:
    at = int(AT.replace(tzinfo=UTC).timestamp()) - 90
    assert Identity.from_claims(claims(auth_time=at)).auth_time == datetime(2026, 11, 26, 11, 58, 30)


@given(st.text())
def test_no_local_name_has_the_form_of_an_organisation_account_s_key(typed: str) -> None:
    """What the local sign-in looks a name up by, and what a new local account is keyed by, never hold a tab."""
    assert "\t" not in accounts.username_key(" ".join(typed.split()))
    try:
        name = accounts.check_username(typed)
    except accounts.AccountError:
        return
    assert "\t" not in accounts.username_key(name)


# -- who may come in -------------------------------------------------------------------------------
def test_the_allow_lists_come_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HARBOUR_ORG_ISSUERS", f" {ISSUER}/ , ,https://other.example")
    monkeypatch.setenv("HARBOUR_ORG_TENANTS", TENANT)
    monkeypatch.setenv("HARBOUR_ORG_EMAIL_DOMAINS", "@example-trust.nhs.uk,nhs.net")
    loaded = config.load()
    assert loaded.org_issuers == (f"{ISSUER}/", "https://other.example")
    assert loaded.org_tenants == (TENANT,)
    assert loaded.org_email_domains == ("@example-trust.nhs.uk", "nhs.net")
    identity = Identity.from_claims(claims(tid=TENANT, oid=OBJECT))
    organisation.check_allowed(identity, provider_issuer=None)  # read from the environment: let in


def test_issuers_match_exactly_but_for_a_trailing_slash() -> None:
    identity = Identity.from_claims(claims())
    organisation.check_allowed(identity, provider_issuer=ISSUER + "/", conf=_conf())
    organisation.check_allowed(identity, provider_issuer=None, conf=_conf(org_issuers=(ISSUER + "/",)))
    with pytest.raises(OrganisationRefused):
        organisation.check_allowed(identity, provider_issuer=None, conf=_conf(org_issuers=(ISSUER.upper(),)))
    with pytest.raises(OrganisationRefused):  # the list, when set, is the list: not the provider's own issuer
        organisation.check_allowed(identity, provider_issuer=ISSUER, conf=_conf(org_issuers=("https://other",)))


def test_with_no_issuer_at_all_it_is_not_set_up() -> None:
    identity = Identity.from_claims(claims())
    for provider_issuer in (None, "", " "):
        with pytest.raises(OrganisationRefused) as refused:
            organisation.check_allowed(identity, provider_issuer=provider_issuer, conf=_conf())
        assert str(refused.value) == organisation.ORG_NOT_SET_UP


@pytest.mark.parametrize(
    ("given", "domains", "allowed"),
    [
        pytest.param({}, ("example-trust.nhs.uk",), True, id="the e-mail's domain"),
        pytest.param({"email": "Alex@Example-Trust.NHS.uk"}, ("example-trust.nhs.uk",), True, id="any case"),
        pytest.param({}, ("@example-trust.nhs.uk",), True, id="written with its @"),
        pytest.param({}, ("nhs.uk",), False, id="not a parent domain"),
        pytest.param({"email": "alex@evil-example-trust.nhs.uk"}, ("example-trust.nhs.uk",), False, id="not a suffix"),
        pytest.param({"email": None}, ("example-trust.nhs.uk",), False, id="no e-mail"),
        pytest.param(
            {"email": None, "preferred_username": "alex@example-trust.nhs.uk"},
            ("example-trust.nhs.uk",),
            True,
            id="an e-mail-like username",
        ),
        pytest.param({"email_verified": False}, ("example-trust.nhs.uk",), False, id="unverified"),
        pytest.param({"email_verified": True}, ("example-trust.nhs.uk",), True, id="verified"),
    ],
)
def test_e_mail_domains(given: dict[str, Any], domains: tuple[str, ...], allowed: bool) -> None:
    identity = Identity.from_claims(claims(**given))
    conf = _conf(org_email_domains=domains)
    if allowed:
        organisation.check_allowed(identity, provider_issuer=ISSUER, conf=conf)
    else:
        with pytest.raises(OrganisationRefused, match="can't be used to sign in"):
            organisation.check_allowed(identity, provider_issuer=ISSUER, conf=conf)


def test_tenants_are_compared_in_any_case_and_a_missing_one_is_refused() -> None:
    conf = _conf(org_tenants=(TENANT.upper(),))
    organisation.check_allowed(Identity.from_claims(claims(tid=TENANT)), provider_issuer=ISSUER, conf=conf)
    for other in ({}, {"tid": "0b6a3b8e-3c1e-4a5c-9a3e-5f1b2d7c9e01"}):
        with pytest.raises(OrganisationRefused):
            organisation.check_allowed(Identity.from_claims(claims(**other)), provider_issuer=ISSUER, conf=conf)
