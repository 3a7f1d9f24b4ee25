"""Encryption at rest: with HARBOUR_DB_KEY the file, its WAL, DuckDB's temporary files and backups hold no
plaintext; a missing or wrong key is refused without touching the file; encrypt and decrypt keep every row."""

from __future__ import annotations

import hashlib
import io
import os
import subprocess
import sys
import threading
import uuid
from datetime import date, datetime, timedelta
from pathlib import Path

import duckdb
import pytest

from journal import accounts, cli
from journal.content.library import Library
from journal.reflect import entries
from journal.reflect.entries import EntryInput
from journal.store import Database, DatabaseInUse, StoreError
from journal.store.backup import daily_backup
from journal.store.db import BadKey, KeyRequired, NotEncrypted, WrongKey
from tests.conftest import FixedClock
from tests.conftest import one_error_line as _one_error_line
from tests.conftest import run_cli as _run
from tests.factories import PASSWORD, TODAY
from tests.processes import HOLD, held_by_another_process
from tests.snapshots import every_row_in_file

ROOT = Path(__file__).resolve().parents[2]
KEY = "test-key-with-'quotes'-and-;--dashes"  # quoting in ATTACH must hold for any printable key
OTHER_KEY = "another-key-entirely-0123456789"
CANARY = "zebra-canary-" + uuid.uuid4().hex[:20]  # unique per run and fits in a tag: found only where it went


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _fill(db: Database, lib: Library, text: str = "an ordinary day") -> None:
    """A little of everything: two people, entries with tags, a trashed entry, drafts, prompts shown."""
    for name in ("alex", "José"):
        person = accounts.create_account(db, name, PASSWORD)
        for n in range(3):
            inp = EntryInput(
                "free",
                {"text": f"{text} {n} 🎉"},
                mood=3,
                tags=[f"tag-{text}", f"t{n}"],
                entry_date=date(2025, 3, n + 1),
            )
            entries.save_new(db, person.id, f"{name}-{n}", inp, lib)
        entries.trash(db, person.id, f"{name}-2")
        entries.save_draft(db, person.id, f"{name}-draft", EntryInput("gibbs", {"feelings": f"draft {text}"}))
        entries.record_prompt_shown(db, person.id, lib.prompts[0].id)


def _beside(path: Path) -> list[str]:
    return sorted(p.name for p in path.parent.iterdir())


@pytest.fixture
def enc_path(tmp_path: Path, lib: Library) -> Path:
    """An encrypted database with a little of everything in it, closed."""
    path = tmp_path / "secret.duckdb"
    db = Database(path, KEY)
    try:
        _fill(db, lib)
    finally:
        db.close()
    return path


@pytest.fixture
def plain_path(db_path: Path, lib: Library) -> Path:
    db = Database(db_path)
    try:
        _fill(db, lib)
    finally:
        db.close()
    return db_path


# -- no plaintext anywhere --------------------------------------------------------------------
@pytest.mark.parametrize("encrypted", [True, False], ids=["with key", "without key (control)"])
def test_the_file_its_wal_temporary_files_and_backups_hold_no_plaintext(
    tmp_path: Path, lib: Library, encrypted: bool
) -> None:
    path, backups = tmp_path / "harbour.duckdb", tmp_path / "backups"
    key = KEY if encrypted else None
    db = Database(path, key, backup_dir=backups, config={"memory_limit": "40MB", "threads": "1"})
    person = accounts.create_account(db, "alex", PASSWORD)
    entries.save_new(db, person.id, "e1", EntryInput("free", {"text": f"I wrote {CANARY}"}, tags=[CANARY]), lib)
    entries.save_draft(db, person.id, "d1", EntryInput("gibbs", {"feelings": f"half {CANARY}"}))
    wal = path.with_name(path.name + ".wal")
    assert wal.exists() and wal.stat().st_size > 0  # these saves are only in the WAL so far

    temp = path.with_name(path.name + ".tmp")
    with db.cursor() as cur:
        # A temporary table and a grouping far bigger than memory_limit spill; they stay until the cursor is done.
        cur.execute(
            "CREATE TEMP TABLE spill AS SELECT ? || range || md5(range::VARCHAR) AS t FROM range(1000000)", [CANARY]
        )
        cur.execute("SELECT t, count(*) FROM spill GROUP BY t")
        spilled = {p.name: p.read_bytes() for p in temp.iterdir()} if temp.exists() else {}
        assert len(cur.fetchall()) == 1000000
    assert spilled, "nothing spilled to the temporary folder: the test would prove nothing"

    backup = daily_backup(db, backups, datetime(2025, 3, 4, 9, 0))
    assert backup is not None
    live = {"database": path.read_bytes(), "wal": wal.read_bytes(), "backup": backup.read_bytes()}
    db.close()
    closed = path.read_bytes()  # closing checkpoints: now the file itself holds everything

    needle = CANARY.encode()
    found = {name for name, data in {**live, **spilled, "database after close": closed}.items() if needle in data}
    if encrypted:
        assert found == set()
        reopened = Database(path, KEY)  # and the words really are in there, for the key
        try:
            assert CANARY in entries.get(reopened, person.id, "e1").body
        finally:
            reopened.close()
    else:
        assert {"wal", "backup", "database after close"} <= found
        assert found & set(spilled)


def test_an_encrypted_database_runs_locked_down(tmp_path: Path) -> None:
    db = Database(tmp_path / "h.duckdb", KEY)
    try:
        with db.cursor() as cur:
            settings = dict(
                cur.execute(
                    "SELECT name, value FROM duckdb_settings() WHERE name IN ('enable_external_access', "
                    "'autoinstall_known_extensions', 'autoload_known_extensions', 'lock_configuration', "
                    "'temp_file_encryption', 'temp_directory')"
                ).fetchall()
            )
        assert settings == {
            "enable_external_access": "false",
            "autoinstall_known_extensions": "false",
            "autoload_known_extensions": "false",
            "lock_configuration": "true",
            "temp_file_encryption": "true",
            "temp_directory": str(tmp_path / "h.duckdb.tmp"),
        }
        for statement in (
            "SET enable_external_access = true",
            "SET temp_file_encryption = false",
            "SELECT * FROM read_text('/etc/hostname')",
            f"ATTACH '{tmp_path / 'elsewhere.duckdb'}' AS elsewhere",
            "INSTALL fts",
        ):
            with db.cursor() as cur, pytest.raises(duckdb.Error):
                cur.execute(statement)
        assert not (tmp_path / "elsewhere.duckdb").exists()
    finally:
        db.close()


# -- refusing the wrong key, no key, a key for a plain file -------------------------------------
@pytest.mark.parametrize(
    ("key", "error", "says"),
    [
        (OTHER_KEY, WrongKey, "not the key the file was encrypted with"),
        (None, KeyRequired, "is encrypted: set HARBOUR_DB_KEY"),
    ],
    ids=["wrong key", "no key"],
)
def test_an_encrypted_file_opened_without_its_key_is_refused_and_left_unchanged(
    enc_path: Path, key: str | None, error: type[StoreError], says: str
) -> None:
    before, files = _digest(enc_path), _beside(enc_path)
    with pytest.raises(error, match=says) as caught:
        Database(enc_path, key)
    assert "nothing in the file was changed" in str(caught.value)
    assert _digest(enc_path) == before
    assert _beside(enc_path) == files


def test_a_key_given_for_an_unencrypted_file_is_refused_and_the_file_left_unchanged(plain_path: Path) -> None:
    before, files = _digest(plain_path), _beside(plain_path)
    with pytest.raises(NotEncrypted, match="is not encrypted") as caught:
        Database(plain_path, KEY)
    assert f"python -m journal encrypt --db {plain_path}" in str(caught.value)
    assert _digest(plain_path) == before
    assert _beside(plain_path) == files


def test_the_key_never_appears_in_an_error(enc_path: Path, plain_path: Path, tmp_path: Path) -> None:
    notes = tmp_path / "it's notes.duckdb"  # a quote in the path too
    notes.write_text("my shopping list", encoding="utf-8")
    for path, key in ((enc_path, OTHER_KEY), (plain_path, KEY), (notes, KEY)):
        try:
            Database(path, key).close()
        except StoreError as exc:
            assert key not in str(exc) and exc.__cause__ is None
        else:
            pytest.fail(f"{path} opened")


@pytest.mark.parametrize("key", ["short", "a-long-enough-key\nwith-a-newline"])
def test_an_unusable_key_is_refused_before_anything_is_written(tmp_path: Path, key: str) -> None:
    with pytest.raises(BadKey, match="keygen"):
        Database(tmp_path / "new.duckdb", key)
    assert not (tmp_path / "new.duckdb").exists()


def test_the_unencrypted_path_needs_no_extension_and_stays_plain(db_path: Path) -> None:
    Database(db_path).close()
    con = duckdb.connect(str(db_path), read_only=True)  # plain DuckDB reads it: no key, no extension
    try:
        assert con.execute("SELECT count(*) FROM schema_migrations").fetchone()[0] > 0
    finally:
        con.close()


# -- everything works the same when encrypted -------------------------------------------------
def test_an_encrypted_journal_survives_a_restart_and_serves_concurrent_threads(tmp_path: Path, lib: Library) -> None:
    path = tmp_path / "h.duckdb"
    db = Database(path, KEY)
    person = accounts.create_account(db, "alex", PASSWORD)
    errors: list[BaseException] = []

    def write(n: int) -> None:
        try:
            for i in range(5):
                inp = EntryInput("free", {"text": f"thread {n} entry {i}"}, tags=[f"t{n}"])
                entries.save_new(db, person.id, f"{n}-{i}", inp, lib)
                assert entries.get(db, person.id, f"{n}-{i}") is not None
        except BaseException as exc:  # noqa: BLE001 - reported to the main thread below
            errors.append(exc)

    threads = [threading.Thread(target=write, args=(n,)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    db.close()
    again = Database(path, KEY)
    try:
        assert accounts.sign_in(again, "alex", PASSWORD).id == person.id
        assert entries.count(again, person.id) == 20
        assert entries.tags_in_use(again, person.id) == ["t0", "t1", "t2", "t3"]
    finally:
        again.close()


def test_an_encrypted_database_is_still_one_process_per_file(enc_path: Path) -> None:
    with held_by_another_process(enc_path, KEY):
        with pytest.raises(DatabaseInUse, match="already open in another Harbour process"):
            Database(enc_path, KEY)
    Database(enc_path, KEY).close()  # free again once that process is gone


def test_within_one_process_databases_for_one_encrypted_file_share_it_as_plain_ones_do(
    enc_path: Path, lib: Library
) -> None:
    first = Database(enc_path, KEY)
    second = Database(enc_path, KEY)
    try:
        person = accounts.sign_in(first, "alex", PASSWORD)
        entries.save_new(first, person.id, "shared", EntryInput("free", {"text": "seen by both"}), lib)
        assert entries.get(second, person.id, "shared") is not None
        with pytest.raises(WrongKey):
            Database(enc_path, OTHER_KEY)
        first.close()
        first.close()  # twice is harmless
        assert entries.count(second, person.id) == 3  # closing one leaves the other open
    finally:
        second.close()
    child = subprocess.run(
        [sys.executable, "-c", HOLD.replace("sys.stdin.readline()", ""), str(enc_path)],
        cwd=ROOT,
        env={**os.environ, "HARBOUR_DB_KEY": KEY, "PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert child.returncode == 0, child.stderr  # the last close released the file


def test_a_dropped_encrypted_database_releases_its_file(enc_path: Path) -> None:
    db = Database(enc_path, KEY)
    del db  # as when the app's cache is cleared without closing
    child = subprocess.run(
        [sys.executable, "-c", HOLD.replace("sys.stdin.readline()", ""), str(enc_path)],
        cwd=ROOT,
        env={**os.environ, "HARBOUR_DB_KEY": KEY, "PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert child.returncode == 0, child.stderr


# -- encrypt and decrypt ------------------------------------------------------------------------
def test_encrypt_then_decrypt_keeps_every_row_of_every_table(
    plain_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    original = every_row_in_file(plain_path, None)
    assert all(original[t] for t in ("users", "entries", "entry_tags", "drafts", "prompts_shown"))
    monkeypatch.setenv("HARBOUR_DB_KEY", KEY)

    assert _run(["encrypt", "--db", str(plain_path)], monkeypatch) == 0
    out = capsys.readouterr().out
    [aside] = [p for p in plain_path.parent.iterdir() if ".before-encrypt-" in p.name]
    assert str(aside) in out and "delete it" in out
    assert every_row_in_file(plain_path, KEY) == original
    assert every_row_in_file(aside, None) == original  # the original is kept, untouched, until the operator removes it
    assert CANARY.encode() not in plain_path.read_bytes()
    with pytest.raises(KeyRequired):
        Database(plain_path)
    Database(plain_path, KEY).close()

    assert _run(["decrypt", "--db", str(plain_path)], monkeypatch) == 0
    assert every_row_in_file(plain_path, None) == original
    [kept] = [p for p in plain_path.parent.iterdir() if ".before-decrypt-" in p.name]
    assert every_row_in_file(kept, KEY) == original
    assert not [p for p in plain_path.parent.iterdir() if p.suffix in {".encrypting", ".decrypting"}]


def test_encrypting_hides_words_that_were_plain_before(tmp_path: Path, lib: Library, monkeypatch) -> None:
    path = tmp_path / "h.duckdb"
    db = Database(path)
    _fill(db, lib, text=CANARY)
    db.close()
    assert CANARY.encode() in path.read_bytes()
    monkeypatch.setenv("HARBOUR_DB_KEY", KEY)
    assert _run(["encrypt", "--db", str(path)], monkeypatch) == 0
    assert CANARY.encode() not in path.read_bytes()
    assert not path.with_name(path.name + ".wal").exists()


def test_encrypt_folds_in_saves_still_in_the_wal(tmp_path: Path, lib: Library, monkeypatch) -> None:
    path = tmp_path / "h.duckdb"
    code = (
        "import os, sys\nfrom journal import accounts\nfrom journal.store import Database\n"
        f"db = Database(sys.argv[1])\naccounts.create_account(db, 'sam', {PASSWORD!r})\nos._exit(0)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code, str(path)], cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)}, timeout=60
    )
    assert done.returncode == 0 and path.with_name(path.name + ".wal").exists()  # left with a WAL, as after a crash
    monkeypatch.setenv("HARBOUR_DB_KEY", KEY)
    assert _run(["encrypt", "--db", str(path)], monkeypatch) == 0
    assert [row[1] for row in every_row_in_file(path, KEY)["users"]] == ["sam"]
    assert not path.with_name(path.name + ".wal").exists()  # no plaintext WAL left beside the encrypted file


@pytest.mark.parametrize(
    ("command", "key", "says"),
    [
        ("encrypt", None, "set HARBOUR_DB_KEY"),
        ("encrypt", KEY, "already encrypted"),
        ("decrypt", OTHER_KEY, "not the key the file was encrypted with"),
        ("decrypt", None, "set HARBOUR_DB_KEY"),
    ],
)
def test_encrypt_and_decrypt_refuse_with_one_line_and_change_nothing(
    enc_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    command: str,
    key: str | None,
    says: str,
) -> None:
    if key is None:
        monkeypatch.delenv("HARBOUR_DB_KEY", raising=False)
    else:
        monkeypatch.setenv("HARBOUR_DB_KEY", key)
    before, files = _digest(enc_path), _beside(enc_path)
    assert _run([command, "--db", str(enc_path)], monkeypatch) == 1
    assert says in _one_error_line(capsys.readouterr().err)
    assert _digest(enc_path) == before
    assert _beside(enc_path) == files


def test_decrypting_a_plain_file_is_refused(plain_path: Path, monkeypatch, capsys) -> None:
    monkeypatch.setenv("HARBOUR_DB_KEY", KEY)
    before = _digest(plain_path)
    assert _run(["decrypt", "--db", str(plain_path)], monkeypatch) == 1
    assert "is not encrypted; nothing was changed" in _one_error_line(capsys.readouterr().err)
    assert _digest(plain_path) == before


def test_encrypt_refuses_while_harbour_has_the_file_open(enc_path: Path, plain_path: Path, monkeypatch, capsys) -> None:
    monkeypatch.setenv("HARBOUR_DB_KEY", KEY)
    before, files = _digest(enc_path), _beside(enc_path)
    with held_by_another_process(enc_path, KEY):
        assert _run(["decrypt", "--db", str(enc_path)], monkeypatch) == 1
    assert "already open in another Harbour process" in _one_error_line(capsys.readouterr().err)
    assert (_digest(enc_path), _beside(enc_path)) == (before, files)


def test_encrypting_a_missing_file_says_so(tmp_path: Path, monkeypatch, capsys) -> None:
    monkeypatch.setenv("HARBOUR_DB_KEY", KEY)
    assert _run(["encrypt", "--db", str(tmp_path / "nope.duckdb")], monkeypatch) == 1
    assert "There is no database at" in _one_error_line(capsys.readouterr().err)
    assert list(tmp_path.iterdir()) == []


def test_keygen_prints_a_fresh_usable_key_each_time(tmp_path: Path, monkeypatch, capsys) -> None:
    keys = []
    for _ in range(2):
        assert _run(["keygen"], monkeypatch) == 0
        keys.append(capsys.readouterr().out.strip())
    assert keys[0] != keys[1] and all(len(k) >= 40 and k.isprintable() and " " not in k for k in keys)
    Database(tmp_path / "k.duckdb", keys[0]).close()
    Database(tmp_path / "k.duckdb", keys[0]).close()


def test_the_cli_opens_an_encrypted_database_with_harbour_db_key(enc_path: Path, monkeypatch, capsys) -> None:
    monkeypatch.setenv("HARBOUR_DB_KEY", KEY)
    monkeypatch.setattr(sys, "stdin", io.StringIO(PASSWORD + "\n"))
    assert cli.main(["users", "add", "sam", "--password-stdin", "--db", str(enc_path)]) == 0
    assert sorted(row[1] for row in every_row_in_file(enc_path, KEY)["users"]) == ["José", "alex", "sam"]
    monkeypatch.delenv("HARBOUR_DB_KEY")
    monkeypatch.setattr(sys, "stdin", io.StringIO(PASSWORD + "\n"))
    assert cli.main(["users", "add", "kim", "--password-stdin", "--db", str(enc_path)]) == 1
    assert "is encrypted: set HARBOUR_DB_KEY" in _one_error_line(capsys.readouterr().err)


def test_a_cli_backup_of_an_encrypted_database_is_encrypted(enc_path: Path, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("HARBOUR_DB_KEY", KEY)
    out = tmp_path / "manual"
    assert _run(["backup", "--out", str(out), "--db", str(enc_path)], monkeypatch) == 0
    [copy] = list(out.iterdir())
    assert every_row_in_file(copy, KEY) == every_row_in_file(enc_path, KEY)
    with pytest.raises(KeyRequired):
        Database(copy)


def test_dates_in_an_encrypted_database_read_back_as_written(
    tmp_path: Path, lib: Library, fixed_clock: FixedClock
) -> None:
    db = Database(tmp_path / "h.duckdb", KEY)
    try:
        person = accounts.create_account(db, "alex", PASSWORD)
        day = TODAY - timedelta(days=3)
        entries.save_new(db, person.id, "e", EntryInput("free", {"text": "x"}, entry_date=day, mood=2), lib)
        saved = entries.get(db, person.id, "e")
        assert saved is not None and saved.entry_date == day and saved.mood == 2
    finally:
        db.close()
