"""`make load`: many people writing and reading at once, in real browser sessions against the real server.

Each session signs in as its own practitioner and loops for the whole run: a quick check-in (timed from
pressing Save to seeing "Saved to your journal."), then the Journal, searching for what it just wrote.
Between steps it pauses for a few seconds (`--think`), as a person reading or typing does; real people
take minutes over a check-in, so this is still far busier than 30 people.
At the end every acknowledged save is looked for in the database file: a save the person was told about
and that isn't there counts as lost. Prints a Markdown table and writes bench/results/load.json. It reports;
it never asserts on time.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import statistics
import tempfile
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path

from playwright.async_api import Page, async_playwright
from playwright.async_api import TimeoutError as PlaywrightTimeout

from journal import accounts
from journal.store import Database
from tests.e2e.e2e_support import LAUNCH_ARGS, AppServer, find_chromium

RESULTS = Path(__file__).resolve().parent / "results" / "load.json"
PASSWORD = "a long enough passphrase for load"
TIMEOUT_MS = 60_000  # generous: 30 sessions share two cores; slowness is reported, not a failure


@dataclass
class Session:
    name: str
    acknowledged: list[str] = field(default_factory=list)  # tokens the person was told were saved
    save_ms: list[float] = field(default_factory=list)
    found: int = 0  # searches that showed the entry just written
    errors: list[str] = field(default_factory=list)
    think: tuple[float, float] = (0.0, 0.0)  # seconds between steps, drawn uniformly
    rng: random.Random = field(default_factory=random.Random)

    async def pause(self) -> None:
        await asyncio.sleep(self.rng.uniform(*self.think))


async def _idle(page: Page) -> None:
    await page.wait_for_function(
        """() => { const a = document.querySelector('[data-testid="stApp"]');
        return a && a.getAttribute('data-test-script-state') === 'notRunning'; }""",
        timeout=TIMEOUT_MS,
    )


async def _link(page: Page, title: str) -> None:
    await page.get_by_test_id("stSidebar").get_by_role("link", name=title, exact=True).click()
    await page.get_by_role("heading", name=title, exact=True).wait_for(timeout=TIMEOUT_MS)
    await _idle(page)


async def _sign_in(page: Page, url: str, name: str) -> None:
    await page.goto(url)
    form = page.get_by_test_id("stForm").filter(has=page.get_by_role("button", name="Sign in"))
    await form.get_by_label("Your name", exact=True).fill(name)
    await form.get_by_label("Password", exact=True).fill(PASSWORD)
    await form.get_by_role("button", name="Sign in").click()
    await page.get_by_role("heading", name="Write", exact=True).wait_for(timeout=TIMEOUT_MS)
    await _idle(page)


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
    await page.get_by_role("button", name="Save", exact=True).click()
    await page.get_by_text("Saved to your journal.").first.wait_for(timeout=TIMEOUT_MS)
    session.save_ms.append((time.perf_counter() - started) * 1000)
    session.acknowledged.append(token)
    await _idle(page)
    await session.pause()
    await _link(page, "Journal")
    await session.pause()
    search = page.get_by_label("Search your words")
    await search.fill(token)
    await search.press("Tab")
    await page.get_by_test_id("stText").filter(has_text=token).first.wait_for(timeout=TIMEOUT_MS)
    session.found += 1
    await session.pause()


async def _run_session(browser, url: str, session: Session, until: float, delay: float) -> None:
    await asyncio.sleep(delay)  # people arrive over a minute, not in one instant
    context = await browser.new_context(viewport={"width": 1280, "height": 900})
    context.set_default_timeout(TIMEOUT_MS)
    context.set_default_navigation_timeout(TIMEOUT_MS)
    page = await context.new_page()
    page.on("pageerror", lambda exc: session.errors.append(f"page error: {exc}"))
    try:
        await _sign_in(page, url, session.name)
        while time.monotonic() < until:
            try:
                await _write_and_find(page, session)
            except PlaywrightTimeout as exc:
                session.errors.append(f"timed out: {str(exc).splitlines()[0]}")
            if await page.get_by_test_id("stException").count():
                session.errors.append("the page showed an exception")
    except Exception as exc:  # a session that can't even start is an error to report, not a crash of the run
        session.errors.append(f"{type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else ''}")
    finally:
        await context.close()


def _cpu_seconds(pid: int) -> float:
    """CPU time (user + system) the process has used so far."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _machine_busy_seconds() -> float:
    """CPU time every process on the machine has used so far (all cores), from /proc/stat."""
    ticks = [int(v) for v in Path("/proc/stat").read_text().splitlines()[0].split()[1:]]
    idle = ticks[3] + ticks[4]  # idle + iowait
    return (sum(ticks[:8]) - idle) / os.sysconf("SC_CLK_TCK")


def _rss_kb(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


async def _sample_memory(pid: int, samples: list[int], until: float) -> None:
    while time.monotonic() < until:
        samples.append(_rss_kb(pid))
        await asyncio.sleep(1)


async def _drive(url: str, pid: int, sessions: list[Session], seconds: float, chromium: str) -> list[int]:
    memory: list[int] = []
    async with async_playwright() as pw:
        browser = await pw.chromium.launch(executable_path=chromium, args=LAUNCH_ARGS)
        until = time.monotonic() + seconds
        ramp = min(60.0, seconds / 3) / max(len(sessions), 1)
        await asyncio.gather(
            _sample_memory(pid, memory, until + 5),
            *(_run_session(browser, url, s, until, n * ramp) for n, s in enumerate(sessions)),
        )
        await browser.close()
    return memory


def _lost(db_path: Path, sessions: list[Session]) -> int:
    db = Database(db_path)
    try:
        bodies = [r[0] for r in db.all("SELECT body FROM entries WHERE deleted_at IS NULL")]
    finally:
        db.close()
    text = "\n".join(bodies)
    return sum(1 for s in sessions for token in s.acknowledged if token not in text)


def _p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))] if ordered else float("nan")


def run(sessions_n: int, minutes: float, think: tuple[float, float] = (0.0, 0.0)) -> dict:
    chromium, where = find_chromium()
    if chromium is None:
        raise SystemExit(f"make load needs Chromium ({where}): apt-get install -y chromium")
    work = Path(tempfile.mkdtemp(prefix="harbour-load-"))
    db_path = work / "harbour.duckdb"
    db = Database(db_path)
    try:
        sessions = [Session(f"load person {n:02d}", think=think, rng=random.Random(n)) for n in range(sessions_n)]
        for s in sessions:
            accounts.create_account(db, s.name, PASSWORD)
    finally:
        db.close()
    server = AppServer(db_path, work / "server.log")
    server.start()
    try:
        pid = server._proc.pid  # noqa: SLF001 (the bench reads the server's memory and CPU from /proc)
        server_cpu, machine_cpu, wall = _cpu_seconds(pid), _machine_busy_seconds(), time.monotonic()
        memory = asyncio.run(_drive(server.url, pid, sessions, minutes * 60, chromium))
        server_cpu = _cpu_seconds(pid) - server_cpu
        machine_cpu = _machine_busy_seconds() - machine_cpu
        wall = time.monotonic() - wall
    finally:
        server.stop()
    saves = [ms for s in sessions for ms in s.save_ms]
    errors = [f"{s.name}: {e}" for s in sessions for e in s.errors]
    return {
        "sessions": sessions_n,
        "minutes": minutes,
        "think_seconds": list(think),
        "saves_acknowledged": sum(len(s.acknowledged) for s in sessions),
        "searches_found": sum(s.found for s in sessions),
        "lost_saves": _lost(db_path, sessions),
        "errors": len(errors),
        "error_samples": errors[:10],
        "save_to_saved_ms": {
            "median": statistics.median(saves) if saves else None,
            "p95": _p95(saves) if saves else None,
            "max": max(saves) if saves else None,
        },
        # Where the machine's CPU went: the server's share against everything else (mostly the browsers).
        "cpu_seconds": {
            "available": round(wall * (os.cpu_count() or 1), 1),
            "server": round(server_cpu, 1),
            "everything_else": round(machine_cpu - server_cpu, 1),
        },
        "server_rss_mb": {"start": memory[0] / 1024 if memory else None, "max": max(memory) / 1024 if memory else None},
        "server_log": str(work / "server.log"),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.load", description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=30)
    parser.add_argument("--minutes", type=float, default=3.0)
    parser.add_argument(
        "--think", type=float, nargs=2, default=(2.0, 5.0), metavar=("MIN", "MAX"),
        help="seconds a session pauses between steps, drawn between MIN and MAX (0 0: none)",
    )  # fmt: skip
    args = parser.parse_args(argv)
    result = run(args.sessions, args.minutes, tuple(args.think))
    RESULTS.parent.mkdir(exist_ok=True)
    RESULTS.write_text(json.dumps(result, indent=2))
    timing, rss, cpu = result["save_to_saved_ms"], result["server_rss_mb"], result["cpu_seconds"]
    rows = [
        ("concurrent browser sessions", f"{result['sessions']} for {result['minutes']:g} min, "
         f"pausing {result['think_seconds'][0]:g}–{result['think_seconds'][1]:g} s between steps"),
        ("saves acknowledged / found by search", f"{result['saves_acknowledged']} / {result['searches_found']}"),
        ("acknowledged saves missing from the database", str(result["lost_saves"])),
        ("errors", str(result["errors"])),
        ("Save → 'Saved', median / p95 / max", f"{timing['median']:.0f} / {timing['p95']:.0f} / {timing['max']:.0f} ms"
         if timing["median"] is not None else "no saves"),
        ("CPU used: server / everything else (browsers) / available",
         f"{cpu['server']:.0f} / {cpu['everything_else']:.0f} / {cpu['available']:.0f} s"),
        ("server memory (RSS), start / max", f"{rss['start']:.0f} / {rss['max']:.0f} MB" if rss["max"] else "n/a"),
    ]  # fmt: skip
    print("| load figure | measured |\n|---|---|")
    for name, value in rows:
        print(f"| {name} | {value} |")
    for sample in result["error_samples"]:
        print(f"- {sample}")
    print(f"Written to {RESULTS}.")
    return 0 if result["errors"] == 0 and result["lost_saves"] == 0 else 1


if __name__ == "__main__":
    raise SystemExit(main())
