"""The README keeps up with the code: every early-warning rule is documented with its current thresholds."""

from __future__ import annotations

from pathlib import Path

import pytest

from journal.patterns import signals

README = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("rule", signals.RULES + signals.MEASURES, ids=lambda r: r.id)
def test_every_rule_is_in_the_readme_as_the_code_describes_it(rule: signals.RuleDoc) -> None:
    assert f"| `{rule.id}` | {rule.description} |" in README


def test_the_readme_gives_exactly_the_two_set_up_commands() -> None:
    assert "make run" in README and "make test" in README
