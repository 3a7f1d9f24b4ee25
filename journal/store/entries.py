"""SQL for entries, their tags, drafts and the prompts a person has been shown.

Every statement names the owner (`user_id = ?`): no function here can touch another person's rows.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

from journal.store.db import Handle, Row, insert_columns, retrying_write, rows_of


@dataclass(frozen=True)
class Entry:
    """One entry, the one record of it for the store and the domain alike (answers by their template's keys)."""

    id: str
    user_id: str
    template: str
    theme: str | None
    prompt_id: str | None
    prompt_text: str | None
    answers: dict[str, str]
    body: str
    mood: int | None
    energy: int | None
    is_win: bool
    polarity: float | None
    subjectivity: float | None
    entry_date: date
    created_at: datetime
    updated_at: datetime
    deleted_at: datetime | None
    revision: int
    source: str
    time_zone: str | None = None  # where an imported entry was written; None: written in Harbour
    tags: tuple[str, ...] = ()


_FIELDS = (
    "id", "user_id", "template", "theme", "prompt_id", "prompt_text", "answers", "body", "mood", "energy", "is_win",
    "polarity", "subjectivity", "entry_date", "created_at", "updated_at", "deleted_at", "revision", "source",
    "time_zone",
)  # fmt: skip
# What an edit may change: never the owner, the id, when it was first written, or where it came from.
_CONTENT = (
    "template", "theme", "prompt_id", "prompt_text", "answers", "body", "mood", "energy", "is_win", "polarity",
    "subjectivity", "entry_date", "updated_at",
)  # fmt: skip
_COLUMNS = ", ".join(_FIELDS)
# NULL for an entry without tags (array_agg of no rows): the rows below make it an empty tuple.
_TAGS = "(SELECT array_agg(t.tag ORDER BY t.tag) FROM entry_tags t WHERE t.entry_id = e.id)"


_ANSWERS = _FIELDS.index("answers")


def _row(values: Row) -> Entry:
    *fields, tags = values
    fields[_ANSWERS] = json.loads(fields[_ANSWERS])  # stored as JSON text
    # Positional, as one whole tuple: a ten-year export builds thousands (keywords cost twice as much), and mypy
    # cannot count `fields`, so it would take `tags` as given twice.
    return Entry(*(*fields, tuple(tags or ())))


def _column(row: Entry, name: str) -> object:
    """A field as its column holds it: answers as JSON text (kept as written, non-ASCII and all)."""
    value = getattr(row, name)
    return json.dumps(value, ensure_ascii=False) if name == "answers" else value


def insert(db: Handle, row: Entry) -> None:
    """Insert an entry with its tags (in the caller's transaction, if any, so the draft's removal goes with it)."""
    with db.write() as tx:
        tx.execute(
            f"INSERT INTO entries ({_COLUMNS}) VALUES ({', '.join('?' * len(_FIELDS))})",
            [_column(row, name) for name in _FIELDS],
        )
        _insert_tags(tx, row.user_id, row.id, row.tags)


def insert_many(db: Handle, rows: list[Entry]) -> None:
    """Insert many entries (in the caller's transaction, if any) as one columnar batch: an import of years."""
    if not rows:
        return
    with db.write() as tx:
        insert_columns(tx, "entries", {name: [_column(r, name) for r in rows] for name in _FIELDS}, _BATCH_TYPES)
        insert_columns(
            tx,
            "entry_tags",
            {
                "user_id": [r.user_id for r in rows for _ in r.tags],
                "entry_id": [r.id for r in rows for _ in r.tags],
                "tag": [t for r in rows for t in r.tags],
            },
        )


# A column that may be empty in every row of a batch: what each one is (DuckDB's batches need it).
_BATCH_TYPES = {
    "theme": "VARCHAR", "prompt_id": "VARCHAR", "prompt_text": "VARCHAR", "mood": "SMALLINT", "energy": "SMALLINT",
    "is_win": "BOOLEAN", "polarity": "DOUBLE PRECISION", "subjectivity": "DOUBLE PRECISION", "entry_date": "DATE",
    "created_at": "TIMESTAMP", "updated_at": "TIMESTAMP", "deleted_at": "TIMESTAMP", "revision": "INTEGER",
    "time_zone": "VARCHAR",
}  # fmt: skip


def replace_tags(db: Handle, user_id: str, entry_id: str, tags: tuple[str, ...]) -> None:
    with db.write() as tx:
        tx.execute("DELETE FROM entry_tags WHERE user_id = ? AND entry_id = ?", [user_id, entry_id])
        _insert_tags(tx, user_id, entry_id, tags)


def _insert_tags(db: Handle, user_id: str, entry_id: str, tags: tuple[str, ...]) -> None:
    if tags:
        db.execute(
            f"INSERT INTO entry_tags VALUES {rows_of(len(tags), 3)}", [v for t in tags for v in (user_id, entry_id, t)]
        )


def update_content(db: Handle, row: Entry, expected_revision: int) -> bool:
    """Overwrite an entry's content and tags only if nobody saved it since `expected_revision`."""
    assignments = ", ".join(f"{name} = ?" for name in _CONTENT)
    with db.write() as tx:
        changed = tx.all(
            f"UPDATE entries SET {assignments}, revision = revision + 1 "
            "WHERE id = ? AND user_id = ? AND revision = ? AND deleted_at IS NULL RETURNING id",
            [*(_column(row, name) for name in _CONTENT), row.id, row.user_id, expected_revision],
        )
        if changed:
            replace_tags(tx, row.user_id, row.id, row.tags)
    return bool(changed)


def get(db: Handle, user_id: str, entry_id: str) -> Entry | None:
    # Filtering on id alone lets DuckDB use the primary-key index (id AND user_id scans the table);
    # the owner is then checked here, so another person's entry is never returned.
    found = db.one(f"SELECT {_COLUMNS}, {_TAGS} FROM entries e WHERE id = ?", [entry_id])
    row = _row(found) if found else None
    return row if row is not None and row.user_id == user_id else None


def all_for_user(db: Handle, user_id: str) -> list[Entry]:
    """Every entry of one person, trashed ones included, oldest first, in one query (for export)."""
    rows = db.all(
        f"SELECT {', '.join('e.' + name for name in _FIELDS)}, t.tags FROM entries e "
        "LEFT JOIN (SELECT entry_id, array_agg(tag ORDER BY tag) AS tags FROM entry_tags WHERE user_id = ? "
        "GROUP BY entry_id) t ON t.entry_id = e.id WHERE e.user_id = ? ORDER BY e.entry_date, e.created_at, e.id",
        [user_id, user_id],
    )
    return [_row(r) for r in rows]


def existing_ids(db: Handle, ids: list[str]) -> set[str]:
    """Which of these entry ids are taken already, by anyone (ids made on import include the owner)."""
    if not ids:
        return set()
    found = db.all("SELECT id FROM entries WHERE id IN (SELECT unnest(?::VARCHAR[]))", [ids])
    return {r[0] for r in found}


def exists_any_owner(db: Handle, entry_id: str) -> str | None:
    """The owner of an entry id, whoever it is: only for resolving an unclear save."""
    found = db.one("SELECT user_id FROM entries WHERE id = ?", [entry_id])
    return found[0] if found else None


@dataclass(frozen=True)
class SearchFilter:
    text: str = ""
    theme: str | None = None
    tag: str | None = None
    template: str | None = None
    date_from: date | None = None
    date_to: date | None = None
    wins_only: bool = False


@dataclass(frozen=True)
class Summary:
    id: str
    entry_date: date
    template: str
    theme: str | None
    mood: int | None
    energy: int | None
    is_win: bool
    snippet: str  # the body's start, or (in a search) the part of it around the first match
    tags: tuple[str, ...]
    deleted_at: datetime | None
    answers: dict[str, str] | None = None  # each answer by its key, for a search's preview; None: not fetched


# A search's preview shows each answer apart, so it fetches them, unless an entry is this long: then the part of
# its body around the match is enough (a page of twenty 200,000-character entries would be megabytes for a list).
_PREVIEW_ANSWERS_CHARS = 20_000
_AROUND = 400  # characters of the body kept before a match, for the snippet around it


def _where(user_id: str, f: SearchFilter, trashed: bool) -> tuple[str, list]:
    clauses = ["e.user_id = ?", "e.deleted_at IS NOT NULL" if trashed else "e.deleted_at IS NULL"]
    params: list = [user_id]
    if f.text.strip():
        # strpos() is literal: a person's % or _ are just characters here.
        clauses.append(
            "(strpos(lower(e.body), lower(?)) > 0 OR strpos(lower(coalesce(e.prompt_text, '')), lower(?)) > 0 "
            "OR EXISTS (SELECT 1 FROM entry_tags t WHERE t.entry_id = e.id AND strpos(lower(t.tag), lower(?)) > 0))"
        )
        params += [f.text.strip()] * 3
    if f.theme:
        clauses.append("e.theme = ?")
        params.append(f.theme)
    if f.template:
        clauses.append("e.template = ?")
        params.append(f.template)
    if f.tag:
        clauses.append("EXISTS (SELECT 1 FROM entry_tags t WHERE t.entry_id = e.id AND lower(t.tag) = lower(?))")
        params.append(f.tag)
    if f.date_from:
        clauses.append("e.entry_date >= ?")
        params.append(f.date_from)
    if f.date_to:
        clauses.append("e.entry_date <= ?")
        params.append(f.date_to)
    if f.wins_only:
        clauses.append("e.is_win")
    return " AND ".join(clauses), params


def search(
    db: Handle, user_id: str, f: SearchFilter, *, trashed: bool = False, limit: int = 20, offset: int = 0
) -> tuple[list[Summary], int]:
    """One page of matching entries, newest first, and how many match in all (from one snapshot)."""
    where, params = _where(user_id, f, trashed)
    order = "e.deleted_at DESC" if trashed else "e.entry_date DESC, e.created_at DESC"
    text = f.text.strip()
    # strpos() counts from 1 and gives 0 for no match (a match in a tag or the prompt): then the body's start.
    body = (
        f"substr(e.body, greatest(strpos(lower(e.body), lower(?)) - {_AROUND}, 1), {2 * _AROUND + len(text)})"
        if text
        else "left(e.body, 400)"
    )
    with db.read() as snapshot:
        total = _count(snapshot, f"SELECT count(*) FROM entries e WHERE {where}", params)
        rows = snapshot.all(
            f"SELECT e.id, e.entry_date, e.template, e.theme, e.mood, e.energy, e.is_win, {body}, {_TAGS}, "
            f"e.deleted_at, CASE WHEN length(e.answers) <= {_PREVIEW_ANSWERS_CHARS} THEN e.answers END "
            f"FROM entries e WHERE {where} ORDER BY {order} LIMIT ? OFFSET ?",
            [*([text] if text else []), *params, limit, offset],
        )
    return [
        Summary(*(*r[:8], tuple(r[8] or ()), r[9], json.loads(r[10]) if r[10] is not None else None)) for r in rows
    ], total


def _count(db: Handle, sql: str, params: list) -> int:
    found = db.one(sql, params)
    assert found is not None  # count(*) always gives a row
    return int(found[0])


def summaries_in(db: Handle, user_id: str, periods: Sequence[tuple[date, date]]) -> list[Summary]:
    """Every entry (not in the trash) dated within any of the periods (first and last day included), newest first:
    one query for several periods, where a search each would be two."""
    if not periods:
        return []
    within = " OR ".join("e.entry_date BETWEEN ? AND ?" for _ in periods)
    rows = db.all(
        f"SELECT e.id, e.entry_date, e.template, e.theme, e.mood, e.energy, e.is_win, left(e.body, 400), "
        f"{_TAGS}, e.deleted_at FROM entries e WHERE e.user_id = ? AND e.deleted_at IS NULL AND ({within}) "
        "ORDER BY e.entry_date DESC, e.created_at DESC",
        [user_id, *(day for period in periods for day in period)],
    )
    return [Summary(*(*r[:8], tuple(r[8] or ()), r[9])) for r in rows]


def tags_in_use(db: Handle, user_id: str) -> list[str]:
    rows = db.all(
        "SELECT t.tag FROM entry_tags t JOIN entries e ON e.id = t.entry_id "
        "WHERE t.user_id = ? AND e.deleted_at IS NULL GROUP BY t.tag ORDER BY lower(t.tag), t.tag",
        [user_id],
    )
    return [r[0] for r in rows]


def set_deleted(db: Handle, user_id: str, entry_id: str, when: datetime | None) -> bool:
    """Move to the trash (a time) or back out of it (None)."""
    currently_trashed = when is None
    with db.write() as tx:
        changed = tx.all(
            "UPDATE entries SET deleted_at = ?, revision = revision + 1 WHERE id = ? AND user_id = ? "
            f"AND deleted_at IS {'NOT ' if currently_trashed else ''}NULL RETURNING id",
            [when, entry_id, user_id],
        )
    return bool(changed)


def purge(db: Handle, user_id: str, *, entry_id: str | None = None, trashed_before: datetime | None = None) -> int:
    """Remove trashed entries for good: one, those trashed before a time, or all of them."""
    clauses = ["user_id = ?", "deleted_at IS NOT NULL"]
    params: list[object] = [user_id]
    if entry_id is not None:
        clauses.append("id = ?")
        params.append(entry_id)
    if trashed_before is not None:
        clauses.append("deleted_at < ?")
        params.append(trashed_before)
    where = " AND ".join(clauses)
    with db.write() as tx:
        ids = [r[0] for r in tx.all(f"SELECT id FROM entries WHERE {where}", params)]
        if ids:
            tx.execute(
                "DELETE FROM entry_tags WHERE user_id = ? AND entry_id IN (SELECT unnest(?::VARCHAR[]))", [user_id, ids]
            )
            tx.execute("DELETE FROM entries WHERE user_id = ? AND id IN (SELECT unnest(?::VARCHAR[]))", [user_id, ids])
    return len(ids)


def count_entries(db: Handle, user_id: str) -> int:
    return _count(db, "SELECT count(*) FROM entries WHERE user_id = ? AND deleted_at IS NULL", [user_id])


def delete_all_for_user(db: Handle, user_id: str) -> None:
    """Every row of one person's journal (not the account itself), together."""
    with db.write() as tx:
        for table in ("entry_tags", "entries", "drafts", "prompts_shown", "burnout_checkins", "user_settings"):
            tx.execute(f"DELETE FROM {table} WHERE user_id = ?", [user_id])


# -- drafts -------------------------------------------------------------------
@dataclass(frozen=True)
class DraftRow:
    entry_id: str
    template: str
    payload: str
    updated_at: datetime
    is_edit: bool  # True when the draft holds changes to an entry already saved


def save_draft(db: Handle, user_id: str, entry_id: str, template: str, payload: str, when: datetime) -> None:
    """Keep a draft, unless a newer one (by `when`) is kept already: of two saves of one draft at the same moment
    (two tabs, two servers) the newest stays whichever commits last. A collision is tried again, not raised."""
    retrying_write(
        db,
        lambda tx: tx.execute(
            "INSERT INTO drafts VALUES (?, ?, ?, ?, ?) ON CONFLICT (user_id, entry_id) "
            "DO UPDATE SET template = excluded.template, payload = excluded.payload, updated_at = excluded.updated_at"
            " WHERE drafts.updated_at <= excluded.updated_at",
            [user_id, entry_id, template, payload, when],
        ),
    )


def delete_draft(db: Handle, user_id: str, entry_id: str) -> None:
    with db.write() as tx:
        tx.execute("DELETE FROM drafts WHERE user_id = ? AND entry_id = ?", [user_id, entry_id])


def drafts(db: Handle, user_id: str) -> list[DraftRow]:
    rows = db.all(
        "SELECT d.entry_id, d.template, d.payload, d.updated_at, "
        "EXISTS (SELECT 1 FROM entries e WHERE e.id = d.entry_id AND e.user_id = d.user_id) "
        "FROM drafts d WHERE d.user_id = ? ORDER BY d.updated_at DESC",
        [user_id],
    )
    return [DraftRow(*r) for r in rows]


# -- prompts shown ------------------------------------------------------------
def record_prompt_shown(db: Handle, user_id: str, prompt_id: str, when: datetime) -> None:
    with db.write() as tx:
        tx.execute("INSERT INTO prompts_shown VALUES (?, ?, ?)", [user_id, prompt_id, when])


def recent_prompts(db: Handle, user_id: str, limit: int = 60) -> list[str]:
    rows = db.all(
        "SELECT prompt_id FROM prompts_shown WHERE user_id = ? ORDER BY shown_at DESC LIMIT ?", [user_id, limit]
    )
    return [r[0] for r in rows]
