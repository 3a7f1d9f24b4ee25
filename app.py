"""Harbour's entry point: page setup, the sign-in gate and navigation. No logic lives here."""

from pathlib import Path

import streamlit as st

from journal.store import Unavailable
from journal.ui import debriefs, identity, nav, resources, screen, session

# An emoji favicon is drawn locally; a material-icon favicon would be fetched from Google.
st.set_page_config(page_title="Harbour", page_icon="⚓", layout="centered")
st.html(Path(__file__).parent / "journal" / "ui" / "style.css")  # our own constant rules: touch targets, less motion


resources.database()  # fail early, with a clear message, if the database can't be opened
user = session.current_user()

pages = nav.menu(user, session.exploring())
phone = screen.on_a_phone()

if phone:
    # On a phone the menu covers the page: Streamlit's own menu closes itself once a page is chosen. Flat, as its
    # section titles sit inside its list, which screen readers can't follow (axe: "list").
    current = st.navigation([page for items in pages.values() for page in items], expanded=True)
else:
    # The same reason draws the laptop's menu here: a bold title per section, then a link per page.
    current = st.navigation(pages, position="hidden")
    with st.sidebar.container(key="menu"):
        for section, items in pages.items():
            if section:
                st.markdown(f"**{section}**")  # our words only
            for page in items:
                st.page_link(page)
identity.return_after_confirming()  # back from confirming it's you at the organisation's provider
if user is not None:
    with st.sidebar:
        if not phone:  # Streamlit's own menu draws its line
            st.divider()
        st.caption("Signed in as")
        st.text(user.username)
        if st.button("Leave the demo" if session.exploring() else "Sign out", icon=":material/logout:"):
            session.sign_out()
            st.rerun()
        if not session.exploring() and st.button("Sign out everywhere", help="Ends your sessions on every device"):
            session.sign_out_everywhere(user)
            st.rerun()
        session.watch_for_sign_out()
    if session.exploring():
        st.info(
            "You're exploring an example journal: a year of made-up entries, a peer group and a coach. Nothing here "
            f"is real, and it's kept apart from real journals. Where a step asks for a password, it's "
            f"`{resources.demo_password()}`.",
            icon=":material/explore:",
        )

session.keep_cookie()  # after sign-in or sign-out, the browser's cookie follows
session.keep_appearance()  # light, dark or the device's, as the person chose in Settings, on every page
try:
    if user is not None:
        debriefs.expire_once_a_day(resources.database(), user)  # a debrief past its day is gone on every page
    current.run()
except Unavailable as exc:  # PostgreSQL restarting or out of reach: kind words, not a traceback; a rerun tries again
    st.error(str(exc), icon=":material/cloud_off:")  # Harbour's own words (store.db.UNAVAILABLE_MESSAGE)
