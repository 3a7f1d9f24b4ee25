"""Spotting text that may identify a patient or colleague, so a person can anonymise it before saving.

Pure and deliberately cautious about false alarms: each rule looks for a format that is hard to write by
accident (a valid NHS number, a full postcode, a number next to "bed" or "MRN"). It is a prompt to pause,
never a guarantee: names and descriptions can identify people too, and no pattern finds those.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date

from journal import clock

NHS_NUMBER = "NHS number"
DATE_OF_BIRTH = "Date of birth"
PHONE = "Phone number"
EMAIL = "Email address"
POSTCODE = "Postcode"
BED = "Bed, bay or room"
HOSPITAL_NUMBER = "Hospital number"

WHY = {
    NHS_NUMBER: "An NHS number belongs to one person and identifies them on its own.",
    DATE_OF_BIRTH: "A date of birth, alongside almost any other detail, can identify someone.",
    PHONE: "A phone number leads straight to a person.",
    EMAIL: "An email address usually names a person, or leads straight to them.",
    POSTCODE: "A full postcode narrows a place down to a handful of homes.",
    BED: "A bed, bay or room number, with a date, can point to one patient.",
    HOSPITAL_NUMBER: "A hospital number (MRN) identifies one patient in their records.",
}
ADULT_YEARS = 16  # a full date further back than this, with no other context, may well be a date of birth
EXCERPT_MAX = 80


@dataclass(frozen=True)
class Finding:
    kind: str  # one of the names above, shown to the person
    excerpt: str  # the text that looked identifying, exactly as written
    why: str  # one line on why it matters


@dataclass(frozen=True)
class _Hit:
    start: int
    end: int
    kind: str


# -- NHS numbers ----------------------------------------------------------------
def nhs_check_digit(first_nine: str) -> int | None:
    """The Modulus 11 check digit for nine digits, or None when no valid number can start with them."""
    total = sum(int(d) * w for d, w in zip(first_nine, range(10, 1, -1), strict=True))
    check = 11 - total % 11
    if check == 11:
        return 0
    return None if check == 10 else check


def is_valid_nhs_number(text: str) -> bool:
    """Ten digits (spaces or hyphens between groups allowed) whose last is the Modulus 11 check digit."""
    digits = re.sub(r"[ -]", "", text)
    if len(digits) != 10 or not digits.isascii() or not digits.isdigit():
        return False
    return nhs_check_digit(digits[:9]) == int(digits[9])


_NHS = re.compile(r"(?<!\w)\d{3}([ -]?)\d{3}\1\d{4}(?!\w)")


def _nhs(text: str) -> Iterator[_Hit]:
    for m in _NHS.finditer(text):
        if is_valid_nhs_number(m.group()):
            yield _Hit(m.start(), m.end(), NHS_NUMBER)


# -- phone numbers, email addresses, postcodes ------------------------------------
_PHONE = re.compile(r"(?<![\w+])(?:(?:\+|00)\s?44\s?(?:\(0\)\s?)?|\(?0)(?:[ ()-]{0,2}\d){9,10}(?!\w)")


def _uk_phone(raw: str) -> bool:
    """UK mobiles (07…) and landlines (01…, 02…, 03…), written nationally or with +44."""
    digits = re.sub(r"\D", "", raw)
    if raw.startswith(("+", "00")):
        digits = digits.removeprefix("00").removeprefix("44")
        if "(0)" in raw:
            digits = digits.removeprefix("0")
        digits = "0" + digits
    if len(digits) == 11:
        return digits[1] in "1237"
    return len(digits) == 10 and digits[1] == "1"  # some 01 landlines have ten digits


def _phones(text: str) -> Iterator[_Hit]:
    for m in _PHONE.finditer(text):
        if _uk_phone(m.group()):
            yield _Hit(m.start(), m.end(), PHONE)


_EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)*\.[A-Za-z]{2,}(?!\w)")
# Full postcodes only, in capitals as they are written: letters no postcode uses are left out.
_POSTCODE = re.compile(r"\b(?:[A-PR-UWYZ][A-HK-Y]?\d[A-Z\d]?|GIR) ?\d[ABD-HJLNP-UW-Z]{2}\b")


def _pattern(pattern: re.Pattern[str], kind: str) -> Callable[[str], Iterator[_Hit]]:
    def find(text: str) -> Iterator[_Hit]:
        for m in pattern.finditer(text):
            yield _Hit(m.start(), m.end(), kind)

    return find


# -- beds, bays, rooms; hospital numbers --------------------------------------------
_PLACE = re.compile(
    r"\b(?:(?:ward|bay)\s*\d{1,3}[a-z]?\s*,?\s*)?"
    r"(?:bed|bay|room|side\s*room|cubicle)\s*(?:no\.?|number|#)?\s*\d{1,3}[a-z]?\b"
    # "in bed 9 hours", "bed 11pm": amounts of time, not places
    r"(?!\s*(?:hours?|hrs?|mins?|minutes?|am|pm|o'?clock|nights?|days?|weeks?)\b)",
    re.IGNORECASE,
)
_MRN = re.compile(
    r"\b(?:MRN|M\.R\.N\.?|hospital\s+(?:number|no\.?|num)|hosp\.?\s*no\.?|unit\s+number|case\s+number"
    r"|patient\s+(?:number|no\.?|id))"
    r"[\s:#=.-]*(?:(?:is|was)\s+)?"
    r"(?:[A-Z]{1,3}[ -]?)?\d(?:[ -]?\d){3,15}[A-Z]?\b",
    re.IGNORECASE,
)


def _mrn(text: str) -> Iterator[_Hit]:
    for m in _MRN.finditer(text):
        if sum(c.isdigit() for c in m.group()) >= 5:
            yield _Hit(m.start(), m.end(), HOSPITAL_NUMBER)


# -- dates of birth ---------------------------------------------------------------
_MONTHS = {
    name: n
    for n, names in enumerate(
        (
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ),
        start=1,
    )
    for name in names
}
_MONTH = "(?P<month>" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"
_DAY = r"(?P<day>\d{1,2})(?:st|nd|rd|th)?"
_WRITTEN_YEAR = r"(?P<year>\d{4}|'\d{2})"  # "3 March 20 people" is not a year: two digits need the apostrophe
_DATES = (
    re.compile(r"(?<![\d/.-])(?P<a>\d{1,2})(?P<sep>[/.-])(?P<b>\d{1,2})(?P=sep)(?P<year>\d{4}|\d{2})(?!\d)(?![/.-]\d)"),
    re.compile(r"(?<![\d-])(?P<year>\d{4})-(?P<month>\d{2})-(?P<day>\d{2})(?!\d)"),
    re.compile(
        r"(?<!\d)" + _DAY + r"(?:\s+of)?\s+" + _MONTH + r"(?:,?\s+" + _WRITTEN_YEAR + r")?(?!\w)", re.IGNORECASE
    ),
    re.compile(r"\b" + _MONTH + r"\s+" + _DAY + r",?\s+" + _WRITTEN_YEAR + r"(?!\w)", re.IGNORECASE),
)
_CUE_BEFORE = re.compile(
    r"\b(?:DOB|D\.O\.B|date\s+of\s+birth|birth\s*date|born|birthday)\b\W*(?:\w+\W+){0,2}$", re.IGNORECASE
)
_CUE_AFTER = re.compile(r"^\W{0,3}(?:DOB|D\.O\.B)\b", re.IGNORECASE)
_ANY_YEAR = 2000  # a leap year: "born 29 February" names a real day


def _full_year(raw: str, today: date) -> int:
    digits = raw.lstrip("'")
    if len(digits) == 4:
        return int(digits)
    year = 2000 + int(digits)
    return year if year <= today.year else year - 100  # a two-digit year is taken as the most recent past one


def _as_date(m: re.Match[str], today: date) -> date | None:
    """The date a match names (in the year 2000 if none is written), or None if it names no real day."""
    parts = m.groupdict()
    year = _full_year(parts["year"], today) if parts.get("year") else _ANY_YEAR
    if parts.get("a"):  # numeric: day first, as written in the UK; month first only if that can't be a date
        candidates = [(int(parts["a"]), int(parts["b"])), (int(parts["b"]), int(parts["a"]))]
    else:
        month = parts["month"]
        candidates = [(int(parts["day"]), int(month) if month.isdigit() else _MONTHS[month.lower().rstrip(".")])]
    for day, month_number in candidates:
        try:
            return date(year, month_number, day)
        except ValueError:
            continue
    return None


def _years_before(today: date, years: int) -> date:
    try:
        return today.replace(year=today.year - years)
    except ValueError:  # 29 February
        return today.replace(year=today.year - years, day=28)


def _dates_of_birth(text: str, today: date) -> Iterator[_Hit]:
    """Dates next to "DOB", "born" or "date of birth"; and, with no such cue, full dates long past."""
    long_ago = _years_before(today, ADULT_YEARS)
    for pattern in _DATES:
        for m in pattern.finditer(text):
            when = _as_date(m, today)
            has_year = bool(m.groupdict().get("year"))
            if when is None or (has_year and when > today):
                continue
            cued = bool(_CUE_BEFORE.search(text[max(0, m.start() - 40) : m.start()])) or bool(
                _CUE_AFTER.match(text[m.end() : m.end() + 10])
            )
            if cued or (has_year and when < long_ago):
                yield _Hit(m.start(), m.end(), DATE_OF_BIRTH)


# -- all together -----------------------------------------------------------------
_RULES = (
    _nhs,
    _phones,
    _pattern(_EMAIL, EMAIL),
    _pattern(_POSTCODE, POSTCODE),
    _pattern(_PLACE, BED),
    _mrn,
)
_CONTAINERS = (PHONE, EMAIL)  # digits inside these are part of them, not something else


def _excerpt(text: str) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= EXCERPT_MAX else flat[: EXCERPT_MAX - 1] + "…"


def findings(text: str, today: date | None = None) -> list[Finding]:
    """What in `text` may identify someone, in the order it appears; each distinct excerpt once."""
    today = today or clock.today()
    hits = [hit for rule in _RULES for hit in rule(text)] + list(_dates_of_birth(text, today))
    containers = [h for h in hits if h.kind in _CONTAINERS]
    kept = [
        h
        for h in hits
        if not any(c is not h and c.start <= h.start and h.end <= c.end and c.end - c.start > h.end - h.start
                   for c in containers)
    ]  # fmt: skip
    seen: set[tuple[str, str]] = set()
    result = []
    for hit in sorted(kept, key=lambda h: (h.start, -h.end)):
        found = Finding(hit.kind, _excerpt(text[hit.start : hit.end]), WHY[hit.kind])
        if (found.kind, found.excerpt) not in seen:
            seen.add((found.kind, found.excerpt))
            result.append(found)
    return result
