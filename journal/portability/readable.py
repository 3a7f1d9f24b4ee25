"""Readable exports: a CSV of scores and metadata for spreadsheets, and Markdown to read (one file, or a zip).

These are for reading, not restoring: entries in the trash are left out (the JSON export in `exchange` keeps
them, and is the one to import). Everything is read from one transaction snapshot, oldest entry first.

- CSV: no entry text, only what a spreadsheet can count. Every cell of text is guarded against formula
  injection (see `_guard`); numbers Harbour works out itself are written as plain numbers. `export_csv` gives
  text; `export_csv_bytes` is what to offer for download: the same text as UTF-8 with a byte-order mark,
  without which Excel reads UTF-8 as the local code page and garbles anything beyond ASCII.
- Markdown: each entry opens with a front-matter block whose values are JSON (every JSON value is valid YAML,
  so nothing a person typed can break it), then the answers exactly as written, under their questions.
- Personal trackers (those in use and those put away) go into each: a column per tracker in the CSV (a day with
  tracker answers and no entry gets a row of its own), a "Your trackers" section at the end of the Markdown,
  and trackers.md and trackers.csv in the zip. Nothing is added for a person without trackers.
- The revalidation record (profession, CPD log, practice hours, feedback, reflective discussions, the HCPC profile's
  words, the NMC checklist) goes into the Markdown as "Your revalidation record", and into the zip as
  revalidation.md and cpd.csv (the CPD log for a spreadsheet). Nothing is added for a person without one.
"""

from __future__ import annotations

import csv
import io
import json
import re
import unicodedata
import zipfile
from dataclasses import dataclass
from datetime import date

from journal.clock import utcnow
from journal.content import regulators
from journal.content.library import Library
from journal.reflect import cpd as cpd_rules
from journal.reflect.entries import PROMPT_ANSWER
from journal.reflect.reflective_account import CODE_THEMES
from journal.store import Handle
from journal.store import entries as entries_repo
from journal.store import exchange as record_repo
from journal.store import profession as profession_repo
from journal.store import trackers as trackers_repo
from journal.store import users as users_repo
from journal.store.entries import Entry
from journal.text import zones
from journal.text.words import plural

__all__ = [
    "CPD_CSV_COLUMNS",
    "CSV_COLUMNS",
    "TRACKER_COLUMN",
    "TRACKERS_CSV_COLUMNS",
    "ZIP_FOLDER",
    "export_csv",
    "export_csv_bytes",
    "export_markdown",
    "export_markdown_zip",
]

CSV_COLUMNS = (
    "date", "time", "time_zone", "template", "theme", "mood", "mood_label", "energy", "energy_label", "win", "tags",
    "words", "tone", "subjectivity", "source",
)  # fmt: skip
ZIP_FOLDER = "harbour-journal"
TRACKER_COLUMN = "tracker: {}"  # the entries CSV's column for one tracker, after CSV_COLUMNS
TRACKERS_CSV_COLUMNS = ("date", "tracker", "kind", "answer")  # the zip's trackers.csv: one row per tracker day
CPD_CSV_COLUMNS = (
    "date", "hours", "minutes", "participatory", "method", "topic", "code_theme", "learning_type", "learned",
)  # fmt: skip

# OWASP's list of what makes a spreadsheet read a cell as a formula, plus the full-width forms some read alike.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\uff1d", "\uff0b", "\uff0d", "\uff20")
# JSON leaves these raw, but YAML either refuses them or reads them as line breaks: write them as \u escapes.
_NOT_YAML_SAFE = re.compile("[\x7f-\x9f\u2028\u2029\ud800-\udfff\ufeff\ufffe\uffff]")
_OFFSET = re.compile(r"(?:UTC|GMT)?([+-])(\d{1,2}):?(\d{2})?")
_ZONE_NAME = re.compile(r"[A-Za-z][A-Za-z0-9_+\-]*(?:/[A-Za-z0-9_+\-]+)*")
_EARLIEST_ZIP_DAY, _LATEST_ZIP_DAY = date(1980, 1, 1), date(2107, 12, 31)  # all a zip's clock can record


# -- one snapshot -------------------------------------------------------------
@dataclass(frozen=True)
class _Trackers:
    """A person's trackers (in use first, then those put away) and every day's answer, oldest first."""

    trackers: list[trackers_repo.TrackerRow]
    days: dict[date, dict[str, int]]  # day to {tracker id: value}

    def answer(self, tracker: trackers_repo.TrackerRow, day: date) -> str:
        """The day's answer in words: yes or no, or the number on a scale; blank if none."""
        value = self.days.get(day, {}).get(tracker.id)
        if value is None:
            return ""
        return ("yes" if value else "no") if tracker.kind == "yes_no" else str(value)


@dataclass(frozen=True)
class _Record:
    """The revalidation record outside the trash, each part oldest first, and how many of its rows are in the trash."""

    profile: profession_repo.ProfileRow | None
    activities: list[record_repo.ActivityRow]
    hours: list[record_repo.PracticeHoursRow]
    feedback: list[record_repo.FeedbackRow]
    discussions: list[record_repo.DiscussionRow]
    trashed: int

    @classmethod
    def of(cls, whole: record_repo.Revalidation) -> _Record:
        rows = whole.rows()
        live = [r for r in rows if r.deleted_at is None]

        def kept(kind: type) -> list:
            return [r for r in live if isinstance(r, kind)]

        return cls(
            whole.profile,
            kept(record_repo.ActivityRow),
            kept(record_repo.PracticeHoursRow),
            kept(record_repo.FeedbackRow),
            kept(record_repo.DiscussionRow),
            len(rows) - len(live),
        )

    @property
    def regulator(self) -> str | None:
        return self.profile.regulator if self.profile else None

    def __bool__(self) -> bool:
        blank = self.profile is None or self.profile == profession_repo.ProfileRow(
            self.profile.user_id, updated_at=self.profile.updated_at
        )
        return not blank or bool(self.activities or self.hours or self.feedback or self.discussions or self.trashed)


def _read(db: Handle, user_id: str) -> tuple[str | None, list[Entry], int, _Trackers, _Record]:
    """The account's name, its entries outside the trash (oldest first), how many are in the trash, its trackers
    with their days, and its revalidation record."""
    with db.read() as snapshot:
        account = users_repo.find_by_id(snapshot, user_id)
        rows = entries_repo.all_for_user(snapshot, user_id)
        trackers = trackers_repo.all_for(snapshot, user_id)
        days: dict[date, dict[str, int]] = {}
        for record in trackers_repo.days(snapshot, user_id).itertuples(index=False):
            day = record.day.date() if hasattr(record.day, "date") else record.day
            days.setdefault(day, {})[str(record.tracker_id)] = int(record.value)
        revalidation = _Record.of(record_repo.read_revalidation(snapshot, user_id))
    kept = [r for r in rows if r.deleted_at is None]
    username = account.username if account else None
    return username, kept, len(rows) - len(kept), _Trackers(trackers, days), revalidation


def _trash_note(trashed: int) -> str:
    if not trashed:
        return ""
    it = "it" if trashed == 1 else "them"
    return f"{plural(trashed, 'entry is', 'entries are')} in the trash and left out here; the JSON export keeps {it}."


# -- CSV ----------------------------------------------------------------------
def _guard(text: str) -> str:
    """Text a spreadsheet will show, never run: a leading apostrophe on any piece that could start a formula.

    A piece is the whole cell, or any part after a ";" (Excel splits on ";" where that is the list separator,
    and tags are joined with "; "). The apostrophe is the marker spreadsheets themselves use for "this is text".
    """
    return ";".join("'" + piece if _risky(piece) else piece for piece in text.split(";"))


def _risky(piece: str) -> bool:
    return piece.startswith(_FORMULA_START) or piece.lstrip().startswith(_FORMULA_START)


def _number(value: float | None) -> str:
    # Rounded and written by Harbour, so a minus sign here is a negative number, not a formula.
    return "" if value is None else f"{round(value, 2) + 0.0:.2f}"  # + 0.0 turns -0.0 into 0.0


def _time(row: Entry) -> tuple[str, str]:
    """When the entry was written, on the clock of its time zone, and that zone's label."""
    when, label = zones.written_at(row.created_at, row.time_zone, row.source)
    return ("" if when is None else f"{when:%H:%M}"), _guard(label)


def _label(labels: tuple[str, ...], level: int | None) -> str:
    return "" if level is None else _guard(labels[level - 1])


def _csv_row(row: Entry, lib: Library) -> list[str | int]:
    time, zone = _time(row)
    theme = lib.theme(row.theme)
    return [
        row.entry_date.isoformat(),
        time,
        zone,
        _guard(lib.template_name(row.template)),
        "" if row.theme is None else _guard(theme.name if theme else row.theme),
        "" if row.mood is None else row.mood,
        _label(lib.mood.labels, row.mood),
        "" if row.energy is None else row.energy,
        _label(lib.energy.labels, row.energy),
        "yes" if row.is_win else "no",
        _guard("; ".join(_guard(tag) for tag in row.tags)),
        len(row.body.split()),
        _number(row.polarity),
        _number(row.subjectivity),
        _guard(row.source),
    ]


def export_csv(db: Handle, user_id: str, lib: Library) -> str:
    """One row per entry outside the trash, oldest first: scores and metadata, no entry text (columns: CSV_COLUMNS).

    words: the count of space-separated words. tone: TextBlob polarity (-1 to 1), subjectivity (0 to 1), both
    to 2 places, blank for an entry with no words. Rows end in CRLF, as RFC 4180 asks. Each tracker adds a column
    (TRACKER_COLUMN) with the day's answer, and a day with tracker answers but no entry has a row with only its
    date and those answers.
    """
    _, rows, _, trackers, _ = _read(db, user_id)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([*CSV_COLUMNS, *(_guard(TRACKER_COLUMN.format(t.name)) for t in trackers.trackers)])
    entry_days = {r.entry_date for r in rows}
    alone = sorted(set(trackers.days) - entry_days)  # tracker answers on days without an entry: rows of their own
    by_day = sorted([(r.entry_date, 0, r) for r in rows] + [(d, 1, None) for d in alone], key=lambda x: x[:2])
    for day, _, row in by_day:
        cells = _csv_row(row, lib) if row is not None else [day.isoformat(), *[""] * (len(CSV_COLUMNS) - 1)]
        writer.writerow([*cells, *(trackers.answer(t, day) for t in trackers.trackers)])
    return out.getvalue()


def export_csv_bytes(db: Handle, user_id: str, lib: Library) -> bytes:
    """The CSV to download: UTF-8 with a byte-order mark, so Excel opens emoji and accents intact."""
    return export_csv(db, user_id, lib).encode("utf-8-sig")


# -- Markdown -----------------------------------------------------------------
def _yaml(value: object) -> str:
    """A front-matter value: JSON (valid YAML), with the characters YAML refuses or reads as breaks escaped."""
    return _NOT_YAML_SAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", json.dumps(value, ensure_ascii=False))


def _front_matter(row: Entry, lib: Library) -> list[str]:
    values: dict[str, object] = {"date": row.entry_date.isoformat()}
    if row.time_zone is not None:
        values["time_zone"] = row.time_zone
    theme = lib.theme(row.theme)
    values |= {
        "template": lib.template_name(row.template),
        "theme": None if row.theme is None else (theme.name if theme else row.theme),
        "mood": lib.mood.describe(row.mood),
        "mood_level": row.mood,
        "energy": lib.energy.describe(row.energy),
        "energy_level": row.energy,
        "tags": list(row.tags),
        "win": row.is_win,
        "source": row.source,
    }
    return ["---", *(f"{key}: {_yaml(value)}" for key, value in values.items()), "---"]


def _one_line(text: str) -> str:
    return " ".join(text.split())  # a label is a heading: a line break inside it would end the heading


def _answers(row: Entry, lib: Library, level: str) -> list[str]:
    try:
        labels = {f.key: f.label for f in lib.template(row.template).fields}
    except KeyError:
        labels = {}
    if row.prompt_text:
        labels[PROMPT_ANSWER] = f"Prompt: {row.prompt_text}"
    lines: list[str] = []
    for key, text in row.answers.items():
        lines += ["", f"{level} {_one_line(labels.get(key, key))}", "", text]  # as written: a file, not a page
    return lines


def _heading(row: Entry, lib: Library, level: str) -> str:
    return f"{level} {row.entry_date.isoformat()} · {_one_line(lib.template_name(row.template))}"


def _trackers_section(trackers: _Trackers, level: str) -> list[str]:
    """Each tracker under its own heading: how it is answered, then each day's answer, oldest first."""
    lines: list[str] = []
    for tracker in trackers.trackers:
        answered = [d for d in sorted(trackers.days) if tracker.id in trackers.days[d]]
        how = "Yes or no" if tracker.kind == "yes_no" else (
            f"A scale from 1 ({_one_line(tracker.low_label or '')}) to 5 ({_one_line(tracker.high_label or '')})"
        )  # fmt: skip
        away = " · put away" if tracker.retired_at is not None else ""
        lines += ["", f"{level} {_one_line(tracker.name)}", "", f"{how} · {plural(len(answered), 'day')}{away}", ""]
        lines += [f"- {d.isoformat()}: {trackers.answer(tracker, d)}" for d in answered]
    return lines


def _named(choices: tuple, chosen: str | None) -> str:
    """The name of a reviewed choice (a Code theme, a type of learning, a source of feedback), or its id if retired."""
    return next((c.name for c in choices if c.id == chosen), chosen or "")


def _as_written(level: str, heading: str, text: str) -> list[str]:
    """A person's words under a heading of Harbour's, exactly as written; nothing for no words."""
    return ["", f"{level} {heading}", "", text] if text.strip() else []


def _profession_lines(profile: profession_repo.ProfileRow | None, level: str) -> list[str]:
    if profile is None:
        return []
    words = regulators.load()
    facts = [f"- Regulator: {words.name(profile.regulator)}"] if profile.regulator else []
    facts += [f"- Registration renews on {profile.renewal_on.isoformat()}"] if profile.renewal_on else []
    return ["", f"{level} Your profession", "", *facts] if facts else []


def _profile_lines(profile: profession_repo.ProfileRow | None, record: _Record, level: str) -> list[str]:
    """The NMC's confirmation checklist (for a nurse, or anyone who ticked it) and the HCPC profile's words."""
    if profile is None:
        return []
    words, lines = regulators.load(), []
    ticked = set(json.loads(profile.checklist))
    if profile.regulator == regulators.NMC or ticked:
        lines += ["", f"{level} {words.nmc.short} confirmation checklist", ""]
        lines += [f"- [{'x' if i.id in ticked else ' '}] {i.text}" for i in words.nmc.checklist]
    if profile.summary_of_practice.strip() or profile.personal_statement.strip():
        topics = {a.id: a.topic for a in record.activities}
        drawn = [topics[i] for i in json.loads(profile.statement_activities) if i in topics]
        lines += ["", f"{level} Your CPD profile ({words.hcpc.short})"]
        lines += _as_written(level + "#", "Summary of practice", profile.summary_of_practice)
        lines += _as_written(level + "#", "Personal statement", profile.personal_statement)
        if drawn:
            lines += ["", "It draws on:", "", *(f"- {_one_line(t)}" for t in drawn)]
    return lines


def _cpd_lines(activities: list[record_repo.ActivityRow], level: str) -> list[str]:
    if not activities:
        return []
    words, totals = regulators.load(), cpd_rules.totals(activities)
    lines = ["", f"{level} CPD log", ""]
    lines.append(
        f"{plural(len(activities), 'activity', 'activities')}, oldest first: {cpd_rules.hours(totals.minutes)} "
        f"hours in all, {cpd_rules.hours(totals.participatory_minutes)} of them participatory."
    )
    for a in activities:
        facts = [f"- Hours: {cpd_rules.hours(a.minutes)}", f"- Participatory: {'yes' if a.participatory else 'no'}"]
        facts.append(f"- Method: {_one_line(a.method)}")
        facts += [f"- The Code's theme: {_named(CODE_THEMES, a.code_theme)}"] if a.code_theme else []
        facts += (
            [f"- Type of learning: {_named(words.hcpc.learning_types, a.learning_type)}"] if a.learning_type else []
        )
        lines += ["", f"{level}# {a.done_on.isoformat()} · {_one_line(a.topic)}", "", *facts]
        lines += _as_written(level + "##", "What you learnt", a.learned)
    return lines


def _hours_lines(hours: list[record_repo.PracticeHoursRow], level: str) -> list[str]:
    if not hours:
        return []
    lines = ["", f"{level} Practice hours", "", f"{plural(sum(h.hours for h in hours), 'hour')} in all, oldest first."]
    for h in hours:
        lines += ["", f"{level}# {h.started_on.isoformat()} to {h.ended_on.isoformat()} · {plural(h.hours, 'hour')}"]
        facts = [
            f"- {label}: {_one_line(text)}"
            for label, text in (
                ("Organisation", h.organisation),
                ("Work setting", h.work_setting),
                ("Scope of practice", h.scope),
            )
            if text.strip()
        ]
        lines += ["", *facts] if facts else []
        lines += _as_written(level + "##", "Description", h.description)
    return lines


def _feedback_lines(feedback: list[record_repo.FeedbackRow], level: str) -> list[str]:
    if not feedback:
        return []
    sources = regulators.load().nmc.feedback_sources
    lines = ["", f"{level} Practice-related feedback", "", f"{plural(len(feedback), 'note')}, oldest first."]
    for f in feedback:
        lines += ["", f"{level}# {f.received_on.isoformat()} · {_named(sources, f.source)}"]
        lines += _as_written(level + "##", "What it said", f.summary)
        lines += _as_written(level + "##", "What changed", f.changed)
    return lines


def _discussion_lines(discussions: list[record_repo.DiscussionRow], level: str) -> list[str]:
    if not discussions:
        return []
    lines = ["", f"{level} Reflective discussion"]
    for d in discussions:
        lines += ["", f"{level}# {d.held_on.isoformat()} · with {_one_line(d.partner_name)}", ""]
        lines += [f"- NMC PIN: {_one_line(d.partner_pin)}"]
        lines += [f"- Email: {_one_line(d.partner_email)}"] if d.partner_email.strip() else []
        lines += _as_written(level + "##", "What you talked about", d.summary)
    return lines


def _record_section(record: _Record, level: str) -> list[str]:
    """The revalidation record, each part under its own heading; only the parts the person has."""
    lines = _profession_lines(record.profile, level)
    lines += _hours_lines(record.hours, level) + _cpd_lines(record.activities, level)  # the NMC's order
    lines += _feedback_lines(record.feedback, level) + _discussion_lines(record.discussions, level)
    lines += _profile_lines(record.profile, record, level)
    if record.trashed:
        away = plural(record.trashed, "item is", "items are")
        lines += ["", f"{away} in the trash and left out here; the JSON export keeps them."]
    return lines


def _cpd_csv(record: _Record) -> str:
    """The CPD log for a spreadsheet, oldest first (columns: CPD_CSV_COLUMNS); every cell of text guarded."""
    words = regulators.load()
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CPD_CSV_COLUMNS)
    for a in record.activities:
        writer.writerow([
            a.done_on.isoformat(), cpd_rules.hours(a.minutes), a.minutes, "yes" if a.participatory else "no",
            _guard(a.method), _guard(a.topic), _guard(_named(CODE_THEMES, a.code_theme)),
            _guard(_named(words.hcpc.learning_types, a.learning_type)), _guard(a.learned),
        ])  # fmt: skip
    return out.getvalue()


def _trackers_markdown(trackers: _Trackers) -> str:
    return "\n".join(["# Your trackers", *_trackers_section(trackers, "##")]) + "\n"


def _trackers_csv(trackers: _Trackers) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(TRACKERS_CSV_COLUMNS)
    for day in sorted(trackers.days):
        for tracker in trackers.trackers:
            if tracker.id in trackers.days[day]:
                writer.writerow([day.isoformat(), _guard(tracker.name), tracker.kind, trackers.answer(tracker, day)])
    return out.getvalue()


def export_markdown(db: Handle, user_id: str, lib: Library) -> str:
    """One readable document, oldest first: each entry is a front-matter block, a heading, then its answers; then
    the person's trackers, if they keep any."""
    username, rows, trashed, trackers, record = _read(db, user_id)
    lines = ["# Harbour journal", ""]
    lines.append(
        f"Exported {utcnow():%Y-%m-%d}" + (f" by {username}" if username else "") + f" · "
        f"{plural(len(rows), 'entry', 'entries')}, oldest first."
    )
    if trashed:
        lines += ["", _trash_note(trashed)]
    for row in rows:
        lines += ["", *_front_matter(row, lib), "", _heading(row, lib, "##"), *_answers(row, lib, "###")]
    if trackers.trackers:
        lines += ["", "## Your trackers", *_trackers_section(trackers, "###")]
    if record:
        lines += ["", "## Your revalidation record", *_record_section(record, "###")]
    return "\n".join(lines) + "\n"


def _slug(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")[:40].strip("-")


def _file_names(rows: list[Entry], lib: Library) -> list[str]:
    """Names made only from the date, the template's name and the entry id, slugged to ASCII; never repeated."""
    names: list[str] = []
    taken: set[str] = set()
    for row in rows:
        parts = [row.entry_date.isoformat(), _slug(lib.template_name(row.template)) or "entry"]
        if short_id := re.sub(r"[^0-9a-z]", "", row.id.lower())[:8]:
            parts.append(short_id)
        stem = "-".join(parts)
        name, n = f"{stem}.md", 1
        while name in taken:  # two ids that start alike, on one day, with one template
            n += 1
            name = f"{stem}-{n}.md"
        taken.add(name)
        names.append(name)
    return names


def _zip_time(day: date) -> tuple[int, int, int, int, int, int]:
    day = min(max(day, _EARLIEST_ZIP_DAY), _LATEST_ZIP_DAY)
    return (day.year, day.month, day.day, 0, 0, 0)


def _readme(username: str | None, count: int, trashed: int, trackers: bool = False, record: bool = False) -> str:
    lines = [
        "# Harbour journal",
        "",
        f"{plural(count, 'entry', 'entries')} from Harbour" + (f", written by {username}" if username else "") + ".",
        "One Markdown file per entry, named by date, kind of reflection and the start of the entry's id.",
        "Each file starts with a front-matter block (date, template, theme, mood, energy, tags, win, source);",
        "its values are JSON, which YAML reads too. Then come the answers, exactly as written.",
        "",
        "This copy is for reading. To move your journal to another Harbour, use the JSON export.",
    ]
    if trackers:
        lines += ["", "Your trackers are in trackers.md (to read) and trackers.csv (for a spreadsheet)."]
    if record:
        lines += ["", "Your revalidation record is in revalidation.md (to read); your CPD log is in cpd.csv too."]
    if trashed:
        lines += ["", _trash_note(trashed)]
    return "\n".join(lines) + "\n"


def export_markdown_zip(db: Handle, user_id: str, lib: Library) -> bytes:
    """A zip of one Markdown file per entry under `harbour-journal/`, plus a README.

    The same journal always gives the same bytes: every file is stamped with its entry's date (midnight),
    the README with the newest entry's.
    """
    username, rows, trashed, trackers, record = _read(db, user_id)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:

        def add(name: str, day: date, text: str) -> None:
            info = zipfile.ZipInfo(f"{ZIP_FOLDER}/{name}", date_time=_zip_time(day))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16  # an ordinary readable file once unpacked
            archive.writestr(info, text.encode("utf-8"))

        newest = max([*(r.entry_date for r in rows), *trackers.days], default=_EARLIEST_ZIP_DAY)
        add("README.md", newest, _readme(username, len(rows), trashed, bool(trackers.trackers), bool(record)))
        if trackers.trackers:
            add("trackers.md", newest, _trackers_markdown(trackers))
            add("trackers.csv", newest, _trackers_csv(trackers))
        if record:
            add(
                "revalidation.md",
                newest,
                "\n".join(["# Your revalidation record", *_record_section(record, "##")]) + "\n",
            )
            add("cpd.csv", newest, _cpd_csv(record))
        for name, row in zip(_file_names(rows, lib), rows, strict=True):
            lines = [*_front_matter(row, lib), "", _heading(row, lib, "#"), *_answers(row, lib, "##")]
            add(name, row.entry_date, "\n".join(lines) + "\n")
    return out.getvalue()
