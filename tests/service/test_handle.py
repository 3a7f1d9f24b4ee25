"""The one handle every store function takes: statements on their own, snapshots, transactions that join, the
store's own errors for collisions and duplicates, and the one retrying write; on DuckDB and on PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from journal.store import (
    Conflict,
    Database,
    Duplicate,
    Handle,
    Refused,
    StoreError,
    retrying_write,
)
from journal.store.db import OpenTransaction


@pytest.fixture(params=["duckdb", "postgres"])
def db(request: pytest.FixtureRequest, db_path: Path) -> Iterator[Handle]:
    """Each test on both backends: a DuckDB file, and a PostgreSQL database (skipped where it isn't installed)."""
    if request.param == "postgres":
        from journal.store.postgres import PostgresDatabase

        database: Database | PostgresDatabase = PostgresDatabase(request.getfixturevalue("postgres_url"))
    else:
        database = Database(db_path)
    database.execute("CREATE TABLE counters (id INTEGER PRIMARY KEY, n INTEGER NOT NULL)")
    database.execute("INSERT INTO counters VALUES (1, 0)")
    yield database
    database.execute("DROP TABLE counters")  # leaves PostgreSQL's shared test database as it was
    database.close()


def _n(db: Handle, counter: int = 1) -> int | None:
    row = db.one("SELECT n FROM counters WHERE id = ?", [counter])
    return None if row is None else int(row[0])


def _add_two(db: Handle) -> None:
    """A store function that needs a transaction of its own, or joins its caller's."""
    with db.write() as tx:
        tx.execute("INSERT INTO counters VALUES (2, 0)")
        tx.execute("INSERT INTO counters VALUES (3, 0)")


def test_a_database_runs_each_statement_on_its_own(db: Handle) -> None:
    db.execute("UPDATE counters SET n = n + 1 WHERE id = ?", [1])
    assert db.one("SELECT n FROM counters WHERE id = ?", [1]) == (1,)
    assert db.one("SELECT n FROM counters WHERE id = ?", [9]) is None
    assert db.all("SELECT id, n FROM counters ORDER BY id") == [(1, 1)]
    frame = db.frame("SELECT id, n FROM counters ORDER BY id")
    assert list(frame.columns) == ["id", "n"] and frame.to_dict("records") == [{"id": 1, "n": 1}]


def test_a_write_commits_together_or_not_at_all(db: Handle) -> None:
    with pytest.raises(RuntimeError):
        with db.write() as tx:
            tx.execute("UPDATE counters SET n = 5 WHERE id = 1")
            _add_two(tx)
            raise RuntimeError("something went wrong part way")
    assert db.all("SELECT id, n FROM counters ORDER BY id") == [(1, 0)]

    with db.write() as tx:
        tx.execute("UPDATE counters SET n = 5 WHERE id = 1")
        _add_two(tx)
    assert db.all("SELECT id, n FROM counters ORDER BY id") == [(1, 5), (2, 0), (3, 0)]


def test_inside_a_transaction_read_and_write_join_it(db: Handle) -> None:
    with db.write() as tx:
        assert isinstance(tx, OpenTransaction)
        with tx.write() as inner, tx.read() as snapshot:
            assert inner is tx and snapshot is tx
        _add_two(tx)
        assert _n(db, 2) is None  # not committed yet: only the outer transaction commits
        assert _n(tx, 2) == 0
    assert _n(db, 2) == 0


def test_a_read_is_one_snapshot_and_writes_nothing(db: Handle) -> None:
    with db.read() as snapshot:
        assert _n(snapshot) == 0
        db.execute("UPDATE counters SET n = 7 WHERE id = 1")  # committed meanwhile by someone else
        assert _n(snapshot) == 0
        with pytest.raises(RuntimeError, match="read-only"):
            _add_two(snapshot)
    assert _n(db) == 7
    assert _n(db, 2) is None


def test_a_duplicate_key_is_a_duplicate_and_writes_nothing(db: Handle) -> None:
    with pytest.raises(Duplicate) as caught:
        with db.write() as tx:
            tx.execute("UPDATE counters SET n = 3 WHERE id = 1")
            tx.execute("INSERT INTO counters VALUES (1, 9)")
    assert isinstance(caught.value, Refused) and isinstance(caught.value, StoreError)
    assert _n(db) == 0
    with pytest.raises(Refused) as refused:
        db.execute("INSERT INTO counters VALUES (4, NULL)")
    assert not isinstance(refused.value, Duplicate)


def _collide(db: Handle, tx: Handle) -> None:
    """Another transaction updates the counter and commits after `tx` has read it: `tx` may not update it too."""
    assert _n(tx) is not None
    db.execute("UPDATE counters SET n = n + 100 WHERE id = 1")


def test_two_writers_of_one_row_collide_and_the_later_is_rolled_back(db: Handle) -> None:
    with pytest.raises(Conflict):
        with db.write() as tx:
            tx.execute("INSERT INTO counters VALUES (2, 0)")
            _collide(db, tx)
            tx.execute("UPDATE counters SET n = n + 1 WHERE id = 1")
    assert _n(db) == 100
    assert _n(db, 2) is None


def test_retrying_write_tries_again_after_a_collision(db: Handle) -> None:
    tries = []

    def action(tx: Handle) -> str:
        tries.append(1)
        if len(tries) == 1:
            _collide(db, tx)
        tx.execute("UPDATE counters SET n = n + 1 WHERE id = 1")
        return "done"

    assert retrying_write(db, action) == "done"
    assert len(tries) == 2
    assert _n(db) == 101


def test_retrying_write_gives_up_after_its_attempts(db: Handle) -> None:
    tries = []

    def action(tx: Handle) -> None:
        tries.append(1)
        _collide(db, tx)
        tx.execute("UPDATE counters SET n = n + 1 WHERE id = 1")

    with pytest.raises(Conflict):
        retrying_write(db, action, attempts=3)
    assert len(tries) == 3
    assert _n(db) == 300


def test_retrying_write_raises_a_duplicate_at_once(db: Handle) -> None:
    tries = []

    def action(tx: Handle) -> None:
        tries.append(1)
        tx.execute("INSERT INTO counters VALUES (1, 1)")

    with pytest.raises(Duplicate):
        retrying_write(db, action)
    assert len(tries) == 1


def test_retrying_write_settles_a_save_by_looking_it_up(db: Handle) -> None:
    def save_two(tx: Handle) -> None:
        db.execute("INSERT INTO counters VALUES (2, 42)")  # the same id, saved elsewhere a moment before
        tx.execute("INSERT INTO counters VALUES (2, 1)")

    assert retrying_write(db, save_two, lambda: _n(db, 2)) == 42
    assert retrying_write(db, lambda tx: None, lambda: _n(db, 9), attempts=2) is None


def test_retrying_write_in_a_transaction_joins_it_once(db: Handle) -> None:
    tries = []

    def action(tx: Handle) -> None:
        tries.append(tx)
        _add_two(tx)

    with db.write() as outer:
        retrying_write(outer, action)
        assert tries == [outer]
        assert _n(db, 2) is None
    assert _n(db, 2) == 0
