"""The demo practitioner is a nurse part-way through NMC revalidation, so the progress card, the Revalidation page
and its portfolio PDF show real content: a renewal date a little over a year away, CPD logged (22 of 35 hours),
practice hours, two pieces of feedback (one grown from a win) and three reflective accounts prepared from its
reflections. The words are Harbour's own, written for the demo; nothing here is anyone's real practice.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, replace
from datetime import date, timedelta

from journal.content import regulators
from journal.content.library import Library
from journal.reflect import cpd, entries, nmc, profession
from journal.reflect import reflective_account as accounts
from journal.reflect.entries import EntryInput, SearchFilter
from journal.store import Handle
from journal.store import demo as demo_repo

RENEWS_IN_DAYS = 430  # a little over a year to go: part-way through the three years
ACCOUNTS = 3  # of the five


@dataclass(frozen=True)
class _Cpd:
    days_ago: int
    minutes: int
    participatory: bool
    method: str
    topic: str
    code_theme: str
    learning_type: str
    learned: str


_CPD = (
    _Cpd(610, 7 * 60, True, "A course or workshop", "Compassionate leadership for ward teams", "prioritise_people",
         "formal", "Leading starts with listening: I now open handovers by asking how people are."),
    _Cpd(540, 90, False, "Reading or research", "Recognising burnout early in colleagues", "practise_effectively",
         "self_directed", "The early signs are small: I keep an eye out for quiet withdrawal on long runs of shifts."),
    _Cpd(470, 3 * 60, True, "Supervision, coaching or a reflective discussion",
         "Restorative supervision with our Professional Nurse Advocate", "preserve_safety", "work_based",
         "Naming what drains me made it easier to ask for help before it piled up."),
    _Cpd(380, 4 * 60, True, "A conference or seminar", "Regional nursing conference: hope and resilience in teams",
         "promote_professionalism_and_trust", "formal",
         "Small, regular wins keep teams going: we started a wins board."),
    _Cpd(260, 2 * 60, False, "Online learning", "Safeguarding adults refresher", "preserve_safety", "formal",
         "A reminder of who to call and when; I updated the ward's quick guide."),
    _Cpd(170, 2 * 60, True, "Teaching or mentoring others", "Supporting a new starter through their first month",
         "promote_professionalism_and_trust", "professional",
         "Teaching showed me what I do without thinking; I wrote some of it down for the next starter."),
    _Cpd(90, 90, True, "A course or workshop", "Having difficult conversations with families", "prioritise_people",
         "formal", "Slowing down and checking what people already know changes the whole conversation."),
    _Cpd(30, 60, False, "Reading or research", "Boundaries and saying no kindly", "practise_effectively",
         "self_directed", "Saying what I can do, rather than only what I can't, keeps the relationship."),
)  # fmt: skip


def _id(name: str, n: int) -> str:
    return str(uuid.uuid5(uuid.NAMESPACE_URL, f"harbour-demo/{name}/{n}"))


def build(db: Handle, user_id: str, lib: Library, today: date) -> None:
    """Replace the demo person's revalidation with a nurse's, part-way through."""
    demo_repo.forget_revalidation(db, user_id)
    profession.set_regulator(db, user_id, regulators.NMC)
    profession.set_renewal(db, user_id, today + timedelta(days=RENEWS_IN_DAYS), today)
    for n, item in enumerate(_CPD):
        activity = cpd.Activity(
            today - timedelta(days=item.days_ago), item.minutes, item.participatory, item.method, item.topic,
            item.code_theme, item.learning_type, item.learned,
        )  # fmt: skip
        cpd.add(db, user_id, activity, activity_id=_id("cpd", n))
    _prepare_accounts(db, user_id, lib)
    _practice(db, user_id, lib, today)
    _wellbeing_plan(db, user_id, lib, today)


_STRETCHES = (  # (first day, last day) in days before today, hours: a full-time post, split where the ward changed
    (660, 300, 1_900, "Acute medical ward", "Band 6 staff nurse: adult acute medicine"),
    (299, 1, 1_480, "Frailty unit", "Band 6 staff nurse: older people's care, and mentoring new starters"),
)
_PATIENT_FEEDBACK = nmc.Feedback(
    date.min,  # set to a day in the period below
    "patient",
    "A thank-you card from a family: they felt listened to when their dad was frightened at night.",
    "I now sit down for a minute with anyone who's frightened at night, before anything else.",
)


def _practice(db: Handle, user_id: str, lib: Library, today: date) -> None:
    """Practice hours, a piece of feedback from a family and one grown from a win, and the checklist part-ticked."""
    for n, (first, last, hours, setting, scope) in enumerate(_STRETCHES):
        stretch = nmc.Stretch(
            today - timedelta(days=first), today - timedelta(days=last), hours, "Harbour General Hospital", setting,
            scope, "Day and night shifts on a busy ward, leading the shift some days.",
        )  # fmt: skip
        nmc.add_hours(db, user_id, stretch, row_id=_id("hours", n))
    patient = replace(_PATIENT_FEEDBACK, received_on=today - timedelta(days=200))
    nmc.add_feedback(db, user_id, patient, row_id=_id("feedback", 0))
    wins, _ = entries.search(db, user_id, SearchFilter(template="win"), limit=1)
    win = entries.get(db, user_id, wins[0].id) if wins else None
    if win is not None:
        from_win = replace(
            nmc.feedback_from_win(win, lib), changed="I say out loud what went well at handover, not only the worries."
        )
        nmc.add_feedback(db, user_id, from_win, row_id=_id("feedback", 1))
    for item in ("practice_hours", "indemnity"):
        nmc.set_checklist(db, user_id, item, True)


def _prepare_accounts(db: Handle, user_id: str, lib: Library) -> None:
    """Three reflective accounts, from the newest reflections that fit the NMC's form best, each with a theme."""
    themes = [t.id for t in accounts.CODE_THEMES]
    fits = [s for t in accounts.BEST_FIT for s in entries.search(db, user_id, SearchFilter(template=t), limit=20)[0]]
    fits.sort(key=lambda s: (s.entry_date, s.id), reverse=True)
    for n, summary in enumerate(fits[:ACCOUNTS]):
        entry = entries.get(db, user_id, summary.id)
        if entry is None:
            continue
        account = accounts.with_themes(accounts.from_entry(entry, lib), [themes[n % len(themes)]])
        if accounts.problem(account) is None:
            accounts.prepare(db, user_id, _id("account", n), account)


PLAN_DAYS_AGO = 300  # written for last year's health and wellbeing conversation; its review comes in about 2 months
_PLAN = {
    "keeps_you_well": "A proper break away from the ward, and the ten minutes with the team before handover.",
    "early_signs": "I stop eating lunch, skip my 1-to-1s and start dreading the rota coming out.",
    "what_helps": "Saying it out loud to someone I trust, a walk after a run of nights, and writing it down here.",
    "from_your_manager": "A quick check-in after a hard shift, and help protecting time for supervision.",
    "support_to_try": "Restorative supervision with our Professional Nurse Advocate.",
}


def _wellbeing_plan(db: Handle, user_id: str, lib: Library, today: date) -> None:
    """The plan brought to last year's health and wellbeing conversation, so Support shows it and its PDF."""
    day = today - timedelta(days=PLAN_DAYS_AGO)
    plan = EntryInput(template="wellbeing_plan", answers=dict(_PLAN), entry_date=day)
    entries.save_new(db, user_id, _id("wellbeing_plan", 0), plan, lib)
