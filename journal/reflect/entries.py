"""Writing, finding, editing and trashing entries. Every function acts for one person, named by user_id."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from datetime import date, datetime, timedelta

from journal import clock
from journal.clock import utcnow
from journal.config import TRASH_DAYS
from journal.content.library import Library, Template
from journal.reflect import own
from journal.store import Handle, retrying_write
from journal.store import entries as repo
from journal.store.entries import Entry, SearchFilter, Summary
from journal.text import sentiment, snippets
from journal.text.cleaning import MAX_ENTRY_CHARS, MAX_TAG_CHARS, MAX_TAGS, clean, normalise_tags, too_long_tags

__all__ = [
    "PROMPT_ANSWER",
    "Entry",
    "EntryError",
    "EntryInput",
    "SearchFilter",
    "Summary",
]

PROMPT_ANSWER = "prompt"  # the answers key for what a person wrote to the offered prompt
WIN_TEMPLATE = "win"  # entries made with this template start out marked as a win


class EntryError(ValueError):
    """Why an entry could not be saved, in words for the person; nothing was changed."""


class EditConflict(EntryError):
    pass


@dataclass
class EntryInput:
    """What the Write page (or an importer) hands over to be saved."""

    template: str
    answers: dict[str, str] = field(default_factory=dict)
    mood: int | None = None
    energy: int | None = None
    tags: list[str] = field(default_factory=list)
    is_win: bool = False
    theme: str | None = None
    prompt_id: str | None = None
    prompt_text: str | None = None
    entry_date: date = field(default_factory=clock.today)

    @classmethod
    def blank(cls, template: Template) -> EntryInput:
        """A new, empty entry with the template's defaults (its theme; a win for the win template)."""
        return cls(template=template.id, theme=template.theme, is_win=template.id == WIN_TEMPLATE)

    def to_json(self) -> str:
        data = asdict(self)
        data["entry_date"] = self.entry_date.isoformat()
        # ASCII escapes keep even a lone surrogate (not storable as UTF-8) intact in a draft.
        return json.dumps(data)

    @classmethod
    def from_json(cls, raw: str) -> EntryInput:
        data = json.loads(raw)
        data["entry_date"] = date.fromisoformat(data["entry_date"])
        return cls(**data)


def answer_fields(entry: Entry, lib: Library) -> list[tuple[str, str]]:
    """(answer key, question) for each of the entry's answers, its template's questions first and in order.

    A template that no longer exists, or answers it no longer asks, still show (with no question) so nothing
    a person wrote is hidden; the answer to the offered prompt is left to the caller, which words it itself.
    """
    fields = _template_questions(entry.template, entry.answers, lib)
    known = {key for key, _ in fields}
    return fields + [(key, "") for key in entry.answers if key not in known and key != PROMPT_ANSWER]


# -- previews in a list ------------------------------------------------------------------------
PREVIEW_LINES = 3  # answers shown in a list before "and N more"
LABEL_CHARS = 40  # a question longer than this is cut (between words) to label its answer in a preview


@dataclass(frozen=True)
class PreviewLine:
    question: str  # the question this answers, to label it; "" for an entry with only one answer
    pieces: tuple[snippets.Piece, ...]  # the answer's words, cut between words; matches of a search marked


@dataclass(frozen=True)
class Preview:
    """How one entry shows in a list: its answers apart, the ones a search matched first, and where it matched."""

    lines: tuple[PreviewLine, ...]
    more: int  # answers left out of the preview
    tags: tuple[tuple[snippets.Piece, ...], ...]  # each tag, a search's match marked
    in_prompt: bool = False  # the search matched only the prompt this entry answers


def _template_questions(template: str, answers: dict[str, str], lib: Library) -> list[tuple[str, str]]:
    """(answer key, question) the entry's template asks; an own template's answers are keyed by their question."""
    if own.is_own(template):
        return [(key, key) for key in answers if key != PROMPT_ANSWER]
    try:
        return [(f.key, f.label) for f in lib.template(template).fields]
    except KeyError:
        return []


def _questions(template: str, answers: dict[str, str], lib: Library) -> list[tuple[str, str]]:
    """(question, answer) for each answer with words, in the template's order; the prompt's answer last."""
    fields = _template_questions(template, answers, lib)
    known = {key for key, _ in fields} | {PROMPT_ANSWER}
    ordered = [(question, answers[key]) for key, question in fields if key in answers]
    ordered += [("", answer) for key, answer in answers.items() if key not in known]  # a template since changed
    if PROMPT_ANSWER in answers:
        ordered.append(("Your answer to the prompt", answers[PROMPT_ANSWER]))
    return [(question, answer) for question, answer in ordered if answer.strip()]


def preview(item: Summary, lib: Library, query: str = "", *, length: int = 280) -> Preview:
    """An entry's preview for a list: each answer on its own, labelled by its question when there are several.

    With a search, the answers it matched come first, each cut around the match with the match marked.
    An entry too long to fetch whole for a list (`item.answers` is None) shows the part of its body kept.
    """
    if item.answers is not None:
        asked = _questions(item.template, item.answers, lib)
    else:
        asked = [("", item.snippet)] if item.snippet.strip() else []
    several = len(asked) > 1
    each = length // max(min(len(asked), PREVIEW_LINES), 1)
    found = [(q, w) for q, a in asked if query.strip() and (w := snippets.window(a, query, each)) is not None]
    if found:
        chosen = found[:PREVIEW_LINES]
    else:
        chosen = [(q, (snippets.Piece(snippets.cut(a, each)),)) for q, a in asked[:PREVIEW_LINES]]
    lines = tuple(PreviewLine(snippets.cut(q, LABEL_CHARS) if several else "", p) for q, p in chosen)
    tags = tuple(snippets.marked(t, query) for t in item.tags)
    tag_found = any(p.match for t in tags for p in t)
    in_prompt = bool(query.strip()) and not found and not tag_found and PROMPT_ANSWER in (item.answers or {})
    return Preview(lines, len(asked) - len(lines), tags, in_prompt)


def as_input(entry: Entry) -> EntryInput:
    """The entry as the form holds it, to edit."""
    return EntryInput(
        template=entry.template,
        answers=dict(entry.answers),
        mood=entry.mood,
        energy=entry.energy,
        tags=list(entry.tags),
        is_win=entry.is_win,
        theme=entry.theme,
        prompt_id=entry.prompt_id,
        prompt_text=entry.prompt_text,
        entry_date=entry.entry_date,
    )


@dataclass(frozen=True)
class SaveOutcome:
    entry: Entry
    created: bool  # False when this id was saved already (a double click or a retry)
    notices: tuple[str, ...] = ()


def _in_range(value: int | None, what: str) -> int | None:
    if value is None:
        return None
    if not isinstance(value, int) or isinstance(value, bool) or not 1 <= value <= 5:
        raise EntryError(f"{what} is chosen on a scale from 1 to 5.")
    return value


UNKNOWN_TEMPLATE = "That kind of reflection isn't one Harbour knows. Please pick one from the list."


def _prepare(
    user_id: str, entry_id: str, inp: EntryInput, lib: Library, own_keys: list[str] | None = None
) -> tuple[Entry, tuple[str, ...]]:
    """Check and clean an input; raise EntryError with a kind message if it cannot be saved.

    An own template ('own:<id>') is checked against `own_keys`, the questions the person's own template (or the
    entry being edited) has; None when it isn't theirs, which is refused like a template Harbour doesn't know."""
    if own.is_own(inp.template):
        if own_keys is None:
            raise EntryError(UNKNOWN_TEMPLATE)
        template = own.as_template(None, inp.template, own_keys)
    else:
        try:
            template = lib.template(inp.template)
        except KeyError:
            raise EntryError(UNKNOWN_TEMPLATE) from None
    allowed = [f.key for f in template.fields] + [PROMPT_ANSWER]
    unknown = set(inp.answers) - set(allowed)
    if unknown:
        raise EntryError("Some of the answers don't belong to this kind of reflection.")
    answers: dict[str, str] = {}
    removed = 0
    for key in allowed:
        text, n = clean(str(inp.answers.get(key) or ""))
        removed += n
        if text.strip():
            answers[key] = text
    body = "\n\n".join(answers.values())
    if len(body) > MAX_ENTRY_CHARS:
        raise EntryError(
            f"This entry is {len(body):,} characters, more than the {MAX_ENTRY_CHARS:,} Harbour keeps in one entry. "
            "Your words are still here: please split them over two entries."
        )
    mood = _in_range(inp.mood, "Mood")
    energy = _in_range(inp.energy, "Energy")
    if not body.strip() and mood is None and energy is None:
        raise EntryError("There's nothing to save yet. Write a few words, or choose how you're feeling.")
    if inp.theme is not None and lib.theme(inp.theme) is None:
        raise EntryError("That theme isn't one Harbour knows. Please pick one from the list.")
    theme = inp.theme
    answered = lib.prompt(inp.prompt_id) if PROMPT_ANSWER in answers else None
    if theme is None and answered is not None:
        theme = answered.theme  # answering a prompt files the entry under its theme, unless one was chosen
    long_tags = too_long_tags(list(inp.tags))
    if long_tags:
        start = " ".join(long_tags[0].split())[:20]
        raise EntryError(
            f'A tag can be up to {MAX_TAG_CHARS} characters; the one starting "{start}…" is '
            f"{len(long_tags[0]):,}. Please shorten it (nothing has been saved yet; your words are still here)."
        )
    tags = normalise_tags(list(inp.tags))
    if len(tags) > MAX_TAGS:
        raise EntryError(f"An entry can carry up to {MAX_TAGS} tags.")
    if inp.entry_date > clock.today() + timedelta(days=1):
        raise EntryError("That date is in the future. Please choose today or an earlier day.")
    tone = sentiment.analyse(body)
    now = utcnow()
    notices: tuple[str, ...] = ()
    if removed:
        notices = (f"{removed} invisible control character(s) couldn't be stored and were left out.",)
    row = Entry(
        id=entry_id,
        user_id=user_id,
        template=template.id,
        theme=theme,
        prompt_id=inp.prompt_id if PROMPT_ANSWER in answers else None,
        prompt_text=inp.prompt_text if PROMPT_ANSWER in answers else None,
        answers=answers,
        body=body,
        mood=mood,
        energy=energy,
        is_win=bool(inp.is_win),
        polarity=tone.polarity if tone else None,
        subjectivity=tone.subjectivity if tone else None,
        entry_date=inp.entry_date,
        created_at=now,
        updated_at=now,
        deleted_at=None,
        revision=1,
        source="harbour",
        tags=tuple(tags),
    )
    return row, notices


def save_new(db: Handle, user_id: str, entry_id: str, inp: EntryInput, lib: Library) -> SaveOutcome:
    """Save a new entry under an id made when the form opened: saving twice never makes two.

    Returns only once the entry (its tags, and the removal of its draft) is committed.
    """
    row, notices = _prepare(user_id, entry_id, inp, lib, _own_keys(db, user_id, inp.template))

    def write(tx: Handle) -> None:
        if repo.exists_any_owner(tx, entry_id) is None:
            repo.insert(tx, row)
        repo.delete_draft(tx, user_id, entry_id)

    existing = retrying_write(db, write, lambda: repo.get(db, user_id, entry_id))
    if existing is None:
        raise EntryError("Harbour couldn't confirm this save. Your words are still here: please press Save again.")
    return SaveOutcome(existing, created=existing.created_at == row.created_at, notices=notices)


def update(
    db: Handle, user_id: str, entry_id: str, inp: EntryInput, expected_revision: int, lib: Library
) -> SaveOutcome:
    """Save changes to an entry, unless it changed elsewhere since it was opened (then say so)."""
    saved = repo.get(db, user_id, entry_id) if own.is_own(inp.template) else None
    kept = (
        [k for k in saved.answers if k != PROMPT_ANSWER]
        if saved is not None and saved.template == inp.template
        else None
    )
    row, notices = _prepare(user_id, entry_id, inp, lib, _own_keys(db, user_id, inp.template, kept))
    with db.write() as tx:
        ok = repo.update_content(tx, row, expected_revision)
        if ok:
            repo.delete_draft(tx, user_id, entry_id)
    if not ok:
        current = repo.get(db, user_id, entry_id)
        if current is None or current.deleted_at is not None:
            raise EntryError("This entry is no longer in your journal (it may be in the trash), so it can't be edited.")
        raise EditConflict(
            "This entry was changed somewhere else (another tab?) after you opened it. "
            "Your version is kept as a draft: open the entry again to see the latest, then re-apply your changes."
        )
    saved = repo.get(db, user_id, entry_id)
    assert saved is not None
    return SaveOutcome(saved, created=False, notices=notices)


def _own_keys(db: Handle, user_id: str, template_id: str, kept: list[str] | None = None) -> list[str] | None:
    """The questions an entry with this own template may answer: the person's template's boxes, and the ones the
    entry being edited already has (`kept`); None if the template isn't theirs and there is no such entry."""
    if not own.is_own(template_id):
        return None
    mine = own.get_template(db, user_id, template_id)
    if mine is None and kept is None:
        return None
    return [*(kept or []), *(b.label for b in (mine.boxes if mine else ()))]


def get(db: Handle, user_id: str, entry_id: str) -> Entry | None:
    row = repo.get(db, user_id, entry_id)
    return row


def search(db: Handle, user_id: str, f: SearchFilter, *, limit: int = 20, offset: int = 0) -> tuple[list[Summary], int]:
    return repo.search(db, user_id, f, limit=limit, offset=offset)


def tags_in_use(db: Handle, user_id: str) -> list[str]:
    return repo.tags_in_use(db, user_id)


def count(db: Handle, user_id: str) -> int:
    return repo.count_entries(db, user_id)


# -- trash --------------------------------------------------------------------
def trash(db: Handle, user_id: str, entry_id: str) -> bool:
    return repo.set_deleted(db, user_id, entry_id, utcnow())


def restore(db: Handle, user_id: str, entry_id: str) -> bool:
    return repo.set_deleted(db, user_id, entry_id, None)


def trashed(db: Handle, user_id: str) -> list[Summary]:
    """What is in the trash, most recently deleted first; anything past its 30 days goes first."""
    repo.purge(db, user_id, trashed_before=utcnow() - timedelta(days=TRASH_DAYS))
    items, _ = repo.search(db, user_id, SearchFilter(), trashed=True, limit=1000)
    return items


def delete_forever(db: Handle, user_id: str, entry_id: str) -> bool:
    return repo.purge(db, user_id, entry_id=entry_id) == 1


def empty_trash(db: Handle, user_id: str) -> int:
    return repo.purge(db, user_id)


# -- drafts -------------------------------------------------------------------
@dataclass(frozen=True)
class Draft:
    entry_id: str
    input: EntryInput
    updated_at: datetime
    is_edit: bool


def save_draft(db: Handle, user_id: str, entry_id: str, inp: EntryInput) -> None:
    """Keep what a person has typed so far, so a reload, closed tab or restart loses nothing."""
    repo.save_draft(db, user_id, entry_id, inp.template, inp.to_json(), utcnow())


def drafts(db: Handle, user_id: str) -> list[Draft]:
    return [
        Draft(d.entry_id, EntryInput.from_json(d.payload), d.updated_at, d.is_edit) for d in repo.drafts(db, user_id)
    ]


def discard_draft(db: Handle, user_id: str, entry_id: str) -> None:
    repo.delete_draft(db, user_id, entry_id)


# -- prompts ------------------------------------------------------------------
def record_prompt_shown(db: Handle, user_id: str, prompt_id: str) -> None:
    repo.record_prompt_shown(db, user_id, prompt_id, utcnow())


def recent_prompts(db: Handle, user_id: str) -> list[str]:
    return repo.recent_prompts(db, user_id)
