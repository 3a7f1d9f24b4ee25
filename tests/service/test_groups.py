"""Peer groups on a real database: codes, approval, leaving, sharing with consent, and figures that expose no one.

Every refusal is checked to change nothing. The clock is passed in (`now`), so weeks open and close on cue.
"""

from __future__ import annotations

import json
import random
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

import pytest

from journal import accounts
from journal.accounts import User
from journal.content.library import Library
from journal.patterns import burnout
from journal.reflect import entries
from journal.reflect.entries import EntryInput
from journal.store import Database
from journal.store import groups as repo
from journal.store.erase import erase_account
from journal.together.groups import access as group_access
from journal.together.groups import codes as group_codes
from journal.together.groups import figures as group_figures
from journal.together.groups import membership as groups
from journal.together.groups import wall as group_wall
from journal.together.groups.access import GroupError
from journal.together.groups.membership import Sharing
from tests.factories import PASSWORD

T0 = datetime(2025, 3, 3, 9, 0)  # a Monday morning: the group starts in the week of 3 March
WEEK = timedelta(weeks=1)
ALL = Sharing(scores=True, checkins=True)
GROUP_TABLES = ("groups", "group_members", "group_wins", "group_weeks")


def day(n: int) -> date:
    return T0.date() + timedelta(days=n)


def at(days: float) -> datetime:
    return T0 + timedelta(days=days)


def write(db: Database, lib: Library, who: User, on: date, mood: int | None, energy: int | None, **kw) -> str:
    entry_id = str(uuid.uuid4())
    inp = EntryInput("free", {"text": kw.pop("text", "a day")}, mood=mood, energy=energy, entry_date=on, **kw)
    entries.save_new(db, who.id, entry_id, inp, lib)
    return entry_id


def snapshot(db: Database) -> dict[str, list[tuple]]:
    """Every row of every group table: a refusal must leave all of them as they were."""
    with db.read() as tx:
        return {t: sorted(map(repr, tx.all(f"SELECT * FROM {t}"))) for t in GROUP_TABLES}


def stored(db: Database, group_id: str) -> list[tuple]:
    return db.all(
        "SELECT week_start, computed_at, figures FROM group_weeks WHERE group_id = ? ORDER BY week_start",
        [group_id],
    )


@dataclass
class Crew:
    group_id: str
    code: str
    facilitator: User
    members: list[User]  # approved, the facilitator not included

    @property
    def everyone(self) -> list[User]:
        return [self.facilitator, *self.members]


def join(db: Database, crew: Crew, who: User, now: datetime = T0) -> None:
    groups.join_with_code(db, who.id, crew.code, now=now)
    groups.approve(db, crew.facilitator.id, crew.group_id, who.id, now=now)


def make_crew(
    db: Database, make_user: Callable[..., User], n: int, *, k: int = groups.DEFAULT_K, sharing: Sharing = ALL
) -> Crew:
    """A facilitator and n - 1 approved members, everyone sharing `sharing`, all at T0."""
    facilitator = make_user()
    created = groups.create_group(db, facilitator.id, "Ward 7 regroup", k=k, now=T0)
    crew = Crew(created.group.id, created.code, facilitator, [])
    for _ in range(n - 1):
        member = make_user()
        join(db, crew, member)
        crew.members.append(member)
    if sharing != Sharing():
        for person in crew.everyone:
            groups.set_sharing(db, person.id, crew.group_id, sharing, PASSWORD, now=T0)
    return crew


@pytest.fixture
def admin(make_user: Callable[..., User]) -> User:
    return make_user("admin")  # the first account is the admin; groups treat them like anyone else


# -- codes and joining ------------------------------------------------------------------------------
def test_a_new_group_makes_its_starter_facilitator_sharing_nothing(db: Database, admin: User, user: User) -> None:
    created = groups.create_group(db, user.id, "  Ward 7\u200b regroup  ", now=T0)
    assert created.group.name == "Ward 7 regroup"  # spaces tidied, the invisible character dropped
    assert created.group.min_members == groups.DEFAULT_K == 5
    [mine] = groups.my_groups(db, user.id)
    assert mine.facilitator and not mine.pending and mine.sharing == Sharing()
    [(code_hash,)] = db.all("SELECT code_hash FROM groups")
    assert created.code not in code_hash and created.code.replace("-", "") not in json.dumps(snapshot(db))


def test_codes_are_long_random_and_forgiving_of_how_they_are_typed(db: Database, admin: User, user: User) -> None:
    codes = {group_codes.new_code() for _ in range(200)}
    assert len(codes) == 200
    for code in codes:
        prefix, *parts = code.split("-")
        assert prefix == "HARB" and [len(p) for p in parts] == [4, 4, 4]
        assert set("".join(parts)) <= set(group_codes.CODE_ALPHABET)
    assert len(group_codes.CODE_ALPHABET) ** group_codes.CODE_LENGTH >= 2**60  # guessing one is hopeless
    created = groups.create_group(db, user.id, "Regroup", now=T0)
    body = created.code.removeprefix("HARB-")
    typed = f"  harb {body.lower().replace('-', ' ')} ".replace("0", "o").replace("1", "l")
    assert group_codes.normalise_code(typed) == group_codes.normalise_code(created.code)
    assert group_codes.normalise_code(body) == group_codes.normalise_code(created.code)  # without the HARB- too


@pytest.mark.parametrize("typed", ["", "HARB", "HARB-1234", "hello there", "HARB-UUUU-UUUU-UUUU", "HARB-" + "A" * 20])
def test_something_that_is_not_a_code_is_refused_and_changes_nothing(
    db: Database, make_user: Callable[..., User], typed: str
) -> None:
    crew = make_crew(db, make_user, 1, sharing=Sharing())
    outsider = make_user()
    before = snapshot(db)
    with pytest.raises(GroupError, match="doesn't look like a join code"):
        groups.join_with_code(db, outsider.id, typed, now=T0)
    assert snapshot(db) == before and groups.my_groups(db, outsider.id) == []
    assert crew.group_id


def test_guessed_codes_are_refused_and_change_nothing(db: Database, make_user: Callable[..., User]) -> None:
    crew = make_crew(db, make_user, 1, sharing=Sharing())
    guesser = make_user()
    before = snapshot(db)
    rng = random.Random(2025)
    for _ in range(300):
        guess = "HARB-" + "-".join("".join(rng.choice(group_codes.CODE_ALPHABET) for _ in range(4)) for _ in range(3))
        if group_codes.normalise_code(guess) == group_codes.normalise_code(crew.code):
            continue  # one chance in 2**60
        with pytest.raises(GroupError, match="doesn't open any group"):
            groups.join_with_code(db, guesser.id, guess, now=T0)
    assert snapshot(db) == before and groups.my_groups(db, guesser.id) == []


def test_a_rotated_code_stops_working_and_the_new_one_works(db: Database, make_user: Callable[..., User]) -> None:
    crew = make_crew(db, make_user, 1, sharing=Sharing())
    new = groups.rotate_code(db, crew.facilitator.id, crew.group_id, now=at(1))
    assert new != crew.code
    late, on_time = make_user(), make_user()
    before = snapshot(db)
    with pytest.raises(GroupError, match="stops working as soon as they make a new one"):
        groups.join_with_code(db, late.id, crew.code, now=at(1))
    assert snapshot(db) == before
    assert groups.join_with_code(db, on_time.id, new, now=at(1)).pending


def test_an_expired_code_is_refused_and_a_fresh_one_works(db: Database, make_user: Callable[..., User]) -> None:
    crew = make_crew(db, make_user, 1, sharing=Sharing())
    late = make_user()
    groups.join_with_code(db, make_user().id, crew.code, now=T0 + group_codes.CODE_LIFETIME)  # the last moment
    before = snapshot(db)
    with pytest.raises(GroupError, match="expired"):
        groups.join_with_code(db, late.id, crew.code, now=T0 + group_codes.CODE_LIFETIME + timedelta(seconds=1))
    assert snapshot(db) == before
    fresh = groups.rotate_code(db, crew.facilitator.id, crew.group_id, now=at(20))
    assert groups.join_with_code(db, late.id, fresh, now=at(20)).pending


def test_using_a_code_twice_is_refused_kindly(db: Database, make_user: Callable[..., User]) -> None:
    crew = make_crew(db, make_user, 2, sharing=Sharing())
    newcomer = make_user()
    groups.join_with_code(db, newcomer.id, crew.code, now=T0)
    before = snapshot(db)
    with pytest.raises(GroupError, match="already asked to join"):
        groups.join_with_code(db, newcomer.id, crew.code, now=T0)
    with pytest.raises(GroupError, match="already a member"):
        groups.join_with_code(db, crew.members[0].id, crew.code, now=T0)
    with pytest.raises(GroupError, match="already a member"):
        groups.join_with_code(db, crew.facilitator.id, crew.code, now=T0)
    assert snapshot(db) == before


# -- approval, pending, leaving and removal ---------------------------------------------------------
def test_a_pending_member_sees_nothing_shares_nothing_and_counts_for_nothing(
    db: Database, make_user: Callable[..., User], lib: Library
) -> None:
    crew = make_crew(db, make_user, 5)
    waiting = make_user()
    groups.join_with_code(db, waiting.id, crew.code, now=T0)
    for n in range(7):
        for person in crew.everyone:
            write(db, lib, person, day(n), 2, 2)
        write(db, lib, waiting, day(n), 5, 5)
    before = snapshot(db)
    for read in (
        lambda: groups.view(db, waiting.id, crew.group_id, lib, now=at(8)),
        lambda: group_figures.week_figures(db, waiting.id, crew.group_id, now=at(8)),
        lambda: group_wall.wins_wall(db, waiting.id, crew.group_id),
        lambda: group_wall.open_wall(db, waiting.id, crew.group_id, now=at(8)),
        lambda: group_wall.postable_wins(db, waiting.id, crew.group_id),
    ):
        with pytest.raises(GroupError, match="waiting for the facilitator to approve"):
            read()
    with pytest.raises(GroupError, match="waiting for the facilitator"):
        groups.set_sharing(db, waiting.id, crew.group_id, ALL, PASSWORD, now=at(8))
    assert snapshot(db) == before
    scores, checkins = repo.weekly_values(db, crew.group_id, day(0), day(7), list(group_figures.QUADRANTS))
    assert set(scores["user_id"]) == {p.id for p in crew.everyone} and checkins.empty  # not the pending one
    assert set(scores["mood"]) == {2.0}  # the pending person's 5s are not in what the week is made from
    [week] = group_figures.week_figures(db, crew.facilitator.id, crew.group_id, now=at(8))
    assert week.mood is not None and week.mood.at_least == 5


def test_declining_and_removing_and_only_the_facilitator_may(db: Database, make_user: Callable[..., User]) -> None:
    crew = make_crew(db, make_user, 3, sharing=Sharing())
    asker, member = make_user(), crew.members[0]
    groups.join_with_code(db, asker.id, crew.code, now=T0)
    before = snapshot(db)
    for attempt in (
        lambda: groups.approve(db, member.id, crew.group_id, asker.id, now=T0),
        lambda: groups.decline(db, member.id, crew.group_id, asker.id),
        lambda: groups.remove_member(db, member.id, crew.group_id, crew.members[1].id, now=T0),
        lambda: groups.rotate_code(db, member.id, crew.group_id, now=T0),
        lambda: groups.set_min_members(db, member.id, crew.group_id, 7, now=T0),
        lambda: group_wall.set_open_wall(db, member.id, crew.group_id, True),
        lambda: groups.roster(db, member.id, crew.group_id),
    ):
        with pytest.raises(GroupError, match="Only the group's facilitator"):
            attempt()
    assert snapshot(db) == before
    groups.decline(db, crew.facilitator.id, crew.group_id, asker.id)
    assert groups.my_groups(db, asker.id) == []
    groups.remove_member(db, crew.facilitator.id, crew.group_id, member.id, now=at(1))
    assert groups.my_groups(db, member.id) == []
    with pytest.raises(GroupError, match="not a member"):
        group_figures.week_figures(db, member.id, crew.group_id, now=at(1))
    assert [m.username for m in groups.roster(db, crew.facilitator.id, crew.group_id)] == [
        crew.facilitator.username,
        crew.members[1].username,
    ]


def test_a_removed_or_departed_member_can_only_come_back_through_approval(
    db: Database, make_user: Callable[..., User], lib: Library
) -> None:
    crew = make_crew(db, make_user, 6)
    leaver = crew.members[0]
    groups.leave(db, leaver.id, crew.group_id, now=at(1))
    assert groups.my_groups(db, leaver.id) == []
    back = groups.join_with_code(db, leaver.id, crew.code, now=at(2))
    assert back.pending and back.sharing == Sharing()  # shares nothing again until they choose to
    with pytest.raises(GroupError, match="waiting"):
        groups.view(db, leaver.id, crew.group_id, lib, now=at(2))
    groups.approve(db, crew.facilitator.id, crew.group_id, leaver.id, now=at(2))
    [mine] = groups.my_groups(db, leaver.id)
    assert not mine.pending and mine.sharing == Sharing()


def test_the_last_one_out_takes_the_group_with_them(db: Database, make_user: Callable[..., User]) -> None:
    crew = make_crew(db, make_user, 2, sharing=Sharing())
    groups.leave(db, crew.members[0].id, crew.group_id, now=at(9))
    groups.leave(db, crew.facilitator.id, crew.group_id, now=at(9))
    assert snapshot(db) == {t: [] for t in GROUP_TABLES}


def test_when_the_facilitator_goes_a_member_can_take_it_on(
    db: Database, make_user: Callable[..., User], lib: Library
) -> None:
    crew = make_crew(db, make_user, 3, sharing=Sharing())
    member = crew.members[0]
    with pytest.raises(GroupError, match="already has a facilitator"):
        groups.take_on_facilitating(db, member.id, crew.group_id)
    assert erase_account(db, crew.facilitator.id)  # erasure is generic: their membership row goes
    view = groups.view(db, member.id, crew.group_id, lib, now=at(1))
    assert not view.has_facilitator
    groups.take_on_facilitating(db, member.id, crew.group_id)
    assert groups.roster(db, member.id, crew.group_id)[0].facilitator
    with pytest.raises(GroupError, match="already has a facilitator"):
        groups.take_on_facilitating(db, crew.members[1].id, crew.group_id)


# -- who can read what ------------------------------------------------------------------------------
def test_the_facilitator_of_one_group_cannot_read_another(
    db: Database, make_user: Callable[..., User], lib: Library
) -> None:
    a = make_crew(db, make_user, 5)
    b = make_crew(db, make_user, 5)
    for n in range(7):
        for person in b.everyone:
            write(db, lib, person, day(n), 4, 4)
    group_figures.week_figures(db, b.facilitator.id, b.group_id, now=at(8))
    before = snapshot(db)
    for who in (a.facilitator, a.members[0], make_user()):  # another facilitator, a member elsewhere, anyone
        for read in (
            lambda u=who: groups.view(db, u.id, b.group_id, lib, now=at(8)),
            lambda u=who: group_figures.week_figures(db, u.id, b.group_id, now=at(8)),
            lambda u=who: groups.roster(db, u.id, b.group_id),
            lambda u=who: group_wall.wins_wall(db, u.id, b.group_id),
            lambda u=who: group_wall.open_wall(db, u.id, b.group_id, now=at(8)),
            lambda u=who: group_wall.postable_wins(db, u.id, b.group_id),
            lambda u=who: groups.approve(db, u.id, b.group_id, b.members[0].id, now=at(8)),
            lambda u=who: groups.set_sharing(db, u.id, b.group_id, Sharing(), now=at(8)),
            lambda u=who: groups.leave(db, u.id, b.group_id, now=at(8)),
        ):
            with pytest.raises(GroupError) as refused:
                read()
            assert str(refused.value) == group_access.NOT_A_MEMBER  # the same words whether the group exists or not
    with pytest.raises(GroupError) as unknown:
        groups.view(db, a.facilitator.id, str(uuid.uuid4()), lib, now=at(8))
    assert str(unknown.value) == group_access.NOT_A_MEMBER
    assert snapshot(db) == before


def test_written_entries_never_reach_any_group_result(
    db: Database, make_user: Callable[..., User], lib: Library
) -> None:
    crew = make_crew(db, make_user, 5)
    group_wall.set_open_wall(db, crew.facilitator.id, crew.group_id, True)
    token = uuid.uuid4().hex
    win_ids = []
    for person in crew.everyone:
        groups.set_sharing(db, person.id, crew.group_id, Sharing(True, True, True), PASSWORD, now=T0)
        for n in range(10):
            write(db, lib, person, day(n), 3, 4, text=f"private-{token} day {n}", tags=[f"tag-{token}"])
        win_ids.append(write(db, lib, person, day(2), 5, 5, text=f"win-{token}", is_win=True))
    group_wall.post_win(db, crew.members[0].id, crew.group_id, win_ids[1], "We got the rota agreed", False, now=at(3))
    groups.set_regroup_prompt(db, crew.facilitator.id, crew.group_id, lib.prompts[0].id, lib)

    for person in crew.everyone:
        results = [
            groups.view(db, person.id, crew.group_id, lib, now=at(15)),
            group_figures.week_figures(db, person.id, crew.group_id, now=at(15)),
            group_wall.wins_wall(db, person.id, crew.group_id),
            group_wall.open_wall(db, person.id, crew.group_id, now=at(15)),
            groups.my_groups(db, person.id),
        ]
        if person == crew.facilitator:
            results.append(groups.roster(db, person.id, crew.group_id))
        assert token not in repr(results)
        assert not any(entry_id in repr(results) for entry_id in win_ids)  # not even which entry a post came from
    assert token not in json.dumps(snapshot(db))  # nor kept anywhere in the group's tables
    view = groups.view(db, crew.facilitator.id, crew.group_id, lib, now=at(15))
    assert [p.text for p in view.wins] == ["We got the rota agreed"]
    assert view.wall.faces is not None and set(view.wall.faces.index) == {p.username for p in crew.everyone}


# -- sharing ----------------------------------------------------------------------------------------
def test_turning_sharing_on_needs_the_password_and_turning_it_off_does_not(
    db: Database, make_user: Callable[..., User]
) -> None:
    crew = make_crew(db, make_user, 2, sharing=Sharing())
    member = crew.members[0]
    before = snapshot(db)
    with pytest.raises(GroupError, match="type your password again"):
        groups.set_sharing(db, member.id, crew.group_id, Sharing(scores=True), now=at(1))
    with pytest.raises(GroupError, match="isn't your current password"):
        groups.set_sharing(db, member.id, crew.group_id, Sharing(checkins=True), "not my password at all", now=at(1))
    assert snapshot(db) == before
    assert groups.set_sharing(db, member.id, crew.group_id, ALL, PASSWORD, now=at(1)) == ALL
    assert groups.set_sharing(db, member.id, crew.group_id, Sharing(checkins=True), now=at(2)) == Sharing(checkins=True)
    [mine] = groups.my_groups(db, member.id)
    assert mine.sharing == Sharing(checkins=True)


def test_the_open_wall_needs_the_group_then_everyones_opt_in(
    db: Database, make_user: Callable[..., User], lib: Library
) -> None:
    crew = make_crew(db, make_user, 3, sharing=Sharing())
    with pytest.raises(GroupError, match="hasn't turned on the open wall"):
        groups.set_sharing(db, crew.members[0].id, crew.group_id, Sharing(open_wall=True), PASSWORD, now=at(1))
    assert group_wall.open_wall(db, crew.members[0].id, crew.group_id, now=at(8)).on is False
    group_wall.set_open_wall(db, crew.facilitator.id, crew.group_id, True)
    for n in range(7):
        for person in crew.everyone:
            write(db, lib, person, day(n), 1 + n % 5, 3)
    for count, person in enumerate(crew.everyone):
        wall = group_wall.open_wall(db, crew.members[1].id, crew.group_id, now=at(8))
        assert (wall.on, wall.waiting, wall.faces) == (True, 3 - count, None)
        groups.set_sharing(db, person.id, crew.group_id, Sharing(open_wall=True), PASSWORD, now=at(1))
    wall = group_wall.open_wall(db, crew.members[1].id, crew.group_id, now=at(8))
    assert wall.waiting == 0 and wall.faces is not None
    assert wall.faces.shape == (3, 28)  # three named rows, the last four closed weeks
    week = ["😞 1", "🙁 2", "😐 3", "🙂 4", "😄 5", "😞 1", "🙁 2"]  # a face and its number for each day's mood
    assert list(wall.faces.loc[crew.facilitator.username])[-7:] == week
    group_wall.set_open_wall(db, crew.facilitator.id, crew.group_id, False)
    group_wall.set_open_wall(db, crew.facilitator.id, crew.group_id, True)
    assert group_wall.open_wall(db, crew.members[1].id, crew.group_id, now=at(8)).waiting == 3  # everyone asked again


# -- frozen weeks and k -----------------------------------------------------------------------------
def test_the_current_week_and_weeks_before_the_group_are_never_shown(
    db: Database, make_user: Callable[..., User], lib: Library
) -> None:
    crew = make_crew(db, make_user, 5)
    for n in range(-14, 10):
        for person in crew.everyone:
            write(db, lib, person, day(n), 3, 3)
    # Sunday evening: still open.
    assert group_figures.week_figures(db, crew.facilitator.id, crew.group_id, now=at(6.5)) == []
    weeks = group_figures.week_figures(db, crew.facilitator.id, crew.group_id, now=at(13))
    assert [w.week_start for w in weeks] == [day(0)]  # the second week is open; the weeks before began none
    assert [w.week_start for w in group_figures.week_figures(db, crew.facilitator.id, crew.group_id, now=at(14))] == [
        day(0),
        day(7),
    ]


def test_fewer_than_k_sharing_shows_no_number_and_no_count_is_ever_kept(
    db: Database, make_user: Callable[..., User], lib: Library
) -> None:
    crew = make_crew(db, make_user, 7)
    groups.set_sharing(db, crew.members[0].id, crew.group_id, Sharing(scores=True), now=T0)  # no check-ins
    for person in crew.everyone:
        for n in range(3):
            write(db, lib, person, day(n), 4, 2)
    for person in crew.everyone[:4]:
        burnout.save_checkin(
            db, person.id, str(uuid.uuid4()), {f"personal_{i}": 50 for i in range(1, 7)}, False, day(1)
        )
    [week] = group_figures.week_figures(db, crew.facilitator.id, crew.group_id, now=at(7))
    # 7 shared scores: shown as "5 or more", never as a number of members or days worked out from a count.
    assert week.mood is not None and week.mood.at_least == 5 and 1 <= week.mood.mean <= 5 and week.mood.margin > 0
    assert week.quadrants is not None and week.quadrants.at_least == 5 and sum(week.quadrants.shares.values()) == 100
    assert week.burnout == {"personal": None, "work": None, "client": None}  # 3 shared check-ins: fewer than 5
    kept = json.loads(stored(db, crew.group_id)[0][2])
    assert set(kept) == {"k", "epsilon", "mood", "energy", "areas", "burnout"}
    assert set(kept["mood"]) == {"at_least", "mean", "margin"} and set(kept["areas"]) == {
        "at_least",
        "shares",
        "margin",
    }
    [row] = group_figures.figures_table([week]).to_dict("records")
    assert row["Personal burnout"] == "fewer than 5 members shared"
    assert json.loads(stored(db, crew.group_id)[0][2])["burnout"]["personal"] is None  # no number kept at all


def test_closed_weeks_stay_as_they_were_whoever_joins_leaves_or_stops_sharing(
    db: Database, make_user: Callable[..., User], lib: Library
) -> None:
    crew = make_crew(db, make_user, 6)
    target = crew.members[2]
    for n in range(21):  # everyone's days are low and unpleasant, except the target's: high and pleasant
        for person in crew.everyone:
            write(db, lib, person, day(n), *((5, 5) if person == target else (2, 2)))
    group_figures.week_figures(db, crew.facilitator.id, crew.group_id, now=at(8))
    first = stored(db, crew.group_id)
    assert len(first) == 1
    # Someone who would like to single the target out compares views around every change they can make.
    groups.set_sharing(db, target.id, crew.group_id, Sharing(), now=at(9))
    assert stored(db, crew.group_id) == first
    groups.leave(db, target.id, crew.group_id, now=at(10))
    assert stored(db, crew.group_id) == first
    join(db, crew, target, now=at(11))
    second_account = make_user()
    groups.join_with_code(db, second_account.id, crew.code, now=at(11))
    groups.set_min_members(db, crew.facilitator.id, crew.group_id, 3, now=at(12))
    groups.remove_member(db, crew.facilitator.id, crew.group_id, crew.members[0].id, now=at(13))
    assert stored(db, crew.group_id) == first

    one, two = group_figures.week_figures(db, crew.facilitator.id, crew.group_id, now=at(15))
    assert stored(db, crew.group_id)[0] == first[0]
    assert one.k == 5 and one.quadrants is not None
    # The second week closed after k changed and the target stopped; a member was removed before it closed.
    assert two.k == 3 and two.mood is not None and two.mood.at_least == 3


CHANGES = {
    "stops sharing": lambda db, crew, target, now: groups.set_sharing(db, target.id, crew.group_id, Sharing(), now=now),
    "leaves": lambda db, crew, target, now: groups.leave(db, target.id, crew.group_id, now=now),
    "is removed": lambda db, crew, target, now: groups.remove_member(
        db, crew.facilitator.id, crew.group_id, target.id, now=now
    ),
    "k rises to 7": lambda db, crew, target, now: groups.set_min_members(
        db, crew.facilitator.id, crew.group_id, 7, now=now
    ),
}


@pytest.mark.parametrize("change", list(CHANGES))
def test_a_change_just_after_a_week_closes_never_reaches_that_week(
    db: Database, make_user: Callable[..., User], lib: Library, change: str
) -> None:
    crew = make_crew(db, make_user, 5)  # exactly k sharing: had the target counted for nothing, it would be hidden
    target = crew.members[2]
    for n in range(7):
        for person in crew.everyone:
            write(db, lib, person, day(n), *((5, 5) if person == target else (2, 2)))
    # Nobody has looked since the week closed on Sunday night; first thing Monday, something changes.
    CHANGES[change](db, crew, target, at(7))
    [week] = group_figures.week_figures(db, crew.facilitator.id, crew.group_id, now=at(8))
    assert week.k == 5 and week.mood is not None and week.quadrants is not None  # the week as it closed


def test_lowering_k_never_reveals_a_week_that_closed_hidden(
    db: Database, make_user: Callable[..., User], lib: Library
) -> None:
    crew = make_crew(db, make_user, 4)  # four sharing: fewer than the default 5
    for n in range(7):
        for person in crew.everyone:
            write(db, lib, person, day(n), 2, 4)
    groups.set_min_members(db, crew.facilitator.id, crew.group_id, 3, now=at(9))
    with pytest.raises(GroupError, match="from 3 to 100"):
        groups.set_min_members(db, crew.facilitator.id, crew.group_id, 2, now=at(9))
    for n in range(7, 14):
        for person in crew.everyone:
            write(db, lib, person, day(n), 2, 4)
    first, second = group_figures.week_figures(db, crew.facilitator.id, crew.group_id, now=at(15))
    assert (first.k, first.mood) == (5, None)  # closed with k 5, kept hidden
    assert second.k == 3 and second.mood is not None and second.mood.at_least == 3


# -- the wins wall and the regroup prompt -----------------------------------------------------------
def test_posting_a_win_shares_only_the_chosen_words_and_only_your_own_win(
    db: Database, make_user: Callable[..., User], lib: Library
) -> None:
    crew = make_crew(db, make_user, 3, sharing=Sharing())
    me, other = crew.members
    mine = write(db, lib, me, day(1), None, None, text="Long private story of the day", is_win=True)
    plain = write(db, lib, me, day(1), None, None, text="not a win")
    theirs = write(db, lib, other, day(1), None, None, text="their win", is_win=True)
    before = snapshot(db)
    for entry_id in (theirs, plain, str(uuid.uuid4())):  # another's win looks exactly like no win at all
        with pytest.raises(GroupError) as refused:
            group_wall.post_win(db, me.id, crew.group_id, entry_id, "words", True, now=at(1))
        assert str(refused.value) == group_wall.NOT_YOUR_WIN
    with pytest.raises(GroupError, match="up to 500 characters"):
        group_wall.post_win(db, me.id, crew.group_id, mine, "x" * 501, True, now=at(1))
    with pytest.raises(GroupError, match="a few words"):
        group_wall.post_win(db, me.id, crew.group_id, mine, "   ", True, now=at(1))
    assert snapshot(db) == before
    assert [w.id for w in group_wall.postable_wins(db, me.id, crew.group_id)] == [mine]

    signed = group_wall.post_win(db, me.id, crew.group_id, mine, "Rota agreed at last", True, now=at(1))
    with pytest.raises(GroupError, match="already posted"):
        group_wall.post_win(db, me.id, crew.group_id, mine, "again", False, now=at(1))
    anonymous = group_wall.post_win(db, other.id, crew.group_id, theirs, "A thank-you card", False, now=at(2))
    wall = group_wall.wins_wall(db, crew.facilitator.id, crew.group_id)
    assert [(p.text, p.name, p.mine) for p in wall] == [
        ("A thank-you card", None, False),
        ("Rota agreed at last", me.username, False),
    ]
    assert other.username not in repr(wall)
    assert not group_wall.take_down_win(db, other.id, crew.group_id, signed.id)  # not theirs to take down
    assert group_wall.take_down_win(db, me.id, crew.group_id, signed.id)
    # Leaving takes signed posts away; "a member" posts stay, so leaving doesn't point at them.
    group_wall.post_win(
        db, other.id, crew.group_id, write(db, lib, other, day(2), None, None, is_win=True), "Named", True
    )
    groups.leave(db, other.id, crew.group_id, now=at(3))
    assert [p.id for p in group_wall.wins_wall(db, crew.facilitator.id, crew.group_id)] == [anonymous.id]


def test_the_regroup_prompt_is_the_facilitators_choice_from_the_library(
    db: Database, make_user: Callable[..., User], lib: Library
) -> None:
    crew = make_crew(db, make_user, 2, sharing=Sharing())
    with pytest.raises(GroupError, match="Only the group's facilitator"):
        groups.set_regroup_prompt(db, crew.members[0].id, crew.group_id, lib.prompts[0].id, lib)
    with pytest.raises(GroupError, match="isn't in Harbour's library"):
        groups.set_regroup_prompt(db, crew.facilitator.id, crew.group_id, "made-up", lib)
    groups.set_regroup_prompt(db, crew.facilitator.id, crew.group_id, lib.prompts[3].id, lib)
    assert groups.view(db, crew.members[0].id, crew.group_id, lib, now=at(1)).prompt == lib.prompts[3]


def test_a_bad_group_name_is_refused(db: Database, user: User) -> None:
    for name, words in (("   ", "give the group a name"), ("x" * 81, "up to 80 characters")):
        with pytest.raises(GroupError, match=words):
            groups.create_group(db, user.id, name, now=T0)
    with pytest.raises(GroupError, match="from 3 to 100"):
        groups.create_group(db, user.id, "Fine name", k=2, now=T0)
    assert snapshot(db) == {t: [] for t in GROUP_TABLES}


def one_row_in_each_group_table(db: Database, make_user: Callable[..., User], lib: Library) -> None:
    """The shortest way to a row in groups, group_members, group_wins and group_weeks (for backup tests)."""
    person = make_user()
    created = groups.create_group(db, person.id, "Regroup", k=3, now=T0)  # groups + group_members
    win = write(db, lib, person, day(0), 4, 4, is_win=True)
    group_wall.post_win(db, person.id, created.group.id, win, "A win", True, now=T0)  # group_wins
    group_figures.week_figures(db, person.id, created.group.id, now=at(7))  # group_weeks: the first week, now closed


def test_one_row_in_each_group_table(db: Database, make_user: Callable[..., User], lib: Library) -> None:
    one_row_in_each_group_table(db, make_user, lib)
    assert all(len(rows) == 1 for rows in snapshot(db).values())
    assert accounts.has_accounts(db)
