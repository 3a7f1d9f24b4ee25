"""Small private actions on Write: follow-ups agreed in a 1-to-1 (or any entry), open until ticked or let go.

(Being built for issue 17: the functions below are the contract pages/write.py and journal/ui/next_steps.py
call; they draw nothing yet.)
"""

from __future__ import annotations

from journal.accounts import User
from journal.content.library import Library
from journal.reflect.entries import Entry
from journal.store import Handle


def open_actions(db: Handle, user: User, lib: Library) -> None:
    """On Write: the person's open actions, each to tick done or let go; a done one can be marked a win."""


def from_entry(db: Handle, user: User, lib: Library, entry: Entry) -> None:
    """In Write's 'What next?' after a save: turn this entry's follow-up (or anything) into actions, and link
    the person a 1-to-1 was with."""
