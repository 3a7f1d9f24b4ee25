"""Early-warning signals, recoveries, consistency and mismatch, on constructed histories with known answers."""

from __future__ import annotations

import math
from collections.abc import Iterable
from datetime import date, timedelta

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from journal.patterns import signals
from journal.patterns.signals import NotEnoughData, Quiet, Recovery, Signal

TODAY = date(2026, 11, 26)
NAN = float("nan")


def ago(days: int) -> date:
    return TODAY - timedelta(days=days)


def span(first: int, last: int, **values: float) -> dict[int, dict[str, float]]:
    """Overrides for the days from `first` days ago to `last` days ago, inclusive."""
    return {offset: dict(values) for offset in range(last, first + 1)}


def history(
    days: int = 150,
    energy: float = 3.5,
    mood: float = 3.5,
    polarity: float = 0.2,
    overrides: dict[int, dict[str, float]] | None = None,
    missing: Iterable[int] = (),
) -> pd.DataFrame:
    """A daily frame (the `trends.daily` contract) for `days` days ending TODAY; keys are days ago."""
    overrides = overrides or {}
    skip = set(missing)
    rows = []
    for offset in range(days - 1, -1, -1):
        if offset in skip:
            continue
        row = {"mood": mood, "energy": energy, "polarity": polarity, "entries": 1, "wins": 0, "setbacks": 0}
        row.update(overrides.get(offset, {}))
        rows.append({"day": pd.Timestamp(ago(offset)), **row})
    frame = pd.DataFrame(rows, columns=["day", "mood", "energy", "polarity", "entries", "wins", "setbacks"])
    frame["day"] = pd.to_datetime(frame["day"])
    for column in ("mood", "energy", "polarity"):
        frame[column] = frame[column].astype("float64")
    for column in ("entries", "wins", "setbacks"):
        frame[column] = frame[column].astype("int64")
    return frame


def checkins(rows: Iterable[tuple[int, float, float]]) -> pd.DataFrame:
    """Check-ins as (days ago, mood, energy), oldest first."""
    ordered = sorted(rows, key=lambda row: -row[0])
    return pd.DataFrame(
        {
            "day": pd.to_datetime([pd.Timestamp(ago(offset)) for offset, _, _ in ordered]),
            "mood": [float(mood) for _, mood, _ in ordered],
            "energy": [float(energy) for _, _, energy in ordered],
        }
    )


def no_checkins() -> pd.DataFrame:
    return checkins([])


# ---------------------------------------------------------------- energy_below_baseline


def test_energy_fires_after_seven_days_running_with_the_day_the_run_began() -> None:
    # Energy 2.0 from 14 days ago; a week's average first reaches 1 below usual (3.5) once 5 of its 7 days are low,
    # which is the week ending 10 days ago: (2 * 3.5 + 5 * 2.0) / 7 = 2.43.
    result = signals.energy_below_baseline(history(overrides=span(14, 0, energy=2.0)), TODAY)
    assert isinstance(result, Signal)
    assert result.since == ago(10) == date(2026, 11, 16)
    assert "16 Nov" in result.explanation and "3.5" in result.explanation and "2.0" in result.explanation
    assert "60 days" in result.explanation
    assert result.evidence["Day"].tolist() == [ago(offset) for offset in range(10, -1, -1)]
    assert result.evidence["Your usual energy"].eq(3.5).all()
    assert result.evidence["Below your usual by"].ge(1.0).all()


def test_energy_fires_on_exactly_seven_days_but_not_six() -> None:
    seven = signals.energy_below_baseline(history(overrides=span(10, 0, energy=2.0)), TODAY)
    six = signals.energy_below_baseline(history(overrides=span(9, 0, energy=2.0)), TODAY)
    assert isinstance(seven, Signal) and seven.since == ago(6)
    assert isinstance(six, Quiet)
    assert "for 6 days" in six.detail


def test_energy_exactly_one_point_below_counts() -> None:
    exactly = signals.energy_below_baseline(history(overrides=span(12, 0, energy=2.5)), TODAY)
    just_above = signals.energy_below_baseline(history(overrides=span(12, 0, energy=2.6)), TODAY)
    assert isinstance(exactly, Signal) and exactly.since == ago(6)
    assert isinstance(just_above, Quiet)


def test_energy_steady_history_is_quiet_with_the_numbers() -> None:
    result = signals.energy_below_baseline(history(), TODAY)
    assert isinstance(result, Quiet)
    assert "3.5" in result.detail


def test_energy_ignores_missing_days_inside_the_weeks() -> None:
    result = signals.energy_below_baseline(history(overrides=span(14, 0, energy=2.0), missing={3, 5, 40, 41}), TODAY)
    assert isinstance(result, Signal) and result.since == ago(10)
    assert math.isnan(result.evidence.loc[result.evidence["Day"] == ago(3), "Energy that day"].iloc[0])


def test_energy_a_week_too_sparse_to_judge_breaks_the_run() -> None:
    # Nothing from 13 to 9 days ago: the weeks ending 9, 8 and 7 days ago have only 2 scores each, so the run that
    # counts starts 6 days ago, not back at the first low day.
    result = signals.energy_below_baseline(history(overrides=span(14, 0, energy=2.0), missing=range(9, 14)), TODAY)
    assert isinstance(result, Signal) and result.since == ago(6)


def test_energy_days_with_entries_but_no_score_are_not_counted() -> None:
    # A day with an entry but no energy score is like a day without one: the last week has only 2 scores.
    daily = history(overrides={**span(14, 5, energy=2.0), **span(4, 0, energy=NAN)})
    result = signals.energy_below_baseline(daily, TODAY)
    assert isinstance(result, NotEnoughData)
    assert result.reason == "Needs at least 3 days with an energy score in the week ending 26 Nov; you have 2."


def test_energy_a_judged_week_that_is_not_low_settles_it_despite_unjudged_days() -> None:
    result = signals.energy_below_baseline(history(overrides=span(4, 0, energy=NAN)), TODAY)
    assert isinstance(result, Quiet)


def test_energy_needs_enough_days_for_a_usual() -> None:
    result = signals.energy_below_baseline(history(days=20, overrides=span(19, 0, energy=1.0)), TODAY)
    assert isinstance(result, NotEnoughData)
    assert result.reason == (
        "Needs at least 20 days with an energy score in the 60 days before the week ending 26 Nov; you have 13."
    )


def test_energy_usual_is_the_median_of_exactly_the_sixty_days_before_the_week() -> None:
    # 30 days at 4.0 then 30 at 3.0 before this week: median 3.5. A usual that slid one day into the week (2.0)
    # or one day further back (4.0) would have a different median.
    daily = history(energy=4.0, overrides={**span(36, 7, energy=3.0), **span(6, 0, energy=2.0)})
    result = signals.energy_below_baseline(daily, TODAY)
    assert isinstance(result, Signal)
    assert "your usual is 3.5" in result.explanation
    assert result.evidence["Your usual energy"].iloc[-1] == 3.5


def test_energy_usual_is_the_persons_own() -> None:
    # Someone whose usual is 2.0 is not flagged for 2.0; someone whose usual is 4.5 is flagged for 3.0.
    low_usual = signals.energy_below_baseline(history(energy=2.0), TODAY)
    high_usual = signals.energy_below_baseline(history(energy=4.5, overrides=span(13, 0, energy=3.0)), TODAY)
    assert isinstance(low_usual, Quiet)
    assert isinstance(high_usual, Signal)


# ---------------------------------------------------------------- low_energy_unpleasant

FIVE_OF_SEVEN = [
    (20, 1, 1),  # outside the 14 days
    (13, 1, 1),  # inside, but not among the latest 7
    (12, 4, 4),
    (10, 2, 2),
    (8, 1, 2),
    (6, 3, 3),
    (4, 2, 1),
    (2, 2, 2),
    (0, 1, 1),
]


def test_low_checkins_fire_from_the_earliest_low_one_among_the_latest_seven() -> None:
    result = signals.low_energy_unpleasant(checkins(FIVE_OF_SEVEN), TODAY)
    assert isinstance(result, Signal)
    assert result.since == ago(10)
    assert "5 of your latest 7" in result.explanation and "16 Nov" in result.explanation
    assert result.evidence["Day"].tolist() == [ago(offset) for offset in (12, 10, 8, 6, 4, 2, 0)]
    assert result.evidence["Low energy and unpleasant"].tolist() == [False, True, True, False, True, True, True]


def test_four_low_of_seven_is_quiet() -> None:
    rows = [row for row in FIVE_OF_SEVEN if row[0] != 0] + [(0, 3, 1)]
    result = signals.low_energy_unpleasant(checkins(rows), TODAY)
    assert isinstance(result, Quiet)
    assert result.detail.startswith("4 of your latest 7")


def test_low_means_both_scores_at_two_or_below() -> None:
    at_two = signals.low_energy_unpleasant(checkins([(offset, 2, 2) for offset in range(5)]), TODAY)
    mood_three = signals.low_energy_unpleasant(checkins([(offset, 3, 1) for offset in range(5)]), TODAY)
    energy_three = signals.low_energy_unpleasant(checkins([(offset, 1, 3) for offset in range(5)]), TODAY)
    assert isinstance(at_two, Signal) and "5 of your latest 5" in at_two.explanation
    assert isinstance(mood_three, Quiet) and isinstance(energy_three, Quiet)


def test_several_checkins_on_one_day_each_count() -> None:
    rows = [(1, 1, 1), (1, 2, 2), (0, 1, 1), (0, 1, 2), (0, 2, 1)]
    result = signals.low_energy_unpleasant(checkins(rows), TODAY)
    assert isinstance(result, Signal) and result.since == ago(1)


def test_low_checkins_need_five_in_the_last_fourteen_days() -> None:
    rows = [(offset, 1, 1) for offset in (30, 20, 15, 14)] + [(offset, 1, 1) for offset in (10, 5, 2, 0)]
    result = signals.low_energy_unpleasant(checkins(rows), TODAY)
    assert isinstance(result, NotEnoughData)
    assert result.reason.endswith("in the last 14 days; you have 4.")


def test_low_checkins_skip_rows_without_both_scores_and_future_ones() -> None:
    rows = checkins([(offset, 1, 1) for offset in range(4)] + [(4, 1, NAN)])
    future = pd.DataFrame({"day": [pd.Timestamp(TODAY + timedelta(days=1))], "mood": [1.0], "energy": [1.0]})
    result = signals.low_energy_unpleasant(pd.concat([rows, future], ignore_index=True), TODAY)
    assert isinstance(result, NotEnoughData) and result.reason.endswith("you have 4.")


def test_low_checkins_with_nothing_at_all() -> None:
    result = signals.low_energy_unpleasant(pd.DataFrame(), TODAY)
    assert isinstance(result, NotEnoughData) and result.reason.endswith("you have 0.")


# ---------------------------------------------------------------- mood_falling


def weeks(first: float, second: float, third: float, **kwargs: object) -> pd.DataFrame:
    """A usual mood of 3.5 and then three weeks at the given moods (oldest first)."""
    overrides = {**span(20, 14, mood=first), **span(13, 7, mood=second), **span(6, 0, mood=third)}
    return history(overrides=overrides, **kwargs)  # type: ignore[arg-type]


def test_mood_falling_fires_from_the_first_of_the_three_weeks() -> None:
    result = signals.mood_falling(weeks(3.2, 2.9, 2.4), TODAY)
    assert isinstance(result, Signal)
    assert result.since == ago(20) == date(2026, 11, 6)
    assert "3.2, then 2.9, then 2.4" in result.explanation and "(3.5," in result.explanation
    assert "1.1 points below" in result.explanation
    assert result.evidence["Average mood"].tolist() == [3.2, 2.9, 2.4]
    assert result.evidence["From"].tolist() == [ago(20), ago(13), ago(6)]
    assert result.evidence["To"].tolist() == [ago(14), ago(7), ago(0)]


def test_mood_low_but_flat_is_quiet() -> None:
    result = signals.mood_falling(weeks(2.4, 2.4, 2.4), TODAY)
    assert isinstance(result, Quiet)
    assert "2.4, then 2.4, then 2.4" in result.detail and "3.5" in result.detail


def test_mood_falling_must_fall_every_week() -> None:
    assert isinstance(signals.mood_falling(weeks(3.0, 3.0, 2.4), TODAY), Quiet)
    assert isinstance(signals.mood_falling(weeks(2.8, 3.0, 2.4), TODAY), Quiet)


def test_mood_falling_but_not_far_enough_below_usual_is_quiet() -> None:
    assert isinstance(signals.mood_falling(weeks(3.3, 3.0, 2.6), TODAY), Quiet)
    assert isinstance(signals.mood_falling(weeks(3.3, 3.0, 2.5), TODAY), Signal)


def test_mood_falling_copes_with_missing_days_in_a_week() -> None:
    result = signals.mood_falling(weeks(3.2, 2.9, 2.4, missing={0, 2, 4, 9}), TODAY)
    assert isinstance(result, Signal)
    assert result.evidence["Days with a mood score"].tolist() == [7, 6, 4]


def test_mood_falling_needs_three_scores_in_every_week() -> None:
    result = signals.mood_falling(weeks(3.2, 2.9, 2.4, missing={0, 1, 2, 3, 4}), TODAY)
    assert isinstance(result, NotEnoughData)
    assert result.reason == (
        "Needs at least 3 days with a mood score in each of the last 3 weeks; the week 20 Nov to 26 Nov has 2."
    )


def test_mood_falling_needs_a_usual() -> None:
    result = signals.mood_falling(weeks(3.2, 2.9, 2.4, days=35), TODAY)
    assert isinstance(result, NotEnoughData)
    assert result.reason.endswith("in the 60 days before the last 3 weeks; you have 14.")


# ---------------------------------------------------------------- writing_tone_down


def test_tone_fires_with_the_day_the_run_began_and_a_kind_reminder() -> None:
    # Tone -0.2 for 20 days against a usual of 0.2: a 14-day average first reaches 0.25 below once 9 of its days
    # are low ((5 * 0.2 - 9 * 0.2) / 14 = -0.06), which is the fortnight ending 11 days ago.
    result = signals.writing_tone_down(history(overrides=span(19, 0, polarity=-0.2)), TODAY)
    assert isinstance(result, Signal)
    assert result.title == "The tone of your writing has been more negative than usual"
    assert result.since == ago(11)
    assert "-0.20" in result.explanation and "0.40 below" in result.explanation and "(0.20," in result.explanation
    assert "rough measure" in result.explanation and "not of how you feel" in result.explanation
    assert result.evidence["Day"].iloc[0] == ago(13) and result.evidence["Day"].iloc[-1] == TODAY


def test_tone_exactly_at_the_threshold_fires_and_just_short_does_not() -> None:
    exactly = signals.writing_tone_down(history(overrides=span(13, 0, polarity=-0.05)), TODAY)
    short = signals.writing_tone_down(history(overrides=span(13, 0, polarity=-0.04)), TODAY)
    assert isinstance(exactly, Signal) and exactly.since == TODAY
    assert isinstance(short, Quiet) and "-0.04" in short.detail and "0.20" in short.detail


def test_tone_needs_five_days_of_writing_in_the_fortnight() -> None:
    daily = history(overrides=span(13, 0, polarity=-0.5), missing=set(range(4, 14)) | {0, 1})
    result = signals.writing_tone_down(daily, TODAY)
    assert isinstance(result, NotEnoughData)
    assert result.reason == "Needs at least 5 days of writing in the last 14 days; you have 2."


def test_tone_days_without_writing_do_not_count() -> None:
    daily = history(overrides={**span(13, 0, polarity=-0.5), **span(13, 4, polarity=NAN)})
    result = signals.writing_tone_down(daily, TODAY)
    assert isinstance(result, NotEnoughData) and result.reason.endswith("you have 4.")


def test_tone_needs_a_usual_from_twenty_days_of_writing() -> None:
    result = signals.writing_tone_down(history(days=30, overrides=span(13, 0, polarity=-0.5)), TODAY)
    assert isinstance(result, NotEnoughData)
    assert result.reason == "Needs at least 20 days of writing in the 90 days before the last 14; you have 16."


# ---------------------------------------------------------------- evaluate and the docs


def test_evaluate_checks_every_rule_in_the_documented_order() -> None:
    daily = history(overrides={**span(14, 0, energy=2.0, polarity=-0.3)})
    results = signals.evaluate(daily, checkins([(offset, 1, 1) for offset in range(6)]), TODAY)
    assert [result.rule for result in results] == [doc.id for doc in signals.RULES]
    assert [type(result) for result in results] == [Signal, Signal, Quiet, Signal]
    assert all(result.title == doc.title for result, doc in zip(results, signals.RULES, strict=True))


def test_evaluate_with_no_data_at_all_says_what_each_rule_needs() -> None:
    results = signals.evaluate(history(days=0), no_checkins(), TODAY)
    assert all(isinstance(result, NotEnoughData) for result in results)
    assert all("Needs at least" in result.reason for result in results)


def test_rules_document_their_thresholds() -> None:
    described = {doc.id: doc.description for doc in signals.RULES}
    assert "last 7 days" in described["energy_below_baseline"] and "1 point" in described["energy_below_baseline"]
    assert "at least 5 of your latest 7" in described["low_energy_unpleasant"]
    assert "at 2 or below" in described["low_energy_unpleasant"]
    assert "at least 1 point below" in described["mood_falling"] and "60 days" in described["mood_falling"]
    assert "0.25" in described["writing_tone_down"] and "90 days" in described["writing_tone_down"]
    assert {doc.id for doc in signals.MEASURES} == {"recovery", "consistency", "mismatch"}
    assert all(doc.description.endswith(".") for doc in signals.RULES + signals.MEASURES)


# ---------------------------------------------------------------- recoveries


def test_recovery_after_a_setback_counts_the_days() -> None:
    # Setback 30 days ago, mood 1.5 for three days, then back to 3.5. The average since the setback (at most a week)
    # first reaches 3.0 on day 8: (1.5 + 6 * 3.5) / 7 = 3.21, while day 7 is (2 * 1.5 + 5 * 3.5) / 7 = 2.93.
    daily = history(overrides={30: {"mood": 1.5, "setbacks": 1}, **span(29, 28, mood=1.5)})
    (episode,) = signals.recoveries(daily, TODAY)
    assert episode == Recovery(ago(30), ago(22), 8, "setback", 1.5, 3.5)
    assert episode.message == "You were back to your usual within 8 days."
    assert signals.between(episode, TODAY) == (ago(30), ago(22))


def test_recovery_the_next_good_days_after_a_setback() -> None:
    # The setback day at 1.0 and then 4.0: (1.0 + 4.0) / 2 = 2.5 is not yet back, (1.0 + 8.0) / 3 = 3.0 is.
    daily = history(overrides={10: {"mood": 1.0, "setbacks": 1}, **span(9, 0, mood=4.0)})
    (episode,) = signals.recoveries(daily, TODAY)
    assert (episode.started, episode.recovered, episode.days) == (ago(10), ago(8), 2)


def test_one_good_day_after_a_setback_is_not_yet_a_recovery() -> None:
    # The setback entry had no mood score: the first day after it alone is not enough, the second is.
    daily = history(overrides={10: {"mood": NAN, "setbacks": 1}})
    (episode,) = signals.recoveries(daily, TODAY)
    assert (episode.started, episode.recovered, episode.days) == (ago(10), ago(8), 2)
    assert episode.message == "You were back to your usual within 2 days."


def test_recovery_not_yet() -> None:
    daily = history(overrides={3: {"mood": 2.0, "setbacks": 1}, **span(2, 0, mood=2.0)})
    (episode,) = signals.recoveries(daily, TODAY)
    assert episode.recovered is None and episode.days is None
    assert episode.started == ago(3) and episode.low_point == 2.0
    assert "still finding your way back" in episode.message
    assert signals.between(episode, TODAY) == (ago(3), TODAY)


def test_a_dip_without_a_setback_is_found() -> None:
    # Mood 1.0 then 1.5 from 40 to 35 days ago: the week's average first reaches 2.5 (1 below usual) 37 days ago,
    # (3 * 3.5 + 1.0 + 3 * 1.5) / 7 = 2.29; the average since then is back to 3.0 eight days later. The low point
    # counts the week in which the dip showed.
    daily = history(overrides={40: {"mood": 1.0}, **span(39, 35, mood=1.5)})
    (episode,) = signals.recoveries(daily, TODAY)
    assert episode.trigger == "dip"
    assert (episode.started, episode.days, episode.low_point, episode.usual) == (ago(37), 8, 1.0, 3.5)


def test_a_setback_on_the_day_a_dip_shows_is_named_a_setback() -> None:
    daily = history(overrides={40: {"mood": 1.0}, **span(39, 35, mood=1.5), 37: {"mood": 1.5, "setbacks": 1}})
    (episode,) = signals.recoveries(daily, TODAY)
    assert (episode.trigger, episode.started) == ("setback", ago(37))


def test_a_setback_during_an_episode_is_the_same_episode() -> None:
    # A second setback 27 days ago, before the first was over: one episode, recovered 4 days after the second.
    overrides = {30: {"mood": 1.5, "setbacks": 1}, **span(29, 28, mood=1.5), 27: {"mood": 1.0, "setbacks": 2}}
    (episode,) = signals.recoveries(history(overrides=overrides), TODAY)
    assert (episode.started, episode.recovered, episode.days) == (ago(30), ago(23), 7)
    assert episode.trigger == "setback" and episode.low_point == 1.0


def test_setbacks_far_apart_are_separate_episodes() -> None:
    overrides = {60: {"mood": 2.0, "setbacks": 1}, 10: {"mood": 2.0, "setbacks": 1}}
    episodes = signals.recoveries(history(overrides=overrides), TODAY)
    assert [episode.started for episode in episodes] == [ago(60), ago(10)]
    assert all(episode.recovered is not None for episode in episodes)


def test_a_setback_without_a_usual_to_compare_with_is_left_out() -> None:
    daily = history(days=15, overrides={5: {"mood": 1.0, "setbacks": 1}})
    assert signals.recoveries(daily, TODAY) == []
    assert signals.recoveries(history(days=0), TODAY) == []


def test_a_steady_history_has_no_episodes() -> None:
    assert signals.recoveries(history(), TODAY) == []


# ---------------------------------------------------------------- consistency


def test_consistency_counts_distinct_days_inside_the_window() -> None:
    daily = history(days=40, missing=set(range(40)) - {0, 1, 7, 13, 14, 30})
    duplicate = daily[daily["day"] == pd.Timestamp(ago(1))]
    future = history(days=1).assign(day=pd.Timestamp(TODAY + timedelta(days=1)))
    result = signals.consistency(pd.concat([daily, duplicate, future], ignore_index=True), TODAY)
    assert result == signals.Consistency(days_reflected=4, window=14)
    assert result.message == "You reflected on 4 of the last 14 days."
    assert signals.consistency(daily, TODAY, window=7).days_reflected == 2


def test_consistency_with_nothing_is_a_fresh_start_without_numbers() -> None:
    result = signals.consistency(history(days=40, missing=set(range(14))), TODAY)
    assert result.days_reflected == 0
    assert result.message == "A fresh start: whenever you're ready, a one-minute check-in counts."
    assert not any(character.isdigit() for character in result.message)
    assert signals.consistency(history(days=0), TODAY).days_reflected == 0


def test_consistency_every_day_and_never_a_streak() -> None:
    result = signals.consistency(history(days=14), TODAY)
    assert result.message == "You reflected on every one of the last 14 days."
    assert "streak" not in result.message.lower()
    with pytest.raises(ValueError):
        signals.consistency(history(), TODAY, window=0)


# ---------------------------------------------------------------- mismatch


@pytest.mark.parametrize(
    ("mood", "polarity", "expected"),
    [
        (4, -0.4, True),
        (5, -0.9, True),
        (4, -0.39, False),
        (3, -0.9, False),
        (2, 0.5, True),
        (1, 0.9, True),
        (2, 0.49, False),
        (3, 0.9, False),
        (5, 0.9, False),
        (1, -0.9, False),
        (None, -0.9, False),
        (5, None, False),
        (5, NAN, False),
    ],
)
def test_mismatch_truth_table(mood: int | None, polarity: float | None, expected: bool) -> None:
    assert signals.mismatch(mood, polarity) is expected


# ---------------------------------------------------------------- properties

scores = st.one_of(st.just(NAN), st.integers(1, 5).map(float), st.floats(1, 5))
tones = st.one_of(st.just(NAN), st.floats(-1, 1))
days_of_history = st.lists(st.tuples(st.booleans(), scores, scores, tones, st.integers(0, 2)), min_size=0, max_size=220)


def random_history(rows: list[tuple[bool, float, float, float, int]]) -> pd.DataFrame:
    overrides = {}
    missing = set()
    for offset, (present, mood, energy, polarity, setbacks) in enumerate(reversed(rows)):
        if not present:
            missing.add(offset)
        overrides[offset] = {"mood": mood, "energy": energy, "polarity": polarity, "setbacks": setbacks}
    return history(days=len(rows), overrides=overrides, missing=missing)


@settings(max_examples=60, deadline=None)
@given(days_of_history, st.lists(st.tuples(st.integers(-3, 30), st.integers(1, 5), st.integers(1, 5)), max_size=30))
def test_evaluate_never_raises_and_stays_within_bounds(rows: list, checkin_rows: list) -> None:
    daily = random_history(rows)
    results = signals.evaluate(daily, checkins(checkin_rows), TODAY)
    assert [result.rule for result in results] == [doc.id for doc in signals.RULES]
    for result in results:
        if isinstance(result, Signal):
            assert result.since <= TODAY
            assert len(result.evidence) <= 120
            assert result.explanation
    for episode in signals.recoveries(daily, TODAY):
        assert episode.recovered is None or episode.started < episode.recovered <= TODAY
        assert episode.days == (None if episode.recovered is None else (episode.recovered - episode.started).days)
    assert 0 <= signals.consistency(daily, TODAY).days_reflected <= 14


@settings(max_examples=60, deadline=None)
@given(
    st.integers(1, 5),
    st.integers(1, 5),
    st.floats(-1, 1),
    st.integers(0, 200),
    st.sets(st.integers(0, 199), max_size=120),
)
def test_a_constant_history_never_fires_a_baseline_rule(
    mood: int, energy: int, polarity: float, days: int, missing: set[int]
) -> None:
    daily = history(days=days, mood=mood, energy=energy, polarity=polarity, missing=missing)
    steady_checkins = daily[["day", "mood", "energy"]]
    results = {result.rule: result for result in signals.evaluate(daily, steady_checkins, TODAY)}
    for rule in ("energy_below_baseline", "mood_falling", "writing_tone_down"):
        assert not isinstance(results[rule], Signal)
    low_quadrant = mood <= 2 and energy <= 2
    assert isinstance(results["low_energy_unpleasant"], Signal) == (
        low_quadrant and len(steady_checkins[steady_checkins["day"] > pd.Timestamp(ago(14))]) >= 5
    )
    assert signals.recoveries(daily, TODAY) == []


# ---------------------------------------------------------------- recovery day, against its plain definition


def _recovered_on_by_definition(series: pd.Series, anchor: pd.Timestamp, usual: float) -> pd.Timestamp | None:
    """pandas' rolling windows, cut at the anchor: the first later day whose week since the anchor is back."""
    after = series.loc[anchor:]
    mean = after.rolling(signals.WEEK_DAYS, min_periods=1).mean()
    count = after.notna().astype("float64").rolling(signals.WEEK_DAYS, min_periods=1).sum()
    back = (
        (after.index > anchor)
        & (count >= signals.RECOVERY_MIN_DAYS)
        & (mean >= usual - signals.RECOVERY_MARGIN - signals._EPSILON)
    )  # noqa: SLF001
    days = after.index[back.to_numpy()]
    return days[0] if len(days) else None


@settings(max_examples=200, deadline=None)
@given(
    moods=st.lists(
        st.one_of(st.none(), st.sampled_from([1.0, 1.5, 2.0, 2.5, 3.0, 3.5, 4.0, 4.5, 5.0]), st.floats(1, 5)),
        min_size=1,
        max_size=120,
    ),  # fmt: skip
    anchor_at=st.integers(0, 119),
    usual=st.sampled_from([1.5, 2.0, 2.5, 3.0, 3.5, 4.0, 4.5]),
)
def test_the_recovery_day_is_the_one_its_definition_gives(
    moods: list[float | None], anchor_at: int, usual: float
) -> None:
    index = pd.date_range("2025-01-01", periods=len(moods), freq="D")
    series = pd.Series([math.nan if m is None else m for m in moods], index=index, dtype="float64")
    anchor = index[min(anchor_at, len(moods) - 1)]
    found = signals._recovered_on(series, anchor, usual)  # noqa: SLF001
    assert found == _recovered_on_by_definition(series, anchor, usual)


# ---------------------------------------------------------------- what the page leads with


def test_every_rule_has_its_own_sentence_and_suggestion_never_a_diagnosis() -> None:
    assert set(signals.GENTLE) == {doc.id for doc in signals.RULES}
    suggestions = [words.suggestion for words in signals.GENTLE.values()]
    assert len(set(suggestions)) == len(suggestions)  # each fits what its rule saw
    for words in signals.GENTLE.values():
        assert words.sentence.endswith(".") and words.suggestion.endswith("?")  # one statement, one gentle question
        said = f"{words.sentence} {words.suggestion}".lower()
        assert not any(w in said for w in ("burnout", "depress", "anxiety", "you should", "you must", "disorder"))


def test_the_lead_is_the_fired_rules_own_words() -> None:
    energy = signals.energy_below_baseline(history(overrides=span(14, 0, energy=2.0)), TODAY)
    assert isinstance(energy, Signal)
    assert signals.gentle([energy]) == signals.GENTLE[signals.ENERGY_BELOW_BASELINE]
    assert signals.gentle([]) is None


def test_several_rules_at_once_get_one_sentence_and_the_first_rules_suggestion() -> None:
    low = history(overrides=span(30, 0, energy=1.0, mood=1.0, polarity=-0.6))
    fired = [r for r in signals.evaluate(low, checkins((d, 1, 1) for d in range(7)), TODAY) if isinstance(r, Signal)]
    assert len(fired) >= 2
    lead = signals.gentle(fired[::-1])  # whatever order they come in
    assert lead is not None
    assert lead.sentence == signals.SEVERAL
    first = next(doc.id for doc in signals.RULES if doc.id in {s.rule for s in fired})
    assert lead.suggestion == signals.GENTLE[first].suggestion
