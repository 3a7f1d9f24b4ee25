"""Wins: the little big things, newest first, by period and theme; and the story of coming back from setbacks."""

import streamlit as st

from journal import clock
from journal.patterns import signals, trends
from journal.reflect import people, wins
from journal.text.words import nice_date, plural
from journal.ui import nav, nmc, resources, session
from journal.ui.widgets import summary_card

db, lib = resources.database(), resources.library()
user = session.require_user()
today = clock.today()

st.title("Little big things")
session.show_flashes()
st.caption("Every win you've marked, so the small steps that keep hope going don't get lost.")
nmc.on_wins(db, user, lib, today)  # for a nurse or midwife: revalidation so far, and a win to use as feedback

left, right = st.columns([3, 2])
period = left.radio(  # a radio reads clearly in both themes, where a segmented control's choice doesn't
    "Look back at", list(wins.LOOK_BACKS), format_func=wins.LOOK_BACKS.get, index=list(wins.LOOK_BACKS).index("year"),
    horizontal=True, key="wins.period",
)  # fmt: skip
theme = right.selectbox(
    "Theme", [None, *[t.id for t in lib.themes]], key="wins.theme",
    format_func=lambda t: "Any theme" if t is None else lib.theme_name(t),
)  # fmt: skip
limit = st.session_state.get("wins.limit", 20)
found, total = wins.wins(db, user.id, period or "year", today, theme, limit=limit)
if found:
    st.caption(f"{plural(total, 'win')} · {wins.LOOK_BACKS[period or 'year']}")
    for item in found:
        if summary_card(lib, item, key=f"open.{item.id}"):
            nav.open_entry(item.id)
    if total > len(found) and st.button("Show more wins"):
        st.session_state["wins.limit"] = limit + 20
        st.rerun()
else:
    st.info(
        "No wins here yet. When something goes well, however small, mark it as a win when you save it "
        "(or write \u201cA win\u201d) and it will appear here."
    )

st.header("Coming back from setbacks")
episodes = signals.recoveries(trends.history(db, user.id, today), today)
st.caption(
    "A setback is a comma, not a full stop: the sentence carries on. "
    + (
        "Here are your most recent, newest first: what happened, the days after, and what helped along the way."
        if episodes
        else "When a setback or a dip in your mood comes and goes, Harbour will show here how you came back, "
        "and what helped."
    )
)
for story in wins.comebacks(db, user.id, list(reversed(episodes[-5:])), today):
    with st.container(border=True):
        st.subheader(story.title, anchor=False)
        for label, moments, more in (
            ("What happened", story.started, 0),
            ("The days after", story.days_after, story.more_days),
            ("What helped along the way", story.helped, story.more_helped),
            ("What you wrote looking back", story.looked_back, 0),
        ):
            if moments:
                st.markdown(f"**{label}**")
                for moment in moments:
                    with st.container(gap=None):  # one entry: its day and its answers, together
                        st.caption(" · ".join(filter(None, (nice_date(moment.day), moment.kind))))
                        st.text("\n".join(moment.answers))  # their words, as written
                if more:
                    st.caption(f"and {plural(more, 'more entry', 'more entries')} in those days")
        st.markdown(story.ending)

st.header("Your 1-to-1s")  # private to you: a minimum-data rule keeps it from reading much into little
energy_insight, introductions = people.insights(db, user.id, today)
st.markdown(energy_insight.sentence)
if introductions:
    st.markdown(introductions + " Building relationships is key.")
