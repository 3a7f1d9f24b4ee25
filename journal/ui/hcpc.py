"""The HCPC CPD profile: summary of practice, the dated CPD list, gaps flagged, the personal statement, a PDF."""

from __future__ import annotations

from datetime import date

import streamlit as st

from journal.accounts import User
from journal.content.library import Library
from journal.store import Handle


def show(db: Handle, user: User, lib: Library, today: date) -> None:
    """The HCPC part of the Revalidation page."""
    st.caption("The HCPC CPD profile is on its way.")
