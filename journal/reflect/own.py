"""Your own prompts and templates, beside Harbour's reviewed ones and never in their rotation; a coach's suggestion.

An own prompt answered gives the entry prompt_id 'own:<id>' and its words as prompt_text; it is never recorded in
prompts_shown. An entry written with an own template has template 'own:<id>' and its answers keyed by each box's
label as it was then, so it reads the same after the template changes or is put away. Nothing here is lost: putting
away (retired_at) can always be undone. (The limits below are shared with the JSON import.)
"""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from datetime import datetime

from journal.clock import utcnow
from journal.content.library import Field, Template
from journal.store import Handle
from journal.store import own as repo
from journal.text.cleaning import clean

OWN = "own:"  # an own template's entries have template 'own:<id>'; an own prompt answered has prompt_id 'own:<id>'
MAX_PROMPT_CHARS = 500
MAX_TEMPLATE_NAME_CHARS = 60
MAX_BOXES = 6
MAX_BOX_LABEL_CHARS = 200
RESERVED_LABEL = "prompt"  # entries.PROMPT_ANSWER: the answer to an offered prompt is kept under this key
OWN_TEMPLATE = "Your own template"  # how an own template's entry is named where its name isn't at hand


class OwnError(ValueError):
    """Why an own prompt or template could not be kept, in words for the person; nothing was changed."""


@dataclass(frozen=True)
class OwnPrompt:
    id: str
    text: str
    suggested: bool  # a coach suggested it (suggested_in is set)
    put_away: bool
    created_at: datetime

    @property
    def marker(self) -> str:
        """The prompt_id an entry answering it carries."""
        return OWN + self.id


@dataclass(frozen=True)
class Box:
    label: str
    long: bool


@dataclass(frozen=True)
class OwnTemplate:
    id: str
    name: str
    boxes: tuple[Box, ...]
    put_away: bool

    @property
    def template_id(self) -> str:
        """The template an entry written with it carries."""
        return OWN + self.id


def is_own(template_or_prompt_id: str | None) -> bool:
    return bool(template_or_prompt_id) and str(template_or_prompt_id).startswith(OWN)


def _bare(marked: str) -> str:
    return marked[len(OWN) :] if marked.startswith(OWN) else marked


# -- prompts ----------------------------------------------------------------------------------------------------------
def clean_prompt(raw: str) -> str:
    """A prompt's words, cleaned and checked: OwnError with a kind message if there are none or too many."""
    text = clean(str(raw or ""))[0].strip()
    if not text:
        raise OwnError("Please write a few words for the prompt first.")
    if len(text) > MAX_PROMPT_CHARS:
        raise OwnError(
            f"A prompt can be up to {MAX_PROMPT_CHARS} characters; this one is {len(text):,}. "
            "Your words are still here: please shorten it a little."
        )
    return text


def _prompt(row: repo.PromptRow) -> OwnPrompt:
    return OwnPrompt(row.id, row.text, row.suggested_in is not None, row.retired_at is not None, row.created_at)


def add_prompt(
    db: Handle, user_id: str, text: str, *, suggested_in: str | None = None, prompt_id: str | None = None
) -> OwnPrompt:
    """Keep a new own prompt (a coach's suggestion carries the coaching it came from; the demo names its id)."""
    row = repo.PromptRow(prompt_id or str(uuid.uuid4()), user_id, clean_prompt(text), suggested_in, utcnow(), None)
    repo.insert_prompt(db, row)
    return _prompt(row)


def prompts(db: Handle, user_id: str) -> list[OwnPrompt]:
    """All of a person's own prompts, live ones first, each group oldest first."""
    rows = [_prompt(r) for r in repo.prompts(db, user_id)]
    return [p for p in rows if not p.put_away] + [p for p in rows if p.put_away]


def live_prompts(db: Handle, user_id: str) -> list[OwnPrompt]:
    return [p for p in prompts(db, user_id) if not p.put_away]


def suggestions(db: Handle, user_id: str) -> list[OwnPrompt]:
    """Prompts a coach suggested that the person hasn't set aside."""
    return [p for p in live_prompts(db, user_id) if p.suggested]


def get_prompt(db: Handle, user_id: str, prompt_id: str) -> OwnPrompt | None:
    """One of this person's own prompts, by its id or its 'own:' marker; None if it isn't theirs."""
    row = repo.prompt(db, user_id, _bare(prompt_id))
    return _prompt(row) if row else None


NOT_YOURS = "That prompt isn't in your list any more. Please choose one from the list."


def edit_prompt(db: Handle, user_id: str, prompt_id: str, text: str) -> None:
    if not repo.set_prompt_text(db, user_id, prompt_id, clean_prompt(text)):
        raise OwnError(NOT_YOURS)


def put_away_prompt(db: Handle, user_id: str, prompt_id: str) -> None:
    """Put a prompt away (or set a coach's suggestion aside): it leaves Write, and can be brought back."""
    if not repo.set_prompt_retired(db, user_id, prompt_id, utcnow()):
        raise OwnError(NOT_YOURS)


def bring_back_prompt(db: Handle, user_id: str, prompt_id: str) -> None:
    if not repo.set_prompt_retired(db, user_id, prompt_id, None):
        raise OwnError(NOT_YOURS)


# -- templates --------------------------------------------------------------------------------------------------------
def clean_template(name: str, boxes: list[Box]) -> tuple[str, tuple[Box, ...]]:
    """A template's name and boxes, cleaned and checked (boxes with no label are left out)."""
    title = " ".join(clean(str(name or ""))[0].split())
    if not title:
        raise OwnError("Please give your template a name, so you can find it on Write.")
    if len(title) > MAX_TEMPLATE_NAME_CHARS:
        raise OwnError(
            f"A template's name can be up to {MAX_TEMPLATE_NAME_CHARS} characters; this one is {len(title):,}. "
            "Please shorten it (nothing has been saved yet)."
        )
    kept: list[Box] = []
    for box in boxes:
        label = " ".join(clean(str(box.label or ""))[0].split())
        if not label:
            continue
        if len(label) > MAX_BOX_LABEL_CHARS:
            raise OwnError(
                f"A box's question can be up to {MAX_BOX_LABEL_CHARS} characters; one is {len(label):,}. "
                "Please shorten it (nothing has been saved yet)."
            )
        if label.casefold() == RESERVED_LABEL:
            raise OwnError('Harbour keeps answers to its prompts under "prompt", so a box can\'t be called that.')
        if any(k.label.casefold() == label.casefold() for k in kept):
            raise OwnError("Two boxes ask the same question. Please make each one different.")
        kept.append(Box(label, bool(box.long)))
    if not kept:
        raise OwnError("A template needs at least one box with a question.")
    if len(kept) > MAX_BOXES:
        raise OwnError(f"A template can have up to {MAX_BOXES} boxes.")
    return title, tuple(kept)


def _boxes_json(boxes: tuple[Box, ...]) -> str:
    return json.dumps([{"label": b.label, "long": b.long} for b in boxes])


def _template(row: repo.TemplateRow) -> OwnTemplate:
    boxes = tuple(Box(str(b["label"]), bool(b.get("long"))) for b in json.loads(row.boxes))
    return OwnTemplate(row.id, row.name, boxes, row.retired_at is not None)


def add_template(
    db: Handle, user_id: str, name: str, boxes: list[Box], *, template_id: str | None = None
) -> OwnTemplate:
    """Keep a new own template (the demo names its id, so the same year is made the same)."""
    title, kept = clean_template(name, boxes)
    now = utcnow()
    row = repo.TemplateRow(template_id or str(uuid.uuid4()), user_id, title, _boxes_json(kept), now, now, None)
    repo.insert_template(db, row)
    return _template(row)


def templates(db: Handle, user_id: str) -> list[OwnTemplate]:
    """All of a person's own templates, live ones first, each group oldest first."""
    rows = [_template(r) for r in repo.templates(db, user_id)]
    return [t for t in rows if not t.put_away] + [t for t in rows if t.put_away]


def live_templates(db: Handle, user_id: str) -> list[OwnTemplate]:
    return [t for t in templates(db, user_id) if not t.put_away]


def get_template(db: Handle, user_id: str, template_id: str) -> OwnTemplate | None:
    """One of this person's own templates, by its id or 'own:<id>'; None if it isn't theirs (or doesn't exist)."""
    row = repo.template(db, user_id, _bare(template_id))
    return _template(row) if row else None


TEMPLATE_NOT_YOURS = "That template isn't in your list any more. Please choose one from the list."


def edit_template(db: Handle, user_id: str, template_id: str, name: str, boxes: list[Box]) -> None:
    """Change a template; entries written with it keep the questions they were written with."""
    title, kept = clean_template(name, boxes)
    if not repo.update_template(db, user_id, _bare(template_id), title, _boxes_json(kept), utcnow()):
        raise OwnError(TEMPLATE_NOT_YOURS)


def put_away_template(db: Handle, user_id: str, template_id: str) -> None:
    if not repo.set_template_retired(db, user_id, _bare(template_id), utcnow()):
        raise OwnError(TEMPLATE_NOT_YOURS)


def bring_back_template(db: Handle, user_id: str, template_id: str) -> None:
    if not repo.set_template_retired(db, user_id, _bare(template_id), None):
        raise OwnError(TEMPLATE_NOT_YOURS)


def as_template(own: OwnTemplate | None, template_id: str, kept: list[str] | None = None) -> Template:
    """An own template as the entry form draws it: its boxes (answers keyed by label), and first the questions an
    entry being edited or a draft already has (`kept`), so it reads as it was written even after the template
    changed or was put away. `own` None (not at hand): only the kept questions."""
    boxes = list(own.boxes) if own else []
    longs = {b.label: b.long for b in boxes}
    labels = list(dict.fromkeys([*(kept or []), *(b.label for b in boxes)]))
    fields = tuple(Field(key=label, label=label, help="", long=longs.get(label, True)) for label in labels)
    name = own.name if own else OWN_TEMPLATE
    return Template(template_id, name, "", 5, None, False, fields)


def display_name(db: Handle, user_id: str, template_id: str) -> str:
    """How an own template's entry is named, as text: "Your own: <name>", or "Your own template"."""
    own = get_template(db, user_id, template_id)
    return f"Your own: {own.name}" if own else OWN_TEMPLATE
