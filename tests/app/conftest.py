"""AppTest fixtures: each test gets its own database file and a clean Streamlit cache."""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
import streamlit as st
from streamlit.runtime import pages_manager
from streamlit.testing.v1 import AppTest

from journal import config
from journal.store.opening import Store, open_store
from journal.ui import resources
from tests.factories import PASSWORD

ROOT = Path(__file__).resolve().parents[2]
APP = str(ROOT / "app.py")


@pytest.fixture(autouse=True)
def isolated_app(
    backend: str, db_path: Path, monkeypatch: pytest.MonkeyPatch, request: pytest.FixtureRequest
) -> Iterator[None]:
    """The app on this test's own database: the DuckDB file at db_path, or (the PostgreSQL run of each test) the
    emptied PostgreSQL database that the `db` fixture also opens."""
    monkeypatch.setenv("HARBOUR_DB", str(db_path))
    url = request.getfixturevalue("postgres_url") if backend == "postgres" else None
    if url:
        monkeypatch.setenv("HARBOUR_DATABASE_URL", url)
    else:
        monkeypatch.delenv("HARBOUR_DATABASE_URL", raising=False)
    st.cache_resource.clear()
    # AppTest resets this flag before every run, so with a folder named pages/ it would run the page
    # file alone (legacy multipage mode). The real server clears it at the first st.navigation call.
    original = pages_manager.PagesManager.__init__

    def init(self, *args, **kwargs):
        original(self, *args, **kwargs)
        pages_manager.PagesManager.uses_pages_directory = False

    monkeypatch.setattr(pages_manager.PagesManager, "__init__", init)
    yield
    if url:  # a pool holds connections until closed: close this test's, or the server runs out of them
        configured = config.load()
        resources._open(str(configured.db_path), None, str(configured.backup_dir), url).close()
    st.cache_resource.clear()  # closes nothing by itself, but drops our handle to the file


@contextmanager
def app_store() -> Iterator[Store]:
    """The database the app under test uses (this test's DuckDB file, or its PostgreSQL database), opened beside
    it for the length of the block."""
    store = open_store(
        path=os.environ["HARBOUR_DB"], key=None, backup_dir=None, url=os.environ.get("HARBOUR_DATABASE_URL")
    )
    try:
        yield store
    finally:
        store.close()


@pytest.fixture
def app() -> Callable[[], AppTest]:
    def make() -> AppTest:
        at = AppTest.from_file(APP, default_timeout=30)
        return at

    return make


def by_suffix(elements, suffix: str):
    """The one widget whose key ends with `suffix` (form widget keys carry the entry id)."""
    matches = [e for e in elements if e.key and e.key.endswith(suffix)]
    assert len(matches) == 1, f"expected one widget ending {suffix!r}, found {[e.key for e in elements]}"
    return matches[0]


def create_inputs(at: AppTest) -> list:
    """The create-account form's name, password and password-again boxes."""
    labels = [t.label for t in at.text_input]
    start = labels.index("Your name (to sign in with)")
    return list(at.text_input)[start : start + 3]


def sign_up(at: AppTest, name: str, password: str = PASSWORD) -> AppTest:
    at.run()
    tab_inputs = create_inputs(at)
    tab_inputs[0].input(name)
    tab_inputs[1].input(password)
    tab_inputs[2].input(password)
    at.button(key="FormSubmitter:create-Create account").click().run()
    return at


def sign_in(at: AppTest, name: str, password: str = PASSWORD) -> AppTest:
    at.run()
    # The Sign in tab comes first: its name and password boxes are the first two.
    assert at.text_input[0].label == "Your name"
    at.text_input[0].input(name)
    at.text_input[1].input(password)
    at.button(key="FormSubmitter:sign_in-Sign in").click().run()
    return at


def user_id(at: AppTest) -> str:
    """The id of the person this session is signed in as."""
    return at.session_state["harbour.user"].id


def sign_up_on(app: Callable[[], AppTest], page: str, name: str = "Sam") -> AppTest:
    """A new person's session, signed up and on `page`, which ran without an exception."""
    at = sign_up(app(), name)
    at.switch_page(page).run()
    assert not at.exception, at.exception
    return at


def texts(at: AppTest) -> list[str]:
    return [t.value for t in at.text]


def markdown(at: AppTest) -> list[str]:
    return [m.value for m in at.markdown] + [c.value for c in at.caption]


_ESCAPE = re.compile(r"\\([!-/:-@\[-`{-~])")


def as_shown(md: str) -> str:
    """Escaped markdown (journal.ui.widgets.verbatim) as a browser shows it: the escapes and word joiners gone."""
    return _ESCAPE.sub(r"\1", md).replace("\u2060", "")
