"""The database file: migrations, one process at a time, durable saves, and every person's rows tagged."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import uuid
from collections.abc import Callable
from pathlib import Path

import duckdb
import pytest

from journal import accounts
from journal.accounts import User
from journal.content.library import Library
from journal.reflect import entries
from journal.reflect.entries import EntryInput
from journal.store import Database, DatabaseInUse, SchemaTooNew, StoreError
from journal.store import db as db_module
from journal.store.migrations import MIGRATIONS, Migration
from journal.store.opening import Store
from tests.factories import PASSWORD

ROOT = Path(__file__).resolve().parents[2]
NEWEST = MIGRATIONS[-1].version


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _tables(path: Path) -> set[str]:
    con = duckdb.connect(str(path), read_only=True)
    try:
        return {r[0] for r in con.execute("SELECT table_name FROM information_schema.tables").fetchall()}
    finally:
        con.close()


# Harbour's own tables and views: DuckDB's schema `main`, PostgreSQL's `public` (not its catalogue's).
HARBOURS = "table_catalog = current_database() AND table_schema = current_schema()"


def _tables_open(db: Database) -> set[str]:
    return {r[0] for r in db.all(f"SELECT table_name FROM information_schema.tables WHERE {HARBOURS}")}


def _run_python(code: str, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))}
    return subprocess.run(
        [sys.executable, "-c", code, *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60
    )


# -- migrations -------------------------------------------------------------------
def test_a_new_database_is_at_the_newest_schema(db: Database) -> None:
    assert db.schema_version == NEWEST


def test_each_migration_is_recorded_once_with_its_name(db: Database) -> None:
    rows = db.all("SELECT version, name FROM schema_migrations ORDER BY version")
    assert rows == [(m.version, m.name) for m in MIGRATIONS]


def test_reopening_does_not_apply_migrations_again(db_path: Path) -> None:
    Database(db_path).close()
    again = Database(db_path)
    try:
        assert again.one("SELECT count(*) FROM schema_migrations")[0] == len(MIGRATIONS)
    finally:
        again.close()


def test_an_empty_database_file_from_before_harbour_is_migrated(db_path: Path) -> None:
    duckdb.connect(str(db_path)).close()
    opened = Database(db_path)
    try:
        assert opened.schema_version == NEWEST
        assert {"users", "entries", "entry_tags", "drafts", "prompts_shown"} <= _tables_open(opened)
    finally:
        opened.close()


def _add_version(statements: tuple[str, ...]) -> tuple[Migration, ...]:
    return (*MIGRATIONS, Migration(NEWEST + 1, "a later change", statements))


def test_a_database_from_an_older_version_is_migrated_and_keeps_its_data(
    db_path: Path, lib: Library, monkeypatch: pytest.MonkeyPatch
) -> None:
    old = Database(db_path)
    person = accounts.create_account(old, "alex", PASSWORD)
    entries.save_new(old, person.id, "e1", EntryInput("free", {"text": "before the upgrade"}, tags=["kept"]), lib)
    old.close()

    later = _add_version(("CREATE TABLE later_things (user_id VARCHAR NOT NULL)",))
    monkeypatch.setattr(db_module, "MIGRATIONS", later)
    upgraded = Database(db_path)
    try:
        assert upgraded.schema_version == NEWEST + 1
        assert "later_things" in _tables_open(upgraded)
        saved = entries.get(upgraded, person.id, "e1")
        assert saved is not None and saved.body == "before the upgrade" and saved.tags == ("kept",)
    finally:
        upgraded.close()


def test_a_failing_migration_changes_nothing_and_is_not_recorded(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    Database(db_path).close()
    broken = _add_version(("CREATE TABLE half_done (id INTEGER)", "THIS IS NOT SQL"))
    monkeypatch.setattr(db_module, "MIGRATIONS", broken)
    with pytest.raises(duckdb.Error):
        Database(db_path)
    assert "half_done" not in _tables(db_path)
    con = duckdb.connect(str(db_path), read_only=True)
    try:
        assert con.execute("SELECT max(version) FROM schema_migrations").fetchone()[0] == NEWEST
    finally:
        con.close()


def test_a_database_from_a_newer_version_is_refused_with_a_clear_message(db_path: Path) -> None:
    Database(db_path).close()
    con = duckdb.connect(str(db_path))
    con.execute("INSERT INTO schema_migrations VALUES (?, 'from the future', now())", [NEWEST + 1])
    con.close()
    with pytest.raises(SchemaTooNew, match="newer Harbour") as caught:
        Database(db_path)
    assert "Upgrade Harbour" in str(caught.value)


def test_refusing_a_newer_database_leaves_the_file_unchanged(db_path: Path) -> None:
    Database(db_path).close()
    con = duckdb.connect(str(db_path))
    con.execute("INSERT INTO schema_migrations VALUES (?, 'from the future', now())", [NEWEST + 1])
    con.close()
    before = _digest(db_path)
    with pytest.raises(SchemaTooNew):
        Database(db_path)
    assert _digest(db_path) == before
    assert not Path(f"{db_path}.wal").exists()


def test_a_file_that_is_not_a_database_gives_a_clear_error_and_is_left_alone(tmp_path: Path) -> None:
    path = tmp_path / "notes.duckdb"
    path.write_text("my shopping list", encoding="utf-8")
    with pytest.raises(StoreError, match="not a valid DuckDB database"):
        Database(path)
    assert path.read_text(encoding="utf-8") == "my shopping list"


# -- one process per file ---------------------------------------------------------------
OPEN_IN_CHILD = """
import sys
from journal.store import Database, DatabaseInUse
try:
    Database(sys.argv[1])
except DatabaseInUse as exc:
    print(exc)
    sys.exit(3)
"""


@pytest.mark.duckdb_only("one DuckDB file is opened by one process; PostgreSQL serves many")
def test_a_second_process_gets_a_clear_database_in_use_message(db: Database, db_path: Path) -> None:
    child = _run_python(OPEN_IN_CHILD, str(db_path))
    assert child.returncode == 3, child.stderr
    assert "already open in another Harbour process" in child.stdout
    assert issubclass(DatabaseInUse, StoreError)


@pytest.mark.duckdb_only("one DuckDB file is opened by one process; PostgreSQL serves many")
def test_the_database_is_free_for_another_process_once_closed(db: Database, db_path: Path) -> None:
    db.close()
    child = _run_python(OPEN_IN_CHILD, str(db_path))
    assert child.returncode == 0, child.stdout + child.stderr


# -- durable saves ------------------------------------------------------------------------
@pytest.fixture
def reopen(backend: str, db_path: Path, request: pytest.FixtureRequest) -> Callable[[], Store]:
    """Opens the test's database again, as the next start of Harbour would: the same file, or the same PostgreSQL
    database (a new pool of connections)."""

    def again() -> Store:
        if backend == "postgres":
            from journal.store.postgres import PostgresDatabase

            return PostgresDatabase(request.getfixturevalue("postgres_url"), max_size=2)
        return Database(db_path)

    return again


def test_a_saved_entry_and_its_tags_are_there_after_closing_and_reopening(
    db: Database, reopen: Callable[[], Store], user: User, lib: Library
) -> None:
    inp = EntryInput("free", {"text": "written before the restart"}, tags=["night", "Ward 7"], mood=4)
    entries.save_new(db, user.id, "e1", inp, lib)
    db.close()
    reopened = reopen()
    try:
        saved = entries.get(reopened, user.id, "e1")
        assert saved is not None
        assert saved.body == "written before the restart"
        assert saved.tags == ("Ward 7", "night")
        assert saved.mood == 4
    finally:
        reopened.close()


def test_drafts_survive_a_restart(db: Database, reopen: Callable[[], Store], user: User) -> None:
    draft = EntryInput("gibbs", {"description": "half-way through", "feelings": "tired"}, mood=2, tags=["a"])
    entries.save_draft(db, user.id, "d1", draft)
    db.close()
    reopened = reopen()
    try:
        kept = entries.drafts(reopened, user.id)
        assert [(d.entry_id, d.input) for d in kept] == [("d1", draft)]
    finally:
        reopened.close()


# -- every person's rows carry their user id ----------------------------------------------
PERSONAL_TABLES = {"entries", "entry_tags", "drafts", "prompts_shown"}


def test_every_table_except_accounts_and_migrations_has_a_required_user_id(db: Database) -> None:
    tables = {r[0] for r in db.all(f"SELECT table_name FROM information_schema.tables WHERE {HARBOURS}")}
    owners = (
        f"SELECT table_name, is_nullable FROM information_schema.columns WHERE {HARBOURS} AND column_name = 'user_id'"
    )
    columns = {r[0]: r[1] for r in db.all(owners)}
    # A peer group's own settings and its closed weeks' figures (k-anonymous aggregates) are no one person's rows.
    group_level = {"groups", "group_weeks"}
    personal = tables - {"users", "schema_migrations", "app_settings", "unknown_name_failures"} - group_level
    assert personal >= PERSONAL_TABLES
    missing_or_optional = {t: columns.get(t) for t in personal if columns.get(t) != "NO"}
    assert missing_or_optional == {}


def test_every_personal_row_names_the_person_it_belongs_to(
    db: Database, make_user: Callable[..., User], lib: Library
) -> None:
    people = [make_user("alex"), make_user("sam")]
    for person in people:
        entry_id = str(uuid.uuid4())
        entries.save_new(db, person.id, entry_id, EntryInput("free", {"text": person.username}, tags=["t1", "t2"]), lib)
        entries.save_draft(db, person.id, str(uuid.uuid4()), EntryInput("free", {"text": "draft"}))
        entries.record_prompt_shown(db, person.id, lib.prompts[0].id)
    for table in PERSONAL_TABLES:
        by_owner = dict(db.all(f"SELECT user_id, count(*) FROM {table} GROUP BY user_id"))
        assert set(by_owner) == {p.id for p in people}, table
    tag_owners = db.one(
        "SELECT count(*) FROM entry_tags t JOIN entries e ON e.id = t.entry_id WHERE t.user_id <> e.user_id"
    )[0]
    assert tag_owners == 0


# -- a write-ahead log that can't be replayed -----------------------------------------------------
SAVE_AND_CRASH = f"""
import os, sys
from journal import accounts
from journal.store import Database
db = Database(sys.argv[1], os.environ.get("HARBOUR_DB_KEY") or None)
accounts.create_account(db, "kept", {PASSWORD!r})
db.execute("CHECKPOINT")
accounts.create_account(db, "only-in-the-wal", {PASSWORD!r})
os._exit(0)  # no clean close: the last save is only in the WAL, as after a power cut
"""
WAL_KEY = "wal-test-key-0123456789abcdef"


def _crash_with_a_wal(path: Path, key: str | None) -> Path:
    env_key = {"HARBOUR_DB_KEY": key} if key else {}
    env = {k: v for k, v in os.environ.items() if k != "HARBOUR_DB_KEY"}
    env.update({"PYTHONPATH": str(ROOT), **env_key})
    done = subprocess.run(
        [sys.executable, "-c", SAVE_AND_CRASH, str(path)], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    wal = path.with_name(path.name + ".wal")
    assert wal.exists() and wal.stat().st_size > 0
    return wal


def _usernames_in(db: Database) -> list[str]:
    return [r[0] for r in db.all("SELECT username FROM users ORDER BY username")]


@pytest.mark.parametrize("key", [None, WAL_KEY], ids=["plain", "encrypted"])
def test_a_crash_leaves_a_wal_that_is_replayed_on_the_next_open(db_path: Path, key: str | None) -> None:
    _crash_with_a_wal(db_path, key)
    reopened = Database(db_path, key)
    try:
        assert _usernames_in(reopened) == ["kept", "only-in-the-wal"]
    finally:
        reopened.close()


@pytest.mark.parametrize("key", [None, WAL_KEY], ids=["plain", "encrypted"])
def test_a_corrupt_wal_is_copied_aside_the_open_refused_with_its_name_and_nothing_deleted(
    db_path: Path, key: str | None
) -> None:
    wal = _crash_with_a_wal(db_path, key)
    data = bytearray(wal.read_bytes())
    middle = len(data) // 2
    data[middle : middle + 8] = bytes(b ^ 0xFF for b in data[middle : middle + 8])
    wal.write_bytes(bytes(data))
    database_before = _digest(db_path)

    with pytest.raises(db_module.UnreplayableWal) as caught:
        Database(db_path, key)

    [copy] = [p for p in db_path.parent.iterdir() if ".wal.unreplayable-" in p.name]
    message = str(caught.value)
    assert str(copy) in message and "set-aside-wal" in message
    assert copy.read_bytes() == bytes(data)  # an exact copy...
    assert wal.read_bytes() == bytes(data)  # ...and the log itself is left where it was
    assert _digest(db_path) == database_before
    assert isinstance(caught.value, StoreError)

    with pytest.raises(db_module.UnreplayableWal):  # trying again makes no second copy
        Database(db_path, key)
    assert [p for p in db_path.parent.iterdir() if ".wal.unreplayable-" in p.name] == [copy]


def test_set_aside_wal_moves_the_log_away_and_the_database_opens_at_its_last_checkpoint(
    db_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from journal import cli

    wal = _crash_with_a_wal(db_path, WAL_KEY)
    data = bytearray(wal.read_bytes())
    data[len(data) // 2] ^= 0xFF
    wal.write_bytes(bytes(data))
    monkeypatch.setenv("HARBOUR_DB_KEY", WAL_KEY)
    assert cli.main(["backup", "--out", str(db_path.parent / "b"), "--db", str(db_path)]) == 1
    assert "set-aside-wal" in capsys.readouterr().err

    assert cli.main(["set-aside-wal", "--db", str(db_path)]) == 0
    [moved] = [p for p in db_path.parent.iterdir() if ".wal.set-aside-" in p.name]
    assert moved.read_bytes() == bytes(data) and str(moved) in capsys.readouterr().out
    reopened = Database(db_path, WAL_KEY)
    try:
        assert _usernames_in(reopened) == ["kept"]
    finally:
        reopened.close()
    assert cli.main(["set-aside-wal", "--db", str(db_path)]) == 0
    assert "nothing was set aside" in capsys.readouterr().out
