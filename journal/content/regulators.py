"""Each regulator's revalidation and CPD asks, and Harbour's words about them, read from regulators.toml.

Reviewed content, not code: load() checks every number, id and word it relies on and names the problem in a
ContentError, so a mistake in the file stops start-up rather than reaching a person.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from journal.content.library import ContentError

REGULATORS_FILE = Path(__file__).resolve().parent / "regulators.toml"
NMC, HCPC, GMC = "nmc", "hcpc", "gmc"
IDS = (NMC, HCPC, GMC)


@dataclass(frozen=True)
class Choice:
    id: str
    name: str
    examples: str = ""  # HCPC learning types only


@dataclass(frozen=True)
class Item:
    id: str
    text: str


@dataclass(frozen=True)
class Disclosure:
    text: str
    link_text: str
    url: str


@dataclass(frozen=True)
class Nmc:
    name: str
    short: str
    who: str
    years: int
    practice_hours: int
    cpd_hours: int
    participatory_hours: int
    feedback: int
    accounts: int
    feedback_sources: tuple[Choice, ...]
    checklist: tuple[Item, ...]


@dataclass(frozen=True)
class Hcpc:
    name: str
    short: str
    who: str
    years: int
    summary_words: int
    statement_least: int
    statement_most: int
    gap_months: int
    types_needed: int
    learning_types: tuple[Choice, ...]


@dataclass(frozen=True)
class Gmc:
    name: str
    short: str
    who: str
    years: int
    templates: tuple[str, ...]


@dataclass(frozen=True)
class Regulators:
    anonymise: str
    disclosure: Disclosure
    nmc: Nmc
    hcpc: Hcpc
    gmc: Gmc
    cpd_methods: tuple[Choice, ...]

    def name(self, regulator: str) -> str:
        """'Nursing and Midwifery Council (NMC)' for 'nmc'."""
        return {NMC: self.nmc.name, HCPC: self.hcpc.name, GMC: self.gmc.name}[regulator]

    def who(self, regulator: str) -> str:
        """Whom it registers, in a few words."""
        return {NMC: self.nmc.who, HCPC: self.hcpc.who, GMC: self.gmc.who}[regulator]


def _fail(problem: str) -> ContentError:
    return ContentError(f"{REGULATORS_FILE.name}: {problem}")


def _words(raw: dict, key: str, where: str) -> str:
    value = raw.get(key)
    if not isinstance(value, str) or not value.strip():
        raise _fail(f"{where}.{key} should be some words")
    return value.strip()


def _number(raw: dict, key: str, where: str) -> int:
    value = raw.get(key)
    if not isinstance(value, int) or isinstance(value, bool) or value < 1:
        raise _fail(f"{where}.{key} should be a whole number, 1 or more")
    return value


def _choices(raw: dict, key: str, where: str, *, examples: bool = False) -> tuple[Choice, ...]:
    items = raw.get(key)
    if not isinstance(items, list) or not items:
        raise _fail(f"{where}.{key} should list at least one")
    found = tuple(
        Choice(
            _words(i, "id", f"{where}.{key}"),
            _words(i, "name", f"{where}.{key}"),
            _words(i, "examples", f"{where}.{key}") if examples else "",
        )
        for i in items
    )
    if len({c.id for c in found}) != len(found):
        raise _fail(f"{where}.{key} has an id twice")
    return found


def _section(raw: dict, key: str) -> dict:
    value = raw.get(key)
    if not isinstance(value, dict):
        raise _fail(f"[{key}] is missing")
    return value


def _fields(raw: dict, where: str, numbers: tuple[str, ...]) -> dict[str, Any]:
    """A regulator's name, short name and whom it registers, and these numbers of its, checked."""
    return {
        **{k: _words(raw, k, where) for k in ("name", "short", "who")},
        **{k: _number(raw, k, where) for k in numbers},
    }


def parse(raw: dict) -> Regulators:
    """The file's contents, checked."""
    nmc, hcpc, gmc, disclosure = (_section(raw, k) for k in ("nmc", "hcpc", "gmc", "disclosure"))
    checklist = tuple(
        Item(_words(i, "id", "nmc.checklist"), _words(i, "text", "nmc.checklist")) for i in nmc.get("checklist", [])
    )
    if not checklist or len({i.id for i in checklist}) != len(checklist):
        raise _fail("nmc.checklist should list items, each id once")
    url = _words(disclosure, "url", "disclosure")
    if not url.startswith("https://"):
        raise _fail("disclosure.url should be an https:// address")
    found = Regulators(
        anonymise=_words(raw, "anonymise", "the file"),
        disclosure=Disclosure(
            _words(disclosure, "text", "disclosure"), _words(disclosure, "link_text", "disclosure"), url
        ),
        nmc=Nmc(
            **_fields(
                nmc, "nmc", ("years", "practice_hours", "cpd_hours", "participatory_hours", "feedback", "accounts")
            ),
            feedback_sources=_choices(nmc, "feedback_sources", "nmc"),
            checklist=checklist,
        ),
        hcpc=Hcpc(
            **_fields(
                hcpc,
                "hcpc",
                ("years", "summary_words", "statement_least", "statement_most", "gap_months", "types_needed"),
            ),
            learning_types=_choices(hcpc, "learning_types", "hcpc", examples=True),
        ),
        gmc=Gmc(
            **_fields(gmc, "gmc", ("years",)),
            templates=tuple(gmc.get("templates", [])),
        ),
        cpd_methods=_choices(raw, "cpd_methods", "the file"),
    )
    if found.nmc.participatory_hours > found.nmc.cpd_hours:
        raise _fail("nmc.participatory_hours can't be more than nmc.cpd_hours")
    if found.hcpc.statement_least > found.hcpc.statement_most:
        raise _fail("hcpc.statement_least can't be more than hcpc.statement_most")
    if found.hcpc.types_needed > len(found.hcpc.learning_types):
        raise _fail("hcpc.types_needed can't be more than the learning types listed")
    if not found.gmc.templates or not all(isinstance(t, str) and t for t in found.gmc.templates):
        raise _fail("gmc.templates should name the templates suggested for doctors")
    return found


@cache
def load(path: Path = REGULATORS_FILE) -> Regulators:
    """regulators.toml, checked (once per process)."""
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise _fail(f"isn't valid TOML ({exc})") from exc
    return parse(raw)
