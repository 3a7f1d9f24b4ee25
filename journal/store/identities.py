"""SQL for accounts made by the organisation's sign-in (OpenID Connect): who each identity is. (When a session last
proved it afresh is the session's own, in journal/store/users.py.)

An identity row ties one provider identity (journal/organisation.py makes its key) to one account, for good: the
account and its identity are inserted together, and erasing the account erases the identity (it carries `user_id`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from journal.store.db import Conflict, Duplicate, Handle
from journal.store.users import UserRow

ORIGIN = "organisation"  # users.origin of every account made here


@dataclass(frozen=True)
class IdentityRow:
    identity_key: str
    user_id: str
    issuer: str
    subject: str
    created_at: datetime
    last_issued_at: datetime | None = None  # the newest identity token used to sign in


_COLUMNS = "identity_key, user_id, issuer, subject, created_at, last_issued_at"


def find(db: Handle, identity_key: str) -> IdentityRow | None:
    row = db.one(f"SELECT {_COLUMNS} FROM identities WHERE identity_key = ?", [identity_key])
    return IdentityRow(*row) if row else None


def find_by_user(db: Handle, user_id: str) -> IdentityRow | None:
    row = db.one(f"SELECT {_COLUMNS} FROM identities WHERE user_id = ?", [user_id])
    return IdentityRow(*row) if row else None


def insert_with_account(db: Handle, identity: IdentityRow, account: UserRow) -> bool:
    """The account and its identity, together; never the admin (the first-account rule is for local accounts, and
    this path leaves users.insert_first_is_admin's shared row alone). False if the identity (or the account's
    name key, which is made from it) is already there: someone signed in with it at the same moment."""
    try:
        with db.write() as tx:
            tx.execute(
                "INSERT INTO users (id, username, username_key, password_hash, is_admin, created_at, origin)"
                " VALUES (?, ?, ?, ?, FALSE, ?, ?)",
                [account.id, account.username, account.username_key, account.password_hash, account.created_at, ORIGIN],
            )
            tx.execute(
                f"INSERT INTO identities ({_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?)",
                [
                    identity.identity_key,
                    account.id,
                    identity.issuer,
                    identity.subject,
                    identity.created_at,
                    identity.last_issued_at,
                ],
            )
    except (Duplicate, Conflict):
        return False
    return True


def set_username(db: Handle, user_id: str, username: str) -> None:
    """The name shown for an organisation account, as the provider last gave it; its name key never changes."""
    with db.write() as tx:
        tx.execute("UPDATE users SET username = ? WHERE id = ?", [username, user_id])


def advance_last_issued(db: Handle, identity_key: str, issued_at: datetime) -> bool:
    """Record that a token issued at `issued_at` was used, only if it is newer than every one used before.

    One conditional UPDATE, so of two page runs using the same token at once at most one advances it: the other
    either sees the newer time and changes nothing, or collides with it (a Conflict) and is told it didn't.
    """
    try:
        with db.write() as tx:
            advanced = tx.all(
                "UPDATE identities SET last_issued_at = ? WHERE identity_key = ?"
                " AND (last_issued_at IS NULL OR last_issued_at < ?) RETURNING identity_key",
                [issued_at, identity_key, issued_at],
            )
    except Conflict:
        return False
    return bool(advanced)
