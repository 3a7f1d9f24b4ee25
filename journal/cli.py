"""`python -m journal`: commands for operators and scripts. Errors exit non-zero with one clear line."""

from __future__ import annotations

import argparse
import sys
from datetime import datetime
from pathlib import Path

from journal import accounts, config
from journal.store import Database, StoreError
from journal.store.backup import copy_to


class CommandError(Exception):
    pass


def _open(args: argparse.Namespace) -> Database:
    return Database(Path(args.db) if args.db else config.load().db_path)


def cmd_demo(args: argparse.Namespace) -> int:
    from journal import demo
    from journal.prompts import library

    db = _open(args)
    try:
        result = demo.build_demo(db, library())
    finally:
        db.close()
    print(f"Demo account ready: name '{result.username}', password '{result.password}' ({result.entries} entries).")
    return 0


def cmd_users_add(args: argparse.Namespace) -> int:
    if not args.password_stdin:
        raise CommandError("give the password on standard input with --password-stdin (never on the command line)")
    password = sys.stdin.readline().rstrip("\r\n")
    db = _open(args)
    try:
        user = accounts.create_account(db, args.name, password)
    except accounts.AccountError as exc:
        raise CommandError(str(exc)) from exc
    finally:
        db.close()
    print(f"Account '{user.username}' created{' (admin)' if user.is_admin else ''}.")
    return 0


def cmd_backup(args: argparse.Namespace) -> int:
    db = _open(args)
    try:
        stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
        target = copy_to(db, Path(args.out) / f"harbour-{stamp}.duckdb")
    finally:
        db.close()
    print(f"Backup written to {target}")
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
    backup = sub.add_parser("backup", parents=[common], help="write a consistent copy of the database")
    backup.add_argument("--out", required=True, help="folder to write the backup into")
    backup.set_defaults(run=cmd_backup)
    return top


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        return int(args.run(args))
    except (CommandError, StoreError) as exc:
        print(f"harbour: {exc}", file=sys.stderr)
        return 1
