"""Reflections for appraisal: the choices offered, only the chosen reflections of their owner, and the PDF."""

from __future__ import annotations

import uuid
from datetime import timedelta

import pytest

from journal.reflect import appraisal, entries
from journal.reflect.appraisal import TITLE, AppraisalError
from journal.reflect.entries import EntryInput
from tests.factories import TODAY
from tests.unit.test_reflective import flat, read_pdf

pytestmark = pytest.mark.usefixtures("fixed_clock")

SESSION = {"what_happened": "A family meeting ran long.", "went_well": "I listened.", "take_forward": "Slow down."}


def write(db, lib, user_id: str, template: str, answers: dict[str, str], days_ago: int) -> str:
    entry_id = str(uuid.uuid4())
    inp = EntryInput(template, answers, entry_date=TODAY - timedelta(days=days_ago))
    entries.save_new(db, user_id, entry_id, inp, lib)
    return entry_id


def test_the_templates_suggested_for_doctors_are_the_gmcs_in_order() -> None:
    assert appraisal.templates() == ("gmc_what_why_how", "aomrc_reflection")


def test_choices_are_newest_first_with_the_persons_words_and_no_one_elses(db, make_user, lib) -> None:
    me, other = make_user("Dr Ana"), make_user("Ben")
    old = write(db, lib, me.id, "session", SESSION, 20)
    new = write(db, lib, me.id, "what_so_what", {"what": "W", "so_what": "S", "now_what": "N"}, 2)
    write(db, lib, other.id, "session", SESSION, 1)
    offered = appraisal.choices(db, me.id)
    assert [s.id for s in offered] == [new, old]
    day = TODAY - timedelta(days=20)
    assert appraisal.describe_choice(lib, offered[1]).startswith(
        f"{day:%a %d %b %Y} · {lib.template_name('session')} · A"
    )


def test_only_your_own_entries_can_be_chosen_and_nothing_is_made_otherwise(db, make_user, lib) -> None:
    me, other = make_user("Dr Ana"), make_user("Ben")
    mine = write(db, lib, me.id, "session", SESSION, 3)
    theirs = write(db, lib, other.id, "session", {"what_happened": "Ben's private words"}, 3)
    with pytest.raises(AppraisalError):
        appraisal.chosen(db, me.id, lib, [mine, theirs])
    with pytest.raises(AppraisalError):
        appraisal.chosen(db, me.id, lib, [])
    entries.trash(db, me.id, mine)
    with pytest.raises(AppraisalError):
        appraisal.chosen(db, me.id, lib, [mine])


def test_the_pdf_holds_each_chosen_reflection_question_by_question_and_nothing_unchosen(db, make_user, lib) -> None:
    me, other = make_user("Dr Ana"), make_user("Ben")
    first = write(db, lib, me.id, "session", SESSION, 10)
    second = write(db, lib, me.id, "what_so_what", {"what": "A hard clinic.", "now_what": "Ask for help."}, 4)
    write(db, lib, me.id, "session", {"what_happened": "Not chosen words"}, 1)
    write(db, lib, other.id, "session", {"what_happened": "Ben's private words"}, 2)
    reflections = appraisal.chosen(db, me.id, lib, [first, second])
    assert [r.template for r in reflections] == [lib.template_name("what_so_what"), lib.template_name("session")]
    text = flat(read_pdf(appraisal.render_pdf(reflections)))
    assert text.startswith(f"{TITLE} 2 reflections")
    questions = {f.key: f.label for f in lib.template("session").fields}
    order = [
        text.index(x)
        for x in (
            f"{(TODAY - timedelta(days=4)):%a %d %b %Y}",
            "A hard clinic.",
            "Ask for help.",
            f"{(TODAY - timedelta(days=10)):%a %d %b %Y}",
            " ".join(questions["what_happened"].split()),
            "A family meeting ran long.",
            " ".join(questions["went_well"].split()),
            "I listened.",
            "Slow down.",
        )
    ]
    assert order == sorted(order)
    assert "Not chosen words" not in text and "Ben's private words" not in text
    so_what = " ".join(lib.template("what_so_what").fields[1].label.split())
    assert so_what not in text  # a question left blank isn't printed
    assert appraisal.texts(reflections) == ["A hard clinic.", "Ask for help.", *SESSION.values()]
