"""Accounts: create, sign in, sessions, limits on guessing, and the admin's few powers.

Passwords are hashed with argon2id and never kept or logged in clear. Every function that depends on the time
takes `now` (naive UTC), so tests can move the clock instead of sleeping.

Limits on guessing, and why they can't be turned against people. A stranger needs no password to make tries,
so nothing they can do may lock an account or end its sessions. After FREE_TRIES failures in a row each further
try on the name waits twice as long as the last, up to LONGEST_WAIT (one minute); tries during a wait are
refused without being checked. So a guesser gets at most about one checked try a minute per name (about 1,440
a day, against passwords of 12+ characters that are not common). There is no lock from failures, for the admin
or anyone; `users unlock` or the admin only lift a wait sooner.

A stranger who keeps trying once a minute could keep the name waiting, so the person has a path of their own:
an address the account has signed in from before (a salted hash of it is kept, and forgotten after
KNOWN_ADDRESS_DAYS unused) has its own count and waits, and tries from anywhere else never make it wait. The
person at their usual computer or network signs in at once whatever a stranger elsewhere does; from a new
address during an attack they wait at most a minute between tries. Failed tries never end sessions, and on
their next sign-in the person is told how many there were since their last one. Behind a load balancer every
address is the balancer's, so this path is only as good as the addresses Streamlit sees.
"""

from __future__ import annotations

import functools
import hashlib
import math
import re
import secrets
import unicodedata
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from journal import config
from journal.clock import utcnow
from journal.store import Handle, retrying_write, users
from journal.text.cleaning import clean

PASSWORD_MIN = 12
PASSWORD_MAX = 128
USERNAME_MAX = 40
SHORT_NAME = 5  # names shorter than this only count in a password as a word of their own

FREE_TRIES = 5  # failed sign-ins in a row before each further try has to wait
LONGEST_WAIT = timedelta(minutes=1)  # short: the right password is never refused for longer after an attack
IDLE_LIMIT = timedelta(minutes=30)  # the default; HARBOUR_IDLE_MINUTES sets it (a shared ward computer may want less)
SESSION_LIMIT = timedelta(hours=12)
KNOWN_ADDRESS_DAYS = 180  # how long an address a person signed in from stays their own path in
FRESH_WITHIN = timedelta(minutes=5)  # how recent a fresh sign-in at the organisation's provider must be to count
TICKET_LIFETIME = timedelta(minutes=2)  # a sign-in's ticket for the browser's cookie, taken at once by the page
TOUCH_EVERY = timedelta(minutes=1)  # how stale a session's last_seen_at may get, to spare a write per click

_hasher = PasswordHasher()  # argon2id at argon2-cffi's defaults
# Verified against when the name is unknown, so both failures cost the same time.
_DUMMY_HASH = _hasher.hash("harbour-timing-equaliser")
_COMMON_PASSWORDS = Path(__file__).with_name("common_passwords.txt")
_AFFIXES = re.compile(r"^[\d\W_]*(.*?)[\d\W_]*$")
_UNLEET = str.maketrans("@4310$5!7+", "aaeiossitt")
_ALLOW_SIGNUP = "allow_signup"
GROUPS_ADMIN_MADE_ONLY = "groups_admin_made_only"  # every peer group admits only accounts the admin made

SIGN_IN_FAILED = "That name and password don't match an account. Please check both and try again."
SIGN_IN_LOCKED = (
    "Signing in with this name is paused after many unsuccessful tries, to keep the account safe. "
    "Please ask the person who looks after this Harbour to unlock it."
)
ACCOUNT_DISABLED = (
    "This account has been switched off by the person who looks after this Harbour. "
    "Please ask them if you think that's a mistake."
)
WRONG_PASSWORD = "That isn't your current password. Please try again."
PASSWORD_COMMON = (
    "That password is one of the most common ones, so it would be easy to guess. "
    "A few ordinary words together make a strong password."
)
PASSWORD_REPEATS = (
    "That password repeats one piece over and over, so it would be easy to guess. "
    "A few ordinary words together make a strong password."
)
PASSWORD_HAS_NAME = "Please choose a password that doesn't contain your name: it's the first thing anyone would try."
SIGNED_OUT_IDLE = (
    "You were signed out after a while without activity, to keep your journal private. Your drafts are kept."
)
SIGNED_OUT_LONG = "You were signed out after 12 hours, to keep your journal private. Your drafts are kept."
SIGNED_OUT_ELSEWHERE = (
    "You were signed out because your password was changed or you chose to sign out everywhere. Your drafts are kept."
)
NO_HARBOUR_PASSWORD = (
    "You sign in to Harbour with your organisation's account, so there's no Harbour password to check. "
    "Please confirm it's you by signing in with your organisation again."
)
NO_PASSWORD_TO_CHANGE = (
    "You sign in to Harbour with your organisation's account, so there's no Harbour password to change: "
    "your organisation looks after your password."
)
SIGN_IN_AGAIN_TO_CONFIRM = (
    "Please confirm it's you by signing in again with your organisation's account: it's asked again for this, "
    "and counts for five minutes."
)
SIGNUP_CLOSED = "New accounts are made by this Harbour's administrator. Please ask them for one."
ADMINS_ONLY = "Only the person who looks after this Harbour can do that."


class AccountError(ValueError):
    """A kind, specific reason an account action could not go ahead; nothing was changed."""


class NotAllowed(AccountError):
    """Someone who is not the admin asked for an admin's action."""


class SessionEnded(AccountError):
    """The browser session's sign-in is over; the message says why, kindly."""


@dataclass(frozen=True)
class User:
    id: str
    username: str
    is_admin: bool
    failed_tries: int = 0  # set by sign_in: failed tries on the account since its previous sign-in


def failed_tries_message(count: int) -> str | None:
    """Plain words and a number, told once on signing in; None when there were none."""
    if count <= 0:
        return None
    tries = "was 1 failed try" if count == 1 else f"were {count} failed tries"
    return (
        f"There {tries} to sign in to your account since you last signed in. If that wasn't you, "
        "your password still kept them out; consider changing it to a longer one on Settings."
    )


@dataclass(frozen=True)
class AccountSummary:
    """What the admin sees of an account: never anything from its journal."""

    id: str
    username: str
    created_at: datetime
    is_admin: bool
    disabled: bool
    locked: bool  # only a lock someone chose; failed sign-ins never lock
    waiting: bool  # must wait a little after failed sign-ins; the admin may unlock it sooner
    made_by_admin: bool = False  # the administrator (or an operator) made it; it didn't sign itself up
    organisation: bool = False  # made by the organisation's sign-in: no Harbour password


def _user(row: users.UserRow) -> User:
    return User(row.id, row.username, row.is_admin)


# -- names and passwords ----------------------------------------------------------------
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


def _password_form(text: str) -> str:
    """The form passwords are compared with the common list in: NFC, case-folded, without spaces."""
    return "".join(unicodedata.normalize("NFC", text).casefold().split())


@functools.cache
def common_passwords() -> frozenset[str]:
    lines = _COMMON_PASSWORDS.read_text(encoding="utf-8").splitlines()
    return frozenset(_password_form(line) for line in lines if line.strip() and not line.startswith("#"))


def _repeats(text: str) -> bool:
    """One piece said again and again: 'aaaaaaaaaaaa', 'abcabcabcab', 'monkeymonkey'."""
    return any((text[:size] * (len(text) // size + 1))[: len(text)] == text for size in range(1, len(text) // 2 + 1))


def check_password(password: str, username: str | None = None) -> None:
    """Length 12-128, no composition rules; refuse the common, the repetitive and the person's own name."""
    if len(password) < PASSWORD_MIN:
        raise AccountError(
            f"Please use at least {PASSWORD_MIN} characters. A few ordinary words together make a strong password."
        )
    if len(password) > PASSWORD_MAX:
        raise AccountError(f"Passwords can be up to {PASSWORD_MAX} characters.")
    known = common_passwords()
    whole = _password_form(password)
    affixed = _AFFIXES.match(whole)
    assert affixed is not None  # the pattern matches any text, the empty text too
    core = affixed.group(1)  # without digits and symbols before and after: 'Summer2024!' → 'summer'
    if not whole or _repeats(whole) or _repeats(core):
        raise AccountError(PASSWORD_REPEATS)
    if whole in known or core in known or core.translate(_UNLEET) in known:
        raise AccountError(PASSWORD_COMMON)
    if username is not None and _contains_name(password, username):
        raise AccountError(PASSWORD_HAS_NAME)


def _contains_name(password: str, username: str) -> bool:
    """'robin2024' contains Robin; a short name counts only standing alone, so Kit may still like 'kites'."""
    name, whole = _password_form(username), _password_form(password)
    if len(name) >= SHORT_NAME or (name and name == whole):
        return name in whole
    typed = " ".join(unicodedata.normalize("NFC", username).casefold().split())
    letter = r"[^\W\d_]"
    pattern = rf"(?<!{letter}){re.escape(typed)}(?!{letter})"
    return len(name) >= 2 and re.search(pattern, unicodedata.normalize("NFC", password).casefold()) is not None


# -- look-alike names ---------------------------------------------------------------------
# Letters from other scripts (and digits) that look like Latin ones, after NFKC and case-folding:
# enough to stop "аlex" (Cyrillic а) or "a1ex" posing as "alex". A reduced form of Unicode's confusables.
_CONFUSABLES = str.maketrans(
    {
        "а": "a", "в": "b", "е": "e", "ё": "e", "к": "k", "м": "m", "н": "h", "о": "o", "р": "p", "с": "c",
        "т": "t", "у": "y", "х": "x", "ѕ": "s", "і": "i", "ї": "i", "ј": "j", "ԁ": "d", "ԛ": "q", "ԝ": "w",
        "ɡ": "g", "ι": "i", "ο": "o", "α": "a", "ρ": "p", "ν": "v", "κ": "k", "τ": "t", "υ": "u", "χ": "x",
        "ε": "e", "η": "n", "μ": "u", "0": "o", "1": "l", "|": "l", "5": "s", "$": "s", "@": "a",
    }
)  # fmt: skip


def look_alike_key(name: str) -> str:
    """The skeleton two names share when they would look the same on screen."""
    # Capital I looks like l: map it before case-folding turns it into i, so 'aIice' meets 'alice'.
    folded = unicodedata.normalize("NFKC", name).replace("I", "l").casefold().translate(_CONFUSABLES)
    folded = folded.replace("rn", "m").replace("vv", "w")
    return "".join(c for c in unicodedata.normalize("NFKD", folded) if not unicodedata.combining(c)).replace(" ", "")


def _refuse_look_alikes(db: Handle, name: str) -> None:
    skeleton = look_alike_key(name)
    if any(look_alike_key(row.username) == skeleton for row in users.list_all(db)):
        raise AccountError("That name looks too much like an existing one. Please choose another.")


# -- creating accounts ------------------------------------------------------------------
def create_account(
    db: Handle,
    name: str,
    password: str,
    *,
    now: datetime | None = None,
    origin: str = "admin",
    first_only: bool = False,
) -> User:
    """Make an account (operators and the admin; people signing themselves up go through sign_up).

    `origin` records how it came to be: 'admin' (the admin or an operator) unless sign_up says 'self'.
    `first_only`: make it only if it is the first account (sign_up while sign-up is closed), else SIGNUP_CLOSED.
    """
    name = check_username(name)
    check_password(password, name)
    key = username_key(name)
    if users.find_by_key(db, key) is None:  # an exact duplicate gets the plainer "already taken" below
        _refuse_look_alikes(db, name)
    row = users.UserRow(
        id=str(uuid.uuid4()),
        username=name,
        username_key=key,
        password_hash=_hasher.hash(password),
        is_admin=False,
        created_at=now or utcnow(),
    )
    try:
        inserted = users.insert_first_is_admin(db, row, origin, first_only=first_only)
    except users.NotFirst:
        raise AccountError(SIGNUP_CLOSED) from None
    if not inserted:
        raise AccountError("That name is already taken. Please choose another.")
    users.forget_unknown_name(db, _name_hash(key))
    stored = users.find_by_id(db, row.id)
    assert stored is not None
    return _user(stored)


def signup_allowed(db: Handle) -> bool:
    """Whether people may create their own accounts: the admin's choice, else HARBOUR_ALLOW_SIGNUP."""
    stored = users.get_app_setting(db, _ALLOW_SIGNUP)
    return config.load().allow_signup if stored is None else stored == "true"


def sign_up(db: Handle, name: str, password: str, *, now: datetime | None = None) -> User:
    """Someone creating their own account: always for the first account, after that only if allowed.

    While sign-up is closed, "is it the first?" is asked again in the transaction that inserts it: two people
    signing up at once on an empty Harbour can't both get in (the second is neither the admin nor let in).
    """
    allowed = signup_allowed(db)
    if has_accounts(db) and not allowed:
        raise AccountError(SIGNUP_CLOSED)
    return create_account(db, name, password, now=now, origin="self", first_only=not allowed)


def created_by_admin(db: Handle, user_id: str) -> bool:
    """Whether the admin (or an operator at the command line) made this account, rather than its owner."""
    return users.origin(db, user_id) == "admin"


def has_accounts(db: Handle) -> bool:
    return users.count(db) > 0


# -- proving who you are, with limits on guessing ---------------------------------------
def _name_hash(key: str) -> str:
    return hashlib.sha256(f"harbour-sign-in:{key}".encode()).hexdigest()


def _after_failure(before: users.Attempts, now: datetime) -> users.Attempts:
    failed = before.failed + 1
    wait = None
    if failed >= FREE_TRIES:
        wait = now + min(timedelta(seconds=2 ** min(failed - FREE_TRIES, 20)), LONGEST_WAIT)
    return users.Attempts(failed, wait, before.locked)  # failures never lock: a stranger could


def wait_message(seconds: float) -> str:
    """The same for every name, known or not, after the same failures: it gives nothing away."""
    minutes = math.ceil(seconds / 60)
    when = "in a few seconds" if seconds < 60 else "in about a minute" if minutes == 1 else f"in {minutes} minutes"
    return (
        "Please wait a moment before trying again: after several unsuccessful tries Harbour waits a little longer "
        f"each time, to keep accounts safe. You can try again {when}."
    )


def _refusal(attempts: users.Attempts, now: datetime) -> str | None:
    if attempts.locked:  # only ever a lock someone chose at the database; failures never set it
        return SIGN_IN_LOCKED
    if attempts.locked_until is not None and attempts.locked_until > now:
        return wait_message((attempts.locked_until - now).total_seconds())
    return None


def _take_attempt(db: Handle, user_id: str | None, key: str, now: datetime, address: str | None = None) -> None:
    """Count this try as failed before checking it (a right password clears the count), so simultaneous
    tries can't all slip past a limit; refuse it without checking while the name (or, from an address the
    account is known at, that address) must wait or is locked."""

    def update(before: users.Attempts) -> users.Attempts:
        # A refused try changes no wait, but is still a try the person is told about.
        return before if _refusal(before, now) else _after_failure(before, now)

    try:
        before = users.record_attempt(db, user_id, _name_hash(key), update, address)
    except users.AttemptInFlight:
        raise AccountError(wait_message(1)) from None
    refusal = _refusal(before, now)
    if refusal:
        raise AccountError(refusal)


def _address_hash(user_id: str, address: str | None) -> str:
    """Salted with the account, so the same address can't be matched across accounts; None is this computer."""
    return hashlib.sha256(f"harbour-address:{user_id}:{address or 'local'}".encode()).hexdigest()


def has_password(row: users.UserRow) -> bool:
    """An account the organisation's sign-in made keeps "" as its hash: it has no Harbour password at all."""
    return bool(row.password_hash)


def asks_for_password(db: Handle, user_id: str) -> bool:
    """Whether a step that asks "is it really you?" asks this account for a password (else: a fresh sign-in)."""
    row = users.find_by_id(db, user_id)
    return row is None or has_password(row)


def _password_matches(row: users.UserRow | None, password: str) -> bool:
    """Whether this is the account's password. No password matches an account without one (not even ""), and
    checking for it costs the same as checking a real one, so a name's kind of account isn't told by the time."""
    stored = row.password_hash if row is not None and has_password(row) else None
    try:
        _hasher.verify(stored or _DUMMY_HASH, password)
    except (VerificationError, InvalidHashError):
        return False
    return stored is not None


def _rehashed(row: users.UserRow, password: str) -> str | None:
    """A new hash of the right password when the stored one was made with weaker settings (worked out before the
    transaction that stores it, so argon2's cost isn't spent holding it open)."""
    return _hasher.hash(password) if _hasher.check_needs_rehash(row.password_hash) else None


def _succeeded(db: Handle, row: users.UserRow, rehashed: str | None, *, name_wide: bool = True) -> None:
    if name_wide:  # a right password by the person's own path leaves a stranger's count where it was
        users.clear_attempts(db, row.id)
    if rehashed is not None:
        users.set_password_hash(db, row.id, rehashed)


def sign_in(db: Handle, name: str, password: str, *, now: datetime | None = None, address: str | None = None) -> User:
    """The account for this name and password. An unknown name and a wrong password fail alike: the same
    message, the same argon2 cost, and the same waits after repeated failures.

    `address` is where the try comes from (None: this computer). From an address the account signed in from
    before, tries are limited on their own, so guessing from elsewhere never keeps the person waiting.
    """
    now = now or utcnow()
    key = username_key(" ".join(name.split()))
    row = users.find_by_key(db, key)
    where = _address_hash(row.id, address) if row else None
    known = row is not None and where is not None and users.is_known_address(db, row.id, where)
    _take_attempt(db, row.id if row else None, key, now, where if known else None)
    if not _password_matches(row, password):
        raise AccountError(SIGN_IN_FAILED)
    assert row is not None and where is not None
    if row.disabled:
        raise AccountError(ACCOUNT_DISABLED)  # only someone who knows the password learns this
    rehashed = _rehashed(row, password)

    def settle(tx: Handle) -> int:
        failed = users.take_failed_since_sign_in(tx, row.id)
        users.remember_address(tx, row.id, where, now, now - timedelta(days=KNOWN_ADDRESS_DAYS))
        _succeeded(tx, row, rehashed, name_wide=not known)
        return failed

    # One transaction, tried again when another write to the account collides with it (a stranger's try on the
    # name, the same person signing in on a second device): the right password never ends in a store error.
    failed = retrying_write(db, settle)
    return User(row.id, row.username, row.is_admin, failed)


@dataclass(frozen=True)
class FreshSignIn:
    """Proof from someone who signs in with their organisation (no Harbour password): this session's person signed
    in again at their provider within FRESH_WITHIN (journal/organisation.py records it on the session)."""

    session_id: str


Proof = str | FreshSignIn  # what a step that asks "is it really you?" takes: a password, or a fresh sign-in


def confirm_password(db: Handle, user_id: str, password: Proof, *, now: datetime | None = None) -> None:
    """Ask a signed-in person to prove it's them again (before export, erasure, sharing...): their password, or
    for an organisation account a fresh sign-in at their provider.

    Raises AccountError if it is wrong. Wrong ones are limited like failed sign-ins but on a count of their own
    (only someone signed in can make them), so a stranger guessing at the name never blocks the person here.
    """
    now = now or utcnow()
    row = users.find_by_id(db, user_id)
    if row is None:
        raise AccountError(WRONG_PASSWORD)
    if isinstance(password, FreshSignIn):
        if has_password(row) or not _freshly_signed_in(db, user_id, password.session_id, now):
            raise AccountError(SIGN_IN_AGAIN_TO_CONFIRM)
        return
    if not has_password(row):  # asked before counting a try: no password could ever be right here
        raise AccountError(NO_HARBOUR_PASSWORD)
    own = _address_hash(row.id, "signed-in")
    users.add_address(db, row.id, own, now)
    _take_attempt(db, row.id, row.username_key, now, own)
    if not _password_matches(row, password):
        raise AccountError(WRONG_PASSWORD)
    rehashed = _rehashed(row, password)

    def settle(tx: Handle) -> None:  # as sign_in's: one transaction, tried again on a collision
        users.forgive_last_try(tx, row.id)
        users.remember_address(tx, row.id, own, now, now - timedelta(days=KNOWN_ADDRESS_DAYS))
        _succeeded(tx, row, rehashed, name_wide=False)

    retrying_write(db, settle)


def _freshly_signed_in(db: Handle, user_id: str, session_id: str, now: datetime) -> bool:
    session = users.find_session(db, session_id)
    if session is None or session.user_id != user_id or session.ended_at is not None:
        return False
    when = users.session_confirmed_at(db, session_id)
    return when is not None and timedelta(0) <= now - when < FRESH_WITHIN


def change_password(
    db: Handle,
    user_id: str,
    current: str,
    new: str,
    *,
    keep_session: str | None = None,
    now: datetime | None = None,
) -> None:
    """Change a password, given the current one; ends every other session of the account."""
    now = now or utcnow()
    row = users.find_by_id(db, user_id)
    if row is not None and not has_password(row):
        raise AccountError(NO_PASSWORD_TO_CHANGE)
    check_password(new, row.username if row else None)  # first: a weak new password shouldn't cost a try
    confirm_password(db, user_id, current, now=now)
    users.change_password_hash(db, user_id, _hasher.hash(new), now, keep_session)


def set_password(db: Handle, name: str, password: str, *, now: datetime | None = None) -> User:
    """Set a password for an existing account (used by the demo refresh); ends its sessions."""
    row = users.find_by_key(db, username_key(name))
    if row is None:
        raise AccountError("There is no account with that name.")
    if not has_password(row):  # the organisation's sign-in made it; a password would be a second way in
        raise AccountError("That account signs in with the organisation's account, so it has no Harbour password.")
    check_password(password, row.username)
    users.change_password_hash(db, row.id, _hasher.hash(password), now or utcnow(), None)
    return _user(row)


# -- sessions ---------------------------------------------------------------------------
def start_session(db: Handle, user_id: str, *, now: datetime | None = None) -> str:
    """A new server-side session for someone who has just signed in; returns its id."""
    session_id = secrets.token_urlsafe(32)
    users.insert_session(db, session_id, user_id, now or utcnow())
    return session_id


def _ticket_hash(ticket: str) -> str:
    return hashlib.sha256(f"harbour-ticket:{ticket}".encode()).hexdigest()


def _with_pad(data: bytes, ticket: str) -> bytes:
    """`data` XOR a one-time pad drawn from the ticket (256 random bits, used once): sealing and unsealing alike.
    What seals a session id in its ticket's row."""
    pad = hashlib.shake_256(f"harbour-ticket-seal:{ticket}".encode()).digest(len(data))
    return bytes(a ^ b for a, b in zip(data, pad, strict=True))


def _seal(session_id: str, ticket: str) -> str:
    return _with_pad(session_id.encode("ascii"), ticket).hex()


def _unseal(sealed: str, ticket: str) -> str | None:
    try:
        return _with_pad(bytes.fromhex(sealed), ticket).decode("ascii")
    except (ValueError, UnicodeDecodeError):
        return None


def issue_ticket(db: Handle, session_id: str, *, now: datetime | None = None) -> str:
    """A single-use ticket that turns this session into the browser's cookie (Harbour's own route takes it).

    The page's script carries the ticket, never the session id: a script can read what it carries, and a used
    ticket is worth nothing. Only its hash is stored, for TICKET_LIFETIME, with the session id sealed by the ticket
    itself: the database alone can't give the id back (it keeps only a hash of that too; see store.users).
    """
    now = now or utcnow()
    ticket = secrets.token_urlsafe(32)
    users.insert_ticket(db, _ticket_hash(ticket), session_id, _seal(session_id, ticket), now, now + TICKET_LIFETIME)
    return ticket


def ticket_waiting(db: Handle, ticket: str, *, now: datetime | None = None) -> bool:
    """Whether the ticket is still to be taken (the browser hasn't handed it in yet)."""
    return users.ticket_waiting(db, _ticket_hash(ticket), now or utcnow())


def redeem_ticket(db: Handle, ticket: str, *, now: datetime | None = None) -> tuple[str, timedelta] | None:
    """The session id for the browser's cookie and how much longer the session may last at most, if the ticket
    is good and its session still is; None otherwise. A ticket works once."""
    now = now or utcnow()
    sealed = users.take_ticket(db, _ticket_hash(ticket), now)
    session_id = _unseal(sealed, ticket) if sealed is not None else None
    if session_id is None:
        return None
    try:
        resume_session(db, session_id, now=now, touch=False)
    except SessionEnded:
        return None
    session = users.find_session(db, session_id)
    assert session is not None  # it was just resumed
    return session_id, SESSION_LIMIT - (now - session.created_at)


def idle_limit() -> timedelta:
    return timedelta(minutes=config.load().idle_minutes)


def resume_session(db: Handle, session_id: str, *, now: datetime | None = None, touch: bool = True) -> User:
    """The person signed in to this session, if it is still good: not ended, not idle for 30 minutes (or
    HARBOUR_IDLE_MINUTES), not 12 hours old, and the account neither switched off nor locked. Otherwise it is
    ended and SessionEnded says why. `touch=False` checks without counting as use (the screen's own watch)."""
    now = now or utcnow()
    idle = idle_limit()
    session = users.find_session(db, session_id)
    row = users.find_by_id(db, session.user_id) if session else None
    if session is None or row is None:
        raise SessionEnded(SIGNED_OUT_ELSEWHERE)
    reason = None
    if row.disabled:  # the account's state first: it is the truer reason when the session was ended for it
        reason = ACCOUNT_DISABLED
    elif row.locked:
        reason = SIGN_IN_LOCKED
    elif session.ended_at is not None:
        reason = SIGNED_OUT_ELSEWHERE
    elif now - session.created_at >= SESSION_LIMIT:
        reason = SIGNED_OUT_LONG
    elif now - session.last_seen_at >= idle:
        reason = SIGNED_OUT_IDLE
    if reason is not None:
        users.end_session(db, session_id, now)  # no-op if it had already ended
        raise SessionEnded(reason)
    if touch and now - session.last_seen_at >= min(TOUCH_EVERY, idle / 4):
        users.touch_session(db, session_id, now)
    return _user(row)


def end_session(db: Handle, session_id: str, *, now: datetime | None = None) -> None:
    """Sign out of this session only."""
    users.end_session(db, session_id, now or utcnow())


def end_all_sessions(db: Handle, user_id: str, *, now: datetime | None = None) -> None:
    """Sign out everywhere: every session of the account, this one included."""
    users.end_sessions(db, user_id, now or utcnow())


def open_sessions(db: Handle, user_id: str) -> list[str]:
    """The keys of the account's open sessions (session_key of each id), oldest first."""
    return users.open_sessions(db, user_id)


def session_key(session_id: str) -> str:
    """How a session is kept in the database: a hash of its id, never the id (store.users.session_key)."""
    return users.session_key(session_id)


# -- the admin --------------------------------------------------------------------------
def _require_admin(db: Handle, actor: User) -> None:
    """Checked against the database, not the caller's copy of the account, which may be stale."""
    row = users.find_by_id(db, actor.id)
    if row is None or not row.is_admin or row.disabled or row.locked:
        raise NotAllowed(ADMINS_ONLY)


def _target(db: Handle, user_id: str) -> users.UserRow:
    row = users.find_by_id(db, user_id)
    if row is None:
        raise AccountError("That account no longer exists.")
    return row


def list_accounts(db: Handle, actor: User, *, now: datetime | None = None) -> list[AccountSummary]:
    _require_admin(db, actor)
    now = now or utcnow()
    return [
        AccountSummary(
            r.id,
            r.username,
            r.created_at,
            r.is_admin,
            r.disabled,
            r.locked,
            not r.locked and r.locked_until is not None and r.locked_until > now,
            r.origin == "admin",
            r.origin == "organisation",
        )
        for r in users.list_all(db)
    ]


def admin_create_account(db: Handle, actor: User, name: str, password: str) -> User:
    _require_admin(db, actor)
    return create_account(db, name, password, origin="admin")


def set_disabled(db: Handle, actor: User, user_id: str, disabled: bool, *, now: datetime | None = None) -> None:
    """Switch an account off (it is signed out everywhere and can't sign in) or back on."""
    _require_admin(db, actor)
    _target(db, user_id)
    if user_id == actor.id and disabled:
        raise AccountError("You can't switch off your own account: nobody could look after this Harbour.")
    users.set_disabled(db, user_id, disabled, now or utcnow())


def unlock(db: Handle, actor: User, user_id: str) -> None:
    """End the wait after failed sign-ins (and lift a lock, should one have been set)."""
    _require_admin(db, actor)
    _target(db, user_id)
    users.clear_attempts(db, user_id)


def unlock_by_name(db: Handle, name: str) -> User:
    """For operators at the command line: end the wait on a name at once (the admin's own, say)."""
    row = users.find_by_key(db, username_key(" ".join(name.split())))
    if row is None:
        raise AccountError("There is no account with that name.")
    users.clear_attempts(db, row.id)
    return _user(row)


def set_signup_allowed(db: Handle, actor: User, allowed: bool) -> None:
    _require_admin(db, actor)
    users.set_app_setting(db, _ALLOW_SIGNUP, "true" if allowed else "false")


def groups_admin_made_only(db: Handle) -> bool:
    """Whether every peer group admits only accounts the administrator made (so no made-up account joins)."""
    return users.get_app_setting(db, GROUPS_ADMIN_MADE_ONLY) == "true"


def set_groups_admin_made_only(db: Handle, actor: User, on: bool) -> None:
    _require_admin(db, actor)
    users.set_app_setting(db, GROUPS_ADMIN_MADE_ONLY, "true" if on else "false")


def is_admin(db: Handle, user_id: str) -> bool:
    row = users.find_by_id(db, user_id)
    return bool(row and row.is_admin and not row.disabled and not row.locked)
