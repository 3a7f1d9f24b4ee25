"""A full disk gives a clear message and loses nothing saved before.

Two ways to fill the disk:
- real: the database lives on a 2 MB tmpfs (needs root and `mount`; always required in CI) and entries are
  saved until one fails;
- simulated: the database's cursors fail their writes as DuckDB 1.5.5 does when the disk is full (the
  exceptions and messages below are the ones seen on the tmpfs), or as PostgreSQL does when its data files can't
  grow (SQLSTATE 53100, through psycopg).
Either way the person must be told, in words, that the disk is full, and every entry acknowledged before
must still be there after the database is opened again.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile
import uuid
import warnings
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import duckdb
import psycopg
import pytest

from journal import accounts
from journal.content.library import Library, library
from journal.reflect import entries
from journal.reflect.entries import EntryError, EntryInput
from journal.store import Database, StoreError
from journal.store.opening import Store

IN_CI = os.environ.get("CI") == "true"
TMPFS_SIZE = "2m"


def _mount_tmpfs(where: Path, size: str) -> str | None:
    """Mount a tmpfs of `size` at `where`; returns why not, or None once mounted."""
    if not hasattr(os, "geteuid") or os.geteuid() != 0:
        return "not running as root"
    if shutil.which("mount") is None:
        return "no mount command"
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={size},mode=0700", "tmpfs", str(where)], capture_output=True, text=True
    )
    return None if done.returncode == 0 else (done.stderr.strip() or f"mount exited {done.returncode}")


def _unmount(where: Path) -> None:
    if subprocess.run(["umount", str(where)], capture_output=True).returncode != 0:
        subprocess.run(["umount", "--lazy", str(where)], check=True, capture_output=True)  # still open: detach


def _probe() -> str | None:
    where = Path(tempfile.mkdtemp(prefix="harbour-tmpfs-probe-"))
    try:
        why_not = _mount_tmpfs(where, "1m")
        if why_not is None:
            _unmount(where)
        return why_not
    finally:
        where.rmdir()


WHY_NO_TMPFS = _probe()

# DuckDB's own words when the disk fills (seen with duckdb 1.5.5 on a full tmpfs).
COMMIT_FAILED = 'TransactionContext Error: Failed to commit: Could not write file "{}.wal": No space left on device'
WRITE_FAILED = 'IO Error: Could not write file "{}": No space left on device'


def assert_says_the_disk_is_full(exc: BaseException | None) -> None:
    assert exc is not None, "the save did not fail"
    assert isinstance(exc, EntryError | StoreError), (
        f"a raw {type(exc).__module__}.{type(exc).__name__} reached the person instead of Harbour's words: {exc}"
    )
    message = str(exc)
    says_disk = re.search(r"\b(disk|storage|space)\b", message, re.IGNORECASE)
    says_full = re.search(r"\bfull\b|\bno (free )?space\b|\bout of space\b", message, re.IGNORECASE)
    assert says_disk and says_full, f"the message doesn't say the disk is full: {message!r}"
    assert not re.search(r"TransactionContext|IO Error|Failed to commit", message), f"DuckDB's words: {message!r}"


@pytest.fixture
def reopen(backend: str, db_path: Path, request: pytest.FixtureRequest) -> Callable[[], Store]:
    """Opens the test's database again, as the next start of Harbour would."""

    def again() -> Store:
        if backend == "postgres":
            from journal.store.postgres import PostgresDatabase

            return PostgresDatabase(request.getfixturevalue("postgres_url"), max_size=2)
        return Database(db_path)

    return again


def _user(db: Store) -> str:
    return accounts.create_account(db, "alex", f"a long test passphrase {uuid.uuid4().hex}").id


def _words(n: int, seed: int) -> str:
    vocabulary = ("ward", "handover", "tired", "hopeful", "rota", "listened", "café", "東京", "change", "rest")
    return " ".join(vocabulary[(seed * 7 + i * i) % len(vocabulary)] for i in range(n)) + f" ({seed})"


def _missing(db: Store, user_id: str, saved: dict[str, str]) -> list[str]:
    """Acknowledged entries that are not there exactly as written."""
    wrong = []
    for entry_id, text in saved.items():
        got = entries.get(db, user_id, entry_id)
        if got is None or got.body != text:
            wrong.append(entry_id)
    return wrong


# -- on a real, full disk -------------------------------------------------------------------------
@dataclass
class Outcome:
    saved: dict[str, str] = field(default_factory=dict, repr=False)  # acknowledged: id -> text
    failed_id: str | None = None
    error: BaseException | None = None
    missing_before_reopen: list[str] = field(default_factory=list)
    missing_after_reopen: list[str] = field(default_factory=list)
    failed_entry_after_reopen: object = None
    entries_after_reopen: int = -1


@pytest.fixture(scope="module")
def filled_disk(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Outcome]:
    """Save ~20 KB entries to a database on a 2 MB tmpfs until a save fails; then reopen it (still full)."""
    mount_point = tmp_path_factory.mktemp("tmpfs")
    why_not = _mount_tmpfs(mount_point, TMPFS_SIZE)
    if why_not is not None:
        pytest.fail(f"A really full disk is tested here (and always in CI), but no tmpfs could be mounted: {why_not}")
    try:
        lib, path, outcome = library(), mount_point / "harbour.duckdb", Outcome()
        db = Database(path)
        user_id = _user(db)
        for n in range(2_000):
            entry_id, text = str(uuid.uuid4()), _words(2_500, n)
            try:
                entries.save_new(db, user_id, entry_id, EntryInput("free", {"text": text}, tags=[f"t{n}"]), lib)
            except Exception as exc:  # whatever Harbour lets through is what the person would see
                outcome.failed_id, outcome.error = entry_id, exc
                break
            outcome.saved[entry_id] = text
        outcome.missing_before_reopen = _missing(db, user_id, outcome.saved)
        db.close()
        reopened = Database(path)  # the disk is still full
        try:
            outcome.missing_after_reopen = _missing(reopened, user_id, outcome.saved)
            if outcome.failed_id:
                outcome.failed_entry_after_reopen = entries.get(reopened, user_id, outcome.failed_id)
            outcome.entries_after_reopen = entries.count(reopened, user_id)
        finally:
            reopened.close()
        failure = f"{type(outcome.error).__name__}: {outcome.error}"
        print(f"\nreal full disk: {len(outcome.saved)} entries saved, then {failure}")
        yield outcome
    finally:
        _unmount(mount_point)


if WHY_NO_TMPFS is None or IN_CI:

    def test_a_full_disk_loses_no_entry_saved_before(filled_disk: Outcome) -> None:
        assert filled_disk.failed_id is not None, "the 2 MB disk never filled up"
        assert len(filled_disk.saved) >= 5  # the disk filled after some real saves, not at the first write
        assert filled_disk.missing_before_reopen == []  # still readable in the running process
        assert filled_disk.missing_after_reopen == []  # and after opening the file again
        assert filled_disk.failed_entry_after_reopen is None  # the failed save left nothing behind
        assert filled_disk.entries_after_reopen == len(filled_disk.saved)

    def test_a_full_disk_is_reported_in_words_a_person_can_act_on(filled_disk: Outcome) -> None:
        assert_says_the_disk_is_full(filled_disk.error)


# -- simulated: the database fails as it does on a full disk ---------------------------------------
# DuckDB: its cursors fail a write statement, or the commit, with its own exceptions. PostgreSQL: the statement that
# needs a new page of a table's file fails with SQLSTATE 53100 (disk_full); a full disk for its write-ahead log
# stops the server instead (a PANIC: the connection is lost, not a disk-full error), so there is no commit shape.
PG_WRITE_FAILED = 'could not extend file "base/16384/16385": No space left on device'
NO_COMMIT_SHAPE = "PostgreSQL reports a full disk at the statement; a full WAL disk stops the server, not the commit"


class _Disk:
    """A disk with no room left; `shape` is how the database reports that (at a write statement, or at commit)."""

    def __init__(self, path: Path, shape: str):
        self.path, self.shape = path, shape

    def write(self) -> None:
        if self.shape == "write":
            raise duckdb.IOException(WRITE_FAILED.format(self.path))

    def commit(self) -> None:
        if self.shape == "commit":
            raise duckdb.TransactionException(COMMIT_FAILED.format(self.path))


class _PostgresDisk(_Disk):
    def __init__(self) -> None:
        super().__init__(Path("base"), "write")

    def write(self) -> None:
        raise psycopg.errors.DiskFull(PG_WRITE_FAILED)

    def commit(self) -> None:
        pass


WRITES = ("INSERT", "UPDATE", "DELETE", "COPY")


def _writes(sql: object) -> bool:
    return isinstance(sql, str) and sql.lstrip().upper().startswith(WRITES)


class _Cursor:
    """A DuckDB cursor, or a psycopg connection or cursor, on the full disk."""

    def __init__(self, cur: Any, disk: _Disk):
        self._cur, self._disk = cur, disk

    def __getattr__(self, name: str):
        return getattr(self._cur, name)

    def execute(self, sql: str, *args: Any, **kwargs: Any):
        if _writes(sql):
            self._disk.write()
        done = self._cur.execute(sql, *args, **kwargs)
        return self if done is self._cur else done  # psycopg's connection gives a new cursor: already run

    def executemany(self, sql: str, *args: Any, **kwargs: Any):
        self._disk.write()
        self._cur.executemany(sql, *args, **kwargs)
        return self

    def copy(self, sql: str, *args: Any, **kwargs: Any):
        self._disk.write()
        return self._cur.copy(sql, *args, **kwargs)

    def cursor(self, *args: Any, **kwargs: Any) -> _Cursor:
        return _Cursor(self._cur.cursor(*args, **kwargs), self._disk)

    def commit(self):
        self._disk.commit()
        return self._cur.commit()


def _fill_on_write(db: Store, monkeypatch: pytest.MonkeyPatch, disk: _Disk) -> None:
    """From now on every write to `db` fails as `disk` says; monkeypatch.undo() frees the space."""
    if isinstance(db, Database):
        real = db.cursor

        @contextmanager
        def cursor() -> Iterator[_Cursor]:
            with real() as cur:
                yield _Cursor(cur, disk)

        monkeypatch.setattr(db, "cursor", cursor)
        return
    lend = db._lend  # every connection PostgresDatabase uses is lent by this, from its pool

    @contextmanager
    def connection() -> Iterator[_Cursor]:
        with lend() as conn:
            yield _Cursor(conn, disk)

    monkeypatch.setattr(db, "_lend", connection)


def _full_disk(db: Store, shape: str) -> _Disk:
    if isinstance(db, Database):
        return _Disk(db.path, shape)
    if shape == "commit":
        pytest.skip(NO_COMMIT_SHAPE)
    return _PostgresDisk()


@pytest.mark.parametrize("shape", ["commit", "write"], ids=["commit fails", "write fails"])
def test_a_simulated_full_disk_gives_a_clear_message_and_loses_nothing(
    db: Store, reopen: Callable[[], Store], lib: Library, monkeypatch: pytest.MonkeyPatch, shape: str
) -> None:
    if WHY_NO_TMPFS is not None:
        warnings.warn(
            f"No tmpfs here ({WHY_NO_TMPFS}): a full disk is only simulated. CI (CI=true) tests a real one.",
            stacklevel=1,
        )
    disk = _full_disk(db, shape)
    user_id = _user(db)
    saved = {}
    for n in range(6):
        entry_id, text = str(uuid.uuid4()), _words(40, n)
        entries.save_new(db, user_id, entry_id, EntryInput("free", {"text": text}, tags=["before"]), lib)
        saved[entry_id] = text
    # What was being typed when the disk filled is kept as a draft, as the Write page does.
    typed = EntryInput("free", {"text": "written as the disk filled up"}, tags=["lost?"])
    failing_id = str(uuid.uuid4())
    entries.save_draft(db, user_id, failing_id, typed)

    _fill_on_write(db, monkeypatch, disk)
    error: BaseException | None = None
    try:
        entries.save_new(db, user_id, failing_id, typed, lib)
    except Exception as exc:
        error = exc
    monkeypatch.undo()  # space is freed

    assert _missing(db, user_id, saved) == []
    assert entries.get(db, user_id, failing_id) is None  # refused, so not half-saved
    db.close()
    reopened = reopen()
    try:
        assert _missing(reopened, user_id, saved) == []
        assert entries.get(reopened, user_id, failing_id) is None
        assert entries.count(reopened, user_id) == len(saved)
        # "Your words are still here": the draft of the failed save was kept.
        assert [(d.entry_id, d.input) for d in entries.drafts(reopened, user_id)] == [(failing_id, typed)]
    finally:
        reopened.close()
    assert_says_the_disk_is_full(error)


@pytest.mark.parametrize("shape", ["commit", "write"], ids=["commit fails", "write fails"])
def test_keeping_a_draft_on_a_simulated_full_disk_gives_a_clear_message_and_keeps_the_last_one(
    db: Store, lib: Library, monkeypatch: pytest.MonkeyPatch, shape: str
) -> None:
    disk = _full_disk(db, shape)
    user_id = _user(db)
    entry_id = str(uuid.uuid4())
    first = EntryInput("free", {"text": "the first paragraph"})
    entries.save_draft(db, user_id, entry_id, first)
    _fill_on_write(db, monkeypatch, disk)
    error: BaseException | None = None
    try:
        entries.save_draft(db, user_id, entry_id, EntryInput("free", {"text": "the first paragraph, and more"}))
    except Exception as exc:
        error = exc
    monkeypatch.undo()
    assert [(d.entry_id, d.input) for d in entries.drafts(db, user_id)] == [(entry_id, first)]
    assert_says_the_disk_is_full(error)
