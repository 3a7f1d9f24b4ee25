"""Trash: deleted entries wait here for 30 days, to be restored or removed for good."""

import streamlit as st

from journal.config import TRASH_DAYS
from journal.reflect import entries, people
from journal.text.words import nice_date
from journal.ui import people as people_trash
from journal.ui import resources, session, when
from journal.ui.widgets import scales_line, show_preview

db, lib = resources.database(), resources.library()
user = session.require_user()

st.title("Trash")
session.show_flashes()
st.caption(f"Entries you delete wait here for {TRASH_DAYS} days, then are removed for good.")
items = entries.trashed(db, user.id)
where = when.zone(db, user.id)
people_trash.trash(db, user)  # people you meet, moved to the trash from their page
if not items:
    st.info("The trash is empty." if not people.trashed(db, user.id) else "No entries in the trash.")
    st.stop()

for item in items:
    with st.container(border=True):
        st.markdown(f"**{nice_date(item.entry_date)}** · {lib.template_name(item.template)}")
        if line := scales_line(lib, item.mood, item.energy):
            st.caption(line)
        show_preview(lib, item)
        if item.deleted_at is not None:  # always, in the trash
            st.caption(f"Deleted {when.moment(item.deleted_at, where)}")
        left, right = st.columns(2)
        if left.button("Restore", key=f"restore.{item.id}", icon=":material/restore_from_trash:"):
            entries.restore(db, user.id, item.id)
            session.flash("success", "Restored to your journal.")
            st.rerun()
        if right.button("Delete for good", key=f"purge.{item.id}"):
            entries.delete_forever(db, user.id, item.id)
            session.flash("info", "Deleted for good.")
            st.rerun()

with st.expander("Empty the trash"):
    st.warning("This removes everything in the trash for good. It can't be undone.")
    if st.checkbox("Yes, I understand", key="trash.confirm") and st.button("Empty the trash", type="primary"):
        removed = entries.empty_trash(db, user.id)
        session.flash("info", f"Removed {removed} entries for good.")
        st.session_state.pop("trash.confirm", None)
        st.rerun()
