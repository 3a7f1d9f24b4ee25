"""Every read goes through a check of who is asking: the service-level access matrix.

For each public function of journal.entries, .cbi, .settings, .wins, .trends and .exchange that acts for a person
(its first parameters are `db, user_id`), one row below says how to call it against the owner's things.
Two intruders try each row: the admin (the first account, with no journal of their own) and another person
(with a journal of their own). A read must give an intruder exactly what it gave them before the owner wrote
anything, and nothing with the owner's words, ids or scores in it; the owner, asking the same, sees their data.
A write must be refused (or touch only the intruder's own rows) and leave every row of the owner's unchanged;
the owner, doing the same, gets it done.

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

from journal import cbi, entries, exchange, exports, importing, reflective, settings, trends, wins
from journal.accounts import User
from journal.entries import EntryError, EntryInput, SearchFilter
from journal.prompts import Library, library
from journal.store import Database

MODULES: tuple[ModuleType, ...] = (entries, cbi, settings, trends, wins, exchange, exports, importing, reflective)
TODAY = date.today()
INV = cbi.inventory()
# An improbable score: personal = (4 * 100 + 75 + 0) / 6.
OWNER_ANSWERS = dict(zip([i.id for i in INV.scale("personal").items], [100, 100, 100, 100, 75, 0], strict=True))
OWNER_ANSWERS |= {i.id: 25 for i in INV.scale("work").items}
OTHER_ANSWERS = {i.id: 50 for s in INV.scales[:2] for i in s.items}


@dataclass(frozen=True)
class World:
    """Three accounts; the ids of the owner's things are made up front, so intruders can ask for them before
    they exist."""

    lib: Library
    admin: User
    owner: User
    other: User
    token: str  # unique to this test: in the owner's words, tag, trashed entry and draft
    win_id: str
    plain_id: str
    trashed_id: str
    draft_id: str
    checkin_id: str
    prompt_id: str

    @property
    def needles(self) -> dict[str, str]:
        """What of the owner's may never reach anyone else, as it appears in a result."""
        return {
            "words": f"body-{self.token}",
            "tag": f"tag-{self.token}",
            "trashed words": f"trashed-{self.token}",
            "draft words": f"draft-{self.token}",
            "entry id": self.win_id,
            "other entry id": self.plain_id,
            "trashed id": self.trashed_id,
            "draft id": self.draft_id,
            "check-in id": self.checkin_id,
            "personal score": repr(475 / 6),
        }


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


def _owners_rows(db: Database, user_id: str) -> dict[str, list[str]]:
    """Every row that belongs to a person, in every table that names its owner (new tables included)."""
    with db.cursor() as cur:
        tables = [
            r[0]
            for r in cur.execute(
                "SELECT DISTINCT table_name FROM information_schema.columns WHERE column_name = 'user_id' "
                "ORDER BY table_name"
            ).fetchall()
        ]
        rows = {
            t: sorted(map(repr, cur.execute(f"SELECT * FROM {t} WHERE user_id = ?", [user_id]).fetchall()))
            for t in tables
        }
        rows["users"] = list(map(repr, cur.execute("SELECT * FROM users WHERE id = ?", [user_id]).fetchall()))
    return rows


def _world(db: Database, make_user: Callable[..., User]) -> World:
    lib = library()
    admin = make_user("admin")  # the first account is the admin
    assert admin.is_admin
    owner, other = make_user("owner"), make_user("other")
    ids = [str(uuid.uuid4()) for _ in range(5)]
    world = World(lib, admin, owner, other, uuid.uuid4().hex, *ids, prompt_id=lib.prompts[0].id)
    # The other person has a journal of their own, so their results are not simply empty.
    for n, day in enumerate((TODAY - timedelta(days=3), TODAY)):
        inp = EntryInput("free", {"text": f"other's day {n}"}, mood=4, energy=2, tags=["other-tag"], is_win=n == 1)
        inp.entry_date = day
        entries.save_new(db, other.id, str(uuid.uuid4()), inp, lib)
    entries.save_draft(db, other.id, str(uuid.uuid4()), EntryInput("free", {"text": "other's draft"}))
    entries.record_prompt_shown(db, other.id, lib.prompts[1].id)
    cbi.save_checkin(db, other.id, str(uuid.uuid4()), OTHER_ANSWERS, False, TODAY - timedelta(days=2))
    settings.update(db, other.id, cbi_include_client=True)
    return world


def _plant(db: Database, w: World) -> None:
    """The owner's journal: a tagged win, an entry five days ago, one in the trash, a draft, a prompt, a check-in,
    and changed settings."""
    theme = w.lib.themes[0].id
    entries.save_new(db, w.owner.id, w.win_id, EntryInput(
        "free", {"text": f"body-{w.token} a good day"}, mood=1, energy=5, tags=[f"tag-{w.token}", "shift"],
        is_win=True, theme=theme), w.lib)  # fmt: skip
    entries.save_new(db, w.owner.id, w.plain_id, EntryInput(
        "free", {"text": f"body-{w.token} five days ago"}, mood=2, energy=3, tags=[f"tag-{w.token}"],
        entry_date=TODAY - timedelta(days=5)), w.lib)  # fmt: skip
    entries.save_new(db, w.owner.id, w.trashed_id, EntryInput("free", {"text": f"trashed-{w.token}"}), w.lib)
    assert entries.trash(db, w.owner.id, w.trashed_id)
    entries.save_draft(db, w.owner.id, w.draft_id, EntryInput("free", {"text": f"draft-{w.token}"}))
    entries.record_prompt_shown(db, w.owner.id, w.prompt_id)
    cbi.save_checkin(db, w.owner.id, w.checkin_id, OWNER_ANSWERS, False, TODAY)
    settings.update(db, w.owner.id, ask_when_tone_differs=False, cbi_include_client=True)
    assert reflective.prepare(db, w.owner.id, f"nmc-{w.token}", _account(w))


def _account(w: World) -> reflective.ReflectiveAccount:
    """A reflective account about the owner's win, ready to print."""
    return reflective.ReflectiveAccount(w.win_id, TODAY, "nature", "learned", "changed", ("prioritise_people",), "")


# -- the matrix ------------------------------------------------------------------------------------
Call = Callable[[Database, str, World], object]


def _same(result: object) -> object:
    return result


@dataclass(frozen=True)
class Read:
    function: Callable
    call: Call
    owner_sees: Callable[[object, World], bool]
    label: str = ""
    steady: Callable[[object], object] = _same  # the part that must not change (a timestamp of the call may)

    @property
    def id(self) -> str:
        return f"{self.function.__module__.split('.')[-1]}.{self.function.__name__}{self.label}"


@dataclass(frozen=True)
class Write:
    function: Callable
    call: Call
    intruder_gets: Callable[[object], bool] | type[Exception]  # a refusal: a test of the value, or an exception
    owner_done: Callable[[Database, World, object], bool]  # the owner, doing the same, gets it done
    label: str = ""
    unknown_id: Call | None = None  # the same call with an id nobody has: an intruder can't tell the two apart

    @property
    def id(self) -> str:
        return f"{self.function.__module__.split('.')[-1]}.{self.function.__name__}{self.label}"


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


EDIT = EntryInput("free", {"text": "an intruder's words"}, mood=3)
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
    Read(cbi.history, lambda db, u, w: cbi.history(db, u), _has("check-in id", "personal score")),
    Read(cbi.latest, lambda db, u, w: cbi.latest(db, u), _has("check-in id", "personal score")),
    Read(cbi.due, lambda db, u, w: cbi.due(db, u, TODAY), lambda r, w: r is False),
    Read(settings.get, lambda db, u, w: settings.get(db, u),
         lambda r, w: r == settings.Settings(ask_when_tone_differs=False, cbi_include_client=True)),
    Read(wins.wins, lambda db, u, w: wins.wins(db, u, "all", TODAY), _has("words", "entry id")),
    Read(wins.carried_through, lambda db, u, w: wins.carried_through(db, u, TODAY - timedelta(days=30), TODAY),
         _has("words", "entry id")),
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
    Read(reflective.count_last_three_years, lambda db, u, w: reflective.count_last_three_years(db, u, TODAY),
         lambda r, w: r == 1),
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
    Write(cbi.save_checkin, lambda db, u, w: cbi.save_checkin(db, u, w.checkin_id, OTHER_ANSWERS, False, TODAY),
          cbi.CbiError, lambda db, w, r: r.id == w.checkin_id and r.scores.personal == 475 / 6),
    Write(cbi.snooze, lambda db, u, w: cbi.snooze(db, u, TODAY), lambda r: isinstance(r, date),
          lambda db, w, r: settings.get(db, w.owner.id).cbi_snoozed_until == r),
    Write(settings.update, lambda db, u, w: settings.update(db, u, ask_when_tone_differs=True,
                                                            cbi_include_client=False),
          lambda r: r == settings.Settings(),
          lambda db, w, r: settings.get(db, w.owner.id) == settings.Settings()),
    # Someone holding the owner's export file imports it: copies under ids of their own, never the owner's rows.
    Write(exchange.import_json,
          lambda db, u, w: exchange.import_json(db, u, exchange.export_json(db, w.owner.id), w.lib),
          lambda r: isinstance(r, exchange.ImportResult) and r.already_here == 0 and r.entries == 3,
          lambda db, w, r: r.entries == 0 and r.already_here == 6),  # 3 entries, draft, check-in, reflective account
    Write(reflective.prepare, lambda db, u, w: reflective.prepare(db, u, f"nmc-2-{w.token}", _account(w)),
          reflective.AccountError, lambda db, w, r: r is True),
    Write(importing.commit, lambda db, u, w: importing.commit(db, u, _own_file(db, w.owner.id), {}, w.lib),
          lambda r: isinstance(r, exchange.ImportResult) and r.already_here == 0 and r.entries == 3,
          lambda db, w, r: r.entries == 0 and r.already_here == 6),
)  # fmt: skip

INTRUDERS = ("admin", "other")


def _outcome(call: Callable[[], object]) -> tuple[str, object]:
    try:
        return "returned", _plain(call())
    except Exception as exc:
        return "raised", f"{type(exc).__name__}: {exc}"


@pytest.mark.parametrize("intruder", INTRUDERS)
@pytest.mark.parametrize("row", READS, ids=lambda r: r.id)
def test_a_read_shows_an_intruder_nothing_of_the_owners(
    db: Database, make_user: Callable[..., User], row: Read, intruder: str
) -> None:
    w = _world(db, make_user)
    who = getattr(w, intruder)
    before = _plain(row.steady(row.call(db, who.id, w)))
    _plant(db, w)

    mine = row.call(db, w.owner.id, w)
    assert row.owner_sees(mine, w), f"the owner doesn't see their own data: {_text(mine)[:2000]}"
    after = row.call(db, who.id, w)
    assert _leaks(w, after) == [], f"{intruder} sees the owner's data: {_text(after)[:2000]}"
    assert _plain(row.steady(after)) == before, f"what {intruder} sees changed when the owner wrote"


@pytest.mark.parametrize("intruder", INTRUDERS)
@pytest.mark.parametrize("row", WRITES, ids=lambda r: r.id)
def test_a_write_by_an_intruder_is_refused_and_changes_nothing_of_the_owners(
    db: Database, make_user: Callable[..., User], row: Write, intruder: str
) -> None:
    w = _world(db, make_user)
    who = getattr(w, intruder)
    _plant(db, w)
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

    done = row.call(db, w.owner.id, w)
    assert row.owner_done(db, w, done), "the owner couldn't do it: the row doesn't aim at the owner's things"


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
    covered = {r.id.split(" (")[0] for r in (*READS, *WRITES)}
    assert len(public) >= 20  # the scan finds them at all
    assert public - covered == set(), "add a Read or Write row for these"
    assert covered - public == set(), "rows for functions that no longer act for a person"
