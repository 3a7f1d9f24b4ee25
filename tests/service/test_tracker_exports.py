"""Personal trackers in every readable export: a column each in the CSV, a section in the Markdown, trackers.md and
trackers.csv in the zip; only the owner's, and nothing added for someone without trackers."""

from __future__ import annotations

import csv
import io
import uuid
import zipfile
from collections.abc import Callable
from datetime import timedelta

import pytest

from journal.accounts import User
from journal.content.library import Library
from journal.portability import readable
from journal.reflect import entries
from journal.reflect import trackers as reflect
from journal.reflect.entries import EntryInput
from journal.store import Database
from tests.factories import TODAY

pytestmark = pytest.mark.usefixtures("fixed_clock")
YESTERDAY, LAST_WEEK = TODAY - timedelta(days=1), TODAY - timedelta(days=7)


@pytest.fixture
def kept(db: Database, user: User, lib: Library, make_user: Callable[..., User]) -> None:
    """Two trackers (one put away) answered on three days, an entry on one of them, and another person's tracker."""
    inp = EntryInput("free", {"text": "A good shift."}, mood=4, energy=4)
    inp.entry_date = YESTERDAY
    entries.save_new(db, user.id, str(uuid.uuid4()), inp, lib)
    brk = reflect.create(db, user.id, "=took a break", "yes_no")  # a name a spreadsheet could take for a formula
    sleep = reflect.create(db, user.id, "slept", "scale", "barely", "soundly")
    reflect.record(db, user.id, brk.id, YESTERDAY, 1)
    reflect.record(db, user.id, brk.id, LAST_WEEK, 0)
    reflect.record(db, user.id, sleep.id, YESTERDAY, 4)
    reflect.record(db, user.id, sleep.id, TODAY, 2)
    reflect.put_away(db, user.id, sleep.id)
    other = make_user("sam")
    theirs = reflect.create(db, other.id, "someone else's tracker", "yes_no")
    reflect.record(db, other.id, theirs.id, TODAY, 1)


@pytest.mark.usefixtures("kept")
def test_csv_has_a_column_per_tracker_and_rows_for_days_without_entries(db: Database, user: User, lib: Library) -> None:
    rows = list(csv.reader(io.StringIO(readable.export_csv(db, user.id, lib))))
    header = rows[0]
    assert header[: len(readable.CSV_COLUMNS)] == list(readable.CSV_COLUMNS)
    assert header[len(readable.CSV_COLUMNS) :] == ["tracker: =took a break", "tracker: slept"]  # starts "t": safe
    by_date = {r[0]: r for r in rows[1:]}
    assert [r[0] for r in rows[1:]] == [LAST_WEEK.isoformat(), YESTERDAY.isoformat(), TODAY.isoformat()]
    assert by_date[YESTERDAY.isoformat()][-2:] == ["yes", "4"]
    assert by_date[YESTERDAY.isoformat()][readable.CSV_COLUMNS.index("mood")] == "4"  # the entry's own row
    assert by_date[LAST_WEEK.isoformat()][1 : len(readable.CSV_COLUMNS)] == [""] * (len(readable.CSV_COLUMNS) - 1)
    assert by_date[LAST_WEEK.isoformat()][-2:] == ["no", ""]
    assert by_date[TODAY.isoformat()][-2:] == ["", "2"]
    assert "someone else" not in readable.export_csv(db, user.id, lib)


@pytest.mark.usefixtures("kept")
def test_markdown_has_a_trackers_section(db: Database, user: User, lib: Library) -> None:
    text = readable.export_markdown(db, user.id, lib)
    section = text[text.index("## Your trackers") :]
    assert "### =took a break\n\nYes or no · 2 days\n" in section
    assert f"- {LAST_WEEK.isoformat()}: no\n- {YESTERDAY.isoformat()}: yes" in section
    assert "### slept\n\nA scale from 1 (barely) to 5 (soundly) · 2 days · put away" in section
    assert f"- {TODAY.isoformat()}: 2" in section
    assert "someone else" not in text


@pytest.mark.usefixtures("kept")
def test_zip_has_trackers_md_and_csv(db: Database, user: User, lib: Library) -> None:
    archive = zipfile.ZipFile(io.BytesIO(readable.export_markdown_zip(db, user.id, lib)))
    folder = readable.ZIP_FOLDER
    assert "trackers.md" in archive.read(f"{folder}/README.md").decode()
    assert archive.read(f"{folder}/trackers.md").decode().startswith("# Your trackers\n")
    rows = list(csv.reader(io.StringIO(archive.read(f"{folder}/trackers.csv").decode())))
    assert rows[0] == list(readable.TRACKERS_CSV_COLUMNS)
    assert rows[1:] == [
        [LAST_WEEK.isoformat(), "'=took a break", "yes_no", "no"],  # guarded: shown, never run
        [YESTERDAY.isoformat(), "'=took a break", "yes_no", "yes"],
        [YESTERDAY.isoformat(), "slept", "scale", "4"],
        [TODAY.isoformat(), "slept", "scale", "2"],
    ]


def test_nothing_added_without_trackers(db: Database, user: User, lib: Library) -> None:
    entries.save_new(db, user.id, str(uuid.uuid4()), EntryInput("free", {"text": "Words."}), lib)
    assert readable.export_csv(db, user.id, lib).splitlines()[0] == ",".join(readable.CSV_COLUMNS)
    assert "Your trackers" not in readable.export_markdown(db, user.id, lib)
    names = zipfile.ZipFile(io.BytesIO(readable.export_markdown_zip(db, user.id, lib))).namelist()
    assert not any("trackers" in n for n in names)
