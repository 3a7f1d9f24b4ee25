"""People you meet: a private list, by first name or initials, of the people behind your 1-to-1s."""

import streamlit as st

from journal.ui import people, resources, session

db, lib = resources.database(), resources.library()
user = session.require_user()

st.title("People you meet")
session.show_flashes()
st.caption("Private to you. First names or initials only; nothing here ever reaches a group.")
people.page(db, user, lib)
