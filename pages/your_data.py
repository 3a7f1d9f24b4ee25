"""Your data: take a copy of everything you wrote, bring a copy back, or erase your account for good."""

from datetime import date

import streamlit as st

from journal import accounts, exchange
from journal.store import StoreError
from journal.store.erase import erase_account
from journal.ui import resources, session

db, lib = resources.database(), resources.content()
user = session.require_user()
UNLOCKED = "your_data.unlocked"
GOODBYE = (
    "Your account and everything in it have been erased. Thank you for the reflecting you did here: "
    "we hope it helped. Take good care of yourself."
)

st.title("Your data")
session.show_flashes()
st.markdown("Everything you write in Harbour is yours: take a copy whenever you like, or erase it all.")

st.header("Take a copy")
st.markdown(
    "Your entries (those in the trash too), drafts, burnout check-ins and settings: as a JSON file that "
    "Harbour can read back, or as one Markdown document to read anywhere."
)
if st.session_state.get(UNLOCKED) != user.id:
    with st.form("your_data.confirm"):
        password = st.text_input(
            "Your password",
            type="password",
            key="your_data.password",
            help="Asked again so that nobody else at this screen can take a copy.",
        )
        if st.form_submit_button("Show my downloads", icon=":material/lock_open:"):
            try:
                accounts.confirm_password(db, user.id, password)
            except accounts.AccountError as exc:
                st.error(str(exc), icon=":material/info:")
            else:
                st.session_state[UNLOCKED] = user.id
                st.rerun()
else:
    stamp = date.today().isoformat()
    left, right = st.columns(2)
    left.download_button(
        "Everything, to restore (JSON)",
        data=lambda: exchange.export_json(db, user.id),  # made when clicked, not on every page run
        file_name=f"harbour-{stamp}.json",
        mime="application/json",
        on_click="ignore",
        icon=":material/download:",
    )
    right.download_button(
        "To read (Markdown)",
        data=lambda: exchange.export_markdown(db, user.id, lib),
        file_name=f"harbour-{stamp}.md",
        mime="text/markdown",
        on_click="ignore",
        icon=":material/description:",
    )
    st.caption("Keep the file somewhere safe: anyone who opens it can read your journal.")

st.header("Bring a copy back")
st.markdown(
    "Restore a JSON file that Harbour made into this account. Whatever is already here stays as it is, "
    "and importing the same file again adds nothing."
)
upload = st.file_uploader("A Harbour JSON file", type=["json"], key="your_data.upload")
if upload is not None and st.button("Import it", icon=":material/upload:"):
    try:
        result = exchange.import_json(db, user.id, upload.getvalue(), lib)
    except exchange.ExchangeError as exc:
        st.error(str(exc), icon=":material/info:")
    else:
        st.success(result.summary)
        for notice in result.notices:
            st.info(notice)

st.header("Erase my account")
st.markdown(
    "This removes your account and everything in it, for good: every entry and everything in the trash, "
    "your drafts, your burnout check-ins and your settings. It can't be undone, and nobody can bring it back, "
    "not even the person who looks after this Harbour."
)
st.markdown("If you might want any of it later, **take a copy first** (above).")
if user.is_admin:
    st.caption("You look after this Harbour: once your account is erased, nobody can manage accounts from the app.")
with st.form("your_data.erase"):
    password = st.text_input("Your password", type="password", key="your_data.erase_password")
    sure = st.checkbox("I understand that this erases my account and everything in it, for good", key="your_data.sure")
    if st.form_submit_button("Erase my account", type="primary", icon=":material/delete_forever:"):
        if not sure:
            st.error("Nothing was erased. If you're sure, tick the box to confirm.", icon=":material/info:")
        else:
            try:
                accounts.confirm_password(db, user.id, password)
                erase_account(db, user.id)
            except (accounts.AccountError, StoreError) as exc:
                st.error(f"Nothing was erased. {exc}", icon=":material/info:")
            else:
                session.sign_out()
                session.flash("info", GOODBYE)
                st.rerun()
