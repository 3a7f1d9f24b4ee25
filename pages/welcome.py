"""Create an account on first run; sign in after that."""

import streamlit as st

from journal import accounts, config
from journal.ui import identity, resources, session
from journal.ui.widgets import saying

db = resources.database()
st.title("Harbour")
session.show_flashes()  # e.g. why someone was signed out
st.markdown(
    "A private place to reflect on the work of change: a two-minute check-in or a twenty-minute "
    "reflection, your mood and energy over time, and the little big things that keep hope going."
)


def create_account_form(first: bool) -> None:
    with st.form("create"):
        st.subheader("Create your account" if first else "Create an account")
        name = st.text_input("Your name (to sign in with)", max_chars=accounts.USERNAME_MAX)
        password = st.text_input("Password", type="password", help="At least 12 characters; a short phrase works well.")
        again = st.text_input("Password again", type="password")
        if st.form_submit_button("Create account", type="primary"):
            if password != again:
                st.error("The two passwords don't match. Please type them again.")
                return
            try:
                with saying("Creating your account… keeping your password safe takes a moment."):
                    user = accounts.sign_up(db, name, password)
                    session.sign_in(user)
            except accounts.AccountError as exc:
                st.error(str(exc))
                return
            st.rerun()
    st.caption("Only you can read your journal. Nothing is shared unless you choose to share it.")


if identity.offered():
    with st.container(border=True):
        st.markdown("**Work here?** Sign in with the account you use for your organisation's other systems.")
        identity.sign_in_button()
        st.caption("The first time, this makes your Harbour journal. Only you can read it.")

if config.load().demo:
    with st.container(border=True):
        st.markdown(
            "**Not sure yet?** Look around an example journal first: a year of a practitioner's reflections, "
            "their trends and wins, a peer group and a coach. It's kept apart from real journals."
        )
        if st.button("Explore the demo", icon=":material/explore:"):
            session.explore_demo()
            st.rerun()

if not accounts.has_accounts(db):
    create_account_form(first=True)
else:
    if identity.offered():
        st.subheader("Or with a Harbour account")
    sign_in_tab, create_tab = st.tabs(["Sign in", "Create an account"])
    with sign_in_tab, st.form("sign_in"):
        name = st.text_input("Your name")
        password = st.text_input("Password", type="password")
        if st.form_submit_button("Sign in", type="primary"):
            try:
                with saying("Signing you in… checking a password takes a moment, on purpose."):
                    user = accounts.sign_in(db, name, password, address=st.context.ip_address)
            except accounts.AccountError as exc:
                st.error(str(exc))
            else:
                session.sign_in(user)
                notice = accounts.failed_tries_message(user.failed_tries)  # Harbour's words and a number only
                if notice:
                    session.flash("warning", notice)
                st.rerun()
    with create_tab:
        if accounts.signup_allowed(db):
            create_account_form(first=False)
        else:
            st.info(accounts.SIGNUP_CLOSED)
