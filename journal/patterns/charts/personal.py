"""Charts of a person's journal: pure functions, DataFrame in, chart out (the words under them are in captions.py).

Builders send Vega-Lite only the rows they draw (rolling means and aggregates are computed here, in pandas), and use
colour-blind-safe palettes (Okabe-Ito, viridis); drawing.py holds the shared look and the fast spec.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import date
from typing import Any, Final

import altair as alt
import numpy as np
import pandas as pd

from journal.content.library import library
from journal.patterns.charts.drawing import (
    OKABE_ITO,
    OTHER_GREY,
    PALETTE,
    PERIOD_COLOURS,
    Drawing,
    Fit,
    chart_title,
    fitted_height,
    layered,
    legend,
    measure_colour,
    time_axis,
)
from journal.text.words import DATE_FORMAT

CALENDAR_SCHEME: Final = "viridis"

ROLLING_DAYS = 7
LONG_SPAN_DAYS = 400  # beyond this, charts over time draw weekly points with 4-week averages
ROLLING_WEEKS = 4
ROLLING_MIN_WEEKS = 2
ROLLING_MIN_DAYS = 3
CALENDAR_WEEKS = 53
CALENDAR_HEIGHT = 250  # Streamlit fits title, axes and 7 rows of days into this many pixels
LEVELS = [1, 2, 3, 4, 5]
WEEKDAYS = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
QUADRANTS = {
    ("high", "pleasant"): "High energy, pleasant",
    ("high", "unpleasant"): "High energy, unpleasant",
    ("low", "unpleasant"): "Low energy, unpleasant",
    ("low", "pleasant"): "Low energy, pleasant",
}
CALENDAR_ROW = 11  # pixels a week's row takes when a phone draws the year as 53 rows of 7 days
NARROW_DAY_FORMAT = "%d %b"  # short dates under a phone's time axis; long ranges use MONTH_SHORT
MONTH_SHORT = "%b %y"
NO_AVERAGE = "not yet (needs 3 days in the week)"
PLOT_PADDING = 12  # pixels, so points on 1 and 5 are not cut by the plot's edge
MONTH_FORMAT = "%B %Y"


# ---------------------------------------------------------------- shared helpers (public ones serve captions.py)


def scale_words() -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The mood and energy scale words, from the reviewed content (one source for UI and charts)."""
    lib = library()
    return lib.mood.labels, lib.energy.labels


def _labels_expr(words: Sequence[str]) -> str:
    """A Vega expression that turns tick values 1..5 into their scale words."""
    return f"{json.dumps(list(words))}[datum.value - 1]"


def _level_axis(words: Sequence[str], title: str, fit: Fit = Fit.WIDE, **kwargs: Any) -> alt.Axis:
    """Ticks 1..5 named by their scale words; on a phone by their numbers, so the plot keeps the width."""
    if fit is Fit.NARROW:
        return alt.Axis(values=LEVELS, format="d", title=f"{title} (1-5)", grid=True, **kwargs)
    return alt.Axis(values=LEVELS, labelExpr=_labels_expr(words), title=title, grid=True, **kwargs)


def nearest_level(values: pd.Series) -> pd.Series:
    """Day means such as 3.5 to the nearest scale point, halves up (pandas' round() would send 2.5 to 2)."""
    return np.clip(np.floor(values.astype("float64") + 0.5), 1, 5).astype("int64")


def _word_for(level: float, words: Sequence[str]) -> str:
    return words[int(np.clip(np.floor(level + 0.5), 1, 5)) - 1]


def days_of(frame: pd.DataFrame) -> pd.Series:
    """The frame's `day` column as timestamps at midnight, whatever type it came in as."""
    return pd.to_datetime(frame["day"]).dt.normalize()


def _per_calendar_day(daily: pd.DataFrame, columns: Sequence[str]) -> pd.DataFrame:
    """One row per calendar day from the first to the last, so gaps are real days and rolling windows span dates."""
    if daily.empty:
        return pd.DataFrame({c: pd.Series(dtype="float64") for c in columns}, index=pd.DatetimeIndex([], name="day"))
    values = daily[list(columns)].astype("float64").groupby(days_of(daily).rename("day")).mean()
    every_day = pd.date_range(values.index.min(), values.index.max(), freq="D", name="day")
    return values.reindex(every_day)


def _rolling(values: pd.DataFrame) -> pd.DataFrame:
    """Mean over 7 calendar days, once at least 3 of those days have a value."""
    return values.rolling(ROLLING_DAYS, min_periods=ROLLING_MIN_DAYS).mean()


def _series(daily: pd.DataFrame, columns: Sequence[str]) -> tuple[pd.DataFrame, pd.DataFrame, str]:
    """Values and their rolling means: by day, or by week once the span would crowd the chart (and the page)."""
    values = _per_calendar_day(daily, columns)
    if len(values) > LONG_SPAN_DAYS:
        weekly = values.resample("W-MON", label="left", closed="left").mean()
        return weekly, weekly.rolling(ROLLING_WEEKS, min_periods=ROLLING_MIN_WEEKS).mean(), "week"
    return values, _rolling(values), "day"


def _runs(series: pd.Series) -> pd.Series:
    """Numbers each unbroken stretch of values, so a line is drawn in pieces instead of bridging a gap."""
    return series.isna().cumsum().astype("int64")


def _long_rows(
    daily: pd.DataFrame, measures: dict[str, str], digits: int, with_values: bool
) -> tuple[pd.DataFrame, str]:
    """Long rows (day, measure, [value,] average, run) for each measure's column, and the unit ("day" or "week").

    Only rows with something to draw are kept: an average, or (`with_values`) that day's or week's own value.
    """
    values, averages, unit = _series(daily, list(measures.values()))
    parts = []
    for measure, column in measures.items():
        columns = {"day": averages.index, "measure": measure}
        if with_values:
            columns["value"] = values[column].round(digits).to_numpy()
        columns["average"] = averages[column].round(digits).to_numpy()
        columns["run"] = _runs(averages[column]).to_numpy()
        part = pd.DataFrame(columns)
        drawn = part["average"].notna()
        if with_values:
            drawn = part["value"].notna() | drawn
        parts.append(part[drawn])
    return pd.concat(parts, ignore_index=True), unit


def _month_x(fit: Fit = Fit.WIDE) -> alt.X:
    # Discrete months put each label under its own bar; the rows fill in empty months so gaps still show.
    # On a phone: short labels, and Vega drops those that would overlap.
    narrow: dict[str, Any] = (
        {"format": MONTH_SHORT, "labelOverlap": "greedy", "labelSeparation": 6} if fit is Fit.NARROW else {}
    )
    axis = alt.Axis(**{"format": "%b %Y", "labelAngle": 0, **narrow})
    return alt.X("month:O", timeUnit="yearmonth", title="Month", axis=axis)


def _month_starts(months: pd.Series) -> pd.Series:
    return pd.to_datetime(months).dt.to_period("M").dt.to_timestamp()


def _missing_months(months: pd.Series) -> pd.DatetimeIndex:
    """Months between the first and last given that have no row, so the chart can show them as empty."""
    every = pd.date_range(months.min(), months.max(), freq="MS")
    return every.difference(pd.DatetimeIndex(months.unique()))


# ---------------------------------------------------------------- mood and energy over time


def mood_energy_over_time(daily: pd.DataFrame, fit: Fit = Fit.WIDE) -> alt.LayerChart:
    """Daily mood and energy as dots, with a 7-day rolling mean line for each; mood on the left axis, energy right.

    `daily` has columns day (Timestamp), mood and energy (day means on 1..5, NaN when not recorded), as from
    `journal.store.trends.daily`.
    """
    return mood_energy_drawing(daily, fit).chart()


def mood_energy_drawing(daily: pd.DataFrame, fit: Fit = Fit.WIDE) -> Drawing[alt.LayerChart]:
    rows, unit = _long_rows(daily, {"Mood": "mood", "Energy": "energy"}, digits=2, with_values=True)
    return Drawing(_mood_energy_chart, rows, (unit, fit))


def _date_x(unit: str, fit: Fit) -> alt.X:
    """Days along the bottom; a phone gets a few short dates (months and years once points are weeks)."""
    return alt.X("day:T", title="Date", axis=time_axis(fit, NARROW_DAY_FORMAT if unit == "day" else MONTH_SHORT))


def _mood_energy_chart(rows: pd.DataFrame | alt.NamedData, unit: str, fit: Fit = Fit.WIDE) -> alt.LayerChart:
    mood_words, energy_words = scale_words()
    x = _date_x(unit, fit)
    that, average = ("That day", "7-day average") if unit == "day" else ("That week", "4-week average")
    colour = measure_colour(["Mood", "Energy"], "Measure", legend=legend(fit, symbolOpacity=1))
    tooltip = [
        alt.Tooltip("day:T", title="Date", format=DATE_FORMAT),
        alt.Tooltip("measure:N", title="Measure"),
        alt.Tooltip("value:Q", title=that, format=".1f"),
        alt.Tooltip("average_text:N", title=average),
    ]

    def panel(measure: str, words: Sequence[str], orient: str) -> alt.LayerChart:
        scale = alt.Scale(domain=[1, 5], nice=False, padding=PLOT_PADDING)
        own = alt.Chart().transform_filter(alt.datum.measure == measure)
        # A tooltip would show a missing average as 0.0, so it gets words instead (per drawn row, not raw data).
        dots = (
            own.transform_calculate(
                average_text=f"isValid(datum.average) ? format(datum.average, '.1f') : '{NO_AVERAGE}'"
            )
            .mark_point(filled=True, size=30, fillOpacity=0.45)
            .encode(
                x=x,
                y=alt.Y("value:Q", scale=scale, axis=_level_axis(words, measure, fit, orient=orient)),
                color=colour,
                shape=alt.Shape(
                    "measure:N",
                    title="Measure",
                    scale=alt.Scale(domain=["Mood", "Energy"], range=["circle", "square"]),
                    legend=legend(fit, symbolOpacity=1),
                ),
                tooltip=tooltip,
            )
        )
        # Vega would give a whole line the tooltip of its first day, so only the dots carry tooltips.
        line = own.mark_line(strokeWidth=2.5).encode(
            x=x, y=alt.Y("average:Q", scale=scale), color=colour, detail="run:N", tooltip=alt.value(None)
        )
        return layered(dots, line)

    return (
        layered(panel("Mood", mood_words, "left"), panel("Energy", energy_words, "right"), data=rows)
        .resolve_scale(y="independent")
        .properties(
            title=chart_title(
                "Mood and energy over time",
                "Dots are single days; lines are 7-day averages."
                if unit == "day"
                else "A long range: dots are weekly averages; lines are 4-week averages.",
                fit,
            ),
            width="container",
            height=fitted_height(fit, 320, legend_rows=1),
        )
    )


# ---------------------------------------------------------------- mood meter


def mood_map_points(checkins: pd.DataFrame, recent_from: date) -> pd.DataFrame:
    """Check-ins (day, mood, energy) counted per scale point and period: at most 5 x 5 x 2 = 50 rows.

    Fractional day means go to the nearest point (halves up), clipped to 1..5; days missing either score are left
    out. Returns columns mood (int), energy (int), period ("Recent" from recent_from on, else "Before") and
    days (distinct days in that cell), sorted Before then Recent, then by mood and energy.
    """
    columns = {"mood": "int64", "energy": "int64", "period": "str", "days": "int64"}
    known = checkins.dropna(subset=["mood", "energy"]) if not checkins.empty else checkins
    if known.empty:
        return pd.DataFrame({c: pd.Series(dtype=t) for c, t in columns.items()})
    cells = pd.DataFrame(
        {
            "day": days_of(known),
            "mood": nearest_level(known["mood"]),
            "energy": nearest_level(known["energy"]),
            "period": np.where(days_of(known) >= pd.Timestamp(recent_from), "Recent", "Before"),
        }
    )
    counted = cells.groupby(["period", "mood", "energy"], as_index=False)["day"].nunique()
    counted = counted.rename(columns={"day": "days"}).astype(columns)[list(columns)]
    return counted.sort_values(["period", "mood", "energy"], ignore_index=True)


def _present(periods: Sequence[str], **layers: alt.Chart) -> list[alt.Chart]:
    """The period layers that have points to draw (all of them when there are none, so the chart keeps its shape)."""
    kept = [chart for name, chart in layers.items() if name.capitalize() in periods]
    return kept or list(layers.values())[-1:]


def mood_map(points: pd.DataFrame, recent_from: date, fit: Fit = Fit.WIDE) -> alt.LayerChart:
    """The Mood Meter: mood across (unpleasant to pleasant), energy up (low to high), circles sized by days.

    `points` is `mood_map_points(...)`: mood, energy (ints 1..5), period ("Recent"/"Before"), days. Recent days are
    drawn filled and on top; earlier days as grey rings behind them.
    """
    return mood_map_drawing(points, recent_from, fit).chart()


def mood_map_drawing(points: pd.DataFrame, recent_from: date, fit: Fit = Fit.WIDE) -> Drawing[alt.LayerChart]:
    mood_words, energy_words = scale_words()
    rows = points[["mood", "energy", "period", "days"]].copy()
    rows["mood_words"] = [mood_words[int(v) - 1] for v in rows["mood"]]
    rows["energy_words"] = [energy_words[int(v) - 1] for v in rows["energy"]]
    most = int(rows["days"].max()) if not rows.empty else 0
    return Drawing(_mood_map_chart, rows, (recent_from, most, tuple(sorted(set(rows["period"]))), fit))


def quadrant_label(label: str, fit: Fit) -> str:
    """A corner's words; on a phone on two lines ("High energy," / "pleasant"), so neighbours never overlap."""
    return label.replace(", ", ",\n") if fit is Fit.NARROW else label


def _mood_map_chart(
    rows: pd.DataFrame | alt.NamedData, recent_from: date, most: int, periods: tuple[str, ...], fit: Fit = Fit.WIDE
) -> alt.LayerChart:
    mood_words, energy_words = scale_words()
    narrow = fit is Fit.NARROW
    scale = alt.Scale(domain=[0.5, 5.5], nice=False, zero=False)
    x = alt.X("mood:Q", scale=scale, axis=_level_axis(mood_words, "Mood (unpleasant → pleasant)", fit, labelAngle=0))
    y = alt.Y("energy:Q", scale=scale, axis=_level_axis(energy_words, "Energy (low → high)", fit))
    colour = alt.Color(
        "period:N",
        title="When",
        scale=alt.Scale(domain=list(PERIOD_COLOURS), range=list(PERIOD_COLOURS.values())),
        legend=legend(fit),
    )
    size = alt.Size(
        "days:Q",
        title="Number of days",
        scale=alt.Scale(range=[20, 700 if narrow else 1400]),
        legend=legend(fit, values=sorted({1, max(1, most // 2), most})) if most else None,
    )
    tooltip = [
        alt.Tooltip("period:N", title="When"),
        alt.Tooltip("mood_words:N", title="Mood"),
        alt.Tooltip("energy_words:N", title="Energy"),
        alt.Tooltip("days:Q", title="Days"),
    ]
    before = (
        alt.Chart()
        .transform_filter(alt.datum.period == "Before")
        .mark_point(shape="circle", filled=False, strokeWidth=2, opacity=0.8)
        .encode(x=x, y=y, color=colour, size=size, tooltip=tooltip)
    )
    recent = (
        alt.Chart()
        .transform_filter(alt.datum.period == "Recent")
        .mark_circle(opacity=0.8)
        .encode(x=x, y=y, color=colour, size=size, tooltip=tooltip)
    )
    # The quadrant and midline layers carry their own tiny data, so the points' rows are not repeated for them.
    corners = pd.DataFrame(
        {
            "label": [quadrant_label(q, fit) for q in QUADRANTS.values()],
            "mood": [4.25, 1.75, 1.75, 4.25],
            # Two lines on a phone need more room from the plot's edge than one.
            "energy": [5.22, 5.22, 0.78, 0.78] if narrow else [5.42, 5.42, 0.58, 0.58],
            "kind": "quadrant",
        }
    )
    labels = (
        alt.Chart(corners)
        .mark_text(fontSize=11 if narrow else 12, fontWeight="bold", opacity=0.85, lineBreak="\n")
        .encode(
            x=alt.X("mood:Q", scale=scale),
            y=alt.Y("energy:Q", scale=scale),
            text="label:N",
            # Text marks default to black; a category colour comes from the Streamlit theme, so it suits light and dark.
            color=alt.Color("kind:N", legend=None),
            tooltip=alt.value(None),
        )
    )
    midlines = pd.DataFrame({"at": [3]})
    vertical = alt.Chart(midlines).mark_rule(strokeDash=[4, 4], opacity=0.5).encode(x=alt.X("at:Q", scale=scale))
    horizontal = alt.Chart(midlines).mark_rule(strokeDash=[4, 4], opacity=0.5).encode(y=alt.Y("at:Q", scale=scale))
    since = f"{recent_from.day} {recent_from:%b %Y}"
    return (
        # A layer with no points would still draw an unlabelled group that screen readers trip over (axe svg-img-alt).
        layered(vertical, horizontal, labels, layered(*_present(periods, before=before, recent=recent), data=rows))
        .resolve_scale(color="independent")
        .properties(
            title=chart_title(
                "Mood and energy together",
                f"Filled circles: days since {since}; grey rings: days before. Bigger circles mean more days.",
                fit,
            ),
            width="container",
            height=fitted_height(fit, 320 if narrow else 380, legend_rows=2),
        )
    )


# ---------------------------------------------------------------- calendar


def _calendar_window(year_end: date) -> pd.DatetimeIndex:
    """Every day of the 53 Monday-to-Sunday weeks ending with the week of year_end, up to year_end itself."""
    end = pd.Timestamp(year_end)
    start = end - pd.Timedelta(days=end.weekday()) - pd.Timedelta(weeks=CALENDAR_WEEKS - 1)
    return pd.date_range(start, end, freq="D", name="day")


def calendar_rows(daily: pd.DataFrame, year_end: date) -> pd.DataFrame:
    mood_words, _ = scale_words()
    window = _calendar_window(year_end)
    if daily.empty:
        mood = pd.Series(np.nan, index=window, dtype="float64")
    else:
        mood = daily["mood"].astype("float64").groupby(days_of(daily)).mean().reindex(window)
    rows = pd.DataFrame(
        {
            "day": window,
            "week": ((window - window[0]).days // 7).astype("int64"),
            "weekday": [WEEKDAYS[d] for d in window.day_of_week],
            "mood": mood.round(2).to_numpy(),
        }
    )
    # The word is taken from the number shown beside it, so "3.5" never reads as "Okay".
    shown = rows["mood"].round(1)
    rows["in_words"] = [
        f"{_word_for(v, mood_words)} ({v:.1f})".replace(".0)", ")") if pd.notna(v) else "No mood recorded"
        for v in shown.to_numpy()
    ]
    return rows


def _month_labels_expr(window: pd.DatetimeIndex) -> str:
    """Labels the week column holding each month's 1st with the month's short name; other columns stay blank."""
    firsts = window[window.day == 1]
    weeks = [int((d - window[0]).days // 7) for d in firsts]
    names = [f"{d:%b}" for d in firsts]
    return f"{json.dumps(names)}[indexof({json.dumps(weeks)}, datum.value)] || ''"


def calendar_heatmap(daily: pd.DataFrame, year_end: date, fit: Fit = Fit.WIDE) -> alt.LayerChart:
    """A square per day for the 53 weeks ending year_end, coloured by mood; days without a mood are empty outlines.

    `daily` has columns day (Timestamp) and mood (day mean, NaN when not recorded); other columns are ignored.
    """
    return calendar_drawing(daily, year_end, fit).chart()


def calendar_drawing(daily: pd.DataFrame, year_end: date, fit: Fit = Fit.WIDE) -> Drawing[alt.LayerChart]:
    return Drawing(_calendar_chart, calendar_rows(daily, year_end), (year_end, fit))


def _calendar_chart(rows: pd.DataFrame | alt.NamedData, year_end: date, fit: Fit = Fit.WIDE) -> alt.LayerChart:
    mood_words, _ = scale_words()
    narrow = fit is Fit.NARROW
    week_field: dict[str, Any] = {
        "field": "week",
        "type": "ordinal",
        "title": "Month",
        "scale": alt.Scale(paddingInner=0.15),
        "axis": alt.Axis(labelExpr=_month_labels_expr(_calendar_window(year_end)), labelAngle=0, ticks=False),
    }
    day_field: dict[str, Any] = {
        "field": "weekday",
        "type": "ordinal",
        "title": "Day of the week",
        "sort": WEEKDAYS,
        "scale": alt.Scale(paddingInner=0.15),
    }
    if narrow:  # a phone turns the year on its side: 7 days across, 53 weeks down, so each day stays a visible square
        x, y = alt.X(**day_field, axis=alt.Axis(orient="top", labelAngle=0)), alt.Y(**week_field)
    else:
        x, y = alt.X(**week_field), alt.Y(**day_field)
    tooltip = [alt.Tooltip("day:T", title="Date", format=DATE_FORMAT), alt.Tooltip("in_words:N", title="Mood")]
    # Every day gets an outline underneath, so a day without a mood reads as empty rather than as a low mood.
    days = (
        alt.Chart()
        .mark_rect(cornerRadius=2, strokeWidth=1, fill="transparent", stroke=OTHER_GREY)
        .encode(x=x, y=y, tooltip=tooltip)
    )
    mood_legend = legend(fit, values=LEVELS, labelExpr=_labels_expr(mood_words))
    # Vega-Lite leaves out rows whose colour value is missing, so this layer draws only days with a mood.
    moods = (
        alt.Chart()
        .mark_rect(cornerRadius=2)
        .encode(
            x=x,
            y=y,
            color=alt.Color(
                "mood:Q",
                title="Mood",
                scale=alt.Scale(scheme=CALENDAR_SCHEME, domain=[1, 5]),
                legend=mood_legend,
            ),
            tooltip=tooltip,
        )
    )
    return layered(days, moods, data=rows).properties(
        title=chart_title(
            "Your year in moods",
            f"53 weeks to {year_end.day} {year_end:%b %Y}; outlined squares are days without a mood.",
            fit,
        ),
        width="container",
        height=fitted_height(fit, CALENDAR_ROW * CALENDAR_WEEKS, legend_rows=2) if narrow else CALENDAR_HEIGHT,
    )


# ---------------------------------------------------------------- tone of writing


def sentiment_trend(daily: pd.DataFrame, fit: Fit = Fit.WIDE) -> alt.LayerChart:
    """The 7-day mean tone of the writing (polarity, -1..1, right axis) beside mood's 7-day mean (1..5, left axis).

    `daily` has columns day (Timestamp), mood and polarity (day means, NaN when none). The axes are centred alike,
    so "Okay" on the mood scale sits level with a neutral tone.
    """
    return sentiment_drawing(daily, fit).chart()


def sentiment_drawing(daily: pd.DataFrame, fit: Fit = Fit.WIDE) -> Drawing[alt.LayerChart]:
    rows, unit = _long_rows(daily, {"Mood": "mood", "Tone": "polarity"}, digits=3, with_values=False)
    return Drawing(_sentiment_chart, rows, (unit, fit))


def _sentiment_chart(rows: pd.DataFrame | alt.NamedData, unit: str, fit: Fit = Fit.WIDE) -> alt.LayerChart:
    mood_words, _ = scale_words()
    narrow = fit is Fit.NARROW
    span = "7-day" if unit == "day" else "4-week"
    x = _date_x(unit, fit)
    colour = measure_colour(["Mood", "Tone"], f"{span} average", legend=legend(fit))
    dash = alt.StrokeDash(
        "measure:N",
        title=f"{span} average",
        scale=alt.Scale(domain=["Mood", "Tone"], range=[[1, 0], [6, 3]]),
        legend=legend(fit),
    )
    tooltip = [
        alt.Tooltip("day:T", title="Date", format=DATE_FORMAT),
        alt.Tooltip("measure:N", title="Measure"),
        alt.Tooltip("average:Q", title=f"{span} average", format=".2f"),
    ]
    mood_scale = alt.Scale(domain=[1, 5], nice=False, padding=PLOT_PADDING)
    tone_scale = alt.Scale(domain=[-1, 1], nice=False, padding=PLOT_PADDING)

    def line(measure: str, scale: alt.Scale, axis: alt.Axis) -> alt.Chart:
        return (
            alt.Chart()
            .transform_filter(alt.datum.measure == measure)
            .mark_line(strokeWidth=2.5)
            .encode(
                x=x,
                y=alt.Y("average:Q", scale=scale, axis=axis),
                color=colour,
                strokeDash=dash,
                detail="run:N",
                tooltip=alt.value(None),
            )
        )

    # Vega gives a whole line its first day's tooltip, so unseen points carry one per day instead.
    def hover(measure: str, scale: alt.Scale) -> alt.Chart:
        return (
            alt.Chart()
            .transform_filter(alt.datum.measure == measure)
            .mark_point(size=60, opacity=0, filled=True)
            .encode(x=x, y=alt.Y("average:Q", scale=scale), tooltip=tooltip)
        )

    mood = line("Mood", mood_scale, _level_axis(mood_words, "Mood (7-day average)", fit, orient="left"))
    tone_axis = alt.Axis(
        orient="right",
        title="Tone (rough)" if narrow else "Tone of your writing (rough)",
        values=[-1, -0.5, 0, 0.5, 1],
        labelExpr="datum.value == 0 ? 'neutral' : format(datum.value, '+.1f')",
        grid=False,
    )
    tone_line = line("Tone", tone_scale, tone_axis)
    mood_hover, tone_hover = hover("Mood", mood_scale), hover("Tone", tone_scale)
    neutral = (
        alt.Chart(pd.DataFrame({"at": [0.0]}))
        .mark_rule(strokeDash=[2, 4], opacity=0.5)
        .encode(y=alt.Y("at:Q", scale=tone_scale))
    )
    return (
        layered(layered(mood, mood_hover), layered(neutral, tone_line, tone_hover), data=rows)
        .resolve_scale(y="independent")
        .properties(
            title=chart_title(
                "Tone of your writing (rough)",
                f"{span} averages of the tone of your words (-1 to +1) beside your mood. "
                "A rough reading of word choice.",
                fit,
            ),
            width="container",
            height=fitted_height(fit, 300, legend_rows=1),
        )
    )


# ---------------------------------------------------------------- themes, tags and wins


def _stacked_rows(counts: pd.DataFrame, name: str, other: str) -> tuple[pd.DataFrame, list[str], list[str]]:
    """Monthly rows, smaller series folded into `other` and ranked most frequent first; with colour domain and range."""
    named = counts[["month", name, "entries"]].copy()
    named = named[named[name].notna() & (named[name].astype("str").str.strip() != "") & (named["entries"] > 0)]
    if named.empty:
        empty = pd.DataFrame(
            {
                "month": pd.Series(dtype="datetime64[ns]"),
                name: pd.Series(dtype="str"),
                "entries": pd.Series(dtype="int64"),
                "rank": pd.Series(dtype="int64"),
            }
        )
        return empty, [], []
    named[name] = named[name].astype("str")
    named["month"] = _month_starts(named["month"])
    totals = named.groupby(name)["entries"].sum().reset_index()
    ranked = totals.sort_values(["entries", name], ascending=[False, True])[name].tolist()
    if len(ranked) > len(PALETTE):
        # Only fold when "Other" would stand for two or more series; a named series never shares a colour.
        keep = ranked[: len(OKABE_ITO)]
        named[name] = named[name].where(named[name].isin(keep), other)
        domain = [*keep, other]
        colours = list(PALETTE)
    else:
        domain = ranked
        colours = list(PALETTE[: len(ranked)])
    rows = named.groupby(["month", name], as_index=False)["entries"].sum()
    gaps = _missing_months(rows["month"])
    rows = pd.concat([rows, pd.DataFrame({"month": gaps, name: domain[0], "entries": 0})], ignore_index=True)
    rows["entries"] = rows["entries"].astype("int64")
    rows["rank"] = rows[name].map({n: i for i, n in enumerate(domain)}).astype("int64")
    return rows.sort_values(["month", "rank"], ignore_index=True), domain, colours


def _stacked_by_month(counts: pd.DataFrame, name: str, noun: str, other: str, fit: Fit) -> Drawing[alt.Chart]:
    rows, domain, colours = _stacked_rows(counts, name, other)
    return Drawing(_stacked_chart, rows, (name, noun, tuple(domain), tuple(colours), fit))


def _stacked_chart(
    rows: pd.DataFrame | alt.NamedData,
    name: str,
    noun: str,
    domain: tuple[str, ...],
    colours: tuple[str, ...],
    fit: Fit = Fit.WIDE,
) -> alt.Chart:
    title = noun.capitalize()
    return (
        alt.Chart(rows)
        .mark_bar()
        .encode(
            x=_month_x(fit),
            y=alt.Y("entries:Q", title="Entries", stack="zero"),
            color=alt.Color(
                f"{name}:N",
                title=title,
                scale=alt.Scale(domain=list(domain), range=list(colours)),
                sort=list(domain),
                legend=legend(fit, columns=1) if fit is Fit.NARROW else alt.Legend(),
            ),
            order=alt.Order("rank:Q", sort="ascending"),
            tooltip=[
                alt.Tooltip("month:T", timeUnit="yearmonth", title="Month", format=MONTH_FORMAT),
                alt.Tooltip(f"{name}:N", title=title),
                alt.Tooltip("entries:Q", title="Entries"),
            ],
        )
        .properties(
            title=chart_title(
                f"{title}s over time", f"Entries per month, by {noun}; the most frequent {noun} at the bottom.", fit
            ),
            width="container",
            height=fitted_height(fit, 300, legend_rows=len(domain)),
        )
    )


def themes_over_time(counts: pd.DataFrame, fit: Fit = Fit.WIDE) -> alt.Chart:
    """Stacked bars of entries per month by theme.

    `counts` has columns month (Timestamp at the month's start), theme (display name) and entries (int); rows with
    no theme name are left out. Beyond eight themes, all but the seven largest are drawn together as "Other themes".
    """
    return themes_drawing(counts, fit).chart()


def themes_drawing(counts: pd.DataFrame, fit: Fit = Fit.WIDE) -> Drawing[alt.Chart]:
    return _stacked_by_month(counts, "theme", "theme", "Other themes", fit)


def tags_over_time(counts: pd.DataFrame, fit: Fit = Fit.WIDE) -> alt.Chart:
    """Stacked bars of entries per month by tag: columns month, tag, entries; beyond eight tags, "Other tags"."""
    return tags_drawing(counts, fit).chart()


def tags_drawing(counts: pd.DataFrame, fit: Fit = Fit.WIDE) -> Drawing[alt.Chart]:
    return _stacked_by_month(counts, "tag", "tag", "Other tags", fit)


def wins_over_time(counts: pd.DataFrame, fit: Fit = Fit.WIDE) -> alt.Chart:
    """Bars of wins per month. `counts` has columns month (Timestamp at the month's start) and wins (int).

    Months between the first and last given with no row are drawn as zero, so quiet months are not hidden.
    """
    return wins_drawing(counts, fit).chart()


def wins_drawing(counts: pd.DataFrame, fit: Fit = Fit.WIDE) -> Drawing[alt.Chart]:
    rows = counts[["month", "wins"]].copy()
    rows["month"] = _month_starts(rows["month"])
    rows = rows.groupby("month", as_index=False)["wins"].sum()
    if not rows.empty:
        rows = pd.concat([rows, pd.DataFrame({"month": _missing_months(rows["month"]), "wins": 0})])
    rows["wins"] = rows["wins"].astype("int64")
    return Drawing(_wins_chart, rows.sort_values("month", ignore_index=True), (fit,))


def _wins_chart(rows: pd.DataFrame | alt.NamedData, fit: Fit = Fit.WIDE) -> alt.Chart:
    return (
        alt.Chart(rows)
        .mark_bar()
        .encode(
            x=_month_x(fit),
            y=alt.Y("wins:Q", title="Wins", axis=alt.Axis(tickMinStep=1)),
            tooltip=[
                alt.Tooltip("month:T", timeUnit="yearmonth", title="Month", format=MONTH_FORMAT),
                alt.Tooltip("wins:Q", title="Wins"),
            ],
        )
        .properties(
            title=chart_title("Wins over time", "Entries you marked as a win, per month.", fit),
            width="container",
            height=fitted_height(fit, 260),
        )
    )


def tracker_comparison(rows: pd.DataFrame, fit: Fit = Fit.WIDE) -> alt.Chart:
    """A tracker beside energy and mood: mean energy and mean mood on its days one way and the other, as bars side by
    side on the 1-5 scale. `rows` are (group, measure, mean, days), the 'with' group first; the groups are Harbour's
    words, so no person's text reaches the chart."""
    groups = list(dict.fromkeys(rows["group"]))
    measures = [m for m in ("Energy", "Mood") if m in set(rows["measure"])]
    return (
        alt.Chart(rows)
        .mark_bar()
        .encode(
            x=alt.X("group:N", title=None, sort=groups, axis=alt.Axis(labelAngle=0)),
            xOffset=alt.XOffset("measure:N", sort=measures),
            y=alt.Y("mean:Q", title="Average (1 to 5)", scale=alt.Scale(domain=[0, 5]), axis=alt.Axis(tickMinStep=1)),
            color=measure_colour(measures, "", legend=legend(fit)),
            tooltip=[
                alt.Tooltip("group:N", title="Days"),
                alt.Tooltip("measure:N", title="Measure"),
                alt.Tooltip("mean:Q", title="Average", format=".1f"),
                alt.Tooltip("days:Q", title="Number of days"),
            ],
        )
        .properties(
            title=chart_title(
                "Energy and mood, side by side", "Averages on the days each way; not cause and effect.", fit
            ),
            width="container",
            height=fitted_height(fit, 220, legend_rows=1),
        )
    )


__all__ = [
    "calendar_drawing",
    "calendar_heatmap",
    "mood_energy_drawing",
    "mood_energy_over_time",
    "mood_map",
    "mood_map_drawing",
    "mood_map_points",
    "sentiment_drawing",
    "sentiment_trend",
    "tags_drawing",
    "tags_over_time",
    "themes_drawing",
    "themes_over_time",
    "tracker_comparison",
    "wins_drawing",
    "wins_over_time",
]
