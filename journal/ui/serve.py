"""Start Harbour's server: `streamlit run app.py` with Harbour's defaults.

Harbour always routes with st.navigation. Streamlit treats a folder named pages/ as a legacy multipage
app until the first st.navigation call, so a fresh server's first visit to, say, /journal would run that
page on its own with a file-list sidebar. Clearing the flag before the server starts prevents that.
"""

from __future__ import annotations

import sys
import threading
import time
import urllib.request

from streamlit import config as st_config
from streamlit.runtime.pages_manager import PagesManager
from streamlit.web import cli

from journal.config import ROOT

DEFAULTS = [
    "--server.headless", "true", "--browser.gatherUsageStats", "false",
    "--logger.hideWelcomeMessage", "true", "--logger.level", "warning",  # the one line below says where to go
]  # fmt: skip
READY_WAIT_SECONDS = 120


def _address() -> str:
    host = st_config.get_option("server.address") or "localhost"
    return f"http://{'localhost' if host in {'0.0.0.0', '::'} else host}:{st_config.get_option('server.port')}"


def _announce_when_ready(started: float) -> None:
    """One clear line, once Harbour answers: where to open it (Streamlit's own banner is switched off)."""
    deadline = started + READY_WAIT_SECONDS
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


def main(argv: list[str] | None = None) -> None:
    PagesManager.uses_pages_directory = False
    sys.argv = ["streamlit", "run", str(ROOT / "app.py"), *DEFAULTS, *(sys.argv[1:] if argv is None else argv)]
    threading.Thread(target=_announce_when_ready, args=(time.monotonic(),), daemon=True).start()
    cli.main()


if __name__ == "__main__":
    main()
