"""Who is signed in to this browser session: a server-side session row, checked on every run."""

from __future__ import annotations

import streamlit as st

from journal import accounts
from journal.accounts import User
from journal.ui import nav, resources

_USER = "harbour.user"
_SESSION = "harbour.session"
_FLASH = "harbour.flash"


def current_user() -> User | None:
    """The signed-in person, if their session is still good; else they are signed out and told why, kindly."""
    if _USER not in st.session_state:
        return None
    db = resources.database()
    session_id = st.session_state.get(_SESSION)
    if session_id is None:  # no server-side session, no sign-in: every signed-in person has a session row
        _forget()
        return None
    try:
        user = accounts.resume_session(db, session_id)
    except accounts.SessionEnded as ended:
        _forget()
        flash("info", str(ended))
        return None
    st.session_state[_USER] = user  # fresh from the database: e.g. no longer the admin
    return user


# How often an open screen checks that its session is still good: often enough to clear it soon after the idle limit.
_WATCH_SECONDS = min(30.0, accounts.idle_limit().total_seconds() / 4)


@st.fragment(run_every=_WATCH_SECONDS)
def watch_for_sign_out() -> None:
    """Clear the screen when the session ends (idle, too long, signed out elsewhere) with no click needed, so an
    entry left open on a shared computer doesn't stay readable. Checking doesn't count as use."""
    current = st.session_state.get(_SESSION)
    if current is None:
        return
    try:
        accounts.resume_session(resources.database(), current, touch=False)
    except accounts.SessionEnded as ended:
        _forget()
        flash("info", str(ended))  # the reason it ended, said once on the Welcome page
        st.rerun(scope="app")  # the whole page runs again, signed out, and shows Welcome


def session_id() -> str | None:
    return st.session_state.get(_SESSION)


def sign_in(user: User) -> None:
    st.session_state.clear()  # nothing from before sign-in carries over
    st.session_state[_SESSION] = accounts.start_session(resources.database(), user.id)
    st.session_state[_USER] = user


def explore_demo() -> None:
    """Sign this browser in as the demo practitioner, on the demo's own database (never the real one)."""
    from journal.demo.year import DEMO_USERNAME
    from journal.store import users

    db = resources.demo_database()
    row = users.find_by_key(db, accounts.username_key(DEMO_USERNAME))
    if row is None:  # someone exploring erased it: bring the example back
        resources.demo_password(rebuild=True)
        row = users.find_by_key(db, accounts.username_key(DEMO_USERNAME))
    assert row is not None
    st.session_state.clear()
    st.session_state[resources.DEMO] = True
    st.session_state[_SESSION] = accounts.start_session(db, row.id)
    st.session_state[_USER] = User(row.id, row.username, False)


def exploring() -> bool:
    return bool(st.session_state.get(resources.DEMO))


def sign_out() -> None:
    """End this browser's session only; the person's other devices stay signed in."""
    current = session_id()
    if current is not None:
        accounts.end_session(resources.database(), current)
    _forget()


def sign_out_everywhere(user: User) -> None:
    accounts.end_all_sessions(resources.database(), user.id)
    _forget()
    flash("success", "You're signed out everywhere, on this device and any other.")


def _forget() -> None:
    st.session_state.clear()


def require_user() -> User:
    """For pages: the signed-in person (app.py only routes signed-in people to these pages)."""
    user = current_user()
    if user is None:
        nav.go(nav.WELCOME)
        st.stop()
    return user


def flash(kind: str, message: str) -> None:
    """A message to show once after the next rerun (e.g. 'Saved' after a page switch)."""
    st.session_state.setdefault(_FLASH, []).append((kind, message))


def show_flashes() -> None:
    # Always one container here, message or not: otherwise a message shifts everything below it, and Streamlit
    # redraws tabs and expanders under it from scratch (back to the first tab, sections closed).
    with st.container(key="harbour-flashes"):
        _flashes()


def _flashes() -> None:
    for kind, message in st.session_state.pop(_FLASH, []):
        if kind == "celebrate":
            st.balloons()
            st.success(message, icon=":material/celebration:")
        else:
            {"success": st.success, "info": st.info, "warning": st.warning, "error": st.error}[kind](message)
