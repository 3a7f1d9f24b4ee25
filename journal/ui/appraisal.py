"""For doctors (GMC) and anyone with an appraisal: the reflection templates, and an export of chosen reflections."""

from __future__ import annotations

from datetime import date

import streamlit as st

from journal.accounts import User
from journal.content.library import Library
from journal.store import Handle


def show(db: Handle, user: User, lib: Library, today: date) -> None:
    """The GMC part of the Revalidation page (and the appraisal export, offered to every regulator's people)."""
    st.caption("The appraisal export is on its way.")
