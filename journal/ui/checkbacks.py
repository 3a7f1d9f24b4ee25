"""Check-backs: "look back on this in 3 days / in 4 weeks", as an event in the person's own calendar whose link
opens a short follow-up already linked to the entry. Harbour itself sends nothing.

(Being built for issue 17: the functions below are the contract pages/write.py and journal/ui/next_steps.py
call; they draw nothing yet.)
"""

from __future__ import annotations

from journal.accounts import User
from journal.content.library import Library
from journal.reflect.entries import Entry, EntryInput
from journal.store import Handle
from journal.ui.entry_form import OpenForm


def take_link(db: Handle, user: User, lib: Library) -> tuple[OpenForm, EntryInput] | None:
    """For Write: the follow-up a calendar event's link (/?checkback=<id>) asks to open, once; None if none."""
    return None


def due(db: Handle, user: User, lib: Library) -> None:
    """On Write: look-backs planned for today or earlier and not yet written, to open or set aside."""


def context(db: Handle, user: User, lib: Library, form: OpenForm) -> None:
    """Above an open form that is a look back: the entry it looks back on, as text."""


def offer(db: Handle, user: User, lib: Library, entry: Entry) -> None:
    """In Write's 'What next?' after a save: plan a look back on this entry (a calendar file to download)."""


def saved(db: Handle, user: User, entry: Entry) -> None:
    """After any save on Write: if it answered a look back, record that."""
