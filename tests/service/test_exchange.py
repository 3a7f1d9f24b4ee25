"""Your data is yours: export everything, erase, import into a fresh account, and get the same journal back."""

from __future__ import annotations

import itertools
import json
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import partial
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from journal.accounts import User
from journal.content.library import Library, library
from journal.patterns import burnout
from journal.portability import harbour_json as exchange
from journal.portability.harbour_json import ExchangeError
from journal.reflect import entries
from journal.reflect import own as own_rules
from journal.reflect import people as people_rules
from journal.reflect import settings as user_settings
from journal.reflect import trackers as trackers_rules
from journal.reflect.entries import Entry, EntryInput, SearchFilter
from journal.store import Database
from journal.store import burnout as burnout_repo
from journal.store import entries as entries_repo
from journal.store import exchange as practice_repo
from journal.store import reflective as reflective_repo
from journal.store.erase import erase_account
from journal.text import sentiment
from tests.factories import TODAY
from tests.snapshots import every_row

pytestmark = pytest.mark.usefixtures("fixed_clock")  # imports refuse dates after the held clock's tomorrow
LIB = library()
TEXTS = [
    "",
    "Plain words.",
    "🙂🌊⚓ a good day 👩🏽‍⚕️",
    "שלום עליכם — مرحبا بالعالم",
    "**bold** _it_ # heading\n- list\n[link](https://example.org) ![x](https://evil.example/p.png)",
    "<script>alert(1)</script> <b>Friday</b> &amp; &lt;",
    "line one\r\nline two\n\n\tindented",
    '"quotes" and \\backslashes\\ and {"json": true}',
    "---\ndate: 2020-01-01\n---",
]


def _journal(db: Database, user_id: str) -> dict:
    """A person's whole journal, without ids or owner: what must survive export, erasure and import."""
    summaries = [
        s
        for trashed in (False, True)
        for s in entries.repo.search(db, user_id, SearchFilter(), trashed=trashed, limit=10_000)[0]
    ]
    found = [entries.get(db, user_id, s.id) for s in summaries]
    drafts = entries.drafts(db, user_id)
    practice = practice_repo.read_all(db, user_id)
    by_id = {e.id: e for e in found if e}
    return {
        "entries": sorted((_without_id(e, practice) for e in found if e), key=repr),
        "drafts": sorted(((d.input, d.updated_at, d.is_edit) for d in drafts), key=repr),
        "checkins": sorted(
            ((c.taken_on, c.created_at, c.answers, c.scores) for c in burnout.history(db, user_id)), key=repr
        ),
        "settings": user_settings.get(db, user_id),
        "reflective": sorted(
            (r.prepared_at, r.code_themes, _without_id(entries.get(db, user_id, r.entry_id)))
            for r in reflective_repo.for_user(db, user_id)
        ),
        **_practice_without_ids(practice, by_id),
    }


def _own_content(value: str | None, practice: practice_repo.Practice | None) -> object:
    """An "own:<id>" as what it names, so two accounts' copies compare equal."""
    if practice is None or value is None or not value.startswith(own_rules.OWN):
        return value
    own = value[len(own_rules.OWN) :]
    named = [(t.name, json.loads(t.boxes), t.created_at) for t in practice.own_templates if t.id == own]
    named += [(p.text, p.created_at) for p in practice.own_prompts if p.id == own]
    return ("own", *named)


def _without_id(entry: Entry, practice: practice_repo.Practice | None = None) -> tuple:
    values = {k: v for k, v in entry.__dict__.items() if k not in ("id", "user_id")}
    values["template"] = _own_content(entry.template, practice)
    values["prompt_id"] = _own_content(entry.prompt_id, practice)
    return tuple(sorted(values.items(), key=lambda kv: kv[0]))


def _practice_without_ids(practice: practice_repo.Practice, by_id: dict[str, Entry]) -> dict:
    """A person's relational-practice rows with every id replaced by what it names."""

    def entry(entry_id: str | None) -> object:
        return None if entry_id is None else _without_id(by_id[entry_id], practice)

    people = {p.id: (p.name, p.cares_about, p.created_at, p.updated_at, p.deleted_at) for p in practice.people}
    days = {
        t.id: sorted((d.day, d.value, d.updated_at) for d in practice.tracker_days if d.tracker_id == t.id)
        for t in practice.trackers
    }
    return {
        "people": sorted(people.values(), key=repr),
        "entry_people": sorted(((entry(x.entry_id), people[x.person_id]) for x in practice.entry_people), key=repr),
        "actions": sorted(
            (
                (a.kind, a.text, a.due, entry(a.entry_id), a.person_id and people[a.person_id], a.created_at)
                + (a.done_at, a.let_go_at, entry(a.win_entry_id))
                for a in practice.actions
            ),
            key=repr,
        ),
        "check_backs": sorted(
            (
                (c.kind, entry(c.about_id), c.due_on, c.created_at, entry(c.answered_entry_id))
                + (c.answered_at, c.dismissed_at)
                for c in practice.check_backs
            ),
            key=repr,
        ),
        "own_prompts": sorted(
            ((p.text, p.suggested_in, p.created_at, p.retired_at) for p in practice.own_prompts), key=repr
        ),
        "own_templates": sorted(
            ((t.name, json.loads(t.boxes), t.created_at, t.updated_at, t.retired_at) for t in practice.own_templates),
            key=repr,
        ),
        "trackers": sorted(
            (
                (t.name, t.kind, t.low_label, t.high_label, t.position, t.created_at, t.retired_at, days[t.id])
                for t in practice.trackers
            ),
            key=repr,
        ),
    }


# -- generated journals ---------------------------------------------------------------
texts = st.one_of(st.text(max_size=200), st.sampled_from(TEXTS), st.builds("".join, st.lists(st.sampled_from(TEXTS))))
scale = st.one_of(st.none(), st.integers(1, 5))
days = st.dates(min_value=date(1990, 1, 1), max_value=TODAY)


@st.composite
def entry_inputs(draw: st.DrawFn) -> EntryInput:
    template = draw(st.sampled_from(LIB.templates))
    answers = {f.key: draw(texts) for f in template.fields if draw(st.booleans())}
    prompt = draw(st.one_of(st.none(), st.sampled_from(LIB.prompts)))
    if prompt is not None:
        answers["prompt"] = draw(texts)
    mood = draw(scale)
    if not any(a.strip() for a in answers.values()) and mood is None:
        mood = 3  # an entry needs words, a mood or an energy
    return EntryInput(
        template=template.id,
        answers=answers,
        mood=mood,
        energy=draw(scale),
        tags=draw(
            st.lists(st.one_of(st.text(max_size=20), st.sampled_from(["rest", "team", "🙂", "עבודה"])), max_size=4)
        ),
        is_win=draw(st.booleans()),
        theme=draw(st.one_of(st.none(), st.sampled_from([t.id for t in LIB.themes]))),
        prompt_id=prompt.id if prompt else None,
        prompt_text=prompt.text if prompt else None,
        entry_date=draw(days),
    )


def words(limit: int, min_size: int = 1) -> st.SearchStrategy[str]:
    """Text as a person types it into a short box (what the import would clean out is left out here)."""
    typed = st.text(st.characters(exclude_categories=("Cc", "Cs")), min_size=min_size, max_size=limit)
    return st.one_of(typed, st.sampled_from([t[:limit] for t in TEXTS if t[:limit].strip()])).filter(
        lambda t: len(t) >= min_size and (min_size == 0 or t.strip() != "")
    )


index = st.integers(0, 20)
maybe_index = st.one_of(st.none(), index)


@st.composite
def practices(draw: st.DrawFn) -> dict:
    """People met, actions, check-backs, own prompts and templates (and entries written with them), trackers."""
    return {
        "people": draw(
            st.lists(st.tuples(words(people_rules.MAX_NAME_CHARS), words(300, 0), st.booleans()), max_size=3)
        ),
        "links": draw(st.lists(st.tuples(index, index), max_size=4)),
        "actions": draw(
            st.lists(
                st.tuples(
                    st.sampled_from(people_rules.ACTION_KINDS),
                    words(people_rules.MAX_ACTION_CHARS),
                    st.one_of(st.none(), days),
                    maybe_index,
                    maybe_index,
                    st.sampled_from(["open", "done", "let_go", "win"]),
                ),
                max_size=4,
            )
        ),
        "check_backs": draw(
            st.lists(
                st.tuples(index, days, maybe_index, st.sampled_from(["waiting", "answered", "dismissed"])), max_size=3
            )
        ),
        "prompts": draw(st.lists(st.tuples(words(own_rules.MAX_PROMPT_CHARS), st.booleans()), max_size=2)),
        "templates": draw(
            st.lists(
                st.tuples(
                    words(own_rules.MAX_TEMPLATE_NAME_CHARS),
                    st.lists(
                        st.tuples(words(own_rules.MAX_BOX_LABEL_CHARS), st.booleans()),
                        min_size=1,
                        max_size=own_rules.MAX_BOXES,
                        unique_by=lambda b: b[0],
                    ),
                    st.booleans(),
                ),
                max_size=2,
            )
        ),
        "own_entries": draw(
            st.lists(st.tuples(index, maybe_index, st.lists(words(300), min_size=1, max_size=6)), max_size=3)
        ),
        "trackers": draw(
            st.lists(
                st.tuples(
                    words(trackers_rules.MAX_NAME_CHARS),
                    st.sampled_from(trackers_rules.KINDS),
                    st.one_of(st.none(), words(trackers_rules.MAX_LABEL_CHARS)),
                    st.booleans(),
                    st.dictionaries(days, st.integers(0, 5), max_size=6),
                ),
                max_size=7,
            )
        ),
    }


def _moment(n: int) -> datetime:
    return datetime(2026, 1, 1, 9, 0) + timedelta(hours=n, microseconds=n * 7)


def _write_practice(db: Database, user_id: str, saved: list[str], spec: dict) -> None:
    """The generated rows, written as each part's store would keep them (ids new, references to this person's)."""
    uid = lambda: str(uuid.uuid4())  # noqa: E731
    prompts = [
        practice_repo.OwnPromptRow(uid(), user_id, text, None, _moment(n), _moment(n + 1) if retired else None)
        for n, (text, retired) in enumerate(spec["prompts"])
    ]
    templates = [
        practice_repo.OwnTemplateRow(
            uid(),
            user_id,
            name,
            json.dumps([{"label": label, "long": long} for label, long in boxes]),
            _moment(n),
            _moment(n + 2),
            _moment(n + 3) if retired else None,
        )
        for n, (name, boxes, retired) in enumerate(spec["templates"])
    ]
    written = list(saved)
    for n, (t, p, texts_) in enumerate(spec["own_entries"] if templates else []):
        template = templates[t % len(templates)]
        labels = [b["label"] for b in json.loads(template.boxes)]
        answers = dict(zip(labels, texts_, strict=False))
        prompt = prompts[p % len(prompts)] if prompts and p is not None else None
        if prompt is not None:
            answers["prompt"] = "my own answer"
        body = "\n\n".join(answers.values())
        tone = sentiment.analyse(body)
        row = entries_repo.Entry(
            id=uid(),
            user_id=user_id,
            template=own_rules.OWN + template.id,
            theme=None,
            prompt_id=own_rules.OWN + prompt.id if prompt else None,
            prompt_text=prompt.text if prompt else None,
            answers=answers,
            body=body,
            mood=None,
            energy=None,
            is_win=False,
            polarity=tone.polarity if tone else None,
            subjectivity=tone.subjectivity if tone else None,
            entry_date=TODAY,
            created_at=_moment(n),
            updated_at=_moment(n),
            deleted_at=None,
            revision=1,
            source="harbour",
        )
        entries_repo.insert(db, row)
        written.append(row.id)

    def entry(i: int | None) -> str | None:
        return None if i is None or not written else written[i % len(written)]

    people = [
        practice_repo.PersonRow(
            uid(), user_id, name, cares, _moment(n), _moment(n + 1), _moment(n + 2) if gone else None
        )
        for n, (name, cares, gone) in enumerate(spec["people"])
    ]

    def person(i: int | None) -> str | None:
        return None if i is None or not people else people[i % len(people)].id

    links = {(entry(e), person(p)) for e, p in spec["links"] if written and people}
    actions = [
        practice_repo.ActionRow(
            uid(),
            user_id,
            kind,
            text,
            due,
            entry(e),
            person(p),
            _moment(n),
            _moment(n + 5) if state in ("done", "win") else None,
            _moment(n + 6) if state == "let_go" else None,
            entry(n) if state == "win" else None,
        )
        for n, (kind, text, due, e, p, state) in enumerate(spec["actions"])
    ]
    check_backs = [
        practice_repo.CheckBackRow(
            uid(),
            user_id,
            "entry",
            about,
            due_on,
            _moment(n),
            entry(answered) if state == "answered" else None,
            _moment(n + 72) if state == "answered" else None,
            _moment(n + 80) if state == "dismissed" else None,
        )
        for n, (a, due_on, answered, state) in enumerate(spec["check_backs"])
        if (about := entry(a)) is not None
    ]
    trackers, tracker_days, live = [], [], 0
    for n, (name, kind, label, retired, values) in enumerate(spec["trackers"]):
        retired = retired or live == trackers_rules.MAX_TRACKERS  # never more live than a person can keep
        live += not retired
        tracker = practice_repo.TrackerRow(
            uid(), user_id, name, kind, label, label and label[::-1], n, _moment(n), _moment(n + 9) if retired else None
        )
        trackers.append(tracker)
        tracker_days += [
            practice_repo.TrackerDayRow(
                user_id, tracker.id, day, value % 2 if kind == "yes_no" else max(value, 1), _moment(n)
            )
            for day, value in values.items()
        ]
    practice_repo.write(
        db,
        practice_repo.Practice(
            people,
            [practice_repo.EntryPersonRow(user_id, e, p) for e, p in links if e and p],
            actions,
            check_backs,
            prompts,
            templates,
            trackers,
            tracker_days,
        ),
    )


@st.composite
def journals(draw: st.DrawFn) -> dict:
    inv = burnout.inventory()
    return {
        "practice": draw(practices()),
        "entries": draw(
            st.lists(st.tuples(entry_inputs(), st.sampled_from(["keep", "trash", "edit"])), min_size=1, max_size=5)
        ),
        "drafts": draw(st.lists(entry_inputs(), max_size=2)),
        "edit_draft": draw(st.booleans()),
        "time_zones": draw(
            st.lists(st.sampled_from([None, "Europe/London", "America/New_York", "+05:30"]), max_size=5)
        ),
        "reflective": draw(
            st.lists(
                st.lists(st.sampled_from(["prioritise_people", "preserve_safety"]), min_size=1, max_size=2), max_size=2
            )
        ),
        "checkins": draw(
            st.lists(
                st.tuples(
                    st.fixed_dictionaries({i.id: st.sampled_from(burnout.VALUES) for s in inv.scales for i in s.items}),
                    st.booleans(),
                    days,
                ),
                max_size=2,
            )
        ),
        "settings": draw(
            st.fixed_dictionaries(
                {},
                optional={
                    "ask_when_tone_differs": st.booleans(),
                    "cbi_include_client": st.booleans(),
                    "cbi_snoozed_until": st.one_of(st.none(), days),
                    "reminder_days": st.sampled_from(["", "MO", "MO,WE,FR", "SA,SU"]),
                    "reminder_time": st.sampled_from(["17:30", "07:15", "21:45"]),
                },
            )
        ),
    }


def _write(db: Database, user_id: str, journal: dict) -> None:
    saved = []
    for inp, fate in journal["entries"]:
        try:
            entry = entries.save_new(db, user_id, str(uuid.uuid4()), inp, LIB).entry
        except entries.EntryError:
            continue  # e.g. nothing left once invisible characters are removed
        saved.append(entry)
        if fate == "trash":
            entries.trash(db, user_id, entry.id)
        elif fate == "edit":
            changed = entries.as_input(entry)
            changed.is_win = not changed.is_win
            entries.update(db, user_id, entry.id, changed, entry.revision, LIB)
    for entry, zone in zip(saved, journal["time_zones"], strict=False):  # as an import from another app would set
        db.execute("UPDATE entries SET time_zone = ? WHERE id = ?", [zone, entry.id])
    for n, themes in enumerate(journal["reflective"]):
        if saved:
            row = reflective_repo.ReflectiveAccountRow(
                str(uuid.uuid4()),
                user_id,
                saved[n % len(saved)].id,
                datetime(2026, 3, n + 1, 9, 30),
                json.dumps(themes),
            )
            reflective_repo.record(db, row)
    _write_practice(db, user_id, [e.id for e in saved], journal["practice"])
    for inp in journal["drafts"]:
        entries.save_draft(db, user_id, str(uuid.uuid4()), inp)
    live = [e for e in saved if entries.get(db, user_id, e.id).deleted_at is None]
    if journal["edit_draft"] and live:
        entries.save_draft(db, user_id, live[0].id, entries.as_input(live[0]))
    for answers, include_client, taken_on in journal["checkins"]:
        burnout.save_checkin(db, user_id, str(uuid.uuid4()), answers, include_client, taken_on)
    user_settings.update(db, user_id, **journal["settings"])


_names = itertools.count()


@dataclass(frozen=True)
class RoundTrip:
    before: dict  # what `read` gave for the person who wrote it
    fresh: str  # the account it was imported into, after the writer's was erased
    exported: str
    result: exchange.ImportResult


def export_erase_import(
    db: Database,
    make_user: Callable[..., User],
    write: Callable[[str], None],
    read: Callable[[str], dict],
    gone: Callable[[str], bool],
) -> RoundTrip:
    """Write into a new account, export it, erase it (then `gone` holds for it), import the export into another new
    account: what `read` gives must be the same for both."""
    n = next(_names)
    person = make_user(f"writer {n}")
    write(person.id)
    before = read(person.id)
    exported = exchange.export_json(db, person.id)

    assert erase_account(db, person.id)
    assert gone(person.id)

    fresh = make_user(f"returner {n}")
    result = exchange.import_json(db, fresh.id, exported, LIB)
    assert read(fresh.id) == before
    return RoundTrip(before, fresh.id, exported, result)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(journal=journals())
def test_export_erase_import_gives_back_the_same_journal(
    db: Database, make_user: Callable[..., User], journal: dict
) -> None:
    trip = export_erase_import(
        db,
        make_user,
        lambda user_id: _write(db, user_id, journal),
        partial(_journal, db),
        lambda user_id: _journal(db, user_id)["entries"] == [],
    )
    before, fresh, exported, result = trip.before, trip.fresh, trip.exported, trip.result
    assert result.entries == len(before["entries"]) and result.checkins == len(before["checkins"])
    assert result.drafts == len(before["drafts"]) and result.already_here == 0
    assert (result.people, result.actions, result.trackers) == tuple(
        len(before[k]) for k in ("people", "actions", "trackers")
    )
    assert result.tracker_days == sum(len(t[-1]) for t in before["trackers"])

    again = exchange.import_json(db, fresh, exported, LIB)
    assert (again.entries, again.drafts, again.checkins, again.settings) == (0, 0, 0, 0)
    assert (again.people, again.entry_people, again.actions, again.check_backs, again.tracker_days) == (0,) * 5
    assert _journal(db, fresh) == before


# -- the export ------------------------------------------------------------------------
@pytest.fixture
def other(make_user: Callable[..., User]) -> User:
    return make_user("sam")


def _save(db: Database, person: User, text: str, **fields: object) -> Entry:
    return entries.save_new(db, person.id, str(uuid.uuid4()), EntryInput("free", {"text": text}, **fields), LIB).entry  # type: ignore[arg-type]


def test_the_export_is_versioned_and_holds_everything_written(db: Database, user: User, lib: Library) -> None:
    kept = _save(db, user, "kept", mood=4, energy=2, tags=["team"], is_win=True, entry_date=date(2024, 3, 1))
    gone = _save(db, user, "in the trash")
    entries.trash(db, user.id, gone.id)
    entries.save_draft(db, user.id, "draft-1", EntryInput("free", {"text": "half"}))
    inv = burnout.inventory()
    burnout.save_checkin(db, user.id, "c1", {i.id: 75 for i in inv.scale("personal").items}, False)
    user_settings.update(db, user.id, cbi_snoozed_until=date(2030, 1, 2))

    doc = json.loads(exchange.export_json(db, user.id))

    assert (doc["format"], doc["version"]) == ("harbour", 3)
    assert datetime.fromisoformat(doc["exported_at"]).utcoffset() == timedelta(0)
    assert doc["account"]["username"] == "alex"
    by_text = {e["body"]: e for e in doc["entries"]}
    first = by_text["kept"]
    assert first["id"] == kept.id and first["answers"] == {"text": "kept"}
    assert (first["mood"], first["energy"], first["tags"], first["is_win"]) == (4, 2, ["team"], True)
    assert (first["entry_date"], first["revision"], first["source"], first["trashed"]) == (
        "2024-03-01",
        1,
        "harbour",
        False,
    )
    assert datetime.fromisoformat(first["created_at"]).replace(tzinfo=None) == kept.created_at
    assert by_text["in the trash"]["trashed"] is True and by_text["in the trash"]["deleted_at"]
    assert doc["drafts"][0]["entry_id"] == "draft-1" and doc["drafts"][0]["input"]["answers"] == {"text": "half"}
    assert doc["burnout_checkins"][0]["scores"]["personal"] == 75
    assert doc["settings"] == {"cbi_snoozed_until": "2030-01-02"}


def test_the_export_never_holds_a_password_hash_or_anyone_elses_writing(db: Database, user: User, other: User) -> None:
    _save(db, user, "mine")
    _save(db, other, "someone else's secret")
    text = exchange.export_json(db, user.id)
    hashes = [r[0] for r in db.all("SELECT password_hash FROM users")]
    assert not any(h in text for h in hashes) and "argon2" not in text
    assert "someone else's secret" not in text and other.id not in text and "sam" not in text


# -- the import --------------------------------------------------------------------------
def test_importing_keeps_original_dates_but_makes_everything_the_importers(
    db: Database, user: User, other: User
) -> None:
    theirs = _save(db, other, "their entry")
    document = {
        "format": "harbour",
        "version": 1,
        "entries": [
            {
                "id": theirs.id,  # an id that is someone else's in this database
                "template": "free",
                "answers": {"text": "written long ago"},
                "entry_date": "2019-05-06",
                "created_at": "2019-05-06T21:30:00+01:00",
                "updated_at": "2019-05-07T08:00:00+00:00",
                "revision": 2,
            }
        ],
    }
    result = exchange.import_json(db, user.id, json.dumps(document), LIB)
    assert result.entries == 1
    [summary] = entries.search(db, user.id, SearchFilter())[0]
    mine = entries.get(db, user.id, summary.id)
    assert mine.id != theirs.id and mine.body == "written long ago"
    assert (mine.entry_date, mine.revision) == (date(2019, 5, 6), 2)
    assert mine.created_at == datetime(2019, 5, 6, 20, 30)  # kept, in UTC
    assert mine.polarity is not None  # worked out again, not read
    assert entries.get(db, other.id, theirs.id) == theirs


def test_bringing_back_your_own_export_adds_nothing(db: Database, user: User) -> None:
    _save(db, user, "one")
    entries.save_draft(db, user.id, "d", EntryInput("free", {"text": "half"}))
    before = every_row(db)
    result = exchange.import_json(db, user.id, exchange.export_json(db, user.id), LIB)
    assert (result.entries, result.drafts, result.already_here) == (0, 0, 2)
    assert every_row(db) == before


def test_a_setting_already_chosen_in_this_account_is_kept(db: Database, user: User, other: User) -> None:
    user_settings.update(db, other.id, ask_when_tone_differs=False, cbi_include_client=True)
    user_settings.update(db, user.id, cbi_include_client=False)
    result = exchange.import_json(db, user.id, exchange.export_json(db, other.id), LIB)
    assert result.settings == 1
    mine = user_settings.get(db, user.id)
    assert (mine.ask_when_tone_differs, mine.cbi_include_client) == (False, False)


def test_a_failure_while_writing_leaves_nothing_half_imported(
    db: Database, user: User, other: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    _save(db, other, "one")
    inv = burnout.inventory()
    burnout.save_checkin(db, other.id, "c1", {i.id: 75 for i in inv.scale("personal").items}, False)
    exported = exchange.export_json(db, other.id)
    before = every_row(db)

    def broken(*_: object) -> None:
        raise RuntimeError("disk went away")

    monkeypatch.setattr(burnout_repo, "insert", broken)  # entries are written first, then this fails
    with pytest.raises(RuntimeError):
        exchange.import_json(db, user.id, exported, LIB)
    assert every_row(db) == before


def _valid_entry(**changes: object) -> dict:
    entry = {
        "id": "e1",
        "template": "free",
        "answers": {"text": "fine"},
        "entry_date": "2024-03-01",
        "created_at": "2024-03-01T09:00:00+00:00",
    }
    entry.update(changes)
    return {k: v for k, v in entry.items() if v is not None}


def _file(**parts: object) -> str:
    return json.dumps({"format": "harbour", "version": 1, **parts})


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("{not json", "isn't valid JSON (line 1, column 2"),
        ("[1, 2]", "isn't a Harbour export"),
        (json.dumps({"format": "dayone", "version": 1}), "isn't a Harbour export"),
        (json.dumps({"format": "harbour", "version": 4}), "newer Harbour (format version 4)"),
        (json.dumps({"format": "harbour"}), '"version" should be 1, 2 or 3'),
        (_file(entries={"e1": {}}), 'the file needs "entries" as a list'),
        (_file(entries=["text"]), "entry 1 has an entry that isn't a JSON object"),
        (
            _file(entries=[_valid_entry(mood=7)]),
            'entry 1 (dated 2024-03-01) needs "mood" as a whole number from 1 to 5',
        ),
        (_file(entries=[_valid_entry(mood=True)]), '"mood" as a whole number'),
        (_file(entries=[_valid_entry(template="poem")]), 'kind of reflection ("poem")'),
        (_file(entries=[_valid_entry(answers={"text": "x", "secret": "y"})]), "answers (secret) that don't belong"),
        (_file(entries=[_valid_entry(answers={"text": 5})]), 'answer to "text" that isn\'t text'),
        (_file(entries=[_valid_entry(answers={})]), "has no words, mood or energy"),
        (_file(entries=[_valid_entry(entry_date="01/03/2024")]), '"entry_date" as a date like 2024-03-01'),
        (_file(entries=[_valid_entry(entry_date="2999-01-01")]), '"entry_date" in the future'),
        (_file(entries=[_valid_entry(created_at="yesterday")]), '"created_at" as a date and time'),
        (_file(entries=[_valid_entry(id=None)]), 'needs "id" as text'),
        (_file(entries=[_valid_entry(theme="astrology")]), 'theme ("astrology")'),
        (_file(entries=[_valid_entry(tags=["a", 3])]), '"tags" that aren\'t all text'),
        (_file(entries=[_valid_entry(), _valid_entry()]), 'two of one entry (id "e1")'),
        (_file(entries=[_valid_entry(answers={"text": "x" * 200_001})]), "longer than the 200,000 characters"),
        (
            _file(
                burnout_checkins=[
                    {
                        "id": "c",
                        "taken_on": "2024-01-01",
                        "created_at": "2024-01-01T00:00:00",
                        "answers": {"personal_1": 60},
                    }
                ]
            ),
            "burnout check-in 1 has answers Harbour can't read",
        ),
        (
            _file(
                burnout_checkins=[
                    {"id": "c", "taken_on": "2024-01-01", "created_at": "2024-01-01T00:00:00", "answers": {}}
                ]
            ),
            "too few answers to score",
        ),
        (
            _file(drafts=[{"entry_id": "d", "updated_at": "2024-01-01T00:00:00", "input": {"template": "free"}}]),
            'draft 1 needs "input" with exactly these fields',
        ),
        (_file(settings={"cbi_include_client": "yes"}), 'value for "cbi_include_client"'),
        (_file(settings={"cbi_snoozed_until": "next week"}), '"cbi_snoozed_until" as something other than a date'),
        (_file(settings=["a"]), "the settings has settings that isn't a JSON object"),
    ],
)
def test_a_malformed_file_is_refused_naming_the_problem_and_nothing_is_written(
    db: Database, user: User, text: str, message: str
) -> None:
    _save(db, user, "already here")
    before = every_row(db)
    with pytest.raises(ExchangeError) as refused:
        exchange.import_json(db, user.id, text, LIB)
    assert message in str(refused.value)
    assert str(refused.value).endswith("Nothing was imported.")
    assert every_row(db) == before


def test_bytes_that_are_not_utf8_are_refused(db: Database, user: User) -> None:
    with pytest.raises(ExchangeError, match="isn't UTF-8"):
        exchange.import_json(db, user.id, "é".encode("latin-1"), LIB)


def test_a_valid_file_with_a_byte_order_mark_is_read(db: Database, user: User) -> None:
    result = exchange.import_json(db, user.id, "\ufeff".encode() + _file(entries=[_valid_entry()]).encode(), LIB)
    assert result.entries == 1


def test_settings_from_a_newer_harbour_are_left_out_and_said_so(db: Database, user: User) -> None:
    result = exchange.import_json(db, user.id, _file(settings={"dark_mode": True, "cbi_include_client": True}), LIB)
    assert result.settings == 1 and user_settings.get(db, user.id).cbi_include_client is True
    assert result.notices == ("Left out 1 setting that this Harbour doesn't know.",)


def test_an_export_with_a_lone_surrogate_in_a_draft_is_still_valid_utf8(
    db: Database, user: User, tmp_path: Path
) -> None:
    entries.save_draft(db, user.id, "d", EntryInput("free", {"text": "half \ud800 a thought"}))
    text = exchange.export_json(db, user.id)
    (tmp_path / "export.json").write_text(text, encoding="utf-8")  # would raise if it weren't
    assert json.loads(text)["drafts"][0]["input"]["answers"]["text"] == "half \ud800 a thought"
