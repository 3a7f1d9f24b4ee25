"""A peer group's weekly figures: each closed week worked out once, released with differential privacy, then kept.

A closed week's figures come from those approved and sharing at that moment, released with differential
privacy (journal.together.groups.release: noise drawn once, each figure only from at least k members) and
then kept as they are. Closed weeks are settled before any change to membership or sharing, so no later
change can alter a stored week, and comparing two views can never single anyone out. The frames and the
table at the end are pure: rows for the group charts (journal.patterns.charts.group) and the figures table."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime, timedelta

import numpy as np
import pandas as pd

from journal.store import Handle
from journal.store import groups as repo
from journal.together.groups import release as group_release
from journal.together.groups.access import _approved, _clock, _write

QUADRANTS = {
    "high_pleasant": "High energy, pleasant",
    "high_unpleasant": "High energy, unpleasant",
    "low_unpleasant": "Low energy, unpleasant",
    "low_pleasant": "Low energy, pleasant",
    "middle": "In the middle for mood or energy",
}


BURNOUT_SCALES = {"personal": "Personal burnout", "work": "Work-related burnout", "client": "People you work with"}


@dataclass(frozen=True)
class Spread:
    """A week's mean mood or energy across members, with differential-privacy noise in it."""

    at_least: int  # members behind it: at least this many (the group's k); the exact number is never shown
    mean: float
    margin: float  # about ±: 9 times in 10 the noise-free mean is within it

    @property
    def low(self) -> float:
        return max(1.0, round(self.mean - self.margin, 1))

    @property
    def high(self) -> float:
        return min(5.0, round(self.mean + self.margin, 1))


@dataclass(frozen=True)
class Quadrants:
    at_least: int
    shares: dict[str, int]  # percentage of members whose week was mostly in each area (QUADRANTS' labels)
    margin: int  # about ± percentage points


@dataclass(frozen=True)
class Average:
    at_least: int
    average: int
    margin: int


@dataclass(frozen=True)
class WeekFigures:
    """One closed week, as stored when it closed. None: fewer than k members shared it."""

    week_start: date
    k: int
    mood: Spread | None
    energy: Spread | None
    quadrants: Quadrants | None
    burnout: dict[str, Average | None]

    @property
    def week_end(self) -> date:
        return self.week_start + timedelta(days=6)


# -- small pure helpers ------------------------------------------------------------------------------
def week_start(day: date) -> date:
    """The Monday of the week a day falls in: weeks run Monday to Sunday."""
    return day - timedelta(days=day.weekday())


def closed_weeks(created: date, today: date) -> list[date]:
    """The Mondays of every week since the group began that is over by `today` (the current week never is)."""
    first, current = week_start(created), week_start(today)
    return [first + timedelta(weeks=n) for n in range((current - first).days // 7)]


def release_weeks(scores: pd.DataFrame, checkins: pd.DataFrame, weeks: list[date], k: int) -> list[dict]:
    """Closed weeks' per-member rows (journal.store.groups.weekly_values) made into their protected releases."""

    def by_week(frame: pd.DataFrame, columns: list[str]) -> dict[date, dict[str, np.ndarray]]:
        arrays = {c: frame[c].to_numpy(dtype=float, na_value=np.nan) for c in columns}
        if "area" in frame:
            arrays["area"] = frame["area"].fillna("").to_numpy(dtype=object)
        return {w: {c: a[rows] for c, a in arrays.items()} for w, rows in frame.groupby("week").indices.items()}

    def present(values: np.ndarray) -> np.ndarray:
        return values[~np.isnan(values)]

    score_weeks = by_week(scores, ["mood", "energy"])
    checkin_weeks = by_week(checkins, list(BURNOUT_SCALES))
    values = []
    for week in weeks:
        s, c = score_weeks.get(week), checkin_weeks.get(week)
        values.append(
            group_release.WeekValues(
                mood=present(s["mood"]) if s else [],
                energy=present(s["energy"]) if s else [],
                scorers=len(s["mood"]) if s else 0,
                areas=[a for a in s["area"] if a] if s else [],
                burnout={scale: present(c[scale]) for scale in BURNOUT_SCALES} if c else {},
            )
        )
    return group_release.release_weeks(values, k, QUADRANTS, list(BURNOUT_SCALES))


def _week(start: date, raw_json: str) -> WeekFigures:
    data = json.loads(raw_json)
    q = data.get("areas")
    return WeekFigures(
        week_start=start,
        k=int(data["k"]),
        mood=Spread(**data["mood"]) if data.get("mood") else None,
        energy=Spread(**data["energy"]) if data.get("energy") else None,
        quadrants=Quadrants(q["at_least"], {a: q["shares"][a] for a in QUADRANTS.values()}, q["margin"]) if q else None,
        burnout={s: Average(**v) if (v := (data.get("burnout") or {}).get(s)) else None for s in BURNOUT_SCALES},
    )


def settle_weeks(tx: Handle, group: repo.GroupRow, now: datetime) -> int:
    """Work out and keep every closed week not yet stored, from the group as it is now; returns how many.

    Called before any change to membership or sharing, so a stored week always reflects the group as it was
    when the week closed. Stored weeks are never touched again.
    """
    pending = closed_weeks(group.created_at.date(), now.date())
    if not pending:
        return 0
    stored = {week for week, _, _ in repo.stored_weeks(tx, group.id)}
    pending = [w for w in pending if w not in stored]
    if not pending:
        return 0
    scores, checkins = repo.weekly_values(tx, group.id, pending[0], pending[-1] + timedelta(weeks=1), list(QUADRANTS))
    released = release_weeks(scores, checkins, pending, group.min_members)
    rows = [(w, json.dumps(figures, sort_keys=True)) for w, figures in zip(pending, released, strict=True)]
    repo.insert_weeks(tx, group.id, now, rows)
    return len(rows)


# -- what members see -------------------------------------------------------------------------------
def week_figures(db: Handle, user_id: str, group_id: str, *, now: datetime | None = None) -> list[WeekFigures]:
    """Every closed week's stored figures, oldest first (closed weeks not yet stored are settled first)."""
    now = _clock(now)

    def write(tx: Handle) -> list[WeekFigures]:
        group, _ = _approved(tx, group_id, user_id)
        settle_weeks(tx, group, now)
        return [_week(start, figures) for start, _, figures in repo.stored_weeks(tx, group_id)]

    return _write(db, write)


# -- figures as rows for charts and tables (pure) ---------------------------------------------------
def spread_frame(weeks: list[WeekFigures]) -> pd.DataFrame:
    """(week, measure, mean, low, high, margin, at_least) for every shown mood and energy figure."""
    rows = [
        {"week": pd.Timestamp(w.week_start), "measure": label, "mean": s.mean, "low": s.low, "high": s.high,
         "margin": s.margin, "at_least": s.at_least}
        for w in weeks
        for label, s in (("Mood", w.mood), ("Energy", w.energy))
        if s is not None
    ]  # fmt: skip
    columns = ["week", "measure", "mean", "low", "high", "margin", "at_least"]
    return pd.DataFrame(rows, columns=columns) if rows else pd.DataFrame({c: [] for c in columns})


def quadrant_frame(weeks: list[WeekFigures]) -> pd.DataFrame:
    """(week, area, share, margin, at_least) for every shown week of area shares."""
    rows = [
        {"week": pd.Timestamp(w.week_start), "area": area, "share": share, "margin": w.quadrants.margin,
         "at_least": w.quadrants.at_least}
        for w in weeks
        if w.quadrants is not None
        for area, share in w.quadrants.shares.items()
    ]  # fmt: skip
    columns = ["week", "area", "share", "margin", "at_least"]
    return pd.DataFrame(rows, columns=columns) if rows else pd.DataFrame({c: [] for c in columns})


def figures_table(weeks: list[WeekFigures]) -> pd.DataFrame:
    """One row per closed week, newest first, in words: a hidden figure says why it is hidden."""

    def hidden(w: WeekFigures) -> str:
        return f"fewer than {w.k} members shared"

    def spread(w: WeekFigures, s: Spread | None) -> str:
        return hidden(w) if s is None else f"{s.mean:.1f} (about ±{s.margin:.1f}), {s.at_least} or more members"

    def burnout(w: WeekFigures, scale: str) -> str:
        a = w.burnout.get(scale)
        return hidden(w) if a is None else f"{a.average} (about ±{a.margin}), {a.at_least} or more members"

    def area(w: WeekFigures) -> str:
        if w.quadrants is None:
            return hidden(w)
        best = max(w.quadrants.shares, key=w.quadrants.shares.__getitem__)
        return f"{best} ({w.quadrants.shares[best]}% of members, about ±{w.quadrants.margin})"

    rows = [
        {
            "Week of": w.week_start.strftime("%d %b %Y"),
            "Mood": spread(w, w.mood),
            "Energy": spread(w, w.energy),
            "Most common area": area(w),
            **{name: burnout(w, scale) for scale, name in BURNOUT_SCALES.items()},
        }
        for w in reversed(weeks)
    ]
    return pd.DataFrame(rows, columns=["Week of", "Mood", "Energy", "Most common area", *BURNOUT_SCALES.values()])
