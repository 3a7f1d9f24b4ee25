"""`make run`'s server, noting how long each of its script runs took, for the browser bench (bench/browser.py).

Each run of the script (Streamlit's `ScriptRunner._run_script`, which carries on through st.rerun's runs) appends
one JSON line to the file named in HARBOUR_BENCH_RUNS: when it started and ended (time.monotonic(), the same clock
in every process of this machine) and whether it was a fragment's run (the session check on a timer).
"""

from __future__ import annotations

import json
import os
import threading
import time
from typing import Any

from streamlit.runtime.scriptrunner.script_runner import ScriptRunner

from journal.ui import serve

RUNS_ENV = "HARBOUR_BENCH_RUNS"
_write = threading.Lock()
_original = ScriptRunner._run_script


def _timed(self: ScriptRunner, rerun_data: Any) -> None:
    started = time.monotonic()
    try:
        _original(self, rerun_data)
    finally:
        line = {"start": started, "end": time.monotonic(), "fragment": bool(rerun_data.fragment_id_queue)}
        with _write, open(os.environ[RUNS_ENV], "a", encoding="utf-8") as runs:
            runs.write(json.dumps(line) + "\n")


if __name__ == "__main__":
    ScriptRunner._run_script = _timed  # type: ignore[method-assign]
    serve.main()
