"""Who is signed in to this browser session, and signing out."""

from __future__ import annotations

import streamlit as st

from journal.accounts import User

_USER = "harbour.user"
_FLASH = "harbour.flash"


def current_user() -> User | None:
    return st.session_state.get(_USER)


def sign_in(user: User) -> None:
    st.session_state.clear()  # nothing from before sign-in carries over
    st.session_state[_USER] = user


def sign_out() -> None:
    st.session_state.clear()


def require_user() -> User:
    """For pages: the signed-in person (app.py only routes signed-in people to these pages)."""
    user = current_user()
    if user is None:
        st.switch_page("pages/welcome.py")
        st.stop()
    return user


def flash(kind: str, message: str) -> None:
    """A message to show once after the next rerun (e.g. 'Saved' after a page switch)."""
    st.session_state.setdefault(_FLASH, []).append((kind, message))


def show_flashes() -> None:
    for kind, message in st.session_state.pop(_FLASH, []):
        if kind == "celebrate":
            st.balloons()
            st.success(message, icon=":material/celebration:")
        else:
            {"success": st.success, "info": st.info, "warning": st.warning, "error": st.error}[kind](message)
