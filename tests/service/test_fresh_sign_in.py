"""Steps that ask "is it really you?" (taking a copy, erasing, sharing) work for someone who signs in with their
organisation: a fresh sign-in at the provider, recorded on their session, stands in for the password they don't
have, for five minutes, on that session only. A local account still needs its password."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from journal import accounts, organisation
from journal.accounts import AccountError, FreshSignIn, User
from journal.store import Database
from journal.together import coaching
from journal.together.groups import membership as groups
from journal.together.groups.access import GroupError
from journal.together.groups.membership import Sharing
from tests.conftest import FixedClock
from tests.factories import NOON_TODAY, PASSWORD

NOW = NOON_TODAY.astimezone(UTC).replace(tzinfo=None)  # naive UTC, as the store keeps times
ISSUER = "https://sign-in.example-trust.nhs.uk/realms/staff"


def _claims(sub: str, at: datetime, **extra: Any) -> dict[str, Any]:
    seconds = int(at.replace(tzinfo=UTC).timestamp())
    return {"iss": ISSUER, "sub": sub, "iat": seconds, "exp": seconds + 3600, "auth_time": seconds, "name": sub,
            "is_logged_in": True, "provider": "default", **extra}  # fmt: skip


@pytest.fixture(autouse=True)
def _held(fixed_clock: FixedClock, monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("HARBOUR_ORG_ISSUERS", "HARBOUR_ORG_TENANTS", "HARBOUR_ORG_EMAIL_DOMAINS"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def staff(db: Database) -> tuple[User, str]:
    """Someone signed in with their organisation, and their session, not yet confirmed afresh."""
    person = organisation.admit(db, _claims("staff-1", NOW - timedelta(minutes=1)), provider_issuer=ISSUER, now=NOW)
    return person, accounts.start_session(db, person.id, now=NOW)


def _confirm(db: Database, person: User, session_id: str, at: datetime = NOW) -> None:
    fresh = _claims("staff-1", at, provider=organisation.FRESH_PROVIDER)
    assert organisation.fresh_confirmation(db, person.id, session_id, fresh, now=at)


def test_a_fresh_sign_in_stands_in_for_the_password_for_five_minutes_on_that_session(
    db: Database, staff: tuple[User, str]
) -> None:
    person, session_id = staff
    with pytest.raises(AccountError, match="signing in again"):  # not yet confirmed
        accounts.confirm_password(db, person.id, FreshSignIn(session_id), now=NOW)
    _confirm(db, person, session_id)
    accounts.confirm_password(db, person.id, FreshSignIn(session_id), now=NOW + timedelta(minutes=4))
    with pytest.raises(AccountError, match="signing in again"):
        accounts.confirm_password(db, person.id, FreshSignIn(session_id), now=NOW + timedelta(minutes=5))

    other_device = accounts.start_session(db, person.id, now=NOW)  # confirmed on one session is not on another
    with pytest.raises(AccountError):
        accounts.confirm_password(db, person.id, FreshSignIn(other_device), now=NOW)


def test_nobody_else_can_use_that_confirmation_and_an_ended_session_loses_it(
    db: Database, staff: tuple[User, str], make_user: Callable[..., User]
) -> None:
    person, session_id = staff
    _confirm(db, person, session_id)
    stranger = make_user("Sam")
    with pytest.raises(AccountError):  # another account handed this session's id
        accounts.confirm_password(db, stranger.id, FreshSignIn(session_id), now=NOW)
    accounts.end_session(db, session_id, now=NOW)
    with pytest.raises(AccountError):
        accounts.confirm_password(db, person.id, FreshSignIn(session_id), now=NOW)


def test_a_local_account_still_needs_its_password(db: Database, make_user: Callable[..., User]) -> None:
    local = make_user("Robin")
    own_session = accounts.start_session(db, local.id, now=NOW)
    with pytest.raises(AccountError):
        accounts.confirm_password(db, local.id, FreshSignIn(own_session), now=NOW)
    accounts.confirm_password(db, local.id, PASSWORD, now=NOW)
    assert accounts.asks_for_password(db, local.id)


def test_sharing_with_a_coach_after_a_fresh_sign_in(
    db: Database, staff: tuple[User, str], make_user: Callable[..., User]
) -> None:
    person, session_id = staff
    coach = make_user("Coach")
    together = coaching.accept_invite(db, coach.id, coaching.make_invite(db, person.id).code)
    assert not accounts.asks_for_password(db, person.id)
    with pytest.raises(AccountError, match="no Harbour password"):
        coaching.share(db, person.id, together.id, "share_charts", "")
    assert not coaching.coaches(db, person.id)[0].scope.charts
    _confirm(db, person, session_id)
    coaching.share(db, person.id, together.id, "share_charts", FreshSignIn(session_id))
    assert coaching.coaches(db, person.id)[0].scope.charts


def test_sharing_with_a_group_after_a_fresh_sign_in(
    db: Database, staff: tuple[User, str], make_user: Callable[..., User]
) -> None:
    person, session_id = staff
    starter = make_user("Facilitator")
    made = groups.create_group(db, starter.id, "Ward 7 regroup", now=NOW)
    groups.join_with_code(db, person.id, made.code, now=NOW)
    groups.approve(db, starter.id, made.group.id, person.id, now=NOW)
    with pytest.raises(GroupError, match="no Harbour password"):
        groups.set_sharing(db, person.id, made.group.id, Sharing(scores=True), None, now=NOW)
    _confirm(db, person, session_id)
    shared = groups.set_sharing(db, person.id, made.group.id, Sharing(scores=True), FreshSignIn(session_id), now=NOW)
    assert shared.scores is True
