"""`python -m journal`: commands for operators and scripts. Errors exit non-zero with one clear line."""

from __future__ import annotations

import argparse
import secrets
import sys
from collections.abc import Callable
from pathlib import Path

from journal import accounts, clock, config
from journal.accounts import User
from journal.portability import cli as cli_data
from journal.store import Database, StoreError
from journal.store import backup as backups
from journal.store.db import UnreplayableWal, set_aside_wal


class CommandError(Exception):
    pass


def _db_path(args: argparse.Namespace) -> Path:
    return Path(args.db) if args.db else config.load().db_path


def _open(args: argparse.Namespace, backup_dir: Path | None = None) -> Database:
    configured = config.load()
    return Database(_db_path(args), configured.db_key, backup_dir=backup_dir or configured.backup_dir)


def _key() -> str:
    key = config.load().db_key
    if key is None:
        raise CommandError("set HARBOUR_DB_KEY to the key (`python -m journal keygen` prints a new one)")
    return key


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


def _existing_db(args: argparse.Namespace) -> Path:
    """The database path, refused when no file is there: these commands need an account, so a new file can't help."""
    path = _db_path(args)
    if not path.exists():
        raise CommandError(f"there is no database at {path}: check --db (or HARBOUR_DB); nothing was created")
    return path


def _on_account(args: argparse.Namespace, act: Callable[[Database], User]) -> User:
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
    out = Path(args.out)
    db = _open(args, backup_dir=out)
    try:
        stamp = clock.now().strftime("%Y%m%d-%H%M%S")
        # Written under a partial name and renamed only when complete: a run cut short leaves no "backup".
        target = backups.write_backup(db, out / f"harbour-{stamp}.duckdb")
    finally:
        db.close()
    print(f"Backup written to {target}")
    return 0


def cmd_keygen(args: argparse.Namespace) -> int:
    print(secrets.token_urlsafe(32))
    return 0


def cmd_encrypt(args: argparse.Namespace) -> int:
    path = _db_path(args)
    aside = backups.encrypt_file(path, _key(), clock.now())
    print(
        f"{path} is now encrypted. The unencrypted original is at {aside}: once Harbour opens with "
        "HARBOUR_DB_KEY, delete it (it is not encrypted), and keep the key safe: without it nothing can be read."
    )
    return 0


def cmd_decrypt(args: argparse.Namespace) -> int:
    path = _db_path(args)
    aside = backups.decrypt_file(path, _key(), clock.now())
    print(f"{path} is now unencrypted; unset HARBOUR_DB_KEY to open it. The encrypted original is at {aside}.")
    return 0


def cmd_restore(args: argparse.Namespace) -> int:
    path = _db_path(args)
    aside = backups.restore(Path(args.backup), path, config.load().db_key, clock.now())
    kept = f" The database it replaced is kept at {aside}." if aside else ""
    print(f"Restored {args.backup} to {path}.{kept}")
    return 0


def cmd_set_aside_wal(args: argparse.Namespace) -> int:
    try:
        _open(args).close()
    except UnreplayableWal:
        moved = set_aside_wal(_db_path(args))
        _open(args).close()  # proves the file now opens at its last checkpoint
        print(f"The write-ahead log was moved to {moved}; {_db_path(args)} now opens at its last checkpoint.")
        return 0
    print(f"{_db_path(args)} opens as it is; nothing was set aside.")
    return 0


def parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--db", help="database file (default: HARBOUR_DB or data/harbour.duckdb)")
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
    backup = sub.add_parser("backup", parents=[common], help="write a consistent copy of the database")
    backup.add_argument("--out", required=True, help="folder to write the backup into")
    backup.set_defaults(run=cmd_backup)
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
        print(f"harbour: {exc}", file=sys.stderr)
        return 1
    except OSError as exc:  # a path given on the command line can't be read or written: one line, no traceback
        print(f"harbour: can't use that path: {config.path_problem(exc)}", file=sys.stderr)
        return 1
