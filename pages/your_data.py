"""Your data: take a copy of everything you wrote (in each format Harbour writes), or erase your account for good."""

from functools import partial

import streamlit as st

from journal import accounts, clock
from journal.portability import formats
from journal.store import StoreError
from journal.store.erase import erase_account
from journal.ui import identity, nav, resources, session

db, lib = resources.database(), resources.library()
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
    "**Everything, to restore** is a JSON file Harbour can read back: entries (those in the trash too), drafts, "
    "burnout check-ins, reflective accounts, settings and your revalidation record (CPD log, practice hours, "
    "feedback and reflective discussions). **To read** is Markdown, as one document or one file per entry (with "
    "your revalidation record beside them). **For a spreadsheet** is a CSV of dates, scores and tags, without your "
    "words."
)
st.caption(
    "Not in the copy: what you share with other people, because it can't be restored into a new account. That "
    "is the record of your coaching conversations, which stays on Your coach or People you coach, and the wins "
    "you posted to a peer group, which stay on its wall until you take them down there."
)
if st.session_state.get(UNLOCKED) != user.id:
    with st.form("your_data.confirm"):
        password = identity.proof(
            "your_data.password",
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
    stamp = clock.today().isoformat()
    downloads = list(formats.EXPORTS.values())
    columns = [column for _ in downloads[::2] for column in st.columns(2)]  # two to a row
    for column, found in zip(columns, downloads, strict=False):
        column.download_button(
            found.download_label,
            data=partial(found.writer, db, user.id, lib),  # made when its button is clicked, not on every page run
            file_name=f"harbour-{stamp}{found.extensions[0]}",
            mime=found.mime,
            on_click="ignore",
            icon=":material/download:",
        )
    st.caption("Keep the files somewhere safe: anyone who opens them can read your journal.")
nav.link(nav.IMPORT, "Bring a copy back, or history from another app")

st.header("Erase my account")
st.markdown(
    "This removes your account and everything in it, for good: every entry and everything in the trash, "
    "your drafts, your burnout check-ins, your settings and your revalidation record. It can't be undone, and "
    "nobody can bring it back, not even the person who looks after this Harbour."
)
st.markdown("If you might want any of it later, **take a copy first** (above).")
if user.is_admin:
    st.caption("You look after this Harbour: once your account is erased, nobody can manage accounts from the app.")
with st.form("your_data.erase"):
    password = identity.proof("your_data.erase_password")
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
