"""The one place Harbour reads the time: today's date for a person, and naive UTC for what the store records.

Everything else asks here, so a test can hold the whole app (pages run in-process under AppTest) at one moment by
replacing `instant`, as tests/conftest.py's `fixed_clock` fixture does. The other functions look `instant` up at
each call, so they follow it. Only the names of the store's set-aside copies of a write-ahead log
(journal/store/db.py) still take `datetime.now()`: such a name only has to be new and tell a person when, and no
test needs to hold it still.
"""

from __future__ import annotations

from datetime import UTC, date, datetime


def instant() -> datetime:
    """This moment, timezone-aware in UTC. The rest of this module reads the real clock only through here."""
    return datetime.now(UTC)


def now() -> datetime:
    """The server's local wall-clock time, naive, as `datetime.now()` gives it."""
    return instant().astimezone().replace(tzinfo=None)


def today() -> date:
    """The server's local calendar day: the day a person's entry, check-in or reminder is for."""
    return now().date()


def utcnow() -> datetime:
    """Naive UTC: what every TIMESTAMP column holds (DuckDB's TIMESTAMP has no zone)."""
    return instant().astimezone(UTC).replace(tzinfo=None)
