"""The HCPC CPD profile and the reflections for appraisal as PDFs, read back: headings bold and in order, the
person's words exactly as typed (markdown stays characters), blanks worded kindly."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from journal.reflect import appraisal, hcpc
from journal.reflect import reflective_account as reflective
from journal.reflect.appraisal import AppraisalError, Reflection
from journal.reflect.cpd import ActivityRow
from journal.reflect.hcpc import CPD_LIST, DRAWS_ON, FOOTER, STATEMENT, SUMMARY, TITLE, Document
from tests.unit.test_reflective import entry, flat, one_line, read_pdf

DAY = date(2026, 3, 4)
NOW = datetime(2026, 3, 4, 12, tzinfo=UTC).replace(tzinfo=None)


def row(n: int, **change) -> ActivityRow:
    values = dict(
        id=f"a{n}", user_id="p", done_on=date(2026, 1, n), minutes=90, participatory=True, method="course",
        topic=f"Topic {n}", code_theme=None, learning_type="formal", learned="", entry_id=None, created_at=NOW,
        deleted_at=None,
    )  # fmt: skip
    return ActivityRow(**(values | change))


def test_the_cpd_profile_prints_the_hcpc_headings_in_order_and_the_words_as_typed() -> None:
    rows = (row(2, topic="**Not bold** [a link](https://x.example)", learned="Привет, مرحبا"), row(1, method="Mine"))
    pages = read_pdf(hcpc.render_pdf(Document("A summary.", "A statement.", rows[:1], rows)))
    bold = flat(pages, bold=True)
    at = [bold.index(one_line(h)) for h in (TITLE, SUMMARY, STATEMENT, DRAWS_ON, CPD_LIST)]
    assert at == sorted(at)
    text = flat(pages)
    assert "**Not bold** [a link](https://x.example)" in text and "Привет, مрацбا"[:6] in text
    assert "Fri 02 Jan 2026 · 1.5 hours · Formal or educational · A course or workshop" in bold
    assert "Thu 01 Jan 2026 · 1.5 hours · Formal or educational · Mine" in bold
    assert one_line(FOOTER) in text


def test_an_empty_profile_says_what_isnt_written_yet() -> None:
    text = flat(read_pdf(hcpc.render_pdf(Document("", "", (), ()))))
    assert text.count("(Not written yet.)") == 2
    assert "0 activities; types of learning: none chosen yet." in text


def test_reflections_for_appraisal_print_date_kind_question_and_answer_in_order() -> None:
    items = [
        Reflection(DAY, "What? Why? How?", (("What was it?", "A hard *clinic*."), ("How now?", "Ask early."))),
        Reflection(date(2026, 2, 1), "Free writing", (("", "Just words."),)),
    ]
    pages = read_pdf(appraisal.render_pdf(items))
    text = flat(pages)
    expected = ("Wed 04 Mar 2026 · What? Why? How?", "What was it?", "A hard *clinic*.", "How now?", "Ask early.",
                "Sun 01 Feb 2026 · Free writing", "Just words.")  # fmt: skip
    order = [text.index(x) for x in expected]
    assert order == sorted(order)
    assert "2 reflections, chosen by you" in text
    assert "A hard *clinic*." not in flat(pages, bold=True)  # answers in regular type
    with pytest.raises(AppraisalError):
        appraisal.render_pdf([])


@pytest.mark.parametrize(
    ("template", "answers"),
    [
        ("gmc_what_why_how", {"what": "N", "why": "L", "how": "C"}),
        ("aomrc_reflection", {"what_happened": "N", "what_you_did": "M", "what_learnt": "L", "what_next": "C"}),
    ],
)
def test_the_gmc_templates_become_nmc_reflective_accounts_section_by_section(lib, template, answers) -> None:
    account = reflective.from_entry(entry(template, answers), lib)
    nature = "N\n\nM" if "what_you_did" in answers else "N"
    assert (account.nature, account.learned, account.changed) == (nature, "L", "C")
    assert template in reflective.BEST_FIT
