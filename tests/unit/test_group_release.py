"""The peer-group release played as an attacker would: colluding made-up members, an honest group of exactly k.

The bound tested against is differential privacy's own, read as a guessing game. Whether the victim's weekly
mood was 1 or 5 (a 50:50 guess beforehand) changes their one value by the whole scale, so the release of
each figure they are in can tell the two apart with probability at most e^(2ε)/(1 + e^(2ε)), whatever the
attacker knows and however they decide. Each test plays many simulated weeks with OpenDP's real noise,
gives the attacker the best decision rule there is (they know every other value exactly), and checks their
success rate stays under that bound, with a margin of five standard errors so a fair run never fails.
"""

from __future__ import annotations

import math
import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from journal.together.groups import figures as group_figures
from journal.together.groups import membership as groups
from journal.together.groups import release as group_release
from journal.together.groups.release import EPSILON, WeekValues

AREAS = group_figures.QUADRANTS
SCALES = list(group_figures.BURNOUT_SCALES)
TRIALS = 1500


def _bound(epsilon: float, trials: int) -> float:
    """The most an attacker may win, plus five standard errors of a run of `trials` guesses."""
    best = math.exp(2 * epsilon) / (1 + math.exp(2 * epsilon))
    return best + 5 * math.sqrt(best * (1 - best) / trials)


def _mood_release(values: list[float], k: int) -> dict:
    week = WeekValues(mood=values, energy=values, scorers=len(values), areas=["middle"] * len(values))
    return group_release.release(week, k, AREAS, SCALES)


def _guess_mood(others: list[float], k: int, trials: int, rng: random.Random) -> float:
    """Share of weeks the attacker rightly tells a victim's 1 from 5, knowing every other member's value."""
    n = len(others) + 1
    known = sum(others)
    wins = 0
    for _ in range(trials):
        victim = rng.choice((1.0, 5.0))
        shown = _mood_release([*others, victim], k)["mood"]["mean"]
        # Best rule for symmetric noise: which of the two worlds' noise-free means is the shown one nearer?
        low, high = (known + 1) / n, (known + 5) / n
        guess = 1.0 if abs(shown - low) < abs(shown - high) else 5.0
        wins += guess == victim
    return wins / trials


COLLUDERS = {
    "extremes": [1.0, 1.0, 5.0, 5.0],  # the values that pinned the old median on the victim
    "all equal": [3.0, 3.0, 3.0, 3.0],
    "spread": [1.0, 2.0, 4.0, 5.0],
    "all low": [1.0, 1.0, 1.0, 1.0],
}


@pytest.mark.parametrize("chosen", list(COLLUDERS))
def test_k_minus_1_made_up_members_cannot_read_the_one_real_members_mood(chosen: str) -> None:
    rng = random.Random(chosen)
    won = _guess_mood(COLLUDERS[chosen], 5, TRIALS, rng)
    assert won <= _bound(EPSILON["mood"], TRIALS), f"the attacker won {won:.1%} of weeks"


def test_an_honest_group_of_exactly_k_cannot_read_one_member() -> None:
    rng = random.Random(3)
    others = [2.4, 3.1, 3.6]  # three honest members who each know their own value, and the fourth's
    won = _guess_mood(others, 4, TRIALS, rng)  # k = 4: the three and the one they would like to read
    assert won <= _bound(EPSILON["mood"], TRIALS)


def test_the_old_median_gave_the_victim_away_and_the_release_does_not() -> None:
    """The attack from the issue: with made-up 1, 1, 5, 5 the median *was* the victim's mean, exactly."""
    victim = 2.6
    shown = [_mood_release([*COLLUDERS["extremes"], victim], 5)["mood"]["mean"] for _ in range(200)]
    assert sum(value == victim for value in shown) < 60  # exact 2.6 only as often as noise lands there
    assert len(set(shown)) > 5  # not a function of the inputs: the noise is real


def test_the_areas_shares_do_not_give_away_the_one_real_member() -> None:
    """Four made-up members in 'middle'; is the victim's week mostly high and pleasant or low and unpleasant?"""
    rng = random.Random(7)
    wins = 0
    for _ in range(TRIALS):
        victim = rng.choice(("high_pleasant", "low_unpleasant"))
        week = WeekValues(mood=[3.0] * 5, energy=[3.0] * 5, scorers=5, areas=["middle"] * 4 + [victim])
        shares = group_release.release(week, 5, AREAS, SCALES)["areas"]["shares"]
        high, low = shares[AREAS["high_pleasant"]], shares[AREAS["low_unpleasant"]]
        guess = "high_pleasant" if high > low else "low_unpleasant" if low > high else rng.choice(list(AREAS)[:3:2])
        wins += guess == victim
    # Moving one member between two areas changes two counts by one each: 2ε for the histogram too.
    assert wins / TRIALS <= _bound(EPSILON["areas"], TRIALS)


def test_a_burnout_average_does_not_give_away_the_one_real_member() -> None:
    rng = random.Random(11)
    wins = 0
    others = [0.0, 0.0, 100.0, 100.0]
    for _ in range(TRIALS):
        victim = rng.choice((0.0, 100.0))
        week = WeekValues(burnout={"personal": [*others, victim]})
        shown = group_release.release(week, 5, AREAS, SCALES)["burnout"]["personal"]["average"]
        wins += (0.0 if abs(shown - 40) < abs(shown - 60) else 100.0) == victim
    assert wins / TRIALS <= _bound(EPSILON["personal"], TRIALS)


def test_each_measurement_costs_exactly_the_stated_epsilon_per_member() -> None:
    """OpenDP's own privacy maps: one member more or fewer costs each figure its ε, and the totals add up."""
    for name in EPSILON:
        assert group_release.privacy_loss(name) == pytest.approx(EPSILON[name], rel=1e-9), name
    assert group_release.EPSILON_SCORES == pytest.approx(3.0)
    assert group_release.EPSILON_CHECKINS == pytest.approx(2.25)


def test_the_noise_is_drawn_freshly_and_the_margin_is_honest() -> None:
    """Over many releases of the same week, the noise-free mean lies within "about ±" about 9 times in 10."""
    values = [2.0, 2.5, 3.0, 3.5, 4.0, 4.5, 2.0, 3.0]
    truth = sum(values) / len(values)
    inside = 0
    for _ in range(600):
        mood = _mood_release(values, 5)["mood"]
        inside += abs(mood["mean"] - truth) <= mood["margin"] + 0.05  # the mean is shown to 0.1
    assert 0.8 <= inside / 600 <= 0.99


@settings(max_examples=200, deadline=None)
@given(
    k=st.integers(groups.MIN_K, 8),
    mood=st.lists(st.floats(1, 5), max_size=12),
    areas=st.lists(st.sampled_from(list(AREAS)), max_size=12),
    burnout=st.lists(st.floats(0, 100), max_size=12),
)
def test_no_displayed_figure_rests_on_fewer_than_k_members(
    k: int, mood: list[float], areas: list[str], burnout: list[float]
) -> None:
    scorers = max(len(mood), len(areas))
    week = WeekValues(mood=mood, energy=mood, scorers=scorers, areas=areas, burnout={"work": burnout})
    out = group_release.release(week, k, AREAS, SCALES)
    assert (out["mood"] is not None) == (len(mood) >= k and scorers >= k)
    assert (out["areas"] is not None) == (len(areas) >= k and scorers >= k)
    assert (out["burnout"]["work"] is not None) == (len(burnout) >= k)
    assert out["burnout"]["personal"] is None and out["burnout"]["client"] is None
    for figure in (out["mood"], out["energy"], out["areas"], out["burnout"]["work"]):
        if figure is not None:
            assert figure["at_least"] == k  # never more members than shared: only "k or more"
    if out["areas"] is not None:
        assert sum(out["areas"]["shares"].values()) == 100


def test_the_guarantee_states_the_epsilons_and_the_floor() -> None:
    words = group_release.guarantee(5)
    assert "ε = 3 per member per week" in words and "ε = 2.25 more" in words and "at least 5 members" in words
