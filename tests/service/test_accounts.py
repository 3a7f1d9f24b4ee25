"""Accounts: creating, signing in, and the rules that keep names and passwords safe."""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from dataclasses import fields
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from argon2 import PasswordHasher, extract_parameters
from hypothesis import given, settings
from hypothesis import strategies as st

from journal import accounts
from journal.accounts import SIGN_IN_FAILED, AccountError, User
from journal.store import Database, users
from tests.factories import PASSWORD
from tests.snapshots import every_row


def _users(db: Database) -> list[tuple]:
    return db.all("SELECT * FROM users ORDER BY id")


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
    stored = db.one("SELECT password_hash FROM users WHERE id = ?", [user.id])[0]
    assert stored.startswith("$argon2id$")
    assert PasswordHasher().verify(stored, PASSWORD)


def _database_files(backend: str, db_path: Path, request: pytest.FixtureRequest) -> list[Path]:
    """Every file the database keeps: DuckDB's file and its WAL, or the whole of PostgreSQL's data directory (its
    tables, its write-ahead log, the server's own files)."""
    if backend == "postgres":
        return [p for p in request.getfixturevalue("postgres_server").data.rglob("*") if p.is_file()]
    return [p for p in db_path.parent.iterdir() if p.name.startswith(db_path.name)]


def test_the_plain_password_appears_nowhere_in_the_database_files(
    db: Database, db_path: Path, backend: str, request: pytest.FixtureRequest
) -> None:
    secret = "quiet lantern over the tide pool"
    accounts.create_account(db, "alex", secret)
    accounts.set_password(db, "alex", secret + " again")
    if backend == "postgres":
        db.execute("CHECKPOINT")  # every changed page written to the data files (the tests connect as superuser)
    db.close()
    files = _database_files(backend, db_path, request)
    assert files
    for path in files:
        try:
            data = path.read_bytes()
        except FileNotFoundError:  # a server's temporary file, gone since the listing
            continue
        for needle in (secret, secret + " again"):
            assert needle.encode("utf-8") not in data, path.name
            assert needle.encode("utf-16-le") not in data, path.name


def test_the_plain_password_is_in_no_row_of_any_table(db: Database) -> None:
    secret = "quiet lantern over the tide pool"
    accounts.create_account(db, "alex", secret)
    accounts.set_password(db, "alex", secret + " again")
    rows = every_row(db)
    assert rows["users"]
    assert secret not in repr(rows)


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


def _accounts(db: Database) -> list[tuple]:
    """Everything about the accounts except the count of failed sign-ins."""
    return db.all(
        "SELECT id, username, username_key, password_hash, is_admin, created_at, disabled, locked,"
        " password_changed_at FROM users ORDER BY id"
    )


def test_a_failed_sign_in_changes_nothing_but_the_count_of_failures(db: Database, user: User) -> None:
    before = _accounts(db)
    with pytest.raises(AccountError):
        accounts.sign_in(db, "alex", "not the password at all")
    assert _accounts(db) == before
    assert _failures(db, user.id) == (1, None, False)


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
    twelve = "olive kettle"
    longest = (
        "an olive kettle sang on the stove while the velvet otter swam past the quiet harbour wall "
        "and the tide pool lantern glowed all night"
    )[:128]
    assert (len(twelve), len(longest)) == (12, 128)
    accounts.create_account(db, "short", twelve)
    accounts.create_account(db, "long", longest)
    assert accounts.sign_in(db, "long", longest).username == "long"


# -- passwords that are easy to guess -------------------------------------------------
@pytest.mark.parametrize(
    "password",
    [
        pytest.param("1qaz2wsx3edc", id="leaked"),
        pytest.param("1QAZ2WSX3EDC", id="leaked-upper-case"),
        pytest.param("password1234", id="password-digits"),
        pytest.param("PassWord1234", id="password-mixed-case"),
        pytest.param("P@ssw0rd2024!", id="password-in-disguise"),
        pytest.param("qwertyuiopasdf", id="keyboard-walk"),
        pytest.param("QWERTYUIOP123", id="keyboard-walk-upper-case"),
        pytest.param("Summer2024!!", id="word-and-year"),
        pytest.param("2024 sunshine", id="year-and-word"),
        pytest.param("Let Me In Please", id="phrase-with-spaces"),
        pytest.param("ManchesterUnited", id="team"),
        pytest.param("correct horse battery staple", id="famous"),
        pytest.param("Harbour2026!", id="this-apps-name"),
    ],
)
def test_a_common_password_is_refused_whatever_its_case(db: Database, password: str) -> None:
    with pytest.raises(AccountError) as caught:
        accounts.create_account(db, "alex", password)
    assert str(caught.value) == accounts.PASSWORD_COMMON
    assert _is_kind_sentence(accounts.PASSWORD_COMMON)
    assert _users(db) == []


@pytest.mark.parametrize(
    "password",
    [
        pytest.param("aaaaaaaaaaaa", id="one-character"),
        pytest.param("ÉÉÉÉÉÉÉÉÉÉÉÉÉ", id="one-accented-character"),
        pytest.param("            ", id="spaces"),
        pytest.param("abcabcabcabc", id="short-piece"),
        pytest.param("monkeyMONKEY", id="word-twice"),
        pytest.param("velvet otter velvet otter velvet", id="phrase-again"),
        pytest.param("tidepooltidepool2024", id="repeat-and-year"),
    ],
)
def test_a_password_that_repeats_one_piece_is_refused(db: Database, password: str) -> None:
    with pytest.raises(AccountError) as caught:
        accounts.create_account(db, "alex", password)
    assert str(caught.value) == accounts.PASSWORD_REPEATS
    assert _users(db) == []


@pytest.mark.parametrize(
    ("name", "password"),
    [
        pytest.param("Robin", "robin's quiet garden", id="contains"),
        pytest.param("Robin", "ROBIN-2026-harbour-wall", id="contains-upper-case"),
        pytest.param("Zoë Ahmed", "zoeahmed zoë ahmed 1999", id="with-spaces"),
        pytest.param("lanternotter", "Lantern Otter", id="is-the-name"),
        pytest.param("Kit", "kit 2024 garden gate", id="short-name-as-a-word"),
        pytest.param("Kit", "KIT2024 garden gate", id="short-name-before-digits"),
        pytest.param("Jo Li", "my name is jo li, hello", id="short-name-with-a-space"),
    ],
)
def test_a_password_with_the_name_in_it_is_refused(db: Database, name: str, password: str) -> None:
    with pytest.raises(AccountError) as caught:
        accounts.create_account(db, name, password)
    assert str(caught.value) == accounts.PASSWORD_HAS_NAME
    assert _users(db) == []


@pytest.mark.parametrize(
    ("name", "password"),
    [
        pytest.param("Jo", "jolly olive kettle", id="inside-a-longer-word"),
        pytest.param("Kit", "ten blue kites 42", id="start-of-a-longer-word"),
        pytest.param("A", "a long enough passphrase", id="one-letter"),
    ],
)
def test_a_short_name_inside_another_word_is_no_reason_to_refuse(db: Database, name: str, password: str) -> None:
    assert accounts.create_account(db, name, password).username == name


def test_ordinary_words_together_are_welcome(db: Database) -> None:
    for n, password in enumerate(["olive kettle on the stove", "Velvet otter, tide pool!", "ten blue kites 42"]):
        accounts.create_account(db, f"person{n}", password)
    assert len(_users(db)) == 3


def test_the_common_password_list_is_shipped_with_its_provenance_in_the_compared_form() -> None:
    text = accounts._COMMON_PASSWORDS.read_text(encoding="utf-8")
    header = [line for line in text.splitlines() if line.startswith("#")]
    assert any("Provenance" in line for line in header)
    assert any("Django" in line for line in header) and any("zxcvbn" in line for line in header)
    known = accounts.common_passwords()
    assert len(known) > 50_000
    assert sum(len(p) >= accounts.PASSWORD_MIN for p in known) > 10_000  # long enough to be chosen at all
    assert all(p == "".join(p.casefold().split()) for p in known)
    assert {"password", "qwertyuiop", "1qaz2wsx3edc", "iloveyou", "harbour"} <= known


@given(
    entry=st.sampled_from(sorted(p for p in accounts.common_passwords() if 12 <= len(p) <= 128)),
    flips=st.lists(st.booleans(), min_size=128, max_size=128),
)
@settings(max_examples=200, deadline=None)
def test_every_listed_password_is_refused_in_any_mix_of_case(entry: str, flips: list[bool]) -> None:
    password = "".join(c.upper() if flip else c for c, flip in zip(entry, flips, strict=False))
    with pytest.raises(AccountError) as caught:
        accounts.check_password(password)
    assert str(caught.value) in {accounts.PASSWORD_COMMON, accounts.PASSWORD_REPEATS}


@given(password=st.text(alphabet=st.characters(codec="ascii", exclude_categories=["Cc"]), min_size=12, max_size=40))
@settings(max_examples=200, deadline=None)
def test_the_checks_ignore_case(password: str) -> None:
    def verdict(p: str) -> str | None:
        try:
            accounts.check_password(p, "Robin")
        except AccountError as exc:
            return str(exc)
        return None

    assert verdict(password) == verdict(password.upper()) == verdict(password.lower())


# -- passwords hashed with other parameters -------------------------------------------
OLD_HASHER = PasswordHasher(time_cost=1, memory_cost=8 * 1024, parallelism=1)


def _stored_hash(db: Database, user_id: str) -> str:
    return db.one("SELECT password_hash FROM users WHERE id = ?", [user_id])[0]


@pytest.mark.parametrize("how", ["sign_in", "confirm_password"])
def test_a_hash_made_with_other_parameters_is_replaced_at_the_next_right_password(
    db: Database, user: User, how: str
) -> None:
    users.set_password_hash(db, user.id, OLD_HASHER.hash(PASSWORD))
    assert extract_parameters(_stored_hash(db, user.id)).memory_cost == 8 * 1024
    if how == "sign_in":
        assert accounts.sign_in(db, "alex", PASSWORD) == user
    else:
        accounts.confirm_password(db, user.id, PASSWORD)
    fresh = _stored_hash(db, user.id)
    assert extract_parameters(fresh) == extract_parameters(PasswordHasher().hash("x"))  # argon2-cffi's defaults
    assert fresh.startswith("$argon2id$")
    assert PasswordHasher().verify(fresh, PASSWORD)


def test_a_wrong_password_leaves_an_old_hash_alone(db: Database, user: User) -> None:
    old = OLD_HASHER.hash(PASSWORD)
    users.set_password_hash(db, user.id, old)
    with pytest.raises(AccountError):
        accounts.sign_in(db, "alex", "not the password at all")
    assert _stored_hash(db, user.id) == old


# -- guessing -------------------------------------------------------------------------
T0 = datetime(2026, 3, 2, 9, 0, 0)
CHEAP = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)


def _failures(db: Database, user_id: str) -> tuple:
    return db.one("SELECT failed_attempts, locked_until, locked FROM users WHERE id = ?", [user_id])


def _answer(db: Database, name: str, password: str, now: datetime) -> str:
    try:
        accounts.sign_in(db, name, password, now=now)
    except AccountError as exc:
        return str(exc)
    return "signed in"


@pytest.fixture
def cheap_hashes(db: Database, user: User, monkeypatch: pytest.MonkeyPatch) -> None:
    """Long runs of tries at a fraction of argon2's real cost: the limits, not the hashing, are under test."""
    monkeypatch.setattr(accounts, "_hasher", CHEAP)
    monkeypatch.setattr(accounts, "_DUMMY_HASH", CHEAP.hash("harbour-timing-equaliser"))
    users.set_password_hash(db, user.id, CHEAP.hash(PASSWORD))


def test_after_five_failures_each_wait_doubles_up_to_a_minute(db: Database, user: User, cheap_hashes) -> None:
    now = T0
    for failures in range(1, 20):
        assert _answer(db, "alex", "not the password at all", now) == SIGN_IN_FAILED
        _, locked_until, _ = _failures(db, user.id)
        if failures < accounts.FREE_TRIES:
            assert locked_until is None
        else:
            assert locked_until - now == min(timedelta(seconds=2 ** (failures - 5)), accounts.LONGEST_WAIT)
        now = locked_until or now  # the next try comes as soon as it may
    assert _failures(db, user.id)[0] == 19


def test_while_waiting_even_the_right_password_is_refused_and_the_try_costs_nothing(
    db: Database, user: User, cheap_hashes
) -> None:
    for _ in range(6):
        _answer(db, "alex", "not the password at all", T0)
    assert _failures(db, user.id) == (5, T0 + timedelta(seconds=1), False)  # the 6th came too soon: not counted
    message = _answer(db, "alex", PASSWORD, T0 + timedelta(milliseconds=500))
    assert message.startswith("Please wait a moment before trying again")
    assert _is_kind_sentence(message)
    assert _failures(db, user.id) == (5, T0 + timedelta(seconds=1), False)
    assert _answer(db, "alex", PASSWORD, T0 + timedelta(seconds=1)) == "signed in"
    assert _failures(db, user.id) == (0, None, False)  # a right password starts the count again


def test_an_unknown_name_gets_exactly_the_same_answers_as_a_real_one_and_neither_is_locked(
    db: Database, user: User, cheap_hashes
) -> None:
    def run(name: str) -> list[str]:
        now, answers = T0, []
        for n in range(65):  # some tries come too soon and are not counted
            answers.append(_answer(db, name, "not the password at all", now))
            answers.append(_answer(db, name, "another guess", now))  # too soon, once the waits have begun
            now += timedelta(minutes=16) if n % 7 else timedelta(seconds=3)
        return answers

    real, unknown = run("alex"), run("nobody")
    assert real == unknown
    assert real[0] == SIGN_IN_FAILED
    assert any(a.startswith("Please wait a moment") for a in real)
    assert accounts.SIGN_IN_LOCKED not in real
    assert _failures(db, user.id)[2] is False
    assert _answer(db, "alex", PASSWORD, T0 + timedelta(days=2)) == "signed in"


def test_an_unknown_name_is_kept_only_as_a_hash(db: Database, user: User, cheap_hashes) -> None:
    _answer(db, "my-secret-typed-in-the-name-box", "whatever", T0)
    rows = db.all("SELECT * FROM unknown_name_failures")
    assert len(rows) == 1 and "secret" not in repr(rows)


def test_a_known_and_an_unknown_name_cost_one_argon2_check_each_and_none_while_waiting(
    db: Database, user: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    checks: list[str] = []

    class Counting(PasswordHasher):
        def verify(self, hash: str | bytes, password: str | bytes) -> bool:
            checks.append(hash)
            return super().verify(hash, password)

    monkeypatch.setattr(accounts, "_hasher", Counting())
    for name in ("alex", "nobody"):
        checks.clear()
        _answer(db, name, "not the password at all", T0)
        assert len(checks) == 1 and checks[0].startswith("$argon2id$")  # an argon2id check at the same defaults
        assert extract_parameters(checks[0]) == extract_parameters(accounts._DUMMY_HASH)
        for _ in range(5):
            _answer(db, name, "not the password at all", T0)
        checks.clear()
        _answer(db, name, "not the password at all", T0)
        assert checks == []


def test_after_fifty_failures_the_right_password_still_signs_in_and_the_admin_can_lift_a_wait(
    db: Database, make_user: Callable[..., User]
) -> None:
    admin, sam = make_user("admin"), make_user("sam")
    # forty-nine failures already, the last wait long over
    db.execute("UPDATE users SET failed_attempts = 49, locked_until = ? WHERE id = ?", [T0, sam.id])
    assert _answer(db, "sam", "not the password at all", T0) == SIGN_IN_FAILED
    assert _failures(db, sam.id)[::2] == (50, False)  # failures never lock
    [summary] = [a for a in accounts.list_accounts(db, admin, now=T0) if a.id == sam.id]
    assert summary.waiting and not summary.locked
    with pytest.raises(accounts.NotAllowed):
        accounts.unlock(db, sam, sam.id)
    accounts.unlock(db, admin, sam.id)
    assert _failures(db, sam.id) == (0, None, False)
    assert _answer(db, "sam", PASSWORD, T0) == "signed in"


def test_an_operator_can_lift_a_wait_on_the_admins_own_account(db: Database, user: User) -> None:
    db.execute(
        "UPDATE users SET failed_attempts = 50, locked_until = ? WHERE id = ?", [T0 + timedelta(minutes=1), user.id]
    )
    assert user.is_admin and _answer(db, "alex", PASSWORD, T0).startswith("Please wait")
    assert accounts.unlock_by_name(db, " ALEX ") == user
    assert _answer(db, "alex", PASSWORD, T0) == "signed in"
    with pytest.raises(AccountError, match="no account with that name"):
        accounts.unlock_by_name(db, "nobody")


def test_creating_an_account_forgets_earlier_failures_for_that_name(db: Database, user: User, cheap_hashes) -> None:
    for _ in range(5):
        _answer(db, "robin", "not the password at all", T0)
    assert _answer(db, "robin", "not the password at all", T0).startswith("Please wait")
    robin = accounts.create_account(db, "Robin", "olive kettle on the stove")
    assert _answer(db, "robin", "olive kettle on the stove", T0) == "signed in"
    assert _failures(db, robin.id) == (0, None, False)


def test_two_tries_at_once_cannot_both_slip_through(db: Database, user: User) -> None:
    def meanwhile(before: users.Attempts) -> users.Attempts:
        with db.write() as other:  # another try for the same account commits first
            other.execute("UPDATE users SET failed_attempts = 7 WHERE id = ?", [user.id])
        return users.Attempts(before.failed + 1)

    with pytest.raises(users.AttemptInFlight):
        users.record_attempt(db, user.id, "unused", meanwhile)
    assert _failures(db, user.id)[0] == 7


def test_a_try_that_collides_with_another_is_asked_to_wait(
    db: Database, user: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = users.record_attempt

    def colliding(db_, user_id, name_hash, update, address=None):
        def meanwhile(before: users.Attempts) -> users.Attempts | None:
            with db.write() as other:
                other.execute("UPDATE users SET failed_attempts = 3 WHERE id = ?", [user.id])
            return update(before)

        return real(db_, user_id, name_hash, meanwhile, address)

    monkeypatch.setattr(users, "record_attempt", colliding)
    assert _answer(db, "alex", PASSWORD, T0).startswith("Please wait a moment")


# -- confirming the password again ----------------------------------------------------
def _own_failures(db: Database, user_id: str) -> list[int]:
    sql = "SELECT failed_attempts FROM known_addresses WHERE user_id = ?"
    return [r[0] for r in db.all(sql, [user_id])]


def test_confirm_password_accepts_the_right_one_and_refuses_a_wrong_one(db: Database, user: User) -> None:
    accounts.confirm_password(db, user.id, PASSWORD, now=T0)
    with pytest.raises(AccountError) as caught:
        accounts.confirm_password(db, user.id, PASSWORD + "!", now=T0)
    assert str(caught.value) == accounts.WRONG_PASSWORD
    assert _own_failures(db, user.id) == [1]  # it counts towards a limit on guessing of its own
    assert _failures(db, user.id)[0] == 0


def test_confirm_password_waits_after_five_failures_on_a_count_of_its_own(
    db: Database, user: User, cheap_hashes
) -> None:
    for _ in range(5):
        with pytest.raises(AccountError):
            accounts.confirm_password(db, user.id, "not the password at all", now=T0)
    with pytest.raises(AccountError, match="Please wait a moment"):
        accounts.confirm_password(db, user.id, PASSWORD, now=T0)
    accounts.confirm_password(db, user.id, PASSWORD, now=T0 + timedelta(seconds=1))
    assert _own_failures(db, user.id) == [0]


def test_a_stranger_guessing_at_the_name_never_blocks_confirming_the_password(
    db: Database, user: User, cheap_hashes
) -> None:
    for i in range(12):
        _answer(db, "alex", f"a stranger's guess {i}", T0)
    assert _answer(db, "alex", PASSWORD, T0).startswith("Please wait a moment")
    accounts.confirm_password(db, user.id, PASSWORD, now=T0)  # the signed-in person is not kept waiting


# -- accounts switched off ------------------------------------------------------------
def test_a_switched_off_account_cannot_sign_in_until_switched_on(db: Database, make_user: Callable[..., User]) -> None:
    admin, sam = make_user("admin"), make_user("sam")
    accounts.set_disabled(db, admin, sam.id, True)
    assert _answer(db, "sam", PASSWORD, T0) == accounts.ACCOUNT_DISABLED
    assert _answer(db, "sam", "not the password at all", T0) == SIGN_IN_FAILED  # says nothing without the password
    accounts.set_disabled(db, admin, sam.id, False)
    assert _answer(db, "sam", PASSWORD, T0) == "signed in"


# -- the admin ------------------------------------------------------------------------
def test_the_admin_sees_names_and_states_and_nothing_from_any_journal(
    db: Database, make_user: Callable[..., User]
) -> None:
    admin = make_user("admin")
    make_user("sam")
    listed = accounts.list_accounts(db, admin)
    assert [(a.username, a.is_admin, a.disabled, a.locked, a.waiting) for a in listed] == [
        ("admin", True, False, False, False),
        ("sam", False, False, False, False),
    ]
    assert [f.name for f in fields(accounts.AccountSummary)] == [
        "id",
        "username",
        "created_at",
        "is_admin",
        "disabled",
        "locked",
        "waiting",
        "made_by_admin",
        "organisation",
    ]  # no entries, no counts of entries, no check-ins


def test_the_admin_can_create_an_account_even_with_sign_up_switched_off(
    db: Database, make_user: Callable[..., User]
) -> None:
    admin = make_user("admin")
    accounts.set_signup_allowed(db, admin, False)
    made = accounts.admin_create_account(db, admin, "Kit", "olive kettle on the stove")
    assert (made.username, made.is_admin) == ("Kit", False)


def _non_admin_actions(db: Database, sam: User, target: User) -> dict[str, Callable[[], object]]:
    return {
        "list": lambda: accounts.list_accounts(db, sam),
        "create": lambda: accounts.admin_create_account(db, sam, "Kit", "olive kettle on the stove"),
        "disable": lambda: accounts.set_disabled(db, sam, target.id, True),
        "unlock": lambda: accounts.unlock(db, sam, target.id),
        "signup": lambda: accounts.set_signup_allowed(db, sam, False),
    }


@pytest.mark.parametrize("action", ["list", "create", "disable", "unlock", "signup"])
@pytest.mark.parametrize("claims_admin", [False, True], ids=["as-is", "claiming-to-be-admin"])
def test_admin_actions_are_refused_to_everyone_else_and_change_nothing(
    db: Database, make_user: Callable[..., User], action: str, claims_admin: bool
) -> None:
    make_user("admin")
    sam, kit = make_user("sam"), make_user("kit")
    if claims_admin:  # a stale or forged copy of the account doesn't make anyone the admin
        sam = User(sam.id, sam.username, is_admin=True)
    before = _users(db)
    with pytest.raises(accounts.NotAllowed) as caught:
        _non_admin_actions(db, sam, kit)[action]()
    assert _is_kind_sentence(str(caught.value))
    assert _users(db) == before
    assert accounts.signup_allowed(db) is True


def test_the_admin_cannot_switch_their_own_account_off(db: Database, make_user: Callable[..., User]) -> None:
    admin = make_user("admin")
    with pytest.raises(AccountError, match="own account"):
        accounts.set_disabled(db, admin, admin.id, True)
    assert accounts.is_admin(db, admin.id)


# -- who may sign up ------------------------------------------------------------------
def test_sign_up_follows_the_environment_until_the_admin_chooses(
    db: Database, make_user: Callable[..., User], monkeypatch: pytest.MonkeyPatch
) -> None:
    admin = make_user("admin")
    monkeypatch.setenv("HARBOUR_ALLOW_SIGNUP", "false")
    assert accounts.signup_allowed(db) is False
    accounts.set_signup_allowed(db, admin, True)
    assert accounts.signup_allowed(db) is True  # the admin's choice wins over the environment
    monkeypatch.setenv("HARBOUR_ALLOW_SIGNUP", "true")
    accounts.set_signup_allowed(db, admin, False)
    assert accounts.signup_allowed(db) is False


def test_sign_up_is_refused_when_switched_off_and_nothing_is_stored(
    db: Database, make_user: Callable[..., User]
) -> None:
    accounts.set_signup_allowed(db, make_user("admin"), False)
    before = _users(db)
    with pytest.raises(AccountError) as caught:
        accounts.sign_up(db, "Kit", "olive kettle on the stove")
    assert str(caught.value) == accounts.SIGNUP_CLOSED
    assert _users(db) == before


def test_the_first_account_can_always_be_made(db: Database, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HARBOUR_ALLOW_SIGNUP", "false")
    assert accounts.sign_up(db, "Kit", "olive kettle on the stove").is_admin
