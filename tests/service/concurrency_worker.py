"""One of the Harbour processes that tests/service/test_concurrency_postgres.py races against each other.

Each is a separate OS process (multiprocessing's 'spawn': nothing shared with the test but what is sent), with a
PostgresDatabase of its own, as a Harbour server behind a load balancer has. `start` runs once in each (the pool's
initializer: it keeps the barrier and imports what the races use, so the first race isn't spent importing); `run`
does one racing operation: open the database (kept for the next race), set this process's clock, wait at the
barrier until every process is ready, then act. What it did comes back as an Outcome: the value, the refusal a
person would read, or an error (which the tests never expect).
"""

from __future__ import annotations

import traceback
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from multiprocessing.synchronize import Barrier
from typing import Any

from argon2 import PasswordHasher

from journal import accounts, clock
from journal.accounts import AccountError
from journal.content.library import library
from journal.reflect import entries
from journal.reflect.entries import EntryError, EntryInput
from journal.store import coaching as coaching_repo
from journal.store import reflective as reflective_repo
from journal.store.postgres import PostgresDatabase
from journal.together import coaching
from journal.together.coaching import CoachingError
from journal.together.groups import figures, wall
from journal.together.groups import membership as groups
from journal.together.groups.access import GroupError

BARRIER_SECONDS = 60  # a process that never arrives fails the race instead of hanging the test run
REFUSALS = (AccountError, CoachingError, EntryError, GroupError)  # what a person is told: nothing was changed

_barrier: Barrier | None = None
_database: tuple[str, PostgresDatabase] | None = None


@dataclass(frozen=True)
class Outcome:
    kind: str  # "ok", "refused" (a message for the person) or "error" (a traceback: never expected)
    value: Any = None


class _HeldClock:
    """journal.clock.instant for this process: held at `at`, a microsecond later at each reading (as the tests'
    FixedClock), so every timestamp a race writes is known and no process reads the real clock."""

    def __init__(self, at: datetime) -> None:
        self.at = at

    def __call__(self) -> datetime:
        self.at += timedelta(microseconds=1)
        return self.at


# argon2 at a fraction of its real cost (as the parent test uses): the rules under race are under test, not hashing.
CHEAP = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)


def start(barrier: Barrier) -> None:
    global _barrier
    _barrier = barrier
    accounts._hasher = CHEAP
    accounts._DUMMY_HASH = CHEAP.hash("harbour-timing-equaliser")
    library()  # parsed once per process, before any race


def _db(url: str) -> PostgresDatabase:
    global _database
    if _database is None or _database[0] != url:
        if _database is not None:
            _database[1].close()
        _database = (url, PostgresDatabase(url, max_size=2))
    return _database[1]


# -- the racing operations: each takes the database and the keyword arguments the test sent ------------------------
def sign_up(db: PostgresDatabase, name: str, password: str, now: datetime) -> tuple[str, bool]:
    made = accounts.sign_up(db, name, password, now=now)
    return made.id, made.is_admin


def sign_in(db: PostgresDatabase, name: str, password: str, now: datetime, address: str) -> str:
    return accounts.sign_in(db, name, password, now=now, address=address).id


def redeem_ticket(db: PostgresDatabase, ticket: str, now: datetime) -> str | None:
    taken = accounts.redeem_ticket(db, ticket, now=now)
    return taken[0] if taken else None


def accept_invite(db: PostgresDatabase, coach_id: str, code: str, now: datetime) -> str:
    return coaching.accept_invite(db, coach_id, code, now=now).id


def share_or_stop(db: PostgresDatabase, user_id: str, coaching_id: str, entry_id: str | None, now: datetime) -> bool:
    """Share an entry in a coaching (the store's step, after the password was asked), or with no entry turn
    sharing entries off."""
    if entry_id is None:
        return coaching_repo.set_scope(db, user_id, coaching_id, "share_entries", False)
    return coaching_repo.share_entry(db, user_id, coaching_id, entry_id, now)


def join_with_code(db: PostgresDatabase, user_id: str, code: str, now: datetime) -> bool:
    return groups.join_with_code(db, user_id, code, now=now).pending


def take_on_facilitating(db: PostgresDatabase, user_id: str, group_id: str, now: datetime) -> None:
    groups.take_on_facilitating(db, user_id, group_id, now=now)


def leave(db: PostgresDatabase, user_id: str, group_id: str, now: datetime) -> None:
    groups.leave(db, user_id, group_id, now=now)


def week_figures(db: PostgresDatabase, user_id: str, group_id: str, now: datetime) -> list[figures.WeekFigures]:
    return figures.week_figures(db, user_id, group_id, now=now)


def post_win(db: PostgresDatabase, user_id: str, group_id: str, entry_id: str, now: datetime) -> str:
    return wall.post_win(db, user_id, group_id, entry_id, "A good day on the ward", False, now=now).id


def save_new(db: PostgresDatabase, user_id: str, entry_id: str, text: str, tags: list[str]) -> bool:
    inp = EntryInput("free", {"text": text}, mood=4, tags=tags)
    return entries.save_new(db, user_id, entry_id, inp, library()).created


def record_reflective(db: PostgresDatabase, account_id: str, user_id: str, entry_id: str, now: datetime) -> bool:
    """The store's step of counting a reflective account as prepared (after the domain's checks)."""
    return reflective_repo.record(db, reflective_repo.ReflectiveAccountRow(account_id, user_id, entry_id, now, "[]"))


def save_drafts(db: PostgresDatabase, user_id: str, drafts: list[tuple[str, str]]) -> None:
    for entry_id, text in drafts:
        entries.save_draft(db, user_id, entry_id, EntryInput("free", {"text": text}))


OPERATIONS: dict[str, Callable[..., Any]] = {
    f.__name__: f
    for f in (
        sign_up, sign_in, redeem_ticket, accept_invite, share_or_stop, join_with_code, take_on_facilitating, leave,
        week_figures, post_win, save_new, record_reflective, save_drafts,
    )
}  # fmt: skip


def run(task: tuple[str, str, datetime, dict[str, Any]]) -> Outcome:
    """One racing operation: (database URL, operation, this process's clock, its keyword arguments)."""
    url, operation, clock_at, kwargs = task
    assert _barrier is not None, "start() runs first, as the pool's initializer"
    try:
        try:
            db = _db(url)
            clock.instant = _HeldClock(clock_at)
        except BaseException:
            _barrier.abort()  # the others fail at once rather than wait for this one (the test resets it)
            raise
        _barrier.wait(BARRIER_SECONDS)
        return Outcome("ok", OPERATIONS[operation](db, **kwargs))
    except REFUSALS as exc:
        return Outcome("refused", str(exc))
    except BaseException:
        return Outcome("error", traceback.format_exc())
