"""`make run`'s server with its clock moved on by a test, so a journey can pass 30 idle minutes without waiting.

journal.clock is the one place Harbour reads the time; here its `instant` is moved on by however many seconds
the file named in HARBOUR_TEST_CLOCK says (read at each call, so the test can move it while the server runs).
"""

from __future__ import annotations

import os
from datetime import datetime, timedelta
from pathlib import Path

from journal import clock
from journal.ui import serve

_real = clock.instant


def _moved() -> datetime:
    try:
        seconds = float(Path(os.environ["HARBOUR_TEST_CLOCK"]).read_text().strip() or 0)
    except (OSError, ValueError):
        seconds = 0.0
    return _real() + timedelta(seconds=seconds)


if __name__ == "__main__":
    clock.instant = _moved
    serve.main()
