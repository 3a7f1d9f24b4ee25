"""Burnout check-in: the Copenhagen Burnout Inventory every four weeks, if a person wants it; never a diagnosis."""

import uuid

import streamlit as st

from journal import clock
from journal.patterns import burnout
from journal.reflect import settings
from journal.text.words import nice_date
from journal.ui import nav, resources, screen, session

db = resources.database()
user = session.require_user()
inv, today = burnout.inventory(), clock.today()
FORM, AGAIN, CLIENT = "burnout.form", "burnout.again", "burnout.include_client"

st.title("Burnout check-in")
session.show_flashes()
st.markdown(
    "A short, validated questionnaire about tiredness and exhaustion, offered every four weeks if you'd like it. "
    "It helps you notice how you are doing over time; it is never a diagnosis."
)
latest = burnout.latest(db, user.id)
answering = st.session_state.get(AGAIN) or latest is None or latest.next_due <= today


def include_client_changed() -> None:
    settings.update(db, user.id, cbi_include_client=st.session_state[CLIENT])


if answering:
    st.session_state.setdefault(CLIENT, settings.get(db, user.id).cbi_include_client)
    st.toggle(
        "Include questions about the people I work with",
        key=CLIENT,
        on_change=include_client_changed,
        help="Patients, service users, communities or colleagues: six more questions, if they fit your work.",
    )
    include = st.session_state[CLIENT]
    form_id = st.session_state.setdefault(FORM, str(uuid.uuid4()))
    kept = burnout.kept_answers(db, user.id)
    if kept:
        st.info(f"Your {len(kept)} answers from last time are filled in. Change any you like.")
    with st.form("burnout"):
        answers = {}
        for scale in inv.asked(include):
            st.subheader(scale.name)
            st.caption(scale.intro)
            for item in scale.items:
                values = [o.value for o in item.options]
                answers[item.id] = st.radio(
                    item.text,
                    values,
                    index=values.index(kept[item.id]) if item.id in kept else None,
                    key=f"burnout.{form_id}.{item.id}",
                    format_func=item.label,
                    horizontal=True,
                )
        submitted = st.form_submit_button("Save my answers", type="primary", icon=":material/save:")
        later = st.form_submit_button(
            "Not now", help="Your answers so far are kept for next time; Harbour won't offer this until it is next due"
        )
    if submitted:
        try:
            burnout.save_checkin(db, user.id, form_id, answers, include, today)
        except burnout.CbiError as exc:
            st.error(str(exc), icon=":material/info:")
        else:
            for key in [k for k in st.session_state if str(k).startswith(f"burnout.{form_id}.")]:
                del st.session_state[key]
            st.session_state.pop(FORM)
            st.session_state.pop(AGAIN, None)
            session.flash("success", "Saved. Thank you for taking a few minutes for yourself.")
            st.rerun()
    if later:
        try:
            until = burnout.snooze(db, user.id, today, answers)
        except burnout.CbiError as exc:
            st.error(str(exc), icon=":material/info:")
        else:
            st.session_state.pop(AGAIN, None)
            chosen = sum(v is not None for v in answers.values())
            kept_words = f" Your {chosen} answers are kept for then." if chosen else ""
            session.flash(
                "info", f"No problem. Harbour won't offer the check-in again until {nice_date(until)}.{kept_words}"
            )
            nav.go(nav.WRITE)
else:
    st.subheader(f"Your check-in on {nice_date(latest.taken_on)}")
    for scale in inv.scales:
        if (value := latest.scores.get(scale.id)) is not None:
            st.markdown(f"**{burnout.describe(scale, value)}**")
    frame = burnout.trend_frame(burnout.history(db, user.id), inv)
    st.altair_chart(burnout.trend_chart(frame, screen.fit()), width="stretch")
    with st.expander("Your scores as a table"):
        st.dataframe(
            burnout.trend_table(frame),
            hide_index=True,
            column_config={"Date": st.column_config.DateColumn(format="D MMM YYYY")},
        )
    if latest.scores.any_high:
        st.info(
            "A score of 50 or more is a sign to look after yourself: rest where you can, talk with someone you "
            "trust, and ease the load if it's yours to ease. You don't have to carry it alone."
        )
    else:
        st.info("A score of 50 or more would be a sign to look after yourself. Yours are below that this time.")
    nav.link(nav.SUPPORT, "Support, if you need it")
    st.caption(f"Harbour will offer the check-in again from {nice_date(latest.next_due)}.")
    if st.button("Answer it again now"):
        st.session_state[AGAIN] = True
        st.rerun()

st.caption(burnout.CITATION)
