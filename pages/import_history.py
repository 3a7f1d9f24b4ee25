"""Import: bring years of another app's history (or a Harbour copy) in, after seeing exactly what will come."""

import pandas as pd
import streamlit as st

from journal.portability import formats, importing
from journal.store import StoreError
from journal.text.words import plural
from journal.ui import resources, session
from journal.ui.widgets import show_text

db, lib = resources.database(), resources.library()
user = session.require_user()
PENDING = "import.pending"  # (upload id, format, Pending) of the file being previewed
LEAVE_OUT = "Leave the mood out"

st.title("Import")
session.show_flashes()
st.markdown(
    "Bring your history with you: mood logs and journals from other apps keep their dates, and they join your "
    "charts. You'll see what will come in before anything is saved, and importing the same file again adds nothing."
)
choices = formats.IMPORTS
kind = st.radio("Where is it from?", list(choices), format_func=lambda n: choices[n].label, key="import.format")
st.caption(choices[kind].how_to_export)
accepted = [e.lstrip(".") for e in choices[kind].extensions]
upload = st.file_uploader(f"Your {choices[kind].label} file", type=accepted, key=f"import.file.{kind}")
if upload is None:
    st.stop()

held = st.session_state.get(PENDING)
if held is None or held[:2] != (upload.file_id, kind):
    try:
        held = (upload.file_id, kind, importing.read(kind, upload.getvalue(), upload.name))
    except importing.Refused as exc:
        show_text(str(exc), "error", icon=":material/info:")
        st.stop()
    st.session_state[PENDING] = held
pending = held[2]

moods: dict[str, int | None] = {}
if pending.mood_labels:
    st.subheader("Your moods")
    st.markdown("Daylio lets you name your own moods. Choose where each sits on Harbour's scale from 1 to 5.")
    levels = [5, 4, 3, 2, 1, 0]  # 0: leave the mood out
    for n, (label, count, default) in enumerate(pending.mood_labels):
        st.text(f"“{label}” ({plural(count, 'entry', 'entries')})")  # the file's words: text only
        picked = st.selectbox(
            f"Level for mood {n + 1}",  # a widget label is markdown, so the file's own name stays out of it
            levels,
            index=levels.index(default) if default is not None else None,
            format_func=lambda v: LEAVE_OUT if v == 0 else lib.mood.describe(v),
            placeholder="Choose a level",
            key=f"import.mood.{n}",
            label_visibility="collapsed",
        )
        if picked is not None:
            moods[label] = picked or None
    unmapped = [label for label, _, _ in pending.mood_labels if label not in moods]
    if unmapped:
        st.info("Choose a level for every mood to see what will be imported.", icon=":material/tune:")
        st.stop()

try:
    preview = importing.preview(db, user.id, pending, moods, lib)
except (*importing.Refused, importing.MoodsNeeded) as exc:
    show_text(str(exc), "error", icon=":material/info:")
    st.stop()

st.subheader("What will be imported")
new, here, skipped = st.columns(3)
new.metric("New entries", preview.new)
here.metric("Already in your journal", preview.already_here)
skipped.metric("Skipped", len(preview.skipped))
if preview.range_text:
    st.caption(f"Dated {preview.range_text}. Each keeps its own date.")
if preview.also:
    show_text(preview.also)
for note in preview.notes:
    show_text(note)  # notes can quote the file (a zone, a name): text only
if preview.sample:
    st.markdown("**The newest few, as they will appear**")
    rows = [
        {"Date": r.date, "Mood": lib.mood.describe(r.mood), "Win": r.win, "Tags": r.tags, "Words": r.words}
        for r in preview.sample
    ]
    st.dataframe(pd.DataFrame(rows), hide_index=True)  # a table shows the file's text as text
if preview.skipped:
    with st.expander(f"What will be skipped, and why ({len(preview.skipped)})"):
        st.dataframe(pd.DataFrame(preview.skipped, columns=["Where", "Why"]), hide_index=True)

if preview.new == 0 and not preview.also:
    st.info("There is nothing new to import from this file.", icon=":material/check:")
    st.stop()
# A Harbour copy may hold only the rest (a CPD log, a profile, trackers): that is imported too, adding only what's new.
label = f"Import {plural(preview.new, 'entry', 'entries')}" if preview.new else "Import what the file holds"
if st.button(label, type="primary"):
    bar = st.progress(0.0, text="Importing…")
    try:
        result = importing.commit(
            db, user.id, pending, moods, lib, progress=lambda done, total: bar.progress(done / max(total, 1))
        )
    except StoreError as exc:
        show_text(f"Nothing was imported. {exc}", "error", icon=":material/info:")
        st.stop()
    st.session_state.pop(PENDING, None)
    session.flash("success", result.summary + " " + " ".join(result.notices))
    st.rerun()
