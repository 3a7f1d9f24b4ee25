"""How Harbour's charts are drawn: the shared look, and `Drawing`, which builds a chart's structure once per shape.

Colours are colour-blind-safe (Okabe-Ito); fonts, text colour and background are left to the Streamlit theme.
"""

from __future__ import annotations

import functools
import hashlib
import json
import textwrap
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from typing import Any, Generic, TypeVar

import altair as alt
import pandas as pd

# Okabe-Ito, reordered so the low-contrast yellow is used last; grey is kept for "Other".
OKABE_ITO = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442")
OTHER_GREY = "#999999"
PALETTE = (*OKABE_ITO, OTHER_GREY)  # eight series at most: seven named ones and "Other" (or an eighth named one)
# Both keep at least 3:1 contrast against Streamlit's light and dark backgrounds.
MEASURE_COLOURS = {"Mood": "#D55E00", "Energy": "#0072B2", "Tone": "#009E73"}
PERIOD_COLOURS = {"Recent": "#0072B2", "Before": OTHER_GREY}
SUBTITLE_GREY = "#808495"  # readable on Streamlit's light and dark backgrounds alike


class Fit(StrEnum):
    """The screen a chart is laid out for: every builder takes one and decides its own legend, ticks and words."""

    WIDE = "wide"  # a laptop: legends beside the plot, every tick
    NARROW = "narrow"  # a phone, 360-390 px: legends below, few ticks, short words, the plot taking the width


NARROW_LINE = 44  # characters of a subtitle line that fit across a 360 px phone at the subtitle's size
NARROW_TICKS = 4  # time axes on a phone: about one label per 80 px
NARROW_LABEL_LIMIT = 260  # pixels a legend label may take on a phone (one column) before Vega ends it with "…"


def lines(text: str, width: int = NARROW_LINE) -> list[str]:
    """Text as lines of at most `width` characters, broken between words (Vega-Lite draws a list as lines)."""
    return textwrap.wrap(text, width, break_long_words=False) or [""]


def chart_title(text: str, subtitle: str, fit: Fit = Fit.WIDE) -> alt.TitleParams:
    """A chart's title with a quieter subtitle under it, both aligned with the chart's left edge.

    On a phone the subtitle is broken into lines, since Vega cuts a long one at the chart's edge.
    """
    shown: str | list[str] = lines(subtitle) if fit is Fit.NARROW else subtitle
    return alt.TitleParams(text=text, subtitle=shown, subtitleColor=SUBTITLE_GREY, anchor="start")


NARROW_LEGEND_ROW = 20  # pixels a row of a legend under the plot takes
NARROW_EXTRA = 60  # a legend's title and padding, and the subtitle's extra lines


def fitted_height(fit: Fit, plot: int, legend_rows: int = 0) -> int:
    """The height to give a chart: on a phone the legends under the plot get their own room, so the plot keeps
    its own (Vega fits legends inside the height it is given)."""
    return plot if fit is Fit.WIDE else plot + NARROW_EXTRA + NARROW_LEGEND_ROW * legend_rows


def legend(fit: Fit, **kwargs: Any) -> alt.Legend:
    """A legend beside the plot on a wide screen, under it on a phone, so the plot keeps the whole width."""
    if fit is Fit.NARROW:
        kwargs = {"orient": "bottom", "direction": "horizontal", "labelLimit": NARROW_LABEL_LIMIT, **kwargs}
    return alt.Legend(**kwargs)


def time_axis(fit: Fit, short_format: str) -> Any:
    """A date axis: Vega's own ticks on a wide screen (left undefined); on a phone a few short labels that never
    overlap."""
    if fit is Fit.NARROW:
        return alt.Axis(tickCount=NARROW_TICKS, labelOverlap=True, format=short_format, labelAngle=0)
    return alt.Undefined


def measure_colour(measures: list[str], title: str, **kwargs: Any) -> alt.Color:
    """Colour by the rows' `measure`, each in its own colour from MEASURE_COLOURS, on every chart alike."""
    scale = alt.Scale(domain=measures, range=[MEASURE_COLOURS[m] for m in measures])
    return alt.Color("measure:N", title=title, scale=scale, **kwargs)


def layered(*charts: alt.LayerChart | alt.Chart, **kwargs: Any) -> alt.LayerChart:
    """`alt.layer` for layers without a facet: Altair types its result as maybe a FacetChart, which it is only when
    every layer shares a facet encoding (none of Harbour's do)."""
    chart = alt.layer(*charts, **kwargs)
    assert isinstance(chart, alt.LayerChart)
    return chart


ROWS = "harbour-rows"  # the placeholder a chart's skeleton names in place of its rows
C = TypeVar("C", bound=alt.TopLevelMixin)  # the kind of chart a Drawing's builder makes


@dataclass(frozen=True)
class Drawing(Generic[C]):
    """A chart as its rows plus the builder that draws rows of that shape.

    Building a layered chart in Altair costs tens of milliseconds whatever the data (every chained call deep-copies
    the whole object tree), and so does `to_dict`. The structure depends only on `shape`, so `spec()` asks Altair
    for it once per shape (with a placeholder for the rows) and fills in the rows the way Altair would: the same
    dict `chart().to_dict(validate=False)` gives, in a fraction of the time (tests/unit/test_charts.py compares them).
    """

    build: Callable[..., C]  # build(rows, *shape): rows is a DataFrame, or alt.NamedData(ROWS)
    rows: pd.DataFrame
    shape: tuple = ()

    def chart(self) -> C:
        return self.build(self.rows, *self.shape)

    def spec(self) -> dict:
        spec = json.loads(_skeleton(self.build, self.shape))
        transform = alt.data_transformers.get()
        assert transform is not None  # Altair always has one enabled ("default" unless a caller picks another)
        transformed = transform(self.rows)  # Altair's own conversion: dates, NaN, row limit
        values = transformed["values"]
        name = _dataset_name(values)
        for node in _nodes(spec):
            if node.get("data") == {"name": ROWS}:
                node["data"] = {"name": name}
        spec.setdefault("datasets", {})[name] = values
        return spec


@functools.lru_cache(maxsize=64)
def _skeleton(build: Callable[..., alt.TopLevelMixin], shape: tuple) -> str:
    """The chart's spec with its rows left out, as JSON (so each use gets its own copy)."""
    return json.dumps(build(alt.NamedData(ROWS), *shape).to_dict(validate=False))


def _dataset_name(values: list[dict]) -> str:
    """The name Altair gives inline rows when it moves them to the spec's datasets: a hash of their JSON."""
    if values == [{}]:
        return "empty"
    text = json.dumps(values, sort_keys=True, default=str)
    return "data-" + hashlib.sha256(text.encode()).hexdigest()[:32]


def _nodes(node: object) -> list[dict]:
    """Every dict in a spec that can carry `data`: the top level and its layers (datasets are not walked)."""
    found: list[dict] = []
    stack = [node]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            found.append(item)
            stack.extend(v for k, v in item.items() if k != "datasets" and isinstance(v, (dict, list)))
        elif isinstance(item, list):
            stack.extend(v for v in item if isinstance(v, (dict, list)))
    return found
