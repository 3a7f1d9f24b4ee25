"""The README keeps up with the code: its rules, commands, configuration and module map are the code's own."""

from __future__ import annotations

import argparse
import re
from pathlib import Path

import pytest

from journal import cli
from journal.patterns import signals

README = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("rule", signals.RULES + signals.MEASURES, ids=lambda r: r.id)
def test_every_rule_is_in_the_readme_as_the_code_describes_it(rule: signals.RuleDoc) -> None:
    assert f"| `{rule.id}` | {rule.description} |" in README


def test_the_readme_gives_exactly_the_two_set_up_commands() -> None:
    assert "make run" in README and "make test" in README


# -- the README's tables, held to the code (the way sqlite-utils holds its docs to its CLI) ----------------------
ROOT = Path(__file__).resolve().parents[2]


def _section(title: str) -> str:
    """The README's text under `## title`, up to the next section."""
    start = README.index(f"\n## {title}\n")
    end = README.find("\n## ", start + 1)
    return README[start : end if end != -1 else None]


def _table_keys(section: str) -> set[str]:
    """What each row of a section's tables names in its first cell: `| `a` / `b` | ... |` gives "a" and "b"."""
    cells = re.findall(r"^\| ([^|]+) \|", section, re.M)
    return {name for cell in cells for name in re.findall(r"`([^`]+)`", cell)}


def _commands(parser: argparse.ArgumentParser, prefix: str = "") -> list[str]:
    """Every runnable command path of the CLI, like "users add" or "backup"."""
    found = []
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, child in action.choices.items():
                found += _commands(child, f"{prefix}{name} ")
    return found or [prefix.strip()]


@pytest.mark.parametrize("command", _commands(cli.parser()))
def test_every_command_is_in_the_readme_command_table(command: str) -> None:
    rows = _table_keys(_section("Command line"))
    assert any(row == command or row.startswith(command + " ") for row in rows), f"`{command}` is not documented"


def test_every_command_in_the_readme_exists() -> None:
    commands = _commands(cli.parser())
    for documented in _table_keys(_section("Command line")):
        assert any(documented == c or documented.startswith(c + " ") for c in commands), documented


def _variables_read() -> set[str]:
    names: set[str] = set()
    for path in [*ROOT.joinpath("journal").rglob("*.py"), ROOT / "app.py", *ROOT.joinpath("pages").glob("*.py")]:
        names |= set(re.findall(r"\bHARBOUR_[A-Z_]+\b", path.read_text(encoding="utf-8")))
    return names


def test_every_variable_the_code_reads_is_in_the_configuration_table_and_no_other() -> None:
    documented = {key for key in _table_keys(_section("Configuration")) if key.startswith("HARBOUR_")}
    assert _variables_read() == documented


# Modules a maintainer never needs to find from the map: package markers and the `python -m journal` shim.
NOT_IN_THE_MAP = {"journal/__init__.py", "journal/__main__.py"}


def _code_paths() -> set[str]:
    """Every module and subpackage of journal/, as the map writes them: `journal/x/y.py` and `journal/x/`."""
    found = set()
    for path in ROOT.joinpath("journal").rglob("*.py"):
        rel = path.relative_to(ROOT).as_posix()
        if path.name == "__init__.py":
            found.add(rel.removesuffix("__init__.py"))
        else:
            found.add(rel)
    return {p for p in found if p != "journal/"} - NOT_IN_THE_MAP


def test_every_module_and_subpackage_is_in_the_module_map() -> None:
    mapped = _table_keys(_section("Module map"))
    missing = sorted(p for p in _code_paths() if p not in mapped)
    assert not missing, f"not in the README's module map: {missing}"


def test_everything_in_the_module_map_exists() -> None:
    for path in _table_keys(_section("Module map")):
        assert ROOT.joinpath(path).exists(), f"the module map names {path}, which isn't there"
