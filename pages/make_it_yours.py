"""Make it yours: your own prompts, your own templates and the things you choose to track, all private to you."""

import streamlit as st

from journal.ui import own, resources, session, trackers

db = resources.database()
user = session.require_user()

st.title("Make it yours")
session.show_flashes()
st.caption(
    "Shape Harbour around your own practice. Everything here is private to you: your prompts and templates sit "
    "beside Harbour's own on Write, and your trackers show on Trends once there is enough to compare."
)
st.header("Your prompts")
own.prompts_section(db, user)
st.header("Your templates")
own.templates_section(db, user)
st.header("What you track")
trackers.settings_section(db, user)
