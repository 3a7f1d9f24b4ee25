"""Every read-decide-write path, raced by several Harbour processes on one PostgreSQL (issue 15).

PostgreSQL at REPEATABLE READ (PostgresDatabase.write) makes the second writer of a row wait for the first and then
refuses it, but lets two transactions that each read "nothing there yet" and each write a different row both commit
(write skew). So each rule below is raced: WORKERS separate OS processes (tests/service/concurrency_worker.py), each
with its own PostgresDatabase on the same database, are released together by a barrier and do the same thing at
once; then the rule is checked in the database. PostgreSQL only: DuckDB is one process (its threads are raced in the
other service tests). Skipped, with the other PostgreSQL tests, without PostgreSQL's binaries.

The pool of processes is started once for the module (spawning them is most of the time); every operation is given
`now=` or a held clock, so nothing here reads the real clock.
"""

from __future__ import annotations

import functools
import json
import multiprocessing
import sys
import types
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from journal import accounts
from journal.accounts import User
from journal.reflect import entries
from journal.store import coaching as coaching_repo
from journal.store import groups as group_repo
from journal.store import users
from journal.store.postgres import PostgresDatabase
from journal.together import coaching
from journal.together.groups import figures
from journal.together.groups import membership as groups
from journal.together.groups.membership import ALREADY_ASKED
from tests import postgres_cluster
from tests.conftest import chosen_backends
from tests.factories import NOON_TODAY, PASSWORD
from tests.service import concurrency_worker
from tests.service.concurrency_worker import Outcome

pytestmark = pytest.mark.skipif(
    "postgres" not in chosen_backends(), reason="PostgreSQL only, and HARBOUR_TEST_BACKEND leaves it out"
)

WORKERS = 4
NOW = NOON_TODAY.astimezone(UTC).replace(tzinfo=None)  # naive UTC, as the store keeps time
ROUNDS = 8  # for the races whose transactions are too short to overlap every time
RACE_SECONDS = 120  # a worker that died (its task lost) fails the test rather than hang the run
NAMES = ("robin", "kitty", "sammy", "jodie", "avery", "morgan", "harper", "quinn")


class Workers:
    """The pool of racing processes; `race` gives each one task and waits for all of them."""

    def __init__(self, pool: Any, barrier: Any) -> None:
        self.pool = pool
        self.barrier = barrier

    def race(self, url: str, operation: str, each: list[dict[str, Any]], *, apart: timedelta | None = None) -> list:
        """`operation` in every process at once, process i with `each[i]`; process i's clock is NOW (plus i times
        `apart`). Returns the Outcomes in order, having checked that none is an error."""
        assert len(each) == WORKERS  # one task per process: each waits at the barrier for all the others
        self.barrier.reset()  # in case an earlier race broke it
        step = apart or timedelta(milliseconds=1)
        tasks = [(url, operation, NOON_TODAY + i * step, kwargs) for i, kwargs in enumerate(each)]
        outcomes: list[Outcome] = self.pool.map_async(concurrency_worker.run, tasks, chunksize=1).get(RACE_SECONDS)
        errors = [o.value for o in outcomes if o.kind == "error"]
        assert not errors, "\n".join(errors)
        return outcomes


@pytest.fixture(scope="module")
def workers(postgres_server: postgres_cluster.Cluster) -> Iterator[Workers]:
    # A spawned process first runs its parent's __main__ again. Once AppTest has run (tests/app, earlier in the
    # suite), that is app.py, which opens the default DuckDB file: every worker would fight for its lock. The
    # workers need nothing from __main__, so they are given a blank one while they live.
    with pytest.MonkeyPatch.context() as patch:
        patch.setitem(sys.modules, "__main__", types.ModuleType("__main__"))
        context = multiprocessing.get_context("spawn")
        barrier = context.Barrier(WORKERS)
        pool = context.Pool(WORKERS, initializer=concurrency_worker.start, initargs=(barrier,))
        try:
            yield Workers(pool, barrier)
        finally:
            pool.terminate()  # the workers hold connections and nothing else: no need to wait for them
            pool.join()


@pytest.fixture
def pg(postgres_url: str) -> Iterator[PostgresDatabase]:
    database = PostgresDatabase(postgres_url, max_size=2)
    yield database
    database.close()


@pytest.fixture
def url(postgres_url: str) -> str:
    return postgres_url


@pytest.fixture(autouse=True)
def cheap(monkeypatch: pytest.MonkeyPatch) -> None:
    """This process hashes as cheaply as the workers do (concurrency_worker.CHEAP)."""
    monkeypatch.setattr(accounts, "_hasher", concurrency_worker.CHEAP)
    monkeypatch.setattr(accounts, "_DUMMY_HASH", concurrency_worker.CHEAP.hash("harbour-timing-equaliser"))


@functools.cache
def _hash() -> str:
    return concurrency_worker.CHEAP.hash(PASSWORD)


def person(db: PostgresDatabase, name: str) -> User:
    """An account with PASSWORD, made without hashing it again (sign-up itself is raced below)."""
    row = users.UserRow(str(uuid.uuid4()), name, accounts.username_key(name), _hash(), False, NOW - timedelta(days=60))
    assert users.insert_first_is_admin(db, row, "admin")
    return User(row.id, name, False)


def oks(outcomes: list[Outcome]) -> list[Any]:
    return [o.value for o in outcomes if o.kind == "ok"]


def refusals(outcomes: list[Outcome]) -> list[str]:
    return [o.value for o in outcomes if o.kind == "refused"]


def count(db: PostgresDatabase, sql: str, params: list[object]) -> int:
    found = db.one(f"SELECT count(*) FROM {sql}", params)
    assert found is not None
    return int(found[0])


# -- accounts ---------------------------------------------------------------------------------------------------
def sign_ups(pg: PostgresDatabase) -> list[dict[str, Any]]:
    """One sign-up for each process, on a Harbour with no accounts (those of an earlier round are deleted)."""
    pg.execute("DELETE FROM users")
    pg.execute("DELETE FROM app_settings WHERE name = 'first_admin'")
    return [{"name": n, "password": PASSWORD, "now": NOW} for n in NAMES[:WORKERS]]


def test_sign_ups_at_once_on_an_empty_harbour_make_exactly_one_admin(workers: Workers, url: str, pg) -> None:
    for _ in range(ROUNDS):
        made = oks(workers.race(url, "sign_up", sign_ups(pg)))
        assert len(made) == WORKERS  # sign-up is open: everyone gets in
        assert sum(is_admin for _, is_admin in made) == 1
        assert count(pg, "users WHERE is_admin", []) == 1


def test_while_sign_up_is_closed_only_the_first_of_several_at_once_gets_in(workers: Workers, url: str, pg) -> None:
    users.set_app_setting(pg, "allow_signup", "false")
    for _ in range(ROUNDS):
        outcomes = workers.race(url, "sign_up", sign_ups(pg))
        assert [is_admin for _, is_admin in oks(outcomes)] == [True]
        assert refusals(outcomes) == [accounts.SIGNUP_CLOSED] * (WORKERS - 1)
        assert count(pg, "users", []) == 1


@pytest.mark.parametrize("name", ["alex", "nobody"], ids=["account", "unknown name"])
def test_tries_at_once_after_the_free_ones_get_one_checked_try_between_them(
    workers: Workers, url: str, pg, name: str
) -> None:
    alex = person(pg, "alex")
    for _ in range(accounts.FREE_TRIES - 1):  # one free try left
        with pytest.raises(accounts.AccountError, match="don't match"):
            accounts.sign_in(pg, name, "not the password at all", now=NOW, address="10.0.0.9")
    tries = [{"name": name, "password": "still not the password", "now": NOW, "address": f"10.0.1.{i}"} for i in
             range(WORKERS)]  # fmt: skip
    answers = refusals(workers.race(url, "sign_in", tries))
    assert len(answers) == WORKERS
    assert answers.count(accounts.SIGN_IN_FAILED) == 1  # the one try checked; the rest waited without being checked
    assert all(a.startswith("Please wait a moment") for a in answers if a != accounts.SIGN_IN_FAILED)
    if name == "alex":
        found = pg.one("SELECT failed_attempts, locked_until FROM users WHERE id = ?", [alex.id])
    else:
        found = pg.one("SELECT failed_attempts, locked_until FROM unknown_name_failures")
    assert found == (accounts.FREE_TRIES, NOW + timedelta(seconds=1))  # counted once each, and the wait applied


def test_the_right_password_from_several_processes_at_once_never_ends_in_a_store_error(
    workers: Workers, url: str, pg
) -> None:
    alex = person(pg, "alex")
    for _ in range(ROUNDS):
        tries = [{"name": "alex", "password": PASSWORD, "now": NOW, "address": f"10.0.2.{i}"} for i in range(WORKERS)]
        outcomes = workers.race(url, "sign_in", tries)  # none an error: race() checks
        assert alex.id in oks(outcomes)  # at least one signs in; a try that collided is asked to try again
        assert all(r.startswith("Please wait a moment") for r in refusals(outcomes))
    assert pg.one("SELECT failed_attempts, locked_until FROM users WHERE id = ?", [alex.id]) == (0, None)


def test_a_sign_in_ticket_handed_in_from_several_processes_at_once_works_once(workers: Workers, url: str, pg) -> None:
    alex = person(pg, "alex")
    session_id = accounts.start_session(pg, alex.id, now=NOW)
    ticket = accounts.issue_ticket(pg, session_id, now=NOW)
    taken = oks(workers.race(url, "redeem_ticket", [{"ticket": ticket, "now": NOW}] * WORKERS))
    assert taken.count(session_id) == 1 and taken.count(None) == WORKERS - 1
    assert count(pg, "session_tickets", []) == 0


# -- coaching ---------------------------------------------------------------------------------------------------
def test_one_invitation_used_by_several_coaches_at_once_starts_one_coaching(workers: Workers, url: str, pg) -> None:
    mentee = person(pg, "alex")
    coaches = [person(pg, n) for n in NAMES[:WORKERS]]
    invite = coaching.make_invite(pg, mentee.id, now=NOW)
    outcomes = workers.race(
        url, "accept_invite", [{"coach_id": c.id, "code": invite.code, "now": NOW} for c in coaches]
    )
    started = oks(outcomes)
    assert len(started) == 1
    assert refusals(outcomes) == [coaching.CODE_INVALID] * (WORKERS - 1)
    assert count(pg, "coaching", []) == 1
    winner = pg.one("SELECT coach_id FROM coaching WHERE id = ?", [started[0]])
    assert pg.all("SELECT coach_id FROM coach_invites WHERE used_at IS NOT NULL") == [winner]


def test_one_coach_using_several_of_a_mentee_s_codes_at_once_coaches_them_once(workers: Workers, url: str, pg) -> None:
    mentee, coach = person(pg, "alex"), person(pg, "robin")
    codes = [coaching.make_invite(pg, mentee.id, now=NOW).code for _ in range(WORKERS)]
    outcomes = workers.race(url, "accept_invite", [{"coach_id": coach.id, "code": c, "now": NOW} for c in codes])
    assert len(oks(outcomes)) == 1
    assert refusals(outcomes) == [coaching.ALREADY_COACHING] * (WORKERS - 1)
    assert count(pg, "coaching WHERE ended_at IS NULL", []) == 1
    assert count(pg, "coach_invites WHERE used_at IS NULL", []) == WORKERS - 1  # the others are still there to use


def test_entries_turned_off_while_entries_are_being_shared_leave_none_shared(workers: Workers, url: str, pg) -> None:
    mentee, coach = person(pg, "alex"), person(pg, "robin")
    started = coaching.accept_invite(pg, coach.id, coaching.make_invite(pg, mentee.id, now=NOW).code, now=NOW)
    assert coaching_repo.set_scope(pg, mentee.id, started.id, "share_entries", True)
    ids = [str(uuid.uuid4()) for _ in range(WORKERS - 1)]
    for entry_id in ids:
        pg.execute(
            "INSERT INTO entries (id, user_id, template, answers, body, entry_date, created_at, updated_at) "
            "VALUES (?, ?, 'free', '{}', 'a day', ?, ?, ?)",
            [entry_id, mentee.id, NOW.date(), NOW, NOW],
        )
    steps = [{"user_id": mentee.id, "coaching_id": started.id, "entry_id": e, "now": NOW} for e in [None, *ids]]
    workers.race(url, "share_or_stop", steps)
    assert pg.one("SELECT share_entries FROM coaching WHERE id = ?", [started.id]) == (False,)
    assert count(pg, "coach_shared_entries", []) == 0  # nothing left to come back when entries are turned on again


# -- peer groups --------------------------------------------------------------------------------------------------
def crew(pg: PostgresDatabase, size: int, *, k: int = 3, since: datetime = NOW) -> tuple[str, str, list[User]]:
    """A group (its id and join code) started at `since` by the first of `size` people, all approved members."""
    people = [person(pg, n) for n in NAMES[:size]]
    created = groups.create_group(pg, people[0].id, "Night shift", k=k, now=since)
    for member in people[1:]:
        row = group_repo.MemberRow(created.group.id, member.id, "member", "member", since, False, False, False)
        group_repo.insert_member(pg, row)
    return created.group.id, created.code, people


def test_asking_to_join_from_several_processes_at_once_makes_one_request(workers: Workers, url: str, pg) -> None:
    group_id, code, _ = crew(pg, 1)
    alex = person(pg, "alex")
    outcomes = workers.race(url, "join_with_code", [{"user_id": alex.id, "code": code, "now": NOW}] * WORKERS)
    assert oks(outcomes) == [True]  # one pending request...
    assert refusals(outcomes) == [ALREADY_ASKED] * (WORKERS - 1)  # ...and the rest told so, not a store error
    assert count(pg, "group_members WHERE group_id = ? AND user_id = ?", [group_id, alex.id]) == 1
    others = [person(pg, n) for n in NAMES[1 : WORKERS + 1]]  # joins by different people collide too, and retry
    outcomes = workers.race(url, "join_with_code", [{"user_id": p.id, "code": code, "now": NOW} for p in others])
    assert oks(outcomes) == [True] * WORKERS
    assert count(pg, "group_members WHERE group_id = ? AND status = 'pending'", [group_id]) == WORKERS + 1


def test_members_taking_on_facilitating_at_once_make_one_facilitator(workers: Workers, url: str, pg) -> None:
    group_id, _, people = crew(pg, WORKERS + 1)
    groups.leave(pg, people[0].id, group_id, now=NOW)  # the facilitator goes
    outcomes = workers.race(
        url, "take_on_facilitating", [{"user_id": p.id, "group_id": group_id, "now": NOW} for p in people[1:]]
    )
    assert len(oks(outcomes)) == 1
    assert refusals(outcomes) == ["This group already has a facilitator."] * (WORKERS - 1)
    assert count(pg, "group_members WHERE group_id = ? AND role = 'facilitator'", [group_id]) == 1


def test_the_last_members_leaving_at_once_leave_no_empty_group_behind(workers: Workers, url: str, pg) -> None:
    group_id, _, people = crew(pg, WORKERS)
    outcomes = workers.race(url, "leave", [{"user_id": p.id, "group_id": group_id, "now": NOW} for p in people])
    assert len(oks(outcomes)) == WORKERS
    assert count(pg, "groups", []) == 0
    assert count(pg, "group_members", []) == 0


def test_a_closed_week_is_released_once_and_every_reader_sees_that_release(workers: Workers, url: str, pg) -> None:
    since = NOW - timedelta(weeks=3)
    group_id, _, people = crew(pg, WORKERS, since=since)
    for n, member in enumerate(people):
        group_repo.set_choices(pg, group_id, member.id, True, False, False)
        for day in range(0, 18, 2):
            pg.execute(
                "INSERT INTO entries (id, user_id, template, answers, body, mood, energy, entry_date, created_at, "
                "updated_at) VALUES (?, ?, 'checkin', '{}', 'a day', ?, ?, ?, ?, ?)",
                [str(uuid.uuid4()), member.id, 1 + (n + day) % 5, 1 + n % 5, (since + timedelta(days=day)).date(),
                 since, since],
            )  # fmt: skip
    weeks = figures.closed_weeks(since.date(), NOW.date())
    outcomes = workers.race(url, "week_figures", [{"user_id": p.id, "group_id": group_id, "now": NOW} for p in people])
    seen = oks(outcomes)
    assert len(seen) == WORKERS
    assert [w.week_start for w in seen[0]] == weeks and any(w.mood for w in seen[0])  # figures, not all hidden
    assert all(s == seen[0] for s in seen)  # one release: the same noise for everyone who looked at once...
    assert figures.week_figures(pg, people[0].id, group_id, now=NOW + timedelta(days=1)) == seen[0]  # ...and later
    stored = pg.all("SELECT week_start, figures FROM group_weeks WHERE group_id = ? ORDER BY week_start", [group_id])
    assert [w for w, _ in stored] == weeks  # one row a week
    assert all(json.loads(f)["k"] == 3 for _, f in stored)


def test_the_same_win_posted_from_several_processes_at_once_goes_up_once(workers: Workers, url: str, pg) -> None:
    group_id, _, people = crew(pg, 3)
    entry_id = str(uuid.uuid4())
    pg.execute(
        "INSERT INTO entries (id, user_id, template, answers, body, is_win, entry_date, created_at, updated_at) "
        "VALUES (?, ?, 'win', '{}', 'a win', TRUE, ?, ?, ?)",
        [entry_id, people[1].id, NOW.date(), NOW, NOW],
    )
    post = {"user_id": people[1].id, "group_id": group_id, "entry_id": entry_id, "now": NOW}
    outcomes = workers.race(url, "post_win", [post] * WORKERS)
    assert len(oks(outcomes)) == 1
    assert all(r.startswith("You've already posted this win") for r in refusals(outcomes))
    assert count(pg, "group_wins WHERE entry_id = ?", [entry_id]) == 1


# -- entries and drafts -----------------------------------------------------------------------------------------
def test_one_entry_saved_from_several_processes_at_once_is_one_entry(workers: Workers, url: str, pg) -> None:
    alex = person(pg, "alex")
    entry_id = str(uuid.uuid4())
    saving = {"user_id": alex.id, "entry_id": entry_id, "text": "Handover went well", "tags": ["ward", "rest"]}
    created = oks(workers.race(url, "save_new", [saving] * WORKERS))
    assert sorted(created) == [False] * (WORKERS - 1) + [True]  # every save confirmed, one of them made it
    assert count(pg, "entries WHERE id = ?", [entry_id]) == 1
    assert pg.all("SELECT tag FROM entry_tags WHERE entry_id = ? ORDER BY tag", [entry_id]) == [("rest",), ("ward",)]


def test_a_reflective_account_counted_from_several_processes_at_once_counts_once(
    workers: Workers, url: str, pg
) -> None:
    alex = person(pg, "alex")
    for _ in range(ROUNDS):  # a short transaction: several rounds, so that some of them overlap
        counting = {"account_id": str(uuid.uuid4()), "user_id": alex.id, "entry_id": str(uuid.uuid4()), "now": NOW}
        counted = oks(workers.race(url, "record_reflective", [counting] * WORKERS))
        assert sorted(counted) == [False] * (WORKERS - 1) + [True]  # the others told it was counted already
    assert count(pg, "reflective_accounts", []) == ROUNDS


def test_drafts_saved_from_several_processes_at_once_keep_the_newest_and_lose_none(
    workers: Workers, url: str, pg
) -> None:
    alex = person(pg, "alex")
    shared = str(uuid.uuid4())
    own = [str(uuid.uuid4()) for _ in range(WORKERS)]
    # Each process keeps its own draft and the same shared one; process i's clock is i seconds later than i - 1's.
    drafts = [{"user_id": alex.id, "drafts": [(own[i], f"mine {i}"), (shared, f"typed by {i}")]} for i in
              range(WORKERS)]  # fmt: skip
    assert oks(workers.race(url, "save_drafts", drafts, apart=timedelta(seconds=1))) == [None] * WORKERS
    kept = {d.entry_id: d for d in entries.drafts(pg, alex.id)}
    assert set(kept) == {shared, *own}
    assert kept[shared].input.answers == {"text": f"typed by {WORKERS - 1}"}  # the newest, whoever wrote last
