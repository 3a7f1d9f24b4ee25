"""Trends: how a person is really doing over weeks and months, and early warnings that explain themselves."""

import streamlit as st

from journal import clock
from journal.patterns import trends
from journal.ui import cache, nav, resources, screen, session, trackers
from journal.ui.widgets import early_warning, panel_tabs

db = resources.database()
user = session.require_user()
today = clock.today()

st.title("Trends")
first = trends.first_entry(db, user.id)
if first is None:
    st.info(
        "Your mood and energy over time will appear here once you've saved a few check-ins. "
        "A one-minute quick check-in on the Write page is enough to start."
    )
    nav.link(nav.WRITE, "Write a quick check-in")
    st.stop()

# A radio, not a segmented control: its chosen option reads clearly in both themes (axe colour contrast).
preset = st.radio(
    "Show", list(trends.RANGES), format_func=trends.RANGES.get, index=1, horizontal=True, key="trends.range"
)
custom = None
if preset == "custom":
    custom = st.date_input("From and to", value=(max(first, today.replace(day=1)), today), max_value=today)
    custom = custom if isinstance(custom, tuple) and len(custom) == 2 else None
start, end = trends.bounds(preset or "3m", today, custom) if preset != "custom" or custom else (first, today)
view = cache.trends_view(db, user.id, start, end, today, screen.fit())

st.markdown(view.consistency)
st.header("Early warning")
st.caption("Harbour compares you only with your own usual. It is never a diagnosis.")
early_warning(view.results)

if view.empty:
    st.info("No entries in this period. Try a longer range.")
    st.stop()
for n, (section, panels) in enumerate(trends.sections(view.panels)):
    st.header(section)
    panel_tabs(panels, key=f"trends.tabs.{n}")
trackers.trends_section(db, user, start, end, screen.fit())
