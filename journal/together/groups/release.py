"""A peer group's weekly release under differential privacy: what the group may see of one closed week.

Each member counts once per week (their weekly mean, their most common mood and energy area, their weekly
check-in scores). Every figure is a noisy sum or count from OpenDP's measurements, drawn once when the week
closes and then frozen with it, so looking again reveals nothing new. Adding or removing any one member's
week changes the chance of any release by at most a factor of e^ε (ε per figure in EPSILON; the figures a
member is part of add up to EPSILON_SCORES and EPSILON_CHECKINS), whatever the other members shared, so a
group whose other members are all made up learns almost nothing about the one real member's values.

On top of that guarantee sits the k floor: a figure is released only when at least k members are behind it.
That floor is the one fact read from an exact count: whether a week shows at all says whether k members
shared. Member counts are never published beyond "at least k", so nothing shown states more than shared.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache

import numpy as np
import opendp.prelude as dp

dp.enable_features("contrib")  # OpenDP's mechanisms that are proven but not yet vetted by its committee

# ε for each figure, per member per week. A member sharing daily scores is in the first four; sharing
# Burnout check-ins, in the last six. Larger ε: less noise, weaker protection.
EPSILON: dict[str, float] = {
    "members": 0.5,  # how many shared scores: the denominator of both means and the areas
    "mood": 1.0,
    "energy": 1.0,
    "areas": 0.5,  # how many members' weeks were mostly in each mood and energy area
    "personal_members": 0.25,
    "personal": 0.5,
    "work_members": 0.25,
    "work": 0.5,
    "client_members": 0.25,
    "client": 0.5,
}
SCORE_FIGURES = ("members", "mood", "energy", "areas")
CHECKIN_FIGURES = ("personal_members", "personal", "work_members", "work", "client_members", "client")
EPSILON_SCORES = sum(EPSILON[f] for f in SCORE_FIGURES)
EPSILON_CHECKINS = sum(EPSILON[f] for f in CHECKIN_FIGURES)
CONFIDENCE = 0.9  # the "about ±" shown: 9 times in 10 the noise-free figure lies within it
_FIXED = 100  # values enter OpenDP as whole hundredths, so sums are exact integers (no float tricks)
MOOD_RANGE = (1.0, 5.0)
BURNOUT_RANGE = (0.0, 100.0)


Values = Sequence[float] | np.ndarray  # one value per member: a list, or the array pandas gives


@dataclass(frozen=True)
class WeekValues:
    """One week's inputs, one value per member who shared that kind of data (never stored, never shown)."""

    mood: Values = ()  # each member's weekly mean, 1-5
    energy: Values = ()
    scorers: int = 0  # members who shared at least one day with a score
    areas: Sequence[str] = ()  # each member's most common area that week (keys of the areas mapping)
    burnout: Mapping[str, Values] = field(default_factory=dict)  # scale -> weekly means, 0-100


# -- OpenDP's mechanism ----------------------------------------------------------------------------------
# Each figure is a clamped sum (or a count) worked out exactly here, then OpenDP's discrete Laplace mechanism
# adds noise scaled to how far one member could move it: `bound` for a sum of values clamped to ±bound, 1 for a
# count, 1 per area for the areas (each member is in one). Weeks are separate releases, so one call draws the
# noise for every week's copy of a figure at once; each coordinate gets its own independent noise.
@cache
def _laplace(scale: float) -> dp.Measurement:
    return dp.m.make_laplace(dp.vector_domain(dp.atom_domain(T=int)), dp.l1_distance(T=int), scale=scale)


def _noise(exact: list[int], scale: float) -> list[int]:
    return list(_laplace(scale)(exact)) if exact else []


def _sensitivity(figure: str) -> int:
    """How far one member more or fewer can move a figure's exact value (in hundredths for the means)."""
    if figure in ("mood", "energy"):
        return round(_FIXED * (MOOD_RANGE[1] - MOOD_RANGE[0]) / 2)
    if figure in ("personal", "work", "client"):
        return round(_FIXED * (BURNOUT_RANGE[1] - BURNOUT_RANGE[0]) / 2)
    return 1  # a count, or one area's count


def _scale(figure: str) -> float:
    return _sensitivity(figure) / EPSILON[figure]


def privacy_loss(figure: str) -> float:
    """OpenDP's own privacy map: the ε one member more or fewer costs this figure (for the tests and docs)."""
    return float(_laplace(_scale(figure)).map(_sensitivity(figure)))


def _half_width(scale: float) -> float:
    """The half-width of the central CONFIDENCE interval of Laplace noise with this scale."""
    return scale * math.log(1 / (1 - CONFIDENCE))


def _centred(values: Values, value_range: tuple[float, float]) -> int:
    """The exact sum of values in whole hundredths from the middle of their range, each clamped to it."""
    low, high = value_range
    centre = (low + high) / 2
    array = np.clip(np.asarray(values, dtype=float), low, high)
    return int(np.rint(_FIXED * (array - centre)).sum())


def _mean(noisy_sum: int, count: float, value_range: tuple[float, float], figure: str, count_figure: str):
    low, high = value_range
    centre = (low + high) / 2
    mean = min(high, max(low, centre + noisy_sum / _FIXED / count))
    sum_part = _half_width(_scale(figure) / _FIXED) / count
    count_part = abs(mean - centre) * _half_width(_scale(count_figure)) / count
    return mean, math.hypot(sum_part, count_part)


def _one_dp(value: float) -> float:
    return math.floor(value * 10 + 0.5) / 10


def _percentages(counts: Mapping[str, float], order: Sequence[str]) -> dict[str, int]:
    """Whole percentages that add up to 100 (largest remainder), in `order`."""
    total = sum(counts.values())
    exact = {key: 100 * counts[key] / total for key in order}
    shares = {key: math.floor(v) for key, v in exact.items()}
    by_remainder = sorted(order, key=lambda key: (shares[key] - exact[key], list(order).index(key)))
    for key in by_remainder[: 100 - sum(shares.values())]:
        shares[key] += 1
    return shares


def release(week: WeekValues, k: int, areas: Mapping[str, str], scales: Sequence[str]) -> dict:
    """One closed week's release (see release_weeks)."""
    return release_weeks([week], k, areas, scales)[0]


def release_weeks(weeks: Sequence[WeekValues], k: int, areas: Mapping[str, str], scales: Sequence[str]) -> list[dict]:
    """The figures the group may see for each closed week, as they are stored. None: fewer than k behind it.

    `areas` maps each area key to its label (the labels are what is stored); `scales` are the Burnout scales.
    Noise is drawn only for figures that pass the k floor, and the exact values never leave this function.
    """
    wanted: dict[str, list[tuple[int, int]]] = {}  # figure -> (week index, exact value), in order
    area_keys = list(areas)
    for i, week in enumerate(weeks):
        if week.scorers >= k:
            wanted.setdefault("members", []).append((i, week.scorers))
            for measure, values in (("mood", week.mood), ("energy", week.energy)):
                if len(values) >= k:
                    wanted.setdefault(measure, []).append((i, _centred(values, MOOD_RANGE)))
            if len(week.areas) >= k:
                tally = Counter(week.areas)
                for key in area_keys:
                    wanted.setdefault("areas", []).append((i, tally[key]))
        for scale in scales:
            values = week.burnout.get(scale, ())
            if len(values) >= k:
                wanted.setdefault(f"{scale}_members", []).append((i, len(values)))
                wanted.setdefault(scale, []).append((i, _centred(values, BURNOUT_RANGE)))
    noisy: dict[str, dict[int, list[int]]] = {}
    for figure, rows in wanted.items():
        drawn = _noise([value for _, value in rows], _scale(figure))
        for (i, _), value in zip(rows, drawn, strict=True):
            noisy.setdefault(figure, {}).setdefault(i, []).append(value)

    out = []
    for i in range(len(weeks)):
        got = {figure: by_week[i] for figure, by_week in noisy.items() if i in by_week}
        one: dict = {"k": k, "epsilon": dict(EPSILON), "mood": None, "energy": None, "areas": None, "burnout": {}}
        scorers = float(max(k, got["members"][0])) if "members" in got else None
        for measure in ("mood", "energy"):
            if scorers is not None and measure in got:
                mean, margin = _mean(got[measure][0], scorers, MOOD_RANGE, measure, "members")
                one[measure] = {"at_least": k, "mean": _one_dp(mean), "margin": max(0.1, _one_dp(margin))}
        if scorers is not None and "areas" in got:
            # Noise below zero means "none"; if every area came out at none, the noise says nothing: even shares.
            counts = {key: max(0, n) for key, n in zip(area_keys, got["areas"], strict=True)}
            counts = counts if sum(counts.values()) > 0 else dict.fromkeys(area_keys, 1)
            total = max(float(sum(counts.values())), scorers)
            one["areas"] = {
                "at_least": k,
                "shares": {areas[key]: share for key, share in _percentages(counts, area_keys).items()},
                "margin": max(1, round(100 * _half_width(_scale("areas")) / total)),
            }
        for scale in scales:
            one["burnout"][scale] = None
            if scale in got:
                members = float(max(k, got[f"{scale}_members"][0]))
                mean, margin = _mean(got[scale][0], members, BURNOUT_RANGE, scale, f"{scale}_members")
                one["burnout"][scale] = {"at_least": k, "average": round(mean), "margin": max(1, round(margin))}
        out.append(one)
    return out


def _number(value: float) -> str:
    return f"{value:g}"


def guarantee(k: int) -> str:
    """The guarantee in plain words, for the group page (Harbour's own words and numbers only)."""
    return (
        "Each member's week is protected by differential privacy: the group's figures come out almost equally "
        "likely whether or not any one member shared, and whatever everyone else shared, even if the other "
        f"members were made up to find one person out. The protection is ε = {_number(EPSILON_SCORES)} per "
        f"member per week for daily scores, and ε = {_number(EPSILON_CHECKINS)} more for Burnout check-ins. "
        "The price is a little random noise in every figure, drawn once when the week closes and then kept, "
        "so looking again shows nothing new: each figure says how far the noise may have moved it "
        f"(about ±, right {round(CONFIDENCE * 10)} times in 10). On top of that, nothing is shown for a week "
        f'unless at least {k} members shared it; the number who did is never shown, only "{k} or more".'
    )
