"""`python -m deploy.cluster` (`make cluster`): Harbour as an organisation runs it, on this machine only.

PostgreSQL, several Harbour processes over it and HAProxy in front of them, all on loopback:

- PostgreSQL 15 in data/cluster/postgres/ (made on the first run, kept afterwards so a trial keeps its journal),
  with a database `harbour`. It trusts every connection from this machine: right for a trial, never for a real
  deployment (there: a password per role, scram-sha-256, and TLS with sslmode=verify-full in the URL).
- A shared `server.cookieSecret` in data/cluster/cookie-secret (0600), made once. Streamlit signs st.login's
  identity cookie and its sign-in flow's session cookie with it, so that someone signed in with the organisation
  on one process is recognised by every other (an `[auth] cookie_secret` in secrets.toml, shared by all
  processes, takes its place). It reaches the processes through the environment (STREAMLIT_SERVER_COOKIE_SECRET;
  Streamlit refuses it as a flag), never a command line that `ps` would show.
- N Harbour processes (`python -m journal.ui.serve`, as `make run` starts one), on 127.0.0.1 only, with
  HARBOUR_DATABASE_URL pointing at that database.
- HAProxy in the foreground with deploy/haproxy.py's configuration: the address to open.

Ctrl+C stops it all (HAProxy first, then the processes, then PostgreSQL). Logs are in data/cluster/logs/.
Tests and the load bench drive it from Python: `Cluster(folder, ...).start()`, `.kill(i)`, `.stop()`.
"""

from __future__ import annotations

import argparse
import ctypes
import os
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from types import FrameType

from deploy import haproxy, postgres

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_FOLDER = ROOT / "data" / "cluster"
DATABASE = "harbour"
SECRET_FILE = "cookie-secret"
READY_SECONDS = 120.0  # a Harbour process starts in a few seconds; several at once on two busy cores take longer


def free_port() -> int:
    """A TCP port on loopback that nothing is listening on right now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def missing() -> str | None:
    """Why the cluster can't run here (one line), or None when it can."""
    if haproxy.binary() is None:
        return f"HAProxy not found (on PATH or at {haproxy.DEFAULT_BIN}; apt-get install haproxy)"
    return postgres.binaries_missing(("initdb", "pg_ctl", "postgres", "psql"))


def cookie_secret(folder: Path) -> str:
    """The processes' shared server.cookieSecret: made once (64 hex digits) in `folder`, readable by its owner only."""
    path = folder / SECRET_FILE
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        os.chmod(path, 0o600)
        return path.read_text().strip()
    with os.fdopen(fd, "w") as out:
        out.write(secrets.token_hex(32) + "\n")
    return path.read_text().strip()


def answers_ok(url: str) -> bool:
    """Streamlit's health check at `url` says "ok"."""
    try:
        with urllib.request.urlopen(f"{url}{haproxy.HEALTH_PATH}", timeout=1) as answer:
            return bool(answer.read().strip() == b"ok")
    except (urllib.error.URLError, OSError):
        return False


def _with_this_program() -> None:
    """In a child, before it runs: end it (SIGTERM) if this program dies without stopping it (killed, say), so no
    process is left holding its port. Linux's prctl(PR_SET_PDEATHSIG); elsewhere nothing."""
    try:
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGTERM)  # 1: PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


def stop(proc: subprocess.Popen[bytes], timeout: float = 15) -> None:
    """Ask a process to end, then make it, and wait for it either way."""
    if proc.poll() is not None:
        return
    proc.terminate()
    try:
        proc.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait(timeout=timeout)


@dataclass
class HarbourProcess:
    """One Harbour process: `name` is also the value of HAProxy's cookie for it."""

    name: str
    port: int
    log: Path
    proc: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def pid(self) -> int | None:
        return self.proc.pid if self.proc is not None else None

    @property
    def running(self) -> bool:
        return self.proc is not None and self.proc.poll() is None


class Cluster:
    """PostgreSQL, `processes` Harbour processes and HAProxy on loopback, with their files under `folder`.

    `port` is HAProxy's (the address people open); the processes listen on `process_ports` (default: port+100,
    port+101, ...); PostgreSQL on `pg_port` (default: any free port). `env` is added to the processes' environment.
    """

    def __init__(
        self,
        folder: Path = DEFAULT_FOLDER,
        *,
        processes: int = 2,
        port: int = haproxy.FRONT_PORT,
        process_ports: Sequence[int] | None = None,
        pg_port: int | None = None,
        env: Mapping[str, str] | None = None,
    ) -> None:
        if processes < 1:
            raise ValueError("a cluster needs at least one Harbour process")
        ports = list(process_ports) if process_ports is not None else [port + 100 + i for i in range(processes)]
        if len(ports) != processes:
            raise ValueError(f"{processes} processes but {len(ports)} ports for them")
        self.folder = folder.resolve()
        self.port = port
        self.logs = self.folder / "logs"
        self.config_path = self.folder / "haproxy.cfg"
        self.processes = [
            HarbourProcess(p.name, p.port, self.logs / f"{p.name}.log")
            for p in (haproxy.Process(f"harbour{i + 1}", ports[i]) for i in range(processes))
        ]
        self.postgres = postgres.Server(self.folder / "postgres", pg_port or 0)
        self.env = dict(env or {})
        self.haproxy: subprocess.Popen[bytes] | None = None
        self.seconds_to_ready = 0.0

    # -- addresses ----------------------------------------------------------------------------------------------

    @property
    def url(self) -> str:
        """The address to open: HAProxy's."""
        return f"http://127.0.0.1:{self.port}"

    @property
    def urls(self) -> list[str]:
        """Each Harbour process's own address (reachable from this machine only)."""
        return [p.url for p in self.processes]

    @property
    def database_url(self) -> str:
        """HARBOUR_DATABASE_URL for the processes (and for looking at the journal with psql)."""
        return self.postgres.url(DATABASE)

    @property
    def haproxy_log(self) -> Path:
        return self.logs / "haproxy.log"

    def index_of(self, name: str) -> int:
        """Which process HAProxy's cookie value `name` names."""
        for index, process in enumerate(self.processes):
            if process.name == name:
                return index
        raise KeyError(f"no Harbour process called {name!r}: {[p.name for p in self.processes]}")

    # -- starting and stopping --------------------------------------------------------------------------------------

    def start(self) -> None:
        """Start everything and wait until HAProxy answers for Harbour; on failure, stop what started and raise
        with the log that says why."""
        began = time.monotonic()
        why = missing()
        if why:
            raise RuntimeError(why)
        self.folder.mkdir(parents=True, exist_ok=True)
        self.logs.mkdir(exist_ok=True)
        try:
            self._start_postgres()
            secret = cookie_secret(self.folder)
            for index in range(len(self.processes)):
                self._launch(index, secret)
            for index in range(len(self.processes)):
                self._wait_healthy(index)
            self._start_haproxy()
        except BaseException:
            self.stop()
            raise
        self.seconds_to_ready = time.monotonic() - began

    def _start_postgres(self) -> None:
        pg = self.postgres
        if os.geteuid() == 0:
            self.folder.chmod(self.folder.stat().st_mode | 0o011)  # `postgres` must pass through to its folder
        pg.run_as = postgres.run_as_owner(pg.root)
        if pg.run_as and subprocess.run([*pg.run_as, "test", "-x", str(pg.root)], check=False).returncode != 0:
            raise RuntimeError(
                f"PostgreSQL runs as the `{postgres.SUPERUSER}` user, which can't reach {pg.root}: one of the folders "
                "above it is closed to other users (0700). Choose a --folder it can reach."
            )
        if not pg.initialised:
            pg.initdb()
        left_running = pg.running_port()  # by a run that ended without stopping it (killed, say): use it as it is
        if left_running is not None:
            pg.port = left_running
        else:
            pg.port = pg.port or free_port()
            pg.start()
        if not pg.psql("SELECT 1 FROM pg_database WHERE datname = 'harbour'"):  # DATABASE
            pg.psql("CREATE DATABASE harbour")

    def _launch(self, index: int, secret: str) -> None:
        process = self.processes[index]
        command = [
            sys.executable, "-m", "journal.ui.serve",
            "--server.port", str(process.port), "--server.address", "127.0.0.1",  # only HAProxy reaches it
        ]  # fmt: skip
        env = {
            **os.environ,
            **self.env,
            "HARBOUR_DATABASE_URL": self.database_url,
            "STREAMLIT_SERVER_COOKIE_SECRET": secret,  # the environment, not the command line: `ps` shows that
        }
        with process.log.open("ab") as log:
            log.write(f"\n--- starting: {' '.join(command)}\n".encode())
            log.flush()
            # A session of its own: Ctrl+C reaches this program only, which then stops everything in order.
            process.proc = subprocess.Popen(
                command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
                preexec_fn=_with_this_program,
            )  # fmt: skip

    def _wait_healthy(self, index: int) -> None:
        process = self.processes[index]
        deadline = time.monotonic() + READY_SECONDS
        while time.monotonic() < deadline:
            if not process.running:
                self._failed(f"Harbour process {process.name} ended before it answered", process.log)
            if answers_ok(process.url):
                return
            time.sleep(0.1)
        self._failed(f"Harbour process {process.name} did not answer within {READY_SECONDS:.0f} s", process.log)

    def _start_haproxy(self) -> None:
        binary = haproxy.binary()
        assert binary is not None  # checked by start()
        backends = [haproxy.Process(p.name, p.port) for p in self.processes]
        self.config_path.write_text(haproxy.render(backends, front_port=self.port))
        checked = subprocess.run([binary, "-c", "-q", "-f", str(self.config_path)], capture_output=True, text=True)
        if checked.returncode != 0:
            raise RuntimeError(f"HAProxy refused {self.config_path}:\n{checked.stdout}{checked.stderr}")
        with self.haproxy_log.open("ab") as log:
            self.haproxy = subprocess.Popen(
                [binary, "-db", "-f", str(self.config_path)],  # -db: in the foreground, its output in the log
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
                preexec_fn=_with_this_program,
            )
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if self.haproxy.poll() is not None:
                self._failed(f"HAProxy ended (code {self.haproxy.returncode})", self.haproxy_log)
            if answers_ok(self.url):
                return
            time.sleep(0.05)
        self._failed(f"HAProxy did not answer on {self.url} within 30 s", self.haproxy_log)

    def _failed(self, what: str, log: Path) -> None:
        text = log.read_text(errors="replace")[-8_000:] if log.exists() else ""
        raise RuntimeError(f"{what}. Its output ({log}):\n{text}")

    def kill(self, index: int) -> None:
        """End Harbour process `index` at once (SIGKILL), as a crash would: no goodbye to its browsers."""
        process = self.processes[index]
        if process.proc is not None and process.proc.poll() is None:
            process.proc.kill()
            process.proc.wait(timeout=15)

    def restart(self, index: int) -> None:
        """Start process `index` again (after kill) and wait until it answers; HAProxy's checks bring it back."""
        process = self.processes[index]
        if process.proc is not None:
            stop(process.proc)
        self._launch(index, cookie_secret(self.folder))
        self._wait_healthy(index)

    def stop(self) -> None:
        """Stop everything that is running: HAProxy (no new requests), the processes, then PostgreSQL (cleanly: its
        data stays for the next run). Safe to call more than once."""
        if self.haproxy is not None:
            stop(self.haproxy)
        for process in self.processes:
            if process.proc is not None:
                stop(process.proc)
        if self.postgres.port:
            self.postgres.stop("fast")

    def __enter__(self) -> Cluster:
        self.start()
        return self

    def __exit__(self, *_: object) -> None:
        self.stop()


def _shown(path: Path) -> str:
    try:
        return str(path.relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def _interrupted(_signum: int, _frame: FrameType | None) -> None:
    raise KeyboardInterrupt


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m deploy.cluster",
        description="PostgreSQL, several Harbour processes and HAProxy in front of them, on this machine only.",
    )
    parser.add_argument("--processes", type=int, default=2, help="how many Harbour processes (default 2)")
    parser.add_argument("--port", type=int, default=haproxy.FRONT_PORT, help="HAProxy's port, the one to open")
    parser.add_argument("--folder", type=Path, default=DEFAULT_FOLDER, help="where its files live (data/cluster)")
    args = parser.parse_args(argv)
    if args.processes < 1:
        parser.error("--processes must be at least 1")
    why = missing()
    if why:
        print(f"deploy.cluster: {why}", file=sys.stderr)
        return 1
    cluster = Cluster(args.folder, processes=args.processes, port=args.port)
    # Ctrl+C, and a plain `kill` of this program, stop everything in order (also when started in the background,
    # where a shell would have it ignore Ctrl+C).
    signal.signal(signal.SIGINT, _interrupted)
    signal.signal(signal.SIGTERM, _interrupted)
    try:
        print(f"Starting PostgreSQL, {args.processes} Harbour processes and HAProxy in {_shown(cluster.folder)}/ ...")
        try:
            cluster.start()
        except RuntimeError as exc:
            print(f"deploy.cluster: {exc}", file=sys.stderr)
            return 1
        print(f"PostgreSQL: {cluster.database_url} (files in {_shown(cluster.postgres.root)}/)")
        for p in cluster.processes:
            print(f"Harbour process {p.name}: {p.url}, PID {p.pid} (log {_shown(p.log)})")
        print(f"HAProxy: PID {cluster.haproxy.pid if cluster.haproxy else '?'} (log {_shown(cluster.haproxy_log)})")
        print(
            f"Harbour is ready: open {cluster.url} ({args.processes} processes over PostgreSQL behind HAProxy; "
            f"started in {cluster.seconds_to_ready:.1f} s; Ctrl+C stops it all)",
            flush=True,
        )
        if args.processes > 1:
            print("To see a failover: `kill -9` one process's PID while writing; the page reconnects to another.")
        reported: set[str] = set()
        while True:
            time.sleep(0.5)
            if cluster.haproxy is not None and cluster.haproxy.poll() is not None:
                print(f"HAProxy ended (code {cluster.haproxy.returncode}); stopping.", file=sys.stderr)
                return 1
            for p in cluster.processes:
                if p.name not in reported and not p.running:
                    reported.add(p.name)
                    code = p.proc.returncode if p.proc is not None else None
                    print(f"Harbour process {p.name} ended (code {code}); HAProxy sends its people to the others.")
    except KeyboardInterrupt:
        return 0
    finally:
        cluster.stop()
        print(f"Stopped. The journal stays in {_shown(cluster.postgres.root)}/ for the next run.", flush=True)


if __name__ == "__main__":
    raise SystemExit(main())
