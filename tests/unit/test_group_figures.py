"""Property tests for peer-group figures, against a real DuckDB file: random groups, shares, weeks and changes.

No stored figure ever rests on fewer than k members and none states a count; and when any one member
joins, leaves, stops or starts sharing, rejoins or is removed (or k changes), every week already stored is
exactly as it was, and weeks that closed before the change reflect the group as it was before it.
An independent model, written here in plain Python, says what each week should hold.
"""

from __future__ import annotations

import json
import math
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from journal.clock import utcnow
from journal.patterns.charts import group as group_charts
from journal.store import Database
from journal.store import groups as repo
from journal.store.db import registered
from journal.together.groups import figures as group_figures
from journal.together.groups import membership as groups
from journal.together.groups import release as group_release
from journal.together.groups.membership import Sharing
from tests.conftest import _hash
from tests.factories import GROUP_START, PASSWORD, synthetic_group

T0 = datetime(2025, 3, 3, 9, 0)  # a Monday: the group begins in the week of 3 March
START = T0.date()
SCALES = ("personal", "work", "client")
TABLES = ("entries", "burnout_checkins", "groups", "group_members", "group_wins", "group_weeks", "users", "sessions")
QUADRANT_KEYS = list(group_figures.QUADRANTS)

PROPERTY = settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow]
)


# -- a random group ---------------------------------------------------------------------------------
@dataclass
class Person:
    id: str
    approved: bool = True
    scores: bool = False
    checkins: bool = False
    entries: list[tuple[date, int | None, int | None, bool]] = field(default_factory=list)  # day, mood, energy, trashed
    checkin_rows: list[tuple[date, float | None, float | None, float | None]] = field(default_factory=list)


State = dict[str, tuple[str, bool, bool]]  # status ("member", "pending" or "out"), scores, check-ins


@dataclass
class World:
    k: int
    weeks: int  # weeks of data; one more, still open at the end, is written too
    people: list[Person]  # the group: the first is the facilitator
    outsider: Person  # has a journal, is not in the group (until an event lets them join)

    @property
    def everyone(self) -> list[Person]:
        return [*self.people, self.outsider]

    def state(self) -> State:
        """Where everyone stands: id -> (status, shares scores, shares check-ins)."""
        status = {p.id: "member" if p.approved else "pending" for p in self.people} | {self.outsider.id: "out"}
        return {p.id: (status[p.id], p.scores, p.checkins) for p in self.everyone}


scale = st.one_of(st.none(), st.integers(1, 5))
trashed = st.integers(0, 9).map(lambda n: n == 0)  # now and then an entry is in the trash
checkin = st.one_of(st.none(), st.sampled_from([0.0, 25.0, 37.5, 50.0, 62.5, 75.0, 100.0]))


@st.composite
def journals(draw: st.DrawFn, weeks: int, **kw: bool) -> Person:
    """A person with 0-2 entries a day and now and then a check-in, over the weeks and the open one after."""
    person = Person(id=str(uuid.uuid4()), **kw)
    for offset in range(7 * (weeks + 1)):
        day = START + timedelta(days=offset)
        for mood, energy, gone in draw(st.lists(st.tuples(scale, scale, trashed), max_size=2)):
            person.entries.append((day, mood, energy, gone))
    for week in range(weeks + 1):
        if draw(st.booleans()):
            day = START + timedelta(days=7 * week + draw(st.integers(0, 6)))
            values = (draw(checkin), draw(checkin), draw(checkin))
            if any(v is not None for v in values):
                person.checkin_rows.append((day, *values))
    return person


@st.composite
def worlds(draw: st.DrawFn) -> World:
    k = draw(st.integers(groups.MIN_K, 6))
    weeks = draw(st.integers(1, 4))
    n = draw(st.integers(2, 10))
    people = []
    for index in range(n):
        approved = index == 0 or draw(st.integers(0, 3)) > 0  # now and then a request still waiting
        # Most members share (so figures appear and a change can matter); a pending request shares nothing.
        shares = {"scores": approved and draw(st.integers(0, 3)) > 0, "checkins": approved and draw(st.booleans())}
        people.append(draw(journals(weeks, approved=approved, **shares)))
    return World(k, weeks, people, draw(journals(weeks, approved=False)))


# -- the model --------------------------------------------------------------------------------------
def _mean(values: list[float]) -> float | None:
    return sum(values) / len(values) if values else None


def model(world: World, state: State, k: int, week: date) -> dict:
    """What a week should hold, from scratch: raw counts and values, and which figures may be shown."""
    days = range(7)
    member_mood, member_energy, quad_users, quad = {}, {}, set(), dict.fromkeys(QUADRANT_KEYS, 0)
    burnout: dict[str, list[float]] = {s: [] for s in SCALES}
    for person in world.everyone:
        status, scores, checkins = state[person.id]
        approved = status == "member"
        if approved and scores:
            day_moods, day_energies = [], []
            for offset in days:
                on = week + timedelta(days=offset)
                kept = [(m, e) for d, m, e, trashed in person.entries if d == on and not trashed]
                mood = _mean([m for m, _ in kept if m is not None])
                energy = _mean([e for _, e in kept if e is not None])
                if mood is not None:
                    day_moods.append(mood)
                if energy is not None:
                    day_energies.append(energy)
                if mood is not None and energy is not None:
                    m, en = math.floor(mood + 0.5), math.floor(energy + 0.5)
                    area = (
                        "middle"
                        if m == 3 or en == 3
                        else f"{'high' if en > 3 else 'low'}_{'pleasant' if m > 3 else 'unpleasant'}"
                    )
                    quad[area] += 1
                    quad_users.add(person.id)
            if day_moods:
                member_mood[person.id] = _mean(day_moods)
            if day_energies:
                member_energy[person.id] = _mean(day_energies)
        if approved and checkins:
            taken = [c for c in person.checkin_rows if week <= c[0] < week + timedelta(days=7)]
            for index, scale_id in enumerate(SCALES):
                value = _mean([c[1 + index] for c in taken if c[1 + index] is not None])
                if value is not None:
                    burnout[scale_id].append(value)
    out = {"k": k}
    for name, values in (("mood", list(member_mood.values())), ("energy", list(member_energy.values()))):
        out[name] = (
            len(values),
            (float(np.median(values)), *np.percentile(values, [25, 75]).tolist()) if values else None,
        )
    out["quadrants"] = (len(quad_users), sum(quad.values()), quad)
    out["burnout"] = {s: (len(v), _mean(v)) for s, v in burnout.items()}
    return out


def check_week(stored: dict, expected: dict) -> None:
    """A stored week against the model: shown exactly when k or more members are behind it, and never a count."""
    k = expected["k"]
    assert stored["k"] == k and stored["epsilon"] == group_release.EPSILON
    for name in ("mood", "energy"):
        members, _ = expected[name]
        if members < k:
            assert stored[name] is None, f"{name} shown from {members} members with k {k}"
            continue
        shown = stored[name]
        assert shown is not None, f"{name} hidden though {members} members shared with k {k}"
        assert set(shown) == {"at_least", "mean", "margin"} and shown["at_least"] == k  # never more than shared
        assert 1 <= shown["mean"] <= 5 and shown["margin"] > 0
    members, _, _ = expected["quadrants"]
    if members < k:
        assert stored["areas"] is None
    else:
        shown = stored["areas"]
        assert shown is not None, f"areas hidden though {members} members shared with k {k}"
        assert shown["at_least"] == k and sum(shown["shares"].values()) == 100 and shown["margin"] >= 1
        assert set(shown["shares"]) == set(group_figures.QUADRANTS.values())
    for scale_id, (members, _) in expected["burnout"].items():
        if members < k:
            assert stored["burnout"][scale_id] is None
        else:
            shown = stored["burnout"][scale_id]
            assert shown is not None, f"{scale_id} hidden though {members} members shared with k {k}"
            assert shown["at_least"] == k and 0 <= shown["average"] <= 100


# -- the database -----------------------------------------------------------------------------------
@pytest.fixture
def fresh(tmp_path: Path) -> Iterator[Database]:
    """One database file for the test; every example empties it first (Hypothesis runs many per test)."""
    database = Database(tmp_path / "groups.duckdb")
    yield database
    database.close()


def build(db: Database, world: World) -> str:
    """Put the world in the database: accounts, entries, check-ins; a group with everyone in it; returns its id."""
    with db.write() as tx:
        for table in TABLES:
            tx.execute(f"DELETE FROM {table}")
        now = utcnow()
        for n, person in enumerate(world.everyone):
            tx.execute(
                "INSERT INTO users (id, username, username_key, password_hash, is_admin, created_at) "
                "VALUES (?, ?, ?, ?, FALSE, ?)",
                [person.id, f"p{n}", f"p{n}", _hash(PASSWORD), now],
            )
        rows = pd.DataFrame(
            [
                (str(uuid.uuid4()), p.id, d, m, e, now if gone else None)
                for p in world.everyone
                for d, m, e, gone in p.entries
            ],
            columns=["id", "user_id", "entry_date", "mood", "energy", "deleted_at"],
        ).astype({"mood": "Int64", "energy": "Int64", "deleted_at": "datetime64[us]"})
        with registered(tx, new_entries=rows):
            tx.execute(
                "INSERT INTO entries (id, user_id, template, answers, body, mood, energy, entry_date, created_at, "
                "updated_at, deleted_at) SELECT id, user_id, 'free', '{}', 'private words', mood, energy, entry_date, "
                "now()::TIMESTAMP, now()::TIMESTAMP, deleted_at FROM new_entries"
            )
        for p in world.everyone:
            for day, personal, work, client in p.checkin_rows:
                tx.execute(
                    "INSERT INTO burnout_checkins VALUES (?, ?, ?, ?, '{}', ?, ?, ?)",
                    [str(uuid.uuid4()), p.id, day, now, personal, work, client],
                )
    facilitator = world.people[0]
    created = groups.create_group(db, facilitator.id, "Random group", k=world.k, now=T0)
    with db.write() as tx:
        for person in world.people:
            if person is not facilitator:
                status = repo.APPROVED if person.approved else repo.PENDING
                repo.insert_member(
                    tx, repo.MemberRow(created.group.id, person.id, repo.MEMBER, status, T0, False, False, False)
                )
            repo.set_choices(tx, created.group.id, person.id, person.scores, person.checkins, False)
    return created.group.id


def stored_weeks(db: Database, group_id: str) -> dict[date, tuple[datetime, str]]:
    return {week: (when, figures) for week, when, figures in repo.stored_weeks(db, group_id)}


def noon(days: int) -> datetime:
    return datetime.combine(START + timedelta(days=days), datetime.min.time()) + timedelta(hours=12)


# -- the properties ---------------------------------------------------------------------------------
@PROPERTY
@given(world=worlds(), extra_days=st.integers(0, 6))
def test_no_stored_figure_rests_on_fewer_than_k_members(fresh: Database, world: World, extra_days: int) -> None:
    group_id = build(fresh, world)
    now = noon(7 * world.weeks + extra_days)  # the last week written is still open
    shown = group_figures.week_figures(fresh, world.people[0].id, group_id, now=now)
    weeks = stored_weeks(fresh, group_id)
    assert sorted(weeks) == [START + timedelta(weeks=n) for n in range(world.weeks)]  # never the open week
    assert [w.week_start for w in shown] == sorted(weeks)
    for week, (_, figures) in weeks.items():
        check_week(json.loads(figures), model(world, world.state(), world.k, week))


EVENTS = ("join", "approve", "leave", "stop scores", "stop check-ins", "start sharing", "rejoin", "remove", "change k")
# Whom each event is aimed at, when there is such a person (otherwise any approved member): the one it matters for.
AIMS = {
    "approve": lambda status, scores, checkins: status == "pending",
    "leave": lambda status, scores, checkins: status == "member" and (scores or checkins),
    "remove": lambda status, scores, checkins: status == "member" and (scores or checkins),
    "rejoin": lambda status, scores, checkins: status == "member" and (scores or checkins),
    "stop scores": lambda status, scores, checkins: status == "member" and scores,
    "stop check-ins": lambda status, scores, checkins: status == "member" and checkins,
    "start sharing": lambda status, scores, checkins: status == "member" and not (scores and checkins),
}


def apply(db: Database, world: World, group_id: str, now: datetime, step: tuple, before: tuple) -> tuple:
    """One change by one member (or the facilitator's k) at `now`: (state, k, facilitator) before and after."""
    state, k, lead = before
    event, who, _, new_k = step
    after = dict(state)
    aimed = [pid for pid in state if AIMS.get(event, lambda *_: False)(*state[pid])]
    if event == "approve" and not aimed:
        event = "join"  # nobody is waiting: someone new joins instead
    if event == "join" and state[world.outsider.id][0] != "out":
        event = "change k"  # the outsider has joined already
    candidates = aimed or [pid for pid in state if state[pid][0] == "member"]
    person = candidates[who % len(candidates)]
    status, scores, checkins = state[person]
    if event == "join":  # someone with a journal full of scores joins and shares everything at once
        newcomer = world.outsider.id
        code = groups.rotate_code(db, lead, group_id, now=now)
        groups.join_with_code(db, newcomer, code, now=now)
        groups.approve(db, lead, group_id, newcomer, now=now)
        groups.set_sharing(db, newcomer, group_id, Sharing(True, True), PASSWORD, now=now)
        after[newcomer] = ("member", True, True)
    elif event == "change k":
        groups.set_min_members(db, lead, group_id, new_k, now=now)
        k = new_k
    elif status == "pending":
        groups.approve(db, lead, group_id, person, now=now)  # a waiting request let in
        after[person] = ("member", False, False)
    elif event in ("leave", "remove") or (event == "rejoin" and person == lead):
        if event == "remove" and person != lead:
            groups.remove_member(db, lead, group_id, person, now=now)
        else:
            groups.leave(db, person, group_id, now=now)
        after[person] = ("out", False, False)
    elif event == "rejoin":
        groups.leave(db, person, group_id, now=now)
        code = groups.rotate_code(db, lead, group_id, now=now)
        groups.join_with_code(db, person, code, now=now)
        groups.approve(db, lead, group_id, person, now=now)
        after[person] = ("member", False, False)  # back in, sharing nothing until they choose again
    elif event == "start sharing":
        groups.set_sharing(db, person, group_id, Sharing(True, True), PASSWORD, now=now)
        after[person] = ("member", True, True)
    else:
        keep_scores, keep_checkins = (False, checkins) if event == "stop scores" else (scores, False)
        groups.set_sharing(db, person, group_id, Sharing(keep_scores, keep_checkins), now=now)
        after[person] = ("member", keep_scores, keep_checkins)
    if after[lead][0] != "member":  # the facilitator left: a member takes it on, if anyone is left
        lead = next((pid for pid, (status, _, _) in after.items() if status == "member"), None)
        if lead is not None:
            groups.take_on_facilitating(db, lead, group_id)
    return after, k, lead


@settings(PROPERTY, max_examples=150)  # many small chains: a change that skips settling shows up in a few
@given(
    world=worlds(),
    first_look=st.integers(0, 27),
    steps=st.lists(
        st.tuples(st.sampled_from(EVENTS), st.integers(0, 100), st.integers(0, 10), st.integers(groups.MIN_K, 8)),
        min_size=1,
        max_size=5,
    ),
)
def test_no_single_change_alters_a_stored_week_or_reaches_a_closed_one(
    fresh: Database, world: World, first_look: int, steps: list[tuple]
) -> None:
    group_id = build(fresh, world)
    end = 7 * world.weeks
    group = (world.state(), world.k, world.people[0].id)  # (state, k, facilitator) as the steps go on
    settled_with: dict[date, tuple[State, int]] = {}  # each closed week: the group as it was when it closed

    def settles(now: datetime) -> None:
        """Weeks closed by `now` must be settled, from the group as it is, before anything else happens."""
        for n in range(world.weeks):
            week = START + timedelta(weeks=n)
            if week + timedelta(days=7) <= now.date():
                settled_with.setdefault(week, (dict(group[0]), group[1]))

    def look(now: datetime) -> dict:
        settles(now)
        group_figures.week_figures(fresh, group[2], group_id, now=now)
        return stored_weeks(fresh, group_id)

    day = first_look % end
    view = look(noon(day))
    for step in steps:
        day = min(day + step[2], end)  # a few days on: now and then a week closes before the change
        settles(noon(day))
        group = apply(fresh, world, group_id, noon(day), step, group)
        if group[2] is None:
            return  # nobody approved is left to look (and the last one out took the group with them)
        after = look(noon(day))
        for week, row in view.items():
            assert after[week] == row, f"the week of {week} changed when someone did {step[0]!r}"
        view = after
    view = look(noon(end))
    assert sorted(view) == sorted(settled_with)
    for week, (_, figures) in view.items():
        check_week(json.loads(figures), model(world, *settled_with[week], week))


# -- the charts' rows ------------------------------------------------------------------------------
def _weeks() -> list[group_figures.WeekFigures]:
    spread = group_figures.Spread(at_least=5, mean=3.4, margin=0.3)
    shares = dict.fromkeys(group_figures.QUADRANTS.values(), 0) | {
        "Low energy, unpleasant": 60,
        "Low energy, pleasant": 40,
    }
    quads = group_figures.Quadrants(at_least=5, shares=shares, margin=18)
    shown = group_figures.WeekFigures(date(2025, 3, 10), 5, spread, replace(spread, mean=2.6), quads, {})
    hidden = group_figures.WeekFigures(date(2025, 3, 3), 5, None, None, None, {})
    return [hidden, shown]


def test_the_charts_draw_only_shown_weeks_in_okabe_ito_colours() -> None:
    spread, quadrants = group_figures.spread_frame(_weeks()), group_figures.quadrant_frame(_weeks())
    assert set(spread["week"]) == {pd.Timestamp(2025, 3, 10)} and len(quadrants) == 5
    assert spread[["low", "high"]].iloc[0].tolist() == [3.1, 3.7]  # the band is the noise's "about ±"
    spec = json.dumps(group_charts.spread_chart(spread).to_dict())
    assert "#D55E00" in spec and "#0072B2" in spec  # mood and energy as on a person's own Trends
    bars = group_charts.quadrant_chart(quadrants).to_dict()
    assert set(bars["encoding"]["color"]["scale"]["range"]) <= {"#0072B2", "#E69F00", "#009E73", "#CC79A7", "#999999"}
    assert group_charts.caption_spread(spread).startswith(
        "In the week of 10 Mar 2025, members' mean mood was about 3.4 (±0.3, from 5 or more members); "
        "members' mean energy was about 2.6"
    )
    assert "most often low energy, unpleasant (about 60% of members, ±18)" in group_charts.caption_quadrants(quadrants)
    assert "No figures yet" in group_charts.caption_spread(group_figures.spread_frame([_weeks()[0]]))
    [older, newer] = group_figures.figures_table(_weeks()).to_dict("records")[::-1]
    assert older["Mood"] == "fewer than 5 members shared" and newer["Mood"] == "3.4 (about ±0.3), 5 or more members"


def test_the_synthetic_group_is_a_real_group_whose_weeks_are_all_worked_out(tmp_path: Path) -> None:
    made = synthetic_group(tmp_path / "group.duckdb", members=12, weeks=3)
    db = Database(made.path)
    try:
        weeks = group_figures.week_figures(db, made.facilitator, made.group_id, now=made.now)
    finally:
        db.close()
    assert [w.week_start for w in weeks] == [GROUP_START + timedelta(weeks=n) for n in range(3)]
    assert all(w.mood is not None and w.quadrants is not None for w in weeks)  # most of the 12 share scores
