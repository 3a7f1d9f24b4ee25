"""The CPD log on the Revalidation page: add an activity, see the log, change or remove one (to the trash)."""

from __future__ import annotations

from datetime import date

import streamlit as st

from journal.accounts import User
from journal.store import Handle


def show(db: Handle, user: User, today: date, regulator: str | None) -> None:
    """The log, with the fields this regulator asks for shown first (the Code's theme for the NMC, the type of
    learning for the HCPC); every field is offered whatever the regulator."""
    st.caption("The CPD log is on its way.")  # filled in by the CPD helper
