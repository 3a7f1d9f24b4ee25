"""The wellbeing plan on a real database: the newest plan is the person's own, due its review a year after it was
written (on a fixed clock: not at 364 days, due at a year), reviewed by starting a new plan filled in from the last,
and printed as a PDF holding its questions and answers and nothing else of the journal."""

from __future__ import annotations

import uuid
from datetime import date, timedelta

import pytest

from journal.content.support import content
from journal.reflect import entries, wellbeing
from journal.reflect.entries import EntryInput
from tests.factories import TODAY
from tests.unit.test_reflective import flat, read_pdf

pytestmark = pytest.mark.usefixtures("fixed_clock")
PLAN = {
    "keeps_you_well": "Walking in at lunch with Priya-from-physio",
    "early_signs": "I stop answering texts from friends",
    "what_helps": "An early night and a proper breakfast",
    "from_your_manager": "A five-minute check-in on Mondays",
}


def _write(db, lib, user_id: str, day: date, answers: dict[str, str], template: str = wellbeing.TEMPLATE) -> str:
    entry_id = str(uuid.uuid4())
    entries.save_new(db, user_id, entry_id, EntryInput(template, answers, entry_date=day), lib)
    return entry_id


def test_no_plan_is_no_plan_and_no_review(db, lib, user) -> None:
    _write(db, lib, user.id, TODAY - timedelta(days=800), {"what_happened": "A long shift"}, "session")
    assert wellbeing.newest(db, user.id) is None
    assert wellbeing.review_due(db, user.id, TODAY) is None


@pytest.mark.parametrize(("days_ago", "due"), [(0, False), (200, False), (364, False), (365, True), (900, True)])
def test_a_plan_is_due_its_review_a_year_after_it_was_written(db, lib, user, days_ago: int, due: bool) -> None:
    written = TODAY - timedelta(days=days_ago)  # TODAY is 26 November 2026: no 29 February in the year before
    _write(db, lib, user.id, written, PLAN)
    plan = wellbeing.newest(db, user.id)
    assert plan is not None and plan.written_on == written
    assert plan.review_on == date(written.year + 1, written.month, written.day)
    assert (wellbeing.review_due(db, user.id, TODAY) is not None) is due
    assert (wellbeing.review_due(db, user.id) is not None) is due  # the app's own clock, held at TODAY


def test_a_plan_written_on_29_february_is_due_on_28_february() -> None:
    assert wellbeing.review_on(date(2024, 2, 29)) == date(2025, 2, 28)


def test_the_newest_plan_is_the_persons_own_and_a_new_one_or_the_trash_changes_which(db, lib, make_user) -> None:
    sam, other = make_user("sam"), make_user("other")
    old = _write(db, lib, sam.id, TODAY - timedelta(days=400), PLAN)
    _write(db, lib, other.id, TODAY, {"keeps_you_well": "Someone else's plan"})
    assert wellbeing.newest(db, sam.id).entry.id == old  # the other person's newer plan is theirs alone
    assert wellbeing.review_due(db, sam.id, TODAY) is not None
    new = _write(db, lib, sam.id, TODAY - timedelta(days=10), {**PLAN, "early_signs": "Snapping at the cat"})
    assert wellbeing.newest(db, sam.id).entry.id == new
    assert wellbeing.review_due(db, sam.id, TODAY) is None  # reviewed: the new plan is ten days old
    entries.trash(db, sam.id, new)
    assert wellbeing.newest(db, sam.id).entry.id == old  # the trash isn't a plan


def test_reviewing_starts_a_new_plan_dated_today_with_the_last_ones_answers(db, lib, user) -> None:
    _write(db, lib, user.id, TODAY - timedelta(days=400), PLAN)
    started = wellbeing.review_input(wellbeing.newest(db, user.id), lib)
    assert started.template == wellbeing.TEMPLATE
    assert started.answers == PLAN
    assert started.entry_date == TODAY and started.mood is None and started.energy is None
    _write(db, lib, user.id, started.entry_date, started.answers)  # saving it is the new plan; the old one stays
    assert wellbeing.newest(db, user.id).written_on == TODAY
    assert entries.count(db, user.id) == 2


def test_the_pdf_holds_the_plans_questions_and_answers_and_nothing_else_of_the_journal(db, lib, make_user) -> None:
    sam, other = make_user("sam"), make_user("other")
    _write(db, lib, sam.id, TODAY - timedelta(days=30), {"keeps_you_well": "An older plan, since replaced"})
    _write(db, lib, sam.id, TODAY - timedelta(days=3), {"what_happened": "Night shift on the ward"}, "session")
    _write(db, lib, sam.id, TODAY - timedelta(days=2), PLAN)
    _write(db, lib, other.id, TODAY, {"keeps_you_well": "Swimming before work"})
    plan = wellbeing.newest(db, sam.id)
    words = content().wellbeing
    pages = read_pdf(wellbeing.render_pdf(plan, lib, words))
    bold, regular = flat(pages, bold=True), flat(pages, bold=False)
    questions = [f.label for f in lib.template(wellbeing.TEMPLATE).fields if f.key in PLAN]
    assert bold == " ".join([words.file_title, *questions])  # the title, then each answered question, in order
    for answer in PLAN.values():
        assert answer in regular
    assert "Written on Tue 24 Nov 2026. To review by Wed 24 Nov 2027." in regular
    everything = flat(pages)
    for absent in ("An older plan", "Night shift", "Swimming", "Anything about your work pattern"):
        assert absent not in everything  # older plans, other entries, someone else's, questions left empty
    assert wellbeing.texts(plan, lib) == list(PLAN.values())  # what the identifiability check reads: the answers
    assert wellbeing.file_name(plan) == "wellbeing-plan-2026-11-24.pdf"


def test_characters_the_font_cant_draw_are_named_before_the_download(db, lib, user) -> None:
    _write(db, lib, user.id, TODAY, {"keeps_you_well": "Tea \U0001f375 and a walk"})
    assert wellbeing.unprintable(wellbeing.newest(db, user.id), lib) == ["\U0001f375"]
