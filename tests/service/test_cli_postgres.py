"""`python -m journal` on PostgreSQL (HARBOUR_DATABASE_URL): accounts, `migrate`, `check-db` and `backup` (pg_dump,
restored with pg_restore) against the throwaway test cluster, and the refusals that need no server: HARBOUR_DB_KEY
with a URL, the DuckDB file's own commands, a password in --database-url. `migrate` and `check-db` on DuckDB's
file are here too. Tests on the cluster are skipped (with the reason) where PostgreSQL's binaries aren't installed.
"""

from __future__ import annotations

import itertools
import os
import stat
import subprocess
import sys
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path

import duckdb
import psycopg
import pytest

from journal import accounts
from journal.store import Database
from journal.store import entries as entry_rows
from journal.store.checks import OK, WARNING, harbour_tables, tls_finding
from journal.store.dialect import postgres_schema
from journal.store.migrations import MIGRATIONS
from journal.store.opening import KEY_WITH_POSTGRES
from journal.store.pg_backup import dump_command, restore_command
from journal.store.postgres import PostgresDatabase
from tests.conftest import one_error_line, run_cli
from tests.factories import NOON_TODAY, PASSWORD
from tests.postgres_cluster import Cluster, bin_dir
from tests.processes import free_port

ROOT = Path(__file__).resolve().parents[2]
KEY = "a key of at least sixteen characters"
NEWEST = MIGRATIONS[-1].version
SECRET = "s3cret-w0rd"  # in URLs given to commands: it must never be printed
_roles = itertools.count()
MIGRATIONS_TABLE = (
    "CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name VARCHAR NOT NULL, applied_at TIMESTAMP NOT NULL)"
)


@pytest.fixture(autouse=True)
def environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Nothing of the machine's own Harbour configuration reaches a command: a file path here, no key, no URL."""
    for name in ("HARBOUR_DB_KEY", "HARBOUR_DATABASE_URL", "HARBOUR_BACKUP_DIR", "HARBOUR_PG_BIN", "PGPASSWORD"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("HARBOUR_DB", str(tmp_path / "harbour.duckdb"))


def _unreachable(database: str = "harbour") -> str:
    return f"postgresql://harbour:{SECRET}@127.0.0.1:{free_port()}/{database}"


def _with_password(url: str, role: str) -> str:
    """`url` (the cluster's, trust authentication) as `role` with a password in it, which the server ignores."""
    return url.replace("postgresql://postgres@", f"postgresql://{role}:{SECRET}@")


def _partly_migrated_postgres(url: str, upto: int) -> None:
    """The first `upto` migrations applied to the empty database at `url`, as an older Harbour left it."""
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(MIGRATIONS_TABLE)
        for migration in MIGRATIONS[:upto]:
            for statement in migration.statements:
                conn.execute(postgres_schema(statement))
            conn.execute("INSERT INTO schema_migrations VALUES (%s, %s, now())", [migration.version, migration.name])


def _partly_migrated_duckdb(path: Path, upto: int) -> None:
    con = duckdb.connect(str(path))
    try:
        con.execute(MIGRATIONS_TABLE)
        for migration in MIGRATIONS[:upto]:
            for statement in migration.statements:
                con.execute(statement)
            con.execute("INSERT INTO schema_migrations VALUES (?, ?, now())", [migration.version, migration.name])
    finally:
        con.close()


def _versions(url: str) -> list[int]:
    with psycopg.connect(url, autocommit=True) as conn:
        return [row[0] for row in conn.execute("SELECT version FROM schema_migrations ORDER BY version")]


def _tables(url: str) -> list[str]:
    with psycopg.connect(url, autocommit=True) as conn:
        found = conn.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1").fetchall()
    return [row[0] for row in found]


@pytest.fixture
def fresh(postgres_server: Cluster) -> Iterator[str]:
    """An empty database of this test's own (not migrated), dropped afterwards."""
    name = postgres_server.create_database(template="template0")
    yield postgres_server.url(name)
    postgres_server.drop_database(name)


@pytest.fixture
def app_role(postgres_server: Cluster) -> Iterator[str]:
    """A login role of this test's own with no privileges yet, as an operator makes one for Harbour."""
    role = f"harbour_app_{os.getpid()}_{next(_roles)}"
    with psycopg.connect(postgres_server.url(), autocommit=True) as admin:
        admin.execute(f"CREATE ROLE {role} LOGIN")
    yield role
    with psycopg.connect(postgres_server.url(), autocommit=True) as admin:
        for name in [row[0] for row in admin.execute("SELECT datname FROM pg_database WHERE NOT datistemplate")]:
            with psycopg.connect(postgres_server.url(name), autocommit=True) as conn:
                conn.execute(f"DROP OWNED BY {role}")  # its grants, in every database that has some
        admin.execute(f"DROP ROLE {role}")


# -- accounts on PostgreSQL -------------------------------------------------------------------------------------------
def test_users_add_and_unlock_work_on_postgresql(
    postgres_url: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("HARBOUR_DATABASE_URL", postgres_url)
    assert run_cli(["users", "add", "robin", "--password-stdin"], monkeypatch, PASSWORD + "\n") == 0
    assert capsys.readouterr().out.strip() == "Account 'robin' created (admin)."
    db = PostgresDatabase(postgres_url, max_size=1)
    try:
        db.execute("UPDATE users SET locked = TRUE WHERE username = 'robin'")  # as if fifty wrong passwords
        assert run_cli(["users", "unlock", "robin"], monkeypatch) == 0
        assert "unlocked" in capsys.readouterr().out
        assert accounts.sign_in(db, "robin", PASSWORD).is_admin
    finally:
        db.close()
    assert not (Path(os.environ["HARBOUR_DB"])).exists()  # nothing went to the file


def test_database_url_option_opens_postgresql_and_a_file_named_with_db_wins_over_the_environment(
    postgres_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    assert (
        run_cli(["users", "add", "sam", "--password-stdin", "--database-url", postgres_url], monkeypatch, PASSWORD) == 0
    )
    monkeypatch.setenv("HARBOUR_DATABASE_URL", _unreachable())  # --db names the file: the URL isn't tried
    path = tmp_path / "other.duckdb"
    assert run_cli(["users", "add", "kit", "--password-stdin", "--db", str(path)], monkeypatch, PASSWORD) == 0
    db = PostgresDatabase(postgres_url, max_size=1)
    try:
        assert [row[0] for row in db.all("SELECT username FROM users")] == ["sam"]
    finally:
        db.close()
    file = Database(path)
    try:
        assert [row[0] for row in file.all("SELECT username FROM users")] == ["kit"]
    finally:
        file.close()


def test_a_password_in_database_url_is_refused_before_connecting(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run_cli(["check-db", "--database-url", _unreachable()], monkeypatch) == 1
    line = one_error_line(capsys.readouterr().err)
    assert "--database-url must not hold the password" in line and "PGPASSWORD" in line
    assert SECRET not in line


def test_db_and_database_url_together_are_a_usage_error(monkeypatch: pytest.MonkeyPatch) -> None:
    with pytest.raises(SystemExit) as stopped:
        run_cli(["migrate", "--db", "x.duckdb", "--database-url", "postgresql://h/db"], monkeypatch)
    assert stopped.value.code == 2


# -- refused with a URL, before anything is opened ------------------------------------------------------------------
@pytest.mark.parametrize(
    "argv",
    [
        ["users", "add", "alex", "--password-stdin"],
        ["users", "unlock", "alex"],
        ["demo"],
        ["migrate"],
        ["check-db"],
        ["backup"],
        ["export", "json", "--user", "alex", "--password-stdin"],
    ],
    ids=lambda argv: "-".join(argv[:2]),
)
def test_harbour_db_key_with_a_url_is_one_line_and_nothing_is_opened(
    argv: list[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("HARBOUR_DATABASE_URL", _unreachable())  # a connection attempt would fail differently
    monkeypatch.setenv("HARBOUR_DB_KEY", KEY)
    monkeypatch.setenv("HARBOUR_BACKUP_DIR", str(tmp_path / "backups"))
    assert run_cli(argv, monkeypatch, PASSWORD + "\n") == 1
    out = capsys.readouterr()
    assert one_error_line(out.err) == f"harbour: {KEY_WITH_POSTGRES}"
    assert SECRET not in out.out + out.err
    assert sorted(p.name for p in tmp_path.iterdir()) == []  # no file, no backup folder


@pytest.mark.parametrize(
    ("argv", "instead"),
    [
        (["encrypt"], "encryption at rest is the server's (an encrypted volume)"),
        (["decrypt"], "encryption at rest is the server's (an encrypted volume)"),
        (["restore", "BACKUP"], "pg_restore --clean --if-exists --no-owner '--dbname=user=harbour dbname=harbour"),
        (["set-aside-wal"], "PostgreSQL replays its own write-ahead log when it starts"),
    ],
    ids=lambda v: v[0] if isinstance(v, list) else "",
)
def test_the_files_own_commands_refuse_postgresql_saying_what_to_use_and_change_nothing(
    argv: list[str], instead: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    backup = tmp_path / "harbour-20260101-000000.pgdump"
    backup.write_bytes(b"a dump")
    monkeypatch.setenv("HARBOUR_DATABASE_URL", _unreachable())
    monkeypatch.setenv("HARBOUR_DB_KEY", KEY)  # encrypt and decrypt want one: still refused for the URL
    assert run_cli([str(backup) if a == "BACKUP" else a for a in argv], monkeypatch) == 1
    line = one_error_line(capsys.readouterr().err)
    assert line.startswith(f"harbour: `{argv[0]}` works on Harbour's DuckDB file, and this Harbour's journal is in ")
    assert "PostgreSQL (127.0.0.1:" in line and instead in line and line.endswith("Nothing was changed.")
    assert SECRET not in line
    assert sorted(p.name for p in tmp_path.iterdir()) == [backup.name]  # no database file was made or moved


# -- migrate --------------------------------------------------------------------------------------------------------
def test_migrate_brings_an_older_postgresql_database_up_to_date_once(
    fresh: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    _partly_migrated_postgres(fresh, 3)
    monkeypatch.setenv("HARBOUR_DATABASE_URL", fresh)
    where = fresh.removeprefix("postgresql://postgres@")  # host:port/database
    assert run_cli(["migrate"], monkeypatch) == 0
    assert capsys.readouterr().out == f"Migrated {where} from schema 3 to {NEWEST}.\n"
    assert _versions(fresh) == [m.version for m in MIGRATIONS]
    assert run_cli(["migrate"], monkeypatch) == 0
    assert (
        capsys.readouterr().out
        == f"{where} is at schema {NEWEST}, the newest this Harbour knows: nothing to migrate.\n"
    )
    assert _versions(fresh) == [m.version for m in MIGRATIONS]


def test_migrate_an_empty_postgresql_database_makes_every_table(
    fresh: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run_cli(["migrate", "--database-url", fresh], monkeypatch) == 0
    assert f"from schema 0 to {NEWEST}." in capsys.readouterr().out
    assert _tables(fresh) == sorted(harbour_tables())


def test_migrate_brings_an_older_duckdb_file_up_to_date_once(
    db_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    _partly_migrated_duckdb(db_path, 2)
    assert run_cli(["migrate", "--db", str(db_path)], monkeypatch) == 0
    assert capsys.readouterr().out == f"Migrated {db_path} from schema 2 to {NEWEST}.\n"
    assert run_cli(["migrate", "--db", str(db_path)], monkeypatch) == 0
    assert "nothing to migrate" in capsys.readouterr().out


def test_migrate_refuses_a_file_that_isnt_there(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run_cli(["migrate", "--db", str(tmp_path / "harbuor.duckdb")], monkeypatch) == 1
    assert "there is no database at" in one_error_line(capsys.readouterr().err)
    assert list(tmp_path.iterdir()) == []


def test_a_role_that_may_only_read_and_write_rows_runs_harbour_but_not_migrate(
    fresh: str, app_role: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    _partly_migrated_postgres(fresh, 3)
    with psycopg.connect(fresh, autocommit=True) as owner:
        owner.execute(f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {app_role}")
    app = _with_password(fresh, app_role)
    monkeypatch.setenv("HARBOUR_DATABASE_URL", app)
    assert run_cli(["migrate"], monkeypatch) == 1  # behind, and this role may not create or alter tables
    line = one_error_line(capsys.readouterr().err)
    assert f"The role {app_role} may not bring Harbour's tables at 127.0.0.1:" in line
    assert f"(schema 3, this Harbour needs {NEWEST}; PostgreSQL said: must be owner of table" in line
    assert "Run `python -m journal migrate` as the role that owns them" in line and SECRET not in line
    assert _versions(fresh) == [1, 2, 3]

    assert run_cli(["migrate", "--database-url", fresh], monkeypatch) == 0  # as the owner
    with psycopg.connect(fresh, autocommit=True) as owner:  # the new tables, granted as the README says
        owner.execute(f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {app_role}")
    capsys.readouterr()
    assert run_cli(["users", "add", "alex", "--password-stdin"], monkeypatch, PASSWORD) == 0  # opens: nothing to do
    assert capsys.readouterr().out.strip() == "Account 'alex' created (admin)."


# -- check-db on PostgreSQL -------------------------------------------------------------------------------------------
def _report(capsys: pytest.CaptureFixture[str]) -> tuple[list[str], str]:
    out = capsys.readouterr()
    return [" ".join(line.split()) for line in out.out.splitlines()], out.err


def test_check_db_on_a_current_database_as_a_superuser_is_ready_with_a_warning(
    postgres_url: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("HARBOUR_DATABASE_URL", postgres_url)
    assert run_cli(["check-db"], monkeypatch) == 0
    lines, err = _report(capsys)
    assert err == ""
    assert lines[0].startswith("127.0.0.1:") and lines[-1] == "Ready for Harbour."
    assert lines[1].startswith("ok PostgreSQL 15.")
    assert "ok not TLS, but 127.0.0.1 is this machine: nothing crosses a network" in lines
    assert any(line.startswith("warning connected as postgres, a superuser: Harbour needs only") for line in lines)
    assert f"ok schema {NEWEST}: current (the newest this Harbour knows)" in lines
    tables = len(harbour_tables())
    assert f"ok postgres may SELECT, INSERT, UPDATE and DELETE on Harbour's {tables} tables" in lines
    assert not any(line.startswith("problem") for line in lines)


def test_check_db_names_each_missing_privilege_until_granted(
    fresh: str, app_role: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    PostgresDatabase(fresh, max_size=1).close()  # migrated by its owner
    monkeypatch.setenv("HARBOUR_DATABASE_URL", _with_password(fresh, app_role))
    tables = len(harbour_tables())
    with psycopg.connect(fresh, autocommit=True) as owner:
        owner.execute(f"GRANT SELECT ON ALL TABLES IN SCHEMA public TO {app_role}")
    assert run_cli(["check-db"], monkeypatch) == 1
    lines, err = _report(capsys)
    lacks = (
        f"problem {app_role} lacks INSERT, UPDATE and DELETE on any of Harbour's {tables - 1} tables. As the tables' "
        f"owner: GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {app_role}"
    )
    assert lacks in lines
    assert (
        f"ok connected as {app_role}" in lines
        and f"ok schema {NEWEST}: current (the newest this Harbour knows)" in lines
    )
    assert f"ok {app_role} can't run `migrate` (it may not CREATE in schema public; it doesn't own any of Harbour's " \
        f"{tables} tables): run that as the tables' owner" in lines  # fmt: skip
    assert one_error_line(err).startswith(f"harbour: 127.0.0.1:{fresh.split(':')[2]} is not ready for Harbour: ")
    assert SECRET not in err + "\n".join(lines)

    with psycopg.connect(fresh, autocommit=True) as owner:
        owner.execute(f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {app_role}")
        owner.execute(f"REVOKE DELETE ON entries FROM {app_role}")
    assert run_cli(["check-db"], monkeypatch) == 1
    lines, _ = _report(capsys)
    assert any(line.startswith(f"problem {app_role} lacks DELETE on entries. As the tables' owner") for line in lines)

    with psycopg.connect(fresh, autocommit=True) as owner:
        owner.execute(f"GRANT DELETE ON entries TO {app_role}")
    assert run_cli(["check-db"], monkeypatch) == 0
    lines, err = _report(capsys)
    assert f"ok {app_role} may SELECT, INSERT, UPDATE and DELETE on Harbour's {tables} tables" in lines
    assert not any(line.startswith(("warning", "problem")) for line in lines) and err == ""


def test_check_db_says_migrate_when_behind_and_upgrade_when_newer_and_changes_nothing(
    fresh: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("HARBOUR_DATABASE_URL", fresh)
    assert run_cli(["check-db"], monkeypatch) == 1  # an empty database
    lines, err = _report(capsys)
    assert f"problem schema 0, where this Harbour needs {NEWEST}: run `python -m journal migrate`" in lines
    assert "is not ready for Harbour: schema 0, where" in one_error_line(err)
    assert _tables(fresh) == []  # checking made nothing

    _partly_migrated_postgres(fresh, 3)
    assert run_cli(["check-db"], monkeypatch) == 1
    lines, _ = _report(capsys)
    assert f"problem schema 3, where this Harbour needs {NEWEST}: run `python -m journal migrate`" in lines
    assert _versions(fresh) == [1, 2, 3]

    assert run_cli(["migrate"], monkeypatch) == 0
    with psycopg.connect(fresh, autocommit=True) as conn:
        conn.execute("INSERT INTO schema_migrations VALUES (999, 'from the future', now())")
    capsys.readouterr()
    assert run_cli(["check-db"], monkeypatch) == 1
    lines, _ = _report(capsys)
    assert (
        f"problem schema 999 was written by a newer Harbour (this one knows up to {NEWEST}): upgrade Harbour before "
        "starting it on this database"
    ) in lines


def test_check_db_on_an_unreachable_server_is_one_line_naming_it_without_the_password(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    url = _unreachable("journal")
    monkeypatch.setenv("HARBOUR_DATABASE_URL", url)
    assert run_cli(["check-db"], monkeypatch) == 1
    out = capsys.readouterr()
    port = url.rsplit(":", 1)[1].split("/")[0]
    assert one_error_line(out.err).startswith(f"harbour: Could not connect to PostgreSQL at 127.0.0.1:{port}/journal: ")
    assert SECRET not in out.err and out.out == ""


@pytest.mark.parametrize(
    ("in_use", "sslmode", "host", "level", "says"),
    [
        (True, "verify-full", "db.example.org", OK, "TLS (TLSv1.3), with the server's certificate and name checked"),
        (True, "verify-ca", "db.example.org", OK, "certificate checked but not its name (sslmode=verify-ca)"),
        (True, "require", "db.example.org", WARNING, "the server's certificate isn't checked (sslmode=require)"),
        (True, "prefer", "::1", OK, "TLS (TLSv1.3) to this machine (::1), the certificate not checked"),
        (False, "prefer", "10.0.0.5", WARNING, "not TLS (sslmode=prefer): journals cross the network to 10.0.0.5"),
        (False, "disable", "127.0.0.1", OK, "not TLS, but 127.0.0.1 is this machine"),
        (False, "prefer", "localhost", OK, "not TLS, but localhost is this machine"),
        (False, "prefer", "/var/run/postgresql", OK, "not TLS, but /var/run/postgresql is this machine"),
    ],
)
def test_tls_is_judged_by_whether_the_journals_cross_a_network(
    in_use: bool, sslmode: str, host: str, level: str, says: str
) -> None:
    finding = tls_finding(in_use, sslmode, host, "TLSv1.3" if in_use else None)
    assert finding.level == level and says in finding.text, finding


# -- check-db on DuckDB's file ----------------------------------------------------------------------------------------
def test_check_db_on_a_current_file(
    db_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    Database(db_path).close()
    assert run_cli(["check-db", "--db", str(db_path)], monkeypatch) == 0
    lines, err = _report(capsys)
    assert lines[0] == f"{db_path}:" and lines[-1] == "Ready for Harbour." and err == ""
    assert lines[1].startswith("ok opens (read only here) with DuckDB v")
    assert lines[2].startswith("ok not encrypted (HARBOUR_DB_KEY is not set): whoever can read the file")
    assert f"ok schema {NEWEST}: current (the newest this Harbour knows)" in lines


def test_check_db_on_an_older_file_says_migrate_and_leaves_it_as_it_was(
    db_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    _partly_migrated_duckdb(db_path, 2)
    before = db_path.read_bytes()
    assert run_cli(["check-db", "--db", str(db_path)], monkeypatch) == 1
    lines, err = _report(capsys)
    assert any(
        line.startswith(f"problem schema 2, where this Harbour needs {NEWEST}: run `python -m") for line in lines
    )
    assert "is not ready for Harbour: schema 2" in one_error_line(err)
    assert db_path.read_bytes() == before


def test_check_db_on_an_encrypted_file_with_and_without_its_key(
    db_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    Database(db_path, KEY, backup_dir=tmp_path / "backups").close()
    assert run_cli(["check-db", "--db", str(db_path)], monkeypatch) == 1
    assert one_error_line(capsys.readouterr().err) == (
        f"harbour: {db_path} is encrypted: set HARBOUR_DB_KEY to its key and start again; nothing in the file was "
        "changed."
    )
    monkeypatch.setenv("HARBOUR_DB_KEY", KEY)
    assert run_cli(["check-db", "--db", str(db_path)], monkeypatch) == 0
    lines, _ = _report(capsys)
    assert "ok encrypted, and HARBOUR_DB_KEY opens it" in lines


def test_check_db_on_a_missing_file_is_one_line_and_makes_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run_cli(["check-db"], monkeypatch) == 1
    assert "There is no database at" in one_error_line(capsys.readouterr().err)
    assert list(tmp_path.iterdir()) == []


# -- backup with pg_dump, restore with pg_restore ---------------------------------------------------------------------
def _fill(db: PostgresDatabase) -> str:
    """An account with two entries (one tagged) and a draft: the journal a backup must bring back."""
    person = accounts.create_account(db, "alex", PASSWORD)
    for n, text in enumerate(["Handover went well 🎉", "A hard shift; I'm 50% tired"]):
        entry_rows.insert(
            db,
            entry_rows.Entry(
                f"e{n}", person.id, "free", None, None, None, {"text": text}, text, 3, None, False, None, None,
                date(2026, 11, 20 + n), datetime(2026, 11, 20 + n, 9), datetime(2026, 11, 20 + n, 9), None, 1,
                "harbour", tags=("shift",) if n else (),
            ),
        )  # fmt: skip
    entry_rows.save_draft(db, person.id, "d1", "free", '{"text": "half a thought"}', datetime(2026, 11, 22, 9))
    return person.id


def _journal(db: PostgresDatabase, user_id: str) -> list[tuple[object, ...]]:
    return db.all(
        "SELECT e.id, e.body, e.answers, t.tag FROM entries e LEFT JOIN entry_tags t ON t.entry_id = e.id "
        "WHERE e.user_id = ? ORDER BY e.id",
        [user_id],
    )


@pytest.mark.usefixtures("fixed_clock")  # the backup is named for the held clock's second
def test_a_pg_dump_backup_restores_with_pg_restore_into_a_fresh_database(
    postgres_server: Cluster, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    source = postgres_server.url(postgres_server.create_database())
    db = PostgresDatabase(source, max_size=1)
    try:
        user_id = _fill(db)
        before = _journal(db, user_id)
    finally:
        db.close()
    assert before == [
        ("e0", "Handover went well 🎉", '{"text": "Handover went well 🎉"}', None),
        ("e1", "A hard shift; I'm 50% tired", '{"text": "A hard shift; I\'m 50% tired"}', "shift"),
    ]
    folder = tmp_path / "backups"
    monkeypatch.setenv("HARBOUR_DATABASE_URL", _with_password(source, "postgres"))
    monkeypatch.setenv("HARBOUR_BACKUP_DIR", str(folder))
    assert run_cli(["backup"], monkeypatch) == 0
    out = capsys.readouterr().out
    dump = folder / f"harbour-{NOON_TODAY.astimezone():%Y%m%d-%H%M%S}.pgdump"
    assert sorted(folder.iterdir()) == [dump]  # nothing partial beside it
    assert stat.S_IMODE(dump.stat().st_mode) == 0o600  # everyone's journal: its owner's alone
    assert out.startswith(f"Backup written to {dump} (pg_dump's custom format). To restore it, stop Harbour and run: ")
    assert "pg_restore --clean --if-exists --no-owner" in out and SECRET not in out

    postgres_server.drop_database(source.rsplit("/", 1)[1])  # the database is lost
    target_name = postgres_server.create_database()  # a new one, which a Harbour has already started on
    target = postgres_server.url(target_name)
    restored = subprocess.run(
        [str(bin_dir() / "pg_restore"), "--clean", "--if-exists", "--no-owner", f"--dbname={target}", str(dump)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert restored.returncode == 0, restored.stderr
    db = PostgresDatabase(target, max_size=1)
    try:
        assert db.migrated_from == NEWEST  # nothing left to migrate
        person = accounts.sign_in(db, "alex", PASSWORD)
        assert person.id == user_id and person.is_admin
        assert _journal(db, user_id) == before
        assert entry_rows.count_entries(db, user_id) == 2
        assert [d.entry_id for d in entry_rows.drafts(db, user_id)] == ["d1"]
        with pytest.raises(accounts.AccountError, match="already taken"):
            accounts.create_account(db, "ALEX", PASSWORD)  # the unique name rule came back too
    finally:
        db.close()
        postgres_server.drop_database(target_name)


@pytest.mark.usefixtures("fixed_clock")
def test_backup_without_pg_dump_prints_the_command_to_run_instead(
    postgres_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "bin").mkdir()
    monkeypatch.setenv("HARBOUR_PG_BIN", str(tmp_path / "bin"))  # only there, and it isn't there
    monkeypatch.setenv("HARBOUR_DATABASE_URL", _with_password(postgres_url, "postgres"))
    assert run_cli(["backup", "--out", str(tmp_path / "out")], monkeypatch) == 1
    line = one_error_line(capsys.readouterr().err)
    name = f"harbour-{NOON_TODAY.astimezone():%Y%m%d-%H%M%S}.pgdump"
    assert line.startswith(f"harbour: pg_dump was not found (not in HARBOUR_PG_BIN ({tmp_path / 'bin'})): install ")
    assert f"Or run the backup yourself: pg_dump --format=custom --file={tmp_path / 'out' / name} '--dbname=" in line
    assert "(with the password in PGPASSWORD or ~/.pgpass). Nothing was written." in line
    assert SECRET not in line and not (tmp_path / "out").exists()


def test_a_failed_pg_dump_is_one_line_and_keeps_nothing(
    postgres_server: Cluster, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("HARBOUR_DATABASE_URL", _with_password(postgres_server.url("no_such_database"), "postgres"))
    assert run_cli(["backup", "--out", str(tmp_path / "out")], monkeypatch) == 1
    line = one_error_line(capsys.readouterr().err)
    assert f"harbour: pg_dump could not back up 127.0.0.1:{postgres_server.port}/no_such_database (exit 1): " in line
    assert 'database "no_such_database" does not exist' in line and line.endswith("Nothing was kept.")
    assert SECRET not in line and list((tmp_path / "out").iterdir()) == []


def test_pg_dump_gets_the_password_in_its_environment_never_on_its_command_line() -> None:
    url = f"postgresql://harbour:{SECRET}@db.example.org:6432/journal?sslmode=verify-full&sslrootcert=/etc/ca.pem"
    argv, env = dump_command("/usr/bin/pg_dump", url, Path("/backups/x.pgdump"))
    assert env == {"PGPASSWORD": SECRET}
    assert argv[:4] == ["/usr/bin/pg_dump", "--format=custom", "--no-password", "--file=/backups/x.pgdump"]
    assert argv[4] == (
        "--dbname=user=harbour dbname=journal host=db.example.org port=6432 sslmode=verify-full sslrootcert=/etc/ca.pem"
    )
    assert SECRET not in " ".join(argv) and SECRET not in restore_command(url)


# -- the server refuses HARBOUR_DB_KEY with a URL too -----------------------------------------------------------------
def test_the_server_refuses_harbour_db_key_with_a_url_in_one_line(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("HARBOUR_", "PG"))}
    env |= {
        "HARBOUR_DB": str(tmp_path / "harbour.duckdb"),
        "HARBOUR_DB_KEY": KEY,
        "HARBOUR_DATABASE_URL": _unreachable(),
        "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])),
    }
    port = str(free_port())
    command = [sys.executable, "-m", "journal.ui.serve", "--server.port", port, "--server.address", "127.0.0.1"]
    done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=60, check=False)
    assert done.returncode == 1 and done.stdout == "", done
    assert done.stderr.splitlines() == [f"Harbour did not start: {KEY_WITH_POSTGRES}"]
    assert list(tmp_path.iterdir()) == []
