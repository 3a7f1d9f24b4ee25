"""Your regulator and renewal date (journal/reflect/profession.py) on a real database: kept per person, bad choices
refused with nothing changed, and the period that counts towards revalidation."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from journal.content import regulators
from journal.reflect import profession
from journal.reflect.profession import Profession, ProfessionError
from tests.factories import TODAY

pytestmark = pytest.mark.usefixtures("fixed_clock")


def test_nothing_is_chosen_until_the_person_chooses(db, make_user) -> None:
    me = make_user()
    assert profession.get(db, me.id) == Profession(None, None)
    empty = profession.profile(db, me.id)
    assert (empty.user_id, empty.regulator, empty.checklist, empty.statement_activities) == (me.id, None, "[]", "[]")


@pytest.mark.parametrize("regulator", regulators.IDS)
def test_each_regulator_is_kept_for_its_person_only(db, make_user, regulator) -> None:
    me, other = make_user(), make_user()
    profession.set_regulator(db, me.id, regulator)
    assert profession.get(db, me.id).regulator == regulator
    assert profession.get(db, other.id) == Profession(None, None)
    profession.set_regulator(db, me.id, None)
    assert profession.get(db, me.id).regulator is None


def test_a_regulator_not_on_the_list_is_refused_and_changes_nothing(db, make_user) -> None:
    me = make_user()
    profession.set_regulator(db, me.id, regulators.NMC)
    with pytest.raises(ProfessionError, match="from the list"):
        profession.set_regulator(db, me.id, "gphc")
    assert profession.get(db, me.id).regulator == regulators.NMC


def test_the_renewal_date_and_the_regulator_are_kept_together(db, make_user) -> None:
    me = make_user()
    profession.set_renewal(db, me.id, date(2027, 6, 30), TODAY)
    profession.set_regulator(db, me.id, regulators.HCPC)
    assert profession.get(db, me.id) == Profession(regulators.HCPC, date(2027, 6, 30))
    profession.set_renewal(db, me.id, None, TODAY)
    assert profession.get(db, me.id) == Profession(regulators.HCPC, None)


@pytest.mark.parametrize(
    "day",
    [TODAY - timedelta(days=367), date(TODAY.year + profession.RENEWAL_LATEST_YEARS, 12, 31), date(1900, 1, 1)],
)
def test_a_renewal_date_a_long_way_off_is_refused_kindly_and_changes_nothing(db, make_user, day) -> None:
    me = make_user()
    profession.set_renewal(db, me.id, date(2027, 6, 30), TODAY)
    with pytest.raises(ProfessionError, match="long way off"):
        profession.set_renewal(db, me.id, day, TODAY)
    assert profession.get(db, me.id).renewal_on == date(2027, 6, 30)


def test_the_edges_of_the_renewal_range_are_accepted(db, make_user) -> None:
    me = make_user()
    for day in (TODAY - timedelta(days=366), TODAY.replace(year=TODAY.year + profession.RENEWAL_LATEST_YEARS)):
        profession.set_renewal(db, me.id, day, TODAY)
        assert profession.get(db, me.id).renewal_on == day


@pytest.mark.parametrize(
    ("renewal", "years", "start"),
    [
        (date(2027, 6, 30), 3, date(2024, 6, 30)),
        (None, 3, date(2023, 11, 26)),  # no renewal date: the years up to today
        (date(2028, 2, 29), 3, date(2025, 2, 28)),  # a leap day goes back to a year without one
        (date(2027, 3, 31), 2, date(2025, 3, 31)),
    ],
)
def test_the_period_counts_back_from_the_renewal_date_or_today(renewal, years, start) -> None:
    assert profession.period_start(renewal, years, TODAY) == start
