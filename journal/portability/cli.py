"""`python -m journal import` and `export`: a person's own journal in and out, from the command line.

Both ask for that person's password on standard input, as the app asks before an export: whoever runs the
command on the server still can't read or fill someone's journal without them.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

from journal import accounts
from journal.content.library import library
from journal.portability import formats, importing
from journal.store import Handle


class DataCommandError(Exception):
    pass


def _person(db: Handle, args: argparse.Namespace) -> accounts.User:
    if not args.password_stdin:
        raise DataCommandError(f"give {args.user}'s password on standard input with --password-stdin")
    password = sys.stdin.readline().rstrip("\r\n")
    try:
        return accounts.sign_in(db, args.user, password)
    except accounts.AccountError as exc:
        raise DataCommandError(str(exc)) from exc


def _moods(pairs: list[str]) -> dict[str, int | None]:
    moods: dict[str, int | None] = {}
    for pair in pairs:
        label, sep, level = pair.rpartition("=")
        if not sep or not label or level not in {"1", "2", "3", "4", "5", "none"}:
            raise DataCommandError(f"--mood takes LABEL=LEVEL with a level from 1 to 5, or LABEL=none; not {pair!r}")
        moods[label] = None if level == "none" else int(level)
    return moods


def print_preview(preview: importing.Preview) -> None:
    print(f"{preview.label}: {preview.new} new entries" + (f", {preview.range_text}" if preview.range_text else ""))
    if preview.already_here:
        print(f"  {preview.already_here} already in this journal (from an earlier import): left as they are")
    if preview.also:
        print(f"  {preview.also}")
    for where, why in preview.skipped:
        print(f"  skipped: {where}: {why}")
    for note in preview.notes:
        print(f"  note: {note}")


def cmd_import(db: Handle, args: argparse.Namespace) -> int:
    path = Path(args.file)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise DataCommandError(f"can't read {path}: {exc.strerror}") from exc
    person = _person(db, args)
    lib = library()
    try:
        pending = importing.read(args.format, data, path.name)
        moods: dict[str, int | None] = {label: d for label, _, d in pending.mood_labels if d is not None}
        moods |= _moods(args.mood or [])
        preview = importing.preview(db, person.id, pending, moods, lib)
    except (*importing.Refused, importing.MoodsNeeded) as exc:
        raise DataCommandError(str(exc)) from exc
    print_preview(preview)
    if not args.yes:
        print("Nothing was written: run again with --yes to import.")
        return 0
    result = importing.commit(db, person.id, pending, moods, lib)
    print(result.summary)
    for notice in result.notices:
        print(notice)
    return 0


def check_out(out: str) -> Path:
    """`--out` as a Path, refused in one line when it plainly can't be written (before asking for a password)."""
    if not out.strip():
        raise DataCommandError("--out needs a file name (without --out the export goes to standard output)")
    target = Path(out)
    if target.is_dir():
        raise DataCommandError(f"can't write {out}: it is a folder; give --out a file name inside it")
    if target.exists():
        return target  # a file to replace, or a device such as /dev/stdout
    folder = Path(os.path.realpath(target)).parent
    nearest = next(p for p in (folder, *folder.parents) if p.exists())  # the root always exists
    if not nearest.is_dir():
        raise DataCommandError(f"can't write {out}: {nearest} is a file, not a folder")
    if nearest != folder:
        raise DataCommandError(f"can't write {out}: there is no folder {folder}")
    return target


def _cant_write(target: Path, exc: OSError) -> DataCommandError:
    return DataCommandError(f"can't write {target}: {exc.strerror or exc}; nothing was written")


def write_whole(target: Path, data: bytes) -> None:
    """Write `data` to `target` whole or not at all: a hidden file beside it, renamed over it once complete.

    The new file is readable by its owner only (it holds someone's journal). On any failure nothing is left
    behind and a file already at `target` is untouched. A device or pipe (such as /dev/stdout) is written to.
    """
    if target.exists() and not target.is_file():  # not a regular file: nothing to rename over, so write through
        try:
            with target.open("wb") as stream:
                stream.write(data)
        except OSError as exc:
            raise _cant_write(target, exc) from None
        return
    real = Path(os.path.realpath(target))  # through a symlink to the file it names, so the link stays a link
    try:
        handle, partial = tempfile.mkstemp(dir=real.parent, prefix=f".{real.name}.", suffix=".partial")
    except OSError as exc:
        raise _cant_write(target, exc) from None
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(data)
            file.flush()
            os.fsync(file.fileno())  # on disk before the rename, so a crash can't leave a short file under the name
        os.replace(partial, real)
    except BaseException as exc:
        Path(partial).unlink(missing_ok=True)
        if isinstance(exc, OSError):
            raise _cant_write(target, exc) from None
        raise


def cmd_export(db: Handle, args: argparse.Namespace) -> int:
    found = formats.EXPORTS[args.format]
    if args.out is None and found.mime == "application/zip":  # said before the password is asked for
        raise DataCommandError("a zip can't go to the terminal: give --out FILE")
    target = check_out(args.out) if args.out is not None else None
    person = _person(db, args)
    if found.writer is None:  # EXPORTS holds only formats with a writer; said for the type checker
        raise DataCommandError(f"Harbour can't write {args.format} files")
    made = found.writer(db, person.id, library())
    data = made.encode("utf-8") if isinstance(made, str) else made
    if target is not None:
        write_whole(target, data)
        print(f"Written to {args.out}. Anyone who opens it can read {person.username}'s journal: keep it safe.")
    else:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
    return 0


def add_commands(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    imp = sub.add_parser("import", parents=[common], help="import another app's export (or Harbour's own)")
    imp.add_argument("format", choices=list(formats.IMPORTS), help=f"one of: {', '.join(formats.IMPORTS)}")
    imp.add_argument("file")
    imp.add_argument("--user", required=True, help="the account to import into")
    imp.add_argument("--password-stdin", action="store_true", help="read that account's password from stdin")
    imp.add_argument("--mood", action="append", metavar="LABEL=LEVEL", help="Daylio: a mood label's level, 1–5")
    imp.add_argument("--yes", action="store_true", help="import after the preview (without it, nothing is written)")
    imp.set_defaults(run_data=cmd_import)
    exp = sub.add_parser("export", parents=[common], help="export one person's journal")
    described = "; ".join(f"{name}: {f.download_label}" for name, f in formats.EXPORTS.items())
    exp.add_argument("format", choices=list(formats.EXPORTS), help=described)
    exp.add_argument("--user", required=True)
    exp.add_argument("--password-stdin", action="store_true", help="read that account's password from stdin")
    exp.add_argument("--out", help="file to write (default: standard output)")
    exp.set_defaults(run_data=cmd_export)
