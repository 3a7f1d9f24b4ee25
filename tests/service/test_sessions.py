"""Server-side sessions: 30 minutes idle and 12 hours in all, signing out, and a password change, on a fake clock."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta

import pytest
from argon2 import PasswordHasher

from journal import accounts
from journal.accounts import (
    ACCOUNT_DISABLED,
    SIGN_IN_LOCKED,
    SIGNED_OUT_ELSEWHERE,
    SIGNED_OUT_IDLE,
    SIGNED_OUT_LONG,
    AccountError,
    SessionEnded,
    User,
)
from journal.store import Database
from tests.factories import PASSWORD

T0 = datetime(2026, 3, 2, 9, 0, 0)


def _session(db: Database, session_id: str) -> tuple:
    return db.one(
        "SELECT user_id, created_at, last_seen_at, ended_at FROM sessions WHERE id = ?",
        [accounts.session_key(session_id)],
    )


def _ended(db: Database, session_id: str, now: datetime) -> str:
    with pytest.raises(SessionEnded) as caught:
        accounts.resume_session(db, session_id, now=now)
    return str(caught.value)


def test_a_new_session_names_its_person(db: Database, user: User) -> None:
    sid = accounts.start_session(db, user.id, now=T0)
    assert accounts.resume_session(db, sid, now=T0) == user
    assert _session(db, sid) == (user.id, T0, T0, None)


def test_session_ids_are_long_and_never_repeat(db: Database, user: User) -> None:
    ids = {accounts.start_session(db, user.id, now=T0) for _ in range(20)}
    assert len(ids) == 20
    assert all(len(sid) >= 40 for sid in ids)


def test_an_unknown_session_id_is_no_session(db: Database, user: User) -> None:
    assert _ended(db, "made-up", T0) == SIGNED_OUT_ELSEWHERE


# -- idle and absolute limits ---------------------------------------------------------
def test_thirty_minutes_without_activity_ends_the_session_kindly(db: Database, user: User) -> None:
    sid = accounts.start_session(db, user.id, now=T0)
    assert accounts.resume_session(db, sid, now=T0 + timedelta(minutes=29, seconds=59)) == user
    later = T0 + timedelta(minutes=29, seconds=59) + timedelta(minutes=30)
    assert _ended(db, sid, later) == SIGNED_OUT_IDLE
    assert "without activity" in SIGNED_OUT_IDLE and "drafts are kept" in SIGNED_OUT_IDLE
    assert _session(db, sid)[3] == later  # ended for good: coming back sooner changes nothing
    assert _ended(db, sid, later + timedelta(seconds=1)) == SIGNED_OUT_ELSEWHERE


def test_activity_keeps_a_session_going_but_not_past_twelve_hours(db: Database, user: User) -> None:
    sid = accounts.start_session(db, user.id, now=T0)
    now = T0
    while now + timedelta(minutes=20) < T0 + timedelta(hours=12):
        now += timedelta(minutes=20)
        assert accounts.resume_session(db, sid, now=now) == user
    assert _ended(db, sid, T0 + timedelta(hours=12)) == SIGNED_OUT_LONG
    assert _session(db, sid)[3] == T0 + timedelta(hours=12)


def test_last_seen_is_written_at_most_once_a_minute(db: Database, user: User) -> None:
    sid = accounts.start_session(db, user.id, now=T0)
    accounts.resume_session(db, sid, now=T0 + timedelta(seconds=59))
    assert _session(db, sid)[2] == T0  # a click a second doesn't cost a write a second
    accounts.resume_session(db, sid, now=T0 + timedelta(seconds=60))
    assert _session(db, sid)[2] == T0 + timedelta(seconds=60)


# -- signing out ----------------------------------------------------------------------
def test_signing_out_ends_only_that_session(db: Database, make_user: Callable[..., User]) -> None:
    alex, sam = make_user("alex"), make_user("sam")
    laptop, phone = accounts.start_session(db, alex.id, now=T0), accounts.start_session(db, alex.id, now=T0)
    sams = accounts.start_session(db, sam.id, now=T0)
    accounts.end_session(db, laptop, now=T0 + timedelta(minutes=1))
    assert _ended(db, laptop, T0 + timedelta(minutes=2)) == SIGNED_OUT_ELSEWHERE
    assert accounts.resume_session(db, phone, now=T0 + timedelta(minutes=2)) == alex
    assert accounts.resume_session(db, sams, now=T0 + timedelta(minutes=2)) == sam
    assert accounts.open_sessions(db, alex.id) == [accounts.session_key(phone)]


def test_signing_out_everywhere_ends_every_session_of_that_person_only(
    db: Database, make_user: Callable[..., User]
) -> None:
    alex, sam = make_user("alex"), make_user("sam")
    mine = [accounts.start_session(db, alex.id, now=T0) for _ in range(3)]
    sams = accounts.start_session(db, sam.id, now=T0)
    accounts.end_all_sessions(db, alex.id, now=T0 + timedelta(minutes=1))
    for sid in mine:
        assert _ended(db, sid, T0 + timedelta(minutes=2)) == SIGNED_OUT_ELSEWHERE
    assert accounts.open_sessions(db, alex.id) == []
    assert accounts.resume_session(db, sams, now=T0 + timedelta(minutes=2)) == sam


# -- a password change ----------------------------------------------------------------
def test_a_password_change_ends_the_other_sessions_and_keeps_this_one(
    db: Database, make_user: Callable[..., User]
) -> None:
    alex, sam = make_user("alex"), make_user("sam")
    here, elsewhere = accounts.start_session(db, alex.id, now=T0), accounts.start_session(db, alex.id, now=T0)
    sams = accounts.start_session(db, sam.id, now=T0)
    changed_at = T0 + timedelta(minutes=5)
    accounts.change_password(db, alex.id, PASSWORD, "olive kettle on the stove", keep_session=here, now=changed_at)

    assert accounts.resume_session(db, here, now=changed_at) == alex
    assert _ended(db, elsewhere, changed_at) == SIGNED_OUT_ELSEWHERE
    assert accounts.resume_session(db, sams, now=changed_at) == sam
    assert accounts.sign_in(db, "alex", "olive kettle on the stove", now=changed_at) == alex
    with pytest.raises(AccountError):
        accounts.sign_in(db, "alex", PASSWORD, now=changed_at)
    assert db.one("SELECT password_changed_at FROM users WHERE id = ?", [alex.id])[0] == changed_at


def test_a_password_change_needs_the_current_password_and_changes_nothing_without_it(db: Database, user: User) -> None:
    here, elsewhere = accounts.start_session(db, user.id, now=T0), accounts.start_session(db, user.id, now=T0)
    before = db.all("SELECT password_hash, password_changed_at FROM users")
    with pytest.raises(AccountError, match="isn't your current password"):
        accounts.change_password(db, user.id, "not my password", "olive kettle on the stove", keep_session=here, now=T0)
    assert db.all("SELECT password_hash, password_changed_at FROM users") == before
    assert accounts.open_sessions(db, user.id) == [accounts.session_key(here), accounts.session_key(elsewhere)]


def test_a_weak_new_password_is_refused_before_the_current_one_is_tried(db: Database, user: User) -> None:
    with pytest.raises(AccountError, match="most common"):
        accounts.change_password(db, user.id, "not my password", "Password2024!", now=T0)
    assert db.one("SELECT failed_attempts FROM users")[0] == 0  # it cost no guess


def test_an_operator_setting_a_password_ends_every_session(db: Database, user: User) -> None:
    sid = accounts.start_session(db, user.id, now=T0)
    accounts.set_password(db, "alex", "olive kettle on the stove", now=T0 + timedelta(minutes=1))
    assert _ended(db, sid, T0 + timedelta(minutes=2)) == SIGNED_OUT_ELSEWHERE


# -- the account itself ---------------------------------------------------------------
def test_switching_an_account_off_ends_its_sessions(db: Database, make_user: Callable[..., User]) -> None:
    admin, sam = make_user("admin"), make_user("sam")
    sid = accounts.start_session(db, sam.id, now=T0)
    accounts.set_disabled(db, admin, sam.id, True, now=T0 + timedelta(minutes=1))
    assert accounts.open_sessions(db, sam.id) == []
    assert _ended(db, sid, T0 + timedelta(minutes=2)) == ACCOUNT_DISABLED  # the reason, not just 'ended'


def test_a_session_of_an_account_switched_off_or_locked_is_ended_with_the_reason(
    db: Database, make_user: Callable[..., User]
) -> None:
    make_user("admin")
    sam, kit = make_user("sam"), make_user("kit")
    sams, kits = accounts.start_session(db, sam.id, now=T0), accounts.start_session(db, kit.id, now=T0)
    # as if switched off and locked by another process, sessions left open
    db.execute("UPDATE users SET disabled = TRUE WHERE id = ?", [sam.id])
    db.execute("UPDATE users SET locked = TRUE WHERE id = ?", [kit.id])
    assert _ended(db, sams, T0) == ACCOUNT_DISABLED
    assert _ended(db, kits, T0) == SIGN_IN_LOCKED
    assert accounts.open_sessions(db, sam.id) == accounts.open_sessions(db, kit.id) == []


def test_a_session_reports_the_account_as_it_is_now(db: Database, make_user: Callable[..., User]) -> None:
    admin = make_user("admin")
    sid = accounts.start_session(db, admin.id, now=T0)
    db.execute("UPDATE users SET is_admin = FALSE WHERE id = ?", [admin.id])
    assert accounts.resume_session(db, sid, now=T0).is_admin is False


def test_accounts_made_before_sessions_existed_sign_in_after_the_upgrade(
    db_path, make_user_before_sessions: None
) -> None:
    upgraded = Database(db_path)
    try:
        assert upgraded.schema_version >= 4
        alex = accounts.sign_in(upgraded, "alex", PASSWORD, now=T0)
        sid = accounts.start_session(upgraded, alex.id, now=T0)
        assert accounts.resume_session(upgraded, sid, now=T0) == alex
        row = upgraded.one("SELECT failed_attempts, locked, disabled FROM users")
        assert row == (0, False, False)
    finally:
        upgraded.close()


@pytest.fixture
def make_user_before_sessions(db_path, monkeypatch: pytest.MonkeyPatch) -> None:
    from journal.store import db as db_module
    from journal.store.migrations import MIGRATIONS

    with monkeypatch.context() as patched:
        patched.setattr(db_module, "MIGRATIONS", tuple(m for m in MIGRATIONS if m.version < 4))
        old = Database(db_path)
        with old.write() as tx:
            tx.execute(
                "INSERT INTO users (id, username, username_key, password_hash, is_admin, created_at)"
                " VALUES ('u1', 'alex', 'alex', ?, TRUE, ?)",
                [PasswordHasher().hash(PASSWORD), T0],
            )
        old.close()
