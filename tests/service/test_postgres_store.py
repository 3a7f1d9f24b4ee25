"""The store's Handle on PostgreSQL (journal/store/postgres.py), against a throwaway cluster on loopback: what
differs from DuckDB (parameters, value types, errors), writers in threads that collide and lose no update, and
migrations that several openers apply once. tests/service/test_handle.py runs the Handle's own tests on both
backends. Skipped (with the reason) where PostgreSQL's binaries aren't installed; failed in CI."""

from __future__ import annotations

import threading
import time
import uuid
from collections.abc import Callable, Iterator
from datetime import date, datetime

import psycopg
import pytest

from journal.store import Conflict, Duplicate, Handle, Refused, SchemaTooNew, StoreError, retrying_write, users
from journal.store.db import UNAVAILABLE_MESSAGE, Unavailable
from journal.store.migrations import MIGRATIONS
from journal.store.postgres import PostgresDatabase
from tests.postgres_cluster import Cluster
from tests.processes import free_port


@pytest.fixture
def pg(postgres_url: str) -> Iterator[PostgresDatabase]:
    database = PostgresDatabase(postgres_url)
    database.execute("CREATE TABLE counters (id INTEGER PRIMARY KEY, n INTEGER NOT NULL)")
    database.execute("INSERT INTO counters VALUES (1, 0)")
    yield database
    database.execute("DROP TABLE counters")  # leaves the shared database's schema as it was
    database.close()


def _n(db: Handle, counter: int = 1) -> int | None:
    row = db.one("SELECT n FROM counters WHERE id = ?", [counter])
    return None if row is None else int(row[0])


def _together(count: int, work: Callable[[int], object]) -> list[BaseException]:
    """Run `work(i)` in `count` threads released at the same moment; what each raised, if anything."""
    start = threading.Barrier(count)
    raised: list[BaseException] = []

    def run(i: int) -> None:
        start.wait()
        try:
            work(i)
        except BaseException as exc:  # collected for the test to look at
            raised.append(exc)

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return raised


# -- statements -------------------------------------------------------------------------------------------------
def test_values_go_in_as_parameters_and_come_back_as_python_values(pg: PostgresDatabase) -> None:
    when = datetime(2026, 3, 4, 5, 6, 7, 890)
    row = pg.one(
        "SELECT ?::date, ?::timestamp, ?::boolean, ?::double precision, ?::varchar, 'a ? and 50%' AS literal",
        [date(2026, 3, 4), when, True, 2.5, "it's 100% ?"],
    )
    assert row == (date(2026, 3, 4), when, True, 2.5, "it's 100% ?", "a ? and 50%")
    assert pg.one("SELECT n FROM counters WHERE id = ?", [9]) is None
    assert pg.all("SELECT id, n FROM counters WHERE 'x%' LIKE ? ORDER BY id", ["x%"]) == [(1, 0)]


def test_an_average_is_a_float_as_in_duckdb(pg: PostgresDatabase) -> None:
    pg.execute("INSERT INTO counters VALUES (2, 3)")
    assert pg.one("SELECT avg(n), sum(n), count(*) FROM counters") == (1.5, 3, 2)


def test_a_frame_has_the_columns_names_and_dates_as_datetimes(pg: PostgresDatabase) -> None:
    frame = pg.frame("SELECT id, n, DATE '2026-01-02' AS day, 'a' AS word FROM counters ORDER BY id")
    assert list(frame.columns) == ["id", "n", "day", "word"]
    assert frame.to_dict("records") == [{"id": 1, "n": 0, "day": datetime(2026, 1, 2), "word": "a"}]
    assert str(frame["day"].dtype) == "datetime64[us]"
    empty = pg.frame("SELECT id, n FROM counters WHERE id < ?", [0])
    assert list(empty.columns) == ["id", "n"] and empty.empty


# -- what differs from DuckDB (tests/service/test_handle.py runs the Handle's own tests on both) --------------------
def test_a_write_in_a_read_only_snapshot_is_postgresqls_own_error_not_a_store_error(pg: PostgresDatabase) -> None:
    with pytest.raises(psycopg.errors.ReadOnlySqlTransaction):  # a bug, so nothing a person is told to act on
        with pg.read() as snapshot:
            snapshot.execute("UPDATE counters SET n = 8 WHERE id = 1")
    assert _n(pg) == 0


def test_the_schemas_own_checks_refuse_a_row(pg: PostgresDatabase) -> None:
    with pytest.raises(Refused) as refused:  # a mood is 1 to 5
        pg.execute(
            "INSERT INTO entries (id, user_id, template, answers, body, mood, entry_date, created_at, updated_at) "
            "VALUES ('e', 'u', 't', '{}', 'b', 9, DATE '2026-01-01', now(), now())"
        )
    assert not isinstance(refused.value, Duplicate)
    assert pg.one("SELECT count(*) FROM entries") == (0,)


def test_two_concurrent_read_modify_writes_one_is_refused_as_a_conflict(pg: PostgresDatabase) -> None:
    both_read = threading.Barrier(2)

    def increment(_: int) -> None:
        with pg.write() as tx:
            n = _n(tx)
            both_read.wait(timeout=30)
            tx.execute("UPDATE counters SET n = ? WHERE id = 1", [n + 1])  # the second waits for the first's commit

    raised = _together(2, increment)
    assert [type(exc) for exc in raised] == [Conflict]
    assert _n(pg) == 1  # one increment, and not a lost one: the refused writer wrote nothing


def test_retrying_writes_from_several_threads_lose_no_update(pg: PostgresDatabase) -> None:
    def increment(tx: Handle) -> None:
        n = _n(tx)
        assert n is not None
        tx.execute("UPDATE counters SET n = ? WHERE id = 1", [n + 1])

    def worker(_: int) -> None:
        for _ in range(10):
            retrying_write(pg, increment, attempts=50)

    assert _together(4, worker) == []
    assert _n(pg) == 40


def test_store_functions_run_unchanged(pg: PostgresDatabase) -> None:
    row = users.UserRow(str(uuid.uuid4()), "Alex", "alex", "hash", False, datetime(2026, 1, 1, 12))
    assert users.insert_first_is_admin(pg, row)
    stored = users.find_by_id(pg, row.id)
    assert stored is not None and (stored.username, stored.is_admin) == ("Alex", True)
    assert not users.insert_first_is_admin(pg, row)  # the name is taken
    assert users.count(pg) == 1


# -- opening and migrations -------------------------------------------------------------------------------------
def test_several_openers_of_an_empty_database_migrate_it_once(postgres_server: Cluster) -> None:
    name = postgres_server.create_database(template="template0")
    url = postgres_server.url(name)
    opened: list[PostgresDatabase] = []

    assert _together(4, lambda _: opened.append(PostgresDatabase(url, max_size=1))) == []
    try:
        versions = opened[0].all("SELECT version FROM schema_migrations ORDER BY version")
        assert versions == [(m.version,) for m in MIGRATIONS]
        assert {db.schema_version for db in opened} == {MIGRATIONS[-1].version}
    finally:
        for db in opened:
            db.close()
        postgres_server.drop_database(name)


def test_a_database_from_a_newer_harbour_is_not_opened(postgres_url: str) -> None:
    with psycopg.connect(postgres_url, autocommit=True) as conn:
        conn.execute("INSERT INTO schema_migrations VALUES (999, 'from the future', now())")
    with pytest.raises(SchemaTooNew, match="newer Harbour"):
        PostgresDatabase(postgres_url)


def test_an_unreachable_server_is_a_store_error_that_never_shows_the_password() -> None:
    with pytest.raises(StoreError, match="Could not connect to PostgreSQL at 127.0.0.1") as caught:
        PostgresDatabase(f"postgresql://harbour:secret-word@127.0.0.1:{free_port()}/harbour", timeout=5)
    assert "secret-word" not in str(caught.value)


def test_a_role_that_may_only_read_and_write_rows_opens_a_current_database(postgres_server: Cluster) -> None:
    """Harbour can run as a role without CREATE on the schema (README: `migrate` runs as the tables' owner)."""
    name = postgres_server.create_database()  # migrated, owned by the superuser
    role = f"harbour_rows_only_{name}"
    with psycopg.connect(postgres_server.url(), autocommit=True) as admin:
        admin.execute(f"CREATE ROLE {role} LOGIN")
    try:
        with psycopg.connect(postgres_server.url(name), autocommit=True) as owner:
            owner.execute(f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {role}")
            assert owner.execute("SELECT has_schema_privilege(%s, 'public', 'CREATE')", [role]).fetchone() == (False,)
        db = PostgresDatabase(postgres_server.url(name).replace("postgres@", f"{role}@"), max_size=1)
        try:
            assert db.migrated_from == db.schema_version == MIGRATIONS[-1].version
            row = users.UserRow(str(uuid.uuid4()), "Alex", "alex", "hash", False, datetime(2026, 1, 1, 12))
            assert users.insert_first_is_admin(db, row)
        finally:
            db.close()
    finally:
        postgres_server.drop_database(name)
        with psycopg.connect(postgres_server.url(), autocommit=True) as admin:
            admin.execute(f"DROP ROLE {role}")


# -- a server restart under the pool ------------------------------------------------------------------------------
def test_the_pool_rides_through_a_server_restart_without_reopening(postgres_server: Cluster) -> None:
    """The shared cluster restarts under a pool that is in use; the pool checks each connection before lending it,
    so once the server is back every operation succeeds on the same PostgresDatabase. Its own database, closed before
    returning: other tests' handles are per test, and the shared database's emptying connects anew each time."""
    name = postgres_server.create_database()
    db = PostgresDatabase(postgres_server.url(name), min_size=3, max_size=3, timeout=60)
    stop = threading.Event()
    outcomes: list[str | Exception] = []  # "ok", or what a read raised, in order

    def keep_reading() -> None:
        while not stop.is_set():
            try:
                db.one("SELECT count(*) FROM users")
                outcomes.append("ok")
            except Exception as exc:  # while the server is down: recorded, and the loop carries on
                outcomes.append(exc)
            time.sleep(0.002)  # a steady reader, not a spinning one (the machine is shared)

    try:
        assert _together(3, lambda _: db.one("SELECT pg_sleep(0.05)")) == []  # all three connections made and used
        reader = threading.Thread(target=keep_reading)
        reader.start()
        _wait(lambda: outcomes.count("ok") >= 5)
        postgres_server.restart()  # -m fast: every connection of the old server is ended
        restarted_at = len(outcomes)
        _wait(lambda: outcomes[restarted_at:].count("ok") >= 20)
        stop.set()
        reader.join(timeout=60)
        assert not reader.is_alive()
        # Once reads succeed again, they go on succeeding: no dead connection is lent out later.
        first_ok = outcomes.index("ok", restarted_at)
        assert set(outcomes[first_ok:]) == {"ok"}, outcomes[restarted_at:]
        # While it was down: only Unavailable, the store's error with kind words for the page (the server ending the
        # connection, refusing new ones), never psycopg's own exception or another kind.
        failed = [outcome for outcome in outcomes[:first_ok] if outcome != "ok"]
        assert all(isinstance(exc, Unavailable) and exc.args == (UNAVAILABLE_MESSAGE,) for exc in failed), failed
        # Every connection of the pool (three at once), writes and transactions work on the same handle.
        assert _together(3, lambda _: db.one("SELECT pg_sleep(0.05)")) == []
        row = users.UserRow(str(uuid.uuid4()), "Alex", "alex", "hash", False, datetime(2026, 1, 1, 12))
        assert users.insert_first_is_admin(db, row)
        with db.read() as snapshot:
            assert users.count(snapshot) == 1
        assert db.schema_version == MIGRATIONS[-1].version
    finally:
        stop.set()
        db.close()
        postgres_server.drop_database(name)


def _wait(condition: Callable[[], bool], timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out waiting"
        time.sleep(0.01)
