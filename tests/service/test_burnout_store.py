"""Burnout check-ins on a real database: saved once, read back in order, private, and offered gently."""

from __future__ import annotations

import json
import threading
import uuid
from collections.abc import Callable
from datetime import date, timedelta

import pytest

from journal.accounts import User
from journal.patterns import burnout
from journal.patterns.burnout import CbiError
from journal.reflect import entries, settings
from journal.store import Database
from journal.text.words import nice_date
from tests.factories import TODAY

pytestmark = pytest.mark.usefixtures("fixed_clock")  # a check-in may not be dated after tomorrow
# Hand-scored: personal 375/6 = 62.5; work (the last item reversed: 100 - 100 = 0) 225/7.
PERSONAL = {"personal_1": 100, "personal_2": 75, "personal_3": 50, "personal_4": 75, "personal_5": 50, "personal_6": 25}
WORK = {"work_1": 50, "work_2": 25, "work_3": 50, "work_4": 50, "work_5": 25, "work_6": 25, "work_7": 100}
CLIENT = {f"client_{n}": 75 for n in range(1, 7)}


def _rows(db: Database) -> list[tuple]:
    return db.all("SELECT * FROM burnout_checkins ORDER BY id")


def _save(db: Database, user: User, answers: dict, taken_on: date, include_client: bool = False) -> burnout.Checkin:
    return burnout.save_checkin(db, user.id, str(uuid.uuid4()), answers, include_client, taken_on)


@pytest.fixture
def other(make_user: Callable[..., User]) -> User:
    return make_user("sam")


def test_a_saved_check_in_reads_back_with_its_answers_and_scores(db: Database, user: User) -> None:
    saved = burnout.save_checkin(db, user.id, "c-1", PERSONAL | WORK, False, TODAY)
    assert (saved.id, saved.taken_on, saved.answers) == ("c-1", TODAY, PERSONAL | WORK)
    assert saved.scores.personal == 62.5
    assert saved.scores.work == pytest.approx(225 / 7)
    assert saved.scores.client is None
    assert burnout.history(db, user.id) == [saved]
    assert burnout.latest(db, user.id) == saved
    [row] = _rows(db)
    assert row[1] == user.id and json.loads(row[4]) == PERSONAL | WORK


def test_saving_the_same_form_twice_keeps_one_check_in(db: Database, user: User) -> None:
    first = burnout.save_checkin(db, user.id, "c-1", PERSONAL, False, TODAY)
    again = burnout.save_checkin(db, user.id, "c-1", PERSONAL | WORK, False, TODAY)
    assert again == first  # the first save stands; the repeat is acknowledged, not added
    assert len(_rows(db)) == 1


def test_two_saves_of_one_form_at_once_make_one_check_in(db: Database, user: User) -> None:
    results: list[burnout.Checkin] = []
    go = threading.Barrier(4)

    def save() -> None:
        go.wait()
        results.append(burnout.save_checkin(db, user.id, "c-1", PERSONAL, False, TODAY))

    threads = [threading.Thread(target=save) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(results) == 4 and len({r.created_at for r in results}) == 1
    assert len(_rows(db)) == 1


def test_history_is_oldest_first_whatever_order_they_were_saved(db: Database, user: User) -> None:
    middle = _save(db, user, PERSONAL, TODAY - timedelta(days=28))
    newest = _save(db, user, WORK, TODAY)
    oldest = _save(db, user, PERSONAL | WORK, TODAY - timedelta(days=56))
    assert [c.id for c in burnout.history(db, user.id)] == [oldest.id, middle.id, newest.id]
    assert burnout.latest(db, user.id) == newest


def test_another_persons_check_ins_are_invisible(db: Database, user: User, other: User) -> None:
    _save(db, other, PERSONAL, TODAY)
    assert burnout.history(db, user.id) == []
    assert burnout.latest(db, user.id) is None
    assert burnout.due(db, user.id, TODAY)  # their check-in today doesn't count as mine
    mine = _save(db, user, WORK, TODAY - timedelta(days=3))
    assert [c.id for c in burnout.history(db, user.id)] == [mine.id]
    assert len(burnout.history(db, other.id)) == 1


def test_an_id_already_used_by_someone_else_is_not_overwritten(db: Database, user: User, other: User) -> None:
    burnout.save_checkin(db, other.id, "c-1", PERSONAL, False, TODAY)
    before = _rows(db)
    with pytest.raises(CbiError, match="couldn't confirm"):
        burnout.save_checkin(db, user.id, "c-1", WORK, False, TODAY)
    assert _rows(db) == before
    assert burnout.history(db, user.id) == []


@pytest.mark.parametrize(
    ("answers", "include_client", "message"),
    [
        ({}, False, "isn't enough here to score"),
        ({"personal_1": 100, "personal_2": 100, "work_1": 50}, False, "isn't enough here to score"),
        (CLIENT, False, "isn't enough here to score"),  # the scale wasn't included
        (PERSONAL | {"work_1": 60}, False, "isn't one of the choices"),
        (PERSONAL | {"work_99": 50}, False, "don't belong"),
    ],
)
def test_a_refused_check_in_saves_nothing(
    db: Database, user: User, answers: dict, include_client: bool, message: str
) -> None:
    _save(db, user, WORK, TODAY - timedelta(days=28))
    before = _rows(db)
    with pytest.raises(CbiError, match=message):
        _save(db, user, answers, TODAY, include_client)
    assert _rows(db) == before


def test_a_date_in_the_future_is_refused(db: Database, user: User) -> None:
    with pytest.raises(CbiError, match="future"):
        _save(db, user, PERSONAL, TODAY + timedelta(days=5))
    assert _rows(db) == []


def test_the_people_you_work_with_answers_are_kept_only_when_included(db: Database, user: User) -> None:
    left_out = _save(db, user, PERSONAL | CLIENT, TODAY, include_client=False)
    assert left_out.answers == PERSONAL and left_out.scores.client is None
    included = _save(db, user, PERSONAL | CLIENT, TODAY, include_client=True)
    assert included.answers == PERSONAL | CLIENT and included.scores.client == 75.0


def test_due_every_four_weeks_after_the_last_check_in(db: Database, user: User) -> None:
    assert burnout.due(db, user.id, TODAY)
    _save(db, user, PERSONAL, TODAY - timedelta(days=27))
    assert not burnout.due(db, user.id, TODAY)
    assert burnout.due(db, user.id, TODAY + timedelta(days=1))


def test_not_now_holds_the_offer_until_the_next_due_day(db: Database, user: User, other: User) -> None:
    until = burnout.snooze(db, user.id, TODAY)
    assert until == TODAY + timedelta(days=28)
    assert settings.get(db, user.id).cbi_snoozed_until == until
    assert not burnout.due(db, user.id, TODAY)
    assert not burnout.due(db, user.id, until - timedelta(days=1))
    assert burnout.due(db, user.id, until)
    assert burnout.due(db, other.id, TODAY)  # my "not now" is mine alone


def _write(db: Database, user: User, lib, count: int) -> None:
    for n in range(count):
        entries.save_new(
            db, user.id, str(uuid.uuid4()), entries.EntryInput("checkin", {"line": f"day {n}"}, mood=3), lib
        )


def test_a_new_account_with_a_few_entries_is_not_offered_it_until_it_has_used_harbour_a_fortnight(
    db: Database, user: User, lib
) -> None:
    _write(db, user, lib, 5)  # made today, with five quick entries: due by the schedule, not offered yet
    assert burnout.due(db, user.id, TODAY)
    assert burnout.offer(db, user.id, TODAY) is None
    assert burnout.offer(db, user.id, TODAY + timedelta(days=13)) is None
    first = burnout.offer(db, user.id, TODAY + timedelta(days=14))
    assert first is not None and "try the burnout check-in" in first and "while" not in first


def test_a_fortnight_with_too_few_entries_is_not_enough_either(db: Database, user: User, lib) -> None:
    _write(db, user, lib, 4)
    assert burnout.offer(db, user.id, TODAY + timedelta(days=60)) is None


def test_after_a_check_in_the_offer_names_the_last_one_once_four_weeks_have_passed(
    db: Database, user: User, lib
) -> None:
    _save(db, user, PERSONAL, TODAY)
    assert burnout.offer(db, user.id, TODAY + timedelta(days=27)) is None
    again = burnout.offer(db, user.id, TODAY + timedelta(days=30))
    assert again is not None and again.startswith(f"Your last burnout check-in was on {nice_date(TODAY)}, 4 weeks ago.")


def test_not_now_holds_a_first_offer_back_too(db: Database, user: User, lib) -> None:
    _write(db, user, lib, 5)
    later = TODAY + timedelta(days=20)
    until = burnout.snooze(db, user.id, later)
    assert burnout.offer(db, user.id, later) is None
    assert burnout.offer(db, user.id, until) is not None


def test_not_now_after_a_recent_check_in_waits_for_its_four_weeks(db: Database, user: User) -> None:
    _save(db, user, PERSONAL, TODAY - timedelta(days=10))
    assert burnout.snooze(db, user.id, TODAY) == TODAY + timedelta(days=18)
