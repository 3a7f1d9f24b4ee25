"""Wins: the little big things, newest first, by period and theme; and how the commas were survived."""

import streamlit as st

from journal import clock
from journal.patterns import signals, trends
from journal.reflect import wins
from journal.text.words import nice_date, plural
from journal.ui import nav, resources, session
from journal.ui.widgets import summary_card

db, lib = resources.database(), resources.library()
user = session.require_user()
today = clock.today()

st.title("Little big things")
session.show_flashes()
st.caption("Every win you've marked, so the small steps that keep hope going don't get lost.")

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

st.header("Getting through the commas")
history = trends.history(db, user.id, today)
episodes = signals.recoveries(history, today)
if not episodes:
    st.caption("When a setback or a dip comes and goes, Harbour will show here how you came back, and what helped.")
shown = list(reversed(episodes[-5:]))
carried_in = wins.carried_through(db, user.id, [signals.between(episode, today) for episode in shown])
for episode, carried in zip(shown, carried_in, strict=True):
    with st.container(border=True):
        kind = "a setback" if episode.trigger == "setback" else "a dip in mood"
        st.markdown(f"**After {kind} on {nice_date(episode.started)}**")
        st.markdown(episode.message)
        for label, items in (
            ("Wins along the way", carried.wins),
            ("Boundaries kept", carried.boundaries),
            ("Connections made", carried.connections),
        ):
            if items:
                st.caption(f"{label}: {len(items)}")
                for item in items[:3]:
                    st.text(f"{nice_date(item.entry_date)} · {item.snippet[:160]}")
