"""Importers for other journalling apps' export files, in one explicit registry.

Each importer is pure: the file's bytes (and its name) in, a `Parsed` out, or an `ImportError_` saying in plain
words why nothing could be read. Writing the entries, and mapping Daylio's mood labels to 1–5, happen elsewhere.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

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
    "FORMATS",
    "MAX_COMPRESSION_RATIO",
    "MAX_ENTRIES",
    "MAX_FILE_BYTES",
    "MAX_JSON_DEPTH",
    "MAX_UNZIPPED_BYTES",
    "MAX_ZIP_MEMBERS",
    "Format",
    "ImportError_",
    "Imported",
    "Parsed",
    "parse",
]


@dataclass(frozen=True)
class Format:
    name: str  # the registry key, and `Parsed.source`
    label: str  # what a person picks from
    extensions: tuple[str, ...]  # what the file chooser offers, lower case with the dot
    how_to_export: str  # one line: where in the other app the export is
    parse: Callable[[bytes, str], Parsed]


FORMATS: dict[str, Format] = {
    f.name: f
    for f in (
        Format(
            name="daylio",
            label="Daylio (CSV export)",
            extensions=(".csv",),
            how_to_export="In Daylio, open More → Export Entries → CSV, and save the file it makes.",
            parse=daylio.parse,
        ),
        Format(
            name="dayone",
            label="Day One (JSON export)",
            extensions=(".zip", ".json"),
            how_to_export="In Day One, open Settings → Import/Export → Export → JSON; choose the .zip it makes.",
            parse=dayone.parse,
        ),
        Format(
            name="jrnl",
            label="jrnl (JSON export)",
            extensions=(".json",),
            how_to_export="In a terminal, run: jrnl --format json --file journal.json (older jrnl: --export json).",
            parse=jrnl.parse,
        ),
    )
}


def parse(format_name: str, data: bytes, filename: str = "") -> Parsed:
    """Read `data` as the named format, refusing a file over MAX_FILE_BYTES before anything else looks at it."""
    safe.check_size(data)
    found = FORMATS.get(format_name)
    if found is None:
        known = ", ".join(f.label for f in FORMATS.values())
        raise safe.refuse(f"Harbour can't read “{safe.shown(format_name)}” files; it reads {known}.")
    return found.parse(data, filename)
