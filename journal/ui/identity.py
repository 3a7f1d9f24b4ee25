"""Signing in with the organisation's account, and proving it's you again before a step that asks.

`st.login` sends the person to their organisation's provider (OpenID Connect; `[auth]` in .streamlit/secrets.toml),
and Streamlit's callback brings them back to Harbour's root with the ID token's claims in `st.user`, held in
Streamlit's own identity cookie (30 days). Harbour takes those claims once, into an account and a session of its
own (journal/organisation.py), and the cookie route then clears Streamlit's identity cookie (journal/ui/web.py):
from there on Harbour's session is the whole truth, with its own limits (30 minutes idle, 12 hours in all).

Steps that ask "is it really you?" (taking a copy, erasing, sharing) ask a local account for its password and an
organisation account to sign in again at its provider (`prompt=login`, the `harbourfresh` entry Harbour adds to
`[auth]` when it starts): that counts for five minutes, and brings the person back to the page they were on.
"""

from __future__ import annotations

import json
import urllib.request
from typing import Any
from urllib.parse import urlsplit

import streamlit as st
from streamlit.errors import StreamlitSecretNotFoundError

from journal import accounts, organisation
from journal.accounts import User
from journal.store import users
from journal.ui import nav, resources

_HANDLED = "harbour.identity_handled"  # the claims this tab has already taken (Streamlit's cookie lingers a moment)
_BACK = "harbour.identity_back"  # the page to return to after a fresh sign-in
CONFIRMED = "Thank you: that's confirmed. For the next five minutes, Harbour won't ask again."
NOT_CONFIRMED = (
    "That sign-in didn't confirm it's you, so nothing was unlocked. Please try again, signing in as yourself."
)
KEPT = (_HANDLED, _BACK)  # what survives a sign-in's fresh start of the tab's state


def auth_settings() -> dict[str, Any]:
    """The `[auth]` table of .streamlit/secrets.toml ({} when there is none)."""
    try:
        found = st.secrets.to_dict().get("auth")
    except (StreamlitSecretNotFoundError, FileNotFoundError):
        return {}
    return dict(found) if isinstance(found, dict) else {}


def offered() -> bool:
    """Whether this Harbour offers "Sign in with your organisation": the operator filled `[auth]`."""
    return organisation.organisation_sign_in_configured(auth_settings())


@st.cache_resource(ttl=3600, show_spinner=False)
def _issuer_of(metadata_url: str) -> str:
    with urllib.request.urlopen(metadata_url, timeout=10) as answer:  # the operator's own provider, server-side
        issuer = json.load(answer).get("issuer")
    if not isinstance(issuer, str) or not issuer:
        raise ValueError("no issuer")  # not cached: the next sign-in asks again
    return issuer


def provider_issuer() -> str | None:
    """The configured provider's own issuer, from its published metadata (who may come in, by default)."""
    url = auth_settings().get("server_metadata_url")
    if not isinstance(url, str) or not url:
        return None
    try:
        return _issuer_of(url)
    except (OSError, ValueError):
        return None


def sign_in_button() -> None:
    """The welcome page's way in for people whose organisation signs them in."""
    if st.button("Sign in with your organisation", type="primary", icon=":material/badge:"):
        st.login()


def take_sign_in(user: User | None, session_id: str | None) -> tuple[User | None, str]:
    """What a return from the provider means for this tab, once: a new sign-in (an account and a session), a fresh
    confirmation of the person already signed in, or a refusal said kindly. Returns the person signed in now and
    what the browser's cookie needs: "" nothing, "set" (a new session: its ticket also clears Streamlit's identity
    cookie), "renew" (the same session's cookie again, clearing Streamlit's), "clear" (a refusal)."""
    # Read as a mapping: `st.user.is_logged_in` exists only when `[auth]` is set up, and raises on a Harbour without.
    claims: dict[str, Any] = dict(st.user.to_dict())
    if claims.get("is_logged_in") is not True:
        return user, ""
    seen = (claims.get("iss"), claims.get("sub"), claims.get("iat"), claims.get("provider"))
    if st.session_state.get(_HANDLED) == seen:
        return user, ""
    st.session_state[_HANDLED] = seen
    db = resources.database()
    if user is not None and session_id is not None:
        if claims.get("provider") == organisation.FRESH_PROVIDER:
            if organisation.fresh_confirmation(db, user.id, session_id, claims):
                _flash("success", CONFIRMED)
                st.session_state[_BACK] = users.take_return_to(db, session_id)
            else:
                _flash("warning", NOT_CONFIRMED)
        return user, "renew"  # signed in already (another tab's sign-in): only Streamlit's cookie to clear
    try:
        admitted = organisation.admit(db, claims, provider_issuer=provider_issuer())
    except accounts.AccountError as exc:
        _flash("warning", str(exc))  # Harbour's own words (organisation.py), never the token's
        return None, "clear"
    return admitted, "set"


def _flash(kind: str, message: str) -> None:
    from journal.ui import session  # session imports this module

    session.flash(kind, message)


def return_after_confirming() -> None:
    """Back to the page the person left to confirm it's them (after the menu exists: switching needs it)."""
    back = st.session_state.pop(_BACK, None)
    for place in nav.PLACES:
        if place.url_path == back:
            nav.go(place)


def _this_page() -> str | None:
    """The address of the page being shown (its last part: "your_data"), to come back to."""
    url = st.context.url
    return urlsplit(url).path.rstrip("/").rsplit("/", 1)[-1] or None if isinstance(url, str) else None


def proof(key: str, label: str = "Your password", help: str | None = None) -> accounts.Proof:
    """Inside a form: what proves it's this person for a step that asks again. A local account gets a password
    box (its value); an organisation account is either confirmed already (a FreshSignIn) or offered a button that
    takes them to their provider to sign in again and brings them back to this page ("" until then)."""
    from journal.ui import session  # session imports this module

    db, user, session_id = resources.database(), session.require_user(), session.session_id()
    if session_id is None or session.exploring() or not organisation.is_organisation_account(db, user.id):
        return st.text_input(label, type="password", key=key, help=help)
    if organisation.recently_confirmed(db, session_id):
        st.caption("You confirmed it's you with your organisation's sign-in a moment ago.")
        return accounts.FreshSignIn(session_id)
    st.caption(
        "To do this, please confirm it's you: sign in again with your organisation's account. "
        "You'll come straight back here."
    )
    if st.form_submit_button("Confirm it's me", icon=":material/verified_user:"):
        users.set_return_to(db, session_id, _this_page())
        st.login(organisation.FRESH_PROVIDER)
    return ""
