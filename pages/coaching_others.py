"""People you coach: accept an invitation, then see only what each person chooses to share with you."""

import streamlit as st

from journal import clock
from journal.text.words import nice_date
from journal.together import coaching
from journal.ui import coaching as ui
from journal.ui import resources, session

db, lib = resources.database(), resources.library()
user = session.require_user()
today = clock.today()
OPEN, ENTRY = "coaching_others.open", "coaching_others.entry"

st.title("People you coach")
session.show_flashes()
st.markdown(
    "Each person you coach chooses what you see, and can change it at any moment. They can see when you looked, "
    "and at what."
)

people = coaching.mentees(db, user.id)
if people:
    with st.expander("Accept another invitation", icon=":material/handshake:"):
        ui.accept(db, user)
else:
    st.header("Accept an invitation")
    ui.accept(db, user)
if not people:
    if st.session_state.pop(OPEN, None):
        st.info(coaching.NOT_COACHING)
    st.caption("When someone asks you to coach them, they'll give you a code to accept here.")
    st.stop()

st.header("The people you coach")
if st.session_state.get(OPEN) and st.session_state[OPEN] not in {c.id for c in people}:
    st.session_state.pop(OPEN)
    st.session_state.pop(ENTRY, None)
    st.info(coaching.NOT_COACHING)
chosen = ui.pick(people, OPEN, lambda c: c.mentee_name, "Back to everyone you coach")
if chosen is None:
    st.stop()
st.text(chosen.mentee_name)
st.caption(f"You've coached them since {nice_date(chosen.started_at.date())}.")

if entry_id := st.session_state.get(ENTRY):
    ui.shared_entry(db, user, lib, chosen, entry_id)
    st.stop()
ui.mentee_view(db, user, lib, chosen, today)

st.header("Conversation record")
ui.record(db, user, chosen, "coach")

st.header("Stop coaching")
ui.end_button(
    db, user, chosen, "Stop coaching",
    "You'll no longer see anything they share, nor the conversation record. They keep the record.",
    "You've stopped coaching them.",
)  # fmt: skip
