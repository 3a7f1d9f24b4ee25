"""The demo year's look-backs: a few of its setbacks looked back on three days later (most answered, so Wins tells
how the example practitioner came back) and one look back due today, waiting on Write."""

from __future__ import annotations

import uuid
from datetime import date, datetime, time, timedelta

from journal.content.library import Library
from journal.reflect import checkbacks, entries
from journal.reflect.entries import EntryInput
from journal.store import Handle
from journal.store import checkbacks as repo
from journal.store import entries as entries_repo

LEVELS = ((3, 3), (4, 3), (3, 4), (4, 4))  # mood and energy of each look back written
ANSWERED = 4  # the most recent setbacks (before the newest) looked back on, each three days on
LOOKED_BACK = (  # what the example practitioner wrote, one set per look back, in the template's order
    (
        "Smaller than it felt on the day. I still think about it, but it doesn't sit in my chest any more.",
        "Talking it through with my supervisor on the Monday, and a proper lunch break away from the ward.",
        "You did what you could with what you had. A setback is a comma, not a full stop.",
    ),
    (
        "Clearer. I can see now it was the staffing, not me failing.",
        "A walk after my shift, and a colleague who said she'd had the same week.",
        "Rest first; the rest can wait until tomorrow.",
    ),
    (
        "Still a bit raw, but I've made the call I was dreading and it went better than I feared.",
        "Writing it down here, and one small step at a time.",
        "Be as kind to yourself as you would be to a student on a day like that.",
    ),
    (
        "It turned into a conversation we needed to have. We've agreed how handovers will work.",
        "Asking for a 1-to-1 instead of stewing on it. Building relationships is key.",
        "It's okay that it hurt. Small steps add up.",
    ),
)


def _row(user_id: str, entry_id: str, due_on: date) -> repo.CheckBackRow:
    planned_at = datetime.combine(due_on - timedelta(days=checkbacks.IN_DAYS[0]), time(18, 5))
    return repo.CheckBackRow(
        checkbacks.check_back_id(user_id, "entry", entry_id, due_on), user_id, "entry", entry_id, due_on, planned_at
    )


def build(db: Handle, user_id: str, lib: Library, today: date) -> int:
    """The demo person's look-backs on their setbacks; returns how many were planned."""
    repo.delete_all_for_user(db, user_id)  # made again, like the demo's other parts: none left from an older year
    setbacks = sorted(
        (e for e in entries_repo.all_for_user(db, user_id) if e.template == "setback" and e.deleted_at is None),
        key=lambda e: (e.entry_date, e.id),
    )
    if not setbacks:
        return 0
    template = lib.template(checkbacks.TEMPLATE)
    fields = [f.key for f in template.fields]
    newest, earlier = setbacks[-1], [e for e in setbacks[:-1] if e.entry_date + timedelta(days=3) <= today]
    planned = 0
    for n, entry in enumerate(earlier[-ANSWERED:]):
        row = _row(user_id, entry.id, entry.entry_date + timedelta(days=checkbacks.IN_DAYS[0]))
        repo.insert(db, row)
        follow_up = str(uuid.uuid5(uuid.UUID(entry.id), "follow-up"))  # the same year makes the same ids
        repo.set_answer_entry(db, user_id, row.id, follow_up)
        answers = dict(zip(fields, LOOKED_BACK[n % len(LOOKED_BACK)], strict=False))
        mood, energy = LEVELS[n % len(LEVELS)]  # three days on, back near their usual
        inp = EntryInput(
            checkbacks.TEMPLATE, answers, mood=mood, energy=energy, theme=template.theme, entry_date=row.due_on
        )
        saved = entries.save_new(db, user_id, follow_up, inp, lib).entry
        repo.set_answered(db, user_id, saved.id, datetime.combine(row.due_on, time(18, 40)))
        planned += 1
    # The newest setback: a look back planned for today, not yet written (Write offers it).
    repo.insert(db, _row(user_id, newest.id, today))
    return planned + 1
