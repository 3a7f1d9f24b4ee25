"""The NMC revalidation portfolio PDF, read back as a PDF reader would: the NMC's headings in order, the counts,
the partner's name and PIN, the checklist, and nothing the portfolio doesn't hold."""

from __future__ import annotations

from datetime import UTC, date, datetime

from journal.content import regulators
from journal.reflect import nmc
from journal.reflect.nmc import Account, DiscussionRow, FeedbackRow, HoursRow, Period, Portfolio
from journal.store.cpd import ActivityRow
from tests.unit.test_reflective import flat, one_line, read_pdf

START, END = date(2024, 6, 30), date(2027, 6, 30)
AT = datetime(2026, 1, 1, tzinfo=UTC).replace(tzinfo=None)


def hours_row(n: int, hours: int, setting: str) -> HoursRow:
    return HoursRow(f"h{n}", "me", date(2025, n, 1), date(2025, n, 28), hours, "St Elsewhere NHS Trust", setting,
                    "Adult nursing", f"Stretch {n} of ward work.", AT, None)  # fmt: skip


def activity(n: int, minutes: int, participatory: bool, theme: str | None) -> ActivityRow:
    method = "course" if n == 2 else f"Method {n}"  # a listed method's id, or the person's own words
    return ActivityRow(f"a{n}", "me", date(2025, 2, n), minutes, participatory, method, f"Topic {n}", theme,
                       None, "", None, AT, None)  # fmt: skip


def portfolio(**changes: object) -> Portfolio:
    base = Portfolio(
        Period(START, END, END),
        [hours_row(3, 300, "Ward"), hours_row(4, 160, "Community")],
        [activity(1, 600, True, "preserve_safety"), activity(2, 90, False, None)],
        [
            FeedbackRow(
                "f1",
                "me",
                date(2025, 5, 1),
                "patient",
                "Kind words about discharge.",
                "Earlier leaflets.",
                None,
                None,
                AT,
                None,
            ),
            FeedbackRow("f2", "me", date(2025, 6, 1), "coach", "Calm in a crisis.", "", None, "note-1", AT, None),
        ],  # fmt: skip
        [
            Account(date(2025, 7, 1), date(2025, 6, 20), ("preserve_safety", "prioritise_people")),
            Account(date(2025, 8, 1), None, ("practise_effectively",)),
            Account(date(2025, 9, 1), date(2025, 8, 30), ()),
        ],
        [
            DiscussionRow(
                "d1",
                "me",
                date(2026, 3, 1),
                "Jo Partnerly",
                "12A3456B",
                "jo@example.org",
                None,
                "Two of my accounts.",
                AT,
                None,
            )
        ],  # fmt: skip
        ("practice_hours", "cpd"),
    )
    return Portfolio(**{**base.__dict__, **changes})  # type: ignore[arg-type]


def test_the_nmcs_headings_come_in_order_in_bold_after_the_title() -> None:
    pages = read_pdf(nmc.render_pdf(portfolio()))
    bold = flat(pages, bold=True)
    assert bold.startswith(nmc.PORTFOLIO_TITLE)
    places = [bold.index(h) for h in nmc.HEADINGS]
    assert places == sorted(places)
    assert nmc.HEADINGS == (
        "Practice hours", "CPD", "Practice-related feedback", "Written reflective accounts", "Reflective discussion",
        "Confirmation checklist",
    )  # fmt: skip


def test_the_counts_and_the_persons_rows_are_printed() -> None:
    text = flat(read_pdf(nmc.render_pdf(portfolio())))
    assert "460 hours in 2 stretches (the NMC asks for 450)" in text
    assert "11.5 hours of CPD in 2 activities, 10 of them participatory (the NMC asks for 35, 20 of them" in text
    assert "Method: Method 1" in text and "Method: A course or workshop" in text  # a listed method by its name
    assert "Method: course" not in text
    assert "The Code: Preserve safety" in text and "individual" in text
    assert "2 pieces of practice-related feedback (the NMC asks for 5)" in text
    assert "What it said: Kind words about discharge." in text and "What changed: Earlier leaflets." in text
    assert "Your coach or mentor" in text
    assert "3 accounts prepared in Harbour (the NMC asks for 5)" in text
    assert "the PDFs you downloaded on the Reflective account page" in one_line(text)
    assert "The Code: Preserve safety, Prioritise people" not in text  # the Code's order, not the ticking order
    assert "The Code: Prioritise people, Preserve safety" in text
    assert "its entry since deleted" in text
    assert "with Jo Partnerly" in text and "NMC PIN: 12A3456B" in text and "Email: jo@example.org" in text
    assert "up to your renewal on 30 June 2027, from 30 June 2024" in text


def test_the_checklist_shows_each_item_ticked_or_not() -> None:
    text = flat(read_pdf(nmc.render_pdf(portfolio())))
    for item in regulators.load().nmc.checklist:
        mark = "☑" if item.id in ("practice_hours", "cpd") else "☐"
        assert one_line(f"{mark} {item.text}") in text


def test_an_empty_portfolio_prints_kind_words_and_no_rows() -> None:
    empty = portfolio(hours=[], activities=[], feedback=[], accounts=[], discussions=[], ticked=())
    text = flat(read_pdf(nmc.render_pdf(empty)))
    assert "0 hours in 0 stretches" in text and "Not noted here yet." in text
    for word in ("St Elsewhere", "Topic 1", "Kind words", "Jo Partnerly", "12A3456B", "☑"):
        assert word not in text


def test_the_identifiability_check_reads_the_persons_words_but_not_the_partners_contact_details() -> None:
    texts = portfolio().texts()
    assert "Stretch 3 of ward work." in texts and "Topic 1" in texts and "Kind words about discharge." in texts
    assert "Two of my accounts." in texts
    assert not any("Jo Partnerly" in t or "12A3456B" in t or "jo@example.org" in t for t in texts)


def test_characters_the_font_cannot_draw_are_named() -> None:
    odd = portfolio(feedback=[FeedbackRow("f", "me", date(2025, 5, 1), "patient", "Thanks 你好", "", None,
                                          None, AT, None)])  # fmt: skip
    assert nmc.unprintable(odd) == ["你", "好"]
    assert nmc.unprintable(portfolio()) == []
