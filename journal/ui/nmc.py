"""NMC revalidation, complete: the progress card, practice hours, feedback, the reflective discussion, the
confirmation checklist and the portfolio PDF."""

from __future__ import annotations

from datetime import date

import streamlit as st

from journal.accounts import User
from journal.content.library import Library
from journal.store import Handle


def show(db: Handle, user: User, lib: Library, today: date) -> None:
    """The NMC part of the Revalidation page."""
    st.caption("NMC revalidation is on its way.")


def card(db: Handle, user: User, today: date) -> None:
    """The progress card, on Write and Wins, for a person whose regulator is the NMC; nothing for anyone else."""
