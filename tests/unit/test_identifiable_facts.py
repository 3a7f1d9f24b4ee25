"""The facts that don't belong in a reflection: times of day, doses, ages and rare conditions, each found with its
excerpt and reason, and the ordinary writing (shifts, sleep, ratios, groups of people, vaccines) that must not be;
and the reviewed list of rare conditions, checked when it is loaded."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from journal.content import conditions
from journal.content.conditions import ConditionsError
from journal.text import identifiable
from journal.text.identifiable import AGE, BED, CLOCK_TIME, DOSE, RARE_CONDITION, findings

TODAY = date(2025, 6, 1)


def kinds(text: str) -> list[tuple[str, str]]:
    return [(f.kind, f.excerpt) for f in findings(text, today=TODAY)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("At 03:40 she deteriorated.", [(CLOCK_TIME, "03:40")]),
        ("the 14:30 handover ran late", [(CLOCK_TIME, "14:30")]),
        ("we called the team at 3am", [(CLOCK_TIME, "3am")]),
        ("settled until about 3 a.m. then", [(CLOCK_TIME, "3 a.m.")]),
        ("seen at 9:30 by the registrar", [(CLOCK_TIME, "9:30")]),
        ("crash call at 3.40pm", [(CLOCK_TIME, "3.40pm")]),
        ("arrest called 0340hrs", [(CLOCK_TIME, "0340hrs")]),
        ("gave 10 mg of morphine", [(DOSE, "10 mg")]),
        ("5ml oral suspension", [(DOSE, "5ml")]),
        ("0.5mg/kg over an hour", [(DOSE, "0.5mg/kg")]),
        ("500 micrograms nebulised", [(DOSE, "500 micrograms")]),
        ("2 units of blood went up", [(DOSE, "2 units")]),
        ("insulin, 10 units, missed", [(DOSE, "10 units")]),
        ("glucose 2.1 mmol and falling", [(DOSE, "2.1 mmol")]),
        ("a man aged 84 on his own", [(AGE, "aged 84")]),
        ("an 84-year-old woman", [(AGE, "84-year-old")]),
        ("the 3 month old baby", [(AGE, "3 month old")]),
        ("84 yo female", [(AGE, "84 yo")]),
        ("a 17 y/o lad", [(AGE, "17 y/o")]),
        ("diagnosed with Huntington's disease", [(RARE_CONDITION, "Huntington's disease")]),
        ("suspected huntingtons disease", [(RARE_CONDITION, "huntingtons disease")]),
        ("Guillain Barre syndrome, we think", [(RARE_CONDITION, "Guillain Barre syndrome")]),
        ("a case of CJD on the unit", [(RARE_CONDITION, "CJD")]),
        ("twins with trisomy 18", [(RARE_CONDITION, "trisomy 18")]),
        ("in bed 4 at 03:40, aged 84", [(BED, "bed 4"), (CLOCK_TIME, "03:40"), (AGE, "aged 84")]),
    ],
)
def test_each_fact_is_found_with_its_excerpt(text: str, expected: list[tuple[str, str]]) -> None:
    assert kinds(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Monday 07:30 to 19:30, 12 hours",  # a shift: both ends of a range
        "Long day, 07:30-19:30 again.",
        "worked 9am to 5pm then home",
        "between 2am and 4am it was quiet",
        "I start from 07:00 most days",
        "Went to bed 11pm.",  # an hour alone needs "at", "around" or "by"
        "Woke at 4am thinking about the funding bid.",  # the writer's own night
        "my alarm went at 05:30",
        "John 3:16 on the poster",
        "on 1:1 all night, ratio 1:10 on days",
        "Scores were 7/10 and 8/10; 12.03 on the board",
        "UTC+05:30 on the laptop",
        "a 4g signal in the corridor",
        "3 units across the trust are short",
        "finished 2 units of the course",
        "my 6-year-old has chickenpox",
        "patients aged 65 and over",
        "people aged 18-25, and aged 16+",
        "a rare condition, on a long admission",
        "sepsis and asthma are common enough",
        "Huntington is a village near York",
        "booked my tetanus booster",
        "Call 111 or 999 if you need to.",
    ],
)
def test_ordinary_writing_is_not_flagged(text: str) -> None:
    assert kinds(text) == []


def test_each_new_kind_has_a_reason_in_plain_words() -> None:
    for kind in (CLOCK_TIME, DOSE, AGE, RARE_CONDITION):
        why = identifiable.WHY[kind]
        assert why.endswith(".") and why[0].isupper() and len(why) <= 140, why


def test_every_listed_condition_and_each_spelling_is_found() -> None:
    for condition in conditions.conditions():
        for spelling in condition.spellings:
            assert kinds(f"Looked after someone with {spelling} today.") == [(RARE_CONDITION, spelling)], spelling


def _file(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "rare_conditions.toml"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("", "no conditions listed"),
        ('[[conditions]]\nname = ""', "needs a name"),
        ('[[conditions]]\nname = "Ebola"\n[[conditions]]\nname = "ebola"', "listed twice"),
        ('[[conditions]]\nname = "Rett syndrome"\nalso = ["rett-syndrome"]', "listed twice"),
        ('[[conditions]]\nname = "flu"', "too short"),
        ('[[conditions]]\nname = "a.*b condition"', "only letters"),
        ('[[conditions]]\nname = "Ebola"\nalso = "EVD"', "must be a list"),
        ('[[conditions]]\nname = "Ebola"\nwhy = "no"', "only a name"),
        ("[[conditions]\nname = 1", "rare_conditions.toml"),
    ],
)
def test_a_bad_conditions_file_is_refused_naming_the_problem(tmp_path: Path, text: str, problem: str) -> None:
    with pytest.raises(ConditionsError, match=problem):
        conditions.load(_file(tmp_path, text))


def test_a_short_abbreviation_in_capitals_is_allowed(tmp_path: Path) -> None:
    loaded = conditions.load(_file(tmp_path, '[[conditions]]\nname = "Creutzfeldt-Jakob disease"\nalso = ["CJD"]'))
    assert loaded[0].spellings == ("Creutzfeldt-Jakob disease", "CJD")
