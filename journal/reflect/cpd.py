"""The CPD log, one for every regulator: what you learnt, when, for how long, and how it counts.

The NMC counts hours (35 in three years, 20 of them participatory) and asks for the Code's theme; the HCPC asks
for a dated record showing at least two types of learning. One log serves both, so nothing is typed twice.
Private to its owner: nothing here reaches a coach or a group.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, replace
from datetime import date

from journal import clock
from journal.content import regulators
from journal.reflect import entries
from journal.reflect.reflective_account import CODE_THEMES
from journal.store import Handle
from journal.store import cpd as repo
from journal.store.cpd import ActivityRow
from journal.text.cleaning import clean

__all__ = ["ActivityRow"]

MAX_MINUTES = 100 * 60  # one activity of up to 100 hours (a whole course is one activity)
MAX_METHOD_CHARS = 120
MAX_TOPIC_CHARS = 200
MAX_LEARNED_CHARS = 4_000
EARLIEST = date(1950, 1, 1)
_THEMES = tuple(t.id for t in CODE_THEMES)
OTHER = "other"  # the cpd_methods id for "Something else": the person's own words are kept instead of it


class CpdError(ValueError):
    """Why an activity can't be kept as it is, in words for the person; nothing was changed."""


@dataclass(frozen=True)
class Activity:
    """What the person fills in; an ActivityRow once kept."""

    done_on: date
    minutes: int
    participatory: bool
    method: str
    topic: str
    code_theme: str | None = None
    learning_type: str | None = None
    learned: str = ""
    entry_id: str | None = None


def _words(text: str, limit: int, what: str, *, needed: bool) -> str:
    cleaned, _ = clean(text or "")
    cleaned = cleaned.strip()
    if needed and not cleaned:
        raise CpdError(f"Please say {what}.")
    if len(cleaned) > limit:
        raise CpdError(f"That's a little long for {what}: please keep it under {limit} characters.")
    return cleaned


def checked(activity: Activity, today: date | None = None) -> Activity:
    """The activity with its words tidied, or a CpdError saying kindly what to change."""
    today = today or clock.today()
    if not EARLIEST <= activity.done_on <= today:
        raise CpdError("Please choose the day you did it: today or earlier.")
    if not 1 <= activity.minutes <= MAX_MINUTES:
        raise CpdError(f"Please give how long it took: between a minute and {MAX_MINUTES // 60} hours.")
    if activity.code_theme is not None and activity.code_theme not in _THEMES:
        raise CpdError("That isn't one of the Code's four themes. Please choose from the list.")
    types = {t.id for t in regulators.load().hcpc.learning_types}
    if activity.learning_type is not None and activity.learning_type not in types:
        raise CpdError("That isn't one of the HCPC's types of learning. Please choose from the list.")
    method = _words(activity.method, MAX_METHOD_CHARS, "how you learnt (the method)", needed=True)
    if method == OTHER:
        raise CpdError('You chose "Something else": please say in a few words how you learnt.')
    return replace(
        activity,
        method=method,
        topic=_words(activity.topic, MAX_TOPIC_CHARS, "what it was about (the topic)", needed=True),
        learned=_words(activity.learned, MAX_LEARNED_CHARS, "what you learnt", needed=False),
    )


def add(db: Handle, user_id: str, activity: Activity, *, activity_id: str | None = None) -> ActivityRow:
    """Keep a new activity in the log; a CpdError (nothing kept) if it can't be."""
    a = checked(activity)
    if a.entry_id is not None and entries.get(db, user_id, a.entry_id) is None:
        raise CpdError("That entry isn't in your journal any more, so the activity can't grow from it.")
    row = ActivityRow(
        activity_id or str(uuid.uuid4()), user_id, a.done_on, a.minutes, a.participatory, a.method, a.topic,
        a.code_theme, a.learning_type, a.learned, a.entry_id, clock.utcnow(), None,
    )  # fmt: skip
    repo.insert(db, row)
    return row


def change(db: Handle, user_id: str, activity_id: str, activity: Activity) -> ActivityRow:
    """Change what a kept activity says; a CpdError (nothing changed) if it can't be."""
    current = repo.activity(db, user_id, activity_id)
    if current is None or current.deleted_at is not None:
        raise CpdError("That activity isn't in your log any more, so it can't be changed.")
    a = checked(activity)
    row = replace(
        current, done_on=a.done_on, minutes=a.minutes, participatory=a.participatory, method=a.method, topic=a.topic,
        code_theme=a.code_theme, learning_type=a.learning_type, learned=a.learned,
    )  # fmt: skip
    if not repo.update(db, row):
        raise CpdError("That activity isn't in your log any more, so it can't be changed.")
    return row


def method_name(method: str) -> str:
    """How an activity was done, in words: a listed method's name, or the person's own words as they typed them."""
    return {m.id: m.name for m in regulators.load().cpd_methods}.get(method, method)


def is_listed(method: str) -> bool:
    """True for one of regulators.toml's methods (its id is stored); False for the person's own words."""
    return method in {m.id for m in regulators.load().cpd_methods} and method != OTHER


def theme_name(theme: str | None) -> str:
    return next((t.name for t in CODE_THEMES if t.id == theme), "")


def learning_type_name(learning_type: str | None) -> str:
    return next((t.name for t in regulators.load().hcpc.learning_types if t.id == learning_type), "")


def activities(db: Handle, user_id: str, *, since: date | None = None) -> list[ActivityRow]:
    """The live log, newest first; only those on or after `since` if given."""
    return [a for a in repo.activities(db, user_id) if since is None or a.done_on >= since]


def trashed(db: Handle, user_id: str) -> list[ActivityRow]:
    return repo.activities(db, user_id, trashed=True)


def remove(db: Handle, user_id: str, activity_id: str) -> bool:
    """To the trash (restorable); False if it wasn't in the live log."""
    return repo.set_deleted(db, user_id, activity_id, clock.utcnow())


def restore(db: Handle, user_id: str, activity_id: str) -> bool:
    return repo.set_deleted(db, user_id, activity_id, None)


def delete_for_good(db: Handle, user_id: str, activity_id: str) -> bool:
    return repo.delete_for_good(db, user_id, activity_id)


@dataclass(frozen=True)
class Totals:
    minutes: int
    participatory_minutes: int


def totals(rows: list[ActivityRow]) -> Totals:
    return Totals(sum(r.minutes for r in rows), sum(r.minutes for r in rows if r.participatory))


def period_years(regulator: str | None) -> int:
    """How many years a regulator's period runs (the NMC's three, the HCPC's two, the GMC's five); three if none."""
    found = regulators.load()
    return {regulators.HCPC: found.hcpc.years, regulators.GMC: found.gmc.years}.get(regulator or "", found.nmc.years)


def hours(minutes: int) -> str:
    """'22', '1.5', '0.25': hours as a person would write them (to two places at most, no trailing zeros)."""
    return f"{minutes / 60:.2f}".rstrip("0").rstrip(".")
