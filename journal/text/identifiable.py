"""Spotting text that may identify a patient or colleague, so a person can anonymise it before saving.

Pure and deliberately cautious about false alarms: each rule looks for a format that is hard to write by
accident (a valid NHS number, a full postcode, a number next to "bed" or "MRN"). It is a prompt to pause,
never a guarantee: names and descriptions can identify people too, and no pattern finds those.

It also flags the facts that don't belong in a reflection (they belong in an incident report or the patient's
record): a time of day, a dose, an exact age, and a condition from the reviewed list of rare ones
(journal/content/rare_conditions.toml). A shift's hours, the writer's own night and groups of people are left alone.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from journal import clock
from journal.content import conditions

NHS_NUMBER = "NHS number"
DATE_OF_BIRTH = "Date of birth"
PHONE = "Phone number"
EMAIL = "Email address"
POSTCODE = "Postcode"
BED = "Bed, bay or room"
HOSPITAL_NUMBER = "Hospital number"
# The facts that don't belong in a reflection (they belong in an incident report or the patient's record).
CLOCK_TIME = "Time of day"
DOSE = "Dose"
AGE = "Age"
RARE_CONDITION = "Rare condition"

WHY = {
    NHS_NUMBER: "An NHS number belongs to one person and identifies them on its own.",
    DATE_OF_BIRTH: "A date of birth, alongside almost any other detail, can identify someone.",
    PHONE: "A phone number leads straight to a person.",
    EMAIL: "An email address usually names a person, or leads straight to them.",
    POSTCODE: "A full postcode narrows a place down to a handful of homes.",
    BED: "A bed, bay or room number, with a date, can point to one patient.",
    HOSPITAL_NUMBER: "A hospital number (MRN) identifies one patient in their records.",
    CLOCK_TIME: 'An exact time, beside the day, can point to one event and everyone in it: "during a night shift" is '
    "usually enough.",
    DOSE: "A dose, with the day and the place, can point to one patient and their treatment: it belongs in their "
    "record, not a reflection.",
    AGE: 'An exact age narrows it down to very few people: "an older man" or "a young child" is usually enough.',
    RARE_CONDITION: 'A condition few people have can identify a patient on its own: "a rare condition" is usually '
    "enough.",
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


# -- times of day -------------------------------------------------------------------
_AM_PM = r"[ap](?:\.m\.?|m)(?![a-z])"
# 03:40, 14:30, 3:40pm, 3.40 am (a dot only with am or pm: "12.03" is as likely a date or a score); 0340hrs; 3am.
_TIMES = re.compile(
    r"(?<![\w:./+])(?:"
    r"(?P<hh>[01]?\d|2[0-3]):(?P<mm>[0-5]\d)(?:\s?(?P<ampm>" + _AM_PM + r"))?(?![\d:])"
    r"|(?P<dh>1[0-2]|0?[1-9])\.[0-5]\d\s?" + _AM_PM + r""
    r"|(?:[01]\d|2[0-3])[0-5]\d\s?(?:hrs|hours|h)\b"
    r"|(?P<hour>1[0-2]|0?[1-9])\s?(?P<hour_ampm>" + _AM_PM + r"))",
    re.IGNORECASE,
)
_TIME_CUE = re.compile(r"\b(?:at|around|about|approx\.?|approximately|by|gone|just\s+after|just\s+before)\s+$", re.I)
_RANGE_BETWEEN = re.compile(r"^\s*(?:-|–|—|to|until|till|and)\s*$", re.IGNORECASE)
_RANGE_START = re.compile(r"\b(?:from|between)\s+$", re.IGNORECASE)
# The writer's own night ("woke at 4am", "in bed by 11pm"): a wellbeing journal is full of these, and they name no one.
_SLEEP = re.compile(
    r"\b(?:woke|wake|waking|awake|asleep|sleep|slept|sleeping|bed(?!\s*(?:no\.?|number|#)?\s*\d)|bedtime|alarm)\b[^.!?\n]*$",
    re.I,
)


def _times(text: str) -> Iterator[_Hit]:
    """A time of day, unless it is one end of a range ("07:30 to 19:30": a shift, not an event) or the writer's own
    night. A time written with one digit before the colon, or an hour alone ("3am"), only after "at", "around" or
    "by": "John 3:16" is not an event."""
    found = list(_TIMES.finditer(text))
    in_range: set[int] = set()
    for i, (a, b) in enumerate(zip(found, found[1:], strict=False)):
        if _RANGE_BETWEEN.match(text[a.end() : b.start()]):
            in_range |= {i, i + 1}
    for i, m in enumerate(found):
        if i in in_range or _RANGE_START.search(text[max(0, m.start() - 12) : m.start()]):
            continue
        if _SLEEP.search(text[max(0, m.start() - 30) : m.start()]):
            continue
        cued = bool(_TIME_CUE.search(text[max(0, m.start() - 20) : m.start()]))
        loose = (m.group("hh") is not None and len(m.group("hh")) == 1 and not m.group("ampm")) or m.group("hour")
        if loose and not cued:
            continue
        yield _Hit(m.start(), m.end(), CLOCK_TIME)


# -- doses ----------------------------------------------------------------------------
_DOSE = re.compile(
    r"(?<![\w.])\d+(?:[.,]\d+)?\s?"
    r"(?P<unit>mg|mcg|µg|μg|ug|micrograms?|milligrams?|ml|millilitres?|milliliters?|mmol|iu|units?)"
    r"(?:/(?:kg|hr|h|hour|min|day|l|ml))*(?![\w/])",
    re.IGNORECASE,
)
# "Units" are a dose only beside what is given in units: "3 units across the trust" is not.
_IN_UNITS = r"(?:insulin|blood|red\s+cells|platelets|plasma|ffp|heparin|oxytocin|syntocinon|actrapid|novorapid|lantus)"
_UNITS_AFTER = re.compile(r"^\s+of\s+(?:\w+\s+){0,2}?" + _IN_UNITS + r"\b", re.IGNORECASE)
_UNITS_BEFORE = re.compile(r"\b" + _IN_UNITS + r"\b[^.!?\n]{0,25}$", re.IGNORECASE)


def _doses(text: str) -> Iterator[_Hit]:
    for m in _DOSE.finditer(text):
        if m.group("unit").lower().startswith("unit") and not (
            _UNITS_AFTER.match(text[m.end() : m.end() + 40])
            or _UNITS_BEFORE.search(text[max(0, m.start() - 40) : m.start()])
        ):
            continue
        yield _Hit(m.start(), m.end(), DOSE)


# -- ages -------------------------------------------------------------------------------
_AGES = (
    re.compile(
        r"\bage[d]?\s+(?P<n>\d{1,3})\b"
        # "aged 65 and over", "aged 18-25", "aged 16+": a group of people, not one person
        r"(?!\s*(?:\+|-|–|to\b|and\s+(?:over|above|under|below|older|younger)|or\s+(?:over|above|under|below|"
        r"older|younger)|plus\b|s\b))",
        re.IGNORECASE,
    ),
    re.compile(r"(?<![\w.])(?P<n>\d{1,3})[\s-]?(?:years?|yrs?|months?|weeks?|days?)[\s-]?old\b", re.IGNORECASE),
    re.compile(r"(?<![\w.])(?P<n>\d{1,3})\s?(?:yo|y\.o\.?|y/o)(?![\w/])", re.IGNORECASE),
)
_OWN = re.compile(r"\b(?:my|our)\s+$", re.IGNORECASE)  # "my 6-year-old": the writer's own family, not a patient
OLDEST = 120


def _ages(text: str) -> Iterator[_Hit]:
    for pattern in _AGES:
        for m in pattern.finditer(text):
            if int(m.group("n")) <= OLDEST and not _OWN.search(text[max(0, m.start() - 8) : m.start()]):
                yield _Hit(m.start(), m.end(), AGE)


# -- rare conditions --------------------------------------------------------------------
def _spelling_pattern(spelling: str) -> str:
    """A hyphen or a space alike (or none), and an apostrophe or none."""
    parts = re.split(r"([\s'’-]+)", spelling)
    return "".join(
        ("['’]?" if set(p) <= set("'’") else r"['’]?[\s-]?") if re.fullmatch(r"[\s'’-]+", p) else re.escape(p)
        for p in parts
        if p
    )


@lru_cache(maxsize=1)
def _rare_pattern() -> re.Pattern[str]:
    spellings = sorted((s for c in conditions.conditions() for s in c.spellings), key=len, reverse=True)
    return re.compile(r"(?<!\w)(?:" + "|".join(map(_spelling_pattern, spellings)) + r")(?!\w)", re.IGNORECASE)


def _rare(text: str) -> Iterator[_Hit]:
    for m in _rare_pattern().finditer(text):
        yield _Hit(m.start(), m.end(), RARE_CONDITION)


# -- all together -----------------------------------------------------------------
_RULES = (
    _nhs,
    _phones,
    _pattern(_EMAIL, EMAIL),
    _pattern(_POSTCODE, POSTCODE),
    _pattern(_PLACE, BED),
    _mrn,
    _times,
    _doses,
    _ages,
    _rare,
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
