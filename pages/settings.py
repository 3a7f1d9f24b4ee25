"""Settings: the few choices a person can make about how Harbour talks to them."""

from datetime import timedelta

import streamlit as st

from journal import clock
from journal.reflect import reminders, settings
from journal.ui import nav, resources, session, tour, when

db = resources.database()
user = session.require_user()
current = settings.get(db, user.id)


def save(name: str) -> None:
    settings.update(db, user.id, **{name: st.session_state[f"settings.{name}"]})
    st.toast("Saved.", icon=":material/check:")


st.title("Settings")
session.show_flashes()
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

st.subheader("A reminder in your own calendar")
st.write(
    "Harbour never sends reminders or notifications. If a gentle nudge would help, choose the days and time, "
    "and put the reminder in your own calendar."
)
names = {day.id: day.name for day in reminders.WEEKDAYS}
remembered_days, remembered_time = reminders.remembered(current.reminder_days, current.reminder_time)


def save_reminder() -> None:
    days, at = st.session_state["settings.reminder_days"], st.session_state["settings.reminder_time"]
    settings.update(db, user.id, **reminders.as_settings(days, at))
    st.toast("Saved.", icon=":material/check:")


days = st.multiselect(  # not pills: a chosen pill's text is too faint in the dark theme (axe colour contrast)
    "Days",
    list(names),
    default=remembered_days,
    placeholder="Choose the days",
    format_func=names.get,
    key="settings.reminder_days",
    on_change=save_reminder,
)
at = st.time_input(
    "Time",
    value=remembered_time,
    step=timedelta(minutes=15),
    key="settings.reminder_time",
    on_change=save_reminder,
)
if days:
    st.download_button(
        "Download the reminder (.ics)",
        data=reminders.reminder_ics(days, at, clock.today()),
        file_name="harbour-reminder.ics",
        mime="text/calendar",
        icon=":material/event:",
        on_click="ignore",
    )
    st.caption(
        "Open the file to add it to your calendar, or import it in Outlook, Google Calendar or Apple Calendar. "
        "To stop the reminder, delete the event in your calendar."
    )
else:
    st.info("Choose at least one day, and your reminder will be ready to download.")

st.subheader("Your time zone")
device = when.device_zone()
st.selectbox(
    "Show times in",
    ["", *when.choices()],
    index=([""] + list(when.choices())).index(current.time_zone) if current.time_zone in when.choices() else 0,
    format_func=lambda name: name or f"Your device's time zone ({device or 'not known, so UTC'})",
    key="settings.time_zone",
    on_change=save,
    args=("time_zone",),
    help="Times in your journal, trash and drafts are shown on this clock. Choose one if your device's is wrong.",
)

st.subheader("How Harbour looks and celebrates")
LOOKS = {"device": "Match my device", "light": "Light", "dark": "Dark"}
CELEBRATIONS = {"balloons": "Balloons", "message": "A quiet message"}


def save_look(name: str) -> None:
    settings.update(db, user.id, **{name: st.session_state[f"settings.{name}"]})
    session.forget_chosen()  # applied on this run: the theme by the page's own script, a celebration at the next win
    st.toast("Saved.", icon=":material/check:")


for name, label, words, help_text in (
    ("appearance", "Appearance", LOOKS, "Light or dark, on every device you sign in on; or whatever this device uses."),
    ("celebrate_with", "Celebrate a win with", CELEBRATIONS, "A quiet message is the same words without balloons."),
):
    st.radio(
        label, settings.CHOICES[name], index=settings.CHOICES[name].index(getattr(current, name)),
        format_func=words.get, horizontal=True, key=f"settings.{name}", on_change=save_look, args=(name,),
        help=help_text,
    )  # fmt: skip

st.subheader("The tour")
st.write("Where everything is in Harbour and what it's for, in a few short steps on the Write page.")
if st.button("Take the tour", icon=":material/explore:", key="settings.tour"):
    tour.start()
    nav.go(nav.WRITE)
