"""Your regulator and renewal date, at the top of the Revalidation page: what decides the rest of it."""

from __future__ import annotations

from datetime import date, timedelta

import streamlit as st

from journal.accounts import User
from journal.content import regulators
from journal.reflect import profession
from journal.reflect.profession import Profession, ProfessionError
from journal.store import Handle
from journal.ui.widgets import show_text

_NONE = "none"


def _label(choice: str) -> str:
    words = regulators.load()
    if choice == _NONE:
        return "Not yet chosen"
    return f"{words.name(choice)}: {words.who(choice)}"


def _keep_regulator(db: Handle, user: User) -> None:
    choice = st.session_state["profession.regulator"]
    profession.set_regulator(db, user.id, None if choice == _NONE else choice)


def _keep_renewal(db: Handle, user: User, today: date) -> None:
    try:
        profession.set_renewal(db, user.id, st.session_state["profession.renewal"], today)
    except ProfessionError as exc:
        st.session_state["profession.error"] = str(exc)


def choose(db: Handle, user: User, today: date) -> Profession:
    """The regulator and renewal date, each kept as soon as it is chosen; what is kept now."""
    current = profession.get(db, user.id)
    st.session_state.setdefault("profession.regulator", current.regulator or _NONE)
    left, right = st.columns([3, 2])
    left.selectbox(
        "Your regulator",
        [_NONE, *regulators.IDS],
        key="profession.regulator",
        format_func=_label,
        on_change=_keep_regulator,
        args=(db, user),
    )
    st.session_state.setdefault("profession.renewal", current.renewal_on)
    right.date_input(
        "Your registration renews on",
        key="profession.renewal",
        min_value=today - timedelta(days=366),
        max_value=today + timedelta(days=366 * profession.RENEWAL_LATEST_YEARS - 2),
        format="DD/MM/YYYY",
        on_change=_keep_renewal,
        args=(db, user, today),
        help="The date your regulator gave you. Harbour counts towards it; it never tells your regulator anything.",
    )
    if (problem := st.session_state.pop("profession.error", None)) is not None:
        show_text(problem, "error")
    return profession.get(db, user.id)
