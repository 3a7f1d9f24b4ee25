"""Daylio's CSV export: one row per entry, moods by the person's own labels, activities as tags, notes in HTML.

Headers seen in the wild (columns are found by name, so their order doesn't matter):
    full_date,date,weekday,time,mood,activities,note_title,note   (current)
    full_date,date,weekday,time,mood,activities,note              (before note titles)
    year,date,weekday,time,mood,activities,note                   (older: date is "18 May" or "May 18")
Times are "9:05 pm", "9:05 PM" or "21:05". Rows are numbered as a spreadsheet shows them: the header is row 1.
"""

from __future__ import annotations

import csv
import io
import re
from datetime import date, datetime, time
from html.parser import HTMLParser

from journal.portability.readers import safe
from journal.portability.readers.base import MAX_FILE_BYTES, Imported, Parsed

SOURCE = "daylio"
DEFAULT_MOODS = {"rad": 5, "good": 4, "meh": 3, "bad": 2, "awful": 1}
WHAT = "a Daylio CSV export"

# Notes can be as long as an entry may be; the csv module's default cap (128 KiB a field) would stop the whole file.
csv.field_size_limit(max(csv.field_size_limit(), MAX_FILE_BYTES))

_CURRENT = ("full_date", "date", "weekday", "time", "mood", "activities", "note_title", "note")
_OLDER = ("year", "date", "weekday", "time", "mood", "activities", "note")
_NEEDED = {"time", "mood", "activities", "note"}
_HEADER_HELP = (
    f"This doesn't look like {WHAT}: its first line should name the columns {', '.join(_CURRENT)} "
    f"(or, from older versions of Daylio, {', '.join(_OLDER)})."
)

_ISO_DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_YEAR = re.compile(r"[0-9]{4}")
_DAY_MONTH = re.compile(r"([0-9]{1,2})(?:st|nd|rd|th)?\.?\s+([a-z]+)\.?,?", re.IGNORECASE)
_MONTH_DAY = re.compile(r"([a-z]+)\.?\s+([0-9]{1,2})(?:st|nd|rd|th)?,?", re.IGNORECASE)
_TIME = re.compile(r"([0-9]{1,2}):([0-9]{2})(?::([0-9]{2}))?\s*(?:([ap])\.?\s*m\.?)?", re.IGNORECASE)
_MONTHS = {
    name: n
    for n, names in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ],
        1,
    )
    for name in names
}


def default_level(label: str) -> int | None:
    """Daylio's out-of-the-box level (1–5) for a mood label, or None for a label the person made or renamed."""
    return DEFAULT_MOODS.get(label.strip().casefold())


def parse(data: bytes, filename: str = "") -> Parsed:
    """Read a Daylio CSV export. Raises ImportError_ for a file that isn't one; skips rows it can't read."""
    safe.check_size(data)
    text = safe.decode_text(data, WHAT)
    rows = csv.reader(io.StringIO(text, newline=""), strict=True)  # strict: a cut-off quoted note is an error
    try:
        header = next(rows, None)
        if header is None:
            raise safe.refuse("This file is empty.")
        columns = _columns(header)
        latest = safe.latest_day()
        seen: dict[str, int] = {}
        out = safe.Collector(SOURCE)
        for number, row in enumerate(rows, 2):
            if not any(cell.strip() for cell in row):
                continue  # a blank line, often at the end
            where = f"row {number:,}"
            if len(row) != len(header):
                out.skip(where, f"it has {len(row)} columns, not the {len(header)} its first line names")
                continue
            try:
                out.add(where, _entry(row, columns, latest, seen))
            except safe.Skip as reason:
                out.skip(where, str(reason))
    except csv.Error as exc:
        problem = f"This file couldn't be read as CSV ({exc}): it may have been cut short, or it isn't {WHAT}."
        raise safe.refuse(problem) from None
    return out.finish()


def _columns(header: list[str]) -> dict[str, int]:
    names = [cell.strip().lstrip("\ufeff").casefold() for cell in header]
    columns = {name: i for i, name in enumerate(names)}
    if len(columns) != len(names) or not _NEEDED <= columns.keys():
        raise safe.refuse(_HEADER_HELP)
    if "full_date" not in columns and not {"year", "date"} <= columns.keys():
        raise safe.refuse(_HEADER_HELP)
    return columns


def _entry(row: list[str], columns: dict[str, int], latest: date, seen: dict[str, int]) -> Imported:
    def cell(name: str) -> str:
        return row[columns[name]] if name in columns else ""

    day = _day(cell("full_date"), cell("year"), cell("date"))
    moment = _time(cell("time"))
    activities = [part for part in cell("activities").split(" | ") if part.strip()]
    return safe.make_entry(
        key=safe.row_key(row, seen),
        entry_date=day,
        created_at=datetime.combine(day, moment),  # Daylio records no time zone: the local time, as given
        latest=latest,
        time_zone=None,
        title=plain_text(cell("note_title")),
        text=plain_text(cell("note")),
        mood_label=cell("mood"),
        tags=activities,
    )


def _day(full_date: str, year: str, day_month: str) -> date:
    if full_date.strip():
        value = full_date.strip()
        if not _ISO_DAY.fullmatch(value):
            raise safe.Skip(f"its date, {safe.shown(value, 40)}, isn't a date like 2024-03-01")
        try:
            return date.fromisoformat(value)
        except ValueError:
            raise safe.Skip(f"its date, {value}, isn't a real date") from None
    written = f"{day_month.strip()} {year.strip()}".strip()
    if not written:
        raise safe.Skip("it has no date")
    day = month = None
    if found := _DAY_MONTH.fullmatch(day_month.strip()):
        day, month = found[1], found[2]
    elif found := _MONTH_DAY.fullmatch(day_month.strip()):
        month, day = found[1], found[2]
    number = _MONTHS.get((month or "").casefold())
    if not _YEAR.fullmatch(year.strip()) or day is None or number is None:
        raise safe.Skip(f"its date, {safe.shown(written, 40)}, isn't a date Harbour can read")
    try:
        return date(int(year), number, int(day))
    except ValueError:
        raise safe.Skip(f"its date, {safe.shown(written, 40)}, isn't a real date") from None


def _time(value: str) -> time:
    found = _TIME.fullmatch(value.strip())
    hour = minute = second = -1
    if found:
        hour, minute, second = int(found[1]), int(found[2]), int(found[3] or 0)
        if half := (found[4] or "").casefold():
            hour = -1 if not 1 <= hour <= 12 else hour % 12 + (12 if half == "p" else 0)
    if not (0 <= hour < 24 and 0 <= minute < 60 and 0 <= second < 60):
        raise safe.Skip(f"its time, {safe.shown(value, 40) or '(none)'}, isn't a time like 21:05 or 9:05 pm")
    return time(hour, minute, second)


class _PlainText(HTMLParser):
    """Daylio's note HTML as plain text: line breaks where blocks and <br> were, every tag dropped."""

    _BLOCKS = frozenset({"p", "div", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "tr"})
    _HIDDEN = frozenset({"script", "style", "template", "head", "title"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._hidden = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self._HIDDEN:
            self._hidden += 1
        elif tag == "br":
            self.parts.append("\n")
        elif tag == "li":
            self.parts.append("\n• ")
        elif tag in self._BLOCKS:
            self.parts.append("\n")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "br":
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in self._HIDDEN:
            self._hidden = max(0, self._hidden - 1)
        elif tag in self._BLOCKS and tag != "li":  # the next item starts its own line
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self._hidden:
            self.parts.append(data)


_BLANK_LINES = re.compile(r"\n[ \t]*(?:\n[ \t]*){2,}")
_TRAILING_SPACE = re.compile(r"[ \t]+\n")


def plain_text(note: str) -> str:
    """A note as plain text: HTML tags dropped (blocks and <br> become line breaks), entities unescaped."""
    text = note.replace("\r\n", "\n").replace("\r", "\n")
    if "<" in text or "&" in text:
        parser = _PlainText()
        parser.feed(text)
        parser.close()
        text = "".join(parser.parts)
    text = _TRAILING_SPACE.sub("\n", text)
    return _BLANK_LINES.sub("\n\n", text).strip()
