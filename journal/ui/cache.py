"""Per-person caches. Every key holds the person's id and their journal version, so a write invalidates it."""

from __future__ import annotations

from datetime import date

import streamlit as st

from journal.patterns import trends
from journal.store import Handle


@st.cache_data(max_entries=128, ttl=3600, show_spinner=False)
def _trends_view(_db: Handle, user_id: str, version: tuple, start: date | None, end: date, today: date) -> trends.View:
    return trends.view(_db, user_id, start, end, today)


def trends_view(db: Handle, user_id: str, start: date | None, end: date, today: date) -> trends.View:
    return _trends_view(db, user_id, trends.version(db, user_id), start, end, today)
