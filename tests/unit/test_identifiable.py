"""Spotting text that may identify a patient or colleague: each kind, what it must not flag, and the NHS check digit."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from journal.text import identifiable
from journal.text.identifiable import (
    BED,
    DATE_OF_BIRTH,
    EMAIL,
    HOSPITAL_NUMBER,
    NHS_NUMBER,
    PHONE,
    POSTCODE,
    Finding,
    findings,
    is_valid_nhs_number,
    nhs_check_digit,
)

TODAY = date(2025, 6, 1)


def kinds(text: str) -> list[tuple[str, str]]:
    return [(f.kind, f.excerpt) for f in findings(text, today=TODAY)]


# -- NHS numbers ------------------------------------------------------------------
def test_the_check_digit_of_a_published_example() -> None:
    # 9*10 + 4*9 + 3*8 + 4*7 + 7*6 + 6*5 + 5*4 + 9*3 + 1*2 = 299; 299 mod 11 = 2; 11 - 2 = 9
    assert nhs_check_digit("943476591") == 9
    assert is_valid_nhs_number("943 476 5919") and is_valid_nhs_number("9434765919")
    assert not is_valid_nhs_number("943 476 5918")


def test_a_remainder_of_one_means_no_number_can_start_that_way() -> None:
    # A weighted sum leaving remainder 1 would need a check digit of 10: no such number is ever issued.
    first_nine = next(
        f"{n:09d}"
        for n in range(10**6)
        if sum(int(d) * w for d, w in zip(f"{n:09d}", range(10, 1, -1), strict=True)) % 11 == 1
    )
    assert nhs_check_digit(first_nine) is None
    assert not any(is_valid_nhs_number(first_nine + str(d)) for d in range(10))


nine_digits = st.text(alphabet="0123456789", min_size=9, max_size=9)
layouts = st.sampled_from(["{}{}{}", "{} {} {}", "{}-{}-{}"])


@given(nine_digits, layouts, st.sampled_from(["", "NHS no. ", "Patient's number is "]))
def test_every_valid_nhs_number_is_flagged_however_it_is_spaced(first_nine: str, layout: str, before: str) -> None:
    check = nhs_check_digit(first_nine)
    assume(check is not None)
    digits = first_nine + str(check)
    written = layout.format(digits[:3], digits[3:6], digits[6:])
    assert (NHS_NUMBER, written) in kinds(f"{before}{written}, seen today.")


@given(nine_digits, st.integers(0, 9), st.integers(1, 9), layouts)
def test_changing_one_digit_stops_it_being_flagged_unless_it_is_valid_again(
    first_nine: str, position: int, shift: int, layout: str
) -> None:
    check = nhs_check_digit(first_nine)
    assume(check is not None)
    digits = list(first_nine + str(check))
    digits[position] = str((int(digits[position]) + shift) % 10)
    changed = "".join(digits)
    written = layout.format(changed[:3], changed[3:6], changed[6:])
    flagged = (NHS_NUMBER, written) in kinds(f"Number {written} today")
    assert flagged == is_valid_nhs_number(changed)
    if position < 9:
        # Modulus 11 catches every single-digit error in the first nine (weights 2..10 are all invertible mod 11)
        assert not flagged


def test_nhs_numbers_inside_longer_runs_of_digits_are_not_flagged() -> None:
    assert kinds("Order 19434765919 and 94347659190") == []


# -- each kind, and what it must not flag -------------------------------------------
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Saw her in Bed 12 before lunch.", [(BED, "Bed 12")]),
        ("He was in bay 3 bed 4 all week", [(BED, "bay 3 bed 4")]),
        ("We met in room 5.", [(BED, "room 5")]),
        ("side room 2 was quiet", [(BED, "side room 2")]),
        ("call 07700 900123 tomorrow", [(PHONE, "07700 900123")]),
        ("ring +44 7700 900123", [(PHONE, "+44 7700 900123")]),
        ("office +44 (0)20 7946 0018", [(PHONE, "+44 (0)20 7946 0018")]),
        ("the clinic on 0161 496 0000", [(PHONE, "0161 496 0000")]),
        ("switchboard 0300 123 4567", [(PHONE, "0300 123 4567")]),
        ("write to jo.bloggs+work@nhs.net please", [(EMAIL, "jo.bloggs+work@nhs.net")]),
        ("She lives near SW1A 1AA.", [(POSTCODE, "SW1A 1AA")]),
        ("moved to M1 1AE last year", [(POSTCODE, "M1 1AE")]),
        ("MRN 12345678 on the wristband", [(HOSPITAL_NUMBER, "MRN 12345678")]),
        ("hospital number: RX1234567", [(HOSPITAL_NUMBER, "hospital number: RX1234567")]),
        ("DOB 12/03/85", [(DATE_OF_BIRTH, "12/03/85")]),
        ("date of birth is 3rd March 2001", [(DATE_OF_BIRTH, "3rd March 2001")]),
        ("born on 3 March", [(DATE_OF_BIRTH, "3 March")]),
        ("she was born in 14 Feb 2019", [(DATE_OF_BIRTH, "14 Feb 2019")]),
        ("a note dated 1970-01-02", [(DATE_OF_BIRTH, "1970-01-02")]),
        ("Remember 12 March 1961?", [(DATE_OF_BIRTH, "12 March 1961")]),
        ("March 12, 1961 was a Sunday", [(DATE_OF_BIRTH, "March 12, 1961")]),
    ],
)
def test_each_kind_is_found_with_its_excerpt(text: str, expected: list[tuple[str, str]]) -> None:
    assert kinds(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "The ward has 2 beds free and a 4 bed bay.",
        "Bed time came late again.",
        "I was in bed 9 hours and still tired.",
        "Went to bed 11pm.",
        "Room for improvement, and a bedroom to paint.",
        "We met on 3 March and again on 12/03/2024.",
        "Plan for 3 March 20 people.",
        "Born to lead, not to manage.",
        "Scores were 7/10 and 8/10.",
        "Call 111 or 999 if you need to.",
        "A 10 digit ref 1234567890 that fails the check.",
        "Vitamin b12 3rd dose, covid19 booster",
        "email me at the office",
        "Meet @ 10, jo@home",
        "Monday 07:30 to 19:30, 12 hours",
        "The MRN system is down",
        "NHS number 943 476 5918 (a typo, so not a real one)",
        "a 2% rise in 2019; £1,200,000 budget",
    ],
)
def test_ordinary_writing_is_not_flagged(text: str) -> None:
    assert kinds(text) == []


def test_a_date_long_ago_with_no_cue_is_flagged_but_a_recent_one_is_not() -> None:
    assert kinds("Since 01/06/2008") == [(DATE_OF_BIRTH, "01/06/2008")]  # 17 years before TODAY
    assert kinds("Since 01/06/2010") == []  # 15 years
    assert kinds("DOB: 01/06/2024") == [(DATE_OF_BIRTH, "01/06/2024")]  # a cue flags even a recent one
    assert kinds("DOB 31/02/1980") == []  # no such day
    assert kinds("born 01/06/2031") == []  # not yet


def test_findings_come_in_order_once_each_with_a_reason() -> None:
    text = "Bed 12, NHS number 943 476 5919. Later: bed 12 again, and 943 476 5919."
    found = findings(text, today=TODAY)
    assert [(f.kind, f.excerpt) for f in found] == [(BED, "Bed 12"), (NHS_NUMBER, "943 476 5919"), (BED, "bed 12")]
    assert all(f.why == identifiable.WHY[f.kind] and f.why.endswith(".") for f in found)
    assert isinstance(found[0], Finding)


def test_digits_inside_a_phone_number_or_email_are_reported_once_as_that() -> None:
    assert kinds("ring +44 161 496 0000") == [(PHONE, "+44 161 496 0000")]
    assert kinds("9434765919@example.org") == [(EMAIL, "9434765919@example.org")]


def test_excerpts_are_short_and_on_one_line() -> None:
    [found] = findings("hospital\nnumber 1234 5678 9012 3456", today=TODAY)
    assert found.excerpt == "hospital number 1234 5678 9012 3456"
    assert "\n" not in found.excerpt and len(found.excerpt) <= identifiable.EXCERPT_MAX


@given(st.text())
def test_any_text_at_all_is_read_without_error(text: str) -> None:
    for found in findings(text, today=TODAY):
        assert found.kind in identifiable.WHY and found.excerpt
