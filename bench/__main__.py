"""`python -m bench`: time Harbour's pages and saves on a large synthetic database, beside floors from the same run.

Every figure is measured on DuckDB's file, then on PostgreSQL (a throwaway durable cluster holding a copy of the
same rows; bench/postgres.py), and printed as one Markdown table with both side by side; bench/results/latest.json
keeps both. Without PostgreSQL's binaries it says why in one line and reports DuckDB alone. It reports; it never
asserts on time. `--backend duckdb|postgres|both` picks; `--quick` is a smoke run on smaller data;
`--profile pages/x.py` prints where one page's run spends its time (on DuckDB).
"""

from __future__ import annotations

import argparse
import cProfile
import dataclasses
import io
import json
import os
import platform
import pstats
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import duckdb
import streamlit
from streamlit.testing.v1 import AppTest

from bench import data, harness
from bench import exchange as bench_exchange
from bench import groups as bench_groups
from bench import postgres as bench_postgres
from journal.accounts import User
from journal.clock import utcnow
from journal.content.library import library
from journal.patterns.charts import drawing
from journal.reflect import entries
from journal.store import Database
from journal.store import entries as entries_repo
from journal.store import groups as groups_repo
from journal.store import trends as trends_repo
from journal.store.db import Handle, rows_of
from journal.store.opening import Store
from journal.store.postgres import PostgresDatabase
from journal.text import sentiment
from journal.together.groups import figures as group_figures
from journal.ui import nav
from tests.factories import DAYLIO_ROWS, GROUP_START, GROUP_WEEKS, SyntheticGroup, synthetic_group

RESULTS = Path(__file__).resolve().parent / "results" / "latest.json"
KB = 1000  # bytes: the stricter reading of "500 KB"

# (page, target for its run in ms; None where the issue sets none)
CACHED_PAGES = {"trends"}  # pages whose figures are built once per journal version (journal/ui/cache.py)
PAGES = ((nav.WRITE, 150.0), (nav.JOURNAL, 150.0), (nav.TRENDS, 300.0), (nav.WINS, None))
HEAVY_OVER_LIGHT = 2.0  # a page for ten years of entries may take at most twice as long as for 30 entries
SAVE_TARGET_MS = 20.0
PAYLOAD_TARGET_KB = 500.0
RANGE_KEY = "trends.range"
EVERYTHING = ("all", "Everything")  # the option itself, or its label if the widget is keyed by labels
BACKENDS = {"duckdb": "DuckDB", "postgres": "PostgreSQL"}
CLEAR_WIN = 1 / 1.5  # DuckDB reading PostgreSQL is worth using only at two thirds of psycopg's time or less


@dataclass(frozen=True)
class Plan:
    warmups: int
    runs: int  # timed runs per page
    saves: int  # timed save_new calls
    calls: int  # timed direct calls (queries, floors)


FULL_PLAN = Plan(warmups=2, runs=15, saves=200, calls=30)
QUICK_PLAN = Plan(warmups=1, runs=5, saves=30, calls=10)


@dataclass
class Figure:
    key: str
    name: str
    unit: str  # "ms", "KB" or "x"
    measured: float | None = None  # the median, for timings
    target: float | None = None  # an upper bound
    floor: float | None = None
    floor_name: str = ""
    status: str = "ok"  # "ok", "missing" (no such page or control yet) or "error"
    detail: str = ""
    samples: list[float] = field(default_factory=list)

    @property
    def ratio(self) -> float | None:
        if self.measured is None or not self.floor:
            return None
        return self.measured / self.floor

    @property
    def met(self) -> bool | None:
        if self.target is None or self.measured is None:
            return None
        return self.measured <= self.target

    def as_json(self) -> dict:
        out = {k: v for k, v in asdict(self).items() if k != "samples"}
        out.update(ratio_to_floor=self.ratio, met=self.met)
        if self.samples:
            ordered = sorted(self.samples)
            out.update(
                runs=len(ordered),
                median=statistics.median(ordered),
                p90=ordered[min(len(ordered) - 1, round(0.9 * (len(ordered) - 1)))],
                min=ordered[0],
                max=ordered[-1],
                samples=[round(s, 3) for s in self.samples],
            )
        return out


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def timing(key: str, name: str, samples: list[float], **kw) -> Figure:
    return Figure(key, name, "ms", statistics.median(samples), samples=samples, **kw)


# ---------------------------------------------------------------- measuring
def measure_pages(plan: Plan, heavy: User, light: User, bare_ms: float) -> tuple[list[Figure], dict[str, AppTest]]:
    figures: list[Figure] = []
    sessions: dict[str, AppTest] = {}
    floor = {"floor": bare_ms, "floor_name": "bare page"}
    for place, target in PAGES:
        key, title, page = place.url_path, place.title, place.file
        medians: dict[str, float] = {}
        for who, user in (("heavy", heavy), ("light", light)):
            fig_key, name = f"page.{key}.{who}", f"{title} page run, {who} person"
            log(f"  {title}, {who}…")
            try:
                at = harness.open_page(user, page)
                # Pages with a per-person cache are timed cold (as after a write); their warm runs are shown beside.
                samples = harness.time_runs(at, plan.warmups, plan.runs, page, cold=key in CACHED_PAGES)
                warm = harness.time_runs(at, 1, plan.runs, page) if key in CACHED_PAGES else None
            except harness.PageUnavailable as exc:
                figures.append(Figure(fig_key, name, "ms", target=target, status=exc.status, detail=exc.detail))
                continue
            figures.append(timing(fig_key, name + (" (first view after a write)" if warm else ""), samples,
                                  target=target, **floor))  # fmt: skip
            if warm:
                figures.append(timing(f"{fig_key}.warm", f"{title} page rerun, {who} person (cached)", warm, **floor))
            medians[who] = statistics.median(samples)
            sessions[f"{key}.{who}"] = at
        ratio = Figure(f"page.{key}.heavy_over_light", f"{title}: heavy ÷ light", "x", target=HEAVY_OVER_LIGHT)
        if len(medians) == 2:
            ratio.measured = medians["heavy"] / medians["light"]
        else:
            ratio.status, ratio.detail = next((f.status, f.detail) for f in figures[-2:] if f.status != "ok")
        figures.append(ratio)
    return figures, sessions


def measure_trends_extras(plan: Plan, at: AppTest | None) -> list[Figure]:
    """Bytes sent for the Trends page (default range, then Everything), and its run time on Everything."""
    default = Figure("trends.payload.default", "Trends data sent, heavy, default range", "KB", target=PAYLOAD_TARGET_KB)
    everything = Figure("trends.payload.all", "Trends data sent, heavy, Everything", "KB", target=PAYLOAD_TARGET_KB)
    run_all = Figure("page.trends.heavy.all", "Trends page run, heavy person, Everything", "ms", target=300.0)
    # Chart structures are kept per process (drawing.Drawing): this is the view nobody has drawn since start.
    first = Figure("page.trends.heavy.all.first", "Trends page run, heavy, Everything, first since the server started",
                   "ms")  # fmt: skip
    if at is None:
        for fig in (default, everything, run_all, first):
            fig.status, fig.detail = "missing", "the Trends page could not be run"
        return [default, everything, run_all, first]
    at.run()  # once more, so the messages kept for the cross-check are this session's, not the last page's
    sent = harness.payload(at)
    default.measured = sent.element_bytes / KB
    default.detail = f"{sent.elements} elements; all messages {sent.message_bytes / KB:.1f} KB; largest {sent.largest}"
    chosen = harness.choose(at, RANGE_KEY, EVERYTHING)
    if chosen is None:
        found = harness.find_widget(at, RANGE_KEY)
        why = f"no widget keyed {RANGE_KEY!r}" if found is None else f"{RANGE_KEY!r} did not take {EVERYTHING}"
        for fig in (everything, run_all, first):
            fig.status, fig.detail = "missing", why
        return [default, everything, run_all, first]
    sent = harness.payload(at)
    everything.measured = sent.element_bytes / KB
    everything.detail = (
        f"range {chosen!r}; {sent.elements} elements; all messages {sent.message_bytes / KB:.1f} KB; "
        f"largest {sent.largest}"
    )
    try:
        samples = harness.time_runs(at, plan.warmups, plan.runs, f"{nav.TRENDS.file} (Everything)", cold=True)
    except harness.PageUnavailable as exc:
        run_all.status, run_all.detail = exc.status, exc.detail
    else:
        run_all = timing(run_all.key, run_all.name, samples, target=run_all.target)
    forget = drawing._skeleton.cache_clear  # noqa: SLF001 (the bench empties what a server start empties)
    samples = harness.time_runs(at, 0, plan.runs, f"{nav.TRENDS.file} (Everything, first)", cold=True, reset=forget)
    first = timing(first.key, first.name, samples)
    return [default, everything, run_all, first]


def measure_queries(plan: Plan, db: Database, heavy: User, today) -> list[Figure]:
    daily = harness.time_calls(lambda: trends_repo.daily(db, heavy.id, None, today), plan.warmups, plan.calls)
    figures = [timing("floor.daily_query", "floor: trends.daily query, heavy, everything", daily)]
    try:
        from journal.patterns import trends
    except ImportError:
        return figures
    key, name = "trends.load.all", "journal.patterns.trends.load (every Trends query), heavy, everything"
    try:
        start, end = trends.bounds("all", today)
        loads = harness.time_calls(lambda: trends.load(db, heavy.id, start, end, today), plan.warmups, plan.calls)
    except (AttributeError, TypeError, ValueError) as exc:  # the Trends service is being written: report, don't stop
        figures.append(Figure(key, name, "ms", status="error", detail=f"{type(exc).__name__}: {exc}"))
    else:
        figures.append(timing(key, name, loads, floor=statistics.median(daily), floor_name="trends.daily"))
    return figures


def measure_saves(plan: Plan, db: Database, heavy: User) -> list[Figure]:
    lib = library()
    inputs = data.save_inputs(plan.saves + plan.warmups)
    sizes = [len("\n\n".join(i.answers.values())) for i in inputs]
    saves = []
    for n, inp in enumerate(inputs):
        started = time.perf_counter()
        entries.save_new(db, heavy.id, str(uuid.uuid4()), inp, lib)
        if n >= plan.warmups:
            saves.append((time.perf_counter() - started) * 1000)

    # The floor: what a save can't avoid, scoring the words and committing one row and its tags (plain SQL,
    # so the floor doesn't inherit whatever the app's own save path does on top).
    columns = [f.name for f in dataclasses.fields(entries_repo.Entry) if f.name != "tags"]
    insert_row = f"INSERT INTO entries ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})"  # noqa: S608
    scored, inserted = [], []
    for inp in inputs[plan.warmups :]:
        body = "\n\n".join(inp.answers.values())
        started = time.perf_counter()
        tone = sentiment.analyse(body)
        scored.append((time.perf_counter() - started) * 1000)
        now = utcnow()
        entry_id = str(uuid.uuid4())
        row = {
            "id": entry_id, "user_id": heavy.id, "template": inp.template, "theme": inp.theme,
            "prompt_id": inp.prompt_id, "prompt_text": inp.prompt_text,
            "answers": json.dumps(inp.answers, ensure_ascii=False), "body": body, "mood": inp.mood,
            "energy": inp.energy, "is_win": False, "polarity": tone.polarity if tone else None,
            "subjectivity": tone.subjectivity if tone else None, "entry_date": inp.entry_date, "created_at": now,
            "updated_at": now, "deleted_at": None, "revision": 1, "source": "harbour", "time_zone": None,
        }  # fmt: skip
        values = [row[c] for c in columns]  # a KeyError here means the entries table grew: add the column above
        started = time.perf_counter()
        with db.write() as tx:
            tx.execute(insert_row, values)
            if inp.tags:
                tags = [v for t in inp.tags for v in (heavy.id, entry_id, t)]
                tx.execute(f"INSERT INTO entry_tags VALUES {rows_of(len(inp.tags), 3)}", tags)  # noqa: S608
        inserted.append((time.perf_counter() - started) * 1000)
    floor = statistics.median(scored) + statistics.median(inserted)
    return [
        timing(
            "save.new",
            f"save_new, ~{statistics.median(sizes):.0f}-char entry, heavy person",
            saves,
            target=SAVE_TARGET_MS,
            floor=floor,
            floor_name="sentiment + one-row insert",
        ),
        timing("floor.sentiment", "floor: sentiment.analyse of the same texts", scored),
        timing("floor.insert", "floor: plain INSERT of the row and its tags, committed", inserted),
    ]


def measure_exchange(plan: Plan, db: Database, heavy: User) -> list[Figure]:
    runs = max(3, plan.runs // 5)
    s = {k: [v * 1000 for v in vs] for k, vs in bench_exchange.measure(db, heavy, runs).items()}
    rows = DAYLIO_ROWS
    return [
        timing(
            "import.daylio",
            f"Daylio import, {rows:,} rows: read + preview + commit (fresh account)",
            s["import"],
            target=bench_exchange.IMPORT_TARGET_MS,
        ),
        timing("import.daylio.parse", "  of which: read and check the file", s["parse"]),
        timing("import.daylio.preview", "  of which: preview", s["preview"]),
        timing("import.daylio.commit", "  of which: commit (tone of every entry, one transaction)", s["commit"]),
        timing(
            "export.json",
            "JSON export, heavy person (ten years)",
            s["export"],
            target=bench_exchange.EXPORT_TARGET_MS,
            floor=statistics.median(s["floor"]),
            floor_name="reading the same rows",
        ),
    ]


@dataclass
class Backend:
    """Where one pass of the bench runs: DuckDB's file at `path`, or PostgreSQL at `url` in `cluster`."""

    name: str  # a key of BACKENDS
    path: Path  # the app's HARBOUR_DB (not opened on PostgreSQL)
    url: str | None = None
    cluster: bench_postgres.postgres_cluster.Cluster | None = None

    def open(self) -> Store:
        return Database(self.path) if self.url is None else PostgresDatabase(self.url)

    def group_store(self, built: SyntheticGroup) -> tuple[Store, str | None]:
        """The peer group's database on this backend (on PostgreSQL, a copy of the DuckDB file) and its URL."""
        if self.cluster is None:
            return Database(built.path), None
        url, _ = bench_postgres.new_database(self.cluster, "harbour_bench_groups", built.path)
        return PostgresDatabase(url), url


def measure_groups(plan: Plan, backend: Backend) -> list[Figure]:
    with tempfile.TemporaryDirectory(prefix="harbour-bench-groups-") as folder:
        built = synthetic_group(Path(folder) / "groups.duckdb")
        db, url = backend.group_store(built)
        try:
            s = bench_groups.measure(db, built, runs=plan.runs, warmups=plan.warmups)
            aggregate = statistics.median(s["aggregate"])
            scans = measure_duckdb_reading(plan, url, built, db, aggregate) if url is not None else []
        finally:
            db.close()
    figures = [
        timing(
            "groups.weekly",
            f"Peer group weekly release (private), {built.members} members × {GROUP_WEEKS} weeks, stored",
            s["figures"],
            target=bench_groups.TARGET_MS,
            floor=aggregate,
            floor_name="the per-member query",
        ),
        timing("groups.stored", "Peer group weekly figures, read once stored", s["stored"]),
        timing("floor.groups_query", "floor: the per-member query (groups.weekly_values)", s["aggregate"]),
    ]
    return figures + scans


def measure_duckdb_reading(plan: Plan, url: str, built: SyntheticGroup, db: Handle, native_ms: float) -> list[Figure]:
    """The peer group's per-member aggregate through DuckDB with PostgreSQL attached READ_ONLY, beside psycopg's."""
    first, end = GROUP_START, GROUP_START + timedelta(weeks=built.weeks)
    areas = list(group_figures.QUADRANTS)
    key, name = "duckdb_reads_pg.groups_query", "DuckDB reading PostgreSQL: the per-member group query"
    try:
        with bench_postgres.duckdb_reading(url) as scan:
            native = groups_repo.weekly_values(db, built.group_id, first, end, areas)
            scanned = groups_repo.weekly_values(scan, built.group_id, first, end, areas)
            assert len(scanned[0]) == len(native[0]) and len(scanned[1]) == len(native[1]), "different rows"
            samples = harness.time_calls(
                lambda: groups_repo.weekly_values(scan, built.group_id, first, end, areas), plan.warmups, plan.calls
            )
    except Exception as exc:  # noqa: BLE001 - a figure that can't be had is reported, not fatal
        return [Figure(key, name, "ms", status="error", detail=f"{type(exc).__name__}: {exc}")]
    return [timing(key, name, samples, floor=native_ms, floor_name="psycopg, the same query")]


def measure_duckdb_reading_daily(plan: Plan, url: str, heavy: User, today: date, native_ms: float) -> list[Figure]:
    """trends.daily for the heavy person over everything, through DuckDB with PostgreSQL attached READ_ONLY."""
    key, name = "duckdb_reads_pg.daily_query", "DuckDB reading PostgreSQL: trends.daily, heavy, everything"
    try:
        with bench_postgres.duckdb_reading(url) as scan:
            assert len(trends_repo.daily(scan, heavy.id, None, today)) > 0
            samples = harness.time_calls(
                lambda: trends_repo.daily(scan, heavy.id, None, today), plan.warmups, plan.calls
            )
    except Exception as exc:  # noqa: BLE001 - a figure that can't be had is reported, not fatal
        return [Figure(key, name, "ms", status="error", detail=f"{type(exc).__name__}: {exc}")]
    return [timing(key, name, samples, floor=native_ms, floor_name="psycopg, the same query")]


def machine() -> dict:
    return {
        "cpu_count": os.cpu_count(),
        "python": platform.python_version(),
        "platform": platform.platform(),
        "duckdb": duckdb.__version__,
        "streamlit": streamlit.__version__,
        "timestamp": datetime.now(UTC).isoformat(timespec="seconds"),
        # Other work on the machine inflates every figure (floors too): read the ratios, and compare runs with care.
        "load_average_1_5_15": [round(x, 2) for x in os.getloadavg()],
    }


def prepare(quick: bool) -> data.BenchData:
    """The cached synthetic database for this scale (built if need be); each backend runs on a copy of it."""
    scale = data.QUICK if quick else data.FULL
    log(f"Data: {scale.name} scale ({scale.heavy_days} days for the heavy person, {scale.others} others)…")
    built = data.cached(scale)
    how = "from the cache" if built.cached else f"generated in {built.seconds:.1f} s"
    log(f"Data: {built.entries:,} entries, {built.tags:,} tags, {built.users:,} people ({how}).")
    print(f"Data: {built.entries:,} entries, {built.users:,} people; {how}.")
    return built


def working(built: data.BenchData, quick: bool) -> data.BenchData:
    """A copy of the cached file to run against: the bench writes (saves), and the cache must stay as built."""
    return data.working_copy(built, data.CACHE_DIR / f"run-{(data.QUICK if quick else data.FULL).name}.duckdb")


def run_on(plan: Plan, work: data.BenchData, backend: Backend) -> list[Figure]:
    """Every figure on one backend, each floor from this same pass."""
    figures: list[Figure] = []
    with harness.app_env(work.path, backend.url):
        db = backend.open()  # on DuckDB, shares the app's DuckDB instance: same process, same file
        try:
            log("Floors…")
            bare_at = harness.bare_page()
            bare_at.run()
            bare_runs = harness.time_runs(bare_at, plan.warmups, plan.runs)
            bare = timing("floor.bare_page", "floor: bare page run (st.title only)", bare_runs)
            figures.append(bare)
            figures += measure_queries(plan, db, work.heavy, work.today)
            if backend.url is not None:
                log("DuckDB reading PostgreSQL…")
                native = next(f.measured for f in figures if f.key == "floor.daily_query")
                figures += measure_duckdb_reading_daily(plan, backend.url, work.heavy, work.today, native or 0.0)
            log("Pages…")
            page_figures, sessions = measure_pages(plan, work.heavy, work.light, bare.measured or 0.0)
            figures += page_figures
            log("Trends payload…")
            figures += measure_trends_extras(plan, sessions.get("trends.heavy"))
            log("Saves…")
            figures += measure_saves(plan, db, work.heavy)
            log("Import and export…")
            figures += measure_exchange(plan, db, work.heavy)
            log("Peer group figures…")
            figures += measure_groups(plan, backend)
        finally:
            db.close()
    return figures


def timed_pass(info: dict, name: str, measure: Callable[[], list[Figure]]) -> list[Figure]:
    """One backend's pass, with the 1-minute load average as it starts and ends kept in info."""
    before = round(os.getloadavg()[0], 2)
    figures = measure()
    info["load_average_1min"][name] = [before, round(os.getloadavg()[0], 2)]
    return figures


def run(quick: bool, backends: tuple[str, ...]) -> tuple[dict[str, list[Figure]], dict]:
    """Every figure on each of `backends` in turn; info["skipped"] says why a backend asked for did not run."""
    plan = QUICK_PLAN if quick else FULL_PLAN
    built = prepare(quick)
    results: dict[str, list[Figure]] = {}
    # Each pass's 1-minute load average as it starts and ends: the two passes run minutes apart, and other work on the
    # machine in one of them inflates its figures (floors too) against the other's.
    info: dict = {"quick": quick, "plan": asdict(plan), "skipped": {}, "load_average_1min": {}}
    if "duckdb" in backends:
        log("DuckDB:")
        work = working(built, quick)
        results["duckdb"] = timed_pass(info, "duckdb", lambda: run_on(plan, work, Backend("duckdb", work.path)))
    if "postgres" in backends:
        missing = bench_postgres.unavailable()
        if missing:
            info["skipped"]["postgres"] = missing
        else:
            log("PostgreSQL: starting a durable throwaway cluster and copying the same rows in…")
            with bench_postgres.cluster() as server, tempfile.TemporaryDirectory(prefix="harbour-bench-") as folder:
                started = time.perf_counter()
                url, counts = bench_postgres.new_database(server, "harbour_bench", built.path)
                info["postgres"] = {
                    **bench_postgres.settings(url),
                    "copied_rows": counts,
                    "copy_seconds": round(time.perf_counter() - started, 2),
                }
                log(f"PostgreSQL: {sum(counts.values()):,} rows copied in {info['postgres']['copy_seconds']} s.")
                backend = Backend("postgres", Path(folder) / "not-used.duckdb", url, server)
                results["postgres"] = timed_pass(info, "postgres", lambda: run_on(plan, built, backend))
    info["data"] = {
        "entries": built.entries,
        "tags": built.tags,
        "people": built.users,
        "generation_seconds": round(built.seconds, 2),
        "from_cache": built.cached,
        "today": built.today.isoformat(),
        "version": data.VERSION,
    }
    info["machine"] = machine()
    return results, info


# ---------------------------------------------------------------- reporting
def _value(value: float | None, unit: str) -> str:
    if value is None:
        return "—"
    if unit == "x":
        return f"{value:.2f}×"
    return f"{value:,.1f} {unit}"


def _cells(f: Figure | None) -> list[str]:
    """measured, floor, ratio to floor and met? for one backend's figure ("n/a" where it has no such figure)."""
    if f is None:
        return ["n/a", "—", "—", "—"]
    measured = _value(f.measured, f.unit) if f.status == "ok" else f.status
    floor = _value(f.floor, f.unit) if f.floor is not None else "—"
    ratio = f"{f.ratio:.1f}×" if f.ratio is not None and f.ratio >= 0.95 else f"{f.ratio:.2f}×" if f.ratio else "—"
    met = f.status if f.status != "ok" else {True: "yes", False: "**no**", None: "—"}[f.met]
    return [measured, floor, ratio, met]


def table(results: dict[str, list[Figure]], skipped: dict[str, str] | None = None) -> str:
    """One Markdown table: each figure once, with each backend's measured value, floor, ratio and met? side by side.

    Figures only one backend has (DuckDB reading PostgreSQL) show "n/a" on the other."""
    names = [name for name in BACKENDS if name in results]
    header = ["figure", "target", "floor is"]
    for name in names:
        header += [BACKENDS[name], "floor", "ratio", "met?"]
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    by_backend = {name: {f.key: f for f in results[name]} for name in names}
    order: dict[str, Figure] = {}
    for name in names:
        for f in results[name]:
            order.setdefault(f.key, f)
    notes: list[str] = []
    for key, first in order.items():
        target = f"≤ {_value(first.target, first.unit)}" if first.target is not None else "—"
        floor_is = next((by_backend[n][key].floor_name for n in names if key in by_backend[n]), "") or "—"
        cells = [first.name, target, floor_is]
        for name in names:
            f = by_backend[name].get(key)
            cells += _cells(f)
            if f is not None and (f.status != "ok" or (f.unit == "KB" and f.detail)):
                notes.append(f"- {BACKENDS[name]}, {f.name}: {f.detail}")
        lines.append("| " + " | ".join(cells) + " |")
    notes += duckdb_reading_notes(results.get("postgres", []))
    notes += [f"- {BACKENDS[name]} not run: {why}" for name, why in (skipped or {}).items()]
    return "\n".join(lines + ([""] + notes if notes else []))


def duckdb_reading_notes(figures: list[Figure]) -> list[str]:
    """Whether DuckDB reading PostgreSQL (attached READ_ONLY) beat psycopg on each heavy read: a clear win is at most
    CLEAR_WIN of psycopg's time. It is only measured here; the app reads through psycopg."""
    notes = []
    for f in figures:
        if not f.key.startswith("duckdb_reads_pg.") or f.ratio is None:
            continue
        what = f.name.removeprefix("DuckDB reading PostgreSQL: ")
        if f.ratio <= CLEAR_WIN:
            verdict = "a clear win here, yet not wired into the app: the extension would join requirements.txt "
            verdict += "for one read, a separate connection outside the store's snapshot (README, Performance)"
        elif f.ratio < 1:
            verdict = "quicker, but not clearly: not worth a second way to read; the app keeps psycopg"
        else:
            verdict = "slower: not a win; the app keeps psycopg"
        notes.append(f"- DuckDB reading PostgreSQL, {what}: {f.ratio:.2f}× psycopg's time, {verdict}.")
    return notes


def write_json(results: dict[str, list[Figure]], info: dict, path: Path = RESULTS) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    doc = {
        **info,
        "backends": {
            name: {
                "targets": {f.key: f.target for f in figures if f.target is not None},
                "floors": {f.key: f.measured for f in figures if f.key.startswith("floor.")},
                "figures": [f.as_json() for f in figures],
            }
            for name, figures in results.items()
        },
    }
    path.write_text(json.dumps(doc, indent=2, default=str) + "\n", encoding="utf-8")


def profile(page: str, quick: bool, who: str, everything: bool = False, top: int = 30) -> None:
    """cProfile over the timed runs of one page, to show where a slow page spends its time.

    everything=True sets the Trends range to Everything first; cached pages are profiled cold, as timed.
    """
    plan = QUICK_PLAN if quick else FULL_PLAN
    work = working(prepare(quick), quick)
    user = work.heavy if who == "heavy" else work.light
    with harness.app_env(work.path):
        try:
            at = harness.open_page(user, page)
        except harness.PageUnavailable as exc:
            print(f"Can't profile {page}: {exc.status}, {exc.detail}")
            return
        if everything and harness.choose(at, RANGE_KEY, EVERYTHING) is None:
            print(f"Can't profile {page} on Everything: no widget keyed {RANGE_KEY!r} took it")
            return
        cold = Path(page).stem in CACHED_PAGES
        harness.time_runs(at, plan.warmups, 0, page)
        profiler = cProfile.Profile()
        with harness.profiled(profiler):
            samples = harness.time_runs(at, 0, plan.runs, page, cold=cold)
    out = io.StringIO()
    stats = pstats.Stats(profiler, stream=out).strip_dirs()
    stats.sort_stats("cumulative").print_stats(top)
    stats.sort_stats("tottime").print_stats(top // 2)
    print(f"{page}, {who} person: median {statistics.median(samples):.1f} ms over {len(samples)} runs (profiled)")
    print(out.getvalue())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="smaller data and fewer runs: a smoke run")
    parser.add_argument(
        "--backend", choices=("duckdb", "postgres", "both"), default="both", help="where to run (default: both)"
    )
    parser.add_argument("--profile", metavar="PAGE", help="profile one page (e.g. pages/trends.py) on DuckDB instead")
    parser.add_argument("--who", choices=("heavy", "light"), default="heavy", help="whose page to profile")
    parser.add_argument("--everything", action="store_true", help="with --profile: the Trends range Everything")
    args = parser.parse_args(argv)
    if args.profile:
        profile(args.profile, args.quick, args.who, args.everything)
        return 0
    backends = tuple(BACKENDS) if args.backend == "both" else (args.backend,)
    if "postgres" in backends and (missing := bench_postgres.unavailable()):
        log(f"PostgreSQL not run: {missing}.")
    started = time.perf_counter()
    results, info = run(args.quick, backends)
    info["bench_seconds"] = round(time.perf_counter() - started, 1)
    write_json(results, info, RESULTS)
    print()
    print(table(results, info["skipped"]))
    print()
    m, p = info["machine"], info["plan"]
    pg = info.get("postgres")
    server = f", PostgreSQL {pg['version']} (fsync {pg['settings']['fsync']})" if pg else ""
    loads = "; ".join(f"{BACKENDS[k]} {a} → {b}" for k, (a, b) in info["load_average_1min"].items())
    print(
        f"{m['cpu_count']} CPUs (1-minute load average at each pass's start → end: {loads or 'none run'}), "
        f"Python {m['python']}, DuckDB {m['duckdb']}{server}, Streamlit {m['streamlit']}; "
        f"{info['bench_seconds']} s in all. Timings are medians: {p['runs']} page runs after {p['warmups']} "
        f"warm-ups, {p['saves']} saves, {p['calls']} direct calls. Written to {RESULTS}."
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
