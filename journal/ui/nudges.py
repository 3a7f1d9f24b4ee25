"""Gentle, private, dismissible nudges on the Write page. Never guilt, never a nag."""

from __future__ import annotations

from datetime import date

import streamlit as st

from journal.accounts import User
from journal.patterns import burnout, signals
from journal.reflect import entries, settings
from journal.reflect.entries import Entry
from journal.store import Handle
from journal.text.words import nice_date
from journal.ui import nav
from journal.ui.entry_form import OpenForm

_SAY_MORE = "write.say_more"


def after_save(db: Handle, user: User, entry: Entry) -> None:
    """Remember to ask 'want to say more?' when the words and the chosen mood disagree (if the person allows it)."""
    if settings.get(db, user.id).ask_when_tone_differs and signals.mismatch(entry.mood, entry.polarity):
        st.session_state[_SAY_MORE] = entry.id


def say_more(db: Handle, user: User) -> None:
    entry_id = st.session_state.get(_SAY_MORE)
    entry = entries.get(db, user.id, entry_id) if entry_id else None
    if entry is None:
        return
    with st.container(border=True):
        st.markdown(
            "The words you wrote and the mood you chose seem to point different ways. Want to say more? "
            "Only you will see this."
        )
        left, right = st.columns(2)
        if left.button("Add a few words", icon=":material/edit:"):
            st.session_state.pop(_SAY_MORE)
            nav.edit_entry(OpenForm(entry.id, entry.template, entry.revision))
        if right.button("Not now"):
            st.session_state.pop(_SAY_MORE)
            st.rerun()
        st.caption("You can turn this question off in Settings.")


def burnout_offer(db: Handle, user: User, today: date) -> None:
    words = burnout.offer(db, user.id, today)
    if words is None:
        return
    with st.container(border=True):
        st.markdown(words)  # our own words: a date and a count at most
        left, right = st.columns(2)
        with left:
            nav.link(nav.BURNOUT, "Take the check-in")
        if right.button("Not now", key="burnout.not_now"):
            until = burnout.snooze(db, user.id, today)
            st.toast(f"Okay. Harbour will offer it again from {nice_date(until)}.")
            st.rerun()
