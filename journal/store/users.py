"""SQL for accounts, sign-in sessions, failed sign-ins and the settings that apply to the whole Harbour."""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from journal.store.db import Conflict, Duplicate, Handle, retrying_write


@dataclass(frozen=True)
class UserRow:
    id: str
    username: str
    username_key: str
    password_hash: str
    is_admin: bool
    created_at: datetime
    disabled: bool = False
    locked: bool = False
    locked_until: datetime | None = None
    failed_attempts: int = 0
    # 'self': signed up; 'admin': made by the administrator or an operator; 'organisation': the organisation's
    # sign-in made it (journal/store/identities.py), and its password_hash is "" (it has no Harbour password)
    origin: str = "self"


@dataclass(frozen=True)
class Attempts:
    """Failed sign-ins in a row for one account or one unknown name, and what they led to."""

    failed: int = 0
    locked_until: datetime | None = None
    locked: bool = False


@dataclass(frozen=True)
class SessionRow:
    id: str
    user_id: str
    created_at: datetime
    last_seen_at: datetime
    ended_at: datetime | None


class AttemptInFlight(Exception):
    """Another sign-in for the same name was being recorded at the same moment."""


_INSERT_COLUMNS = "id, username, username_key, password_hash, is_admin, created_at"
_COLUMNS = (
    f"{_INSERT_COLUMNS}, coalesce(disabled, FALSE), coalesce(locked, FALSE), locked_until,"
    " coalesce(failed_attempts, 0), coalesce(origin, 'self')"
)


def count(db: Handle) -> int:
    found = db.one("SELECT count(*) FROM users")
    assert found is not None  # count(*) always gives a row
    return int(found[0])


def find_by_key(db: Handle, username_key: str) -> UserRow | None:
    row = db.one(f"SELECT {_COLUMNS} FROM users WHERE username_key = ?", [username_key])
    return UserRow(*row) if row else None


def find_by_id(db: Handle, user_id: str) -> UserRow | None:
    row = db.one(f"SELECT {_COLUMNS} FROM users WHERE id = ?", [user_id])
    return UserRow(*row) if row else None


def list_all(db: Handle) -> list[UserRow]:
    rows = db.all(f"SELECT {_COLUMNS} FROM users ORDER BY created_at, username_key")
    return [UserRow(*row) for row in rows]


class NotFirst(Exception):
    """`first_only` was asked for and another account was there first: nothing was written."""


def insert_first_is_admin(db: Handle, row: UserRow, origin: str = "self", *, first_only: bool = False) -> bool:
    """Insert the account; the very first account becomes the admin. False if the name is taken.

    `first_only` (someone signing themselves up while sign-up is closed): insert it only as the first account, else
    raise NotFirst. Decided in the same transaction as the insert, so of two such sign-ups at once only the one that
    becomes the admin gets in (the other collides on the shared row below, tries again and finds an account).

    Only local accounts count: one the organisation's sign-in made is never the admin, so someone who signs in that
    way before anyone has made a local account doesn't take the admin's place from the first who does.

    Two first sign-ups at once must not both become the admin: under DuckDB's snapshots both would read an empty
    table, so the first account also writes one shared app_settings row, and DuckDB refuses the second
    transaction that writes it (a Conflict); that one is tried again and, seeing an account now, is not the admin.
    Its own short, even pauses, not retrying_write's growing ones: twenty tries must stay well under a second.
    """
    for attempt in range(20):
        try:
            with db.write() as tx:
                first = tx.one("SELECT count(*) = 0 FROM users WHERE origin IS DISTINCT FROM 'organisation'") == (True,)
                if first_only and not first:
                    raise NotFirst
                if first:
                    tx.execute(
                        # the value names no one, so erasing the admin leaves nothing of them here
                        "INSERT INTO app_settings VALUES ('first_admin', 'made')"
                        " ON CONFLICT (name) DO UPDATE SET value = excluded.value",
                    )
                tx.execute(
                    f"INSERT INTO users ({_INSERT_COLUMNS}, origin) VALUES (?, ?, ?, ?, ?, ?, ?)",
                    [row.id, row.username, row.username_key, row.password_hash, first, row.created_at, origin],
                )
        except Duplicate:
            if find_by_key(db, row.username_key) is not None:
                return False  # the name is taken; otherwise it was the shared first-admin row: try again
            time.sleep(0.002 * (attempt + 1))
        except Conflict:
            time.sleep(0.002 * (attempt + 1))
        else:
            return True
    raise AttemptInFlight


def origin(db: Handle, user_id: str) -> str | None:
    """How the account came to be: 'self' (signed up), 'admin' (made by the admin or an operator) or
    'organisation' (made by the organisation's sign-in)."""
    row = db.one("SELECT origin FROM users WHERE id = ?", [user_id])
    return row[0] if row else None


def set_password_hash(db: Handle, user_id: str, password_hash: str) -> None:
    """Store a new hash of the same password (a rehash); sessions and the change date are left alone."""
    with db.write() as tx:
        tx.execute("UPDATE users SET password_hash = ? WHERE id = ?", [password_hash, user_id])


def change_password_hash(db: Handle, user_id: str, password_hash: str, now: datetime, keep_session: str | None) -> None:
    """A new password: store it and end every session of the account except `keep_session`, together."""
    with db.write() as tx:
        tx.execute(
            "UPDATE users SET password_hash = ?, password_changed_at = ? WHERE id = ?", [password_hash, now, user_id]
        )
        end_sessions(tx, user_id, now, keep_session)


def set_disabled(db: Handle, user_id: str, disabled: bool, now: datetime) -> None:
    """Switch an account off (ending its sessions) or back on."""
    with db.write() as tx:
        tx.execute("UPDATE users SET disabled = ? WHERE id = ?", [disabled, user_id])
        if disabled:
            end_sessions(tx, user_id, now, None)


# -- failed sign-ins ----------------------------------------------------------------
def _attempts_row(db: Handle, user_id: str | None, name_hash: str, address: str | None) -> Attempts:
    if user_id is not None and address is not None:
        sql = "SELECT failed_attempts, locked_until, FALSE FROM known_addresses WHERE user_id = ? AND address_hash = ?"
        row = db.one(sql, [user_id, address])
    elif user_id is not None:
        sql = "SELECT coalesce(failed_attempts, 0), locked_until, coalesce(locked, FALSE) FROM users WHERE id = ?"
        row = db.one(sql, [user_id])
    else:
        sql = "SELECT failed_attempts, locked_until, locked FROM unknown_name_failures WHERE name_hash = ?"
        row = db.one(sql, [name_hash])
    return Attempts(int(row[0]), row[1], bool(row[2])) if row else Attempts()


def _store_attempts(db: Handle, user_id: str | None, name_hash: str, address: str | None, after: Attempts) -> None:
    values = [after.failed, after.locked_until]
    if user_id is not None and address is not None:
        db.execute(
            "UPDATE known_addresses SET failed_attempts = ?, locked_until = ? WHERE user_id = ? AND address_hash = ?",
            [*values, user_id, address],
        )
    if user_id is not None:
        if address is None:
            db.execute(
                "UPDATE users SET failed_attempts = ?, locked_until = ?, locked = ? WHERE id = ?",
                [*values, after.locked, user_id],
            )
        db.execute(
            "UPDATE users SET failed_since_sign_in = coalesce(failed_since_sign_in, 0) + 1 WHERE id = ?", [user_id]
        )
    else:
        db.execute(
            "INSERT INTO unknown_name_failures VALUES (?, ?, ?, ?) ON CONFLICT (name_hash) DO UPDATE"
            " SET failed_attempts = excluded.failed_attempts, locked_until = excluded.locked_until,"
            " locked = excluded.locked",
            [name_hash, *values, after.locked],
        )


def record_attempt(
    db: Handle,
    user_id: str | None,
    name_hash: str,
    update: Callable[[Attempts], Attempts | None],
    address: str | None = None,
) -> Attempts:
    """Read the failed attempts for an account (or, with no user_id, an unknown name; or, with an address hash
    the account is known at, that address's own) and, in the same transaction, store `update(before)` unless it
    is None. Returns `before`.

    Raises AttemptInFlight when another attempt for the same name commits first, so two tries at once can't
    both slip past a limit.
    """
    try:
        with db.write() as tx:
            before = _attempts_row(tx, user_id, name_hash, address)
            after = update(before)
            if after is not None:
                _store_attempts(tx, user_id, name_hash, address, after)
    except (Conflict, Duplicate) as exc:
        raise AttemptInFlight from exc
    return before


def is_known_address(db: Handle, user_id: str, address: str) -> bool:
    sql = "SELECT 1 FROM known_addresses WHERE user_id = ? AND address_hash = ?"
    return db.one(sql, [user_id, address]) is not None


def add_address(db: Handle, user_id: str, address: str, now: datetime) -> None:
    """Make sure an address has a count of its own, keeping any count it already has."""
    with db.write() as tx:
        tx.execute(
            "INSERT INTO known_addresses VALUES (?, ?, 0, NULL, ?) ON CONFLICT (user_id, address_hash) DO NOTHING",
            [user_id, address, now],
        )


def remember_address(db: Handle, user_id: str, address: str, now: datetime, forget_before: datetime) -> None:
    """A right password from this address: it is known (its failures start again); long-unused ones are dropped."""
    with db.write() as tx:
        tx.execute(
            "INSERT INTO known_addresses VALUES (?, ?, 0, NULL, ?) ON CONFLICT (user_id, address_hash) DO UPDATE"
            " SET failed_attempts = 0, locked_until = NULL, last_ok_at = excluded.last_ok_at",
            [user_id, address, now],
        )
        tx.execute("DELETE FROM known_addresses WHERE user_id = ? AND last_ok_at < ?", [user_id, forget_before])


def take_failed_since_sign_in(db: Handle, user_id: str) -> int:
    """The failed tries since the previous sign-in, reset to none: each is told once.

    The try that just succeeded was counted as failed before it was checked, so it is left out."""
    with db.write() as tx:
        row = tx.one("SELECT coalesce(failed_since_sign_in, 0) FROM users WHERE id = ?", [user_id])
        tx.execute("UPDATE users SET failed_since_sign_in = 0 WHERE id = ?", [user_id])
    return max(int(row[0]) - 1, 0) if row else 0


def forgive_last_try(db: Handle, user_id: str) -> None:
    """A right password given again while signed in: it was counted as a failed try before the check."""
    with db.write() as tx:
        tx.execute(
            "UPDATE users SET failed_since_sign_in = greatest(coalesce(failed_since_sign_in, 0) - 1, 0) WHERE id = ?",
            [user_id],
        )


def clear_attempts(db: Handle, user_id: str) -> None:
    """Forget failed attempts and lift any lock (after a right password, or by the admin)."""
    with db.write() as tx:
        tx.execute("UPDATE users SET failed_attempts = 0, locked_until = NULL, locked = FALSE WHERE id = ?", [user_id])


def forget_unknown_name(db: Handle, name_hash: str) -> None:
    """A name that has just become an account starts with a clean slate."""
    with db.write() as tx:
        tx.execute("DELETE FROM unknown_name_failures WHERE name_hash = ?", [name_hash])


# -- sessions -----------------------------------------------------------------------
# A session is kept by its key, a hash of its id: the id itself is in the browser's cookie and the server's memory
# only, so a copy of the database (a backup, a dump, a stolen disk) holds nothing that signs anyone in. Every
# function here takes the id and hashes it; `SessionRow.id` and `open_sessions` give keys.
def session_key(session_id: str) -> str:
    return hashlib.sha256(f"harbour-session:{session_id}".encode()).hexdigest()


def insert_session(db: Handle, session_id: str, user_id: str, now: datetime) -> None:
    with db.write() as tx:
        tx.execute(
            "INSERT INTO sessions (id, user_id, created_at, last_seen_at) VALUES (?, ?, ?, ?)",
            [session_key(session_id), user_id, now, now],
        )


def find_session(db: Handle, session_id: str) -> SessionRow | None:
    row = db.one(
        "SELECT id, user_id, created_at, last_seen_at, ended_at FROM sessions WHERE id = ?", [session_key(session_id)]
    )
    return SessionRow(*row) if row else None


TOUCH_ATTEMPTS = 4


def touch_session(db: Handle, session_id: str, now: datetime) -> bool:
    """Note that a session is still in use; False if busy writers kept it from being noted this time.

    DuckDB refuses one of two transactions that update the sessions table at once (a Conflict), which many
    people clicking together makes likely. Being noted is only for the idle limit, and the next page run tries
    again, so a few quick retries then a quiet skip is right: never an error in front of the person.
    """
    sql = "UPDATE sessions SET last_seen_at = ? WHERE id = ? AND ended_at IS NULL"
    try:
        retrying_write(db, lambda tx: tx.execute(sql, [now, session_key(session_id)]), attempts=TOUCH_ATTEMPTS)
    except Conflict:
        return False
    return True


def end_session(db: Handle, session_id: str, now: datetime) -> None:
    with db.write() as tx:
        tx.execute("UPDATE sessions SET ended_at = ? WHERE id = ? AND ended_at IS NULL", [now, session_key(session_id)])


def end_sessions(db: Handle, user_id: str, now: datetime, keep: str | None = None) -> None:
    """End every open session of the account, except `keep` when given."""
    with db.write() as tx:
        tx.execute(
            "UPDATE sessions SET ended_at = ? WHERE user_id = ? AND ended_at IS NULL AND id IS DISTINCT FROM ?",
            [now, user_id, None if keep is None else session_key(keep)],
        )


def open_sessions(db: Handle, user_id: str) -> list[str]:
    """The keys of the account's open sessions, oldest first."""
    rows = db.all("SELECT id FROM sessions WHERE user_id = ? AND ended_at IS NULL ORDER BY created_at", [user_id])
    return [row[0] for row in rows]


# -- fresh confirmation of a session ----------------------------------------------------
def confirm_session(db: Handle, session_id: str, when: datetime) -> bool:
    """This session's person proved who they are afresh at `when`; False if the session is gone or ended."""
    with db.write() as tx:
        confirmed = tx.all(
            "UPDATE sessions SET confirmed_at = ? WHERE id = ? AND ended_at IS NULL RETURNING id",
            [when, session_key(session_id)],
        )
    return bool(confirmed)


def session_confirmed_at(db: Handle, session_id: str) -> datetime | None:
    """When this session's person last proved who they are afresh (None: never, or no open session)."""
    row = db.one("SELECT confirmed_at FROM sessions WHERE id = ? AND ended_at IS NULL", [session_key(session_id)])
    return row[0] if row else None


def set_return_to(db: Handle, session_id: str, place: str | None) -> None:
    """The page to bring this session's person back to after they sign in again at their provider."""
    with db.write() as tx:
        tx.execute("UPDATE sessions SET return_to = ? WHERE id = ?", [place, session_key(session_id)])


def take_return_to(db: Handle, session_id: str) -> str | None:
    """The page this session's person is to be brought back to, once: it is cleared as it is read.

    Read, then cleared, in one transaction: an UPDATE's RETURNING gives the row as it is after the update (NULL
    here), never the value it replaced. Of two runs taking it at once, the one that collides gets None.
    """
    try:
        with db.write() as tx:
            row = tx.one("SELECT return_to FROM sessions WHERE id = ?", [session_key(session_id)])
            if row is None or row[0] is None:
                return None
            tx.execute("UPDATE sessions SET return_to = NULL WHERE id = ?", [session_key(session_id)])
    except Conflict:
        return None
    return row[0]


# -- tickets: a sign-in handed to the browser's cookie -------------------------------------
def insert_ticket(
    db: Handle, ticket_hash: str, session_id: str, sealed: str, now: datetime, expires_at: datetime
) -> None:
    """A single-use ticket for this session, carrying its id `sealed` (readable only with the ticket, which is not
    kept); tickets past their time (never used) are cleared as it goes."""
    with db.write() as tx:
        tx.execute("DELETE FROM session_tickets WHERE expires_at <= ?", [now])
        tx.execute(
            "INSERT INTO session_tickets (ticket_hash, user_id, session_id, expires_at) "
            "SELECT ?, user_id, ?, ? FROM sessions WHERE id = ?",
            [ticket_hash, sealed, expires_at, session_key(session_id)],
        )


def take_ticket(db: Handle, ticket_hash: str, now: datetime) -> str | None:
    """The ticket's sealed session id, if it exists and hasn't expired; it is used up either way (one statement, so
    two requests with the same ticket can't both have it)."""
    try:
        with db.write() as tx:
            rows = tx.all(
                "DELETE FROM session_tickets WHERE ticket_hash = ? RETURNING session_id, expires_at", [ticket_hash]
            )
    except Conflict:  # the other request deleted it first (PostgreSQL makes this one wait, then refuses it)
        return None
    return rows[0][0] if rows and rows[0][1] > now else None


def ticket_waiting(db: Handle, ticket_hash: str, now: datetime) -> bool:
    return (
        db.one("SELECT 1 FROM session_tickets WHERE ticket_hash = ? AND expires_at > ?", [ticket_hash, now]) is not None
    )


# -- settings for the whole Harbour ---------------------------------------------------
def get_app_setting(db: Handle, name: str) -> str | None:
    row = db.one("SELECT value FROM app_settings WHERE name = ?", [name])
    return row[0] if row else None


def set_app_setting(db: Handle, name: str, value: str) -> None:
    with db.write() as tx:
        tx.execute(
            "INSERT INTO app_settings VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET value = excluded.value",
            [name, value],
        )
