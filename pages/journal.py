"""Journal: every entry, newest first; search and filter; read one whole, edit it, or move it to the trash."""

import streamlit as st

from journal.config import TRASH_DAYS
from journal.reflect import entries
from journal.text.words import nice_date
from journal.ui import actions, debriefs, nav, resources, session, when
from journal.ui import coaching as coaching_ui
from journal.ui.entry_form import OpenForm, forget, render
from journal.ui.widgets import count_caption, search_filters, show_entry, summary_card

db, lib = resources.database(), resources.library()
user = session.require_user()
PAGE = 20
OPEN, EDIT = "journal.open", "journal.edit"  # the entry open, and its form while it is being edited
TRASHED = "journal.trashed"  # the entry just moved to the trash, offered back with Undo until another is opened

st.title("Journal")
session.show_flashes()
if (sent := nav.take_open_entry()) is not None:
    st.session_state[OPEN], sent_form = sent
    st.session_state.pop(TRASHED, None)
    if sent_form is not None:
        st.session_state[EDIT] = sent_form
opened = st.session_state.get(OPEN)
editing: OpenForm | None = st.session_state.get(EDIT)
entry = entries.get(db, user.id, opened) if opened else None
entry = debriefs.on_journal(db, user, lib, entry, editing)  # debriefs past their day go; when an open one goes

if entry is not None and entry.deleted_at is None:
    if st.button("Back to all entries", icon=":material/arrow_back:"):
        st.session_state.pop(OPEN, None)
        st.rerun()
    if editing and editing.entry_id == entry.id:
        draft = next((d.input for d in entries.drafts(db, user.id) if d.entry_id == entry.id), None)
        if draft:
            st.info("Picked up your unsaved changes to this entry.")
        outcome = render(db, user, lib, editing, draft or entries.as_input(entry))
        if st.button("Cancel editing", help="Your unsaved changes are discarded"):
            entries.discard_draft(db, user.id, entry.id)
            forget(editing)
            st.session_state.pop(EDIT, None)
            st.rerun()
        if outcome is not None:
            st.session_state.pop(EDIT, None)
            session.flash("success", "Saved your changes.")
            st.rerun()
    else:
        show_entry(lib, entry, when.zone(db, user.id))
        coaching_ui.entry_share_control(db, user, entry)  # only with a coach taking entries
        actions.on_entry(db, user, lib, entry)  # an action (or the person met) from this entry, folded away
        left, right = st.columns(2)
        if left.button("Edit", icon=":material/edit:"):
            st.session_state[EDIT] = OpenForm(entry.id, entry.template, entry.revision)
            st.rerun()
        if right.button("Move to trash", icon=":material/delete:"):
            entries.trash(db, user.id, entry.id)
            st.session_state.pop(OPEN, None)
            st.session_state[TRASHED] = entry.id
            st.rerun()
    st.stop()

if (trashed := st.session_state.get(TRASHED)) is not None:
    gone = entries.get(db, user.id, trashed)
    if gone is None or gone.deleted_at is None:  # restored or deleted for good meanwhile: nothing to undo
        st.session_state.pop(TRASHED, None)
    else:
        with st.container(border=True):
            st.markdown(
                f"Moved the entry of {nice_date(gone.entry_date)} to the trash. It waits there for {TRASH_DAYS} days."
            )
            if st.button("Undo", icon=":material/undo:", key="journal.undo", help="Put it back in your journal"):
                entries.restore(db, user.id, trashed)
                st.session_state.pop(TRASHED, None)
                st.session_state[OPEN] = trashed  # back where the person was: the entry, open
                session.flash("success", "Put back in your journal.")
                st.rerun()

total_written = entries.count(db, user.id)
if total_written == 0:
    st.info("Your reflections will appear here, newest first, once you've saved one.")
    nav.link(nav.WRITE, "Write your first reflection")
    st.stop()

query = search_filters(lib, entries.tags_in_use(db, user.id))
limit = st.session_state.get("journal.limit", PAGE)
found, total = entries.search(db, user.id, query, limit=limit)
st.caption(count_caption(total, total_written))
if not found:
    st.info("Nothing matches that search. Try fewer words, or clear a filter.")
for item in found:
    if summary_card(lib, item, key=f"open.{item.id}", query=query.text):
        st.session_state[OPEN] = item.id
        st.session_state.pop(TRASHED, None)
        st.rerun()
if total > len(found) and st.button("Show more"):
    st.session_state["journal.limit"] = limit + PAGE
    st.rerun()
