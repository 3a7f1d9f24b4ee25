"""The Copenhagen Burnout Inventory: its items (content as data), scoring, and when it is offered."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from journal.content.library import ContentError
from journal.patterns import burnout
from journal.patterns.burnout import HIGH, ITEMS_FILE, VALUES, CbiError, Checkin, Scores, load_inventory, score

INV = burnout.inventory()
PERSONAL = [i.id for i in INV.scale("personal").items]
WORK = [i.id for i in INV.scale("work").items]
CLIENT = [i.id for i in INV.scale("client").items]
TODAY = date(2025, 3, 10)


def _answers(ids: list[str], values: list[int | None]) -> dict[str, int | None]:
    return dict(zip(ids, values, strict=True))


# -- the shipped items ---------------------------------------------------------------
def test_three_scales_with_six_seven_and_six_items() -> None:
    assert [(s.id, len(s.items)) for s in INV.scales] == [("personal", 6), ("work", 7), ("client", 6)]


def test_only_the_leisure_energy_item_is_reverse_scored() -> None:
    reversed_items = [i for s in INV.scales for i in s.items if i.reverse]
    assert [(i.id, i.text) for i in reversed_items] == [
        ("work_7", "Do you have enough energy for family and friends during leisure time?")
    ]


def test_items_carry_the_standard_wording_and_response_sets() -> None:
    personal, work, client = INV.scales
    assert personal.items[3].text == 'How often do you think: "I can\'t take it anymore"?'
    assert all(i.responses == "frequency" for i in personal.items)
    assert [i.responses for i in work.items] == ["degree"] * 3 + ["frequency"] * 4
    assert [i.responses for i in client.items] == ["degree"] * 4 + ["frequency"] * 2
    assert client.items[0].text == "Do you find it hard to work with the people you work with?"
    assert not any("client" in i.text.lower() for i in client.items)


def test_response_words_match_their_scores() -> None:
    frequency, degree = INV.scale("personal").items[0], INV.scale("work").items[0]
    assert [(o.value, o.label) for o in frequency.options] == [
        (100, "Always"), (75, "Often"), (50, "Sometimes"), (25, "Seldom"), (0, "Never or almost never"),
    ]  # fmt: skip
    assert [(o.value, o.label) for o in degree.options] == [
        (100, "To a very high degree"), (75, "To a high degree"), (50, "Somewhat"), (25, "To a low degree"),
        (0, "To a very low degree"),
    ]  # fmt: skip


def test_the_citation_names_the_source() -> None:
    assert burnout.CITATION == (
        "Copenhagen Burnout Inventory: Kristensen et al. (2005), Work & Stress 19(3), 192–207. "
        "Free to use with citation."
    )


def _broken(tmp_path: Path, old: str, new: str) -> Path:
    text = ITEMS_FILE.read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / "cbi_items.toml"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("old", "new", "complaint"),
    [
        ('{ value = 75, label = "Often" }', '{ value = 70, label = "Often" }', "response set frequency"),
        ('id = "work_2"', 'id = "work_1"', "item ids must be unique"),
        ('responses = "degree"', 'responses = "agree"', "unknown response set"),
        ('id = "client"', 'id = "patients"', "the scales must be"),
        ("reverse = true", 'reverse = "yes"', "reverse is true or false"),
        ('text = "How often do you feel tired?"', 'text = " "', "has no text"),
    ],
)
def test_a_malformed_items_file_is_refused_with_its_name(tmp_path: Path, old: str, new: str, complaint: str) -> None:
    with pytest.raises(ContentError, match=complaint) as caught:
        load_inventory(_broken(tmp_path, old, new))
    assert str(caught.value).startswith("cbi_items.toml:")


def test_the_shipped_file_loads_as_is(tmp_path: Path) -> None:
    assert load_inventory(_broken(tmp_path, "Always", "Always")) == INV


# -- scoring --------------------------------------------------------------------------
def test_every_item_answered_scores_each_scale_as_the_mean() -> None:
    answers = _answers(PERSONAL, [100, 75, 50, 75, 50, 25]) | _answers(WORK, [50, 25, 50, 50, 25, 25, 0])
    scores = score(answers, include_client=False)
    assert scores.personal == 62.5  # 375 / 6
    assert scores.work == pytest.approx(325 / 7)  # the reverse item answered "Never" scores 100
    assert scores.client is None


def test_the_reverse_item_counts_one_hundred_minus_its_answer() -> None:
    lots_of_energy = _answers(WORK, [0, 0, 0, 0, 0, 0, 100])  # "Always" enough energy: scores 0
    no_energy = _answers(WORK, [0, 0, 0, 0, 0, 0, 0])  # "Never" enough energy: scores 100
    some = _answers(WORK, [0, 0, 0, 0, 0, 0, 25])  # "Seldom": scores 75
    assert score(lots_of_energy, False).work == 0
    assert score(no_energy, False).work == pytest.approx(100 / 7)
    assert score(some, False).work == pytest.approx(75 / 7)


def test_a_scale_with_some_items_missing_is_the_mean_of_those_answered() -> None:
    answers = {"personal_1": 100, "personal_2": 100, "personal_4": 50, "personal_6": 0}
    assert score(answers, False).personal == 62.5  # 250 / 4, not 250 / 6
    with_none = answers | {"personal_3": None, "personal_5": None}
    assert score(with_none, False).personal == 62.5


def test_fewer_than_half_answered_gives_no_score() -> None:
    assert score({"personal_1": 100, "personal_2": 100}, False).personal is None  # 2 of 6
    assert score(_answers(WORK[:3], [100, 100, 100]), False).work is None  # 3 of 7


def test_exactly_half_answered_is_scored() -> None:
    assert score(_answers(PERSONAL[:3], [100, 50, 0]), False).personal == 50.0  # 3 of 6
    assert score(_answers(CLIENT[3:], [25, 25, 50]), True).client == pytest.approx(100 / 3)
    assert score(_answers(WORK[:4], [100, 100, 100, 100]), False).work == 100.0  # 4 of 7: more than half


def test_nothing_answered_scores_nothing() -> None:
    assert score({}, include_client=True) == Scores(None, None, None)
    assert score(dict.fromkeys(PERSONAL), include_client=True) == Scores(None, None, None)


@pytest.mark.parametrize("bad", [60, -25, 125, 1, True, False, "50", 50.0, 75.5])
def test_an_answer_that_is_not_one_of_the_choices_is_refused_kindly(bad: object) -> None:
    with pytest.raises(CbiError, match="isn't one of the choices offered") as caught:
        score({"personal_1": 50, "personal_2": bad}, False)  # type: ignore[dict-item]
    assert "How often are you physically exhausted?" in str(caught.value)


def test_an_answer_to_a_question_not_in_the_inventory_is_refused() -> None:
    with pytest.raises(CbiError, match="don't belong"):
        score({"personal_1": 50, "personal_9": 50}, False)


def test_the_people_you_work_with_scale_is_scored_only_when_included() -> None:
    answers = _answers(PERSONAL, [50] * 6) | _answers(CLIENT, [75, 75, 100, 50, 75, 75])
    assert score(answers, include_client=False) == Scores(50.0, None, None)
    assert score(answers, include_client=True) == Scores(50.0, None, 75.0)


def test_answers_to_a_scale_left_out_are_not_checked() -> None:
    # A stale answer from a scale the person switched off can't block their save.
    assert score({"personal_1": 0, "personal_2": 0, "personal_3": 0, "client_1": 60}, False).personal == 0.0
    with pytest.raises(CbiError):
        score({"personal_1": 0, "client_1": 60}, True)


@given(st.integers().filter(lambda v: v not in VALUES))
def test_any_other_whole_number_is_refused(bad: int) -> None:
    with pytest.raises(CbiError):
        score({"work_1": bad}, False)


@given(st.lists(st.sampled_from(VALUES), min_size=6, max_size=6), st.lists(st.booleans(), min_size=6, max_size=6))
def test_a_score_is_the_plain_mean_of_what_was_answered_and_stays_within_0_to_100(
    values: list[int], answered: list[bool]
) -> None:
    answers = {item: v for item, v, a in zip(PERSONAL, values, answered, strict=True) if a}
    result = score(answers, False).personal
    if 2 * len(answers) < len(PERSONAL):
        assert result is None
    else:
        assert result == pytest.approx(sum(answers.values()) / len(answers))
        assert 0 <= result <= 100


@pytest.mark.parametrize(
    ("value", "words"),
    [
        (62.5, "Personal burnout: 63 — high"),
        (50.0, "Personal burnout: 50 — high"),
        (325 / 7, "Personal burnout: 46 — below 50"),
        (0.0, "Personal burnout: 0 — below 50"),
        (100.0, "Personal burnout: 100 — high"),
    ],
)
def test_a_score_is_described_in_words_with_50_and_over_high(value: float, words: str) -> None:
    assert burnout.describe(INV.scale("personal"), value) == words


def test_high_means_50_or_more() -> None:
    assert HIGH == 50
    assert Scores(None, 50.0, None).any_high
    assert not Scores(49.9, None, 12.5).any_high
    assert not Scores(None, None, None).any_high


# -- when it is offered --------------------------------------------------------------
def test_offered_when_never_taken() -> None:
    assert burnout.is_due(None, None, TODAY)


def test_offered_again_four_weeks_after_the_last() -> None:
    assert not burnout.is_due(TODAY - timedelta(days=27), None, TODAY)
    assert burnout.is_due(TODAY - timedelta(days=28), None, TODAY)
    assert burnout.is_due(TODAY - timedelta(days=90), None, TODAY)


def test_not_now_holds_the_offer_back_until_the_snooze_ends() -> None:
    until = TODAY + timedelta(days=28)
    assert not burnout.is_due(None, until, TODAY)
    assert not burnout.is_due(TODAY - timedelta(days=40), until, until - timedelta(days=1))
    assert burnout.is_due(None, until, until)
    assert burnout.is_due(TODAY - timedelta(days=40), TODAY - timedelta(days=1), TODAY)  # an old snooze has ended


def test_not_now_snoozes_until_the_next_due_day() -> None:
    assert burnout.snooze_date(None, TODAY) == TODAY + timedelta(days=28)
    assert burnout.snooze_date(TODAY - timedelta(days=10), TODAY) == TODAY + timedelta(days=18)
    assert burnout.snooze_date(TODAY - timedelta(days=28), TODAY) == TODAY + timedelta(days=28)
    assert burnout.snooze_date(TODAY - timedelta(days=60), TODAY) == TODAY + timedelta(days=28)


def test_a_first_offer_waits_for_two_weeks_of_use_however_many_entries() -> None:
    joined = TODAY - timedelta(days=13)
    assert not burnout.first_offer_ready(TODAY, 50, TODAY)  # a new account with plenty written (an import, say)
    assert not burnout.first_offer_ready(joined, 50, TODAY)
    assert burnout.first_offer_ready(joined, 5, TODAY + timedelta(days=1))
    assert not burnout.first_offer_ready(TODAY - timedelta(days=100), 4, TODAY)  # and a few entries too


def test_the_offer_never_says_it_has_been_a_while_to_someone_who_never_took_it() -> None:
    first = burnout.offer_words(None, TODAY)
    assert "try the burnout check-in" in first
    assert "while" not in first and "again" not in first and "last" not in first


def test_the_offer_after_a_check_in_names_its_day_and_how_long_ago() -> None:
    words = burnout.offer_words(date(2025, 2, 10), TODAY)
    assert words.startswith("Your last burnout check-in was on Mon 10 Feb 2025, 4 weeks ago.")
    assert "take it again" in words
    assert "9 weeks ago" in burnout.offer_words(TODAY - timedelta(days=69), TODAY)


# -- the trend --------------------------------------------------------------------------
def _checkin(day: date, personal: float | None, work: float | None, client: float | None = None) -> Checkin:
    return Checkin(str(day), day, pd.Timestamp(day).to_pydatetime(), {}, Scores(personal, work, client))


def test_the_trend_has_a_column_per_scale_ever_scored_oldest_first() -> None:
    frame = burnout.trend_frame([_checkin(date(2025, 1, 1), 62.5, 40.0), _checkin(date(2025, 1, 29), None, 55.0)])
    assert list(frame.columns) == ["Date", "Personal burnout", "Work-related burnout"]
    assert [d.date() for d in frame["Date"]] == [date(2025, 1, 1), date(2025, 1, 29)]
    assert frame["Work-related burnout"].tolist() == [40.0, 55.0]
    assert frame["Personal burnout"].isna().tolist() == [False, True]


def test_the_trend_chart_runs_0_to_100_with_a_rule_at_50() -> None:
    frame = burnout.trend_frame([_checkin(date(2025, 1, 1), 62.5, 40.0, 80.0)])
    spec = burnout.trend_chart(frame).to_dict()
    rule, lines = spec["layer"]
    assert rule["mark"]["type"] == "rule"
    rule_data = spec["datasets"][rule["data"]["name"]]
    assert rule_data == [{"High": 50.0}]
    assert lines["encoding"]["y"]["scale"]["domain"] == [0, 100]
    fold = next(t for t in lines["transform"] if "fold" in t)
    assert fold["fold"] == ["Personal burnout", "Work-related burnout", "Burnout related to the people you work with"]


def test_the_trend_table_shows_dates_and_the_same_whole_numbers_as_the_words() -> None:
    frame = burnout.trend_frame([_checkin(date(2025, 1, 1), 62.5, None), _checkin(date(2025, 1, 29), 325 / 7, 55.0)])
    table = burnout.trend_table(frame)
    assert table["Date"].tolist() == [date(2025, 1, 1), date(2025, 1, 29)]
    assert table["Personal burnout"].tolist() == [63, 46]  # as describe() shows them: halves up
    assert table["Work-related burnout"].isna().tolist() == [True, False]
    assert table["Work-related burnout"][1] == 55
