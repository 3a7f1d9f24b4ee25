"""bench/'s own code at a small scale: its bulk data are valid rows that Harbour reads back as its own, and its group
timing times every step.

The one test file that imports bench/, because bench/ is what it tests. Data that other tests share (and that
bench/ builds on) lives in tests/factories.py.
"""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path

import pytest

from bench import data
from bench import groups as bench_groups
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
