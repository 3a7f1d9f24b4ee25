"""NMC revalidation, complete: practice hours, practice-related feedback, the reflective discussion, the confirmation
checklist, how far along the person is, and the portfolio PDF on the NMC's headings.

The numbers come from regulators.toml [nmc]; the CPD log is journal/reflect/cpd.py's and the reflective accounts
journal/reflect/reflective_account.py's. Everything here is private to its owner: the reflective-discussion
partner's name and PIN are shown back only to them and printed only in their own PDF, and nothing reaches a coach
or a group.
"""

from __future__ import annotations

import json
import re
import uuid
from dataclasses import dataclass, replace
from datetime import date, datetime, time

from journal import clock
from journal import pdf as pdf_doc
from journal.content import regulators
from journal.content.library import Library
from journal.reflect import cpd, entries, profession
from journal.reflect.cpd import Totals
from journal.reflect.entries import Entry
from journal.reflect.reflective_account import CODE_THEMES
from journal.store import Handle
from journal.store import nmc as repo
from journal.store import profession as profile_repo
from journal.store import reflective as accounts_repo
from journal.store.cpd import ActivityRow
from journal.store.nmc import DiscussionRow, FeedbackRow, HoursRow
from journal.text.cleaning import clean
from journal.text.words import nice_date, plural

__all__ = ["DiscussionRow", "FeedbackRow", "HoursRow"]

EARLIEST = date(1950, 1, 1)
MAX_STRETCH_HOURS = 10_000  # three years full time is about 5,000: anything beyond is a typing slip
MAX_NAME_CHARS = 120
MAX_SHORT_CHARS = 200  # organisation, work setting, scope of practice
MAX_LONG_CHARS = 4_000  # a description, what feedback said and what changed, what a discussion was about
PIN = re.compile(r"^\d{2}[A-Z]\d{4}[A-Z]$")  # the NMC's PIN: two digits, a letter, four digits, a letter
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")

PORTFOLIO_TITLE = "Revalidation portfolio"
# The NMC's headings, in the order its revalidation asks for them; the PDF is drawn under exactly these.
HEADINGS = (
    "Practice hours",
    "CPD",
    "Practice-related feedback",
    "Written reflective accounts",
    "Reflective discussion",
    "Confirmation checklist",
)
FOOTER = (
    "Prepared by you in Harbour, for your own revalidation portfolio. Harbour hasn't sent it to the NMC, your "
    "confirmer, your coach or anyone else."
)
_THEME_NAMES = {t.id: t.name for t in CODE_THEMES}


class NmcError(ValueError):
    """Why something can't be kept as it is, in words for the person; nothing was changed."""


# -- what the person fills in -------------------------------------------------------------------------
@dataclass(frozen=True)
class Stretch:
    """A stretch of practice: first and last day, its hours, and what the NMC's log asks of it."""

    started_on: date
    ended_on: date
    hours: int
    organisation: str = ""
    work_setting: str = ""
    scope: str = ""
    description: str = ""


@dataclass(frozen=True)
class Feedback:
    received_on: date
    source: str  # one of regulators.toml's nmc.feedback_sources ids
    summary: str  # what it said
    changed: str = ""  # what changed because of it
    from_entry_id: str | None = None  # the win it grew from
    from_note_id: str | None = None  # the coach's note it grew from


@dataclass(frozen=True)
class Discussion:
    held_on: date
    partner_name: str
    partner_pin: str
    partner_email: str = ""
    coaching_id: str | None = None  # "my coach was my partner": one of the person's own coachings
    summary: str = ""  # what you talked about


def _words(text: str, limit: int, what: str, *, needed: bool = False) -> str:
    """Tidied words within their limit, as the CPD log checks its own; an NmcError in the same words if not."""
    try:
        return cpd._words(text, limit, what, needed=needed)
    except cpd.CpdError as exc:
        raise NmcError(str(exc)) from None


def _day(day: date | None, today: date, what: str) -> date:
    if day is None or not EARLIEST <= day <= today:
        raise NmcError(f"Please choose {what}: today or earlier.")
    return day


def checked_stretch(stretch: Stretch, today: date | None = None) -> Stretch:
    """The stretch with its words tidied, or an NmcError saying kindly what to change."""
    today = today or clock.today()
    started = _day(stretch.started_on, today, "the first day of the stretch")
    ended = _day(stretch.ended_on, today, "the last day of the stretch")
    if ended < started:
        raise NmcError("The last day comes before the first. Please check the two days.")
    most = min(MAX_STRETCH_HOURS, ((ended - started).days + 1) * 24)
    if not isinstance(stretch.hours, int) or not 1 <= stretch.hours <= most:
        raise NmcError(f"Please give the hours you practised in that stretch: a whole number from 1 to {most:,}.")
    return replace(
        stretch,
        organisation=_words(stretch.organisation, MAX_SHORT_CHARS, "the organisation"),
        work_setting=_words(stretch.work_setting, MAX_SHORT_CHARS, "the work setting"),
        scope=_words(stretch.scope, MAX_SHORT_CHARS, "your scope of practice"),
        description=_words(stretch.description, MAX_LONG_CHARS, "the description"),
    )


def checked_feedback(feedback: Feedback, today: date | None = None) -> Feedback:
    today = today or clock.today()
    _day(feedback.received_on, today, "the day you received it")
    if feedback.source not in {s.id for s in regulators.load().nmc.feedback_sources}:
        raise NmcError("Please choose where the feedback came from, from the list.")
    return replace(
        feedback,
        summary=_words(feedback.summary, MAX_LONG_CHARS, "what the feedback said", needed=True),
        changed=_words(feedback.changed, MAX_LONG_CHARS, "what changed because of it"),
    )


def checked_discussion(discussion: Discussion, today: date | None = None) -> Discussion:
    today = today or clock.today()
    _day(discussion.held_on, today, "the day of your discussion")
    pin = "".join((discussion.partner_pin or "").split()).upper()
    if not PIN.match(pin):
        raise NmcError(
            "That doesn't look like an NMC PIN: it's two numbers, a letter, four numbers and a letter, like "
            "12A3456B. It's on your partner's NMC registration."
        )
    email = _words(discussion.partner_email, MAX_NAME_CHARS, "their email")
    if email and not EMAIL.match(email):
        raise NmcError("That email address doesn't look quite right. Please check it, or leave it empty.")
    return replace(
        discussion,
        partner_name=_words(discussion.partner_name, MAX_NAME_CHARS, "your partner's name", needed=True),
        partner_pin=pin,
        partner_email=email,
        summary=_words(discussion.summary, MAX_LONG_CHARS, "what you talked about"),
    )


# -- keeping them ------------------------------------------------------------------------------------------
def add_hours(db: Handle, user_id: str, stretch: Stretch, *, row_id: str | None = None) -> HoursRow:
    """Keep a stretch of practice hours; an NmcError (nothing kept) if it can't be."""
    s = checked_stretch(stretch)
    row = HoursRow(
        row_id or str(uuid.uuid4()), user_id, s.started_on, s.ended_on, s.hours, s.organisation, s.work_setting,
        s.scope, s.description, clock.utcnow(), None,
    )  # fmt: skip
    repo.add_hours(db, row)
    return row


def add_feedback(db: Handle, user_id: str, feedback: Feedback, *, row_id: str | None = None) -> FeedbackRow:
    """Keep practice-related feedback; an NmcError (nothing kept) if it can't be, or if the win or coach's note it
    names isn't the person's own."""
    f = checked_feedback(feedback)
    row = FeedbackRow(
        row_id or str(uuid.uuid4()), user_id, f.received_on, f.source, f.summary, f.changed, f.from_entry_id,
        f.from_note_id, clock.utcnow(), None,
    )  # fmt: skip
    if not repo.add_feedback(db, row):
        raise NmcError("That win or coach's note isn't in your journal any more, so this can't grow from it.")
    return row


def add_discussion(db: Handle, user_id: str, discussion: Discussion, *, row_id: str | None = None) -> DiscussionRow:
    """Keep a reflective discussion; an NmcError (nothing kept) if it can't be."""
    d = checked_discussion(discussion)
    row = DiscussionRow(
        row_id or str(uuid.uuid4()), user_id, d.held_on, d.partner_name, d.partner_pin, d.partner_email,
        d.coaching_id, d.summary, clock.utcnow(), None,
    )  # fmt: skip
    if not repo.add_discussion(db, row):
        raise NmcError("Please choose your coach from your own coaching, or leave it unticked.")
    return row


def hours(db: Handle, user_id: str) -> list[HoursRow]:
    """The live stretches, newest first."""
    return repo.rows(db, HoursRow, user_id)


def feedback(db: Handle, user_id: str) -> list[FeedbackRow]:
    return repo.rows(db, FeedbackRow, user_id)


def discussions(db: Handle, user_id: str) -> list[DiscussionRow]:
    return repo.rows(db, DiscussionRow, user_id)


def removed(db: Handle, kind: type[repo.Row], user_id: str) -> list:
    """The recently removed rows of one kind (HoursRow, FeedbackRow or DiscussionRow), newest first."""
    return repo.rows(db, kind, user_id, trashed=True)


def remove(db: Handle, kind: type[repo.Row], user_id: str, row_id: str) -> bool:
    """To the recently removed list (restorable); False if it wasn't there to remove."""
    return repo.set_deleted(db, kind, user_id, row_id, clock.utcnow())


def restore(db: Handle, kind: type[repo.Row], user_id: str, row_id: str) -> bool:
    return repo.set_deleted(db, kind, user_id, row_id, None)


def delete_for_good(db: Handle, kind: type[repo.Row], user_id: str, row_id: str) -> bool:
    """Only a removed row can be deleted for good."""
    return repo.delete_for_good(db, kind, user_id, row_id)


# -- what can become feedback ---------------------------------------------------------------------------
def feedback_from_win(entry: Entry, lib: Library) -> Feedback:
    """Feedback prefilled from a win: its words as the summary, for the person to edit before keeping."""
    fields = [*entries.answer_fields(entry, lib), (entries.PROMPT_ANSWER, "")]
    words = [entry.answers.get(key, "").strip() for key, _ in fields]
    summary = "\n\n".join(w for w in words if w)[:MAX_LONG_CHARS]
    return Feedback(entry.entry_date, "colleague", summary, from_entry_id=entry.id)


def feedback_from_note(note_id: str, text: str, written: datetime) -> Feedback:
    """Feedback prefilled from a coach's note, for the person to edit before keeping."""
    return Feedback(written.date(), "coach", text[:MAX_LONG_CHARS], from_note_id=note_id)


# -- the confirmation checklist ---------------------------------------------------------------------------
def ticked(db: Handle, user_id: str) -> tuple[str, ...]:
    """The checklist items ticked, in the checklist's order."""
    kept = set(json.loads(profession.profile(db, user_id).checklist or "[]"))
    return tuple(i.id for i in regulators.load().nmc.checklist if i.id in kept)


def set_checklist(db: Handle, user_id: str, item_id: str, done: bool) -> tuple[str, ...]:
    """Tick (or untick) one item of the confirmation checklist, kept at once; the items ticked now."""
    items = [i.id for i in regulators.load().nmc.checklist]
    if item_id not in items:
        raise NmcError("That isn't on the confirmation checklist.")
    now = (set(ticked(db, user_id)) - {item_id}) | ({item_id} if done else set())
    result = tuple(i for i in items if i in now)
    profile_repo.change(db, user_id, clock.utcnow(), checklist=json.dumps(list(result)))
    return result


# -- how far along: the period, the figures and the portfolio ---------------------------------------------
@dataclass(frozen=True)
class Period:
    start: date
    end: date
    renewal_on: date | None

    def holds(self, day: date) -> bool:
        return self.start <= day <= self.end

    def words(self) -> str:
        """'from 30 June 2024 to your renewal on 30 June 2027', or '... to today' when no renewal date is set."""
        if self.renewal_on is None:
            return f"the three years up to today, from {_day_words(self.start)} (set your renewal date to count to it)"
        return f"the three years up to your renewal on {_day_words(self.end)}, from {_day_words(self.start)}"


def _day_words(day: date) -> str:
    return f"{day.day} {day:%B %Y}"


def period(db: Handle, user_id: str, today: date) -> Period:
    """The three years that count: up to the person's renewal date, else up to today."""
    renewal = profession.get(db, user_id).renewal_on
    years = regulators.load().nmc.years
    return Period(profession.period_start(renewal, years, today), renewal or today, renewal)


@dataclass(frozen=True)
class Account:
    """A reflective account prepared in the period: when, from which entry's day, on which of the Code's themes."""

    prepared_on: date
    entry_date: date | None  # None: the entry has since been deleted
    themes: tuple[str, ...]


@dataclass(frozen=True)
class Portfolio:
    """Everything of the person's that counts in the period, and nothing else."""

    period: Period
    hours: list[HoursRow]
    activities: list[ActivityRow]  # the CPD log's, in the period
    feedback: list[FeedbackRow]
    accounts: list[Account]
    discussions: list[DiscussionRow]
    ticked: tuple[str, ...]

    @property
    def practice_hours(self) -> int:
        return sum(h.hours for h in self.hours)

    @property
    def cpd_totals(self) -> Totals:
        return cpd.totals(self.activities)

    def texts(self) -> list[str]:
        """Every word of the person's going into the PDF that the identifiability check should read. The partner's
        name, PIN and email are left out: the NMC's form asks for them, so they are meant to identify."""
        found = [t for h in self.hours for t in (h.organisation, h.work_setting, h.scope, h.description)]
        found += [t for a in self.activities for t in (a.method, a.topic)]
        found += [t for f in self.feedback for t in (f.summary, f.changed)]
        found += [d.summary for d in self.discussions]
        return [t for t in found if t]


def _accounts(db: Handle, user_id: str, within: Period) -> list[Account]:
    """The accounts prepared in the period, newest first, one per entry (printing one again is not another)."""
    since = datetime.combine(within.start, time())
    found: dict[str, Account] = {}
    for row in accounts_repo.for_user(db, user_id, since):
        if row.entry_id in found or not within.holds(row.prepared_at.date()):
            continue
        entry = entries.get(db, user_id, row.entry_id)
        themes = tuple(json.loads(row.code_themes or "[]"))
        found[row.entry_id] = Account(row.prepared_at.date(), entry.entry_date if entry else None, themes)
    return list(found.values())


def portfolio(db: Handle, user_id: str, today: date) -> Portfolio:
    within = period(db, user_id, today)
    return Portfolio(
        within,
        [h for h in hours(db, user_id) if within.holds(h.started_on) and within.holds(h.ended_on)],
        [a for a in cpd.activities(db, user_id, since=within.start) if within.holds(a.done_on)],
        [f for f in feedback(db, user_id) if within.holds(f.received_on)],
        _accounts(db, user_id, within),
        [d for d in discussions(db, user_id) if within.holds(d.held_on)],
        ticked(db, user_id),
    )


@dataclass(frozen=True)
class Figure:
    """One line of progress: what is counted, how far along, and whether it is there yet."""

    what: str
    words: str
    done: bool


def figures(p: Portfolio) -> list[Figure]:
    """How far along the person is with each of the NMC's asks, in kind words (never 'missing' or 'overdue')."""
    asks = regulators.load().nmc
    totals = p.cpd_totals
    cpd_hours, participatory = cpd.hours(totals.minutes), cpd.hours(totals.participatory_minutes)
    return [
        Figure(
            "Practice hours",
            f"{p.practice_hours:,} of {asks.practice_hours} hours",
            p.practice_hours >= asks.practice_hours,
        ),
        Figure("CPD", f"{cpd_hours} of {asks.cpd_hours} hours", totals.minutes >= asks.cpd_hours * 60),
        Figure(
            "Participatory CPD",
            f"{participatory} of {asks.participatory_hours} hours",
            totals.participatory_minutes >= asks.participatory_hours * 60,
        ),
        Figure(
            "Practice-related feedback",
            f"{len(p.feedback)} of {asks.feedback}" if p.feedback else "No feedback yet",
            len(p.feedback) >= asks.feedback,
        ),
        Figure(
            "Written reflective accounts",
            f"{len(p.accounts)} of {asks.accounts}" if p.accounts else "None prepared yet",
            len(p.accounts) >= asks.accounts,
        ),
        Figure(
            "Reflective discussion",
            f"Held on {nice_date(p.discussions[0].held_on)}" if p.discussions else "Not held yet",
            bool(p.discussions),
        ),
        Figure(
            "Confirmation checklist",
            f"{len(p.ticked)} of {len(asks.checklist)} ticked",
            len(p.ticked) == len(asks.checklist),
        ),
    ]


def card_line(p: Portfolio) -> str:
    """'3 of 5 reflective accounts, 22 of 35 CPD hours, no feedback yet': the progress card's one line."""
    asks = regulators.load().nmc
    feedback_words = f"{len(p.feedback)} of {asks.feedback} pieces of feedback" if p.feedback else "no feedback yet"
    return (
        f"{len(p.accounts)} of {asks.accounts} reflective accounts, "
        f"{cpd.hours(p.cpd_totals.minutes)} of {asks.cpd_hours} CPD hours, {feedback_words}"
    )


def renewal_line(renewal_on: date | None, today: date) -> str:
    """'Your registration renews on 30 June 2027', or a gentle nudge to set it."""
    if renewal_on is None:
        return "Set your renewal date on the Revalidation page and Harbour counts the three years up to it."
    if renewal_on < today:
        return f"Your registration was due to renew on {_day_words(renewal_on)}: you can set your next date."
    return f"Your registration renews on {_day_words(renewal_on)}."


def encouragement(p: Portfolio) -> str:
    """One line under the figures: small steps add up."""
    if all(f.done for f in figures(p)):
        return "Everything revalidation asks for is here. Well done: take your portfolio to your confirmer."
    return "Small steps add up: each hour, note and conversation you keep here counts towards your revalidation."


# -- the portfolio PDF ---------------------------------------------------------------------------------------
def _printable(text: str) -> str:
    text, _ = clean(text or "")
    return text.replace("\r\n", "\n").replace("\r", "\n").replace("\t", "    ").strip()


def unprintable(p: Portfolio) -> list[str]:
    """Characters Harbour's font can't draw (they'd be missing from the PDF), each once, in order."""
    chars = pdf_doc.font_chars()
    every = [*p.texts(), *(t for d in p.discussions for t in (d.partner_name, d.partner_pin, d.partner_email))]
    text = "".join(_printable(t) for t in every)
    return list(dict.fromkeys(c for c in text if c != "\n" and ord(c) not in chars))


def source_name(source: str) -> str:
    """The reviewed name of where feedback came from (its id, if a later review has dropped it)."""
    return next((s.name for s in regulators.load().nmc.feedback_sources if s.id == source), source)


def _method_name(method: str) -> str:
    """A listed method's name ("A course or workshop"), or the person's own words for it."""
    return next((m.name for m in regulators.load().cpd_methods if m.id == method), method)


def _themes(ids: tuple[str, ...]) -> str:
    return ", ".join(t.name for t in CODE_THEMES if t.id in ids) or "none ticked"  # in the Code's order


def render_pdf(p: Portfolio) -> bytes:
    """The portfolio on the NMC's headings, in order: the person's own rows in the period, as plain text."""
    asks = regulators.load().nmc
    doc = pdf_doc.document(PORTFOLIO_TITLE, FOOTER, footer_height=18, bottom_margin=24)

    def line(text: str, size: float = 10, style: str = "", gap: float = 1.5) -> None:
        doc.set_font("DejaVu", style, size)
        doc.set_text_color(0)
        doc.multi_cell(0, size * 0.5, _printable(text), align="L", new_x="LMARGIN", new_y="NEXT")  # never markdown
        doc.ln(gap)

    def heading(text: str) -> None:
        doc.ln(3)
        line(text, 14, "B", 2)

    def item(title: str, *details: str) -> None:
        line(title, 10, "B", 0.5)
        for detail in details:
            if detail:
                line(detail, 10, gap=0.5)
        doc.ln(2)

    line(PORTFOLIO_TITLE, 18, "B", 1)
    line(f"For NMC revalidation: {p.period.words()}.", 10, gap=1)
    line(
        "Keep it with your portfolio. The NMC's own forms (for the reflective accounts, the discussion and the "
        "confirmation) are the ones your confirmer signs.",
        10,
        gap=3,
    )

    heading(HEADINGS[0])
    line(
        f"{p.practice_hours:,} hours in {plural(len(p.hours), 'stretch', 'stretches')} "
        f"(the NMC asks for {asks.practice_hours})."
    )
    for h in p.hours:
        item(
            f"{nice_date(h.started_on)} to {nice_date(h.ended_on)}: {plural(h.hours, 'hour')}",
            f"Organisation: {h.organisation}" if h.organisation else "",
            f"Work setting: {h.work_setting}" if h.work_setting else "",
            f"Scope of practice: {h.scope}" if h.scope else "",
            h.description,
        )

    heading(HEADINGS[1])
    totals = p.cpd_totals
    line(
        f"{cpd.hours(totals.minutes)} hours of CPD in {plural(len(p.activities), 'activity', 'activities')}, "
        f"{cpd.hours(totals.participatory_minutes)} of them participatory (the NMC asks for {asks.cpd_hours}, "
        f"{asks.participatory_hours} of them participatory)."
    )
    for a in p.activities:
        item(
            f"{nice_date(a.done_on)}: {a.topic}",
            f"{cpd.hours(a.minutes)} hours, {'participatory' if a.participatory else 'individual'}. "
            f"Method: {_method_name(a.method)}",
            f"The Code: {_THEME_NAMES[a.code_theme]}" if a.code_theme in _THEME_NAMES else "",
        )

    heading(HEADINGS[2])
    line(f"{plural(len(p.feedback), 'piece')} of practice-related feedback (the NMC asks for {asks.feedback}).")
    for f in p.feedback:
        item(
            f"{nice_date(f.received_on)}: {source_name(f.source)}",
            f"What it said: {f.summary}",
            f"What changed: {f.changed}" if f.changed else "",
        )

    heading(HEADINGS[3])
    line(
        f"{plural(len(p.accounts), 'account')} prepared in Harbour (the NMC asks for {asks.accounts}). The forms "
        "themselves are the PDFs you downloaded on the Reflective account page."
    )
    for acc in p.accounts:
        about = f"from your entry of {nice_date(acc.entry_date)}" if acc.entry_date else "its entry since deleted"
        item(f"Prepared on {nice_date(acc.prepared_on)}, {about}", f"The Code: {_themes(acc.themes)}")

    heading(HEADINGS[4])
    if not p.discussions:
        line("Not noted here yet.")
    for d in p.discussions:
        item(
            f"{nice_date(d.held_on)}: with {d.partner_name}",
            f"NMC PIN: {d.partner_pin}",
            f"Email: {d.partner_email}" if d.partner_email else "",
            f"What we talked about: {d.summary}" if d.summary else "",
        )

    heading(HEADINGS[5])
    for checklist_item in asks.checklist:
        line(f"{'☑' if checklist_item.id in p.ticked else '☐'}  {checklist_item.text}", gap=1)
    return bytes(doc.output())


def file_name(today: date) -> str:
    return f"revalidation-portfolio-{today.isoformat()}.pdf"
