"""The people you meet and your actions (follow-ups, introductions asked for and offered): private to you.

Nothing here ever reaches a group; a coach sees the people list only while its owner shares it.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from journal import clock
from journal.content.library import Library
from journal.reflect import entries
from journal.reflect.entries import EntryInput
from journal.store import Handle
from journal.store import people as repo
from journal.store.entries import Entry
from journal.store.people import ActionRow, PersonRow
from journal.text import identifiable
from journal.text.cleaning import clean
from journal.text.identifiable import Finding
from journal.text.words import nice_date, plural

__all__ = ["ActionRow", "PersonRow"]

MAX_NAME_CHARS = 40  # a first name or initials is plenty
MAX_CARES_CHARS = 2_000  # what they care about
MAX_ACTION_CHARS = 500
ACTION_KINDS = ("follow_up", "intro_asked", "intro_offered")  # a follow-up; an introduction asked for; one offered
ONE_TO_ONE = "one_to_one"
WIN_TEMPLATE = "win"
CLOSED_SHOWN_DAYS = 30  # a done or let-go action stays in "done and let go" this long, to undo
INSIGHT_WEEKS = 26  # the closed weeks the 1-to-1 insight compares
MIN_WEEKS = 3  # at least this many weeks with a 1-to-1, and without, before saying anything
SAME_WITHIN = 0.25  # energy means closer than this are "about the same"
FULL_NAME = "Full name"
_FULL_NAME_WHY = "A first name and a surname together can identify someone: a first name or initials is plenty."
_ROLE = re.compile(r"\s*\([^()]*\)\s*$")  # a role after the name, in brackets
_INITIAL = re.compile(r"^[^\W\d_]\.?$")  # "J" or "J."


class PeopleError(ValueError):
    """Why a person or an action could not be kept, in words for the person; nothing was changed."""


# -- checking what is written ---------------------------------------------------
def clean_name(raw: str) -> str:
    name = " ".join(clean(str(raw))[0].split())
    if not name:
        raise PeopleError("Please give a first name or initials, so you know who this is.")
    if len(name) > MAX_NAME_CHARS:
        raise PeopleError(
            f"A name here can be up to {MAX_NAME_CHARS} characters, and this one is {len(name)}. "
            "A first name or initials is plenty: please shorten it (nothing has been changed)."
        )
    return name


def _clean_cares(raw: str) -> str:
    text = clean(str(raw))[0].strip()
    if len(text) > MAX_CARES_CHARS:
        raise PeopleError(
            f"What they care about can be up to {MAX_CARES_CHARS:,} characters, and this is {len(text):,}. "
            "Please shorten it (nothing has been changed; your words are still here)."
        )
    return text


def findings(name: str, cares_about: str = "") -> list[Finding]:
    """What in a person's name or notes may identify them: a full name, and what the entry form looks for."""
    found = []
    words = name.split()
    if len(words) >= 2 and sum(1 for w in words if not _INITIAL.match(w)) >= 2:
        found.append(Finding(FULL_NAME, name.strip(), _FULL_NAME_WHY))
    return found + identifiable.findings(f"{name}\n{cares_about}")


# -- people ---------------------------------------------------------------------
def add_person(db: Handle, user_id: str, name: str, cares_about: str = "") -> PersonRow:
    name, cares = clean_name(name), _clean_cares(cares_about)
    now = clock.utcnow()
    row = PersonRow(str(uuid.uuid4()), user_id, name, cares, now, now, None)
    repo.add_person(db, row)
    return row


def edit_person(db: Handle, user_id: str, person_id: str, name: str, cares_about: str) -> None:
    name, cares = clean_name(name), _clean_cares(cares_about)
    if not repo.update_person(db, user_id, person_id, name, cares, clock.utcnow()):
        raise PeopleError("That person isn't in your list any more (perhaps in the trash), so nothing was changed.")


def people(db: Handle, user_id: str) -> list[PersonRow]:
    return repo.people(db, user_id)


def trashed(db: Handle, user_id: str) -> list[PersonRow]:
    return repo.people(db, user_id, trashed=True)


def person(db: Handle, user_id: str, person_id: str) -> PersonRow | None:
    return repo.person(db, user_id, person_id)


def trash(db: Handle, user_id: str, person_id: str) -> bool:
    return repo.set_person_deleted(db, user_id, person_id, clock.utcnow())


def restore(db: Handle, user_id: str, person_id: str) -> bool:
    return repo.set_person_deleted(db, user_id, person_id, None)


def delete_forever(db: Handle, user_id: str, person_id: str) -> bool:
    return repo.purge_person(db, user_id, person_id)


def entries_about(db: Handle, user_id: str, person_id: str) -> list[tuple[str, date, str]]:
    return repo.entries_about(db, user_id, person_id)


def people_of_entry(db: Handle, user_id: str, entry_id: str) -> list[str]:
    return repo.people_of_entry(db, user_id, entry_id)


def link(db: Handle, user_id: str, entry_id: str, person_id: str) -> bool:
    return repo.link(db, user_id, entry_id, person_id)


def relink(db: Handle, user_id: str, entry_id: str, person_id: str | None) -> None:
    """This entry is about this person (None: nobody from the list) instead of whoever it was linked to."""
    for other in repo.people_of_entry(db, user_id, entry_id):
        if other != person_id:
            repo.unlink(db, user_id, entry_id, other)
    if person_id is not None:
        link(db, user_id, entry_id, person_id)
    repo.set_entry_actions_person(db, user_id, entry_id, person_id)


def who(entry: Entry) -> str:
    """The name an "After a 1-to-1" gives in its "Who did you meet?" answer, tidied ("" if none)."""
    if entry.template != ONE_TO_ONE:
        return ""
    said = " ".join(str(entry.answers.get("who", "")).split())
    return _ROLE.sub("", said).strip() or said  # "Priya (pharmacist)" is Priya


def match(db: Handle, user_id: str, name: str) -> PersonRow | None:
    """The person of theirs with this name (ignoring case), if there is one."""
    return repo.named(db, user_id, name) if name else None


# -- actions --------------------------------------------------------------------
def lines(text: str) -> list[str]:
    """Each non-empty line of an answer, bullets and numbering taken off: one action each."""
    found = []
    for line in str(text).splitlines():
        tidy = re.sub(r"^\s*(?:[-*•]|\d+[.)])\s+", "", line).strip()
        if tidy:
            found.append(tidy[:MAX_ACTION_CHARS])
    return found


def suggested(entry: Entry) -> tuple[list[str], list[str]]:
    """For an "After a 1-to-1": one action from each line of its follow-up, and (offered) each line agreed."""
    if entry.template != ONE_TO_ONE:
        return [], []
    return lines(entry.answers.get("follow_up", "")), lines(entry.answers.get("agreed", ""))


def add_action(
    db: Handle,
    user_id: str,
    text: str,
    *,
    kind: str = "follow_up",
    due: date | None = None,
    entry_id: str | None = None,
    person_id: str | None = None,
    action_id: str | None = None,
) -> ActionRow:
    """Keep one action; a second click with the same action_id keeps it once."""
    if kind not in ACTION_KINDS:
        raise PeopleError("That kind of action isn't one Harbour knows.")
    words = " ".join(clean(str(text))[0].split())
    if not words:
        raise PeopleError("Please write a few words for the action, so you know what it was.")
    if len(words) > MAX_ACTION_CHARS:
        raise PeopleError(
            f"An action can be up to {MAX_ACTION_CHARS} characters, and this one is {len(words)}. "
            "Please shorten it (nothing has been kept yet; your words are still here)."
        )
    if due is not None and due < clock.today() - timedelta(days=366):
        raise PeopleError("That 'by when' is more than a year ago. Please choose a later day, or none.")
    row = ActionRow(
        action_id or str(uuid.uuid4()), user_id, kind, words, due, entry_id, person_id, clock.utcnow(), None, None, None
    )
    if not repo.add_action(db, row):
        kept = repo.action(db, user_id, row.id)
        if kept is None:
            raise PeopleError("That entry or person isn't in your journal, so the action wasn't kept.")
        return kept
    return row


def all_actions(db: Handle, user_id: str, *, person_id: str | None = None) -> list[ActionRow]:
    """Every action of theirs (of one person of theirs), open or not, oldest first."""
    return repo.actions(db, user_id, person_id=person_id)


def of_entry(db: Handle, user_id: str, entry_id: str) -> list[ActionRow]:
    """The actions kept from one entry, oldest first."""
    return [a for a in repo.actions(db, user_id) if a.entry_id == entry_id]


def _open_order(a: ActionRow) -> tuple[int, date, datetime]:
    return (0, a.due, a.created_at) if a.due is not None else (1, date.max, a.created_at)


def open_actions(
    db: Handle, user_id: str, *, person_id: str | None = None, kinds: Iterable[str] = ()
) -> list[ActionRow]:
    """Open actions, those with a 'by when' first (soonest first), then the rest oldest first."""
    found = repo.actions(db, user_id, person_id=person_id, kinds=tuple(kinds) or None)
    return sorted((a for a in found if a.done_at is None and a.let_go_at is None), key=_open_order)


def closed_actions(db: Handle, user_id: str, *, days: int = CLOSED_SHOWN_DAYS) -> list[ActionRow]:
    """Actions done or let go in the last `days` days, newest first: any can be opened again."""
    since = clock.utcnow() - timedelta(days=days)
    found = [a for a in repo.actions(db, user_id) if (a.done_at or a.let_go_at or datetime.min) >= since]
    return sorted(found, key=lambda a: a.done_at or a.let_go_at or datetime.min, reverse=True)


def _set(db: Handle, user_id: str, action_id: str, *, done: bool = False, let_go: bool = False) -> None:
    now = clock.utcnow()
    ok = repo.set_action_state(db, user_id, action_id, done_at=now if done else None, let_go_at=now if let_go else None)
    if not ok:
        raise PeopleError("That action isn't in your list any more, so nothing was changed.")


def mark_done(db: Handle, user_id: str, action_id: str) -> None:
    _set(db, user_id, action_id, done=True)


def let_go(db: Handle, user_id: str, action_id: str) -> None:
    _set(db, user_id, action_id, let_go=True)


def reopen(db: Handle, user_id: str, action_id: str) -> None:
    _set(db, user_id, action_id)


def mark_win(db: Handle, user_id: str, action_id: str, lib: Library, *, on: date | None = None) -> Entry:
    """Keep a done action as a win entry (the "A win" template), once, dated today (the demo gives its own day);
    the win entry is returned."""
    found = repo.action(db, user_id, action_id)
    if found is None or found.done_at is None:
        raise PeopleError("Only an action you've done can be marked a win.")
    if found.win_entry_id and (kept := entries.get(db, user_id, found.win_entry_id)) is not None:
        return kept
    who_helped = ""
    if found.person_id and (them := repo.person(db, user_id, found.person_id)) is not None:
        who_helped = them.name
    answers = {"the_win": found.text, "who_helped": who_helped}
    inp = EntryInput.blank(lib.template(WIN_TEMPLATE))
    inp.answers = {k: v for k, v in answers.items() if v}
    inp.entry_date = on or clock.today()
    win_id = str(uuid.uuid5(uuid.NAMESPACE_URL, f"harbour-action-win:{found.id}"))  # a second click: the same win
    outcome = entries.save_new(db, user_id, win_id, inp, lib)
    repo.set_win(db, user_id, action_id, outcome.entry.id)
    return outcome.entry


def when_due(action: ActionRow, today: date) -> str:
    """A kind word on when: never 'overdue'."""
    if action.due is None:
        return ""
    if action.due == today:
        return "for today"
    if action.due == today + timedelta(days=1):
        return "by tomorrow"
    if action.due > today:
        return f"by {nice_date(action.due)}"
    return f"hoped for by {nice_date(action.due)}; still here whenever you're ready"


# -- insights on Wins ------------------------------------------------------------
@dataclass(frozen=True)
class EnergyInsight:
    weeks_with: int
    weeks_without: int
    mean_with: float | None
    mean_without: float | None
    sentence: str


def _monday(day: date) -> date:
    return day - timedelta(days=day.weekday())


def energy_by_one_to_ones(
    one_to_one_days: Iterable[date], energy_days: Iterable[tuple[date, int]], today: date
) -> EnergyInsight:
    """Weeks (Monday to Sunday, the last 26 closed ones) with a 1-to-1 against weeks without, on mean energy.

    Only weeks where energy was recorded count; nothing is said until there are 3 weeks of each.
    """
    this_monday = _monday(today)
    first = this_monday - timedelta(weeks=INSIGHT_WEEKS)
    met = {_monday(d) for d in one_to_one_days if first <= d < this_monday}
    energy: dict[date, list[int]] = {}
    for day, value in energy_days:
        if first <= day < this_monday:
            energy.setdefault(_monday(day), []).append(value)
    week_means = {week: sum(v) / len(v) for week, v in energy.items()}
    with_ = [m for w, m in week_means.items() if w in met]
    without = [m for w, m in week_means.items() if w not in met]
    if len(with_) < MIN_WEEKS or len(without) < MIN_WEEKS:
        return EnergyInsight(
            len(with_),
            len(without),
            None,
            None,
            "Weeks with a 1-to-1 and your energy: not enough data yet. Harbour compares them once there are at "
            f"least {MIN_WEEKS} weeks with a 1-to-1 and {MIN_WEEKS} without, each with your energy noted "
            f"(so far {len(with_)} and {len(without)}).",
        )
    a, b = sum(with_) / len(with_), sum(without) / len(without)
    if abs(a - b) < SAME_WITHIN:
        sentence = f"Weeks with a 1-to-1 and weeks without were about the same for your energy ({a:.1f} and {b:.1f})."
    elif a > b:
        sentence = f"Weeks with a 1-to-1 were your higher-energy weeks ({a:.1f} against {b:.1f})."
    else:
        sentence = f"Weeks without a 1-to-1 were your higher-energy weeks ({b:.1f} against {a:.1f})."
    note = f" From {plural(len(with_), 'week')} with and {len(without)} without, over the last {INSIGHT_WEEKS} weeks."
    return EnergyInsight(len(with_), len(without), round(a, 2), round(b, 2), sentence + note)


def introductions_sentence(actions: Iterable[ActionRow]) -> str:
    """'3 introductions you asked for came through', from the done intro_asked actions ('' for none)."""
    came = sum(1 for a in actions if a.kind == "intro_asked" and a.done_at is not None)
    if not came:
        return ""
    return f"{plural(came, 'introduction')} you asked for came through."


def insights(db: Handle, user_id: str, today: date) -> tuple[EnergyInsight, str]:
    """The 1-to-1 energy comparison, and the introductions that came through."""
    since = _monday(today) - timedelta(weeks=INSIGHT_WEEKS)
    insight = energy_by_one_to_ones(
        repo.one_to_one_days(db, user_id, since, today), repo.energy_days(db, user_id, since, today), today
    )
    return insight, introductions_sentence(repo.actions(db, user_id, kinds=("intro_asked",)))


# -- for a coach, while the person shares them -----------------------------------------------------------------
@dataclass(frozen=True)
class SharedPerson:
    """What a coach sees of one of the people their mentee meets: never the entries about them."""

    name: str
    cares_about: str
    last_met: date | None
    introductions: tuple[tuple[str, str, bool], ...]  # (kind, words, came through)


def shared_with_coach(db: Handle, coach_id: str, coaching_id: str) -> list[SharedPerson]:
    """The mentee's people as their coach may see them (the share is checked in the reads themselves)."""
    intros: dict[str, list[tuple[str, str, bool]]] = {}
    for a in repo.introductions_shared(db, coach_id, coaching_id):
        intros.setdefault(a.person_id or "", []).append((a.kind, a.text, a.done_at is not None))
    return [
        SharedPerson(p.name, p.cares_about, p.last_met, tuple(intros.get(p.id, ())))
        for p in repo.shared_with_coach(db, coach_id, coaching_id)
    ]
