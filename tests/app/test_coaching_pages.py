"""Coaching through the real app: a mentee and a coach, each in their own browser session, on one database.

What the coach's page sends to the browser is searched (every element, every table and chart's data) for the
mentee's words, so "the coach sees nothing else" is checked on the bytes, not on what a test happens to look at.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from streamlit.testing.v1 import AppTest

from journal import accounts
from journal.accounts import User
from journal.clock import utcnow
from journal.content.library import Library
from journal.reflect import entries
from journal.reflect.entries import EntryInput
from journal.store import Database
from journal.together import coaching
from journal.ui import coaching as coaching_ui
from journal.ui import nav
from tests.app.conftest import markdown, sign_in, texts
from tests.app.test_access_matrix import _sent
from tests.factories import PASSWORD, TODAY

pytestmark = pytest.mark.usefixtures("fixed_clock")  # the app in-process reads TODAY from the held clock

MENTEE_PAGE, COACH_PAGE, JOURNAL = nav.COACHING.file, nav.COACHING_OTHERS.file, nav.JOURNAL.file


@dataclass
class Pair:
    mentee: AppTest
    coach: AppTest
    mentee_user: User
    coach_user: User
    coaching_id: str
    token: str
    shared_id: str
    private_id: str

    def words(self, kind: str) -> bytes:
        return f"{kind}-{self.token}".encode()


def _page(at: AppTest, page: str) -> AppTest:
    at.switch_page(page).run()
    assert not at.exception, at.exception
    return at


def _accept(coach: AppTest, code: str) -> AppTest:
    coach.text_input[0].input(code)
    coach.button(key="FormSubmitter:coaching_others.accept-Accept the invitation").click().run()
    assert not coach.exception, coach.exception
    return coach


@pytest.fixture
def pair(app, db: Database, lib: Library, make_user: Callable[..., User]) -> Pair:
    """Robin invites Kit through the pages; Robin's journal has an entry to share and one to keep."""
    robin, kit = make_user("Robin"), make_user("Kit")
    token = uuid.uuid4().hex
    shared_id, private_id = str(uuid.uuid4()), str(uuid.uuid4())
    entries.save_new(db, robin.id, shared_id, EntryInput("free", {"text": f"shared-{token}"}, mood=2, energy=4), lib)
    entries.save_new(db, robin.id, private_id, EntryInput(
        "free", {"text": f"private-{token}"}, mood=5, energy=1, tags=[f"tag-{token}"], is_win=True), lib)  # fmt: skip
    mentee = _page(sign_in(app(), "Robin"), MENTEE_PAGE)
    mentee.button[0].click().run()
    [code] = [c.value for c in mentee.code]
    coach = _accept(_page(sign_in(app(), "Kit"), COACH_PAGE), code)
    [started] = coaching.mentees(db, kit.id)
    mentee.run()
    return Pair(mentee, coach, robin, kit, started.id, token, shared_id, private_id)


def _turn_on(p: Pair, scope: str, password: str = PASSWORD) -> AppTest:
    _page(p.mentee, MENTEE_PAGE)
    p.mentee.toggle(key=f"coaching.{p.coaching_id}.{scope}").set_value(True).run()
    assert p.mentee.toggle(key=f"coaching.{p.coaching_id}.{scope}").value is False  # not until the password
    return _confirm(p.mentee, f"coaching.{p.coaching_id}.confirm", password)


def _confirm(at: AppTest, form: str, password: str, button: str = "Share") -> AppTest:
    [box] = [t for t in at.text_input if t.label == "Your password"]
    box.input(password)
    at.button(key=f"FormSubmitter:{form}-{button}").click().run()
    assert not at.exception, at.exception
    return at


def _share_from_journal(p: Pair, entry_id: str, button: str = "Share") -> AppTest:
    at = p.mentee
    at.session_state["journal.open"] = entry_id
    _page(at, JOURNAL)
    at.toggle(key=f"coaching.entry.{p.coaching_id}.{entry_id}").set_value(True).run()
    return _confirm(at, f"coaching.{p.coaching_id}.confirm_entry", PASSWORD, button)


def _leaks(p: Pair, at: AppTest) -> set[str]:
    sent = _sent(at)
    needles = {"private words": p.words("private"), "tag": p.words("tag"), "private id": p.private_id.encode()}
    return {name for name, needle in needles.items() if needle in sent}


def test_the_coach_sees_exactly_what_is_shared_and_nothing_once_it_is_revoked(pair: Pair, db: Database) -> None:
    p = pair
    assert "Robin" in texts(p.coach)
    assert [i.value for i in p.coach.info] == [coaching_ui.NOTHING_SHARED]
    assert not p.coach.get("vega_lite_chart")
    assert not _leaks(p, p.coach) and p.words("shared") not in _sent(p.coach)

    _turn_on(p, "share_charts")
    assert "Shared with your coach: charts of your mood and energy." in [s.value for s in p.mentee.success][0]
    assert p.mentee.toggle(key=f"coaching.{p.coaching_id}.share_charts").value is True
    _turn_on(p, "share_entries")
    _share_from_journal(p, p.shared_id)
    assert [s.value for s in p.mentee.success][0].startswith("Shared with your coach.")

    p.coach.run()
    assert [h.value for h in p.coach.header][1:4] == [
        "Mood and energy",
        "Entries shared with you",
        "Conversation record",
    ]
    assert len(p.coach.get("vega_lite_chart")) == len(coaching.CHART_PANELS)
    p.coach.button(key=f"coaching_others.open_entry.{p.shared_id}").click().run()
    assert f"shared-{p.token}" in texts(p.coach)
    assert not _leaks(p, p.coach)

    _page(p.mentee, MENTEE_PAGE)
    log = p.mentee.dataframe[0].value
    assert set(log["What"]) == {"charts", "the list of entries shared", coaching.entry_label(TODAY)}

    p.mentee.toggle(key=f"coaching.{p.coaching_id}.share_charts").set_value(False).run()
    p.mentee.toggle(key=f"coaching.{p.coaching_id}.share_entries").set_value(False).run()
    assert not p.mentee.exception and not any(t.value for t in p.mentee.toggle)

    p.coach.run()  # the coach's next click, still on the entry they had open
    assert [i.value for i in p.coach.info] == [coaching.ENTRY_NOT_SHARED]
    assert p.words("shared") not in _sent(p.coach) and not _leaks(p, p.coach)
    [back] = [b for b in p.coach.button if b.label == "Back"]
    back.click().run()
    assert [i.value for i in p.coach.info] == [coaching_ui.NOTHING_SHARED]
    assert not p.coach.get("vega_lite_chart") and p.words("shared") not in _sent(p.coach)


def test_turning_sharing_on_needs_the_right_password_and_cancel_changes_nothing(pair: Pair, db: Database) -> None:
    p = pair
    _turn_on(p, "share_wins", "not my password at all")
    assert [e.value for e in p.mentee.error] == [accounts.WRONG_PASSWORD]
    assert coaching.mentee(db, p.coach_user.id, p.coaching_id).scope.wins is False
    p.mentee.button(key=f"FormSubmitter:coaching.{p.coaching_id}.confirm-Cancel").click().run()
    assert not [t for t in p.mentee.text_input if t.label == "Your password"]
    assert coaching.mentee(db, p.coach_user.id, p.coaching_id).scope.wins is False
    p.coach.run()
    assert [i.value for i in p.coach.info] == [coaching_ui.NOTHING_SHARED]


def test_an_entry_that_may_identify_someone_shows_why_before_it_is_shared(pair: Pair, db: Database, lib) -> None:
    p = pair
    _turn_on(p, "share_entries")
    entries.save_new(db, p.mentee_user.id, "bed", EntryInput("free", {"text": "Bed 12 again"}), lib)
    p.mentee.session_state["journal.open"] = "bed"
    _page(p.mentee, JOURNAL)
    p.mentee.toggle(key=f"coaching.entry.{p.coaching_id}.bed").set_value(True).run()
    assert p.mentee.warning[0].value.startswith("Before you share: some of this may identify a patient")
    assert "Bed, bay or room: Bed 12" in texts(p.mentee)
    assert coaching.shared_by_me(db, p.mentee_user.id, p.coaching_id) == []
    _confirm(p.mentee, f"coaching.{p.coaching_id}.confirm_entry", PASSWORD, "Share it anyway")
    assert [s.id for s in coaching.shared_by_me(db, p.mentee_user.id, p.coaching_id)] == ["bed"]


def test_the_journal_offers_sharing_only_with_a_coach_taking_entries(pair: Pair) -> None:
    p = pair
    p.mentee.session_state["journal.open"] = p.shared_id
    _page(p.mentee, JOURNAL)
    assert "**Share with my coach**" not in markdown(p.mentee) and not p.mentee.toggle
    _turn_on(p, "share_entries")
    _page(p.mentee, JOURNAL)
    assert "**Share with my coach**" in markdown(p.mentee) and "Kit" in texts(p.mentee)


@pytest.mark.parametrize("case", ["revoked", "never shared", "made up"])
def test_a_coach_asking_for_an_entry_by_id_gets_one_refusal_whatever_the_reason(pair: Pair, db, case: str) -> None:
    p = pair
    _turn_on(p, "share_entries")
    _share_from_journal(p, p.shared_id)
    asked = {"revoked": p.shared_id, "never shared": p.private_id, "made up": str(uuid.uuid4())}[case]
    if case == "revoked":
        coaching.stop_sharing_entry(db, p.mentee_user.id, p.coaching_id, p.shared_id)
    p.coach.session_state["coaching_others.entry"] = asked
    p.coach.run()
    assert not p.coach.exception
    assert [i.value for i in p.coach.info] == [coaching.ENTRY_NOT_SHARED]
    assert p.words("shared") not in _sent(p.coach) and not _leaks(p, p.coach)


@pytest.mark.parametrize("case", ["guessed", "used", "expired", "garbled"])
def test_codes_that_cant_be_used_get_one_clear_message(app, db: Database, make_user, case: str) -> None:
    mentee, first = make_user("Robin"), make_user("Kit")
    make_user("Sol")
    when = utcnow() - coaching.INVITE_LIFE if case == "expired" else None
    code = coaching.make_invite(db, mentee.id, now=when).code
    if case == "used":
        coaching.accept_invite(db, first.id, code)
    code = {"guessed": "COACH-7K2M-Q9XD-4HTB", "garbled": "COACH-????"}.get(case, code)
    at = _accept(_page(sign_in(app(), "Sol"), COACH_PAGE), code)
    assert [e.value for e in at.error] == [coaching.CODE_INVALID]
    assert "Robin" not in texts(at)


def test_the_mentee_cant_accept_their_own_code(pair: Pair, db: Database) -> None:
    p = pair
    own = coaching.make_invite(db, p.mentee_user.id).code
    _accept(_page(p.mentee, COACH_PAGE), own)
    assert [e.value for e in p.mentee.error] == [coaching.OWN_CODE]


def test_once_the_mentee_ends_it_the_coach_sees_nothing_and_the_mentee_keeps_the_record(pair: Pair) -> None:
    p = pair
    _turn_on(p, "share_charts")
    p.coach.text_area[0].input("Try a ten-minute walk at lunch")
    p.coach.selectbox[0].select("mentee")
    p.coach.button(key=f"FormSubmitter:coaching.{p.coaching_id}.add-Add").click().run()
    assert "Try a ten-minute walk at lunch" in texts(p.coach)

    p.mentee.run()
    assert "Try a ten-minute walk at lunch" in texts(p.mentee)
    p.mentee.button(key=f"coaching.{p.coaching_id}.ending.ask").click().run()
    p.mentee.button(key=f"coaching.{p.coaching_id}.ending.yes").click().run()
    assert "The coaching has ended." in p.mentee.info[0].value
    assert "Try a ten-minute walk at lunch" in texts(p.mentee)  # the record stays with the mentee
    assert not p.mentee.toggle

    p.coach.run()
    assert [i.value for i in p.coach.info] == [coaching.NOT_COACHING]
    assert "Robin" not in texts(p.coach) and "Try a ten-minute walk" not in texts(p.coach)
    assert not p.coach.get("vega_lite_chart")


def test_both_can_add_to_the_record_and_mark_an_action_done(pair: Pair) -> None:
    p = pair
    p.mentee.text_area[0].input("I'll ask for protected time")
    [kind] = [s for s in p.mentee.selectbox if s.label == "Kind"]
    kind.select("mentee")
    p.mentee.button(key=f"FormSubmitter:coaching.{p.coaching_id}.add-Add").click().run()
    assert not p.mentee.exception

    p.coach.run()
    assert "I'll ask for protected time" in texts(p.coach)
    assert any(c.startswith("Agreed action for the person you coach · not done yet") for c in markdown(p.coach))
    [done] = [b for b in p.coach.button if b.label == "Mark done"]
    done.click().run()

    p.mentee.run()
    assert any(c.startswith("Agreed action for you · done") for c in markdown(p.mentee))


def test_the_mentee_can_download_a_pack_for_a_period(pair: Pair) -> None:
    p = pair
    [button] = p.mentee.download_button
    assert button.label == "Download the conversation pack (PDF)"


def test_someone_coaching_two_people_sees_each_ones_shared_entry_only_under_their_name(
    app, db: Database, lib: Library, make_user: Callable[..., User]
) -> None:
    ash, bea, kit = make_user("Ash"), make_user("Bea"), make_user("Kit")
    for person in (ash, bea):
        started = coaching.accept_invite(db, kit.id, coaching.make_invite(db, person.id).code)
        coaching.share(db, person.id, started.id, "share_entries", PASSWORD)
        entries.save_new(
            db,
            person.id,
            f"{person.username}-entry",
            EntryInput("free", {"text": f"{person.username} wrote this"}),
            lib,
        )
        coaching.share_entry(db, person.id, started.id, f"{person.username}-entry", PASSWORD)
    at = _page(sign_in(app(), "Kit"), COACH_PAGE)
    assert {"Ash", "Bea"} <= set(texts(at)) and not at.get("vega_lite_chart")
    assert b"wrote this" not in _sent(at)  # the list of people shows names only
    [ash_open] = [b for b in at.button if b.label == "Open" and b.key.endswith(coaching.mentees(db, kit.id)[0].id)]
    ash_open.click().run()
    at.button(key="coaching_others.open_entry.Ash-entry").click().run()
    assert "Ash wrote this" in texts(at) and "Bea" not in texts(at) and b"Bea wrote this" not in _sent(at)
    at.session_state["coaching_others.entry"] = "Bea-entry"  # Bea's entry, asked for under Ash
    at.run()
    assert [i.value for i in at.info] == [coaching.ENTRY_NOT_SHARED] and b"Bea wrote this" not in _sent(at)
