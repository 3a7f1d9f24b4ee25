"""Defensive reading for importers: size, text, JSON and zip files, each refused with a plain reason.

Nothing here trusts the file: sizes declared inside a zip are checked and then checked again while reading,
nothing is ever written to disk, and every failure is an `ImportError_` that ends "Nothing was imported."
"""

from __future__ import annotations

import array
import hashlib
import io
import itertools
import json
import re
import zipfile
import zlib
from collections.abc import Callable
from datetime import date, datetime, timedelta

from journal import clock
from journal.portability.readers.base import (
    MAX_COMPRESSION_RATIO,
    MAX_ENTRIES,
    MAX_FILE_BYTES,
    MAX_JSON_DEPTH,
    MAX_UNZIPPED_BYTES,
    MAX_ZIP_MEMBERS,
    Imported,
    ImportError_,
    Parsed,
)
from journal.text.cleaning import MAX_ENTRY_CHARS, MAX_TAGS, clean, normalise_tags
from journal.text.words import plural

NOTHING = "Nothing was imported."
_MB = 1024 * 1024
_CHUNK = 64 * 1024
_RATIO_FLOOR = _MB  # smaller members can't do harm, and a little whitespace alone compresses far past 100×
MAX_SKIPS_LISTED = 1_000  # a broken file could otherwise fill memory with reasons; the rest are counted
_DRIVE = re.compile(r"^[A-Za-z]:")
_JSON_STRING = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"')  # strings may hold brackets that nest nothing
_BRACKET_STEPS = bytes.maketrans(b"[{]}", b"\x01\x01\xff\xff")  # +1 in, -1 out, as signed bytes
_NOT_BRACKETS = bytes(sorted(set(range(256)) - set(b"[]{}")))


def refuse(message: str) -> ImportError_:
    """The error for a file that can't be imported at all; every message ends the same way."""
    return ImportError_(f"{message} {NOTHING}")


def check_size(data: bytes) -> None:
    """Refuse a file over the upload limit, or an empty one, before anything reads it."""
    if len(data) > MAX_FILE_BYTES:
        raise refuse(
            f"This file is {len(data) / _MB:,.1f} MB; Harbour imports files of up to {MAX_FILE_BYTES // _MB} MB."
        )
    if not data:
        raise refuse("This file is empty.")


def is_zip(data: bytes) -> bool:
    """True when the file starts like a zip (local file header or an empty zip's end record)."""
    return data[:4] in (b"PK\x03\x04", b"PK\x05\x06")


def decode_text(data: bytes, what: str, subject: str = "This file") -> str:
    """UTF-8 text, with or without a byte-order mark; `what` names the expected file, e.g. "a Daylio CSV export"."""
    if not data:
        raise refuse(f"{subject} is empty.")
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        raise refuse(f"{subject} is saved as UTF-16 text; Harbour reads UTF-8, the way {what} is saved.")
    if is_zip(data):
        raise refuse(f"{subject} is a zip file, not {what}.")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise refuse(
            f"{subject} isn't UTF-8 text (the first unreadable byte is at position {exc.start:,}), so it isn't {what}."
        ) from None


def load_json(text: str, what: str, subject: str = "This file") -> object:
    """Parse JSON no deeper than MAX_JSON_DEPTH; `what` names the expected file for the messages."""
    try:
        value = json.loads(text)
    except RecursionError:
        raise _too_deep(what, subject) from None
    except json.JSONDecodeError as exc:
        if exc.pos >= len(text.rstrip()) or exc.msg.startswith("Unterminated string"):  # both mean it ran out
            raise refuse(f"{subject} stops part-way through, so it can't be read as {what}.") from None
        raise refuse(
            f"{subject} isn't valid JSON (line {exc.lineno:,}, column {exc.colno:,}: {exc.msg}), so it isn't {what}."
        ) from None
    except ValueError:  # e.g. a number with more digits than Python will convert
        raise refuse(f"{subject} holds a value that can't be read, so it isn't {what}.") from None
    if _depth(text) > MAX_JSON_DEPTH:
        raise _too_deep(what, subject)
    return value


def _too_deep(what: str, subject: str) -> ImportError_:
    return refuse(f"{subject} holds data nested more than {MAX_JSON_DEPTH} levels deep, which {what} never is.")


def _depth(text: str) -> int:
    """The deepest nesting of lists and objects in valid JSON text, found at C speed (a walk in Python is slow)."""
    skeleton = _JSON_STRING.sub("", text).encode("utf-8", "surrogatepass").translate(_BRACKET_STEPS, _NOT_BRACKETS)
    return max(itertools.accumulate(array.array("b", skeleton)), default=0)


def shown(name: str, limit: int = 80) -> str:
    """A name from a file, safe to put in a message: no control characters, not too long."""
    text, _ = clean(name)
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _unsafe_name(name: str) -> bool:
    return name.startswith("/") or "\\" in name or bool(_DRIVE.match(name)) or ".." in name.split("/")


def read_zip(data: bytes, wanted: Callable[[str], bool]) -> list[tuple[str, bytes]]:
    """The members whose names `wanted` accepts, as (name, bytes), after checking the whole zip is safe to open.

    Every member is checked (count, name, encryption, declared sizes); only wanted members are unpacked, in
    chunks, counting what really comes out rather than what the zip says will.
    """
    check_size(data)
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, OSError, ValueError, IndexError):
        raise refuse("This file isn't a zip file, or it is damaged (perhaps the download was cut short).") from None
    with archive:
        members = archive.infolist()
        if len(members) > MAX_ZIP_MEMBERS:
            raise refuse(
                f"This zip file holds {len(members):,} files; Harbour opens zip files of up to {MAX_ZIP_MEMBERS:,}."
            )
        _check_declared(members)
        found: list[tuple[str, bytes]] = []
        total = 0
        for info in members:
            if info.is_dir() or not wanted(info.filename):
                continue
            buffer = bytearray()
            try:
                with archive.open(info) as member:
                    while chunk := member.read(_CHUNK):
                        buffer += chunk
                        total += len(chunk)
                        if _bomb_like(len(buffer), info.compress_size):
                            raise _bomb(info.filename)
                        if total > MAX_UNZIPPED_BYTES:
                            raise _too_big()
            except ImportError_:
                raise
            except (zipfile.BadZipFile, zlib.error, EOFError, OSError, ValueError, NotImplementedError, RuntimeError):
                raise refuse(f"A file inside this zip ({shown(info.filename)}) is damaged and can't be read.") from None
            found.append((info.filename, bytes(buffer)))
        return found


def _check_declared(members: list[zipfile.ZipInfo]) -> None:
    """What the zip says about itself: refused at once if that alone is unsafe (then checked again while reading)."""
    declared = 0
    for info in members:
        name = info.filename
        if _unsafe_name(name):
            raise refuse(
                f"This zip file holds a file named “{shown(name)}”, which points outside the folder it would "
                "unpack into. Files like this are used to attack computers, so Harbour won't open it."
            )
        if info.flag_bits & 0x1:
            raise refuse(
                f"This zip file is password-protected ({shown(name)} is encrypted). "
                "Please export again without a password."
            )
        if _bomb_like(info.file_size, info.compress_size):
            raise _bomb(name)
        declared += info.file_size
    if declared > MAX_UNZIPPED_BYTES:
        raise _too_big()


def _bomb_like(unpacked: int, packed: int) -> bool:
    return unpacked > _RATIO_FLOOR and unpacked > MAX_COMPRESSION_RATIO * max(packed, 1)


def _bomb(name: str) -> ImportError_:
    return refuse(
        f"A file inside this zip ({shown(name)}) unpacks to more than {MAX_COMPRESSION_RATIO} times its packed "
        "size, the mark of a “zip bomb”, so Harbour won't open it."
    )


def _too_big() -> ImportError_:
    return refuse(f"This zip file unpacks to more than {MAX_UNZIPPED_BYTES // _MB} MB, more than Harbour will unpack.")


# -- shared by the importers --------------------------------------------------------------------------------


def latest_day() -> date:
    """The last acceptable entry date: as for a save, today anywhere in the world."""
    return clock.today() + timedelta(days=1)


def row_key(fields: list[str] | tuple[str, ...], seen: dict[str, int]) -> str:
    """A stable key for an entry with no id of its own: a hash of its fields plus how many identical ones came first."""
    digest = hashlib.sha256("\x1f".join(fields).encode("utf-8", "surrogatepass")).hexdigest()[:32]
    occurrence = seen.get(digest, 0)
    seen[digest] = occurrence + 1
    return f"{digest}-{occurrence}"


class Collector:
    """Gathers entries and skips for one file, holding at most MAX_ENTRIES entries and MAX_SKIPS_LISTED reasons."""

    def __init__(self, source: str) -> None:
        self.parsed = Parsed(source=source, entries=[])
        self._over_first: str | None = None
        self._over = 0
        self._unlisted = 0

    @property
    def full(self) -> bool:
        return len(self.parsed.entries) >= MAX_ENTRIES

    def add(self, where: str, entry: Imported) -> None:
        if self.full:
            self._over_first = self._over_first or where
            self._over += 1
            return
        self.parsed.entries.append(entry)
        if entry.mood_label is not None:
            labels = self.parsed.mood_labels
            labels[entry.mood_label] = labels.get(entry.mood_label, 0) + 1

    def take(self, raw_entries: list, read: Callable[[object], Imported], prefix: str = "") -> None:
        """Read each raw entry of a JSON export: added if it reads, skipped with its reason if not."""
        for number, raw in enumerate(raw_entries, 1):
            where = f"{prefix}entry {number:,}"
            try:
                self.add(where, read(raw))
            except Skip as reason:
                self.skip(where, str(reason))

    def skip(self, where: str, why: str) -> None:
        if len(self.parsed.skipped) < MAX_SKIPS_LISTED:
            self.parsed.skipped.append((where, why))
        else:
            self._unlisted += 1

    def finish(self) -> Parsed:
        if self._over:
            self.parsed.skipped.append(
                (
                    f"{self._over_first} onwards",
                    f"Harbour brings in up to {MAX_ENTRIES:,} entries from one file, "
                    f"so the {plural(self._over, 'entry', 'entries', thousands=True)} after that were left out",
                )
            )
        if self._unlisted:
            more = plural(self._unlisted, "more entry was", "more entries were", thousands=True)
            self.parsed.skipped.append(("elsewhere", f"{more} skipped as well"))
        return self.parsed


class Skip(Exception):  # noqa: N818 (not an error: one entry left out, the rest of the file still comes in)
    """Why one entry can't come in, as a phrase to follow its place in the file: "its date, 2024-13-01, isn't…"."""


def make_entry(
    *,
    key: str,
    entry_date: date,
    created_at: datetime,
    latest: date,
    time_zone: str | None = None,
    title: str | None = None,
    text: str = "",
    mood_label: str | None = None,
    tags: list[str] | tuple[str, ...] = (),
    is_win: bool = False,
    notes: list[str] | tuple[str, ...] = (),
    empty: str = "it has no words and no mood",
) -> Imported:
    """An entry with the rules every importer shares applied, or `Skip` saying why it can't come in."""
    if entry_date > latest:
        raise Skip(f"its date, {entry_date.isoformat()}, is in the future")
    notes = list(notes)
    text, removed = clean(text)
    cleaned_title, removed_title = clean(title or "")
    cleaned_label, removed_label = clean(mood_label or "")
    if removed := removed + removed_title + removed_label:
        notes.append(f"{plural(removed, 'character', thousands=True)} that can't be stored removed")
    text = text.strip()
    title = " ".join(cleaned_title.split()) or None
    label = cleaned_label.strip() or None
    if len(text) + len(title or "") > MAX_ENTRY_CHARS:
        raise Skip(f"it is longer than the {MAX_ENTRY_CHARS:,} characters Harbour keeps in one entry")
    if not text and not title and label is None:
        raise Skip(empty)
    kept = normalise_tags(list(tags))
    if len(kept) > MAX_TAGS:
        extra = kept[MAX_TAGS:]
        listed = ", ".join(extra[:5]) + (", …" if len(extra) > 5 else "")
        notes.append(f"{plural(len(extra), 'more tag', thousands=True)} not brought in: {listed}")
        kept = kept[:MAX_TAGS]
    return Imported(
        key=key,
        entry_date=entry_date,
        created_at=created_at,
        time_zone=time_zone,
        title=title,
        text=text,
        mood_label=label,
        tags=tuple(kept),
        is_win=is_win,
        notes=tuple(notes),
    )
