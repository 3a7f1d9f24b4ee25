"""What the Trends page shows for one person: ranges, and the aggregated rows each chart and signal needs."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import pandas as pd

from journal.content.library import library
from journal.patterns import signals
from journal.patterns.charts import captions, personal
from journal.patterns.charts.drawing import Drawing, Fit
from journal.store import Handle
from journal.store import trends as repo

RANGES = {"4w": "Last 4 weeks", "3m": "Last 3 months", "1y": "Last year", "all": "Everything", "custom": "Choose dates"}
_RANGE_DAYS = {"4w": 28, "3m": 91, "1y": 365}
RECENT_DAYS = 14  # the mood map's "recent" period, highlighted against the rest
SIGNAL_LOOKBACK_DAYS = 200  # enough for every early-warning rule's window plus its baseline


def bounds(preset: str, today: date, custom: tuple[date, date] | None = None) -> tuple[date | None, date]:
    """The first and last day a range covers (None = from the first entry)."""
    if preset in _RANGE_DAYS:
        return today - timedelta(days=_RANGE_DAYS[preset] - 1), today
    if preset == "all":
        return None, today
    if preset == "custom" and custom:
        start, end = sorted(custom)
        return start, min(end, today)
    raise ValueError(f"unknown range {preset!r}")


@dataclass(frozen=True)
class TrendsData:
    start: date | None
    end: date
    daily: pd.DataFrame  # the chosen range: one row per day with entries
    mood_map: pd.DataFrame  # (mood, energy, period, days), at most 50 rows
    mood_map_recent: pd.DataFrame  # the check-ins of the mood map's recent period (day, mood, energy): its caption
    themes: pd.DataFrame  # (month, theme, entries)
    tags: pd.DataFrame  # (month, tag, entries), the 8 most used tags
    wins: pd.DataFrame  # (month, wins)
    year: pd.DataFrame  # the 53 weeks up to `end`, for the calendar
    recent_daily: pd.DataFrame  # the last SIGNAL_LOOKBACK_DAYS, whatever the range: signals compare with a baseline
    recent_checkins: pd.DataFrame  # check-ins of the last 14 days, for the quadrant rule

    @property
    def empty(self) -> bool:
        return self.daily.empty


def load(db: Handle, user_id: str, start: date | None, end: date, today: date, shared: bool = False) -> TrendsData:
    """Everything the page draws, each aggregated in DuckDB to the rows its chart needs. `shared`: as someone else
    sees it (a coach the person shares charts with), without the person's debriefs, which are theirs alone."""
    return TrendsData(
        start=start,
        end=end,
        daily=repo.daily(db, user_id, start, end, shared),
        mood_map=repo.mood_map_counts(db, user_id, start, end, _recent_from(start, end), shared),
        mood_map_recent=repo.checkins(db, user_id, _recent_from(start, end), end, shared),
        themes=_named_themes(repo.monthly_counts(db, user_id, start, end, "theme", shared)),
        tags=repo.monthly_counts(db, user_id, start, end, "tag", shared),
        wins=repo.monthly_counts(db, user_id, start, end, "wins", shared),
        year=repo.daily(db, user_id, end - timedelta(days=7 * 53), end, shared),
        recent_daily=repo.daily(db, user_id, today - timedelta(days=SIGNAL_LOOKBACK_DAYS), today, shared),
        recent_checkins=repo.checkins(db, user_id, today - timedelta(days=RECENT_DAYS - 1), today, shared),
    )


def _recent_from(start: date | None, end: date) -> date:
    """The first day of the mood map's recent period (never before the range starts)."""
    recent_from = end - timedelta(days=RECENT_DAYS - 1)
    return recent_from if start is None else max(start, recent_from)


def _named_themes(counts: pd.DataFrame) -> pd.DataFrame:
    """Charts and captions speak in theme names, not ids."""
    counts["theme"] = counts["theme"].map(library().theme_name)
    return counts


def first_entry(db: Handle, user_id: str) -> date | None:
    return repo.first_entry_date(db, user_id)


def days_reflected(db: Handle, user_id: str, today: date, window: int = 14) -> int:
    return repo.days_with_entries(db, user_id, today - timedelta(days=window - 1), today)


RECOVERY_LOOKBACK_DAYS = 730  # the Wins page shows recent recoveries; two years covers them and their baselines


def history(db: Handle, user_id: str, today: date, days: int = RECOVERY_LOOKBACK_DAYS) -> pd.DataFrame:
    """Every day with entries in the last `days` (for recoveries, which need each episode's baseline)."""
    return repo.daily(db, user_id, today - timedelta(days=days), today)


def version(db: Handle, user_id: str) -> tuple:
    """A token that changes on every write to this person's journal: the key that keeps caches honest."""
    return repo.journal_version(db, user_id)


@dataclass(frozen=True)
class Panel:
    """One chart as the page shows it: a plain-language caption, the chart's drawing, and its data as a table.

    The Vega-Lite spec is made only when a page draws the panel (`spec`), so a panel nobody opens costs nothing.
    """

    section: str
    title: str
    caption: str
    drawing: Drawing
    table: pd.DataFrame

    @property
    def spec(self) -> dict:
        return self.drawing.spec()


@dataclass(frozen=True)
class View:
    consistency: str
    results: list[signals.RuleResult]
    panels: list[Panel]
    empty: bool


def view(
    db: Handle, user_id: str, start: date | None, end: date, today: date, fit: Fit = Fit.WIDE, shared: bool = False
) -> View:
    """Everything the Trends page draws for one person and range, laid out for `fit`, built once per journal
    version (`shared`: as someone else sees it, without debriefs; see load)."""
    data = load(db, user_id, start, end, today, shared)
    results = signals.evaluate(data.recent_daily, data.recent_checkins, today)
    consistency = signals.consistency(data.recent_daily, today).message
    if data.empty:
        return View(consistency, results, [], True)
    d = data.daily
    recent_from = _recent_from(start, end)
    panels = [
        Panel("Mood and energy", "Over time", captions.caption_mood_energy(d, end),
              personal.mood_energy_drawing(d, fit), d[["day", "mood", "energy"]].rename(columns=str.title)),
        Panel("Mood and energy", "Where your days fall", captions.caption_mood_map(data.mood_map, data.mood_map_recent),
              personal.mood_map_drawing(data.mood_map, recent_from, fit), data.mood_map),
        Panel("Mood and energy", "Your year", captions.caption_calendar(data.year, end),
              personal.calendar_drawing(data.year, end, fit), data.year[["day", "mood"]].rename(columns=str.title)),
        Panel("Mood and energy", "The tone of your writing", captions.caption_sentiment(d, end),
              personal.sentiment_drawing(d, fit),
              d[["day", "polarity"]].rename(columns={"day": "Day", "polarity": "Tone"})),
        Panel("What you reflect on", "Themes", captions.caption_themes(data.themes, end),
              personal.themes_drawing(data.themes, fit), data.themes),
    ]  # fmt: skip
    if not data.tags.empty:
        panels.append(Panel("What you reflect on", "Tags", captions.caption_tags(data.tags, end),
                            personal.tags_drawing(data.tags, fit), data.tags))  # fmt: skip
    panels.append(Panel("What you reflect on", "Wins", captions.caption_wins(data.wins),
                        personal.wins_drawing(data.wins, fit), data.wins))  # fmt: skip
    return View(consistency, results, panels, False)


def sections(panels: list[Panel]) -> list[tuple[str, list[Panel]]]:
    """Panels grouped under their section headings, in the order they come."""
    grouped: dict[str, list[Panel]] = {}
    for panel in panels:
        grouped.setdefault(panel.section, []).append(panel)
    return list(grouped.items())
