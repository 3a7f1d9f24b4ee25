"""The Burnout check-in page, driven through the real app on a real database."""

from __future__ import annotations

from datetime import timedelta

import pytest
from streamlit.testing.v1 import AppTest

from journal.patterns import burnout
from journal.reflect import settings
from journal.ui import nav
from tests.app.conftest import markdown, sign_up
from tests.factories import TODAY

PAGE = nav.BURNOUT.file
SAVE = "FormSubmitter:burnout-Save my answers"
INV = burnout.inventory()
pytestmark = pytest.mark.usefixtures("fixed_clock")  # the app in-process reads TODAY from the held clock
FREQUENCY = {"Always": 100, "Often": 75, "Sometimes": 50, "Seldom": 25, "Never or almost never": 0}
DEGREE = {"To a very high degree": 100, "To a high degree": 75, "Somewhat": 50, "To a low degree": 25}
# Hand-scored: personal (75 * 5 + 50) / 6 = 70.8 → 71, high.
PERSONAL = ["Often", "Often", "Often", "Often", "Often", "Sometimes"]
# Work: 50 + 25 + 50 + 50 + 25 + 25 + (100 - 100, "Always" enough energy is reversed) = 225 / 7 = 32.1 → 32.
WORK = ["Somewhat", "To a low degree", "Somewhat", "Sometimes", "Seldom", "Seldom", "Always"]


def open_page(at: AppTest) -> AppTest:
    at.switch_page(PAGE).run()
    assert not at.exception, at.exception
    return at


def user_id(at: AppTest) -> str:
    return at.session_state["harbour.user"].id


def answer(at: AppTest, scale_id: str, words: list[str]) -> None:
    """Choose answers by their words, as a person would, from the scale's first item on."""
    for item, word in zip(INV.scale(scale_id).items, words, strict=False):
        radio = next(r for r in at.radio if r.label == item.text)
        radio.set_value({**FREQUENCY, **DEGREE}[word])
        assert radio.options[radio.index] == word  # the value we set is the one shown with these words


def save(at: AppTest) -> AppTest:
    at.button(key=SAVE).click().run()
    assert not at.exception, at.exception
    return at


def page_links(at: AppTest) -> list[tuple[str, str]]:
    return [(link.proto.label, link.proto.page) for link in at.get("page_link")]


def test_answering_personal_and_work_shows_the_scores_in_words_with_the_high_flag(app, db) -> None:
    at = open_page(sign_up(app(), "Sam"))
    assert "never a diagnosis" in markdown(at)[0]
    assert burnout.CITATION in markdown(at)
    assert [r.label for r in at.radio] == [i.text for s in INV.scales[:2] for i in s.items]  # no optional scale
    assert all(r.value is None for r in at.radio)  # nothing chosen for anyone
    answer(at, "personal", PERSONAL)
    answer(at, "work", WORK)
    save(at)

    shown = markdown(at)
    assert "**Personal burnout: 71 — high**" in shown
    assert "**Work-related burnout: 32 — below 50**" in shown
    assert not any("people you work with:" in m for m in shown)
    assert "sign to look after yourself" in at.info[0].value
    assert ("Support, if you need it", "support") in page_links(at)
    assert len(at.get("vega_lite_chart")) == 1
    assert burnout.CITATION in shown

    [saved] = burnout.history(db, user_id(at))
    assert saved.taken_on == TODAY
    assert saved.scores.personal == 425 / 6 and abs(saved.scores.work - 225 / 7) < 1e-9
    assert saved.answers["work_7"] == 100  # stored as answered; reversed only when scored
    assert set(saved.answers) == {i.id for s in INV.scales[:2] for i in s.items}


def test_scores_below_50_say_so_without_alarm(app, db) -> None:
    at = open_page(sign_up(app(), "Sam"))
    answer(at, "personal", ["Seldom"] * 6)
    save(at)
    assert "**Personal burnout: 25 — below 50**" in markdown(at)
    assert "Yours are below that this time" in at.info[0].value


def test_saving_with_too_few_answers_is_refused_kindly_and_saves_nothing(app, db) -> None:
    at = open_page(sign_up(app(), "Sam"))
    answer(at, "personal", ["Often", "Often"])  # two of six: not enough to score
    save(at)
    assert "isn't enough here to score" in at.error[0].value
    assert burnout.history(db, user_id(at)) == []
    assert len(at.radio) == 13  # the questionnaire is still there


def test_including_the_people_you_work_with_adds_their_questions_and_is_remembered(app, db) -> None:
    at = open_page(sign_up(app(), "Sam"))
    at.toggle(key="burnout.include_client").set_value(True).run()
    assert settings.get(db, user_id(at)).cbi_include_client
    assert [r.label for r in at.radio][-6:] == [i.text for i in INV.scale("client").items]
    answer(at, "personal", PERSONAL)
    answer(
        at,
        "client",
        ["To a high degree", "Somewhat", "Somewhat", "To a very high degree", "Seldom", "Never or almost never"],
    )
    save(at)
    # (75 + 50 + 50 + 100 + 25 + 0) / 6 = 50: high.
    assert "**Burnout related to the people you work with: 50 — high**" in markdown(at)
    assert burnout.latest(db, user_id(at)).scores.client == 50.0


def test_not_now_holds_the_offer_until_the_next_due_day(app, db) -> None:
    at = open_page(sign_up(app(), "Sam"))
    at.button(key=next(b.key for b in at.button if b.label == "Not now")).click().run()
    assert not at.exception
    until = TODAY + timedelta(days=28)
    assert at.title[0].value == "Write"
    assert any(f"until {until:%a %d %b %Y}" in i.value for i in at.info)
    assert settings.get(db, user_id(at)).cbi_snoozed_until == until
    assert not burnout.due(db, user_id(at), TODAY)
    assert burnout.history(db, user_id(at)) == []


def test_within_four_weeks_the_page_shows_the_last_results_and_can_be_answered_again(app, db) -> None:
    at = sign_up(app(), "Sam")
    answers = {i.id: 75 for i in INV.scale("personal").items}
    burnout.save_checkin(db, user_id(at), "older", answers, False, TODAY - timedelta(days=40))
    burnout.save_checkin(db, user_id(at), "recent", answers | {"personal_1": 0}, False, TODAY - timedelta(days=10))
    open_page(at)
    assert not at.radio  # not due: the results, not the questionnaire
    assert "**Personal burnout: 63 — high**" in markdown(at)  # 375 / 6 = 62.5, halves up
    assert f"Harbour will offer the check-in again from {TODAY + timedelta(days=18):%a %d %b %Y}." in markdown(at)
    table = at.dataframe[0].value
    assert table["Personal burnout"].tolist() == [75, 63]

    at.button(key=next(b.key for b in at.button if b.label == "Answer it again now")).click().run()
    assert len(at.radio) == 13


def test_four_weeks_on_the_page_opens_on_the_questionnaire(app, db) -> None:
    at = sign_up(app(), "Sam")
    burnout.save_checkin(
        db, user_id(at), "old", {"personal_1": 0, "personal_2": 0, "personal_3": 0}, False, TODAY - timedelta(days=28)
    )
    open_page(at)
    assert len(at.radio) == 13
    assert all(r.value is None for r in at.radio)


def test_not_now_keeps_every_answer_already_chosen_and_fills_them_in_next_time(app, db) -> None:
    at = open_page(sign_up(app(), "Sam"))
    answer(at, "personal", PERSONAL[:3])
    at.button(key=next(b.key for b in at.button if b.label == "Not now")).click().run()
    assert not at.exception
    assert any("Your 3 answers are kept" in i.value for i in at.info)
    kept = burnout.kept_answers(db, user_id(at))
    assert kept == {item.id: FREQUENCY["Often"] for item in INV.scale("personal").items[:3]}
    assert burnout.history(db, user_id(at)) == []

    open_page(at)  # coming back: the kept answers are chosen already, the rest are still open
    chosen = {r.label: r.value for r in at.radio}
    items = INV.scale("personal").items
    assert [chosen[i.text] for i in items[:3]] == [75, 75, 75]
    assert all(chosen[i.text] is None for i in items[3:])
    assert any("Your 3 answers from last time are filled in" in i.value for i in at.info)
    answer(at, "personal", PERSONAL)
    save(at)
    assert burnout.latest(db, user_id(at)).scores.personal == (75 * 5 + 50) / 6  # the kept answers counted
    assert burnout.kept_answers(db, user_id(at)) == {}  # kept only until they are saved in a check-in


def test_kept_answers_that_are_not_the_questionnaire_s_are_refused_and_nothing_changes(db, make_user) -> None:
    kit = make_user("kit")
    with pytest.raises(burnout.CbiError):
        burnout.snooze(db, kit.id, TODAY, {"not_an_item": 50})
    with pytest.raises(burnout.CbiError):
        burnout.snooze(db, kit.id, TODAY, {"personal_1": 33})
    assert settings.get(db, kit.id) == settings.Settings()
