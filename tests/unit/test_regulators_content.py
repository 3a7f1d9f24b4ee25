"""regulators.toml, the reviewed words and numbers of each regulator's revalidation: checked on load, so a slip
in the file stops Harbour starting rather than reaching a person."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from journal.content import regulators
from journal.content.library import ContentError
from journal.reflect import cpd
from journal.reflect.reflective_account import CODE_THEMES

RAW = regulators.REGULATORS_FILE.read_text(encoding="utf-8")


def test_the_reviewed_file_loads_with_each_regulators_own_numbers() -> None:
    words = regulators.load()
    nmc, hcpc, gmc = words.nmc, words.hcpc, words.gmc
    assert (nmc.years, nmc.practice_hours, nmc.cpd_hours, nmc.participatory_hours) == (3, 450, 35, 20)
    assert (nmc.feedback, nmc.accounts) == (5, 5)
    assert (hcpc.years, hcpc.summary_words, hcpc.statement_least, hcpc.statement_most) == (2, 500, 4, 6)
    assert (hcpc.gap_months, hcpc.types_needed) == (3, 2)
    assert gmc.templates == ("gmc_what_why_how", "aomrc_reflection")
    assert [words.name(r) for r in regulators.IDS] == [nmc.name, hcpc.name, gmc.name]
    assert words.disclosure.url.startswith("https://www.gmc-uk.org/")
    assert "court" in words.disclosure.text and "incident reporting" in words.anonymise


def test_ids_are_unique_and_every_list_has_words() -> None:
    words = regulators.load()
    for choices in (words.nmc.feedback_sources, words.nmc.checklist, words.hcpc.learning_types, words.cpd_methods):
        ids = [c.id for c in choices]
        assert len(ids) == len(set(ids)) and all(ids)
    assert all(t.examples for t in words.hcpc.learning_types)
    assert {c.id for c in words.nmc.checklist} >= {"practice_hours", "cpd", "feedback", "accounts", "discussion"}


def test_the_cpd_log_accepts_exactly_the_files_types_of_learning_and_the_codes_themes() -> None:
    types = {t.id for t in regulators.load().hcpc.learning_types}
    assert types == {"work_based", "professional", "formal", "self_directed", "other"}
    assert {t.id for t in CODE_THEMES} == {
        "prioritise_people", "practise_effectively", "preserve_safety", "promote_professionalism_and_trust",
    }  # fmt: skip
    assert cpd.MAX_MINUTES == 6000


def _with(tmp_path: Path, old: str, new: str) -> Path:
    assert old in RAW, old
    path = tmp_path / "regulators.toml"
    path.write_text(RAW.replace(old, new, 1), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("old", "new", "complaint"),
    [
        ("cpd_hours = 35", "cpd_hours = 0", r"nmc\.cpd_hours should be a whole number, 1 or more"),
        ("cpd_hours = 35", 'cpd_hours = "35"', r"nmc\.cpd_hours should be a whole number"),
        ("participatory_hours = 20", "participatory_hours = 40", r"nmc\.participatory_hours can't be more than"),
        ("statement_least = 4", "statement_least = 7", r"hcpc\.statement_least can't be more than"),
        ("types_needed = 2", "types_needed = 9", r"hcpc\.types_needed can't be more than"),
        ('id = "colleague"', 'id = "patient"', r"nmc\.feedback_sources has an id twice"),
        ('name = "Online learning"', 'name = "  "', r"the file\.cpd_methods\.name should be some words"),
        ('url = "https://', 'url = "http://', r"disclosure\.url should be an https:// address"),
        ("[gmc]", "[gmc_typo]", r"\[gmc\] is missing"),
        ('templates = ["gmc_what_why_how", "aomrc_reflection"]', "templates = []", r"gmc\.templates should name"),
        ("anonymise = ", "anonymise_typo = ", r"the file\.anonymise should be some words"),
        (
            '[[hcpc.learning_types]]\nid = "work_based"',
            '[[hcpc.learning_types]]\nid = ""',
            r"hcpc\.learning_types\.id should be some words",
        ),
    ],
)
def test_a_malformed_file_is_refused_naming_the_file_and_the_problem(
    tmp_path: Path, old: str, new: str, complaint: str
) -> None:
    with pytest.raises(ContentError, match=r"^regulators\.toml: " + complaint):
        regulators.load.__wrapped__(_with(tmp_path, old, new))


def test_a_file_that_isnt_toml_is_refused_by_name(tmp_path: Path) -> None:
    path = tmp_path / "regulators.toml"
    path.write_text("[nmc\nname = ", encoding="utf-8")
    with pytest.raises(ContentError, match=r"^regulators\.toml: isn't valid TOML"):
        regulators.load.__wrapped__(path)
    assert tomllib.loads(RAW)  # the real one is
