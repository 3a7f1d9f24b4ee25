"""The demo practitioner's people: the six they meet most, each linked to the 1-to-1s the demo year wrote about
them, with follow-ups open and done (one kept as a win) and introductions asked for, offered and come through.

Run after the year's entries are written; the same year always gives the same people and actions.
"""

from __future__ import annotations

import uuid
from collections import Counter
from dataclasses import dataclass
from datetime import date, timedelta

from journal.content.library import Library
from journal.reflect import people
from journal.store import Handle
from journal.store import entries as entries_repo
from journal.store import people as repo

PEOPLE = 6  # the people met most often
FOLLOW_UP_DAYS = 7  # a follow-up's "by when", a week after the 1-to-1
INTRODUCTIONS = (  # (kind, words, came through): whose name is whose is drawn from the people kept
    ("intro_asked", "Who else on the estate cares about food poverty?", True),
    ("intro_asked", "Someone in the carers' network", True),
    ("intro_asked", "The practice manager at the new surgery", False),
    ("intro_offered", "Dev, for the data side of the discharge work", True),
    ("intro_offered", "The Healthwatch volunteers' meeting", False),
)


@dataclass(frozen=True)
class DemoPeople:
    people: int
    linked: int  # 1-to-1 entries linked to a person
    open_actions: int
    done_actions: int
    wins: int


def _id(*parts: str) -> str:
    return str(uuid.uuid5(uuid.NAMESPACE_URL, "harbour-demo-people:" + ":".join(parts)))


def build(db: Handle, user_id: str, lib: Library, today: date) -> DemoPeople:
    """Give the demo account its people, links, actions and introductions (replacing any it had)."""
    repo.delete_all_for_user(db, user_id)
    met = [e for e in entries_repo.all_for_user(db, user_id) if e.template == people.ONE_TO_ONE and not e.deleted_at]
    names = Counter(people.who(e) for e in met if people.who(e))
    chosen = sorted(names, key=lambda n: (-names[n], n))[:PEOPLE]
    linked = opened = done = 0
    by_name = {}
    for name in chosen:
        about = [e for e in met if people.who(e) == name]
        cares = about[-1].answers.get("their_passion", "")
        by_name[name] = people.add_person(db, user_id, name, cares)
        for entry in about:
            linked += people.link(db, user_id, entry.id, by_name[name].id)
        newest = about[-1]
        for entry in about[-2:]:  # the last two 1-to-1s with each: the newest's follow-up open, the one before done
            for n, line in enumerate(people.suggested(entry)[0]):
                due = entry.entry_date + timedelta(days=FOLLOW_UP_DAYS)
                action = people.add_action(
                    db, user_id, line, due=due, entry_id=entry.id,
                    person_id=by_name[name].id, action_id=_id(entry.id, str(n)),
                )  # fmt: skip
                if entry is newest:
                    opened += 1
                else:
                    people.mark_done(db, user_id, action.id)
                    done += 1
    wins = 0
    closed = [a for a in people.closed_actions(db, user_id) if a.done_at is not None]
    if closed:
        people.mark_win(db, user_id, closed[0].id, lib, on=today)
        wins = 1
    kept = [by_name[n] for n in chosen]
    for n, (kind, words, came) in enumerate(INTRODUCTIONS):
        if not kept:
            break
        action = people.add_action(
            db, user_id, words, kind=kind, person_id=kept[n % len(kept)].id, action_id=_id("intro", str(n))
        )
        if came:
            people.mark_done(db, user_id, action.id)
    return DemoPeople(len(kept), linked, opened, done, wins)
