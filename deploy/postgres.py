"""A PostgreSQL server of our own on loopback: initdb a folder, start it, stop it. Shared by the local trial cluster
(`python -m deploy.cluster`, which keeps its data between runs) and the tests' throwaway cluster
(tests/postgres_cluster.py, which tunes it for speed and removes it afterwards).

It listens on 127.0.0.1 only, with no Unix socket, and trusts every connection that reaches it (`--auth=trust`):
right for a trial or a test on one machine, never for a real deployment, where the server asks for a password
(scram-sha-256) and clients connect over TLS (`sslmode=verify-full`).

Run as root (CI, a fresh server), initdb and the server run as the `postgres` user, since PostgreSQL refuses to run
as root: the server's folder is given to that user. Run as anyone else, they run as that user.

The binaries are Debian's (`apt-get install postgresql`, version 15); HARBOUR_PG_BIN points at another folder.
"""

from __future__ import annotations

import os
import pwd
import subprocess
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

DEFAULT_BIN = Path("/usr/lib/postgresql/15/bin")
SUPERUSER = "postgres"
LOOPBACK = {
    "listen_addresses": "'127.0.0.1'",
    "unix_socket_directories": "''",  # TCP on loopback only: nothing else on the machine can reach it by a socket
}


def bin_dir() -> Path:
    return Path(os.environ.get("HARBOUR_PG_BIN") or DEFAULT_BIN)


def binaries_missing(names: tuple[str, ...] = ("initdb", "pg_ctl", "postgres")) -> str | None:
    """Why a server can't be started here (one line), or None when it can."""
    folder = bin_dir()
    missing = [name for name in names if not (folder / name).is_file()]
    if missing:
        return f"PostgreSQL's {', '.join(missing)} not found in {folder} (apt-get install postgresql)"
    if os.geteuid() == 0:
        try:
            pwd.getpwnam(SUPERUSER)
        except KeyError:
            return "running as root, but there is no `postgres` user to run PostgreSQL as"
    return None


def run_as_owner(root: Path) -> list[str]:
    """The prefix that runs a command as the server's owner; as root, `root` (made if need be) is given to `postgres`.

    The folders above `root` must let that user through (the usual 0755 does)."""
    root.mkdir(parents=True, exist_ok=True)
    if os.geteuid() != 0:
        return []
    owner = pwd.getpwnam(SUPERUSER)
    os.chown(root, owner.pw_uid, owner.pw_gid)
    return ["runuser", "-u", SUPERUSER, "--"]


@dataclass
class Server:
    """One PostgreSQL server whose files are under `root` (data/ and postgres.log), listening on 127.0.0.1:`port`.

    `settings` are appended to postgresql.conf when the folder is first initialised."""

    root: Path
    port: int
    settings: Mapping[str, str] = field(default_factory=dict)
    run_as: list[str] = field(default_factory=list)  # run_as_owner(root)

    @property
    def data(self) -> Path:
        return self.root / "data"

    @property
    def log(self) -> Path:
        return self.root / "postgres.log"

    def url(self, database: str = "postgres") -> str:
        return f"postgresql://{SUPERUSER}@127.0.0.1:{self.port}/{database}"

    def _run(self, *command: str | Path, check: bool = True) -> subprocess.CompletedProcess[str]:
        done = subprocess.run(
            [*self.run_as, *map(str, command)], capture_output=True, text=True, timeout=120, check=False
        )
        if check and done.returncode != 0:
            log = self.log.read_text(errors="replace")[-10_000:] if self.log.exists() else ""
            raise RuntimeError(
                f"{' '.join(map(str, command))} failed ({done.returncode}):\n{done.stdout}\n{done.stderr}\n{log}"
            )
        return done

    @property
    def initialised(self) -> bool:
        return (self.data / "PG_VERSION").is_file()

    def initdb(self, *, sync: bool = True) -> None:
        """Make the cluster's files (about a second); `sync=False` skips flushing them to disk (tests)."""
        self._run(
            bin_dir() / "initdb",
            "-D",
            self.data,
            "-U",
            SUPERUSER,
            "--auth=trust",  # pg_hba.conf: local and the loopback host lines only, and the server listens on those
            "--encoding=UTF8",
            # Code-point order for text, as DuckDB sorts, with UTF-8 letter cases (lower("ÉTÉ") is "été"; in plain C
            # it stays "ÉTÉ"). A real server's locale is the operator's choice; its LC_CTYPE must be a UTF-8 one.
            "--locale=C.UTF-8",
            *([] if sync else ["--no-sync"]),
            "--no-instructions",
        )
        with (self.data / "postgresql.conf").open("a") as conf:
            conf.write("\n# deploy/postgres.py\n")
            conf.writelines(f"{name} = {value}\n" for name, value in {**LOOPBACK, **self.settings}.items())

    def running_port(self) -> int | None:
        """The port of a server already running on this folder (left by an earlier run), or None."""
        if self._run(bin_dir() / "pg_ctl", "-D", self.data, "status", check=False).returncode != 0:
            return None
        try:
            lines = (self.data / "postmaster.pid").read_text().splitlines()
            return int(lines[3])  # postmaster.pid's fourth line is the port
        except (OSError, IndexError, ValueError):
            return None

    def start(self) -> None:
        """Start the server on `port` and wait until it takes connections (pg_ctl -w)."""
        self._run(
            bin_dir() / "pg_ctl", "-D", self.data, "-l", self.log, "-o", f"-p {self.port}", "-w", "-t", "60", "start"
        )

    def restart(self) -> None:
        """Stop (ending every connection) and start again. The log is named again: without -l the new server would
        write to pg_ctl's output, which this process reads to its end, so it would wait as long as the server runs."""
        self._run(bin_dir() / "pg_ctl", "-D", self.data, "-l", self.log, "-m", "fast", "-w", "-t", "60", "restart")

    def stop(self, mode: str = "fast") -> None:
        """Stop the server if it is running: "fast" ends sessions and shuts down cleanly, "immediate" just ends it."""
        if (self.data / "postmaster.pid").exists():
            self._run(bin_dir() / "pg_ctl", "-D", self.data, "-m", mode, "-w", "-t", "60", "stop", check=False)

    def psql(self, sql: str, database: str = "postgres") -> str:
        """Run one statement through psql (no driver needed outside the store) and return its unaligned output."""
        done = self._run(bin_dir() / "psql", "-X", "-v", "ON_ERROR_STOP=1", "-tA", "-d", self.url(database), "-c", sql)
        return done.stdout.strip()
