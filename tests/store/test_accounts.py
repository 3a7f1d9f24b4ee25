"""Accounts: creating, signing in, and the rules that keep names and passwords safe."""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from pathlib import Path

import pytest
from argon2 import PasswordHasher

from journal import accounts
from journal.accounts import SIGN_IN_FAILED, AccountError, User
from journal.store import Database

PASSWORD = "a long enough passphrase"  # the same as the shared make_user fixture's default


def _users(db: Database) -> list[tuple]:
    with db.cursor() as cur:
        return cur.execute("SELECT * FROM users ORDER BY id").fetchall()


def _is_kind_sentence(message: str) -> bool:
    return bool(message) and message[0].isupper() and message.rstrip().endswith(".")


# -- creating ---------------------------------------------------------------------
def test_the_first_account_is_the_admin_and_later_ones_are_not(make_user: Callable[..., User]) -> None:
    first, second = make_user("alex"), make_user("sam")
    assert (first.is_admin, second.is_admin) == (True, False)


def test_a_new_account_keeps_the_name_as_typed_with_spaces_tidied(db: Database) -> None:
    made = accounts.create_account(db, "  Zoë   Ahmed ", PASSWORD)
    assert made.username == "Zoë Ahmed"


def test_has_accounts_is_false_until_the_first_account(db: Database, make_user: Callable[..., User]) -> None:
    assert accounts.has_accounts(db) is False
    make_user()
    assert accounts.has_accounts(db) is True


# -- passwords at rest ------------------------------------------------------------
def test_the_password_is_stored_as_an_argon2id_hash_that_verifies(db: Database, user: User) -> None:
    with db.cursor() as cur:
        stored = cur.execute("SELECT password_hash FROM users WHERE id = ?", [user.id]).fetchone()[0]
    assert stored.startswith("$argon2id$")
    assert PasswordHasher().verify(stored, PASSWORD)


def test_the_plain_password_appears_nowhere_in_the_database_file(db: Database, db_path: Path) -> None:
    secret = "correct horse battery staple 7"
    accounts.create_account(db, "alex", secret)
    accounts.set_password(db, "alex", secret + " again")
    db.close()
    files = [p for p in db_path.parent.iterdir() if p.name.startswith(db_path.name)]
    assert files
    for path in files:
        data = path.read_bytes()
        for needle in (secret, secret + " again"):
            assert needle.encode("utf-8") not in data, path.name
            assert needle.encode("utf-16-le") not in data, path.name


# -- signing in -------------------------------------------------------------------
def test_sign_in_with_the_right_password_returns_the_account(db: Database, user: User) -> None:
    assert accounts.sign_in(db, "alex", PASSWORD) == user


def test_sign_in_ignores_case_spacing_and_unicode_form_of_the_name(db: Database) -> None:
    made = accounts.create_account(db, unicodedata.normalize("NFC", "José"), PASSWORD)
    assert accounts.sign_in(db, "  " + unicodedata.normalize("NFD", "JOSÉ") + " ", PASSWORD) == made


def test_a_wrong_password_and_an_unknown_name_give_the_same_message(db: Database, user: User) -> None:
    with pytest.raises(AccountError) as wrong_password:
        accounts.sign_in(db, "alex", PASSWORD + "!")
    with pytest.raises(AccountError) as unknown_name:
        accounts.sign_in(db, "nobody", PASSWORD)
    assert str(wrong_password.value) == str(unknown_name.value) == SIGN_IN_FAILED
    assert _is_kind_sentence(SIGN_IN_FAILED)


def test_a_failed_sign_in_changes_nothing(db: Database, user: User) -> None:
    before = _users(db)
    with pytest.raises(AccountError):
        accounts.sign_in(db, "alex", "not the password at all")
    assert _users(db) == before


def test_set_password_replaces_the_old_one(db: Database, user: User) -> None:
    accounts.set_password(db, "alex", "a brand new passphrase")
    assert accounts.sign_in(db, "alex", "a brand new passphrase") == user
    with pytest.raises(AccountError):
        accounts.sign_in(db, "alex", PASSWORD)


def test_set_password_for_an_unknown_name_is_refused(db: Database) -> None:
    with pytest.raises(AccountError, match="no account with that name"):
        accounts.set_password(db, "nobody", "a brand new passphrase")


# -- names that would collide -----------------------------------------------------
@pytest.mark.parametrize(
    "second",
    [
        pytest.param("alex", id="same"),
        pytest.param("ALEX", id="upper-case"),
        pytest.param("  Alex  ", id="padded"),
    ],
)
def test_a_duplicate_name_is_refused_and_nothing_changes(db: Database, user: User, second: str) -> None:
    before = _users(db)
    with pytest.raises(AccountError, match="already taken") as caught:
        accounts.create_account(db, second, "another long passphrase")
    assert _is_kind_sentence(str(caught.value))
    assert _users(db) == before


@pytest.mark.parametrize(
    ("first", "second"),
    [
        pytest.param(unicodedata.normalize("NFC", "José"), unicodedata.normalize("NFD", "José"), id="nfc-then-nfd"),
        pytest.param(unicodedata.normalize("NFD", "José"), unicodedata.normalize("NFC", "José"), id="nfd-then-nfc"),
        pytest.param(unicodedata.normalize("NFC", "José"), unicodedata.normalize("NFD", "JOSÉ"), id="nfd-upper"),
    ],
)
def test_the_same_name_in_another_unicode_form_is_a_duplicate(db: Database, first: str, second: str) -> None:
    accounts.create_account(db, first, PASSWORD)
    before = _users(db)
    with pytest.raises(AccountError, match="already taken"):
        accounts.create_account(db, second, PASSWORD)
    assert _users(db) == before


def test_a_name_with_an_invisible_zero_width_character_is_not_a_second_alex(db: Database, user: User) -> None:
    # "alex" followed by a zero-width space looks exactly like "alex" on screen.
    before = _users(db)
    with pytest.raises(AccountError):
        accounts.create_account(db, "alex\u200b", PASSWORD)
    assert _users(db) == before


# -- names and passwords that are refused -----------------------------------------
@pytest.mark.parametrize(
    ("name", "reason"),
    [
        pytest.param("", "choose a name", id="empty"),
        pytest.param("   ", "choose a name", id="blank"),
        pytest.param("x" * 41, "up to 40 characters", id="too-long"),
        pytest.param("al\x00ex", "invisible control characters", id="nul"),
        pytest.param("alex\u202e", "invisible control characters", id="right-to-left-override"),
        pytest.param("\u2066alex\u2069", "invisible control characters", id="bidi-isolate"),
    ],
)
def test_a_bad_name_is_refused_with_a_clear_message_and_nothing_stored(db: Database, name: str, reason: str) -> None:
    with pytest.raises(AccountError, match=reason) as caught:
        accounts.create_account(db, name, PASSWORD)
    assert _is_kind_sentence(str(caught.value))
    assert _users(db) == []


@pytest.mark.parametrize(
    ("password", "reason"),
    [
        pytest.param("", "at least 12", id="empty"),
        pytest.param("x" * 11, "at least 12", id="eleven"),
        pytest.param("x" * 129, "up to 128", id="too-long"),
    ],
)
def test_a_bad_password_is_refused_with_a_clear_message_and_nothing_stored(
    db: Database, password: str, reason: str
) -> None:
    with pytest.raises(AccountError, match=reason) as caught:
        accounts.create_account(db, "alex", password)
    assert _is_kind_sentence(str(caught.value))
    assert _users(db) == []


def test_passwords_at_the_length_limits_are_accepted(db: Database) -> None:
    accounts.create_account(db, "short", "x" * 12)
    accounts.create_account(db, "long", "y" * 128)
    assert accounts.sign_in(db, "long", "y" * 128).username == "long"
