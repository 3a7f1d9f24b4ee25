"""Settings: the few choices a person can make about how Harbour talks to them."""

import streamlit as st

from journal import settings
from journal.ui import resources, session

db = resources.database()
user = session.require_user()
current = settings.get(db, user.id)


def save(name: str) -> None:
    settings.update(db, user.id, **{name: st.session_state[f"settings.{name}"]})
    st.toast("Saved.", icon=":material/check:")


st.title("Settings")
st.toggle(
    "Ask me when the tone of my writing and the mood I chose seem to differ",
    value=current.ask_when_tone_differs,
    key="settings.ask_when_tone_differs",
    on_change=save,
    args=("ask_when_tone_differs",),
    help="A gentle, private question after saving: 'want to say more?'. Nobody else sees it.",
)
st.toggle(
    "Include the questions about the people I work with in the burnout check-in",
    value=current.cbi_include_client,
    key="settings.cbi_include_client",
    on_change=save,
    args=("cbi_include_client",),
    help="Six extra questions from the Copenhagen Burnout Inventory's client scale.",
)
