"""NMC-style reflective accounts for revalidation: an entry mapped onto the NMC's form, themes of the Code, a PDF.

Harbour only helps a person prepare the form. The PDF goes to them alone; Harbour keeps a note that one was
prepared (when, from which entry, which themes), so it can count towards the five revalidation asks for.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date, datetime, time

from journal import pdf as pdf_doc
from journal.clock import utcnow
from journal.content.library import Library
from journal.reflect import debriefs, entries
from journal.reflect.entries import PROMPT_ANSWER, Entry, SearchFilter, Summary
from journal.store import Handle
from journal.store import reflective as repo
from journal.text import identifiable
from journal.text.cleaning import clean
from journal.text.identifiable import Finding
from journal.text.snippets import cut as snippet
from journal.text.words import nice_date

NEEDED = 5  # written reflective accounts in each three-year revalidation period
WINDOW_YEARS = 3
CHOICES = 100  # entries offered in the list: the best-fitting ones, then the newest others

# The NMC reflective accounts form's own wording (its questions, in its order).
FORM_TITLE = "Reflective accounts form"
NATURE = (
    "What was the nature of the CPD activity and/or practice-related feedback and/or event or experience "
    "in your practice?"
)
LEARNED = "What did you learn from the CPD activity and/or feedback and/or event or experience in your practice?"
CHANGED = "How did you change or improve your practice as a result?"
RELEVANCE = "How is this relevant to the Code?"
HEADINGS = {"nature": NATURE, "learned": LEARNED, "changed": CHANGED, "relevance": RELEVANCE}
SECTIONS = ("nature", "learned", "changed")  # the three the form needs written; "relevance" may be just themes
FOOTER = (
    "This account must not identify anyone: no patients, service users, colleagues or anyone else. "
    "Harbour made this PDF for you alone and hasn't sent it to the NMC or anywhere else."
)


@dataclass(frozen=True)
class CodeTheme:
    id: str
    name: str  # as the Code names it
    description: str  # one line, in Harbour's words


CODE_THEMES = (
    CodeTheme("prioritise_people", "Prioritise people", "Putting the needs, dignity and wishes of people first."),
    CodeTheme("practise_effectively", "Practise effectively", "Working from the best evidence, and sharing it well."),
    CodeTheme("preserve_safety", "Preserve safety", "Working within your competence and speaking up about risk."),
    CodeTheme(
        "promote_professionalism_and_trust",
        "Promote professionalism and trust",
        "Acting with honesty and integrity, so people can trust the professions.",
    ),
)
_THEME_IDS = tuple(t.id for t in CODE_THEMES)

# Which section of the form each answer fills, for the templates that map onto it; the rest go into "nature".
MAPPINGS = {
    "gibbs": {
        "description": "nature",
        "feelings": "learned",
        "evaluation": "learned",
        "analysis": "learned",
        "conclusion": "learned",
        "action_plan": "changed",
    },
    "what_so_what": {"what": "nature", "so_what": "learned", "now_what": "changed"},
    # The GMC's and the Academy of Medical Royal Colleges' templates, so a doctor's reflection can become one too.
    "gmc_what_why_how": {"what": "nature", "why": "learned", "how": "changed"},
    "aomrc_reflection": {
        "what_happened": "nature",
        "what_you_did": "nature",
        "what_learnt": "learned",
        "what_next": "changed",
    },
}
BEST_FIT = tuple(MAPPINGS)
_ABOUT = {
    "nature": "what the activity, feedback or experience was",
    "learned": "what you learned",
    "changed": "how you changed or improved your practice",
}


class ReflectiveAccountError(ValueError):
    """Why an account can't be printed or counted yet, in words for the person; nothing was recorded."""


@dataclass(frozen=True)
class ReflectiveAccount:
    entry_id: str
    entry_date: date
    nature: str = ""  # the nature of the CPD activity, feedback, event or experience
    learned: str = ""  # what they learned from it
    changed: str = ""  # how they changed or improved their practice
    themes: tuple[str, ...] = ()  # ids from CODE_THEMES, in the Code's order
    relevance: str = ""  # how it is relevant to the Code, in their words

    def texts(self) -> dict[str, str]:
        return {name: getattr(self, name) for name in HEADINGS}


def from_entry(entry: Entry, lib: Library) -> ReflectiveAccount:
    """The form pre-filled from an entry. The person edits the wording; the entry itself never changes."""
    mapping = MAPPINGS.get(entry.template)
    fields = [*entries.answer_fields(entry, lib), (PROMPT_ANSWER, entry.prompt_text or "")]
    sections: dict[str, list[str]] = {name: [] for name in SECTIONS}
    for key, label in fields:
        answer = entry.answers.get(key, "").strip()
        if not answer:
            continue
        if mapping and key in mapping:
            sections[mapping[key]].append(answer)
        else:  # a template the form doesn't map onto: every answer under its question, to rework into the form
            sections["nature"].append(f"{label}\n{answer}" if label else answer)
    texts = {name: "\n\n".join(parts) for name, parts in sections.items()}
    return ReflectiveAccount(
        entry.id, entry.entry_date, nature=texts["nature"], learned=texts["learned"], changed=texts["changed"]
    )


def with_themes(account: ReflectiveAccount, chosen: list[str] | tuple[str, ...]) -> ReflectiveAccount:
    """The account with these themes ticked, in the Code's order."""
    unknown = set(chosen) - set(_THEME_IDS)
    if unknown:
        raise ReflectiveAccountError("That isn't one of the Code's four themes. Please tick from the list.")
    return replace(account, themes=tuple(t for t in _THEME_IDS if t in chosen))


def problem(account: ReflectiveAccount) -> str | None:
    """What still needs doing before the account can be printed, or None when it is ready."""
    missing = [about for name, about in _ABOUT.items() if not getattr(account, name).strip()]
    if missing:
        listed = missing[0] if len(missing) == 1 else f"{', '.join(missing[:-1])} and {missing[-1]}"
        return f"Nearly there: please write a few words about {listed}. The NMC's form asks for all three."
    if not account.themes:
        return "Nearly there: please tick at least one theme of the Code that this account relates to."
    if set(account.themes) - set(_THEME_IDS):
        return "That isn't one of the Code's four themes. Please tick from the list."
    return None


def _check(account: ReflectiveAccount) -> None:
    if (reason := problem(account)) is not None:
        raise ReflectiveAccountError(reason)


def identifiable_findings(account: ReflectiveAccount, today: date | None = None) -> list[Finding]:
    """What in any part of the account may identify someone (see journal.text.identifiable)."""
    return identifiable.findings("\n\n".join(account.texts().values()), today)


def fingerprint(found: list[Finding]) -> str:
    """A short name for exactly these findings: a confirmation is for them, and asked again if they change."""
    return hashlib.sha256(repr([(f.kind, f.excerpt) for f in found]).encode()).hexdigest()[:16]


# -- choosing an entry ----------------------------------------------------------
def choices(db: Handle, user_id: str, limit: int = CHOICES) -> list[Summary]:
    """Entries with words in them: those that map best onto the form first, then the rest; newest first in each."""
    return evidence_choices(db, user_id, BEST_FIT, limit)


def evidence_choices(db: Handle, user_id: str, first: Iterable[str], limit: int = CHOICES) -> list[Summary]:
    """Entries with words in them to prepare evidence from: those of the `first` templates, then the rest; newest
    first in each. Never a debrief: its raw account is turned into a learning reflection before it is evidence."""
    best = [s for t in first for s in entries.search(db, user_id, SearchFilter(template=t), limit=limit)[0]]
    best.sort(key=lambda s: s.entry_date, reverse=True)
    rest, _ = entries.search(db, user_id, SearchFilter(), limit=limit)
    seen = {s.id for s in best}
    return [
        s
        for s in best[:limit] + [s for s in rest if s.id not in seen]
        if s.snippet.strip() and s.template != debriefs.TEMPLATE
    ]


def describe_choice(lib: Library, item: Summary) -> str:
    """'Tue 04 Mar 2025 · Gibbs' reflective cycle (fits the form best) · The start of the entry…'"""
    kind = lib.template_name(item.template) + (" (fits the form best)" if item.template in BEST_FIT else "")
    return f"{nice_date(item.entry_date)} · {kind} · {snippet(item.snippet, 70)}"


# -- counting towards the five ----------------------------------------------------
def window_start(today: date) -> date:
    """The first day of the three years up to today."""
    try:
        return today.replace(year=today.year - WINDOW_YEARS)
    except ValueError:  # 29 February
        return today.replace(year=today.year - WINDOW_YEARS, day=28)


def prepare(db: Handle, user_id: str, account_id: str, account: ReflectiveAccount) -> bool:
    """Count an account as prepared; False if this id was counted already (a second click, or the same download)."""
    _check(account)
    if entries.get(db, user_id, account.entry_id) is None:
        raise ReflectiveAccountError("That entry isn't in your journal any more, so this account can't be counted.")
    row = repo.ReflectiveAccountRow(account_id, user_id, account.entry_id, utcnow(), json.dumps(list(account.themes)))
    return repo.record(db, row)


def count_last_three_years(db: Handle, user_id: str, today: date) -> int:
    """Accounts this person prepared in the last three years, one per entry (printing one again is not another)."""
    since = datetime.combine(window_start(today), time())
    return len({row.entry_id for row in repo.for_user(db, user_id, since)})


def standing(db: Handle, user_id: str, today: date) -> str:
    """The counter at the top of the page for this person: how many in three years, and when the last one was."""
    rows = repo.for_user(db, user_id)  # newest first
    since = datetime.combine(window_start(today), time())
    prepared = len({row.entry_id for row in rows if row.prepared_at >= since})
    return progress(prepared, today, rows[0].prepared_at.date() if rows else None)


def progress(prepared: int, today: date, last: date | None = None) -> str:
    """The counter at the top of the page, in our own words: `prepared` in the last three years, `last` the day the
    newest was prepared, ever (None: never). Nothing is said about a past that didn't happen."""
    start = window_start(today)
    since = f"{start.day} {start:%B %Y}"
    if prepared == 0 and last is None:
        return (
            f"You haven't prepared a reflective account here yet. Revalidation asks for {NEEDED} in three years; "
            "one at a time is plenty."
        )
    if prepared == 0 and last is not None:
        return (
            f"Your last reflective account here was prepared on {last.day} {last:%B %Y}, more than three years ago. "
            f"Revalidation asks for {NEEDED} in three years; one at a time is plenty."
        )
    if prepared < NEEDED:
        return (
            f"You've prepared {prepared} of the {NEEDED} reflective accounts revalidation asks for in the last "
            f"three years (since {since}). Each one counts."
        )
    return (
        f"You've prepared {prepared} reflective accounts in the last three years (since {since}): "
        f"that's the {NEEDED} revalidation asks for. Well done."
    )


# -- the printable form -----------------------------------------------------------
def _printable(text: str) -> str:
    text, _ = clean(text)
    return text.replace("\r\n", "\n").replace("\r", "\n").replace("\t", "    ").strip()


def unprintable(account: ReflectiveAccount) -> list[str]:
    """Characters Harbour's font can't draw (they'd be missing from the PDF), each once, in order of appearance."""
    chars = pdf_doc.font_chars()
    text = "".join(_printable(t) for t in account.texts().values())
    return list(dict.fromkeys(c for c in text if c != "\n" and ord(c) not in chars))


def render_pdf(account: ReflectiveAccount) -> bytes:
    """The NMC reflective accounts form, filled in: A4, the form's questions, the person's words as plain text."""
    _check(account)
    pdf = pdf_doc.document(FORM_TITLE, FOOTER, footer_height=22, bottom_margin=28)

    def line(text: str, size: float, style: str = "", gap: float = 2) -> None:
        pdf.set_font("DejaVu", style, size)
        pdf.set_text_color(0)
        pdf.multi_cell(0, size * 0.5, text, align="L", new_x="LMARGIN", new_y="NEXT")  # never markdown
        pdf.ln(gap)

    line(FORM_TITLE, 18, "B", 1)
    line("For NMC revalidation. Keep this completed form in your portfolio.", 10, gap=6)
    line("NMC PIN (if you wish): ______________________", 10, gap=1)
    line(f"Month and year: {account.entry_date:%B %Y}", 10, gap=6)
    for name, heading in HEADINGS.items():
        line(heading, 11, "B")
        if name == "relevance":
            for theme in CODE_THEMES:
                line(f"{'☑' if theme.id in account.themes else '☐'}  {theme.name}", 11, gap=1)
            pdf.ln(2)
        if text := _printable(getattr(account, name)):
            line(text, 11, gap=7)
        else:
            pdf.ln(24)  # room to write by hand
    return bytes(pdf.output())


def file_name(account: ReflectiveAccount) -> str:
    return f"reflective-account-{account.entry_date.isoformat()}.pdf"
