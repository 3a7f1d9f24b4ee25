"""Accounts: create, sign in. Passwords are hashed with argon2id and never kept or logged in clear."""

from __future__ import annotations

import unicodedata
import uuid
from dataclasses import dataclass

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from journal.store import Database, users, utcnow
from journal.text import clean

PASSWORD_MIN = 12
PASSWORD_MAX = 128
USERNAME_MAX = 40

_hasher = PasswordHasher()  # argon2id at argon2-cffi's defaults
# Verified against when the name is unknown, so both failures cost the same time.
_DUMMY_HASH = _hasher.hash("harbour-timing-equaliser")

SIGN_IN_FAILED = "That name and password don't match an account. Please check both and try again."


class AccountError(ValueError):
    """A kind, specific reason an account action could not go ahead; nothing was changed."""


@dataclass(frozen=True)
class User:
    id: str
    username: str
    is_admin: bool


def username_key(name: str) -> str:
    """The form names are compared in: NFC, case-folded, so look-alike duplicates cannot be made."""
    return unicodedata.normalize("NFC", name).casefold().strip()


def check_username(name: str) -> str:
    cleaned, removed = clean(name)
    # Invisible format characters (zero-width, bidi overrides) would let one name pose as another.
    if removed or any(unicodedata.category(c) == "Cf" for c in cleaned):
        raise AccountError("Names can't contain invisible control characters. Please type it again.")
    cleaned = " ".join(cleaned.split())
    if not cleaned:
        raise AccountError("Please choose a name to sign in with.")
    if len(cleaned) > USERNAME_MAX:
        raise AccountError(f"Names can be up to {USERNAME_MAX} characters.")
    return cleaned


def check_password(password: str) -> None:
    if len(password) < PASSWORD_MIN:
        raise AccountError(
            f"Please use at least {PASSWORD_MIN} characters. A few ordinary words together make a strong password."
        )
    if len(password) > PASSWORD_MAX:
        raise AccountError(f"Passwords can be up to {PASSWORD_MAX} characters.")


def create_account(db: Database, name: str, password: str) -> User:
    name = check_username(name)
    check_password(password)
    row = users.UserRow(
        id=str(uuid.uuid4()),
        username=name,
        username_key=username_key(name),
        password_hash=_hasher.hash(password),
        is_admin=False,
        created_at=utcnow(),
    )
    if not users.insert_first_is_admin(db, row):
        raise AccountError("That name is already taken. Please choose another.")
    stored = users.find_by_id(db, row.id)
    assert stored is not None
    return User(stored.id, stored.username, stored.is_admin)


def sign_in(db: Database, name: str, password: str) -> User:
    row = users.find_by_key(db, username_key(" ".join(name.split())))
    try:
        _hasher.verify(row.password_hash if row else _DUMMY_HASH, password)
    except (VerificationError, InvalidHashError):
        raise AccountError(SIGN_IN_FAILED) from None
    if row is None:
        raise AccountError(SIGN_IN_FAILED)
    if _hasher.check_needs_rehash(row.password_hash):
        users.set_password_hash(db, row.id, _hasher.hash(password))
    return User(row.id, row.username, row.is_admin)


def set_password(db: Database, name: str, password: str) -> User:
    """Set a password for an existing account (used by the demo refresh)."""
    check_password(password)
    row = users.find_by_key(db, username_key(name))
    if row is None:
        raise AccountError("There is no account with that name.")
    users.set_password_hash(db, row.id, _hasher.hash(password))
    return User(row.id, row.username, row.is_admin)


def has_accounts(db: Database) -> bool:
    return users.count(db) > 0
