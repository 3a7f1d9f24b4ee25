"""People you meet and actions on a real database: only ever one's own, bad input changes nothing, trash and
restore, a done action marked a win, the 1-to-1 insight from real rows, and erasing an account removes it all."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import date, timedelta

import pytest

from journal.accounts import AccountError, User
from journal.content.library import Library
from journal.reflect import entries
from journal.reflect import people as people_
from journal.reflect.entries import EntryInput
from journal.reflect.people import PeopleError
from journal.store import Database
from journal.store.erase import erase_account
from journal.together import coaching
from journal.together.coaching import CoachingError
from tests import factories
from tests.factories import PASSWORD

pytestmark = pytest.mark.usefixtures("fixed_clock")


@pytest.fixture
def other(make_user: Callable[..., User]) -> User:
    return make_user("sam")


def write(
    db: Database, user: User, lib: Library, template: str = "one_to_one", on: date = factories.TODAY, energy=None, **a
) -> str:
    entry_id = str(uuid.uuid4())
    inp = EntryInput(template, a or {"who": "Ana", "follow_up": "Send Ana the rota\n- ask about the choir"})
    inp.entry_date, inp.energy = on, energy
    entries.save_new(db, user.id, entry_id, inp, lib)
    return entry_id


def test_a_person_is_kept_listed_and_matched_by_name_ignoring_case(db: Database, user: User, lib: Library) -> None:
    ana = people_.add_person(db, user.id, "  Ana ", "Safe staffing")
    assert (ana.name, ana.cares_about) == ("Ana", "Safe staffing")
    entry_id = write(db, user, lib, on=factories.TODAY - timedelta(days=3))
    assert people_.match(db, user.id, "ANA") == people_.person(db, user.id, ana.id)
    assert people_.link(db, user.id, entry_id, ana.id)
    assert not people_.link(db, user.id, entry_id, ana.id)  # once
    [listed] = people_.people(db, user.id)
    assert listed.last_met == factories.TODAY - timedelta(days=3)
    assert people_.entries_about(db, user.id, ana.id) == [(entry_id, factories.TODAY - timedelta(days=3), "one_to_one")]
    entries.trash(db, user.id, entry_id)  # a trashed entry isn't a meeting any more
    assert people_.people(db, user.id)[0].last_met is None


@pytest.mark.parametrize(
    ("name", "cares"),
    [("", ""), ("   ", ""), ("x" * (people_.MAX_NAME_CHARS + 1), ""), ("Jo", "y" * (people_.MAX_CARES_CHARS + 1))],
)
def test_bad_input_is_refused_kindly_and_nothing_changes(db: Database, user: User, name: str, cares: str) -> None:
    jo = people_.add_person(db, user.id, "Jo")
    with pytest.raises(PeopleError):
        people_.add_person(db, user.id, name, cares)
    with pytest.raises(PeopleError):
        people_.edit_person(db, user.id, jo.id, name, cares)
    assert [(p.name, p.cares_about) for p in people_.people(db, user.id)] == [("Jo", "")]
    with pytest.raises(PeopleError):
        people_.add_action(db, user.id, "z" * (people_.MAX_ACTION_CHARS + 1))
    with pytest.raises(PeopleError):
        people_.add_action(db, user.id, "Call back", kind="gossip")
    with pytest.raises(PeopleError):
        people_.add_action(db, user.id, "   ")
    assert people_.open_actions(db, user.id) == []


def test_full_names_and_identifying_details_are_found() -> None:
    assert [f.kind for f in people_.findings("Jo Bloggs")] == [people_.FULL_NAME]
    assert people_.findings("Jo") == [] and people_.findings("J. B.") == [] and people_.findings("Jo B") == []
    kinds = [f.kind for f in people_.findings("Jo", "Call her on 07700 900123")]
    assert kinds == ["Phone number"]


def test_another_person_can_neither_read_nor_change_your_people_or_actions(
    db: Database, user: User, other: User, lib: Library
) -> None:
    ana = people_.add_person(db, user.id, "Ana", "Housing")
    entry_id = write(db, user, lib)
    act = people_.add_action(db, user.id, "Send the rota", entry_id=entry_id, person_id=ana.id)
    assert people_.people(db, other.id) == [] and people_.person(db, other.id, ana.id) is None
    assert people_.match(db, other.id, "Ana") is None and people_.open_actions(db, other.id) == []
    assert people_.entries_about(db, other.id, ana.id) == []
    with pytest.raises(PeopleError):
        people_.edit_person(db, other.id, ana.id, "Mine", "")
    for change in (people_.mark_done, people_.let_go, people_.reopen):
        with pytest.raises(PeopleError):
            change(db, other.id, act.id)
    with pytest.raises(PeopleError):
        people_.mark_win(db, other.id, act.id, lib)
    assert not people_.trash(db, other.id, ana.id) and not people_.link(db, other.id, entry_id, ana.id)
    with pytest.raises(PeopleError):  # an action can't hang off someone else's entry or person
        people_.add_action(db, other.id, "Mine now", entry_id=entry_id)
    with pytest.raises(PeopleError):
        people_.add_action(db, other.id, "Mine now", person_id=ana.id)
    assert people_.person(db, user.id, ana.id).name == "Ana"  # type: ignore[union-attr]
    assert [a.id for a in people_.open_actions(db, user.id)] == [act.id]


def test_actions_open_due_first_done_let_go_reopened_and_a_win(db: Database, user: User, lib: Library) -> None:
    later = people_.add_action(db, user.id, "Someday")
    soon = people_.add_action(db, user.id, "Soon", due=factories.TODAY + timedelta(days=2), action_id="a-soon")
    assert people_.add_action(db, user.id, "Soon", action_id="a-soon") == soon  # a second click keeps it once
    past = people_.add_action(db, user.id, "Past", due=factories.TODAY - timedelta(days=2))
    assert [a.id for a in people_.open_actions(db, user.id)] == [past.id, soon.id, later.id]
    assert "overdue" not in people_.when_due(past, factories.TODAY).lower()
    with pytest.raises(PeopleError):
        people_.mark_win(db, user.id, soon.id, lib)  # not done yet
    people_.mark_done(db, user.id, soon.id)
    people_.let_go(db, user.id, later.id)
    assert [a.id for a in people_.open_actions(db, user.id)] == [past.id]
    assert {a.id for a in people_.closed_actions(db, user.id)} == {soon.id, later.id}
    people_.reopen(db, user.id, later.id)
    assert [a.id for a in people_.open_actions(db, user.id)] == [past.id, later.id]
    win = people_.mark_win(db, user.id, soon.id, lib)
    assert people_.mark_win(db, user.id, soon.id, lib).id == win.id  # once
    assert win.template == "win" and win.is_win and win.answers["the_win"] == "Soon"
    assert entries.get(db, user.id, win.id) is not None
    assert people_.closed_actions(db, user.id)[0].win_entry_id == win.id


def test_a_one_to_one_suggests_its_follow_up_lines_and_who(db: Database, user: User, lib: Library) -> None:
    entry = entries.get(
        db,
        user.id,
        write(
            db, user, lib, who="Ana", follow_up="Send Ana the rota\n- ask about the choir", agreed="Meet again in May"
        ),
    )
    assert entry is not None
    assert people_.suggested(entry) == (["Send Ana the rota", "ask about the choir"], ["Meet again in May"])
    assert people_.who(entry) == "Ana"
    kept = people_.add_action(db, user.id, "Send Ana the rota", entry_id=entry.id)
    ana = people_.add_person(db, user.id, "Ana")
    people_.relink(db, user.id, entry.id, ana.id)  # the person added after the actions were kept
    assert people_.all_actions(db, user.id)[0].person_id == ana.id and kept.person_id is None
    assert people_.people_of_entry(db, user.id, entry.id) == [ana.id]
    with_role = entries.get(db, user.id, write(db, user, lib, who="Priya (pharmacist)"))
    assert with_role is not None and people_.who(with_role) == "Priya"
    free = entries.get(db, user.id, write(db, user, lib, "free", text="A day"))
    assert free is not None and people_.suggested(free) == ([], []) and people_.who(free) == ""


def test_trash_restore_and_delete_forever(db: Database, user: User, lib: Library) -> None:
    ana = people_.add_person(db, user.id, "Ana")
    act = people_.add_action(db, user.id, "Intro to Bo", kind="intro_asked", person_id=ana.id)
    assert people_.trash(db, user.id, ana.id)
    assert people_.people(db, user.id) == [] and [p.id for p in people_.trashed(db, user.id)] == [ana.id]
    assert people_.open_actions(db, user.id) == []  # a trashed person's actions rest with them
    assert people_.restore(db, user.id, ana.id)
    assert [a.id for a in people_.open_actions(db, user.id)] == [act.id]
    assert not people_.delete_forever(db, user.id, ana.id)  # only from the trash
    people_.trash(db, user.id, ana.id)
    assert people_.delete_forever(db, user.id, ana.id)
    assert people_.trashed(db, user.id) == [] and people_.closed_actions(db, user.id, days=999) == []


def test_erasing_an_account_removes_its_people_links_and_actions(
    db: Database, user: User, other: User, lib: Library
) -> None:
    for owner in (user, other):
        ana = people_.add_person(db, owner.id, "Ana")
        people_.link(db, owner.id, write(db, owner, lib), ana.id)
        people_.add_action(db, owner.id, "Send it", person_id=ana.id)
    assert erase_account(db, user.id)
    for table in ("people", "entry_people", "actions"):
        assert db.one(f"SELECT count(*) FROM {table} WHERE user_id = ?", [user.id]) == (0,)
        assert db.one(f"SELECT count(*) FROM {table} WHERE user_id = ?", [other.id]) == (1,)


def test_the_one_to_one_insight_needs_three_weeks_each_then_compares_energy(
    db: Database, user: User, lib: Library
) -> None:
    monday = factories.TODAY - timedelta(days=factories.TODAY.weekday())
    weeks = [monday - timedelta(weeks=n) for n in range(1, 7)]
    for week in weeks[:3]:  # weeks with a 1-to-1, energy 4
        write(db, user, lib, on=week + timedelta(days=1), energy=4)
    for week in weeks[3:5]:  # two weeks without, energy 2
        write(db, user, lib, "free", on=week + timedelta(days=2), energy=2, text="A day")
    insight, intros = people_.insights(db, user.id, factories.TODAY)
    assert "not enough data yet" in insight.sentence and (insight.weeks_with, insight.weeks_without) == (3, 2)
    assert intros == ""
    write(db, user, lib, "free", on=weeks[5], energy=3, text="A day")
    write(db, user, lib, "free", on=monday, energy=1, text="This week is not closed yet")
    insight, _ = people_.insights(db, user.id, factories.TODAY)
    assert (insight.mean_with, insight.mean_without) == (4.0, round(7 / 3, 2))
    assert insight.sentence.startswith("Weeks with a 1-to-1 were your higher-energy weeks (4.0 against 2.3)")
    for n in range(3):
        a = people_.add_action(db, user.id, f"Intro {n}", kind="intro_asked")
        people_.mark_done(db, user.id, a.id)
    people_.add_action(db, user.id, "Still waiting", kind="intro_asked")
    assert people_.insights(db, user.id, factories.TODAY)[1] == "3 introductions you asked for came through."


def test_about_the_same_when_close() -> None:
    monday = date(2026, 11, 23)
    days = [monday - timedelta(weeks=n) for n in range(1, 7)]
    insight = people_.energy_by_one_to_ones(days[:3], [(d, 3) for d in days], date(2026, 11, 26))
    assert "about the same" in insight.sentence


def test_a_coach_sees_the_people_only_while_shared_never_the_entries_and_each_look_is_logged(
    db: Database, user: User, other: User, make_user: Callable[..., User], lib: Library
) -> None:
    coach = make_user("kit")
    started = coaching.accept_invite(db, coach.id, coaching.make_invite(db, user.id).code)
    ana = people_.add_person(db, user.id, "Ana", "Young carers")
    people_.link(db, user.id, write(db, user, lib, on=factories.TODAY - timedelta(days=4)), ana.id)
    intro = people_.add_action(db, user.id, "The carers' network", kind="intro_asked", person_id=ana.id)
    people_.mark_done(db, user.id, intro.id)
    people_.add_action(db, user.id, "A follow-up is not an introduction", person_id=ana.id)
    assert coaching.mentee_people(db, coach.id, started.id) is None  # off by default
    assert not coaching.coaches(db, user.id)[0].scope.people
    with pytest.raises(AccountError):
        coaching.share(db, user.id, started.id, "share_people", "not my password")
    assert coaching.mentee_people(db, coach.id, started.id) is None
    coaching.share(db, user.id, started.id, "share_people", PASSWORD)
    [seen] = coaching.mentee_people(db, coach.id, started.id) or []
    assert (seen.name, seen.cares_about, seen.last_met) == ("Ana", "Young carers", factories.TODAY - timedelta(days=4))
    assert seen.introductions == (("intro_asked", "The carers' network", True),)
    assert "the people they meet" in [look.what for look in coaching.access_log(db, user.id)]
    assert "the people they meet" in coaching.mentee(db, coach.id, started.id).scope.names(for_coach=True)
    with pytest.raises(CoachingError):  # someone who isn't their coach gets nothing
        coaching.mentee_people(db, other.id, started.id)
    assert people_.shared_with_coach(db, other.id, started.id) == []
    people_.trash(db, user.id, ana.id)
    assert coaching.mentee_people(db, coach.id, started.id) == []  # a trashed person is not shown
    people_.restore(db, user.id, ana.id)
    assert coaching.stop_sharing(db, user.id, started.id, "share_people")
    assert coaching.mentee_people(db, coach.id, started.id) is None  # hidden at once
    assert people_.shared_with_coach(db, coach.id, started.id) == []
    coaching.share(db, user.id, started.id, "share_people", PASSWORD)
    coaching.end(db, user.id, started.id)
    with pytest.raises(CoachingError):
        coaching.mentee_people(db, coach.id, started.id)
    assert people_.shared_with_coach(db, coach.id, started.id) == []
