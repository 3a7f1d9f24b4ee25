"""Start Harbour's server: app.py under Streamlit's own ASGI server, with Harbour's defaults and routes.

`streamlit run`'s flags are taken as they are (`make run ARGS="--server.port 8600"`) and read by Streamlit's own
command line parser, then Streamlit's `st.App` (journal/ui/web.py: app.py plus Harbour's sign-in cookie routes)
runs with them, as `streamlit run` would run it.

Harbour always routes with st.navigation. Streamlit treats a folder named pages/ as a legacy multipage
app until the first st.navigation call, so a fresh server's first visit to, say, /journal would run that
page on its own with a file-list sidebar. Clearing the flag before the server starts prevents that.

The database is opened before Streamlit starts, and kept open until it stops: DuckDB lets one process at a time
use a file, so a second Harbour on the same file (or a wrong key, or a file that isn't a database) is refused in
one line instead of announcing itself ready and then showing an error on every page. The pages' own Database
for that file joins this one's DuckDB instance (same process, same settings), so nothing can take the file
between the check and the first page.

Once Harbour answers, the demo (its own throwaway database: journal/ui/resources.py) is made in the background, so
the first "Explore the demo" finds it ready instead of waiting ten seconds or more for a year of entries.
"""

from __future__ import annotations

import ast
import contextlib
import importlib
import importlib.util
import os
import re
import sys
import threading
import time
import urllib.request
from pathlib import Path
from typing import Any

from streamlit import config as st_config
from streamlit import delta_generator
from streamlit.runtime import Runtime
from streamlit.runtime.pages_manager import PagesManager
from streamlit.runtime.secrets import secrets_singleton
from streamlit.web import bootstrap, cli

from journal import config
from journal.config import ROOT
from journal.store import DatabaseInUse, StoreError
from journal.store.opening import Store, open_store
from journal.ui import web

DEFAULTS = [
    "--server.headless", "true", "--browser.gatherUsageStats", "false",
    "--logger.hideWelcomeMessage", "true", "--logger.level", "warning",  # the one line below says where to go
]  # fmt: skip
READY_WAIT_SECONDS = 120
AHEAD_NICENESS = 10  # what is done ahead is done in the background: people's own pages go first
SCRIPT = ROOT / "app.py"


def _address() -> str:
    host = st_config.get_option("server.address") or "localhost"
    return f"http://{'localhost' if host in {'0.0.0.0', '::'} else host}:{st_config.get_option('server.port')}"


def _announce_when_ready(started: float) -> None:
    """One clear line, once Harbour answers: where to open it (Streamlit's own banner is switched off)."""
    deadline = started + READY_WAIT_SECONDS
    while not Runtime.exists() and time.monotonic() < deadline:
        time.sleep(0.05)  # read the config only after Streamlit has (with its flags), or it warns of a "change"
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"{_address()}/_stcore/health", timeout=1) as answer:
                if answer.read().strip() == b"ok":
                    took = time.monotonic() - started
                    print(f"Harbour is ready: open {_address()} (started in {took:.1f} s; Ctrl+C stops it)", flush=True)
                    return
        except OSError:
            pass
        time.sleep(0.2)


def _when_ready(started: float) -> None:
    """Say where to open Harbour, then do ahead what a person's first clicks would otherwise wait for: the pages'
    imports, then the demo (journal.ui.session.make_demo). At a lower priority: a person's page comes first."""
    _announce_when_ready(started)
    from journal.ui import session  # a page module, imported once Streamlit runs (as the pages' own are)

    if sys.platform == "linux":  # Linux gives each thread its own niceness; elsewhere this would slow the process
        with contextlib.suppress(OSError):
            os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), AHEAD_NICENESS)
    warm_imports()
    settings = config.load()
    if settings.demo and settings.demo_ahead:
        session.make_demo()


def imported_by(script: Path) -> list[str]:
    """The modules a script imports at its top level (`from a import b` gives a, and a.b in case b is a module)."""
    names: list[str] = []
    for node in ast.parse(script.read_text(encoding="utf-8")).body:
        if isinstance(node, ast.Import):
            names += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            names += [node.module, *(f"{node.module}.{alias.name}" for alias in node.names)]
    return list(dict.fromkeys(names))


def warm_imports() -> None:
    """Import what app.py and every page import, and what Streamlit loads on a process's first run, so the first
    person to open a page doesn't wait for it (a second or more on a fresh process)."""
    for script in [SCRIPT, *sorted((ROOT / "pages").glob("*.py"))]:
        for name in imported_by(script):
            if importlib.util.find_spec(name.rsplit(".", 1)[0] if "." in name else name) is None:
                continue
            with contextlib.suppress(ImportError):
                importlib.import_module(name)
    importlib.import_module("streamlit.emojis")  # a large pattern, compiled for the emoji favicon of the first run
    delta_generator._maybe_print_use_warning()  # its one-time check walks the first run's whole stack (0.2 s)


def _shown(path: Path) -> str:
    """The path as a person would type it from here: relative when it is under the current folder."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except (OSError, ValueError):
        return str(path)


def _holder(exc: BaseException) -> str:
    """Names the process holding the lock (", PID n,") when DuckDB says which; nothing else of its text."""
    cause = exc.__cause__ or exc.__context__
    found = re.search(r"\(PID (\d+)\)", str(cause)) if cause is not None else None
    return f", PID {found.group(1)}," if found else ""


def open_database(configured: config.Config) -> Store:
    """The configured database, opened (and migrated) now; SystemExit with one line on stderr when it can't be."""
    path = configured.db_path
    try:
        return open_store(
            path=path, key=configured.db_key, backup_dir=configured.backup_dir, url=configured.database_url
        )
    except DatabaseInUse as exc:
        problem = (
            f"Harbour is already running on {_shown(path)} (another process{_holder(exc)} has it open); "
            "stop that one first or set HARBOUR_DB to another file."
        )
    except StoreError as exc:
        problem = f"Harbour did not start: {exc}"
    except OSError as exc:  # the database's folder can't be made: HARBOUR_DB under a file, say
        problem = f"Harbour did not start: can't use the database {_shown(path)}: {config.path_problem(exc, _shown)}."
    print(" ".join(problem.split()), file=sys.stderr, flush=True)  # one line, even if DuckDB's text had breaks
    raise SystemExit(1)


def settings(args: list[str]) -> dict[str, object]:
    """`streamlit run`'s flags (Harbour's defaults, then the person's), as Streamlit's option names and values."""
    parsed = cli.main_run.make_context("streamlit run", [str(SCRIPT), *DEFAULTS, *args])
    flags = {name: value for name, value in parsed.params.items() if name not in {"target", "args"}}
    return {name.replace("_", "."): value for name, value in flags.items() if value is not None and value != ()}


def _auth() -> dict[str, Any] | None:
    """The operator's `[auth]` table from .streamlit/secrets.toml (or `secrets.files`), if there is one."""
    if not secrets_singleton.load_if_toml_exists():
        return None
    found = secrets_singleton.to_dict().get("auth")
    return dict(found) if isinstance(found, dict) else None


def main(argv: list[str] | None = None) -> None:
    db = open_database(config.load())  # before Streamlit, so a refusal comes before any "ready" line
    try:
        options = settings(sys.argv[1:] if argv is None else argv)
        PagesManager.uses_pages_directory = False
        sys.argv = [str(SCRIPT)]  # st.App finds .streamlit/ (config, secrets) beside the script it was started for
        st_config._main_script_path = str(SCRIPT)
        bootstrap.load_config_options(options)  # the routes' paths follow server.baseUrlPath
        threading.Thread(target=_when_ready, args=(time.monotonic(),), name="harbour-ready", daemon=True).start()
        web.app(SCRIPT, lambda: db, _auth()).run(config=options)
    except KeyboardInterrupt:  # Ctrl+C: uvicorn has already stopped the server
        print("Harbour stopped.", flush=True)
    finally:
        db.close()


if __name__ == "__main__":
    main()
