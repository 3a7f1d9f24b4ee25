"""Early warnings that explain themselves, comparing a person only with their own usual. Never a diagnosis.

Every function here is pure: DataFrames and a `today` in, plain results out. The input is the contract of
`journal.store.trends.daily` (one row per day with entries) and, for check-ins, one row per entry with both
a mood and an energy score.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Literal

import numpy as np
import pandas as pd

from journal.text.words import plural

# ---------------------------------------------------------------- thresholds (documented in RULES and MEASURES)

WEEK_DAYS = 7  # a "week" is the 7 days ending on a given day
MIN_WEEK_DAYS = 3  # a week's average needs at least this many scored days, so one entry cannot stand for a week
USUAL_DAYS = 60  # "your usual" for mood and energy is the median of the 60 days before the week compared
MIN_USUAL_DAYS = 20  # ...and needs at least this many scored days, so a few entries cannot set the bar
LOOK_BACK_DAYS = 60  # how far back we look for the day a run of low days started

ENERGY_DROP = 1.0  # energy_below_baseline: the week's average is at least this far below usual...
ENERGY_RUN_DAYS = 7  # ...on each of this many days running

LOW_SCORE = 2  # low_energy_unpleasant: a check-in with mood and energy both at or below this...
LOW_CHECKINS_NEEDED = 5  # ...fires when at least this many...
CHECKINS_LOOKED_AT = 7  # ...of the latest this many check-ins are low...
CHECKIN_DAYS = 14  # ...counting only check-ins made in the last 14 days...
MIN_CHECKINS = 5  # ...of which there must be at least this many to judge

MOOD_WEEKS = 3  # mood_falling: the average mood went down week on week across the last 3 weeks...
MOOD_DROP = 1.0  # ...and the latest week is at least this far below usual (the 60 days before the 3 weeks)

TONE_DAYS = 14  # writing_tone_down: the average tone of the last 14 days...
TONE_DROP = 0.25  # ...is at least this far below usual...
TONE_USUAL_DAYS = 90  # ...the median daily tone of the 90 days before...
MIN_TONE_DAYS = 5  # ...with at least this many days of writing in the 14...
MIN_TONE_USUAL_DAYS = 20  # ...and this many in the 90

DIP_DROP = 1.0  # recoveries: a dip is a week's average mood at least this far below usual
RECOVERY_MARGIN = 0.5  # back to your usual once the average mood since the start is within this of usual
RECOVERY_MIN_DAYS = 2  # the average since the start needs this many scored days, so one good day is not enough

CONSISTENCY_DAYS = 14  # consistency: the window we count reflected days in

MISMATCH_HIGH_MOOD = 4  # mismatch: a good mood (this or more)...
MISMATCH_NEGATIVE_TONE = -0.4  # ...with writing at least this negative...
MISMATCH_LOW_MOOD = 2  # ...or a low mood (this or less)...
MISMATCH_POSITIVE_TONE = 0.5  # ...with writing at least this positive

_EPSILON = 1e-9  # means of scores are floats: a value exactly on a threshold counts as reaching it


@dataclass(frozen=True)
class _Baseline:
    """How one measure is held against the person's usual: the mean of the `window` days ending each day against
    the median of the `usual_days` before them, each from enough scored days; `drop` below usual is well below."""

    column: str  # in journal.store.trends.daily
    noun: str  # as the evidence table names it
    window: int
    usual_days: int
    min_window: int
    min_usual: int
    drop: float


_ENERGY = _Baseline("energy", "energy", WEEK_DAYS, USUAL_DAYS, MIN_WEEK_DAYS, MIN_USUAL_DAYS, ENERGY_DROP)
_TONE = _Baseline("polarity", "tone", TONE_DAYS, TONE_USUAL_DAYS, MIN_TONE_DAYS, MIN_TONE_USUAL_DAYS, TONE_DROP)
_DIPS = _Baseline("mood", "mood", WEEK_DAYS, USUAL_DAYS, MIN_WEEK_DAYS, MIN_USUAL_DAYS, DIP_DROP)


# ---------------------------------------------------------------- results


@dataclass(frozen=True)
class RuleDoc:
    """One rule or measure in plain words, for the page and the README."""

    id: str
    title: str
    description: str


@dataclass(frozen=True, eq=False)  # eq=False: the evidence DataFrame cannot be compared or hashed by value
class Signal:
    """A rule fired: what, since when, and on what data."""

    rule: str
    title: str
    explanation: str
    since: date
    evidence: pd.DataFrame


@dataclass(frozen=True)
class NotEnoughData:
    """A rule could not be checked yet; `reason` says what it still needs."""

    rule: str
    title: str
    reason: str


@dataclass(frozen=True)
class Quiet:
    """A rule was checked on enough data and found nothing to flag."""

    rule: str
    title: str
    detail: str


RuleResult = Signal | NotEnoughData | Quiet

ENERGY_BELOW_BASELINE = "energy_below_baseline"
LOW_ENERGY_UNPLEASANT = "low_energy_unpleasant"
MOOD_FALLING = "mood_falling"
WRITING_TONE_DOWN = "writing_tone_down"

RULES: tuple[RuleDoc, ...] = (
    RuleDoc(
        ENERGY_BELOW_BASELINE,
        "Your energy has been lower than usual",
        f"Fires when, on each of the last {ENERGY_RUN_DAYS} days, your average energy over the {WEEK_DAYS} days "
        f"ending that day (from at least {MIN_WEEK_DAYS} days with an energy score) was at least {ENERGY_DROP:g} "
        f"point below your usual, the median of your daily energy over the {USUAL_DAYS} days before that week "
        f"(from at least {MIN_USUAL_DAYS} days with an energy score).",
    ),
    RuleDoc(
        LOW_ENERGY_UNPLEASANT,
        "Most of your recent check-ins have been low energy and unpleasant",
        f"Fires when at least {LOW_CHECKINS_NEEDED} of your latest {CHECKINS_LOOKED_AT} check-ins from the last "
        f"{CHECKIN_DAYS} days had both mood and energy at {LOW_SCORE} or below, and needs at least {MIN_CHECKINS} "
        f"check-ins with both scores in those {CHECKIN_DAYS} days.",
    ),
    RuleDoc(
        MOOD_FALLING,
        "Your mood has been going down week by week",
        f"Fires when your average mood went down from each {WEEK_DAYS}-day week to the next across the last "
        f"{MOOD_WEEKS} weeks and the latest week is at least {MOOD_DROP:g} point below your usual, the median of "
        f"your daily mood over the {USUAL_DAYS} days before those weeks (needs at least {MIN_WEEK_DAYS} days with a "
        f"mood score in each week and {MIN_USUAL_DAYS} in the {USUAL_DAYS} days).",
    ),
    RuleDoc(
        WRITING_TONE_DOWN,
        "The tone of your writing has been more negative than usual",
        f"Fires when the average tone of your writing over the last {TONE_DAYS} days (from at least {MIN_TONE_DAYS} "
        f"days of writing) is at least {TONE_DROP:g} below your usual, the median daily tone over the "
        f"{TONE_USUAL_DAYS} days before (from at least {MIN_TONE_USUAL_DAYS} days of writing); tone is a rough "
        f"measure of the words you used, not of how you feel.",
    ),
)

MEASURES: tuple[RuleDoc, ...] = (
    RuleDoc(
        "recovery",
        "Back to your usual",
        f"A setback entry, or a dip (your {WEEK_DAYS}-day average mood at least {DIP_DROP:g} point below your usual), "
        f"starts an episode, and you are back to your usual on the first later day when your average mood since it "
        f"started (over at most the last {WEEK_DAYS} days, from at least {RECOVERY_MIN_DAYS} days with a mood score) "
        f"is within {RECOVERY_MARGIN:g} of your usual or above; overlapping episodes are merged, and episodes without "
        f"{MIN_USUAL_DAYS} days with a mood score in the {USUAL_DAYS} days before the week they started are left out.",
    ),
    RuleDoc(
        "consistency",
        "Days you reflected",
        f"Counts the days with at least one entry among the last {CONSISTENCY_DAYS} days; there are no streaks to "
        f"keep or break.",
    ),
    RuleDoc(
        "mismatch",
        "Your words and your mood tell different stories",
        f"Shown when the mood you chose is {MISMATCH_HIGH_MOOD} or more and the tone of your writing is "
        f"{MISMATCH_NEGATIVE_TONE:g} or lower, or the mood is {MISMATCH_LOW_MOOD} or less and the tone is "
        f"{MISMATCH_POSITIVE_TONE:g} or higher.",
    ),
)

_TITLES = {doc.id: doc.title for doc in RULES}
DESCRIPTIONS = {doc.id: doc.description for doc in RULES}


@dataclass(frozen=True)
class Gentle:
    """What the Trends page leads with when a rule fired: one plain sentence and one small, specific suggestion."""

    sentence: str
    suggestion: str


# One sentence and one suggestion a rule: what was noticed, in everyday words, and one small thing to try.
# Never a diagnosis, never a "should"; each suggestion fits what that rule saw.
GENTLE: dict[str, Gentle] = {
    ENERGY_BELOW_BASELINE: Gentle(
        "Your energy has been lower than your usual for a week or more.",
        "Could you protect one proper break tomorrow, away from your desk or the ward?",
    ),
    LOW_ENERGY_UNPLEASANT: Gentle(
        "Most of your recent check-ins have been tired and not feeling good.",
        "Is there one small thing you could hand on, or say no to, this week?",
    ),
    MOOD_FALLING: Gentle(
        "The last few weeks have been a little harder each week for you.",
        "Could you tell one person you trust how the last few weeks have been?",
    ),
    WRITING_TONE_DOWN: Gentle(
        "Your writing has sounded heavier than usual over the last two weeks.",
        "Could you note one thing, however small, that went right today?",
    ),
}
SEVERAL = "The last while has been harder than usual for you, in more than one way."


def gentle(fired: Sequence[Signal]) -> Gentle | None:
    """The one sentence and one suggestion to lead with: the first fired rule's (in RULES order), or None."""
    if not fired:
        return None
    order = [doc.id for doc in RULES]
    first = min(fired, key=lambda s: order.index(s.rule))
    words = GENTLE[first.rule]
    return words if len(fired) == 1 else Gentle(SEVERAL, words.suggestion)


# ---------------------------------------------------------------- shared helpers


def _when(day: date, today: date) -> str:
    """'18 Nov', with the year only when it is not this year's."""
    text = f"{day.day} {day:%b}"
    return text if day.year == today.year else f"{text} {day.year}"


def _score(value: float) -> str:
    return f"{value:.1f}"


def _tone(value: float) -> str:
    return f"{value:.2f}"


def _points(value: float) -> str:
    return "1 point" if value == 1 else f"{value:g} points"


def _calendar(daily: pd.DataFrame, column: str, today: date, days: int) -> pd.Series:
    """The day means of `column` for the `days` days ending today, NaN on days without a score."""
    end = pd.Timestamp(today)
    index = pd.date_range(end - pd.Timedelta(days=days - 1), end, freq="D")
    if daily.empty:
        return pd.Series(float("nan"), index=index, dtype="float64")
    day = pd.to_datetime(daily["day"]).dt.normalize()
    values = pd.to_numeric(daily[column], errors="coerce").astype("float64").groupby(day).mean()
    return values.reindex(index)


def _against_usual(series: pd.Series, baseline: _Baseline) -> pd.DataFrame:
    """For each day: the mean of the window ending it and the median of the usual days before that window.

    `ok` says whether both had enough scored days to be compared at all.
    """
    window, usual_days = baseline.window, baseline.usual_days
    scored = series.notna().astype("float64")
    before = series.shift(window)
    frame = pd.DataFrame(
        {
            "value": series,
            "mean": series.rolling(window, min_periods=1).mean(),
            "count": scored.rolling(window, min_periods=1).sum(),
            "usual": before.rolling(usual_days, min_periods=1).median(),
            "usual_count": scored.shift(window, fill_value=0.0).rolling(usual_days, min_periods=1).sum(),
        }
    )
    frame["ok"] = (frame["count"] >= baseline.min_window) & (frame["usual_count"] >= baseline.min_usual)
    frame["gap"] = frame["mean"] - frame["usual"]
    return frame


def _holds(frame: pd.DataFrame, drop: float) -> pd.Series:
    """True/False where the day could be judged (mean at least `drop` below usual), None where it could not."""
    below = frame["gap"] <= -drop + _EPSILON
    return below.astype(object).where(frame["ok"], None)


def _below_usual(daily: pd.DataFrame, today: date, baseline: _Baseline) -> tuple[pd.DataFrame, pd.Series]:
    """The LOOK_BACK_DAYS days to today, each against its usual, and whether each was well below it (`_holds`).

    The rules that watch a rolling mean fall below usual (energy, tone) share this; each judges the days its own way.
    """
    span = LOOK_BACK_DAYS + baseline.window + baseline.usual_days
    frame = _against_usual(_calendar(daily, baseline.column, today, span), baseline).iloc[-LOOK_BACK_DAYS:]
    return frame, _holds(frame, baseline.drop)


def _below_usual_evidence(shown: pd.DataFrame, baseline: _Baseline) -> pd.DataFrame:
    """The days behind a below-usual signal, as the page's table shows them."""
    noun = baseline.noun
    return pd.DataFrame(
        {
            "Day": _day_column(shown.index),
            f"{noun.capitalize()} that day": shown["value"].round(2).to_numpy(),
            f"{baseline.window}-day average {noun}": shown["mean"].round(2).to_numpy(),
            f"Your usual {noun}": shown["usual"].round(2).to_numpy(),
            "Below your usual by": (-shown["gap"]).round(2).to_numpy(),
        }
    )


def _run_start(holds: pd.Series) -> date | None:
    """First day of the unbroken run of True that ends on the last day, or None when the last day is not True."""
    start = None
    for day, value in zip(reversed(holds.index), reversed(holds.to_list()), strict=True):
        if value is not True:
            break
        start = day.date()
    return start


def _day_column(index: pd.Index) -> list[date]:
    return [day.date() for day in index]


# ---------------------------------------------------------------- rule 1: energy below baseline


def energy_below_baseline(daily: pd.DataFrame, today: date) -> RuleResult:
    """Energy at least ENERGY_DROP below the person's own usual, every day for ENERGY_RUN_DAYS days running."""
    rule, title = ENERGY_BELOW_BASELINE, _TITLES[ENERGY_BELOW_BASELINE]
    frame, holds = _below_usual(daily, today, _ENERGY)
    recent, recent_frame = holds.iloc[-ENERGY_RUN_DAYS:], frame.iloc[-ENERGY_RUN_DAYS:]
    now = frame.iloc[-1]
    if any(value is False for value in recent):
        # A day that was judged and not low settles it, whatever the unjudged days would have said.
        detail = (
            f"Your energy over the last {WEEK_DAYS} days averages {_score(now['mean'])}; "
            f"your usual is {_score(now['usual'])}."
        )
        if not now["ok"]:
            detail = f"Your {WEEK_DAYS}-day average energy has not been well below your usual every day this week."
        run = _run_start(holds)
        if run is not None:
            days = (today - run).days + 1
            detail += (
                f" It has been at least {_points(ENERGY_DROP)} below your usual for {plural(days, 'day')};"
                f" this only shows after {ENERGY_RUN_DAYS} days running."
            )
        return Quiet(rule, title, detail)
    if any(value is None for value in recent):
        short = recent_frame[~recent_frame["ok"]].iloc[-1]
        week_end = _when(short.name.date(), today)
        if short["usual_count"] < MIN_USUAL_DAYS:
            reason = (
                f"Needs at least {MIN_USUAL_DAYS} days with an energy score in the {USUAL_DAYS} days before the week "
                f"ending {week_end}; you have {int(short['usual_count'])}."
            )
        else:
            reason = (
                f"Needs at least {MIN_WEEK_DAYS} days with an energy score in the week ending {week_end}; "
                f"you have {int(short['count'])}."
            )
        return NotEnoughData(rule, title, reason)
    since = _run_start(holds)
    assert since is not None  # all of the last ENERGY_RUN_DAYS hold, so the run ends today
    shown = frame.loc[pd.Timestamp(since) :]
    evidence = _below_usual_evidence(shown, _ENERGY)
    explanation = (
        f"Your {WEEK_DAYS}-day average energy has been at least {_points(ENERGY_DROP)} below your usual every day "
        f"since {_when(since, today)} ({len(shown)} days). Over the last {WEEK_DAYS} days it averaged "
        f"{_score(now['mean'])}, and your usual is {_score(now['usual'])}, the median of your energy scores in the "
        f"{USUAL_DAYS} days before this week."
    )
    return Signal(rule, title, explanation, since, evidence)


# ---------------------------------------------------------------- rule 2: low energy, unpleasant check-ins


def low_energy_unpleasant(checkins: pd.DataFrame, today: date) -> RuleResult:
    """Most of the latest check-ins sit in the low-energy, unpleasant corner of the mood and energy map."""
    rule, title = LOW_ENERGY_UNPLEASANT, _TITLES[LOW_ENERGY_UNPLEASANT]
    if checkins.empty:
        recent = pd.DataFrame({"day": pd.Series(dtype="datetime64[ns]"), "mood": [], "energy": []})
    else:
        recent = pd.DataFrame(
            {
                "day": pd.to_datetime(checkins["day"]).dt.normalize(),
                "mood": pd.to_numeric(checkins["mood"], errors="coerce"),
                "energy": pd.to_numeric(checkins["energy"], errors="coerce"),
            }
        )
    first = pd.Timestamp(today - timedelta(days=CHECKIN_DAYS - 1))
    recent = recent[(recent["day"] >= first) & (recent["day"] <= pd.Timestamp(today))].dropna()
    recent = recent.sort_values("day", kind="stable")
    if len(recent) < MIN_CHECKINS:
        return NotEnoughData(
            rule,
            title,
            f"Needs at least {MIN_CHECKINS} check-ins with both a mood and an energy score in the last "
            f"{CHECKIN_DAYS} days; you have {len(recent)}.",
        )
    latest = recent.tail(CHECKINS_LOOKED_AT)
    low = (latest["mood"] <= LOW_SCORE) & (latest["energy"] <= LOW_SCORE)
    count = int(low.sum())
    if count < LOW_CHECKINS_NEEDED:
        return Quiet(
            rule,
            title,
            f"{count} of your latest {len(latest)} check-ins had both mood and energy at {LOW_SCORE} or below.",
        )
    since = latest.loc[low, "day"].min().date()
    evidence = pd.DataFrame(
        {
            "Day": _day_column(pd.DatetimeIndex(latest["day"])),
            "Mood": latest["mood"].to_numpy(),
            "Energy": latest["energy"].to_numpy(),
            "Low energy and unpleasant": low.to_numpy(),
        }
    )
    explanation = (
        f"{count} of your latest {len(latest)} check-ins, from {_when(latest['day'].iloc[0].date(), today)} to "
        f"{_when(latest['day'].iloc[-1].date(), today)}, had both mood and energy at {LOW_SCORE} or below: "
        f"low on energy and not feeling good. The first of them was on {_when(since, today)}."
    )
    return Signal(rule, title, explanation, since, evidence)


# ---------------------------------------------------------------- rule 3: mood falling


def mood_falling(daily: pd.DataFrame, today: date) -> RuleResult:
    """Average mood down week on week for MOOD_WEEKS weeks, ending well below the person's usual."""
    rule, title = MOOD_FALLING, _TITLES[MOOD_FALLING]
    span = MOOD_WEEKS * WEEK_DAYS
    series = _calendar(daily, "mood", today, USUAL_DAYS + span)
    usual_part, weeks_part = series.iloc[:USUAL_DAYS], series.iloc[USUAL_DAYS:]
    usual_count = int(usual_part.notna().sum())
    weeks = [weeks_part.iloc[i * WEEK_DAYS : (i + 1) * WEEK_DAYS] for i in range(MOOD_WEEKS)]
    for week in weeks:
        scored = int(week.notna().sum())
        if scored < MIN_WEEK_DAYS:
            return NotEnoughData(
                rule,
                title,
                f"Needs at least {MIN_WEEK_DAYS} days with a mood score in each of the last {MOOD_WEEKS} weeks; "
                f"the week {_when(week.index[0].date(), today)} to {_when(week.index[-1].date(), today)} has {scored}.",
            )
    if usual_count < MIN_USUAL_DAYS:
        return NotEnoughData(
            rule,
            title,
            f"Needs at least {MIN_USUAL_DAYS} days with a mood score in the {USUAL_DAYS} days before the last "
            f"{MOOD_WEEKS} weeks; you have {usual_count}.",
        )
    usual = float(usual_part.median())
    means = [float(week.mean()) for week in weeks]
    falling = all(earlier - later > _EPSILON for earlier, later in zip(means, means[1:], strict=False))
    below = means[-1] - usual <= -MOOD_DROP + _EPSILON
    listed = ", then ".join(_score(mean) for mean in means)
    if not (falling and below):
        return Quiet(rule, title, f"Your weekly average mood went {listed}; your usual is {_score(usual)}.")
    evidence = pd.DataFrame(
        {
            "From": [week.index[0].date() for week in weeks],
            "To": [week.index[-1].date() for week in weeks],
            "Average mood": [round(mean, 2) for mean in means],
            "Days with a mood score": [int(week.notna().sum()) for week in weeks],
            "Your usual mood": [round(usual, 2)] * MOOD_WEEKS,
        }
    )
    since = weeks[0].index[0].date()
    explanation = (
        f"Your average mood has gone down week by week since {_when(since, today)}: {listed} this past week. "
        f"This week is {_score(usual - means[-1])} points below your usual ({_score(usual)}, the median of your "
        f"mood scores in the {USUAL_DAYS} days before these {MOOD_WEEKS} weeks)."
    )
    return Signal(rule, title, explanation, since, evidence)


# ---------------------------------------------------------------- rule 4: writing tone down


def writing_tone_down(daily: pd.DataFrame, today: date) -> RuleResult:
    """The tone of the last TONE_DAYS days of writing, well below the person's usual tone."""
    rule, title = WRITING_TONE_DOWN, _TITLES[WRITING_TONE_DOWN]
    frame, holds = _below_usual(daily, today, _TONE)
    now = frame.iloc[-1]
    if now["count"] < MIN_TONE_DAYS:
        return NotEnoughData(
            rule,
            title,
            f"Needs at least {MIN_TONE_DAYS} days of writing in the last {TONE_DAYS} days; "
            f"you have {int(now['count'])}.",
        )
    if now["usual_count"] < MIN_TONE_USUAL_DAYS:
        return NotEnoughData(
            rule,
            title,
            f"Needs at least {MIN_TONE_USUAL_DAYS} days of writing in the {TONE_USUAL_DAYS} days before the last "
            f"{TONE_DAYS}; you have {int(now['usual_count'])}.",
        )
    since = _run_start(holds)
    if since is None:
        return Quiet(
            rule,
            title,
            f"The average tone of your writing over the last {TONE_DAYS} days is {_tone(now['mean'])}; "
            f"your usual is {_tone(now['usual'])}.",
        )
    shown = frame.loc[min(pd.Timestamp(since), frame.index[-TONE_DAYS]) :]
    evidence = _below_usual_evidence(shown, _TONE)
    explanation = (
        f"Over the last {TONE_DAYS} days the average tone of your writing was {_tone(now['mean'])}, "
        f"{_tone(-now['gap'])} below your usual ({_tone(now['usual'])}, the median of the {TONE_USUAL_DAYS} days "
        f"before), and it has been at least {TONE_DROP:g} below since {_when(since, today)}. Tone is a rough measure "
        f"of the words you used, not of how you feel."
    )
    return Signal(rule, title, explanation, since, evidence)


def evaluate(daily: pd.DataFrame, checkins: pd.DataFrame, today: date) -> list[RuleResult]:
    """Every rule in RULES, in that order, each fired, quiet or waiting for more data."""
    return [
        energy_below_baseline(daily, today),
        low_energy_unpleasant(checkins, today),
        mood_falling(daily, today),
        writing_tone_down(daily, today),
    ]


# ---------------------------------------------------------------- recoveries (the Wins page)

Trigger = Literal["setback", "dip"]


@dataclass(frozen=True)
class Recovery:
    """A setback or dip, and when the person was back to their usual mood (None: not yet)."""

    started: date
    recovered: date | None
    days: int | None
    trigger: Trigger
    low_point: float  # the lowest daily mood in the episode
    usual: float  # the usual mood the episode is measured against

    @property
    def message(self) -> str:
        if self.days is None:
            return "You're still finding your way back to your usual, and that's okay: take the time you need."
        if self.days == 1:
            return "You were back to your usual within a day."
        return f"You were back to your usual within {self.days} days."


def between(recovery: Recovery, today: date) -> tuple[date, date]:
    """The days to list what the person wrote and did during an episode: start to recovery (or today)."""
    return recovery.started, recovery.recovered or today


def _recovered_on(series: pd.Series, anchor: pd.Timestamp, usual: float) -> pd.Timestamp | None:
    """First day after `anchor` whose average mood since the anchor (at most a week) is back near usual."""
    after = series.loc[anchor:]
    # Each day's window is the week ending that day, cut at the anchor: only days since the episode started count.
    # In numpy, not pandas' rolling: this runs once per setback or dip, and pandas' overhead per call dominated.
    padded = np.concatenate([np.full(WEEK_DAYS - 1, np.nan), after.to_numpy(dtype="float64")])
    windows = np.lib.stride_tricks.sliding_window_view(padded, WEEK_DAYS)
    count = (~np.isnan(windows)).sum(axis=1)
    with np.errstate(invalid="ignore", divide="ignore"):  # a window with no scores has no mean
        mean = np.nansum(windows, axis=1) / count
    back = (after.index > anchor) & (count >= RECOVERY_MIN_DAYS) & (mean >= usual - RECOVERY_MARGIN - _EPSILON)
    days = after.index[back]
    return days[0] if len(days) else None


def recoveries(daily: pd.DataFrame, today: date) -> list[Recovery]:
    """Setbacks and dips, oldest first, each with how long it took to be back to the usual mood."""
    if daily.empty:
        return []
    first = pd.to_datetime(daily["day"]).min().date()
    if first > today:
        return []
    # Start early enough that the first day's usual could be judged; days without data stay NaN.
    span = (today - first).days + 1 + WEEK_DAYS + USUAL_DAYS
    series = _calendar(daily, "mood", today, span)
    frame = _against_usual(series, _DIPS)
    dip = frame["ok"] & (frame["gap"] <= -DIP_DROP + _EPSILON)
    dip_starts = frame.index[dip & ~dip.shift(1, fill_value=False)]
    setbacks = _calendar(daily, "setbacks", today, span)
    setback_days = setbacks.index[setbacks.fillna(0) > 0]
    # Setbacks sort before dips on the same day: the person named it, so we use their word.
    triggers: list[tuple[pd.Timestamp, int, Trigger]] = sorted(
        [(day, 0, "setback") for day in setback_days] + [(day, 1, "dip") for day in dip_starts]
    )

    episodes: list[Recovery] = []
    i = 0
    while i < len(triggers):
        started, _, trigger = triggers[i]
        # Usual: the median mood of the 60 days before the week ending the day it started.
        usual, usual_count = frame.at[started, "usual"], frame.at[started, "usual_count"]
        if usual_count < MIN_USUAL_DAYS or math.isnan(usual):
            i += 1
            continue
        recovered = _recovered_on(series, started, usual)
        i += 1
        # A new setback or dip before recovery is the same episode: measure recovery from the latest one.
        while i < len(triggers) and (recovered is None or triggers[i][0] < recovered):
            recovered = _recovered_on(series, triggers[i][0], usual)
            i += 1
        low_from = started - pd.Timedelta(days=WEEK_DAYS - 1) if trigger == "dip" else started
        low = series.loc[low_from : recovered if recovered is not None else series.index[-1]].min()
        if math.isnan(low):
            continue  # no mood score anywhere in the episode: too little to say anything about it
        episodes.append(
            Recovery(
                started=started.date(),
                recovered=recovered.date() if recovered is not None else None,
                days=(recovered - started).days if recovered is not None else None,
                trigger=trigger,
                low_point=float(low),
                usual=float(usual),
            )
        )
    return episodes


# ---------------------------------------------------------------- consistency and mismatch


@dataclass(frozen=True)
class Consistency:
    """How many of the last `window` days had an entry; encouragement, never a streak."""

    days_reflected: int
    window: int

    @property
    def message(self) -> str:
        if self.days_reflected == 0:
            return "A fresh start: whenever you're ready, a one-minute check-in counts."
        if self.days_reflected == self.window:
            return f"You reflected on every one of the last {self.window} days."
        return f"You reflected on {self.days_reflected} of the last {self.window} days."


def consistency(daily: pd.DataFrame, today: date, window: int = CONSISTENCY_DAYS) -> Consistency:
    """Distinct days with at least one entry among the `window` days ending today."""
    if window < 1:
        raise ValueError("window must be at least one day")
    if daily.empty:
        return Consistency(0, window)
    days = pd.to_datetime(daily["day"]).dt.normalize()
    inside = (days > pd.Timestamp(today - timedelta(days=window))) & (days <= pd.Timestamp(today))
    reflected = days[inside & (pd.to_numeric(daily["entries"], errors="coerce").fillna(0) > 0)]
    return Consistency(int(reflected.nunique()), window)


def mismatch(mood: int | None, polarity: float | None) -> bool:
    """Whether the chosen mood and the tone of the writing disagree strongly (either missing: no)."""
    if mood is None or polarity is None or math.isnan(polarity):
        return False
    return (mood >= MISMATCH_HIGH_MOOD and polarity <= MISMATCH_NEGATIVE_TONE) or (
        mood <= MISMATCH_LOW_MOOD and polarity >= MISMATCH_POSITIVE_TONE
    )
