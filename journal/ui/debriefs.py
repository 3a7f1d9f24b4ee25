"""Debriefs: the raw account of a hard shift, private, kept for the days the person chose and then deleted, unless
they turn it into a learning reflection."""

from __future__ import annotations

from collections.abc import Callable

from journal.accounts import User
from journal.content.library import Library
from journal.reflect.entries import Entry
from journal.store import Handle
from journal.ui.entry_form import OpenForm


def on_write(db: Handle, user: User, lib: Library, start: Callable[[str], None]) -> None:
    """On Write: the debriefs waiting, with the days each has left and a way to turn it into a learning reflection."""


def before_form(db: Handle, user: User, lib: Library, current: OpenForm) -> None:
    """Above an open form on Write: for a debrief, how long it will be kept (the person chooses)."""


def saved(db: Handle, user: User, entry: Entry) -> None:
    """After any save on Write: a debrief is kept until the day chosen."""
