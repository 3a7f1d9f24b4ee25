"""Check-backs on a real database: each person's own, planned once however often the file is downloaded, opened
once as a follow-up linked to its entry, answered or set aside, never offered for an entry in the trash, and the
follow-ups' words in the story of the setback on Wins."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, time, timedelta

import pytest

from journal.reflect import checkbacks, entries, settings, wins
from journal.reflect.checkbacks import CheckBackError
from journal.reflect.entries import EntryInput
from tests.factories import TODAY

SETBACK = {"what_happened": "The handover went badly and I froze", "how_it_landed": "Heavy"}


def _write(db, lib, user_id: str, template: str, answers: dict, day: date = TODAY, entry_id: str | None = None):
    entry_id = entry_id or str(uuid.uuid4())
    return entries.save_new(db, user_id, entry_id, EntryInput(template, answers, mood=2, entry_date=day), lib).entry


@pytest.fixture
def setback(db, lib, make_user, fixed_clock):
    me = make_user("Ruth")
    return me, _write(db, lib, me.id, "setback", SETBACK)


def test_planned_once_at_the_persons_reminder_time_and_only_theirs(db, make_user, setback) -> None:
    me, entry = setback
    settings.update(db, me.id, reminder_time="07:45")
    planned = checkbacks.plan_entry(db, me.id, entry, 3)
    assert planned.due_on == TODAY + timedelta(days=3) and planned.at == time(7, 45)
    assert not checkbacks.kept(db, me.id, planned.id)
    checkbacks.keep(db, me.id, planned)
    checkbacks.keep(db, me.id, checkbacks.plan_entry(db, me.id, entry, 3))  # downloaded twice: one look back
    assert checkbacks.kept(db, me.id, planned.id)
    assert [r.id for r in checkbacks.repo.all_for_user(db, me.id)] == [planned.id]

    other = make_user("Other")
    assert not checkbacks.kept(db, other.id, planned.id)
    with pytest.raises(CheckBackError) as theirs:
        checkbacks.open_entry(db, other.id, planned.id)
    with pytest.raises(CheckBackError) as unknown:
        checkbacks.open_entry(db, me.id, str(uuid.uuid4()))
    assert str(theirs.value) == str(unknown.value) == checkbacks.NOT_FOUND  # no hint that it exists
    with pytest.raises(CheckBackError):
        checkbacks.dismiss(db, other.id, planned.id)
    assert checkbacks.repo.get(db, me.id, planned.id).dismissed_at is None
    with pytest.raises(CheckBackError):
        checkbacks.plan_entry(db, other.id, entry, 3)  # not their entry
    with pytest.raises(CheckBackError):
        checkbacks.plan_entry(db, me.id, entry, 5)  # only the days offered


def test_opened_as_a_linked_follow_up_then_answered(db, lib, setback, fixed_clock) -> None:
    me, entry = setback
    planned = checkbacks.plan_entry(db, me.id, entry, 3)
    checkbacks.keep(db, me.id, planned)
    later = TODAY + timedelta(days=3)
    assert checkbacks.due(db, me.id, TODAY) == []
    assert [(r.id, e.id) for r, e in checkbacks.due(db, me.id, later)] == [(planned.id, entry.id)]

    row, follow_up = checkbacks.open_entry(db, me.id, planned.id)
    assert row.about_id == entry.id
    assert checkbacks.open_entry(db, me.id, planned.id)[1] == follow_up  # opened again: the same follow-up (a draft)
    assert checkbacks.answering(db, me.id, follow_up).id == planned.id
    fixed_clock.advance(days=3)
    saved = _write(db, lib, me.id, checkbacks.TEMPLATE, {"how_it_looks_now": "Lighter"}, later, follow_up)
    checkbacks.answered(db, me.id, saved)
    assert checkbacks.due(db, me.id, later) == []
    with pytest.raises(CheckBackError, match="already looked back"):
        checkbacks.open_entry(db, me.id, planned.id)
    assert checkbacks.follow_ups(db, me.id) == {entry.id: [follow_up]}


def test_not_now_and_the_trash_keep_it_off_write(db, lib, setback) -> None:
    me, entry = setback
    later = TODAY + timedelta(days=28)
    for days in checkbacks.IN_DAYS:
        checkbacks.keep(db, me.id, checkbacks.plan_entry(db, me.id, entry, days))
    soon, late = (checkbacks.plan_entry(db, me.id, entry, d).id for d in checkbacks.IN_DAYS)
    checkbacks.dismiss(db, me.id, soon)
    assert [r.id for r, _ in checkbacks.due(db, me.id, later)] == [late]
    entries.trash(db, me.id, entry.id)
    assert checkbacks.due(db, me.id, later) == []
    with pytest.raises(CheckBackError, match="trash"):
        checkbacks.open_entry(db, me.id, late)
    entries.restore(db, me.id, entry.id)
    assert [r.id for r, _ in checkbacks.due(db, me.id, later)] == [late]
    with pytest.raises(CheckBackError):
        checkbacks.plan_entry(db, me.id, entries.get(db, me.id, entry.id), 7)


def test_a_coaching_session_or_a_regroup_on_a_chosen_day(db, make_user, fixed_clock) -> None:
    me = make_user("Ruth")
    planned = checkbacks.plan_on(db, me.id, "coaching", "coaching-1", TODAY + timedelta(days=5), time(9, 30))
    assert (planned.kind, planned.at) == ("coaching", time(9, 30))
    checkbacks.keep(db, me.id, planned)
    assert checkbacks.get(db, me.id, planned.id).about_id == "coaching-1"
    assert checkbacks.due(db, me.id, TODAY + timedelta(days=9)) == []  # Write's list is for entries only
    with pytest.raises(CheckBackError):
        checkbacks.open_entry(db, me.id, planned.id)
    with pytest.raises(CheckBackError, match="already gone"):
        checkbacks.plan_on(db, me.id, "group", "group-1", TODAY - timedelta(days=1))
    with pytest.raises(CheckBackError):
        checkbacks.plan_on(db, me.id, "party", "x", TODAY)
    assert checkbacks.plan_on(db, me.id, "group", "group-1", TODAY).at == time(17, 30)


@dataclass(frozen=True)
class _Episode:
    started: date
    recovered: date | None
    trigger: str = "setback"


def test_what_was_written_looking_back_is_in_the_story_of_the_setback(db, lib, setback, fixed_clock) -> None:
    me, entry = setback
    planned = checkbacks.plan_entry(db, me.id, entry, 3)
    checkbacks.keep(db, me.id, planned)
    _, follow_up = checkbacks.open_entry(db, me.id, planned.id)
    later = TODAY + timedelta(days=3)
    fixed_clock.advance(days=3)
    saved = _write(db, lib, me.id, checkbacks.TEMPLATE, {"how_it_looks_now": "Smaller than it felt"}, later, follow_up)
    checkbacks.answered(db, me.id, saved)

    (story,) = wins.comebacks(db, me.id, [_Episode(TODAY, later + timedelta(days=1))], later)
    assert [(m.entry_id, m.kind, m.answers) for m in story.looked_back] == [
        (follow_up, "Looking back", ("Smaller than it felt",))
    ]
    assert follow_up not in [m.entry_id for m in story.days_after]  # told once, as a look back
    entries.trash(db, me.id, follow_up)
    (story,) = wins.comebacks(db, me.id, [_Episode(TODAY, later + timedelta(days=1))], later)
    assert story.looked_back == ()


def test_the_demo_looks_back_on_its_setbacks_most_answered_and_one_due_today(db, lib, make_user, fixed_clock) -> None:
    from journal.demo import checkbacks as demo

    me = make_user("Demo")
    olds = [_write(db, lib, me.id, "setback", SETBACK, TODAY - timedelta(days=d)) for d in (200, 120, 60, 40, 20)]
    newest = _write(db, lib, me.id, "setback", SETBACK, TODAY - timedelta(days=1))
    assert demo.build(db, me.id, lib, TODAY) == 5
    answered = checkbacks.follow_ups(db, me.id)
    assert sorted(answered) == sorted(e.id for e in olds[1:])  # the four most recent before the newest
    for original, (follow_up,) in answered.items():
        written = entries.get(db, me.id, follow_up)
        assert written.template == checkbacks.TEMPLATE and written.answers
        assert written.entry_date == entries.get(db, me.id, original).entry_date + timedelta(days=3)
    assert [e.id for _, e in checkbacks.due(db, me.id, TODAY)] == [newest.id]
    assert demo.build(db, make_user("Nobody").id, lib, TODAY) == 0
