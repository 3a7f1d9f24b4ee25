"""Your account: change your password, or sign out everywhere."""

import streamlit as st

from journal import accounts, config, organisation
from journal.ui import resources, session

db = resources.database()
user = session.require_user()
st.title("Your account")
session.show_flashes()
st.caption("Signed in as")
st.text(user.username)  # plain text: a name is never markdown

if organisation.is_organisation_account(db, user.id):
    st.subheader("Your password")
    idle = config.load().idle_minutes
    st.markdown(  # our own words and a number
        "You sign in with your organisation's account, so there's no Harbour password: your organisation looks "
        f"after it. Harbour signs you out after {idle:g} minutes without a click, or 12 hours in all, and then you "
        "sign in with your organisation again."
    )
else:
    with st.form("change_password", clear_on_submit=True):
        st.subheader("Change your password")
        current = st.text_input("Current password", type="password")
        new = st.text_input("New password", type="password", help="At least 12 characters; a short phrase works well.")
        again = st.text_input("New password again", type="password")
        if st.form_submit_button("Change password", type="primary"):
            if new != again:
                st.error("The two new passwords don't match. Please type them again.")
            else:
                try:
                    accounts.change_password(db, user.id, current, new, keep_session=session.session_id())
                except accounts.AccountError as exc:
                    st.error(str(exc))
                else:
                    session.flash("success", "Password changed. You've been signed out on every other device.")
                    st.rerun()

st.subheader("Sign out everywhere")
st.caption("Ends every session of your account, on this device and any other, for example a shared computer.")
if st.button("Sign out everywhere", icon=":material/logout:"):
    session.sign_out_everywhere(user)
    st.rerun()
