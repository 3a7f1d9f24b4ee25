"""Start Harbour's server: `streamlit run app.py` with Harbour's defaults.

Harbour always routes with st.navigation. Streamlit treats a folder named pages/ as a legacy multipage
app until the first st.navigation call, so a fresh server's first visit to, say, /journal would run that
page on its own with a file-list sidebar. Clearing the flag before the server starts prevents that.
"""

from __future__ import annotations

import sys

from streamlit.runtime.pages_manager import PagesManager
from streamlit.web import cli

from journal.config import ROOT

DEFAULTS = ["--server.headless", "true", "--browser.gatherUsageStats", "false"]


def main(argv: list[str] | None = None) -> None:
    PagesManager.uses_pages_directory = False
    sys.argv = ["streamlit", "run", str(ROOT / "app.py"), *DEFAULTS, *(sys.argv[1:] if argv is None else argv)]
    cli.main()


if __name__ == "__main__":
    main()
