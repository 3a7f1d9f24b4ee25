"""The demo's words, read from phrases.toml: every list of lines the demo year and its peer group draw from.

The shape of each bank is declared here as a dataclass and checked when the file is read, so a missing table
or key is a ContentError naming it before anything is written, rather than a KeyError halfway through a year.
"""

from __future__ import annotations

import tomllib
import typing
from dataclasses import dataclass, fields, is_dataclass
from functools import cache
from pathlib import Path
from typing import Any

from journal.content.library import ContentError

PHRASES_FILE = Path(__file__).resolve().parent / "phrases.toml"

Lines = tuple[str, ...]  # one is drawn at random, by position


@dataclass(frozen=True)
class Toned:
    """Lines for each tone; the tone follows mood: low for 1-2, mid for 3, high for 4-5."""

    low: Lines
    mid: Lines
    high: Lines

    def __getitem__(self, tone: str) -> Lines:
        return {"low": self.low, "mid": self.mid, "high": self.high}[tone]


@dataclass(frozen=True)
class Special:
    """Check-in lines for the days that carry the story."""

    boundary: Lines
    connection: Lines
    running_down: Lines

    def get(self, kind: str) -> Lines | None:
        """The lines for a planned entry's kind; None for an everyday one."""
        return {"boundary": self.boundary, "connection": self.connection, "running_down": self.running_down}.get(kind)


@dataclass(frozen=True)
class Checkin:
    open: Toned
    detail: Toned
    close: Toned
    special: Special


# The banks below that are drawn from field by field list their fields in the template's order: an entry's
# answers are kept in that order, and each draw comes in turn from the one seeded generator.
@dataclass(frozen=True)
class Session:
    what_happened: Lines
    went_well: Toned
    was_hard: Toned
    take_forward: Lines


@dataclass(frozen=True)
class OneToOne:
    who: Lines
    role: Lines  # "": no role given
    common_ground: Lines
    feeling: Toned
    their_passion: Lines
    agreed: Lines
    follow_up: Lines
    after_avoiding: str  # added to the common ground of the 1-to-1 just after the dip


@dataclass(frozen=True)
class Setback:
    what_happened: Lines
    how_it_landed: Toned
    what_helped: Lines
    next_small_step: Lines


@dataclass(frozen=True)
class BigSetback:
    what_happened: str
    how_it_landed: str
    what_helped: str
    next_small_step: str


@dataclass(frozen=True)
class Win:
    the_win: Lines
    who_helped: Lines
    why_it_matters: Lines


@dataclass(frozen=True)
class Weekly:
    looking_back: Toned
    energy_and_rest: Toned
    carrying_forward: Lines
    one_boundary: Lines


@dataclass(frozen=True)
class Gibbs:
    description: Lines
    feelings: Toned
    evaluation: Lines
    analysis: Lines
    conclusion: Lines
    action_plan: Lines


@dataclass(frozen=True)
class WhatSoWhat:
    what: Lines
    so_what: Lines
    now_what: Lines


@dataclass(frozen=True)
class PromptAnswers:
    low: Lines  # when mood is 1-2
    ok: Lines

    def for_mood(self, mood: int) -> Lines:
        return self.low if mood <= 2 else self.ok


@dataclass(frozen=True)
class SharedSide:
    peer_wins: Lines  # one for each of the first peers
    own_win: str
    coach_note: str
    own_action: str


@dataclass(frozen=True)
class Phrases:
    checkin: Checkin
    session: Session
    one_to_one: OneToOne
    setback: Setback
    big_setback: BigSetback
    win: Win
    weekly: Weekly
    gibbs: Gibbs
    what_so_what: WhatSoWhat
    free: Toned
    prompt_answers: dict[str, PromptAnswers]  # by theme id
    tag_words: dict[str, Lines]  # tag: words that earn it, in the order tags are drawn
    together: SharedSide


def _at(where: str, key: str) -> str:
    return f"{where}.{key}" if where else key


def _value(kind: Any, raw: Any, where: str, path: Path) -> Any:
    """`raw` from the file made into `kind`, or a ContentError naming where it went wrong."""

    def refuse(wanted: str) -> typing.NoReturn:
        raise ContentError(f"{path.name}: {where or 'the file'} should be {wanted}")

    if kind is str:
        if not isinstance(raw, str) or not raw.strip():
            refuse("some text")
        return raw
    if kind == Lines:
        if not isinstance(raw, list) or not raw or not all(isinstance(line, str) for line in raw):
            refuse("a list of at least one line of text")
        return tuple(raw)
    if not isinstance(raw, dict):
        refuse("a table")
    if typing.get_origin(kind) is dict:
        if not raw:
            refuse("a table with at least one key")
        inner = typing.get_args(kind)[1]
        return {key: _value(inner, value, _at(where, key), path) for key, value in raw.items()}
    assert isinstance(kind, type) and is_dataclass(kind)
    hints = typing.get_type_hints(kind)
    names = [f.name for f in fields(kind)]
    for name in names:
        if name not in raw:
            raise ContentError(f"{path.name}: {where or 'the file'} is missing {name!r}")
    unknown = [key for key in raw if key not in names]
    if unknown:
        raise ContentError(f"{path.name}: {where or 'the file'} has {unknown[0]!r}, which the demo doesn't use")
    return kind(**{name: _value(hints[name], raw[name], _at(where, name), path) for name in names})


def load_phrases(path: Path = PHRASES_FILE) -> Phrases:
    """Read and check the demo's words; any mistake is a ContentError naming the file and the key."""
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise ContentError(f"{path.name}: {exc}") from exc
    return _value(Phrases, raw, "", path)


@cache
def phrases() -> Phrases:
    """The shipped words, read once per process."""
    return load_phrases()
