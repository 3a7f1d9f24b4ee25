"""The demo account: a believable, repeatable year that refreshes in place and never touches anyone else."""

from __future__ import annotations

import hashlib
import json
import statistics
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

import pytest

from journal import accounts, demo
from journal.accounts import AccountError, User
from journal.content.library import Library
from journal.demo import together as demo_together
from journal.demo import year as demo_year
from journal.demo.year import DemoResult, build_demo
from journal.reflect import cpd, entries, nmc, people, profession
from journal.reflect import reflective_account as accounts_reflect
from journal.reflect.entries import PROMPT_ANSWER, EntryInput
from journal.store import Database
from journal.store.opening import Store
from journal.together import coaching
from journal.together.groups import figures as group_figures
from journal.together.groups import membership as groups
from journal.together.groups import wall as group_wall
from tests import factories, postgres_cluster
from tests.conftest import FixedClock, chosen_backends
from tests.factories import PASSWORD

TODAY = date(2026, 11, 19)  # a fixed, past day so every run checks the same year
SMALL_TAG_BANK = {
    "team",
    "1-to-1",
    "campaign",
    "night shift",
    "rest",
    "board meeting",
    "QI",
    "family",
    "walk",
    "training",
}


@dataclass(frozen=True)
class Row:
    id: str
    entry_date: date
    template: str
    theme: str | None
    prompt_id: str | None
    prompt_text: str | None
    answers: dict[str, str]
    mood: int | None
    energy: int | None
    is_win: bool
    polarity: float | None
    tags: tuple[str, ...]


# What the demo's relational practice writes beside its year (journal/demo/own.py, checkbacks.py, people.py): entries
# of its own template or answering its own prompt, look backs, and the win kept from a done action; and the wellbeing
# plan its revalidation goes with (journal/demo/revalidation.py).
PRACTICE = (
    "(e.template LIKE 'own:%' OR coalesce(e.prompt_id, '') LIKE 'own:%' OR e.template IN ('checkback', "
    "'wellbeing_plan') "
    "OR e.id IN (SELECT win_entry_id FROM actions a WHERE a.user_id = e.user_id AND win_entry_id IS NOT NULL))"
)


def rows_for(db: Store, user_id: str, *, year: bool = True) -> list[Row]:
    """The demo's entries: those of its year (the checks below are about the year's shape), or all of them."""
    raw = db.all(
        "SELECT e.id, e.entry_date, e.template, e.theme, e.prompt_id, e.prompt_text, e.answers, e.mood, e.energy, "
        "e.is_win, e.polarity, "
        "(SELECT array_agg(t.tag ORDER BY t.tag) FROM entry_tags t WHERE t.entry_id = e.id) "
        f"FROM entries e WHERE e.user_id = ? AND e.deleted_at IS NULL {f'AND NOT {PRACTICE}' if year else ''} "
        "ORDER BY e.entry_date, e.created_at",
        [user_id],
    )
    return [Row(*r[:6], json.loads(r[6]), *r[7:11], tuple(r[11] or ())) for r in raw]  # no tags: NULL


def demo_id(db: Store) -> str:
    found = db.all("SELECT id FROM users WHERE username_key = 'demo'")
    assert len(found) == 1
    return found[0][0]


def between(rows: list[Row], first: date, last: date, attr: str) -> list[int]:
    return [getattr(r, attr) for r in rows if first <= r.entry_date <= last and getattr(r, attr) is not None]


@dataclass(frozen=True)
class Built:
    db: Store
    result: DemoResult
    seconds: float
    rows: list[Row]
    user_id: str
    progress: list[demo.Progress]  # what a page waiting for the demo heard, in order


@pytest.fixture(scope="module", params=chosen_backends())
def built(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory, lib: Library) -> Iterator[Built]:
    """One demo year on each backend, shared by the read-only checks below (building takes several seconds).

    The `db` fixture is per test, so this opens a database of its own: a file, or a PostgreSQL database made for
    this module in the test cluster (skipped, as `db` is, where PostgreSQL is missing)."""
    db: Store
    server: postgres_cluster.Cluster | None = None
    if request.param == "postgres":
        from journal.store.postgres import PostgresDatabase

        server = request.getfixturevalue("postgres_server")
        name = server.create_database()
        db = PostgresDatabase(server.url(name), max_size=4)
    else:
        db = Database(Path(tmp_path_factory.mktemp("demo")) / "harbour.duckdb")
    heard: list[demo.Progress] = []
    told = demo.making.report

    def hear(state: str, done: float, words: str) -> None:
        told(state, done, words)
        heard.append(demo.making.now())

    demo.making.report = hear  # type: ignore[method-assign]
    try:
        started = time.perf_counter()
        result = build_demo(db, lib, today=TODAY)  # with the group and the coaching
        seconds = time.perf_counter() - started
        user_id = demo_id(db)
        del demo.making.report  # the method again
        yield Built(db, result, seconds, rows_for(db, user_id), user_id, heard)
    finally:
        vars(demo.making).pop("report", None)
        db.close()
        if server is not None:
            server.drop_database(name)


# ---------------------------------------------------------------- making it, as a waiting page sees it
def test_making_the_demo_tells_how_far_it_has_got_in_words_and_ends_ready(built: Built) -> None:
    heard = built.progress
    assert len(heard) > 10  # often enough for a progress bar to move
    assert heard[0].state == demo.MAKING and heard[-1] == demo.Progress(demo.READY, 1.0, "Ready")
    assert all(p.state == demo.MAKING for p in heard[:-1])
    done = [p.done for p in heard]
    assert done == sorted(done) and done[0] == 0.0
    said = [p.words for p in heard]
    assert all(said)
    steps = [demo_year.WRITING, demo_together.PEERS_WORDS, demo_together.COACH_WORDS]
    assert [w for w in dict.fromkeys(said) if w in steps] == steps  # in the order they happen


def test_a_demo_that_fails_to_be_made_says_so_rather_than_leave_a_page_waiting(
    db: Database, lib: Library, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*args: object) -> list[object]:
        raise RuntimeError("no year today")

    monkeypatch.setattr(demo, "making", demo.Making())  # this test's own, so no other test hears of the failure
    monkeypatch.setattr(demo_year, "_plan_year", broken)
    with pytest.raises(RuntimeError, match="no year today"):
        build_demo(db, lib, today=TODAY)
    assert demo.making.now().state == demo.FAILED


# ---------------------------------------------------------------- the account
def test_the_returned_password_signs_in_to_the_demo_account(built: Built) -> None:
    assert built.result.username == "demo"
    assert len(built.result.password) >= 12
    signed_in = accounts.sign_in(built.db, "demo", built.result.password)
    assert signed_in.id == built.user_id
    with pytest.raises(AccountError):
        accounts.sign_in(built.db, "demo", built.result.password + "x")


# ---------------------------------------------------------------- the shape of the year
def test_a_year_of_entries_in_the_believable_band(built: Built) -> None:
    assert 260 <= len(built.rows) <= 320
    everything = rows_for(built.db, built.user_id, year=False)
    assert built.result.entries == len(everything) == entries.count(built.db, built.user_id)


def test_the_relational_practice_grows_from_the_year(built: Built, lib: Library) -> None:
    """Beside the year: its own prompt answered 3 times, its own template used 4 times, 4 look backs on its setbacks
    and a win kept from a done action, and the wellbeing plan its revalidation goes with; each in the year, none in
    the last two weeks' low run but the win."""
    year = {r.id for r in built.rows}
    practice = [r for r in rows_for(built.db, built.user_id, year=False) if r.id not in year]
    kinds = sorted(
        "own template" if r.template.startswith("own:") else "own prompt" if (r.prompt_id or "").startswith("own:")
        else r.template for r in practice
    )  # fmt: skip
    assert kinds == ["checkback"] * 4 + ["own prompt"] * 3 + ["own template"] * 4 + ["wellbeing_plan", "win"]
    assert all(TODAY - timedelta(days=366) <= r.entry_date <= TODAY for r in practice)
    assert all(
        r.mood in range(1, 6) and r.energy in range(1, 6)
        for r in practice
        if r.template not in ("win", "wellbeing_plan")
    )
    from_actions = {a.win_entry_id for a in people.all_actions(built.db, built.user_id) if a.win_entry_id}
    assert from_actions == {r.id for r in practice if r.template == "win"}


def test_every_template_of_the_year_is_used_and_checkins_are_the_most_common(built: Built, lib: Library) -> None:
    """The year writes each everyday template (the NHS support and regulators' templates are for moments a demo
    year leaves alone: a distressing event, a Schwartz Round, a debrief)."""
    used = [r.template for r in built.rows]
    assert set(used) == set(demo_year.TEMPLATE_IDS) and set(demo_year.TEMPLATE_IDS) <= {t.id for t in lib.templates}
    share = used.count("checkin") / len(used)
    assert 0.3 <= share <= 0.5
    assert max(set(used), key=used.count) == "checkin"


def test_dates_cover_the_last_year_and_none_are_in_the_future(built: Built) -> None:
    dates = [r.entry_date for r in built.rows]
    assert min(dates) >= TODAY - timedelta(days=366)
    assert max(dates) <= TODAY
    assert min(dates) <= TODAY - timedelta(days=330)  # it really is a year, not a few months
    months = {(d.year, d.month) for d in dates}
    assert len(months) >= 12


def test_most_days_have_at_most_one_entry_and_weekends_are_quieter(built: Built) -> None:
    per_day: dict[date, int] = {}
    for r in built.rows:
        per_day[r.entry_date] = per_day.get(r.entry_date, 0) + 1
    days = [TODAY - timedelta(days=i) for i in range(365)]
    counts = [per_day.get(d, 0) for d in days]
    assert sum(c <= 1 for c in counts) / len(counts) >= 0.75
    assert any(c == 2 for c in counts)
    weekday = [per_day.get(d, 0) for d in days if d.weekday() < 5]
    weekend = [per_day.get(d, 0) for d in days if d.weekday() >= 5]
    assert statistics.mean(weekend) < statistics.mean(weekday)


def test_weekly_regroups_come_about_once_a_week_on_fridays_or_sundays(built: Built) -> None:
    weekly = [r.entry_date for r in built.rows if r.template == "weekly"]
    assert 40 <= len(weekly) <= 53
    assert {d.weekday() for d in weekly} <= {4, 6}
    weeks = [d.isocalendar()[:2] for d in weekly]
    assert len(set(weeks)) == len(weeks)


def test_wins_and_setbacks_are_there(built: Built) -> None:
    wins = [r for r in built.rows if r.template == "win"]
    assert wins and all(r.is_win for r in wins)
    others = [r for r in built.rows if r.template != "win"]
    marked = sum(r.is_win for r in others) / len(others)
    assert 0.03 <= marked <= 0.2
    assert any(r.template == "setback" for r in built.rows)


# ---------------------------------------------------------------- the words
def test_answers_fit_their_templates_and_vary(built: Built, lib: Library) -> None:
    for r in built.rows:
        allowed = {f.key for f in lib.template(r.template).fields} | {PROMPT_ANSWER}
        assert r.answers and set(r.answers) <= allowed
        assert all(text.strip() for text in r.answers.values())
    lines = [r.answers["line"] for r in built.rows if r.template == "checkin"]
    assert len(set(lines)) >= 0.7 * len(lines)


def test_one_to_ones_name_people_by_first_name_or_initial_only(built: Built) -> None:
    who = [r.answers["who"] for r in built.rows if r.template == "one_to_one"]
    assert who
    for name in who:
        first = name.split(" (")[0]
        assert len(first.split()) == 1 and len(first) <= 12


def test_about_half_of_prompt_offering_entries_answer_a_real_prompt(built: Built, lib: Library) -> None:
    offering = [r for r in built.rows if lib.template(r.template).offers_prompt]
    prompted = [r for r in offering if r.prompt_id]
    assert 0.3 <= len(prompted) / len(offering) <= 0.7
    for r in prompted:
        prompt = lib.prompt(r.prompt_id)
        assert prompt is not None
        assert r.prompt_text == prompt.text
        assert lib.template(r.template).moment in prompt.moments
        assert r.answers[PROMPT_ANSWER].strip()
    assert all(r.prompt_id is None for r in built.rows if not lib.template(r.template).offers_prompt)
    shown = built.db.one("SELECT count(*) FROM prompts_shown WHERE user_id = ?", [built.user_id])[0]
    assert shown == len(prompted)


def test_themes_follow_the_template_or_the_prompt(built: Built, lib: Library) -> None:
    for r in built.rows:
        template = lib.template(r.template)
        if template.theme:
            assert r.theme == template.theme
        elif r.prompt_id:
            assert r.theme == lib.prompt(r.prompt_id).theme
        assert r.theme is None or lib.theme(r.theme) is not None
    assert len({r.theme for r in built.rows if r.theme}) >= 6


def test_tags_are_few_and_from_a_small_bank(built: Built) -> None:
    assert all(len(r.tags) <= 3 for r in built.rows)
    used = {t for r in built.rows for t in r.tags}
    assert used <= SMALL_TAG_BANK
    assert {"rest", "1-to-1", "campaign"} <= used
    assert any(not r.tags for r in built.rows)


def test_the_tone_of_the_writing_tracks_mood(built: Built) -> None:
    high = [r.polarity for r in built.rows if r.mood and r.mood >= 4 and r.polarity is not None]
    low = [r.polarity for r in built.rows if r.mood and r.mood <= 2 and r.polarity is not None]
    assert statistics.mean(high) > statistics.mean(low) + 0.1


# ---------------------------------------------------------------- the story in the numbers
def test_mood_and_energy_are_mostly_three_or_four(built: Built) -> None:
    moods = [r.mood for r in built.rows]
    energies = [r.energy for r in built.rows]
    assert all(m in range(1, 6) for m in moods + energies)
    assert sum(m in (3, 4) for m in moods) / len(moods) >= 0.6
    assert sum(e in (3, 4) for e in energies) / len(energies) >= 0.6


def trailing_mean(rows: list[Row], day: date, days: int, attr: str) -> float | None:
    values = between(rows, day - timedelta(days=days - 1), day, attr)
    return statistics.mean(values) if values else None


def test_a_dip_months_ago_that_starts_with_a_setback_and_recovers(built: Built) -> None:
    rows = built.rows
    median = statistics.median(r.mood for r in rows)

    # The lowest fortnight three to six months ago sits at least a point below the year's usual mood.
    fortnights = [
        (m, end)
        for end in (TODAY - timedelta(days=back) for back in range(91, 184 - 13))
        if (m := trailing_mean(rows, end, 14, "mood")) is not None
    ]
    low, dip_end = min(fortnights)
    dip_start = dip_end - timedelta(days=13)
    assert low <= median - 1

    # It opens with a setback that hit hard, after a usual stretch.
    opening = [
        r
        for r in rows
        if r.template == "setback"
        and dip_start - timedelta(days=7) <= r.entry_date <= dip_end
        and r.mood <= 2
        and r.energy <= 2
    ]
    assert opening
    started = opening[0].entry_date
    assert (
        statistics.mean(between(rows, started - timedelta(days=14), started - timedelta(days=1), "mood")) >= median - 1
    )

    # Back to the usual within a fortnight of the lowest point.
    recovered = [trailing_mean(rows, dip_end + timedelta(days=k), 7, "mood") for k in range(1, 15)]
    assert max(m for m in recovered if m is not None) >= median - 0.5

    # On the way back: a win, a boundary kept, and a 1-to-1.
    after = [r for r in rows if started < r.entry_date <= started + timedelta(days=24)]
    assert any(r.template == "win" for r in after)
    assert any(r.template == "one_to_one" for r in after)
    assert any("rest" in r.tags and "said no" in " ".join(r.answers.values()).lower() for r in after)


def test_the_last_week_runs_low_enough_to_raise_the_early_warning(built: Built) -> None:
    rows = built.rows
    last_week = between(rows, TODAY - timedelta(days=6), TODAY, "energy")
    before = between(rows, TODAY - timedelta(days=66), TODAY - timedelta(days=7), "energy")
    assert statistics.mean(last_week) <= statistics.median(before) - 1

    # Energy's 7-day mean sits at least a point under the 60 days before it, for 7 days running.
    for k in range(7):
        day = TODAY - timedelta(days=k)
        week = between(rows, day - timedelta(days=6), day, "energy")
        baseline = between(rows, day - timedelta(days=66), day - timedelta(days=7), "energy")
        assert statistics.mean(week) <= statistics.median(baseline) - 1, day

    # 5 of the last 7 check-ins are low-energy and unpleasant.
    checkins = [r for r in rows if r.template == "checkin"][-7:]
    assert sum(r.energy <= 2 and r.mood <= 2 for r in checkins) >= 5

    last_ten = [r for r in rows if r.entry_date > TODAY - timedelta(days=10)]
    assert sum(r.energy <= 2 for r in last_ten) / len(last_ten) >= 0.8
    assert all(r.mood <= 3 for r in last_ten)


# ---------------------------------------------------------------- repeatable, refreshable, contained
def test_the_same_seed_and_day_write_the_same_year(tmp_path: Path, lib: Library, built: Built) -> None:
    again = Database(tmp_path / "again.duckdb")
    try:
        build_demo(again, lib, today=TODAY, together=False)
        same = rows_for(again, demo_id(again))
    finally:
        again.close()
    strip = [(r.id, r.entry_date, r.template, r.answers, r.mood, r.energy, r.is_win, r.tags) for r in same]
    assert strip == [
        (r.id, r.entry_date, r.template, r.answers, r.mood, r.energy, r.is_win, r.tags) for r in built.rows
    ]


def test_the_demo_nurse_is_part_way_through_nmc_revalidation(built: Built) -> None:
    """A renewal date a little over a year away, 22 of the 35 CPD hours (some of them participatory), three of the
    five reflective accounts, each prepared from one of the year's reflections that fit the NMC's form."""
    chosen = profession.get(built.db, built.user_id)
    assert chosen.regulator == "nmc"
    assert chosen.renewal_on == TODAY + timedelta(days=430)
    log = cpd.activities(built.db, built.user_id)
    totals = cpd.totals(log)
    assert (totals.minutes, len(log)) == (22 * 60, 8)
    assert 0 < totals.participatory_minutes < 20 * 60
    assert all(a.done_on <= TODAY and a.code_theme and a.learning_type for a in log)
    assert len({a.learning_type for a in log}) >= 2
    assert accounts_reflect.count_last_three_years(built.db, built.user_id, TODAY) == 3
    year = {r.id: r for r in built.rows}
    prepared = built.db.all("SELECT entry_id FROM reflective_accounts WHERE user_id = ?", [built.user_id])
    assert {year[e].template for (e,) in prepared} <= set(accounts_reflect.BEST_FIT)
    portfolio = nmc.portfolio(built.db, built.user_id, TODAY)
    assert nmc.card_line(portfolio) == "3 of 5 reflective accounts, 22 of 35 CPD hours, 2 of 5 pieces of feedback"
    assert sum(h.hours for h in portfolio.hours) >= 450 and portfolio.discussions == []
    wins = [f.from_entry_id for f in portfolio.feedback if f.from_entry_id]
    assert len(portfolio.feedback) == 2 and len(wins) == 1
    grown_from = entries.get(built.db, built.user_id, wins[0])
    assert grown_from is not None and grown_from.is_win
    assert nmc.ticked(built.db, built.user_id) == ("practice_hours", "indemnity")


def fingerprint(db: Store, user_id: str) -> str:
    """Everything the demo draws from its seed, as one hash: the demo's entries and the prompts it was shown,
    the peers' scores, check-ins and posted wins, and the coaching notes. Left out is what comes from the real
    clock or a fresh random id (passwords, account ids, when a row was written)."""
    with db.read() as tx:
        shown = tx.all(
            "SELECT prompt_id, shown_at FROM prompts_shown WHERE user_id = ? ORDER BY shown_at, prompt_id", [user_id]
        )
        peers = tx.all(
            "SELECT u.username, e.id, e.entry_date, e.template, e.answers, e.mood, e.energy, e.is_win "
            "FROM entries e JOIN users u ON u.id = e.user_id "
            "WHERE u.username LIKE 'demo-%' AND e.template = 'checkin' ORDER BY u.username, e.entry_date, e.id"
        )
        checkins = tx.all(
            "SELECT u.username, c.id, c.taken_on, c.answers FROM burnout_checkins c JOIN users u ON u.id = c.user_id "
            "WHERE u.username LIKE 'demo%' ORDER BY u.username, c.taken_on"
        )
        wins = tx.all(
            "SELECT u.username, w.named, w.text FROM group_wins w JOIN users u ON u.id = w.user_id "
            "ORDER BY u.username, w.text"
        )
        notes = tx.all("SELECT kind, text, action_owner, due FROM coach_notes ORDER BY text")
    own = [
        (r.id, r.entry_date, r.template, r.theme, r.prompt_id, r.prompt_text, r.answers, r.mood, r.energy, r.is_win,
         r.tags)
        for r in rows_for(db, user_id)
    ]  # fmt: skip
    drawn = json.dumps([own, shown, peers, checkins, wins, notes], default=str, sort_keys=True)
    return hashlib.sha256(drawn.encode()).hexdigest()


# The demo built from seed 7 ending on TODAY, as it was when its words moved from year.py into phrases.toml.
# A different hash means a different demo year: change it only when the demo is meant to change.
DEMO_FINGERPRINT = "752a9e476e661714b2e9f33fbf3ed709ac9961850284179a756a12982f112756"


def test_the_seed_and_day_give_exactly_the_recorded_demo(built: Built) -> None:
    assert fingerprint(built.db, built.user_id) == DEMO_FINGERPRINT


def test_another_seed_writes_a_different_year(tmp_path: Path, lib: Library, built: Built) -> None:
    # A file of its own, as in the test above: the demo built on `db` as well would build it once per pair of
    # backends (building takes several seconds); building on PostgreSQL is the `built` fixture's.
    other_db = Database(tmp_path / "other.duckdb")
    try:
        build_demo(other_db, lib, today=TODAY, seed=8, together=False)
        other = rows_for(other_db, demo_id(other_db))
    finally:
        other_db.close()
    assert [r.id for r in other] != [r.id for r in built.rows]
    assert [r.answers for r in other] != [r.answers for r in built.rows]


def test_building_twice_refreshes_rather_than_duplicates(db: Database, lib: Library) -> None:
    first = build_demo(db, lib, today=TODAY, together=False)
    user_id = demo_id(db)
    entries.save_draft(db, user_id, str(uuid.uuid4()), EntryInput(template="checkin", answers={"line": "half"}))
    entries.save_new(db, user_id, str(uuid.uuid4()), EntryInput(template="checkin", mood=3, entry_date=TODAY), lib)

    second = build_demo(db, lib, today=TODAY, together=False)

    assert demo_id(db) == user_id
    assert second.entries == first.entries == len(rows_for(db, user_id, year=False))
    assert entries.drafts(db, user_id) == []
    with pytest.raises(AccountError):
        accounts.sign_in(db, "demo", first.password)
    assert accounts.sign_in(db, "demo", second.password).id == user_id
    shown = db.one("SELECT count(*) FROM prompts_shown WHERE user_id = ?", [user_id])[0]
    prompted = db.one(  # the reviewed prompts answered: an own prompt is never in the rotation's history
        "SELECT count(*) FROM entries WHERE user_id = ? AND prompt_id IS NOT NULL AND prompt_id NOT LIKE 'own:%'",
        [user_id],
    )[0]
    assert shown == prompted


def test_a_refresh_never_touches_anyone_else(db: Database, lib: Library, make_user: Callable[..., User]) -> None:
    other = make_user("robin")
    entry_id = str(uuid.uuid4())
    draft_id = str(uuid.uuid4())
    mine = EntryInput(template="checkin", answers={"line": "My own words."}, mood=4, energy=3, tags=["walk"])
    entries.save_new(db, other.id, entry_id, mine, lib)
    entries.save_draft(db, other.id, draft_id, EntryInput(template="free", answers={"text": "Not finished"}))
    entries.record_prompt_shown(db, other.id, lib.prompts[0].id)

    build_demo(db, lib, today=TODAY, together=False)
    build_demo(db, lib, today=TODAY, together=False)

    kept = entries.get(db, other.id, entry_id)
    assert kept is not None
    assert kept.answers == {"line": "My own words."} and kept.tags == ("walk",) and kept.revision == 1
    assert entries.count(db, other.id) == 1
    assert [d.entry_id for d in entries.drafts(db, other.id)] == [draft_id]
    assert entries.recent_prompts(db, other.id) == [lib.prompts[0].id]
    assert accounts.sign_in(db, "robin", PASSWORD).id == other.id


def test_today_defaults_to_the_clocks_day(db: Database, lib: Library, fixed_clock: FixedClock) -> None:
    result = build_demo(db, lib, together=False)
    dates = [r.entry_date for r in rows_for(db, demo_id(db), year=False)]
    assert max(dates) == factories.TODAY
    assert min(dates) >= factories.TODAY - timedelta(days=366)
    assert 260 <= result.entries <= 340  # the year and its relational practice


def test_a_year_ending_in_the_future_is_refused(db: Database, lib: Library, fixed_clock: FixedClock) -> None:
    with pytest.raises(ValueError):
        build_demo(db, lib, today=factories.TODAY + timedelta(days=3))
    assert not accounts.has_accounts(db)


# ---------------------------------------------------------------- the shared side: a group and coaching
def test_the_demo_facilitates_a_group_of_eight_whose_closed_weeks_have_figures(built: Built) -> None:
    [membership] = groups.my_groups(built.db, built.user_id)
    assert membership.facilitator and membership.group.name == "Harbour demo group"
    assert len(groups.roster(built.db, built.user_id, membership.group.id)) == 8
    weeks = group_figures.week_figures(built.db, built.user_id, membership.group.id)
    assert len(weeks) >= 50
    shown = [w for w in weeks if w.mood is not None]
    assert len(shown) >= len(weeks) - 2  # eight people sharing most days: nearly every week clears k = 5
    assert group_wall.wins_wall(built.db, built.user_id, membership.group.id)


def test_the_demo_is_coached_with_a_shared_scope_and_coaches_someone(built: Built) -> None:
    [coached] = coaching.coaches(built.db, built.user_id)
    assert coached.coach_name == "demo-coach" and coached.scope.charts and coached.scope.entries
    assert len(coaching.shared_by_me(built.db, built.user_id, coached.id)) == 1
    [mentee] = coaching.mentees(built.db, built.user_id)
    assert mentee.mentee_name == "demo-sam" and mentee.scope.charts and not mentee.scope.entries
    assert built.result.together is not None
    coach = accounts.sign_in(built.db, "demo-coach", built.result.together.coach_password)
    assert [m.mentee_name for m in coaching.mentees(built.db, coach.id)] == ["demo"]
