"""The demo practitioner's own prompt and template, each written to a few times, and a prompt their coach suggested.

Called by journal.demo.year once the year's entries and the shared side (journal.demo.together) exist; everything
goes through the same services a person uses. The same user and day always write the same entries.
"""

from __future__ import annotations

import uuid
from datetime import date, timedelta

from journal.content.library import Library
from journal.reflect import entries, own
from journal.reflect.entries import PROMPT_ANSWER, EntryInput
from journal.reflect.own import Box
from journal.store import Handle
from journal.store import coaching as coaching_repo
from journal.store import entries as entries_repo
from journal.store import own as repo
from journal.together import coaching

PROMPT = "What did I do today that I'd want a new starter to see?"
PROMPT_ANSWERS = (
    (40, "Took five minutes to explain the handover sheet instead of rushing it. Small steps add up."),
    (26, "Asked the family what mattered most to them before the plan, not after."),
    (17, "Stayed calm when the bleep went three times at once, and said out loud what I'd do first."),
)
TEMPLATE = "After a handover"
BOXES = (
    Box("What was handed over well?", True),
    Box("What did I chase up?", False),
    Box("One thing for tomorrow", False),
)
TEMPLATE_ANSWERS = (
    (52, ("Clear plan for bay 4, everyone knew who was escalating.", "Bloods for bed 2", "Start with the ward board")),
    (33, ("Night team flagged the falls risk early.", "Pharmacy about the TTOs", "Ask for help sooner")),
    (23, ("Short and calm: we stuck to the sheet.", "The physio referral", "Take my break before 2")),
    (16, ("A new starter led it and did well.", "Nothing left over", "Tell her it went well")),
)
COACH_SUGGESTS = "When did you last feel the team had your back? What made that happen?"
COACH = "demo-coach"  # journal.demo.together's coach


def _id(what: str) -> str:
    """The same id for the same demo year, whichever account holds it (there is one demo account per database)."""
    return str(uuid.uuid5(uuid.NAMESPACE_URL, f"harbour-demo-own:{what}"))


def _levels(db: Handle, user_id: str, day: date) -> tuple[int | None, int | None]:
    """The mood and energy the year already gives that day (its own entries stay in its shape), else 'okay'."""
    found = [(e.mood, e.energy) for e in entries_repo.all_for_user(db, user_id) if e.entry_date == day and e.mood]
    return found[0] if found else (3, 3)


def build(db: Handle, user_id: str, lib: Library, today: date) -> None:
    """(Re)make the demo practitioner's own prompt and template with their entries, and their coach's suggestion."""
    repo.delete_all(db, user_id)
    # Each written away from the last two weeks, whose low run the year keeps for its early warning.
    prompt = own.add_prompt(db, user_id, PROMPT, prompt_id=_id("prompt"))
    for days, answer in PROMPT_ANSWERS:
        day = today - timedelta(days=days)
        mood, energy = _levels(db, user_id, day)
        inp = EntryInput(
            template="free",
            answers={PROMPT_ANSWER: answer},
            mood=mood,
            energy=energy,
            prompt_id=prompt.marker,
            prompt_text=prompt.text,
            entry_date=day,
        )
        entries.save_new(db, user_id, _id(f"prompt.{days}"), inp, lib)
    template = own.add_template(db, user_id, TEMPLATE, list(BOXES), template_id=_id("template"))
    for days, answers in TEMPLATE_ANSWERS:
        day = today - timedelta(days=days)
        mood, energy = _levels(db, user_id, day)
        inp = EntryInput(
            template=template.template_id,
            answers={box.label: answer for box, answer in zip(BOXES, answers, strict=True)},
            mood=mood,
            energy=energy,
            entry_date=day,
        )
        entries.save_new(db, user_id, _id(f"template.{days}"), inp, lib)
    for row in coaching_repo.for_mentee(db, user_id):
        if row.coach_name == COACH and row.ended_at is None:
            coaching.suggest_prompt(db, row.coach_id, row.id, COACH_SUGGESTS)
