"""The HCPC CPD profile: summary of practice, the dated CPD list, gaps flagged, the personal statement, a PDF."""

from __future__ import annotations

from datetime import date

import streamlit as st

from journal.accounts import User
from journal.content import regulators
from journal.content.library import Library
from journal.reflect import cpd, hcpc
from journal.reflect.hcpc import HcpcError
from journal.store import Handle
from journal.text.words import nice_date
from journal.ui import cpd_log, evidence
from journal.ui.widgets import show_text

_K = "hcpc"


def _key(name: str) -> str:
    return f"{_K}.{name}"


def _keep_summary(db: Handle, user: User) -> None:
    try:
        hcpc.keep_summary(db, user.id, st.session_state[_key("summary")])
        st.session_state[_key("said")] = "Your summary of practice is kept."
    except HcpcError as exc:
        st.session_state[_key("error.summary")] = str(exc)


def _keep_statement(db: Handle, user: User) -> None:
    try:
        hcpc.keep_statement(db, user.id, st.session_state[_key("statement")], st.session_state[_key("drawn_on")])
        st.session_state[_key("said")] = "Your personal statement is kept."
    except HcpcError as exc:
        st.session_state[_key("error.statement")] = str(exc)


def _problem(name: str) -> None:
    if (problem := st.session_state.pop(_key(f"error.{name}"), None)) is not None:
        show_text(problem, "error")


def show(db: Handle, user: User, lib: Library, today: date) -> None:
    """The HCPC part of the Revalidation page."""
    words = regulators.load().hcpc
    kept = hcpc.profile(db, user.id)
    since = hcpc.period_start(db, user.id, today)
    st.header("Your HCPC CPD profile")
    st.markdown(
        f"The HCPC may ask you for a CPD profile when your registration renews. Harbour keeps its parts here, "
        f"from your log: your two years so far run from {nice_date(since)}."
    )
    if (said := st.session_state.pop(_key("said"), None)) is not None:
        st.success(said, icon=":material/check:")

    st.subheader("Summary of practice")
    st.session_state.setdefault(_key("summary"), kept.summary)
    summary = st.text_area(
        "Your role, who you work with and what your work involves",
        key=_key("summary"),
        height=220,
        max_chars=hcpc.MAX_SUMMARY_CHARS,
    )
    st.caption(hcpc.summary_note(summary))
    _problem("summary")
    st.button("Keep the summary", key=_key("keep_summary"), on_click=_keep_summary, args=(db, user))

    cpd_log.show(db, user, today, regulators.HCPC)
    rows = cpd.activities(db, user.id, since=since)
    st.subheader("Types of learning and gaps")
    seen = hcpc.types_seen(rows)
    if seen:
        st.markdown("Types of learning in your log: " + ", ".join(cpd.learning_type_name(t) for t in seen) + ".")
    if (note := hcpc.types_note(rows)) is not None:
        st.info(note, icon=":material/lightbulb:")
    gaps = hcpc.gaps([r.done_on for r in rows], since, today)
    for gap in gaps:
        st.caption(hcpc.gap_words(gap))
    if rows and not gaps:
        st.caption(f"No gaps of {words.gap_months} months or more in your two years so far.")

    st.subheader("Personal statement")
    st.markdown(
        f"Choose {words.statement_least} to {words.statement_most} activities and say how they improved your "
        "practice and helped the people you work with."
    )
    live = {a.id: a for a in cpd.activities(db, user.id)}
    st.session_state.setdefault(_key("drawn_on"), [i for i in kept.drawn_on if i in live])
    st.session_state[_key("drawn_on")] = [i for i in st.session_state[_key("drawn_on")] if i in live]
    drawn = st.multiselect(
        "The activities it draws on",
        list(live),
        key=_key("drawn_on"),
        format_func=lambda i: f"{hcpc.activity_line(live[i])} · {live[i].topic}",  # shown as text by the widget
        placeholder="Choose from your log",
    )
    if (note := hcpc.statement_note(len(drawn))) is not None:
        st.caption(note)
    st.session_state.setdefault(_key("statement"), kept.statement)
    st.text_area("Your personal statement", key=_key("statement"), height=260, max_chars=hcpc.MAX_STATEMENT_CHARS)
    _problem("statement")
    st.button("Keep the statement", key=_key("keep_statement"), on_click=_keep_statement, args=(db, user))

    st.subheader("Your CPD profile as a PDF")
    doc = hcpc.document(db, user.id, today)
    if not (doc.summary or doc.statement or doc.activities):
        st.caption("Once you've kept a summary, a statement or an activity, your profile can be downloaded here.")
        return
    if missing := hcpc.unprintable(doc):
        st.warning("Harbour's font can't print these characters, so they'd be left out of the PDF:")
        st.text(" ".join(missing))
    if evidence.checked_before_download(doc.texts(), _key("pdf")):
        st.download_button(
            "Download your CPD profile (PDF)",
            hcpc.render_pdf(doc),
            file_name=hcpc.file_name(today),
            mime="application/pdf",
            key=_key("download"),
            type="primary",
            icon=":material/download:",
        )
        st.caption("It holds what you've kept here: press Keep first if you've changed the words above.")
