"""The plain-language captions under a person's charts: pure functions, DataFrame in, sentence out."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

import pandas as pd

from journal.patterns.charts.personal import (
    MONTH_FORMAT,
    QUADRANTS,
    ROLLING_MIN_DAYS,
    calendar_rows,
    days_of,
    nearest_level,
    scale_words,
)
from journal.text.words import plural

FORTNIGHT_DAYS = 14
USUAL_DAYS = 60
USUAL_MIN_DAYS = 7
ABOUT_USUAL = 0.25  # on the 1-5 scales, a smaller gap than this reads as "about your usual"
TONE_ABOUT = 0.1  # the same idea on the -1..1 polarity scale
LATELY_MONTHS = 3


def _compared(value: float, reference: float, close: float) -> str:
    """Where a value sits against a reference, in a word: within `close` of it is "about", else "above" or "below"."""
    if abs(value - reference) < close:
        return "about"
    return "above" if value > reference else "below"


def _one_dp(value: float) -> str:
    return f"{value:.1f}"


def _fortnight_and_usual(daily: pd.DataFrame, column: str, today: date) -> tuple[pd.Series, pd.Series]:
    """Day values in the last fortnight (to today) and in the 60 days before it."""
    if daily.empty:
        empty = pd.Series(dtype="float64")
        return empty, empty
    days = days_of(daily)
    end = pd.Timestamp(today)
    start = end - pd.Timedelta(days=FORTNIGHT_DAYS - 1)
    usual_start = start - pd.Timedelta(days=USUAL_DAYS)
    values = daily[column].astype("float64")
    recent = values[(days >= start) & (days <= end)].dropna()
    usual = values[(days >= usual_start) & (days < start)].dropna()
    return recent, usual


def _lately(counts: pd.DataFrame, today: date | None) -> pd.Series:
    """Rows in the last three calendar months, counted back from today's month (or the latest month given)."""
    months = pd.to_datetime(counts["month"]).dt.to_period("M")
    latest = pd.Timestamp(today).to_period("M") if today is not None else months.max()
    return months > latest - LATELY_MONTHS


def _and_list(names: Sequence[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def caption_mood_energy(daily: pd.DataFrame, today: date) -> str:
    """How the last fortnight's mood and energy compare with the median of the 60 days before it."""
    if daily.empty or daily[["mood", "energy"]].isna().all().all():
        return "Nothing to show yet: your mood and energy will appear here after a few check-ins."
    sentences = []
    missing_usual = False
    for name, column in (("mood", "mood"), ("energy", "energy")):
        recent, usual = _fortnight_and_usual(daily, column, today)
        if len(recent) < ROLLING_MIN_DAYS:
            missing_usual = True
            continue
        mean = recent.mean()
        if len(usual) < USUAL_MIN_DAYS:
            sentences.append(f"Your {name} has averaged {_one_dp(mean)} over the last fortnight.")
            missing_usual = True
            continue
        median = usual.median()
        relation = _compared(mean, median, ABOUT_USUAL)
        sentences.append(
            f"Your {name} has averaged {_one_dp(mean)} over the last fortnight, "
            f"{relation} your usual {_one_dp(median)}."
        )
    if missing_usual:
        sentences.append("Not enough check-ins yet to compare with your usual.")
    return " ".join(sentences)


def _quadrant(mood: int, energy: int) -> tuple[str, str]:
    side = "pleasant" if mood > 3 else "unpleasant" if mood < 3 else "middle"
    height = "high" if energy > 3 else "low" if energy < 3 else "middle"
    return height, side


def _describe_quadrant(height: str, side: str) -> str:
    if height == "middle" and side == "middle":
        return "in the middle for both mood and energy"
    energy = {"high": "high energy", "low": "low energy", "middle": "middling energy"}[height]
    mood = {"pleasant": "pleasant", "unpleasant": "unpleasant", "middle": "neither pleasant nor unpleasant"}[side]
    return f"{energy} and {mood}"


def caption_mood_map(points: pd.DataFrame, recent: pd.DataFrame) -> str:
    """Where most recent check-ins sat on the Mood Meter, counted in check-ins (a day can hold several).

    `points` is the chart's rows (for the words when nothing is recent); `recent` the recent check-ins themselves
    (day, mood, energy), each placed at its nearest scale point as the chart places it.
    """
    known = recent.dropna(subset=["mood", "energy"]) if not recent.empty else recent
    total = len(known)
    if total == 0:
        if not points.empty and int(points["days"].sum()) > 0:
            return "No recent check-ins with both mood and energy yet; the grey rings show earlier days."
        return "Nothing to show yet: check in with your mood and energy and your days will appear here."
    by_quadrant: dict[tuple[str, str], int] = {}
    for mood, energy in zip(nearest_level(known["mood"]), nearest_level(known["energy"]), strict=True):
        key = _quadrant(int(mood), int(energy))
        by_quadrant[key] = by_quadrant.get(key, 0) + 1
    # Ties go to the earlier-listed area so the sentence never changes between runs.
    order = [*QUADRANTS, *[k for k in sorted(by_quadrant) if k not in QUADRANTS]]
    best = max(order, key=lambda k: (by_quadrant.get(k, 0), -order.index(k)))
    count = by_quadrant[best]
    where = _describe_quadrant(*best)
    of = f"({count} of your {plural(total, 'recent check-in')})"
    if count * 2 > total:
        return f"Most of your recent check-ins were {where} {of}."
    return f"Your recent check-ins were most often {where} {of}."


def caption_calendar(daily: pd.DataFrame, year_end: date) -> str:
    """How many days in the calendar's window have a mood, and the scale word chosen most often."""
    mood_words, _ = scale_words()
    rows = calendar_rows(daily, year_end)
    recorded = rows["mood"].dropna()
    if recorded.empty:
        return "No moods recorded in the year shown yet."
    counts = nearest_level(recorded).value_counts()
    top = sorted(int(level) for level in counts.index[counts == counts.max()])
    names = [mood_words[level - 1] for level in top]
    verb = "was" if len(names) == 1 else "were"
    return (
        f"You recorded a mood on {plural(len(recorded), 'day')} in the year shown; "
        f"your most common {verb} {_and_list(names)}."
    )


def caption_sentiment(daily: pd.DataFrame, today: date) -> str:
    """The last fortnight's mean tone in words, against the median of the 60 days before it."""
    if daily.empty or daily["polarity"].isna().all():
        return "Nothing to show yet: the tone of your writing appears here once you have written a few entries."
    recent, usual = _fortnight_and_usual(daily, "polarity", today)
    if len(recent) < ROLLING_MIN_DAYS:
        return "Not enough writing in the last fortnight to read its tone."
    mean = recent.mean()
    level = {"about": "close to neutral", "above": "leaning positive", "below": "leaning negative"}[
        _compared(mean, 0, TONE_ABOUT)
    ]
    sentence = f"Over the last fortnight the tone of your writing has been {level} ({mean:+.2f})"
    if len(usual) < USUAL_MIN_DAYS:
        return f"{sentence}. Not enough earlier writing yet to compare with your usual. It is only a rough reading."
    median = usual.median()
    relation = {
        "about": "about the same as usual",
        "above": "a little more positive than usual",
        "below": "a little more negative than usual",
    }[_compared(mean, median, TONE_ABOUT)]
    return f"{sentence}, {relation} ({median:+.2f}). It is only a rough reading of word choice."


def _most_frequent_lately(counts: pd.DataFrame, name: str, noun: str, today: date | None) -> str:
    nouns = f"{noun}s"
    if counts.empty:
        return f"No {nouns} yet: entries with a {noun} will show here."
    named = counts[counts[name].notna() & (counts[name].astype("str").str.strip() != "") & (counts["entries"] > 0)]
    if named.empty:
        return f"No {nouns} yet: entries with a {noun} will show here."
    recent = named[_lately(named, today)]
    if recent.empty:
        return f"No entries with a {noun} in the last three months."
    totals = recent.groupby(recent[name].astype("str"))["entries"].sum()
    top = sorted(totals.index[totals == totals.max()])
    label = f"most frequent {noun}" if len(top) == 1 else f"most frequent {nouns}"
    return f"Your {label} lately: {_and_list(top)}."


def caption_themes(counts: pd.DataFrame, today: date | None = None) -> str:
    """The theme (or tied themes) with the most entries in the last three months (to today's month, if given)."""
    return _most_frequent_lately(counts, "theme", "theme", today)


def caption_tags(counts: pd.DataFrame, today: date | None = None) -> str:
    """The tag (or tied tags) with the most entries in the last three months (to today's month, if given)."""
    return _most_frequent_lately(counts, "tag", "tag", today)


def caption_wins(counts: pd.DataFrame) -> str:
    """The number of wins in the months given, and the month with the most."""
    wins = counts[counts["wins"] > 0] if not counts.empty else counts
    if wins.empty:
        return "No wins marked yet. Any entry can be marked a win, however small."
    total = int(wins["wins"].sum())
    busiest = wins.sort_values(["wins", "month"], ascending=[False, True]).iloc[0]
    month = f"{pd.Timestamp(busiest['month']):{MONTH_FORMAT}}"
    if len(wins) == 1:
        return f"You've marked {plural(total, 'win')} in the period shown, all in {month}."
    most = int(busiest["wins"])
    return f"You've marked {plural(total, 'win')} in the period shown; your busiest month was {month} ({most})."


__all__ = [
    "caption_calendar",
    "caption_mood_energy",
    "caption_mood_map",
    "caption_sentiment",
    "caption_tags",
    "caption_themes",
    "caption_wins",
]
