"""Guessing limits that can't be turned against people (issue 12 part 4), against a real DuckDB file."""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from argon2 import PasswordHasher
from hypothesis import given, settings
from hypothesis import strategies as st

from journal import accounts
from journal.accounts import AccountError, User
from journal.store import Database
from tests.factories import PASSWORD

T0 = datetime(2026, 1, 5, 9, 0)


def _attack(db: Database, name: str, tries: int, start: datetime) -> datetime:
    """`tries` wrong passwords over days, as fast as the waits allow (and some refused in between)."""
    now = start
    for i in range(tries):
        try:
            accounts.sign_in(db, name, f"wrong guess number {i}", now=now)
        except AccountError:
            pass
        now += timedelta(seconds=151)
    return now


def test_after_2000_wrong_tries_over_three_days_the_right_password_signs_in_within_a_minute_and_sessions_survive(
    db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    cheap = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)  # the limits are under test, not argon2
    monkeypatch.setattr(accounts, "_hasher", cheap)
    monkeypatch.setattr(accounts, "_DUMMY_HASH", cheap.hash("harbour-timing-equaliser"))
    admin = accounts.sign_up(db, "robin", PASSWORD, now=T0)
    session = accounts.start_session(db, admin.id, now=T0)
    end = _attack(db, "robin", 2_000, T0)
    assert end - T0 > timedelta(days=3)
    assert accounts.session_key(session) in accounts.open_sessions(db, admin.id)
    signed_in = accounts.sign_in(db, "robin", PASSWORD, now=end + accounts.LONGEST_WAIT)
    assert signed_in.is_admin and accounts.is_admin(db, admin.id)
    assert signed_in.failed_tries == 2_000
    assert accounts.session_key(session) in accounts.open_sessions(db, admin.id)


def test_the_failed_tries_count_is_told_once_then_reset(db: Database, make_user: Callable[..., User]) -> None:
    make_user("robin")
    make_user("kit")
    for i in range(3):
        with pytest.raises(AccountError):
            accounts.sign_in(db, "kit", f"wrong guess number {i}", now=T0)
    kit = accounts.sign_in(db, "kit", PASSWORD, now=T0)
    assert kit.failed_tries == 3
    message = accounts.failed_tries_message(kit.failed_tries)
    assert message is not None and message.startswith("There were 3 failed tries") and "<" not in message
    again = accounts.sign_in(db, "kit", PASSWORD, now=T0)
    assert again.failed_tries == 0 and accounts.failed_tries_message(0) is None


def test_origin_records_who_made_the_account(db: Database, make_user: Callable[..., User]) -> None:
    first = accounts.sign_up(db, "robin", PASSWORD, now=T0)
    made = accounts.admin_create_account(db, first, "kit", PASSWORD)
    assert not accounts.created_by_admin(db, first.id)
    assert accounts.created_by_admin(db, made.id)


def test_two_first_sign_ups_at_once_make_exactly_one_admin(tmp_path: Path) -> None:
    for round_ in range(15):
        db = Database(tmp_path / f"race{round_}.duckdb")
        made: list[User] = []
        barrier = threading.Barrier(4)

        def sign_up(
            name: str, db: Database = db, barrier: threading.Barrier = barrier, made: list[User] = made
        ) -> None:
            barrier.wait()
            made.append(accounts.create_account(db, name, PASSWORD))

        threads = [threading.Thread(target=sign_up, args=(n,)) for n in ("robin", "kitty", "sammy", "jodie")]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert len(made) == 4
        assert sum(u.is_admin for u in made) == 1
        db.close()


def test_a_capital_i_cannot_pose_as_an_l(db: Database, make_user: Callable[..., User]) -> None:
    make_user("alice")
    with pytest.raises(AccountError, match="looks too much like"):
        accounts.create_account(db, "aIice", PASSWORD)


@settings(max_examples=200)
@given(st.text(alphabet="abcdefghijklmnopqrstuvwxyz", min_size=1, max_size=12), st.data())
def test_i_l_1_o_0_rn_m_collide_whatever_the_case(word: str, data: st.DataObject) -> None:
    swaps = {"l": ["I", "1", "|", "l"], "o": ["O", "0"], "m": ["rn", "RN", "M"]}
    posed = "".join(data.draw(st.sampled_from(swaps[c])) if c in swaps else c for c in word)
    assert accounts.look_alike_key(posed) == accounts.look_alike_key(word)


@pytest.fixture
def cheap(monkeypatch: pytest.MonkeyPatch) -> None:
    cheap = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)  # the limits are under test, not argon2
    monkeypatch.setattr(accounts, "_hasher", cheap)
    monkeypatch.setattr(accounts, "_DUMMY_HASH", cheap.hash("harbour-timing-equaliser"))


def _try(db: Database, name: str, password: str, now: datetime, address: str | None) -> str:
    try:
        accounts.sign_in(db, name, password, now=now, address=address)
    except AccountError as exc:
        return str(exc)
    return "signed in"


def test_a_stranger_trying_every_second_never_keeps_the_person_from_their_usual_address(
    db: Database, cheap: None
) -> None:
    accounts.sign_up(db, "robin", PASSWORD, now=T0)
    assert _try(db, "robin", PASSWORD, T0, "10.1.2.3") == "signed in"  # the ward computer becomes known
    now, answers = T0, []
    for i in range(600):  # ten minutes of a try every second, from elsewhere
        answers.append(_try(db, "robin", f"guess {i}", now, "203.0.113.9"))
        if i % 97 == 0:  # the person signs in now and then, from their usual place, in the middle of it
            assert _try(db, "robin", PASSWORD, now, "10.1.2.3") == "signed in"
        now += timedelta(seconds=1)
    checked = sum(a == accounts.SIGN_IN_FAILED for a in answers)
    assert checked <= accounts.FREE_TRIES + 6 + 600 // 60  # six doublings to a minute, then one a minute
    # From a new address, the person waits with everyone else (never more than a minute at a time).
    assert _try(db, "robin", PASSWORD, now, "198.51.100.7").startswith("Please wait a moment")


def test_a_stranger_at_the_known_address_gets_that_address_s_own_few_tries(db: Database, cheap: None) -> None:
    accounts.sign_up(db, "robin", PASSWORD, now=T0)
    assert _try(db, "robin", PASSWORD, T0, "10.1.2.3") == "signed in"
    answers = [_try(db, "robin", f"guess {i}", T0, "10.1.2.3") for i in range(8)]
    assert answers[: accounts.FREE_TRIES] == [accounts.SIGN_IN_FAILED] * accounts.FREE_TRIES
    assert all(a.startswith("Please wait a moment") for a in answers[accounts.FREE_TRIES :])
    assert _try(db, "robin", PASSWORD, T0 + accounts.LONGEST_WAIT, "10.1.2.3") == "signed in"


def test_addresses_are_kept_only_as_salted_hashes_and_forgotten_when_long_unused(db: Database, cheap: None) -> None:
    robin = accounts.sign_up(db, "robin", PASSWORD, now=T0)
    _try(db, "robin", PASSWORD, T0, "10.1.2.3")
    later = T0 + timedelta(days=accounts.KNOWN_ADDRESS_DAYS + 1)
    _try(db, "robin", PASSWORD, later, "10.9.9.9")
    rows = db.all("SELECT address_hash FROM known_addresses WHERE user_id = ?", [robin.id])
    assert len(rows) == 1 and "10.9.9.9" not in rows[0][0] and len(rows[0][0]) == 64
