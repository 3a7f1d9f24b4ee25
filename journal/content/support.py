"""The Support page's content, and the words about the NHS's own support structures that Write and Support use,
read from support.toml (reviewed content, not code).

content() checks every word it relies on and names the problem in a ContentError, so a mistake in the file stops
start-up rather than reaching a person.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from journal.content.library import ContentError

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
class AfterEvent:
    """Write's "What next?" after a traumatic or distressing event: the look backs, and peer support."""

    heading: str
    look_back: str
    peer_support: str
    looking_back: str  # above the look back itself


@dataclass(frozen=True)
class Wellbeing:
    """The wellbeing plan: on Support, its review on Write, and its PDF."""

    heading: str
    about: str
    review_due: str
    review_button: str
    file_title: str
    file_note: str
    saved: str  # in Write's "What next?" after a plan is saved


@dataclass(frozen=True)
class Support:
    intro: str
    sections: tuple[Section, ...]
    lines: tuple[Line, ...]
    nhs: tuple[Section, ...]
    after_event: AfterEvent
    wellbeing: Wellbeing


def _fail(path: Path, problem: str) -> ContentError:
    return ContentError(f"{path.name}: {problem}")


def _words(raw: object, key: str, where: str, path: Path) -> str:
    value = raw.get(key) if isinstance(raw, dict) else None
    if not isinstance(value, str) or not value.strip():
        raise _fail(path, f"{where}.{key} should be some words")
    return value.strip()


def _list(raw: dict, key: str, path: Path) -> list[dict]:
    items = raw.get(key)
    if not isinstance(items, list) or not items or not all(isinstance(i, dict) for i in items):
        raise _fail(path, f"[[{key}]] should list at least one")
    return items


def _table(raw: dict, key: str, path: Path) -> dict:
    value = raw.get(key)
    if not isinstance(value, dict):
        raise _fail(path, f"[{key}] is missing")
    return value


def parse(raw: dict, path: Path = SUPPORT_FILE) -> Support:
    """The file's contents, checked: every word the app shows is there and is some words."""

    def sections(key: str) -> tuple[Section, ...]:
        return tuple(
            Section(_words(s, "title", key, path), _words(s, "text", key, path)) for s in _list(raw, key, path)
        )

    after, wellbeing = _table(raw, "after_event", path), _table(raw, "wellbeing", path)
    return Support(
        intro=_words(raw, "intro", "the file", path),
        sections=sections("sections"),
        lines=tuple(
            Line(*(_words(i, k, "lines", path) for k in ("name", "how", "when"))) for i in _list(raw, "lines", path)
        ),
        nhs=sections("nhs"),
        after_event=AfterEvent(
            *(_words(after, k, "after_event", path) for k in ("heading", "look_back", "peer_support", "looking_back"))
        ),
        wellbeing=Wellbeing(
            *(
                _words(wellbeing, k, "wellbeing", path)
                for k in ("heading", "about", "review_due", "review_button", "file_title", "file_note", "saved")
            )
        ),
    )


@cache
def content(path: Path = SUPPORT_FILE) -> Support:
    """support.toml, checked (once per process)."""
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise _fail(path, f"can't be read ({exc})") from exc
    return parse(raw, path)
