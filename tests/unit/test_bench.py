"""bench/'s own code at a small scale: its bulk data are valid rows that Harbour reads back as its own, its group
timing times every step, and its report sets the two backends side by side (tests/service/test_bench_postgres.py
copies the data into a real PostgreSQL).

The one test file that imports bench/, because bench/ is what it tests. Data that other tests share (and that
bench/ builds on) lives in tests/factories.py.
"""

from __future__ import annotations

import json
from contextlib import contextmanager
from datetime import date, timedelta
from pathlib import Path
from types import SimpleNamespace

import pytest

from bench import __main__ as bench_main
from bench import browser as bench_browser
from bench import data
from bench import groups as bench_groups
from bench import postgres as bench_postgres
from journal.content.library import library
from journal.reflect import entries
from journal.store import Database
from journal.store import trends as trends_repo
from tests.factories import synthetic_group

TODAY = date(2025, 6, 30)
SMALL = data.Scale("test", heavy_days=30, others=1, other_days=30, light_entries=5)


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> data.BenchData:
    return data.build(tmp_path_factory.mktemp("bench") / "bench.duckdb", SMALL, today=TODAY)


@pytest.fixture
def db(built: data.BenchData):
    database = Database(built.path)
    yield database
    database.close()


def scalar(db: Database, sql: str, params: list | None = None):
    row = db.one(sql, params or [])
    assert row is not None
    return row[0]


def test_row_counts_match_the_scale(built: data.BenchData, db: Database) -> None:
    assert (built.users, built.entries) == (3, 30 + 30 + 5)
    assert scalar(db, "SELECT count(*) FROM users") == 3
    assert scalar(db, "SELECT count(*) FROM entries WHERE user_id = ?", [built.heavy.id]) == 30
    assert scalar(db, "SELECT count(*) FROM entries WHERE user_id = ?", [built.light.id]) == 5
    assert scalar(db, "SELECT count(*) FROM entry_tags") == built.tags > 0
    assert scalar(db, "SELECT count(*) FROM drafts") == 2


def test_every_row_belongs_to_an_existing_person(db: Database) -> None:
    for table in ("entries", "entry_tags", "drafts", "prompts_shown"):
        orphans = scalar(db, f"SELECT count(*) FROM {table} WHERE user_id NOT IN (SELECT id FROM users)")
        assert orphans == 0, table


def test_tags_belong_to_their_entry_and_its_owner(db: Database) -> None:
    mismatched = scalar(
        db,
        "SELECT count(*) FROM entry_tags t LEFT JOIN entries e ON e.id = t.entry_id "
        "WHERE e.id IS NULL OR e.user_id <> t.user_id",
    )
    assert mismatched == 0


def test_scales_are_in_range_and_recorded_together(db: Database) -> None:
    assert scalar(db, "SELECT count(*) FROM entries WHERE mood NOT BETWEEN 1 AND 5 OR energy NOT BETWEEN 1 AND 5") == 0
    assert scalar(db, "SELECT count(*) FROM entries WHERE (mood IS NULL) <> (energy IS NULL)") == 0
    assert scalar(db, "SELECT count(*) FROM entries WHERE template = 'checkin' AND mood IS NULL") == 0


def test_dates_fall_in_each_persons_range(built: data.BenchData, db: Database) -> None:
    assert scalar(db, "SELECT max(entry_date) FROM entries") <= TODAY
    heavy = (TODAY - timedelta(days=SMALL.heavy_days - 1), TODAY)
    assert scalar(db, "SELECT min(entry_date) FROM entries WHERE user_id = ?", [built.heavy.id]) == heavy[0]
    assert scalar(db, "SELECT count(DISTINCT entry_date) FROM entries WHERE user_id = ?", [built.heavy.id]) == 30
    light_start = scalar(db, "SELECT min(entry_date) FROM entries WHERE user_id = ?", [built.light.id])
    assert light_start >= TODAY - timedelta(days=44)
    earliest = TODAY - timedelta(days=30 + SMALL.other_days)
    assert scalar(db, "SELECT min(entry_date) FROM entries") >= earliest
    assert scalar(db, "SELECT count(*) FROM entries WHERE created_at::DATE <> entry_date") == 0
    assert scalar(db, "SELECT count(*) FROM entries WHERE updated_at < created_at OR deleted_at < updated_at") == 0


def test_entries_read_back_through_harbour_as_if_saved_there(built: data.BenchData, db: Database) -> None:
    lib = library()
    found, total = entries.search(db, built.heavy.id, entries.SearchFilter(), limit=100)
    assert (
        total
        == len(found)
        == scalar(db, "SELECT count(*) FROM entries WHERE user_id = ? AND deleted_at IS NULL", [built.heavy.id])
    )
    for summary in found:
        entry = entries.get(db, built.heavy.id, summary.id)
        fields = [f.key for f in lib.template(entry.template).fields] + [entries.PROMPT_ANSWER]
        assert list(entry.answers) == [k for k in fields if k in entry.answers]
        assert entry.body == "\n\n".join(entry.answers.values())
        assert entry.polarity is not None and -1 <= entry.polarity <= 1
        assert (entry.prompt_id is None) == (entries.PROMPT_ANSWER not in entry.answers)
        assert entry.theme is None or lib.theme(entry.theme) is not None
    days = trends_repo.daily(db, built.heavy.id, None, TODAY)
    assert len(days) == scalar(
        db, "SELECT count(DISTINCT entry_date) FROM entries WHERE user_id = ? AND deleted_at IS NULL", [built.heavy.id]
    )


def test_the_same_seed_builds_the_same_rows(built: data.BenchData, tmp_path: Path) -> None:
    again = data.build(tmp_path / "again.duckdb", SMALL, today=TODAY)
    query = "SELECT id, user_id, body, mood, entry_date, created_at FROM entries ORDER BY id"
    rows = []
    for path in (built.path, again.path):
        database = Database(path)
        rows.append(database.all(query))
        database.close()
    assert rows[0] == rows[1]
    assert again.heavy == built.heavy


def test_the_cache_builds_once_and_then_reuses_the_file(tmp_path: Path) -> None:
    first = data.cached(SMALL, today=TODAY, cache_dir=tmp_path)
    second = data.cached(SMALL, today=TODAY, cache_dir=tmp_path)
    assert (first.cached, second.cached) == (False, True)
    assert (second.path, second.heavy, second.entries) == (first.path, first.heavy, first.entries)
    assert [p.name for p in tmp_path.iterdir()] == [first.path.name]


def test_save_inputs_are_about_four_hundred_characters_and_saveable(tmp_path: Path) -> None:
    inputs = data.save_inputs(5)
    assert all(350 <= len("\n\n".join(i.answers.values())) <= 450 for i in inputs)
    assert len({json.dumps(i.answers) for i in inputs}) == 5
    database = Database(tmp_path / "save.duckdb")
    try:
        for n, inp in enumerate(inputs):
            saved = entries.save_new(database, "someone", f"entry-{n}", inp, library())
            assert saved.created and saved.entry.answers == inp.answers
    finally:
        database.close()


def test_the_group_bench_times_every_step_of_each_run(tmp_path: Path) -> None:
    made = synthetic_group(tmp_path / "group.duckdb", members=12, weeks=3)
    db = Database(made.path)
    try:
        samples = bench_groups.measure(db, made, runs=1, warmups=0)
    finally:
        db.close()
    assert set(samples) == {"figures", "aggregate", "stored"} and all(len(s) == 1 for s in samples.values())


# ---------------------------------------------------------------- the side-by-side report (bench/__main__.py)
def _figures(save_ms: float, floor_ms: float) -> list[bench_main.Figure]:
    return [
        bench_main.Figure("floor.bare_page", "floor: bare page run", "ms", 2.0),
        bench_main.Figure("save.new", "save_new", "ms", save_ms, target=20.0, floor=floor_ms, floor_name="insert"),
    ]


def test_the_table_puts_each_backends_figure_floor_ratio_and_verdict_side_by_side() -> None:
    postgres = [
        *_figures(30.0, 10.0),
        bench_main.Figure("duckdb_reads_pg.daily_query", "DuckDB reading PostgreSQL: daily", "ms", 9.0, floor=3.0),
    ]
    printed = bench_main.table({"duckdb": _figures(6.0, 2.0), "postgres": postgres})
    lines = printed.splitlines()
    assert lines[0] == (
        "| figure | target | floor is | DuckDB | floor | ratio | met? | PostgreSQL | floor | ratio | met? |"
    )
    save = next(line for line in lines if line.startswith("| save_new "))
    duck, pg = "6.0 ms | 2.0 ms | 3.0× | yes", "30.0 ms | 10.0 ms | 3.0× | **no**"
    assert save == f"| save_new | ≤ 20.0 ms | insert | {duck} | {pg} |"
    only_pg = next(line for line in lines if line.startswith("| DuckDB reading PostgreSQL: daily "))
    assert "| n/a |" in only_pg and "| 9.0 ms | 3.0 ms | 3.0× |" in only_pg
    assert any("3.00× psycopg's time, slower: not a win" in line for line in lines)


def test_the_table_with_one_backend_has_its_columns_only_and_says_why_the_other_did_not_run() -> None:
    printed = bench_main.table({"duckdb": _figures(6.0, 2.0)}, {"postgres": "initdb not found"})
    assert printed.splitlines()[0] == "| figure | target | floor is | DuckDB | floor | ratio | met? |"
    assert "PostgreSQL" not in printed.splitlines()[0]
    assert printed.splitlines()[-1] == "- PostgreSQL not run: initdb not found"


def test_the_results_keep_both_backends_figures(tmp_path: Path) -> None:
    path = tmp_path / "latest.json"
    bench_main.write_json({"duckdb": _figures(6.0, 2.0), "postgres": _figures(30.0, 10.0)}, {"quick": True}, path)
    doc = json.loads(path.read_text())
    assert set(doc["backends"]) == {"duckdb", "postgres"}
    assert doc["backends"]["postgres"]["floors"] == {"floor.bare_page": 2.0}
    assert [f["measured"] for f in doc["backends"]["duckdb"]["figures"]] == [2.0, 6.0]


@pytest.mark.parametrize(("argv", "missing", "ran"), [
    (["--backend", "duckdb"], None, ["duckdb"]),
    ([], None, ["duckdb", "postgres"]),
    ([], "PostgreSQL's initdb not found", ["duckdb"]),
])  # fmt: skip
def test_backend_picks_where_the_bench_runs(
    argv: list[str],
    missing: str | None,
    ran: list[str],
    built: data.BenchData,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """main() end to end but for the measuring itself (and the cluster, which a started one would need)."""
    passes: list[str] = []

    @contextmanager
    def cluster():
        yield SimpleNamespace(url=lambda name: f"postgresql://postgres@127.0.0.1:1/{name}")

    def run_on(plan, work, backend):
        passes.append(backend.name)
        return _figures(6.0, 2.0)

    monkeypatch.setattr(bench_main, "RESULTS", tmp_path / "latest.json")
    monkeypatch.setattr(bench_main, "prepare", lambda quick: built)
    monkeypatch.setattr(bench_main, "working", lambda work, quick: work)
    monkeypatch.setattr(bench_main, "run_on", run_on)
    monkeypatch.setattr(bench_postgres, "unavailable", lambda: missing)
    monkeypatch.setattr(bench_postgres, "cluster", cluster)
    monkeypatch.setattr(bench_postgres, "new_database", lambda server, name, source: (server.url(name), {}))
    monkeypatch.setattr(bench_postgres, "settings", lambda url: {"version": "15", "settings": {"fsync": "on"}})
    assert bench_main.main(["--quick", *argv]) == 0
    assert passes == ran
    header = next(line for line in capsys.readouterr().out.splitlines() if line.startswith("| figure "))
    assert ("PostgreSQL" in header) == ("postgres" in ran)
    assert set(json.loads((tmp_path / "latest.json").read_text())["backends"]) == set(ran)


# ---------------------------------------------------------------- the browser bench's figures (bench/browser.py)
def _samples(*browser_ms: float, server: float = 50.0, progress: tuple[str, ...] = ()) -> list[bench_browser.Sample]:
    return [bench_browser.Sample(ms, server, list(progress)) for ms in browser_ms]


@pytest.mark.parametrize(("values", "share", "expected"), [
    ([], 0.5, None),
    ([7.0], 0.95, 7.0),
    ([3.0, 1.0, 2.0], 0.5, 2.0),
    ([float(n) for n in range(1, 21)], 0.95, 19.0),  # nearest rank on 0..19: round(18.05) = 18, the 19th value
    ([float(n) for n in range(1, 11)], 0.95, 10.0),
])  # fmt: skip
def test_percentiles_are_the_nearest_rank_of_the_sorted_values(
    values: list[float], share: float, expected: float | None
) -> None:
    assert bench_browser.percentile(values, share) == expected


def test_the_server_time_of_a_step_sums_the_full_runs_that_started_after_the_click() -> None:
    runs = [
        {"start": 9.0, "end": 9.5, "fragment": False},  # before the click: another step's
        {"start": 10.1, "end": 10.3, "fragment": False},  # the click's run (cut short by st.rerun) ...
        {"start": 10.3, "end": 10.4, "fragment": False},  # ... and the run after it
        {"start": 10.35, "end": 10.36, "fragment": True},  # the session check on its timer: not the step's
        {"start": 12.0, "end": 12.5, "fragment": False},  # after the page settled
    ]
    assert bench_browser.server_ms(runs, since=10.0, until=11.0) == pytest.approx(300.0)
    assert bench_browser.server_ms(runs, since=13.0, until=14.0) == 0.0


def test_a_step_reports_its_first_run_as_cold_and_the_rest_as_median_and_p95() -> None:
    step = bench_browser.Step("trends", "Trends", 1000.0, samples=_samples(2900.0, 900.0, 1100.0, 800.0))
    assert step.cold is not None and step.cold.browser_ms == 2900.0
    assert step.median() == 900.0 and step.p95() == 1100.0 and step.server_median() == 50.0
    assert step.met() is True  # the median, not the cold run, is held to the target
    step.samples = _samples(500.0, 1200.0, 1300.0, 1100.0)
    assert step.met() is False


def test_a_cold_target_holds_the_first_run_and_a_progress_target_needs_words_on_every_run() -> None:
    first = bench_browser.Step("explore", "Explore", 2000.0, "cold", samples=_samples(2500.0, 200.0, 210.0))
    assert first.met() is False
    first.samples = _samples(1500.0, 9000.0)
    assert first.met() is True
    create = bench_browser.Step("create", "Create", None, "progress", samples=_samples(900.0, progress=("Creating…",)))
    assert create.met() is True
    create.samples += _samples(800.0)
    assert create.met() is False
    failed = bench_browser.Step("wins", "Wins", 600.0, status="error", detail="run 1: TimeoutError")
    assert failed.met() is None


def test_the_browser_table_sets_the_browser_beside_the_server_and_the_target() -> None:
    steps = [
        bench_browser.Step("trends", "Trends", 1000.0, samples=_samples(2900.0, 1400.0, 1500.0, server=80.0)),
        bench_browser.Step("save", "Save", 400.0, samples=_samples(200.0, 300.0, 350.0, server=100.0)),
        bench_browser.Step("create", "Create", None, "progress", samples=_samples(900.0, 950.0)),
        bench_browser.Step("sign_in", "Sign in", 600.0, samples=[*_samples(500.0), *_samples(400.0, progress=("Hi",))]),
        bench_browser.Step("wins", "Wins", 600.0, status="error", detail="run 1: TimeoutError"),
    ]
    lines = bench_browser.table(steps).splitlines()
    assert lines[0].startswith("| step | cold ms (server) | median ms | p95 ms | server median ms | gap ms |")
    assert lines[2] == "| Trends | 2,900 (80) | 1,400 | 1,500 | 80 | 1,320 | ≤ 1,000 | **no** |"
    assert lines[3] == "| Save | 200 (100) | 300 | 350 | 100 | 200 | ≤ 400 | yes |"
    assert lines[4] == "| Create | 900 (50) | 950 | 950 | 50 | 900 | progress shown | **no** |"
    assert lines[6] == "| Wins | error | | | | | ≤ 600 | — |"
    assert "- Create: progress shown: none" in lines
    assert "- Sign in: progress shown (in 1 of 2 runs): Hi" in lines
    assert "- Wins: run 1: TimeoutError" in lines


def test_the_browser_results_keep_every_sample_and_the_verdict(tmp_path: Path) -> None:
    step = bench_browser.Step("save", "Save", 400.0, samples=_samples(200.0, 300.0, 500.0))
    path = tmp_path / "browser.json"
    bench_browser.write_json([step], {"viewport": "phone"}, path)
    doc = json.loads(path.read_text())
    assert doc["viewport"] == "phone" and doc["targets"] == {"save": 400.0}
    (saved,) = doc["steps"]
    assert saved["cold_ms"] == 200.0 and saved["median_ms"] == 300.0 and saved["p95_ms"] == 500.0
    assert saved["runs"] == 2 and len(saved["samples"]) == 3 and saved["met"] is True
