"""Before any document for a regulator or an appraisal is downloaded: why reflection should be anonymised, what
courts can ask for (the GMC's guidance on the disclosure of reflective notes, linked), and the identifiability
check on every word going into it, with "I've checked" to tick when something was found.

Every page that prepares such a document calls `checked_before_download` and offers the download only when it
returns True. The person's words are shown as text; the reviewed words come from regulators.toml.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable

import streamlit as st

from journal import clock
from journal.content import regulators
from journal.text import identifiable
from journal.text.identifiable import Finding


def findings(texts: Iterable[str]) -> list[Finding]:
    """What in any of these texts may identify someone, each once."""
    found: list[Finding] = []
    for text in texts:
        found += [f for f in identifiable.findings(text, clock.today()) if f not in found]
    return found


def about_reflection() -> None:
    """The reviewed words on anonymising and on disclosure, with the GMC's guidance linked (our words only)."""
    words = regulators.load()
    st.markdown(words.anonymise)
    st.markdown(f"{words.disclosure.text} [{words.disclosure.link_text}]({words.disclosure.url}).")


def checked_before_download(texts: Iterable[str], key: str) -> bool:
    """Show the identifiability check on everything going into a document; True when it may be downloaded: nothing
    was found, or the person has ticked that they checked exactly what was found (asked again if that changes)."""
    found = findings(texts)
    with st.expander("Before you download: keeping it anonymous", expanded=bool(found), icon=":material/privacy_tip:"):
        about_reflection()
        if not found:
            st.caption(
                "Harbour's check found nothing that looks identifying. It can't spot everything, so read it through."
            )
            return True
        st.warning(
            'Some of this may identify a patient or a colleague. A role, or "a patient on the ward", is usually '
            "enough: change it where you wrote it, or tick below if it's fine as it is.",
            icon=":material/privacy_tip:",
        )
        for finding in found:
            st.text(f"{finding.kind}: {finding.excerpt}")  # their words, shown as plain text
            st.caption(finding.why)
        fingerprint = hashlib.sha256(repr([(f.kind, f.excerpt) for f in found]).encode()).hexdigest()[:16]
        return st.checkbox("I've checked: it identifies no one", key=f"{key}.checked.{fingerprint}")
