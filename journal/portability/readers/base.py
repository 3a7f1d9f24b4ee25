"""What every importer hands back: entries read from another app's file, checked, not yet written anywhere.

An importer is pure: bytes in, a `Parsed` out, or an `ImportError_` naming the problem. It never touches the
database and never trusts the file about who owns anything: there is no owner, id or sharing field here.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

# Documented limits (README): anything bigger is refused before it is read.
MAX_FILE_BYTES = 50 * 1024 * 1024  # the file as uploaded
MAX_UNZIPPED_BYTES = 200 * 1024 * 1024  # everything inside a zip, added up
MAX_ZIP_MEMBERS = 20_000
MAX_COMPRESSION_RATIO = 100  # a member that unpacks to more than 100× its packed size is a zip bomb
MAX_JSON_DEPTH = 32
MAX_ENTRIES = 100_000


class ImportError_(ValueError):  # noqa: N801 (ImportError is Python's own)
    """Why a file can't be imported, in words for the person importing it; nothing was written."""


@dataclass(frozen=True)
class Imported:
    """One entry as found in the file."""

    key: str  # stable within the source: the same file twice gives the same keys (idempotent imports)
    entry_date: date  # the day as the person lived it, in their own time zone
    created_at: datetime  # the moment, in UTC, naive
    time_zone: str | None  # "Europe/London" or "+01:00" as the file says; None if it doesn't
    title: str | None
    text: str  # plain text (Daylio HTML stripped, Day One markdown unescaped)
    mood_label: str | None = None  # Daylio: the person's own label, mapped to 1–5 when the import is planned
    mood: int | None = None  # 1–5 when the file says it directly
    tags: tuple[str, ...] = ()
    is_win: bool = False  # starred
    notes: tuple[str, ...] = ()  # what was noted and not brought in, e.g. "1 photo (not imported)"


@dataclass
class Parsed:
    source: str  # the reader's format name in journal.portability.formats
    entries: list[Imported]
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (where in the file, why), e.g. ("row 12", "no date")
    mood_labels: dict[str, int] = field(default_factory=dict)  # label as written -> how many entries use it
