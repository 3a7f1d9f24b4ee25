"""Write: choose a kind of reflection (or be surprised), answer, save. Drafts wait here."""

import streamlit as st

from journal import clock
from journal.reflect import entries
from journal.reflect.entries import EntryInput
from journal.ui import (
    actions,
    checkbacks,
    debriefs,
    nav,
    next_steps,
    nhs_support,
    nmc,
    nudges,
    own,
    resources,
    session,
    tour,
    trackers,
    when,
)
from journal.ui.entry_form import OpenForm, discard_button, render

db, lib = resources.database(), resources.library()
user = session.require_user()
OPEN, INITIAL = "write.open", "write.initial"  # the form open, and the values it started from


def start(template_id: str) -> None:
    st.session_state[OPEN] = OpenForm.new(template_id)
    st.session_state.pop(INITIAL, None)


def close() -> None:
    st.session_state.pop(OPEN, None)
    st.session_state.pop(INITIAL, None)


st.title("Write")
session.show_flashes()
nudges.say_more(db, user)
if (sent := nav.take_new_entry()) is not None:
    st.session_state[OPEN], st.session_state[INITIAL] = OpenForm.new(sent.template), sent
elif (asked := nav.take_start(t.id for t in lib.templates)) is not None:  # a bookmark: /?start=checkin
    start(asked)
elif (looking_back := checkbacks.take_link(db, user, lib)) is not None:  # a calendar event's link: /?checkback=…
    st.session_state[OPEN], st.session_state[INITIAL] = looking_back
current: OpenForm | None = st.session_state.get(OPEN)

waiting = [d for d in entries.drafts(db, user.id) if not current or d.entry_id != current.entry_id]
if waiting:
    with st.container(border=True):
        st.markdown("**Unfinished writing, kept for you**")
        for d in waiting:
            cols = st.columns([3, 1, 1], vertical_alignment="center")
            kind = "Changes to an entry" if d.is_edit else lib.template_name(d.input.template)
            cols[0].caption(f"{kind} · last typed {when.moment(d.updated_at, when.zone(db, user.id), year=False)}")
            if cols[1].button("Resume", key=f"resume.{d.entry_id}"):
                if d.is_edit:
                    saved = entries.get(db, user.id, d.entry_id)
                    nav.edit_entry(OpenForm(d.entry_id, d.input.template, saved.revision))
                st.session_state[OPEN] = OpenForm(d.entry_id, d.input.template)
                st.session_state[INITIAL] = d.input
                st.rerun()
            with cols[2]:
                discard_button(db, user, d.entry_id, key=f"discard.{d.entry_id}")

if current is None:
    tour.show(db, user)
    next_steps.show(db, user, lib)  # what the entry just saved can lead to: actions, the person met, a look back
    nmc.card(db, user, clock.today())  # revalidation so far, for a nurse or midwife
    debriefs.on_write(db, user, lib, start)  # debriefs waiting, and the days each has left
    nhs_support.on_write(db, user, lib, clock.today(), start)  # a wellbeing plan due its yearly review
    checkbacks.due(db, user, lib)
    nudges.burnout_offer(db, user, clock.today())
    st.markdown("What would you like to reflect on?")
    cols = st.columns(3)
    for i, template in enumerate(lib.templates):
        cols[i % 3].button(
            f"{template.name} · {template.minutes} min",
            key=f"pick.{template.id}",
            help=template.summary,
            width="stretch",
            wrap=True,
            on_click=start,
            args=(template.id,),
        )
    st.button("Surprise me with a prompt", icon=":material/auto_awesome:", on_click=start, args=("free",))
    own.on_write(db, user, lib, start)
    actions.open_actions(db, user, lib)
    trackers.today(db, user)
    st.caption(
        "Everything you write is private to you. In a longer reflection a draft is kept each time you leave a box; "
        "a quick check-in is kept when you save it or close it."
    )
else:
    checkbacks.context(db, user, lib, current)
    debriefs.before_form(db, user, lib, current)
    initial = st.session_state.get(INITIAL) or EntryInput.blank(lib.template(current.template))
    outcome = render(db, user, lib, current, initial, on_close=close)
    if outcome is not None:
        close()
        checkbacks.saved(db, user, outcome.entry)
        debriefs.saved(db, user, outcome.entry)
        next_steps.remember(outcome.entry)
        for notice in outcome.notices:
            session.flash("info", notice)
        if outcome.entry.is_win:
            session.flash(
                "celebrate",
                "Saved, and noted as a little big thing. Small steps add up: well done for noticing this one.",
            )
        else:
            session.flash("success", "Saved to your journal.")
        nudges.after_save(db, user, outcome.entry)
        st.rerun()
