"""Write with a calendar event's link (/?checkback=<id>): one's own look back opens a follow-up beside the entry it
looks back on, and saving it answers it; anyone else's or an unknown one is a kind message and nothing opens; one
already answered says so. Look-backs due show on Write to open now or set aside."""

from __future__ import annotations

import uuid
from datetime import time, timedelta

import pytest

from journal.content.library import library
from journal.reflect import checkbacks, entries
from journal.reflect.checkbacks import Planned
from journal.reflect.entries import EntryInput
from journal.together import coaching
from journal.together.groups import membership as groups
from tests.app.conftest import app_store, by_suffix, sign_up, texts, user_id
from tests.factories import TODAY

pytestmark = pytest.mark.usefixtures("fixed_clock")
HARD_DAY = "The ward round ran over and I snapped at a student"


def _setback_with_look_back(person: str, due_on=TODAY) -> tuple[str, str]:
    """A setback of this person's and a look back on it due `due_on`: (entry id, check-back id)."""
    with app_store() as db:
        lib = library()
        entry_id = str(uuid.uuid4())
        entries.save_new(db, person, entry_id, EntryInput("setback", {"what_happened": HARD_DAY}, mood=2), lib)
        look = checkbacks.check_back_id(person, "entry", entry_id, due_on)
        planned = Planned(look, "entry", entry_id, due_on, time(17, 30))
        checkbacks.keep(db, person, planned)
        return entry_id, planned.id


def _open(at, check_back_id: str):
    at.query_params[checkbacks.LINK] = check_back_id
    at.run()
    assert not at.exception
    assert checkbacks.LINK not in at.query_params  # taken once: a reload opens nothing more
    return at


def test_ones_own_link_opens_the_follow_up_beside_the_entry_and_saving_answers_it(app) -> None:
    at = sign_up(app(), "Sam")
    _, look = _setback_with_look_back(user_id(at))
    _open(at, look)
    form = at.session_state["write.open"]
    assert form.template == checkbacks.TEMPLATE
    assert HARD_DAY in texts(at)  # the original, as text
    with app_store() as db:
        assert checkbacks.get(db, user_id(at), look).answered_entry_id == form.entry_id
    by_suffix(at.text_area, ".a.how_it_looks_now").input("Smaller now; I apologised and we laughed")
    by_suffix(at.button, ".save").click().run()
    assert not at.exception and "write.open" not in at.session_state
    with app_store() as db:
        row = checkbacks.get(db, user_id(at), look)
        assert row.answered_at is not None
        assert entries.get(db, user_id(at), form.entry_id).template == checkbacks.TEMPLATE
    _open(at, look)  # answered: said so, nothing opens
    assert "write.open" not in at.session_state
    assert [i.value for i in at.info if "already looked back" in i.value]


def test_someone_elses_or_an_unknown_link_opens_nothing_and_says_so_kindly(app) -> None:
    other = sign_up(app(), "Other")
    _, theirs = _setback_with_look_back(user_id(other))
    at = sign_up(app(), "Sam")
    for asked in (theirs, str(uuid.uuid4()), "<b>nope</b>"):
        _open(at, asked)
        assert "write.open" not in at.session_state
        assert HARD_DAY not in texts(at)
        assert [i.value for i in at.info if "isn\u2019t one of yours" in i.value or "isn't one of yours" in i.value]
    with app_store() as db:
        assert checkbacks.get(db, user_id(other), theirs).answered_entry_id is None


def test_a_look_back_due_today_waits_on_write_to_open_now_or_set_aside(app) -> None:
    at = sign_up(app(), "Sam")
    _, first = _setback_with_look_back(user_id(at))
    _, second = _setback_with_look_back(user_id(at))
    at.run()
    assert at.button(key=f"checkbacks.now.{first}") and at.button(key=f"checkbacks.now.{second}")
    at.button(key=f"checkbacks.not_now.{second}").click().run()
    assert not at.exception
    assert not [b for b in at.button if b.key == f"checkbacks.now.{second}"]
    at.button(key=f"checkbacks.now.{first}").click().run()
    at.run()  # the link's way in, on the rerun the click asked for
    assert not at.exception
    assert at.session_state["write.open"].template == checkbacks.TEMPLATE
    assert HARD_DAY in texts(at)


def test_after_a_setback_what_next_offers_both_look_backs_as_calendar_files(app) -> None:
    at = sign_up(app(), "Sam")
    at.button(key="pick.setback").click().run()
    by_suffix(at.text_area, ".a.what_happened").input(HARD_DAY)
    by_suffix(at.button, ".save").click().run()
    assert not at.exception
    offered = [d for d in at.get("download_button") if "checkbacks.offer" in str(d.proto.id)]
    assert [d.proto.label for d in offered] == ["Look back in 3 days", "Look back in 4 weeks"]
    assert "**Look back on this, a little later**" in [m.value for m in at.markdown]
    with app_store() as db:
        assert checkbacks.repo.all_for_user(db, user_id(at)) == []  # nothing planned until a file is downloaded


def _look_back_on(person: str, kind: str, about_id: str) -> str:
    with app_store() as db:
        planned = checkbacks.plan_on(db, person, kind, about_id, TODAY, time(9, 0))
        checkbacks.keep(db, person, planned)
        return planned.id


def test_a_coaching_sessions_link_opens_that_coaching_on_each_persons_own_side(app) -> None:
    mentee, coach = sign_up(app(), "Mentee"), sign_up(app(), "Coach")
    with app_store() as db:
        started = coaching.accept_invite(db, user_id(coach), coaching.make_invite(db, user_id(mentee)).code)
    _open(mentee, _look_back_on(user_id(mentee), "coaching", started.id))
    assert mentee.session_state["coaching.open"] == started.id
    assert "Your next session" in [e.label for e in mentee.expander]  # on the mentee's own page
    assert not [d for d in mentee.get("download_button") if ".next." in str(d.proto.id)]  # no file before a day
    mentee.date_input(key=f"coaching.next.mentee.{started.id}.day").set_value(TODAY + timedelta(days=7)).run()
    assert [d.proto.label for d in mentee.get("download_button") if ".next." in str(d.proto.id)] == [
        "Add to your calendar"
    ]
    _open(coach, _look_back_on(user_id(coach), "coaching", started.id))
    assert coach.session_state["coaching_others.open"] == started.id
    assert "Your next session" in [e.label for e in coach.expander]


def test_a_regroups_link_opens_the_group_only_for_a_member(app) -> None:
    member, stranger = sign_up(app(), "Member"), sign_up(app(), "Stranger")
    with app_store() as db:
        group = groups.create_group(db, user_id(member), "Ward 7 regroup").group
    _open(member, _look_back_on(user_id(member), "group", group.id))
    assert member.session_state["groups.open"] == group.id
    assert any(e.label.startswith("Our next regroup") for e in member.expander)
    _open(stranger, _look_back_on(user_id(stranger), "group", group.id))  # their own row, but not their group
    assert "groups.open" not in stranger.session_state
    assert [i.value for i in stranger.info if "aren't in that group" in i.value]


def test_a_follow_up_left_as_a_draft_and_resumed_later_still_answers_its_look_back(app) -> None:
    at = sign_up(app(), "Sam")
    _, look = _setback_with_look_back(user_id(at))
    _open(at, look)
    follow_up = at.session_state["write.open"].entry_id
    by_suffix(at.text_area, ".a.what_helped_since").input("A walk at lunch").run()
    by_suffix(at.button, ".close").click().run()
    assert "write.open" not in at.session_state
    at.button(key=f"resume.{follow_up}").click().run()
    assert not at.exception and at.session_state["write.open"].entry_id == follow_up
    assert HARD_DAY in texts(at)  # still beside the entry it looks back on
    by_suffix(at.button, ".save").click().run()
    with app_store() as db:
        assert checkbacks.get(db, user_id(at), look).answered_at is not None
        assert entries.get(db, user_id(at), follow_up).answers["what_helped_since"] == "A walk at lunch"
