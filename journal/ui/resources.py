"""Process-wide resources. Nothing cached here holds one person's data."""

from __future__ import annotations

import streamlit as st

from journal import config
from journal.prompts import Library, library
from journal.store import Database, StoreError


@st.cache_resource(show_spinner=False)
def _open(path: str) -> Database:
    return Database(path)


def database() -> Database:
    """The one Database for this process (keyed by path, so tests can point elsewhere)."""
    path = str(config.load().db_path)
    try:
        return _open(path)
    except StoreError as exc:
        st.error(f"Harbour can't open its database. {exc}")
        st.stop()
        raise  # unreachable: st.stop() ends the run


def content() -> Library:
    return library()
