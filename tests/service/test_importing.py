"""Importing other apps' history into a real DuckDB file: preview first, one transaction, never twice."""

from __future__ import annotations

import csv
import io
import json
import zipfile
from collections.abc import Callable

import pytest

from journal.accounts import User
from journal.content.library import Library
from journal.portability import harbour_json as exchange
from journal.portability import importing
from journal.portability import readable as exports
from journal.reflect import entries
from journal.reflect.entries import EntryInput, SearchFilter
from journal.store import Database
from journal.store import entries as entries_repo
from tests.conftest import FixedClock
from tests.factories import daylio_csv
from tests.snapshots import every_row

DAYLIO = (
    b"full_date,date,weekday,time,mood,activities,note_title,note\n"
    b"2024-03-02,March 2,Saturday,9:05 pm,rad,work | family,Good day,"
    b'"Handover went well, <b>really</b> well.<br>Home early."\n'
    b"2024-03-01,March 1,Friday,07:30,knackered,,,\n"
    b'2024-02-28,February 28,Wednesday,8:00 am,awful,night shift,,"Rough night, &amp; I felt alone."\n'
)
MOODS = {"rad": 5, "awful": 1, "knackered": 2}


def dayone(*entries_: dict) -> bytes:
    return json.dumps({"metadata": {"version": "1.0"}, "entries": list(entries_)}).encode()


TOKYO = {
    "uuid": "4F1C2E0A9B8D4C6E8F1A2B3C4D5E6F70",
    "creationDate": "2024-03-01T23:30:00Z",  # already 2 March in Tokyo
    "timeZone": "Asia/Tokyo",
    "text": "# A late one\n\nWe got there in the end\\. Proud of the team\\!",
    "tags": ["team"],
    "starred": True,
    "user_id": "someone-else",  # never trusted
    "sharing": {"group": "everyone"},
}


@pytest.fixture
def user(make_user: Callable[..., User]) -> User:
    return make_user("alex")


def _commit(db: Database, user: User, lib: Library, fmt: str, data: bytes, moods: dict | None = None):
    pending = importing.read(fmt, data, f"export.{fmt}")
    return importing.commit(db, user.id, pending, moods or {}, lib)


def _all(db: Database, user: User) -> list[entries.Entry]:
    found, _ = entries_repo.search(db, user.id, SearchFilter(), trashed=False, limit=10_000)
    return sorted((entries.get(db, user.id, s.id) for s in found), key=lambda e: e.entry_date)


def test_a_daylio_preview_writes_nothing_and_says_what_will_come(db: Database, user: User, lib: Library) -> None:
    before = every_row(db)
    pending = importing.read("daylio", DAYLIO, "daylio_export.csv")
    assert [label for label, _, _ in pending.mood_labels] == ["awful", "knackered", "rad"]
    assert dict((label, default) for label, _, default in pending.mood_labels) == {
        "awful": 1,
        "knackered": None,  # a renamed mood: the person chooses its level
        "rad": 5,
    }
    with pytest.raises(importing.MoodsNeeded, match="knackered"):
        importing.preview(db, user.id, pending, {"rad": 5, "awful": 1}, lib)
    preview = importing.preview(db, user.id, pending, MOODS, lib)
    assert (preview.new, preview.already_here, preview.skipped) == (3, 0, ())
    assert preview.range_text == "28 Feb 2024 to 02 Mar 2024"
    assert preview.sample[0].words.startswith("Good day")
    assert every_row(db) == before


def test_a_daylio_import_keeps_dates_maps_moods_and_marks_its_source(db: Database, user: User, lib: Library) -> None:
    result = _commit(db, user, lib, "daylio", DAYLIO, MOODS)
    assert result.entries == 3
    rough, tired, good = _all(db, user)
    assert [e.entry_date.isoformat() for e in (rough, tired, good)] == ["2024-02-28", "2024-03-01", "2024-03-02"]
    assert (rough.mood, tired.mood, good.mood) == (1, 2, 5)
    assert good.tags == ("family", "work") and tired.tags == ()
    assert good.body == "Good day\n\nHandover went well, really well.\nHome early."  # HTML became plain text
    assert rough.body == "Rough night, & I felt alone."
    assert {e.source for e in (rough, tired, good)} == {"daylio"}
    assert good.created_at.hour == 21 and good.created_at.minute == 5
    assert good.polarity is not None and rough.polarity is not None  # tone worked out for imported words
    assert tired.body == "" and tired.polarity is None
    assert importing.written_line(good.created_at, good.time_zone, good.source).startswith(
        "Imported from Daylio · written 02 Mar 2024, 21:05"
    )


def test_leaving_a_mood_out_skips_entries_with_nothing_else(db: Database, user: User, lib: Library) -> None:
    result = _commit(db, user, lib, "daylio", DAYLIO, {**MOODS, "knackered": None})
    assert result.entries == 2 and "1 entry was skipped." in result.notices


def test_importing_the_same_file_twice_adds_nothing(db: Database, user: User, lib: Library) -> None:
    _commit(db, user, lib, "daylio", DAYLIO, MOODS)
    before = every_row(db)
    pending = importing.read("daylio", DAYLIO, "again.csv")
    preview = importing.preview(db, user.id, pending, MOODS, lib)
    assert (preview.new, preview.already_here) == (0, 3)
    again = importing.commit(db, user.id, pending, MOODS, lib)
    assert (again.entries, again.already_here) == (0, 3)
    assert every_row(db) == before


def test_two_people_importing_one_file_each_get_their_own_copy(
    db: Database, user: User, make_user: Callable[..., User], lib: Library
) -> None:
    sam = make_user("sam")
    _commit(db, user, lib, "daylio", DAYLIO, MOODS)
    assert _commit(db, sam, lib, "daylio", DAYLIO, MOODS).entries == 3
    assert {e.id for e in _all(db, user)}.isdisjoint({e.id for e in _all(db, sam)})


def test_day_one_keeps_the_writers_day_and_zone_and_trusts_no_owner(
    db: Database, user: User, make_user: Callable[..., User], lib: Library
) -> None:
    make_user("someone-else")
    result = _commit(db, user, lib, "dayone", dayone(TOKYO))
    assert result.entries == 1
    [entry] = _all(db, user)
    assert entry.entry_date.isoformat() == "2024-03-02"
    assert entry.time_zone == "Asia/Tokyo" and entry.source == "dayone"
    assert entry.body == "A late one\n\nWe got there in the end. Proud of the team!"
    assert entry.is_win and entry.tags == ("team",)
    assert importing.written_line(entry.created_at, entry.time_zone, entry.source) == (
        "Imported from Day One · written 02 Mar 2024, 08:30 (Asia/Tokyo)"
    )
    owners = db.all("SELECT DISTINCT user_id FROM entries")
    assert owners == [(user.id,)]


def test_a_day_one_zip_imports_like_its_json(db: Database, user: User, lib: Library) -> None:
    packed = io.BytesIO()
    with zipfile.ZipFile(packed, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("Journal.json", dayone(TOKYO))
        z.writestr("photos/abc.jpeg", b"\xff\xd8 not really a photo")
    assert _commit(db, user, lib, "dayone", packed.getvalue()).entries == 1


def test_jrnl_json_imports(db: Database, user: User, lib: Library) -> None:
    data = {
        "tags": {"@work": 1},
        "entries": [
            {"title": "Rota sorted.", "body": "Took three meetings.", "date": "2023-11-05", "time": "18:20",
             "tags": ["@work"], "starred": False},
        ],
    }  # fmt: skip
    assert _commit(db, user, lib, "jrnl", json.dumps(data).encode()).entries == 1
    [entry] = _all(db, user)
    assert (entry.entry_date.isoformat(), entry.tags, entry.source) == ("2023-11-05", ("work",), "jrnl")
    assert entry.body == "Rota sorted.\n\nTook three meetings."


@pytest.mark.parametrize(
    ("fmt", "data"),
    [
        ("daylio", b'{"entries": []}'),  # wrong format
        ("daylio", b'full_date,date,weekday,time,mood,activities,note_title,note\n2024-03-01,x,y,9:00,rad,,,"unclosed'),
        ("dayone", b"full_date,date\n"),
        ("dayone", b"[" * 100_000),  # nesting
        ("jrnl", b"\xff\xfe not utf-8"),
        ("dayone", b"PK\x03\x04 truncated zip"),
        ("harbour", b'{"format": "harbour", "version": 1, "entries": [{"id": 1}]}'),
    ],
)
def test_a_bad_file_is_refused_with_a_reason_and_nothing_is_written(
    db: Database, user: User, lib: Library, fmt: str, data: bytes
) -> None:
    before = every_row(db)
    with pytest.raises(importing.Refused) as refused:
        pending = importing.read(fmt, data, "bad")
        importing.commit(db, user.id, pending, {}, lib)
    assert str(refused.value).endswith("Nothing was imported.")
    assert every_row(db) == before


def test_a_zip_slip_or_bomb_is_refused(db: Database, user: User, lib: Library) -> None:
    before = every_row(db)
    for name, payload in (("../../etc/evil.json", dayone(TOKYO)), ("Journal.json", b"{" + b" " * 50_000_000 + b"}")):
        packed = io.BytesIO()
        with zipfile.ZipFile(packed, "w", zipfile.ZIP_DEFLATED) as z:
            z.writestr(name, payload)
        with pytest.raises(importing.Refused):
            importing.read("dayone", packed.getvalue(), "export.zip")
    assert every_row(db) == before


def test_a_failure_part_way_leaves_nothing_half_imported(
    db: Database, user: User, lib: Library, monkeypatch: pytest.MonkeyPatch, fixed_clock: FixedClock
) -> None:
    pending = importing.read("daylio", daylio_csv(1200), "big.csv")
    moods = {label: default or 3 for label, _, default in pending.mood_labels}
    before = every_row(db)
    real, calls = entries_repo.insert_many, []

    def fail_on_the_third_batch(cur, rows):
        calls.append(len(rows))
        if len(calls) == 3:
            raise OSError("the disk went away")
        real(cur, rows)

    monkeypatch.setattr(entries_repo, "insert_many", fail_on_the_third_batch)
    with pytest.raises(OSError):
        importing.commit(db, user.id, pending, moods, lib)
    assert len(calls) == 3
    assert every_row(db) == before


def test_progress_is_reported_up_to_the_whole(db: Database, user: User, lib: Library, fixed_clock: FixedClock) -> None:
    pending = importing.read("daylio", daylio_csv(1200), "big.csv")
    moods = {label: default or 3 for label, _, default in pending.mood_labels}
    seen: list[tuple[int, int]] = []
    result = importing.commit(db, user.id, pending, moods, lib, progress=lambda done, total: seen.append((done, total)))
    assert len(seen) >= 3 and seen == sorted(seen) and seen[-1] == (result.entries, result.entries)


def test_harbours_own_export_previews_then_restores(
    db: Database, user: User, make_user: Callable[..., User], lib: Library
) -> None:
    entries.save_new(db, user.id, "e1", EntryInput("free", {"text": "kept safe"}, mood=4), lib)
    exported = exchange.export_json(db, user.id).encode()
    fresh = make_user("fresh")
    pending = importing.read("harbour", exported, "harbour.json")
    preview = importing.preview(db, fresh.id, pending, {}, lib)
    assert (preview.new, preview.already_here) == (1, 0)
    assert preview.sample[0].words == "kept safe"
    assert importing.commit(db, fresh.id, pending, {}, lib).entries == 1
    assert importing.preview(db, fresh.id, pending, {}, lib).already_here == 1


def test_an_import_without_a_zone_keeps_the_writers_clock_in_the_csv(db: Database, user: User, lib: Library) -> None:
    _commit(db, user, lib, "daylio", DAYLIO, MOODS)
    rows = list(csv.DictReader(io.StringIO(exports.export_csv(db, user.id, lib))))
    newest = rows[-1]
    assert (newest["date"], newest["time"], newest["time_zone"], newest["source"]) == (
        "2024-03-02",
        "21:05",
        "",
        "daylio",
    )
