"""One DuckDB connection per process, the Handle every store function takes, ordered transactional migrations.

Every store function takes a `Handle` first: the Database (each statement on its own) or a `Transaction` made by
`db.read()` (one consistent snapshot) or `db.write()` (one transaction). DuckDB's exceptions never leave this
module as they came: a full disk, two writers colliding and a refused row become DiskFull, Conflict, Duplicate
and Refused, which the domain catches (or leaves to `retrying_write`). `Statements`, `OpenTransaction` and `Begins`
are the backend-neutral halves of a handle; journal/store/postgres.py builds PostgreSQL's from them.

Without a key the file is opened as it always was. With a key (HARBOUR_DB_KEY) Harbour connects to an empty
in-memory database, loads the httpfs extension shipped as a pip package (it cannot be downloaded at run time),
attaches the file as `harbour` with DuckDB's AES-GCM encryption and makes it the default database, so the
file, its WAL and spilled temporary files hold no plaintext. Extensions are never fetched or autoloaded, file
access outside the backup folder is switched off, and after migrations the configuration is locked.
"""

from __future__ import annotations

import hashlib
import hmac
import importlib.util
import shutil
import threading
import time
import weakref
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, Generic, Protocol, Self, TypeVar, overload

import duckdb

from journal.clock import utcnow  # the store's timestamps follow the one clock (and a test's fixed one)
from journal.store.migrations import MIGRATIONS

if TYPE_CHECKING:
    import pandas as pd


class StoreError(Exception):
    """A problem with the database that a person or operator can act on; the message says how."""


class DatabaseInUse(StoreError):
    pass


class SchemaTooNew(StoreError):
    pass


class KeyRequired(StoreError):
    """The file is encrypted and no key was given."""


class WrongKey(StoreError):
    """The key given does not open the file."""


class NotEncrypted(StoreError):
    """A key was given for a file that is not encrypted: refused rather than silently opened in plaintext."""


class BadKey(StoreError):
    """The key itself is unusable (too short, or has control characters)."""


class DiskFull(StoreError):
    pass


class Conflict(StoreError):
    """Another transaction wrote the same rows at the same moment; this one was rolled back and may be tried again."""


class Unavailable(StoreError):
    """The database server can't be reached just now (PostgreSQL restarting, the network between): nothing was
    changed by this statement, and the next try may well work."""


class Refused(StoreError):
    """The database refused a row (a foreign key still pointing at it, a check); nothing was written."""


class Duplicate(Refused):
    """A row with that key (or unique value) is already there; nothing was written."""


DISK_FULL_MESSAGE = (
    "The disk that holds Harbour's database is full, so this wasn't saved. Everything saved before is safe and "
    "your words are still here. Please free some space (or tell whoever runs Harbour) and save again."
)


def _disk_full(exc: BaseException) -> bool:
    return "no space left on device" in str(exc).lower()


UNAVAILABLE_MESSAGE = (
    "Harbour can't reach its database just now, so this wasn't done. Your words are still on this screen: please "
    "try again in a minute (or tell whoever runs Harbour if it keeps happening)."
)
CONFLICT_MESSAGE = (
    "Something else was saved to the same place at the same moment, so this wasn't saved. Please try again."
)


def _translated(exc: duckdb.Error) -> StoreError | None:
    """DuckDB's exception as the store error the domain catches; None for anything else (a bug, a bad query)."""
    message = str(exc)
    if _disk_full(exc):
        return DiskFull(DISK_FULL_MESSAGE)
    if isinstance(exc, duckdb.ConstraintException):
        return Duplicate(message) if "duplicate key" in message.lower() else Refused(message)
    # DuckDB reports a collision as a TransactionException, at the statement ("Conflict on update") or at commit
    # (a key another transaction committed first); a write in a read-only snapshot is a bug, not a collision.
    if isinstance(exc, duckdb.TransactionException) and "read-only" not in message.lower():
        return Conflict(CONFLICT_MESSAGE)
    return None


def _rollback_quietly(cur: duckdb.DuckDBPyConnection) -> None:
    """Roll back what can be; after a failed commit there may be no transaction left to roll back."""
    try:
        cur.rollback()
    except duckdb.Error:
        pass


class UnreplayableWal(StoreError):
    """The write-ahead log could not be replayed; a copy was kept and the database was not opened."""


T = TypeVar("T")
SAVE_ATTEMPTS = 8  # tries when two saves collide (about 1.3 s in all, at most)
ALIAS = "harbour"  # the name an encrypted file is attached under
MIN_KEY_LENGTH = 16
_USE = f"USE {ALIAS}"


def sql_literal(text: str) -> str:
    """`text` as an SQL string literal, for the statements that take no ?-parameters (ATTACH, LOAD, SET)."""
    if "\x00" in text:
        raise StoreError("A path or key with a NUL character can't be used.")
    return "'" + text.replace("'", "''") + "'"


def check_key(key: str) -> None:
    if len(key) < MIN_KEY_LENGTH or any(ord(ch) < 32 for ch in key):
        raise BadKey(
            f"HARBOUR_DB_KEY must be at least {MIN_KEY_LENGTH} printable characters; "
            "`python -m journal keygen` prints a good one."
        )


def packaged_extension(package: str, name: str) -> Path | None:
    """The file of DuckDB extension `name` from its pip package (duckdb-extension-*, as module `package`) for this
    duckdb version, or None when that package isn't installed."""
    spec = importlib.util.find_spec(package)
    folder = Path(next(iter(spec.submodule_search_locations))) if spec and spec.submodule_search_locations else None
    path = folder / "extensions" / f"v{duckdb.__version__}" / f"{name}.duckdb_extension" if folder else None
    return path if path is not None and path.is_file() else None


def httpfs_extension() -> Path:
    """The httpfs extension file from the duckdb-extension-httpfs package: DuckDB writes encrypted files with it."""
    path = packaged_extension("duckdb_extension_httpfs", "httpfs")
    if path is None:
        raise StoreError(
            f"Encryption needs the package duckdb-extension-httpfs=={duckdb.__version__} (the version of duckdb): "
            "install the pinned requirements with `pip install -r requirements.txt`."
        )
    return path


def connect_memory(
    temp_directory: Path, *, encryption: bool, config: Mapping[str, str] | None = None
) -> duckdb.DuckDBPyConnection:
    """An in-memory DuckDB that never fetches extensions and encrypts what it spills; httpfs loaded when needed."""
    # Typed as duckdb.connect asks (a dict, so the value type must match it exactly, not just fit).
    settings: dict[str, str | bool | int | float | list[str]] = {
        "temp_directory": str(temp_directory),
        **(config or {}),
        "autoinstall_known_extensions": "false",
        "autoload_known_extensions": "false",
        "temp_file_encryption": "true",  # off by default even when the attached file is encrypted
    }
    con = duckdb.connect(":memory:", config=settings)
    if encryption:
        try:
            con.execute(f"LOAD {sql_literal(str(httpfs_extension()))}")
        except BaseException:
            con.close()
            raise
    return con


def attach(con: duckdb.DuckDBPyConnection, path: Path, alias: str, key: str | None, *, read_only: bool = False) -> None:
    """ATTACH `path` as `alias` (encrypted with `key` when given); failures become StoreErrors that say what to do."""
    options = ["READ_ONLY"] if read_only else []
    if key is not None:
        check_key(key)
        options.append(f"ENCRYPTION_KEY {sql_literal(key)}")
    statement = f"ATTACH {sql_literal(str(path))} AS {alias}" + (f" ({', '.join(options)})" if options else "")
    try:
        con.execute(statement)
    except duckdb.Error as exc:
        # `from None`: DuckDB's own message may quote the statement, key and all; never chain it into logs.
        raise open_error(exc, path, key) from None


def open_error(exc: duckdb.Error, path: Path, key: str | None) -> StoreError:
    """A StoreError for a failure to open `path`, with the key (if any) scrubbed from DuckDB's message."""
    message = str(exc)
    if key:
        message = message.replace(key, "***").replace(key.replace("'", "''"), "***")
    lower = message.lower()
    if "could not set lock" in lower or "conflicting lock" in lower:
        return DatabaseInUse(
            f"The database {path} is already open in another Harbour process. "
            "Stop that process first (only one may use a database file at a time)."
        )
    if "unique file handle conflict" in lower:
        return DatabaseInUse(f"The database {path} is already open in this process; use that Database.")
    if "replaying wal" in lower:
        return _unreplayable_wal(path, message)
    if "wrong encryption key" in lower:
        return WrongKey(
            f"HARBOUR_DB_KEY does not open {path}: it is not the key the file was encrypted with. "
            "Set the right key and start again; nothing in the file was changed."
        )
    if "encrypted database" in lower and "without a key" in lower:
        return KeyRequired(
            f"{path} is encrypted: set HARBOUR_DB_KEY to its key and start again; nothing in the file was changed."
        )
    if "is not encrypted" in lower:
        return NotEncrypted(
            f"HARBOUR_DB_KEY is set but {path} is not encrypted, so Harbour did not open it. Stop Harbour and run "
            f"`python -m journal encrypt --db {path}` to encrypt it, or unset HARBOUR_DB_KEY; nothing was changed."
        )
    return StoreError(f"Could not open the database {path}: {message}")


def wal_path(path: Path) -> Path:
    return path.with_name(path.name + ".wal")


def _digest(path: Path) -> str:
    sha = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            sha.update(block)
    return sha.hexdigest()


def _keep_copy(source: Path, label: str) -> Path:
    """Copy `source` to `<source>.<label>-<time>`, or name an identical copy made before (one per distinct log)."""
    digest = _digest(source)
    for earlier in sorted(source.parent.glob(f"{source.name}.{label}-*")):
        if earlier.is_file() and _digest(earlier) == digest:
            return earlier
    target = source.with_name(f"{source.name}.{label}-{datetime.now():%Y%m%d-%H%M%S}")
    n = 1
    while target.exists():
        n += 1
        target = source.with_name(f"{source.name}.{label}-{datetime.now():%Y%m%d-%H%M%S}-{n}")
    shutil.copy2(source, target)
    return target


def _unreplayable_wal(path: Path, reason: str) -> StoreError:
    wal = wal_path(path)
    if not wal.exists():
        return UnreplayableWal(f"Could not replay the write-ahead log of {path}: {reason}")
    copy = _keep_copy(wal, "unreplayable")
    return UnreplayableWal(
        f"The last saves to {path} are in its write-ahead log {wal.name}, which DuckDB could not replay ({reason}). "
        f"Harbour did not open the database, so nothing more is lost; a copy of the log is kept at {copy}. "
        "If the cause was passing (a full disk, too little memory), fix it and start again; to start from the "
        f"last checkpoint without those saves, run `python -m journal set-aside-wal --db {path}`."
    )


# -- the one handle every store function takes ------------------------------------------------------------------
Params = Sequence[object] | Mapping[str, object]
Row = tuple[Any, ...]


class Handle(Protocol):
    """What every store function takes: a Database (each statement on its own) or a transaction from one.

    `read()` gives one consistent snapshot and `write()` one transaction that commits together or not at all;
    inside a transaction both join it, the way nested `atomic()` blocks join the outer one in Django, so a store
    function can ask for a transaction without knowing whether its caller already holds one.
    """

    dialect: str  # "duckdb" or "postgres": for the few store functions whose SQL differs (journal/store/dialect.py)

    def execute(self, sql: str, params: Params = ()) -> None: ...
    def one(self, sql: str, params: Params = ()) -> Row | None: ...
    def all(self, sql: str, params: Params = ()) -> list[Row]: ...
    def frame(self, sql: str, params: Params = ()) -> pd.DataFrame: ...
    def read(self) -> AbstractContextManager[Handle]: ...
    def write(self) -> AbstractContextManager[Handle]: ...


class Statements:
    """execute, one, all and frame, whatever the backend: each runs one statement through the backend's `_run`,
    which hands `fetch` the executed cursor (fetchone, fetchall) and translates the backend's errors."""

    def _run(self, sql: str, params: Params, fetch: Callable[[Any], T]) -> T:
        raise NotImplementedError

    def _frame(self, cur: Any) -> pd.DataFrame:
        raise NotImplementedError

    def execute(self, sql: str, params: Params = ()) -> None:
        self._run(sql, params, lambda cur: None)

    def one(self, sql: str, params: Params = ()) -> Row | None:
        return self._run(sql, params, lambda cur: cur.fetchone())

    def all(self, sql: str, params: Params = ()) -> list[Row]:
        return self._run(sql, params, lambda cur: cur.fetchall())

    def frame(self, sql: str, params: Params = ()) -> pd.DataFrame:
        return self._run(sql, params, self._frame)


class _Statements(Statements):
    """Statements on a DuckDB cursor from `_cursor()`, with DuckDB's exceptions translated."""

    dialect = "duckdb"

    def _cursor(self) -> AbstractContextManager[duckdb.DuckDBPyConnection]:
        raise NotImplementedError

    def _run(self, sql: str, params: Params, fetch: Callable[[duckdb.DuckDBPyConnection], T]) -> T:
        with self._cursor() as cur:
            try:
                return fetch(cur.execute(sql, params or None))
            except duckdb.Error as exc:
                translated = _translated(exc)
                if translated is None:
                    raise
                raise translated from exc

    def _frame(self, cur: duckdb.DuckDBPyConnection) -> pd.DataFrame:
        return cur.df()


class OpenTransaction:
    """A handle on a transaction already begun, whatever the backend: its read() and write() join it, and
    retrying_write runs its action once inside it."""

    writing: bool

    def insert_columns(self, table: str, columns: Mapping[str, Sequence[object]], types: Mapping[str, str]) -> None:
        """Many rows into `table` in this transaction, given column by column (each list as long), the backend's
        fastest way. `types` names the SQL type of any column that may hold no value in any row (DuckDB needs it)."""
        raise NotImplementedError

    @contextmanager
    def read(self) -> Iterator[Self]:
        yield self

    @contextmanager
    def write(self) -> Iterator[Self]:
        if not self.writing:  # a bug, not something a person can act on: never shown as a StoreError's message
            raise RuntimeError("A write was asked for inside a read-only snapshot.")
        yield self


class Transaction(_Statements, OpenTransaction):
    """A handle on one open DuckDB transaction (`writing`) or read-only snapshot; made by read() and write()."""

    def __init__(self, cur: duckdb.DuckDBPyConnection, *, writing: bool):
        self._cur = cur
        self.writing = writing

    @contextmanager
    def _cursor(self) -> Iterator[duckdb.DuckDBPyConnection]:
        yield self._cur

    def insert_columns(self, table: str, columns: Mapping[str, Sequence[object]], types: Mapping[str, str]) -> None:
        """As one Arrow table, read through a view: a ten-year import in one statement rather than thousands."""
        import pyarrow as pa  # Streamlit's own dependency; only bulk writes need it

        view = f"harbour_incoming_{table}"
        typed = ", ".join(f"{name}::{types[name]}" if name in types else name for name in columns)
        self._cur.register(view, pa.table(dict(columns)))
        try:
            self.execute(f"INSERT INTO {table} ({', '.join(columns)}) SELECT {typed} FROM {view}")
        finally:
            self._cur.unregister(view)


TX = TypeVar("TX", bound=OpenTransaction)


class Begins(Generic[TX]):
    """read() and write() on a database itself: each begins a transaction of its own, through the backend's
    `_transaction`, and hands out its handle."""

    def _transaction(self, *, writing: bool) -> AbstractContextManager[TX]:
        raise NotImplementedError

    def read(self) -> AbstractContextManager[TX]:
        """One consistent snapshot for several reads; nothing can be written through it."""
        return self._transaction(writing=False)

    def write(self) -> AbstractContextManager[TX]:
        """Everything inside commits together, or not at all; returns only once committed."""
        return self._transaction(writing=True)


class Connection(_Statements, Begins[Transaction]):
    """A handle on a DuckDB connection: each statement on a cursor of its own, and transactions from it.

    The Database is one; the store also wraps the in-memory connections it opens to copy and check whole files.
    """

    def __init__(self, con: duckdb.DuckDBPyConnection):
        self._con = con

    @contextmanager
    def cursor(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """A fresh cursor: DuckDB connections are not thread-safe, cursors are per thread."""
        cur = self._con.cursor()
        try:
            yield cur
        finally:
            cur.close()

    def _cursor(self) -> AbstractContextManager[duckdb.DuckDBPyConnection]:
        return self.cursor()

    @contextmanager
    def _transaction(self, *, writing: bool) -> Iterator[Transaction]:
        with self.cursor() as cur:
            if writing:
                cur.begin()
            else:
                cur.execute("BEGIN TRANSACTION READ ONLY")
            try:
                yield Transaction(cur, writing=writing)
                cur.commit()
            except BaseException as exc:
                _rollback_quietly(cur)
                translated = _translated(exc) if isinstance(exc, duckdb.Error) else None
                if translated is None:
                    raise
                raise translated from exc


def rows_of(count: int, width: int) -> str:
    """`count` rows of `width` ?-parameters, for many rows in one INSERT ... VALUES statement."""
    return ", ".join(["(" + ", ".join("?" * width) + ")"] * count)


def insert_columns(
    db: Handle, table: str, columns: Mapping[str, Sequence[object]], types: Mapping[str, str] | None = None
) -> None:
    """Many rows into `table` at once (in the caller's transaction, if any), on either backend: see
    OpenTransaction.insert_columns. Nothing is written when the columns hold no rows."""
    if not columns or not len(next(iter(columns.values()))):
        return
    with db.write() as tx:
        if not isinstance(tx, OpenTransaction):
            raise TypeError(f"insert_columns() needs a transaction, not {type(tx).__name__}")
        tx.insert_columns(table, columns, types or {})


@contextmanager
def registered(db: Handle, **tables: object) -> Iterator[Handle]:
    """DuckDB only: Arrow tables (or DataFrames) readable under these names inside one write transaction."""
    with db.write() as tx:
        if not isinstance(tx, Transaction):
            raise TypeError(f"registered() needs a DuckDB transaction, not {type(tx).__name__}")
        for name, table in tables.items():
            tx._cur.register(name, table)
        try:
            yield tx
        finally:
            for name in tables:
                tx._cur.unregister(name)


@dataclass
class _Shared:
    """One encrypted file's DuckDB instance, shared by every Database for it in this process (as DuckDB shares a
    plain file's instance), closed with the last of them."""

    root: duckdb.DuckDBPyConnection
    key_digest: bytes
    backup_dir: Path | None
    users: int = 0


_SHARED: dict[str, _Shared] = {}
_SHARED_LOCK = threading.Lock()


def _key_digest(key: str) -> bytes:
    return hashlib.sha256(key.encode()).digest()


def _release(name: str) -> None:
    with _SHARED_LOCK:
        shared = _SHARED.get(name)
        if shared is None:
            return
        shared.users -= 1
        if shared.users <= 0:
            del _SHARED[name]
            shared.root.close()


class Database(Connection):
    """The journal's database file, and a Handle on it. Create one per process and share it between threads.

    `key` encrypts the file (HARBOUR_DB_KEY); `backup_dir` is the one folder an encrypted database may write
    copies into; `config` passes extra DuckDB settings (such as memory_limit) at connect time. A second Database
    for the same file in one process shares the first one's DuckDB instance and settings.
    """

    migrated_from: int | None = None  # the schema version found on opening, before this process migrated it

    def __init__(
        self,
        path: Path | str,
        key: str | None = None,
        *,
        backup_dir: Path | str | None = None,
        config: Mapping[str, str] | None = None,
    ):
        self.path = Path(path)
        self.encrypted = key is not None
        self.backup_dir = Path(backup_dir) if backup_dir is not None else None
        self.closed = False
        self._key = key
        self._release: Callable[[], None] | None = None
        self.path.parent.mkdir(parents=True, exist_ok=True)
        if key is not None:
            self._open_encrypted(key, config)
            return
        self._con = self._connect_plain(config)
        try:
            self._migrate()
        except BaseException:
            self._con.close()
            raise

    def _connect_plain(self, config: Mapping[str, str] | None) -> duckdb.DuckDBPyConnection:
        try:
            return duckdb.connect(str(self.path), config=dict(config or {}))
        except duckdb.Error as exc:
            raise open_error(exc, self.path, None) from exc

    def _open_encrypted(self, key: str, config: Mapping[str, str] | None) -> None:
        check_key(key)
        name = str(self.path.resolve())
        with _SHARED_LOCK:
            shared = _SHARED.get(name)
            if shared is None:
                root = self._connect_encrypted(key, config)
                shared = _Shared(root, _key_digest(key), self.backup_dir)
                self._con = root.cursor()
                try:
                    self._migrate()
                    # Locked only now: with a locked configuration DuckDB 1.5.5 refuses some ALTER TABLE ADD COLUMN.
                    root.execute("SET lock_configuration = true")
                except BaseException:
                    root.close()
                    raise
                _SHARED[name] = shared
            elif not hmac.compare_digest(shared.key_digest, _key_digest(key)):
                raise WrongKey(
                    f"HARBOUR_DB_KEY does not open {self.path}: it is not the key the file was encrypted with. "
                    "Set the right key and start again; nothing in the file was changed."
                )
            else:
                self._con = shared.root.cursor()
            shared.users += 1
            self.backup_dir = shared.backup_dir  # fixed by the first opener: the configuration is locked
        self._release = weakref.finalize(self, _release, name)  # also when dropped without close()

    def _connect_encrypted(self, key: str, config: Mapping[str, str] | None) -> duckdb.DuckDBPyConnection:
        con = connect_memory(self.path.with_name(self.path.name + ".tmp"), encryption=True, config=config)
        try:
            attach(con, self.path, ALIAS, key)
            con.execute(_USE)
            if self.backup_dir is not None:
                con.execute(f"SET allowed_directories = [{sql_literal(str(self.backup_dir.resolve()))}]")
            # Order matters: LOAD and ATTACH need file access; allowed_directories can't change once it is off.
            con.execute("SET enable_external_access = false")
        except BaseException:
            con.close()
            raise
        return con

    @contextmanager
    def cursor(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """A fresh cursor: DuckDB connections are not thread-safe, cursors are per thread."""
        cur = self._con.cursor()
        try:
            if self.encrypted:
                cur.execute(_USE)  # a cursor starts in the in-memory catalog; USE is not inherited (~50 µs)
            yield cur
        finally:
            cur.close()

    @contextmanager
    def attached(self, path: Path, alias: str) -> Iterator[str]:
        """Attach another database file, encrypted with this database's key when it has one; detached at the end."""
        with self.cursor() as cur:
            try:
                attach(cur, path.resolve(), alias, self._key)  # compared with the resolved backup folder
            except StoreError as exc:
                if self.encrypted and "disabled by configuration" in str(exc):
                    raise StoreError(
                        f"An encrypted Harbour database may write copies only into its backup folder "
                        f"({self.backup_dir or 'none was given'}), not to {path}."
                    ) from None
                raise
            try:
                yield alias
            finally:
                cur.execute(f"DETACH {alias}")

    def close(self) -> None:
        self.closed = True
        self._con.close()
        if self._release is not None:
            self._release()  # runs once, however often close() is called

    # -- migrations -------------------------------------------------------------
    @property
    def schema_version(self) -> int:
        row = self.one("SELECT coalesce(max(version), 0) FROM schema_migrations")
        assert row is not None
        return int(row[0])

    def _migrate(self) -> None:
        self.execute(
            "CREATE TABLE IF NOT EXISTS schema_migrations ("
            " version INTEGER PRIMARY KEY, name VARCHAR NOT NULL, applied_at TIMESTAMP NOT NULL)"
        )
        current = self.migrated_from = self.schema_version
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
            with self.write() as tx:
                for statement in migration.statements:
                    tx.execute(statement)
                tx.execute(
                    "INSERT INTO schema_migrations VALUES (?, ?, ?)",
                    [migration.version, migration.name, utcnow()],
                )
            applied = True
        if applied:
            self.execute("CHECKPOINT")


def set_aside_wal(path: Path) -> Path | None:
    """Move an unreplayable write-ahead log aside (renamed, never deleted) so the file opens at its last checkpoint."""
    wal = wal_path(path)
    if not wal.exists():
        return None
    target = wal.with_name(f"{wal.name}.set-aside-{datetime.now():%Y%m%d-%H%M%S}")
    if target.exists():
        raise StoreError(f"{target} already exists; wait a second and run the command again.")
    wal.rename(target)
    return target


R = TypeVar("R")


@overload
def retrying_write(db: Handle, action: Callable[[Handle], T], look_up: None = None, *, attempts: int = ...) -> T: ...


@overload
def retrying_write(
    db: Handle, action: Callable[[Handle], object], look_up: Callable[[], R | None], *, attempts: int = ...
) -> R | None: ...


def retrying_write(
    db: Handle,
    action: Callable[[Handle], Any],
    look_up: Callable[[], Any] | None = None,
    *,
    attempts: int = SAVE_ATTEMPTS,
) -> Any:
    """Run `action` in one transaction, trying again (with a growing pause) when another write collides with it.

    Without `look_up`: returns what `action` returned; a Duplicate is raised at once, a Conflict once `attempts`
    have collided. With `look_up` (for saving one id, which `action` must make idempotent): after a Conflict or a
    Duplicate the outcome is settled by looking the id up, never by guessing, and what `look_up` finds in the end
    is returned (None if the save could not be confirmed).

    Given a transaction, `action` joins it and runs once: a collision ends the whole of it, so the caller that
    began it is the one to try again.
    """
    if isinstance(db, OpenTransaction):
        result = action(db)
        return result if look_up is None else look_up()
    for attempt in range(attempts):
        try:
            with db.write() as tx:
                result = action(tx)
        except (Conflict, Duplicate) as exc:
            if look_up is None and (isinstance(exc, Duplicate) or attempt == attempts - 1):
                raise
            if look_up is not None and look_up() is not None:
                break
            time.sleep(0.005 * 2**attempt)
        else:
            if look_up is None:
                return result
            break
    assert look_up is not None  # without it, every way out of the loop returned or raised
    return look_up()
