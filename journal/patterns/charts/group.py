"""Charts of a peer group's weekly figures, and plain-language captions: pure functions, DataFrame in, chart out.

The rows come from together.groups.figures (spread_frame, quadrant_frame): only figures that at least k members
contributed to, with their differential-privacy noise already in them. Colours and titles are the personal charts'
(journal.patterns.charts.drawing); fonts and background come from the Streamlit theme.
"""

from __future__ import annotations

from typing import Any

import altair as alt
import pandas as pd

from journal.patterns.charts.drawing import (
    MEASURE_COLOURS,
    OKABE_ITO,
    OTHER_GREY,
    Fit,
    chart_title,
    fitted_height,
    layered,
    legend,
    measure_colour,
    time_axis,
)
from journal.together.groups.figures import QUADRANTS

WEEK_FORMAT = "%d %b %Y"
# The four areas in Okabe-Ito colours; "in the middle" in grey, as the personal charts keep grey for the rest.
AREA_COLOURS = dict(zip(QUADRANTS.values(), (*OKABE_ITO[:4], OTHER_GREY), strict=True))
LEFT_OUT = "Weeks when too few members shared are left out, so no one can be singled out."
NOISE = "Each figure has a little random noise in it, so no one member's week can be worked out from it."
NO_FIGURES = f"No figures yet: they appear once a week has closed with enough members sharing. {LEFT_OUT}"


def _runs(weeks: pd.Series) -> pd.Series:
    """Numbers each unbroken run of consecutive weeks, so a line never bridges a week that was left out."""
    gaps = weeks.diff().dt.days.fillna(7) != 7
    return gaps.cumsum().astype("int64")


def spread_chart(frame: pd.DataFrame, fit: Fit = Fit.WIDE) -> alt.LayerChart:
    """Weekly mean mood and energy (lines and dots) with the noise's "about ±" as a band.

    `frame` is `figures.spread_frame(...)`: week, measure ("Mood"/"Energy"), mean, low, high, margin.
    """
    rows = frame.sort_values(["measure", "week"]).copy()
    rows["run"] = (
        rows.groupby("measure", group_keys=False)["week"].apply(_runs).astype("int64") if not rows.empty else 0
    )
    rows["about"] = [f"±{m:.1f}" for m in rows["margin"]]
    colour = measure_colour(list(MEASURE_COLOURS)[:2], "Measure", legend=legend(fit))
    weeks = sorted(rows["week"].unique()) if not rows.empty else []
    # A tick on each Monday shown (Vega's own weekly ticks fall on Sundays); left to Vega when there are many.
    ticks = [alt.DateTime(year=w.year, month=w.month, date=w.day) for w in map(pd.Timestamp, weeks)]
    wide_axis = alt.Axis(format="%d %b", values=ticks) if len(ticks) <= 12 else alt.Axis(format="%d %b")
    x = alt.X("week:T", title="Week", axis=time_axis(fit, "%d %b") if fit is Fit.NARROW else wide_axis)
    scale = alt.Scale(domain=[1, 5], nice=False, padding=12)
    # Both scales run 1 (lowest) to 5 (highest), so one numbered axis serves mood and energy alike.
    y = alt.Y("mean:Q", scale=scale, axis=alt.Axis(values=[1, 2, 3, 4, 5], title="1 (low) to 5 (high)"))
    tooltip = [
        alt.Tooltip("week:T", title="Week of", format=WEEK_FORMAT),
        alt.Tooltip("measure:N", title="Measure"),
        alt.Tooltip("mean:Q", title="Mean", format=".1f"),
        alt.Tooltip("about:N", title="About"),
        alt.Tooltip("at_least:Q", title="Members (at least)"),
    ]
    band = (
        alt.Chart()
        .mark_area(opacity=0.2)
        .encode(x=x, y=alt.Y("low:Q", scale=scale), y2="high:Q", color=colour, detail="run:N", tooltip=alt.value(None))
    )
    line = alt.Chart().mark_line(strokeWidth=2.5).encode(x=x, y=y, color=colour, detail="run:N")
    dots = alt.Chart().mark_point(filled=True, size=50).encode(x=x, y=y, color=colour, tooltip=tooltip)
    return layered(band, line, dots, data=rows).properties(
        title=chart_title(
            "The group's mood and energy, week by week",
            "Lines: the mean of members' weeks; bands: how far the noise may have moved it.",
            fit,
        ),
        width="container",
        height=fitted_height(fit, 300, legend_rows=1),
    )


def _latest_week(frame: pd.DataFrame) -> tuple[pd.Timestamp, pd.DataFrame]:
    """The latest week shown, and its rows: what the captions speak of."""
    latest = frame["week"].max()
    return latest, frame[frame["week"] == latest]


def caption_spread(frame: pd.DataFrame) -> str:
    """The latest week shown, in words, and why some weeks may be missing."""
    if frame.empty:
        return NO_FIGURES
    latest, week = _latest_week(frame)
    parts = []
    for measure in ("Mood", "Energy"):
        row = week[week["measure"] == measure]
        if not row.empty:
            r = row.iloc[0]
            parts.append(
                f"members' mean {measure.lower()} was about {r['mean']:.1f} (±{r['margin']:.1f}, "
                f"from {int(r['at_least'])} or more members)"
            )
    return f"In the week of {latest:{WEEK_FORMAT}}, {'; '.join(parts)}. {NOISE} {LEFT_OUT}"


def quadrant_chart(frame: pd.DataFrame, fit: Fit = Fit.WIDE) -> alt.Chart:
    """The share of members whose week was mostly in each mood and energy area, one stacked bar per week.

    `frame` is `figures.quadrant_frame(...)`: week, area, share (whole percentages), margin, at_least.
    """
    rows = frame.copy()
    rows["order"] = [list(AREA_COLOURS).index(a) for a in rows["area"]]
    narrow = fit is Fit.NARROW
    # On a phone Vega drops week labels that would overlap.
    overlap: dict[str, Any] = {"labelOverlap": "greedy", "labelSeparation": 6} if narrow else {}
    week_axis = alt.Axis(format="%d %b", labelAngle=0, **overlap)
    return (
        alt.Chart(rows)
        .mark_bar()
        .encode(
            x=alt.X("week:O", timeUnit="yearmonthdate", title="Week", axis=week_axis),
            y=alt.Y("share:Q", title="Share of members (%)", stack="zero", scale=alt.Scale(domain=[0, 100])),
            color=alt.Color(
                "area:N",
                title="Mood and energy",
                scale=alt.Scale(domain=list(AREA_COLOURS), range=list(AREA_COLOURS.values())),
                # Already under the plot; a phone has room for one column of these long area names.
                legend=alt.Legend(orient="bottom", columns=1 if narrow else 2, labelLimit=320),
            ),
            order=alt.Order("order:Q"),
            tooltip=[
                alt.Tooltip("week:T", title="Week of", format=WEEK_FORMAT),
                alt.Tooltip("area:N", title="Area"),
                alt.Tooltip("share:Q", title="Share of members (%)"),
                alt.Tooltip("margin:Q", title="About ± (points)"),
            ],
        )
        .properties(
            title=chart_title(
                "Where the group's weeks sat",
                "Each bar is one week: members, by the area most of their days were in.",
                fit,
            ),
            width="container",
            height=fitted_height(fit, 320, legend_rows=5 if narrow else 0),
        )
    )


def caption_quadrants(frame: pd.DataFrame) -> str:
    """Where most members' weeks sat, in the latest week shown."""
    if frame.empty:
        return NO_FIGURES
    latest, week = _latest_week(frame)
    # Ties go to the earlier-listed area, so the sentence never changes between runs.
    order = list(AREA_COLOURS)
    best = max(week.itertuples(), key=lambda r: (r.share, -order.index(r.area)))
    return (
        f"In the week of {latest:{WEEK_FORMAT}}, members' weeks were most often "
        f"{best.area[0].lower() + best.area[1:]} (about {best.share}% of members, ±{int(best.margin)}). "
        f"{NOISE} {LEFT_OUT}"
    )
