"""Bringing history in: read another app's export (or Harbour's own), preview it, then write it in one go.

Three steps, so nothing is written before the person has seen what will be: `read` checks the file and
refuses anything malformed or malicious; `preview` says what would be added, skipped, and already here;
`commit` writes every entry in one transaction, or none. Ids are derived from the account and each entry's
key in its file, so importing the same file twice adds nothing the second time.
"""

from __future__ import annotations

import uuid
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime

from journal.content.library import Library
from journal.portability import formats
from journal.portability import harbour_json as exchange
from journal.portability.formats import HARBOUR
from journal.portability.harbour_json import ExchangeError, ImportResult
from journal.portability.readers.base import Imported, ImportError_, Parsed
from journal.portability.readers.daylio import default_level
from journal.store import Handle
from journal.store import entries as entries_repo
from journal.text import sentiment, zones
from journal.text.cleaning import MAX_ENTRY_CHARS
from journal.text.snippets import cut as snippet
from journal.text.words import plural

__all__ = [
    "HARBOUR",
    "MoodsNeeded",
    "Pending",
    "Preview",
    "Refused",
    "commit",
    "preview",
    "read",
    "written_line",
]

Refused = (ImportError_, ExchangeError)  # a file that can't be imported; the message says why
# Fixed for ever: an imported entry's id is uuid5(this, "<account id>/<source>/<key in the file>").
_NAMESPACE = uuid.UUID("0b6d2f4e-8f0c-4c43-9a43-3f1f6f0f9a27")
_TEMPLATE = "free"  # other apps' entries are free writing: Harbour's templates don't map onto them
_BATCH = 500  # entries between progress updates
SAMPLE_SIZE = 3


def written_line(created_at: datetime, time_zone: str | None, source: str) -> str:
    """When an entry was written, in words: in UTC for Harbour's own, on the writer's clock for an import."""
    when, label = zones.written_at(created_at, time_zone, source)
    if source == HARBOUR and time_zone is None:
        return f"Written {created_at:%d %b %Y, %H:%M} UTC"
    found = formats.IMPORTS.get(source)
    where = f"Imported from {found.app if found else source} · written"
    if when is None:
        return f"{where} {created_at:%d %b %Y} (in a time zone Harbour doesn't know: {time_zone})"
    return f"{where} {when:%d %b %Y, %H:%M}" + (f" ({label})" if label else "")


@dataclass(frozen=True)
class Pending:
    """A file read and checked, not yet written: either another app's entries or a Harbour export."""

    format: str
    parsed: Parsed | None = None
    harbour_text: str | None = None

    @property
    def mood_labels(self) -> list[tuple[str, int, int | None]]:
        """Each mood label in the file, how many entries use it, and the level Harbour suggests for it."""
        if self.parsed is None:
            return []
        return [(label, n, default_level(label)) for label, n in sorted(self.parsed.mood_labels.items())]


@dataclass(frozen=True)
class SampleRow:
    date: date
    mood: int | None
    tags: str
    words: str
    win: bool


@dataclass(frozen=True)
class Preview:
    label: str
    new: int  # entries that would be added
    already_here: int  # entries this account has from an earlier import of the same file
    first: date | None
    last: date | None
    sample: tuple[SampleRow, ...]
    skipped: tuple[tuple[str, str], ...]  # (where in the file, why)
    notes: tuple[str, ...]  # anything else worth knowing before importing
    also: str = ""  # a Harbour export's drafts, check-ins and the like

    @property
    def range_text(self) -> str:
        if self.first is None or self.last is None:
            return ""
        return f"{self.first:%d %b %Y} to {self.last:%d %b %Y}"


class MoodsNeeded(ValueError):
    """Some mood labels still need a level; nothing was written."""


def read(format_name: str, data: bytes, filename: str = "") -> Pending:
    """Check a file of the named format; raises one of `Refused` with the reason if it can't be imported."""
    found = formats.read(format_name, data, filename)
    if isinstance(found, Parsed):
        return Pending(format_name, parsed=found)
    return Pending(format_name, harbour_text=found)  # Harbour's own: planned against the account in `preview`


def _entry_id(user_id: str, source: str, key: str) -> str:
    return str(uuid.uuid5(_NAMESPACE, f"{user_id}/{source}/{key}"))


def _check_moods(pending: Pending, moods: dict[str, int | None]) -> None:
    missing = [label for label, _, _ in pending.mood_labels if label not in moods]
    wrong = [label for label, level in moods.items() if level is not None and level not in range(1, 6)]
    if missing or wrong:
        names = ", ".join(f'"{label}"' for label in missing + wrong)
        raise MoodsNeeded(
            f"Please choose a level from 1 to 5 (or 'leave the mood out') for each mood in the file: {names}. "
            "Nothing was imported."
        )


def _body(item: Imported) -> str:
    parts = [p for p in (item.title or "", item.text) if p.strip()]
    return "\n\n".join(parts)


def _mood(item: Imported, moods: dict[str, int | None]) -> int | None:
    if item.mood is not None:
        return item.mood
    return moods.get(item.mood_label) if item.mood_label is not None else None


def _rows(
    user_id: str, pending: Pending, moods: dict[str, int | None]
) -> tuple[list[entries_repo.Entry], list[tuple[str, str]]]:
    """Entry rows ready to write (tone not yet worked out), and what is skipped once moods are mapped."""
    assert pending.parsed is not None
    rows, skipped = [], []
    for item in pending.parsed.entries:
        body, mood = _body(item), _mood(item, moods)
        if not body.strip() and mood is None:
            skipped.append((f"the entry of {item.entry_date:%d %b %Y}", "it has no words, and its mood is left out"))
            continue
        if len(body) > MAX_ENTRY_CHARS:
            skipped.append((f"the entry of {item.entry_date:%d %b %Y}", "it is longer than Harbour keeps in one entry"))
            continue
        rows.append(
            entries_repo.Entry(
                id=_entry_id(user_id, pending.format, item.key),
                user_id=user_id,
                template=_TEMPLATE,
                theme=None,
                prompt_id=None,
                prompt_text=None,
                answers={"text": body},
                body=body,
                mood=mood,
                energy=None,
                is_win=item.is_win,
                polarity=None,
                subjectivity=None,
                entry_date=item.entry_date,
                created_at=item.created_at,
                updated_at=item.created_at,
                deleted_at=None,
                revision=1,
                source=pending.format,
                time_zone=item.time_zone,
                tags=item.tags,
            )
        )
    return rows, skipped


def _notes(parsed: Parsed) -> list[str]:
    notes: Counter[str] = Counter()
    for item in parsed.entries:
        notes.update(item.notes)
    lines = [f"{note} ({n} entries)" if n > 1 else note for note, n in sorted(notes.items())]
    if any(item.is_win for item in parsed.entries):
        lines.append("Starred entries become wins.")
    return lines


def preview(db: Handle, user_id: str, pending: Pending, moods: dict[str, int | None], lib: Library) -> Preview:
    """What `commit` would do with these choices, without writing anything."""
    label = formats.IMPORTS[pending.format].label
    if pending.format == HARBOUR:
        assert pending.harbour_text is not None
        found = exchange.preview_json(db, user_id, pending.harbour_text, lib)
        sample = tuple(
            SampleRow(r.entry_date, r.mood, ", ".join(r.tags), snippet(r.body, 160), r.is_win) for r in found.sample
        )
        return Preview(
            label, found.new, found.already_here, found.first, found.last, sample, (), found.notices, found.also
        )
    assert pending.parsed is not None
    _check_moods(pending, moods)
    rows, skipped = _rows(user_id, pending, moods)
    here = entries_repo.existing_ids(db, [r.id for r in rows])
    new = [r for r in rows if r.id not in here]
    dates = [r.entry_date for r in rows]
    sample = tuple(
        SampleRow(r.entry_date, r.mood, ", ".join(r.tags), snippet(r.body, 160), r.is_win)
        for r in sorted(new, key=lambda r: r.created_at, reverse=True)[:SAMPLE_SIZE]
    )
    return Preview(
        label=label,
        new=len(new),
        already_here=len(rows) - len(new),
        first=min(dates, default=None),
        last=max(dates, default=None),
        sample=sample,
        skipped=tuple(pending.parsed.skipped + skipped),
        notes=tuple(_notes(pending.parsed)),
    )


def commit(
    db: Handle,
    user_id: str,
    pending: Pending,
    moods: dict[str, int | None],
    lib: Library,
    progress: Callable[[int, int], None] | None = None,
) -> ImportResult:
    """Write the import in one transaction: every new entry, or (on any error) none of them."""
    if pending.format == HARBOUR:
        assert pending.harbour_text is not None
        return exchange.import_json(db, user_id, pending.harbour_text, lib)
    assert pending.parsed is not None
    _check_moods(pending, moods)
    rows, skipped = _rows(user_id, pending, moods)
    total = len(rows)
    with db.write() as tx:
        here = entries_repo.existing_ids(tx, [r.id for r in rows])
        new = [r for r in rows if r.id not in here]
        for start in range(0, len(new), _BATCH):
            batch = new[start : start + _BATCH]
            toned = []
            for row in batch:
                tone = sentiment.analyse(row.body)
                toned.append(
                    row
                    if tone is None
                    else entries_repo.Entry(
                        **{**row.__dict__, "polarity": tone.polarity, "subjectivity": tone.subjectivity}
                    )
                )
            entries_repo.insert_many(tx, toned)
            if progress is not None:
                progress(len(here) + start + len(batch), total)
    notices = []
    all_skipped = pending.parsed.skipped + skipped
    if all_skipped:
        notices.append(f"{plural(len(all_skipped), 'entry was', 'entries were')} skipped.")
    return ImportResult(entries=len(new), already_here=len(here), notices=tuple(notices))
