"""Debriefs: the raw account of a hard shift, private, kept for the days the person chose and then deleted, unless
they turn it into a learning reflection."""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st

from journal import clock
from journal.accounts import User
from journal.content.library import Library
from journal.reflect import debriefs as kept
from journal.reflect import entries
from journal.reflect.debriefs import DebriefError
from journal.reflect.entries import Entry
from journal.store import Handle
from journal.text import identifiable
from journal.text.words import nice_date
from journal.ui import nav, session
from journal.ui.entry_form import OpenForm
from journal.ui.widgets import show_text

_REFUSED = "debriefs.refused"  # a refusal from a button's callback, shown on the next run


def _days_key(entry_id: str) -> str:
    return f"debriefs.days.{entry_id}"


WHERE_FACTS_BELONG = (
    "Times, doses, ages, bed numbers and rare conditions belong in your organisation's incident report or the "
    "patient's record, where they are kept safely and used. A reflection needs only what you learnt."
)


def _turn(db: Handle, user: User, entry_id: str) -> None:
    """Open the debrief on Journal as a learning reflection to trim (a draft of the same entry)."""
    try:
        entry_id, revision = kept.start_turning(db, user.id, entry_id)
    except DebriefError as exc:
        show_text(str(exc), "error")
        return
    nav.edit_entry(OpenForm(entry_id, kept.LEARNING, revision))


def _longer(db: Handle, user: User, entry_id: str) -> None:
    try:
        kept.keep_longer(db, user.id, entry_id)
    except DebriefError as exc:
        st.session_state[_REFUSED] = str(exc)


def _delete(db: Handle, user: User, entry_id: str) -> None:
    try:
        kept.delete_now(db, user.id, entry_id)
    except DebriefError as exc:
        st.session_state[_REFUSED] = str(exc)


_EXPIRED_ON = "debriefs.expired_on"  # the day this session last deleted the person's debriefs past their day


def expire_once_a_day(db: Handle, user: User) -> None:
    """On every page, once a day per session: debriefs past their day go before anything is shown, whichever page a
    person opens first (Write and Journal also do it each time they open)."""
    today = clock.today()
    if st.session_state.get(_EXPIRED_ON) != (user.id, today):
        kept.expire(db, user.id, today)
        st.session_state[_EXPIRED_ON] = (user.id, today)


def on_write(db: Handle, user: User, lib: Library, start: Callable[[str], None]) -> None:
    """On Write: the debriefs waiting, with the days each has left and a way to turn it into a learning reflection."""
    today = clock.today()
    kept.expire(db, user.id, today)  # a person who hasn't been here for weeks: what is past its day goes first
    if refused := st.session_state.pop(_REFUSED, None):
        show_text(refused, "error")
    waiting = kept.waiting(db, user.id)
    if not waiting:
        return
    with st.container(border=True, key="debriefs-waiting"):
        st.markdown("**Debriefs, kept for now**")
        st.caption(
            "Only you can read these. When its days are up, each one is deleted for good, unless you turn it into "
            "a learning reflection: what you learnt and what you'll do, without the details."
        )
        for item in waiting:
            st.markdown(f"Debrief of {nice_date(item.entry_date)}")
            st.caption(kept.kept_words(item.keep_until, today))
            if item.turning:
                st.caption("You've begun a learning reflection from it: finish it before then, or it goes too.")
            cols = st.columns(4, vertical_alignment="center")
            label = "Carry on with the learning reflection" if item.turning else "Turn into a learning reflection"
            if cols[0].button(label, key=f"debriefs.turn.{item.entry_id}", type="primary", icon=":material/school:"):
                _turn(db, user, item.entry_id)
            if cols[1].button("Read it", key=f"debriefs.read.{item.entry_id}", icon=":material/menu_book:"):
                nav.open_entry(item.entry_id)
            cols[2].button(
                f"Keep it {kept.LONGER_DAYS} days longer",
                key=f"debriefs.longer.{item.entry_id}",
                disabled=not item.can_keep_longer(),
                help=f"A debrief can be kept for up to {kept.MAX_DAYS} days from the day it's about.",
                on_click=_longer,
                args=(db, user, item.entry_id),
            )
            with cols[3].popover("Delete it now", icon=":material/delete:", key=f"debriefs.delete.{item.entry_id}"):
                st.markdown(
                    "Delete this debrief now? It goes to the trash, where you can put it back until its day; "
                    "then it is deleted for good."
                )
                st.button(
                    "Yes, delete it",
                    key=f"debriefs.delete.{item.entry_id}.yes",
                    type="primary",
                    on_click=_delete,
                    args=(db, user, item.entry_id),
                )


def _remember_days(db: Handle, user: User, entry_id: str) -> None:
    days = st.session_state.get(_days_key(entry_id))
    try:
        kept.choose_days(db, user.id, days)  # type: ignore[arg-type]
    except DebriefError as exc:
        st.session_state[_REFUSED] = str(exc)


def before_form(db: Handle, user: User, lib: Library, current: OpenForm) -> None:
    """Above an open form on Write: for a debrief, how long it will be kept (the person chooses)."""
    if current.template != kept.TEMPLATE or current.revision is not None:
        return
    key = _days_key(current.entry_id)
    if key not in st.session_state:
        st.session_state[key] = kept.chosen_days(db, user.id)
    with st.container(border=True, key="debriefs-keep-for"):
        st.markdown(
            "**Get it out of your head.** Write it just as it was: nobody else can read this, not a coach and not "
            "a group."
        )
        st.number_input(
            "Keep it for how many days?",
            min_value=kept.MIN_DAYS,
            max_value=kept.MAX_DAYS,
            step=1,
            key=key,
            on_change=_remember_days,
            args=(db, user, current.entry_id),
        )
        days = st.session_state.get(key) or kept.DEFAULT_DAYS
        until = kept.keep_until(clock.today(), int(days))
        st.caption(
            f"Kept until {nice_date(until)}, then deleted for good. Before then, you can turn it into a learning "
            "reflection to keep what you learnt: Write lists it with the days it has left."
        )
        st.caption(
            "If Harbour asks about identifying details when you save, you can keep them here: they go when it does. "
            + WHERE_FACTS_BELONG
        )


def saved(db: Handle, user: User, entry: Entry) -> None:
    """After any save on Write: a debrief is kept until the day chosen."""
    days = st.session_state.pop(_days_key(entry.id), None)
    if entry.template != kept.TEMPLATE:
        return
    try:
        day = kept.saved(db, user.id, entry, int(days) if days else kept.chosen_days(db, user.id))
    except DebriefError as exc:
        show_text(str(exc), "error")
        return
    if day is not None:
        session.flash("info", f"Your debrief is kept until {nice_date(day)}, then deleted for good.")


def on_journal(db: Handle, user: User, lib: Library, entry: Entry | None, editing: OpenForm | None) -> Entry | None:
    """On Journal: debriefs past their day go first; then, for an open debrief, when it goes and a way to turn it
    into a learning reflection, or, while it is being turned, the facts in it that don't belong in a reflection.
    Returns the open entry as it is now (None if it has just gone)."""
    if kept.expire(db, user.id) and entry is not None:
        entry = entries.get(db, user.id, entry.id)
    if entry is None or entry.template != kept.TEMPLATE or entry.deleted_at is not None:
        return entry
    with st.container(border=True, key="debriefs-open"):
        if editing is not None and editing.entry_id == entry.id and editing.template == kept.LEARNING:
            found = identifiable.findings(kept.brought_over(db, user.id, entry.id))
            st.markdown("**Trim it to what you learnt**")
            st.caption(
                "Your debrief is below under the first question. Saving makes it this learning reflection, kept "
                "like your other entries; cancel and it stays a debrief, going on its day. " + WHERE_FACTS_BELONG
            )
            if found:
                st.caption("Harbour found these in it; leave them out as you trim:")
                for finding in found:
                    st.text(f"{finding.kind}: {finding.excerpt}")  # their words, shown as plain text
            return entry
        st.caption(kept.kept_words(kept.kept_until(db, user.id, entry.id), clock.today()))
        if st.button("Turn into a learning reflection", key="debriefs.journal.turn", icon=":material/school:"):
            _turn(db, user, entry.id)
    return entry
