"""Signing in with the organisation's account: one Harbour account per provider identity, never the admin, never
reachable by the local sign-in, each token used once, and proving who you are afresh instead of a password."""

from __future__ import annotations

import threading
from collections.abc import Callable, Mapping
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from journal import accounts, organisation
from journal.accounts import AccountError, User
from journal.organisation import FRESH_WITHIN, HANDOVER_WITHIN, OrganisationRefused, SignInAgain
from journal.store import Database, identities, users
from journal.store.erase import erase_account, tables_with_owner
from tests.conftest import FixedClock
from tests.factories import NOON_TODAY, PASSWORD

NOW = NOON_TODAY.astimezone(UTC).replace(tzinfo=None)  # naive UTC, as the store keeps times
ISSUER = "https://sign-in.example-trust.nhs.uk/realms/staff"
TENANT = "72f988bf-86f1-41af-91ab-2d7cd011db47"
OTHER_TENANT = "0b6a3b8e-3c1e-4a5c-9a3e-5f1b2d7c9e01"
OBJECT = "00000000-0000-0000-66f3-3332eca7ea81"


@pytest.fixture(autouse=True)
def _held(fixed_clock: FixedClock, monkeypatch: pytest.MonkeyPatch) -> None:
    """The clock held (every call below also passes `now`), and no allow-lists but the provider's own issuer."""
    for name in ("HARBOUR_ORG_ISSUERS", "HARBOUR_ORG_TENANTS", "HARBOUR_ORG_EMAIL_DOMAINS"):
        monkeypatch.delenv(name, raising=False)


def _seconds(at: datetime) -> int:
    return int(at.replace(tzinfo=UTC).timestamp())


def claims(sub: str = "staff-4711", *, at: datetime = NOW, **extra: Any) -> dict[str, Any]:
    """What `st.user.to_dict()` holds after Streamlit's callback, for a token issued `at`."""
    return {
        "iss": ISSUER,
        "sub": sub,
        "aud": "harbour-client",
        "iat": _seconds(at),
        "exp": _seconds(at + timedelta(hours=1)),
        "nonce": "n-0S6_WzA2Mj",
        "name": "Alex Morgan",
        "email": "alex.morgan@example-trust.nhs.uk",
        "preferred_username": "alex.morgan@example-trust.nhs.uk",
        "is_logged_in": True,
        "provider": "default",
        "origin": "http://localhost:8501",
        **extra,
    }


def entra(tid: str = TENANT, oid: str = OBJECT, *, at: datetime = NOW, **extra: Any) -> dict[str, Any]:
    issuer = f"https://login.microsoftonline.com/{tid}/v2.0"
    made = claims(f"pairwise-{tid[:4]}", at=at, iss=issuer, tid=tid, oid=oid)
    return {**made, **extra}


def admit(db: Database, given: Mapping[str, Any], *, now: datetime = NOW, issuer: str | None = ISSUER) -> User:
    return organisation.admit(db, given, provider_issuer=issuer, now=now)


def _counts(db: Database) -> tuple[int, ...]:
    return tuple(db.one(f"SELECT count(*) FROM {t}")[0] for t in ("users", "identities", "sessions"))


def _account(db: Database, user_id: str) -> users.UserRow:
    row = users.find_by_id(db, user_id)
    assert row is not None
    return row


def _is_kind_sentence(message: str) -> bool:
    return bool(message) and message[0].isupper() and message.rstrip().endswith(".")


# -- the first sign-in and the ones after ------------------------------------------------
def test_the_first_sign_in_makes_an_account_and_the_next_finds_it(db: Database) -> None:
    first = admit(db, claims())
    row = _account(db, first.id)
    assert (first.username, first.is_admin) == ("Alex Morgan", False)
    assert (row.origin, row.password_hash, row.created_at) == ("organisation", "", NOW)
    assert row.username_key == organisation.account_key(organisation.Identity.from_claims(claims()).key)
    assert organisation.is_organisation_account(db, first.id)

    later = NOW + timedelta(hours=3)
    assert admit(db, claims(at=later), now=later) == first
    assert _counts(db)[:2] == (1, 1)


def test_a_changed_name_or_e_mail_is_the_same_person_and_the_shown_name_follows(db: Database) -> None:
    first = admit(db, claims())
    key = _account(db, first.id).username_key
    later = NOW + timedelta(days=30)
    renamed = claims(at=later, name="Alex Okafor", email="a.okafor@other.example", preferred_username="a.okafor")
    again = admit(db, renamed, now=later)
    assert again.id == first.id
    assert again.username == _account(db, first.id).username == "Alex Okafor"
    assert _account(db, first.id).username_key == key  # what the account is found by never moves
    assert _counts(db)[:2] == (1, 1)


def test_the_same_e_mail_with_another_subject_is_another_person(db: Database) -> None:
    assert admit(db, claims("staff-1")).id != admit(db, claims("staff-2")).id


def test_entra_people_are_keyed_by_tenant_and_object_id(db: Database, monkeypatch: pytest.MonkeyPatch) -> None:
    issuers = [f"https://login.microsoftonline.com/{t}/v2.0" for t in (TENANT, OTHER_TENANT)]
    monkeypatch.setenv("HARBOUR_ORG_ISSUERS", ",".join(issuers))
    first = admit(db, entra(), issuer=None)
    # Entra's `sub` differs from one app registration to the next; the object id is the person's in the tenant
    later = NOW + timedelta(minutes=30)
    assert admit(db, entra(at=later, sub="another-pairwise-subject"), now=later, issuer=None).id == first.id
    # the same object id in another tenant is someone else
    assert admit(db, entra(OTHER_TENANT), issuer=None).id != first.id
    keys = {r[0] for r in db.all("SELECT identity_key FROM identities")}
    assert keys == {f"entra:{TENANT}:{OBJECT}", f"entra:{OTHER_TENANT}:{OBJECT}"}


# -- who may come in ---------------------------------------------------------------------
@pytest.mark.parametrize(
    ("settings", "given"),
    [
        pytest.param({}, claims(iss="https://elsewhere.example/"), id="another issuer"),
        pytest.param({"HARBOUR_ORG_ISSUERS": "https://a.example"}, claims(), id="not in the issuers"),
        pytest.param({"HARBOUR_ORG_TENANTS": OTHER_TENANT}, entra(iss=ISSUER), id="another tenant"),
        pytest.param({"HARBOUR_ORG_TENANTS": TENANT}, claims(), id="no tenant"),
        pytest.param({"HARBOUR_ORG_EMAIL_DOMAINS": "nhs.net"}, claims(), id="another e-mail domain"),
        pytest.param(
            {"HARBOUR_ORG_EMAIL_DOMAINS": "example-trust.nhs.uk"},
            claims(email_verified=False),
            id="an unverified e-mail",
        ),
    ],
)
def test_someone_not_allowed_in_is_refused_kindly_and_nothing_is_made(
    db: Database, monkeypatch: pytest.MonkeyPatch, settings: dict[str, str], given: dict[str, Any]
) -> None:
    for name, value in settings.items():
        monkeypatch.setenv(name, value)
    before = _counts(db)
    with pytest.raises(OrganisationRefused) as refused:
        admit(db, given)
    assert str(refused.value) == organisation.ORG_REFUSED
    assert _is_kind_sentence(organisation.ORG_REFUSED)
    assert _counts(db) == before


def test_with_no_issuer_set_up_nobody_comes_in(db: Database) -> None:
    with pytest.raises(OrganisationRefused, match="isn't set up"):
        admit(db, claims(), issuer=None)
    assert _counts(db) == (0, 0, 0)


def test_the_allowed_domains_and_tenants_let_their_people_in(db: Database, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HARBOUR_ORG_TENANTS", TENANT.upper())
    monkeypatch.setenv("HARBOUR_ORG_EMAIL_DOMAINS", "nhs.net, Example-Trust.NHS.uk")
    assert admit(db, entra(iss=ISSUER)).username == "Alex Morgan"


@pytest.mark.parametrize("missing", ["iss", "sub", "iat"])
def test_a_token_that_does_not_say_who_it_is_is_refused(db: Database, missing: str) -> None:
    given = claims()
    given[missing] = "  " if missing != "iat" else None
    with pytest.raises(OrganisationRefused) as refused:
        admit(db, given)
    assert str(refused.value) == organisation.ORG_INCOMPLETE
    assert _counts(db) == (0, 0, 0)


# -- each token once, and only while it is new ---------------------------------------------
def test_the_same_token_cannot_start_a_second_session(db: Database) -> None:
    admit(db, claims())
    before = _counts(db)
    with pytest.raises(SignInAgain) as again:
        admit(db, claims(), now=NOW + timedelta(minutes=2))
    assert str(again.value) == organisation.SIGN_IN_AGAIN
    assert str(again.value).startswith("Please sign in again")
    assert _counts(db) == before


def test_an_older_token_than_the_last_one_used_is_refused(db: Database) -> None:
    admit(db, claims(at=NOW))
    with pytest.raises(SignInAgain):
        admit(db, claims(at=NOW - timedelta(minutes=1)))


def test_two_tabs_with_one_token_start_one_session_between_them(db: Database) -> None:
    made = admit(db, claims())
    later = NOW + timedelta(hours=1)
    token = claims(at=later)
    outcomes: list[object] = []

    def tab() -> None:
        try:
            outcomes.append(admit(db, token, now=later))
        except SignInAgain as exc:
            outcomes.append(exc)

    tabs = [threading.Thread(target=tab) for _ in range(4)]
    for t in tabs:
        t.start()
    for t in tabs:
        t.join()
    assert [o for o in outcomes if isinstance(o, User)] == [made]
    assert sum(isinstance(o, SignInAgain) for o in outcomes) == 3


def test_advancing_the_last_token_is_one_conditional_step(db: Database) -> None:
    user = admit(db, claims())
    key = identities.find_by_user(db, user.id).identity_key
    assert identities.advance_last_issued(db, key, NOW) is False  # the one it was made with
    assert identities.advance_last_issued(db, key, NOW + timedelta(seconds=1)) is True
    assert identities.advance_last_issued(db, key, NOW + timedelta(seconds=1)) is False
    assert identities.find(db, key).last_issued_at == NOW + timedelta(seconds=1)


def test_a_token_older_than_the_handover_window_is_refused(db: Database) -> None:
    with pytest.raises(SignInAgain, match="Please sign in again"):
        admit(db, claims(at=NOW - HANDOVER_WITHIN - timedelta(seconds=1)))
    assert admit(db, claims(at=NOW - HANDOVER_WITHIN)).username == "Alex Morgan"


def test_an_expired_token_is_refused_even_when_recently_issued(db: Database) -> None:
    given = claims(at=NOW - timedelta(minutes=5), exp=_seconds(NOW - timedelta(minutes=3)))
    with pytest.raises(SignInAgain):
        admit(db, given)


def test_a_token_from_the_future_is_refused_beyond_a_little_clock_skew(db: Database) -> None:
    with pytest.raises(SignInAgain) as again:
        admit(db, claims(at=NOW + timedelta(minutes=2)))
    assert str(again.value) == organisation.CLOCKS_DISAGREE
    assert _counts(db) == (0, 0, 0)
    assert admit(db, claims(at=NOW + timedelta(seconds=50))).username == "Alex Morgan"


def test_a_switched_off_account_is_refused_and_its_token_not_used_up(
    db: Database, make_user: Callable[..., User]
) -> None:
    admin = make_user("robin")
    person = admit(db, claims())
    accounts.set_disabled(db, admin, person.id, True, now=NOW)
    later = NOW + timedelta(hours=1)
    with pytest.raises(AccountError) as refused:
        admit(db, claims(at=later), now=later)
    assert str(refused.value) == accounts.ACCOUNT_DISABLED
    accounts.set_disabled(db, admin, person.id, False, now=later)
    assert admit(db, claims(at=later), now=later).id == person.id


def test_a_locked_account_is_refused(db: Database) -> None:
    person = admit(db, claims())
    db.execute("UPDATE users SET locked = TRUE WHERE id = ?", [person.id])
    later = NOW + timedelta(hours=1)
    with pytest.raises(AccountError) as refused:
        admit(db, claims(at=later), now=later)
    assert str(refused.value) == accounts.SIGN_IN_LOCKED


# -- never the admin -------------------------------------------------------------------------
def test_an_organisation_account_is_never_the_admin_and_the_first_local_one_still_is(db: Database) -> None:
    person = admit(db, claims())
    assert not person.is_admin and not accounts.is_admin(db, person.id)
    local = accounts.create_account(db, "robin", PASSWORD, now=NOW)
    assert local.is_admin
    assert not accounts.create_account(db, "sam", PASSWORD, now=NOW).is_admin


def test_an_organisation_account_after_the_admin_is_not_the_admin(db: Database, make_user: Callable[..., User]) -> None:
    assert make_user("robin").is_admin
    assert not admit(db, claims()).is_admin


# -- the local sign-in can't reach it ------------------------------------------------------
def test_the_local_sign_in_cannot_reach_an_organisation_account(db: Database) -> None:
    person = admit(db, claims())
    key = _account(db, person.id).username_key
    at = NOW
    for name in ("Alex Morgan", key, key.replace("\t", " "), key.removeprefix(organisation.KEY_PREFIX)):
        for password in ("", PASSWORD, key):
            at += accounts.LONGEST_WAIT  # past any wait the tries before made
            with pytest.raises(AccountError) as failed:
                accounts.sign_in(db, name, password, now=at)
            assert str(failed.value) == accounts.SIGN_IN_FAILED
    assert _account(db, person.id).failed_attempts == 0  # none of the tries even reached it


def test_no_password_matches_an_account_without_one(db: Database) -> None:
    person = admit(db, claims())
    row = _account(db, person.id)
    assert not accounts.has_password(row)
    for password in ("", " ", PASSWORD):
        assert accounts._password_matches(row, password) is False


def test_a_local_account_cannot_take_the_name_an_organisation_account_shows(db: Database) -> None:
    admit(db, claims(name="Robin Vale"))
    with pytest.raises(AccountError, match="looks too much like an existing one"):
        accounts.create_account(db, "Robin Vale", PASSWORD, now=NOW)


def test_asking_an_organisation_account_for_its_password_says_why_not(db: Database) -> None:
    person = admit(db, claims())
    with pytest.raises(AccountError) as confirm:
        accounts.confirm_password(db, person.id, "", now=NOW)
    with pytest.raises(AccountError) as change:
        accounts.change_password(db, person.id, "", "a brand new passphrase", now=NOW)
    assert str(confirm.value) == accounts.NO_HARBOUR_PASSWORD
    assert str(change.value) == accounts.NO_PASSWORD_TO_CHANGE
    assert all(_is_kind_sentence(m) for m in (accounts.NO_HARBOUR_PASSWORD, accounts.NO_PASSWORD_TO_CHANGE))
    row = _account(db, person.id)
    assert (row.password_hash, row.failed_attempts) == ("", 0)


def test_an_operator_cannot_give_an_organisation_account_a_password(db: Database) -> None:
    person = admit(db, claims())
    with pytest.raises(AccountError, match="no Harbour password"):
        accounts.set_password(db, _account(db, person.id).username_key, "a brand new passphrase")
    assert _account(db, person.id).password_hash == ""


# -- proving who you are afresh ---------------------------------------------------------------
@pytest.fixture
def signed_in(db: Database) -> tuple[User, str]:
    person = admit(db, claims())
    return person, accounts.start_session(db, person.id, now=NOW)


def _confirmed_at(db: Database, session_id: str) -> datetime | None:
    return users.session_confirmed_at(db, session_id)


def test_a_fresh_sign_in_as_the_same_person_confirms_the_session(db: Database, signed_in: tuple[User, str]) -> None:
    person, session = signed_in
    at = NOW + timedelta(hours=1)
    fresh = claims(at=at - timedelta(seconds=20), auth_time=_seconds(at - timedelta(seconds=30)), name="A. Morgan")
    assert organisation.fresh_confirmation(db, person.id, session, fresh, now=at) is True
    assert _confirmed_at(db, session) == at
    assert organisation.recently_confirmed(db, session, now=at + FRESH_WITHIN) is True


def test_another_person_cannot_confirm_the_session(db: Database, signed_in: tuple[User, str]) -> None:
    person, session = signed_in
    admit(db, claims("staff-2"))
    someone_else = claims("staff-2", auth_time=_seconds(NOW))
    assert organisation.fresh_confirmation(db, person.id, session, someone_else, now=NOW) is False
    other_issuer = claims(iss="https://elsewhere.example", auth_time=_seconds(NOW))
    assert organisation.fresh_confirmation(db, person.id, session, other_issuer, now=NOW) is False
    assert _confirmed_at(db, session) is None


def test_an_old_authentication_does_not_confirm(db: Database, signed_in: tuple[User, str]) -> None:
    person, session = signed_in
    at = NOW + timedelta(hours=1)
    # a token issued just now, from a sign-in the provider remembered from an hour ago
    remembered = claims(at=at, auth_time=_seconds(NOW))
    assert organisation.fresh_confirmation(db, person.id, session, remembered, now=at) is False
    assert _confirmed_at(db, session) is None


def test_without_auth_time_only_the_fresh_entry_s_new_token_confirms(db: Database, signed_in: tuple[User, str]) -> None:
    person, session = signed_in
    at = NOW + timedelta(hours=1)
    ordinary = claims(at=at)  # may have come silently from the provider's remembered sign-in
    assert organisation.fresh_confirmation(db, person.id, session, ordinary, now=at) is False
    old_fresh = claims(at=at - FRESH_WITHIN - timedelta(seconds=1), provider=organisation.FRESH_PROVIDER)
    assert organisation.fresh_confirmation(db, person.id, session, old_fresh, now=at) is False
    fresh = claims(at=at - timedelta(seconds=10), provider=organisation.FRESH_PROVIDER)
    assert organisation.fresh_confirmation(db, person.id, session, fresh, now=at) is True


def test_only_this_person_s_open_session_is_confirmed(
    db: Database, signed_in: tuple[User, str], make_user: Callable[..., User]
) -> None:
    person, session = signed_in
    theirs = accounts.start_session(db, make_user("sam").id, now=NOW)
    fresh = claims(auth_time=_seconds(NOW))
    assert organisation.fresh_confirmation(db, person.id, theirs, fresh, now=NOW) is False
    accounts.end_session(db, session, now=NOW)
    assert organisation.fresh_confirmation(db, person.id, session, fresh, now=NOW) is False
    assert _confirmed_at(db, theirs) is None


def test_the_page_to_come_back_to_is_given_once(db: Database, signed_in: tuple[User, str]) -> None:
    _, session = signed_in
    assert users.take_return_to(db, session) is None
    users.set_return_to(db, session, "your_data")
    assert users.take_return_to(db, session) == "your_data"
    assert users.take_return_to(db, session) is None


def test_a_confirmation_lasts_five_minutes(db: Database, signed_in: tuple[User, str]) -> None:
    person, session = signed_in
    assert organisation.recently_confirmed(db, session, now=NOW) is False
    assert organisation.fresh_confirmation(db, person.id, session, claims(auth_time=_seconds(NOW)), now=NOW)
    assert organisation.recently_confirmed(db, session, now=NOW + FRESH_WITHIN) is True
    assert organisation.recently_confirmed(db, session, now=NOW + FRESH_WITHIN + timedelta(seconds=1)) is False


def test_a_confirmation_ends_with_its_session(db: Database, signed_in: tuple[User, str]) -> None:
    person, session = signed_in
    assert organisation.fresh_confirmation(db, person.id, session, claims(auth_time=_seconds(NOW)), now=NOW)
    accounts.end_session(db, session, now=NOW)
    assert organisation.recently_confirmed(db, session, now=NOW) is False


# -- erasure ---------------------------------------------------------------------------------
def test_erasing_an_organisation_account_erases_its_identity(db: Database, signed_in: tuple[User, str]) -> None:
    person, _ = signed_in
    other = admit(db, claims("staff-2"))
    (schema,) = db.one("SELECT current_schema()")  # DuckDB's main, PostgreSQL's public
    assert f'"{schema}"."identities"' in tables_with_owner(db)
    assert erase_account(db, person.id) is True
    assert db.all("SELECT user_id FROM identities") == [(other.id,)]
    assert db.one("SELECT count(*) FROM identities WHERE subject = 'staff-4711'") == (0,)
    # signing in again later makes a new, empty account
    later = NOW + timedelta(hours=1)
    again = admit(db, claims(at=later), now=later)
    assert again.id not in (person.id, other.id)
