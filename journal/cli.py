"""`python -m journal`: commands for operators and scripts. Errors exit non-zero with one clear line.

The database is DuckDB's file (--db, else HARBOUR_DB) or PostgreSQL (--database-url, else HARBOUR_DATABASE_URL; a
file named with --db wins over the environment's URL). Commands on accounts and journals, `migrate`, `check-db` and
`backup` work on either; the file's own commands (encrypt, decrypt, restore, set-aside-wal) refuse PostgreSQL in
one line saying what to use there instead, and change nothing.
"""

from __future__ import annotations

import argparse
import secrets
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from journal import accounts, clock, config
from journal.accounts import User
from journal.portability import cli as cli_data
from journal.store import Database, StoreError, checks
from journal.store import backup as backups
from journal.store.db import UnreplayableWal, set_aside_wal
from journal.store.opening import KEY_WITH_POSTGRES, KeyWithPostgres, Store, open_store


class CommandError(Exception):
    pass


@dataclass(frozen=True)
class Target:
    """The database a command works on: PostgreSQL at `url` when there is one, else the DuckDB file at `path`."""

    path: Path
    url: str | None
    key: str | None
    backup_dir: Path

    @property
    def where(self) -> str:
        """host:port/database (never the password), or the file's path."""
        if self.url is None:
            return str(self.path)
        from journal.store.postgres import where  # psycopg only when PostgreSQL is in use

        return where(self.url)


PASSWORD_IN_ARGV = (
    "--database-url must not hold the password: a command line is visible to everyone on this machine (ps) and "
    "stays in the shell's history. Put the password in PGPASSWORD or ~/.pgpass (or the whole URL in "
    "HARBOUR_DATABASE_URL); nothing was opened."
)


def _target(args: argparse.Namespace) -> Target:
    configured = config.load()
    given_url, given_db = getattr(args, "database_url", None), getattr(args, "db", None)
    url = configured.database_url
    if given_url is not None:
        from journal.store.postgres import has_password

        url = given_url.strip()
        if not url:
            raise CommandError("--database-url needs a URL: postgresql://USER@HOST:PORT/DATABASE?sslmode=verify-full")
        if has_password(url):
            raise CommandError(PASSWORD_IN_ARGV)
    elif given_db:
        url = None  # a file named on the command line is the one meant, whatever the environment says
    path = Path(given_db) if given_db else configured.db_path
    return Target(path, url, configured.db_key, configured.backup_dir)


def _postgres(target: Target) -> str | None:
    """The URL when the target is PostgreSQL (refused with HARBOUR_DB_KEY, as open_store refuses it), else None."""
    if target.url and target.key:
        raise KeyWithPostgres(KEY_WITH_POSTGRES)
    return target.url


def _open(args: argparse.Namespace, backup_dir: Path | None = None) -> Store:
    target = _target(args)
    return open_store(path=target.path, key=target.key, backup_dir=backup_dir or target.backup_dir, url=target.url)


def _key() -> str:
    key = config.load().db_key
    if key is None:
        raise CommandError("set HARBOUR_DB_KEY to the key (`python -m journal keygen` prints a new one)")
    return key


def _file_only(args: argparse.Namespace, command: str, instead: Callable[[str], str]) -> Path:
    """The file a file-only command works on; refused, in one line that says what to use instead, on PostgreSQL."""
    target = _target(args)
    if target.url:
        raise CommandError(
            f"`{command}` works on Harbour's DuckDB file, and this Harbour's journal is in PostgreSQL "
            f"({target.where}): {instead(target.url)}. Nothing was changed."
        )
    return target.path


def _encryption_instead(url: str) -> str:
    return (
        "there, encryption at rest is the server's (an encrypted volume), and on the network it is TLS "
        "(sslmode=verify-full in the URL)"
    )


def cmd_demo(args: argparse.Namespace) -> int:
    from journal.content.library import library
    from journal.demo import year as demo

    db = _open(args)
    try:
        result = demo.build_demo(db, library())
    finally:
        db.close()
    print(f"Demo account ready: name '{result.username}', password '{result.password}' ({result.entries} entries).")
    if result.together is not None:
        t = result.together
        print(
            f"It facilitates '{t.group}' (eight members, a year of shared scores), coaches '{t.mentee}', and is "
            f"coached by '{t.coach}' (password '{t.coach_password}': sign in as the coach to see their side)."
        )
    return 0


def _existing_db(args: argparse.Namespace) -> None:
    """Refuse a database file that isn't there: these commands need an account (or a schema), so a new file can't
    help. (A PostgreSQL database is made by its server's administrator, never by Harbour.)"""
    target = _target(args)
    if target.url is None and not target.path.exists():
        raise CommandError(f"there is no database at {target.path}: check --db (or HARBOUR_DB); nothing was created")


def _on_account(args: argparse.Namespace, act: Callable[[Store], User]) -> User:
    """Run one account action on the database, its refusal as the command's one line of error."""
    db = _open(args)
    try:
        return act(db)
    except accounts.AccountError as exc:
        raise CommandError(str(exc)) from exc
    finally:
        db.close()


def cmd_users_unlock(args: argparse.Namespace) -> int:
    _existing_db(args)
    user = _on_account(args, lambda db: accounts.unlock_by_name(db, args.name))
    print(f"Account '{user.username}' unlocked: it can sign in again.")
    return 0


def cmd_users_add(args: argparse.Namespace) -> int:
    if not args.password_stdin:
        raise CommandError("give the password on standard input with --password-stdin (never on the command line)")
    password = sys.stdin.readline().rstrip("\r\n")
    user = _on_account(args, lambda db: accounts.create_account(db, args.name, password))
    print(f"Account '{user.username}' created{' (admin)' if user.is_admin else ''}.")
    return 0


def cmd_backup(args: argparse.Namespace) -> int:
    target = _target(args)
    out = Path(args.out) if args.out else target.backup_dir
    url = _postgres(target)
    if url:
        from journal.store import pg_backup

        made = pg_backup.write_dump(url, out, clock.now(), config.load().pg_bin)
        print(
            f"Backup written to {made} (pg_dump's custom format). To restore it, stop Harbour and run: "
            f"{pg_backup.restore_command(url, made)}"
        )
        return 0
    db = _open(args, backup_dir=out)
    assert isinstance(db, Database)  # the target is a file, so open_store opened DuckDB's Database
    try:
        stamp = clock.now().strftime("%Y%m%d-%H%M%S")
        # Written under a partial name and renamed only when complete: a run cut short leaves no "backup".
        made = backups.write_backup(db, out / f"harbour-{stamp}.duckdb")
    finally:
        db.close()
    print(f"Backup written to {made}")
    return 0


def cmd_migrate(args: argparse.Namespace) -> int:
    _existing_db(args)  # a mistyped --db would otherwise be a new, fully migrated, empty file
    target = _target(args)
    db = _open(args)  # opening applies the pending migrations (on PostgreSQL under its advisory lock)
    try:
        after = db.schema_version
        before = after if db.migrated_from is None else db.migrated_from
    finally:
        db.close()
    if before == after:
        print(f"{target.where} is at schema {after}, the newest this Harbour knows: nothing to migrate.")
    else:
        print(f"Migrated {target.where} from schema {before} to {after}.")
    return 0


def cmd_check_db(args: argparse.Namespace) -> int:
    target = _target(args)
    url = _postgres(target)
    report = checks.check_postgres(url) if url else checks.check_duckdb(target.path, target.key)
    print(f"{report.where}:")
    for finding in report.findings:
        print(f"  {finding.level:<8} {finding.text}")
    problems = report.problems
    if problems:
        more = f" (and {len(problems) - 1} more, above)" if len(problems) > 1 else ""
        raise CommandError(f"{report.where} is not ready for Harbour: {problems[0]}{more}")
    print("Ready for Harbour.")
    return 0


def cmd_expire_debriefs(args: argparse.Namespace) -> int:
    from journal.reflect import debriefs
    from journal.text.words import plural

    _existing_db(args)
    db = _open(args)
    try:
        people, gone = debriefs.expire_everyone(db, clock.today())
    finally:
        db.close()
    print(f"Deleted {plural(gone, 'debrief')} past the day kept until, of {plural(people, 'account')}.")
    return 0


def cmd_keygen(args: argparse.Namespace) -> int:
    print(secrets.token_urlsafe(32))
    return 0


def cmd_encrypt(args: argparse.Namespace) -> int:
    path = _file_only(args, "encrypt", _encryption_instead)
    aside = backups.encrypt_file(path, _key(), clock.now())
    print(
        f"{path} is now encrypted. The unencrypted original is at {aside}: once Harbour opens with "
        "HARBOUR_DB_KEY, delete it (it is not encrypted), and keep the key safe: without it nothing can be read."
    )
    return 0


def cmd_decrypt(args: argparse.Namespace) -> int:
    path = _file_only(args, "decrypt", _encryption_instead)
    aside = backups.decrypt_file(path, _key(), clock.now())
    print(f"{path} is now unencrypted; unset HARBOUR_DB_KEY to open it. The encrypted original is at {aside}.")
    return 0


def cmd_restore(args: argparse.Namespace) -> int:
    def pg_restore(url: str) -> str:
        from journal.store.pg_backup import restore_command

        return f"restore a `backup` (pg_dump) there with Harbour stopped: {restore_command(url, args.backup)}"

    path = _file_only(args, "restore", pg_restore)
    aside = backups.restore(Path(args.backup), path, config.load().db_key, clock.now())
    kept = f" The database it replaced is kept at {aside}." if aside else ""
    print(f"Restored {args.backup} to {path}.{kept}")
    return 0


def cmd_set_aside_wal(args: argparse.Namespace) -> int:
    path = _file_only(
        args,
        "set-aside-wal",
        lambda _: "PostgreSQL replays its own write-ahead log when it starts, and its server log says why if it can't",
    )
    try:
        _open(args).close()
    except UnreplayableWal:
        moved = set_aside_wal(path)
        _open(args).close()  # proves the file now opens at its last checkpoint
        print(f"The write-ahead log was moved to {moved}; {path} now opens at its last checkpoint.")
        return 0
    print(f"{path} opens as it is; nothing was set aside.")
    return 0


def parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    database = common.add_mutually_exclusive_group()
    database.add_argument("--db", help="database file (default: HARBOUR_DB or data/harbour.duckdb)")
    database.add_argument(
        "--database-url",
        metavar="URL",
        help="PostgreSQL instead (default: HARBOUR_DATABASE_URL); without the password: PGPASSWORD or ~/.pgpass",
    )
    top = argparse.ArgumentParser(prog="python -m journal", description="Harbour's command line.")
    sub = top.add_subparsers(dest="command", required=True)
    demo = sub.add_parser("demo", parents=[common], help="create or refresh the demo account with a year of entries")
    demo.set_defaults(run=cmd_demo)
    users = sub.add_parser("users", help="manage accounts").add_subparsers(dest="users_command", required=True)
    add = users.add_parser("add", parents=[common], help="add an account")
    add.add_argument("name")
    add.add_argument("--password-stdin", action="store_true", help="read the password from standard input")
    add.set_defaults(run=cmd_users_add)
    unlock = users.add_parser("unlock", parents=[common], help="end the wait wrong passwords put on a name")
    unlock.add_argument("name")
    unlock.set_defaults(run=cmd_users_unlock)
    backup_help = "write a consistent copy of the database (on PostgreSQL: pg_dump's custom format)"
    backup = sub.add_parser("backup", parents=[common], help=backup_help)
    backup.add_argument("--out", help="folder to write the backup into (default: HARBOUR_BACKUP_DIR)")
    backup.set_defaults(run=cmd_backup)
    migrate_help = "bring the database's schema up to this Harbour's (what starting Harbour does), and say from what"
    migrate = sub.add_parser("migrate", parents=[common], help=migrate_help)
    migrate.set_defaults(run=cmd_migrate)
    check_help = "check the database is ready and safe for Harbour (connection, schema, privileges, TLS); read only"
    check = sub.add_parser("check-db", parents=[common], help=check_help)
    check.set_defaults(run=cmd_check_db)
    expire_help = "delete for good every account's debriefs past the day their owner chose (a nightly job)"
    expire = sub.add_parser("expire-debriefs", parents=[common], help=expire_help)
    expire.set_defaults(run=cmd_expire_debriefs)
    keygen = sub.add_parser("keygen", help="print a new random key for HARBOUR_DB_KEY")
    keygen.set_defaults(run=cmd_keygen)
    encrypt = sub.add_parser("encrypt", parents=[common], help="encrypt the database with HARBOUR_DB_KEY")
    encrypt.set_defaults(run=cmd_encrypt)
    decrypt = sub.add_parser("decrypt", parents=[common], help="turn an encrypted database back into a plain one")
    decrypt.set_defaults(run=cmd_decrypt)
    restore_help = "bring a complete backup back (anything else is refused; the current file is kept)"
    restore = sub.add_parser("restore", parents=[common], help=restore_help)
    restore.add_argument("backup", help="the backup file to restore (one that `backup` finished)")
    restore.set_defaults(run=cmd_restore)
    wal_help = "move a write-ahead log that can't be replayed aside (renamed, never deleted)"
    wal = sub.add_parser("set-aside-wal", parents=[common], help=wal_help)
    wal.set_defaults(run=cmd_set_aside_wal)
    cli_data.add_commands(sub, common)
    return top


def _run_data(args: argparse.Namespace) -> int:
    _existing_db(args)
    db = _open(args)
    try:
        return args.run_data(db, args)
    except cli_data.DataCommandError as exc:
        raise CommandError(str(exc)) from exc
    finally:
        db.close()


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        return int(_run_data(args) if hasattr(args, "run_data") else args.run(args))
    except (CommandError, StoreError) as exc:
        print(f"harbour: {' '.join(str(exc).split())}", file=sys.stderr)  # one line, whatever the driver's text
        return 1
    except OSError as exc:  # a path given on the command line can't be read or written: one line, no traceback
        print(f"harbour: can't use that path: {config.path_problem(exc)}", file=sys.stderr)
        return 1
