"""Trackers beside energy and mood, as pure functions: the comparison, its minimum-data rule at the boundary, the
words it uses, and the chart it draws (through to_dict()); and any name either kept cleaned or refused in words."""

from __future__ import annotations

import math

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from journal.patterns.charts.drawing import Fit
from journal.patterns.charts.personal import tracker_comparison
from journal.reflect.trackers import MAX_NAME_CHARS, MIN_DAYS, Tracker, TrackerError, compare, name_of

BREAK = Tracker("t1", "took a proper break", "yes_no", None, None, 0, False)
SLEEP = Tracker("t2", "slept", "scale", "barely", "soundly", 1, False)
CAUSAL = ("because", "caused", "makes you", "leads to", "so that", "helps")


def rows(*days: tuple[int, float | None, float | None]) -> pd.DataFrame:
    """(value, mood, energy) a day."""
    return pd.DataFrame(
        columns=["day", "value", "mood", "energy"],
        data=[{"day": pd.Timestamp("2026-01-01") + pd.Timedelta(days=n), "value": v, "mood": m, "energy": e}
         for n, (v, m, e) in enumerate(days)]
    ).astype({"mood": "float64", "energy": "float64"})  # fmt: skip


def test_yes_against_no() -> None:
    found = compare(BREAK, rows((1, 4, 4), (1, 4, 3), (1, 3, 4), (0, 2, 3), (0, 3, 2), (0, 2, 3)))
    assert found.enough
    assert (found.with_.days, found.without.days) == (3, 3)
    assert math.isclose(found.with_.energy, 11 / 3) and math.isclose(found.without.mood, 7 / 3)
    assert found.sentence.startswith(
        "\u201ctook a proper break\u201d: on days you marked it yes, your energy averaged 3.7"
    )
    assert "against 2.7 and 2.3 on days you marked it no (3 days and 3 days)" in found.sentence
    claim, aside = found.sentence.split(" These went together")  # the figures, then a reminder that's all they are
    assert not any(word in claim.lower() for word in CAUSAL)
    assert "don't say one caused the other" in aside


@pytest.mark.parametrize(("with_days", "without_days"), [(2, 3), (3, 2), (2, 2), (0, 5)])
def test_not_enough_below_three_either_way(with_days: int, without_days: int) -> None:
    found = compare(BREAK, rows(*[(1, 4, 4)] * with_days, *[(0, 2, 2)] * without_days))
    assert not found.enough
    assert "not enough data yet" in found.sentence
    if with_days < MIN_DAYS:
        assert f"{with_days} of 3 days you marked it yes" in found.sentence
    if without_days < MIN_DAYS:
        assert f"{without_days} of 3 days you marked it no" in found.sentence
    else:
        assert "marked it no" not in found.sentence  # only what's missing is named


def test_a_day_counts_only_with_mood_and_energy() -> None:
    found = compare(BREAK, rows((1, 4, 4), (1, 4, 4), (1, None, 4), (1, 4, None), (0, 2, 2), (0, 2, 2), (0, 2, 2)))
    assert (found.with_.days, found.without.days, found.enough) == (2, 3, False)


def test_a_scale_is_its_top_two_against_its_bottom_two() -> None:
    found = compare(SLEEP, rows((5, 4, 5), (4, 4, 4), (4, 3, 3), (3, 1, 1), (3, 5, 5), (1, 2, 2), (2, 2, 1), (2, 1, 3)))
    assert found.enough
    assert (found.with_.days, found.without.days) == (3, 3)  # the 3s are left out
    assert found.with_.energy == 4.0 and found.without.energy == 2.0
    assert "days you gave it a 4 or 5" in found.sentence and "Days at 3 aren't counted." in found.sentence


def test_no_days_at_all() -> None:
    found = compare(SLEEP, rows())
    assert (
        not found.enough and "0 of 3 days you gave it a 4 or 5 and 0 of 3 days you gave it a 1 or 2" in found.sentence
    )


@pytest.mark.parametrize("fit", list(Fit))
def test_the_chart_draws_both_sides_of_both_measures(fit: Fit) -> None:
    found = compare(BREAK, rows((1, 4, 4), (1, 4, 3), (1, 3, 4), (0, 2, 3), (0, 3, 2), (0, 2, 3)))
    spec = tracker_comparison(found.frame(), fit).to_dict()
    data = spec["datasets"][spec["data"]["name"]]
    yes, no = "Days marked yes", "Days marked no"
    assert [(r["group"], r["measure"]) for r in data] == [(yes, "Energy"), (yes, "Mood"), (no, "Energy"), (no, "Mood")]
    assert [r["mean"] for r in data] == [3.67, 3.67, 2.67, 2.33]
    assert spec["mark"]["type"] == "bar"
    assert spec["encoding"]["x"]["sort"] == [yes, no]
    assert spec["encoding"]["y"]["scale"]["domain"] == [0, 5]
    assert spec["encoding"]["color"]["scale"]["domain"] == ["Energy", "Mood"]
    assert "took a proper break" not in str(spec)  # the person's words never reach the chart
    assert spec["encoding"]["color"]["legend"].get("orient") == ("bottom" if fit is Fit.NARROW else None)


@given(st.text(max_size=200))
def test_any_name_is_kept_cleaned_or_refused_in_words(raw: str) -> None:
    try:
        kept = name_of(raw)
    except TrackerError as exc:
        assert str(exc).startswith("Please")
        return
    assert kept and len(kept) <= MAX_NAME_CHARS and kept == " ".join(kept.split())
    assert set(kept) <= set(raw) | {" "}  # nothing added, only taken away
