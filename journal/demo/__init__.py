"""The demo: an example journal to look around before making one's own.

How far making it has got lives here, in the package's light first module: a page waiting for the demo reads it
without importing what makes it (journal.demo.year, a second or more of imports on a fresh process).
"""

from __future__ import annotations

import threading
from dataclasses import dataclass

NOT_STARTED, MAKING, READY, FAILED = "not started", "making", "ready", "failed"


@dataclass(frozen=True)
class Progress:
    state: str  # NOT_STARTED, MAKING, READY or FAILED
    done: float  # 0 to 1
    words: str  # what is being made now, in a person's words


class Making:
    """How far making a demo in this process has got (written by its maker's thread, read by any page's)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._now = Progress(NOT_STARTED, 0.0, "")

    def now(self) -> Progress:
        with self._lock:
            return self._now

    def report(self, state: str, done: float, words: str) -> None:
        with self._lock:
            self._now = Progress(state, max(0.0, min(1.0, done)), words)


making = Making()
