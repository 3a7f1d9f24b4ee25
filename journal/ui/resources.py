"""Process-wide resources. Nothing cached here holds one person's data (the demo database holds only made-up data)."""

from __future__ import annotations

import tempfile
from pathlib import Path

import streamlit as st

from journal import config
from journal.content import library as content_library
from journal.content.library import Library
from journal.store import Database, StoreError
from journal.store.backup import start_daily_backups
from journal.store.opening import Store, open_store


@st.cache_resource(show_spinner=False)
def _open(path: str, key: str | None, backup_dir: str, url: str | None) -> Store:
    db = open_store(path=path, key=key, backup_dir=backup_dir, url=url)
    if isinstance(db, Database):  # PostgreSQL is backed up by its own tools (pg_dump, base backups), not by Harbour
        start_daily_backups(db, Path(backup_dir))  # once per opened database: this function runs once per process
    return db


DEMO = "harbour.demo"  # session-state flag: this browser is exploring the demo, on the demo database


@st.cache_resource(show_spinner="Setting up the example journal…")
def _demo() -> tuple[Database, list[str]]:
    """The example journal: its own throwaway file, never the real one, made once per process."""
    db = Database(Path(tempfile.mkdtemp(prefix="harbour-demo-")) / "demo.duckdb")
    return db, [_build_demo(db)]


def _build_demo(db: Database) -> str:
    from journal.demo import year as demo  # only when someone explores

    return demo.build_demo(db, library()).password


def demo_database() -> Database:
    return _demo()[0]


def demo_password(rebuild: bool = False) -> str:
    """The demo practitioner's password (steps such as exports ask for it); `rebuild` brings the demo back."""
    db, password = _demo()
    if rebuild:
        password[0] = _build_demo(db)
    return password[0]


def database() -> Store:
    """The one database for this process (keyed by path or URL, so tests can point elsewhere); the demo's when
    exploring (always a DuckDB file of its own, whatever the real one is)."""
    configured = config.load()
    if st.session_state.get(DEMO) and configured.demo:
        return _demo()[0]
    try:
        return _open(str(configured.db_path), configured.db_key, str(configured.backup_dir), configured.database_url)
    except StoreError as exc:
        st.error(f"Harbour can't open its database. {exc}")
        st.stop()
        raise  # unreachable: st.stop() ends the run


def library() -> Library:
    """The content library: Harbour's reviewed words, loaded and checked once per process."""
    return content_library.library()
