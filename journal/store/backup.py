"""Consistent copies of a database: backups taken through the live connection, restores, and moving a file
between unencrypted and encrypted. Every copy is checked table by table (rows and a hash of their contents)
before anything is renamed, and nothing is ever deleted except partial copies and backups past their time.

A backup is written under a partial name and renamed into place only once complete and on disk, and it carries
a completion mark (the view `harbour_backup_complete`: every table with its row count) written in the same
transaction as the rows. Restore accepts nothing else, so a backup that was cut short is never taken for one.
"""

from __future__ import annotations

import logging
import os
import re
import threading
import uuid
import weakref
from collections.abc import Callable
from datetime import date, datetime, timedelta
from pathlib import Path

import duckdb

from journal.clock import now as local_now  # a test's fixed clock reaches the daily backups
from journal.store.db import (
    Conflict,
    Connection,
    Database,
    DatabaseInUse,
    DiskFull,
    Handle,
    KeyRequired,
    NotEncrypted,
    Refused,
    StoreError,
    WrongKey,
    attach,
    connect_memory,
    sql_literal,
    wal_path,
)

log = logging.getLogger(__name__)

KEEP_DAYS = 35  # daily backups older than this are removed (only after today's exists)
CHECK_EVERY = 3600.0  # seconds between checks for a new day's backup

Digests = dict[str, tuple[int, int]]

# A view, not a table: it is not a table's rows, so every table of a backup still matches its source.
MARKER = "harbour_backup_complete"
PARTIAL_SUFFIX = ".partial"


class NotABackup(StoreError):
    """The file is not a complete Harbour backup: restore refuses it and changes nothing."""


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def table_digests(db: Handle, catalog: str) -> Digests:
    """Per table of `catalog`: its row count and the sum of its rows' hashes (so a changed value shows too)."""
    tables = db.all(
        "SELECT schema_name, table_name FROM duckdb_tables() WHERE database_name = ? AND NOT internal ORDER BY 1, 2",
        [catalog],
    )
    digests: Digests = {}
    for schema, table in tables:
        name = f"{_quote(catalog)}.{_quote(schema)}.{_quote(table)}"
        query = f"SELECT count(*), coalesce(sum(hash(*COLUMNS(*)))::HUGEINT, 0) FROM {name}"
        [(count, total)] = db.all(query)  # read to the end: an open result keeps its transaction
        digests[f"{schema}.{table}"] = (int(count), int(total))
    return digests


def _compare(source: Digests, copy: Digests, what: str) -> None:
    if source != copy:
        differ = sorted(t for t in source.keys() | copy.keys() if source.get(t) != copy.get(t))
        raise StoreError(f"{what} does not match the original (tables {', '.join(differ)}); nothing was replaced.")


def _marker(catalog: str) -> str:
    return f"{_quote(catalog)}.main.{_quote(MARKER)}"


def _copy_database(db: Handle, source: str, target: str, *, mark: bool) -> Digests:
    """Copy `source` into the empty `target`: the schema, then every row and the check in one transaction,
    so the check sees exactly the snapshot that was copied even while people are saving.

    With `mark` the completion mark of a backup is written last in that transaction, so it is on disk exactly
    when every row is; without it any mark that came along is dropped (a live database is never a backup).

    Two steps because with a locked configuration DuckDB 1.5.5 refuses the one-step COPY FROM DATABASE inside a
    transaction (explicit, or left open by a result not read to the end).
    """
    db.execute(f"COPY FROM DATABASE {_quote(source)} TO {_quote(target)} (SCHEMA)")
    with db.write() as tx:
        tx.execute(f"COPY FROM DATABASE {_quote(source)} TO {_quote(target)} (DATA)")
        digests = table_digests(tx, source)
        _compare(digests, table_digests(tx, target), "The copy")
        if mark:
            rows = ", ".join(f"({sql_literal(t)}, {count}::BIGINT)" for t, (count, _) in sorted(digests.items()))
            # CREATE VIEW takes no ?-parameters: names go in as quoted literals, counts are ints.
            tx.execute(
                f"CREATE OR REPLACE VIEW {_marker(target)} AS "
                f"SELECT * FROM (VALUES {rows}) AS mark(table_name, row_count)"
            )
        else:
            tx.execute(f"DROP VIEW IF EXISTS {_marker(target)}")
    return digests


def _remove_partial(path: Path) -> None:
    """A partial copy of ours from an interrupted run: never the only copy of anything."""
    for leftover in (path, wal_path(path)):
        if leftover.exists():
            leftover.unlink()


def fsync_path(path: Path) -> None:
    """Flush a file, or a folder's list of names (so a rename is on disk too), to the disk."""
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def partial_path(target: Path) -> Path:
    """Where the backup for `target` is written until complete: hidden, and not named like a backup."""
    return target.with_name(f".{target.name}{PARTIAL_SUFFIX}")


def copy_to(db: Database, target: Path) -> Path:
    """Copy every table into a new database file at `target`, in one consistent snapshot, checked table by table,
    with the completion mark of a backup. Use `write_backup` for a backup: it never leaves a partial copy
    under a backup's name.

    The copy of an encrypted database is encrypted with the same key.
    """
    if target.exists():
        raise StoreError(f"{target} already exists; Harbour never overwrites a backup.")
    target.parent.mkdir(parents=True, exist_ok=True)
    alias = f"harbour_copy_{uuid.uuid4().hex[:12]}"  # attachments are process-wide: never share a name
    try:
        with db.attached(target, alias):
            [(source,)] = db.all("SELECT current_database()")
            _copy_database(db, source, alias, mark=True)
    except BaseException:
        _remove_partial(target)
        raise
    return target


def write_backup(db: Database, target: Path) -> Path:
    """Back `db` up to `target`: copied under its partial name, flushed to disk, then renamed into place in one
    step, so a file under a backup's name is always complete (a run cut short leaves only the partial name)."""
    if target.exists():
        raise StoreError(f"{target} already exists; Harbour never overwrites a backup.")
    partial = partial_path(target)
    _remove_partial(partial)  # left by a run that was cut short: never the only copy of anything
    copy_to(db, partial)
    if wal_path(partial).exists():  # rows still in a log beside it would be lost by renaming the file alone
        _remove_partial(partial)
        raise StoreError(f"The copy {partial} was not written out in full; nothing was kept. Try again.")
    fsync_path(partial)
    os.replace(partial, target)
    fsync_path(target.parent)
    return target


# -- daily backups ------------------------------------------------------------------
def _daily_name(db: Database, day: date) -> str:
    return f"{db.path.stem}-{day:%Y-%m-%d}.duckdb"


def daily_backup(db: Database, folder: Path, now: datetime) -> Path | None:
    """Make today's backup into `folder` if there is none yet, then remove daily backups older than KEEP_DAYS.

    Returns the backup made, or None when today's already existed. Old ones are removed only once today's exists.
    """
    folder = Path(folder)
    today = now.date()
    target = folder / _daily_name(db, today)
    made = None
    if not target.exists():
        made = write_backup(db, target)
    prune(db, folder, today)
    return made


def prune(db: Database, folder: Path, today: date) -> list[Path]:
    """Remove this database's daily backups older than KEEP_DAYS; other files are never touched."""
    pattern = re.compile(re.escape(db.path.stem) + r"-(\d{4}-\d{2}-\d{2})\.duckdb")
    oldest = today - timedelta(days=KEEP_DAYS)
    removed = []
    for path in sorted(Path(folder).iterdir()):
        match = pattern.fullmatch(path.name)
        if not match or not path.is_file():
            continue
        try:
            day = date.fromisoformat(match.group(1))
        except ValueError:
            continue
        if day < oldest:
            path.unlink()
            removed.append(path)
    return removed


def start_daily_backups(
    db: Database, folder: Path, every: float = CHECK_EVERY, clock: Callable[[], datetime] = local_now
) -> threading.Thread:
    """A daemon thread: today's backup now, then a check every `every` seconds. Failures are logged, never raised.

    It holds the Database only weakly and stops once it is closed or gone, so it never keeps a file open.
    """
    ref = weakref.ref(db)
    dropped = threading.Event()
    weakref.finalize(db, dropped.set)  # wakes the thread as soon as the Database is gone

    def run() -> None:
        while True:
            current = ref()
            if current is None or current.closed:
                return
            try:
                made = daily_backup(current, folder, clock())
                if made is not None:
                    log.info("Daily backup written to %s", made)
            except Exception:
                if current.closed:  # closed while copying: the app is stopping, nothing to report
                    return
                log.exception("Daily backup of %s into %s failed; trying again in %.0f s", current.path, folder, every)
            del current
            dropped.wait(every)

    thread = threading.Thread(target=run, name="harbour-daily-backup", daemon=True)
    thread.start()
    return thread


# -- whole-file operations (Harbour stopped) ------------------------------------------
def _aside(path: Path, label: str, now: datetime) -> Path:
    target = path.with_name(f"{path.name}.{label}-{now:%Y%m%d-%H%M%S}")
    n = 1
    while target.exists() or wal_path(target).exists():
        n += 1
        target = path.with_name(f"{path.name}.{label}-{now:%Y%m%d-%H%M%S}-{n}")
    return target


def _rewrite(
    source: Path, source_key: str | None, target: Path, target_key: str | None, *, checkpoint_source: bool
) -> None:
    """Write `source` into the new file `target` (with `target_key`), then reopen it and check every table.

    The new file is a database, not a backup: a completion mark that came along is left out.
    """
    _remove_partial(target)
    con = connect_memory(target.with_name(target.name + ".tmp"), encryption=bool(source_key or target_key))
    try:
        files = Connection(con)
        attach(con, source, "harbour_source", source_key, read_only=not checkpoint_source)
        if checkpoint_source:
            files.execute("CHECKPOINT harbour_source")  # fold any WAL into the file, so nothing is left beside it
        attach(con, target, "harbour_target", target_key)
        digests = _copy_database(files, "harbour_source", "harbour_target", mark=False)
        files.execute("DETACH harbour_target")
        attach(con, target, "harbour_check", target_key, read_only=True)
        _compare(digests, table_digests(files, "harbour_check"), f"{target}, read back,")
    except BaseException:
        con.close()
        _remove_partial(target)
        raise
    con.close()


def _swap_in(path: Path, new: Path, label: str, now: datetime) -> Path | None:
    """Keep the current file (and any WAL) aside under a new name, then rename `new` into its place."""
    aside = None
    if path.exists():
        aside = _aside(path, label, now)
        path.rename(aside)
        if wal_path(path).exists():
            wal_path(path).rename(wal_path(aside))  # a WAL belongs to its file; replayed on the new one it would harm
    fsync_path(new)
    os.replace(new, path)
    fsync_path(path.parent)
    return aside


def _rewrite_in_place(path: Path, keys: tuple[str | None, str | None], now: datetime, doing: str, already: str) -> Path:
    """Rewrite the database at `path` from its key to another, keep the original aside and return where.

    `keys` is (the key that opens it now, the key to write it with); `doing` names the work in the files left
    on the way ("encrypting" makes `.encrypting` and `.before-encrypt-...`); `already` is why nothing happened
    when the file was already as asked.
    """
    if not path.exists():
        raise StoreError(f"There is no database at {path}.")
    partial = path.with_name(f"{path.name}.{doing}")
    try:
        _rewrite(path, keys[0], partial, keys[1], checkpoint_source=True)
    except (KeyRequired, NotEncrypted):
        raise StoreError(f"{path} {already}; nothing was changed.") from None
    aside = _swap_in(path, partial, f"before-{doing.removesuffix('ing')}", now)
    if aside is None:  # the file was checked above, so there is always an original to keep
        raise StoreError(f"{path} went missing while it was rewritten; the new file is in its place.")
    return aside


def encrypt_file(path: Path, key: str, now: datetime) -> Path:
    """Encrypt the unencrypted database at `path` with `key`; returns where the unencrypted original was kept."""
    return _rewrite_in_place(path, (None, key), now, "encrypting", "is already encrypted")


def decrypt_file(path: Path, key: str, now: datetime) -> Path:
    """Decrypt the database at `path` (encrypted with `key`); returns where the encrypted original was kept."""
    return _rewrite_in_place(path, (key, None), now, "decrypting", "is not encrypted")


def _refuse_if_in_use(path: Path) -> None:
    """Only the lock matters here: a file that fails to open for any other reason may be why we restore."""
    con = duckdb.connect(":memory:", config={"autoinstall_known_extensions": "false"})
    try:
        attach(con, path, "harbour_live", None, read_only=True)
    except DatabaseInUse:
        raise
    except StoreError:
        pass
    finally:
        con.close()


def _unreadable(backup: Path, reason: str) -> NotABackup:
    # DuckDB's reason on one line and without the path again: it may name the cause (a permission, a short read).
    reason = reason.removeprefix(f"Could not open the database {backup}: ").replace(f' "{backup}"', "")
    reason = " ".join(reason.split())[:160]
    return NotABackup(
        f"{backup} can't be read as a Harbour backup: it may be damaged, cut short or not a backup at all "
        f"({reason}). Nothing was changed; please restore another backup."
    )


def _check_marked(db: Handle, catalog: str, backup: Path) -> None:
    """Every table of the backup, and no other, must hold exactly the rows its completion mark records."""
    [(marked_view,)] = db.all(
        "SELECT count(*) FROM duckdb_views() WHERE database_name = ? AND schema_name = 'main' AND view_name = ?",
        [catalog, MARKER],
    )
    if not marked_view:
        raise NotABackup(
            f"{backup} has no mark of a finished backup, so Harbour can't tell it from a copy that was cut short "
            "(backups made before Harbour marked them have none). Nothing was changed. If you are sure it is "
            "complete, make a checked backup of a copy of it with `python -m journal backup --db COPY --out "
            "FOLDER` and restore that one."
        )
    rows = db.all(f"SELECT table_name, row_count FROM {_marker(catalog)}")
    marked = {str(table): int(count) for table, count in rows}
    # Every row is read (hashed), so a file cut short fails here, before anything is written.
    found = {t: count for t, (count, _) in table_digests(db, catalog).items()}
    if found != marked:
        differ = sorted(t for t in found.keys() | marked.keys() if found.get(t) != marked.get(t))
        raise NotABackup(
            f"{backup} is not a complete backup: {', '.join(differ)} do not hold the rows its completion mark "
            "records. Nothing was changed: please restore another backup."
        )


def check_backup(backup: Path, key: str | None) -> str | None:
    """Refuse (NotABackup, KeyRequired, WrongKey) anything but a complete Harbour backup; nothing is written.

    Returns the key that opens it: None for a backup from before encryption, even when `key` is given.
    """
    if backup.name.endswith(PARTIAL_SUFFIX):
        raise NotABackup(
            f"{backup} is a backup that never finished (one cut short keeps its {PARTIAL_SUFFIX} name). "
            "Nothing was changed: please restore a finished backup."
        )
    # A temporary folder name that is never created: checking only reads, nothing spills.
    con = connect_memory(backup.with_name(backup.name + ".checking.tmp"), encryption=key is not None)
    try:
        opened_with = key
        try:
            attach(con, backup, "harbour_backup", key, read_only=True)
        except NotEncrypted:
            opened_with = None
            attach(con, backup, "harbour_backup", None, read_only=True)
        _check_marked(Connection(con), "harbour_backup", backup)
        return opened_with
    except (NotABackup, KeyRequired, WrongKey, DatabaseInUse):
        raise
    except StoreError as exc:
        raise _unreadable(backup, str(exc)) from None
    except duckdb.Error as exc:
        raise _unreadable(backup, str(exc)) from None
    finally:
        con.close()


def restore(backup: Path, path: Path, key: str | None, now: datetime) -> Path | None:
    """Bring `backup` back as the database at `path`, keeping the current file aside; returns where it was kept.

    Only a complete Harbour backup is restored (`check_backup`); anything else is refused and nothing changes.
    An encrypted backup must open with `key`; the restored file is encrypted exactly when `key` is given.
    Refused while the database is open in Harbour.
    """
    if not backup.is_file():
        raise StoreError(f"There is no backup at {backup}.")
    if path.exists() and backup.resolve() == path.resolve():
        raise StoreError("The backup and the database are the same file.")
    source_key = check_backup(backup, key)
    if path.exists():
        _refuse_if_in_use(path)
    partial = path.with_name(path.name + ".restoring")
    try:
        # A backup from before encryption (source_key None) is restored encrypted, as the key asks.
        _rewrite(backup, source_key, partial, key, checkpoint_source=False)
    except (duckdb.Error, DiskFull, Conflict, Refused) as exc:
        # The backup was checked a moment ago: it changed since, or the disk is full or failing. DuckDB's own words.
        reason = " ".join(str(exc.__cause__ or exc).split())[:160]
        raise StoreError(f"Restoring {backup} failed ({reason}); the database was not replaced.") from None
    return _swap_in(path, partial, "before-restore", now)
