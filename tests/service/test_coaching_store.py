"""Coaching on the mentee's terms, on a real database: codes, scope, what the coach sees, the record, the log.

The mentee's journal carries unique words in every entry, so anything of theirs reaching the coach is found by
searching what a call returned for those words.
"""

from __future__ import annotations

import re
import string
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from journal import accounts
from journal.accounts import User
from journal.clock import utcnow
from journal.content.library import Library
from journal.patterns import burnout
from journal.reflect import entries
from journal.reflect.entries import EntryInput
from journal.store import Database
from journal.store.erase import erase_account
from journal.together import coaching
from journal.together.coaching import CoachingError, MayIdentify, NotCoaching, NotShared
from tests.factories import PASSWORD, TODAY
from tests.unit.test_reflective import flat, read_pdf

pytestmark = pytest.mark.usefixtures("fixed_clock")  # invites expire and entries are dated by the held clock
COACHING_TABLES = ("coach_invites", "coaching", "coach_shared_entries", "coach_access_log", "coach_notes")
INV = burnout.inventory()


@dataclass(frozen=True)
class World:
    mentee: User
    coach: User
    other: User  # a third person: never part of this coaching
    token: str  # in every one of the mentee's entries
    shared_id: str  # the entry the mentee will share
    private_id: str  # one they won't
    win_id: str  # a win, never shared as an entry
    coaching_id: str

    def words(self, kind: str) -> str:
        return f"{kind}-{self.token}"


def _save(db: Database, lib: Library, user: User, entry_id: str, text: str, **kwargs) -> None:
    entries.save_new(db, user.id, entry_id, EntryInput("free", {"text": text}, **kwargs), lib)


@pytest.fixture
def world(db: Database, lib: Library, make_user: Callable[..., User]) -> World:
    mentee, coach, other = make_user("robin"), make_user("kit"), make_user("sol")
    token = uuid.uuid4().hex
    ids = [str(uuid.uuid4()) for _ in range(3)]
    _save(db, lib, mentee, ids[0], f"shared-{token} a hard handover", mood=2, energy=2, tags=[f"tag-{token}"])
    _save(db, lib, mentee, ids[1], f"private-{token} about my manager", mood=4, energy=3, tags=["private-tag"],
          entry_date=TODAY - timedelta(days=3))  # fmt: skip
    _save(db, lib, mentee, ids[2], f"win-{token} the rota is fixed", mood=5, energy=4, is_win=True)
    burnout.save_checkin(db, mentee.id, str(uuid.uuid4()), {i.id: 75 for i in INV.scale("personal").items}, False)
    invite = coaching.make_invite(db, mentee.id)
    started = coaching.accept_invite(db, coach.id, invite.code)
    return World(mentee, coach, other, token, *ids, started.id)


def _share_all(db: Database, w: World) -> None:
    for scope in coaching.SCOPES:
        coaching.share(db, w.mentee.id, w.coaching_id, scope, PASSWORD)
    coaching.share_entry(db, w.mentee.id, w.coaching_id, w.shared_id, PASSWORD)


def _rows(db: Database) -> dict[str, list[tuple]]:
    return {t: sorted(map(repr, db.all(f"SELECT * FROM {t}"))) for t in COACHING_TABLES}


def _coach_reads(db: Database, who: str, w: World) -> dict[str, object]:
    """Everything a coach can ask for, asked by `who`; refusals are recorded as their message."""
    calls = {
        "charts": lambda: coaching.mentee_charts(db, who, w.coaching_id, None, TODAY, TODAY),
        "check-ins": lambda: coaching.mentee_checkins(db, who, w.coaching_id, None, TODAY),
        "wins": lambda: coaching.mentee_wins(db, who, w.coaching_id, None, TODAY),
        "entries": lambda: coaching.mentee_entries(db, who, w.coaching_id),
        "shared entry": lambda: coaching.mentee_entry(db, who, w.coaching_id, w.shared_id),
        "private entry": lambda: coaching.mentee_entry(db, who, w.coaching_id, w.private_id),
        "record": lambda: coaching.record(db, who, w.coaching_id),
    }
    found = {}
    for name, call in calls.items():
        try:
            found[name] = call()
        except CoachingError as exc:
            found[name] = f"{type(exc).__name__}: {exc}"
    return found


def _text(value: object) -> str:
    if hasattr(value, "to_csv"):
        return value.to_csv()
    if isinstance(value, list):
        return "\n".join(_text(v) for v in value)
    return repr(value)


# -- invitation codes ------------------------------------------------------------------------------
def test_a_code_is_long_grouped_and_stored_only_as_a_hash(db: Database, make_user) -> None:
    mentee = make_user("robin")
    invite = coaching.make_invite(db, mentee.id)
    assert re.fullmatch(r"COACH(-[0-9A-HJKMNP-TV-Z]{4}){3}", invite.code)
    assert invite.expires_at - utcnow() > timedelta(days=6, hours=23)
    canonical = invite.code.replace("-", "").removeprefix("COACH")
    stored = " ".join(map(repr, db.all("SELECT * FROM coach_invites")))
    assert canonical not in stored and invite.code not in stored
    assert len({coaching.make_invite(db, mentee.id).code for _ in range(50)}) == 50


def test_accepting_starts_coaching_with_nothing_shared(db: Database, world: World) -> None:
    [started] = coaching.mentees(db, world.coach.id)
    assert started.id == world.coaching_id and started.mentee_name == "robin" and started.coach_name == "kit"
    assert started.scope == coaching.Scope(False, False, False, False)
    assert [c.id for c in coaching.coaches(db, world.mentee.id)] == [world.coaching_id]
    assert coaching.open_invites(db, world.mentee.id) == []  # used


@given(st.sampled_from(["lower", "spaces", "no dashes", "O for 0", "l for 1"]))
def test_a_code_typed_loosely_is_still_read(how: str) -> None:
    shown, canonical = coaching._new_code()
    typed = {
        "lower": shown.lower(),
        "spaces": " " + shown.replace("-", " ") + " ",
        "no dashes": shown.replace("-", ""),
        "O for 0": shown.replace("0", "O"),
        "l for 1": shown.replace("1", "l"),
    }[how]
    assert coaching.canonical_code(typed) == canonical


@given(st.text(alphabet=string.printable + "ÖÜ€", max_size=40))
def test_anything_that_is_not_a_code_is_read_as_none_or_twelve_code_characters(typed: str) -> None:
    found = coaching.canonical_code(typed)
    assert found is None or (len(found) == 12 and set(found) <= set(coaching.CODE_ALPHABET))


@pytest.mark.parametrize("case", ["used", "expired", "guessed", "not a code", "withdrawn"])
def test_codes_that_cant_be_used_are_refused_alike_and_change_nothing(
    db: Database, make_user: Callable[..., User], case: str
) -> None:
    mentee, first, second = make_user("robin"), make_user("kit"), make_user("sol")
    now = utcnow()
    invite = coaching.make_invite(db, mentee.id, now=now - (timedelta(days=7, seconds=1) if case == "expired" else
                                                            timedelta(0)))  # fmt: skip
    code = invite.code
    if case == "used":
        coaching.accept_invite(db, first.id, code)
    elif case == "guessed":
        code = coaching._new_code()[0]
    elif case == "not a code":
        code = "let me in"
    elif case == "withdrawn":
        assert coaching.withdraw_invites(db, mentee.id) == 1
    before = _rows(db)
    with pytest.raises(CoachingError) as refused:
        coaching.accept_invite(db, second.id, code, now=now)
    assert (
        str(refused.value)
        == coaching.CODE_INVALID
        == ("That code isn't valid: it may have expired or been used. Ask for a new one.")
    )
    assert _rows(db) == before
    assert coaching.mentees(db, second.id) == []


def test_a_mentee_cant_accept_their_own_code_and_it_still_works_for_someone_else(db: Database, make_user) -> None:
    mentee, coach = make_user("robin"), make_user("kit")
    invite = coaching.make_invite(db, mentee.id)
    with pytest.raises(CoachingError, match="your own invitation code"):
        coaching.accept_invite(db, mentee.id, invite.code)
    assert coaching.coaches(db, mentee.id) == []
    assert coaching.accept_invite(db, coach.id, invite.code).mentee_name == "robin"


def test_a_second_code_between_the_same_two_people_is_refused_kindly_and_left_unused(db: Database, world) -> None:
    again = coaching.make_invite(db, world.mentee.id)
    with pytest.raises(CoachingError) as refused:
        coaching.accept_invite(db, world.coach.id, again.code)
    assert str(refused.value) == coaching.ALREADY_COACHING
    assert len(coaching.open_invites(db, world.mentee.id)) == 1
    assert len(coaching.coaches(db, world.mentee.id)) == 1
    # Once that coaching has ended, the same two people may start again.
    coaching.end(db, world.mentee.id, world.coaching_id)
    assert coaching.accept_invite(db, world.coach.id, again.code).id != world.coaching_id


def test_wrong_codes_are_slowed_down_per_account_and_a_right_one_clears_the_count(db: Database, make_user) -> None:
    mentee, coach, bystander = make_user("robin"), make_user("kit"), make_user("sol")
    invite = coaching.make_invite(db, mentee.id)
    now = utcnow()
    for _ in range(accounts.FREE_TRIES):
        with pytest.raises(CoachingError, match="isn't valid"):
            coaching.accept_invite(db, coach.id, coaching._new_code()[0], now=now)
    with pytest.raises(CoachingError, match="Please wait a moment"):
        coaching.accept_invite(db, coach.id, invite.code, now=now)  # even the right code waits
    assert coaching.mentees(db, coach.id) == []
    with pytest.raises(CoachingError, match="isn't valid"):  # someone else's tries are their own
        coaching.accept_invite(db, bystander.id, "COACH-0000-0000-0000", now=now)
    assert coaching.accept_invite(db, coach.id, invite.code, now=now + timedelta(seconds=2)).mentee_name == "robin"
    with pytest.raises(CoachingError, match="isn't valid"):  # cleared: a fresh run of free tries
        coaching.accept_invite(db, coach.id, "COACH-0000-0000-0000", now=now + timedelta(seconds=2))


def test_one_person_can_coach_several_and_be_coached_by_several(db: Database, make_user) -> None:
    a, b, c = make_user("ash"), make_user("bea"), make_user("cal")
    coaching.accept_invite(db, c.id, coaching.make_invite(db, a.id).code)
    coaching.accept_invite(db, c.id, coaching.make_invite(db, b.id).code)
    coaching.accept_invite(db, b.id, coaching.make_invite(db, a.id).code)
    assert sorted(m.mentee_name for m in coaching.mentees(db, c.id)) == ["ash", "bea"]
    assert sorted(k.coach_name for k in coaching.coaches(db, a.id)) == ["bea", "cal"]
    assert [m.mentee_name for m in coaching.mentees(db, b.id)] == ["ash"]


# -- scope --------------------------------------------------------------------------------------
def test_with_nothing_shared_the_coach_gets_nothing_and_nothing_is_logged(db: Database, world: World) -> None:
    found = _coach_reads(db, world.coach.id, world)
    assert found["charts"] is None and found["check-ins"] is None and found["wins"] is None
    assert found["entries"] is None
    assert found["shared entry"] == found["private entry"] == f"NotShared: {coaching.ENTRY_NOT_SHARED}"
    assert found["record"] == []
    assert world.token not in _text(list(found.values()))
    assert coaching.access_log(db, world.mentee.id) == []


def test_turning_sharing_on_needs_the_password_and_off_does_not(db: Database, world: World) -> None:
    with pytest.raises(accounts.AccountError, match="isn't your current password"):
        coaching.share(db, world.mentee.id, world.coaching_id, "share_charts", "not my password at all")
    assert coaching.mentee(db, world.coach.id, world.coaching_id).scope.charts is False
    coaching.share(db, world.mentee.id, world.coaching_id, "share_charts", PASSWORD)
    assert coaching.mentee(db, world.coach.id, world.coaching_id).scope.charts is True
    assert coaching.stop_sharing(db, world.mentee.id, world.coaching_id, "share_charts") is True
    assert coaching.mentee(db, world.coach.id, world.coaching_id).scope.charts is False
    with pytest.raises(CoachingError, match="isn't something Harbour can share"):
        coaching.share(db, world.mentee.id, world.coaching_id, "share_everything", PASSWORD)


def test_the_coach_sees_exactly_the_scope_and_each_look_is_logged(db: Database, world: World) -> None:
    _share_all(db, world)
    found = _coach_reads(db, world.coach.id, world)
    assert [p.title for p in found["charts"]] == list(coaching.CHART_PANELS)
    assert list(found["check-ins"].columns) == ["Date", "Personal burnout"]
    assert [w.id for w in found["wins"]] == [world.win_id]
    assert [s.id for s in found["entries"]] == [world.shared_id]
    assert found["shared entry"].body.startswith(world.words("shared"))
    assert found["private entry"] == f"NotShared: {coaching.ENTRY_NOT_SHARED}"
    seen = _text(list(found.values()))
    assert world.words("private") not in seen and "private-tag" not in seen and world.private_id not in seen
    assert {look.what for look in coaching.access_log(db, world.mentee.id)} == {
        "charts", "check-ins", "wins", "the list of entries shared", coaching.entry_label(TODAY),
    }  # fmt: skip


def test_charts_hold_scores_only_never_tags_themes_or_the_tone_of_writing(db: Database, world: World) -> None:
    coaching.share(db, world.mentee.id, world.coaching_id, "share_charts", PASSWORD)
    panels = coaching.mentee_charts(db, world.coach.id, world.coaching_id, None, TODAY, TODAY)
    shown = _text([p.spec for p in panels]) + _text([p.table for p in panels])
    assert world.token not in shown and "private-tag" not in shown
    assert "polarity" not in shown and "Tone" not in shown


def test_looks_at_the_same_thing_close_together_are_one_line_in_the_log(db: Database, world: World) -> None:
    coaching.share(db, world.mentee.id, world.coaching_id, "share_wins", PASSWORD)
    for _ in range(3):
        coaching.mentee_wins(db, world.coach.id, world.coaching_id, None, TODAY)
    [look] = coaching.access_log(db, world.mentee.id, world.coaching_id)
    assert look.what == "wins" and look.coaching_id == world.coaching_id


# -- entries ------------------------------------------------------------------------------------
def test_an_entry_can_be_shared_only_once_entries_are_on(db: Database, world: World) -> None:
    with pytest.raises(CoachingError, match="Turn on sharing entries"):
        coaching.share_entry(db, world.mentee.id, world.coaching_id, world.shared_id, PASSWORD)
    assert coaching.entry_coaches(db, world.mentee.id, world.shared_id) == []
    coaching.share(db, world.mentee.id, world.coaching_id, "share_entries", PASSWORD)
    [(offered, shared)] = coaching.entry_coaches(db, world.mentee.id, world.shared_id)
    assert offered.id == world.coaching_id and shared is False
    coaching.share_entry(db, world.mentee.id, world.coaching_id, world.shared_id, PASSWORD)
    assert coaching.entry_coaches(db, world.mentee.id, world.shared_id)[0][1] is True
    assert [s.id for s in coaching.shared_by_me(db, world.mentee.id, world.coaching_id)] == [world.shared_id]
    assert coaching.entry_coaches(db, world.other.id, world.shared_id) == []  # not their entry


def test_sharing_words_that_may_identify_someone_waits_until_the_person_has_seen_them(db, lib, world) -> None:
    coaching.share(db, world.mentee.id, world.coaching_id, "share_entries", PASSWORD)
    _save(db, lib, world.mentee, "bed", "Bed 12 was hard, NHS number 943 476 5919")
    with pytest.raises(MayIdentify) as warned:
        coaching.share_entry(db, world.mentee.id, world.coaching_id, "bed", PASSWORD)
    assert {f.kind for f in warned.value.findings} == {"Bed, bay or room", "NHS number"}
    assert coaching.shared_by_me(db, world.mentee.id, world.coaching_id) == []
    coaching.share_entry(db, world.mentee.id, world.coaching_id, "bed", PASSWORD, despite_findings=True)
    assert [s.id for s in coaching.shared_by_me(db, world.mentee.id, world.coaching_id)] == ["bed"]


@pytest.mark.parametrize("revoke", ["unshare the entry", "turn entries off", "end, by the mentee", "end, by the coach",
                                    "trash the entry"])  # fmt: skip
def test_after_revoking_the_coach_asking_by_id_gets_the_refusal_for_an_id_that_never_existed(
    db: Database, world: World, revoke: str
) -> None:
    _share_all(db, world)
    m, k = world.mentee.id, world.coach.id
    assert coaching.mentee_entry(db, k, world.coaching_id, world.shared_id).id == world.shared_id
    {
        "unshare the entry": lambda: coaching.stop_sharing_entry(db, m, world.coaching_id, world.shared_id),
        "turn entries off": lambda: coaching.stop_sharing(db, world.mentee.id, world.coaching_id, "share_entries"),
        "end, by the mentee": lambda: coaching.end(db, world.mentee.id, world.coaching_id),
        "end, by the coach": lambda: coaching.end(db, world.coach.id, world.coaching_id),
        "trash the entry": lambda: entries.trash(db, world.mentee.id, world.shared_id),
    }[revoke]()  # fmt: skip

    def refusal(entry_id: str) -> str:
        with pytest.raises(NotShared) as refused:
            coaching.mentee_entry(db, world.coach.id, world.coaching_id, entry_id)
        return str(refused.value)

    assert refusal(world.shared_id) == refusal(str(uuid.uuid4())) == refusal(world.private_id)
    assert refusal(world.shared_id) == coaching.ENTRY_NOT_SHARED
    listed = _coach_reads(db, world.coach.id, world)["entries"]
    assert listed in (None, [], f"NotCoaching: {coaching.NOT_COACHING}")


def test_turning_entries_off_and_on_again_shares_nothing_until_chosen_again(db: Database, world: World) -> None:
    _share_all(db, world)
    coaching.stop_sharing(db, world.mentee.id, world.coaching_id, "share_entries")
    coaching.share(db, world.mentee.id, world.coaching_id, "share_entries", PASSWORD)
    assert coaching.mentee_entries(db, world.coach.id, world.coaching_id) == []


# -- ending -------------------------------------------------------------------------------------
def test_after_ending_the_coach_sees_nothing_and_the_mentee_keeps_the_record(db: Database, world: World) -> None:
    _share_all(db, world)
    coaching.add_note(db, world.coach.id, world.coaching_id, "Try a short walk", action_owner="mentee")
    assert coaching.end(db, world.mentee.id, world.coaching_id) is True
    assert coaching.end(db, world.mentee.id, world.coaching_id) is False  # already ended
    found = _coach_reads(db, world.coach.id, world)
    assert found["shared entry"] == f"NotShared: {coaching.ENTRY_NOT_SHARED}"
    assert {v for k, v in found.items() if "entry" not in k} == {f"NotCoaching: {coaching.NOT_COACHING}"}
    assert coaching.mentees(db, world.coach.id) == []
    with pytest.raises(NotCoaching):
        coaching.mentee(db, world.coach.id, world.coaching_id)
    [note] = coaching.record(db, world.mentee.id, world.coaching_id)
    assert note.text == "Try a short walk" and note.by == "coach"
    [ended] = coaching.coaches(db, world.mentee.id)
    assert not ended.live
    with pytest.raises(NotCoaching):  # the record is kept, not added to
        coaching.add_note(db, world.mentee.id, world.coaching_id, "One more thing")
    with pytest.raises(NotCoaching):
        coaching.share(db, world.mentee.id, world.coaching_id, "share_charts", PASSWORD)


# -- the conversation record ------------------------------------------------------------------------
def test_both_can_add_notes_and_actions_and_mark_them_done(db: Database, world: World) -> None:
    note = coaching.add_note(db, world.mentee.id, world.coaching_id, "  Talked about the rota.  ")
    action = coaching.add_note(db, world.coach.id, world.coaching_id, "Ask for protected time",
                               action_owner="mentee", due=TODAY + timedelta(days=7))  # fmt: skip
    assert (note.kind, note.text, note.by) == ("note", "Talked about the rota.", "mentee")
    assert (action.kind, action.action_owner, action.by) == ("action", "mentee", "coach")
    assert coaching.mark_done(db, world.mentee.id, world.coaching_id, action.id) is True
    assert coaching.mark_done(db, world.mentee.id, world.coaching_id, note.id) is False  # a note isn't an action
    mine, theirs = (
        coaching.record(db, world.mentee.id, world.coaching_id),
        coaching.record(db, world.coach.id, world.coaching_id),
    )
    assert mine == theirs and [n.id for n in mine] == [note.id, action.id]
    assert mine[1].done_at is not None
    assert coaching.mark_done(db, world.coach.id, world.coaching_id, action.id, done=False) is True
    assert coaching.record(db, world.coach.id, world.coaching_id)[1].done_at is None


@pytest.mark.parametrize(
    ("text", "owner", "due", "message"),
    [
        ("", None, None, "Please write a few words first."),
        ("   \x00 ", None, None, "Please write a few words first."),
        ("x" * 2_001, None, None, "up to 2,000 characters; this one is 2,001"),
        ("Do it", "someone", None, "for the mentee or the coach"),
        ("Do it", None, TODAY, "A due date goes with an agreed action"),
    ],
)
def test_bad_notes_are_refused_clearly_and_add_nothing(db: Database, world: World, text, owner, due, message) -> None:
    with pytest.raises(CoachingError, match=re.escape(message)):
        coaching.add_note(db, world.coach.id, world.coaching_id, text, action_owner=owner, due=due)
    assert coaching.record(db, world.mentee.id, world.coaching_id) == []
    assert len(coaching.add_note(db, world.coach.id, world.coaching_id, "y" * 2_000).text) == 2_000


# -- someone else entirely ----------------------------------------------------------------------------
def test_a_third_person_holding_the_coaching_id_gets_nothing_and_changes_nothing(db: Database, world: World) -> None:
    _share_all(db, world)
    note = coaching.add_note(db, world.mentee.id, world.coaching_id, "Ours alone", action_owner="coach")
    before = _rows(db)
    found = _coach_reads(db, world.other.id, world)
    assert world.token not in _text(list(found.values())) and "Ours alone" not in _text(list(found.values()))
    assert {v for k, v in found.items() if "entry" not in k} == {f"NotCoaching: {coaching.NOT_COACHING}"}
    for attempt in (
        lambda: coaching.add_note(db, world.other.id, world.coaching_id, "Sneaky"),
        lambda: coaching.mark_done(db, world.other.id, world.coaching_id, note.id),
        lambda: coaching.share(db, world.other.id, world.coaching_id, "share_charts", PASSWORD),
        lambda: coaching.share_entry(db, world.other.id, world.coaching_id, world.private_id, PASSWORD),
        lambda: coaching.conversation_pack(db, world.other.id, world.coaching_id, TODAY, TODAY, None),
    ):
        with pytest.raises(CoachingError):
            attempt()
    assert coaching.stop_sharing(db, world.other.id, world.coaching_id, "share_charts") is False
    assert coaching.stop_sharing_entry(db, world.other.id, world.coaching_id, world.shared_id) is False
    assert coaching.end(db, world.other.id, world.coaching_id) is False
    assert coaching.access_log(db, world.other.id) == []
    assert coaching.shared_by_me(db, world.other.id, world.coaching_id) == []
    assert coaching.withdraw_invites(db, world.other.id) == 0
    assert _rows(db) == before


def test_the_coach_cant_act_as_the_mentee(db: Database, world: World) -> None:
    with pytest.raises(NotCoaching):
        coaching.share(db, world.coach.id, world.coaching_id, "share_charts", PASSWORD)
    assert coaching.stop_sharing(db, world.coach.id, world.coaching_id, "share_charts") is False
    assert coaching.access_log(db, world.coach.id) == []
    assert coaching.mentee(db, world.coach.id, world.coaching_id).scope.charts is False


# -- erasure, and the conversation pack ---------------------------------------------------------------
@pytest.mark.parametrize("erased", ["mentee", "coach"])
def test_erasing_either_account_erases_the_coaching_rows(db: Database, world: World, erased: str) -> None:
    _share_all(db, world)
    coaching.add_note(db, world.coach.id, world.coaching_id, "A note")
    coaching.mentee_entries(db, world.coach.id, world.coaching_id)
    coaching.make_invite(db, world.mentee.id)
    assert all(_rows(db).values())  # a row in every coaching table
    gone = getattr(world, erased).id
    assert erase_account(db, gone)
    left = _rows(db)
    assert gone not in repr(left)
    # Only the mentee's own unused invitation outlives the coach: it was never the coach's.
    assert {t: len(rows) for t, rows in left.items() if rows} == ({} if erased == "mentee" else {"coach_invites": 1})


def test_the_pack_holds_what_is_shared_in_the_period_and_nothing_else(db: Database, lib, world: World) -> None:
    _share_all(db, world)
    coaching.add_note(db, world.coach.id, world.coaching_id, "Book the team away day", action_owner="mentee")
    pdf = coaching.conversation_pack(db, world.mentee.id, world.coaching_id, TODAY - timedelta(days=27), TODAY, lib)
    text = flat(read_pdf(pdf))
    assert world.words("shared") in text and world.words("win") in text and "Book the team away day" in text
    assert world.words("private") not in text and "private-tag" not in text
    assert "kit" in text and pdf.count(b"/Subtype /Image") >= 4  # three charts and the check-ins

    coaching.stop_sharing(db, world.mentee.id, world.coaching_id, "share_wins")
    coaching.stop_sharing(db, world.mentee.id, world.coaching_id, "share_entries")
    text = flat(read_pdf(coaching.conversation_pack(db, world.mentee.id, world.coaching_id, TODAY, TODAY, lib)))
    assert world.token not in text


def test_the_pack_is_for_the_mentee_of_a_live_coaching_only(db: Database, lib, world: World) -> None:
    with pytest.raises(NotCoaching):
        coaching.conversation_pack(db, world.coach.id, world.coaching_id, TODAY, TODAY, lib)
    coaching.end(db, world.mentee.id, world.coaching_id)
    with pytest.raises(NotCoaching):
        coaching.conversation_pack(db, world.mentee.id, world.coaching_id, TODAY, TODAY, lib)


def test_the_shortest_way_to_a_row_in_every_coaching_table(db: Database, lib: Library, make_user) -> None:
    mentee, coach = make_user("robin"), make_user("kit")
    code = coaching.make_invite(db, mentee.id).code  # coach_invites
    started = coaching.accept_invite(db, coach.id, code)  # coaching
    coaching.share(db, mentee.id, started.id, "share_entries", PASSWORD)
    _save(db, lib, mentee, "e1", "A quiet shift.")
    coaching.share_entry(db, mentee.id, started.id, "e1", PASSWORD)  # coach_shared_entries
    coaching.mentee_entries(db, coach.id, started.id)  # coach_access_log
    coaching.add_note(db, coach.id, started.id, "Welcome")  # coach_notes
    assert all(_rows(db).values())
