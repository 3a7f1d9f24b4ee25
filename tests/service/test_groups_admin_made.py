"""Groups that admit only accounts the administrator made (issue 12 part 1): made-up accounts can't join."""

from __future__ import annotations

import uuid
from datetime import datetime

import pytest

from journal import accounts
from journal.accounts import User
from journal.store import Database, users
from journal.together.groups import membership as groups
from journal.together.groups.access import GroupError
from tests.conftest import _hash
from tests.factories import PASSWORD
from tests.service.test_groups import snapshot

T0 = datetime(2025, 3, 3, 9, 0)


def _account(db: Database, name: str, origin: str) -> User:
    row = users.UserRow(str(uuid.uuid4()), name, accounts.username_key(name), _hash(PASSWORD), False, T0)
    assert users.insert_first_is_admin(db, row, origin)
    stored = users.find_by_id(db, row.id)
    assert stored is not None
    return User(stored.id, stored.username, stored.is_admin)


@pytest.fixture
def admin(db: Database) -> User:
    return _account(db, "robin", "self")  # the first account: the administrator, who signed up


def test_a_signed_up_account_cannot_join_a_group_that_admits_only_admin_made_ones(db: Database, admin: User) -> None:
    made = _account(db, "kit", "admin")
    stranger = _account(db, "sam", "self")
    created = groups.create_group(db, admin.id, "Ward 7 reflective practice", now=T0)
    groups.set_admin_made_only(db, admin.id, created.group.id, True)
    before = snapshot(db)
    with pytest.raises(GroupError, match="admits only accounts made by"):
        groups.join_with_code(db, stranger.id, created.code, now=T0)
    assert snapshot(db) == before
    groups.join_with_code(db, made.id, created.code, now=T0)
    roster = groups.roster(db, admin.id, created.group.id)
    assert [(m.username, m.made_by_admin) for m in roster] == [("robin", True), ("kit", True)]


def test_it_cannot_be_turned_on_while_a_member_or_request_signed_itself_up(db: Database, admin: User) -> None:
    stranger = _account(db, "sam", "self")
    created = groups.create_group(db, admin.id, "Ward 7", now=T0)
    groups.join_with_code(db, stranger.id, created.code, now=T0)
    before = snapshot(db)
    with pytest.raises(GroupError, match="1 member or request"):
        groups.set_admin_made_only(db, admin.id, created.group.id, True)
    assert snapshot(db) == before
    groups.decline(db, admin.id, created.group.id, stranger.id)
    groups.set_admin_made_only(db, admin.id, created.group.id, True)
    assert groups.my_groups(db, admin.id)[0].group.admin_made_only


def test_only_the_facilitator_can_turn_it_on(db: Database, admin: User) -> None:
    made = _account(db, "kit", "admin")
    created = groups.create_group(db, admin.id, "Ward 7", now=T0)
    groups.join_with_code(db, made.id, created.code, now=T0)
    groups.approve(db, admin.id, created.group.id, made.id, now=T0)
    with pytest.raises(GroupError, match="facilitator"):
        groups.set_admin_made_only(db, made.id, created.group.id, True)


def test_the_administrator_can_make_every_group_admit_only_accounts_they_made(db: Database, admin: User) -> None:
    stranger = _account(db, "sam", "self")
    another = _account(db, "jo", "self")
    created = groups.create_group(db, stranger.id, "Made up to find someone out", now=T0)
    groups.join_with_code(db, another.id, created.code, now=T0)  # asked before the setting
    with pytest.raises(accounts.AccountError):
        accounts.set_groups_admin_made_only(db, stranger, True)  # only the administrator
    accounts.set_groups_admin_made_only(db, admin, True)
    assert accounts.groups_admin_made_only(db)
    before = snapshot(db)
    with pytest.raises(GroupError, match="signed itself up"):
        groups.approve(db, stranger.id, created.group.id, another.id, now=T0)  # a request from before waits
    third = _account(db, "lee", "self")
    with pytest.raises(GroupError, match="admits only accounts made by"):
        groups.join_with_code(db, third.id, created.code, now=T0)
    assert snapshot(db) == before


def test_accounts_record_who_made_them_for_the_admin_list(db: Database, admin: User) -> None:
    made = accounts.admin_create_account(db, admin, "kit", PASSWORD)
    listed = {a.username: a.made_by_admin for a in accounts.list_accounts(db, admin)}
    assert listed == {"robin": False, "kit": True}
    assert accounts.created_by_admin(db, made.id)


def test_an_account_from_the_organisations_sign_in_is_a_real_colleague_and_may_join(db: Database, admin: User) -> None:
    colleague = _account(db, "kit", "organisation")  # as journal/organisation.py makes them
    created = groups.create_group(db, admin.id, "Ward 7 reflective practice", now=T0)
    groups.set_admin_made_only(db, admin.id, created.group.id, True)
    groups.join_with_code(db, colleague.id, created.code, now=T0)
    groups.approve(db, admin.id, created.group.id, colleague.id, now=T0)
    roster = groups.roster(db, admin.id, created.group.id)
    assert [(m.username, m.made_by_admin) for m in roster] == [("robin", True), ("kit", True)]
