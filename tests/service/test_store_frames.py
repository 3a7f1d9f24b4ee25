"""The store's DataFrames (trends, and the rows behind a peer group's weekly figures) have the same values and the
same column types on DuckDB and on PostgreSQL, with rows and without: charts and the differential-privacy release
get floats, counts and dates, never a Decimal, a datetime where a date is meant, or an untyped empty column.

Rows are written with plain SQL, so each test checks the reading SQL alone, and every test runs on both backends.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime, timedelta

import pandas as pd
import pytest

from journal.store import Handle, trends
from journal.store import groups as repo
from journal.together.groups.figures import QUADRANTS

MONDAY = date(2026, 3, 2)
SUNDAY = MONDAY + timedelta(days=6)
NEXT_MONDAY = MONDAY + timedelta(weeks=1)
WRITTEN = datetime(2026, 3, 20, 9, 0)


def _person(db: Handle, name: str) -> str:
    user_id = str(uuid.uuid4())
    db.execute(
        "INSERT INTO users (id, username, username_key, password_hash, is_admin, created_at) VALUES (?, ?, ?, ?, ?, ?)",
        [user_id, name, name, "not a real hash", False, WRITTEN],
    )
    return user_id


def _entry(
    db: Handle,
    user_id: str,
    day: date,
    mood: int | None,
    energy: int | None,
    *,
    theme: str | None = None,
    tags: tuple[str, ...] = (),
    win: bool = False,
    template: str = "free",
    polarity: float | None = None,
) -> None:
    entry_id = str(uuid.uuid4())
    db.execute(
        "INSERT INTO entries (id, user_id, template, theme, answers, body, mood, energy, is_win, polarity, entry_date, "
        "created_at, updated_at) VALUES (?, ?, ?, ?, '{}', 'words', ?, ?, ?, ?, ?, ?, ?)",
        [entry_id, user_id, template, theme, mood, energy, win, polarity, day, WRITTEN, WRITTEN],
    )
    for tag in tags:
        db.execute("INSERT INTO entry_tags (user_id, entry_id, tag) VALUES (?, ?, ?)", [user_id, entry_id, tag])


def _types(frame: pd.DataFrame) -> dict[str, str]:
    return {column: str(dtype) for column, dtype in frame.dtypes.items()}


# -- trends -----------------------------------------------------------------------------------------
@pytest.fixture
def journal(db: Handle) -> str:
    """Two days of entries in March and one in February, of one person, and someone else's day in March."""
    me = _person(db, "alex")
    _entry(db, me, MONDAY, 4, 2, theme="work", tags=("ward", "night"), win=True, polarity=0.5)
    _entry(db, me, MONDAY, 3, 3, theme="work", tags=("ward",), template="setback", polarity=-0.25)
    _entry(db, me, MONDAY + timedelta(days=2), 5, 5, theme="home")
    _entry(db, me, date(2026, 2, 27), None, None, tags=("ward",))
    _entry(db, _person(db, "sam"), MONDAY, 1, 1, theme="work", tags=("ward",), win=True)
    return me


def test_daily_figures_are_floats_and_counts_per_day(db: Handle, journal: str) -> None:
    frame = trends.daily(db, journal, None, SUNDAY)
    assert list(frame["day"]) == [pd.Timestamp("2026-02-27"), pd.Timestamp("2026-03-02"), pd.Timestamp("2026-03-04")]
    assert _types(frame) == {
        "day": "datetime64[us]", "mood": "float64", "energy": "float64", "polarity": "float64",
        "entries": "int64", "wins": "int64", "setbacks": "int64",
    }  # fmt: skip
    monday = frame.iloc[1]
    assert (monday["mood"], monday["energy"], monday["polarity"]) == (3.5, 2.5, 0.125)
    assert (monday["entries"], monday["wins"], monday["setbacks"]) == (2, 1, 1)
    assert frame.iloc[0][["mood", "energy", "polarity"]].isna().all()  # a day with none recorded


def test_check_ins_are_floats_in_the_order_written(db: Handle, journal: str) -> None:
    frame = trends.checkins(db, journal, MONDAY, SUNDAY)
    assert _types(frame) == {"day": "datetime64[us]", "mood": "float64", "energy": "float64"}
    assert sorted(zip(frame["mood"], frame["energy"], strict=True)) == [(3.0, 3.0), (4.0, 2.0), (5.0, 5.0)]


def test_the_mood_map_counts_days_per_cell_and_period(db: Handle, journal: str) -> None:
    frame = trends.mood_map_counts(db, journal, None, SUNDAY, recent_from=MONDAY + timedelta(days=1))
    assert _types(frame) == {"mood": "int32", "energy": "int32", "period": "str", "days": "int64"}
    assert [tuple(r) for r in frame.itertuples(index=False)] == [
        (3, 3, "Before", 1),
        (4, 2, "Before", 1),
        (5, 5, "Recent", 1),
    ]


@pytest.mark.parametrize(
    ("by", "expected"),
    [
        ("theme", [("2026-03-01", "home", 1), ("2026-03-01", "work", 2)]),
        ("tag", [("2026-02-01", "ward", 1), ("2026-03-01", "night", 1), ("2026-03-01", "ward", 2)]),
        ("wins", [("2026-03-01", 1)]),
    ],
)
def test_monthly_counts_start_each_month_at_midnight_on_its_first_day(
    db: Handle, journal: str, by: str, expected: list[tuple]
) -> None:
    frame = trends.monthly_counts(db, journal, None, SUNDAY, by)
    assert str(frame["month"].dtype) == "datetime64[us]"
    assert str(frame.iloc[:, -1].dtype) == "int64"
    rows = [(str(r[0].date()), *r[1:]) for r in frame.itertuples(index=False)]
    assert rows == expected


def test_the_journals_first_day_version_and_days_written(db: Handle, journal: str) -> None:
    assert trends.first_entry_date(db, journal) == date(2026, 2, 27)
    assert trends.days_with_entries(db, journal, MONDAY, SUNDAY) == 2
    count, updated, revisions = trends.journal_version(db, journal)
    assert (count, updated, revisions) == (4, WRITTEN, 4)
    assert type(count) is int and type(revisions) is int and type(updated) is datetime


def test_with_nothing_written_every_frame_is_empty_and_still_typed(db: Handle) -> None:
    nobody = _person(db, "nobody")
    assert _types(trends.checkins(db, nobody, None, SUNDAY)) == {
        "day": "datetime64[us]", "mood": "float64", "energy": "float64",
    }  # fmt: skip
    daily = trends.daily(db, nobody, None, SUNDAY)
    assert daily.empty and _types(daily)["mood"] == "float64" and _types(daily)["entries"] == "int64"
    counts = trends.mood_map_counts(db, nobody, None, SUNDAY, MONDAY)
    assert counts.empty and (_types(counts)["mood"], _types(counts)["days"]) == ("int32", "int64")
    for by, column in (("theme", "entries"), ("tag", "entries"), ("wins", "wins")):
        frame = trends.monthly_counts(db, nobody, None, SUNDAY, by)
        assert frame.empty and str(frame[column].dtype) == "int64", by
    assert trends.first_entry_date(db, nobody) is None
    assert trends.journal_version(db, nobody) == (0, None, 0)


# -- a peer group's weekly rows ---------------------------------------------------------------------
def _group(db: Handle, members: list[tuple[str, bool, bool, bool]]) -> str:
    """A group of (user_id, shares scores, shares check-ins, on the open wall), all approved."""
    group_id = str(uuid.uuid4())
    repo.insert_group(
        db, repo.GroupRow(group_id, "Night shift", 3, uuid.uuid4().hex, WRITTEN, True, None, datetime(2026, 1, 1))
    )
    for index, (user_id, scores, checkins, wall) in enumerate(members):
        role = repo.FACILITATOR if index == 0 else repo.MEMBER
        repo.insert_member(db, repo.MemberRow(group_id, user_id, role, repo.APPROVED, WRITTEN, scores, checkins, wall))
    return group_id


def _checkin(db: Handle, user_id: str, day: date, personal: float, work: float, client: float | None) -> None:
    db.execute(
        "INSERT INTO burnout_checkins (id, user_id, taken_on, created_at, answers, personal, work, client) "
        "VALUES (?, ?, ?, ?, '{}', ?, ?, ?)",
        [str(uuid.uuid4()), user_id, day, WRITTEN, personal, work, client],
    )


def test_a_groups_weekly_rows_are_dates_and_floats_with_each_members_commonest_area(db: Handle) -> None:
    alex, sam, kim = _person(db, "alex"), _person(db, "sam"), _person(db, "kim")
    group_id = _group(db, [(alex, True, True, True), (sam, True, False, True), (kim, False, True, False)])
    # alex: two high, pleasant days and a low, unpleasant one
    _entry(db, alex, MONDAY, 4, 4)
    _entry(db, alex, MONDAY, 5, 5)  # the same day: the day's means count once
    _entry(db, alex, MONDAY + timedelta(days=1), 4, 5)
    _entry(db, alex, MONDAY + timedelta(days=2), 1, 2)
    # sam: one day in each of three areas, a tie that goes to the area QUADRANTS lists first (low_unpleasant: neither
    # the first nor the last of the three by name), and a day without energy (no area, but its mood counts)
    _entry(db, sam, MONDAY, 3, 3)  # middle
    _entry(db, sam, MONDAY + timedelta(days=3), 4, 1)  # low_pleasant
    _entry(db, sam, MONDAY + timedelta(days=4), 2, 1)  # low_unpleasant
    _entry(db, sam, MONDAY + timedelta(days=5), 3, None)
    _entry(db, kim, MONDAY, 5, 5)  # kim doesn't share scores
    _entry(db, alex, NEXT_MONDAY, 5, 5)  # the next week: not asked for
    _checkin(db, alex, MONDAY, 40.0, 60.0, None)
    _checkin(db, kim, MONDAY + timedelta(days=5), 20.0, 30.0, 50.0)
    _checkin(db, sam, MONDAY, 90.0, 90.0, 90.0)  # sam doesn't share check-ins

    scores, checkins = repo.weekly_values(db, group_id, MONDAY, NEXT_MONDAY, list(QUADRANTS))

    assert _types(scores) == {"week": "object", "user_id": "str", "mood": "float64", "energy": "float64", "area": "str"}
    by_person = {r.user_id: r for r in scores.itertuples()}
    assert set(by_person) == {alex, sam}
    assert all(type(r.week) is date and r.week == MONDAY for r in by_person.values())
    assert (by_person[alex].mood, by_person[alex].energy) == pytest.approx((9.5 / 3, 11.5 / 3))
    assert by_person[alex].area == "high_pleasant"
    assert (by_person[sam].mood, by_person[sam].energy) == pytest.approx((3.0, 5 / 3))
    assert by_person[sam].area == "low_unpleasant"
    assert _types(checkins) == {
        "week": "object", "user_id": "str", "personal": "float64", "work": "float64", "client": "float64",
    }  # fmt: skip
    found = {r.user_id: (r.week, r.personal, r.work, r.client) for r in checkins.itertuples()}
    assert found[kim] == (MONDAY, 20.0, 30.0, 50.0)
    assert found[alex][:3] == (MONDAY, 40.0, 60.0) and pd.isna(found[alex][3])
    assert set(found) == {alex, kim}

    wall = repo.open_wall_days(db, group_id, MONDAY, NEXT_MONDAY)
    assert _types(wall)["mood"] == "float64" and list(wall["day"]) == sorted(wall["day"])
    assert {(r.username, r.day, r.mood) for r in wall.itertuples()} == {
        ("alex", MONDAY, 4.5),
        ("alex", MONDAY + timedelta(days=1), 4.0),
        ("alex", MONDAY + timedelta(days=2), 1.0),
        ("sam", MONDAY, 3.0),
        ("sam", MONDAY + timedelta(days=3), 4.0),
        ("sam", MONDAY + timedelta(days=4), 2.0),
        ("sam", MONDAY + timedelta(days=5), 3.0),
    }


def test_a_group_with_nothing_shared_gives_typed_empty_rows(db: Handle) -> None:
    alex = _person(db, "alex")
    group_id = _group(db, [(alex, False, False, False)])
    scores, checkins = repo.weekly_values(db, group_id, MONDAY, NEXT_MONDAY, list(QUADRANTS))
    assert scores.empty and (_types(scores)["mood"], _types(scores)["energy"]) == ("float64", "float64")
    assert checkins.empty and {_types(checkins)[s] for s in ("personal", "work", "client")} == {"float64"}
    wall = repo.open_wall_days(db, group_id, MONDAY, NEXT_MONDAY)
    assert wall.empty and _types(wall)["mood"] == "float64"


def test_a_debriefs_scores_never_reach_a_groups_figures_or_its_open_wall(db: Handle) -> None:
    """A debrief (an entry with a last day) stays its writer's alone, scores and all; once turned into a learning
    reflection (no last day) its scores count like any entry's."""
    alex = _person(db, "alex")
    group_id = _group(db, [(alex, True, False, True)])
    _entry(db, alex, MONDAY, 4, 4)
    _entry(db, alex, MONDAY + timedelta(days=1), 1, 1, template="debrief")
    _entry(db, alex, MONDAY + timedelta(days=2), 2, 2, template="debrief")
    db.execute(
        "UPDATE entries SET keep_until = ? WHERE user_id = ? AND template = 'debrief' AND entry_date = ?",
        [NEXT_MONDAY, alex, MONDAY + timedelta(days=1)],
    )  # the second is a debrief turned into a learning reflection: no last day

    scores, _ = repo.weekly_values(db, group_id, MONDAY, NEXT_MONDAY, list(QUADRANTS))
    wall = repo.open_wall_days(db, group_id, MONDAY, NEXT_MONDAY)

    assert [(r.mood, r.energy) for r in scores.itertuples()] == [(3.0, 3.0)]
    assert {(r.day, r.mood) for r in wall.itertuples()} == {(MONDAY, 4.0), (MONDAY + timedelta(days=2), 2.0)}
