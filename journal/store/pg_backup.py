"""Backups of a PostgreSQL database, by PostgreSQL's own pg_dump: `python -m journal backup` when
HARBOUR_DATABASE_URL is set. (DuckDB's file is copied by journal/store/backup.py instead.)

The dump is pg_dump's custom format (compressed; pg_restore can restore all of it or single tables), written under a
hidden partial name that only its owner can read, and renamed into place only once pg_dump has finished and the file
is on disk: a file under a backup's name is always a whole dump. The password never appears on pg_dump's command
line (`ps` shows that to everyone on the machine) or in anything printed: it goes to pg_dump in PGPASSWORD, the rest
of the URL as the connection string given to --dbname. (A client key's sslpassword has no environment variable, so
it stays in the connection string: prefer an unencrypted key file readable by Harbour's user alone.)

Restore, with Harbour stopped: `pg_restore --clean --if-exists --no-owner --dbname=URL FILE` (restore_command).
"""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
from datetime import datetime
from pathlib import Path

from journal.store.backup import fsync_path
from journal.store.db import StoreError
from journal.store.postgres import scrubbed, where, without_password

DEFAULT_BIN = Path("/usr/lib/postgresql/15/bin")  # Debian's PostgreSQL 15, as the tests' cluster uses
SUFFIX = ".pgdump"
PARTIAL_SUFFIX = ".partial"


class PgDumpMissing(StoreError):
    """pg_dump isn't installed where Harbour looks: the message gives the command to run instead."""


def find_program(name: str, folder: Path | None) -> Path | None:
    """PostgreSQL's program `name`: in `folder` (HARBOUR_PG_BIN) when one is given, and only there; else on PATH,
    else in Debian's PostgreSQL 15 folder."""
    if folder is not None:
        candidate = folder / name
        return candidate if candidate.is_file() and os.access(candidate, os.X_OK) else None
    on_path = shutil.which(name)
    if on_path:
        return Path(on_path)
    candidate = DEFAULT_BIN / name
    return candidate if candidate.is_file() and os.access(candidate, os.X_OK) else None


def _looked(name: str, folder: Path | None) -> str:
    return f"not in HARBOUR_PG_BIN ({folder})" if folder is not None else f"not on PATH nor in {DEFAULT_BIN}"


def dump_command(program: Path | str, url: str, target: Path) -> tuple[list[str], dict[str, str]]:
    """pg_dump's arguments and the environment it needs on top of ours: the password goes in the environment."""
    conninfo, password = without_password(url, keep=("sslpassword",))
    argv = [str(program), "--format=custom", "--no-password", f"--file={target}", f"--dbname={conninfo}"]
    return argv, ({"PGPASSWORD": password} if password else {})


def shown_dump_command(url: str, target: Path, program: str = "pg_dump") -> str:
    """The pg_dump command for an operator to run, as they would type it, with no secret in it."""
    conninfo, _ = without_password(url)
    return shlex.join([program, "--format=custom", f"--file={target}", f"--dbname={conninfo}"])


def restore_command(url: str, dump: Path | str = "FILE") -> str:
    """The pg_restore command that brings a dump back over the database at `url`, with no secret in it."""
    conninfo, _ = without_password(url)
    return shlex.join(["pg_restore", "--clean", "--if-exists", "--no-owner", f"--dbname={conninfo}", str(dump)])


def dump_name(now: datetime) -> str:
    return f"harbour-{now:%Y%m%d-%H%M%S}{SUFFIX}"


def _reason(stderr: str, url: str) -> str:
    """pg_dump's own error lines, on one line and without any secret."""
    lines = [line for line in stderr.splitlines() if line.strip()]
    said = [line.removeprefix("pg_dump: ") for line in lines if line.startswith(("pg_dump: error", "pg_dump: detail"))]
    reason = scrubbed("; ".join(said or lines[-3:]) or "no reason given", url)
    if "version mismatch" in reason:
        reason += " (pg_dump must be as new as the server: set HARBOUR_PG_BIN to a newer one's folder)"
    return reason[:400]


def write_dump(url: str, folder: Path, now: datetime, pg_bin: Path | None) -> Path:
    """Dump the database at `url` into `folder` as harbour-YYYYMMDD-HHMMSS.pgdump; returns its path.

    Refuses to overwrite a backup; PgDumpMissing (with the command to run instead) when pg_dump isn't found.
    """
    target = folder / dump_name(now)
    program = find_program("pg_dump", pg_bin)
    if program is None:
        raise PgDumpMissing(
            f"pg_dump was not found ({_looked('pg_dump', pg_bin)}): install PostgreSQL's client programs, as new as "
            "the server (Debian: apt-get install postgresql-client-15), or set HARBOUR_PG_BIN to their folder. Or run "
            f"the backup yourself: {shown_dump_command(url, target)} (with the password in PGPASSWORD or "
            "~/.pgpass). Nothing was written."
        )
    if target.exists():
        raise StoreError(f"{target} already exists; Harbour never overwrites a backup.")
    folder.mkdir(parents=True, exist_ok=True)
    partial = folder / f".{target.name}{PARTIAL_SUFFIX}"
    partial.unlink(missing_ok=True)  # left by a run that was cut short: never the only copy of anything
    os.close(os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))  # pg_dump keeps the mode it finds
    try:
        argv, extra = dump_command(program, url, partial)
        done = subprocess.run(
            argv, env={**os.environ, **extra}, stdin=subprocess.DEVNULL, capture_output=True, text=True, check=False
        )
        if done.returncode != 0:
            raise StoreError(
                f"pg_dump could not back up {where(url)} (exit {done.returncode}): {_reason(done.stderr, url)}. "
                "Nothing was kept."
            )
        fsync_path(partial)
        os.replace(partial, target)
        fsync_path(folder)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    return target
