"""The short tour a newcomer can take from the Write page: where each part of Harbour is and what it is for."""

from __future__ import annotations

from dataclasses import dataclass

from journal.config import TRASH_DAYS


@dataclass(frozen=True)
class Step:
    title: str
    text: str
    page: str  # the address of the page it points to, always in a signed-in menu (journal/ui/nav.py has them all)


STEPS: tuple[Step, ...] = (
    Step(
        "Write, little and often",
        "A quick check-in takes a minute: how you feel, how much energy you have, one line about the day. "
        "After a shift, a 1-to-1 or a setback, a guided reflection helps you make sense of it. "
        "What you type is kept as a draft as you go.",
        "write",
    ),
    Step(
        "Celebrate the little big things",
        "Mark any entry as a win, however small. Small steps add up, and the Wins page keeps them together "
        "for the days when hope takes some discipline.",
        "wins",
    ),
    Step(
        "Find what you wrote",
        "Your Journal lists every entry, newest first. Search your own words, or narrow by theme, tag or mood. "
        f"Deleting sends an entry to Trash, where it waits {TRASH_DAYS} days in case you change your mind.",
        "journal",
    ),
    Step(
        "Notice the signs early",
        "Trends charts your mood and energy over weeks and months, and compares you only with your own usual. "
        "If something drifts, Harbour says what it noticed and why. It is never a diagnosis, and Support lists "
        "people to talk to.",
        "trends",
    ),
    Step(
        "Together, on your terms",
        "Joining a peer group shares nothing until you choose. Then the group sees only figures that combine "
        "several people's scores (five by default, never fewer than three), never your words. A coach sees only "
        "what you choose to share, and you can stop either at any time.",
        "groups",
    ),
    Step(
        "Yours to keep",
        "Download everything you wrote, bring your history from another journaling app, or erase it all. "
        "No other account can read your entries: not a coach, not a group, not an admin.",
        "your_data",
    ),
)  # fmt: skip
