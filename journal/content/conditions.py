"""The rare conditions the identifiability check flags, from reviewed TOML (`rare_conditions.toml`), checked on load."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

CONDITIONS_FILE = Path(__file__).resolve().parent / "rare_conditions.toml"
_ALLOWED = re.compile(r"[^\W_]+(?:[ '’-]+[^\W_]+)*'?", re.UNICODE)  # words, joined by spaces, hyphens, apostrophes
MIN_CHARS = 4


class ConditionsError(ValueError):
    """The conditions file is malformed; the message names the file and the problem."""


@dataclass(frozen=True)
class Condition:
    name: str
    also: tuple[str, ...] = ()

    @property
    def spellings(self) -> tuple[str, ...]:
        return (self.name, *self.also)


def key(spelling: str) -> str:
    """How two spellings are told apart: case, hyphens, spaces and apostrophes don't count."""
    return re.sub(r"[\s'’-]+", "", spelling).casefold()


def _check(spelling: object, where: str, path: Path) -> str:
    if not isinstance(spelling, str) or not spelling.strip():
        raise ConditionsError(f"{path.name}: {where} needs a name")
    text = spelling.strip()
    if not _ALLOWED.fullmatch(text):
        raise ConditionsError(f"{path.name}: {text!r} may hold only letters, digits, spaces, hyphens and apostrophes")
    if len(text) < MIN_CHARS and not (text.isupper() and len(text) >= 3):
        raise ConditionsError(f"{path.name}: {text!r} is too short to look for without false alarms")
    return text


def load(path: Path = CONDITIONS_FILE) -> tuple[Condition, ...]:
    """Read and check the file; any mistake is a ConditionsError naming it."""
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise ConditionsError(f"{path.name}: {exc}") from exc
    found: list[Condition] = []
    seen: set[str] = set()
    for i, item in enumerate(raw.get("conditions", []), start=1):
        if not isinstance(item, dict) or set(item) - {"name", "also"}:
            raise ConditionsError(f"{path.name}: condition {i} may have only a name and `also`")
        also = item.get("also", [])
        if not isinstance(also, list):
            raise ConditionsError(f"{path.name}: condition {i}'s `also` must be a list of names")
        condition = Condition(
            _check(item.get("name"), f"condition {i}", path), tuple(_check(a, f"condition {i}", path) for a in also)
        )
        for spelling in condition.spellings:
            if key(spelling) in seen:
                raise ConditionsError(f"{path.name}: {spelling!r} is listed twice")
            seen.add(key(spelling))
        found.append(condition)
    if not found:
        raise ConditionsError(f"{path.name}: no conditions listed")
    return tuple(found)


@lru_cache(maxsize=1)
def conditions() -> tuple[Condition, ...]:
    """The shipped list, read once per process."""
    return load()
