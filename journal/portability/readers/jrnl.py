"""jrnl's JSON export (`jrnl --format json`):

    {"tags": {"@work": 3}, "entries": [{"title", "body", "date": "2024-03-01", "time": "21:14",
                                        "tags": ["@work"], "starred": false}]}

jrnl keeps no time zone: the date and time are local, as written.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time

from journal.portability.readers import safe
from journal.portability.readers.base import Imported, Parsed

SOURCE = "jrnl"
WHAT = "a jrnl JSON export"

_ISO_DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_TIME = re.compile(r"([0-9]{1,2}):([0-9]{2})(?::([0-9]{2}))?")
_UUID = re.compile(r"[A-Za-z0-9-]{1,64}")


def parse(data: bytes, filename: str = "") -> Parsed:
    """Read a jrnl JSON export. Raises ImportError_ for a file that isn't one; skips entries it can't read."""
    safe.check_size(data)
    document = safe.load_json(safe.decode_text(data, WHAT), WHAT)
    document = _check_shape(document)
    latest = safe.latest_day()
    out = safe.Collector(SOURCE)
    seen_ids: set[str] = set()
    seen_rows: dict[str, int] = {}
    out.take(document["entries"], lambda raw: _entry(raw, latest, seen_ids, seen_rows))
    return out.finish()


def _check_shape(document: object) -> dict:
    """The document, once it is known to be a jrnl export; refused with a hint when it isn't."""
    entries = document.get("entries") if isinstance(document, dict) else None
    if isinstance(document, dict) and isinstance(entries, list):
        objects = [e for e in entries if isinstance(e, dict)]
        if not objects or any("date" in e for e in objects):
            return document
    hint = ""
    if isinstance(entries, list) and any(isinstance(e, dict) and "creationDate" in e for e in entries):
        hint = " It looks like a Day One export: choose Day One as the kind of file instead."
    raise safe.refuse(
        f"This file doesn't look like {WHAT}: it should hold a list called “entries”, each with a date.{hint}"
    )


def _text(raw: dict, field: str) -> str:
    value = raw.get(field)
    if value is None:
        return ""
    if not isinstance(value, str):
        raise safe.Skip(f"its {field} isn't text")
    return value


def _entry(raw: object, latest: date, seen_ids: set[str], seen_rows: dict[str, int]) -> Imported:
    if not isinstance(raw, dict):
        raise safe.Skip("it isn't an entry (an entry is an object with a date)")
    day = _day(raw.get("date"))
    moment = _time(raw.get("time"))
    title, body = _text(raw, "title"), _text(raw, "body")
    tags = raw.get("tags")
    return safe.make_entry(
        key=_key(raw, seen_ids, seen_rows),
        entry_date=day,
        created_at=datetime.combine(day, moment),  # jrnl records no time zone: the local time, as written
        latest=latest,
        time_zone=None,
        title=title,
        text=body,
        tags=[t.lstrip("@#") for t in tags if isinstance(t, str)] if isinstance(tags, list) else [],
        is_win=raw.get("starred") is True,
        empty="it has no words",
    )


def _day(value: object) -> date:
    if not isinstance(value, str) or not value.strip():
        raise safe.Skip("it has no date")
    if not _ISO_DAY.fullmatch(value.strip()):
        raise safe.Skip(f"its date, {safe.shown(value, 40)}, isn't a date like 2024-03-01")
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        raise safe.Skip(f"its date, {value.strip()}, isn't a real date") from None


def _time(value: object) -> time:
    found = _TIME.fullmatch(value.strip()) if isinstance(value, str) else None
    if found and int(found[1]) < 24 and int(found[2]) < 60 and int(found[3] or 0) < 60:
        return time(int(found[1]), int(found[2]), int(found[3] or 0))
    shown = safe.shown(value, 40) if isinstance(value, str) and value.strip() else "(none)"
    raise safe.Skip(f"its time, {shown}, isn't a time like 21:14")


def _key(raw: dict, seen_ids: set[str], seen_rows: dict[str, int]) -> str:
    uuid = raw.get("uuid")  # present when jrnl exported a Day One-backed journal
    if isinstance(uuid, str) and _UUID.fullmatch(uuid):
        if uuid in seen_ids:
            raise safe.Skip(f"it has the same uuid ({uuid}) as an earlier entry in this file")
        seen_ids.add(uuid)
        return uuid
    fields = [raw.get(name) for name in ("date", "time", "title", "body")]
    return safe.row_key([value if isinstance(value, str) else "" for value in fields], seen_rows)
