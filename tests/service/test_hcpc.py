"""The HCPC CPD profile: gaps and types of learning on a fixed clock, what is kept, and the PDF of only your rows."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

import pytest

from journal.reflect import cpd, hcpc, profession
from journal.reflect.cpd import Activity
from journal.reflect.hcpc import CPD_LIST, DRAWS_ON, STATEMENT, SUMMARY, Gap, HcpcError
from tests.factories import TODAY
from tests.unit.test_reflective import flat, one_line, read_pdf

pytestmark = pytest.mark.usefixtures("fixed_clock")

BASE = Activity(TODAY, 60, False, "reading", "Reading on tendinopathy", learning_type="self_directed")


def on(days_ago: int, **change) -> Activity:
    return replace(BASE, done_on=TODAY - timedelta(days=days_ago), **change)


def test_add_months_keeps_the_day_or_takes_the_months_last() -> None:
    assert hcpc.add_months(date(2026, 1, 15), 3) == date(2026, 4, 15)
    assert hcpc.add_months(date(2025, 11, 30), 3) == date(2026, 2, 28)
    assert hcpc.add_months(date(2026, 10, 31), 3) == date(2027, 1, 31)


def test_gaps_of_three_months_or_more_between_activities_and_since_the_last_are_flagged() -> None:
    since = TODAY - timedelta(days=730)
    days = [date(2025, 1, 10), date(2025, 4, 9), date(2025, 4, 20), date(2025, 7, 20), date(2026, 9, 1)]
    found = hcpc.gaps(days, since, TODAY)
    # 10 Jan to 9 Apr is a day short of three months; 20 Apr to 20 Jul is exactly three
    assert found == [Gap(date(2025, 4, 20), date(2025, 7, 20), False), Gap(date(2025, 7, 20), date(2026, 9, 1), False)]
    recent = [TODAY - timedelta(days=100)]
    assert hcpc.gaps(recent, since, TODAY) == [Gap(recent[0], TODAY, True)]
    assert hcpc.gaps([TODAY - timedelta(days=80)], since, TODAY) == []
    assert hcpc.gaps([], since, TODAY) == []
    assert hcpc.gaps([since - timedelta(days=1)], since, TODAY) == []  # before the period: not the HCPC's concern
    assert "since" in hcpc.gap_words(Gap(recent[0], TODAY, True))


def test_the_period_is_the_two_years_to_the_renewal_date_or_to_today(db, make_user) -> None:
    me = make_user("Pat")
    assert hcpc.period_start(db, me.id, TODAY) == TODAY.replace(year=TODAY.year - 2)
    profession.set_renewal(db, me.id, date(2027, 6, 30), TODAY)
    assert hcpc.period_start(db, me.id, TODAY) == date(2025, 6, 30)


def test_a_kind_note_until_two_types_of_learning_appear(db, make_user) -> None:
    me = make_user("Pat")
    cpd.add(db, me.id, on(10))
    cpd.add(db, me.id, on(20, learning_type=None))
    rows = cpd.activities(db, me.id)
    assert hcpc.types_seen(rows) == ["self_directed"]
    assert "at least 2 types" in (hcpc.types_note(rows) or "")
    cpd.add(db, me.id, on(30, learning_type="work_based"))
    rows = cpd.activities(db, me.id)
    assert hcpc.types_seen(rows) == ["work_based", "self_directed"]  # the HCPC's order
    assert hcpc.types_note(rows) is None


def test_the_summary_counts_words_gently_against_about_500() -> None:
    assert "about 500 words" in hcpc.summary_note("")
    assert hcpc.summary_note("one two three") == "3 words of about 500."
    assert "trim" in hcpc.summary_note("word " * 600)
    assert hcpc.statement_note(3) is not None and "1 more" in (hcpc.statement_note(3) or "")
    assert hcpc.statement_note(4) is None and hcpc.statement_note(6) is None
    assert "6 best" in (hcpc.statement_note(7) or "")


def test_summary_and_statement_are_kept_and_activities_not_yours_are_refused(db, make_user) -> None:
    me, other = make_user("Pat"), make_user("Ben")
    mine = [cpd.add(db, me.id, on(n * 10)).id for n in range(4)]
    theirs = cpd.add(db, other.id, on(5)).id
    hcpc.keep_summary(db, me.id, "  I'm a physiotherapist in a community team.\x07 ")
    hcpc.keep_statement(db, me.id, "What I learnt.", mine)
    kept = hcpc.profile(db, me.id)
    assert kept == hcpc.Profile("I'm a physiotherapist in a community team.", "What I learnt.", tuple(mine))
    with pytest.raises(HcpcError):
        hcpc.keep_statement(db, me.id, "Changed words.", [*mine, theirs])
    with pytest.raises(HcpcError):
        hcpc.keep_summary(db, me.id, "x" * (hcpc.MAX_SUMMARY_CHARS + 1))
    assert hcpc.profile(db, me.id) == kept  # nothing changed
    assert hcpc.profile(db, other.id) == hcpc.Profile("", "", ())


def test_the_pdf_holds_the_hcpc_headings_in_order_and_only_your_rows(db, make_user) -> None:
    me, other = make_user("Pat"), make_user("Ben")
    rows = [cpd.add(db, me.id, on(n * 30, topic=f"Mine number {n}")) for n in range(5)]
    cpd.add(db, me.id, on(800, topic="Before the period"))  # over two years ago: not in this profile
    gone = cpd.add(db, me.id, on(3, topic="Removed one"))
    cpd.remove(db, me.id, gone.id)
    cpd.add(db, other.id, on(2, topic="Someone else's course"))
    hcpc.keep_summary(db, me.id, "My practice in a sentence.")
    hcpc.keep_statement(db, me.id, "My statement in a sentence.", [r.id for r in rows[:4]])
    doc = hcpc.document(db, me.id, TODAY)
    assert len(doc.activities) == 5 and len(doc.drawn_on) == 4
    pages = read_pdf(hcpc.render_pdf(doc))
    headings = flat(pages, bold=True)
    at = [headings.index(one_line(h)) for h in (SUMMARY, STATEMENT, DRAWS_ON, CPD_LIST)]
    assert at == sorted(at)
    text = flat(pages)
    assert "My practice in a sentence." in text and "My statement in a sentence." in text
    assert "4 activities" in text and "5 activities; types of learning: Self-directed learning." in text
    assert text.count("Mine number 0") == 2  # drawn on, and in the dated list
    assert text.count("Mine number 4") == 1
    for absent in ("Before the period", "Removed one", "Someone else's course"):
        assert absent not in text
