"""The little big things: wins by period and theme, and what carried a person through a setback."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Protocol

from journal.reflect import checkbacks, entries
from journal.reflect.entries import Entry, SearchFilter, Summary
from journal.store import Handle
from journal.store import entries as repo
from journal.text.snippets import cut as snippet
from journal.text.words import nice_date

LOOK_BACKS = {
    "month": "This month",
    "year": "This year",
    "year_ago": "A year ago today",
    "all": "All of them",
}
YEAR_AGO_SLACK = 3  # "a year ago today" looks at a week around that date: people rarely write on the exact day


def period_bounds(period: str, today: date) -> tuple[date | None, date]:
    """First and last day of a look-back period (None = from the beginning)."""
    if period == "month":
        return today.replace(day=1), today
    if period == "year":
        return today.replace(month=1, day=1), today
    if period == "year_ago":
        try:
            centre = today.replace(year=today.year - 1)
        except ValueError:  # 29 February
            centre = today.replace(year=today.year - 1, day=28)
        return centre - timedelta(days=YEAR_AGO_SLACK), centre + timedelta(days=YEAR_AGO_SLACK)
    if period == "all":
        return None, today
    raise ValueError(f"unknown period {period!r}")


def wins(
    db: Handle, user_id: str, period: str, today: date, theme: str | None = None, limit: int = 20
) -> tuple[list[Summary], int]:
    """The newest `limit` wins in a period (and theme), and how many there are in all."""
    start, end = period_bounds(period, today)
    return entries.search(
        db, user_id, SearchFilter(theme=theme, date_from=start, date_to=end, wins_only=True), limit=limit
    )


@dataclass(frozen=True)
class CarriedThrough:
    """What a person wrote and did between a setback and getting back to their usual."""

    wins: list[Summary]
    boundaries: list[Summary]
    connections: list[Summary]
    written: tuple[Summary, ...] = ()  # every entry of the period, newest first

    @property
    def empty(self) -> bool:
        return not (self.wins or self.boundaries or self.connections)


BOUNDARY_TAGS = {"rest", "boundaries", "boundary", "said no"}
OKAY = 3  # a mood of "Okay" or better


CARRIED_LIMIT = 500  # entries looked through per period, newest first


def is_boundary(item: Summary) -> bool:
    """Rest taken or a boundary kept: tagged so, or written under that theme on a day that wasn't a hard one (the
    theme alone is also where a tired, stretched day gets written, and that is no boundary kept)."""
    if BOUNDARY_TAGS & {t.casefold() for t in item.tags}:
        return True
    return item.theme == "boundaries" and (item.mood is None or item.mood >= OKAY)


def is_connection(item: Summary) -> bool:
    return item.template == "one_to_one" or item.theme == "connection"


def carried_through(db: Handle, user_id: str, periods: Sequence[tuple[date, date]]) -> list[CarriedThrough]:
    """For each period (first and last day), what was written and done in it; read in one query for them all."""
    found = repo.summaries_in(db, user_id, periods)
    result = []
    for start, end in periods:
        within = [s for s in found if start <= s.entry_date <= end][:CARRIED_LIMIT]
        result.append(
            CarriedThrough(
                wins=[s for s in within if s.is_win],
                boundaries=[s for s in within if is_boundary(s)],
                connections=[s for s in within if is_connection(s)],
                written=tuple(within),
            )
        )
    return result


# -- coming back: the story of a setback ----------------------------------------------------------------------
STORED_CHARS = 400  # a Summary carries the first 400 characters of an entry (journal/store/entries.py)
ANSWER_CHARS = 160  # each answer is cut after a whole word beyond this
SHOWN = 3  # entries shown of the days after, and of what helped; the rest are counted
SETBACK_TEMPLATE = "setback"


class Episode(Protocol):
    """A setback or a dip in mood and when the person was back to their usual (journal.patterns.signals.Recovery)."""

    @property
    def started(self) -> date: ...

    @property
    def recovered(self) -> date | None: ...

    @property
    def trigger(self) -> str: ...


@dataclass(frozen=True)
class Moment:
    """One entry in the story: its day, what it was in Harbour's words ("" for none), and the start of each answer."""

    entry_id: str
    day: date
    kind: str
    answers: tuple[str, ...]


@dataclass(frozen=True)
class Comeback:
    """A setback told as a story of coming back: what happened, the days after, what helped, and the way back."""

    title: str
    started: tuple[Moment, ...]  # what was written the day it began
    days_after: tuple[Moment, ...]  # the first few of the days that followed, oldest first
    more_days: int  # entries of the days after not shown
    helped: tuple[Moment, ...]  # wins, rest or a boundary, a connection: the first few, oldest first
    more_helped: int
    ending: str
    looked_back: tuple[Moment, ...] = ()  # what the person wrote when they looked back on it (check-backs)


def answers_of(item: Summary) -> tuple[str, ...]:
    """The start of each answer of an entry, each cut after a whole word with an ellipsis."""
    parts = [p for p in item.snippet.split("\n\n") if p.strip()]
    cut_short = len(item.snippet) >= STORED_CHARS  # the entry goes on: its last part here may end mid-word
    return tuple(snippet(p, ANSWER_CHARS, goes_on=cut_short and i == len(parts) - 1) for i, p in enumerate(parts))


def kind_of(item: Summary) -> str:
    if item.is_win:
        return "A win"
    if is_boundary(item):
        return "Rest, or a boundary kept"
    if is_connection(item):
        return "A connection"
    return ""


def _moment(item: Summary) -> Moment:
    return Moment(item.id, item.entry_date, kind_of(item), answers_of(item))


def _title(episode: Episode) -> str:
    if episode.trigger == "setback":
        return f"A setback on {nice_date(episode.started)}"
    return f"A dip in your mood, from {nice_date(episode.started)}"


def _ending(episode: Episode) -> str:
    back = episode.recovered
    if back is None:
        return "You're still finding your way back to your usual, and that's okay: take the time you need."
    days = (back - episode.started).days
    if days == 1:
        return f"You were back to your usual the next day, {nice_date(back)}."
    return f"You were back to your usual within {days} days, by {nice_date(back)}."


LOOKED_BACK = "Looking back"


def looked_back(entry: Entry) -> Moment:
    """A follow-up written from a check-back: its day, labelled as a look back, and the start of each answer."""
    answers = tuple(snippet(a, ANSWER_CHARS) for a in entry.answers.values() if a.strip())
    return Moment(entry.id, entry.entry_date, LOOKED_BACK, answers)


def comeback(episode: Episode, carried: CarriedThrough, looks: Sequence[Entry] = ()) -> Comeback:
    """The story of one setback or dip from what was written during it (carried_through's period for it), and the
    follow-ups the person wrote looking back on its entries (`looks`, oldest first), which the days after leave out."""
    told = {e.id for e in looks}
    oldest_first = sorted((s for s in carried.written if s.id not in told), key=lambda s: s.entry_date)  # stable
    on_the_day = [s for s in oldest_first if s.entry_date == episode.started and not kind_of(s)]
    named = [s for s in on_the_day if s.template == SETBACK_TEMPLATE]
    started = named or on_the_day
    after = [s for s in oldest_first if s.entry_date > episode.started and not kind_of(s)]
    helped = [s for s in oldest_first if kind_of(s)]
    return Comeback(
        title=_title(episode),
        started=tuple(_moment(s) for s in started[:SHOWN]),
        days_after=tuple(_moment(s) for s in after[:SHOWN]),
        more_days=max(0, len(after) - SHOWN),
        helped=tuple(_moment(s) for s in helped[:SHOWN]),
        more_helped=max(0, len(helped) - SHOWN),
        ending=_ending(episode),
        looked_back=tuple(looked_back(e) for e in looks),
    )


def comebacks(db: Handle, user_id: str, episodes: Sequence[Episode], today: date) -> list[Comeback]:
    """Each setback or dip as a story of coming back, in the order given; the entries read in one query."""
    periods = [(e.started, e.recovered or today) for e in episodes]
    answered = checkbacks.follow_ups(db, user_id)
    stories = []
    for episode, carried in zip(episodes, carried_through(db, user_id, periods), strict=True):
        ids = [f for s in carried.written for f in answered.get(s.id, ())]
        found = (entries.get(db, user_id, i) for i in dict.fromkeys(ids))
        looks = sorted((e for e in found if e is not None and e.deleted_at is None), key=lambda e: e.entry_date)
        stories.append(comeback(episode, carried, looks))
    return stories
