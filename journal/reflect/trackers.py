"""Personal trackers: up to five yes/no or labelled 1-5 things, day by day, shown beside mood and energy.

A tracker is private to its owner. Putting one away keeps its days, and it can be brought back. On Trends each is
compared with mood and energy only when there are MIN_DAYS days with it and MIN_DAYS without, and the words say
what went together, never what caused what.
"""

from __future__ import annotations

import math
import uuid
from dataclasses import dataclass
from datetime import date

import pandas as pd

from journal import clock
from journal.store import Handle
from journal.store import trackers as repo
from journal.text.cleaning import clean

MAX_TRACKERS = 5  # live at once
MAX_NAME_CHARS = 60
MAX_LABEL_CHARS = 30  # a scale's words for 1 and for 5
KINDS = ("yes_no", "scale")
MIN_DAYS = 3  # days with it and days without, before Trends compares them

YES, NO = 1, 0  # a yes/no tracker's values
SCALE = (1, 2, 3, 4, 5)
TOP, BOTTOM = (4, 5), (1, 2)  # a scale is compared as its top two points against its bottom two
KIND_NAMES = {"yes_no": "Yes or no", "scale": "A scale from 1 to 5"}
NAME_EXAMPLES = "took a proper break, finished on time, slept 7 hours"


class TrackerError(ValueError):
    """A tracker or a day's value that can't be kept as it is; nothing was changed."""


@dataclass(frozen=True)
class Tracker:
    id: str
    name: str
    kind: str
    low_label: str | None
    high_label: str | None
    position: int
    put_away: bool

    @property
    def values(self) -> tuple[int, ...]:
        return (YES, NO) if self.kind == "yes_no" else SCALE

    def value_words(self, value: int) -> str:
        """Harbour's word for a value ("Yes", "No", or the number): the person's own labels are shown apart."""
        if self.kind == "yes_no":
            return "Yes" if value == YES else "No"
        return str(value)


def _tracker(row: repo.TrackerRow) -> Tracker:
    return Tracker(row.id, row.name, row.kind, row.low_label, row.high_label, row.position, row.retired_at is not None)


def _words(raw: object, limit: int, what: str) -> str:
    if not isinstance(raw, str):
        raise TrackerError(f"Please give {what} in words.")
    text = " ".join(clean(raw)[0].split())
    if not text:
        raise TrackerError(f"Please give {what}.")
    if len(text) > limit:
        raise TrackerError(f"Please keep {what} to {limit} characters (it has {len(text)}).")
    return text


def name_of(raw: object) -> str:
    """A tracker's name as it will be kept (unstorable characters and extra spaces gone), or why it can't be."""
    return _words(raw, MAX_NAME_CHARS, "the tracker a name")


def _checked(
    kind: object, name: object, low: object, high: object, others: list[Tracker]
) -> tuple[str, str | None, str | None]:
    if kind not in KINDS:
        raise TrackerError("A tracker is either yes or no, or a scale from 1 to 5.")
    text = name_of(name)
    if any(t.name.casefold() == text.casefold() for t in others):
        raise TrackerError("You already have a tracker with that name. Please choose another, or bring that one back.")
    if kind == "yes_no":
        return text, None, None
    low_words = _words(low, MAX_LABEL_CHARS, "your words for 1")
    high_words = _words(high, MAX_LABEL_CHARS, "your words for 5")
    return text, low_words, high_words


def all_trackers(db: Handle, user_id: str) -> list[Tracker]:
    """This person's trackers: live ones in their order, then those put away."""
    return [_tracker(r) for r in repo.all_for(db, user_id)]


def live(db: Handle, user_id: str) -> list[Tracker]:
    return [t for t in all_trackers(db, user_id) if not t.put_away]


def _own(db: Handle, user_id: str, tracker_id: str) -> Tracker:
    row = repo.get(db, user_id, tracker_id)
    if row is None:
        raise TrackerError("That tracker isn't one of yours (it may have been removed). Nothing was changed.")
    return _tracker(row)


def create(
    db: Handle, user_id: str, name: str, kind: str, low_label: str | None = None, high_label: str | None = None
) -> Tracker:
    """A new live tracker at the end of the list; refused kindly beyond MAX_TRACKERS live ones."""
    with db.write() as tx:
        existing = all_trackers(tx, user_id)
        if sum(not t.put_away for t in existing) >= MAX_TRACKERS:
            raise TrackerError(
                f"You're already keeping an eye on {MAX_TRACKERS} things, which is as many as Harbour keeps at once. "
                "Put one away (its days are kept) to make room for this one."
            )
        text, low, high = _checked(kind, name, low_label, high_label, existing)
        row = repo.TrackerRow(
            str(uuid.uuid4()), user_id, text, str(kind), low, high, repo.next_position(tx, user_id),
            clock.utcnow(), None,
        )  # fmt: skip
        repo.insert(tx, row)
    return _tracker(row)


def rename(
    db: Handle, user_id: str, tracker_id: str, name: str, low_label: str | None = None, high_label: str | None = None
) -> Tracker:
    """A new name (and, for a scale, new words for 1 and 5); its kind and its days stay as they are."""
    with db.write() as tx:
        tracker = _own(tx, user_id, tracker_id)
        others = [t for t in all_trackers(tx, user_id) if t.id != tracker_id]
        text, low, high = _checked(tracker.kind, name, low_label, high_label, others)
        repo.rename(tx, user_id, tracker_id, text, low, high)
    return _own(db, user_id, tracker_id)


def move(db: Handle, user_id: str, tracker_id: str, step: int) -> None:
    """Move a live tracker up (step -1) or down (step 1) among the live ones; at either end nothing changes."""
    if step not in (-1, 1):
        raise TrackerError("A tracker moves one place up or down.")
    with db.write() as tx:
        order = [t.id for t in live(tx, user_id)]
        if tracker_id not in order:
            _own(tx, user_id, tracker_id)  # not theirs: says so
            raise TrackerError("Only a tracker in use can be moved. Bring it back first.")
        at = order.index(tracker_id)
        to = at + step
        if 0 <= to < len(order):
            order[at], order[to] = order[to], order[at]
            repo.set_positions(tx, user_id, order)


def put_away(db: Handle, user_id: str, tracker_id: str) -> None:
    """No longer asked about on Write; its days are kept, and it can be brought back."""
    with db.write() as tx:
        tracker = _own(tx, user_id, tracker_id)
        if not tracker.put_away:
            repo.set_retired(tx, user_id, tracker_id, clock.utcnow(), tracker.position)


def bring_back(db: Handle, user_id: str, tracker_id: str) -> None:
    """A tracker put away, live again at the end of the list with all its days; refused beyond MAX_TRACKERS."""
    with db.write() as tx:
        tracker = _own(tx, user_id, tracker_id)
        if not tracker.put_away:
            return
        if repo.live_count(tx, user_id) >= MAX_TRACKERS:
            raise TrackerError(
                f"You already have {MAX_TRACKERS} trackers in use. Put one of them away first, then bring this one "
                "back: nothing of either is lost."
            )
        if any(t.name.casefold() == tracker.name.casefold() for t in live(tx, user_id)):
            raise TrackerError("A tracker in use has the same name. Please rename one of them first.")
        repo.set_retired(tx, user_id, tracker_id, None, repo.next_position(tx, user_id))


def _day(day: object, today: date) -> date:
    if not isinstance(day, date):
        raise TrackerError("Please choose a day.")
    if day > today:
        raise TrackerError("That day hasn't come yet. You can fill in today or any earlier day.")
    return day


def record(db: Handle, user_id: str, tracker_id: str, day: date, value: int, today: date | None = None) -> None:
    """Keep a day's value for one of this person's live trackers: yes (1) or no (0), or 1 to 5 on a scale."""
    day = _day(day, today or clock.today())
    with db.write() as tx:
        tracker = _own(tx, user_id, tracker_id)
        if tracker.put_away:
            raise TrackerError("That tracker is put away. Bring it back on Make it yours to fill it in again.")
        if isinstance(value, bool) or not isinstance(value, int) or value not in tracker.values:
            allowed = "yes or no" if tracker.kind == "yes_no" else "a number from 1 to 5"
            raise TrackerError(f"This tracker takes {allowed}. Nothing was changed.")
        repo.record(tx, user_id, tracker_id, day, value, clock.utcnow())


def record_many(db: Handle, user_id: str, tracker_id: str, values: dict[date, int], today: date | None = None) -> None:
    """Many days of one live tracker at once (the demo's year): every day and value checked first, then all are
    kept together, or none."""
    today = today or clock.today()
    with db.write() as tx:
        tracker = _own(tx, user_id, tracker_id)
        if tracker.put_away:
            raise TrackerError("That tracker is put away. Bring it back on Make it yours to fill it in again.")
        for day, value in values.items():
            _day(day, today)
            if isinstance(value, bool) or not isinstance(value, int) or value not in tracker.values:
                raise TrackerError(f"{day.isoformat()}: this tracker doesn't take {value!r}. Nothing was changed.")
        repo.record_many(tx, user_id, [(tracker_id, d, v) for d, v in sorted(values.items())], clock.utcnow())


def clear(db: Handle, user_id: str, tracker_id: str, day: date) -> None:
    """Forget one day's value (the day is then simply not filled in)."""
    with db.write() as tx:
        _own(tx, user_id, tracker_id)
        repo.clear(tx, user_id, tracker_id, day)


def values_on(db: Handle, user_id: str, day: date) -> dict[str, int]:
    """Tracker id to the value kept for that day, for this person."""
    return repo.values_on(db, user_id, day)


def days_kept(db: Handle, user_id: str, tracker_id: str) -> int:
    _own(db, user_id, tracker_id)
    return repo.days_count(db, user_id, tracker_id)


# ---------------------------------------------------------------- beside mood and energy (Trends)


@dataclass(frozen=True)
class Side:
    """The days on one side of a comparison: how many, and mean energy and mood over them."""

    label: str  # Harbour's words: "Days marked yes", "Days at 4 or 5"
    days: int
    energy: float
    mood: float


@dataclass(frozen=True)
class Comparison:
    tracker: Tracker
    with_: Side
    without: Side
    enough: bool
    sentence: str  # may quote the tracker's name: shown as text only

    def frame(self) -> pd.DataFrame:
        """The chart's rows: (group, measure, mean, days), the 'with' side first."""
        return pd.DataFrame(
            [
                {"group": side.label, "measure": measure, "mean": round(getattr(side, measure.lower()), 2),
                 "days": side.days}
                for side in (self.with_, self.without)
                for measure in ("Energy", "Mood")
            ]
        )  # fmt: skip


def _sides(tracker: Tracker) -> tuple[tuple[int, ...], str, tuple[int, ...], str]:
    if tracker.kind == "yes_no":
        return (YES,), "Days marked yes", (NO,), "Days marked no"
    return TOP, "Days at 4 or 5", BOTTOM, "Days at 1 or 2"


def _side(rows: pd.DataFrame, values: tuple[int, ...], label: str) -> Side:
    chosen = rows[rows["value"].isin(values)]
    return Side(label, len(chosen), _mean(chosen["energy"]), _mean(chosen["mood"]))


def _mean(values: pd.Series) -> float:
    return float(values.mean()) if len(values) else math.nan


def compare(tracker: Tracker, rows: pd.DataFrame) -> Comparison:
    """One tracker beside energy and mood: `rows` are its days (day, value, mood, energy), a day counting only when
    it has a value, a mood and an energy. Compared only with MIN_DAYS days on each side."""
    counted = rows.dropna(subset=["mood", "energy"])
    with_values, with_label, without_values, without_label = _sides(tracker)
    with_ = _side(counted, with_values, with_label)
    without = _side(counted, without_values, without_label)
    enough = with_.days >= MIN_DAYS and without.days >= MIN_DAYS
    return Comparison(tracker, with_, without, enough, _sentence(tracker, with_, without, enough))


def _phrases(tracker: Tracker) -> tuple[str, str]:
    if tracker.kind == "yes_no":
        return "days you marked it yes", "days you marked it no"
    return "days you gave it a 4 or 5", "days you gave it a 1 or 2"


def _count(n: int) -> str:
    return f"{n} day" if n == 1 else f"{n} days"


def _sentence(tracker: Tracker, with_: Side, without: Side, enough: bool) -> str:
    name = f"\u201c{tracker.name}\u201d"
    yes_phrase, no_phrase = _phrases(tracker)
    if not enough:
        missing = [
            f"{side.days} of {MIN_DAYS} {phrase}"
            for side, phrase in ((with_, yes_phrase), (without, no_phrase))
            if side.days < MIN_DAYS
        ]
        return (
            f"{name}: not enough data yet. Harbour compares once there are {MIN_DAYS} days each way with a mood and "
            f"energy check-in; so far {' and '.join(missing)}."
        )
    middle = " Days at 3 aren't counted." if tracker.kind == "scale" else ""
    return (
        f"{name}: on {yes_phrase}, your energy averaged {with_.energy:.1f} and your mood {with_.mood:.1f}, "
        f"against {without.energy:.1f} and {without.mood:.1f} on {no_phrase} "
        f"({_count(with_.days)} and {_count(without.days)}).{middle} "
        "These went together in your days; they don't say one caused the other."
    )


def _text_or_none(value: object) -> str | None:
    return None if value is None or pd.isna(value) else str(value)


def comparisons(db: Handle, user_id: str, start: date | None, end: date) -> list[Comparison]:
    """Each tracker in use (and each put away that has days in the range) beside energy and mood, over the range,
    all read in one query."""
    rows = repo.beside_mood_energy(db, user_id, start, end)
    found = []
    for _, days in rows.groupby("id", sort=False):
        first = days.iloc[0]
        tracker = Tracker(
            str(first["id"]), str(first["name"]), str(first["kind"]), _text_or_none(first["low_label"]),
            _text_or_none(first["high_label"]), int(first["position"]), not pd.isna(first["retired_at"]),
        )  # fmt: skip
        days = days.dropna(subset=["value"])
        if tracker.put_away and days.empty:
            continue
        found.append(compare(tracker, days.astype({"value": "int64"})))
    return found
