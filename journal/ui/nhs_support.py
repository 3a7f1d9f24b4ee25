"""The NHS's own support structures on Write: a wellbeing plan due for its yearly review, and the like."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from journal.accounts import User
from journal.content.library import Library
from journal.store import Handle


def on_write(db: Handle, user: User, lib: Library, today: date, start: Callable[[str], None]) -> None:
    """On Write: a gentle note when the person's wellbeing plan is due its review (at least yearly)."""
