"""Paths given to `python -m journal` that can't be used: one clear line, a non-zero exit, nothing half-written.

Tests run as root, so "can't write here" is a regular file where a folder should be, a folder given as the file,
or a folder that isn't there (and a write that fails part-way, simulated).
"""

from __future__ import annotations

import errno
import io
import json
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from journal import accounts, cli
from journal.store import Database
from tests.factories import PASSWORD

ROOT = Path(__file__).resolve().parents[2]
EXISTING = b"an earlier export, kept whole\n"


@pytest.fixture
def journal_file(db_path: Path) -> Path:
    db = Database(db_path)
    try:
        accounts.create_account(db, "alex", PASSWORD)
    finally:
        db.close()
    return db_path


@pytest.fixture
def place(tmp_path: Path) -> Path:
    """A folder holding a regular file, an empty folder and an earlier export: where the commands are pointed."""
    folder = tmp_path / "place"
    folder.mkdir()
    (folder / "afile").write_text("not a folder\n")
    (folder / "adir").mkdir()
    (folder / "earlier.json").write_bytes(EXISTING)
    return folder


def _tree(folder: Path) -> dict[str, bytes | None]:
    """Every file (with its bytes) and folder (None) under `folder`: so "nothing was written" can be checked."""
    return {str(p.relative_to(folder)): (None if p.is_dir() else p.read_bytes()) for p in sorted(folder.rglob("*"))}


def _run(argv: list[str], monkeypatch: pytest.MonkeyPatch, stdin: str = PASSWORD + "\n") -> int:
    monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
    return cli.main(argv)


def _one_line(capsys: pytest.CaptureFixture[str]) -> str:
    captured = capsys.readouterr()
    assert captured.out == "", captured.out  # not a line of the journal on the terminal either
    lines = captured.err.splitlines()
    assert len(lines) == 1, captured.err
    assert lines[0].startswith("harbour: ") and "Traceback" not in lines[0]
    return lines[0]


def _export(journal_file: Path, out: str) -> list[str]:
    return ["export", "json", "--user", "alex", "--password-stdin", "--db", str(journal_file), "--out", out]


@pytest.mark.parametrize(
    ("out", "says"),
    [
        ("afile/out.json", "afile is a file, not a folder"),
        ("afile/deeper/out.json", "is a file, not a folder"),
        ("adir", "it is a folder; give --out a file name inside it"),
        ("missing/out.json", "there is no folder"),
    ],
    ids=["under-a-file", "deeper-under-a-file", "a-folder", "missing-folder"],
)
def test_export_to_a_path_it_cant_write_says_so_in_one_line_and_writes_nothing(
    journal_file: Path,
    place: Path,
    out: str,
    says: str,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    before = _tree(place)
    assert _run(_export(journal_file, str(place / out)), monkeypatch) == 1
    line = _one_line(capsys)
    assert says in line and "can't write" in line, line
    assert _tree(place) == before


def test_export_with_an_empty_out_refuses_rather_than_printing_the_journal(
    journal_file: Path, place: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    assert _run(_export(journal_file, ""), monkeypatch) == 1
    assert "--out needs a file name" in _one_line(capsys)


def test_a_write_that_fails_part_way_leaves_no_partial_file_and_the_earlier_export_whole(
    journal_file: Path, place: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def disk_full(fd: int) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    before = _tree(place)
    monkeypatch.setattr(os, "fsync", disk_full)  # after the bytes are handed over, before they are safe
    for out in ("new.json", "earlier.json"):
        assert _run(_export(journal_file, str(place / out)), monkeypatch) == 1
        line = _one_line(capsys)
        assert "No space left on device" in line and "nothing was written" in line, line
        assert _tree(place) == before  # no new.json, no hidden partial file, earlier.json as it was


def test_a_good_export_replaces_the_file_whole_and_only_its_owner_can_read_it(
    journal_file: Path, place: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    target = place / "earlier.json"
    assert _run(_export(journal_file, str(target)), monkeypatch) == 0
    assert capsys.readouterr().out.startswith(f"Written to {target}.")
    assert json.loads(target.read_text())  # the whole export, not the earlier bytes and not a fragment
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert sorted(p.name for p in place.iterdir()) == ["adir", "afile", "earlier.json"]  # nothing left beside it


@pytest.mark.parametrize(
    "argv",
    [
        ["export", "json", "--user", "alex", "--password-stdin"],
        ["import", "harbour", "IMPORT", "--user", "alex", "--password-stdin"],
        ["users", "unlock", "alex"],
        ["users", "add", "sam", "--password-stdin"],
        ["demo"],
        ["set-aside-wal"],
    ],
    ids=lambda argv: "-".join(argv[:2]),
)
def test_a_database_path_under_a_file_is_one_line_for_every_command(
    argv: list[str], place: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    source = place / "earlier.json"
    argv = [str(source) if a == "IMPORT" else a for a in argv]
    before = _tree(place)
    assert _run([*argv, "--db", str(place / "afile" / "harbour.duckdb")], monkeypatch) == 1
    line = _one_line(capsys)
    assert "afile" in line and ("is a file, not a folder" in line or "there is no database" in line), line
    assert _tree(place) == before


@pytest.mark.parametrize(
    "argv",
    [
        ["export", "json", "--user", "alex", "--password-stdin"],
        ["import", "harbour", "IMPORT", "--user", "alex", "--password-stdin", "--yes"],
        ["users", "unlock", "alex"],
    ],
    ids=lambda argv: "-".join(argv[:2]),
)
def test_a_mistyped_database_path_is_refused_and_no_empty_database_is_made(
    argv: list[str], place: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    argv = [str(place / "earlier.json") if a == "IMPORT" else a for a in argv]
    before = _tree(place)
    assert _run([*argv, "--db", str(place / "harbuor.duckdb")], monkeypatch) == 1
    assert "there is no database at" in _one_line(capsys)
    assert _tree(place) == before


@pytest.mark.parametrize("source", ["afile/x.json", "adir", "missing.json"])
def test_import_from_a_path_it_cant_read_says_so_in_one_line(
    journal_file: Path, place: Path, source: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    argv = ["import", "harbour", str(place / source), "--user", "alex", "--password-stdin", "--yes"]
    assert _run([*argv, "--db", str(journal_file)], monkeypatch) == 1
    assert "can't read" in _one_line(capsys)


@pytest.mark.parametrize(
    "argv",
    [
        ["export", "json", "--user", "alex", "--password-stdin", "--out", "PLACE/afile/out.json"],
        ["users", "unlock", "alex", "--db", "PLACE/afile/harbour.duckdb"],
        ["users", "add", "sam", "--password-stdin", "--db", "PLACE/afile/harbour.duckdb"],
    ],
    ids=["export-out", "unlock-db", "add-db"],
)
def test_the_real_command_prints_one_line_and_no_traceback(journal_file: Path, place: Path, argv: list[str]) -> None:
    env = {k: v for k, v in os.environ.items() if k != "HARBOUR_DB_KEY"}
    env |= {"HARBOUR_DB": str(journal_file), "PYTHONPATH": str(ROOT)}
    before = _tree(place)
    done = subprocess.run(
        [sys.executable, "-m", "journal", *(a.replace("PLACE", str(place)) for a in argv)],
        cwd=ROOT,
        env=env,
        input=PASSWORD + "\n",
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 1, done
    assert "Traceback" not in done.stderr and done.stdout == "", done
    [line] = done.stderr.splitlines()
    assert line.startswith("harbour: ") and "afile" in line, line
    assert "is a file, not a folder" in line or "there is no database" in line, line
    assert _tree(place) == before
