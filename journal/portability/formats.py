"""Every file format Harbour reads or writes, in one registry: adding a format is one record here plus its module.

The Import page, the Your data page, the command line's `import` and `export`, the `source` stored on imported
entries, the readers' fuzz tests and the README check all take their lists from `FORMATS`. A format's `name`
is for ever: it is a command-line argument, and for a format Harbour reads, the `source` of every entry
imported from it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from journal.content.library import Library
from journal.portability import harbour_json, readable
from journal.portability.readers import daylio, dayone, jrnl, safe
from journal.portability.readers.base import Parsed
from journal.store import Handle

__all__ = ["EXPORTS", "FORMATS", "HARBOUR", "IMPORTS", "Format", "Reader", "Writer", "read"]

HARBOUR = "harbour"  # Harbour's own JSON: the `source` of everything written in Harbour itself, too

# A file's bytes and name in: another app's entries, or the checked text of a Harbour export (whose drafts,
# check-ins and settings only `harbour_json` can plan); raises why not, having written nothing.
Reader = Callable[[bytes, str], Parsed | str]
# One person's journal out, as text or bytes; made when asked for, from one snapshot.
Writer = Callable[[Handle, str, Library], str | bytes]


@dataclass(frozen=True)
class Format:
    name: str  # the registry key and command-line argument; for a reader, the `source` of what it imports
    label: str  # what a person picks: a choice on Import, or (writers) a download button on Your data
    extensions: tuple[str, ...]  # lower case, with the dot: what the file chooser offers; a writer uses the first
    mime: str  # of a file with the first extension
    reader: Reader | None = None
    writer: Writer | None = None
    how_to_export: str = ""  # readers: one line saying where the other app keeps its export
    app: str = ""  # readers: who made the file, in words ("Imported from Day One")
    # Harbour's own JSON is `import harbour` but `export json`, and its download button says what it is for:
    # both words are in use, so a writer may go out under another name and label (by default, its own).
    export_name: str = ""
    download_label: str = ""

    def __post_init__(self) -> None:
        if self.reader is None and self.writer is None:
            raise ValueError(f"the format {self.name!r} has neither a reader nor a writer")
        if self.writer is not None:  # frozen, so the defaults are filled in the way dataclasses allow
            object.__setattr__(self, "export_name", self.export_name or self.name)
            object.__setattr__(self, "download_label", self.download_label or self.label)


def _export_harbour(db: Handle, user_id: str, lib: Library) -> str:
    return harbour_json.export_json(db, user_id)  # ids and raw answers go out as stored: no content to look up


# In the order people see them: Harbour's own first, then other apps' exports, then the readable copies.
FORMATS: tuple[Format, ...] = (
    Format(
        name=HARBOUR,
        label="Harbour (JSON export)",
        extensions=(".json",),
        mime="application/json",
        reader=harbour_json.decode,
        writer=_export_harbour,
        how_to_export="In Harbour: Your data → Take a copy → Everything (JSON).",
        app="Harbour",
        export_name="json",
        download_label="Everything, to restore (JSON)",
    ),
    Format(
        name="daylio",
        label="Daylio (CSV export)",
        extensions=(".csv",),
        mime="text/csv",
        reader=daylio.parse,
        how_to_export="In Daylio, open More → Export Entries → CSV, and save the file it makes.",
        app="Daylio",
    ),
    Format(
        name="dayone",
        label="Day One (JSON export)",
        extensions=(".zip", ".json"),
        mime="application/zip",
        reader=dayone.parse,
        how_to_export="In Day One, open Settings → Import/Export → Export → JSON; choose the .zip it makes.",
        app="Day One",
    ),
    Format(
        name="jrnl",
        label="jrnl (JSON export)",
        extensions=(".json",),
        mime="application/json",
        reader=jrnl.parse,
        how_to_export="In a terminal, run: jrnl --format json --file journal.json (older jrnl: --export json).",
        app="jrnl",
    ),
    Format(
        name="markdown",
        label="To read: one document (Markdown)",
        extensions=(".md",),
        mime="text/markdown",
        writer=readable.export_markdown,
    ),
    Format(
        name="markdown-zip",
        label="A file per entry (zip)",
        extensions=(".zip",),
        mime="application/zip",
        writer=readable.export_markdown_zip,
    ),
    Format(
        name="csv",
        label="For a spreadsheet (CSV)",
        extensions=(".csv",),
        mime="text/csv",
        writer=readable.export_csv_bytes,
    ),
)

IMPORTS: dict[str, Format] = {f.name: f for f in FORMATS if f.reader is not None}
EXPORTS: dict[str, Format] = {f.export_name: f for f in FORMATS if f.writer is not None}


def read(name: str, data: bytes, filename: str = "") -> Parsed | str:
    """Read `data` as the named format; raises why it can't be imported (each reader checks the file's size)."""
    found = IMPORTS.get(name)
    if found is None or found.reader is None:
        known = ", ".join(f.label for f in IMPORTS.values())
        raise safe.refuse(f"Harbour can't read “{safe.shown(name)}” files; it reads {known}.")
    return found.reader(data, filename)
