"""The Your data page: downloads only after the password, and erasing an account for good."""

from __future__ import annotations

from journal import accounts
from journal.content.library import library
from journal.reflect import entries
from journal.reflect.entries import EntryInput
from journal.store import users
from tests.app.conftest import sign_up_on, user_id
from tests.factories import PASSWORD

PAGE = "pages/your_data.py"
GOODBYE = "Your account and everything in it have been erased."


def on_the_page(app, name: str = "Sam"):
    return sign_up_on(app, PAGE, name)


def unlock(at, password: str):
    at.text_input(key="your_data.password").input(password)
    at.button(key="FormSubmitter:your_data.confirm-Show my downloads").click().run()
    return at


def erase(at, password: str, *, sure: bool):
    at.text_input(key="your_data.erase_password").input(password)
    if sure:
        at.checkbox(key="your_data.sure").check()
    at.button(key="FormSubmitter:your_data.erase-Erase my account").click().run()
    return at


def test_the_downloads_appear_only_after_the_password(app) -> None:
    at = on_the_page(app)
    assert len(at.download_button) == 0

    unlock(at, "not my password at all")
    assert [e.value for e in at.error] == [accounts.WRONG_PASSWORD]
    assert len(at.download_button) == 0

    unlock(at, PASSWORD)
    assert not at.error
    assert [b.label for b in at.download_button] == [
        "Everything, to restore (JSON)",
        "To read: one document (Markdown)",
        "A file per entry (zip)",
        "For a spreadsheet (CSV)",
    ]
    at.switch_page("pages/write.py").run()
    at.switch_page(PAGE).run()
    assert len(at.download_button) == 4  # once per sign-in, not on every visit


def test_erasing_needs_the_tick_and_the_password(app, db) -> None:
    at = on_the_page(app)
    uid = user_id(at)

    erase(at, PASSWORD, sure=False)
    assert "tick the box" in at.error[0].value
    erase(at, "not my password at all", sure=True)
    assert at.error[0].value == f"Nothing was erased. {accounts.WRONG_PASSWORD}"
    assert users.find_by_id(db, uid) is not None
    assert at.session_state["harbour.user"].id == uid  # still signed in


def test_erasing_removes_everything_signs_out_and_says_goodbye(app, db) -> None:
    at = on_the_page(app)
    uid = user_id(at)
    entries.save_new(db, uid, "e1", EntryInput("free", {"text": "Mine alone."}, tags=["rest"]), library())
    entries.save_draft(db, uid, "d1", EntryInput("free", {"text": "half"}))

    erase(at, PASSWORD, sure=True)

    assert not at.exception
    assert users.find_by_id(db, uid) is None and entries.drafts(db, uid) == []
    assert db.one("SELECT count(*) FROM entries WHERE user_id = ?", [uid]) == (0,)
    assert "harbour.user" not in at.session_state
    assert any(i.value.startswith(GOODBYE) for i in at.info)  # shown on the welcome page
    assert [t.label for t in at.text_input][:1] in (["Your name (to sign in with)"], ["Your name"])
