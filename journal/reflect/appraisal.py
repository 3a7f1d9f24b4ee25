"""Reflections for appraisal: the entries a person chooses, each with its date, kind and every question and answer,
as a PDF to bring to their appraisal (a doctor's for the GMC, or anyone's).

Only what was chosen goes in, read afresh for its owner; Harbour keeps no copy and sends it nowhere.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import partial

from journal import pdf as pdf_doc
from journal.content import regulators
from journal.content.library import Library
from journal.reflect import entries, reflective_account
from journal.reflect.entries import PROMPT_ANSWER, Entry, Summary
from journal.store import Handle
from journal.text.cleaning import clean
from journal.text.snippets import cut as snippet
from journal.text.words import nice_date, plural

CHOICES = 100  # entries offered: the GMC templates' first, then the newest others
TITLE = "Reflections for appraisal"
FOOTER = (
    "Reflection is about learning: these notes should identify no one. "
    "Harbour made this PDF for you alone and hasn't sent it to anyone."
)


class AppraisalError(ValueError):
    """Why the export can't be made as chosen, in words for the person; nothing was changed."""


def templates() -> tuple[str, ...]:
    """The reflection templates suggested for doctors, in the order offered (regulators.toml [gmc].templates)."""
    return regulators.load().gmc.templates


def choices(db: Handle, user_id: str, limit: int = CHOICES) -> list[Summary]:
    """Entries with words in them: those written with the GMC's templates first, then the rest; newest first in each."""
    return reflective_account.evidence_choices(db, user_id, templates(), limit)


def describe_choice(lib: Library, item: Summary) -> str:
    """'Tue 04 Mar 2025 · What? Why? How? · The start of the entry…' (the person's words: show it as text)."""
    return f"{nice_date(item.entry_date)} · {lib.template_name(item.template)} · {snippet(item.snippet, 70)}"


@dataclass(frozen=True)
class Reflection:
    entry_date: date
    template: str  # the template's name
    answers: tuple[tuple[str, str], ...]  # (question, answer) in the template's order; the question may be ""


def reflection(entry: Entry, lib: Library) -> Reflection:
    """An entry as it goes into the export: every answer it has, under its question, in order."""
    pairs = [(label, entry.answers.get(key, "").strip()) for key, label in entries.answer_fields(entry, lib)]
    if (answer := entry.answers.get(PROMPT_ANSWER, "").strip()) and entry.prompt_text:
        pairs.append((entry.prompt_text, answer))
    elif answer:
        pairs.append(("", answer))
    return Reflection(entry.entry_date, lib.template_name(entry.template), tuple(p for p in pairs if p[1]))


def chosen(db: Handle, user_id: str, lib: Library, entry_ids: list[str] | tuple[str, ...]) -> list[Reflection]:
    """The chosen entries, the person's own and still in their journal, newest first."""
    if not entry_ids:
        raise AppraisalError("Please choose at least one reflection to bring to your appraisal.")
    found = [e for i in dict.fromkeys(entry_ids) if (e := entries.get(db, user_id, i)) and e.deleted_at is None]
    if len(found) != len(set(entry_ids)):
        raise AppraisalError("One of those reflections isn't in your journal any more. Please choose again.")
    found.sort(key=lambda e: (e.entry_date, e.created_at), reverse=True)
    return [reflection(e, lib) for e in found]


def texts(reflections: list[Reflection]) -> list[str]:
    """Every word of the person's going into the export, for the identifiability check."""
    return [answer for r in reflections for _, answer in r.answers]


def _printable(text: str) -> str:
    text = clean(text)[0]
    return text.replace("\r\n", "\n").replace("\r", "\n").replace("\t", "    ").strip()


def unprintable(reflections: list[Reflection]) -> list[str]:
    chars = pdf_doc.font_chars()
    text = "".join(_printable(q) + _printable(a) for r in reflections for q, a in r.answers)
    return list(dict.fromkeys(c for c in text if c != "\n" and ord(c) not in chars))


def render_pdf(reflections: list[Reflection]) -> bytes:
    """Each chosen reflection: its date and kind, then each question (bold) and answer, as plain text."""
    if not reflections:
        raise AppraisalError("Please choose at least one reflection to bring to your appraisal.")
    pdf = pdf_doc.document(TITLE, FOOTER, footer_height=18, bottom_margin=24)
    write = partial(pdf_doc.line, pdf)  # plain text, never markdown

    write(TITLE, 18, "B", 1)
    write(f"{plural(len(reflections), 'reflection')}, chosen by you to discuss at your appraisal.", 10, gap=6)
    for item in reflections:
        write(f"{nice_date(item.entry_date)} · {item.template}", 13, "B", 3)
        for question, answer in item.answers:
            if question := _printable(question):
                write(question, 11, "B", 1)
            write(_printable(answer), 11, gap=4)
        pdf.ln(6)
    return bytes(pdf.output())


def file_name(today: date) -> str:
    return f"reflections-for-appraisal-{today.isoformat()}.pdf"
