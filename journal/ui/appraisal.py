"""For doctors (GMC) and anyone with an appraisal: the reflection templates, and an export of chosen reflections."""

from __future__ import annotations

from datetime import date

import streamlit as st

from journal.accounts import User
from journal.content import regulators
from journal.content.library import Library
from journal.reflect import appraisal
from journal.reflect.appraisal import AppraisalError
from journal.reflect.entries import EntryInput
from journal.store import Handle
from journal.ui import cpd_log, evidence, nav
from journal.ui.widgets import show_text

_K = "appraisal"


def _templates(lib: Library) -> list[str]:
    """The GMC's suggested templates the content library offers, in regulators.toml's order."""
    known = {t.id for t in lib.templates}
    return [t for t in appraisal.templates() if t in known]


def templates(lib: Library) -> None:
    """The two reflection templates, each a button that starts it on Write."""
    st.subheader("Reflect the way appraisal asks")
    offered = _templates(lib)
    if not offered:
        st.caption("The GMC's reflection templates are on their way to Write.")
        return
    cols = st.columns(len(offered))
    for col, template_id in zip(cols, offered, strict=True):
        template = lib.template(template_id)
        with col.container(border=True):
            st.markdown(f"**{template.name}**")
            st.caption(template.summary)
            if st.button("Write one", key=f"{_K}.start.{template_id}", icon=":material/edit_note:"):
                nav.start_entry(EntryInput.blank(template))
            st.caption(f"To open it from a bookmark, add {nav.start_address(template_id)} to Harbour's address.")
    st.caption(
        "Either can also become an NMC-style reflective account on the Reflective account page, if you ever "
        "need one: Harbour fills in the form from it."
    )


def export(db: Handle, user: User, lib: Library, today: date) -> None:
    """Choose reflections, then a PDF of exactly those, after the identifiability check."""
    st.subheader("Reflections for your appraisal")
    options = {item.id: item for item in appraisal.choices(db, user.id)}
    if not options:
        st.caption("Once you've written a reflection, you can choose it here to bring to your appraisal.")
        return
    st.markdown(
        "Choose the reflections to bring. Those written with the templates above come first, newest first. "
        "Only what you choose goes into the PDF."
    )
    st.session_state[f"{_K}.chosen"] = [i for i in st.session_state.get(f"{_K}.chosen", []) if i in options]
    chosen = st.multiselect(
        "Reflections",
        list(options),
        key=f"{_K}.chosen",
        format_func=lambda i: appraisal.describe_choice(lib, options[i]),  # their words: a widget's options are text
        placeholder="Choose one or more",
    )
    if not chosen:
        return
    try:
        reflections = appraisal.chosen(db, user.id, lib, chosen)
    except AppraisalError as exc:
        show_text(str(exc), "error")
        return
    if missing := appraisal.unprintable(reflections):
        st.warning("Harbour's font can't print these characters, so they'd be left out of the PDF:")
        st.text(" ".join(missing))
    if evidence.checked_before_download(appraisal.texts(reflections), f"{_K}.pdf"):
        st.download_button(
            "Download reflections for appraisal (PDF)",
            appraisal.render_pdf(reflections),
            file_name=appraisal.file_name(today),
            mime="application/pdf",
            key=f"{_K}.download",
            type="primary",
            icon=":material/download:",
        )


def show(db: Handle, user: User, lib: Library, today: date) -> None:
    """The GMC part of the Revalidation page (and the appraisal export, offered to every regulator's people)."""
    words = regulators.load().gmc
    st.header("Your appraisal and revalidation")
    st.markdown(
        f"The {words.short} asks doctors to reflect on their practice for appraisal each year. Your everyday "
        "entries can be that reflection: choose the ones to bring, and Harbour prints them for you."
    )
    templates(lib)
    cpd_log.show(db, user, today, regulators.GMC)
    export(db, user, lib, today)
