"""A journal people make their own: their own prompts and templates on Write, beside the reviewed ones, and a
prompt their coach suggested.

(Being built for issue 17: the functions below are the contract pages/write.py and pages/make_it_yours.py call;
they draw nothing yet.)
"""

from __future__ import annotations

from collections.abc import Callable

from journal.accounts import User
from journal.content.library import Library
from journal.store import Handle


def on_write(db: Handle, user: User, lib: Library, start: Callable[[str], None]) -> None:
    """On Write, beside the reviewed templates: the person's own templates and prompts, and a coach's suggestion."""


def prompts_section(db: Handle, user: User) -> None:
    """On Make it yours: write, change and put away your own prompts."""


def templates_section(db: Handle, user: User) -> None:
    """On Make it yours: make, change and put away your own templates (up to 6 boxes)."""
