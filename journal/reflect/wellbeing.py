"""The wellbeing plan, for the NHS health and wellbeing conversation: the newest one a person wrote is their plan,
reviewed at least once a year, and printable to bring to the conversation.

A plan is an ordinary entry made with the "wellbeing_plan" template, so it is private to its owner like every
entry, goes to the trash like every entry, and needs no table of its own. Reviewing it starts a new plan filled in
from the last; the old one stays in the journal.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from journal import clock
from journal import pdf as pdf_doc
from journal.content.library import Library
from journal.content.support import Wellbeing
from journal.reflect import entries
from journal.reflect.entries import PROMPT_ANSWER, Entry, EntryInput, SearchFilter
from journal.store import Handle
from journal.text.cleaning import clean
from journal.text.words import nice_date

TEMPLATE = "wellbeing_plan"
REVIEW_YEARS = 1  # the NHS asks for the conversation at least once a year
FOOTER = (
    "Harbour made this for you alone and hasn't sent it to your manager or anyone else. "
    "Share only what you're happy to share."
)


@dataclass(frozen=True)
class Plan:
    """A person's wellbeing plan: the entry it is, and the day it is due its review."""

    entry: Entry
    written_on: date  # the entry's day
    review_on: date  # a year on

    def due(self, today: date) -> bool:
        """Whether it is time to review it: a year or more since it was written."""
        return today >= self.review_on


def review_on(written_on: date) -> date:
    """A year after the plan was written (28 February for a plan written on 29 February)."""
    try:
        return written_on.replace(year=written_on.year + REVIEW_YEARS)
    except ValueError:
        return written_on.replace(year=written_on.year + REVIEW_YEARS, day=28)


def newest(db: Handle, user_id: str) -> Plan | None:
    """The person's wellbeing plan: the newest one in their journal (not the trash); None if they have none."""
    found, _ = entries.search(db, user_id, SearchFilter(template=TEMPLATE), limit=1)
    entry = entries.get(db, user_id, found[0].id) if found else None
    if entry is None or entry.deleted_at is not None:
        return None
    return Plan(entry, entry.entry_date, review_on(entry.entry_date))


def review_due(db: Handle, user_id: str, today: date | None = None) -> Plan | None:
    """The person's plan when it is due its review; None when it isn't, or when they have no plan."""
    plan = newest(db, user_id)
    return plan if plan is not None and plan.due(today or clock.today()) else None


def review_input(plan: Plan, lib: Library) -> EntryInput:
    """A new plan, dated today, filled in from this one, for the person to look over and change."""
    template = lib.template(TEMPLATE)
    answers = {key: text for key, text in plan.entry.answers.items() if key != PROMPT_ANSWER and text.strip()}
    return EntryInput(template=TEMPLATE, answers=answers, tags=list(plan.entry.tags), theme=template.theme)


def questions_and_answers(plan: Plan, lib: Library) -> list[tuple[str, str]]:
    """Each question the plan answers, in the template's order, with its answer; nothing unanswered."""
    fields = entries.answer_fields(plan.entry, lib)
    return [(question, plan.entry.answers[key]) for key, question in fields if plan.entry.answers.get(key, "").strip()]


def texts(plan: Plan, lib: Library) -> list[str]:
    """Every word of the person's that goes into the PDF, for the identifiability check before it is downloaded."""
    return [answer for _, answer in questions_and_answers(plan, lib)]


def _printable(text: str) -> str:
    text, _ = clean(text)
    return text.replace("\r\n", "\n").replace("\r", "\n").replace("\t", "    ").strip()


def unprintable(plan: Plan, lib: Library) -> list[str]:
    """Characters Harbour's font can't draw (they'd be missing from the PDF), each once, in order of appearance."""
    chars = pdf_doc.font_chars()
    text = "".join(_printable(t) for t in texts(plan, lib))
    return list(dict.fromkeys(c for c in text if c != "\n" and ord(c) not in chars))


def render_pdf(plan: Plan, lib: Library, words: Wellbeing) -> bytes:
    """The plan as a document to bring to the conversation: when it was written and is due its review, then each
    question (bold) and the person's answer (plain text), and nothing else from their journal."""
    pdf = pdf_doc.document(words.file_title, FOOTER, footer_height=18, bottom_margin=24)

    def line(text: str, size: float, style: str = "", gap: float = 2) -> None:
        pdf.set_font("DejaVu", style, size)
        pdf.set_text_color(0)
        pdf.multi_cell(0, size * 0.5, text, align="L", new_x="LMARGIN", new_y="NEXT")  # never markdown
        pdf.ln(gap)

    line(words.file_title, 18, "B", 1)
    line(words.file_note, 10, gap=1)
    line(f"Written on {nice_date(plan.written_on)}. To review by {nice_date(plan.review_on)}.", 10, gap=6)
    for question, answer in questions_and_answers(plan, lib):
        line(question or "More", 11, "B")
        line(_printable(answer), 11, gap=6)
    return bytes(pdf.output())


def file_name(plan: Plan) -> str:
    return f"wellbeing-plan-{plan.written_on.isoformat()}.pdf"
