"""SQL for a person's own prompts and templates (migration 10). Every statement names the owner (user_id)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from journal.store.db import Handle


@dataclass(frozen=True)
class PromptRow:
    id: str
    user_id: str
    text: str
    suggested_in: str | None  # the coaching a coach suggested it in; None for the person's own words
    created_at: datetime
    retired_at: datetime | None


@dataclass(frozen=True)
class TemplateRow:
    id: str
    user_id: str
    name: str
    boxes: str  # a JSON list of {"label": str, "long": bool}
    created_at: datetime
    updated_at: datetime
    retired_at: datetime | None


_PROMPT = "SELECT id, user_id, text, suggested_in, created_at, retired_at FROM own_prompts"
_TEMPLATE = "SELECT id, user_id, name, boxes, created_at, updated_at, retired_at FROM own_templates"


# -- prompts ---------------------------------------------------------------------------------------------------------
def insert_prompt(db: Handle, row: PromptRow) -> None:
    with db.write() as tx:
        tx.execute(
            "INSERT INTO own_prompts (id, user_id, text, suggested_in, created_at, retired_at) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            [row.id, row.user_id, row.text, row.suggested_in, row.created_at, row.retired_at],
        )


def prompts(db: Handle, user_id: str) -> list[PromptRow]:
    """All of a person's own prompts, live and put away, oldest first."""
    return [PromptRow(*r) for r in db.all(f"{_PROMPT} WHERE user_id = ? ORDER BY created_at, id", [user_id])]


def prompt(db: Handle, user_id: str, prompt_id: str) -> PromptRow | None:
    row = db.one(f"{_PROMPT} WHERE user_id = ? AND id = ?", [user_id, prompt_id])
    return PromptRow(*row) if row else None


def set_prompt_text(db: Handle, user_id: str, prompt_id: str, text: str) -> bool:
    with db.write() as tx:
        done = tx.all(
            "UPDATE own_prompts SET text = ? WHERE user_id = ? AND id = ? RETURNING id", [text, user_id, prompt_id]
        )
    return bool(done)


def set_prompt_retired(db: Handle, user_id: str, prompt_id: str, when: datetime | None) -> bool:
    with db.write() as tx:
        done = tx.all(
            "UPDATE own_prompts SET retired_at = ? WHERE user_id = ? AND id = ? RETURNING id",
            [when, user_id, prompt_id],
        )
    return bool(done)


# -- templates -------------------------------------------------------------------------------------------------------
def insert_template(db: Handle, row: TemplateRow) -> None:
    with db.write() as tx:
        tx.execute(
            "INSERT INTO own_templates (id, user_id, name, boxes, created_at, updated_at, retired_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?)",
            [row.id, row.user_id, row.name, row.boxes, row.created_at, row.updated_at, row.retired_at],
        )


def templates(db: Handle, user_id: str) -> list[TemplateRow]:
    """All of a person's own templates, live and put away, oldest first."""
    return [TemplateRow(*r) for r in db.all(f"{_TEMPLATE} WHERE user_id = ? ORDER BY created_at, id", [user_id])]


def template(db: Handle, user_id: str, template_id: str) -> TemplateRow | None:
    row = db.one(f"{_TEMPLATE} WHERE user_id = ? AND id = ?", [user_id, template_id])
    return TemplateRow(*row) if row else None


def update_template(db: Handle, user_id: str, template_id: str, name: str, boxes: str, when: datetime) -> bool:
    with db.write() as tx:
        done = tx.all(
            "UPDATE own_templates SET name = ?, boxes = ?, updated_at = ? WHERE user_id = ? AND id = ? RETURNING id",
            [name, boxes, when, user_id, template_id],
        )
    return bool(done)


def set_template_retired(db: Handle, user_id: str, template_id: str, when: datetime | None) -> bool:
    with db.write() as tx:
        done = tx.all(
            "UPDATE own_templates SET retired_at = ? WHERE user_id = ? AND id = ? RETURNING id",
            [when, user_id, template_id],
        )
    return bool(done)


def delete_all(db: Handle, user_id: str) -> None:
    """Every own prompt and template of one person (the demo's rebuild starts afresh); entries are not touched."""
    with db.write() as tx:
        tx.execute("DELETE FROM own_prompts WHERE user_id = ?", [user_id])
        tx.execute("DELETE FROM own_templates WHERE user_id = ?", [user_id])
