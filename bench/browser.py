"""`make bench-browser`: what a person waits for, in Chromium on this machine, beside the server's own script run.

Starts the real app (`journal.ui.serve`, through bench/timed_serve.py, which also notes how long each script run
took) on a temporary copy of a DuckDB file holding a ten-year person (bench/data.py), drives Debian's Chromium with
Playwright, and times each step from the click (or, for a fresh visit, the navigation's start) until the page is
settled with its charts painted. Prints a Markdown table and writes bench/results/browser.json (browser-phone.json
with `--phone`). It reports; it never asserts on time.

Settled means all of these at once, checked in the page every 25 ms:
- Streamlit's app (`[data-testid=stApp]`) is connected and its `data-test-script-state` is not "running";
- no skeleton (`stSkeleton`) or spinner (`stSpinner`) is visible, and no element is stale (`data-stale="true"`, the
  faded leftovers of the previous run);
- every chart (`.vega-embed`) that reaches into the viewport holds its canvas or svg, with non-zero width and height;
- nothing in the document has changed (a MutationObserver over every node, attribute and text) for 200 ms;
- and the step's own sign is visible (its page's heading, "Saved to your journal.", the word searched for).
The time reported is that of the last change before the quiet 200 ms: the moment the page reached the state it
then kept. The click's moment is taken in the page too (the pointerdown or keydown), so both ends share a clock.

Server is the script's own time for the same step: the summed durations of the script runs that started after the
click (fragment runs on a timer left out). Browser minus server is the rest of the wait: the websocket, the browser
laying out and drawing, Vega-Lite painting. A step's first run in the server's life is reported as "cold" (the
first visit after a start imports and builds what later visits reuse); median and p95 are over the later runs.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import tempfile
import time
import uuid
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from bench import __main__ as bench_main
from bench import cpu, data
from bench.timed_serve import RUNS_ENV
from journal.ui import nav

RESULTS = Path(__file__).resolve().parent / "results"
SCALE = data.Scale("browser", heavy_days=3650, others=0, other_days=0)  # the ten-year person, and a light one
QUIET_MS = 200
NARROW = 640  # px: below this Streamlit's menu slides over the page instead of beside it
TIMEOUT_MS = 120_000  # generous: a slow step is a figure, not a failure
IDLE_CPU_SHARE = 0.05  # the server counts as idle below 5% of one core over a second
IDLE_WAIT_SECONDS = 180
PASSWORD = "a long enough passphrase for the bench"

# Runs at the start of every document: the clock's two ends, and whether progress was shown on the way.
INSTRUMENT_JS = """(() => {
  const h = window.__harbourBench = {lastChange: performance.now(), actionAt: 0, armed: false, progress: []};
  const arm = () => { if (h.armed) { h.armed = false; h.actionAt = performance.now(); h.progress = []; } };
  window.addEventListener("pointerdown", arm, true);
  window.addEventListener("keydown", arm, true);
  const busy = '[data-testid="stSpinner"], [data-testid="stProgress"], [data-testid="stExpanderIconSpinner"], ' +
    '.st-key-harbour-working';
  new MutationObserver(() => {
    h.lastChange = performance.now();
    for (const el of document.querySelectorAll(busy)) {
      const box = el.closest('[data-testid="stElementContainer"], [data-testid="stExpander"]') || el;
      const words = (box.innerText || "").trim().slice(0, 80);
      if (words && !h.progress.includes(words)) h.progress.push(words);
    }
  }).observe(document, {subtree: true, childList: true, attributes: true, characterData: true});
})();"""

SETTLED_JS = """(quiet) => {
  const h = window.__harbourBench;
  const app = document.querySelector('[data-testid="stApp"]');
  if (!h || !app || app.getAttribute("data-test-connection-state") !== "CONNECTED") return false;
  if (app.getAttribute("data-test-script-state") === "running") return false;
  const shown = (el) => { const r = el.getBoundingClientRect(); return r.width > 0 && r.height > 0; };
  for (const el of document.querySelectorAll('[data-testid="stSkeleton"], [data-testid="stSpinner"]')) {
    if (shown(el)) return false;
  }
  if (document.querySelector('[data-stale="true"]')) return false;
  for (const chart of document.querySelectorAll(".vega-embed")) {
    const r = chart.getBoundingClientRect();
    if (r.bottom <= 0 || r.top >= window.innerHeight || r.width === 0) continue;
    const drawn = chart.querySelector("canvas, svg");
    if (!drawn || !shown(drawn)) return false;
  }
  if (performance.now() - h.lastChange < quiet) return false;
  return {settled: h.lastChange, action: h.actionAt, progress: h.progress,
          charts: document.querySelectorAll(".vega-embed").length};
}"""


# ---------------------------------------------------------------- figures (pure)
def percentile(values: Sequence[float], share: float) -> float | None:
    """The nearest-rank percentile of the sorted values (share 0.5: the median's rank); None for none."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))] if ordered else None


def server_ms(runs: Sequence[dict], since: float, until: float) -> float:
    """The script's own time for one step: runs that started in [since, until], fragments left out, summed."""
    return sum((r["end"] - r["start"]) * 1000 for r in runs if not r["fragment"] and since <= r["start"] <= until)


@dataclass
class Sample:
    browser_ms: float
    server_ms: float
    progress: list[str] = field(default_factory=list)  # words of any spinner or progress shown on the way
    charts: int = 0


@dataclass
class Step:
    key: str
    name: str
    target_ms: float | None = None
    target_on: str = "median"  # "median", "cold" (the first in the server's life) or "progress" (words shown)
    samples: list[Sample] = field(default_factory=list)  # the first is the cold one
    status: str = "ok"
    detail: str = ""

    @property
    def cold(self) -> Sample | None:
        return self.samples[0] if self.samples else None

    @property
    def warm(self) -> list[Sample]:
        return self.samples[1:]

    def median(self) -> float | None:
        return percentile([s.browser_ms for s in self.warm], 0.5) if self.warm else None

    def p95(self) -> float | None:
        return percentile([s.browser_ms for s in self.warm], 0.95)

    def server_median(self) -> float | None:
        return percentile([s.server_ms for s in self.warm], 0.5) if self.warm else None

    def met(self) -> bool | None:
        if self.status != "ok" or not self.samples:
            return None
        if self.target_on == "progress":
            return all(s.progress for s in self.samples)
        measured = self.cold.browser_ms if self.target_on == "cold" and self.cold else self.median()
        return None if self.target_ms is None or measured is None else measured <= self.target_ms

    def as_json(self) -> dict:
        out = {k: v for k, v in asdict(self).items() if k != "samples"}
        out.update(
            met=self.met(),
            cold_ms=self.cold.browser_ms if self.cold else None,
            cold_server_ms=self.cold.server_ms if self.cold else None,
            median_ms=self.median(),
            p95_ms=self.p95(),
            server_median_ms=self.server_median(),
            runs=len(self.warm),
            samples=[asdict(s) for s in self.samples],
        )
        return out


def _ms(value: float | None) -> str:
    return "—" if value is None else f"{value:,.0f}"


def _target(step: Step) -> str:
    if step.target_on == "progress":
        return "progress shown"
    if step.target_ms is None:
        return "—"
    return f"≤ {_ms(step.target_ms)}" + (" (cold)" if step.target_on == "cold" else "")


def table(steps: Sequence[Step]) -> str:
    """One Markdown row a step: cold, median and p95 in the browser, the server's own median, the gap, the target."""
    header = "| step | cold ms (server) | median ms | p95 ms | server median ms | gap ms | target | met? |"
    lines = [header, "|---|---|---|---|---|---|---|---|"]
    notes = []
    for s in steps:
        if s.status != "ok":
            lines.append(f"| {s.name} | {s.status} | | | | | {_target(s)} | — |")
            notes.append(f"- {s.name}: {s.detail}")
            continue
        cold = f"{_ms(s.cold.browser_ms)} ({_ms(s.cold.server_ms)})" if s.cold else "—"
        median, server = s.median(), s.server_median()
        gap = _ms(median - server) if median is not None and server is not None else "—"
        met = {True: "yes", False: "**no**", None: "—"}[s.met()]
        lines.append(
            f"| {s.name} | {cold} | {_ms(median)} | {_ms(s.p95())} | {_ms(server)} | {gap} | {_target(s)} | {met} |"
        )
        shown = sorted({w for sample in s.samples for w in sample.progress})
        if s.target_on == "progress" or shown:
            runs = f" (in {sum(1 for x in s.samples if x.progress)} of {len(s.samples)} runs)" if shown else ""
            notes.append(f"- {s.name}: progress shown{runs}: {'; '.join(shown) if shown else 'none'}")
    return "\n".join(lines + ([""] + notes if notes else []))


# ---------------------------------------------------------------- driving the browser
class Server:
    """The app under bench/timed_serve.py on a copy of the data, and the script runs it has noted."""

    def __init__(self, db_path: Path, folder: Path) -> None:
        from tests.e2e.e2e_support import AppServer

        self.runs_path = folder / "runs.jsonl"
        os.environ[RUNS_ENV] = str(self.runs_path)
        # It makes the demo as it starts, as `make run` does (test servers don't, unless asked)
        self.app = AppServer(db_path, folder / "server.log", module="bench.timed_serve", demo_ahead=True)

    def runs(self) -> list[dict]:
        if not self.runs_path.exists():
            return []
        return [json.loads(line) for line in self.runs_path.read_text().splitlines() if line.strip()]

    def wait_idle(self) -> float:
        """Wait (at most IDLE_WAIT_SECONDS) until the server uses under IDLE_CPU_SHARE of a core; seconds waited."""
        started = time.monotonic()
        pid = self.app._proc.pid  # type: ignore[union-attr]  # noqa: SLF001
        before = cpu.tree_seconds(cpu.snapshot(), [pid])
        while time.monotonic() - started < IDLE_WAIT_SECONDS:
            time.sleep(1.0)
            now = cpu.tree_seconds(cpu.snapshot(), [pid])
            if now - before < IDLE_CPU_SHARE:
                break
            before = now
        return time.monotonic() - started


class Bench:
    """One browser, one viewport: steps timed from the action to the settled page."""

    def __init__(self, browser: Any, server: Server, viewport: dict[str, Any]) -> None:
        self.browser = browser
        self.server = server
        self.viewport = viewport
        self.context: Any = None
        self.page: Any = None

    def fresh(self) -> Any:
        """A new person at a new browser: no cookie, no session."""
        if self.context is not None:
            self.context.close()
        self.context = self.browser.new_context(**self.viewport)
        self.context.set_default_timeout(TIMEOUT_MS)
        self.context.add_init_script(INSTRUMENT_JS)
        self.page = self.context.new_page()
        return self.page

    def settle(self) -> None:
        """Wait, untimed, for the page to settle (after a step's preparation)."""
        self.page.wait_for_function(SETTLED_JS, arg=QUIET_MS, polling=25, timeout=TIMEOUT_MS)

    def timed(self, action: Callable[[], object], sign: Callable[[], Any], *, navigation: bool = False) -> Sample:
        """Do `action`, then wait for its sign and the settled page; the browser's and the server's time for it."""
        if not navigation:
            self.page.evaluate("() => { window.__harbourBench.armed = true; }")
        since = time.monotonic()
        action()
        sign().wait_for(state="visible", timeout=TIMEOUT_MS)
        found = self.page.wait_for_function(SETTLED_JS, arg=QUIET_MS, polling=25, timeout=TIMEOUT_MS).json_value()
        settled_ms = found["settled"] - (0 if navigation else found["action"])
        runs = self.server.runs()
        return Sample(settled_ms, server_ms(runs, since, time.monotonic()), found["progress"], found["charts"])

    def heading(self, name: str) -> Any:
        return self.page.get_by_role("heading", name=name, exact=True).first

    def link(self, title: str) -> Any:
        """The sidebar's link to a page, with the sidebar opened first on a narrow screen (not timed)."""
        sidebar = self.page.get_by_test_id("stSidebar")
        link = sidebar.get_by_role("link", name=title, exact=True)
        if sidebar.get_attribute("data-collapsed") == "true":  # a collapsed menu is off-screen, not hidden
            self.page.get_by_test_id("stExpandSidebarButton").click()
            self.page.wait_for_function(
                """() => document.querySelector('[data-testid="stSidebar"]')?.getAttribute("data-collapsed")
                  === "false" """
            )
            link.wait_for(state="visible")
        return link

    def go(self, title: str, heading: str | None = None) -> Sample:
        """Follow the menu's link to the page called `title`, until its `heading` (the title, unless said)."""
        link = self.link(title)
        sample = self.timed(link.click, lambda: self.heading(heading or title))
        self.close_menu()
        return sample

    def close_menu(self) -> None:
        """On a narrow screen a menu left open covers the page: close it (not timed) before the page's own clicks."""
        sidebar = self.page.get_by_test_id("stSidebar")
        if self.viewport["viewport"]["width"] >= NARROW or sidebar.get_attribute("data-collapsed") != "false":
            return
        self.page.get_by_role("button", name="Collapse sidebar").click(force=True)  # shown on hover only
        self.page.wait_for_function(
            """() => document.querySelector('[data-testid="stSidebar"]')?.getAttribute("data-collapsed") === "true" """
        )

    def open_welcome(self, *, been_before: bool = False) -> Sample:
        """Welcome in a new browser (nothing cached), or in a new tab of the one already open (its cache warm)."""
        if been_before and self.context is not None:
            self.page.close()
            self.page = self.context.new_page()
        else:
            self.fresh()
        page = self.page
        return self.timed(lambda: page.goto(self.server.app.url + "/"), lambda: self.heading("Harbour"),
                          navigation=True)  # fmt: skip

    def sign_in(self, name: str, password: str) -> Sample:
        self.open_welcome()
        form = self.page.get_by_test_id("stForm").filter(has=self.page.get_by_role("button", name="Sign in"))
        form.get_by_label("Your name", exact=True).fill(name)
        form.get_by_label("Password", exact=True).fill(password)
        button = form.get_by_role("button", name="Sign in")
        return self.timed(button.click, lambda: self.heading("Write"))


def _repeat(step: Step, runs: int, once: Callable[[int], Sample], log: Callable[[str], None]) -> None:
    """`runs` + 1 samples of one step (the first is the cold one); a step that can't be done is reported."""
    for n in range(runs + 1):
        try:
            step.samples.append(once(n))
        except Exception as exc:  # noqa: BLE001 - reported in the table, the other steps still run
            step.status, step.detail = "error", f"run {n + 1}: {type(exc).__name__}: {str(exc).splitlines()[0]}"
            log(f"  {step.name}: {step.detail}")
            return
    log(f"  {step.name}: cold {_ms(step.cold.browser_ms if step.cold else None)} ms, median {_ms(step.median())} ms")


def steps(bench: Bench, heavy: str, words: Sequence[str], runs: int, log: Callable[[str], None]) -> list[Step]:
    """Every step, in the order a server's life would meet them (the first of each is the cold one)."""
    page = lambda: bench.page  # noqa: E731 - the page changes as fresh contexts open
    done: list[Step] = []

    welcome = Step("welcome_new_browser", "Welcome, a first visit (a new browser: nothing cached)", 600.0)
    _repeat(welcome, runs, lambda n: bench.open_welcome(), log)
    done.append(welcome)
    again = Step("welcome", "Welcome, a fresh visit in a new tab (the browser's cache warm)", 600.0)
    _repeat(again, runs, lambda n: bench.open_welcome(been_before=True), log)
    done.append(again)

    def explore(n: int) -> Sample:
        bench.open_welcome()
        button = page().get_by_role("button", name="Explore the demo")
        return bench.timed(button.click, lambda: bench.heading("Write"))

    first = Step("explore", "Explore the demo (cold: the first since the server started)", 2000.0, "cold")
    _repeat(first, runs, explore, log)
    done.append(first)

    # The demo's nurse is part-way through revalidation (CPD, practice hours, feedback, three accounts): the page
    # counts all of it over the period up to their renewal date, in the demo session the last Explore left open.
    revalidation = Step("revalidation", "Revalidation and CPD (the demo's nurse, part-way through)", 1000.0)

    def revalidation_once(n: int) -> Sample:
        bench.go("Journal")
        return bench.go(nav.REVALIDATION.title)

    _repeat(revalidation, runs, revalidation_once, log)
    done.append(revalidation)

    sign_in = Step("sign_in", "Sign in (ten-year person)", 600.0)
    _repeat(sign_in, runs, lambda n: bench.sign_in(heavy, data.PASSWORD), log)
    done.append(sign_in)
    bench.sign_in(heavy, data.PASSWORD)  # the page steps below run in this one signed-in tab

    pages = (("write", "Write", "Write", 600.0), ("trends", "Trends", "Trends", 1000.0),
             ("wins", "Wins", "Little big things", 600.0))  # fmt: skip
    for key, title, heading, target in pages:
        step = Step(key, f"{title} (ten-year person)" + (", default range" if key == "trends" else ""), target)

        def visit(n: int, title: str = title, heading: str = heading) -> Sample:
            bench.go("Journal")
            return bench.go(title, heading)

        _repeat(step, runs, visit, log)
        done.append(step)

    everything = Step("trends_all", "Trends (ten-year person), Everything", 1000.0)

    def trends_all(n: int) -> Sample:
        if not bench.heading("Trends").is_visible():
            bench.go("Trends")
        group = page().get_by_role("radiogroup", name="Show")
        if group.get_by_role("radio", name="Everything", exact=True).is_checked():
            group.get_by_text("Last 3 months", exact=True).click()  # back to a shorter range, not timed
            bench.settle()
        option = group.get_by_text("Everything", exact=True)
        return bench.timed(option.click, lambda: group.get_by_role("radio", name="Everything", exact=True))

    _repeat(everything, runs, trends_all, log)
    done.insert(len(done) - 1, everything)  # beside the default range

    search = Step("search", "Journal search: a word, Enter, results shown", 600.0)

    def search_once(n: int) -> Sample:
        if not bench.heading("Journal").is_visible():
            bench.go("Journal")
        box = page().get_by_label("Search your words")
        word = words[n % len(words)]
        box.fill(word)
        main = page().get_by_test_id("stMain")
        return bench.timed(lambda: box.press("Enter"), lambda: main.get_by_text(word).first)

    _repeat(search, runs, search_once, log)
    done.append(search)

    save = Step("save", "Save → “Saved”, a quick check-in", 400.0)

    def save_once(n: int) -> Sample:
        bench.go("Write")
        page().get_by_role("button", name=re.compile(r"^Quick check-in")).click()
        for question, option in (("How are you feeling?", "3 · Okay"), ("How is your energy?", "3 · Getting by")):
            group = page().get_by_role("radiogroup", name=question)
            group.get_by_text(option, exact=True).click()
            bench.settle()
        button = page().get_by_role("button", name="Save", exact=True)
        return bench.timed(button.click, lambda: page().get_by_text("Saved to your journal.").first)

    _repeat(save, runs, save_once, log)
    done.append(save)

    create = Step("create_account", "Create an account → signed in", None, "progress")

    def create_once(n: int) -> Sample:
        bench.open_welcome()
        tab = page().get_by_role("tab", name="Create an account")
        if tab.count():
            tab.click()
        form = page().get_by_test_id("stForm").filter(has=page().get_by_role("button", name="Create account"))
        form.get_by_label("Your name (to sign in with)").fill(f"bench-{uuid.uuid4().hex[:10]}")
        form.get_by_label("Password", exact=True).fill(PASSWORD)
        form.get_by_label("Password again", exact=True).fill(PASSWORD)
        button = form.get_by_role("button", name="Create account")
        return bench.timed(button.click, lambda: bench.heading("Write"))

    _repeat(create, runs, create_once, log)
    done.append(create)

    soon = Step("explore_at_start", "Explore the demo, clicked as soon as a restarted server answers", None,
                "progress")  # fmt: skip

    def explore_at_start(n: int) -> Sample:
        bench.server.app.stop()
        bench.server.app.start()
        return explore(n)

    _repeat(soon, 0, explore_at_start, log)
    done.append(soon)
    return done


def search_words(path: Path, user_id: str, n: int) -> list[str]:
    """Words the person wrote often (six letters or more), to search for: each run a different one."""
    from journal.store import Database

    db = Database(path)
    try:
        rows = db.all(
            "SELECT w FROM (SELECT unnest(regexp_extract_all(lower(body), '[a-z]{6,}')) AS w FROM entries "
            "WHERE user_id = ? AND deleted_at IS NULL) GROUP BY w ORDER BY count(*) DESC, w LIMIT ?",
            [user_id, n],
        )
    finally:
        db.close()
    return [r[0] for r in rows]


def run(runs: int, viewport: str, log: Callable[[str], None]) -> tuple[list[Step], dict]:
    from playwright.sync_api import sync_playwright

    from tests.e2e.e2e_support import LAUNCH_ARGS, SCREENS, find_chromium  # the journeys' laptop and phone

    chromium, where = find_chromium()
    if chromium is None:
        raise SystemExit(f"make bench-browser needs Chromium ({where}): apt-get install -y chromium")
    built = data.cached(SCALE)
    log(f"Data: {built.entries:,} entries, the heavy person's ten years ({'cached' if built.cached else 'built'}).")
    folder = Path(tempfile.mkdtemp(prefix="harbour-bench-browser-"))
    work = data.working_copy(built, folder / "harbour.duckdb")
    words = search_words(work.path, work.heavy.id, runs + 1)
    server = Server(work.path, folder)
    info: dict = {"runs": runs, "viewport": viewport, "quiet_ms": QUIET_MS, "load_average_start": cpu.load_average()}
    server.app.start()
    try:
        info["server_idle_after_start_seconds"] = round(server.wait_idle(), 1)
        log(f"Server idle {info['server_idle_after_start_seconds']} s after it answered; measuring ({viewport})…")
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=chromium, args=LAUNCH_ARGS)
            try:
                bench = Bench(browser, server, SCREENS[viewport])
                done = steps(bench, work.heavy.username, words, runs, log)
            finally:
                browser.close()
    finally:
        server.app.stop()
    info["load_average_end"] = cpu.load_average()
    info["machine"] = bench_main.machine()
    info["server_log"] = str(server.app.log_path)
    return done, info


def write_json(steps_done: Sequence[Step], info: dict, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    doc = {**info, "targets": {s.key: s.target_ms for s in steps_done}, "steps": [s.as_json() for s in steps_done]}
    path.write_text(json.dumps(doc, indent=2, default=str) + "\n", encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.browser", description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=10, help="timed runs a step after its cold one (default 10)")
    parser.add_argument("--phone", action="store_true", help="a phone's screen (390 × 844, touch), not a laptop's")
    args = parser.parse_args(argv)
    viewport = "phone" if args.phone else "laptop"
    started = time.perf_counter()
    done, info = run(args.runs, viewport, lambda line: print(line, flush=True))
    info["bench_seconds"] = round(time.perf_counter() - started, 1)
    path = RESULTS / ("browser-phone.json" if args.phone else "browser.json")
    write_json(done, info, path)
    print()
    print(table(done))
    print()
    load = f"{' '.join(map(str, info['load_average_start']))} → {' '.join(map(str, info['load_average_end']))}"
    print(
        f"{info['machine']['cpu_count']} CPUs, Chromium at {viewport} size, load average (1/5/15 min) {load}; "
        f"{args.runs} runs a step after the cold one; {info['bench_seconds']} s in all. Written to {path}."
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
