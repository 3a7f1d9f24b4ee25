"""People you meet: a private list, by first name or initials, of the people behind your 1-to-1s.

(Being built for issue 17.)
"""

import streamlit as st

from journal.ui import resources, session

db, lib = resources.database(), resources.library()
user = session.require_user()

st.title("People you meet")
session.show_flashes()
