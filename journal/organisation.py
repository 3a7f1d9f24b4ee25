"""Signing in with the organisation's own account (OpenID Connect through Streamlit's `st.login`): who may come
in, the Harbour account each person gets, and proving who you are afresh before exporting or erasing.

After Streamlit's callback the page script sees the identity token's claims (`st.user.to_dict()`); the page
hands them here and gets an account back, then starts Harbour's own session as for any sign-in. Nothing here
imports Streamlit: the claims are a plain mapping, and every function that depends on the time takes `now`.

Who a person is. The provider's stable identity, never the e-mail (which can change, be reused or, at some
providers, be typed by the person): Microsoft Entra ID's tenant and object id (`tid`, `oid`, the same for the
person in every app of the tenant) when the token has both as GUIDs, otherwise issuer and subject (`iss`, `sub`).
The name shown is the token's, kept up to date at each sign-in; the account stays the same.

The account. Its name key is "org" + a tab + a hash of the identity: local names are compared in a form that never
holds a tab (`check_username` and `sign_in` fold every run of white space into one space), so no local name can
equal it and nothing typed into the local sign-in form can reach it. Its password hash is "": no password ever
matches (accounts._password_matches), so the local sign-in can't open it with anything, the empty password
included. It is never the admin, even when it is the first account: the first *local* account is.

Who may come in (`check_allowed`). The token's issuer must be one of HARBOUR_ORG_ISSUERS (compared exactly, as
URLs' paths are case-sensitive, but for one trailing slash), or when that is unset the configured provider's own
issuer; with neither, nobody comes in this way. A provider shared by many organisations (Entra's "common"
endpoint names no one issuer) needs HARBOUR_ORG_ISSUERS or HARBOUR_ORG_TENANTS. HARBOUR_ORG_TENANTS, when set, is
the strong check for Entra: the token's `tid` must be one of them. HARBOUR_ORG_EMAIL_DOMAINS, when set, also asks
that the e-mail end in one of them; an e-mail the provider says it has not verified (`email_verified` false) is
not used, but some providers (Entra among them) let an organisation's admins set any address, so the domain is
a filter, not a gate: pair it with the issuer or the tenant.

A token starts at most one session. Streamlit keeps the claims in its own cookie for 30 days, so the same token
would be seen on every visit: `admit` takes only a token issued within HANDOVER_WITHIN (and not more than
CLOCK_SKEW in the future), and only one newer than the last one used for that identity, recorded by one
conditional UPDATE so two tabs can't both start a session with it.

Proving who you are afresh. Exporting and erasing ask a local account for its password; an organisation account
has none, so the person signs in at the provider again (`st.login(FRESH_PROVIDER)`) and `fresh_confirmation`
records it on the session when the token says the person authenticated within FRESH_WITHIN: its `auth_time`.
Entra's tokens carry no `auth_time` unless the app asks for it as an optional claim, so without one the token's
`iat` stands in, but only from the fresh entry (Streamlit's `provider` claim is FRESH_PROVIDER): that entry
asks the provider with `prompt=login` to make the person sign in again rather than reuse a sign-in it remembers,
so a token it issues is new proof; a token from the ordinary entry may have come silently from the provider's
remembered sign-in, and its `iat` proves nothing about the person at the keyboard.

The fresh entry, as Streamlit 1.67 reads it (checked in streamlit/auth_util.py and
web/server/starlette/starlette_auth_routes.py). A default provider written at the top of `[auth]`
(client_id, client_secret, server_metadata_url, optional client_kwargs) and named providers in sub-tables
`[auth.<name>]` live side by side: `st.login()` asks for "default", and when there is no `[auth.default]` table
Streamlit builds one from the top-level keys (`generate_default_provider_section`); `st.login("<name>")` reads
`[auth.<name>]`, which `validate_auth_credentials` requires to hold client_id, client_secret and
server_metadata_url, and which the Authlib client is registered from (`_AuthlibConfig` treats any sub-table holding
client_id and the like as a provider). But a provider's name may not contain "_": `validate_auth_credentials`
refuses it, because the callback finds the provider by splitting Authlib's "_state_<provider>_<code>" session key
on underscores. So the fresh entry is named "harbourfresh", not "harbour_fresh". Streamlit sets
`prompt="select_account"` only when client_kwargs has no `prompt`, and Authlib passes `prompt` from client_kwargs
into the authorisation URL (its EXTRA_AUTHORIZE_PARAMS; `max_age` is not among them, so it can't be used to ask
for a fresh sign-in instead). Both were tried: st.login's validation and client building accept
`[auth.harbourfresh]` beside a top-level default provider and give it `prompt="login"`, and refuse
`[auth.harbour_fresh]`.
"""

from __future__ import annotations

import copy
import hashlib
import unicodedata
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from journal import accounts, config
from journal.accounts import AccountError, User
from journal.clock import utcnow
from journal.store import Handle, identities, users
from journal.text.cleaning import clean

HANDOVER_WITHIN = timedelta(minutes=10)  # how old an identity token may be when it starts a session
CLOCK_SKEW = timedelta(minutes=1)  # how far ahead of Harbour's clock the provider's may be
FRESH_WITHIN = accounts.FRESH_WITHIN  # how recent "you proved who you are" must be before exporting or erasing
FRESH_PROVIDER = "harbourfresh"  # the `[auth]` entry that makes the provider ask again; Streamlit refuses "_"
DEFAULT_NAME = "Colleague"  # shown when the token gives no name, username or e-mail
ORIGIN = identities.ORIGIN  # users.origin of the accounts made here
KEY_PREFIX = "org\t"  # no local name key holds a tab: see the module's docstring
_STREAMLIT_REQUIRES = ("redirect_uri", "cookie_secret", "client_id", "client_secret", "server_metadata_url")
_PROVIDER_KEYS = ("client_id", "client_secret", "server_metadata_url")

ORG_REFUSED = (
    "Your organisation's account can't be used to sign in to this Harbour. "
    "If you think it should, please ask the person who looks after this Harbour."
)
ORG_NOT_SET_UP = (
    "Signing in with your organisation's account isn't set up on this Harbour yet. "
    "Please ask the person who looks after this Harbour."
)
ORG_INCOMPLETE = (
    "Your organisation's sign-in didn't say who you are, so Harbour can't let you in. Please try again, "
    "and if it keeps happening, ask the person who looks after this Harbour."
)
SIGN_IN_AGAIN = (
    "Please sign in again with your organisation's account. To keep your journal safe, each sign-in "
    "can only be used once, within a few minutes."
)
CLOCKS_DISAGREE = (
    "Please sign in again with your organisation's account. If you see this again, please tell the person "
    "who looks after this Harbour that its clock may be wrong."
)
NOT_FINISHED = "Harbour couldn't finish signing you in just now. Please sign in again with your organisation's account."


class OrganisationRefused(AccountError):
    """This person may not come in through the organisation's sign-in, or the token didn't say who they are."""


class SignInAgain(AccountError):
    """The token can't start a session (already used, too old, from the future): a new sign-in at the provider can."""


def _text(claims: Mapping[str, Any], name: str) -> str | None:
    value = claims.get(name)
    return (value.strip() or None) if isinstance(value, str) else None


def _time(claims: Mapping[str, Any], name: str) -> datetime | None:
    """A NumericDate claim as naive UTC, like every time the store keeps; None if absent or not a time."""
    value = claims.get(name)
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    try:
        return datetime.fromtimestamp(value, UTC).replace(tzinfo=None)
    except (OverflowError, OSError, ValueError):
        return None


def _guid(value: str | None) -> str | None:
    try:
        return str(uuid.UUID(value)) if value else None
    except ValueError:
        return None


def shown_name(text: str | None) -> str | None:
    """A name as check_username would keep it, but tidied rather than refused: unstorable and invisible
    characters dropped, white space folded, cut to accounts.USERNAME_MAX. None if nothing is left."""
    if not text:
        return None
    cleaned, _ = clean(text)
    visible = "".join(c for c in cleaned if unicodedata.category(c) != "Cf")
    return " ".join(visible.split())[: accounts.USERNAME_MAX].rstrip() or None


def _issuer(value: str) -> str:
    return value.strip().removesuffix("/")


@dataclass(frozen=True)
class Identity:
    """Who an identity token says the person is, as Harbour keeps it."""

    issuer: str
    subject: str
    key: str  # the stable identity: "entra:<tid>:<oid>", or "oidc:<length of iss>:<iss>|<sub>"; never the e-mail
    name: str  # shown in Harbour; may change from one sign-in to the next
    email: str | None  # `email`, else an e-mail-like `preferred_username`; None if `email_verified` is false
    tenant: str | None  # Entra's `tid`
    issued_at: datetime  # `iat`, naive UTC
    auth_time: datetime | None  # when the person last authenticated at the provider, if it says

    @classmethod
    def from_claims(cls, claims: Mapping[str, Any]) -> Identity:
        """Raises OrganisationRefused when the token lacks an issuer, a subject or its time of issue."""
        issuer, subject, issued_at = _text(claims, "iss"), _text(claims, "sub"), _time(claims, "iat")
        if issuer is None or subject is None or issued_at is None:
            raise OrganisationRefused(ORG_INCOMPLETE)
        tenant, username = _text(claims, "tid"), _text(claims, "preferred_username")
        tid, oid = _guid(tenant), _guid(_text(claims, "oid"))
        # GUIDs hold no ":"; the issuer's length goes first, so a "|" in an issuer or subject can't make two one.
        key = f"entra:{tid}:{oid}" if tid and oid else f"oidc:{len(_issuer(issuer))}:{_issuer(issuer)}|{subject}"
        email = _text(claims, "email")
        if email is None and username and "@" in username:
            email = username  # Entra's sign-in name is usually the person's address
        name = (
            shown_name(_text(claims, "name"))
            or shown_name(username)
            or shown_name(email.split("@")[0] if email and "@" in email else None)
            or DEFAULT_NAME
        )
        checked = None if claims.get("email_verified") in (False, "false") else email
        return cls(issuer, subject, key, name, checked, tenant, issued_at, _time(claims, "auth_time"))


def account_key(identity_key: str) -> str:
    """The username_key of an organisation account: no local name has this form (see the module's docstring)."""
    return KEY_PREFIX + hashlib.sha256(identity_key.encode()).hexdigest()


# -- who may come in --------------------------------------------------------------------
def check_allowed(identity: Identity, *, provider_issuer: str | None, conf: config.Config | None = None) -> None:
    """Raises OrganisationRefused unless this identity may come in (see the module's docstring).

    `provider_issuer` is the issuer of the provider configured in `[auth]` (from its server metadata), used when
    HARBOUR_ORG_ISSUERS is unset; `conf` defaults to config.load().
    """
    conf = conf or config.load()
    issuers = {_issuer(i) for i in conf.org_issuers if _issuer(i)}
    if not issuers and provider_issuer and _issuer(provider_issuer):
        issuers = {_issuer(provider_issuer)}
    if not issuers:
        raise OrganisationRefused(ORG_NOT_SET_UP)
    if _issuer(identity.issuer) not in issuers:
        raise OrganisationRefused(ORG_REFUSED)
    tenants = {t.strip().casefold() for t in conf.org_tenants}
    if tenants and (identity.tenant or "").casefold() not in tenants:
        raise OrganisationRefused(ORG_REFUSED)
    domains = {d.strip().lstrip("@").casefold() for d in conf.org_email_domains}
    email = (identity.email or "").casefold()
    if domains and not any(email.endswith("@" + domain) for domain in domains if domain):
        raise OrganisationRefused(ORG_REFUSED)


def _check_recent(claims: Mapping[str, Any], identity: Identity, now: datetime) -> None:
    if identity.issued_at > now + CLOCK_SKEW:
        raise SignInAgain(CLOCKS_DISAGREE)
    expires = _time(claims, "exp")
    if now - identity.issued_at > HANDOVER_WITHIN or (expires is not None and expires + CLOCK_SKEW < now):
        raise SignInAgain(SIGN_IN_AGAIN)


# -- coming in ---------------------------------------------------------------------------
def _create(db: Handle, identity: Identity, now: datetime) -> User | None:
    """The new account and its identity; None if someone signed in with the same identity at the same moment."""
    account = users.UserRow(
        id=str(uuid.uuid4()),
        username=identity.name,
        username_key=account_key(identity.key),
        password_hash="",  # no Harbour password: nothing matches it
        is_admin=False,
        created_at=now,
        origin=ORIGIN,
    )
    row = identities.IdentityRow(identity.key, account.id, identity.issuer, identity.subject, now, identity.issued_at)
    return User(account.id, account.username, False) if identities.insert_with_account(db, row, account) else None


def admit(
    db: Handle,
    claims: Mapping[str, Any],
    *,
    provider_issuer: str | None,
    now: datetime | None = None,
    conf: config.Config | None = None,
) -> User:
    """The account for the person these identity-token claims name, made on their first sign-in.

    Refuses (nothing written) with OrganisationRefused when they may not come in, SignInAgain when this token
    can't start a session (used before, too old, from the future), and AccountError when the account is switched
    off or locked. The token is used up only when the account is let in; the shown name follows the token's.
    """
    now = now or utcnow()
    identity = Identity.from_claims(claims)
    check_allowed(identity, provider_issuer=provider_issuer, conf=conf)
    _check_recent(claims, identity, now)
    found = identities.find(db, identity.key)
    if found is None:
        made = _create(db, identity, now)
        if made is not None:
            return made
        found = identities.find(db, identity.key)  # the other sign-in made it, with this token or another
    account = users.find_by_id(db, found.user_id) if found else None
    if found is None or account is None:
        raise SignInAgain(NOT_FINISHED)
    if account.disabled:
        raise AccountError(accounts.ACCOUNT_DISABLED)
    if account.locked:
        raise AccountError(accounts.SIGN_IN_LOCKED)
    if not identities.advance_last_issued(db, identity.key, identity.issued_at):
        raise SignInAgain(SIGN_IN_AGAIN)
    if account.username != identity.name:
        identities.set_username(db, account.id, identity.name)
    return User(account.id, identity.name, account.is_admin)


def is_organisation_account(db: Handle, user_id: str) -> bool:
    """Whether the organisation's sign-in made this account (it has no Harbour password)."""
    return users.origin(db, user_id) == ORIGIN


# -- proving who you are afresh -------------------------------------------------------------
def fresh_confirmation(
    db: Handle, user_id: str, session_id: str, claims: Mapping[str, Any], *, now: datetime | None = None
) -> bool:
    """Record on this open session of this account that its person just proved who they are, when the claims
    are this account's identity (same key, same issuer) and say they authenticated within FRESH_WITHIN: their
    `auth_time`, or without one their `iat` from the fresh entry only (see the module's docstring). False, and
    nothing changed, otherwise."""
    now = now or utcnow()
    try:
        identity = Identity.from_claims(claims)
    except OrganisationRefused:
        return False
    own = identities.find_by_user(db, user_id)
    if own is None or own.identity_key != identity.key or _issuer(own.issuer) != _issuer(identity.issuer):
        return False
    proved = identity.auth_time
    if proved is None and claims.get("provider") == FRESH_PROVIDER:
        proved = identity.issued_at
    if proved is None or proved > now + CLOCK_SKEW or now - proved > FRESH_WITHIN:
        return False
    session = users.find_session(db, session_id)
    if session is None or session.user_id != user_id or session.ended_at is not None:
        return False
    return users.confirm_session(db, session_id, now)


def recently_confirmed(db: Handle, session_id: str, *, now: datetime | None = None) -> bool:
    """Whether this open session's person proved who they are within FRESH_WITHIN: what exporting and erasing
    ask of an organisation account instead of a password."""
    now = now or utcnow()
    confirmed = users.session_confirmed_at(db, session_id)
    return confirmed is not None and -CLOCK_SKEW <= now - confirmed <= FRESH_WITHIN


# -- the operator's `[auth]` settings ---------------------------------------------------------
def _filled(auth: Mapping[str, Any], name: str) -> bool:
    value = auth.get(name)
    return isinstance(value, str) and bool(value.strip())


def organisation_sign_in_configured(auth: Mapping[str, Any] | None) -> bool:
    """Whether `[auth]` (from .streamlit/secrets.toml) has what Streamlit needs for its default provider."""
    return auth is not None and all(_filled(auth, name) for name in _STREAMLIT_REQUIRES)


def secrets_with_fresh_entry(auth: Mapping[str, Any] | None) -> dict[str, Any] | None:
    """`auth` as it is, plus `[auth.harbourfresh]` (FRESH_PROVIDER): the default provider again, asking the
    provider to make the person sign in afresh (`prompt = "login"`). None without a default provider.

    An entry of that name already there is replaced, so it always asks afresh. `auth` itself is left unchanged.
    """
    if auth is None or not organisation_sign_in_configured(auth):
        return None
    result = {name: copy.deepcopy(_plain(value)) for name, value in auth.items()}
    fresh: dict[str, Any] = {name: auth[name] for name in _PROVIDER_KEYS}
    kwargs = auth.get("client_kwargs")
    fresh["client_kwargs"] = {**(_plain(kwargs) if isinstance(kwargs, Mapping) else {}), "prompt": "login"}
    result[FRESH_PROVIDER] = fresh
    return result


def _plain(value: Any) -> Any:
    """Mappings (Streamlit's AttrDict among them) as dicts, all the way down."""
    return {k: _plain(v) for k, v in value.items()} if isinstance(value, Mapping) else value
