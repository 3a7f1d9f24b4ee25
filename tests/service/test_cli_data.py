"""`python -m journal import` and `export` against real database files, with the person's own password."""

from __future__ import annotations

import csv
import io
import json
import sys
import zipfile
from pathlib import Path

import pytest

from journal import accounts, cli
from journal.content.library import Library
from journal.reflect import entries
from journal.reflect.entries import EntryInput, SearchFilter
from journal.store import Database
from tests.factories import PASSWORD
from tests.snapshots import every_row_in_file

DAYLIO = (
    b"full_date,date,weekday,time,mood,activities,note_title,note\n"
    b"2024-03-02,March 2,Saturday,9:05 pm,rad,work,,Handover went well.\n"
    b"2024-03-01,March 1,Friday,07:30,knackered,,,Long day.\n"
)


@pytest.fixture
def journal_file(db_path: Path, lib: Library) -> Path:
    db = Database(db_path)
    try:
        alex = accounts.create_account(db, "alex", PASSWORD)
        accounts.create_account(db, "sam", PASSWORD)
        entries.save_new(db, alex.id, "a1", EntryInput("free", {"text": "alex's words"}, mood=4, tags=["=cmd"]), lib)
    finally:
        db.close()
    return db_path


def _run(argv: list[str], monkeypatch: pytest.MonkeyPatch, stdin: str = PASSWORD + "\n") -> int:
    monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
    return cli.main(argv)


def _error(capsys: pytest.CaptureFixture[str]) -> str:
    [line] = capsys.readouterr().err.splitlines()
    assert line.startswith("harbour: ")
    return line


def test_import_previews_and_writes_nothing_without_yes(
    journal_file: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "daylio.csv"
    source.write_bytes(DAYLIO)
    before = every_row_in_file(journal_file)
    args = ["import", "daylio", str(source), "--user", "sam", "--password-stdin", "--db", str(journal_file)]
    assert _run(args, monkeypatch) == 1
    assert '"knackered"' in _error(capsys)  # a renamed mood needs a level first
    assert _run([*args, "--mood", "knackered=2"], monkeypatch) == 0
    out = capsys.readouterr().out
    assert out.startswith("Daylio (CSV export): 2 new entries, 01 Mar 2024 to 02 Mar 2024")
    assert "Nothing was written: run again with --yes to import." in out
    assert every_row_in_file(journal_file)["entries"] == before["entries"]


def test_import_with_yes_writes_into_that_persons_journal_only_once(
    journal_file: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "daylio.csv"
    source.write_bytes(DAYLIO)
    args = ["import", "daylio", str(source), "--user", "sam", "--password-stdin", "--mood", "knackered=none"]
    args += ["--yes", "--db", str(journal_file)]
    assert _run(args, monkeypatch) == 0
    assert "Imported 2 entries." in capsys.readouterr().out
    assert _run(args, monkeypatch) == 0
    assert "2 already in this journal" in capsys.readouterr().out
    db = Database(journal_file)
    try:
        sam = accounts.sign_in(db, "sam", PASSWORD)
        assert entries.count(db, sam.id) == 2
        moods = sorted(
            str(e.mood) for e in (entries.get(db, sam.id, s.id) for s in entries.search(db, sam.id, SearchFilter())[0])
        )
        assert moods == ["5", "None"]
    finally:
        db.close()


def test_a_wrong_password_imports_and_exports_nothing(
    journal_file: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "daylio.csv"
    source.write_bytes(DAYLIO)
    before = every_row_in_file(journal_file)["entries"]
    imp = ["import", "daylio", str(source), "--user", "sam", "--password-stdin", "--yes", "--db", str(journal_file)]
    assert _run(imp, monkeypatch, "not the password at all\n") == 1
    assert accounts.SIGN_IN_FAILED in _error(capsys)
    exp = ["export", "json", "--user", "alex", "--password-stdin", "--db", str(journal_file)]
    assert _run(exp, monkeypatch, "not the password at all\n") == 1
    assert "alex's words" not in capsys.readouterr().out
    assert _run(exp[:-3] + ["--db", str(journal_file)], monkeypatch) == 1
    assert "--password-stdin" in _error(capsys)
    assert every_row_in_file(journal_file)["entries"] == before


def test_export_each_format(
    journal_file: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    base = ["--user", "alex", "--password-stdin", "--db", str(journal_file)]
    assert _run(["export", "json", *base], monkeypatch) == 0
    doc = json.loads(capsys.readouterr().out)
    assert [e["body"] for e in doc["entries"]] == ["alex's words"]

    assert _run(["export", "csv", *base], monkeypatch) == 0
    [row] = list(csv.DictReader(io.StringIO(capsys.readouterr().out.lstrip("\ufeff"))))
    assert (row["mood"], row["tags"]) == ("4", "'=cmd")

    assert _run(["export", "markdown-zip", *base], monkeypatch) == 1
    assert "--out" in _error(capsys)
    out = tmp_path / "journal.zip"
    assert _run(["export", "markdown-zip", *base, "--out", str(out)], monkeypatch) == 0
    with zipfile.ZipFile(out) as z:
        assert any("alex's words" in z.read(n).decode() for n in z.namelist())

    assert (
        _run(["export", "markdown", "--user", "sam", "--password-stdin", "--db", str(journal_file)], monkeypatch) == 0
    )
    assert "alex's words" not in capsys.readouterr().out  # sam's export holds only sam's journal


def test_a_file_that_is_not_what_it_claims_exits_1_with_the_reason(
    journal_file: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "export.json"
    source.write_text('{"entries": [}')
    args = ["import", "dayone", str(source), "--user", "sam", "--password-stdin", "--yes", "--db", str(journal_file)]
    assert _run(args, monkeypatch) == 1
    assert _error(capsys).endswith("Nothing was imported.")
