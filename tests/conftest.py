"""Shared fixtures: a real DuckDB file per test, the shipped content, account factories and a fixed clock."""

from __future__ import annotations

import functools
import io
import itertools
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


@pytest.fixture
def db(db_path: Path) -> Iterator[Database]:
    database = Database(db_path)
    yield database
    database.close()


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
