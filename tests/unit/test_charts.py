"""Chart builders and captions (patterns.charts), tested through the Vega-Lite spec each chart produces."""

from __future__ import annotations

import functools
import json
from collections.abc import Iterator
from datetime import date, timedelta
from typing import Any

import altair as alt
import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from journal.content.library import Library
from journal.patterns.charts import captions
from journal.patterns.charts import personal as charts
from journal.patterns.charts.drawing import NARROW_LINE, NARROW_TICKS, Drawing, Fit
from journal.store.trends import DAILY_COLUMNS

TODAY = date(2026, 11, 26)  # a Thursday
OKABE_ITO = {"#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00", "#CC79A7", "#999999"}
THEMES = [
    "Hope as a discipline",
    "Getting through the commas",
    "Boundaries, rest and burnout",
    "Leadership as a practice",
    "Connection and 1-to-1s",
    "The little big things",
    "Shared purpose",
    "Caring for each other",
]


# ---------------------------------------------------------------- helpers


def make_daily(
    rows: list[tuple[date, float | None, float | None]], polarity: list[float] | None = None
) -> pd.DataFrame:
    """A frame shaped like journal.store.trends.daily: (day, mood, energy) rows, optional polarity per row."""
    frame = pd.DataFrame(
        {
            "day": pd.to_datetime([d for d, _, _ in rows]),
            "mood": pd.Series([m for _, m, _ in rows], dtype="float64"),
            "energy": pd.Series([e for _, _, e in rows], dtype="float64"),
            "polarity": pd.Series(polarity if polarity is not None else [np.nan] * len(rows), dtype="float64"),
            "entries": 1,
            "wins": 0,
            "setbacks": 0,
        }
    )
    return frame[DAILY_COLUMNS]


def empty_daily() -> pd.DataFrame:
    return make_daily([])


def days_from(start: date, count: int) -> list[date]:
    return [start + timedelta(days=i) for i in range(count)]


def spec_of(chart: alt.TopLevelMixin) -> dict[str, Any]:
    # to_dict validates against the Vega-Lite schema, so an invalid spec fails here.
    return chart.to_dict()


def rows_of(spec: dict[str, Any], node: dict[str, Any] | None = None) -> list[dict[str, Any]]:
    """The inlined rows a node (default: the top level) draws from."""
    return spec["datasets"][(node or spec)["data"]["name"]]


def walk(node: Any) -> Iterator[dict[str, Any]]:
    """Every dict in the spec, depth first."""
    if isinstance(node, dict):
        yield node
        for value in node.values():
            yield from walk(value)
    elif isinstance(node, list):
        for value in node:
            yield from walk(value)


def views(spec: dict[str, Any]) -> list[dict[str, Any]]:
    """The leaf views (those with a mark), in drawing order."""
    if "layer" in spec:
        return [leaf for child in spec["layer"] for leaf in views(child)]
    return [spec]


def mark_type(view: dict[str, Any]) -> str:
    mark = view["mark"]
    return mark if isinstance(mark, str) else mark["type"]


def filter_of(view: dict[str, Any]) -> str | None:
    filters = [t["filter"] for t in view.get("transform", []) if "filter" in t]
    return json.dumps(filters[0]) if filters else None


def by_measure(rows: list[dict[str, Any]], measure: str) -> list[dict[str, Any]]:
    return [r for r in rows if r["measure"] == measure]


def iso(d: date) -> str:
    return f"{d.isoformat()}T00:00:00"


# ---------------------------------------------------------------- mood and energy over time


def test_rolling_mean_starts_after_three_days_and_is_inlined_per_day() -> None:
    days = days_from(date(2026, 11, 1), 5)
    daily = make_daily(list(zip(days, [1, 2, 3, 4, 5], [5, 4, 3, 2, 1], strict=True)))
    rows = rows_of(spec_of(charts.mood_energy_over_time(daily)))
    mood = by_measure(rows, "Mood")
    assert [r["day"] for r in mood] == [iso(d) for d in days]
    assert [r["value"] for r in mood] == [1, 2, 3, 4, 5]
    assert [r["average"] for r in mood] == [None, None, 2.0, 2.5, 3.0]
    assert [r["average"] for r in by_measure(rows, "Energy")] == [None, None, 4.0, 3.5, 3.0]


def test_rolling_mean_spans_calendar_days_not_rows() -> None:
    start = date(2026, 10, 1)
    daily = make_daily(
        [(start, 1, 1), (start + timedelta(1), 2, 2), (start + timedelta(2), 3, 3), (start + timedelta(9), 5, 5)]
    )
    mood = by_measure(rows_of(spec_of(charts.mood_energy_over_time(daily))), "Mood")
    by_day = {r["day"]: r for r in mood}
    # Days 4-7 have no check-in but still 3 days in their week, so the line carries on through them.
    for offset in range(3, 7):
        assert by_day[iso(start + timedelta(offset))]["value"] is None
        assert by_day[iso(start + timedelta(offset))]["average"] == 2.0
    # Days 8-9 have fewer than 3 days in their week and no check-in: nothing to draw, so no row.
    assert iso(start + timedelta(7)) not in by_day and iso(start + timedelta(8)) not in by_day
    # Day 10 is a lone day: its dot is drawn, with no average (a 7-row window would have averaged 1, 2, 3 and 5).
    assert by_day[iso(start + timedelta(9))]["value"] == 5
    assert by_day[iso(start + timedelta(9))]["average"] is None
    assert len(mood) == 8


def test_separate_stretches_get_separate_line_runs() -> None:
    first = days_from(date(2026, 6, 1), 3)
    second = days_from(date(2026, 6, 21), 3)
    daily = make_daily([(d, 3, 3) for d in first + second])
    mood = by_measure(rows_of(spec_of(charts.mood_energy_over_time(daily))), "Mood")
    with_average = [r for r in mood if r["average"] is not None]
    runs = {r["day"][:10]: r["run"] for r in with_average}
    assert runs[first[2].isoformat()] != runs[second[2].isoformat()]
    assert runs[first[2].isoformat()] == runs[(first[2] + timedelta(4)).isoformat()]


def test_mood_energy_spec_has_dots_lines_and_worded_axes(lib: Library) -> None:
    daily = make_daily([(d, 3, 4) for d in days_from(date(2026, 11, 1), 10)])
    spec = spec_of(charts.mood_energy_over_time(daily))
    assert spec["resolve"] == {"scale": {"y": "independent"}}
    assert spec["width"] == "container"
    assert spec["title"]["text"] == "Mood and energy over time"
    leaves = views(spec)
    assert [mark_type(v) for v in leaves] == ["point", "line", "point", "line"]
    mood_dots, mood_line, energy_dots, energy_line = leaves
    assert "Mood" in filter_of(mood_dots) and "Energy" in filter_of(energy_dots)
    for dots, words, orient in ((mood_dots, lib.mood.labels, "left"), (energy_dots, lib.energy.labels, "right")):
        y = dots["encoding"]["y"]
        assert (y["field"], y["type"]) == ("value", "quantitative")
        assert y["scale"]["domain"] == [1, 5]
        assert y["axis"]["values"] == [1, 2, 3, 4, 5]
        assert y["axis"]["orient"] == orient
        assert y["axis"]["title"] == ("Mood" if orient == "left" else "Energy")
        assert json.dumps(list(words)) in y["axis"]["labelExpr"]
        assert dots["encoding"]["x"] == {"field": "day", "title": "Date", "type": "temporal"}
        assert {t["field"] for t in dots["encoding"]["tooltip"]} == {"day", "measure", "value", "average_text"}
    assert "Really low" in mood_dots["encoding"]["y"]["axis"]["labelExpr"]
    assert "Full of energy" in energy_dots["encoding"]["y"]["axis"]["labelExpr"]
    for line in (mood_line, energy_line):
        assert line["encoding"]["y"]["field"] == "average"
        assert line["encoding"]["detail"]["field"] == "run"
    colour = mood_dots["encoding"]["color"]
    assert colour["field"] == "measure"
    assert colour["scale"]["domain"] == ["Mood", "Energy"]
    assert set(colour["scale"]["range"]) <= OKABE_ITO
    assert mood_dots["encoding"]["shape"]["scale"]["range"] == ["circle", "square"]


def test_mood_energy_sends_only_drawn_rows_and_no_raw_data_transforms() -> None:
    days = days_from(date(2025, 11, 27), 365)
    rng = np.random.default_rng(7)
    daily = make_daily([(d, float(rng.integers(1, 6)), float(rng.integers(1, 6))) for d in days])
    spec = spec_of(charts.mood_energy_over_time(daily))
    assert len(rows_of(spec)) == 2 * 365
    transforms = [t for node in walk(spec) for t in node.get("transform", [])]
    assert transforms and all(set(t) <= {"filter", "calculate", "as"} for t in transforms)


def test_mood_energy_empty_input_still_builds() -> None:
    spec = spec_of(charts.mood_energy_over_time(empty_daily()))
    assert rows_of(spec) == []
    assert len(views(spec)) == 4


def test_caption_mood_energy_compares_the_fortnight_with_the_usual() -> None:
    usual_days = days_from(TODAY - timedelta(days=73), 20)  # inside the 60 days before the fortnight
    fortnight = days_from(TODAY - timedelta(days=4), 5)
    rows = [(d, 3.1, 3.3) for d in usual_days]
    rows += list(zip(fortnight, [3, 3, 3, 3, 3], [2, 3, 2, 3, 2], strict=True))
    assert captions.caption_mood_energy(make_daily(rows), TODAY) == (
        "Your mood has averaged 3.0 over the last fortnight, about your usual 3.1. "
        "Your energy has averaged 2.4 over the last fortnight, below your usual 3.3."
    )


def test_caption_mood_energy_says_above_and_ignores_days_outside_both_windows() -> None:
    usual_days = days_from(TODAY - timedelta(days=73), 60)  # exactly the 60 days before the fortnight
    fortnight = days_from(TODAY - timedelta(days=13), 14)
    rows = [(d, 2.0, 2.0) for d in usual_days]
    rows += [(d, 4.0, 2.0) for d in fortnight]
    rows += [(TODAY - timedelta(days=74), 5.0, 5.0), (TODAY + timedelta(days=1), 1.0, 1.0)]  # just outside
    assert captions.caption_mood_energy(make_daily(rows), TODAY) == (
        "Your mood has averaged 4.0 over the last fortnight, above your usual 2.0. "
        "Your energy has averaged 2.0 over the last fortnight, about your usual 2.0."
    )


def test_caption_mood_energy_without_enough_data() -> None:
    two_recent = make_daily([(TODAY, 3, 3), (TODAY - timedelta(days=1), 3, 3)])
    assert captions.caption_mood_energy(two_recent, TODAY) == "Not enough check-ins yet to compare with your usual."
    no_usual = make_daily([(d, 4, 2) for d in days_from(TODAY - timedelta(days=5), 6)])
    assert captions.caption_mood_energy(no_usual, TODAY) == (
        "Your mood has averaged 4.0 over the last fortnight. "
        "Your energy has averaged 2.0 over the last fortnight. "
        "Not enough check-ins yet to compare with your usual."
    )
    assert captions.caption_mood_energy(empty_daily(), TODAY).startswith("Nothing to show yet")
    # Six days before the fortnight are too few for a usual; the fortnight's first day must not make up the seventh.
    fortnight_start = TODAY - timedelta(days=13)
    edge = [(d, 3, 3) for d in days_from(fortnight_start - timedelta(days=6), 6)]
    edge += [(d, 3, 3) for d in days_from(fortnight_start, 3)]
    assert captions.caption_mood_energy(make_daily(edge), TODAY).endswith(
        "Not enough check-ins yet to compare with your usual."
    )


# ---------------------------------------------------------------- mood meter


def test_mood_map_points_stays_small_whatever_the_input() -> None:
    rng = np.random.default_rng(3)
    days = pd.date_range("2016-11-28", periods=3650, freq="D")
    checkins = pd.DataFrame({"day": days, "mood": rng.uniform(0.5, 5.5, 3650), "energy": rng.uniform(0.5, 5.5, 3650)})
    checkins.loc[::10, "energy"] = np.nan
    points = charts.mood_map_points(checkins, date(2026, 11, 13))
    assert len(points) <= 50
    assert list(points.columns) == ["mood", "energy", "period", "days"]
    assert set(points["mood"]) <= {1, 2, 3, 4, 5} and set(points["energy"]) <= {1, 2, 3, 4, 5}
    assert int(points["days"].sum()) == 3650 - 365
    recent_days = int(points.loc[points["period"] == "Recent", "days"].sum())
    assert recent_days == int(
        (checkins["day"] >= "2026-11-13").sum() - checkins.loc[checkins["day"] >= "2026-11-13", "energy"].isna().sum()
    )


def test_mood_map_points_rounds_halves_up_clips_and_counts_distinct_days() -> None:
    checkins = pd.DataFrame(
        {
            "day": pd.to_datetime(["2026-11-01", "2026-11-01", "2026-11-02", "2026-11-12", "2026-11-13", "2026-11-14"]),
            "mood": [2.5, 2.6, 0.2, 3.49, 5.7, 4.0],
            "energy": [3.5, 4.4, 1.0, 1.0, 5.0, np.nan],
        }
    )
    points = charts.mood_map_points(checkins, date(2026, 11, 13))
    assert points.to_dict("records") == [
        {"mood": 1, "energy": 1, "period": "Before", "days": 1},
        {"mood": 3, "energy": 1, "period": "Before", "days": 1},
        {"mood": 3, "energy": 4, "period": "Before", "days": 1},  # two check-ins on 1 Nov, one day
        {"mood": 5, "energy": 5, "period": "Recent", "days": 1},  # recent_from itself is recent
    ]
    assert str(points["mood"].dtype) == "int64" and str(points["days"].dtype) == "int64"


def test_mood_map_points_of_nothing_is_an_empty_frame_with_the_columns() -> None:
    points = charts.mood_map_points(empty_daily(), TODAY)
    assert points.empty and list(points.columns) == ["mood", "energy", "period", "days"]


def test_mood_map_spec_has_quadrants_midlines_and_recent_on_top(lib: Library) -> None:
    points = pd.DataFrame(
        {"mood": [2, 4, 4], "energy": [2, 4, 5], "period": ["Before", "Before", "Recent"], "days": [30, 12, 5]}
    )
    spec = spec_of(charts.mood_map(points, date(2026, 11, 13)))
    assert spec["title"]["text"] == "Mood and energy together"
    assert "13 Nov 2026" in spec["title"]["subtitle"]
    leaves = views(spec)
    assert [mark_type(v) for v in leaves] == ["rule", "rule", "text", "point", "circle"]
    vertical, horizontal, labels, before, recent = leaves
    assert rows_of(spec, vertical) == [{"at": 3}]
    assert set(vertical["encoding"]) == {"x"} and set(horizontal["encoding"]) == {"y"}
    assert {r["label"] for r in rows_of(spec, labels)} == {
        "High energy, pleasant",
        "High energy, unpleasant",
        "Low energy, unpleasant",
        "Low energy, pleasant",
    }
    assert "color" not in labels["mark"]  # the colour comes from the theme's palette, not a fixed black or white
    assert "Before" in filter_of(before) and before["mark"]["filled"] is False
    assert "Recent" in filter_of(recent)  # drawn last, so on top
    drawn = rows_of(spec, spec["layer"][3])
    assert [(r["mood"], r["energy"], r["period"], r["days"]) for r in drawn] == list(
        points.itertuples(index=False, name=None)
    )
    assert drawn[2]["mood_words"] == lib.mood.labels[3] and drawn[2]["energy_words"] == lib.energy.labels[4]
    enc = recent["encoding"]
    assert (enc["x"]["field"], enc["y"]["field"], enc["size"]["field"]) == ("mood", "energy", "days")
    assert enc["x"]["axis"]["values"] == [1, 2, 3, 4, 5] and enc["y"]["axis"]["values"] == [1, 2, 3, 4, 5]
    assert enc["x"]["scale"]["domain"] == [0.5, 5.5]
    assert "unpleasant" in enc["x"]["axis"]["title"] and "low" in enc["y"]["axis"]["title"]
    assert json.dumps(list(lib.energy.labels)) in enc["y"]["axis"]["labelExpr"]
    assert enc["color"]["scale"]["domain"] == ["Recent", "Before"]
    assert set(enc["color"]["scale"]["range"]) <= OKABE_ITO
    assert {t["field"] for t in enc["tooltip"]} == {"period", "mood_words", "energy_words", "days"}


def test_mood_map_of_nothing_still_builds() -> None:
    spec = spec_of(charts.mood_map(charts.mood_map_points(empty_daily(), TODAY), TODAY))
    assert rows_of(spec, spec["layer"][3]) == []


def _points(rows: list[tuple[int, int, str, int]]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["mood", "energy", "period", "days"])


def _checkins(cells: list[tuple[float, float, int]]) -> pd.DataFrame:
    """Recent check-ins: `count` of them at each (mood, energy), one a day."""
    rows = [(m, e) for m, e, count in cells for _ in range(count)]
    days = pd.to_datetime(days_from(TODAY - timedelta(len(rows)), len(rows)))
    moods, energies = [float(m) for m, _ in rows], [float(e) for _, e in rows]
    return pd.DataFrame(
        {"day": days, "mood": pd.Series(moods, dtype="float64"), "energy": pd.Series(energies, dtype="float64")}
    )


def test_caption_mood_map_counts_check_ins_and_says_so() -> None:
    recent = _checkins([(4, 4, 6), (5, 5, 3), (2, 2, 3), (3, 3, 2)])
    assert captions.caption_mood_map(_points([]), recent) == (
        "Most of your recent check-ins were high energy and pleasant (9 of your 14 recent check-ins)."
    )


def test_two_check_ins_on_one_day_count_as_two_not_as_one_day() -> None:
    same_day = _checkins([(2, 2, 1), (4, 4, 1)]).assign(day=pd.Timestamp(TODAY))
    assert captions.caption_mood_map(_points([]), same_day).endswith("(1 of your 2 recent check-ins).")


def test_caption_mood_map_without_a_majority_and_on_the_midlines() -> None:
    spread = _checkins([(2, 2, 4), (4, 2, 3), (4, 4, 3)])
    assert captions.caption_mood_map(_points([]), spread) == (
        "Your recent check-ins were most often low energy and unpleasant (4 of your 10 recent check-ins)."
    )
    middle = _checkins([(3, 3, 5), (4.5, 4, 1)])
    assert captions.caption_mood_map(_points([]), middle) == (
        "Most of your recent check-ins were in the middle for both mood and energy (5 of your 6 recent check-ins)."
    )
    edge = _checkins([(3.5, 3, 1)])  # a day mean of 3.5 goes to 4, as the chart places it
    assert captions.caption_mood_map(_points([]), edge) == (
        "Most of your recent check-ins were middling energy and pleasant (1 of your 1 recent check-in)."
    )


def test_caption_mood_map_with_nothing_recent_or_nothing_at_all() -> None:
    none = _checkins([])
    assert captions.caption_mood_map(_points([(2, 2, "Before", 4)]), none).startswith("No recent check-ins")
    assert captions.caption_mood_map(_points([]), none).startswith("Nothing to show yet")


# ---------------------------------------------------------------- calendar


def test_calendar_has_a_row_for_every_day_including_days_without_a_mood() -> None:
    daily = make_daily(
        [
            (date(2024, 1, 1), 1, 1),
            (date(2026, 1, 5), 4, 4),
            (date(2026, 11, 26), 3.5, None),
            (date(2026, 11, 25), None, 3),
        ]
    )
    spec = spec_of(charts.calendar_heatmap(daily, TODAY))
    rows = rows_of(spec)
    # 52 full weeks from Monday 24 Nov 2025, plus Monday to Thursday of the week of 26 Nov 2026.
    assert len(rows) == 52 * 7 + 4
    assert rows[0]["day"] == iso(date(2025, 11, 24)) and rows[-1]["day"] == iso(TODAY)
    assert {r["week"] for r in rows} == set(range(53))
    assert [r["weekday"] for r in rows[:7]] == ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
    recorded = {r["day"]: r for r in rows if r["mood"] is not None}
    assert set(recorded) == {iso(date(2026, 1, 5)), iso(TODAY)}  # 2024 is outside; 25 Nov has no mood
    assert recorded[iso(TODAY)]["in_words"] == "Good (3.5)"
    assert recorded[iso(date(2026, 1, 5))]["in_words"] == "Good (4)"
    assert sum(r["in_words"] == "No mood recorded" for r in rows) == len(rows) - 2


def test_calendar_spec_colours_moods_with_viridis_and_outlines_every_day(lib: Library) -> None:
    spec = spec_of(charts.calendar_heatmap(empty_daily(), TODAY))
    outline, moods = views(spec)
    assert mark_type(outline) == "rect" and outline["mark"]["fill"] == "transparent"
    assert "color" not in outline["encoding"]
    colour = moods["encoding"]["color"]
    assert (colour["field"], colour["type"]) == ("mood", "quantitative")
    assert colour["scale"] == {"domain": [1, 5], "scheme": "viridis"}
    assert json.dumps(list(lib.mood.labels)) in colour["legend"]["labelExpr"]
    y = moods["encoding"]["y"]
    assert (y["field"], y["sort"]) == ("weekday", ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"])
    x = moods["encoding"]["x"]
    assert (x["field"], x["type"]) == ("week", "ordinal")
    # 1 Dec 2025 is a Monday (week 1); 1 Jan 2026 falls in week 5 and 1 Feb 2026 (a Sunday) in week 9.
    assert x["axis"]["labelExpr"].startswith('["Dec", "Jan", "Feb"')
    assert "[1, 5, 9, 13," in x["axis"]["labelExpr"]
    assert {t["field"] for t in moods["encoding"]["tooltip"]} == {"day", "in_words"}
    assert len(rows_of(spec)) == 368 and all(r["mood"] is None for r in rows_of(spec))


def test_caption_calendar_counts_days_and_names_the_most_common_mood() -> None:
    days = days_from(date(2026, 3, 2), 5)
    daily = make_daily(list(zip(days, [4, 4, 3.5, 3, 2], [3] * 5, strict=True)))
    assert captions.caption_calendar(daily, TODAY) == (
        "You recorded a mood on 5 days in the year shown; your most common was Good."
    )
    tie = make_daily([(date(2026, 3, 2), 4, 3), (date(2026, 3, 3), 3, 3), (date(2020, 3, 3), 3, 3)])
    assert captions.caption_calendar(tie, TODAY) == (
        "You recorded a mood on 2 days in the year shown; your most common were Okay and Good."
    )
    assert captions.caption_calendar(make_daily([(TODAY, 5, 5)]), TODAY) == (
        "You recorded a mood on 1 day in the year shown; your most common was Really good."
    )
    assert captions.caption_calendar(empty_daily(), TODAY) == "No moods recorded in the year shown yet."


# ---------------------------------------------------------------- tone of writing


def test_sentiment_rows_are_rolling_means_of_mood_and_polarity() -> None:
    days = days_from(date(2026, 11, 1), 4)
    daily = make_daily([(d, m, 3) for d, m in zip(days, [2, 3, 4, 5], strict=True)], polarity=[-0.3, 0.0, 0.3, 0.6])
    rows = rows_of(spec_of(charts.sentiment_trend(daily)))
    assert [(r["day"], r["average"]) for r in by_measure(rows, "Mood")] == [(iso(days[2]), 3.0), (iso(days[3]), 3.5)]
    assert [(r["day"], r["average"]) for r in by_measure(rows, "Tone")] == [(iso(days[2]), 0.0), (iso(days[3]), 0.15)]


def test_sentiment_spec_is_neutral_in_its_words_and_axes(lib: Library) -> None:
    days = days_from(date(2026, 11, 1), 6)
    spec = spec_of(charts.sentiment_trend(make_daily([(d, 3, 3) for d in days], polarity=[0.1] * 6)))
    assert spec["title"]["text"] == "Tone of your writing (rough)"
    assert spec["resolve"] == {"scale": {"y": "independent"}}
    leaves = views(spec)
    lines = [v for v in leaves if mark_type(v) == "line"]
    assert len(lines) == 2
    mood_line, tone_line = lines
    tone_y = tone_line["encoding"]["y"]
    assert tone_y["scale"]["domain"] == [-1, 1]
    assert tone_y["axis"]["title"] == "Tone of your writing (rough)"
    assert "'neutral'" in tone_y["axis"]["labelExpr"] and 0 in tone_y["axis"]["values"]
    assert mood_line["encoding"]["y"]["scale"]["domain"] == [1, 5]
    assert json.dumps(list(lib.mood.labels)) in mood_line["encoding"]["y"]["axis"]["labelExpr"]
    assert tone_line["encoding"]["strokeDash"]["field"] == "measure"  # told apart by dash as well as colour
    rules = [v for v in leaves if mark_type(v) == "rule"]
    assert len(rules) == 1 and rows_of(spec, rules[0]) == [{"at": 0.0}]
    hovers = [v for v in leaves if mark_type(v) == "point"]
    assert len(hovers) == 2 and all(v["encoding"]["tooltip"] for v in hovers)
    words = " ".join(
        [
            spec["title"]["text"],
            spec["title"]["subtitle"],
            tone_y["axis"]["title"],
            mood_line["encoding"]["y"]["axis"]["title"],
        ]
    ).lower()
    for judgement in ("good", "bad", "better", "worse", "healthy", "unhealthy", "wrong"):
        assert judgement not in words


def test_sentiment_empty_input_still_builds() -> None:
    assert rows_of(spec_of(charts.sentiment_trend(empty_daily()))) == []


def test_caption_sentiment_describes_the_fortnight_against_the_usual() -> None:
    usual = [(d, 3, 3) for d in days_from(TODAY - timedelta(days=40), 10)]
    recent = [(d, 3, 3) for d in days_from(TODAY - timedelta(days=4), 5)]
    daily = make_daily(usual + recent, polarity=[0.3] * 10 + [0.0, 0.05, 0.0, 0.05, 0.0])
    assert captions.caption_sentiment(daily, TODAY) == (
        "Over the last fortnight the tone of your writing has been close to neutral (+0.02), "
        "a little more negative than usual (+0.30). It is only a rough reading of word choice."
    )
    warm = make_daily(usual + recent, polarity=[0.3] * 10 + [0.3] * 5)
    assert captions.caption_sentiment(warm, TODAY) == (
        "Over the last fortnight the tone of your writing has been leaning positive (+0.30), "
        "about the same as usual (+0.30). It is only a rough reading of word choice."
    )


def test_caption_sentiment_without_enough_writing() -> None:
    few = make_daily([(TODAY, 3, 3), (TODAY - timedelta(days=20), 3, 3)], polarity=[0.1, 0.1])
    assert captions.caption_sentiment(few, TODAY) == "Not enough writing in the last fortnight to read its tone."
    no_usual = make_daily([(d, 3, 3) for d in days_from(TODAY - timedelta(days=2), 3)], polarity=[-0.4] * 3)
    assert captions.caption_sentiment(no_usual, TODAY).startswith(
        "Over the last fortnight the tone of your writing has been leaning negative (-0.40). Not enough earlier"
    )
    assert captions.caption_sentiment(empty_daily(), TODAY).startswith("Nothing to show yet")


# ---------------------------------------------------------------- themes, tags and wins


def theme_counts(rows: list[tuple[str, str, int]], field: str = "theme") -> pd.DataFrame:
    return pd.DataFrame(
        {
            "month": pd.to_datetime([m for m, _, _ in rows]),
            field: [t for _, t, _ in rows],
            "entries": [n for _, _, n in rows],
        }
    )


def test_themes_are_stacked_bars_in_okabe_ito_ranked_by_total() -> None:
    counts = theme_counts(
        [
            ("2026-09-01", "Shared purpose", 2),
            ("2026-09-01", "Connection and 1-to-1s", 5),
            ("2026-11-01", "Shared purpose", 1),
        ]
    )
    spec = spec_of(charts.themes_over_time(counts))
    assert mark_type(spec) == "bar"
    enc = spec["encoding"]
    assert (enc["x"]["field"], enc["x"]["type"], enc["x"]["timeUnit"]) == ("month", "ordinal", "yearmonth")
    assert (enc["y"]["field"], enc["y"]["stack"]) == ("entries", "zero")
    assert enc["color"]["scale"]["domain"] == ["Connection and 1-to-1s", "Shared purpose"]
    assert enc["color"]["scale"]["range"] == ["#0072B2", "#E69F00"]
    assert enc["order"]["field"] == "rank"
    assert {t["field"] for t in enc["tooltip"]} == {"month", "theme", "entries"}
    rows = rows_of(spec)
    # October had no themed entries: a zero row keeps its place on the axis.
    assert [(r["month"][:7], r["theme"], r["entries"]) for r in rows] == [
        ("2026-09", "Connection and 1-to-1s", 5),
        ("2026-09", "Shared purpose", 2),
        ("2026-10", "Connection and 1-to-1s", 0),
        ("2026-11", "Shared purpose", 1),
    ]


def test_eight_themes_each_keep_a_colour_of_their_own() -> None:
    counts = theme_counts([("2026-10-01", t, 10 + i) for i, t in enumerate(THEMES)])
    scale = spec_of(charts.themes_over_time(counts))["encoding"]["color"]["scale"]
    assert scale["domain"] == THEMES[::-1]
    assert set(scale["range"]) == OKABE_ITO and len(scale["range"]) == 8


def test_more_than_eight_themes_fold_the_smallest_into_other_in_grey() -> None:
    counts = theme_counts([("2026-10-01", t, 10 + i) for i, t in enumerate([*THEMES, "Ninth"])])
    spec = spec_of(charts.themes_over_time(counts))
    scale = spec["encoding"]["color"]["scale"]
    assert len(scale["domain"]) == 8 and scale["domain"][-1] == "Other themes"
    assert scale["domain"][0] == "Ninth"  # the most entries come first
    assert set(scale["range"]) == OKABE_ITO and scale["range"][-1] == "#999999"
    other = [r for r in rows_of(spec) if r["theme"] == "Other themes"]
    assert [r["entries"] for r in other] == [10 + 11]  # the two smallest, summed


def test_tags_over_time_uses_the_tag_column() -> None:
    counts = theme_counts([("2026-10-01", "rota", 3), ("2026-10-01", "team", 1)], field="tag")
    spec = spec_of(charts.tags_over_time(counts))
    assert spec["encoding"]["color"]["field"] == "tag"
    assert spec["title"]["text"] == "Tags over time"
    assert [r["tag"] for r in rows_of(spec)] == ["rota", "team"]


def test_empty_theme_and_tag_counts_still_build() -> None:
    for build, field in ((charts.themes_over_time, "theme"), (charts.tags_over_time, "tag")):
        assert rows_of(spec_of(build(theme_counts([], field=field)))) == []


def test_caption_themes_looks_at_the_last_three_months() -> None:
    counts = theme_counts(
        [
            ("2026-01-01", "Hope as a discipline", 40),
            ("2026-09-01", "Connection and 1-to-1s", 3),
            ("2026-11-01", "Connection and 1-to-1s", 2),
            ("2026-11-01", "Shared purpose", 4),
            ("2026-11-01", "", 9),
        ]
    )
    assert captions.caption_themes(counts, TODAY) == "Your most frequent theme lately: Connection and 1-to-1s."
    assert captions.caption_themes(counts) == "Your most frequent theme lately: Connection and 1-to-1s."
    tie = theme_counts([("2026-11-01", "Shared purpose", 2), ("2026-10-01", "Connection and 1-to-1s", 2)])
    assert captions.caption_themes(tie, TODAY) == (
        "Your most frequent themes lately: Connection and 1-to-1s and Shared purpose."
    )
    old = theme_counts([("2026-01-01", "Shared purpose", 2)])
    assert captions.caption_themes(old, TODAY) == "No entries with a theme in the last three months."
    assert captions.caption_themes(theme_counts([]), TODAY) == "No themes yet: entries with a theme will show here."
    assert captions.caption_tags(theme_counts([("2026-11-01", "rota", 2)], field="tag"), TODAY) == (
        "Your most frequent tag lately: rota."
    )


def wins_counts(rows: list[tuple[str, int]]) -> pd.DataFrame:
    return pd.DataFrame({"month": pd.to_datetime([m for m, _ in rows]), "wins": [n for _, n in rows]})


def test_wins_are_bars_per_month_with_quiet_months_kept() -> None:
    spec = spec_of(charts.wins_over_time(wins_counts([("2026-08-01", 2), ("2026-11-01", 5)])))
    assert mark_type(spec) == "bar"
    assert spec["encoding"]["y"]["field"] == "wins" and spec["encoding"]["y"]["title"] == "Wins"
    assert spec["encoding"]["x"]["timeUnit"] == "yearmonth"
    assert {t["field"] for t in spec["encoding"]["tooltip"]} == {"month", "wins"}
    assert [(r["month"][:7], r["wins"]) for r in rows_of(spec)] == [
        ("2026-08", 2),
        ("2026-09", 0),
        ("2026-10", 0),
        ("2026-11", 5),
    ]
    assert rows_of(spec_of(charts.wins_over_time(wins_counts([])))) == []


def test_caption_wins() -> None:
    counts = wins_counts([("2026-08-01", 2), ("2026-09-01", 6), ("2026-10-01", 6), ("2026-11-01", 0)])
    assert captions.caption_wins(counts) == (
        "You've marked 14 wins in the period shown; your busiest month was September 2026 (6)."
    )
    assert captions.caption_wins(wins_counts([("2026-03-01", 1)])) == (
        "You've marked 1 win in the period shown, all in March 2026."
    )
    assert captions.caption_wins(wins_counts([])) == "No wins marked yet. Any entry can be marked a win, however small."


# ---------------------------------------------------------------- every chart


def _year_of_data() -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    rng = np.random.default_rng(11)
    days = days_from(TODAY - timedelta(days=364), 365)
    daily = make_daily(
        [(d, float(rng.integers(1, 6)), float(rng.integers(1, 6))) for d in days],
        polarity=list(rng.uniform(-1, 1, 365)),
    )
    months = pd.date_range("2025-12-01", "2026-11-01", freq="MS")
    themes = pd.DataFrame(
        [(m, t, int(rng.integers(1, 5))) for m in months for t in THEMES], columns=["month", "theme", "entries"]
    )
    wins = pd.DataFrame({"month": months, "wins": rng.integers(0, 6, len(months))})
    return daily, themes, wins


def _build_all_charts() -> dict[str, alt.TopLevelMixin]:
    daily, themes, wins = _year_of_data()
    return {
        "mood_energy_over_time": charts.mood_energy_over_time(daily),
        "mood_map": charts.mood_map(
            charts.mood_map_points(daily, TODAY - timedelta(days=13)), TODAY - timedelta(days=13)
        ),
        "calendar_heatmap": charts.calendar_heatmap(daily, TODAY),
        "sentiment_trend": charts.sentiment_trend(daily),
        "themes_over_time": charts.themes_over_time(themes),
        "tags_over_time": charts.tags_over_time(themes.rename(columns={"theme": "tag"})),
        "wins_over_time": charts.wins_over_time(wins),
    }


_all_charts = functools.cache(_build_all_charts)  # built once for the checks below that only read them


@pytest.mark.parametrize("name", list(_all_charts()))
def test_every_chart_has_a_title_container_width_tooltips_and_no_fixed_text_colour(name: str) -> None:
    spec = spec_of(_all_charts()[name])
    assert spec["title"]["text"] and spec["title"]["subtitle"]
    assert spec["width"] == "container"
    leaves = views(spec)
    assert any(v["encoding"].get("tooltip") for v in leaves)
    for node in walk(spec):
        for key in ("color", "fill", "stroke"):
            value = node.get(key)
            if isinstance(value, str):
                assert value.lower() not in {"black", "white", "#000", "#000000", "#fff", "#ffffff"}, (name, key)
        assert "background" not in node
    for channel in ("x", "y"):
        # Layers share an axis, so one titled layer is enough; every chart must title both axes in words.
        titles = [
            v["encoding"][channel].get("title") or (v["encoding"][channel].get("axis") or {}).get("title")
            for v in leaves
            if channel in v["encoding"]
        ]
        assert any(titles), (name, channel)
    assert "config" not in spec or set(spec["config"]) <= {"view"}  # Altair's own default; Streamlit replaces it


def test_builders_are_deterministic() -> None:
    first = {name: json.dumps(chart.to_dict(), sort_keys=True) for name, chart in _build_all_charts().items()}
    second = {name: json.dumps(chart.to_dict(), sort_keys=True) for name, chart in _build_all_charts().items()}
    assert first == second


def test_a_year_of_data_gives_small_specs() -> None:
    sizes = {name: len(json.dumps(chart.to_dict())) for name, chart in _all_charts().items()}
    assert sizes["mood_map"] < 15_000 and sizes["themes_over_time"] < 20_000 and sizes["wins_over_time"] < 5_000
    assert max(sizes.values()) < 120_000


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.integers(0, 400),
            st.one_of(st.none(), st.floats(-3, 9, allow_nan=False)),
            st.one_of(st.none(), st.floats(-3, 9, allow_nan=False)),
        ),
        max_size=300,
    )
)
def test_mood_map_points_counts_every_day_with_both_scores_once(
    rows: list[tuple[int, float | None, float | None]],
) -> None:
    start = date(2025, 11, 1)
    checkins = pd.DataFrame(
        {
            "day": pd.to_datetime([start + timedelta(days=d) for d, _, _ in rows]),
            "mood": pd.Series([m for _, m, _ in rows], dtype="float64"),
            "energy": pd.Series([e for _, _, e in rows], dtype="float64"),
        }
    )
    points = charts.mood_map_points(checkins, date(2026, 11, 13))
    assert len(points) <= 50
    assert points["mood"].between(1, 5).all() and points["energy"].between(1, 5).all()
    assert not points.duplicated(["mood", "energy", "period"]).any()
    known = checkins.dropna()
    cells = {
        (day, int(min(max(np.floor(m + 0.5), 1), 5)), int(min(max(np.floor(e + 0.5), 1), 5)))
        for day, m, e in known.itertuples(index=False)
    }
    assert int(points["days"].sum()) == len(cells)


def test_a_long_range_is_drawn_by_week_so_the_page_stays_small() -> None:
    days = pd.date_range(end="2026-11-26", periods=3650)
    daily = pd.DataFrame({"day": days, "mood": 3.0, "energy": 4.0, "polarity": 0.1})
    spec = charts.mood_energy_over_time(daily).to_dict()
    (rows,) = spec["datasets"].values()
    assert len(rows) <= 2 * 525  # two measures, one row per week
    assert "weekly averages" in spec["title"]["subtitle"]
    tone = charts.sentiment_trend(daily).to_dict()
    assert sum(len(rows) for rows in tone["datasets"].values()) <= 2 * 525 + 5
    assert "4-week" in tone["title"]["subtitle"]


def test_a_year_is_still_drawn_by_day() -> None:
    days = pd.date_range(end="2026-11-26", periods=365)
    daily = pd.DataFrame({"day": days, "mood": 3.0, "energy": 4.0, "polarity": 0.1})
    spec = charts.mood_energy_over_time(daily).to_dict()
    assert "single days" in spec["title"]["subtitle"]


# ---------------------------------------------------------------- fast specs (Drawing.spec) against Altair's own


def _drawings(daily: pd.DataFrame, themes: pd.DataFrame, wins: pd.DataFrame) -> dict[str, Drawing]:
    recent_from = TODAY - timedelta(days=13)
    return {
        "mood_energy_over_time": charts.mood_energy_drawing(daily),
        "mood_map": charts.mood_map_drawing(charts.mood_map_points(daily, recent_from), recent_from),
        "calendar_heatmap": charts.calendar_drawing(daily, TODAY),
        "sentiment_trend": charts.sentiment_drawing(daily),
        "themes_over_time": charts.themes_drawing(themes),
        "tags_over_time": charts.tags_drawing(themes.rename(columns={"theme": "tag"})),
        "wins_over_time": charts.wins_drawing(wins),
    }


def _data_sets() -> dict[str, tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]]:
    daily, themes, wins = _year_of_data()
    no_themes = themes.iloc[0:0]
    ten_years = make_daily([(d, 3.0, 4.0) for d in days_from(TODAY - timedelta(days=3649), 3650)], [0.2] * 3650)
    only_before = make_daily([(d, 2.0, 2.0) for d in days_from(TODAY - timedelta(days=60), 10)])
    return {
        "a year": (daily, themes, wins),
        "nothing": (empty_daily(), no_themes, wins.iloc[0:0]),
        "ten years, drawn by week": (ten_years, themes.head(3), wins.head(2)),
        "only days before the recent fortnight": (only_before, themes.tail(20), wins.tail(1)),
        "one day": (make_daily([(TODAY, 5.0, None)], [0.9]), themes.head(1), wins.head(1)),
    }


@pytest.mark.parametrize("data_set", list(_data_sets()))
def test_a_fast_spec_is_exactly_the_spec_altair_builds(data_set: str) -> None:
    for name, drawing in _drawings(*_data_sets()[data_set]).items():
        fast = drawing.spec()
        assert fast == drawing.chart().to_dict(validate=False), f"{name} on {data_set}"
        assert drawing.chart().to_dict() == fast, f"{name} on {data_set}: not valid Vega-Lite"  # validated


def test_a_fast_spec_is_a_fresh_copy_each_time() -> None:
    daily, themes, wins = _year_of_data()
    drawing = charts.mood_energy_drawing(daily)
    first = drawing.spec()
    first["title"]["text"] = "changed"
    first["datasets"].clear()
    second = charts.mood_energy_drawing(make_daily([(TODAY, 1.0, 1.0)])).spec()
    assert second["title"]["text"] == "Mood and energy over time"
    one_day = make_daily([(TODAY, 1.0, 1.0)])
    assert rows_of(second) == rows_of(charts.mood_energy_over_time(one_day).to_dict())
    assert len(rows_of(second)) == 2  # mood and energy, that day


# ---------------------------------------------------------------- narrow screens (a phone, 360-390 px)


def legends(spec: dict[str, Any]) -> list[dict[str, Any]]:
    """Every legend a spec asks for (a channel's legend=None hides it and is not counted)."""
    return [node["legend"] for node in walk(spec) if isinstance(node.get("legend"), dict)]


def x_axes(spec: dict[str, Any]) -> list[dict[str, Any]]:
    return [
        node["x"].get("axis", {}) for node in walk(spec) if isinstance(node.get("x"), dict) and "field" in node["x"]
    ]


def subtitle(spec: dict[str, Any]) -> str | list[str]:
    return spec["title"]["subtitle"]


def assert_fits_a_phone(spec: dict[str, Any]) -> None:
    """What every narrow chart promises: legends under the plot, the full width, a subtitle in short lines."""
    assert spec["width"] == "container"
    assert legends(spec), "a chart with colours says what they mean"
    assert all(legend["orient"] == "bottom" for legend in legends(spec))
    lines = subtitle(spec)
    assert isinstance(lines, list) and all(len(line) <= NARROW_LINE for line in lines)


def assert_wide_as_before(spec: dict[str, Any]) -> None:
    assert not any(legend.get("orient") == "bottom" for legend in legends(spec))
    assert isinstance(subtitle(spec), str)


def _daily_span(days: int) -> pd.DataFrame:
    span = days_from(TODAY - timedelta(days - 1), days)
    rows = [(d, 1 + i % 5, 1 + (i * 2) % 5) for i, d in enumerate(span)]
    return make_daily(rows, polarity=[((i % 7) - 3) / 4 for i in range(days)])


@pytest.mark.parametrize(("days", "short"), [(60, "%d %b"), (900, "%b %y")])
def test_mood_and_energy_on_a_phone_has_few_short_dates_numbered_levels_and_legends_below(
    days: int, short: str
) -> None:
    daily = _daily_span(days)
    narrow = spec_of(charts.mood_energy_over_time(daily, Fit.NARROW))
    assert_fits_a_phone(narrow)
    for axis in x_axes(narrow):
        assert (axis["tickCount"], axis["labelOverlap"], axis["format"]) == (NARROW_TICKS, True, short)
    levels = [node["y"]["axis"] for node in walk(narrow) if "axis" in node.get("y", {})]
    assert levels and all("labelExpr" not in axis and axis["format"] == "d" for axis in levels)
    assert_wide_as_before(spec_of(charts.mood_energy_over_time(daily)))


def test_the_mood_meter_on_a_phone_breaks_its_corner_words_so_neighbours_never_overlap() -> None:
    points = charts.mood_map_points(make_daily([(d, 4, 4) for d in days_from(TODAY - timedelta(20), 20)]), TODAY)
    narrow = spec_of(charts.mood_map(points, TODAY - timedelta(13), Fit.NARROW))
    assert_fits_a_phone(narrow)
    corners = [r for rows in narrow["datasets"].values() for r in rows if "label" in r]
    assert len(corners) == 4
    # About 150 px between the two corners' centres on a phone: each line must stay well under that.
    assert all(max(len(line) for line in row["label"].split("\n")) <= 12 for row in corners)
    text = next(v for v in views(narrow) if mark_type(v) == "text")
    assert text["mark"]["lineBreak"] == "\n"
    wide = spec_of(charts.mood_map(points, TODAY - timedelta(13)))
    assert_wide_as_before(wide)
    assert all("\n" not in r["label"] for rows in wide["datasets"].values() for r in rows if "label" in r)


def test_the_year_on_a_phone_is_turned_on_its_side() -> None:
    daily = _daily_span(30)
    narrow = spec_of(charts.calendar_heatmap(daily, TODAY, Fit.NARROW))
    assert_fits_a_phone(narrow)
    rect = views(narrow)[0]["encoding"]
    assert (rect["x"]["field"], rect["y"]["field"]) == ("weekday", "week")
    assert narrow["height"] > charts.CALENDAR_ROW * charts.CALENDAR_WEEKS  # 53 rows of squares, and the legend
    wide = spec_of(charts.calendar_heatmap(daily, TODAY))
    assert (views(wide)[0]["encoding"]["x"]["field"], wide["height"]) == ("week", charts.CALENDAR_HEIGHT)


def test_tone_on_a_phone_has_legends_below_and_few_dates() -> None:
    daily = _daily_span(60)
    narrow = spec_of(charts.sentiment_trend(daily, Fit.NARROW))
    assert_fits_a_phone(narrow)
    assert all(axis["tickCount"] == NARROW_TICKS for axis in x_axes(narrow))
    assert_wide_as_before(spec_of(charts.sentiment_trend(daily)))


def _month_counts(name: str, months: int) -> pd.DataFrame:
    start = pd.Timestamp(TODAY).to_period("M").to_timestamp() - pd.DateOffset(months=months - 1)
    rows = [(start + pd.DateOffset(months=m), f"{name} {i}", 1 + (m + i) % 3) for m in range(months) for i in range(3)]
    return pd.DataFrame(rows, columns=["month", name, "entries"])


def test_monthly_bars_on_a_phone_drop_labels_that_would_overlap() -> None:
    themes, tags = _month_counts("theme", 120), _month_counts("tag", 120)
    wins = pd.DataFrame({"month": themes["month"].unique(), "wins": 1})
    for build, frame in ((charts.themes_over_time, themes), (charts.tags_over_time, tags)):
        narrow = spec_of(build(frame, Fit.NARROW))
        assert_fits_a_phone(narrow)
        assert narrow["encoding"]["color"]["legend"]["columns"] == 1
        assert_wide_as_before(spec_of(build(frame)))
    for spec in (spec_of(build(frame, Fit.NARROW)) for build, frame in
                 ((charts.themes_over_time, themes), (charts.wins_over_time, wins))):  # fmt: skip
        axis = spec["encoding"]["x"]["axis"]
        assert (axis["labelOverlap"], axis["format"], axis["labelAngle"]) == ("greedy", "%b %y", 0)
    assert "labelOverlap" not in spec_of(charts.wins_over_time(wins))["encoding"]["x"]["axis"]


def test_narrow_drawings_match_their_charts() -> None:
    daily = _daily_span(60)
    drawing = charts.mood_energy_drawing(daily, Fit.NARROW)
    assert drawing.spec() == drawing.chart().to_dict(validate=False)
    assert drawing.spec() != charts.mood_energy_drawing(daily).spec()
