"""How Harbour words a count and a date, the same on every page, caption, export and PDF."""

from __future__ import annotations

from datetime import date

# "Thu 26 Nov 2026". Python's strftime and the d3 time format in chart tooltips read this string alike.
DATE_FORMAT = "%a %d %b %Y"


def plural(count: int, one: str, many: str | None = None, *, thousands: bool = False) -> str:
    """The count and the words that go with it: `plural(1, "entry", "entries")` is "1 entry", 3 gives "3 entries".

    `many` is `one` plus "s" unless given. `thousands` groups the digits ("1,204 entries"), as the import reports
    do for the large counts a file can hold.
    """
    number = f"{count:,}" if thousands else f"{count}"
    return f"{number} {one if count == 1 else (many or one + 's')}"


def nice_date(day: date) -> str:
    return day.strftime(DATE_FORMAT)
