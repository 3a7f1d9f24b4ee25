"""Shared fixtures: a real DuckDB file per test (or a PostgreSQL database), the shipped content, account factories
and a fixed clock."""

from __future__ import annotations

import functools
import io
import itertools
import os
import sys
import uuid
from collections.abc import Callable, Iterator
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from argon2 import PasswordHasher

from journal import accounts, cli, clock
from journal.accounts import User
from journal.clock import utcnow
from journal.content.library import Library, library
from journal.store import Database, users
from journal.store.opening import Store
from tests import postgres_cluster
from tests.factories import NOON_TODAY, PASSWORD


class FixedClock:
    """Stands in for `journal.clock.instant`: the day never changes unless the test moves it on (`advance`, so a
    wait passes without sleeping).

    Each reading is a microsecond after the last, as a real clock's would be: the app tells a first save from a
    retry by its timestamp, and orders sessions and prompts by theirs. `at` is the latest reading.
    """

    def __init__(self, at: datetime) -> None:
        self.at = at

    def __call__(self) -> datetime:
        self.at += timedelta(microseconds=1)
        return self.at

    def advance(self, **kwargs: float) -> None:
        self.at += timedelta(**kwargs)


@pytest.fixture
def fixed_clock(monkeypatch: pytest.MonkeyPatch) -> FixedClock:
    """Harbour's clock held at noon on factories.TODAY for everything in this process (AppTest's pages too)."""
    held = FixedClock(NOON_TODAY)
    monkeypatch.setattr(clock, "instant", held)
    return held


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "harbour.duckdb"


BACKENDS = ("duckdb", "postgres")


def chosen_backends() -> tuple[str, ...]:
    """Both backends, unless HARBOUR_TEST_BACKEND names one (a quicker run while working on one of them)."""
    only = os.environ.get("HARBOUR_TEST_BACKEND", "").strip().lower()
    return (only,) if only in BACKENDS else BACKENDS


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """Every test that uses the database (`db`, or `backend` itself, as tests/app's autouse fixture does) runs once
    on DuckDB's file and once on PostgreSQL, except those marked duckdb_only and the browser journeys, which start
    servers of their own. Without PostgreSQL's binaries the PostgreSQL runs are skipped with one line of reason."""
    if "backend" not in metafunc.fixturenames:
        return
    if metafunc.definition.get_closest_marker("duckdb_only") or metafunc.definition.get_closest_marker("e2e"):
        backends: tuple[str, ...] = ("duckdb",)
    else:
        backends = chosen_backends()
    metafunc.parametrize("backend", backends, indirect=True)


@pytest.fixture
def backend(request: pytest.FixtureRequest) -> str:
    """ "duckdb" or "postgres": which database this run of the test is on (see pytest_generate_tests)."""
    return str(getattr(request, "param", "duckdb"))


@pytest.fixture
def db(backend: str, db_path: Path, request: pytest.FixtureRequest) -> Iterator[Store]:
    """The journal's database for one test: a DuckDB file in tmp_path, or an emptied PostgreSQL database."""
    database: Store
    if backend == "postgres":
        from journal.store.postgres import PostgresDatabase

        database = PostgresDatabase(request.getfixturevalue("postgres_url"), max_size=4)
    else:
        database = Database(db_path)
    yield database
    database.close()


def in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() == "true"


PG_SKIPPED = "PostgreSQL tests skipped: "


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    """One line at the end when PostgreSQL's tests did not run, however many there are."""
    skipped = [r for r in terminalreporter.stats.get("skipped", []) if PG_SKIPPED in str(r.longrepr)]
    if skipped:
        why = postgres_cluster.binaries_missing()
        terminalreporter.write_line(f"{len(skipped)} PostgreSQL tests skipped: {why}", yellow=True, bold=True)


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[postgres_cluster.Cluster]:
    """A throwaway PostgreSQL cluster on loopback for the whole run, with a migrated template database in it.

    Without PostgreSQL's binaries its tests are skipped, with one reason, on a workstation; in CI they fail.
    """
    missing = postgres_cluster.binaries_missing()
    if missing:
        if in_ci():
            pytest.fail(f"PostgreSQL is required in CI: {missing}", pytrace=False)
        pytest.skip(f"{PG_SKIPPED}{missing}")
    cluster = postgres_cluster.start_cluster()
    try:
        cluster.make_template()
        yield cluster
    finally:
        cluster.stop()


@pytest.fixture
def postgres_url(postgres_server: postgres_cluster.Cluster) -> str:
    """The URL of a migrated PostgreSQL database with no rows in it, for this test.

    One database is shared and emptied before each test (about 20 ms), rather than a copy of the template made
    and dropped for each (0.2-0.4 s here, most of a store test's time); a test that changed its schema is noticed
    and the next one gets a fresh copy. Tests that need an empty, unmigrated database make one with
    `postgres_server.create_database(template="template0")`.
    """
    return postgres_server.url(postgres_server.emptied_database())


@pytest.fixture(scope="session")
def lib() -> Library:
    return library()


@functools.cache
def _hash(password: str) -> str:
    return PasswordHasher().hash(password)  # argon2id, as accounts uses; computed once per password


@pytest.fixture
def make_user(db: Database) -> Callable[..., User]:
    """Real accounts in the database. Sign-up itself is tested in test_accounts; this skips re-hashing."""
    counter = itertools.count(1)

    def make(name: str | None = None, password: str = PASSWORD) -> User:
        name = name or f"person{next(counter)}"
        row = users.UserRow(str(uuid.uuid4()), name, accounts.username_key(name), _hash(password), False, utcnow())
        assert users.insert_first_is_admin(db, row), f"name {name!r} taken"
        stored = users.find_by_id(db, row.id)
        assert stored is not None
        return User(stored.id, stored.username, stored.is_admin)

    return make


@pytest.fixture
def user(make_user: Callable[..., User]) -> User:
    return make_user("alex")


def run_cli(argv: list[str], monkeypatch: pytest.MonkeyPatch, stdin: str = "") -> int:
    """`python -m journal ARGV` in this process, with `stdin` as its standard input; returns the exit code."""
    monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
    return cli.main(argv)


def one_error_line(err: str) -> str:
    """The command's one line of error (every CLI error is exactly one line starting "harbour: ")."""
    lines = err.splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith("harbour: ")
    return lines[0]
