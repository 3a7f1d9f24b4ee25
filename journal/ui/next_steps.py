"""Write's "What next?" after a save: what the entry leads to (actions, the person met, a look back)."""

from __future__ import annotations

import streamlit as st

from journal.accounts import User
from journal.content.library import Library
from journal.reflect import entries
from journal.reflect.entries import Entry
from journal.store import Handle
from journal.ui import actions, checkbacks, nhs_support

_SAVED = "write.next_steps"  # the id of the entry just saved on Write
LEADS_SOMEWHERE = ("one_to_one", "setback", "after_event")  # entries whose next steps are offered open, not folded away
QUIET = ("checkin", "checkback")  # a quick check-in or a look back: no next steps offered


def remember(entry: Entry) -> None:
    """After a save on Write: offer this entry's next steps when the page draws again."""
    if entry.template not in QUIET:
        st.session_state[_SAVED] = entry.id


def _done() -> None:
    st.session_state.pop(_SAVED, None)


def show(db: Handle, user: User, lib: Library) -> None:
    """The entry just saved, and what it can lead to; until the person says they're done with it."""
    entry_id = st.session_state.get(_SAVED)
    entry = entries.get(db, user.id, entry_id) if entry_id else None
    if entry is None or entry.deleted_at is not None:
        _done()
        return
    if entry.template in LEADS_SOMEWHERE:
        box = st.container(border=True, key="next-steps")
        box.markdown("**What next?**")
    else:
        box = st.expander("What next? An action, or a look back", key="next-steps")
    with box:
        if entry.template == nhs_support.AFTER_EVENT:  # the look backs and peer support first, then anything else
            checkbacks.offer(db, user, lib, entry)
            nhs_support.next_steps(entry)
            actions.from_entry(db, user, lib, entry)
        else:
            actions.from_entry(db, user, lib, entry)
            checkbacks.offer(db, user, lib, entry)
            nhs_support.next_steps(entry)  # after a wellbeing plan: where it is now
        st.button("Done with this", key="next_steps.done", on_click=_done, icon=":material/check:")
