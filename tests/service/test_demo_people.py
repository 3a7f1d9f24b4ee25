"""The demo practitioner's people on a fresh database: about six people, their 1-to-1s linked by `who`,
follow-ups open and done with one kept as a win, introductions asked for, offered and come through; twice is
the same as once."""

from __future__ import annotations

import pytest

from journal.content.library import Library
from journal.demo import people as demo_people
from journal.demo.year import build_demo
from journal.reflect import entries, people
from journal.store import Database
from journal.store import entries as entries_repo
from tests import factories

pytestmark = pytest.mark.usefixtures("fixed_clock")


def test_the_demo_practitioner_meets_people_and_follows_up(db: Database, lib: Library) -> None:
    build_demo(db, lib, today=factories.TODAY, together=False)
    [(user_id,)] = db.all("SELECT id FROM users WHERE username = 'demo'")
    made = demo_people.build(db, user_id, lib, factories.TODAY)
    listed = people.people(db, user_id)
    assert made.people == len(listed) == demo_people.PEOPLE
    assert all("(" not in p.name and p.cares_about and p.last_met for p in listed)
    one_to_ones = [e for e in entries_repo.all_for_user(db, user_id) if e.template == "one_to_one"]
    for p in listed:  # every 1-to-1 naming them is linked, and only those
        about = {e.id for e in one_to_ones if people.who(e) == p.name}
        assert {entry_id for entry_id, _, _ in people.entries_about(db, user_id, p.id)} == about
    assert made.open_actions >= 3 and made.done_actions >= 3 and made.wins == 1
    follow_ups = [a for a in people.all_actions(db, user_id) if a.kind == "follow_up"]
    [won] = [a for a in follow_ups if a.win_entry_id]
    win = entries.get(db, user_id, won.win_entry_id or "")
    assert win is not None and win.is_win and win.answers["the_win"] == won.text
    _, intros = people.insights(db, user_id, factories.TODAY)
    assert intros == "2 introductions you asked for came through."
    offered = [a for a in people.all_actions(db, user_id) if a.kind == "intro_offered"]
    assert len(offered) == 2 and sum(a.done_at is not None for a in offered) == 1
    again = demo_people.build(db, user_id, lib, factories.TODAY)
    assert again == made and len(people.all_actions(db, user_id)) == len(follow_ups) + 5
