"""Personal trackers on a real database: only ever one's own, five at most, bad values refused with nothing changed,
put away and brought back with every day kept, and compared with mood and energy from real rows."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import timedelta

import pytest

from journal.accounts import User
from journal.content.library import Library
from journal.reflect import entries
from journal.reflect import trackers as reflect
from journal.reflect.entries import EntryInput
from journal.reflect.trackers import MAX_TRACKERS, TrackerError
from journal.store import Database
from journal.store import trackers as repo
from journal.store.erase import erase_account
from tests.factories import TODAY

pytestmark = pytest.mark.usefixtures("fixed_clock")


@pytest.fixture
def other(make_user: Callable[..., User]) -> User:
    return make_user("sam")


def state(db: Database, user: User) -> tuple:
    """Everything stored about this person's trackers, to show that a refusal changed nothing."""
    return (repo.all_for(db, user.id), repo.days(db, user.id).to_dict("records"))


def checkin(db: Database, user: User, lib: Library, days_ago: int, mood: int, energy: int) -> None:
    inp = EntryInput("free", {"text": "A day on the ward."}, mood=mood, energy=energy)
    inp.entry_date = TODAY - timedelta(days=days_ago)
    entries.save_new(db, user.id, str(uuid.uuid4()), inp, lib)


def test_made_recorded_and_changed(db: Database, user: User) -> None:
    brk = reflect.create(db, user.id, "  took a   proper break ", "yes_no")
    sleep = reflect.create(db, user.id, "slept well", "scale", "barely", "like a log")
    assert [t.name for t in reflect.live(db, user.id)] == ["took a proper break", "slept well"]
    assert (sleep.low_label, sleep.high_label) == ("barely", "like a log")
    reflect.record(db, user.id, brk.id, TODAY, 1)
    reflect.record(db, user.id, sleep.id, TODAY, 4)
    reflect.record(db, user.id, sleep.id, TODAY, 2)  # changed
    reflect.record(db, user.id, brk.id, TODAY - timedelta(days=5), 0)  # an earlier day
    assert reflect.values_on(db, user.id, TODAY) == {brk.id: 1, sleep.id: 2}
    reflect.clear(db, user.id, brk.id, TODAY)
    assert reflect.values_on(db, user.id, TODAY) == {sleep.id: 2}
    assert reflect.values_on(db, user.id, TODAY - timedelta(days=5)) == {brk.id: 0}


def test_only_ever_ones_own(db: Database, user: User, other: User) -> None:
    mine = reflect.create(db, user.id, "finished on time", "yes_no")
    theirs = reflect.create(db, other.id, "finished on time", "yes_no")  # the same name is fine for another person
    reflect.record(db, other.id, theirs.id, TODAY, 1)
    before = (state(db, user), state(db, other))
    for attempt in (
        lambda: reflect.record(db, user.id, theirs.id, TODAY, 0),
        lambda: reflect.clear(db, user.id, theirs.id, TODAY),
        lambda: reflect.rename(db, user.id, theirs.id, "mine now"),
        lambda: reflect.put_away(db, user.id, theirs.id),
        lambda: reflect.bring_back(db, user.id, theirs.id),
        lambda: reflect.move(db, user.id, theirs.id, 1),
        lambda: reflect.days_kept(db, user.id, theirs.id),
        lambda: reflect.record(db, other.id, mine.id, TODAY, 1),  # and the other way round
        lambda: reflect.put_away(db, other.id, mine.id),
    ):
        with pytest.raises(TrackerError, match="isn't one of yours"):
            attempt()
    assert (state(db, user), state(db, other)) == before
    assert [t.id for t in reflect.all_trackers(db, user.id)] == [mine.id]
    assert reflect.values_on(db, user.id, TODAY) == {}


def test_five_at_most_and_a_sixth_refused_kindly(db: Database, user: User) -> None:
    made = [reflect.create(db, user.id, f"thing {n}", "yes_no") for n in range(MAX_TRACKERS)]
    before = state(db, user)
    with pytest.raises(TrackerError, match="Put one away"):
        reflect.create(db, user.id, "one more", "yes_no")
    assert state(db, user) == before
    reflect.put_away(db, user.id, made[0].id)
    reflect.create(db, user.id, "one more", "yes_no")  # room again
    with pytest.raises(TrackerError, match="Put one of them away first"):
        reflect.bring_back(db, user.id, made[0].id)
    assert len(reflect.live(db, user.id)) == MAX_TRACKERS


@pytest.mark.parametrize(
    ("name", "kind", "low", "high", "says"),
    [
        ("", "yes_no", None, None, "a name"),
        ("   ", "yes_no", None, None, "a name"),
        ("x" * (reflect.MAX_NAME_CHARS + 1), "yes_no", None, None, "60 characters"),
        ("rested", "sometimes", None, None, "yes or no, or a scale"),
        ("rested", "scale", None, "fully", "your words for 1"),
        ("rested", "scale", "not", "y" * (reflect.MAX_LABEL_CHARS + 1), "30 characters"),
        ("Took a break", "yes_no", None, None, "already have a tracker"),
    ],
)
def test_bad_trackers_refused_with_nothing_changed(
    db: Database, user: User, name: str, kind: str, low: str | None, high: str | None, says: str
) -> None:
    reflect.create(db, user.id, "took a break", "yes_no")
    before = state(db, user)
    with pytest.raises(TrackerError, match=says):
        reflect.create(db, user.id, name, kind, low, high)
    assert state(db, user) == before


@pytest.mark.parametrize(
    ("kind", "value"), [("yes_no", 2), ("yes_no", -1), ("yes_no", True), ("scale", 0), ("scale", 6), ("scale", "3")]
)
def test_bad_values_refused_with_nothing_changed(db: Database, user: User, kind: str, value: object) -> None:
    tracker = reflect.create(db, user.id, "rested", kind, "not", "fully")
    reflect.record(db, user.id, tracker.id, TODAY, 1)
    before = state(db, user)
    with pytest.raises(TrackerError, match="takes"):
        reflect.record(db, user.id, tracker.id, TODAY, value)  # type: ignore[arg-type]
    assert state(db, user) == before


def test_no_future_day(db: Database, user: User) -> None:
    tracker = reflect.create(db, user.id, "rested", "yes_no")
    with pytest.raises(TrackerError, match="hasn't come yet"):
        reflect.record(db, user.id, tracker.id, TODAY + timedelta(days=1), 1, today=TODAY)
    assert reflect.values_on(db, user.id, TODAY + timedelta(days=1)) == {}


def test_put_away_keeps_its_days_and_comes_back(db: Database, user: User) -> None:
    first = reflect.create(db, user.id, "took a break", "yes_no")
    second = reflect.create(db, user.id, "on time", "yes_no")
    for n in range(4):
        reflect.record(db, user.id, first.id, TODAY - timedelta(days=n), n % 2)
    reflect.put_away(db, user.id, first.id)
    assert [t.id for t in reflect.live(db, user.id)] == [second.id]
    assert reflect.days_kept(db, user.id, first.id) == 4
    with pytest.raises(TrackerError, match="put away"):
        reflect.record(db, user.id, first.id, TODAY, 1)
    reflect.bring_back(db, user.id, first.id)
    assert [t.id for t in reflect.live(db, user.id)] == [second.id, first.id]  # back at the end
    assert reflect.days_kept(db, user.id, first.id) == 4


def test_rename_and_reorder(db: Database, user: User) -> None:
    a = reflect.create(db, user.id, "a", "yes_no")
    b = reflect.create(db, user.id, "b", "scale", "low", "high")
    c = reflect.create(db, user.id, "c", "yes_no")
    reflect.move(db, user.id, c.id, -1)
    assert [t.id for t in reflect.live(db, user.id)] == [a.id, c.id, b.id]
    reflect.move(db, user.id, a.id, -1)  # already first: nothing changes
    assert [t.id for t in reflect.live(db, user.id)] == [a.id, c.id, b.id]
    renamed = reflect.rename(db, user.id, b.id, "slept", "badly", "soundly")
    assert (renamed.name, renamed.kind, renamed.low_label, renamed.high_label) == ("slept", "scale", "badly", "soundly")
    with pytest.raises(TrackerError, match="already have"):
        reflect.rename(db, user.id, a.id, "SLEPT")


def test_comparison_from_real_rows_and_its_boundary(db: Database, user: User, lib: Library) -> None:
    brk = reflect.create(db, user.id, "took a proper break", "yes_no")
    # three days with a break (energy 4), two without (energy 2): not enough yet
    for n, (value, energy) in enumerate([(1, 4), (1, 4), (1, 4), (0, 2), (0, 2)]):
        checkin(db, user, lib, n, mood=3, energy=energy)
        reflect.record(db, user.id, brk.id, TODAY - timedelta(days=n), value)
    reflect.record(db, user.id, brk.id, TODAY - timedelta(days=9), 0)  # a day without a check-in: not counted
    (found,) = reflect.comparisons(db, user.id, None, TODAY)
    assert not found.enough
    assert (found.with_.days, found.without.days) == (3, 2)
    assert "not enough data yet" in found.sentence and "2 of 3 days you marked it no" in found.sentence
    checkin(db, user, lib, 5, mood=2, energy=2)
    reflect.record(db, user.id, brk.id, TODAY - timedelta(days=5), 0)
    (found,) = reflect.comparisons(db, user.id, None, TODAY)
    assert found.enough
    assert (found.with_.energy, found.without.energy, found.without.mood) == (4.0, 2.0, pytest.approx(8 / 3))
    assert "your energy averaged 4.0" in found.sentence and "against 2.0" in found.sentence
    # the range narrows it: the last three days only have breaks
    (narrow,) = reflect.comparisons(db, user.id, TODAY - timedelta(days=2), TODAY)
    assert (narrow.with_.days, narrow.without.days, narrow.enough) == (3, 0, False)


def test_comparisons_are_only_ones_own(db: Database, user: User, other: User, lib: Library) -> None:
    mine = reflect.create(db, user.id, "mine", "yes_no")
    reflect.record(db, user.id, mine.id, TODAY, 1)  # no check-in of mine that day: not counted
    theirs = reflect.create(db, other.id, "theirs", "yes_no")
    checkin(db, other, lib, 0, mood=5, energy=5)  # their check-in never stands in for mine
    reflect.record(db, other.id, theirs.id, TODAY, 1)
    (found,) = reflect.comparisons(db, user.id, None, TODAY)
    assert found.tracker.name == "mine" and found.with_.days == 0


def test_a_tracker_put_away_is_compared_only_while_it_has_days_in_the_range(db: Database, user: User) -> None:
    old = reflect.create(db, user.id, "old habit", "yes_no")
    reflect.record(db, user.id, old.id, TODAY - timedelta(days=40), 1)
    reflect.put_away(db, user.id, old.id)
    reflect.create(db, user.id, "new habit", "scale", "low", "high")
    assert [c.tracker.name for c in reflect.comparisons(db, user.id, None, TODAY)] == ["new habit", "old habit"]
    recent = reflect.comparisons(db, user.id, TODAY - timedelta(days=27), TODAY)
    assert [(c.tracker.name, c.tracker.kind, c.tracker.low_label) for c in recent] == [("new habit", "scale", "low")]


def test_erasing_an_account_removes_its_trackers_and_days_only(db: Database, user: User, other: User) -> None:
    mine = reflect.create(db, user.id, "rested", "yes_no")
    theirs = reflect.create(db, other.id, "rested", "yes_no")
    reflect.record(db, user.id, mine.id, TODAY, 1)
    reflect.record(db, other.id, theirs.id, TODAY, 0)
    assert erase_account(db, user.id) is True
    assert repo.all_for(db, user.id) == [] and repo.days(db, user.id).empty
    assert reflect.values_on(db, other.id, TODAY) == {theirs.id: 0}
