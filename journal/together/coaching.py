"""Coaching on the mentee's terms: invitations, what the coach may see, the conversation record and the access log.

The mentee (`user_id` on every coaching row) chooses what their coach sees, and can change it or end the coaching
at any moment. Every read for a coach checks the live coaching and its scope in the database on that very call,
notes the look in the access log, and returns nothing outside the scope: not even that other entries exist.

In every public function `user_id` is the person asking: the mentee in the mentee's functions, the coach in the
coach's, either in the shared ones.
"""

from __future__ import annotations

import hashlib
import re
import secrets
import threading
import unicodedata
import uuid
from dataclasses import dataclass
from datetime import date, datetime, timedelta

import pandas as pd

from journal import accounts, clock
from journal.clock import utcnow
from journal.content.library import Library
from journal.patterns import burnout, trends
from journal.patterns.charts.drawing import Fit
from journal.reflect import debriefs, entries, own, people
from journal.reflect.entries import PROMPT_ANSWER, Entry, Summary
from journal.store import Handle
from journal.store import coaching as repo
from journal.text import identifiable
from journal.text.cleaning import clean
from journal.text.identifiable import Finding
from journal.text.snippets import cut as snippet
from journal.text.words import nice_date
from journal.together import pack

CODE_PREFIX = "COACH"
CODE_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"  # Crockford's base 32: no I, L, O or U to misread
CODE_GROUPS, GROUP_SIZE = 3, 4  # 12 characters of 32: 60 random bits, with guessing slowed and 7 days to try
INVITE_LIFE = timedelta(days=7)
NOTE_MAX = 2_000
LOOK_WINDOW = timedelta(minutes=10)  # looks at the same thing this close together are one line in the log
OWNERS = ("mentee", "coach")
SCOPES = repo.SCOPES
SCOPE_NAMES = {
    "share_charts": "Charts of your mood and energy",
    "share_checkins": "Your burnout check-in scores",
    "share_wins": "Your wins",
    "share_entries": "Entries you choose, one at a time",
    "share_people": "The people you meet",
}
SCOPE_NAMES_FOR_COACH = {
    "share_charts": "charts of their mood and energy",
    "share_checkins": "their burnout check-in scores",
    "share_wins": "their wins",
    "share_entries": "entries they choose, one at a time",
    "share_people": "the people they meet",
}
# The Trends panels that are charts of scores. The tone of writing is read from every entry's words, so it stays
# private; so do themes and tags (they describe entries), and the early warnings.
CHART_PANELS = ("Over time", "Where your days fall", "Your year")

CODE_INVALID = "That code isn't valid: it may have expired or been used. Ask for a new one."
OWN_CODE = "That's your own invitation code: give it to the person you'd like as your coach."
ALREADY_COACHING = "You're already coaching the person who made this code, so nothing has changed."
NOT_COACHING = "You're not coaching this person now, so nothing of theirs can be shown."
NOT_YOURS = "That coaching isn't one of yours, or it has ended, so nothing has changed."
ENTRY_NOT_SHARED = "That entry isn't shared with you, so it can't be shown."
ENTRIES_OFF = "Turn on sharing entries with this coach first; then choose the entries one at a time."
ENTRY_GONE = "That entry isn't in your journal any more, so it can't be shared."
DEBRIEF_PRIVATE = "A debrief stays yours alone. Turn it into a learning reflection first, and share that if you like."


class CoachingError(ValueError):
    """Why a coaching action could not go ahead, in words for the person; nothing was changed."""


class NotCoaching(CoachingError):
    """The coaching isn't live for the person asking (ended, never theirs, or never there): all look the same."""


class NotShared(CoachingError):
    """An entry the coach may not see: revoked, never shared and never written all get this same refusal."""


class MayIdentify(CoachingError):
    """The entry's words may identify someone; sharing waits until the person has seen what and chosen."""

    def __init__(self, found: list[Finding]) -> None:
        super().__init__("Before you share: some of this entry may identify a patient or a colleague.")
        self.findings = found


@dataclass(frozen=True)
class Invite:
    code: str  # shown once: Harbour keeps only its hash
    expires_at: datetime


@dataclass(frozen=True)
class OpenInvite:
    created_at: datetime
    expires_at: datetime


@dataclass(frozen=True)
class Scope:
    charts: bool
    checkins: bool
    wins: bool
    entries: bool
    people: bool = False

    def names(self, *, for_coach: bool = False) -> list[str]:
        """What is shared, in words for the mentee ("your wins") or for the coach ("their wins")."""
        words = SCOPE_NAMES_FOR_COACH if for_coach else SCOPE_NAMES
        on = zip(SCOPES, (self.charts, self.checkins, self.wins, self.entries, self.people), strict=True)
        return [words[scope] for scope, shared in on if shared]


@dataclass(frozen=True)
class Coaching:
    id: str
    mentee_name: str
    coach_name: str
    started_at: datetime
    ended_at: datetime | None
    scope: Scope

    @property
    def live(self) -> bool:
        return self.ended_at is None


@dataclass(frozen=True)
class Note:
    id: str
    kind: str  # "note" or "action"
    text: str
    by: str  # who wrote it: "mentee" or "coach"
    action_owner: str | None  # for an action: "mentee" or "coach"
    due: date | None
    done_at: datetime | None
    created_at: datetime


@dataclass(frozen=True)
class Look:
    coaching_id: str
    seen_at: datetime
    what: str


def _coaching(row: repo.CoachingRow) -> Coaching:
    scope = Scope(row.share_charts, row.share_checkins, row.share_wins, row.share_entries, row.share_people)
    return Coaching(row.id, row.mentee_name, row.coach_name, row.started_at, row.ended_at, scope)


# -- invitation codes ---------------------------------------------------------------------
def _new_code() -> tuple[str, str]:
    """A fresh code as shown ("COACH-7K2M-Q9XD-4HTB") and its canonical form (the 12 characters)."""
    raw = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_GROUPS * GROUP_SIZE))
    groups = [raw[i : i + GROUP_SIZE] for i in range(0, len(raw), GROUP_SIZE)]
    return "-".join([CODE_PREFIX, *groups]), raw


def canonical_code(typed: str) -> str | None:
    """The 12 characters of a code as typed (any case, spaces or dashes, O for 0, I or L for 1); None if it can't
    be one."""
    text = unicodedata.normalize("NFKC", typed).upper()
    text = re.sub(r"[\s\-_.]", "", text).removeprefix(CODE_PREFIX).translate(str.maketrans("OIL", "011"))
    if len(text) != CODE_GROUPS * GROUP_SIZE or any(c not in CODE_ALPHABET for c in text):
        return None
    return text


def _code_hash(canonical: str) -> str:
    return hashlib.sha256(f"harbour-coach-invite:{canonical}".encode()).hexdigest()


def make_invite(db: Handle, user_id: str, *, now: datetime | None = None) -> Invite:
    """A single-use code for someone to become this person's coach, valid for 7 days."""
    now = now or utcnow()
    shown, canonical = _new_code()
    repo.insert_invite(db, _code_hash(canonical), user_id, now, now + INVITE_LIFE)
    return Invite(shown, now + INVITE_LIFE)


def open_invites(db: Handle, user_id: str, *, now: datetime | None = None) -> list[OpenInvite]:
    """This person's invitations still waiting to be used, newest first (the codes themselves aren't kept)."""
    return [OpenInvite(r.created_at, r.expires_at) for r in repo.open_invites(db, user_id, now or utcnow())]


def withdraw_invites(db: Handle, user_id: str) -> int:
    """Cancel every unused invitation this person made; how many there were."""
    return repo.withdraw_invites(db, user_id)


# Wrong codes are counted per account in this process: no table keeps them (the schema has none for it), so a
# restart forgets them. 60 random bits and a week's life leave nothing to gain from guessing regardless.
@dataclass
class _Tries:
    failed: int = 0
    wait_until: datetime | None = None


_CODE_TRIES: dict[str, _Tries] = {}
_CODE_TRIES_LOCK = threading.Lock()


def _take_code_try(user_id: str, now: datetime) -> None:
    """Count this try as wrong before checking it (a right code clears the count), as sign-in does; refuse it
    while the account must wait."""
    with _CODE_TRIES_LOCK:
        tries = _CODE_TRIES.setdefault(user_id, _Tries())
        if tries.wait_until is not None and tries.wait_until > now:
            raise CoachingError(accounts.wait_message((tries.wait_until - now).total_seconds()))
        tries.failed += 1
        if tries.failed >= accounts.FREE_TRIES:
            wait = timedelta(seconds=2 ** min(tries.failed - accounts.FREE_TRIES, 20))
            tries.wait_until = now + min(wait, accounts.LONGEST_WAIT)


def _forget_code_tries(user_id: str) -> None:
    with _CODE_TRIES_LOCK:
        _CODE_TRIES.pop(user_id, None)


def accept_invite(db: Handle, user_id: str, code: str, *, now: datetime | None = None) -> Coaching:
    """Become the coach of whoever made this code. Expired, used, mistyped and made-up codes are refused alike."""
    now = now or utcnow()
    _take_code_try(user_id, now)
    canonical = canonical_code(code)
    if canonical is None:
        raise CoachingError(CODE_INVALID)
    redeemed = repo.redeem_invite(db, _code_hash(canonical), user_id, now, str(uuid.uuid4()))
    if redeemed.outcome == "invalid":
        raise CoachingError(CODE_INVALID)
    _forget_code_tries(user_id)  # a real code, even one that can't be used here, is not a guess
    if redeemed.outcome == "own":
        raise CoachingError(OWN_CODE)
    if redeemed.outcome == "already":
        raise CoachingError(ALREADY_COACHING)
    row = repo.coachs_live(db, user_id, redeemed.coaching_id or "")
    assert row is not None
    return _coaching(row)


# -- the mentee's side ----------------------------------------------------------------------
def coaches(db: Handle, user_id: str) -> list[Coaching]:
    """Everyone who coaches or has coached this person: live coaching first, then ended."""
    return [_coaching(r) for r in repo.for_mentee(db, user_id)]


def _mentees_live(db: Handle, user_id: str, coaching_id: str) -> repo.CoachingRow:
    row = repo.mentees_coaching(db, user_id, coaching_id)
    if row is None or row.ended_at is not None:
        raise NotCoaching(NOT_YOURS)
    return row


def share(db: Handle, user_id: str, coaching_id: str, scope: str, password: accounts.Proof) -> None:
    """Start sharing one kind of thing with a coach, after the mentee's password again."""
    if scope not in SCOPES:
        raise CoachingError("That isn't something Harbour can share. Please choose from the list.")
    _mentees_live(db, user_id, coaching_id)
    accounts.confirm_password(db, user_id, password)
    if not repo.set_scope(db, user_id, coaching_id, scope, True):
        raise NotCoaching(NOT_YOURS)  # ended in the moment between


def stop_sharing(db: Handle, user_id: str, coaching_id: str, scope: str) -> bool:
    """Stop sharing one kind of thing, at once. Stopping entries unshares every entry shared with this coach."""
    if scope not in SCOPES:
        raise CoachingError("That isn't something Harbour can share. Please choose from the list.")
    return repo.set_scope(db, user_id, coaching_id, scope, False)


def sharing_findings(entry: Entry) -> list[Finding]:
    """What in an entry's words may identify someone, asked before it is shared."""
    return identifiable.findings("\n".join([*entry.answers.values(), *entry.tags]))


def entry_coaches(db: Handle, user_id: str, entry_id: str) -> list[tuple[Coaching, bool]]:
    """The live coaches this entry could be shared with (those with entries turned on), and whether it is."""
    entry = entries.get(db, user_id, entry_id)
    if entry is None or entry.template == debriefs.TEMPLATE:  # a debrief is never offered to a coach
        return []
    shared = repo.shared_entry_ids(db, user_id, entry_id)
    return [(c, c.id in shared) for c in coaches(db, user_id) if c.live and c.scope.entries]


def share_entry(
    db: Handle,
    user_id: str,
    coaching_id: str,
    entry_id: str,
    password: accounts.Proof,
    *,
    despite_findings: bool = False,
) -> None:
    """Share one entry with one coach, after the password again and, if its words may identify someone, after the
    person has seen what (`despite_findings`)."""
    row = _mentees_live(db, user_id, coaching_id)
    if not row.share_entries:
        raise CoachingError(ENTRIES_OFF)
    entry = entries.get(db, user_id, entry_id)
    if entry is None or entry.deleted_at is not None:
        raise CoachingError(ENTRY_GONE)
    if entry.template == debriefs.TEMPLATE:
        raise CoachingError(DEBRIEF_PRIVATE)
    found = sharing_findings(entry)
    if found and not despite_findings:
        raise MayIdentify(found)
    accounts.confirm_password(db, user_id, password)
    if not repo.share_entry(db, user_id, coaching_id, entry_id, utcnow()):
        raise CoachingError(ENTRIES_OFF)  # the coaching or the entry changed in the moment between


def stop_sharing_entry(db: Handle, user_id: str, coaching_id: str, entry_id: str) -> bool:
    return repo.unshare_entry(db, user_id, coaching_id, entry_id)


def shared_by_me(db: Handle, user_id: str, coaching_id: str) -> list[Summary]:
    """The entries this person shares with one coach now, newest first."""
    return repo.shared_entries_for_mentee(db, user_id, coaching_id)


def access_log(db: Handle, user_id: str, coaching_id: str | None = None) -> list[Look]:
    """When this person's coaches looked, and at what, newest first."""
    return [Look(r.coaching_id, r.seen_at, r.what) for r in repo.access_log(db, user_id, coaching_id)]


# -- either person ----------------------------------------------------------------------------
def end(db: Handle, user_id: str, coaching_id: str, *, now: datetime | None = None) -> bool:
    """End a coaching, as either person; from the coach's next click they see nothing. False if it wasn't live."""
    return repo.end(db, user_id, coaching_id, now or utcnow())


def _party(db: Handle, user_id: str, coaching_id: str, *, ended_ok: bool) -> repo.CoachingRow:
    """The coaching if the person asking is in it: the mentee always (with `ended_ok`), the coach only while live."""
    row = repo.mentees_coaching(db, user_id, coaching_id)
    if row is not None and (ended_ok or row.ended_at is None):
        return row
    row = repo.coachs_live(db, user_id, coaching_id)
    if row is None:
        raise NotCoaching(NOT_COACHING)
    return row


def _note(row: repo.NoteRow, coaching: repo.CoachingRow) -> Note:
    by = "mentee" if row.author_id == coaching.user_id else "coach"
    return Note(row.id, row.kind, row.text, by, row.action_owner, row.due, row.done_at, row.created_at)


def record(db: Handle, user_id: str, coaching_id: str) -> list[Note]:
    """The conversation record, oldest first: for both while live; after it ends, for the mentee only."""
    row = _party(db, user_id, coaching_id, ended_ok=True)
    return [_note(n, row) for n in repo.notes(db, coaching_id)]


def add_note(
    db: Handle,
    user_id: str,
    coaching_id: str,
    text: str,
    *,
    action_owner: str | None = None,
    due: date | None = None,
    now: datetime | None = None,
) -> Note:
    """Add a note, or an agreed action (with its owner and an optional due date), to a live coaching's record."""
    row = _party(db, user_id, coaching_id, ended_ok=False)
    words = clean(text)[0].strip()
    if not words:
        raise CoachingError("Please write a few words first.")
    if len(words) > NOTE_MAX:
        raise CoachingError(
            f"Notes and actions can be up to {NOTE_MAX:,} characters; this one is {len(words):,}. Please shorten it."
        )
    if action_owner is not None and action_owner not in OWNERS:
        raise CoachingError("An agreed action is for the mentee or the coach. Please choose one.")
    if due is not None and action_owner is None:
        raise CoachingError("A due date goes with an agreed action: please choose who it's for.")
    note = repo.NoteRow(
        str(uuid.uuid4()), coaching_id, user_id, "action" if action_owner else "note", words, action_owner, due,
        None, now or utcnow(),
    )  # fmt: skip
    repo.add_note(db, row, note)
    return _note(note, row)


def mark_done(
    db: Handle, user_id: str, coaching_id: str, note_id: str, done: bool = True, *, now: datetime | None = None
) -> bool:
    """Mark an agreed action done (or not done after all), in a live coaching; False if there's no such action."""
    _party(db, user_id, coaching_id, ended_ok=False)
    return repo.set_done(db, coaching_id, note_id, (now or utcnow()) if done else None)


# -- the coach's side: every read checks, logs, and keeps to the scope --------------------------
def mentees(db: Handle, user_id: str) -> list[Coaching]:
    """The people this person coaches now."""
    return [_coaching(r) for r in repo.live_for_coach(db, user_id)]


def mentee(db: Handle, user_id: str, coaching_id: str) -> Coaching:
    """One live coaching of this coach, with what is shared now; NotCoaching once it has ended."""
    row = repo.coachs_live(db, user_id, coaching_id)
    if row is None:
        raise NotCoaching(NOT_COACHING)
    return _coaching(row)


def _looked(db: Handle, row: repo.CoachingRow, what: str) -> None:
    repo.log_access(db, str(uuid.uuid4()), row, what, utcnow(), LOOK_WINDOW)


def _coachs_live(db: Handle, user_id: str, coaching_id: str) -> repo.CoachingRow:
    row = repo.coachs_live(db, user_id, coaching_id)
    if row is None:
        raise NotCoaching(NOT_COACHING)
    return row


def _score_panels(
    db: Handle, mentee_id: str, start: date | None, end: date, today: date, fit: Fit = Fit.WIDE
) -> list[trends.Panel]:
    """The mentee's charts as they see them, less their debriefs: a debrief's scores are private like its words."""
    panels = trends.view(db, mentee_id, start, end, today, fit, shared=True).panels
    return [p for p in panels if p.title in CHART_PANELS]


def mentee_charts(
    db: Handle, user_id: str, coaching_id: str, start: date | None, end: date, today: date, fit: Fit = Fit.WIDE
) -> list[trends.Panel] | None:
    """The mentee's charts of mood and energy, as they see them but without their debriefs (laid out for the coach's
    screen); None unless charts are shared."""
    row = _coachs_live(db, user_id, coaching_id)
    if not row.share_charts:
        return None
    _looked(db, row, "charts")
    return _score_panels(db, row.user_id, start, end, today, fit)


def _checkins(db: Handle, mentee_id: str, start: date | None, end: date) -> pd.DataFrame:
    taken = [c for c in burnout.history(db, mentee_id) if (start is None or c.taken_on >= start) and c.taken_on <= end]
    return burnout.trend_frame(taken)


def mentee_checkins(db: Handle, user_id: str, coaching_id: str, start: date | None, end: date) -> pd.DataFrame | None:
    """The mentee's burnout check-in scores in a period (as burnout.trend_frame); None unless they are shared."""
    row = _coachs_live(db, user_id, coaching_id)
    if not row.share_checkins:
        return None
    _looked(db, row, "check-ins")
    return _checkins(db, row.user_id, start, end)


WINS_SHOWN = 50


def _wins(db: Handle, mentee_id: str, start: date | None, end: date) -> list[Summary]:
    found, _ = entries.search(
        db, mentee_id, entries.SearchFilter(date_from=start, date_to=end, wins_only=True), limit=WINS_SHOWN
    )
    return [s for s in found if s.template != debriefs.TEMPLATE]  # a debrief marked as a win stays private


def mentee_wins(db: Handle, user_id: str, coaching_id: str, start: date | None, end: date) -> list[Summary] | None:
    """The mentee's wins in a period, newest first (at most 50); None unless wins are shared."""
    row = _coachs_live(db, user_id, coaching_id)
    if not row.share_wins:
        return None
    _looked(db, row, "wins")
    return _wins(db, row.user_id, start, end)


def mentee_entries(db: Handle, user_id: str, coaching_id: str) -> list[Summary] | None:
    """The entries the mentee chose to share with this coach, newest first; None unless entries are shared."""
    row = _coachs_live(db, user_id, coaching_id)
    if not row.share_entries:
        return None
    shared = repo.shared_entries_for_coach(db, user_id, coaching_id)
    _looked(db, row, "the list of entries shared")
    return shared


def entry_label(day: date) -> str:
    """How an entry is named in the access log: by its date only."""
    return f"entry: {day.day} {day:%b %Y}"


def mentee_entry(db: Handle, user_id: str, coaching_id: str, entry_id: str) -> Entry:
    """One shared entry in full. Anything else (unshared, revoked, ended, trashed, never written) is NotShared."""
    mentee_id = repo.shared_entry_for_coach(db, user_id, coaching_id, entry_id)
    entry = entries.get(db, mentee_id, entry_id) if mentee_id else None
    row = repo.coachs_live(db, user_id, coaching_id) if entry else None
    if entry is None or row is None:
        raise NotShared(ENTRY_NOT_SHARED)
    _looked(db, row, entry_label(entry.entry_date))
    return entry


# -- the conversation pack ------------------------------------------------------------------------
def entry_sections(lib: Library, entry: Entry) -> list[tuple[str, str]]:
    """An entry as (heading, text) pairs, as the Journal shows it: each answer under its question."""
    fields = entries.answer_fields(entry, lib)
    sections = [(label, entry.answers[key]) for key, label in fields if entry.answers.get(key)]
    if answer := entry.answers.get(PROMPT_ANSWER):
        sections.append(("The prompt: " + (entry.prompt_text or ""), answer))
    if entry.tags:
        sections.append(("Tags", ", ".join(entry.tags)))
    return sections


def conversation_pack(
    db: Handle, user_id: str, coaching_id: str, start: date, end: date, lib: Library, *, today: date | None = None
) -> bytes:
    """A PDF of what this person shares with one coach, for a period: charts, check-ins, wins, entries, and the
    agreed actions still open. Made for the mentee alone, to bring to a session."""
    today = today or clock.today()
    start, end = sorted((start, end))
    end = min(end, today)
    row = _mentees_live(db, user_id, coaching_id)
    charts = wins = shared = checkins = None
    if row.share_charts:
        charts = [pack.PackChart(p.title, p.caption, p.spec) for p in _score_panels(db, user_id, start, end, today)]
    if row.share_checkins and not (frame := _checkins(db, user_id, start, end)).empty:
        checkins = pack.PackChart(
            "Burnout check-in scores",
            "Scores run from 0 to 100; 50 or more is high.",
            burnout.trend_chart(frame).to_dict(),
        )
    if row.share_wins:
        wins = [pack.PackWin(w.entry_date, snippet(w.snippet, 400)) for w in _wins(db, user_id, start, end)]
    if row.share_entries:
        shared = []
        for item in reversed(repo.shared_entries_for_mentee(db, user_id, coaching_id)):  # oldest first, as a story
            entry = entries.get(db, user_id, item.id)
            if entry is not None and start <= entry.entry_date <= end:
                heading = f"{nice_date(entry.entry_date)} · {lib.template_name(entry.template)}"
                shared.append(pack.PackEntry(heading, tuple(entry_sections(lib, entry))))
    actions = tuple(
        pack.PackAction(n.text, n.action_owner or "", n.due)
        for n in record(db, user_id, coaching_id)
        if n.kind == "action" and n.done_at is None
    )
    contents = pack.Pack(
        coach_name=row.coach_name, start=start, end=end, made_on=today, charts=charts, checkins=checkins,
        wins=wins, entries=tuple(shared) if shared is not None else None, actions=actions,
        checkins_shared=row.share_checkins,
    )  # fmt: skip
    return pack.render_pdf(contents)


def pack_file_name(start: date, end: date) -> str:
    return f"harbour-conversation-pack-{start.isoformat()}-to-{end.isoformat()}.pdf"


def suggest_prompt(db: Handle, user_id: str, coaching_id: str, text: str) -> None:
    """A coach suggests a prompt to their mentee, while the coaching is live: it becomes one of the mentee's own
    prompts (suggested_in: this coaching), which they may write to or set aside; the coach never sees which."""
    row = _coachs_live(db, user_id, coaching_id)
    own.add_prompt(db, row.user_id, text, suggested_in=row.id)


def mentee_people(db: Handle, user_id: str, coaching_id: str) -> list[people.SharedPerson] | None:
    """The people the mentee meets (names, what they care about, introductions, last met; never the entries about
    them), checked live and logged; None unless they share them."""
    row = _coachs_live(db, user_id, coaching_id)
    if not row.share_people:
        return None
    _looked(db, row, "the people they meet")
    return people.shared_with_coach(db, user_id, coaching_id)
