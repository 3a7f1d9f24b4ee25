"""Daily backups taken inside the app process, pruning, restore, and the background thread that runs them."""

from __future__ import annotations

import hashlib
import logging
import os
import threading
import time
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path

import pytest
import streamlit as st

from journal import accounts
from journal.content.library import Library
from journal.reflect import entries
from journal.reflect.entries import EntryInput
from journal.store import Database, StoreError
from journal.store import backup as backups
from journal.store.backup import copy_to, daily_backup, start_daily_backups
from journal.store.db import KeyRequired
from tests.conftest import one_error_line as _one_error_line
from tests.conftest import run_cli as _run
from tests.factories import PASSWORD, TODAY
from tests.processes import held_by_another_process
from tests.snapshots import every_row_in_file

ROOT = Path(__file__).resolve().parents[2]
KEY = "backup-test-key-0123456789abcdef"
MORNING = datetime(2025, 3, 4, 9, 30)


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _fill(db: Database, lib: Library, words: str = "a steady shift") -> None:
    for name in ("alex", "sam"):
        person = accounts.create_account(db, name, PASSWORD)
        for n in range(2):
            inp = EntryInput("free", {"text": f"{words} {n}"}, mood=4, tags=["ward", f"t{n}"])
            entries.save_new(db, person.id, f"{name}-{n}", inp, lib)
        entries.save_draft(db, person.id, f"{name}-draft", EntryInput("gibbs", {"feelings": words}))
        entries.record_prompt_shown(db, person.id, lib.prompts[0].id)


def _names(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir()) if folder.exists() else []


@pytest.fixture(params=[None, KEY], ids=["plain", "encrypted"])
def key(request: pytest.FixtureRequest) -> str | None:
    return request.param


@pytest.fixture
def live(tmp_path: Path, lib: Library, key: str | None) -> Iterator[Database]:
    """The app's open database, plain or encrypted, with a little of everything in it."""
    db = Database(tmp_path / "harbour.duckdb", key, backup_dir=tmp_path / "backups")
    _fill(db, lib)
    yield db
    db.close()


# -- daily backups ------------------------------------------------------------------------
def test_the_first_backup_of_a_day_copies_every_row_of_every_table(
    live: Database, tmp_path: Path, key: str | None
) -> None:
    folder = tmp_path / "backups"
    made = daily_backup(live, folder, MORNING)
    assert made == folder / "harbour-2025-03-04.duckdb"
    assert _names(folder) == ["harbour-2025-03-04.duckdb"]  # no partial copy left behind
    tables = [r[0] for r in live.all("SELECT table_name FROM duckdb_tables() ORDER BY 1")]
    source = {t: sorted(live.all(f'SELECT * FROM "{t}"'), key=repr) for t in tables}
    assert every_row_in_file(made, key) == source
    assert all(source[t] for t in ("users", "entries", "entry_tags", "drafts", "prompts_shown"))


def test_a_second_backup_the_same_day_changes_nothing(live: Database, tmp_path: Path) -> None:
    folder = tmp_path / "backups"
    first = daily_backup(live, folder, MORNING)
    assert first is not None
    digest = _digest(first)
    assert daily_backup(live, folder, MORNING.replace(hour=23, minute=59)) is None
    assert _names(folder) == [first.name] and _digest(first) == digest


def test_each_new_day_gets_its_own_backup_and_those_over_35_days_old_are_removed(
    live: Database, tmp_path: Path
) -> None:
    folder = tmp_path / "backups"
    today = MORNING
    made = daily_backup(live, folder, today - timedelta(days=1))
    assert made is not None
    for days_ago in (40, 36, 35, 34):  # older days' backups, as earlier runs left them
        (folder / f"harbour-{today.date() - timedelta(days=days_ago)}.duckdb").write_bytes(made.read_bytes())
    (folder / "notes.txt").write_text("mine", encoding="utf-8")  # not a daily backup: never touched
    (folder / "harbour-20250101-120000.duckdb").write_bytes(b"from `backup --out`")
    (folder / "other-2020-01-01.duckdb").write_bytes(b"another database's backup")

    daily_backup(live, folder, today)

    kept = [f"harbour-{today.date() - timedelta(days=d)}.duckdb" for d in (35, 34, 1, 0)]
    others = ["harbour-20250101-120000.duckdb", "notes.txt", "other-2020-01-01.duckdb"]
    assert _names(folder) == sorted(kept + others)


def test_nothing_is_pruned_when_todays_backup_fails(live: Database, tmp_path: Path) -> None:
    folder = tmp_path / "backups"
    old = daily_backup(live, folder, MORNING - timedelta(days=50))
    assert old is not None
    (folder / f".harbour-{MORNING.date()}.duckdb.partial").mkdir()  # in the way: today's copy can't be written
    with pytest.raises((StoreError, OSError)):
        daily_backup(live, folder, MORNING)
    assert old.exists()


def test_a_backup_taken_while_people_are_saving_is_still_consistent(
    live: Database, tmp_path: Path, lib: Library
) -> None:
    person = accounts.sign_in(live, "alex", PASSWORD)
    stop = threading.Event()
    saved: list[str] = []

    def keep_saving() -> None:
        n = 0
        while not stop.is_set():
            entry_id = f"busy-{n}"
            entries.save_new(live, person.id, entry_id, EntryInput("free", {"text": f"busy {n}"}, tags=["b"]), lib)
            saved.append(entry_id)
            n += 1

    writer = threading.Thread(target=keep_saving)
    writer.start()
    try:
        made = [copy_to(live, tmp_path / "backups" / f"busy-{i}.duckdb") for i in range(3)]
    finally:
        stop.set()
        writer.join()
    assert saved
    for path in made:
        copy = Database(path, live._key)
        try:
            untagged = copy.one(
                "SELECT count(*) FROM entries e WHERE e.id LIKE 'busy-%' "
                "AND NOT EXISTS (SELECT 1 FROM entry_tags t WHERE t.entry_id = e.id)"
            )[0]
            orphans = copy.one(
                "SELECT count(*) FROM entry_tags t WHERE NOT EXISTS (SELECT 1 FROM entries e WHERE e.id = t.entry_id)"
            )[0]
        finally:
            copy.close()
        assert (untagged, orphans) == (0, 0)  # every entry came with its tags, and no tag without its entry


def test_the_backup_of_an_encrypted_database_is_encrypted_and_opens_with_the_key(tmp_path: Path, lib: Library) -> None:
    canary = "backup-canary-" + os.urandom(8).hex()
    db = Database(tmp_path / "harbour.duckdb", KEY, backup_dir=tmp_path / "backups")
    try:
        _fill(db, lib, words=canary)
        made = daily_backup(db, tmp_path / "backups", MORNING)
    finally:
        db.close()
    assert made is not None
    assert canary.encode() not in made.read_bytes()
    before = _digest(made)
    with pytest.raises(KeyRequired):
        Database(made)
    assert _digest(made) == before
    opened = Database(made, KEY)
    try:
        person = accounts.sign_in(opened, "alex", PASSWORD)
        assert entries.get(opened, person.id, "alex-0").body == f"{canary} 0"
    finally:
        opened.close()


def test_an_encrypted_database_writes_copies_only_into_its_backup_folder(tmp_path: Path) -> None:
    db = Database(tmp_path / "harbour.duckdb", KEY, backup_dir=tmp_path / "backups")
    try:
        with pytest.raises(StoreError, match="only into its backup folder"):
            daily_backup(db, tmp_path / "elsewhere", MORNING)
        assert _names(tmp_path / "elsewhere") == []
        assert daily_backup(db, tmp_path / "backups", MORNING) is not None
    finally:
        db.close()


# -- the background thread ---------------------------------------------------------------
class _Clock:
    """Each call is the next day, so every check of the thread is due a backup."""

    def __init__(self) -> None:
        self.day = datetime(2025, 3, 1, 8, 0)

    def __call__(self) -> datetime:
        self.day += timedelta(days=1)
        return self.day


def _wait_for(condition, timeout: float = 20.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.02)


def test_the_backup_thread_backs_up_at_start_then_checks_again_and_stops_when_the_database_closes(
    live: Database, tmp_path: Path
) -> None:
    folder = tmp_path / "backups"
    thread = start_daily_backups(live, folder, every=0.05, clock=_Clock())
    assert thread.daemon
    _wait_for(lambda: len([n for n in _names(folder) if not n.startswith(".")]) >= 3)
    live.close()
    thread.join(timeout=10)
    assert not thread.is_alive()
    assert _names(folder)[:3] == ["harbour-2025-03-02.duckdb", "harbour-2025-03-03.duckdb", "harbour-2025-03-04.duckdb"]


def test_a_failing_backup_is_logged_and_the_thread_carries_on(
    live: Database, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    folder = tmp_path / "backups"
    folder.parent.mkdir(exist_ok=True)
    folder.write_text("a file where the folder should be", encoding="utf-8")
    with caplog.at_level(logging.ERROR, logger="journal.store.backup"):
        thread = start_daily_backups(live, folder, every=0.05, clock=_Clock())
        _wait_for(lambda: any("Daily backup" in r.getMessage() for r in caplog.records))
        assert thread.is_alive()
        folder.unlink()  # the operator fixes it; the next check succeeds
        _wait_for(lambda: len(_names(folder)) >= 1)
    assert live._key is None or all(live._key not in r.getMessage() for r in caplog.records)


def test_the_thread_does_not_keep_a_dropped_database_open(tmp_path: Path) -> None:
    path = tmp_path / "harbour.duckdb"
    db = Database(path)
    thread = start_daily_backups(db, tmp_path / "backups", every=0.05, clock=_Clock())
    _wait_for(lambda: len(_names(tmp_path / "backups")) >= 1)
    del db  # as when the app's cache is cleared
    thread.join(timeout=10)
    assert not thread.is_alive()
    Database(path).close()  # the file is free again


@pytest.mark.usefixtures("fixed_clock")  # the daily backup is named for the held clock's day
def test_the_app_opens_its_database_once_with_the_key_and_starts_one_backup_thread(
    tmp_path: Path, lib: Library, monkeypatch: pytest.MonkeyPatch
) -> None:
    from journal.ui import resources

    path, folder = tmp_path / "harbour.duckdb", tmp_path / "nightly"
    monkeypatch.setenv("HARBOUR_DB", str(path))
    monkeypatch.setenv("HARBOUR_DB_KEY", KEY)
    monkeypatch.setenv("HARBOUR_BACKUP_DIR", str(folder))
    st.cache_resource.clear()
    earlier = {t.ident for t in threading.enumerate()}
    todays = folder / f"harbour-{TODAY:%Y-%m-%d}.duckdb"
    try:
        db = resources.database()
        assert resources.database() is db and db.encrypted
        _wait_for(todays.exists)
        started = [t.name for t in threading.enumerate() if t.ident not in earlier]
        assert started == ["harbour-daily-backup"]
        assert _names(folder) == [todays.name]
        with pytest.raises(KeyRequired):
            Database(todays)
    finally:
        st.cache_resource.clear()
        db.close()


def test_the_app_on_postgresql_starts_no_backup_thread(
    tmp_path: Path, postgres_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """PostgreSQL is backed up by its own tools (pg_dump, base backups), so the app's daily copies stay DuckDB's."""
    from journal.store.postgres import PostgresDatabase
    from journal.ui import resources

    path, folder = tmp_path / "harbour.duckdb", tmp_path / "nightly"
    monkeypatch.setenv("HARBOUR_DB", str(path))
    monkeypatch.setenv("HARBOUR_DATABASE_URL", postgres_url)
    monkeypatch.setenv("HARBOUR_BACKUP_DIR", str(folder))
    monkeypatch.delenv("HARBOUR_DB_KEY", raising=False)
    st.cache_resource.clear()
    earlier = {t.ident for t in threading.enumerate()}
    db = resources.database()
    try:
        assert isinstance(db, PostgresDatabase) and resources.database() is db
        started = [t.name for t in threading.enumerate() if t.ident not in earlier]
        assert started and "harbour-daily-backup" not in started  # the pool's own threads, and nothing else
        assert all(name.startswith("harbour-") and "backup" not in name for name in started), started
        assert not folder.exists() and not path.exists()
    finally:
        st.cache_resource.clear()
        db.close()


# -- restore ------------------------------------------------------------------------------
@pytest.fixture
def backed_up(tmp_path: Path, lib: Library, key: str | None) -> tuple[Path, Path]:
    """A closed database, and a backup of it taken before more was written (and something trashed)."""
    path = tmp_path / "harbour.duckdb"
    db = Database(path, key, backup_dir=tmp_path / "backups")
    try:
        _fill(db, lib)
        made = daily_backup(db, tmp_path / "backups", MORNING)
        person = accounts.sign_in(db, "alex", PASSWORD)
        entries.save_new(db, person.id, "after", EntryInput("free", {"text": "written after the backup"}), lib)
        entries.delete_forever(db, person.id, "alex-0")
    finally:
        db.close()
    assert made is not None
    return path, made


def test_restore_brings_back_every_row_of_every_table_and_keeps_the_current_file(
    backed_up: tuple[Path, Path], key: str | None, monkeypatch: pytest.MonkeyPatch, capsys
) -> None:
    path, made = backed_up
    if key:
        monkeypatch.setenv("HARBOUR_DB_KEY", key)
    else:
        monkeypatch.delenv("HARBOUR_DB_KEY", raising=False)
    wanted, current = every_row_in_file(made, key), every_row_in_file(path, key)
    assert wanted != current

    assert _run(["restore", str(made), "--db", str(path)], monkeypatch) == 0

    assert every_row_in_file(path, key) == wanted
    [aside] = [p for p in path.parent.iterdir() if ".before-restore-" in p.name]
    assert str(aside) in capsys.readouterr().out
    assert every_row_in_file(aside, key) == current  # what was replaced is kept, not deleted
    assert not [p for p in path.parent.iterdir() if p.name.endswith(".restoring")]
    opened = Database(path, key)
    try:
        alex = accounts.sign_in(opened, "alex", PASSWORD)
        assert entries.get(opened, alex.id, "alex-0") is not None and entries.get(opened, alex.id, "after") is None
    finally:
        opened.close()


def test_restore_refuses_while_the_app_has_the_database_open(
    backed_up: tuple[Path, Path], key: str | None, monkeypatch: pytest.MonkeyPatch, capsys
) -> None:
    path, made = backed_up
    if key:
        monkeypatch.setenv("HARBOUR_DB_KEY", key)
    before, files = _digest(path), _names(path.parent)
    with held_by_another_process(path, key):
        assert _run(["restore", str(made), "--db", str(path)], monkeypatch) == 1
    assert "already open in another Harbour process" in _one_error_line(capsys.readouterr().err)
    assert (_digest(path), _names(path.parent)) == (before, files)


def test_restore_without_the_key_of_an_encrypted_backup_is_refused(
    tmp_path: Path, lib: Library, monkeypatch: pytest.MonkeyPatch, capsys
) -> None:
    path = tmp_path / "harbour.duckdb"
    db = Database(path, KEY, backup_dir=tmp_path / "backups")
    _fill(db, lib)
    made = daily_backup(db, tmp_path / "backups", MORNING)
    db.close()
    monkeypatch.delenv("HARBOUR_DB_KEY", raising=False)
    before, files = _digest(path), _names(tmp_path)
    assert _run(["restore", str(made), "--db", str(path)], monkeypatch) == 1
    assert "is encrypted: set HARBOUR_DB_KEY" in _one_error_line(capsys.readouterr().err)
    assert (_digest(path), _names(tmp_path)) == (before, files)


def test_restore_works_when_the_database_is_gone(backed_up: tuple[Path, Path], key: str | None) -> None:
    path, made = backed_up
    path.unlink()
    assert backups.restore(made, path, key, MORNING) is None
    assert every_row_in_file(path, key) == every_row_in_file(made, key)


def test_restoring_a_backup_from_before_encryption_writes_an_encrypted_database(tmp_path: Path, lib: Library) -> None:
    path = tmp_path / "harbour.duckdb"
    db = Database(path, backup_dir=tmp_path / "backups")
    _fill(db, lib)
    made = daily_backup(db, tmp_path / "backups", MORNING)
    db.close()
    backups.restore(made, path, KEY, MORNING)
    assert every_row_in_file(path, KEY) == every_row_in_file(made)
    with pytest.raises(KeyRequired):
        Database(path)


def test_restoring_a_missing_backup_says_so_and_changes_nothing(
    backed_up: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch, capsys
) -> None:
    path, _ = backed_up
    before, files = _digest(path), _names(path.parent)
    assert _run(["restore", str(path.parent / "nope.duckdb"), "--db", str(path)], monkeypatch) == 1
    assert "There is no backup at" in _one_error_line(capsys.readouterr().err)
    assert (_digest(path), _names(path.parent)) == (before, files)
