"""Driving Harbour's pages through AppTest for timing: signed in, from app.py, against a given database.

Set up as tests/app/conftest.py does: HARBOUR_DB points at the file (or HARBOUR_DATABASE_URL at PostgreSQL),
st.cache_resource is cleared, and
PagesManager keeps `uses_pages_directory` False (otherwise AppTest runs a page file on its own, without
app.py, because the folder is named pages/).
"""

from __future__ import annotations

import cProfile
import gc
import logging
import os
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import streamlit as st
from streamlit import config
from streamlit.runtime import pages_manager
from streamlit.runtime.scriptrunner.script_runner import ScriptRunner
from streamlit.testing.v1 import AppTest, local_script_runner
from streamlit.testing.v1.element_tree import Block

from journal import accounts
from journal.accounts import User
from journal.store.opening import Store, open_store
from journal.ui import resources

ROOT = Path(__file__).resolve().parents[1]
APP = str(ROOT / "app.py")
USER_KEY = "harbour.user"  # journal.ui.session keeps the signed-in person under this key
SESSION_KEY = "harbour.session"  # ...and their server-side session's id under this one
TIMEOUT = 60  # seconds for one run: generous, a slow page is a figure, not a failure
_last_messages: list = []  # the ForwardMsgs of the latest run (see app_env)


class PageUnavailable(Exception):
    """The page can't be timed: `status` is "missing" (no such page yet) or "error" (it raised)."""

    def __init__(self, status: str, detail: str):
        super().__init__(detail)
        self.status = status
        self.detail = detail


def _no_context_warning(record: logging.LogRecord) -> bool:
    return "missing ScriptRunContext" not in record.getMessage()


def _store() -> Store:
    """The database the app is pointed at, opened as the app opens it (close it when done)."""
    url = os.environ.get("HARBOUR_DATABASE_URL") or None
    return open_store(path=os.environ["HARBOUR_DB"], key=None, backup_dir=None, url=url)


@contextmanager
def app_env(db_path: Path, url: str | None = None) -> Iterator[None]:
    """Point the app at `db_path`, or at PostgreSQL when `url` is given, with a clean resource cache and
    st.navigation honoured, for the block. The databases the app opened are closed afterwards (PostgreSQL's pools)."""
    previous = {name: os.environ.get(name) for name in ("HARBOUR_DB", "HARBOUR_DATABASE_URL")}
    original_open = resources.open_store
    opened: list[Store] = []

    def open_and_keep(**kwargs: Any) -> Store:
        store = original_open(**kwargs)
        opened.append(store)
        return store

    original_init = pages_manager.PagesManager.__init__
    original_parse = local_script_runner.parse_tree_from_messages

    def init(self: Any, *args: Any, **kwargs: Any) -> None:
        original_init(self, *args, **kwargs)
        pages_manager.PagesManager.uses_pages_directory = False

    def parse(messages: list) -> Any:
        # Kept so payload() can report every message sent in the last run, not only the elements.
        _last_messages[:] = list(messages)
        return original_parse(messages)

    os.environ["HARBOUR_DB"] = str(db_path)
    if url:
        os.environ["HARBOUR_DATABASE_URL"] = url
    else:
        os.environ.pop("HARBOUR_DATABASE_URL", None)
    # Seeding session state before the first run happens outside a script run, and Streamlit warns about it
    # (a filter, because Streamlit resets its loggers' levels on every run).
    context_log = logging.getLogger("streamlit.runtime.scriptrunner_utils.script_run_context")
    context_log.addFilter(_no_context_warning)
    # The app redacts error details for people (.streamlit/config.toml); the bench wants them in its report.
    show_errors = config.get_option("client.showErrorDetails")
    config.set_option("client.showErrorDetails", "full")
    st.cache_resource.clear()
    pages_manager.PagesManager.__init__ = init
    local_script_runner.parse_tree_from_messages = parse
    resources.open_store = open_and_keep  # type: ignore[assignment]
    try:
        yield
    finally:
        local_script_runner.parse_tree_from_messages = original_parse
        pages_manager.PagesManager.__init__ = original_init
        resources.open_store = original_open
        st.cache_resource.clear()
        for store in opened:
            store.close()
        context_log.removeFilter(_no_context_warning)
        config.set_option("client.showErrorDetails", show_errors)
        for name, value in previous.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


def _check(at: AppTest, page: str) -> None:
    if at.exception:
        first = at.exception[0]
        raise PageUnavailable("error", f"{page} raised: {first.message or first.value}")


def open_page(user: User, page: str) -> AppTest:
    """A signed-in session on `page` after its first run; PageUnavailable if it can't be reached or raises."""
    if not (ROOT / page).is_file():
        raise PageUnavailable("missing", f"{page} does not exist yet")
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    db = _store()
    try:  # a real server-side session, as the sign-in form makes
        at.session_state[SESSION_KEY] = accounts.start_session(db, user.id)
    finally:
        db.close()
    at.session_state[USER_KEY] = user
    try:
        at.run()
        _check(at, "app.py")
        at.switch_page(page)
    except ValueError:  # a file that app.py's st.navigation doesn't list
        raise PageUnavailable("missing", f"{page} is not in app.py's navigation yet") from None
    try:
        at.run()
    except RuntimeError as exc:  # AppTest's timeout
        raise PageUnavailable("error", f"{page}: {exc}") from None
    _check(at, page)
    return at


def time_runs(
    at: AppTest, warmups: int, runs: int, label: str = "", cold: bool = False, reset: Callable[[], object] | None = None
) -> list[float]:
    """Milliseconds for each of `runs` reruns of the current page (after `warmups` untimed ones).

    cold=True empties Streamlit's data cache before each timed run (untimed), as a write to the journal would:
    the figure is then a first view after a change, not a cache hit. `reset`, if given, is also called there.
    """
    for _ in range(warmups):
        at.run()
    _check(at, label or "page")
    gc.collect()
    samples = []
    for _ in range(runs):
        if cold:
            st.cache_data.clear()
        if reset is not None:
            reset()
        started = time.perf_counter()
        at.run()
        samples.append((time.perf_counter() - started) * 1000)
    _check(at, label or "page")
    return samples


def time_calls(fn: Callable[[], object], warmups: int, runs: int) -> list[float]:
    for _ in range(warmups):
        fn()
    gc.collect()
    samples = []
    for _ in range(runs):
        started = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - started) * 1000)
    return samples


@contextmanager
def profiled(profiler: cProfile.Profile) -> Iterator[None]:
    """Profile the scripts' own thread: AppTest runs each script in a thread of its own, the caller only waits."""
    original = ScriptRunner._run_script

    def run_script(self: ScriptRunner, *args: Any, **kwargs: Any) -> None:
        profiler.enable()
        try:
            original(self, *args, **kwargs)
        finally:
            profiler.disable()

    ScriptRunner._run_script = run_script
    try:
        yield
    finally:
        ScriptRunner._run_script = original


def bare_page() -> AppTest:
    """The floor for a page run: the same AppTest machinery drawing one title and nothing else."""
    return AppTest.from_string('import streamlit as st\n\nst.title("x")\n', default_timeout=TIMEOUT)


def _nodes(at: AppTest) -> Iterator[Any]:
    stack = list(at._tree.children.values())
    while stack:
        node = stack.pop()
        yield node
        if isinstance(node, Block):
            stack.extend(node.children.values())


@dataclass
class Payload:
    element_bytes: int  # the brief's measure: ByteSize() of every element's and block's proto in the tree
    message_bytes: int  # cross-check: ByteSize() of every ForwardMsg the run produced (adds page list, metadata)
    elements: int
    largest: list[tuple[str, int]] = field(default_factory=list)  # the five biggest elements, by type


def payload(at: AppTest) -> Payload:
    """What the last run sent to the browser.

    Method: walk AppTest's element tree (main, sidebar and event blocks, recursively) and add up
    `proto.ByteSize()` of every node: each element's proto carries everything the browser gets for it,
    including a chart's Vega-Lite spec and its Arrow-encoded data. Blocks add their layout protos.
    As a cross-check, the serialised size of every ForwardMsg of the run is reported beside it.
    """
    total, count, sizes = 0, 0, []
    for node in _nodes(at):
        proto = node.proto
        if proto is None:  # the main, sidebar and event roots are not sent as elements
            continue
        size = proto.ByteSize()
        total += size
        if not isinstance(node, Block):
            count += 1
            sizes.append((node.type, size))
    sizes.sort(key=lambda item: item[1], reverse=True)
    return Payload(total, sum(m.ByteSize() for m in _last_messages), count, sizes[:5])


def find_widget(at: AppTest, key: str) -> Any | None:
    return next((node for node in _nodes(at) if getattr(node, "key", None) == key), None)


def choose(at: AppTest, key: str, values: tuple[Any, ...]) -> Any | None:
    """Set the widget with `key` (whatever kind it is) to the first of `values` it accepts, and rerun.

    Returns the value it now holds, or None when there is no such widget or none of the values was taken.
    """
    for value in values:
        widget = find_widget(at, key)
        if widget is None:
            return None
        try:
            widget.set_value(value)
            at.run()
        except Exception:  # noqa: BLE001 - a value this kind of widget doesn't accept: try the next
            continue
        if at.exception:
            continue
        now = find_widget(at, key)
        if now is not None and now.value in (value, [value]):
            return value
    return None
