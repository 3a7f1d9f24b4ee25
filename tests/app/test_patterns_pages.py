"""Trends, Wins, Support, Settings and the Write page's nudges, run through app.py on the demo year."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from journal import accounts
from journal.content.library import library
from journal.demo import year as demo
from journal.patterns import signals
from journal.reflect import entries, settings
from journal.store import Database
from journal.ui import nav
from tests.app.conftest import app_store, by_suffix, markdown, sign_up, texts
from tests.factories import TODAY

pytestmark = pytest.mark.usefixtures("fixed_clock")  # the app in-process reads TODAY from the held clock


@pytest.fixture(scope="session")
def demo_file(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    path = tmp_path_factory.mktemp("demo") / "demo.duckdb"
    db = Database(path)
    result = demo.build_demo(db, library(), today=TODAY, together=False)  # session-wide: before any clock is held
    db.close()
    return path, result.password


@pytest.fixture
def demo_user(backend: str, demo_file: tuple[Path, str], db_path: Path) -> accounts.User:
    """The demo year's person in the app's database: a copy of the file built once on DuckDB; on PostgreSQL the
    same year built again in this test's database (the same seed and day, so the same entries)."""
    source, password = demo_file
    if backend == "duckdb":
        shutil.copy(source, db_path)
    with app_store() as db:
        if backend != "duckdb":
            password = demo.build_demo(db, library(), today=TODAY, together=False).password
        return accounts.sign_in(db, "demo", password)


def signed_in(app, user: accounts.User):
    """A session signed in as `user`, with a real server-side session row (as the sign-in form makes)."""
    at = app()
    with app_store() as db:
        at.session_state["harbour.session"] = accounts.start_session(db, user.id)
    at.session_state["harbour.user"] = user
    at.run()
    assert not at.exception
    return at


def test_trends_shows_the_demo_years_early_warning_with_its_reasons(app, demo_user):
    at = signed_in(app, demo_user).switch_page(nav.TRENDS.file).run()
    assert not at.exception
    shown = " ".join(markdown(at))
    assert "Your energy has been lower than usual" in shown
    assert "since" in shown and "your usual" in shown
    assert any(link.label == "Support, if you want it" for link in at.get("page_link"))
    assert "You reflected on" in shown


def test_trends_leads_with_one_gentle_sentence_and_keeps_the_numbers_underneath(app, demo_user):
    at = signed_in(app, demo_user).switch_page(nav.TRENDS.file).run()
    shown = markdown(at)
    assert any(w.suggestion in m for w in signals.GENTLE.values() for m in shown), "led by a rule's own suggestion"
    data = next(e for e in at.expander if e.label == "The data behind this")
    assert any("The rule: " in c.value for c in data.caption)  # the rule in words, under the expander
    assert data.dataframe  # and the data it saw


def test_trends_draws_only_the_open_tab_of_each_section(app, demo_user):
    at = signed_in(app, demo_user).switch_page(nav.TRENDS.file).run()
    assert [t.label for t in at.tabs][:4] == [
        "Over time",
        "Where your days fall",
        "Your year",
        "The tone of your writing",
    ]
    specs = [json.loads(c.proto.spec) for c in at.get("vega_lite_chart")]
    titles = [s["title"]["text"] for s in specs]
    trackers = ["Energy and mood, side by side"] * 2  # the demo's two trackers, each in a box of its own, after
    assert titles == ["Mood and energy over time", "Themes over time", *trackers]  # one chart a section, so far
    at.session_state["trends.tabs.0"] = "Your year"
    at.run()
    titles = [json.loads(c.proto.spec)["title"]["text"] for c in at.get("vega_lite_chart")]
    assert titles == ["Your year in moods", "Themes over time", *trackers]


def test_every_range_of_trends_runs(app, demo_user):
    at = signed_in(app, demo_user).switch_page(nav.TRENDS.file).run()
    for preset in ("4w", "3m", "1y", "all"):
        at.radio(key="trends.range").set_value(preset).run()
        assert not at.exception, preset


def test_trends_for_a_newcomer_explains_what_will_appear(app):
    at = sign_up(app(), "Sam").switch_page(nav.TRENDS.file).run()
    assert not at.exception
    assert "will appear here" in at.info[0].value
    assert not at.get("vega_lite_chart")


def test_wins_page_lists_wins_newest_first_and_filters_by_theme(app, demo_user):
    at = signed_in(app, demo_user).switch_page(nav.WINS.file).run()
    at.radio(key="wins.period").set_value("all").run()
    assert not at.exception
    opened = [b.key.removeprefix("open.") for b in at.button if b.key and b.key.startswith("open.")]
    with app_store() as db:
        dates = [entries.get(db, demo_user.id, i).entry_date for i in opened]
        assert opened and all(entries.get(db, demo_user.id, i).is_win for i in opened)
        assert dates == sorted(dates, reverse=True)
        at.selectbox(key="wins.theme").select("little_big_things").run()
        themed = [b.key.removeprefix("open.") for b in at.button if b.key and b.key.startswith("open.")]
        assert themed and {entries.get(db, demo_user.id, i).theme for i in themed} == {"little_big_things"}


def test_wins_page_shows_the_recovery_after_the_demo_setback(app, demo_user):
    at = signed_in(app, demo_user).switch_page(nav.WINS.file).run()
    shown = " ".join(markdown(at))
    assert "Coming back from setbacks" in [h.value for h in at.header]
    assert "back to your usual within" in shown


def test_support_is_reachable_signed_out_and_lists_the_uk_lines(app):
    at = app()
    at.run()
    at.switch_page(nav.SUPPORT.file).run()
    assert not at.exception
    shown = " ".join(markdown(at))
    for line in ("116 123", "SHOUT to 85258", "111"):
        assert line in shown


def test_settings_change_is_kept(app, db, make_user):
    user = make_user("sam")
    at = signed_in(app, user).switch_page(nav.SETTINGS.file).run()
    at.toggle(key="settings.ask_when_tone_differs").set_value(False).run()
    assert settings.get(db, user.id).ask_when_tone_differs is False


def _write_mismatched_checkin(at) -> None:
    at.button(key="pick.checkin").click().run()
    by_suffix(at.text_input, ".a.line").input("An awful, terrible, miserable day.")
    by_suffix(at.radio, ".mood").set_value(5)
    by_suffix(at.button, ".save").click().run()


def test_a_mood_at_odds_with_the_words_gets_a_gentle_private_question(app):
    at = sign_up(app(), "Sam")
    _write_mismatched_checkin(at)
    assert any("Want to say more?" in m for m in markdown(at))
    next(b for b in at.button if b.label == "Not now").click().run()
    assert not any("Want to say more?" in m for m in markdown(at))


def test_the_question_can_be_switched_off(app, db):
    at = sign_up(app(), "Sam")
    settings.update(db, at.session_state["harbour.user"].id, ask_when_tone_differs=False)
    _write_mismatched_checkin(at)
    assert not any("Want to say more?" in m for m in markdown(at))


def test_burnout_check_in_is_offered_when_due_and_not_now_puts_it_off(app, db, make_user, lib, fixed_clock):
    user = make_user("sam")
    for n in range(5):
        entries.save_new(db, user.id, f"e{n}", entries.EntryInput("checkin", {"line": "fine"}, mood=3), lib)
    fixed_clock.advance(days=14)  # a first offer waits until someone has used Harbour a fortnight
    at = signed_in(app, user)
    assert any("try the burnout check-in" in m for m in markdown(at))
    at.button(key="burnout.not_now").click().run()
    assert settings.get(db, user.id).cbi_snoozed_until > TODAY
    assert not any("burnout check-in" in m for m in markdown(at))


def test_no_burnout_offer_for_a_newcomer(app):
    at = sign_up(app(), "Sam")
    assert not any("burnout check-in" in m for m in markdown(at))
    assert "Sam" in texts(at)
