"""Day One's JSON export: a `.json` journal, or the `.zip` Day One makes, holding one or more of them.

    {"metadata": {...}, "entries": [{"uuid", "creationDate": "2024-03-01T21:14:00Z", "timeZone": "Europe/London",
                                     "text", "tags", "starred", "photos": [...], ...}]}

`text` is Markdown with punctuation backslash-escaped; photos and other media appear in it as
`![](dayone-moment://…)` links. Media are never fetched or unpacked: they are counted and noted.
"""

from __future__ import annotations

import json
import posixpath
import re
import typing
from datetime import UTC, date, datetime, tzinfo

from journal.portability.readers import safe
from journal.portability.readers.base import Imported, Parsed
from journal.text import zones
from journal.text.words import plural

SOURCE = "dayone"
WHAT = "a Day One JSON export"

_MOMENT = re.compile(r"!?\[[^\]\n]*\]\((dayone-moment:[^)\s]*)\)")
_MOMENT_KIND = re.compile(r"dayone-moment:/(video|audio|pdfAttachment)/")
_ESCAPED = re.compile(r"\\([!-/:-@\[-`{-~])")  # Markdown lets any ASCII punctuation be escaped
_HEADING = re.compile(r"#{1,6}[ \t]+(.*?)(?:[ \t]+#+)?[ \t]*")
_BLANK_LINES = re.compile(r"\n[ \t]*(?:\n[ \t]*){2,}")
_UUID = re.compile(r"[A-Za-z0-9-]{1,64}")
_MAX_TITLE = 200  # a longer first line is a paragraph, not a title
_MEDIA = {  # the entry's array, and how a note names what it held
    "photo": ("photos", "photo", "photos"),
    "video": ("videos", "video", "videos"),
    "audio": ("audios", "audio recording", "audio recordings"),
    "pdfAttachment": ("pdfAttachments", "PDF", "PDFs"),
}


def parse(data: bytes, filename: str = "") -> Parsed:
    """Read a Day One JSON export (.json or .zip). Raises ImportError_ for a file that isn't one."""
    safe.check_size(data)
    if safe.is_zip(data) or filename.casefold().endswith(".zip"):
        journals = _from_zip(data)
    else:
        document = safe.load_json(safe.decode_text(data, WHAT), WHAT)
        journals = [("", _check_shape(document, "This file"))]
    latest = safe.latest_day()
    out = safe.Collector(SOURCE)
    seen_ids: set[str] = set()
    seen_rows: dict[str, int] = {}
    for name, document in journals:
        prefix = f"{safe.shown(name)}, " if len(journals) > 1 else ""
        out.take(document["entries"], lambda raw: _entry(raw, latest, seen_ids, seen_rows), prefix)
    return out.finish()


def _is_journal(name: str) -> bool:
    base = posixpath.basename(name)
    return base.casefold().endswith(".json") and not base.startswith("._") and "__MACOSX/" not in name


def _from_zip(data: bytes) -> list[tuple[str, dict]]:
    journals: list[tuple[str, dict]] = []
    for name, raw in safe.read_zip(data, _is_journal):
        subject = f"The file {safe.shown(name)} inside this zip"
        document = safe.load_json(safe.decode_text(raw, WHAT, subject), WHAT, subject)
        if _looks_like_dayone(document):
            journals.append((name, document))
    if not journals:
        raise safe.refuse(
            f"This zip file doesn't hold {WHAT}: Day One's zip has a .json file inside with a list of entries."
        )
    return journals


def _looks_like_dayone(document: object) -> typing.TypeGuard[dict]:
    if not isinstance(document, dict) or not isinstance(document.get("entries"), list):
        return False
    entries = [e for e in document["entries"] if isinstance(e, dict)]
    return not entries or any("creationDate" in e for e in entries)


def _check_shape(document: object, subject: str) -> dict:
    """The document, once it is known to be a Day One export; refused with a hint when it isn't."""
    if _looks_like_dayone(document):
        return document
    hint = ""
    if isinstance(document, dict) and isinstance(document.get("entries"), list):
        if any(isinstance(e, dict) and "body" in e and "date" in e for e in document["entries"]):
            hint = " It looks like a jrnl export: choose jrnl as the kind of file instead."
    raise safe.refuse(
        f"{subject} doesn't look like {WHAT}: it should hold a list called “entries”, each with a creationDate.{hint}"
    )


def _entry(raw: object, latest: date, seen_ids: set[str], seen_rows: dict[str, int]) -> Imported:
    if not isinstance(raw, dict):
        raise safe.Skip("it isn't an entry (an entry is an object with a creationDate)")
    notes: list[str] = []
    moment = _moment(raw.get("creationDate"))
    zone, time_zone = _zone(raw.get("timeZone"), notes)
    try:
        local_day = moment.replace(tzinfo=UTC).astimezone(zone).date()
    except (OverflowError, ValueError):
        raise safe.Skip(f"its date, {moment.isoformat()}, is outside the dates Harbour can hold") from None
    body = raw.get("text", "")
    if body is None:
        body = ""
    if not isinstance(body, str):
        raise safe.Skip("its text isn't text")
    title, text, links = split_text(body)
    media = []
    for kind, (field, one, many) in _MEDIA.items():
        listed = raw.get(field)
        if count := max(len(listed) if isinstance(listed, list) else 0, links.get(kind, 0)):
            media.append(plural(count, one, many, thousands=True))
    notes += [f"{held} (not imported)" for held in media]
    tags = raw.get("tags")
    empty = f"it has no words, only {' and '.join(media)}, which Harbour doesn't import" if media else "it has no words"
    return safe.make_entry(
        key=_key(raw, seen_ids, seen_rows),
        entry_date=local_day,
        created_at=moment,
        latest=latest,
        time_zone=time_zone,
        title=title,
        text=text,
        tags=[t for t in tags if isinstance(t, str)] if isinstance(tags, list) else [],
        is_win=raw.get("starred") is True,
        notes=notes,
        empty=empty,
    )


def _moment(value: object) -> datetime:
    """creationDate as a naive UTC datetime (Day One writes UTC with a Z; a bare time is taken as UTC too)."""
    if not isinstance(value, str) or not value.strip():
        raise safe.Skip("it has no creationDate")
    try:
        if len(value) > 64:
            raise ValueError(value)
        moment = datetime.fromisoformat(value.strip())
        return moment.astimezone(UTC).replace(tzinfo=None) if moment.tzinfo else moment
    except (ValueError, OverflowError):
        raise safe.Skip(f"its date, {safe.shown(value, 40)}, isn't a real date and time") from None


def _zone(value: object, notes: list[str]) -> tuple[tzinfo, str]:
    """The entry's zone, read as Harbour reads every stored zone (journal.text.zones), kept as the file wrote it."""
    if not isinstance(value, str) or not value.strip():
        notes.append("No time zone given, so its day is taken in UTC")
        return UTC, "UTC"
    parsed = zones.parse(value) if len(value) <= 64 else None
    if parsed is None:
        notes.append(f"Time zone “{safe.shown(value, 40)}” not recognised, so its day is taken in UTC")
        return UTC, "UTC"
    return parsed[0], value.strip()


def _key(raw: dict, seen_ids: set[str], seen_rows: dict[str, int]) -> str:
    uuid = raw.get("uuid")
    if isinstance(uuid, str) and _UUID.fullmatch(uuid):
        if uuid in seen_ids:
            raise safe.Skip(f"it has the same uuid ({uuid}) as an earlier entry in this file")
        seen_ids.add(uuid)
        return uuid
    return safe.row_key([json.dumps(raw, sort_keys=True, ensure_ascii=False)], seen_rows)


def split_text(markdown: str) -> tuple[str | None, str, dict[str, int]]:
    """(title, text, media links by kind) from Day One's Markdown: links removed, escapes undone.

    A first line that is a heading is always the title; any other first line is, when more text follows it
    and it is short enough to be a title (Day One shows the first line as the title).
    """
    links: dict[str, int] = {}

    def drop(found: re.Match[str]) -> str:
        kind = _MOMENT_KIND.match(found[1])
        name = kind[1] if kind else "photo"
        links[name] = links.get(name, 0) + 1
        return ""

    text = _MOMENT.sub(drop, markdown.replace("\r\n", "\n").replace("\r", "\n"))
    text = _BLANK_LINES.sub("\n\n", text).strip()
    first, _, rest = text.partition("\n")
    title = None
    if heading := _HEADING.fullmatch(first.strip()):
        title, text = heading[1], rest
    elif rest.strip() and len(first.strip()) <= _MAX_TITLE:
        title, text = first.strip(), rest
    text = _ESCAPED.sub(r"\1", text).strip()
    return (_ESCAPED.sub(r"\1", title).strip() or None) if title is not None else None, text, links
