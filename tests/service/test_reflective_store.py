"""Prepared reflective accounts on a real database: counted once, within three years, and only ever one's own."""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable
from datetime import date, datetime, timedelta

import pytest

from journal.accounts import User
from journal.clock import utcnow
from journal.content.library import Library
from journal.reflect import entries
from journal.reflect import reflective_account as reflective
from journal.reflect.entries import EntryInput
from journal.reflect.reflective_account import ReflectiveAccount, ReflectiveAccountError
from journal.store import Database
from journal.store import reflective as repo
from tests import factories

TODAY = date(2026, 3, 1)  # for the three-year count, on stamps written here; the app's own day is factories.TODAY
pytestmark = pytest.mark.usefixtures("fixed_clock")


@pytest.fixture
def other(make_user: Callable[..., User]) -> User:
    return make_user("sam")


def write(db: Database, user: User, lib: Library, template: str = "free", days_ago: int = 0, **answers: str) -> str:
    entry_id = str(uuid.uuid4())
    inp = EntryInput(template, answers or {"text": "A day on the ward."})
    inp.entry_date = factories.TODAY - timedelta(days=days_ago)
    entries.save_new(db, user.id, entry_id, inp, lib)
    return entry_id


def account(entry_id: str, themes: tuple[str, ...] = ("preserve_safety",)) -> ReflectiveAccount:
    return ReflectiveAccount(entry_id, factories.TODAY, "What it was.", "What I learned.", "What I changed.", themes)


def record_at(db: Database, user: User, entry_id: str, when: datetime) -> None:
    assert repo.record(db, repo.ReflectiveAccountRow(str(uuid.uuid4()), user.id, entry_id, when, "[]"))


def test_preparing_an_account_records_it_once_however_many_times_it_is_downloaded(
    db: Database, user: User, lib: Library
) -> None:
    entry_id = write(db, user, lib)
    before = utcnow()
    assert reflective.prepare(db, user.id, "account-1", account(entry_id, ("prioritise_people", "preserve_safety")))
    assert not reflective.prepare(db, user.id, "account-1", account(entry_id))  # a second click
    [row] = repo.for_user(db, user.id)
    assert (row.id, row.user_id, row.entry_id) == ("account-1", user.id, entry_id)
    assert json.loads(row.code_themes) == ["prioritise_people", "preserve_safety"]  # as first recorded
    assert before <= row.prepared_at <= utcnow()
    assert reflective.count_last_three_years(db, user.id, factories.TODAY) == 1


def test_an_account_with_no_theme_is_refused_kindly_and_nothing_is_recorded(
    db: Database, user: User, lib: Library
) -> None:
    entry_id = write(db, user, lib)
    with pytest.raises(ReflectiveAccountError, match="tick at least one theme"):
        reflective.prepare(db, user.id, "account-1", account(entry_id, themes=()))
    assert repo.for_user(db, user.id) == []


def test_an_account_of_someone_elses_entry_is_refused_and_nothing_is_recorded(
    db: Database, user: User, other: User, lib: Library
) -> None:
    theirs = write(db, other, lib)
    with pytest.raises(ReflectiveAccountError, match="isn't in your journal"):
        reflective.prepare(db, user.id, "account-1", account(theirs))
    assert repo.for_user(db, user.id) == [] and repo.for_user(db, other.id) == []


def test_the_count_is_one_per_entry_within_the_three_years_up_to_today(db: Database, user: User) -> None:
    start = datetime(2023, 3, 1)  # three years before TODAY, from midnight
    record_at(db, user, "first-day", start)
    record_at(db, user, "recent", datetime(2026, 2, 28, 23, 0))
    record_at(db, user, "recent", datetime(2026, 3, 1, 9, 0))  # printed again: still one account
    record_at(db, user, "too-old", start - timedelta(seconds=1))
    record_at(db, user, "long-ago", datetime(2020, 6, 1))
    assert reflective.count_last_three_years(db, user.id, TODAY) == 2
    assert reflective.count_last_three_years(db, user.id, date(2026, 3, 2)) == 1  # the first day has slipped out


def test_another_persons_accounts_are_never_counted(db: Database, user: User, other: User, lib: Library) -> None:
    for _ in range(3):
        reflective.prepare(db, other.id, str(uuid.uuid4()), account(write(db, other, lib)))
    assert reflective.count_last_three_years(db, other.id, factories.TODAY) == 3
    assert reflective.count_last_three_years(db, user.id, factories.TODAY) == 0
    reflective.prepare(db, user.id, "mine", account(write(db, user, lib)))
    assert reflective.count_last_three_years(db, user.id, factories.TODAY) == 1
    assert reflective.count_last_three_years(db, other.id, factories.TODAY) == 3


def test_the_entries_offered_put_the_best_fitting_first_newest_first_and_only_ones_own_with_words(
    db: Database, user: User, other: User, lib: Library
) -> None:
    free_new = write(db, user, lib, days_ago=0)
    gibbs_old = write(db, user, lib, "gibbs", days_ago=9, description="A fall on the ward.")
    wsw_mid = write(db, user, lib, "what_so_what", days_ago=3, what="Feedback from a family.")
    session_mid = write(db, user, lib, "session", days_ago=2, what_happened="A busy clinic.")
    entries.save_new(db, user.id, "mood-only", EntryInput("checkin", {}, mood=3), lib)  # no words: nothing to map
    binned = write(db, user, lib, "gibbs", description="Thrown away.")
    entries.trash(db, user.id, binned)
    write(db, other, lib, "gibbs", description="Someone else's.")

    offered = reflective.choices(db, user.id)
    assert [s.id for s in offered] == [wsw_mid, gibbs_old, free_new, session_mid]
    label = reflective.describe_choice(lib, offered[1])
    assert label.endswith("· Gibbs' reflective cycle (fits the form best) · A fall on the ward.")
    assert "fits the form best" not in reflective.describe_choice(lib, offered[2])


def test_the_counter_says_yet_when_none_was_ever_prepared_and_names_the_last_when_it_is_old(
    db: Database, user: User
) -> None:
    assert reflective.standing(db, user.id, TODAY).startswith("You haven't prepared a reflective account here yet.")
    record_at(db, user, "long-ago", datetime(2020, 6, 1, 10, 0))
    assert reflective.standing(db, user.id, TODAY).startswith(
        "Your last reflective account here was prepared on 1 June 2020, more than three years ago."
    )
    record_at(db, user, "recent", datetime(2026, 2, 28, 23, 0))
    assert reflective.standing(db, user.id, TODAY).startswith("You've prepared 1 of the 5")
