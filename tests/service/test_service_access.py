"""Every read goes through a check of who is asking: the service-level access matrix.

For each public function of entries, burnout, .settings, .wins, .trends, .exchange, .exports, .importing,
.reflective, .coaching and .groups that acts for a person (its first parameters are `db, user_id`), one row below
says how to call it against the owner's things. The owner has a coach, who may see what the owner shares (every kind
of thing, and one entry: the win) through the coach's functions of together.coaching, and nothing else. The owner also
facilitates a peer group, sharing everything with it, with a win posted on its wall: nobody outside the group sees
anything of it (a join code lets its holder ask, no more), and a member sees only the post and weekly figures from
at least k members (test_a_member_of_the_group_sees_the_post_and_no_ones_scores).

Each row names whose view counts as "the owner's": the owner (the mentee) for everything of theirs, the coach for
the coach's reads. Everyone else tries it: the admin (the first account, with no journal of their own), another
person (with a journal of their own), and the coach for the owner's things or the owner for the coach's. A read
must give an intruder exactly what it gave them before the owner wrote anything (a refusal included), nothing with
the owner's words, ids or scores in it, and leave the owner's rows as they were (no look in the access log);
the owner, asking the same, sees their data, and the coach sees what is shared and nothing else. A write must be
refused (or touch only the intruder's own rows) and leave every row of the owner's unchanged; the owner, doing
the same, gets it done.

Adding a function: add a Read or Write row. A public function acting for a person with no row fails
test_every_function_that_acts_for_a_person_is_in_the_matrix.
"""

from __future__ import annotations

import dataclasses
import inspect
import io
import json
import math
import uuid
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from types import ModuleType

import pandas as pd
import pytest

from journal.accounts import User
from journal.clock import utcnow
from journal.content.library import Library, library
from journal.patterns import burnout, signals, trends
from journal.portability import harbour_json as exchange
from journal.portability import importing
from journal.portability import readable as exports
from journal.reflect import entries, own, people, settings, wins
from journal.reflect import reflective_account as reflective
from journal.reflect.entries import EntryError, EntryInput, SearchFilter
from journal.store import Database, Handle
from journal.store import coaching as coaching_repo
from journal.store import groups as groups_repo
from journal.together import coaching
from journal.together.coaching import CoachingError, NotCoaching
from journal.together.groups import access as group_access
from journal.together.groups import codes as group_codes
from journal.together.groups import figures as group_figures
from journal.together.groups import membership as groups
from journal.together.groups import wall as group_wall
from journal.together.groups.access import GroupError
from journal.together.groups.membership import Sharing
from tests.factories import NOON_TODAY, PASSWORD, TODAY
from tests.unit.test_reflective import flat, read_pdf

MODULES: tuple[ModuleType, ...] = (
    entries, burnout, settings, trends, wins, exchange, exports, importing, reflective, coaching, groups, group_access,
    group_codes, group_figures, group_wall,
)  # fmt: skip
GROUP_START = NOON_TODAY.replace(tzinfo=None) - timedelta(weeks=3)  # three weeks before the held clock: closed weeks
INV = burnout.inventory()
pytestmark = pytest.mark.usefixtures("fixed_clock")  # the app's today is TODAY, as the rows planted here assume
# An improbable score: personal = (4 * 100 + 75 + 0) / 6.
OWNER_ANSWERS = dict(zip([i.id for i in INV.scale("personal").items], [100, 100, 100, 100, 75, 0], strict=True))
OWNER_ANSWERS |= {i.id: 25 for i in INV.scale("work").items}
OTHER_ANSWERS = {i.id: 50 for s in INV.scales[:2] for i in s.items}


@dataclass(frozen=True)
class World:
    """Five accounts; the ids of the owner's things are made up front, so intruders can ask for them before
    they exist. The owner's coaching with the coach starts up front too (with nothing shared until _plant), and so
    does the owner's group (sharing nothing, with nothing posted, until _plant)."""

    lib: Library
    admin: User
    owner: User
    other: User
    coach: User  # coaches the owner: sees what the owner shares, through journal.together.coaching alone
    token: str  # unique to this test: in the owner's words, tag, trashed entry, draft and note
    win_id: str  # shared with the coach, once planted
    plain_id: str  # never shared
    trashed_id: str
    draft_id: str
    checkin_id: str
    prompt_id: str
    coaching_id: str
    used_code: str  # the code that started the coaching: used, so it lets nobody in again
    open_code: str  # another invitation of the owner's, not used yet
    member: User  # in no group until a test puts them in the owner's (never one of the intruders)
    group_id: str  # the owner facilitates it
    group_code: str  # its join code
    old_group_code: str  # its first join code, replaced by group_code: it lets nobody in

    @property
    def needles(self) -> dict[str, str]:
        """What of the owner's may never reach anyone else, as it appears in a result."""
        return {
            "words": f"body-{self.token}",
            "plain words": f"plain-{self.token}",
            "tag": f"tag-{self.token}",
            "trashed words": f"trashed-{self.token}",
            "draft words": f"draft-{self.token}",
            "note words": f"note-{self.token}",
            "entry id": self.win_id,
            "other entry id": self.plain_id,
            "trashed id": self.trashed_id,
            "draft id": self.draft_id,
            "check-in id": self.checkin_id,
            "personal score": repr(475 / 6),
            "coaching id": self.coaching_id,
            "group id": self.group_id,
            "group name": f"group-{self.token}",
            "post words": f"posted-{self.token}",  # what the owner posted to the group's wall about the win
            "person name": f"P{self.token[:12]}",  # someone the owner meets (the coach sees them while shared)
            "person cares": f"cares-{self.token}",
        }


# What of the owner's the coach never sees, whatever is shared: the entry not shared, the trash, the draft and the
# check-in's own row (the coach sees its scores, not the check-in).
NEVER_FOR_THE_COACH = ("plain words", "other entry id", "trashed words", "trashed id", "draft words", "draft id",
                       "check-in id")  # fmt: skip
# What of the owner's group anyone holding its join code may see: its name, when they ask to join. A member sees the
# post too; nobody outside it sees anything of it.
THE_GROUP_ITSELF = ("group id", "group name")


def _plain(value: object) -> object:
    """A result as plain, comparable JSON data (DataFrames and dataclasses included)."""
    if isinstance(value, pd.DataFrame):
        return {"columns": [str(c) for c in value.columns], "rows": _plain(value.astype(object).values.tolist())}
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: _plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [_plain(v) for v in value]
    if isinstance(value, datetime | date | pd.Timestamp):
        return value.isoformat()
    if isinstance(value, float) and math.isnan(value):
        return "NaN"
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if value is pd.NA or value is pd.NaT:
        return "NA"
    return repr(value)


def _text(value: object) -> str:
    return json.dumps(_plain(value), ensure_ascii=False, default=str)


def _leaks(world: World, result: object) -> list[str]:
    text = _text(result)
    return [name for name, needle in world.needles.items() if needle in text]


def _columns_named(db: Handle, column: str) -> list[str]:
    found = db.all(
        "SELECT DISTINCT table_name FROM information_schema.columns WHERE column_name = ? ORDER BY table_name", [column]
    )
    return [r[0] for r in found]


def _owners_rows(db: Database, user_id: str) -> dict[str, list[str]]:
    """Every row that belongs to a person, in every table that names its owner (new tables included); and every row
    of every group they belong to, whoever's it is (its settings, members, posts and weeks)."""
    theirs = "SELECT group_id FROM group_members WHERE user_id = ?"
    with db.read() as tx:
        rows = {
            t: sorted(map(repr, tx.all(f"SELECT * FROM {t} WHERE user_id = ?", [user_id])))
            for t in _columns_named(tx, "user_id")
        }
        rows["users"] = list(map(repr, tx.all("SELECT * FROM users WHERE id = ?", [user_id])))
        rows |= {
            f"{t} of their groups": sorted(
                map(repr, tx.all(f"SELECT * FROM {t} WHERE group_id IN ({theirs})", [user_id]))
            )
            for t in _columns_named(tx, "group_id")
        }
        rows["their groups"] = sorted(map(repr, tx.all(f"SELECT * FROM groups WHERE id IN ({theirs})", [user_id])))
    return rows


def _world(db: Database, make_user: Callable[..., User]) -> World:
    lib = library()
    admin = make_user("admin")  # the first account is the admin
    assert admin.is_admin
    owner, other, coach, member = make_user("owner"), make_user("other"), make_user("coach"), make_user("member")
    ids = [str(uuid.uuid4()) for _ in range(5)]
    used_code = coaching.make_invite(db, owner.id).code
    coaching_id = coaching.accept_invite(db, coach.id, used_code).id
    open_code = coaching.make_invite(db, owner.id).code
    token = uuid.uuid4().hex
    started = groups.create_group(db, owner.id, f"group-{token}", now=GROUP_START)
    group_code = groups.rotate_code(db, owner.id, started.group.id)
    world = World(lib, admin, owner, other, coach, token, *ids, prompt_id=lib.prompts[0].id,
                  coaching_id=coaching_id, used_code=used_code, open_code=open_code, member=member,
                  group_id=started.group.id, group_code=group_code, old_group_code=started.code)  # fmt: skip
    # The other person has a journal of their own, so their results are not simply empty.
    for n, day in enumerate((TODAY - timedelta(days=3), TODAY)):
        inp = EntryInput("free", {"text": f"other's day {n}"}, mood=4, energy=2, tags=["other-tag"], is_win=n == 1)
        inp.entry_date = day
        entries.save_new(db, other.id, str(uuid.uuid4()), inp, lib)
    entries.save_draft(db, other.id, str(uuid.uuid4()), EntryInput("free", {"text": "other's draft"}))
    entries.record_prompt_shown(db, other.id, lib.prompts[1].id)
    burnout.save_checkin(db, other.id, str(uuid.uuid4()), OTHER_ANSWERS, False, TODAY - timedelta(days=2))
    settings.update(db, other.id, cbi_include_client=True)
    return world


def _plant(db: Database, w: World) -> None:
    """The owner's journal: a tagged win, an entry five days ago, one in the trash, a draft, a prompt, a check-in,
    and changed settings. With their coach they share everything, and the win; the record holds an action for the
    coach; the coach has looked once."""
    theme = w.lib.themes[0].id
    entries.save_new(db, w.owner.id, w.win_id, EntryInput(
        "free", {"text": f"body-{w.token} a good day"}, mood=1, energy=5, tags=[f"tag-{w.token}", "shift"],
        is_win=True, theme=theme), w.lib)  # fmt: skip
    entries.save_new(db, w.owner.id, w.plain_id, EntryInput(
        "free", {"text": f"body-{w.token} plain-{w.token} five days ago"}, mood=2, energy=3, tags=[f"tag-{w.token}"],
        entry_date=TODAY - timedelta(days=5)), w.lib)  # fmt: skip
    entries.save_new(db, w.owner.id, w.trashed_id, EntryInput("free", {"text": f"trashed-{w.token}"}), w.lib)
    assert entries.trash(db, w.owner.id, w.trashed_id)
    entries.save_draft(db, w.owner.id, w.draft_id, EntryInput("free", {"text": f"draft-{w.token}"}))
    entries.record_prompt_shown(db, w.owner.id, w.prompt_id)
    burnout.save_checkin(db, w.owner.id, w.checkin_id, OWNER_ANSWERS, False, TODAY)
    settings.update(db, w.owner.id, ask_when_tone_differs=False, cbi_include_client=True)
    assert reflective.prepare(db, w.owner.id, f"nmc-{w.token}", _account(w))
    people.add_person(db, w.owner.id, f"P{w.token[:12]}", f"cares-{w.token}")
    # Shared as coaching.share and .share_entry do, less their password check (argon2, five times a test, would
    # make the matrix minutes long): the rows for those two functions, and test_coaching_store, ask for it.
    for scope in coaching.SCOPES:
        assert coaching_repo.set_scope(db, w.owner.id, w.coaching_id, scope, True)
    assert coaching_repo.share_entry(db, w.owner.id, w.coaching_id, w.win_id, utcnow())
    coaching.add_note(db, w.owner.id, w.coaching_id, f"note-{w.token}", action_owner="coach")
    assert coaching.mentee_entries(db, w.coach.id, w.coaching_id) is not None  # a line in the access log
    # In their group the owner turns the open wall on, shares everything with it (as groups.set_sharing does, less
    # its password check, and without settling the closed weeks first: so they are worked out with the owner's
    # scores in, at the first look) and posts the win: the post's own words are all of it the group gets.
    group_wall.set_open_wall(db, w.owner.id, w.group_id, True)
    groups_repo.set_choices(db, w.group_id, w.owner.id, True, True, True)
    group_wall.post_win(db, w.owner.id, w.group_id, w.win_id, f"posted-{w.token}", True)


def _account(w: World) -> reflective.ReflectiveAccount:
    """A reflective account about the owner's win, ready to print."""
    return reflective.ReflectiveAccount(w.win_id, TODAY, "nature", "learned", "changed", ("prioritise_people",), "")


# -- the matrix ------------------------------------------------------------------------------------
Call = Callable[[Database, str, World], object]


def _same(result: object) -> object:
    return result


OWNERS_INTRUDERS = ("admin", "other", "coach")  # for the owner's things: the coach gets them only as coaching
COACHS_INTRUDERS = ("admin", "other", "owner")  # for the coach's reads: not even the owner, who isn't the coach
THIRD_PARTIES = ("admin", "other")  # for what both the owner and the coach may do


@dataclass(frozen=True)
class Read:
    function: Callable
    call: Call
    owner_sees: Callable[[object, World], bool]  # what `viewer` sees, asking the same
    label: str = ""
    steady: Callable[[object], object] = _same  # the part that must not change (a timestamp of the call may)
    viewer: str = "owner"  # whose view is "the owner's": the owner, or the coach for the coach's reads
    intruders: tuple[str, ...] = OWNERS_INTRUDERS
    unknown_id: Call | None = None  # the same call with an id nobody has: an intruder can't tell the two apart

    @property
    def id(self) -> str:
        return f"{self.function.__module__.split('.')[-1]}.{self.function.__name__}{self.label}"


@dataclass(frozen=True)
class Write:
    function: Callable
    call: Call
    intruder_gets: Callable[[object], bool] | type[Exception]  # a refusal: a test of the value, or an exception
    owner_done: Callable[[Database, World, object], bool]  # `viewer`, doing the same, gets it done
    label: str = ""
    unknown_id: Call | None = None  # the same call with an id nobody has: an intruder can't tell the two apart
    viewer: str = "owner"
    intruders: tuple[str, ...] = OWNERS_INTRUDERS
    prepare: Callable[[Database, World], object] | None = None  # the owner, after _plant: so a change would show

    @property
    def id(self) -> str:
        return f"{self.function.__module__.split('.')[-1]}.{self.function.__name__}{self.label}"


_EPISODE = signals.Recovery(TODAY - timedelta(days=30), None, None, "setback", 1.0, 3.0)  # a setback, not yet over


def _has(*names: str) -> Callable[[object, World], bool]:
    return lambda result, w: all(w.needles[n] in _text(result) for n in names)


def _unzipped(data: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return "\n".join(z.read(name).decode("utf-8") for name in z.namelist())


def _own_file(db: Database, user_id: str) -> importing.Pending:
    """The person's own Harbour export, read for import: a preview of it must show only their own things."""
    return importing.read("harbour", exchange.export_json(db, user_id).encode(), "own.json")


def _frame_days(frame: pd.DataFrame) -> set[date]:
    return {d.date() for d in frame["day"]}


def _draft_text(db: Database, w: World) -> str | None:
    return next((d.input.answers["text"] for d in entries.drafts(db, w.owner.id) if d.entry_id == w.draft_id), None)


ALL_SHARED, NOTHING_SHARED = coaching.Scope(*[True] * 5), coaching.Scope(*[False] * 5)


def _scope(db: Database, w: World) -> coaching.Scope:
    """What the owner shares with the coach now, as the owner's page shows it."""
    [c] = [c for c in coaching.coaches(db, w.owner.id) if c.id == w.coaching_id]
    return c.scope


def _note_id(db: Database, w: World) -> str:
    """The action planted in the record (looked up as the owner)."""
    [note] = coaching.record(db, w.owner.id, w.coaching_id)
    return note.id


def _pack_text(db: Database, u: str, w: World) -> str:
    pdf = coaching.conversation_pack(db, u, w.coaching_id, TODAY - timedelta(days=27), TODAY, w.lib, today=TODAY)
    return flat(read_pdf(pdf))


def _chart_days(panels: list[trends.Panel]) -> set[str]:
    """The days the charts' tables hold, as ISO dates."""
    text = _text([p.table for p in panels])
    return {d.isoformat() for d in (TODAY, TODAY - timedelta(days=5)) if d.isoformat() in text}


def _coachs_charts(r: object, w: World) -> bool:
    """The owner's charts of scores, with both days they wrote on; never their words or tags."""
    return ([p.title for p in r] == list(coaching.CHART_PANELS) and len(_chart_days(r)) == 2
            and not {"words", "tag"} & set(_leaks(w, r)))  # fmt: skip


def _made_by_admin(db: Database, w: World) -> None:
    """The owner's account as if the administrator had made it, so their group may admit only such accounts."""
    db.execute("UPDATE users SET origin = 'admin' WHERE id = ?", [w.owner.id])


def _new_id() -> str:
    """An id nobody has."""
    return str(uuid.uuid4())


EDIT = EntryInput("free", {"text": "an intruder's words"}, mood=3, entry_date=TODAY)  # built before the clock is held
READS: tuple[Read, ...] = (
    Read(entries.get, lambda db, u, w: entries.get(db, u, w.win_id), _has("words", "tag", "entry id")),
    Read(entries.get, lambda db, u, w: entries.get(db, u, w.trashed_id), _has("trashed words"), " (in the trash)"),
    Read(entries.search, lambda db, u, w: entries.search(db, u, SearchFilter(), limit=100), _has("words", "tag")),
    Read(entries.search, lambda db, u, w: entries.search(db, u, SearchFilter(text=w.token), limit=100),
         _has("words", "entry id", "other entry id"), " (their words)"),
    Read(entries.search, lambda db, u, w: entries.search(db, u, SearchFilter(tag=f"tag-{w.token}"), limit=100),
         _has("entry id", "other entry id"), " (their tag)"),
    Read(entries.search, lambda db, u, w: entries.search(db, u, SearchFilter(wins_only=True, date_from=TODAY)),
         _has("entry id"), " (wins today)"),
    Read(entries.tags_in_use, lambda db, u, w: entries.tags_in_use(db, u), _has("tag")),
    Read(entries.count, lambda db, u, w: entries.count(db, u), lambda r, w: r == 2),
    Read(entries.trashed, lambda db, u, w: entries.trashed(db, u), _has("trashed words", "trashed id")),
    Read(entries.drafts, lambda db, u, w: entries.drafts(db, u), _has("draft words", "draft id")),
    Read(entries.recent_prompts, lambda db, u, w: entries.recent_prompts(db, u), lambda r, w: r == [w.prompt_id]),
    Read(burnout.history, lambda db, u, w: burnout.history(db, u), _has("check-in id", "personal score")),
    Read(burnout.latest, lambda db, u, w: burnout.latest(db, u), _has("check-in id", "personal score")),
    Read(burnout.due, lambda db, u, w: burnout.due(db, u, TODAY), lambda r, w: r is False),
    Read(burnout.offer, lambda db, u, w: burnout.offer(db, u, TODAY), lambda r, w: r is None),
    Read(burnout.kept_answers, lambda db, u, w: burnout.kept_answers(db, u), lambda r, w: r == {}),
    Read(settings.get, lambda db, u, w: settings.get(db, u),
         lambda r, w: r == settings.Settings(ask_when_tone_differs=False, cbi_include_client=True)),
    Read(wins.wins, lambda db, u, w: wins.wins(db, u, "all", TODAY), _has("words", "entry id")),
    Read(wins.carried_through, lambda db, u, w: wins.carried_through(db, u, [(TODAY - timedelta(days=30), TODAY)]),
         _has("words", "entry id")),
    Read(wins.comebacks, lambda db, u, w: wins.comebacks(db, u, [_EPISODE], TODAY), _has("words", "entry id")),
    Read(trends.load, lambda db, u, w: trends.load(db, u, None, TODAY, TODAY),
         lambda r, w: _frame_days(r.daily) == {TODAY, TODAY - timedelta(days=5)} and _has("tag")(r, w)),
    Read(trends.first_entry, lambda db, u, w: trends.first_entry(db, u), lambda r, w: r == TODAY - timedelta(days=5)),
    Read(trends.days_reflected, lambda db, u, w: trends.days_reflected(db, u, TODAY), lambda r, w: r == 2),
    Read(trends.history, lambda db, u, w: trends.history(db, u, TODAY),
         lambda r, w: _frame_days(r) == {TODAY, TODAY - timedelta(days=5)}),
    Read(trends.version, lambda db, u, w: trends.version(db, u), lambda r, w: r[0] == 3),
    Read(trends.view, lambda db, u, w: trends.view(db, u, None, TODAY, TODAY), _has("tag")),
    Read(exchange.export_json, lambda db, u, w: exchange.export_json(db, u),
         _has("words", "tag", "trashed words", "draft words", "check-in id", "personal score"),
         steady=lambda r: {k: v for k, v in json.loads(r).items() if k != "exported_at"}),
    Read(exports.export_markdown, lambda db, u, w: exports.export_markdown(db, u, w.lib), _has("words", "tag"),
         steady=lambda r: [line for line in r.splitlines() if not line.startswith("Exported ")]),
    Read(exports.export_markdown_zip, lambda db, u, w: _unzipped(exports.export_markdown_zip(db, u, w.lib)),
         _has("words", "tag")),
    Read(exports.export_csv, lambda db, u, w: exports.export_csv(db, u, w.lib), _has("tag")),
    Read(exports.export_csv_bytes, lambda db, u, w: exports.export_csv_bytes(db, u, w.lib).decode("utf-8-sig"),
         _has("tag")),
    Read(exchange.preview_json, lambda db, u, w: exchange.preview_json(db, u, exchange.export_json(db, u), w.lib),
         lambda r, w: r.already_here == 3 and r.new == 0),
    Read(importing.preview, lambda db, u, w: importing.preview(db, u, _own_file(db, u), {}, w.lib),
         lambda r, w: r.already_here == 3 and r.new == 0),
    Read(reflective.choices, lambda db, u, w: reflective.choices(db, u), _has("words", "entry id")),
    Read(reflective.evidence_choices, lambda db, u, w: reflective.evidence_choices(db, u, ("gibbs",)),
         _has("words", "entry id")),
    Read(reflective.count_last_three_years, lambda db, u, w: reflective.count_last_three_years(db, u, TODAY),
         lambda r, w: r == 1),
    Read(reflective.standing, lambda db, u, w: reflective.standing(db, u, TODAY),
         lambda r, w: r.startswith("You've prepared 1 of the 5")),
)  # fmt: skip

# The owner's side of coaching, then the coach's: each coach's read asked as the coach, who sees what is shared.
COACHING_READS: tuple[Read, ...] = (
    Read(coaching.open_invites, lambda db, u, w: coaching.open_invites(db, u), lambda r, w: len(r) == 1),
    Read(coaching.coaches, lambda db, u, w: coaching.coaches(db, u),
         lambda r, w: [(c.id, c.coach_name, c.scope, c.live) for c in r] == [(w.coaching_id, "coach", ALL_SHARED,
                                                                              True)]),
    Read(coaching.entry_coaches, lambda db, u, w: coaching.entry_coaches(db, u, w.win_id),
         lambda r, w: [(c.id, shared) for c, shared in r] == [(w.coaching_id, True)]),
    Read(coaching.shared_by_me, lambda db, u, w: coaching.shared_by_me(db, u, w.coaching_id),
         lambda r, w: [s.id for s in r] == [w.win_id] and _has("words", "tag")(r, w)),
    Read(coaching.access_log, lambda db, u, w: coaching.access_log(db, u),
         lambda r, w: [(look.coaching_id, look.what) for look in r] == [(w.coaching_id, "the list of entries shared")]),
    Read(coaching.access_log, lambda db, u, w: coaching.access_log(db, u, w.coaching_id),
         lambda r, w: [look.what for look in r] == ["the list of entries shared"], " (one coaching)"),
    Read(coaching.conversation_pack, lambda db, u, w: _pack_text(db, u, w),
         lambda r, w: _has("words", "note words")(r, w) and w.needles["plain words"] not in r),
    # The record is both people's: only the admin and the other person are strangers to it.
    Read(coaching.record, lambda db, u, w: coaching.record(db, u, w.coaching_id),
         lambda r, w: [(n.text, n.by) for n in r] == [(f"note-{w.token}", "mentee")], intruders=THIRD_PARTIES),
    Read(coaching.record, lambda db, u, w: coaching.record(db, u, w.coaching_id),
         lambda r, w: [(n.text, n.by) for n in r] == [(f"note-{w.token}", "mentee")], " (as the coach)",
         viewer="coach", intruders=THIRD_PARTIES),
    Read(coaching.mentees, lambda db, u, w: coaching.mentees(db, u),
         lambda r, w: [(c.id, c.mentee_name, c.scope) for c in r] == [(w.coaching_id, "owner", ALL_SHARED)],
         viewer="coach", intruders=COACHS_INTRUDERS),
    Read(coaching.mentee, lambda db, u, w: coaching.mentee(db, u, w.coaching_id),
         lambda r, w: (r.id, r.mentee_name, r.scope) == (w.coaching_id, "owner", ALL_SHARED),
         viewer="coach", intruders=COACHS_INTRUDERS),
    Read(coaching.mentee_charts, lambda db, u, w: coaching.mentee_charts(db, u, w.coaching_id, None, TODAY, TODAY),
         _coachs_charts, viewer="coach", intruders=COACHS_INTRUDERS),
    Read(coaching.mentee_checkins, lambda db, u, w: coaching.mentee_checkins(db, u, w.coaching_id, None, TODAY),
         lambda r, w: len(r) == 1 and _has("personal score")(r, w), viewer="coach", intruders=COACHS_INTRUDERS),
    Read(coaching.mentee_wins, lambda db, u, w: coaching.mentee_wins(db, u, w.coaching_id, None, TODAY),
         lambda r, w: [s.id for s in r] == [w.win_id] and _has("words")(r, w),
         viewer="coach", intruders=COACHS_INTRUDERS),
    Read(coaching.mentee_entries, lambda db, u, w: coaching.mentee_entries(db, u, w.coaching_id),
         lambda r, w: [s.id for s in r] == [w.win_id] and _has("words", "tag")(r, w),
         viewer="coach", intruders=COACHS_INTRUDERS),
    Read(coaching.mentee_entry, lambda db, u, w: coaching.mentee_entry(db, u, w.coaching_id, w.win_id),
         lambda r, w: r.id == w.win_id and _has("words", "tag")(r, w), viewer="coach", intruders=COACHS_INTRUDERS),
    Read(coaching.mentee_people, lambda db, u, w: coaching.mentee_people(db, u, w.coaching_id),
         lambda r, w: len(r) == 1 and _has("person name", "person cares")(r, w),
         viewer="coach", intruders=COACHS_INTRUDERS),
)  # fmt: skip

WRITES: tuple[Write, ...] = (
    Write(entries.save_new, lambda db, u, w: entries.save_new(db, u, w.win_id, EDIT, w.lib), EntryError,
          lambda db, w, r: not r.created and r.entry.body.startswith(f"body-{w.token}")),
    Write(entries.update, lambda db, u, w: entries.update(db, u, w.win_id, EDIT, 1, w.lib), EntryError,
          lambda db, w, r: entries.get(db, w.owner.id, w.win_id).body == EDIT.answers["text"],
          unknown_id=lambda db, u, w: entries.update(db, u, str(uuid.uuid4()), EDIT, 1, w.lib)),
    Write(entries.trash, lambda db, u, w: entries.trash(db, u, w.win_id), lambda r: r is False,
          lambda db, w, r: r is True and entries.get(db, w.owner.id, w.win_id).deleted_at is not None,
          unknown_id=lambda db, u, w: entries.trash(db, u, str(uuid.uuid4()))),
    Write(entries.restore, lambda db, u, w: entries.restore(db, u, w.trashed_id), lambda r: r is False,
          lambda db, w, r: r is True and entries.get(db, w.owner.id, w.trashed_id).deleted_at is None,
          unknown_id=lambda db, u, w: entries.restore(db, u, str(uuid.uuid4()))),
    Write(entries.delete_forever, lambda db, u, w: entries.delete_forever(db, u, w.trashed_id), lambda r: r is False,
          lambda db, w, r: r is True and entries.get(db, w.owner.id, w.trashed_id) is None,
          unknown_id=lambda db, u, w: entries.delete_forever(db, u, str(uuid.uuid4()))),
    Write(entries.empty_trash, lambda db, u, w: entries.empty_trash(db, u), lambda r: r == 0,
          lambda db, w, r: r == 1 and entries.trashed(db, w.owner.id) == []),
    Write(entries.save_draft, lambda db, u, w: entries.save_draft(db, u, w.draft_id, EDIT), lambda r: r is None,
          lambda db, w, r: _draft_text(db, w) == EDIT.answers["text"]),
    Write(entries.discard_draft, lambda db, u, w: entries.discard_draft(db, u, w.draft_id), lambda r: r is None,
          lambda db, w, r: _draft_text(db, w) is None,
          unknown_id=lambda db, u, w: entries.discard_draft(db, u, str(uuid.uuid4()))),
    Write(entries.record_prompt_shown, lambda db, u, w: entries.record_prompt_shown(db, u, w.lib.prompts[2].id),
          lambda r: r is None,
          lambda db, w, r: entries.recent_prompts(db, w.owner.id) == [w.lib.prompts[2].id, w.prompt_id]),
    Write(burnout.save_checkin, lambda db, u, w: burnout.save_checkin(db, u, w.checkin_id, OTHER_ANSWERS, False, TODAY),
          burnout.CbiError, lambda db, w, r: r.id == w.checkin_id and r.scores.personal == 475 / 6),
    Write(burnout.snooze, lambda db, u, w: burnout.snooze(db, u, TODAY), lambda r: isinstance(r, date),
          lambda db, w, r: settings.get(db, w.owner.id).cbi_snoozed_until == r),
    Write(burnout.discard_kept_answers, lambda db, u, w: burnout.discard_kept_answers(db, u), lambda r: r is None,
          lambda db, w, r: burnout.kept_answers(db, w.owner.id) == {},
          prepare=lambda db, w: burnout.snooze(db, w.owner.id, TODAY, {"personal_1": 75})),
    Write(settings.update, lambda db, u, w: settings.update(db, u, ask_when_tone_differs=True,
                                                            cbi_include_client=False),
          lambda r: r == settings.Settings(),
          lambda db, w, r: settings.get(db, w.owner.id) == settings.Settings()),
    # Someone holding the owner's export file imports it: copies under ids of their own, never the owner's rows.
    Write(exchange.import_json,
          lambda db, u, w: exchange.import_json(db, u, exchange.export_json(db, w.owner.id), w.lib),
          lambda r: isinstance(r, exchange.ImportResult) and r.already_here == 0 and r.entries == 3,
          lambda db, w, r: r.entries == 0 and r.already_here == 7),  # entries, draft, check-in, account, person
    Write(reflective.prepare, lambda db, u, w: reflective.prepare(db, u, f"nmc-2-{w.token}", _account(w)),
          reflective.ReflectiveAccountError, lambda db, w, r: r is True),
    Write(importing.commit, lambda db, u, w: importing.commit(db, u, _own_file(db, w.owner.id), {}, w.lib),
          lambda r: isinstance(r, exchange.ImportResult) and r.already_here == 0 and r.entries == 3,
          lambda db, w, r: r.entries == 0 and r.already_here == 7),
)  # fmt: skip

COACHING_WRITES: tuple[Write, ...] = (
    Write(coaching.make_invite, lambda db, u, w: coaching.make_invite(db, u),
          lambda r: isinstance(r, coaching.Invite), lambda db, w, r: len(coaching.open_invites(db, w.owner.id)) == 2),
    Write(coaching.withdraw_invites, lambda db, u, w: coaching.withdraw_invites(db, u), lambda r: r == 0,
          lambda db, w, r: r == 1 and coaching.open_invites(db, w.owner.id) == []),
    # A code lets in whoever holds it (here the other person), but never its maker nor their coach already: the
    # code stays unused. (A used code lets nobody in: test_the_code_that_started_the_coaching_lets_nobody_in.)
    Write(coaching.accept_invite, lambda db, u, w: coaching.accept_invite(db, u, w.open_code), CoachingError,
          lambda db, w, r: (r.mentee_name, r.coach_name, r.scope) == ("owner", "other", NOTHING_SHARED)
          and coaching.mentee_entries(db, w.other.id, r.id) is None,
          " (the owner's open code)", viewer="other", intruders=("owner", "coach")),
    Write(coaching.share, lambda db, u, w: coaching.share(db, u, w.coaching_id, "share_wins", PASSWORD), NotCoaching,
          lambda db, w, r: _scope(db, w).wins,
          unknown_id=lambda db, u, w: coaching.share(db, u, _new_id(), "share_wins", PASSWORD),
          prepare=lambda db, w: coaching.stop_sharing(db, w.owner.id, w.coaching_id, "share_wins")),
    Write(coaching.stop_sharing, lambda db, u, w: coaching.stop_sharing(db, u, w.coaching_id, "share_charts"),
          lambda r: r is False, lambda db, w, r: r is True and not _scope(db, w).charts,
          unknown_id=lambda db, u, w: coaching.stop_sharing(db, u, _new_id(), "share_charts")),
    Write(coaching.stop_sharing, lambda db, u, w: coaching.stop_sharing(db, u, w.coaching_id, "share_entries"),
          lambda r: r is False,
          lambda db, w, r: r is True and coaching.shared_by_me(db, w.owner.id, w.coaching_id) == [],
          " (entries)", unknown_id=lambda db, u, w: coaching.stop_sharing(db, u, _new_id(), "share_entries")),
    Write(coaching.share_entry,
          lambda db, u, w: coaching.share_entry(db, u, w.coaching_id, w.plain_id, PASSWORD, despite_findings=True),
          NotCoaching,
          lambda db, w, r: [s.id for s in coaching.shared_by_me(db, w.owner.id, w.coaching_id)] == [w.win_id,
                                                                                                    w.plain_id],
          unknown_id=lambda db, u, w: coaching.share_entry(db, u, _new_id(), w.plain_id, PASSWORD,
                                                           despite_findings=True)),
    Write(coaching.stop_sharing_entry, lambda db, u, w: coaching.stop_sharing_entry(db, u, w.coaching_id, w.win_id),
          lambda r: r is False,
          lambda db, w, r: r is True and coaching.mentee_entries(db, w.coach.id, w.coaching_id) == [],
          unknown_id=lambda db, u, w: coaching.stop_sharing_entry(db, u, w.coaching_id, _new_id())),
    # Ending, the record and its actions are for either person: only the admin and the other person are strangers.
    Write(coaching.end, lambda db, u, w: coaching.end(db, u, w.coaching_id), lambda r: r is False,
          lambda db, w, r: r is True and coaching.mentees(db, w.coach.id) == [],
          unknown_id=lambda db, u, w: coaching.end(db, u, _new_id()), intruders=THIRD_PARTIES),
    Write(coaching.end, lambda db, u, w: coaching.end(db, u, w.coaching_id), lambda r: r is False,
          lambda db, w, r: r is True and not coaching.coaches(db, w.owner.id)[0].live, " (as the coach)",
          unknown_id=lambda db, u, w: coaching.end(db, u, _new_id()), viewer="coach",
          intruders=THIRD_PARTIES),
    Write(coaching.suggest_prompt, lambda db, u, w: coaching.suggest_prompt(db, u, w.coaching_id, "a prompt"),
          NotCoaching, lambda db, w, r: [p.text for p in own.suggestions(db, w.owner.id)] == ["a prompt"],
          unknown_id=lambda db, u, w: coaching.suggest_prompt(db, u, _new_id(), "a prompt"),
          viewer="coach", intruders=COACHS_INTRUDERS),
    Write(coaching.add_note, lambda db, u, w: coaching.add_note(db, u, w.coaching_id, "an intruder's note"),
          NotCoaching, lambda db, w, r: r.by == "mentee" and len(coaching.record(db, w.coach.id, w.coaching_id)) == 2,
          unknown_id=lambda db, u, w: coaching.add_note(db, u, _new_id(), "an intruder's note"),
          intruders=THIRD_PARTIES),
    Write(coaching.add_note, lambda db, u, w: coaching.add_note(db, u, w.coaching_id, "an intruder's note"),
          NotCoaching, lambda db, w, r: r.by == "coach" and len(coaching.record(db, w.owner.id, w.coaching_id)) == 2,
          " (as the coach)", unknown_id=lambda db, u, w: coaching.add_note(db, u, _new_id(), "a note"),
          viewer="coach", intruders=THIRD_PARTIES),
    Write(coaching.mark_done, lambda db, u, w: coaching.mark_done(db, u, w.coaching_id, _note_id(db, w)),
          NotCoaching,
          lambda db, w, r: r is True and coaching.record(db, w.coach.id, w.coaching_id)[0].done_at is not None,
          unknown_id=lambda db, u, w: coaching.mark_done(db, u, _new_id(), _note_id(db, w)),
          intruders=THIRD_PARTIES),
    Write(coaching.mark_done, lambda db, u, w: coaching.mark_done(db, u, w.coaching_id, _note_id(db, w)),
          NotCoaching,
          lambda db, w, r: r is True and coaching.record(db, w.owner.id, w.coaching_id)[0].done_at is not None,
          " (as the coach)", unknown_id=lambda db, u, w: coaching.mark_done(db, u, _new_id(), _note_id(db, w)),
          viewer="coach", intruders=THIRD_PARTIES),
)  # fmt: skip


# -- the owner's group ----------------------------------------------------------------------------------
def _closed_weeks() -> list[date]:
    """The Mondays of the owner's group's closed weeks."""
    return group_figures.closed_weeks(GROUP_START.date(), utcnow().date())


def _hidden(week: group_figures.WeekFigures) -> bool:
    """A week with no figure at all: fewer than k members behind every one."""
    return (week.mood, week.energy, week.quadrants) == (None, None, None) and set(week.burnout.values()) == {None}


def _mine(db: Database, w: World) -> groups.Membership:
    """The owner's place in their group, as the owner's page shows it."""
    [membership] = [m for m in groups.my_groups(db, w.owner.id) if m.group.id == w.group_id]
    return membership


def _members(db: Database, w: World) -> list[tuple[str, bool, bool]]:
    """(name, facilitating, waiting) for everyone in the owner's group, asked as the owner."""
    return [(m.username, m.facilitator, m.pending) for m in groups.roster(db, w.owner.id, w.group_id)]


def _post_id(db: Database, w: World) -> str:
    """The owner's post on the wall (looked up as the owner)."""
    [post] = group_wall.wins_wall(db, w.owner.id, w.group_id)
    return post.id


def _own_group(db: Database, user_id: str) -> str:
    """A group this person facilitates: the owner's, or one an intruder starts there and then."""
    theirs = [m.group.id for m in groups.my_groups(db, user_id) if m.facilitator]
    return theirs[0] if theirs else groups.create_group(db, user_id, "A group of my own").group.id


def _member_asks(db: Database, w: World) -> None:
    groups.join_with_code(db, w.member.id, w.group_code)


def _member_joins(db: Database, w: World) -> None:
    _member_asks(db, w)
    groups.approve(db, w.owner.id, w.group_id, w.member.id)


def _step_down(db: Database, w: World) -> None:
    """The group is left without a facilitator, the owner still a member (through the store: the service has no
    way to step down but leaving)."""
    groups_repo.set_role(db, w.group_id, w.owner.id, groups_repo.MEMBER)


def _take_down(db: Database, w: World) -> None:
    assert group_wall.take_down_win(db, w.owner.id, w.group_id, _post_id(db, w))


def _only_the_new_code_works(db: Database, w: World, code: str) -> bool:
    old = _outcome(lambda: groups.join_with_code(db, w.member.id, w.group_code))
    new = groups.join_with_code(db, w.member.id, code)
    return old == ("raised", f"GroupError: {group_codes.CODE_UNKNOWN}") and new.pending


# Everything of a group is for its members: to anyone else, the owner's group is refused just as one that doesn't
# exist (unknown_id), and the owner, its facilitator, sees what is theirs to see.
GROUP_READS: tuple[Read, ...] = (
    Read(groups.my_groups, lambda db, u, w: groups.my_groups(db, u),
         lambda r, w: [(m.group.id, m.group.name, m.facilitator, m.pending, m.sharing) for m in r]
         == [(w.group_id, f"group-{w.token}", True, False, Sharing(True, True, True))]),
    Read(groups.view, lambda db, u, w: groups.view(db, u, w.group_id, w.lib),
         lambda r, w: r.membership.facilitator and [m.username for m in r.roster] == ["owner"]
         and _has("post words", "group name")(r, w),
         unknown_id=lambda db, u, w: groups.view(db, u, _new_id(), w.lib)),
    Read(group_figures.week_figures, lambda db, u, w: group_figures.week_figures(db, u, w.group_id),
         lambda r, w: [x.week_start for x in r] == _closed_weeks() and all(map(_hidden, r)),
         unknown_id=lambda db, u, w: group_figures.week_figures(db, u, _new_id())),
    Read(group_wall.wins_wall, lambda db, u, w: group_wall.wins_wall(db, u, w.group_id),
         lambda r, w: [(p.text, p.name, p.mine) for p in r] == [(f"posted-{w.token}", "owner", True)],
         unknown_id=lambda db, u, w: group_wall.wins_wall(db, u, _new_id())),
    Read(group_wall.open_wall, lambda db, u, w: group_wall.open_wall(db, u, w.group_id),
         lambda r, w: (r.on, r.waiting) == (True, 0) and list(r.faces.index) == ["owner"],
         unknown_id=lambda db, u, w: group_wall.open_wall(db, u, _new_id())),
    Read(group_wall.postable_wins, lambda db, u, w: group_wall.postable_wins(db, u, w.group_id),
         lambda r, w: [s.id for s in r] == [w.win_id] and _has("words")(r, w),
         unknown_id=lambda db, u, w: group_wall.postable_wins(db, u, _new_id())),
    Read(groups.roster, lambda db, u, w: groups.roster(db, u, w.group_id),
         lambda r, w: [(m.username, m.facilitator, m.pending) for m in r] == [("owner", True, False)],
         unknown_id=lambda db, u, w: groups.roster(db, u, _new_id())),
)  # fmt: skip

GROUP_WRITES: tuple[Write, ...] = (
    # Anyone may start a group: it is theirs alone, and the owner's stays as it was.
    Write(groups.create_group, lambda db, u, w: groups.create_group(db, u, "A group of my own"),
          lambda r: isinstance(r, groups.Created) and r.group.name == "A group of my own",
          lambda db, w, r: sorted(m.group.id for m in groups.my_groups(db, w.owner.id))
          == sorted([w.group_id, r.group.id])),
    # The code lets whoever holds it (here the other person) ask to join, and no further: waiting, they see nothing.
    # Its maker is in already. (Everyone else, and old or made-up codes: test_a_join_code_lets_someone_only_ask.)
    Write(groups.join_with_code, lambda db, u, w: groups.join_with_code(db, u, w.group_code), GroupError,
          lambda db, w, r: (r.group.id, r.pending, r.sharing) == (w.group_id, True, Sharing())
          and _asked(lambda: groups.view(db, w.other.id, w.group_id, w.lib)) == WAITING,
          " (the owner's code)", viewer="other", intruders=("owner",)),
    Write(groups.leave, lambda db, u, w: groups.leave(db, u, w.group_id), GroupError,
          lambda db, w, r: groups.my_groups(db, w.owner.id) == [],
          unknown_id=lambda db, u, w: groups.leave(db, u, _new_id())),
    Write(groups.take_on_facilitating, lambda db, u, w: groups.take_on_facilitating(db, u, w.group_id), GroupError,
          lambda db, w, r: _mine(db, w).facilitator,
          unknown_id=lambda db, u, w: groups.take_on_facilitating(db, u, _new_id()), prepare=_step_down),
    # Turning check-ins on (with the password) and scores off, after the owner turned check-ins off.
    Write(groups.set_sharing,
          lambda db, u, w: groups.set_sharing(db, u, w.group_id, Sharing(False, True, True), PASSWORD), GroupError,
          lambda db, w, r: r == _mine(db, w).sharing == Sharing(False, True, True),
          unknown_id=lambda db, u, w: groups.set_sharing(db, u, _new_id(), Sharing(False, True, True), PASSWORD),
          prepare=lambda db, w: groups.set_sharing(db, w.owner.id, w.group_id, Sharing(True, False, True))),
    # The facilitator's powers: for the owner alone.
    Write(groups.approve, lambda db, u, w: groups.approve(db, u, w.group_id, w.member.id), GroupError,
          lambda db, w, r: _members(db, w) == [("owner", True, False), ("member", False, False)],
          unknown_id=lambda db, u, w: groups.approve(db, u, _new_id(), w.member.id), prepare=_member_asks),
    Write(groups.decline, lambda db, u, w: groups.decline(db, u, w.group_id, w.member.id), GroupError,
          lambda db, w, r: _members(db, w) == [("owner", True, False)] and groups.my_groups(db, w.member.id) == [],
          unknown_id=lambda db, u, w: groups.decline(db, u, _new_id(), w.member.id), prepare=_member_asks),
    Write(groups.remove_member, lambda db, u, w: groups.remove_member(db, u, w.group_id, w.member.id), GroupError,
          lambda db, w, r: _members(db, w) == [("owner", True, False)] and groups.my_groups(db, w.member.id) == [],
          unknown_id=lambda db, u, w: groups.remove_member(db, u, _new_id(), w.member.id), prepare=_member_joins),
    Write(groups.rotate_code, lambda db, u, w: groups.rotate_code(db, u, w.group_id), GroupError,
          _only_the_new_code_works, unknown_id=lambda db, u, w: groups.rotate_code(db, u, _new_id())),
    Write(groups.set_min_members, lambda db, u, w: groups.set_min_members(db, u, w.group_id, 7), GroupError,
          lambda db, w, r: _mine(db, w).group.min_members == 7,
          unknown_id=lambda db, u, w: groups.set_min_members(db, u, _new_id(), 7)),
    Write(groups.set_regroup_prompt,
          lambda db, u, w: groups.set_regroup_prompt(db, u, w.group_id, w.prompt_id, w.lib), GroupError,
          lambda db, w, r: _mine(db, w).group.regroup_prompt_id == w.prompt_id,
          unknown_id=lambda db, u, w: groups.set_regroup_prompt(db, u, _new_id(), w.prompt_id, w.lib)),
    Write(groups.set_regroup_prompt_text,
          lambda db, u, w: groups.set_regroup_prompt_text(db, u, w.group_id, "What carried you this week?"),
          GroupError, lambda db, w, r: _mine(db, w).group.regroup_prompt_text == "What carried you this week?",
          unknown_id=lambda db, u, w: groups.set_regroup_prompt_text(db, u, _new_id(), "What carried you?")),
    Write(groups.set_admin_made_only, lambda db, u, w: groups.set_admin_made_only(db, u, w.group_id, True),
          GroupError, lambda db, w, r: _mine(db, w).group.admin_made_only,
          unknown_id=lambda db, u, w: groups.set_admin_made_only(db, u, _new_id(), True), prepare=_made_by_admin),
    Write(group_wall.set_open_wall, lambda db, u, w: group_wall.set_open_wall(db, u, w.group_id, False), GroupError,
          lambda db, w, r: not _mine(db, w).group.open_wall and not _mine(db, w).sharing.open_wall,
          unknown_id=lambda db, u, w: group_wall.set_open_wall(db, u, _new_id(), False)),
    # Posting: only to a group one is in, and only a win of one's own: the owner's win, on a wall of one's own,
    # is refused exactly as a win that doesn't exist. (The owner posts again, once they've taken the post down.)
    Write(group_wall.post_win,
          lambda db, u, w: group_wall.post_win(db, u, _own_group(db, u), w.win_id, "Our words", True), GroupError,
          lambda db, w, r: [p.text for p in group_wall.wins_wall(db, w.owner.id, w.group_id)] == ["Our words"],
          unknown_id=lambda db, u, w: group_wall.post_win(db, u, _own_group(db, u), _new_id(), "Our words", True),
          prepare=_take_down),
    Write(group_wall.post_win,
          lambda db, u, w: group_wall.post_win(db, u, w.group_id, w.win_id, "Our words", True), GroupError,
          lambda db, w, r: [p.text for p in group_wall.wins_wall(db, w.owner.id, w.group_id)] == ["Our words"],
          " (to the owner's group)",
          unknown_id=lambda db, u, w: group_wall.post_win(db, u, _new_id(), w.win_id, "Our words", True),
          prepare=_take_down),
    Write(group_wall.take_down_win, lambda db, u, w: group_wall.take_down_win(db, u, w.group_id, _post_id(db, w)),
          lambda r: r is False, lambda db, w, r: r is True and group_wall.wins_wall(db, w.owner.id, w.group_id) == [],
          unknown_id=lambda db, u, w: group_wall.take_down_win(db, u, w.group_id, _new_id())),
    Write(group_wall.take_down_win,
          lambda db, u, w: group_wall.take_down_win(db, u, _own_group(db, u), _post_id(db, w)),
          lambda r: r is False, lambda db, w, r: r is True and group_wall.wins_wall(db, w.owner.id, w.group_id) == [],
          " (through a group of their own)",
          unknown_id=lambda db, u, w: group_wall.take_down_win(db, u, _own_group(db, u), _new_id())),
)  # fmt: skip

ALL_READS = (*READS, *COACHING_READS, *GROUP_READS)
ALL_WRITES = (*WRITES, *COACHING_WRITES, *GROUP_WRITES)


def _params(rows: tuple[Read, ...] | tuple[Write, ...]) -> list:
    return [pytest.param(row, intruder, id=f"{row.id}-{intruder}") for row in rows for intruder in row.intruders]


def _outcome(call: Callable[[], object]) -> tuple[str, object]:
    try:
        return "returned", _plain(call())
    except Exception as exc:
        return "raised", f"{type(exc).__name__}: {exc}"


@dataclass(frozen=True)
class Refused:
    """How together.coaching or together.groups refused a call: the same refusal is the same answer."""

    why: str


def _asked(call: Callable[[], object]) -> object:
    try:
        return call()
    except (CoachingError, GroupError) as exc:
        return Refused(f"{type(exc).__name__}: {exc}")


WAITING = Refused(f"GroupError: {group_access.WAITING}")  # a request to join, not yet approved


def _steady(row: Read, result: object) -> object:
    return result if isinstance(result, Refused) else row.steady(result)


@pytest.mark.parametrize(("row", "intruder"), _params(ALL_READS))
def test_a_read_shows_an_intruder_nothing_of_the_owners(
    db: Database, make_user: Callable[..., User], row: Read, intruder: str
) -> None:
    w = _world(db, make_user)
    who = getattr(w, intruder)
    before = _plain(_steady(row, _asked(lambda: row.call(db, who.id, w))))
    _plant(db, w)

    mine = row.call(db, getattr(w, row.viewer).id, w)
    assert row.owner_sees(mine, w), f"the {row.viewer} doesn't see what is theirs to see: {_text(mine)[:2000]}"
    if row.viewer == "coach":
        unshared = [name for name in _leaks(w, mine) if name in NEVER_FOR_THE_COACH]
        assert unshared == [], f"the coach sees the owner's {unshared}, never shared: {_text(mine)[:2000]}"
    owners_rows = _owners_rows(db, w.owner.id)
    after = _asked(lambda: row.call(db, who.id, w))
    assert _leaks(w, after) == [], f"{intruder} sees the owner's data: {_text(after)[:2000]}"
    assert _owners_rows(db, w.owner.id) == owners_rows, f"{intruder} asking changed the owner's rows"
    assert _plain(_steady(row, after)) == before, f"what {intruder} sees changed when the owner wrote"
    if row.unknown_id is not None:
        # Refused exactly as for an id that doesn't exist: no telling whether the owner has it.
        assert _outcome(lambda: row.call(db, who.id, w)) == _outcome(lambda: row.unknown_id(db, who.id, w))


@pytest.mark.parametrize(("row", "intruder"), _params(ALL_WRITES))
def test_a_write_by_an_intruder_is_refused_and_changes_nothing_of_the_owners(
    db: Database, make_user: Callable[..., User], row: Write, intruder: str
) -> None:
    w = _world(db, make_user)
    who = getattr(w, intruder)
    _plant(db, w)
    if row.prepare is not None:
        row.prepare(db, w)
    owners_before = _owners_rows(db, w.owner.id)

    if isinstance(row.intruder_gets, type):
        with pytest.raises(row.intruder_gets) as refusal:
            row.call(db, who.id, w)
        assert _leaks(w, str(refusal.value)) == []
    else:
        result = row.call(db, who.id, w)
        assert row.intruder_gets(result), f"{intruder} was not refused: {_text(result)[:2000]}"
        assert _leaks(w, result) == [], f"{intruder} got the owner's data back: {_text(result)[:2000]}"
    assert _owners_rows(db, w.owner.id) == owners_before, f"{intruder} changed the owner's rows"
    if row.unknown_id is not None:
        # Refused exactly as for an id that doesn't exist: no telling whether the owner has it.
        assert _outcome(lambda: row.call(db, who.id, w)) == _outcome(lambda: row.unknown_id(db, who.id, w))

    done = row.call(db, getattr(w, row.viewer).id, w)
    assert row.owner_done(db, w, done), f"the {row.viewer} couldn't do it: the row doesn't aim at the owner's things"


@pytest.mark.parametrize("who", ["admin", "other", "owner", "coach"])
def test_the_code_that_started_the_coaching_lets_nobody_in_again(
    db: Database, make_user: Callable[..., User], who: str
) -> None:
    w = _world(db, make_user)
    _plant(db, w)
    user = getattr(w, who)
    before = _owners_rows(db, w.owner.id)
    used = _outcome(lambda: coaching.accept_invite(db, user.id, w.used_code))
    made_up = _outcome(lambda: coaching.accept_invite(db, user.id, "COACH-0000-0000-0000"))
    assert used == made_up == ("raised", f"CoachingError: {coaching.CODE_INVALID}")
    assert _owners_rows(db, w.owner.id) == before
    assert [c.id for c in coaching.coaches(db, w.owner.id)] == [w.coaching_id]


def _group_calls(db: Database, user_id: str, w: World) -> dict[str, Callable[[], object]]:
    """Everything someone might try in the owner's group, short of leaving it."""
    gid = w.group_id
    return {
        "the group": lambda: groups.view(db, user_id, gid, w.lib),
        "its weeks": lambda: group_figures.week_figures(db, user_id, gid),
        "its wins wall": lambda: group_wall.wins_wall(db, user_id, gid),
        "its open wall": lambda: group_wall.open_wall(db, user_id, gid),
        "their wins to post": lambda: group_wall.postable_wins(db, user_id, gid),
        "who is in it": lambda: groups.roster(db, user_id, gid),
        "sharing with it": lambda: groups.set_sharing(db, user_id, gid, Sharing(True, True, True), PASSWORD),
        "posting the owner's win": lambda: group_wall.post_win(db, user_id, gid, w.win_id, "Our words", True),
        "approving themselves": lambda: groups.approve(db, user_id, gid, user_id),
        "taking on facilitating": lambda: groups.take_on_facilitating(db, user_id, gid),
        "a new code": lambda: groups.rotate_code(db, user_id, gid),
    }


@pytest.mark.parametrize("who", OWNERS_INTRUDERS)
def test_a_join_code_lets_someone_only_ask_and_asking_shows_them_nothing(
    db: Database, make_user: Callable[..., User], who: str
) -> None:
    w = _world(db, make_user)
    _plant(db, w)
    user = getattr(w, who)
    before = _owners_rows(db, w.owner.id)
    old = _outcome(lambda: groups.join_with_code(db, user.id, w.old_group_code))
    made_up = _outcome(lambda: groups.join_with_code(db, user.id, "HARB-0000-0000-0000"))
    assert old == made_up == ("raised", f"GroupError: {group_codes.CODE_UNKNOWN}")
    assert _owners_rows(db, w.owner.id) == before and groups.my_groups(db, user.id) == []

    asked = groups.join_with_code(db, user.id, w.group_code)
    assert (asked.group.id, asked.pending, asked.facilitator, asked.sharing) == (w.group_id, True, False, Sharing())
    assert set(_leaks(w, [asked, groups.my_groups(db, user.id)])) <= set(THE_GROUP_ITSELF)
    # The only change: a request, waiting, sharing nothing.
    after, members = _owners_rows(db, w.owner.id), "group_members of their groups"
    assert {k: v for k, v in after.items() if k != members} == {k: v for k, v in before.items() if k != members}
    assert set(before[members]) < set(after[members]) and len(after[members]) == len(before[members]) + 1
    row = db.one(
        "SELECT role, status, share_scores, share_checkins, open_wall FROM group_members "
        "WHERE group_id = ? AND user_id = ?",
        [w.group_id, user.id],
    )
    assert row == (groups_repo.MEMBER, groups_repo.PENDING, False, False, False)

    for name, call in _group_calls(db, user.id, w).items():
        got = _asked(call)
        assert got == WAITING, f"{who}, waiting for approval, gets {name}: {_text(got)[:2000]}"
    assert _owners_rows(db, w.owner.id) == after


def test_a_member_of_the_group_sees_the_post_and_no_ones_scores(db: Database, make_user: Callable[..., User]) -> None:
    """Another account joins the owner's group and is approved, sharing nothing. The owner shares everything, but
    with two members and k = 5 no figure may show; and nothing of the owner's journal but the words they posted."""
    w = _world(db, make_user)
    _plant(db, w)
    now = utcnow()
    last_week = group_figures.week_start(now.date()) - timedelta(weeks=1)
    for n in range(7):  # the whole of last week, every day low and unpleasant, and a check-in: all shared
        entries.save_new(db, w.owner.id, str(uuid.uuid4()), EntryInput(
            "free", {"text": f"body-{w.token} day {n}"}, mood=1, energy=1, tags=[f"tag-{w.token}"],
            entry_date=last_week + timedelta(days=n)), w.lib)  # fmt: skip
    burnout.save_checkin(db, w.owner.id, str(uuid.uuid4()), OWNER_ANSWERS, False, last_week + timedelta(days=2))
    groups.join_with_code(db, w.member.id, w.group_code, now=now)
    groups.approve(db, w.owner.id, w.group_id, w.member.id, now=now)  # closes the weeks gone by, the owner's in

    seen = {
        "the group": groups.view(db, w.member.id, w.group_id, w.lib, now=now),
        "its weeks": group_figures.week_figures(db, w.member.id, w.group_id, now=now),
        "its wins wall": group_wall.wins_wall(db, w.member.id, w.group_id),
        "its open wall": group_wall.open_wall(db, w.member.id, w.group_id, now=now),
        "their groups": groups.my_groups(db, w.member.id),
    }
    assert set(_leaks(w, seen)) == {"post words", *THE_GROUP_ITSELF}, f"the member sees {_leaks(w, seen)}"
    view, weeks, wall = seen["the group"], seen["its weeks"], seen["its open wall"]
    assert [(p.text, p.name, p.mine) for p in seen["its wins wall"]] == [(f"posted-{w.token}", "owner", False)]
    assert (view.members, view.membership.facilitator, view.roster, view.wins) == (2, False, [], seen["its wins wall"])
    assert last_week in [x.week_start for x in weeks] and _plain(view.weeks) == _plain(weeks)
    shown = [x for x in weeks if not _hidden(x)]
    assert shown == [], f"a figure from fewer than k members: {_text(shown)[:2000]}"
    # The open wall names people: it shows nothing until every member opts in, and the member hasn't.
    assert (wall.on, wall.waiting, wall.faces) == (True, 1, None) and _plain(view.wall) == _plain(wall)


# -- taking it back -------------------------------------------------------------------------------------
def _coach_view(db: Database, who: str, w: World) -> dict[str, object]:
    """Every read of the coach's, asked by `who` about the owner; a refusal as Refused."""
    calls = {
        "mentees": lambda: coaching.mentees(db, who),
        "mentee": lambda: coaching.mentee(db, who, w.coaching_id),
        "charts": lambda: coaching.mentee_charts(db, who, w.coaching_id, None, TODAY, TODAY),
        "check-ins": lambda: coaching.mentee_checkins(db, who, w.coaching_id, None, TODAY),
        "wins": lambda: coaching.mentee_wins(db, who, w.coaching_id, None, TODAY),
        "entries": lambda: coaching.mentee_entries(db, who, w.coaching_id),
        "the shared entry": lambda: coaching.mentee_entry(db, who, w.coaching_id, w.win_id),
        "the entry never shared": lambda: coaching.mentee_entry(db, who, w.coaching_id, w.plain_id),
        "an entry nobody wrote": lambda: coaching.mentee_entry(db, who, w.coaching_id, str(uuid.uuid4())),
        "people": lambda: coaching.mentee_people(db, who, w.coaching_id),
    }
    return {name: _asked(call) for name, call in calls.items()}


NOT_COACHING = Refused(f"NotCoaching: {coaching.NOT_COACHING}")
NOT_SHARED = Refused(f"NotShared: {coaching.ENTRY_NOT_SHARED}")
SHOWN = (
    "charts",
    "check-ins",
    "wins",
    "entries",
    "the shared entry",
    "people",
)  # what the coach sees while all is shared


def _stop(*scopes: str) -> Callable[[Database, World], None]:
    def revoke(db: Database, w: World) -> None:
        for scope in scopes:
            assert coaching.stop_sharing(db, w.owner.id, w.coaching_id, scope) is True

    return revoke


def _stop_everything(db: Database, w: World) -> None:
    assert coaching.stop_sharing_entry(db, w.owner.id, w.coaching_id, w.win_id) is True
    _stop(*coaching.SCOPES)(db, w)


# How the owner takes something back; what the coach then gets instead; which scopes are off after it.
REVOCATIONS: dict[str, tuple[Callable[[Database, World], object], dict[str, object], tuple[str, ...]]] = {
    "stop sharing charts": (_stop("share_charts"), {"charts": None}, ("share_charts",)),
    "stop sharing check-ins": (_stop("share_checkins"), {"check-ins": None}, ("share_checkins",)),
    "stop sharing wins": (_stop("share_wins"), {"wins": None}, ("share_wins",)),
    "stop sharing entries": (_stop("share_entries"), {"entries": None, "the shared entry": NOT_SHARED},
                             ("share_entries",)),
    "stop sharing the entry": (
        lambda db, w: coaching.stop_sharing_entry(db, w.owner.id, w.coaching_id, w.win_id),
        {"entries": [], "the shared entry": NOT_SHARED}, ()),
    "stop sharing the people they meet": (_stop("share_people"), {"people": None}, ("share_people",)),
    "stop sharing everything, one by one": (
        _stop_everything,
        {"charts": None, "check-ins": None, "wins": None, "entries": None, "the shared entry": NOT_SHARED,
         "people": None},
        coaching.SCOPES),
    "end the coaching": (
        lambda db, w: coaching.end(db, w.owner.id, w.coaching_id),
        {"mentees": [], "mentee": NOT_COACHING, "charts": NOT_COACHING, "check-ins": NOT_COACHING,
         "wins": NOT_COACHING, "entries": NOT_COACHING, "the shared entry": NOT_SHARED, "people": NOT_COACHING}, ()),
}  # fmt: skip


@pytest.mark.parametrize("revocation", list(REVOCATIONS))
def test_what_the_owner_takes_back_the_coach_gets_no_more(
    db: Database, make_user: Callable[..., User], revocation: str
) -> None:
    revoke, instead, off = REVOCATIONS[revocation]
    w = _world(db, make_user)
    _plant(db, w)
    shared = _coach_view(db, w.coach.id, w)
    assert [name for name in SHOWN if _plain(shared[name]) in (None, []) or isinstance(shared[name], Refused)] == []
    assert shared["the entry never shared"] == shared["an entry nobody wrote"] == NOT_SHARED

    revoke(db, w)
    now = _coach_view(db, w.coach.id, w)
    for name, expected in instead.items():
        assert _plain(now[name]) == _plain(expected), f"after '{revocation}' the coach gets {name}: {_text(now[name])}"
    assert _leaks(w, {name: now[name] for name in instead}) == []
    # The entry taken back is refused exactly as one never shared, or never written: no telling it was there.
    assert now["the shared entry"] == now["the entry never shared"] == now["an entry nobody wrote"] or (
        "the shared entry" not in instead
    )
    for name in set(SHOWN) - set(instead):  # the rest is still shared, just as before
        assert _plain(now[name]) == _plain(shared[name]), f"after '{revocation}' the coach lost {name} too"
    if "mentee" not in instead:
        scope = now["mentee"].scope
        assert {s for s, field in zip(coaching.SCOPES, ("charts", "checkins", "wins", "entries", "people"), strict=True)
                if not getattr(scope, field)} == set(off)  # fmt: skip


def _acts_for_a_person(module: ModuleType) -> set[str]:
    found = set()
    for name, function in vars(module).items():
        if name.startswith("_") or not inspect.isfunction(function) or function.__module__ != module.__name__:
            continue
        if list(inspect.signature(function).parameters)[:2] == ["db", "user_id"]:
            found.add(f"{module.__name__.split('.')[-1]}.{name}")
    return found


def test_every_function_that_acts_for_a_person_is_in_the_matrix() -> None:
    public = set().union(*(_acts_for_a_person(m) for m in MODULES))
    covered = {r.id.split(" (")[0] for r in (*ALL_READS, *ALL_WRITES)}
    assert len(public) >= 20  # the scan finds them at all
    assert public - covered == set(), "add a Read or Write row for these"
    assert covered - public == set(), "rows for functions that no longer act for a person"
