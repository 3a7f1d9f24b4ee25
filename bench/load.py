"""`make load`: many people writing and reading at once, in real browser sessions against the real server.

Each session signs in as its own practitioner and loops for the whole run: a quick check-in (timed from
pressing Save to seeing "Saved to your journal."), then the Journal, searching for what it just wrote.
Between steps it pauses for a few seconds (`--think`), as a person reading or typing does; real people
take minutes over a check-in, so this is still far busier than 30 people.

Three ways to run it:
- alone (`make load-single`): one Harbour process on a DuckDB file; writes bench/results/load.json.
- `--cluster`: as an organisation runs it (deploy/cluster.py): two Harbour processes over PostgreSQL behind HAProxy,
  in a temporary folder on free ports, the browsers going through HAProxy's address; writes load-cluster.json.
- `--cluster --kill-after S`: the same, and S seconds in, the Harbour process holding the most sessions is killed
  (SIGKILL, as a crash). Its sessions' pages reconnect through HAProxy to the other process, still signed in
  (Harbour's own sign-in cookie), and carry on; writes load-failover.json. `make load` runs both cluster runs.

At the end every acknowledged save is looked for in the database: a save the person was told about and that isn't
there counts as lost. A save pressed but never acknowledged (its page moved, or it timed out) is not lost, but is
counted. CPU is read from /proc per process (PostgreSQL with all its backends, Chromium with all its processes).
Prints a Markdown table and writes JSON. It reports; it never asserts on time. The exit status is 1 when an
acknowledged save is missing, or there was an error other than during a move, or a moved session never saved again.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import random
import shutil
import statistics
import tempfile
import time
import uuid
from collections import Counter
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from playwright.async_api import Browser, BrowserContext, Page, WebSocket, async_playwright
from playwright.async_api import Error as PlaywrightError
from playwright.async_api import TimeoutError as PlaywrightTimeout

from bench import cpu
from deploy import cluster as deploy_cluster
from deploy.haproxy import COOKIE as SERVER_COOKIE
from journal import accounts
from journal.store.opening import Store, open_store
from tests.e2e.e2e_support import LAUNCH_ARGS, AppServer, find_chromium

RESULTS = Path(__file__).resolve().parent / "results"
RESULT_FILES = {"single": "load.json", "cluster": "load-cluster.json", "failover": "load-failover.json"}
PASSWORD = "a long enough passphrase for load"
TIMEOUT_MS = 60_000  # generous: 30 sessions share two cores; slowness is reported, not a failure
MOVE_WINDOW_SECONDS = 120.0  # after a kill, a moved session's errors count as "during the move" for this long at most
ERROR_SAMPLES = 5
_CONNECTED_AND_IDLE = """() => { const a = document.querySelector('[data-testid="stApp"]');
    return !!a && a.getAttribute('data-test-connection-state') === 'CONNECTED'
      && a.getAttribute('data-test-script-state') === 'notRunning'; }"""


@dataclass
class Session:
    name: str
    acknowledged: list[str] = field(default_factory=list)  # tokens the person was told were saved
    acknowledged_at: list[float] = field(default_factory=list)  # time.monotonic() of each
    unacknowledged: list[str] = field(default_factory=list)  # Save pressed, "Saved" never seen
    pending: str | None = None  # the token whose Save is pressed and not yet acknowledged
    save_ms: list[float] = field(default_factory=list)
    found: int = 0  # searches that showed the entry just written
    errors: list[tuple[float, str]] = field(default_factory=list)  # (time.monotonic(), what)
    think: tuple[float, float] = (0.0, 0.0)  # seconds between steps, drawn uniformly
    rng: random.Random = field(default_factory=random.Random)
    context: BrowserContext | None = None
    signed_in: bool = False
    ended: bool = False  # its loop is over (the run's end, or it could not go on)
    reconnected: asyncio.Event = field(default_factory=asyncio.Event)  # its page opened a new connection

    async def pause(self) -> None:
        await asyncio.sleep(self.rng.uniform(*self.think))

    def error(self, what: str) -> None:
        self.errors.append((time.monotonic(), what))

    def give_up_pending(self) -> None:
        if self.pending is not None:
            self.unacknowledged.append(self.pending)
            self.pending = None

    def socket_opened(self, socket: WebSocket) -> None:
        if self.signed_in and "/_stcore/stream" in socket.url:
            self.reconnected.set()

    async def server(self, ask_at: str | None = None) -> str | None:
        """The Harbour process HAProxy keeps this session's browser on (its cookie), or None.

        `ask_at` (the address the browsers use): ask HAProxy first, with one request carrying the browser's cookies.
        A page that moved when its process died moved over its WebSocket, and the cookie it holds may still name the
        dead process until the next HTTP response; HAProxy answers this one from a live process and names it."""
        if self.context is None:
            return None
        if ask_at is not None:
            with contextlib.suppress(PlaywrightError):  # no answer: the cookie as it is
                await self.context.request.get(ask_at.rstrip("/") + "/_stcore/health")
        found = [c["value"] for c in await self.context.cookies() if c["name"] == SERVER_COOKIE]
        return found[0] if found else None


async def _idle(page: Page) -> None:
    await page.wait_for_function(_CONNECTED_AND_IDLE, timeout=TIMEOUT_MS)


async def _link(page: Page, title: str) -> None:
    await page.get_by_test_id("stSidebar").get_by_role("link", name=title, exact=True).click()
    await page.get_by_role("heading", name=title, exact=True).wait_for(timeout=TIMEOUT_MS)
    await _idle(page)


async def _sign_in(page: Page, url: str, session: Session) -> None:
    session.signed_in = False
    await page.goto(url)
    form = page.get_by_test_id("stForm").filter(has=page.get_by_role("button", name="Sign in"))
    await form.get_by_label("Your name", exact=True).fill(session.name)
    await form.get_by_label("Password", exact=True).fill(PASSWORD)
    await form.get_by_role("button", name="Sign in").click()
    await page.get_by_role("heading", name="Write", exact=True).wait_for(timeout=TIMEOUT_MS)
    await _idle(page)
    session.signed_in = True
    session.reconnected.clear()


async def _write_and_find(page: Page, session: Session) -> None:
    token = f"load-{uuid.uuid4().hex[:12]}"
    await _link(page, "Write")
    await session.pause()
    await page.get_by_role("button", name="Quick check-in · 1 min", exact=True).click()
    box = page.get_by_label("One line about today")
    await box.wait_for(timeout=TIMEOUT_MS)
    await session.pause()
    await box.fill(f"A steady shift {token}")
    await box.press("Tab")
    await _idle(page)
    await session.pause()
    await page.get_by_role("radiogroup", name="How are you feeling?").get_by_text("3 · Okay", exact=True).click()
    await _idle(page)
    await session.pause()
    started = time.perf_counter()
    session.pending = token
    await page.get_by_role("button", name="Save", exact=True).click()
    await page.get_by_text("Saved to your journal.").first.wait_for(timeout=TIMEOUT_MS)
    session.save_ms.append((time.perf_counter() - started) * 1000)
    session.acknowledged.append(token)
    session.acknowledged_at.append(time.monotonic())
    session.pending = None
    await _idle(page)
    await session.pause()
    await _link(page, "Journal")
    await session.pause()
    search = page.get_by_label("Search your words")
    await search.fill(token)
    await search.press("Tab")
    await page.get_by_test_id("stMarkdown").filter(has_text=token).first.wait_for(timeout=TIMEOUT_MS)
    session.found += 1
    await session.pause()


async def _round(page: Page, url: str, session: Session) -> None:
    """One check-in and search; if the page reconnects meanwhile (its process died), the round is given up, and
    the session goes on from wherever the reconnected page is, signing in again only if it has to."""
    step = asyncio.ensure_future(_write_and_find(page, session))
    moved = asyncio.ensure_future(session.reconnected.wait())
    done, _ = await asyncio.wait({step, moved}, return_when=asyncio.FIRST_COMPLETED)
    moved.cancel()
    if step in done:
        session.reconnected.clear()
        step.result()  # a timeout is raised to the caller
        return
    step.cancel()
    with contextlib.suppress(BaseException):
        await step
    session.reconnected.clear()
    session.error("the page reconnected mid-round (its server went away): round given up")
    session.give_up_pending()
    await _idle(page)
    if await page.get_by_role("button", name="Sign in").count():
        session.error("signed out after reconnecting")
        await _sign_in(page, url, session)


async def _run_session(browser: Browser, url: str, session: Session, until: float, delay: float) -> None:
    await asyncio.sleep(delay)  # people arrive over a minute, not in one instant
    context = session.context = await browser.new_context(viewport={"width": 1280, "height": 900})
    context.set_default_timeout(TIMEOUT_MS)
    context.set_default_navigation_timeout(TIMEOUT_MS)
    page = await context.new_page()
    page.on("pageerror", lambda exc: session.error(f"page error: {exc}"))
    page.on("websocket", session.socket_opened)
    try:
        await _sign_in(page, url, session)
        while time.monotonic() < until:
            try:
                await _round(page, url, session)
            except PlaywrightTimeout as exc:
                session.error(f"timed out: {str(exc).splitlines()[0]}")
                session.give_up_pending()
            if await page.get_by_test_id("stException").count():
                session.error("the page showed an exception")
    except Exception as exc:  # a session that can't even start is an error to report, not a crash of the run
        session.error(f"{type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else ''}")
    session.ended = True
    session.give_up_pending()


# -- figures -------------------------------------------------------------------------------------------------------


def p95(values: Sequence[float]) -> float | None:
    """The 95th percentile by the nearest rank on the sorted values; None for none."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))] if ordered else None


def split_errors(
    errors: Sequence[tuple[float, str]], killed_at: float, back_at: float | None, window: float = MOVE_WINDOW_SECONDS
) -> tuple[list[str], list[str]]:
    """A moved session's errors: (during the move, otherwise). During the move is from the kill until the session's
    next acknowledged save (`back_at`), and never longer than `window` seconds."""
    end = min(back_at if back_at is not None else float("inf"), killed_at + window)
    during = [what for at, what in errors if killed_at <= at <= end]
    otherwise = [what for at, what in errors if not killed_at <= at <= end]
    return during, otherwise


def distinct(messages: Sequence[str], most: int = ERROR_SAMPLES) -> list[str]:
    """The first `most` different messages, each with how often it came."""
    counts = Counter(messages)
    return [f"{what} (×{counts[what]})" for what in list(dict.fromkeys(messages))[:most]]


@dataclass
class Meter:
    """CPU used by named process trees from now until each is read (at the end, or just before it is killed)."""

    trees: dict[str, list[int]]
    began: float = 0.0
    start: dict[str, float] = field(default_factory=dict)
    used: dict[str, tuple[float, float]] = field(default_factory=dict)  # name: (CPU seconds, wall seconds)
    busy: tuple[int, int] = (0, 0)
    load: dict[str, tuple[float, float, float]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        stats = cpu.snapshot()
        self.began = time.monotonic()
        self.start = {name: cpu.tree_seconds(stats, pids) for name, pids in self.trees.items()}
        self.busy = cpu.machine_busy()
        self.load["start"] = cpu.load_average()

    def read(self, *names: str, extra: Mapping[str, list[int]] | None = None) -> None:
        """Read `names` (all not yet read, when none), and `extra` trees counted from when they began."""
        stats, now = cpu.snapshot(), time.monotonic()
        for name in names or [n for n in self.trees if n not in self.used]:
            self.used[name] = (cpu.tree_seconds(stats, self.trees[name]) - self.start[name], now - self.began)
        for name, pids in (extra or {}).items():
            self.used[name] = (cpu.tree_seconds(stats, pids), now - self.began)

    def figures(self) -> dict:
        busy, total = (a - b for a, b in zip(cpu.machine_busy(), self.busy, strict=True))
        self.load["end"] = cpu.load_average()
        return {
            "wall_seconds": round(time.monotonic() - self.began, 1),
            "cores": os.cpu_count() or 1,
            "per_process": {
                name: {"seconds": round(used, 1), "percent_of_one_core": round(100 * used / wall, 1) if wall else None}
                for name, (used, wall) in self.used.items()
            },
            "machine_busy_percent": round(100 * busy / total, 1) if total else None,
            "load_average": {when: list(values) for when, values in self.load.items()},
        }


# -- running -------------------------------------------------------------------------------------------------------


def _make_accounts(store: Store, sessions: Sequence[Session]) -> None:
    try:
        for s in sessions:
            accounts.create_account(store, s.name, PASSWORD)
    finally:
        store.close()


def _missing(store: Store, tokens: Sequence[str]) -> list[str]:
    """The tokens not in any kept entry."""
    try:
        text = "\n".join(r[0] for r in store.all("SELECT body FROM entries WHERE deleted_at IS NULL"))
    finally:
        store.close()
    return [token for token in tokens if token not in text]


@dataclass
class Kill:
    """What happened at the kill (failover runs)."""

    after: float  # seconds into the run
    process: str = ""
    at: float = 0.0  # time.monotonic()
    held: dict[str, str | None] = field(default_factory=dict)  # session name: process, at the kill
    in_flight: list[str] = field(default_factory=list)  # tokens whose Save was pressed and not yet acknowledged


async def _kill_later(running: deploy_cluster.Cluster, sessions: Sequence[Session], kill: Kill, meter: Meter) -> None:
    await asyncio.sleep(kill.after)
    # Only sessions working at the kill: one that never signed in, or gave up, holds nobody on a process.
    kill.held = {s.name: await s.server() if s.signed_in and not s.ended else None for s in sessions}
    counts = Counter(p for p in kill.held.values() if p)
    kill.process = counts.most_common(1)[0][0] if counts else running.processes[0].name
    kill.in_flight = [s.pending for s in sessions if kill.held[s.name] == kill.process and s.pending]
    meter.read(kill.process)  # its CPU until the kill; /proc forgets it afterwards
    kill.at = time.monotonic()
    await asyncio.to_thread(running.kill, running.index_of(kill.process))


async def _sample_memory(pids: Mapping[str, int], most_kb: dict[str, int], until: float) -> None:
    """The most memory (RSS) each of `pids` held, sampled every second while it lives."""
    while time.monotonic() < until:
        for name, pid in pids.items():
            with contextlib.suppress(OSError):
                most_kb[name] = max(most_kb.get(name, 0), cpu.rss_kb(pid))
        await asyncio.sleep(1)


async def _drive(
    url: str, sessions: list[Session], seconds: float, chromium: str, meter: Meter, killing: Kill | None,
    running: deploy_cluster.Cluster | None, harbour: Mapping[str, int], memory: dict[str, int],
) -> dict[str, str | None]:  # fmt: skip
    """Run the sessions; the process each ends on (HAProxy's cookie, None on a single server)."""
    async with async_playwright() as pw:
        browser = await pw.chromium.launch(executable_path=chromium, args=LAUNCH_ARGS)
        until = time.monotonic() + seconds
        ramp = min(60.0, seconds / 3) / max(len(sessions), 1)
        extra = [_kill_later(running, sessions, killing, meter)] if killing and running else []
        extra.append(_sample_memory(harbour, memory, until))
        await asyncio.gather(*(_run_session(browser, url, s, until, n * ramp) for n, s in enumerate(sessions)), *extra)
        ended_on = {s.name: await s.server(ask_at=url) for s in sessions}
        meter.read(extra={"Chromium (all its processes)": cpu.roots_named(cpu.snapshot(), os.getpid(), "chrom")})
        for s in sessions:
            if s.context is not None:
                await s.context.close()
        await browser.close()
    return ended_on


@contextlib.contextmanager
def _cluster(work: Path) -> Iterator[deploy_cluster.Cluster]:
    why = deploy_cluster.missing()
    if why:
        raise SystemExit(f"bench.load --cluster needs PostgreSQL and HAProxy: {why}")
    free = deploy_cluster.free_port
    running = deploy_cluster.Cluster(work / "cluster", processes=2, port=free(), process_ports=[free(), free()])
    try:
        running.start()
        yield running
    finally:
        running.stop()
        shutil.rmtree(running.postgres.data, ignore_errors=True)  # the logs stay, for reading afterwards


def run(
    sessions_n: int, minutes: float, think: tuple[float, float] = (0.0, 0.0), *, cluster: bool = False,
    kill_after: float | None = None,
) -> dict:  # fmt: skip
    chromium, where = find_chromium()
    if chromium is None:
        raise SystemExit(f"make load needs Chromium ({where}): apt-get install -y chromium")
    work = Path(tempfile.mkdtemp(prefix="harbour-load-"))
    work.chmod(0o755)  # PostgreSQL runs as the `postgres` user when this runs as root: it must reach its folder
    sessions = [Session(f"load person {n:02d}", think=think, rng=random.Random(n)) for n in range(sessions_n)]
    killing = Kill(kill_after) if cluster and kill_after is not None else None
    with contextlib.ExitStack() as stack:
        if cluster:
            running: deploy_cluster.Cluster | None = stack.enter_context(_cluster(work))
            assert running is not None
            url, logs = running.url, str(running.logs)
            trees = {p.name: [p.pid] for p in running.processes if p.pid}
            postmaster = int((running.postgres.data / "postmaster.pid").read_text().split()[0])
            trees |= {"PostgreSQL (postmaster and backends)": [postmaster]}
            trees |= {"HAProxy": [running.haproxy.pid]} if running.haproxy else {}

            def store() -> Store:
                return open_store(path="", key=None, backup_dir=None, url=running.database_url)
        else:
            running, db_path = None, work / "harbour.duckdb"

            def store() -> Store:
                return open_store(path=db_path, key=None, backup_dir=None, url=None)

            _make_accounts(store(), sessions)  # before the server opens the file: DuckDB lets one process at a time
            server = AppServer(db_path, work / "server.log")
            server.start()
            stack.callback(server.stop)
            url, logs = server.url, str(server.log_path)
            trees = {"Harbour (one process)": [server._proc.pid]}  # type: ignore[union-attr]  # noqa: SLF001
        if running is not None:
            _make_accounts(store(), sessions)
        meter = Meter(trees)
        harbour = {name: pids[0] for name, pids in trees.items() if name.startswith(("harbour", "Harbour"))}
        memory: dict[str, int] = {}
        ended_on = asyncio.run(_drive(url, sessions, minutes * 60, chromium, meter, killing, running, harbour, memory))
        if running is None:
            server.stop()  # the file is the server's while it runs
        missing = set(_missing(store(), [t for s in sessions for t in [*s.acknowledged, *s.unacknowledged]]))
        figures = meter.figures()
        figures["harbour_rss_max_mb"] = {name: round(kb / 1024) for name, kb in memory.items()}
    return _result(sessions, minutes, think, missing, ended_on, figures, killing, logs, cluster)


def _result(
    sessions: Sequence[Session], minutes: float, think: tuple[float, float], missing: set[str],
    ended_on: Mapping[str, str | None], figures: dict, killing: Kill | None, logs: str, cluster: bool,
) -> dict:  # fmt: skip
    saves = [ms for s in sessions for ms in s.save_ms]
    unacknowledged = [t for s in sessions for t in s.unacknowledged]
    messages = [what for s in sessions for _, what in s.errors]
    result: dict = {
        "mode": "failover" if killing else "cluster" if cluster else "single",
        "sessions": len(sessions),
        "minutes": minutes,
        "think_seconds": list(think),
        "saves_acknowledged": sum(len(s.acknowledged) for s in sessions),
        "searches_found": sum(s.found for s in sessions),
        "lost_saves": sum(1 for s in sessions for t in s.acknowledged if t in missing),
        "unacknowledged_saves": {
            "count": len(unacknowledged),
            "in_database_anyway": sum(1 for t in unacknowledged if t not in missing),
        },
        "errors": len(messages),
        "error_samples": distinct(messages),
        "save_to_saved_ms": {
            "median": statistics.median(saves) if saves else None,
            "p95": p95(saves),
            "max": max(saves) if saves else None,
        },
        "sessions_per_process": dict(Counter(p or "none" for p in ended_on.values())) if cluster else None,
        "cpu": figures,
        "logs": logs,
    }
    if killing:
        result["failover"] = _failover(sessions, killing, missing, ended_on)
        result["errors_outside_moves"] = result["failover"]["errors_otherwise"]
    else:
        result["errors_outside_moves"] = len(messages)
    return result


def _failover(sessions: Sequence[Session], kill: Kill, missing: set[str], ended_on: Mapping[str, str | None]) -> dict:
    moved = [s for s in sessions if kill.held.get(s.name) == kill.process]
    during: list[str] = []
    otherwise: list[str] = []
    for s in sessions:
        if s in moved:
            back = next((at for at in s.acknowledged_at if at > kill.at), None)
            in_move, other = split_errors(s.errors, kill.at, back)
            during += in_move
            otherwise += other
        else:
            otherwise += [what for _, what in s.errors]
    before = [t for s in sessions for t, at in zip(s.acknowledged, s.acknowledged_at, strict=True) if at < kill.at]
    return {
        "killed": kill.process,
        "after_seconds": kill.after,
        "sessions_per_process_at_kill": dict(Counter(p or "none" for p in kill.held.values())),
        "sessions_moved": len(moved),
        "moved_now_on_another_process": sum(1 for s in moved if ended_on.get(s.name) not in {None, kill.process}),
        "moved_that_saved_again": sum(1 for s in moved if any(at > kill.at for at in s.acknowledged_at)),
        "saves_acknowledged_before_kill": len(before),
        "of_those_in_database": sum(1 for t in before if t not in missing),
        "saves_in_flight_at_kill": len(kill.in_flight),
        "of_those_in_database_anyway": sum(1 for t in kill.in_flight if t not in missing),
        "errors_during_move": len(during),
        "errors_during_move_samples": distinct(during),
        "errors_otherwise": len(otherwise),
        "errors_otherwise_samples": distinct(otherwise),
    }


# -- reporting -----------------------------------------------------------------------------------------------------


def _ms(value: float | None) -> str:
    return f"{value:,.0f}" if value is not None else "–"


def table(result: dict) -> list[tuple[str, str]]:
    """The run's figures as (figure, measured) rows."""
    timing, cpu_figures = result["save_to_saved_ms"], result["cpu"]
    load = cpu_figures["load_average"]
    unacked = result["unacknowledged_saves"]
    rows = [
        ("run", {"single": "one Harbour process on DuckDB", "cluster": "2 Harbour processes, PostgreSQL, HAProxy",
                 "failover": "2 Harbour processes, PostgreSQL, HAProxy; one killed mid-run"}[result["mode"]]),
        ("concurrent browser sessions", f"{result['sessions']} for {result['minutes']:g} min, "
         f"pausing {result['think_seconds'][0]:g}–{result['think_seconds'][1]:g} s between steps"),
        ("saves acknowledged / found by search", f"{result['saves_acknowledged']} / {result['searches_found']}"),
        ("acknowledged saves missing from the database", str(result["lost_saves"])),
        ("saves pressed, never acknowledged (in the database anyway)",
         f"{unacked['count']} ({unacked['in_database_anyway']})"),
        ("errors", str(result["errors"])),
        ("Save → 'Saved', median / p95 / max", f"{_ms(timing['median'])} / {_ms(timing['p95'])} / "
         f"{_ms(timing['max'])} ms"),
    ]  # fmt: skip
    if result["sessions_per_process"]:
        rows.append(("sessions per process at the end", _counts(result["sessions_per_process"])))
    if "failover" in result:
        f = result["failover"]
        rows += [
            (f"killed (SIGKILL) after {f['after_seconds']:g} s", f"{f['killed']}, holding "
             f"{f['sessions_moved']} sessions ({_counts(f['sessions_per_process_at_kill'])})"),
            ("moved sessions now on the other process / saved again after the move",
             f"{f['moved_now_on_another_process']} / {f['moved_that_saved_again']} of {f['sessions_moved']}"),
            ("saves acknowledged before the kill, in the database",
             f"{f['of_those_in_database']} of {f['saves_acknowledged_before_kill']}"),
            ("saves in flight at the kill (in the database anyway)",
             f"{f['saves_in_flight_at_kill']} ({f['of_those_in_database_anyway']})"),
            ("errors during the move / otherwise", f"{f['errors_during_move']} / {f['errors_otherwise']}"),
        ]  # fmt: skip
    killed = result["failover"]["killed"] if "failover" in result else None
    for name, used in cpu_figures["per_process"].items():
        until = " (until it was killed)" if name == killed else ""
        rows.append((f"CPU: {name}{until}", f"{used['seconds']:.1f} s, {used['percent_of_one_core']:.0f}% of one core"))
    rows += [(f"memory (RSS) at most: {name}", f"{mb:,} MB") for name, mb in cpu_figures["harbour_rss_max_mb"].items()]
    rows += [
        ("machine busy (all cores)", f"{cpu_figures['machine_busy_percent']:.0f}% of {cpu_figures['cores']} cores "
         f"over {cpu_figures['wall_seconds']:.0f} s"),
        ("load average (1/5/15 min), start → end",
         f"{' '.join(map(str, load['start']))} → {' '.join(map(str, load.get('end', [])))}"),
    ]  # fmt: skip
    return rows


def _counts(counts: Mapping[str, int]) -> str:
    return ", ".join(f"{name}: {n}" for name, n in sorted(counts.items()))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.load", description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=30)
    parser.add_argument("--minutes", type=float, default=3.0)
    parser.add_argument(
        "--think", type=float, nargs=2, default=(2.0, 5.0), metavar=("MIN", "MAX"),
        help="seconds a session pauses between steps, drawn between MIN and MAX (0 0: none)",
    )  # fmt: skip
    parser.add_argument("--cluster", action="store_true", help="two Harbour processes over PostgreSQL behind HAProxy")
    parser.add_argument(
        "--kill-after", type=float, metavar="SECONDS",
        help="with --cluster: SIGKILL the Harbour process holding the most sessions this many seconds in",
    )  # fmt: skip
    args = parser.parse_args(argv)
    if args.kill_after is not None and not args.cluster:
        parser.error("--kill-after needs --cluster")
    result = run(args.sessions, args.minutes, tuple(args.think), cluster=args.cluster, kill_after=args.kill_after)
    path = RESULTS / RESULT_FILES[result["mode"]]
    path.parent.mkdir(exist_ok=True)
    path.write_text(json.dumps(result, indent=2))
    print("| load figure | measured |\n|---|---|")
    for name, value in table(result):
        print(f"| {name} | {value} |")
    for sample in result["error_samples"]:
        print(f"- {sample}")
    print(f"Written to {path}; logs in {result['logs']}.")
    return 0 if ok(result) else 1


def ok(result: dict) -> bool:
    """No acknowledged save lost, no error but those while pages moved, and every moved session saving again."""
    moved = result.get("failover")
    moved_ok = moved is None or moved["moved_that_saved_again"] == moved["sessions_moved"]
    return result["lost_saves"] == 0 and result["errors_outside_moves"] == 0 and moved_ok


if __name__ == "__main__":
    raise SystemExit(main())
