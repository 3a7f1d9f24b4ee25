"""Personal trackers: up to five yes/no or 1-5 things a person chooses to keep an eye on, day by day.

(Being built for issue 17: the functions below are the contract pages/write.py and pages/make_it_yours.py call;
they draw nothing yet.)
"""

from __future__ import annotations

from journal.accounts import User
from journal.store import Handle


def today(db: Handle, user: User) -> None:
    """On Write: today's value of each tracker, kept as soon as it is chosen."""


def settings_section(db: Handle, user: User) -> None:
    """On Make it yours: make, rename, reorder and put away trackers (five at most)."""
