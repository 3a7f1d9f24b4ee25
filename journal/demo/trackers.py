"""The demo's two personal trackers, filled in on most days of its year, so Trends has something to compare.

"Took a proper break" (yes or no) and "Slept well" (1 "barely" to 5 "soundly") follow the day's energy loosely:
on the year's better days a break and a good night are more likely, but not certain, as in anyone's real weeks.
Drawn from a seeded generator and the demo's own entries, so the same year always gives the same answers.
"""

from __future__ import annotations

import math
import random
from datetime import date, timedelta

from journal.content.library import Library
from journal.reflect import trackers as reflect
from journal.store import Handle
from journal.store import trackers as repo
from journal.store import trends as trends_repo

SEED = 17
DAYS = 365  # the demo's year: today and the 364 days before it
ANSWERED = 0.85  # most days have an answer; some are missed, as they would be
BREAK = ("Took a proper break", "yes_no", None, None)
SLEEP = ("Slept well", "scale", "barely", "soundly")
USUAL_ENERGY = 3.0  # a day without an entry is drawn as an ordinary day


def _break(rng: random.Random, energy: float) -> int:
    """Yes more often on higher-energy days: about one day in four at energy 1, four in five at energy 5."""
    chance = 0.25 + 0.14 * (energy - 1)
    return reflect.YES if rng.random() < chance else reflect.NO


def _sleep(rng: random.Random, energy: float) -> int:
    return max(1, min(5, round(0.8 * energy + 0.6 + rng.gauss(0, 0.8))))


def build(db: Handle, user_id: str, lib: Library, today: date) -> None:
    """Replace the demo person's trackers with two, answered on most days of the year ending `today`."""
    del lib  # the trackers' words are the demo person's own, not the library's
    rng = random.Random(SEED)
    repo.delete_all_for_user(db, user_id)
    start = today - timedelta(days=DAYS - 1)
    daily = trends_repo.daily(db, user_id, start, today)
    energy = {d.date(): e for d, e in zip(daily["day"], daily["energy"], strict=True) if not math.isnan(e)}
    made = [reflect.create(db, user_id, name, kind, low, high) for name, kind, low, high in (BREAK, SLEEP)]
    answers: list[dict[date, int]] = [{}, {}]
    for n in range(DAYS):
        day = start + timedelta(days=n)
        level = energy.get(day, USUAL_ENERGY)
        if rng.random() < ANSWERED:
            answers[0][day] = _break(rng, level)
        if rng.random() < ANSWERED:
            answers[1][day] = _sleep(rng, level)
    for tracker, values in zip(made, answers, strict=True):
        reflect.record_many(db, user_id, tracker.id, values, today)
