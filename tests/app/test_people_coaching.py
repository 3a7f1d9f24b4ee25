"""Sharing the people you meet with a coach, through the pages: off by default, on with the password, the coach
sees names and introductions (never the entries about them), and nothing from the next click once it is off."""

from __future__ import annotations

import pytest

from journal.reflect import people
from journal.store import Database
from tests.app.conftest import texts
from tests.app.test_access_matrix import _sent
from tests.app.test_coaching_pages import Pair, _turn_on, pair  # noqa: F401 (pair is the fixture)

pytestmark = pytest.mark.usefixtures("fixed_clock")
TOGGLE = "coaching.{}.share_people"


def test_the_coach_sees_the_people_only_while_they_are_shared(pair: Pair, db: Database) -> None:  # noqa: F811
    p = pair
    ana = people.add_person(db, p.mentee_user.id, f"Ana-{p.token[:6]}", f"cares-{p.token}")
    people.add_action(db, p.mentee_user.id, f"intro-{p.token}", kind="intro_offered", person_id=ana.id)
    p.coach.run()
    assert f"cares-{p.token}".encode() not in _sent(p.coach)
    _turn_on(p, "share_people")
    assert p.mentee.toggle(key=TOGGLE.format(p.coaching_id)).value is True
    p.coach.run()
    assert not p.coach.exception
    assert "The people they meet" in [h.value for h in p.coach.header]
    shown = texts(p.coach)
    assert ana.name in shown and f"cares-{p.token}" in shown and f"Offered: intro-{p.token}" in shown
    p.mentee.toggle(key=TOGGLE.format(p.coaching_id)).set_value(False).run()
    p.coach.run()
    assert f"cares-{p.token}".encode() not in _sent(p.coach) and ana.name not in texts(p.coach)
