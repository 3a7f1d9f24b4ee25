"""People you meet and actions, drawn from app.py: the empty page, the list, one person open, the identifiability
warning, a 1-to-1's follow-ups kept in "What next?", and an action ticked done and marked a win on Write."""

from __future__ import annotations

import uuid
from datetime import timedelta

import pytest

from journal.content.library import library
from journal.reflect import entries
from journal.reflect import people as people_
from journal.reflect.entries import EntryInput
from journal.ui import nav
from tests import factories
from tests.app.conftest import as_shown, by_suffix, markdown, sign_up, sign_up_on, texts, user_id

pytestmark = pytest.mark.usefixtures("fixed_clock")
ADD = "FormSubmitter:people.add-Add"


def add(at, name: str, cares: str = ""):
    at.text_input(key="people.add.name").input(name)
    at.text_area(key="people.add.cares").input(cares)
    return at.button(key=ADD).click().run()


def test_the_empty_page_says_what_it_is_for_and_how_to_start(app, db) -> None:
    at = sign_up_on(app, nav.PEOPLE.file)
    [info] = at.info
    assert "private list of the people you meet" in info.value and "After a 1-to-1" in info.value
    assert at.text_input(key="people.add.name").label == "First name or initials"


def test_adding_someone_lists_them_privately_and_opens_them(app, db) -> None:
    at = sign_up_on(app, nav.PEOPLE.file)
    at = add(at, "Ana", "Safe staffing on nights")
    assert not at.exception
    [ana] = people_.people(db, user_id(at))
    assert (ana.name, ana.cares_about) == ("Ana", "Safe staffing on nights")
    assert "Safe staffing on nights" in texts(at)  # opened at once, their words as text
    at.button(key="people.back").click().run()
    assert "**Ana**" in markdown(at) and "No 1-to-1 written about yet" in markdown(at)


def test_a_full_name_is_warned_about_and_saved_only_when_kept(app, db) -> None:
    at = sign_up_on(app, nav.PEOPLE.file)
    at = add(at, "Jo Bloggs", "Ring her on 07700 900123")
    assert not at.exception
    assert any(w.value.startswith("Before you keep this") for w in at.warning)
    assert {"Full name: Jo Bloggs", "Phone number: 07700 900123"} <= set(texts(at))
    assert people_.people(db, user_id(at)) == []  # nothing kept yet
    at.button(key="people.edit_text.add").click().run()
    assert not at.warning and at.text_input(key="people.add.name").value == "Jo Bloggs"  # still there to edit
    at = at.button(key=ADD).click().run()
    at.button(key="people.keep.add").click().run()
    assert [p.name for p in people_.people(db, user_id(at))] == ["Jo Bloggs"]


def test_a_name_too_long_from_a_one_to_one_is_refused_kindly_and_nothing_is_kept(app, db) -> None:
    at = sign_up(app(), "Sam")
    at.button(key="pick.one_to_one").click().run()
    long_name = "Bartholomew-Montgomery the third from the choir"  # the form's box allows it; the list does not
    by_suffix(at.text_input, ".a.who").input(long_name)
    by_suffix(at.text_area, ".a.follow_up").input("Ring back")
    by_suffix(at.button, ".save").click().run()
    at.button(key=[b.key for b in at.button if b.key and b.key.startswith("actions.add_person.")][0]).click().run()
    assert not at.exception
    assert any("up to 40 characters" in e.value for e in at.error)
    assert people_.people(db, user_id(at)) == []


def test_one_person_open_shows_cares_introductions_follow_ups_and_entries(app, db) -> None:
    at = sign_up_on(app, nav.PEOPLE.file)
    me = user_id(at)
    lib = library()
    ana = people_.add_person(db, me, "Ana", "Housing for young carers")
    entry_id = str(uuid.uuid4())
    inp = EntryInput("one_to_one", {"who": "Ana", "common_ground": "Both carers"})
    inp.entry_date = factories.TODAY - timedelta(days=2)
    entries.save_new(db, me, entry_id, inp, lib)
    people_.link(db, me, entry_id, ana.id)
    intro = people_.add_action(db, me, "Someone at the council", kind="intro_asked", person_id=ana.id)
    people_.add_action(db, me, "Send the rota", person_id=ana.id)
    at.run()
    at.button(key=f"people.open.{ana.id}").click().run()
    assert not at.exception
    shown = texts(at)
    assert "Housing for young carers" in shown and "Send the rota" in shown
    assert "An introduction I asked for: Someone at the council" in shown
    assert any("Last met" in c and "2 days ago" in c for c in markdown(at))
    at.checkbox(key=f"people.intro.{intro.id}").check().run()
    assert people_.all_actions(db, me, person_id=ana.id)[0].done_at is not None  # it came through
    at.button(key=f"people.trash.{ana.id}").click().run()
    assert people_.people(db, me) == [] and [p.id for p in people_.trashed(db, me)] == [ana.id]


def test_a_one_to_ones_follow_ups_are_kept_as_actions_and_the_person_added(app, db) -> None:
    at = sign_up(app(), "Sam")
    at.button(key="pick.one_to_one").click().run()
    by_suffix(at.text_input, ".a.who").input("Bo")
    by_suffix(at.text_area, ".a.follow_up").input("Send Bo the leaflet\nAsk about the choir")
    by_suffix(at.text_area, ".a.agreed").input("Meet in May")
    by_suffix(at.button, ".save").click().run()
    assert not at.exception
    me = user_id(at)
    assert "Bo" in texts(at)  # the name offered as text
    at.button(key=[b.key for b in at.button if b.key and b.key.startswith("actions.add_person.")][0]).click().run()
    [bo] = people_.people(db, me)
    assert bo.name == "Bo"
    submit = [b for b in at.button if b.key and b.key.startswith("FormSubmitter:actions.suggested.")][0]
    submit.click().run()
    assert not at.exception
    kept = people_.open_actions(db, me)
    assert [(a.text, a.person_id) for a in kept] == [("Send Bo the leaflet", bo.id), ("Ask about the choir", bo.id)]
    assert "2 actions kept from this entry." in as_shown(" ".join(markdown(at)))
    [entry_id] = {a.entry_id for a in kept}
    assert people_.entries_about(db, me, bo.id)[0][0] == entry_id


def test_an_action_ticked_done_and_marked_a_win_shows_on_wins(app, db) -> None:
    at = sign_up(app(), "Sam")
    me = user_id(at)
    act = people_.add_action(db, me, "Sent Bo the leaflet", due=factories.TODAY + timedelta(days=1))
    at.run()
    assert "Sent Bo the leaflet" in texts(at) and "by tomorrow" in markdown(at)
    at.button(key=f"actions.done.{act.id}").click().run()
    assert people_.open_actions(db, me) == []
    at.button(key=f"actions.win.{act.id}").click().run()
    assert not at.exception
    [row] = people_.closed_actions(db, me)
    win = entries.get(db, me, row.win_entry_id or "")
    assert win is not None and win.is_win and win.answers["the_win"] == "Sent Bo the leaflet"
    at.switch_page(nav.WINS.file).run()
    assert not at.exception
    assert any("Sent Bo the leaflet" in as_shown(m) for m in markdown(at) + texts(at))


def test_a_trashed_person_is_restored_from_the_trash_page(app, db) -> None:
    at = sign_up_on(app, nav.TRASH.file)
    me = user_id(at)
    ana = people_.add_person(db, me, "Ana")
    people_.trash(db, me, ana.id)
    at.run()
    assert "**Ana**" in markdown(at) and "No entries in the trash." in [i.value for i in at.info]
    at.button(key=f"people.restore.{ana.id}").click().run()
    assert not at.exception and [p.id for p in people_.people(db, me)] == [ana.id]
    assert [i.value for i in at.info] == ["The trash is empty."]


def test_wins_says_not_enough_data_yet_then_the_introductions_that_came_through(app, db) -> None:
    at = sign_up_on(app, nav.WINS.file)
    me = user_id(at)
    assert any("Weeks with a 1-to-1 and your energy: not enough data yet." in m for m in markdown(at))
    for n in range(3):
        people_.mark_done(db, me, people_.add_action(db, me, f"Intro {n}", kind="intro_asked").id)
    at.run()
    assert any(m.startswith("3 introductions you asked for came through.") for m in markdown(at))


def test_an_action_can_be_added_from_an_entry_open_on_journal(app, db) -> None:
    at = sign_up(app(), "Sam")
    me = user_id(at)
    entry_id = str(uuid.uuid4())
    entries.save_new(db, me, entry_id, EntryInput("free", {"text": "A long day"}), library())
    at.session_state["journal.open"] = entry_id
    at.switch_page(nav.JOURNAL.file).run()
    at.text_input(key=f"actions.b.{entry_id}.text").input("Book a proper break")
    at.button(key=f"FormSubmitter:actions.b.{entry_id}-Add an action").click().run()
    assert not at.exception
    [kept] = people_.open_actions(db, me)
    assert (kept.text, kept.entry_id) == ("Book a proper break", entry_id)


def test_a_one_to_one_naming_someone_listed_is_linked_and_can_be_moved_to_someone_else(app, db) -> None:
    at = sign_up(app(), "Sam")
    me = user_id(at)
    ana, bo = people_.add_person(db, me, "Ana"), people_.add_person(db, me, "Bo")
    at.button(key="pick.one_to_one").click().run()
    by_suffix(at.text_input, ".a.who").input("ana")
    by_suffix(at.text_area, ".a.common_ground").input("Both carers")
    by_suffix(at.button, ".save").click().run()
    assert people_.entries_about(db, me, ana.id) != []  # matched ignoring case, no click needed
    [entry_id] = [e for e, _, _ in people_.entries_about(db, me, ana.id)]
    chooser = at.selectbox(key=f"actions.person.{entry_id}")
    assert chooser.value == ana.id
    chooser.set_value(bo.id).run()
    assert people_.people_of_entry(db, me, entry_id) == [bo.id]
    people_.add_action(db, me, "Ring Bo", entry_id=entry_id, person_id=bo.id)
    at.selectbox(key=f"actions.person.{entry_id}").set_value("").run()
    assert people_.people_of_entry(db, me, entry_id) == []  # nobody from the list, and it stays so
    assert [a.person_id for a in people_.open_actions(db, me)] == [None]  # its action follows
    at.run()
    assert people_.people_of_entry(db, me, entry_id) == []
