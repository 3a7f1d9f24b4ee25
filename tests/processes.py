"""Test support: another Harbour process holding a database open, as a running app would; servers in subprocesses."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from deploy.cluster import free_port, stop

__all__ = ["HOLD", "free_port", "held_by_another_process", "start_and_wait", "stop"]

ROOT = Path(__file__).resolve().parents[1]

HOLD = """
import os, sys
from journal.store import Database
db = Database(sys.argv[1], os.environ.get("HARBOUR_DB_KEY") or None)
print("ready", flush=True)
sys.stdin.readline()
db.close()
"""


@contextmanager
def held_by_another_process(path: Path, key: str | None = None) -> Iterator[None]:
    """Another process has the database open (with `key`, if given) until the block ends."""
    env = {k: v for k, v in os.environ.items() if k != "HARBOUR_DB_KEY"}
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))
    if key:
        env["HARBOUR_DB_KEY"] = key
    child = subprocess.Popen(
        [sys.executable, "-c", HOLD, str(path)],
        cwd=ROOT,
        env=env,
        text=True,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    try:
        assert child.stdout is not None and child.stdout.readline().strip() == "ready", child.stderr
        yield
    finally:
        assert child.stdin is not None
        child.stdin.close()
        child.wait(timeout=30)


def start_and_wait(
    command: list[str],
    log_path: Path,
    ready: Callable[[], bool],
    *,
    what: str,
    env: dict[str, str] | None = None,
    cwd: Path | None = None,
    seconds: float = 30,
) -> subprocess.Popen[bytes]:
    """Start a server (its output appended to `log_path`) and wait until `ready()` says it answers; if it ends or
    takes longer than `seconds`, stop it and fail with its output."""
    with log_path.open("ab") as log:
        log.write(f"\n--- starting: {' '.join(command)}\n".encode())
        log.flush()
        proc = subprocess.Popen(command, cwd=cwd, env=env, stdout=log, stderr=subprocess.STDOUT)
    deadline = time.monotonic() + seconds
    while proc.poll() is None and time.monotonic() < deadline:
        if ready():
            return proc
        time.sleep(0.1)
    problem = f"exited with code {proc.returncode}" if proc.poll() is not None else f"did not answer within {seconds} s"
    stop(proc)
    raise AssertionError(f"{what} {problem}. Its output:\n{log_path.read_text(errors='replace')}")
