"""Harbour's entry point: page setup, the sign-in gate and navigation. No logic lives here."""

import streamlit as st

from journal.ui import resources, session

# An emoji favicon is drawn locally; a material-icon favicon would be fetched from Google.
st.set_page_config(page_title="Harbour", page_icon="⚓", layout="centered")

resources.database()  # fail early, with a clear message, if the database can't be opened
user = session.current_user()

if user is None:
    pages = [st.Page("pages/welcome.py", title="Welcome", icon=":material/anchor:", default=True)]
else:
    pages = [
        st.Page("pages/write.py", title="Write", icon=":material/edit_note:", default=True),
        st.Page("pages/journal.py", title="Journal", icon=":material/menu_book:"),
        st.Page("pages/trash.py", title="Trash", icon=":material/delete:"),
    ]
    with st.sidebar:
        st.caption("Signed in as")
        st.text(user.username)
        if st.button("Sign out", icon=":material/logout:"):
            session.sign_out()
            st.rerun()

st.navigation(pages).run()
