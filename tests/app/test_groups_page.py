"""The Peer groups page, with two and three people in their own browser sessions on one database file.

A facilitator starts a group, a member joins with the code and is approved, consents and shares, stops, and
leaves; an outsider gets nowhere. Each step is checked in the database as well as on the page.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

from streamlit.testing.v1 import AppTest

from journal.content.library import Library
from journal.reflect import entries
from journal.reflect.entries import EntryInput
from journal.store import Database
from journal.together.groups import access as group_access
from journal.ui import nav
from tests.app.conftest import markdown, sign_up, texts
from tests.app.conftest import user_id as uid
from tests.factories import PASSWORD

PAGE = nav.GROUPS.file
NAME = "Ward 7 regroup"


def on_groups(at: AppTest) -> AppTest:
    at.switch_page(PAGE).run()
    assert not at.exception, at.exception
    return at


def person(app: Callable[[], AppTest], name: str) -> AppTest:
    return on_groups(sign_up(app(), name))


def rerun(at: AppTest | Any) -> AppTest:
    """Run the session again: `at` may be the session or a widget just clicked (its run() runs the session)."""
    at = at.run()
    assert not at.exception, at.exception
    return at


def start_group(at: AppTest) -> tuple[str, str]:
    """The facilitator starts a group; returns its id and the join code shown once."""
    at.text_input(key="groups.start.name").input(NAME)
    rerun(at.button(key="FormSubmitter:groups.start-Start the group").click())
    [code] = [c.value for c in at.code]
    return at.session_state["groups.open"], code


def ask_to_join(at: AppTest, code: str) -> AppTest:
    at.text_input(key="groups.join.code").input(code)
    return rerun(at.button(key="FormSubmitter:groups.join-Ask to join").click())


def choices(db: Database, group_id: str, user_id: str) -> tuple | None:
    return db.one(
        "SELECT status, share_scores, share_checkins FROM group_members WHERE group_id = ? AND user_id = ?",
        [group_id, user_id],
    )


def save_choices(at: AppTest, group_id: str, *, scores: bool, password: str | None = None) -> AppTest:
    box = at.checkbox(key=f"groups.{group_id}.s")
    box.check() if scores else box.uncheck()
    if password is not None:
        at.text_input(key=f"groups.{group_id}.pw").input(password)
    return rerun(at.button(key=f"FormSubmitter:groups.share.{group_id}-Save my choices").click())


def joined(app: Callable[[], AppTest], db: Database) -> tuple[AppTest, AppTest, str, str]:
    """An admin account first (so nobody below is the admin), then a facilitator with one approved member."""
    sign_up(app(), "Admin")
    fran, mo = person(app, "Fran"), person(app, "Mo")
    group_id, code = start_group(fran)
    ask_to_join(mo, code)
    rerun(fran).button(key=f"groups.approve.{uid(mo)}").click()
    rerun(fran)
    assert choices(db, group_id, uid(mo)) == ("member", False, False)
    rerun(rerun(mo).button(key=f"groups.open.{group_id}").click())
    return fran, mo, group_id, code


def test_a_member_joins_is_approved_consents_shares_revokes_and_leaves(app, db: Database) -> None:
    sign_up(app(), "Admin")
    fran, mo = person(app, "Fran"), person(app, "Mo")
    group_id, code = start_group(fran)
    assert code.startswith("HARB-") and NAME in texts(fran)
    assert "Shown only now" in " ".join(markdown(fran))

    ask_to_join(mo, code)
    assert any("Request sent" in s.value for s in mo.success)
    assert NAME in texts(mo) and any("Waiting for the facilitator" in c for c in markdown(mo))
    assert not [b for b in mo.button if b.key == f"groups.open.{group_id}"]  # nothing to open while waiting
    assert choices(db, group_id, uid(mo)) == ("pending", False, False)

    rerun(fran)
    assert "Mo" in texts(fran)  # the request, by name, for the facilitator
    rerun(fran.button(key=f"groups.approve.{uid(mo)}").click())
    assert choices(db, group_id, uid(mo)) == ("member", False, False)  # approved, and still sharing nothing

    rerun(mo).button(key=f"groups.open.{group_id}").click()
    rerun(mo)
    consent = " ".join(markdown(mo))
    assert "Joining shares nothing by itself" in consent
    assert "Each figure only when at least 5 members shared that week" in consent
    assert "worked out once, when the week closes, and then kept as they are" in consent
    assert "Never your entries" in consent

    save_choices(mo, group_id, scores=True)  # no password: refused, nothing changes
    assert any("type your password again" in e.value for e in mo.error)
    assert choices(db, group_id, uid(mo)) == ("member", False, False)
    save_choices(mo, group_id, scores=True, password="not the password at all")
    assert any("isn't your current password" in e.value for e in mo.error)
    assert choices(db, group_id, uid(mo)) == ("member", False, False)
    save_choices(mo, group_id, scores=True, password=PASSWORD)
    assert choices(db, group_id, uid(mo)) == ("member", True, False)
    assert any("apply from this week" in s.value for s in mo.success)

    save_choices(mo, group_id, scores=False)  # stopping needs no password
    assert choices(db, group_id, uid(mo)) == ("member", False, False)

    mo.checkbox(key="groups.leave.sure").check()
    rerun(mo)
    rerun(next(b for b in mo.button if b.label == "Leave this group").click())
    assert choices(db, group_id, uid(mo)) is None
    assert any("You've left the group" in s.value for s in mo.success)
    assert NAME not in texts(mo)

    rerun(fran)
    assert "Mo" not in texts(fran)


def test_an_outsider_gets_nowhere_and_a_rotated_code_stops_working(app, db: Database) -> None:
    fran, mo, group_id, old_code = joined(app, db)
    sam = person(app, "Sam")

    ask_to_join(sam, "HARB-0000-0000-0000")
    assert any("doesn't open any group" in e.value for e in sam.error)
    ask_to_join(sam, "hello")
    assert any("doesn't look like a join code" in e.value for e in sam.error)

    sam.session_state["groups.open"] = group_id  # as if the group's id had been handed over somehow
    rerun(sam)
    assert any(group_access.NOT_A_MEMBER in i.value for i in sam.info)
    assert NAME not in texts(sam) and not sam.tabs

    rerun(fran)
    rerun(next(b for b in fran.button if b.label == "Make a new join code").click())
    [new_code] = [c.value for c in fran.code]
    assert new_code != old_code
    sam.session_state["groups.open"] = None
    rerun(sam)
    ask_to_join(sam, old_code)
    assert any("stops working as soon as they make a new one" in e.value for e in sam.error)
    assert choices(db, group_id, uid(sam)) is None
    ask_to_join(sam, new_code)
    assert choices(db, group_id, uid(sam)) == ("pending", False, False)
    assert mo.session_state["harbour.user"].username == "Mo"


def test_a_posted_win_shows_only_the_chosen_words_and_the_prompt_opens_in_write(
    app, db: Database, lib: Library
) -> None:
    fran, mo, group_id, _ = joined(app, db)
    token = uuid.uuid4().hex
    win_id = str(uuid.uuid4())
    entries.save_new(db, uid(mo), win_id, EntryInput("win", {"the_win": f"private-{token}"}, is_win=True), lib)

    prompt = lib.prompts[4]
    fran.selectbox(key=f"groups.{group_id}.prompt").set_value(prompt.id)
    rerun(fran.button(key=f"FormSubmitter:groups.settings.{group_id}-Save group settings").click())

    rerun(mo)
    assert prompt.text in texts(mo)
    mo.text_area(key=f"groups.{group_id}.win.{win_id}.text").input("The rota is agreed")
    rerun(mo.button(key=f"groups.{group_id}.post").click())
    assert any("Posted to the wins wall" in s.value for s in mo.success)

    rerun(fran)
    assert "The rota is agreed" in texts(fran)
    assert any(c.startswith("A member · ") for c in markdown(fran))
    assert "— Mo" not in texts(fran)
    assert token not in repr([texts(fran), markdown(fran)])

    rerun(mo.button(key="groups.answer").click())
    assert mo.session_state["write.initial"].prompt_id == prompt.id
    assert prompt.text in texts(mo)  # the Write page, on free writing, with the group's prompt in place


def test_the_header_counts_the_roster_and_never_states_how_many_shared(app, db: Database) -> None:
    fran, mo, group_id, _ = joined(app, db)
    header = next(c.value for c in mo.caption if "in the group" in c.value)
    # Two approved members in the group; the figures' "k or more" is said the same way the figures say it.
    assert (
        header
        == "2 members in the group · each week's figures come from 5 or more of those who shared, never an exact number"
    )
    assert "you facilitate this group" in next(c.value for c in rerun(fran).caption if "in the group" in c.value)
