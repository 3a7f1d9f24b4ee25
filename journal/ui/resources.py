"""Process-wide resources. Nothing cached here holds one person's data."""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from journal import config
from journal.prompts import Library, library
from journal.store import Database, StoreError
from journal.store.backup import start_daily_backups


@st.cache_resource(show_spinner=False)
def _open(path: str, key: str | None, backup_dir: str) -> Database:
    db = Database(path, key, backup_dir=backup_dir)
    start_daily_backups(db, Path(backup_dir))  # once per opened database: this function runs once per process
    return db


def database() -> Database:
    """The one Database for this process (keyed by path, so tests can point elsewhere)."""
    settings = config.load()
    try:
        return _open(str(settings.db_path), settings.db_key, str(settings.backup_dir))
    except StoreError as exc:
        st.error(f"Harbour can't open its database. {exc}")
        st.stop()
        raise  # unreachable: st.stop() ends the run


def content() -> Library:
    return library()
