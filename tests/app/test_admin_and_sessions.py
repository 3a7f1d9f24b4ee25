"""Through app.py: limits on guessing, sessions that end kindly, the admin's page and the account page.

The admin page (pages/admin.py, for the admin only) and the account page (pages/account.py) are reached through
app.py's navigation, where the lead registers them.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from streamlit.testing.v1 import AppTest

from journal import accounts
from journal.accounts import User
from journal.reflect import entries
from journal.reflect.entries import EntryInput
from journal.store import Database
from journal.ui import nav
from tests.app.conftest import ROOT, as_shown, create_inputs, markdown, sign_in, texts
from tests.conftest import FixedClock
from tests.factories import PASSWORD

ADMIN_PAGE = nav.ADMIN.file
ACCOUNT_PAGE = nav.ACCOUNT.file
NEW_PASSWORD = "olive kettle on the stove"


def title(at: AppTest) -> list[str]:
    return [t.value for t in at.title]


def errors(at: AppTest) -> list[str]:
    return [e.value for e in at.error]


def infos(at: AppTest) -> list[str]:
    return [i.value for i in at.info]


def shown(at: AppTest) -> str:
    shown_markdown = [as_shown(m) for m in markdown(at)]
    return " ".join(texts(at) + shown_markdown + infos(at) + errors(at) + [s.value for s in at.success])


def open_page(at: AppTest, page: str) -> AppTest:
    at.switch_page(page).run()
    assert not at.exception, at.exception
    return at


def _sessions(db: Database, user: User) -> list[tuple]:
    return db.all("SELECT id, ended_at IS NULL FROM sessions WHERE user_id = ? ORDER BY created_at", [user.id])


# -- guessing -------------------------------------------------------------------------
def _six_wrong_then_right(app: Callable[[], AppTest], name: str, right: str, clock: FixedClock) -> tuple[AppTest, list]:
    at = app()
    said = []
    for _ in range(6):
        said.append(errors(sign_in(at, name, "not the right password")))
    said.append(errors(sign_in(at, name, right)))
    return at, said


def test_six_wrong_passwords_then_the_right_one_waits_until_the_delay_has_passed(app, make_user, fixed_clock):
    make_user("kit")
    at, said = _six_wrong_then_right(app, "kit", PASSWORD, fixed_clock)
    wait = accounts.wait_message(1)  # five failures: one second, and the held clock has not moved
    assert said == [[accounts.SIGN_IN_FAILED]] * 5 + [[wait], [wait]]
    assert title(at) == ["Harbour"] and "harbour.user" not in at.session_state
    fixed_clock.advance(seconds=1)
    sign_in(at, "kit", PASSWORD)
    assert title(at) == ["Write"]


def test_an_unknown_name_gets_the_very_same_messages(app, make_user, fixed_clock):
    make_user("kit")
    _, for_kit = _six_wrong_then_right(app, "kit", PASSWORD, fixed_clock)
    _, for_nobody = _six_wrong_then_right(app, "nobody-here", PASSWORD, fixed_clock)
    assert for_nobody == for_kit


def test_a_locked_account_is_refused_kindly_until_the_admin_unlocks_it(app, db, make_user, fixed_clock):
    admin, sam = make_user("admin"), make_user("sam")
    db.execute("UPDATE users SET failed_attempts = 50, locked = TRUE WHERE id = ?", [sam.id])
    at = sign_in(app(), "sam")
    assert errors(at) == [accounts.SIGN_IN_LOCKED]
    accounts.unlock(db, admin, sam.id)
    assert title(sign_in(at, "sam")) == ["Write"]


# -- sessions -------------------------------------------------------------------------
def test_thirty_minutes_without_activity_signs_out_with_a_kind_message(app, db, make_user, fixed_clock):
    kit = make_user("kit")
    at = sign_in(app(), "kit")
    assert title(at) == ["Write"]
    fixed_clock.advance(minutes=29)
    at.run()
    assert title(at) == ["Write"]  # still there: it was 29 minutes
    fixed_clock.advance(minutes=30)
    at.run()
    assert title(at) == ["Harbour"]
    assert infos(at) == [accounts.SIGNED_OUT_IDLE]
    assert "harbour.user" not in at.session_state
    assert [open_ for _, open_ in _sessions(db, kit)] == [False]
    at.run()
    assert infos(at) == []  # said once


def test_an_expired_session_is_signed_out_even_without_the_fake_clock(app, db, make_user):
    make_user("kit")
    at = sign_in(app(), "kit")
    db.execute("UPDATE sessions SET last_seen_at = last_seen_at - INTERVAL '31 minutes'")
    at.run()
    assert (title(at), infos(at)) == (["Harbour"], [accounts.SIGNED_OUT_IDLE])


def test_twelve_hours_signs_out_however_busy(app, make_user, fixed_clock):
    make_user("kit")
    at = sign_in(app(), "kit")
    for _ in range(24):  # a click every 29 minutes: never idle for long enough
        fixed_clock.advance(minutes=29)
        at.run()
        assert title(at) == ["Write"]
    fixed_clock.advance(minutes=25)  # 12 hours and 1 minute since signing in
    at.run()
    assert (title(at), infos(at)) == (["Harbour"], [accounts.SIGNED_OUT_LONG])


def test_signing_out_in_one_browser_leaves_the_other_signed_in(app, db, make_user):
    kit = make_user("kit")
    laptop, phone = sign_in(app(), "kit"), sign_in(app(), "kit")
    laptop.sidebar.button[0].click().run()
    assert title(laptop) == ["Harbour"]
    phone.run()
    assert title(phone) == ["Write"]
    assert [open_ for _, open_ in _sessions(db, kit)] == [False, True]


def test_a_switched_off_account_is_signed_out_and_cannot_sign_in(app, db, make_user):
    admin, sam = make_user("admin"), make_user("sam")
    at = sign_in(app(), "sam")
    accounts.set_disabled(db, admin, sam.id, True)
    at.run()
    assert (title(at), infos(at)) == (["Harbour"], [accounts.ACCOUNT_DISABLED])
    assert errors(sign_in(at, "sam")) == [accounts.ACCOUNT_DISABLED]


# -- who may create an account --------------------------------------------------------
def test_with_sign_up_switched_off_by_the_admin_the_welcome_page_offers_no_account_creation(app, db, make_user):
    admin = make_user("admin")
    accounts.set_signup_allowed(db, admin, False)
    at = app()
    at.run()
    assert accounts.SIGNUP_CLOSED in infos(at)
    assert "Your name (to sign in with)" not in [t.label for t in at.text_input]
    assert not [b for b in at.button if b.label == "Create account"]


def test_the_admins_choice_to_allow_sign_up_wins_over_the_environment(app, db, make_user, monkeypatch):
    monkeypatch.setenv("HARBOUR_ALLOW_SIGNUP", "false")
    accounts.set_signup_allowed(db, make_user("admin"), True)
    at = app()
    at.run()
    assert len(create_inputs(at)) == 3


# -- the admin page -------------------------------------------------------------------
@pytest.fixture
def people(db: Database, make_user: Callable[..., User], lib) -> tuple[User, User]:
    admin = make_user("admin")
    sam = make_user("**Sam** [x](https://example.org)")  # markdown in a name must show as typed
    entries.save_new(db, admin.id, "a1", EntryInput("free", {"text": "the admin's own words"}), lib)
    entries.save_new(db, sam.id, "s1", EntryInput("free", {"text": "sam's private words"}), lib)
    return admin, sam


def test_an_admin_signed_in_sees_only_their_own_journal(app, people):
    at = open_page(sign_in(app(), "admin"), nav.JOURNAL.file)
    assert "the admin's own words" in shown(at)
    assert "sam's private words" not in shown(at)


def test_the_admin_page_lists_accounts_by_name_as_plain_text_and_no_journal(app, people):
    admin, sam = people
    at = open_page(sign_in(app(), "admin"), ADMIN_PAGE)
    assert title(at) == ["Accounts"]
    assert {admin.username, sam.username} <= set(texts(at))
    assert not any("Sam" in m for m in markdown(at))  # never drawn as markdown
    assert "sam's private words" not in shown(at) and "the admin's own words" not in shown(at)
    assert not any("entr" in m.lower() for m in texts(at) + markdown(at))  # not even how many entries
    assert [t.label for t in at.toggle] == [
        "People may create their own accounts",
        "Peer groups admit only accounts you made (or the organisation's sign-in made)",
    ]
    assert any("administrator" in c for c in markdown(at))


def test_the_admin_switches_an_account_off_and_on(app, people):
    _, sam = people
    sams = sign_in(app(), sam.username)
    assert title(sams) == ["Write"]
    at = open_page(sign_in(app(), "admin"), ADMIN_PAGE)
    at.button(key=f"admin.disable.{sam.id}").click().run()
    assert any("switched off" in c for c in markdown(at))
    sams.run()
    assert (title(sams), infos(sams)) == (["Harbour"], [accounts.ACCOUNT_DISABLED])
    at.button(key=f"admin.enable.{sam.id}").click().run()
    assert title(sign_in(sams, sam.username)) == ["Write"]


def test_the_admin_unlocks_a_locked_account(app, db, people):
    _, sam = people
    db.execute("UPDATE users SET failed_attempts = 50, locked = TRUE WHERE id = ?", [sam.id])
    at = open_page(sign_in(app(), "admin"), ADMIN_PAGE)
    assert any("locked" in c for c in markdown(at))
    at.button(key=f"admin.unlock.{sam.id}").click().run()
    assert not [b for b in at.button if b.key == f"admin.unlock.{sam.id}"]
    assert title(sign_in(app(), sam.username)) == ["Write"]


def test_the_admin_creates_an_account(app, db, people):
    at = open_page(sign_in(app(), "admin"), ADMIN_PAGE)
    name, password, again = (t for t in at.text_input if t.label != "")
    name.input("Kit")
    password.input(NEW_PASSWORD)
    again.input(NEW_PASSWORD)
    at.button(key="FormSubmitter:admin_create-Create account").click().run()
    assert not errors(at)
    assert "Kit" in texts(at)
    assert accounts.sign_in(db, "kit", NEW_PASSWORD).is_admin is False


def test_the_admin_switches_sign_up_off_and_the_welcome_page_follows(app, people):
    at = open_page(sign_in(app(), "admin"), ADMIN_PAGE)
    at.toggle(key="admin.signup").set_value(False).run()
    visitor = app()
    visitor.run()
    assert accounts.SIGNUP_CLOSED in infos(visitor)
    assert not [b for b in visitor.button if b.label == "Create account"]
    at.run()
    assert at.toggle(key="admin.signup").value is False  # the page shows what was saved


def test_someone_else_cannot_reach_the_admin_page(app, people):
    _, sam = people
    at = sign_in(app(), sam.username)
    assert title(at) == ["Write"]
    with pytest.raises(ValueError):  # not in their navigation
        at.switch_page(ADMIN_PAGE)


def test_the_admin_page_refuses_anyone_else_kindly_and_shows_nothing(app, db, people):
    admin, sam = people
    at = AppTest.from_file(str(ROOT / ADMIN_PAGE), default_timeout=30)
    at.session_state["harbour.session"] = accounts.start_session(db, sam.id)
    at.session_state["harbour.user"] = sam  # as if the page were reached some other way
    at.run()
    assert not at.exception
    assert infos(at) and "looks after this Harbour" in infos(at)[0]
    assert admin.username not in shown(at) and not at.toggle and not at.button and not at.text_input


# -- your account ---------------------------------------------------------------------
def _change_password(at: AppTest, current: str, new: str, again: str | None = None) -> AppTest:
    boxes = {t.label: t for t in at.text_input}
    boxes["Current password"].input(current)
    boxes["New password"].input(new)
    boxes["New password again"].input(new if again is None else again)
    at.button(key="FormSubmitter:change_password-Change password").click().run()
    return at


def test_changing_the_password_ends_the_other_sessions_only(app, db, make_user):
    kit = make_user("**Kit**")
    here, there = sign_in(app(), "**Kit**"), sign_in(app(), "**Kit**")
    open_page(here, ACCOUNT_PAGE)
    assert "**Kit**" in texts(here)  # the name as plain text
    _change_password(here, PASSWORD, NEW_PASSWORD)
    assert not errors(here)
    assert any("Password changed" in s.value for s in here.success)
    assert title(here) == ["Your account"]
    there.run()
    assert (title(there), infos(there)) == (["Harbour"], [accounts.SIGNED_OUT_ELSEWHERE])
    assert accounts.sign_in(db, "**kit**", NEW_PASSWORD) == User(kit.id, kit.username, kit.is_admin)


def test_a_wrong_current_password_changes_nothing(app, db, make_user):
    make_user("kit")
    here, there = sign_in(app(), "kit"), sign_in(app(), "kit")
    _change_password(open_page(here, ACCOUNT_PAGE), "not my password", NEW_PASSWORD)
    assert errors(here) == [accounts.WRONG_PASSWORD]
    there.run()
    assert title(there) == ["Write"]
    assert accounts.sign_in(db, "kit", PASSWORD).username == "kit"


def test_mismatched_new_passwords_change_nothing(app, db, make_user):
    make_user("kit")
    at = _change_password(open_page(sign_in(app(), "kit"), ACCOUNT_PAGE), PASSWORD, NEW_PASSWORD, "something else")
    assert "don't match" in errors(at)[0]
    assert accounts.sign_in(db, "kit", PASSWORD).username == "kit"


def test_sign_out_everywhere_ends_every_session(app, db, make_user):
    kit = make_user("kit")
    here, there = sign_in(app(), "kit"), sign_in(app(), "kit")
    open_page(here, ACCOUNT_PAGE)
    [button] = [b for b in here.main.button if b.label == "Sign out everywhere"]
    button.click().run()
    assert title(here) == ["Harbour"]
    assert any("signed out everywhere" in s.value for s in here.success)
    there.run()
    assert (title(there), infos(there)) == (["Harbour"], [accounts.SIGNED_OUT_ELSEWHERE])
    assert [open_ for _, open_ in _sessions(db, kit)] == [False, False]
