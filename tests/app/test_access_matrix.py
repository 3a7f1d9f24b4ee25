"""No one sees another person's entries or scores: every page, as the owner, another person, the admin, the
owner's coach and a visitor who is not signed in.

The pages come from journal/ui/nav.py's registry, so a page added there joins the matrix by itself.
The owner's journal carries unique words, a unique tag, a draft, an entry in the trash and a check-in with
improbable scores. Everything a page sends to the browser is searched for them: every element's message
(text, markdown, captions, widget labels, values and keys) and the Arrow data of every table and chart, both
raw and decoded. The owner's own pages must show them (so the search finds what is there); nobody else's may,
except the coach's page of the people they coach, which shows the coach exactly what the owner shares: every kind
of thing, and one entry (the win), never the others. The owner also facilitates a peer group, with the win posted on
its wall in words of its own: only the owner, its one member, sees the group. And the owner's relational practice:
a person they meet (shared with the coach, like everything else), an action, a look back due today, a prompt and a
template of their own, a prompt their coach suggested, and a tracker answered today.
"""

from __future__ import annotations

import io
import re
import struct
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import timedelta

import pyarrow as pa
import pytest
from google.protobuf.message import Message
from streamlit.testing.v1 import AppTest

from journal.accounts import User
from journal.content.library import Library
from journal.patterns import burnout
from journal.reflect import checkbacks, cpd, debriefs, entries, nmc, own, people, profession, settings, trackers
from journal.reflect.entries import EntryInput
from journal.store import Database
from journal.together import coaching
from journal.together.groups import access as group_access
from journal.together.groups import membership as groups
from journal.together.groups import wall as group_wall
from journal.ui import nav
from journal.ui.entry_form import OpenForm
from tests.app.conftest import sign_in
from tests.factories import PASSWORD, TODAY

pytestmark = pytest.mark.usefixtures("fixed_clock")  # the app in-process reads TODAY from the held clock
INV = burnout.inventory()
PAGES = [place.file for place in nav.PLACES]

# Scores: personal (4 * 100 + 75 + 0) / 6 = 79.17 (shows as 79); work (6 * 25 + (100 - 25)) / 7 = 32.14 (32).
OWNER_ANSWERS = dict(zip([i.id for i in INV.scale("personal").items], [100, 100, 100, 100, 75, 0], strict=True))
OWNER_ANSWERS |= {i.id: 25 for i in INV.scale("work").items}
OWNER_SCORES = {"personal": 475 / 6, "work": 225 / 7}
OTHER_ANSWERS = {i.id: 50 for s in INV.scales[:2] for i in s.items}


@dataclass(frozen=True)
class World:
    lib: Library
    admin: User
    owner: User
    other: User
    token: str
    win_id: str
    plain_id: str
    trashed_id: str
    draft_id: str
    checkin_id: str
    coach: User  # coaches the owner, who shares every kind of thing with them, and the win
    coaching_id: str
    group_id: str  # the owner's peer group: they facilitate it, alone in it, with the win posted on its wall
    person_id: str = ""  # someone the owner meets, in their private list

    @property
    def needles(self) -> dict[str, bytes]:
        found = {
            "words": f"body-{self.token}",
            "other entry words": f"plain-{self.token}",
            "tag": f"tag-{self.token}",
            "trashed words": f"trashed-{self.token}",
            "draft words": f"draft-{self.token}",
            "entry id": self.win_id,
            "other entry id": self.plain_id,
            "trashed id": self.trashed_id,
            "draft id": self.draft_id,
            "check-in id": self.checkin_id,
            "group name": f"group-{self.token}",
            "post words": f"posted-{self.token}",
            "person name": f"P{self.token[:12]}",
            "what the person cares about": f"cares-{self.token}",
            "action": f"action-{self.token}",
            "own prompt": f"ownprompt-{self.token}",
            "own template": f"owntemplate-{self.token}",
            "coach's suggested prompt": f"suggested-{self.token}",
            "tracker": f"tracker-{self.token}",
            "CPD activity": f"cpd-{self.token}",
            "practice hours": f"hours-{self.token}",
            "feedback": f"feedback-{self.token}",
            "discussion partner": f"partner-{self.token}",
            "debrief words": f"debrief-{self.token}",
            "wellbeing plan": f"plan-{self.token}",
        }
        for scale_id, value in OWNER_SCORES.items():
            found[f"{scale_id} score in words"] = burnout.describe(INV.scale(scale_id), value)
            found[f"{scale_id} score as text"] = repr(value)
        needles = {name: text.encode() for name, text in found.items()}
        for scale_id, value in OWNER_SCORES.items():
            needles[f"{scale_id} score as data"] = struct.pack("<d", value)  # a float64 in an Arrow buffer
        return needles


# What the owner's own pages must show (after opening an entry, or resuming the draft, where that's how).
OWNER_SEES = {
    # Write: the draft; the open action; their own prompts and template; the coach's suggestion; today's tracker.
    # (The look back due today names the win's day and kind, never its words, so the words are searched for only.)
    nav.WRITE.file: {
        "draft id",
        "draft words",
        "action",
        "own prompt",
        "own template",
        "coach's suggested prompt",
        "tracker",
    },  # fmt: skip
    nav.PEOPLE.file: {"person name", "what the person cares about"},
    nav.MAKE_IT_YOURS.file: {"own prompt", "own template", "coach's suggested prompt", "tracker"},
    nav.JOURNAL.file: {"words", "other entry words", "tag", "entry id", "other entry id", "debrief words"},
    # Revalidation (the owner's regulator is the NMC): the CPD log, practice hours, feedback, the discussion.
    nav.REVALIDATION.file: {"CPD activity", "practice hours", "feedback", "discussion partner"},
    nav.SUPPORT.file: {"wellbeing plan"},  # "Your wellbeing plan", read on Support
    nav.TRENDS.file: {"tag", "tracker"},
    nav.WINS.file: {"words", "entry id"},
    nav.REFLECTIVE_ACCOUNT.file: {"words", "entry id"},
    nav.BURNOUT.file: {
        "personal score in words",
        "work score in words",
        "personal score as data",
        "work score as data",
    },
    nav.TRASH.file: {"trashed words", "trashed id"},
    nav.COACHING.file: {"words", "entry id"},  # the entry shared with the coach, with a way to stop sharing it
    # The group, opened: its post, and the owner's own win offered for posting (only the poster sees that list).
    nav.GROUPS.file: {"group name", "post words", "words"},
}
# How the owner gets to see more of a page: the button to press once it has run.
OWNER_OPENS = {
    nav.WRITE.file: "resume.{draft_id}",
    nav.PEOPLE.file: "people.open.{person_id}",
    nav.JOURNAL.file: "open.{win_id}",
    nav.GROUPS.file: "groups.open.{group_id}",
}
# Pages whose parts open without a run of their own (a tab): opened alike for the owner and everyone else.
PAGE_STATE = {nav.TRENDS.file: {"trends.tabs.1": "Tags"}}  # "What you reflect on", its Tags tab
COACH_PAGE = nav.COACHING_OTHERS.file
# What the owner shares with the coach: the win (its words, tag and id) and the check-in scores. The coach's page
# may show these, must show those it draws (after opening the entry shared), and nothing else of the owner's.
SCORE_NEEDLES = {f"{scale_id} score {how}" for scale_id in OWNER_SCORES for how in ("in words", "as text", "as data")}
PERSON_NEEDLES = {"person name", "what the person cares about"}  # the people they meet, shared too
COACH_MAY_SEE = {"words", "tag", "entry id"} | SCORE_NEEDLES | PERSON_NEEDLES
COACH_SEES = {"words", "tag", "entry id", "personal score as data", "work score as data"} | PERSON_NEEDLES
COACH_OPENS = "coaching_others.open_entry.{win_id}"


@pytest.fixture
def world(db: Database, make_user: Callable[..., User], lib: Library) -> World:
    admin = make_user("admin")  # the first account is the admin
    assert admin.is_admin
    owner, other, coach = make_user("owner"), make_user("other"), make_user("coach")
    started = coaching.accept_invite(db, coach.id, coaching.make_invite(db, owner.id).code)
    token = uuid.uuid4().hex
    group = groups.create_group(db, owner.id, f"group-{token}").group
    person = people.add_person(db, owner.id, f"P{token[:12]}", f"cares-{token}")
    w = World(
        lib, admin, owner, other, token, *(str(uuid.uuid4()) for _ in range(5)), coach, started.id, group.id, person.id
    )
    theme = lib.themes[0].id
    entries.save_new(db, owner.id, w.win_id, EntryInput(
        "free", {"text": f"body-{w.token} a good day"}, mood=1, energy=5, tags=[f"tag-{w.token}", "shift"],
        is_win=True, theme=theme), lib)  # fmt: skip
    entries.save_new(db, owner.id, w.plain_id, EntryInput(
        "free", {"text": f"body-{w.token} plain-{w.token} five days ago"}, mood=2, energy=3, tags=[f"tag-{w.token}"],
        entry_date=TODAY - timedelta(days=5)), lib)  # fmt: skip
    entries.save_new(db, owner.id, w.trashed_id, EntryInput("free", {"text": f"trashed-{w.token}"}), lib)
    assert entries.trash(db, owner.id, w.trashed_id)
    entries.save_draft(db, owner.id, w.draft_id, EntryInput("free", {"text": f"draft-{w.token}"}))
    burnout.save_checkin(db, owner.id, w.checkin_id, OWNER_ANSWERS, False, TODAY)
    settings.update(db, owner.id, ask_when_tone_differs=False, cbi_include_client=True)
    for scope in coaching.SCOPES:
        coaching.share(db, owner.id, w.coaching_id, scope, PASSWORD)
    coaching.share_entry(db, owner.id, w.coaching_id, w.win_id, PASSWORD, despite_findings=True)
    group_wall.post_win(db, owner.id, w.group_id, w.win_id, f"posted-{w.token}", named=True)
    people.add_action(db, owner.id, f"action-{w.token}", person_id=person.id)
    win = entries.get(db, owner.id, w.win_id)
    assert win is not None
    checkbacks.keep(db, owner.id, checkbacks.plan_on(db, owner.id, "entry", win.id, TODAY))  # due: Write offers it
    own.add_prompt(db, owner.id, f"ownprompt-{w.token}")
    own.add_template(db, owner.id, f"owntemplate-{w.token}", [own.Box("What stayed with you?", True)])
    coaching.suggest_prompt(db, coach.id, w.coaching_id, f"suggested-{w.token}")
    tracked = trackers.create(db, owner.id, f"tracker-{w.token}", "yes_no")
    trackers.record(db, owner.id, tracked.id, TODAY, 1)
    # A nurse's revalidation record, a debrief kept for its days, and a wellbeing plan.
    profession.set_regulator(db, owner.id, "nmc")
    cpd.add(db, owner.id, cpd.Activity(TODAY, 60, True, "course", f"cpd-{w.token}"))
    nmc.add_hours(db, owner.id, nmc.Stretch(TODAY - timedelta(days=7), TODAY, 30, f"hours-{w.token}"))
    nmc.add_feedback(db, owner.id, nmc.Feedback(TODAY, "patient", f"feedback-{w.token}"))
    nmc.add_discussion(db, owner.id, nmc.Discussion(TODAY, f"partner-{w.token}", "12A3456B"))
    debrief = entries.save_new(
        db, owner.id, str(uuid.uuid4()), EntryInput("debrief", {"what_happened": f"debrief-{w.token}"}), lib
    )
    debriefs.saved(db, owner.id, debrief.entry, 14)
    plan = EntryInput("wellbeing_plan", {"keeps_you_well": f"plan-{w.token}"}, entry_date=TODAY - timedelta(days=30))
    entries.save_new(db, owner.id, str(uuid.uuid4()), plan, lib)
    # The other person has a journal too, so their pages draw lists, charts and scores, not empty states.
    for n in range(3):
        inp = EntryInput("free", {"text": f"other's day {n}"}, mood=4, energy=2, tags=["other-tag"], is_win=n == 0)
        inp.entry_date = TODAY - timedelta(days=n)
        entries.save_new(db, other.id, str(uuid.uuid4()), inp, lib)
    entries.save_new(db, other.id, trashed := str(uuid.uuid4()), EntryInput("free", {"text": "other's bin"}), lib)
    entries.trash(db, other.id, trashed)
    entries.save_draft(db, other.id, str(uuid.uuid4()), EntryInput("free", {"text": "other's draft"}))
    burnout.save_checkin(db, other.id, str(uuid.uuid4()), OTHER_ANSWERS, False, TODAY)
    return w


# -- what a page sends to the browser ---------------------------------------------------------------
def _arrow_as_text(data: bytes) -> bytes:
    """Arrow IPC bytes decoded to CSV, in case a buffer is compressed or dictionary-encoded."""
    try:
        table = pa.ipc.open_stream(data).read_all()
    except (pa.ArrowInvalid, OSError):
        return b""
    out = io.StringIO()
    table.to_pandas().to_csv(out)
    return out.getvalue().encode()


def _message_bytes(message: Message) -> list[bytes]:
    parts = [message.SerializeToString()]
    for descriptor, value in message.ListFields():
        if isinstance(value, Mapping):  # a map field: its keys are in the serialised bytes already
            values = list(value.values())
        elif getattr(descriptor, "is_repeated", False) or getattr(descriptor, "label", None) == 3:  # 3: repeated
            values = list(value)
        else:
            values = [value]
        for item in values:
            if isinstance(item, Message):
                parts += _message_bytes(item)
            elif isinstance(item, bytes):
                parts.append(_arrow_as_text(item))
    return parts


@dataclass(frozen=True)
class Visit:
    reachable: bool
    sent: bytes = b""
    exception: str = ""

    def shows(self, needles: dict[str, bytes]) -> set[str]:
        return {name for name, needle in needles.items() if needle in self.sent}


def _sent(at: AppTest) -> bytes:
    # The whole element tree (main, sidebar, toasts and the rest), not just the parts AppTest names.
    parts = [
        b"".join(_message_bytes(node.proto)) for node in at._tree if isinstance(getattr(node, "proto", None), Message)
    ]
    parts += [str(e.value).encode() for e in at.exception]
    sent = b"\n".join(parts)
    sent += b"\n" + _UNESCAPED.sub(rb"\1", sent).replace("\u2060".encode(), b"")  # as escaped markdown shows
    return _TICKET.sub(b"<ticket>", sent)  # a sign-in's ticket for the cookie is new every time


_TICKET = re.compile(rb"(?<=body: \")[A-Za-z0-9_-]{43}(?=\")")
_UNESCAPED = re.compile(rb"\\([!-/:-@\[-`{-~])")  # widgets.verbatim's escapes (and its word joiners) undone


def _signed_in(app: Callable[[], AppTest], user: User | None) -> AppTest:
    """A browser session: through the sign-in form for a person, or just opened for a visitor."""
    at = app()
    if user is None:
        at.run()
        assert "harbour.user" not in at.session_state
        return at
    sign_in(at, user.username)
    assert not at.exception, at.exception
    assert at.session_state["harbour.user"].id == user.id, f"{user.username} could not sign in"
    return at


def _visit(
    app: Callable[[], AppTest], user: User | None, page: str, state: dict | None = None, press: str | None = None
) -> Visit:
    at = _signed_in(app, user)
    try:
        at.switch_page(page)
    except ValueError:  # not in this person's navigation: they can't reach it
        return Visit(False)
    for key, value in (state or {}).items():
        at.session_state[key] = value
    at.run()
    sent = _sent(at)
    if press is not None:
        at.button(key=press).click().run()
        sent += _sent(at)
    return Visit(True, sent, "\n".join(str(e.value) for e in at.exception))


def _intruders(w: World) -> dict[str, User | None]:
    return {"admin": w.admin, "another person": w.other, "the coach": w.coach, "a visitor (signed out)": None}


@pytest.mark.parametrize("page", PAGES)
def test_no_page_shows_anyone_else_the_owners_entries_or_scores(app, world: World, page: str) -> None:
    press = OWNER_OPENS.get(page, "").format(**vars(world)) or None
    state = PAGE_STATE.get(page)
    mine = _visit(app, world.owner, page, state, press=press)  # first, so any cache holds the owner's data
    assert not mine.exception, mine.exception
    if page in OWNER_SEES:
        assert mine.reachable, f"the owner can't reach {page}"
        missing = OWNER_SEES[page] - mine.shows(world.needles)
        assert not missing, f"the owner's own {page} doesn't show their {sorted(missing)}: the search misses them"

    for who, user in _intruders(world).items():
        coachs_page = user is world.coach and page == COACH_PAGE
        press = COACH_OPENS.format(**vars(world)) if coachs_page else None
        theirs = _visit(app, user, page, state, press=press)
        assert not theirs.exception, f"{page} failed for {who}: {theirs.exception}"
        shown = theirs.shows(world.needles)
        leaked = shown - (COACH_MAY_SEE if coachs_page else set())
        assert not leaked, f"{page} shows {who} the owner's {sorted(leaked)}"
        if coachs_page:
            missing = COACH_SEES - shown
            assert not missing, (
                f"{page} doesn't show the coach the owner's shared {sorted(missing)}: the search misses them"
            )


def test_the_matrix_covers_the_app() -> None:
    assert {nav.WRITE.file, nav.JOURNAL.file, nav.TRENDS.file, nav.BURNOUT.file} <= set(PAGES)
    assert set(OWNER_SEES) <= set(PAGES), "OWNER_SEES names a page nav.py no longer has"
    proven = set().union(*OWNER_SEES.values())
    needles = set(World(*[""] * 14).needles)
    # Searched for everywhere, though no page shows them to the owner either (ids and raw scores as text).
    assert needles - proven == {"check-in id", "personal score as text", "work score as text"}


# Session state naming the owner's entry, as a tab left open from before might hold: the page must still
# check who is asking.
STATE_CASES = {
    "open": (lambda w: {"journal.open": w.win_id}, {"words", "tag"}),
    "edit": (lambda w: {"journal.open": w.win_id, "journal.edit": OpenForm(w.win_id, "free", 1)}, {"words", "tag"}),
}


@pytest.mark.parametrize("case", list(STATE_CASES))
def test_the_journal_page_handed_the_owners_entry_id_shows_nobody_else_that_entry(app, world: World, case: str) -> None:
    make_state, owner_sees = STATE_CASES[case]
    page = nav.JOURNAL.file
    mine = _visit(app, world.owner, page, make_state(world))
    assert not mine.exception, mine.exception
    assert owner_sees <= mine.shows(world.needles)
    for who, user in {"admin": world.admin, "another person": world.other}.items():
        theirs = _visit(app, user, page, make_state(world))
        assert not theirs.exception, f"{page} failed for {who}: {theirs.exception}"
        leaked = theirs.shows(world.needles)
        assert not leaked, f"{page} with the owner's entry id in its state shows {who} the owner's {sorted(leaked)}"


def test_the_settings_page_shows_each_person_their_own_choices(app, world: World) -> None:
    names = ("ask_when_tone_differs", "cbi_include_client")

    def shown(user: User) -> dict[str, bool]:
        at = _signed_in(app, user)
        at.switch_page(nav.SETTINGS.file).run()
        assert not at.exception, at.exception
        return {name: at.toggle(key=f"settings.{name}").value for name in names}

    assert shown(world.owner) == {"ask_when_tone_differs": False, "cbi_include_client": True}  # as the owner set them
    defaults = {name: getattr(settings.Settings(), name) for name in names}
    assert shown(world.admin) == defaults
    assert shown(world.other) == defaults


# The coach's page with an entry of the owner's open, as a tab left open from before (or a tampered session) might
# hold it: only the entry shared may show, and for every other one the same refusal as for an entry never written.
COACH_STATE_CASES = {
    "the shared entry": ("win_id", {"words", "tag"}),
    "the entry never shared": ("plain_id", set()),
    "an entry in the trash": ("trashed_id", set()),
    "the draft": ("draft_id", set()),
}


def _coachs_state(w: World, entry_id: str) -> dict[str, str]:
    return {"coaching_others.open": w.coaching_id, "coaching_others.entry": entry_id}


@pytest.mark.parametrize("case", list(COACH_STATE_CASES))
def test_the_coachs_page_handed_an_entry_id_shows_only_an_entry_shared(app, world: World, case: str) -> None:
    field, coach_sees = COACH_STATE_CASES[case]
    theirs = _visit(app, world.coach, COACH_PAGE, _coachs_state(world, getattr(world, field)))
    assert not theirs.exception, theirs.exception
    assert theirs.shows(world.needles) == coach_sees, f"with {case} open, the coach sees the owner's wrong things"
    if not coach_sees:
        assert coaching.ENTRY_NOT_SHARED.encode() in theirs.sent, "not refused as an entry never shared is"
    else:
        assert coaching.ENTRY_NOT_SHARED.encode() not in theirs.sent


def test_the_coaching_pages_handed_the_coaching_id_show_nobody_else_anything(app, world: World) -> None:
    """Only the coach opens the coaching on their page (its overview, or the entry shared), and only the owner on
    theirs: with the coaching's id in their session, everyone else still sees nothing of the owner's."""
    strangers = {"admin": world.admin, "another person": world.other}
    visits = [
        (COACH_PAGE, {"coaching_others.open": world.coaching_id}, strangers | {"the owner": world.owner}),
        (COACH_PAGE, _coachs_state(world, world.win_id), strangers | {"the owner": world.owner}),
        (nav.COACHING.file, {"coaching.open": world.coaching_id}, strangers | {"the coach": world.coach}),
    ]
    mine = _visit(app, world.owner, nav.COACHING.file, {"coaching.open": world.coaching_id})
    assert OWNER_SEES[nav.COACHING.file] <= mine.shows(world.needles)
    coachs = _visit(app, world.coach, COACH_PAGE, {"coaching_others.open": world.coaching_id})
    assert {"words", "entry id"} <= coachs.shows(world.needles)  # the same state does open it for the coach
    for page, state, visitors in visits:
        for who, user in visitors.items():
            theirs = _visit(app, user, page, state)
            assert not theirs.exception, f"{page} failed for {who}: {theirs.exception}"
            leaked = theirs.shows(world.needles)
            assert not leaked, f"{page} with {sorted(state)} in its state shows {who} the owner's {sorted(leaked)}"


def test_the_groups_page_handed_the_owners_group_id_shows_nobody_else_anything(app, world: World) -> None:
    """With the owner's group open in their session (a tab left open, or a tampered session), everyone else is told
    they're not a member, just as for a group that doesn't exist, and sees nothing of the group or the owner's."""
    page, mine = nav.GROUPS.file, _visit(app, world.owner, nav.GROUPS.file, {"groups.open": world.group_id})
    assert not mine.exception, mine.exception
    assert OWNER_SEES[page] <= mine.shows(world.needles)  # the same state does open it for the owner
    for who, user in {"admin": world.admin, "another person": world.other, "the coach": world.coach}.items():
        theirs = _visit(app, user, page, {"groups.open": world.group_id})
        assert not theirs.exception, f"{page} failed for {who}: {theirs.exception}"
        leaked = theirs.shows(world.needles)
        assert not leaked, f"{page} with the owner's group open shows {who} the owner's {sorted(leaked)}"
        assert group_access.NOT_A_MEMBER.encode() in theirs.sent, f"{who} is not told they're not a member"
        nowhere = _visit(app, user, page, {"groups.open": str(uuid.uuid4())})
        assert theirs.sent == nowhere.sent, f"{who} can tell the owner's group from one that doesn't exist"


REVOKED = {
    "the entry unshared": lambda db, w: coaching.stop_sharing_entry(db, w.owner.id, w.coaching_id, w.win_id),
    "entries turned off": lambda db, w: coaching.stop_sharing(db, w.owner.id, w.coaching_id, "share_entries"),
    "the coaching ended": lambda db, w: coaching.end(db, w.owner.id, w.coaching_id),
}


@pytest.mark.parametrize("revoke", list(REVOKED))
def test_once_the_owner_takes_the_entry_back_the_coachs_open_tab_shows_nothing(
    app, db: Database, world: World, revoke: str
) -> None:
    state = _coachs_state(world, world.win_id)
    assert {"words", "tag"} <= _visit(app, world.coach, COACH_PAGE, state).shows(world.needles)
    assert REVOKED[revoke](db, world)
    after = {"the entry open": state}
    if revoke == "the coaching ended":  # and nothing else of the owner's either, however the page is opened
        after |= {"the coaching open": {"coaching_others.open": world.coaching_id}, "the page afresh": {}}
    for how, state in after.items():
        theirs = _visit(app, world.coach, COACH_PAGE, state)
        assert not theirs.exception, theirs.exception
        leaked = theirs.shows(world.needles)
        assert not leaked, f"after {revoke}, the coach's page with {how} shows the owner's {sorted(leaked)}"


# The relational practice is the owner's alone: a member of the owner's own peer group (joined with its code and
# approved by the owner) sees none of it, on any page, the group's included.
PRACTICE = {"person name", "what the person cares about", "action", "own prompt", "own template",
            "coach's suggested prompt", "tracker", "CPD activity", "practice hours", "feedback", "discussion partner",
            "debrief words", "wellbeing plan"}  # fmt: skip


@pytest.mark.parametrize("page", PAGES)
def test_a_member_of_the_owners_group_sees_none_of_the_owners_practice(
    app, db: Database, world: World, make_user: Callable[..., User], page: str
) -> None:
    member = make_user("member")
    code = groups.rotate_code(db, world.owner.id, world.group_id)
    groups.join_with_code(db, member.id, code)
    groups.approve(db, world.owner.id, world.group_id, member.id)
    press = "groups.open.{group_id}".format(**vars(world)) if page == nav.GROUPS.file else None
    theirs = _visit(app, member, page, PAGE_STATE.get(page), press=press)
    assert not theirs.exception, f"{page} failed for a group member: {theirs.exception}"
    leaked = theirs.shows(world.needles) & PRACTICE
    assert not leaked, f"{page} shows a member of the owner's group the owner's {sorted(leaked)}"
    if page == nav.GROUPS.file:
        assert b"group-" + world.token.encode() in theirs.sent  # the member did open the owner's group
