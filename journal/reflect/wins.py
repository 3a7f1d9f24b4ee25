"""The little big things: wins by period and theme, and what carried a person through a setback."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from journal.reflect import entries
from journal.reflect.entries import SearchFilter, Summary
from journal.store import Handle
from journal.store import entries as repo

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

    @property
    def empty(self) -> bool:
        return not (self.wins or self.boundaries or self.connections)


BOUNDARY_TAGS = {"rest", "boundaries", "boundary", "said no"}


CARRIED_LIMIT = 500  # entries looked through per period, newest first


def carried_through(db: Handle, user_id: str, periods: Sequence[tuple[date, date]]) -> list[CarriedThrough]:
    """For each period (first and last day), what was written and done in it; read in one query for them all."""
    found = repo.summaries_in(db, user_id, periods)
    result = []
    for start, end in periods:
        within = [s for s in found if start <= s.entry_date <= end][:CARRIED_LIMIT]
        result.append(
            CarriedThrough(
                wins=[s for s in within if s.is_win],
                boundaries=[
                    s for s in within if s.theme == "boundaries" or BOUNDARY_TAGS & {t.casefold() for t in s.tags}
                ],
                connections=[s for s in within if s.template == "one_to_one" or s.theme == "connection"],
            )
        )
    return result
