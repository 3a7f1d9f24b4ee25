"""Welcome page: first run creates an account, later runs sign in, and each person sees only their own journal."""

from __future__ import annotations

from journal import accounts
from journal.ui import nav
from tests.app.conftest import create_inputs, markdown, sign_in, sign_up, texts
from tests.factories import PASSWORD


def test_first_run_offers_create_your_account(app):
    at = app()
    at.run()
    assert not at.exception
    assert [s.value for s in at.subheader] == ["Create your account"]
    assert not [t for t in at.tabs]


def test_creating_the_first_account_signs_in_and_opens_write(app, db):
    at = sign_up(app(), "Sam")
    assert not at.exception
    assert [t.value for t in at.title] == ["Write"]
    assert "Sam" in texts(at)  # the sidebar names who is signed in, as plain text
    assert accounts.sign_in(db, "sam", PASSWORD).is_admin


def test_later_runs_show_sign_in_first(app, make_user):
    make_user("existing")
    at = app()
    at.run()
    assert [t.label for t in at.tabs] == ["Sign in", "Create an account"]


def test_wrong_password_is_refused_kindly_and_stays_signed_out(app, make_user):
    make_user("kit")
    at = sign_in(app(), "kit", "not the right password")
    assert [e.value for e in at.error] == [accounts.SIGN_IN_FAILED]
    assert [t.value for t in at.title] == ["Harbour"]


def test_unknown_name_gets_the_same_message_as_a_wrong_password(app, make_user):
    make_user("kit")
    at = sign_in(app(), "nobody-here", "not the right password")
    assert [e.value for e in at.error] == [accounts.SIGN_IN_FAILED]


def test_mismatched_passwords_create_nothing(app, db):
    at = app()
    at.run()
    at.text_input[0].input("Ola")
    at.text_input[1].input(PASSWORD)
    at.text_input[2].input(PASSWORD + "x")
    at.button(key="FormSubmitter:create-Create account").click().run()
    assert "don't match" in at.error[0].value
    assert not accounts.has_accounts(db)


def test_short_password_is_refused_with_a_reason(app, db):
    at = app()
    at.run()
    at.text_input[0].input("Ola")
    at.text_input[1].input("short")
    at.text_input[2].input("short")
    at.button(key="FormSubmitter:create-Create account").click().run()
    assert "at least 12 characters" in at.error[0].value
    assert not accounts.has_accounts(db)


def test_duplicate_name_in_another_case_is_refused(app, make_user):
    make_user("Robin")
    at = app()
    at.run()
    create = create_inputs(at)
    create[0].input("ROBIN")
    create[1].input(PASSWORD)
    create[2].input(PASSWORD)
    at.button(key="FormSubmitter:create-Create account").click().run()
    assert "already taken" in at.error[0].value


def test_sign_out_returns_to_welcome_and_forgets_the_person(app):
    at = sign_up(app(), "Sam")
    at.sidebar.button[0].click().run()
    assert [t.value for t in at.title] == ["Harbour"]
    assert "harbour.user" not in at.session_state


def test_signup_can_be_switched_off(app, make_user, monkeypatch):
    make_user("admin")
    monkeypatch.setenv("HARBOUR_ALLOW_SIGNUP", "false")
    at = app()
    at.run()
    assert any("administrator" in m.value for m in at.info)
    assert not [b for b in at.button if b.label == "Create account"]


def test_a_second_person_sees_none_of_the_first_persons_entries(app, db, make_user, lib):
    from journal.reflect import entries

    first = make_user("first")
    entries.save_new(db, first.id, "e-first", entries.EntryInput("free", {"text": "only mine"}), lib)
    make_user("second")
    at = sign_in(app(), "second")
    at.switch_page(nav.JOURNAL.file).run()
    assert not at.exception
    assert "only mine" not in " ".join(texts(at) + markdown(at))
    assert any("appear here" in i.value for i in at.info)


def test_a_common_password_is_refused_on_the_welcome_page_and_nothing_is_created(app, db):
    at = app()
    at.run()
    boxes = create_inputs(at)
    boxes[0].input("Ola")
    boxes[1].input("Password2024!")
    boxes[2].input("Password2024!")
    at.button(key="FormSubmitter:create-Create account").click().run()
    assert [e.value for e in at.error] == [accounts.PASSWORD_COMMON]
    assert not accounts.has_accounts(db)


def test_signing_in_starts_a_session_on_the_server_and_signing_out_ends_it(app, db, make_user):
    kit = make_user("kit")
    at = sign_in(app(), "kit")
    session_id = at.session_state["harbour.session"]
    assert accounts.open_sessions(db, kit.id) == [accounts.session_key(session_id)]
    at.sidebar.button[0].click().run()
    assert accounts.open_sessions(db, kit.id) == []
    assert "harbour.session" not in at.session_state


def test_a_person_in_session_state_without_a_server_side_session_is_not_signed_in(app, make_user):
    at = app()
    at.session_state["harbour.user"] = make_user("kit")  # no session row behind it
    at.run()
    assert [t.value for t in at.title] == ["Harbour"]
    assert "harbour.user" not in at.session_state


def test_exploring_the_demo_uses_its_own_database_and_leaves_the_real_one_untouched(app, db) -> None:
    from journal.store import users as users_repo
    from tests.snapshots import every_row

    before = every_row(db)
    at = app().run()
    next(b for b in at.button if b.label == "Explore the demo").click().run()
    assert not at.exception
    assert at.session_state["harbour.user"].username == "demo"
    assert any(i.value.startswith("You're exploring an example journal") for i in at.info)
    assert [t.value for t in at.title] == ["Write"]
    assert every_row(db) == before  # not one row in the real database: no demo account, no session
    assert users_repo.find_by_key(db, "demo") is None

    next(b for b in at.sidebar.button if b.label == "Leave the demo").click().run()
    assert "harbour.user" not in at.session_state
    assert any(b.label == "Explore the demo" for b in at.button)


def test_the_demo_can_be_switched_off(app, monkeypatch) -> None:
    monkeypatch.setenv("HARBOUR_DEMO", "false")
    at = app().run()
    assert not any(b.label == "Explore the demo" for b in at.button)


def test_exploring_before_the_demo_is_made_makes_it_and_waits_for_it(app, monkeypatch) -> None:
    from journal import demo

    monkeypatch.setattr(demo, "making", demo.Making())  # as if the server hadn't begun making it
    at = app().run()
    next(b for b in at.button if b.label == "Explore the demo").click().run()
    assert not at.exception
    assert demo.making.now().state == demo.READY  # made, by its own thread, and waited for
    assert at.session_state["harbour.user"].username == "demo"
    assert [t.value for t in at.title] == ["Write"]
    assert not at.get("progress")  # the progress bar goes once the demo is ready
