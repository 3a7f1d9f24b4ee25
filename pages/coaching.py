"""Your coach: invite someone, choose exactly what they see, keep a record together, and see when they looked."""

import streamlit as st

from journal import clock
from journal.text.words import nice_date
from journal.together import coaching
from journal.ui import coaching as ui
from journal.ui import resources, session

db, lib = resources.database(), resources.library()
user = session.require_user()
today = clock.today()

st.title("Your coach")
session.show_flashes()
st.markdown(
    "A coach sees only what you choose to share: nothing at first. Change it or end the coaching at any moment; "
    "it takes effect from your coach's next click. You can see every time they looked, and at what."
)

st.header("Invite a coach")
st.caption("Make a code and give it to them. They accept it with their own Harbour account.")
ui.invite(db, user)

everyone = coaching.coaches(db, user.id)
if not everyone:
    st.stop()
st.header("Your coaches")
chosen = ui.pick(everyone, "coaching.open", lambda c: c.coach_name, "Back to all your coaches")
if chosen is None:
    st.stop()
st.text(chosen.coach_name)
if not chosen.live:
    st.info(f"This coaching ended on {nice_date(chosen.ended_at.date())}. Nothing of yours is shared any more.")
else:
    st.caption(f"Your coach since {nice_date(chosen.started_at.date())}.")
    st.subheader("What your coach sees")
    ui.scope_toggles(db, user, chosen)
    ui.shared_entries(db, user, lib, chosen)

st.subheader("Conversation record")
ui.record(db, user, chosen, "mentee")

st.subheader("When your coach looked")
ui.access_log(db, user, chosen)

if chosen.live:
    st.subheader("Conversation pack")
    st.caption("A PDF of what you share with this coach, for a period you choose, to bring to a session.")
    ui.pack_download(db, user, lib, chosen, today)
    st.subheader("End the coaching")
    ui.end_button(
        db, user, chosen, "End the coaching",
        "Your coach will see nothing of yours from their next click. The conversation record and the access log "
        "stay here with you.",
        "The coaching has ended. Your coach sees nothing of yours any more.",
    )  # fmt: skip
