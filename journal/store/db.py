"""One DuckDB connection per process; a cursor per operation; ordered, transactional migrations."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import TypeVar

import duckdb

from journal.store.migrations import MIGRATIONS


class StoreError(Exception):
    """A problem with the database that a person or operator can act on; the message says how."""


class DatabaseInUse(StoreError):
    pass


class SchemaTooNew(StoreError):
    pass


T = TypeVar("T")
SAVE_ATTEMPTS = 8  # retries when two saves of one id collide (about 1.3 s in all, at most)


def utcnow() -> datetime:
    """Naive UTC timestamp: DuckDB TIMESTAMP columns hold UTC throughout Harbour."""
    return datetime.now(UTC).replace(tzinfo=None)


class Database:
    """The journal's database file. Create one per process and share it between threads."""

    def __init__(self, path: Path | str):
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        try:
            self._con = duckdb.connect(str(self.path))
        except duckdb.IOException as exc:
            if "lock" in str(exc).lower():
                raise DatabaseInUse(
                    f"The database {self.path} is already open in another Harbour process. "
                    "Stop that process first (only one may use a database file at a time)."
                ) from exc
            raise StoreError(f"Could not open the database {self.path}: {exc}") from exc
        try:
            self._migrate()
        except BaseException:
            self._con.close()
            raise

    @contextmanager
    def cursor(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """A fresh cursor: DuckDB connections are not thread-safe, cursors are per thread."""
        cur = self._con.cursor()
        try:
            yield cur
        finally:
            cur.close()

    @contextmanager
    def transaction(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """Everything inside commits together, or not at all; returns only once committed."""
        with self.cursor() as cur:
            cur.begin()
            try:
                yield cur
            except BaseException:
                cur.rollback()
                raise
            cur.commit()

    def close(self) -> None:
        self._con.close()

    # -- migrations -------------------------------------------------------------
    @property
    def schema_version(self) -> int:
        with self.cursor() as cur:
            row = cur.execute("SELECT coalesce(max(version), 0) FROM schema_migrations").fetchone()
        return int(row[0])

    def _migrate(self) -> None:
        with self.cursor() as cur:
            cur.execute(
                "CREATE TABLE IF NOT EXISTS schema_migrations ("
                " version INTEGER PRIMARY KEY, name VARCHAR NOT NULL, applied_at TIMESTAMP NOT NULL)"
            )
        current = self.schema_version
        newest = MIGRATIONS[-1].version
        if current > newest:
            raise SchemaTooNew(
                f"The database {self.path} was written by a newer Harbour (schema {current}; "
                f"this version knows up to {newest}). Upgrade Harbour to open it; "
                "nothing in the file was changed."
            )
        applied = False
        for migration in MIGRATIONS:
            if migration.version <= current:
                continue
            with self.transaction() as cur:
                for statement in migration.statements:
                    cur.execute(statement)
                cur.execute(
                    "INSERT INTO schema_migrations VALUES (?, ?, ?)",
                    [migration.version, migration.name, utcnow()],
                )
            applied = True
        if applied:
            with self.cursor() as cur:
                cur.execute("CHECKPOINT")


def save_once(
    db: Database, write: Callable[[duckdb.DuckDBPyConnection], None], look_up: Callable[[], T | None]
) -> T | None:
    """Commit `write`, which must make the saving of one id idempotent, then return what `look_up` finds.

    When another save of the same id is in flight the transactions collide; the outcome is then settled by
    looking the id up (once the other commits), never by guessing.
    """
    for attempt in range(SAVE_ATTEMPTS):
        try:
            with db.transaction() as cur:
                write(cur)
            break
        except (duckdb.ConstraintException, duckdb.TransactionException):
            if look_up() is not None:
                break
            time.sleep(0.005 * 2**attempt)
    return look_up()
