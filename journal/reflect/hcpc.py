"""The HCPC's CPD profile: a summary of practice, the dated CPD list with its types of learning, gaps noticed, and
a personal statement drawing on a few chosen activities; a PDF on the HCPC's headings.

The activities come from the one CPD log (journal/reflect/cpd.py); the summary, statement and the activities it
draws on are kept in the person's professional profile. Private to its owner: nothing here reaches a coach or a group.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from functools import partial

from journal import clock
from journal import pdf as pdf_doc
from journal.content import regulators
from journal.reflect import cpd, profession
from journal.reflect.cpd import ActivityRow
from journal.store import Handle
from journal.store import profession as repo
from journal.text.cleaning import clean
from journal.text.words import nice_date, plural

MAX_SUMMARY_CHARS = 20_000
MAX_STATEMENT_CHARS = 40_000
TITLE = "CPD profile"
SUMMARY = "Summary of practice"
STATEMENT = "Personal statement"
DRAWS_ON = "The activities this statement draws on"
CPD_LIST = "Your CPD activities"
HEADINGS = (SUMMARY, STATEMENT, DRAWS_ON, CPD_LIST)  # the HCPC's order
FOOTER = (
    "A CPD profile for the HCPC. It must not identify anyone: no patients, service users or colleagues. "
    "Harbour made this PDF for you alone and hasn't sent it to the HCPC or anywhere else."
)


class HcpcError(ValueError):
    """Why a part of the profile can't be kept as it is, in words for the person; nothing was changed."""


@dataclass(frozen=True)
class Gap:
    start: date  # the day of the activity before it (or the period's first day)
    end: date  # the day of the next activity (or today)
    since_last: bool  # True: the gap runs from the latest activity up to today


@dataclass(frozen=True)
class Profile:
    summary: str
    statement: str
    drawn_on: tuple[str, ...]  # cpd_activities ids the statement draws on, in the order chosen


def _hcpc() -> regulators.Hcpc:
    return regulators.load().hcpc


def word_count(text: str) -> int:
    return len(text.split())


def summary_note(text: str) -> str:
    """A gentle word on the summary's length against the HCPC's 'about 500 words'."""
    about, words = _hcpc().summary_words, word_count(text)
    if words == 0:
        return f"The HCPC asks for a summary of your practice of about {about} words: who you work with, and how."
    if words <= about * 11 // 10:
        return f"{plural(words, 'word')} of about {about}."
    return f"{plural(words, 'word')}: the HCPC suggests about {about}, so you might trim it a little."


def statement_note(chosen: int) -> str | None:
    """What to say about how many activities the statement draws on; None when it is within the HCPC's range."""
    least, most = _hcpc().statement_least, _hcpc().statement_most
    if chosen < least:
        return (
            f"The HCPC asks for a statement drawing on {least} to {most} activities. You've chosen "
            f"{chosen}: {least - chosen} more and you're there."
        )
    if chosen > most:
        return f"The HCPC asks for {least} to {most} activities. You've chosen {chosen}: please keep your {most} best."
    return None


def add_months(day: date, months: int) -> date:
    """The same day `months` later (the month's last day when it is shorter)."""
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    for last in (31, 30, 29, 28):
        try:
            return day.replace(year=year, month=month, day=min(day.day, last))
        except ValueError:
            continue
    raise AssertionError("unreachable")


def period_start(db: Handle, user_id: str, today: date) -> date:
    """The first day of the person's two-year HCPC period (up to their renewal date, else today)."""
    return profession.period_start(profession.get(db, user_id).renewal_on, _hcpc().years, today)


def gaps(days: list[date], since: date, today: date) -> list[Gap]:
    """Stretches of the HCPC's gap_months or more with no activity, between `since` and `today`: between one
    activity and the next, and from the latest one to today. Nothing before the first activity is flagged."""
    months = _hcpc().gap_months
    ordered = sorted(d for d in days if since <= d <= today)
    found = [Gap(a, b, False) for a, b in zip(ordered, ordered[1:], strict=False) if b >= add_months(a, months)]
    if ordered and today >= add_months(ordered[-1], months):
        found.append(Gap(ordered[-1], today, True))
    return found


def gap_words(gap: Gap) -> str:
    if gap.since_last:
        return (
            f"Nothing logged since {nice_date(gap.start)}. A gap is fine; if you've learnt something since, "
            "small steps add up, and it's worth adding."
        )
    return (
        f"A gap from {nice_date(gap.start)} to {nice_date(gap.end)}. The HCPC may ask about gaps of "
        f"{plural(_hcpc().gap_months, 'month')} or more: a line in your statement about them is plenty."
    )


def types_seen(rows: list[ActivityRow]) -> list[str]:
    """The HCPC's types of learning the activities show, in the HCPC's order."""
    seen = {r.learning_type for r in rows}
    return [t.id for t in _hcpc().learning_types if t.id in seen]


def types_note(rows: list[ActivityRow]) -> str | None:
    """A kind note until the log shows the HCPC's types_needed types of learning; None once it does."""
    needed, seen = _hcpc().types_needed, len(types_seen(rows))
    if seen >= needed:
        return None
    return (
        f"The HCPC looks for at least {needed} types of learning in your CPD. So far your log shows "
        f"{seen}. Choosing a type for each activity helps: supervision and reflection count as work-based learning."
    )


# -- what is kept ------------------------------------------------------------------------------------
def profile(db: Handle, user_id: str) -> Profile:
    row = profession.profile(db, user_id)
    return Profile(row.summary_of_practice, row.personal_statement, tuple(json.loads(row.statement_activities)))


def _words(text: str, limit: int, what: str) -> str:
    cleaned = clean(text or "")[0].strip()
    if len(cleaned) > limit:
        raise HcpcError(f"That's a little long for {what}: please keep it under {limit:,} characters.")
    return cleaned


def keep_summary(db: Handle, user_id: str, text: str) -> str:
    """Keep the summary of practice; an HcpcError (nothing kept) if it can't be."""
    words = _words(text, MAX_SUMMARY_CHARS, "a summary of practice")
    repo.change(db, user_id, clock.utcnow(), summary_of_practice=words)
    return words


def keep_statement(db: Handle, user_id: str, text: str, drawn_on: list[str] | tuple[str, ...]) -> Profile:
    """Keep the personal statement and the activities it draws on (each must be in the person's live log)."""
    words = _words(text, MAX_STATEMENT_CHARS, "a personal statement")
    live = {a.id for a in cpd.activities(db, user_id)}
    chosen = tuple(dict.fromkeys(drawn_on))
    if set(chosen) - live:
        raise HcpcError("One of those activities isn't in your log any more. Please choose again from the list.")
    repo.change(db, user_id, clock.utcnow(), personal_statement=words, statement_activities=json.dumps(list(chosen)))
    return Profile(profile(db, user_id).summary, words, chosen)


# -- the document -------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Document:
    summary: str
    statement: str
    drawn_on: tuple[ActivityRow, ...]
    activities: tuple[ActivityRow, ...]  # the period's, newest first

    def texts(self) -> list[str]:
        """Every piece of the person's words going into it, for the identifiability check."""
        rows = self.activities + self.drawn_on
        return [self.summary, self.statement, *(r.topic for r in rows), *(r.learned for r in rows)]


def document(db: Handle, user_id: str, today: date) -> Document:
    """What goes into the PDF: the person's own summary, statement and activities (the period's), nothing else."""
    kept = profile(db, user_id)
    rows = cpd.activities(db, user_id, since=period_start(db, user_id, today))
    by_id = {a.id: a for a in cpd.activities(db, user_id)}
    drawn = tuple(by_id[i] for i in kept.drawn_on if i in by_id)
    return Document(kept.summary, kept.statement, drawn, tuple(rows))


def activity_line(row: ActivityRow) -> str:
    """'Thu 26 Nov 2026 · 1.5 hours · Work-based learning · A course or workshop': our words and theirs, one line."""
    parts = [nice_date(row.done_on), f"{cpd.hours(row.minutes)} {'hour' if row.minutes == 60 else 'hours'}"]
    if row.learning_type:
        parts.append(cpd.learning_type_name(row.learning_type))
    parts.append(cpd.method_name(row.method))
    return " · ".join(parts)


def _printable(text: str) -> str:
    text = clean(text)[0]
    return text.replace("\r\n", "\n").replace("\r", "\n").replace("\t", "    ").strip()


def unprintable(doc: Document) -> list[str]:
    """Characters Harbour's font can't draw (they'd be missing from the PDF), each once."""
    chars = pdf_doc.font_chars()
    text = "".join(_printable(t) for t in doc.texts()) + "".join(cpd.method_name(r.method) for r in doc.activities)
    return list(dict.fromkeys(c for c in text if c != "\n" and ord(c) not in chars))


def render_pdf(doc: Document) -> bytes:
    """The CPD profile on the HCPC's headings, in order; the person's words as plain text, never markdown."""
    pdf = pdf_doc.document(TITLE, FOOTER, footer_height=22, bottom_margin=28)
    write = partial(pdf_doc.line, pdf)  # plain text, never markdown

    def activity(row: ActivityRow) -> None:
        write(activity_line(row), 10, "B", 1)
        write(_printable(row.topic), 10, gap=1)
        if learned := _printable(row.learned):
            write(learned, 10, gap=1)
        pdf.ln(3)

    write(TITLE, 18, "B", 1)
    write("For the Health and Care Professions Council (HCPC). Keep it with your CPD records.", 10, gap=6)
    write(SUMMARY, 13, "B")
    write(_printable(doc.summary) or "(Not written yet.)", 11, gap=7)
    write(STATEMENT, 13, "B")
    write(_printable(doc.statement) or "(Not written yet.)", 11, gap=7)
    write(DRAWS_ON, 13, "B")
    write(plural(len(doc.drawn_on), "activity", "activities"), 10, gap=3)
    for row in doc.drawn_on:
        activity(row)
    pdf.ln(4)
    write(CPD_LIST, 13, "B")
    types = ", ".join(cpd.learning_type_name(t) for t in types_seen(list(doc.activities))) or "none chosen yet"
    write(f"{plural(len(doc.activities), 'activity', 'activities')}; types of learning: {types}.", 10, gap=3)
    for row in doc.activities:
        activity(row)
    return bytes(pdf.output())


def file_name(today: date) -> str:
    return f"hcpc-cpd-profile-{today.isoformat()}.pdf"
