"""PostgreSQL behind the store's one Handle: several Harbour processes over one database (HARBOUR_DATABASE_URL).

Every store function runs here unchanged: the store's SQL is written in forms both backends accept (dialect.py lists
what still differs and where), and `make test` runs the store, service and page tests on both. What this module
adds is the backend itself: a psycopg pool, read() as one REPEATABLE READ READ ONLY snapshot and write() as one
REPEATABLE READ transaction (both joining an open transaction, as DuckDB's do), `?` parameters rewritten for psycopg,
bulk writes through COPY (insert_columns), the store's errors from SQLSTATEs (Duplicate, Refused, Conflict, DiskFull,
Unavailable), and the numbered migrations applied once under an advisory lock however many processes start
together. What only DuckDB's file has (its encryption key, its daily copies, the CLI's file commands) is refused or
left out on PostgreSQL: see opening.py, pg_backup.py and checks.py.

Statements on the database itself run each on its own (autocommit), on a connection from a psycopg_pool pool that
checks a connection before lending it: across a server restart, what runs while the server is down fails with
Unavailable (a StoreError whose words a page can show; at most `timeout` seconds waiting for a connection), and once
it is back every operation succeeds on the same pool
(tests/service/test_postgres_store.py restarts the server under a pool in use). Writes are REPEATABLE READ: at
PostgreSQL's default READ COMMITTED a read-then-write loses updates, where REPEATABLE READ refuses the second writer
(SerializationFailure: a Conflict, which retrying_write tries again), as DuckDB does.

Opening a database whose schema is current takes no privilege beyond reading schema_migrations, so Harbour can run
as a role that may only SELECT, INSERT, UPDATE and DELETE, with `python -m journal migrate` run as the tables' owner
(`python -m journal check-db` says which a role may do; journal/store/checks.py).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import AbstractContextManager, contextmanager
from typing import TYPE_CHECKING, TypeVar

import psycopg
from psycopg import errors
from psycopg.conninfo import conninfo_to_dict, make_conninfo
from psycopg.rows import TupleRow
from psycopg.types.numeric import FloatLoader
from psycopg_pool import ConnectionPool, PoolTimeout

from journal.clock import utcnow
from journal.store.db import (
    CONFLICT_MESSAGE,
    DISK_FULL_MESSAGE,
    UNAVAILABLE_MESSAGE,
    Begins,
    Conflict,
    DiskFull,
    Duplicate,
    OpenTransaction,
    Params,
    Refused,
    SchemaTooNew,
    Statements,
    StoreError,
    Unavailable,
)
from journal.store.dialect import postgres_schema
from journal.store.migrations import MIGRATIONS

if TYPE_CHECKING:
    import pandas as pd

T = TypeVar("T")
Connection = psycopg.Connection[TupleRow]

# pg_advisory_lock's key for "migrating Harbour's schema" (the bytes of "Harbour" and a 1): any fixed bigint will do,
# as long as nothing else on the server takes the same one.
MIGRATION_LOCK = 0x4861726275720001
_BEGIN_WRITE = "BEGIN ISOLATION LEVEL REPEATABLE READ"
_BEGIN_READ = "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY"
_DATE_TYPES = {"date", "timestamp", "timestamptz"}

# A string literal, a quoted name or a comment (copied with % doubled), a ?-parameter, or a bare %.
_TOKENS = re.compile(r"'(?:[^']|'')*'|\"(?:[^\"]|\"\")*\"|--[^\n]*|\?|%")


@functools.lru_cache(maxsize=2048)
def pyformat(sql: str) -> str:
    """The store's SQL (`?` parameters) in psycopg's form: `%s` for each `?` outside literals, every `%` doubled."""

    def one(match: re.Match[str]) -> str:
        token = match.group(0)
        return "%s" if token == "?" else token.replace("%", "%%")

    return _TOKENS.sub(one, sql)


def _positional(params: Params) -> Sequence[object]:
    if not isinstance(params, Sequence):
        raise TypeError("PostgresDatabase takes ?-parameters in a sequence, not by name")
    return params


def _translated(exc: psycopg.Error) -> StoreError | None:
    """psycopg's exception as the store error the domain catches, by SQLSTATE; None for a bug or a bad query."""
    if isinstance(exc, errors.DiskFull):
        return DiskFull(DISK_FULL_MESSAGE)
    if isinstance(exc, errors.UniqueViolation):
        return Duplicate(str(exc))
    if isinstance(exc, psycopg.IntegrityError):  # a check, NOT NULL or foreign key
        return Refused(str(exc))
    if isinstance(exc, errors.SerializationFailure | errors.DeadlockDetected):
        return Conflict(CONFLICT_MESSAGE)
    if _connection_lost(exc):
        return Unavailable(UNAVAILABLE_MESSAGE)
    return None


# The server went away under a statement: class 08 (connection exceptions) and 57P01-57P03 (shut down, crashed, not
# yet accepting connections); a connection closed without a word from the server has no SQLSTATE at all.
_GONE = ("57P01", "57P02", "57P03")


def _connection_lost(exc: psycopg.Error) -> bool:
    if not isinstance(exc, psycopg.OperationalError):
        return False
    state = exc.sqlstate
    return state is None or state.startswith("08") or state in _GONE


def _translating(run: Callable[[], T]) -> T:
    try:
        return run()
    except psycopg.Error as exc:
        translated = _translated(exc)
        if translated is None:
            raise
        raise translated from exc


def _configure(conn: Connection) -> None:
    # Harbour keeps no NUMERIC columns: a NUMERIC here is an aggregate such as avg(mood), which DuckDB returns as a
    # float. Loaded as float, it is one in both backends (rather than a Decimal that charts and JSON refuse).
    conn.adapters.register_loader("numeric", FloatLoader)


BAD_URL = (
    "HARBOUR_DATABASE_URL is not a connection string PostgreSQL's client understands: give "
    "postgresql://USER@HOST:PORT/DATABASE?sslmode=verify-full (the password percent-encoded, or in PGPASSWORD)"
)
# Options that are secrets: never printed, and never put on another program's command line (`ps` shows it).
SECRETS = ("password", "sslpassword")


def _parts(url: str) -> dict[str, str]:
    """`url`'s options; a StoreError that never echoes the URL (a parse error can quote part of its password)."""
    try:
        return {name: str(value) for name, value in conninfo_to_dict(url).items()}
    except psycopg.ProgrammingError:
        raise StoreError(BAD_URL) from None


def where(url: str) -> str:
    """Host, port and database of `url`, for messages: never the password or other options."""
    try:
        parts = _parts(url)
    except StoreError:
        return "the PostgreSQL server given"
    return f"{parts.get('host', 'localhost')}:{parts.get('port', 5432)}/{parts.get('dbname', '')}"


def scrubbed(text: str, url: str) -> str:
    """`text` on one line, with any secret of `url` in it starred out (libpq doesn't quote them; in case it does)."""
    text = "; ".join(" ".join(line.split()) for line in text.splitlines() if line.strip())
    for secret in (_parts(url).get(name) for name in SECRETS):
        if secret and len(secret) >= 4:
            text = text.replace(secret, "***")
    return text


def connect_error(url: str, exc: psycopg.Error) -> str:
    """Why connecting failed, on one line, naming host:port/database and never the password."""
    return f"Could not connect to PostgreSQL at {where(url)}: {scrubbed(str(exc), url)}".rstrip(": ")


def has_password(url: str) -> bool:
    """Whether `url` carries a password (or a client key's password) in it."""
    return any(name in _parts(url) for name in SECRETS)


def without_password(url: str, *, keep: tuple[str, ...] = ()) -> tuple[str, str | None]:
    """`url` as a key=value connection string without its secrets (but those named in `keep`), and its password:
    for another program's command line, with the password handed over in PGPASSWORD."""
    parts = _parts(url)
    password = parts.get("password")
    shown = {name: value for name, value in parts.items() if name not in SECRETS or name in keep}
    return make_conninfo("", **shown), password


class _Statements(Statements):
    """Statements on a connection from `_connection()`, with PostgreSQL's errors translated."""

    dialect = "postgres"

    def _connection(self) -> AbstractContextManager[Connection]:
        raise NotImplementedError

    def _run(self, sql: str, params: Params, fetch: Callable[[psycopg.Cursor[TupleRow]], T]) -> T:
        # Always a sequence, even empty: psycopg turns %% back into % only when it is given parameters.
        values = _positional(params)
        with self._connection() as conn:
            return _translating(lambda: fetch(conn.execute(pyformat(sql), values)))

    def _frame(self, cur: psycopg.Cursor[TupleRow]) -> pd.DataFrame:
        return _frame(cur)


def _frame(cur: psycopg.Cursor[TupleRow]) -> pd.DataFrame:
    """The rows as a DataFrame with the columns' names; dates as datetime64, as DuckDB's DataFrames have them."""
    import pandas as pd

    columns = [d.name for d in cur.description or ()]
    frame = pd.DataFrame(cur.fetchall(), columns=columns)
    for position, description in enumerate(cur.description or ()):
        info = psycopg.postgres.types.get(description.type_code)
        if info is not None and info.name in _DATE_TYPES:
            frame.isetitem(position, pd.to_datetime(frame.iloc[:, position]).astype("datetime64[us]"))
    return frame


class PostgresTransaction(_Statements, OpenTransaction):
    """A handle on one open transaction (`writing`) or read-only snapshot; made by read() and write()."""

    def __init__(self, conn: Connection, *, writing: bool):
        self._conn = conn
        self.writing = writing

    @contextmanager
    def _connection(self) -> Iterator[Connection]:
        yield self._conn

    def insert_columns(self, table: str, columns: Mapping[str, Sequence[object]], types: Mapping[str, str]) -> None:
        """Through COPY ... FROM STDIN, in this transaction: each column's type is the table's own, so `types` is
        not needed here."""
        rows = zip(*columns.values(), strict=True)

        def copy() -> None:
            with self._conn.cursor() as cur, cur.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as out:
                for row in rows:
                    out.write_row(row)

        _translating(copy)


class PostgresDatabase(_Statements, Begins[PostgresTransaction]):
    """Harbour's database on a PostgreSQL server, and a Handle on it. Create one per process; threads share it.

    `url` is a libpq connection string or URL (postgresql://user@host:port/dbname?sslmode=verify-full). Opening
    applies the migrations this database hasn't had yet (once, however many processes start together); `max_size`
    caps the connections this process holds.
    """

    migrated_from: int | None = None  # the schema version found on opening, before this process migrated it

    def __init__(self, url: str, *, min_size: int = 1, max_size: int = 10, timeout: float = 10.0):
        self.where = where(url)
        self.closed = False
        _parts(url)  # a URL libpq can't read is refused without quoting it (its error can quote the password)
        try:
            with psycopg.connect(url, autocommit=True, connect_timeout=int(timeout)) as conn:
                _configure(conn)
                self._migrate(conn)
        except psycopg.OperationalError as exc:
            raise StoreError(connect_error(url, exc)) from exc
        self._pool: ConnectionPool[Connection] = ConnectionPool(
            url,
            min_size=min_size,
            max_size=max_size,
            timeout=timeout,
            kwargs={"autocommit": True},
            configure=_configure,
            check=ConnectionPool.check_connection,
            name="harbour",
            open=True,
        )

    def _connection(self) -> AbstractContextManager[Connection]:
        return self._lend()

    @contextmanager
    def _lend(self) -> Iterator[Connection]:
        """A connection from the pool, as pool.connection() lends one, but Unavailable (a StoreError with kind words)
        when none can be had in time because the server is down."""
        try:
            conn = self._pool.getconn()
        except PoolTimeout as exc:
            raise Unavailable(UNAVAILABLE_MESSAGE) from exc
        try:
            with conn:
                yield conn
        finally:
            self._pool.putconn(conn)

    @contextmanager
    def _transaction(self, *, writing: bool) -> Iterator[PostgresTransaction]:
        with self._lend() as conn:
            _translating(lambda: conn.execute(_BEGIN_WRITE if writing else _BEGIN_READ))
            try:
                yield PostgresTransaction(conn, writing=writing)
                _translating(lambda: conn.execute("COMMIT"))
            except BaseException as exc:
                _rollback_quietly(conn)
                translated = _translated(exc) if isinstance(exc, psycopg.Error) else None
                if translated is None:
                    raise
                raise translated from exc

    def close(self) -> None:
        self.closed = True
        self._pool.close()

    # -- migrations -------------------------------------------------------------
    @property
    def schema_version(self) -> int:
        row = self.one("SELECT coalesce(max(version), 0) FROM schema_migrations")
        assert row is not None
        return int(row[0])

    def _migrate(self, conn: Connection) -> None:
        """Apply the migrations not yet applied, each in one transaction, holding the advisory lock throughout so
        that processes starting together take turns: the first migrates, the others then find nothing to do.

        A database already current needs no privilege beyond reading schema_migrations, so Harbour can run as a
        role that may only read and write rows, with `python -m journal migrate` run as the tables' owner."""
        newest = MIGRATIONS[-1].version
        current = 0
        conn.execute("SELECT pg_advisory_lock(%s)", [MIGRATION_LOCK])
        try:
            # Only when missing: CREATE TABLE IF NOT EXISTS needs CREATE on the schema even when the table is there.
            if conn.execute("SELECT to_regclass('schema_migrations')").fetchone() == (None,):
                conn.execute(
                    "CREATE TABLE schema_migrations ("
                    " version INTEGER PRIMARY KEY, name VARCHAR NOT NULL, applied_at TIMESTAMP NOT NULL)"
                )
            row = conn.execute("SELECT coalesce(max(version), 0) FROM schema_migrations").fetchone()
            current = int(row[0]) if row else 0
            self.migrated_from = current
            if current > newest:
                raise SchemaTooNew(
                    f"The database at {self.where} was written by a newer Harbour (schema {current}; "
                    f"this version knows up to {newest}). Upgrade Harbour to open it; nothing in it was changed."
                )
            for migration in MIGRATIONS:
                if migration.version <= current:
                    continue
                with conn.transaction():  # PostgreSQL's DDL is transactional: a migration applies whole or not at all
                    for statement in migration.statements:
                        conn.execute(postgres_schema(statement))
                    conn.execute(
                        "INSERT INTO schema_migrations VALUES (%s, %s, %s)",
                        [migration.version, migration.name, utcnow()],
                    )
        except errors.InsufficientPrivilege as exc:
            raise StoreError(
                f"The role {conn.info.user} may not bring Harbour's tables at {self.where} up to date (schema "
                f"{current}, this Harbour needs {newest}; PostgreSQL said: {exc.diag.message_primary}). Run "
                "`python -m journal migrate` as the role that owns them, then start Harbour; nothing was changed."
            ) from exc
        finally:
            if not conn.closed:
                conn.execute("SELECT pg_advisory_unlock(%s)", [MIGRATION_LOCK])


def _rollback_quietly(conn: Connection) -> None:
    """Roll back what can be; the pool resets a connection whose rollback failed before lending it again."""
    try:
        conn.execute("ROLLBACK")
    except psycopg.Error:
        pass
