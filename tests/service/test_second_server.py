"""A second Harbour on the same database refuses to start, in one line, and leaves the first one running.

Real servers started as `make run` starts them (`python -m journal.ui.serve`), each on its own free port, so a
refusal can only be about the database; no browser is needed.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from journal.store import Database
from tests.processes import free_port, held_by_another_process, stop

ROOT = Path(__file__).resolve().parents[2]
STARTUP_SECONDS = 60  # a cold Streamlit import on a busy machine; the server is healthy in a few seconds
REFUSAL_SECONDS = 30  # the refusal comes before Streamlit starts; generous for a loaded test machine
KEY = "a key of at least sixteen characters"


def _env(db_path: Path, key: str | None = None) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in {"HARBOUR_DB_KEY", "HARBOUR_BACKUP_DIR"}}
    env["HARBOUR_DB"] = str(db_path)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))
    if key:
        env["HARBOUR_DB_KEY"] = key
    return env


def _serve(db_path: Path, port: int, key: str | None = None) -> subprocess.Popen[str]:
    command = [sys.executable, "-m", "journal.ui.serve", "--server.port", str(port), "--server.address", "127.0.0.1"]
    return subprocess.Popen(
        command, cwd=ROOT, env=_env(db_path, key), text=True, stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )


def _healthy(port: int) -> bool:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=2) as answer:
            return answer.read().decode().strip() == "ok"
    except OSError:
        return False


def _refusal(db_path: Path, key: str | None = None) -> tuple[int, str, str]:
    """Start a server that should refuse; its exit code, stdout and stderr (it is killed if it doesn't exit)."""
    proc = _serve(db_path, free_port(), key)
    try:
        out, err = proc.communicate(timeout=REFUSAL_SECONDS)
    except subprocess.TimeoutExpired:
        stop(proc, timeout=15)
        out, err = proc.communicate()
        pytest.fail(f"The server did not refuse within {REFUSAL_SECONDS} s; stdout:\n{out}\nstderr:\n{err}")
    return proc.returncode, out, err


def _one_line(code: int, out: str, err: str) -> str:
    assert code != 0, (out, err)
    assert "Traceback" not in out + err, err
    assert "Harbour is ready" not in out + err, out
    lines = [line for line in err.splitlines() if line.strip()]
    assert len(lines) == 1, err
    assert out.strip() == "", out
    return lines[0]


@pytest.fixture
def first(db_path: Path) -> Iterator[tuple[subprocess.Popen[str], int]]:
    """A running Harbour on `db_path`, past its ready line."""
    port = free_port()
    proc = _serve(db_path, port)
    try:
        assert proc.stdout is not None
        deadline = time.monotonic() + STARTUP_SECONDS
        line = ""
        while time.monotonic() < deadline and proc.poll() is None:
            line = proc.stdout.readline()  # the ready line is the first thing it prints
            if line.startswith("Harbour is ready"):
                break
        assert line.startswith("Harbour is ready"), f"first server: {line!r}, exit code {proc.poll()}"
        yield proc, port
    finally:
        stop(proc, timeout=15)


def test_a_second_server_on_the_same_database_refuses_in_one_line_and_the_first_keeps_running(
    db_path: Path, first: tuple[subprocess.Popen[str], int]
) -> None:
    proc, port = first
    line = _one_line(*_refusal(db_path))
    assert line.startswith("Harbour is already running on "), line
    assert db_path.name in line and "HARBOUR_DB" in line, line
    assert proc.poll() is None, "the first server stopped"
    assert _healthy(port), "the first server no longer answers"


def test_a_server_refuses_a_database_another_process_has_open(db_path: Path) -> None:
    Database(db_path).close()
    with held_by_another_process(db_path):
        line = _one_line(*_refusal(db_path))
    assert line.startswith("Harbour is already running on "), line


def test_a_server_refuses_a_file_that_is_not_a_database_in_one_line(tmp_path: Path) -> None:
    not_a_database = tmp_path / "notes.txt"
    not_a_database.write_text("just some words\n")
    line = _one_line(*_refusal(not_a_database))
    assert line.startswith("Harbour did not start: "), line
    assert "not a valid DuckDB database" in line, line
    assert not_a_database.read_text() == "just some words\n"


def test_a_server_refuses_a_key_for_a_plain_database_in_one_line_without_showing_the_key(db_path: Path) -> None:
    Database(db_path).close()
    line = _one_line(*_refusal(db_path, KEY))
    assert "is not encrypted" in line, line
    assert KEY not in line


def test_a_server_refuses_a_database_path_under_a_file_in_one_line(tmp_path: Path) -> None:
    in_the_way = tmp_path / "afile"
    in_the_way.write_text("")
    line = _one_line(*_refusal(in_the_way / "harbour.duckdb"))
    assert line.startswith("Harbour did not start: ") and "is a file, not a folder" in line, line
    assert in_the_way.read_text() == ""
