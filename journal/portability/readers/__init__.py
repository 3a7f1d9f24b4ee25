"""Readers for other journalling apps' export files; which app each one is for is in `journal.portability.formats`.

Each reader is pure: the file's bytes (and its name) in, a `Parsed` out, or an `ImportError_` saying in plain
words why nothing could be read. Writing the entries, and mapping Daylio's mood labels to 1–5, happen elsewhere.
"""

from __future__ import annotations

from journal.portability.readers import daylio, dayone, jrnl, safe
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

__all__ = [
    "MAX_COMPRESSION_RATIO",
    "MAX_ENTRIES",
    "MAX_FILE_BYTES",
    "MAX_JSON_DEPTH",
    "MAX_UNZIPPED_BYTES",
    "MAX_ZIP_MEMBERS",
    "ImportError_",
    "Imported",
    "Parsed",
    "daylio",
    "dayone",
    "jrnl",
    "safe",
]
