"""The format registry keeps its promises, and the README's import/export documentation keeps up with it."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from journal.portability import formats

README = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")


def _line(start: str) -> str:
    found = [line for line in README.splitlines() if line.startswith(start)]
    assert len(found) == 1, f"the README should have one line starting {start!r}"
    return found[0]


IMPORT_ROW = _line("| `import FORMAT")
EXPORT_ROW = _line("| `export FORMAT")
# "On *Import*, bring in Daylio (CSV), Day One (JSON or zip), jrnl (JSON) or a Harbour copy: ..."
IMPORT_SENTENCE = re.search(r"On \*Import\*, bring in (.*?):", " ".join(README.split()))


def test_the_names_in_use_are_kept_for_ever() -> None:
    # Command-line arguments, and the `source` stored on imported entries: renaming one breaks scripts and data.
    assert list(formats.IMPORTS) == ["harbour", "daylio", "dayone", "jrnl"]
    assert list(formats.EXPORTS) == ["json", "markdown", "markdown-zip", "csv"]


def test_each_format_is_one_complete_record() -> None:
    assert len({f.name for f in formats.FORMATS}) == len(formats.FORMATS)
    for found in formats.FORMATS:
        assert found.label and "/" in found.mime
        assert found.extensions and all(e.startswith(".") and e == e.lower() for e in found.extensions)
        if found.reader is not None:
            assert found.app and found.how_to_export and "\n" not in found.how_to_export


@pytest.mark.parametrize("found", formats.FORMATS, ids=lambda f: f.name)
def test_every_format_is_in_the_readmes_import_and_export_documentation(found: formats.Format) -> None:
    if found.reader is not None:
        assert f"`{found.name}`" in IMPORT_ROW
        assert IMPORT_SENTENCE is not None and found.app in IMPORT_SENTENCE.group(1)
    if found.writer is not None:
        assert f"`{found.export_name}`" in EXPORT_ROW
