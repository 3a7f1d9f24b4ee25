"""Per-person caches. Every key holds the person's id and their journal version, so a write invalidates it."""

from __future__ import annotations

from datetime import date

import streamlit as st

from journal.patterns import trends
from journal.patterns.charts.drawing import Fit
from journal.store import Handle


@st.cache_data(max_entries=128, ttl=3600, show_spinner=False)
def _trends_view(
    _db: Handle, user_id: str, version: tuple, start: date | None, end: date, today: date, fit: Fit
) -> trends.View:
    return trends.view(_db, user_id, start, end, today, fit)


def trends_view(db: Handle, user_id: str, start: date | None, end: date, today: date, fit: Fit) -> trends.View:
    """The Trends page's view for one person, range and screen, rebuilt after any write to their journal."""
    return _trends_view(db, user_id, trends.version(db, user_id), start, end, today, fit)
