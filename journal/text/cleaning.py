"""Cleaning and limits for everything a person types. Text is kept exactly, except what cannot be stored."""

from __future__ import annotations

import re
import unicodedata

MAX_ENTRY_CHARS = 200_000  # a long reflection is welcome; a pasted book is refused kindly
MAX_TAG_CHARS = 40
MAX_TAGS = 20

# C0 controls other than tab, newline and carriage return, plus lone surrogates: DuckDB cannot
# store NUL, and lone surrogates are not valid Unicode, so they are removed (and the person told).
_UNSTORABLE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff]")


def clean(text: str) -> tuple[str, int]:
    """Return the text without unstorable characters, and how many were removed."""
    cleaned, removed = _UNSTORABLE.subn("", text)
    return cleaned, removed


def clean_tag(raw: str) -> str:
    """A tag is one short label: single spaces, no commas or control characters."""
    text, _ = clean(raw)
    text = " ".join(text.replace(",", " ").split())
    return text[:MAX_TAG_CHARS].rstrip()


def too_long_tags(raw: list[str]) -> list[str]:
    """The tags that would not fit in MAX_TAG_CHARS once cleaned: the person is told, nothing is cut silently."""
    return [t for t in raw if len(" ".join(clean(t)[0].replace(",", " ").split())) > MAX_TAG_CHARS]


def normalise_tags(raw: list[str]) -> list[str]:
    """Clean, drop empties, and keep the first spelling of tags that differ only in case."""
    seen: set[str] = set()
    tags: list[str] = []
    for item in raw:
        tag = clean_tag(item)
        key = unicodedata.normalize("NFC", tag).casefold()
        if tag and key not in seen:
            seen.add(key)
            tags.append(tag)
    return tags
