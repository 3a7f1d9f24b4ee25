"""Signing out from the sidebar does what its words say (issue 12 part 5)."""

from __future__ import annotations

from datetime import datetime, timedelta

from journal import accounts
from journal.store import Database, users
from tests.app.conftest import sign_in
from tests.app.test_admin_and_sessions import infos, title


def _open(db: Database, user_id: str) -> int:
    return len(accounts.open_sessions(db, user_id))


def test_sign_out_ends_this_session_only(app, db, make_user):
    kit = make_user("kit")
    here, there = sign_in(app(), "kit"), sign_in(app(), "kit")
    [button] = [b for b in here.sidebar.button if b.label == "Sign out"]
    button.click().run()
    assert title(here) == ["Harbour"]
    assert _open(db, kit.id) == 1
    there.run()
    assert title(there) != ["Harbour"]  # the other device is still signed in


def test_sign_out_everywhere_is_in_the_sidebar_and_ends_every_session(app, db, make_user):
    kit = make_user("kit")
    here, there = sign_in(app(), "kit"), sign_in(app(), "kit")
    [button] = [b for b in here.sidebar.button if b.label == "Sign out everywhere"]
    button.click().run()
    assert title(here) == ["Harbour"]
    assert _open(db, kit.id) == 0
    there.run()
    assert (title(there), infos(there)) == (["Harbour"], [accounts.SIGNED_OUT_ELSEWHERE])


def test_the_screen_s_own_check_does_not_count_as_use(db, make_user):
    kit = make_user("kit")
    start = datetime(2026, 1, 5, 9, 0)  # a fixed clock: the limits are what is tested
    session = accounts.start_session(db, kit.id, now=start)
    later = start + accounts.idle_limit() - timedelta(seconds=1)
    accounts.resume_session(db, session, now=later, touch=False)
    assert users.find_session(db, session).last_seen_at == start
    try:
        accounts.resume_session(db, session, now=start + accounts.idle_limit(), touch=False)
    except accounts.SessionEnded as ended:
        assert str(ended) == accounts.SIGNED_OUT_IDLE
    else:
        raise AssertionError("an idle session must end")
