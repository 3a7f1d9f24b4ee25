"""The Support page's content, read from support.toml (reviewed content, not code)."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path

SUPPORT_FILE = Path(__file__).resolve().parent / "support.toml"


@dataclass(frozen=True)
class Section:
    title: str
    text: str


@dataclass(frozen=True)
class Line:
    name: str
    how: str
    when: str


@dataclass(frozen=True)
class Support:
    intro: str
    sections: tuple[Section, ...]
    lines: tuple[Line, ...]


@cache
def content(path: Path = SUPPORT_FILE) -> Support:
    raw = tomllib.loads(path.read_text(encoding="utf-8"))
    return Support(
        intro=raw["intro"],
        sections=tuple(Section(**s) for s in raw["sections"]),
        lines=tuple(Line(**line) for line in raw["lines"]),
    )
