"""The CPD log every regulator shares: kept, checked, changed, removed to the trash and back, each person's own."""

from __future__ import annotations

import uuid
from dataclasses import replace
from datetime import timedelta

import pytest

from journal.reflect import cpd, entries
from journal.reflect.cpd import Activity, CpdError
from journal.reflect.entries import EntryInput
from tests.factories import TODAY

pytestmark = pytest.mark.usefixtures("fixed_clock")

GOOD = Activity(
    done_on=TODAY - timedelta(days=3),
    minutes=90,
    participatory=True,
    method="course",
    topic="Falls prevention workshop",
    code_theme="preserve_safety",
    learning_type="formal",
    learned="Ask about footwear first.",
)


def test_an_activity_is_kept_with_its_words_tidied_and_shown_newest_first(db, make_user) -> None:
    me = make_user("Ana")
    older = cpd.add(db, me.id, replace(GOOD, done_on=TODAY - timedelta(days=40), topic="  Reading on sepsis\x07 "))
    newer = cpd.add(db, me.id, GOOD)
    assert [a.id for a in cpd.activities(db, me.id)] == [newer.id, older.id]
    assert cpd.activities(db, me.id)[1].topic == "Reading on sepsis"
    assert [a.id for a in cpd.activities(db, me.id, since=TODAY - timedelta(days=10))] == [newer.id]
    made = cpd.totals(cpd.activities(db, me.id))
    assert (made.minutes, made.participatory_minutes) == (180, 180)


def test_the_persons_own_words_for_something_else_are_kept_and_named_as_typed(db, make_user) -> None:
    me = make_user("Ana")
    kept = cpd.add(db, me.id, replace(GOOD, method="Journal club at lunch"))
    assert kept.method == "Journal club at lunch"
    assert cpd.method_name(kept.method) == "Journal club at lunch" and not cpd.is_listed(kept.method)
    assert cpd.method_name("course") == "A course or workshop" and cpd.is_listed("course")


@pytest.mark.parametrize(
    ("change", "says"),
    [
        ({"done_on": TODAY + timedelta(days=1)}, "today or earlier"),
        ({"minutes": 0}, "how long"),
        ({"minutes": cpd.MAX_MINUTES + 1}, "how long"),
        ({"topic": "   "}, "the topic"),
        ({"topic": "x" * (cpd.MAX_TOPIC_CHARS + 1)}, "a little long"),
        ({"method": ""}, "the method"),
        ({"method": cpd.OTHER}, "Something else"),
        ({"code_theme": "be_nice"}, "Code's four themes"),
        ({"learning_type": "osmosis"}, "types of learning"),
        ({"learned": "x" * (cpd.MAX_LEARNED_CHARS + 1)}, "a little long"),
        ({"entry_id": "not-an-entry"}, "isn't in your journal"),
    ],
)
def test_bad_input_is_refused_kindly_and_nothing_is_kept(db, make_user, change: dict, says: str) -> None:
    me = make_user("Ana")
    with pytest.raises(CpdError, match=says):
        cpd.add(db, me.id, replace(GOOD, **change))
    assert cpd.activities(db, me.id) == [] and cpd.trashed(db, me.id) == []


def test_a_change_that_is_refused_leaves_the_activity_as_it_was(db, make_user) -> None:
    me = make_user("Ana")
    kept = cpd.add(db, me.id, GOOD)
    with pytest.raises(CpdError):
        cpd.change(db, me.id, kept.id, replace(GOOD, minutes=0))
    assert cpd.activities(db, me.id) == [kept]
    changed = cpd.change(db, me.id, kept.id, replace(GOOD, minutes=30, participatory=False, learning_type=None))
    assert cpd.activities(db, me.id) == [changed]
    assert (changed.minutes, changed.participatory, changed.learning_type) == (30, False, None)


def test_an_activity_can_grow_from_the_persons_own_entry(db, make_user, lib) -> None:
    me = make_user("Ana")
    entry_id = str(uuid.uuid4())
    entries.save_new(db, me.id, entry_id, EntryInput("free", {"text": "A teaching session"}, entry_date=TODAY), lib)
    assert cpd.add(db, me.id, replace(GOOD, entry_id=entry_id)).entry_id == entry_id
    other = make_user("Ben")
    with pytest.raises(CpdError):  # someone else can't tie their log to Ana's entry
        cpd.add(db, other.id, replace(GOOD, entry_id=entry_id))


def test_removed_goes_to_the_trash_and_comes_back_or_is_deleted_for_good(db, make_user) -> None:
    me = make_user("Ana")
    first, second = cpd.add(db, me.id, GOOD), cpd.add(db, me.id, replace(GOOD, topic="Second"))
    assert cpd.remove(db, me.id, first.id) and not cpd.remove(db, me.id, first.id)
    assert [a.id for a in cpd.activities(db, me.id)] == [second.id]
    assert [a.id for a in cpd.trashed(db, me.id)] == [first.id]
    with pytest.raises(CpdError):  # a removed activity can't be changed until it's back
        cpd.change(db, me.id, first.id, GOOD)
    assert not cpd.delete_for_good(db, me.id, second.id)  # only from the trash
    assert cpd.restore(db, me.id, first.id)
    assert {a.id for a in cpd.activities(db, me.id)} == {first.id, second.id}
    cpd.remove(db, me.id, second.id)
    assert cpd.delete_for_good(db, me.id, second.id)
    assert cpd.trashed(db, me.id) == [] and [a.id for a in cpd.activities(db, me.id)] == [first.id]


def test_another_person_can_neither_see_nor_change_nor_remove_yours(db, make_user) -> None:
    me, other = make_user("Ana"), make_user("Ben")
    kept = cpd.add(db, me.id, GOOD)
    assert cpd.activities(db, other.id) == []
    with pytest.raises(CpdError):
        cpd.change(db, other.id, kept.id, replace(GOOD, topic="Ben's words"))
    assert not cpd.remove(db, other.id, kept.id)
    cpd.remove(db, me.id, kept.id)
    assert cpd.trashed(db, other.id) == []
    assert not cpd.restore(db, other.id, kept.id) and not cpd.delete_for_good(db, other.id, kept.id)
    assert [a.topic for a in cpd.trashed(db, me.id)] == [GOOD.topic]


def test_hours_read_as_a_person_writes_them_and_the_periods_follow_the_regulator() -> None:
    assert [cpd.hours(m) for m in (60, 90, 15, 1320, 1)] == ["1", "1.5", "0.25", "22", "0.02"]
    assert [cpd.period_years(r) for r in ("nmc", "hcpc", "gmc", None)] == [3, 2, 5, 3]
