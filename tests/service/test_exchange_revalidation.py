"""The JSON export and import of the revalidation record (issue 18): the professional profile, the CPD log, practice
hours, feedback notes, reflective discussions and a debrief's last day. Rows are written the way the app keeps them:
the lead's cpd and profession APIs where they exist, plain SQL for the NMC's own tables."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date, datetime, timedelta
from functools import partial

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from journal import clock
from journal.accounts import User
from journal.content import regulators
from journal.content.library import library
from journal.portability import harbour_json as exchange
from journal.reflect import cpd, entries, profession
from journal.reflect.entries import EntryInput
from journal.reflect.reflective_account import CODE_THEMES
from journal.store import Database
from journal.store import cpd as cpd_repo
from journal.store import entries as entries_repo
from journal.store import exchange as practice_repo
from journal.store import profession as profession_repo
from journal.store.erase import erase_account
from tests.factories import TODAY
from tests.service.test_exchange import export_erase_import
from tests.service.test_exchange_practice import refused

pytestmark = pytest.mark.usefixtures("fixed_clock")
LIB = library()
WORDS = regulators.load()
TABLES = ("professional_profile", *practice_repo.REVALIDATION_TABLES)
WHEN = datetime(2026, 6, 1, 9, 30, 15, 250)


@pytest.fixture
def other(make_user: Callable[..., User]) -> User:
    return make_user("sam")


def _insert(db: Database, table: str, **values: object) -> None:
    names = list(values)
    db.execute(
        f"INSERT INTO {table} ({', '.join(names)}) VALUES ({', '.join('?' * len(names))})", list(values.values())
    )


def _hours(db: Database, user_id: str, row_id: str, **changes: object) -> None:
    _insert(db, "practice_hours", **({
        "id": row_id, "user_id": user_id, "started_on": date(2026, 1, 5), "ended_on": date(2026, 3, 31),
        "hours": 420, "organisation": "Northgate NHS Trust", "work_setting": "Acute medical ward",
        "scope": "Registered nurse, adult", "description": "Band 6, days and nights", "created_at": WHEN,
        "deleted_at": None,
    } | changes))  # fmt: skip


def _feedback(db: Database, user_id: str, row_id: str, **changes: object) -> None:
    _insert(db, "feedback_notes", **({
        "id": row_id, "user_id": user_id, "received_on": date(2026, 7, 2), "source": "patient",
        "summary": "A family said the handover put them at ease", "changed": "I now invite families in",
        "from_entry_id": None, "from_note_id": None, "created_at": WHEN, "deleted_at": None,
    } | changes))  # fmt: skip


def _discussion(db: Database, user_id: str, row_id: str, **changes: object) -> None:
    _insert(db, "reflective_discussions", **({
        "id": row_id, "user_id": user_id, "held_on": date(2026, 9, 14), "partner_name": "Ada Okafor",
        "partner_pin": "12A3456E", "partner_email": "ada.okafor@nhs.example", "coaching_id": None,
        "summary": "Talked through my accounts on delegation", "created_at": WHEN, "deleted_at": None,
    } | changes))  # fmt: skip


def _fill(db: Database, person: User, tag: str) -> dict[str, str]:
    """One of every revalidation row a person can have, linked as the app links them; the ids that matter."""
    debrief = entries.save_new(
        db, person.id, f"{tag}-debrief", EntryInput("free", {"text": f"{tag} a long night"}, mood=2), LIB
    ).entry
    win = entries.save_new(
        db, person.id, f"{tag}-win", EntryInput("win", {"the_win": f"{tag} thanked"}, is_win=True), LIB
    ).entry
    db.execute("UPDATE entries SET keep_until = ? WHERE id = ?", [TODAY + timedelta(days=12), debrief.id])
    course = cpd.add(db, person.id, cpd.Activity(
        TODAY - timedelta(days=30), 90, True, "A course or workshop", f"{tag} sepsis update", "preserve_safety",
        "formal", "Escalate sooner.", win.id,
    ))  # fmt: skip
    reading = cpd.add(db, person.id, cpd.Activity(TODAY - timedelta(days=10), 45, False, "Reading", f"{tag} falls"))
    cpd.remove(db, person.id, reading.id)  # in the trash: still theirs, so still exported
    profession.set_regulator(db, person.id, regulators.NMC)
    profession.set_renewal(db, person.id, TODAY + timedelta(days=200))
    profession_repo.change(
        db, person.id, clock.utcnow(), summary_of_practice=f"{tag} I work on an acute ward.",
        personal_statement="My CPD shaped how I escalate.", statement_activities=json.dumps([course.id]),
        checklist=json.dumps(["cpd", "feedback"]),
    )  # fmt: skip
    _hours(db, person.id, f"{tag}-h1")
    _feedback(db, person.id, f"{tag}-f1", from_entry_id=win.id, from_note_id=f"{tag}-a-coach-note")
    _feedback(db, person.id, f"{tag}-f2", source="colleague", deleted_at=WHEN)
    _discussion(db, person.id, f"{tag}-d1", coaching_id=f"{tag}-a-coaching")
    return {"debrief": debrief.id, "win": win.id, "course": course.id}


def _count(db: Database, user_id: str) -> dict[str, int]:
    return {t: db.one(f"SELECT count(*) FROM {t} WHERE user_id = ?", [user_id])[0] for t in TABLES}


def _record(db: Database, user_id: str) -> dict:
    """A person's whole revalidation record with every id replaced by what it names (an entry by its words, an
    activity by its topic), and without the ids of a coaching or a coach's note, which never travel."""
    found = practice_repo.read_revalidation(db, user_id)
    body = {e.id: e.body for e in entries_repo.all_for_user(db, user_id)}
    topic = {a.id: a.topic for a in found.cpd_activities}

    def plain(row: object, *leave_out: str, **named: object) -> tuple:
        values = {k: v for k, v in row.__dict__.items() if k not in ("id", "user_id", *leave_out)}
        return tuple(sorted((values | named).items(), key=lambda kv: kv[0]))

    profile = found.profile
    if profile is not None and profile == profession_repo.ProfileRow(user_id, updated_at=profile.updated_at):
        profile = None  # nothing in it to bring: an import makes no empty profile
    return {
        "profile": None
        if profile is None
        else plain(profile, statement_activities=[topic[i] for i in json.loads(profile.statement_activities)]),
        "cpd": sorted((plain(a, entry_id=a.entry_id and body[a.entry_id]) for a in found.cpd_activities), key=repr),
        "hours": sorted((plain(h) for h in found.practice_hours), key=repr),
        "feedback": sorted(
            (
                plain(f, "from_note_id", from_entry_id=f.from_entry_id and body[f.from_entry_id])
                for f in found.feedback_notes
            ),
            key=repr,
        ),
        "discussions": sorted((plain(d, "coaching_id") for d in found.reflective_discussions), key=repr),
        "keep_until": sorted((body[i], day) for i, day in found.keep_until.items()),
    }


# -- the export ------------------------------------------------------------------------------------------------------
def test_the_export_holds_the_whole_record_the_partner_s_words_and_only_facts_about_a_coach(
    db: Database, user: User, other: User
) -> None:
    mine = _fill(db, user, "z")
    _fill(db, other, "s")

    doc = json.loads(exchange.export_json(db, user.id))

    assert doc["version"] == 3
    profile = doc["professional_profile"]
    assert (profile["regulator"], profile["renewal_on"]) == ("nmc", (TODAY + timedelta(days=200)).isoformat())
    assert (profile["statement_activities"], profile["checklist"]) == ([mine["course"]], ["cpd", "feedback"])
    assert profile["summary_of_practice"] == "z I work on an acute ward."
    assert sorted(a["topic"] for a in doc["cpd_activities"]) == ["z falls", "z sepsis update"]
    [course] = [a for a in doc["cpd_activities"] if a["topic"] == "z sepsis update"]
    assert course | {"id": None, "created_at": None} == {
        "id": None, "done_on": (TODAY - timedelta(days=30)).isoformat(), "minutes": 90, "participatory": True,
        "method": "A course or workshop", "topic": "z sepsis update", "code_theme": "preserve_safety",
        "learning_type": "formal", "learned": "Escalate sooner.", "entry_id": mine["win"], "created_at": None,
        "deleted_at": None,
    }  # fmt: skip
    assert [a["deleted_at"] is not None for a in doc["cpd_activities"]].count(True) == 1  # the trashed one too
    assert doc["practice_hours"][0] | {"id": None} == {
        "id": None, "started_on": "2026-01-05", "ended_on": "2026-03-31", "hours": 420,
        "organisation": "Northgate NHS Trust", "work_setting": "Acute medical ward", "scope": "Registered nurse, adult",
        "description": "Band 6, days and nights", "created_at": "2026-06-01T09:30:15.000250+00:00", "deleted_at": None,
    }  # fmt: skip
    by_id = {f["id"]: f for f in doc["feedback_notes"]}
    assert by_id["z-f1"]["from_coach_note"] is True and by_id["z-f1"]["from_entry_id"] == mine["win"]
    assert by_id["z-f2"]["from_coach_note"] is False and by_id["z-f2"]["deleted_at"] is not None
    [talk] = doc["reflective_discussions"]
    assert (talk["partner_name"], talk["partner_pin"], talk["partner_email"]) == (
        "Ada Okafor", "12A3456E", "ada.okafor@nhs.example",
    )  # fmt: skip
    assert talk["partner_was_coach"] is True
    keep = {e["id"]: e["keep_until"] for e in doc["entries"]}
    assert keep == {mine["debrief"]: (TODAY + timedelta(days=12)).isoformat(), mine["win"]: None}
    text = json.dumps(doc)
    assert "a-coach-note" not in text and "a-coaching" not in text  # ids of a relationship never leave
    assert "from_note_id" not in text and "coaching_id" not in text
    assert user.id not in text and other.id not in text
    assert "s sepsis" not in text and "s-f1" not in text  # nothing of anyone else's


def test_a_person_without_a_profile_exports_null_and_empty_sections(db: Database, user: User) -> None:
    doc = json.loads(exchange.export_json(db, user.id))
    assert doc["professional_profile"] is None
    assert [doc[t] for t in practice_repo.REVALIDATION_TABLES] == [[], [], [], []]


# -- export, erase, import ------------------------------------------------------------------------------------------
def test_export_erase_import_brings_back_every_field_linked_the_same_way(
    db: Database, user: User, make_user: Callable[..., User]
) -> None:
    _fill(db, user, "z")
    before = _record(db, user.id)
    exported = exchange.export_json(db, user.id)
    assert erase_account(db, user.id)

    fresh = make_user("returner")
    result = exchange.import_json(db, fresh.id, exported, LIB)

    assert _record(db, fresh.id) == before
    assert (result.cpd_activities, result.practice_hours, result.feedback_notes, result.reflective_discussions) == (
        2, 1, 2, 1,
    )  # fmt: skip
    assert result.profile == 6  # regulator, renewal, summary, statement, its activities, checklist: all new here
    assert "2 CPD activities, 1 stretch of practice hours, 2 feedback notes, 1 reflective discussion" in result.summary
    assert [f.from_note_id for f in practice_repo.read_revalidation(db, fresh.id).feedback_notes] == [None, None]
    assert [d.coaching_id for d in practice_repo.read_revalidation(db, fresh.id).reflective_discussions] == [None]
    assert any("1 feedback note that grew from a coach's note came in as your own" in n for n in result.notices)
    assert any("1 reflective discussion was with your coach" in n for n in result.notices)

    again = exchange.import_json(db, fresh.id, exported, LIB)
    assert (again.cpd_activities, again.practice_hours, again.feedback_notes, again.reflective_discussions) == (0,) * 4
    assert again.profile == 0 and again.already_here == 2 + 2 + 1 + 2 + 1
    assert _record(db, fresh.id) == before


def test_an_import_into_another_account_gets_new_ids_and_its_own_links(db: Database, user: User, other: User) -> None:
    mine = _fill(db, user, "z")
    exchange.import_json(db, other.id, exchange.export_json(db, user.id), LIB)

    theirs = practice_repo.read_revalidation(db, other.id)
    their_entries = {e.id: e.body for e in entries_repo.all_for_user(db, other.id)}
    [course] = [a for a in theirs.cpd_activities if a.entry_id]
    assert course.id != mine["course"] and their_entries[course.entry_id] == "z thanked"
    assert json.loads(theirs.profile.statement_activities) == [course.id]
    [from_win] = [f for f in theirs.feedback_notes if f.from_entry_id]
    assert their_entries[from_win.from_entry_id] == "z thanked" and from_win.from_entry_id != mine["win"]
    [(debrief, day)] = theirs.keep_until.items()
    assert their_entries[debrief] == "z a long night" and day == TODAY + timedelta(days=12)
    assert not {r.id for r in theirs.rows()} & {r.id for r in practice_repo.read_revalidation(db, user.id).rows()}


# Texts a person might write anywhere: emoji, right-to-left, markdown and HTML (kept as words), line breaks.
TEXTS = (
    "Plain words.",
    "🙂🌊 a good shift 👩🏽‍⚕️",
    "שלום — مرحبا",
    "**bold** <b>Friday</b> [link](https://example.org)",
    "line one\r\nline two\n\n\tindented",
    '"quotes" and {"json": true}',
    "=SUM(A1:A9)",
)
_days = st.integers(0, 1_000).map(lambda n: TODAY - timedelta(days=n))
_moments = st.integers(0, 10**8).map(lambda n: datetime(2023, 1, 1) + timedelta(seconds=n // 7, microseconds=n % 7))
_maybe = st.none() | _moments
_text, _or_blank = st.sampled_from(TEXTS), st.sampled_from(("", *TEXTS))


@st.composite
def records(draw: st.DrawFn) -> dict:
    """Any mix of revalidation rows, each field varied, linked to the entries, activities and facts around them."""
    activities = draw(st.lists(st.fixed_dictionaries({
        "done_on": _days, "minutes": st.integers(1, cpd.MAX_MINUTES), "participatory": st.booleans(),
        "method": _text, "topic": _text, "code_theme": st.none() | st.sampled_from([t.id for t in CODE_THEMES]),
        "learning_type": st.none() | st.sampled_from([t.id for t in WORDS.hcpc.learning_types]),
        "learned": _or_blank, "entry": st.none() | st.integers(0, 1), "created_at": _moments, "deleted_at": _maybe,
    }), max_size=4))  # fmt: skip
    hours = draw(st.lists(st.fixed_dictionaries({
        "started_on": _days, "days": st.integers(0, 300), "hours": st.integers(1, 10_000), "organisation": _or_blank,
        "work_setting": _or_blank, "scope": _or_blank, "description": _or_blank, "created_at": _moments,
        "deleted_at": _maybe,
    }), max_size=3))  # fmt: skip
    feedback = draw(st.lists(st.fixed_dictionaries({
        "received_on": _days, "source": st.sampled_from([s.id for s in WORDS.nmc.feedback_sources]), "summary": _text,
        "changed": _or_blank, "entry": st.none() | st.integers(0, 1), "from_coach": st.booleans(),
        "created_at": _moments, "deleted_at": _maybe,
    }), max_size=3))  # fmt: skip
    talks = draw(st.lists(st.fixed_dictionaries({
        "held_on": _days, "partner_name": _text, "partner_pin": st.sampled_from(["12A3456E", "98Z7654X"]),
        "partner_email": st.sampled_from(["", "a.partner@nhs.example"]), "coach": st.booleans(), "summary": _or_blank,
        "created_at": _moments, "deleted_at": _maybe,
    }), max_size=2))  # fmt: skip
    profile = draw(st.none() | st.fixed_dictionaries({
        "regulator": st.none() | st.sampled_from(regulators.IDS),
        "renewal_on": st.none() | st.integers(-300, 2_000).map(lambda n: TODAY + timedelta(days=n)),
        "summary_of_practice": _or_blank, "personal_statement": _or_blank,
        "statement": st.lists(st.integers(0, 3), unique=True, max_size=3),
        "checklist": st.lists(st.sampled_from([i.id for i in WORDS.nmc.checklist]), unique=True),
        "updated_at": _moments,
    }))  # fmt: skip
    keep = draw(st.lists(st.none() | _days.map(lambda d: d + timedelta(days=60)), min_size=2, max_size=2))
    return {"activities": activities, "hours": hours, "feedback": feedback, "talks": talks, "profile": profile} | {
        "keep": keep
    }


def _write(db: Database, user_id: str, record: dict) -> None:
    saved = [
        entries.save_new(db, user_id, f"{user_id}-{n}", EntryInput("free", {"text": f"entry {n}"}), LIB).entry.id
        for n in range(2)
    ]
    for entry_id, day in zip(saved, record["keep"], strict=True):
        db.execute("UPDATE entries SET keep_until = ? WHERE id = ?", [day, entry_id])
    activity_ids = []
    for n, a in enumerate(record["activities"]):
        activity_ids.append(f"{user_id}-a{n}")
        entry = None if a["entry"] is None else saved[a["entry"]]
        fields = {k: v for k, v in a.items() if k != "entry"}
        cpd_repo.insert(db, cpd_repo.ActivityRow(id=activity_ids[-1], user_id=user_id, entry_id=entry, **fields))
    for n, h in enumerate(record["hours"]):
        fields = {k: v for k, v in h.items() if k != "days"}
        _hours(db, user_id, f"{user_id}-h{n}", **fields, ended_on=h["started_on"] + timedelta(days=h["days"]))
    for n, f in enumerate(record["feedback"]):
        fields = {k: v for k, v in f.items() if k not in ("entry", "from_coach")}
        from_entry = None if f["entry"] is None else saved[f["entry"]]
        note = "a-coach-note" if f["from_coach"] else None
        _feedback(db, user_id, f"{user_id}-f{n}", **fields, from_entry_id=from_entry, from_note_id=note)
    for n, d in enumerate(record["talks"]):
        fields = {k: v for k, v in d.items() if k != "coach"}
        _discussion(db, user_id, f"{user_id}-d{n}", **fields, coaching_id="a-coaching" if d["coach"] else None)
    if (p := record["profile"]) is not None:
        chosen = [activity_ids[i] for i in p["statement"] if i < len(activity_ids)]
        values = {k: v for k, v in p.items() if k not in ("statement", "updated_at")}
        profession_repo.change(db, user_id, p["updated_at"], **values | {
            "statement_activities": json.dumps(chosen), "checklist": json.dumps(p["checklist"])
        })  # fmt: skip


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(record=records())
def test_any_record_survives_export_erase_and_import_field_for_field(
    db: Database, make_user: Callable[..., User], record: dict
) -> None:
    trip = export_erase_import(
        db,
        make_user,
        lambda user_id: _write(db, user_id, record),
        partial(_record, db),
        lambda user_id: _count(db, user_id) == dict.fromkeys(TABLES, 0),
    )
    result = trip.result
    assert result.cpd_activities == len(record["activities"]) and result.practice_hours == len(record["hours"])
    assert result.feedback_notes == len(record["feedback"]) and result.reflective_discussions == len(record["talks"])
    assert exchange.import_json(db, trip.fresh, trip.exported, LIB).summary.startswith("Imported 0 entries.")
    assert _record(db, trip.fresh) == trip.before


# -- the import's choices -------------------------------------------------------------------------------------------
def test_a_profile_fills_in_only_what_is_not_set_here_and_the_preview_says_so(db: Database, user: User) -> None:
    source = _file(professional_profile=_profile(regulator="nmc", checklist=["cpd"]))
    profession.set_regulator(db, user.id, regulators.HCPC)
    profession_repo.change(db, user.id, clock.utcnow(), summary_of_practice="Mine, already written.")

    found = exchange.preview_json(db, user.id, source, LIB)
    assert found.also == "The file also holds 1 CPD activity, 4 details of your professional profile."
    assert found.notices[1:] == (  # after the link to "gone", left out
        "From the file's professional profile, Harbour fills in only what isn't set here: your renewal date, your "
        "personal statement, the activities your statement draws on and your ticks on the NMC checklist.",
        "What you've already set here stays as it is: your regulator (the file names the NMC).",
    )
    assert _count(db, user.id)["cpd_activities"] == 0  # a preview writes nothing

    result = exchange.import_json(db, user.id, source, LIB)

    kept = profession_repo.get(db, user.id)
    assert (kept.regulator, kept.summary_of_practice) == (regulators.HCPC, "Mine, already written.")
    assert kept.renewal_on == TODAY + timedelta(days=100) and json.loads(kept.checklist) == ["cpd"]
    [activity] = cpd.activities(db, user.id)
    assert kept.personal_statement == "It changed how I teach." and json.loads(kept.statement_activities) == [
        activity.id
    ]
    assert result.profile == 4 and "4 details of your professional profile" in result.summary


def _profile(**changes: object) -> dict:
    return {
        "regulator": None, "renewal_on": (TODAY + timedelta(days=100)).isoformat(), "summary_of_practice": "",
        "personal_statement": "It changed how I teach.", "statement_activities": ["a1", "gone"], "checklist": [],
        "updated_at": "2026-06-01T09:30:00+00:00",
    } | changes  # fmt: skip


def _activity(**changes: object) -> dict:
    return {
        "id": "a1", "done_on": "2026-05-02", "minutes": 60, "participatory": True, "method": "A course",
        "topic": "Sepsis", "code_theme": None, "learning_type": "formal", "learned": "", "entry_id": "e1",
        "created_at": "2026-05-02T10:00:00+00:00", "deleted_at": None,
    } | changes  # fmt: skip


def _file(version: int = 3, **parts: object) -> str:
    entry = {"id": "e1", "template": "free", "answers": {"text": "ward round"}, "entry_date": "2026-05-01"}
    document = {"entries": [entry | {"created_at": "2026-05-01T09:00:00+00:00"}], "cpd_activities": [_activity()]}
    return json.dumps({"format": "harbour", "version": version, **document, **parts})


def test_links_to_what_is_not_in_the_file_are_left_out_and_said_so(db: Database, user: User, other: User) -> None:
    _fill(db, other, "s")
    their_entry = entries_repo.all_for_user(db, other.id)[0].id
    source = _file(
        cpd_activities=[_activity(entry_id=their_entry)],
        feedback_notes=[
            {
                "id": "f1",
                "received_on": "2026-05-03",
                "source": "colleague",
                "summary": "Clear",
                "changed": "",
                "from_entry_id": "nowhere",
                "from_coach_note": False,
                "created_at": "2026-05-03T10:00:00+00:00",
            },
        ],  # fmt: skip
        professional_profile=_profile(),
    )
    result = exchange.import_json(db, user.id, source, LIB)

    mine = practice_repo.read_revalidation(db, user.id)
    assert mine.cpd_activities[0].entry_id is None and mine.feedback_notes[0].from_entry_id is None
    assert json.loads(mine.profile.statement_activities) == [mine.cpd_activities[0].id]  # "gone" left out
    assert any("3 links to something that isn't in the file" in n for n in result.notices)


def test_a_debrief_keeps_its_last_day_even_one_past_and_an_entry_already_here_is_never_given_one(
    db: Database, user: User
) -> None:
    entry = {"id": "e1", "template": "free", "answers": {"text": "a hard shift"}, "entry_date": "2026-11-01"}
    past = entry | {"created_at": "2026-11-01T09:00:00+00:00", "keep_until": "2026-11-10"}
    exchange.import_json(db, user.id, json.dumps({"format": "harbour", "version": 3, "entries": [past]}), LIB)
    [(entry_id, day)] = practice_repo.read_revalidation(db, user.id).keep_until.items()
    assert day == date(2026, 11, 10)  # already past: the debrief expiry deletes it, the import doesn't decide

    db.execute("UPDATE entries SET keep_until = NULL WHERE id = ?", [entry_id])  # turned into a reflection
    exchange.import_json(db, user.id, json.dumps({"format": "harbour", "version": 3, "entries": [past]}), LIB)
    assert practice_repo.read_revalidation(db, user.id).keep_until == {}
    assert len(entries_repo.all_for_user(db, user.id)) == 1


def test_a_version_2_file_still_imports_with_none_of_it(db: Database, user: User) -> None:
    result = exchange.import_json(db, user.id, _file(version=2, cpd_activities=[]), LIB)
    assert result.entries == 1 and _count(db, user.id) == dict.fromkeys(TABLES, 0)


def _bad(section: str, **changes: object) -> str:
    rows = {
        "cpd_activities": _activity(),
        "practice_hours": {"id": "h1", "started_on": "2026-01-05", "ended_on": "2026-03-31", "hours": 420,
                           "organisation": "", "work_setting": "", "scope": "", "description": "",
                           "created_at": "2026-04-01T09:00:00+00:00"},
        "feedback_notes": {"id": "f1", "received_on": "2026-05-03", "source": "patient", "summary": "Kind words",
                           "changed": "", "created_at": "2026-05-03T10:00:00+00:00"},
        "reflective_discussions": {"id": "d1", "held_on": "2026-09-14", "partner_name": "Ada", "partner_pin": "12A3",
                                   "partner_email": "", "summary": "", "created_at": "2026-09-14T10:00:00+00:00"},
    }  # fmt: skip
    if section == "professional_profile":
        return _file(professional_profile={k: v for k, v in (_profile() | changes).items() if v != "DROP"})
    row = {k: v for k, v in (rows[section] | changes).items() if v != "DROP"}
    return _file(**{section: [row]})


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (_bad("cpd_activities", minutes=0), '("Sepsis") needs "minutes" as a whole number from 1 to 6000'),
        (_bad("cpd_activities", topic=" "), 'CPD activity 1 needs "topic" as text'),
        (_bad("cpd_activities", method="x" * 121), 'has a "method" longer than 120 characters'),
        (_bad("cpd_activities", done_on="2999-01-01"), 'has a "done_on" in the future'),
        (_bad("cpd_activities", done_on="1900-01-01"), 'has a "done_on" before 1950'),
        (_bad("cpd_activities", code_theme="kindness"), '"code_theme" as one of prioritise_people'),
        (_bad("cpd_activities", learning_type="osmosis"), '"learning_type" as one of work_based'),
        (_bad("cpd_activities", participatory="yes"), '"participatory" as true or false'),
        (_bad("cpd_activities", learned="DROP"), 'needs "learned" as text'),
        (_bad("practice_hours", hours=10_001), 'stretch of practice hours 1 (2026-01-05) needs "hours"'),
        (_bad("practice_hours", ended_on="2025-12-31"), '"ended_on" on or after "started_on"'),
        (_bad("practice_hours", organisation="x" * 501), 'has a "organisation" longer than 500 characters'),
        (_bad("feedback_notes", source="gossip"), 'feedback note 1 (2026-05-03) needs "source" as one of patient'),
        (_bad("feedback_notes", summary=""), 'needs "summary" as text'),
        (_bad("feedback_notes", from_coach_note="no"), '"from_coach_note" as true or false'),
        (_bad("reflective_discussions", partner_pin="x" * 21), 'has a "partner_pin" longer than 20 characters'),
        (_bad("reflective_discussions", partner_name=""), 'reflective discussion 1 (2026-09-14) needs "partner_name"'),
        (_bad("reflective_discussions", held_on="DROP"), 'needs "held_on" as a date'),
        (_bad("professional_profile", regulator="gdc"), 'the professional profile needs "regulator" as one of nmc'),
        (_bad("professional_profile", renewal_on="2040-01-01"), 'has a "renewal_on" more than 6 years away'),
        (_bad("professional_profile", checklist="cpd"), 'needs "checklist" as a list'),
        (_bad("professional_profile", statement_activities=[1]), "as a list of CPD activities' ids"),
        (_bad("professional_profile", personal_statement="x" * 20_001), '"personal_statement" longer than 20000'),
        (_file(cpd_activities=[_activity(), _activity()]), 'has two of one CPD activity ("a1")'),
        (_file(professional_profile=["nmc"]), 'the file has "professional_profile" that isn\'t a JSON object'),
    ],
)
def test_a_bad_value_is_refused_naming_where_and_nothing_is_written(
    db: Database, user: User, text: str, message: str
) -> None:
    assert message in refused(db, user.id, text)


def test_a_tick_on_a_checklist_item_this_harbour_does_not_know_is_left_out_and_said_so(
    db: Database, user: User
) -> None:
    result = exchange.import_json(db, user.id, _file(professional_profile=_profile(checklist=["cpd", "later"])), LIB)
    assert json.loads(profession_repo.get(db, user.id).checklist) == ["cpd"]
    assert any("Left out 1 tick on the NMC checklist this Harbour doesn't know." == n for n in result.notices)


# -- erasure ---------------------------------------------------------------------------------------------------------
def test_erasing_an_account_removes_every_revalidation_row_and_keeps_everyone_else_s(
    db: Database, user: User, other: User
) -> None:
    _fill(db, user, "z")
    _fill(db, other, "s")
    theirs = {t: sorted(db.all(f"SELECT * FROM {t} WHERE user_id = ?", [other.id]), key=repr) for t in TABLES}
    their_debrief = db.all("SELECT id, keep_until FROM entries WHERE user_id = ? ORDER BY id", [other.id])
    assert _count(db, user.id) == {
        "professional_profile": 1, "cpd_activities": 2, "practice_hours": 1, "feedback_notes": 2,
        "reflective_discussions": 1,
    }  # fmt: skip

    assert erase_account(db, user.id)

    assert _count(db, user.id) == dict.fromkeys(TABLES, 0)
    assert db.one("SELECT count(*) FROM entries WHERE user_id = ?", [user.id]) == (0,)
    assert {t: sorted(db.all(f"SELECT * FROM {t} WHERE user_id = ?", [other.id]), key=repr) for t in TABLES} == theirs
    assert db.all("SELECT id, keep_until FROM entries WHERE user_id = ? ORDER BY id", [other.id]) == their_debrief
    for table in TABLES:  # nothing of theirs left under any column, the partner's words included
        rows = db.all(f"SELECT * FROM {table}")
        assert not [r for r in rows if user.id in map(str, r) or any("z " in str(v) for v in r)], table


def test_a_statement_written_here_keeps_its_own_activities_and_a_file_of_one_activity_imports(
    db: Database, user: User
) -> None:
    profession_repo.change(db, user.id, clock.utcnow(), personal_statement="Written here.")
    only = {"format": "harbour", "version": 3, "cpd_activities": [_activity(entry_id=None, topic="Unique word")]}
    result = exchange.import_json(db, user.id, json.dumps(only | {"professional_profile": _profile()}), LIB)

    kept = profession_repo.get(db, user.id)
    assert (kept.personal_statement, kept.statement_activities) == ("Written here.", profession_repo.NONE)
    assert [a.topic for a in cpd.activities(db, user.id)] == ["Unique word"] and result.entries == 0
    assert any(
        n == "What you've already set here stays as it is: your personal statement and the activities your "
        "statement draws on."
        for n in result.notices
    )
