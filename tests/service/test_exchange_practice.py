"""The JSON export and import of the relational practice (issue 17): people met, actions, check-backs, own prompts
and templates, trackers. The round trip itself is the property test in test_exchange.py."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import datetime, timedelta

import pytest

from journal.accounts import User
from journal.content.library import library
from journal.portability import harbour_json as exchange
from journal.portability.harbour_json import ExchangeError
from journal.reflect import checkbacks, entries, own, people, trackers
from journal.reflect import trackers as trackers_rules
from journal.reflect.entries import PROMPT_ANSWER, EntryInput
from journal.store import Database
from journal.store import entries as entries_repo
from journal.store import exchange as practice_repo
from journal.store.erase import erase_account
from tests.factories import TODAY
from tests.snapshots import every_row

pytestmark = pytest.mark.usefixtures("fixed_clock")
LIB = library()
WHEN = "2026-02-01T09:00:00+00:00"
TABLES = (
    "people",
    "entry_people",
    "actions",
    "check_backs",
    "own_prompts",
    "own_templates",
    "trackers",
    "tracker_days",
)


@pytest.fixture
def other(make_user: Callable[..., User]) -> User:
    return make_user("sam")


def _entry(entry_id: str = "e1", **changes: object) -> dict:
    return {
        "id": entry_id,
        "template": "free",
        "answers": {"text": "met Priya about the rota"},
        "entry_date": "2026-02-01",
        "created_at": WHEN,
    } | changes


def _file(**parts: object) -> str:
    return json.dumps({"format": "harbour", "version": 2, **parts})


def _practice_file(**changes: object) -> dict:
    """A small whole practice, every kind of row once, linked together inside the file."""
    parts: dict[str, object] = {
        "entries": [_entry(), _entry("e2", template="own:t1", answers={"What went well?": "the rota", "Next": "ask"})],
        "people": [{"id": "p1", "name": "Priya", "cares_about": "safe staffing", "created_at": WHEN}],
        "entry_people": [{"entry_id": "e1", "person_id": "p1"}],
        "actions": [
            {"id": "a1", "kind": "follow_up", "text": "send the rota", "due": "2026-02-08", "entry_id": "e1"}
            | {"person_id": "p1", "created_at": WHEN, "done_at": WHEN, "win_entry_id": "e1"},
        ],
        "check_backs": [
            {"id": "c1", "kind": "entry", "about_id": "e1", "due_on": "2026-02-04", "created_at": WHEN},
        ],
        "own_prompts": [{"id": "q1", "text": "Who helped today?", "suggested_by_coach": False, "created_at": WHEN}],
        "own_templates": [
            {
                "id": "t1",
                "name": "After a ward round",
                "boxes": [{"label": "What went well?", "long": True}, {"label": "Next", "long": False}],
                "created_at": WHEN,
            }
        ],
        "trackers": [
            {"id": "k1", "name": "took a proper break", "kind": "yes_no", "position": 0, "created_at": WHEN},
        ],
        "tracker_days": [
            {"tracker_id": "k1", "day": "2026-02-01", "value": 1, "updated_at": WHEN},
            {"tracker_id": "k1", "day": "2026-02-02", "value": 0, "updated_at": WHEN},
        ],
    }
    return parts | changes


def _rows_of(db: Database, user_id: str) -> dict[str, int]:
    return {t: db.one(f"SELECT count(*) FROM {t} WHERE user_id = ?", [user_id])[0] for t in TABLES}


def test_a_whole_practice_comes_in_linked_and_says_what_it_brought(db: Database, user: User) -> None:
    result = exchange.import_json(db, user.id, _file(**_practice_file()), LIB)

    assert result.summary == (
        "Imported 2 entries, 1 person, 1 action, 1 check-back, 1 prompt of your own, 1 template of your own, "
        "1 tracker (2 days)."
    )
    mine = practice_repo.read_all(db, user.id)
    entry_ids = {e.id for e in entries_repo.all_for_user(db, user.id)}
    [person], [action], [check_back] = mine.people, mine.actions, mine.check_backs
    assert person.name == "Priya" and person.id != "p1"
    assert {action.entry_id, action.win_entry_id, check_back.about_id} <= entry_ids
    assert action.person_id == person.id and mine.entry_people[0].person_id == person.id
    assert {d.tracker_id for d in mine.tracker_days} == {mine.trackers[0].id}
    [own] = [e for e in entries_repo.all_for_user(db, user.id) if e.template.startswith("own:")]
    assert own.template == f"own:{mine.own_templates[0].id}"  # the template's new id, not the file's
    assert own.answers == {"What went well?": "the rota", "Next": "ask"}  # keyed by the box's label, as written

    again = exchange.import_json(db, user.id, _file(**_practice_file()), LIB)
    assert again.summary.startswith("Imported 0 entries.") and again.already_here == 2 + 6
    assert _rows_of(db, user.id) == dict.fromkeys(TABLES, 1) | {"tracker_days": 2}


def test_a_version_1_file_has_none_of_it_and_still_imports(db: Database, user: User) -> None:
    result = exchange.import_json(
        db, user.id, json.dumps({"format": "harbour", "version": 1, "entries": [_entry()]}), LIB
    )
    assert result.entries == 1 and _rows_of(db, user.id) == dict.fromkeys(TABLES, 0)


def test_the_export_holds_every_row_of_the_practice_and_never_its_owner(db: Database, user: User, other: User) -> None:
    exchange.import_json(db, user.id, _file(**_practice_file()), LIB)
    moment = datetime(2026, 2, 3, 10, 0)
    practice_repo.write(
        db,
        practice_repo.Practice(
            own_prompts=[practice_repo.OwnPromptRow("q2", user.id, "What mattered?", "coaching-9", moment, None)],
            check_backs=[
                practice_repo.CheckBackRow(i, user.id, kind, about, moment.date(), moment, None, None, None)
                for i, kind, about in (("c2", "coaching", "coaching-9"), ("c3", "group", "group-4"))
            ],
        ),
    )
    doc = json.loads(exchange.export_json(db, user.id))

    assert doc["version"] == exchange.VERSION == 3
    assert [p["name"] for p in doc["people"]] == ["Priya"]
    assert {c["kind"] for c in doc["check_backs"]} == {"entry", "coaching", "group"}  # all exported
    assert sorted(p["suggested_by_coach"] for p in doc["own_prompts"]) == [False, True]
    assert "coaching-9" not in json.dumps(doc["own_prompts"])  # whose coaching is no id of the person's
    assert doc["own_templates"][0]["boxes"][0] == {"label": "What went well?", "long": True}
    assert [d["value"] for d in doc["tracker_days"]] == [1, 0]
    assert doc["trackers"][0]["created_at"] == WHEN
    assert user.id not in json.dumps({k: doc[k] for k in TABLES})


def test_coaching_and_group_check_backs_and_coach_suggestions_come_in_as_the_persons_alone(
    db: Database, user: User
) -> None:
    shared = [
        {"id": f"c{kind}", "kind": kind, "about_id": "x", "due_on": "2026-02-04", "created_at": WHEN}
        for kind in ("coaching", "group")
    ]
    parts = _practice_file()
    parts["check_backs"] = parts["check_backs"] + shared  # type: ignore[operator]
    parts["own_prompts"] = [{"id": "q1", "text": "What helps?", "suggested_by_coach": True, "created_at": WHEN}]
    result = exchange.import_json(db, user.id, _file(**parts), LIB)

    assert result.check_backs == 1 and result.own_prompts == 1
    assert [c.kind for c in practice_repo.read_all(db, user.id).check_backs] == ["entry"]
    assert practice_repo.read_all(db, user.id).own_prompts[0].suggested_in is None
    assert any("2 check-backs for a coaching session or a group's regroup stayed out" in n for n in result.notices)
    assert any("1 prompt a coach suggested came in as your own" in n for n in result.notices)


def test_a_reference_to_someone_elses_rows_is_left_out_never_followed(db: Database, user: User, other: User) -> None:
    theirs = exchange.import_json(db, other.id, _file(**_practice_file()), LIB)
    assert theirs.people == 1
    their_rows = practice_repo.read_all(db, other.id)
    their_entry = entries_repo.all_for_user(db, other.id)[0].id
    their_person, their_tracker = their_rows.people[0].id, their_rows.trackers[0].id
    before = {t: sorted(db.all(f"SELECT * FROM {t} WHERE user_id = ?", [other.id]), key=repr) for t in TABLES}

    parts = _practice_file(
        people=[{"id": their_person, "name": "Priya", "cares_about": "", "created_at": WHEN}],  # their id, as mine
        entry_people=[{"entry_id": their_entry, "person_id": their_person}],
        actions=[
            {"id": "a1", "kind": "intro_asked", "text": "who runs the bank?", "created_at": WHEN}
            | {"entry_id": their_entry, "win_entry_id": their_entry}
        ],
        check_backs=[
            {"id": "c1", "kind": "entry", "about_id": their_entry, "due_on": "2026-02-04", "created_at": WHEN}
        ],
        tracker_days=[{"tracker_id": their_tracker, "day": "2026-02-01", "value": 1, "updated_at": WHEN}],
    )
    result = exchange.import_json(db, user.id, _file(**parts), LIB)

    mine = practice_repo.read_all(db, user.id)
    assert mine.people[0].id != their_person and mine.entry_people == [] and mine.check_backs == []
    assert (mine.actions[0].entry_id, mine.actions[0].win_entry_id) == (None, None)
    assert mine.tracker_days == []
    assert any("5 links to something that isn't in the file" in n for n in result.notices)
    assert before == {t: sorted(db.all(f"SELECT * FROM {t} WHERE user_id = ?", [other.id]), key=repr) for t in TABLES}


def test_more_live_trackers_than_anyone_keeps_puts_the_file_s_last_ones_away(db: Database, user: User) -> None:
    mine = [{"id": f"m{n}", "name": f"mine {n}", "kind": "yes_no", "position": n, "created_at": WHEN} for n in range(3)]
    exchange.import_json(db, user.id, _file(trackers=mine), LIB)
    theirs = [
        {"id": f"k{n}", "name": f"from the file {n}", "kind": "scale", "position": n, "created_at": WHEN}
        | {"low_label": "drained", "high_label": "rested"}
        for n in range(4)
    ]
    days = [{"tracker_id": "k3", "day": "2026-02-01", "value": 5, "updated_at": WHEN}]
    found = exchange.preview_json(db, user.id, _file(trackers=theirs, tracker_days=days), LIB)
    assert any("2 trackers from the file are put away" in n for n in found.notices)
    result = exchange.import_json(db, user.id, _file(trackers=theirs, tracker_days=days), LIB)

    assert result.trackers == 4 and result.tracker_days == 1
    assert practice_repo.live_trackers(db, user.id) == trackers_rules.MAX_TRACKERS
    away = sorted(t.name for t in practice_repo.read_all(db, user.id).trackers if t.retired_at is not None)
    assert away == ["from the file 2", "from the file 3"]  # the file's last two, days kept
    assert any("2 trackers from the file are put away, days and all" in n for n in result.notices)


def _bad(section: str, n: int, **changes: object) -> str:
    parts = _practice_file()
    rows = list(parts[section])  # type: ignore[call-overload]
    rows[n] = {k: v for k, v in (rows[n] | changes).items() if v is not None}
    return _file(**(parts | {section: rows}))


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (_bad("people", 0, name="x" * 41), 'person 1 has a "name" longer than 40 characters'),
        (_bad("people", 0, name=" "), 'person 1 needs "name" as text'),
        (_bad("people", 0, cares_about=None), 'person 1 needs "cares_about" as text'),
        (_bad("actions", 0, kind="chore"), 'action 1 needs "kind" as one of follow_up, intro_asked, intro_offered'),
        (_bad("actions", 0, text="x" * 501), 'action 1 has a "text" longer than 500 characters'),
        (_bad("actions", 0, due="next Friday"), 'action 1 needs "due" as a date like 2024-03-01'),
        (_bad("check_backs", 0, kind="weekly"), 'check-back 1 needs "kind" as one of entry, coaching, group'),
        (_bad("check_backs", 0, due_on=None), 'check-back 1 needs "due_on" as a date'),
        (_bad("own_prompts", 0, text="x" * 501), 'prompt of your own 1 has a "text" longer than 500'),
        (_bad("own_templates", 0, boxes=[{"label": f"b{n}"} for n in range(7)]), "a list of 1 to 6 boxes"),
        (_bad("own_templates", 0, boxes=[{"label": ""}]), '("After a ward round") needs "label" as text'),
        (_bad("trackers", 0, kind="count"), 'tracker 1 ("took a proper break") needs "kind" as one of yes_no, scale'),
        (_bad("trackers", 0, low_label="x" * 31), 'has a "low_label" longer than 30 characters'),
        (_bad("tracker_days", 0, value=3), 'tracker day 1 (2026-02-01) needs "value" as a whole number from 0 to 1'),
        (_bad("tracker_days", 1, day="2999-01-01"), 'tracker day 2 has a "day" in the future'),
        (_bad("tracker_days", 1, day="2026-02-01"), "has two of one tracker's day"),
        (_bad("entries", 1, template="own:nowhere"), "template of your own that isn't in the file"),
        (_bad("entries", 1, template="poem"), 'kind of reflection ("poem")'),
        (_bad("entries", 1, answers={f"box {n}": "x" for n in range(7)}), "can't belong to a template of your own"),
        (_file(**_practice_file(actions=[{"id": "a", "kind": "follow_up", "text": "x"}])), '"created_at" as a date'),
    ],
)
def test_a_bad_value_is_refused_naming_the_item_and_nothing_is_written(
    db: Database, user: User, text: str, message: str
) -> None:
    assert message in refused(db, user.id, text)


def refused(db: Database, user_id: str, text: str) -> str:
    """Why importing this file was refused, having made sure it wrote nothing at all."""
    before = every_row(db)
    with pytest.raises(ExchangeError) as refusal:
        exchange.import_json(db, user_id, text, LIB)
    assert str(refusal.value).endswith("Nothing was imported.")
    assert every_row(db) == before
    return str(refusal.value)


def test_a_scale_tracker_takes_1_to_5_and_a_yes_no_one_0_or_1(db: Database, user: User) -> None:
    scale = {"id": "s", "name": "energy at 3pm", "kind": "scale", "position": 1, "created_at": WHEN}
    day = {"tracker_id": "s", "day": "2026-02-01", "updated_at": WHEN}
    with pytest.raises(ExchangeError, match='needs "value" as a whole number from 1 to 5'):
        exchange.import_json(db, user.id, _file(trackers=[scale], tracker_days=[day | {"value": 0}]), LIB)
    assert exchange.import_json(
        db, user.id, _file(trackers=[scale], tracker_days=[day | {"value": 5}]), LIB
    ).tracker_days


def test_the_preview_counts_the_practice_too(db: Database, user: User) -> None:
    found = exchange.preview_json(db, user.id, _file(**_practice_file()), LIB)
    assert "1 person, 1 action, 1 check-back" in found.also and "1 tracker (2 days)" in found.also
    assert _rows_of(db, user.id) == dict.fromkeys(TABLES, 0)


def test_erasing_an_account_leaves_no_row_of_its_practice(db: Database, user: User, other: User) -> None:
    for person in (user, other):
        exchange.import_json(db, person.id, _file(**_practice_file()), LIB)
    assert all(_rows_of(db, user.id).values())

    assert erase_account(db, user.id)

    assert _rows_of(db, user.id) == dict.fromkeys(TABLES, 0)
    assert _rows_of(db, other.id) == dict.fromkeys(TABLES, 1) | {"tracker_days": 2}


def test_a_draft_on_a_template_of_your_own_follows_the_template_and_a_missing_own_prompt_is_let_go(
    db: Database, user: User
) -> None:
    draft_input = {
        "template": "own:t1",
        "answers": {"Next": "ring the bank office"},
        "mood": None,
        "energy": None,
        "tags": [],
        "is_win": False,
        "theme": None,
        "prompt_id": "own:q1",
        "prompt_text": "Who helped today?",
        "entry_date": "2026-02-01",
    }
    parts = _practice_file(drafts=[{"entry_id": "d1", "updated_at": WHEN, "input": draft_input}])
    parts["entries"] = [_entry(prompt_id="own:gone", prompt_text="What did you learn?")]
    result = exchange.import_json(db, user.id, _file(**parts), LIB)

    mine = practice_repo.read_all(db, user.id)
    [draft] = entries_repo.drafts(db, user.id)
    saved = json.loads(draft.payload)
    assert (draft.template, saved["template"]) == (f"own:{mine.own_templates[0].id}",) * 2
    assert saved["prompt_id"] == f"own:{mine.own_prompts[0].id}" and saved["answers"] == {
        "Next": "ring the bank office"
    }
    [entry] = entries_repo.all_for_user(db, user.id)
    assert (entry.prompt_id, entry.prompt_text) == (None, "What did you learn?")
    assert any("1 entry answers a prompt of your own that isn't in the file" in n for n in result.notices)


def test_a_practice_made_through_harbours_own_services_comes_back_whole_in_another_account(
    db: Database, user: User, other: User
) -> None:
    """Made the way a person makes it (not rows written by hand): a 1-to-1 with its person and follow-up, a look
    back written, an entry on an own template answering an own prompt, a tracker answered. Exported, imported into
    another account, read back through the same services: the same things, linked the same way."""
    met = entries.save_new(db, user.id, "m1", EntryInput(
        "one_to_one", {"who": "Priya", "follow_up": "send her the rota notes"}, mood=4, energy=4,
        entry_date=TODAY - timedelta(days=4)), LIB).entry  # fmt: skip
    priya = people.add_person(db, user.id, "Priya", "safe staffing")
    people.link(db, user.id, met.id, priya.id)
    people.add_action(db, user.id, "send her the rota notes", entry_id=met.id, person_id=priya.id)
    planned = checkbacks.plan_entry(db, user.id, met, 3, today=TODAY - timedelta(days=4))
    checkbacks.keep(db, user.id, planned)
    _, follow_up_id = checkbacks.open_entry(db, user.id, planned.id)
    looking_back = EntryInput(checkbacks.TEMPLATE, {"how_it_looks_now": "lighter"}, entry_date=TODAY - timedelta(1))
    looked = entries.save_new(db, user.id, follow_up_id, looking_back, LIB).entry
    checkbacks.answered(db, user.id, looked)
    prompt = own.add_prompt(db, user.id, "What did I do today that I'd want a new starter to see?")
    template = own.add_template(db, user.id, "After a handover", [own.Box("What was handed over well?", True)])
    entries.save_new(db, user.id, "h1", EntryInput(
        template.template_id, {"What was handed over well?": "bay 4", PROMPT_ANSWER: "asked first"},
        prompt_id=prompt.marker, prompt_text=prompt.text, entry_date=TODAY), LIB)  # fmt: skip
    tracker = trackers.create(db, user.id, "Took a proper break", "yes_no")
    trackers.record(db, user.id, tracker.id, TODAY, 1)

    result = exchange.import_json(db, other.id, exchange.export_json(db, user.id), LIB)

    assert (result.people, result.actions, result.check_backs, result.own_prompts, result.own_templates) == (
        1, 1, 1, 1, 1,
    )  # fmt: skip
    assert (result.trackers, result.tracker_days) == (1, 1)
    (theirs,) = people.people(db, other.id)
    assert (theirs.name, theirs.cares_about) == ("Priya", "safe staffing")
    (action,) = people.open_actions(db, other.id)
    assert action.text == "send her the rota notes" and action.person_id == theirs.id
    about = people.entries_about(db, other.id, theirs.id)
    assert [entries.get(db, other.id, entry_id).answers["who"] for entry_id, *_ in about] == ["Priya"]
    (their_template,) = own.templates(db, other.id)
    (their_prompt,) = own.prompts(db, other.id)
    written = [e for e in entries_repo.all_for_user(db, other.id) if e.template == their_template.template_id]
    assert len(written) == 1 and written[0].prompt_id == their_prompt.marker
    assert written[0].answers == {"What was handed over well?": "bay 4", PROMPT_ANSWER: "asked first"}
    (their_tracker,) = trackers.live(db, other.id)
    assert trackers.values_on(db, other.id, TODAY) == {their_tracker.id: 1}
    assert checkbacks.follow_ups(db, other.id)  # the look back still points at what it looked back on
    assert practice_repo.read_all(db, user.id).people[0].id != theirs.id  # new ids: nothing shared between them
