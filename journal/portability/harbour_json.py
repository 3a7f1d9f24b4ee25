"""Your data is yours: everything a person wrote, out as JSON (to restore) and back in (readable exports: exports.py).

The JSON format is versioned (`{"format": "harbour", "version": 3, ...}`); times in it are UTC. Version 2 added
the relational-practice sections (people, actions, check-backs, own prompts and templates, trackers); version 3 the
revalidation ones (professional profile, CPD log, practice hours, feedback notes, reflective discussions) and a
debrief's last day on its entry. A file of an earlier version, which has none of them, still imports, and an older
Harbour refuses a newer version rather than quietly leave them out. An import trusts nothing in the file about
ownership: every row is created for the account importing it, under an id derived from that account and the id in
the file, so importing the same file twice adds nothing the second time. A professional profile fills in only what
the account hasn't set (a regulator already chosen stays). Derived values (an entry's body and tone, a check-in's
scores) are worked out again, not read.
"""

from __future__ import annotations

import json
import typing
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field, fields, replace
from datetime import UTC, date, datetime, timedelta

from journal import clock
from journal.clock import utcnow
from journal.content import regulators
from journal.content.library import Library
from journal.patterns import burnout
from journal.portability.readers.base import MAX_FILE_BYTES
from journal.reflect import checkbacks as checkbacks_rules
from journal.reflect import cpd as cpd_rules
from journal.reflect import own as own_rules
from journal.reflect import people as people_rules
from journal.reflect import profession as profession_rules
from journal.reflect import settings
from journal.reflect import trackers as trackers_rules
from journal.reflect.entries import PROMPT_ANSWER, EntryInput
from journal.reflect.reflective_account import CODE_THEMES
from journal.store import Handle
from journal.store import burnout as burnout_repo
from journal.store import entries as entries_repo
from journal.store import exchange as practice_repo
from journal.store import profession as profession_repo
from journal.store import reflective as reflective_repo
from journal.store import settings as settings_repo
from journal.store import users as users_repo
from journal.text import sentiment, zones
from journal.text.cleaning import MAX_ENTRY_CHARS, MAX_TAGS, clean, normalise_tags
from journal.text.words import plural

__all__ = ["FORMAT", "VERSION", "ExchangeError", "ImportResult", "export_json", "import_json", "preview_json"]

FORMAT = "harbour"
VERSION = 3
# Every version this Harbour imports: 2 is 3 without the revalidation sections, 1 is 2 without relational practice.
READS = (1, 2, 3)
# Fixed for ever: ids made on import are uuid5(this, "<account id>/<id in the file>").
_NAMESPACE = uuid.UUID("6f1e0f57-3c0e-4d55-9c55-4a9a2b8e7c11")


class ExchangeError(ValueError):
    """Why a file can't be imported, naming the problem; nothing was written."""


@dataclass(frozen=True)
class ImportResult:
    entries: int = 0  # entries added
    drafts: int = 0
    checkins: int = 0
    reflective_accounts: int = 0
    settings: int = 0  # settings taken from the file (ones this account had already chosen are kept)
    already_here: int = 0  # entries, drafts, check-ins and the like this account already had (an earlier import)
    notices: tuple[str, ...] = ()
    people: int = 0
    entry_people: int = 0  # which entries are about whom
    actions: int = 0
    check_backs: int = 0
    own_prompts: int = 0
    own_templates: int = 0
    trackers: int = 0
    tracker_days: int = 0
    cpd_activities: int = 0
    practice_hours: int = 0
    feedback_notes: int = 0
    reflective_discussions: int = 0
    profile: int = 0  # details of the professional profile taken from the file (ones already set here are kept)

    @property
    def summary(self) -> str:
        parts = [plural(self.entries, "entry", "entries")] + [
            plural(n, one, many)
            for n, one, many in (
                (self.drafts, "draft", "drafts"),
                (self.checkins, "burnout check-in", "burnout check-ins"),
                (self.reflective_accounts, "reflective account", "reflective accounts"),
                (self.settings, "setting", "settings"),
            )
            if n
        ]
        parts += _practice_words(self.__dict__) + _revalidation_words(self.__dict__)
        text = "Imported " + ", ".join(parts) + "."
        if self.already_here:
            text += f" {plural(self.already_here, 'item was', 'items were')} already in your journal, so left as it is."
        return text


# -- export -------------------------------------------------------------------
def _utc(when: datetime) -> str:
    return when.replace(tzinfo=UTC).isoformat()


def _all_entries(db: Handle, user_id: str) -> list[entries_repo.Entry]:
    return entries_repo.all_for_user(db, user_id)


def _entry_json(row: entries_repo.Entry, keep_until: date | None = None) -> dict:
    return {
        "id": row.id,
        "entry_date": row.entry_date.isoformat(),
        "template": row.template,
        "theme": row.theme,
        "prompt_id": row.prompt_id,
        "prompt_text": row.prompt_text,
        "answers": row.answers,
        "body": row.body,
        "mood": row.mood,
        "energy": row.energy,
        "is_win": row.is_win,
        "tags": list(row.tags),
        "polarity": row.polarity,
        "subjectivity": row.subjectivity,
        "created_at": _utc(row.created_at),
        "updated_at": _utc(row.updated_at),
        "trashed": row.deleted_at is not None,
        "deleted_at": _utc(row.deleted_at) if row.deleted_at else None,
        "revision": row.revision,
        "source": row.source,
        "time_zone": row.time_zone,
        "keep_until": keep_until.isoformat() if keep_until else None,  # a debrief's last day; null for most
    }


def _draft_json(row: entries_repo.DraftRow) -> dict:
    return {
        "entry_id": row.entry_id,
        "template": row.template,
        "updated_at": _utc(row.updated_at),
        "is_edit": row.is_edit,
        "input": json.loads(row.payload),
    }


def _checkin_json(row: burnout_repo.CheckinRow) -> dict:
    return {
        "id": row.id,
        "taken_on": row.taken_on.isoformat(),
        "created_at": _utc(row.created_at),
        "answers": json.loads(row.answers),
        "scores": {"personal": row.personal, "work": row.work, "client": row.client},
    }


def _reflective_json(row: reflective_repo.ReflectiveAccountRow) -> dict:
    return {
        "id": row.id,
        "entry_id": row.entry_id,
        "prepared_at": _utc(row.prepared_at),
        "code_themes": json.loads(row.code_themes),
    }


# Each kind of row counted in a preview or a result, in words: one and many.
_KIND_WORDS = {
    "people": ("person", "people"),
    "actions": ("action", "actions"),
    "check_backs": ("check-back", "check-backs"),
    "own_prompts": ("prompt of your own", "prompts of your own"),
    "own_templates": ("template of your own", "templates of your own"),
    "cpd_activities": ("CPD activity", "CPD activities"),
    "practice_hours": ("stretch of practice hours", "stretches of practice hours"),
    "feedback_notes": ("feedback note", "feedback notes"),
    "reflective_discussions": ("reflective discussion", "reflective discussions"),
    "profile": ("detail of your professional profile", "details of your professional profile"),
}


def _counted(counts: dict[str, int], keys: tuple[str, ...]) -> list[str]:
    """ "4 people, 9 actions": each of these counts that isn't nought, in words."""
    return [plural(counts[key], *_KIND_WORDS[key]) for key in keys if counts.get(key)]


def _practice_words(counts: dict[str, int]) -> list[str]:
    """ "4 people, 9 actions, 2 trackers (60 days)": the relational-practice counts that aren't nought."""
    parts = _counted(counts, ("people", "actions", "check_backs", "own_prompts", "own_templates"))
    trackers, days = counts["trackers"], counts["tracker_days"]
    if trackers:
        parts.append(plural(trackers, "tracker") + (f" ({plural(days, 'day')})" if days else ""))
    elif days:
        parts.append(plural(days, "tracker day"))
    return parts


def _row_json(row: object, *, leave_out: tuple[str, ...] = ()) -> dict:
    """A store row as plain data: dates as 2024-03-01, times in UTC, never its owner."""
    out: dict[str, object] = {}
    for f in fields(row):  # type: ignore[arg-type]
        if f.name == "user_id" or f.name in leave_out:
            continue
        value = getattr(row, f.name)
        if isinstance(value, datetime):
            value = _utc(value)
        elif isinstance(value, date):
            value = value.isoformat()
        out[f.name] = value
    return out


def _practice_json(practice: practice_repo.Practice) -> dict:
    return {
        "people": [_row_json(r) for r in practice.people],
        "entry_people": [_row_json(r) for r in practice.entry_people],
        "actions": [_row_json(r) for r in practice.actions],
        # All of them, the coaching and group ones too (an import leaves those two kinds out: see _plan_check_back).
        "check_backs": [_row_json(r) for r in practice.check_backs],
        # Which coaching a suggestion came from is an id of a relationship, not the person's: only the fact.
        "own_prompts": [
            {**_row_json(r, leave_out=("suggested_in",)), "suggested_by_coach": r.suggested_in is not None}
            for r in practice.own_prompts
        ],
        "own_templates": [{**_row_json(r), "boxes": json.loads(r.boxes)} for r in practice.own_templates],
        "trackers": [_row_json(r) for r in practice.trackers],
        "tracker_days": [_row_json(r) for r in practice.tracker_days],
    }


def _revalidation_words(counts: dict[str, int]) -> list[str]:
    """ "3 CPD activities, 1 reflective discussion": the revalidation counts that aren't nought."""
    return _counted(counts, (*practice_repo.REVALIDATION_TABLES, "profile"))


def _revalidation_json(revalidation: practice_repo.Revalidation) -> dict:
    """The revalidation sections. Which coach's note or coaching a row grew from is an id of a relationship, not the
    person's: only the fact. The partner's name, PIN and email are the person's own words, so they are here."""
    profile = revalidation.profile
    return {
        "professional_profile": None
        if profile is None
        else {
            **_row_json(profile, leave_out=("statement_activities", "checklist")),
            "statement_activities": json.loads(profile.statement_activities),
            "checklist": json.loads(profile.checklist),
        },
        "cpd_activities": [_row_json(r) for r in revalidation.cpd_activities],
        "practice_hours": [_row_json(r) for r in revalidation.practice_hours],
        "feedback_notes": [
            {**_row_json(r, leave_out=("from_note_id",)), "from_coach_note": r.from_note_id is not None}
            for r in revalidation.feedback_notes
        ],
        "reflective_discussions": [
            {**_row_json(r, leave_out=("coaching_id",)), "partner_was_coach": r.coaching_id is not None}
            for r in revalidation.reflective_discussions
        ],
    }


def _settings_json(raw: dict[str, str]) -> dict:
    values = {}
    for name, text in sorted(raw.items()):
        try:
            values[name] = json.loads(text)
        except ValueError:
            continue  # unreadable, so never in effect (settings.get ignores it too)
    return values


def _document(db: Handle, user_id: str) -> dict:
    """Everything one person wrote, as plain data: the JSON export before it is written out."""
    with db.read() as snapshot:
        account = users_repo.find_by_id(snapshot, user_id)
        rows = _all_entries(snapshot, user_id)
        drafts = entries_repo.drafts(snapshot, user_id)
        checkins = burnout_repo.history(snapshot, user_id)
        stored_settings = settings_repo.read(snapshot, user_id)
        prepared = reflective_repo.for_user(snapshot, user_id)
        practice = practice_repo.read_all(snapshot, user_id)
        revalidation = practice_repo.read_revalidation(snapshot, user_id)
    return {
        "format": FORMAT,
        "version": VERSION,
        "exported_at": _utc(utcnow()),
        # The account's name and start only: never its password hash, never anyone else's rows.
        "account": {"username": account.username, "created_at": _utc(account.created_at)} if account else None,
        "entries": [_entry_json(r, revalidation.keep_until.get(r.id)) for r in rows],
        "drafts": [_draft_json(d) for d in sorted(drafts, key=lambda d: (d.updated_at, d.entry_id))],
        "burnout_checkins": [_checkin_json(c) for c in checkins],
        "settings": _settings_json(stored_settings),
        "reflective_accounts": [_reflective_json(r) for r in sorted(prepared, key=lambda r: (r.prepared_at, r.id))],
        **_practice_json(practice),
        **_revalidation_json(revalidation),
    }


def export_json(db: Handle, user_id: str) -> str:
    """The JSON export: readable UTF-8, restorable with import_json."""
    document = _document(db, user_id)
    text = json.dumps(document, ensure_ascii=False, indent=2)
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        # An unsaved draft can hold a lone surrogate, which UTF-8 can't carry: escape, so nothing is lost.
        text = json.dumps(document, ensure_ascii=True, indent=2)
    return text


# -- reading a file -----------------------------------------------------------
class _Check:
    """Reads one part of the file, naming where it is in every complaint."""

    def __init__(self, where: str):
        self.where = where

    def fail(self, problem: str) -> typing.NoReturn:
        raise ExchangeError(f"This file can't be imported: {self.where} {problem}. Nothing was imported.")

    def obj(self, value: object, what: str) -> dict:
        if not isinstance(value, dict):
            self.fail(f"has {what} that isn't a JSON object")
        return value

    @typing.overload
    def text(
        self, raw: dict, key: str, *, optional: typing.Literal[False] = False, limit: int | None = None
    ) -> str: ...
    @typing.overload
    def text(self, raw: dict, key: str, *, optional: bool, limit: int | None = None) -> str | None: ...
    def text(self, raw: dict, key: str, *, optional: bool = False, limit: int | None = None) -> str | None:
        value = raw.get(key)
        if value is None and optional:
            return None
        if not isinstance(value, str) or (not optional and not value):
            self.fail(f'needs "{key}" as text')
        if limit is not None and len(value) > limit:
            self.fail(f'has a "{key}" longer than {limit} characters')
        return value

    def flag(self, raw: dict, key: str, default: bool = False) -> bool:
        value = raw.get(key, default)
        if not isinstance(value, bool):
            self.fail(f'needs "{key}" as true or false')
        return value

    def whole(self, raw: dict, key: str, low: int, high: int, *, optional: bool = False) -> int | None:
        value = raw.get(key)
        if value is None and optional:
            return None
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            self.fail(f'needs "{key}" as a whole number from {low} to {high}' + (", or null" if optional else ""))
        return value

    def day(self, raw: dict, key: str, *, latest: date | None = None) -> date:
        value = raw.get(key)
        try:
            day = date.fromisoformat(value) if isinstance(value, str) else None
        except ValueError:
            day = None
        if day is None:
            self.fail(f'needs "{key}" as a date like 2024-03-01')
        if latest is not None and day > latest:
            self.fail(f'has a "{key}" in the future ({value})')
        return day

    @typing.overload
    def moment(self, raw: dict, key: str, *, optional: typing.Literal[False] = False) -> datetime: ...
    @typing.overload
    def moment(self, raw: dict, key: str, *, optional: bool) -> datetime | None: ...
    def moment(self, raw: dict, key: str, *, optional: bool = False) -> datetime | None:
        value = raw.get(key)
        if value is None and optional:
            return None
        try:
            when = datetime.fromisoformat(value) if isinstance(value, str) else None
        except ValueError:
            when = None
        if when is None:
            self.fail(f'needs "{key}" as a date and time like 2024-03-01T09:30:00+00:00')
        return when.astimezone(UTC).replace(tzinfo=None) if when.tzinfo else when  # no zone: UTC, as exported

    def listing(self, raw: dict, key: str) -> list:
        value = raw.get(key, [])
        if not isinstance(value, list):
            self.fail(f'needs "{key}" as a list')
        return value


@dataclass
class _Plan:
    """Everything the file holds, checked and ready to write for one account."""

    entries: list[tuple[str, entries_repo.Entry]]  # (id in the file, row with that id as placeholder)
    drafts: list[tuple[str, EntryInput, datetime]]
    checkins: list[tuple[str, burnout_repo.CheckinRow]]
    settings: dict[str, object]
    notices: list[str]
    reflective: list[tuple[str, reflective_repo.ReflectiveAccountRow]] = field(default_factory=list)
    practice: practice_repo.Practice = field(default_factory=practice_repo.Practice)  # ids as in the file
    revalidation: practice_repo.Revalidation = field(default_factory=practice_repo.Revalidation)  # ids as in the file


def _parse(text: str) -> dict:
    try:
        document = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ExchangeError(
            f"This file isn't valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg}). Nothing was imported."
        ) from None
    except (TypeError, ValueError) as exc:
        raise ExchangeError(f"This file can't be read as text ({exc}). Nothing was imported.") from None
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise ExchangeError(
            'This isn\'t a Harbour export: it should start with {"format": "harbour", ...}. Nothing was imported.'
        )
    version = document.get("version")
    if isinstance(version, int) and not isinstance(version, bool) and version > VERSION:
        raise ExchangeError(
            f"This file was exported by a newer Harbour (format version {version}); this one reads version "
            f"{VERSION}. Please update Harbour, then import it again. Nothing was imported."
        )
    if version not in READS or isinstance(version, bool):
        versions = ", ".join(map(str, READS[:-1])) + f" or {READS[-1]}"
        raise ExchangeError(f'This file\'s "version" should be {versions}. Nothing was imported.')
    return document


def _cleaned(value: str, removed: list[int]) -> str:
    text, n = clean(value)
    removed[0] += n
    return text


def _own_id(value: str | None) -> str | None:
    """The id in an own template's or own prompt's "own:<id>", or None for Harbour's reviewed ones."""
    return value[len(own_rules.OWN) :] if value is not None and value.startswith(own_rules.OWN) else None


def _answer_keys(
    check: _Check, template_id: str, answers: dict, lib: Library, own_templates: set[str]
) -> tuple[str, list[str]]:
    """The template as it will be kept and the answers it allows, in their order; refuses any other template.

    Harbour's reviewed templates allow their boxes' keys. An own template's entry is keyed by its boxes' labels as
    they were when it was written (migration 10), so any labels are kept, as many as an own template has boxes."""
    own = _own_id(template_id)
    if own is None:
        try:
            template = lib.template(template_id)
        except KeyError:
            check.fail(f'is a kind of reflection ("{template_id}") this Harbour doesn\'t know')
        allowed = [f.key for f in template.fields] + [PROMPT_ANSWER]
        if unknown := sorted(set(answers) - set(allowed)):
            check.fail(f"has answers ({', '.join(unknown)}) that don't belong to a {template.name} reflection")
        return template.id, allowed
    if own not in own_templates:
        check.fail("is written with a template of your own that isn't in the file")
    labels = [key for key in answers if key != PROMPT_ANSWER]
    if len(labels) > own_rules.MAX_BOXES or any(not k or len(k) > own_rules.MAX_BOX_LABEL_CHARS for k in labels):
        check.fail(
            f"has answers that can't belong to a template of your own (at most {own_rules.MAX_BOXES} boxes, "
            f"each named in up to {own_rules.MAX_BOX_LABEL_CHARS} characters)"
        )
    return template_id, list(answers)


def _plan_entry(
    raw: object,
    n: int,
    lib: Library,
    latest: date,
    removed: list[int],
    unknown_zones: list[int] | None = None,
    own: tuple[set[str], set[str]] = (set(), set()),
    unknown_prompts: list[int] | None = None,
) -> tuple[str, entries_repo.Entry]:
    """One entry, checked; `own` is the file's own template ids and own prompt ids, which its "own:<id>" may name."""
    check = _Check(f"entry {n}")
    raw = check.obj(raw, "an entry")
    original_id = check.text(raw, "id", limit=200)
    when = raw.get("entry_date")
    if isinstance(when, str):
        check.where = f"entry {n} (dated {when[:10]})"
    template_id = check.text(raw, "template")
    answers_raw = check.obj(raw.get("answers", {}), '"answers"')
    kept_template, allowed = _answer_keys(check, template_id, answers_raw, lib, own[0])
    answers = {}
    for key in allowed:  # the template's order, as a save keeps it
        value = answers_raw.get(key)
        if value is None:
            continue
        if not isinstance(value, str):
            check.fail(f'has an answer to "{key}" that isn\'t text')
        value = _cleaned(value, removed)
        if value.strip():
            answers[key] = value
    body = "\n\n".join(answers.values())
    if len(body) > MAX_ENTRY_CHARS:
        check.fail(f"is longer than the {MAX_ENTRY_CHARS:,} characters Harbour keeps in one entry")
    mood = check.whole(raw, "mood", 1, 5, optional=True)
    energy = check.whole(raw, "energy", 1, 5, optional=True)
    if not body.strip() and mood is None and energy is None:
        check.fail("has no words, mood or energy")
    theme = check.text(raw, "theme", optional=True)
    if theme is not None and lib.theme(theme) is None:
        check.fail(f'has a theme ("{theme}") this Harbour doesn\'t know')
    tags_raw = check.listing(raw, "tags")
    if not all(isinstance(t, str) for t in tags_raw):
        check.fail('has "tags" that aren\'t all text')
    tags = normalise_tags(tags_raw)
    if len(tags) > MAX_TAGS:
        check.fail(f"has more than {MAX_TAGS} tags")
    prompt_text = check.text(raw, "prompt_text", optional=True)
    prompt_id = check.text(raw, "prompt_id", optional=True, limit=200)
    own_prompt = _own_id(prompt_id)
    if own_prompt is not None and own_prompt not in own[1]:
        prompt_id = None  # a prompt of your own that isn't in the file: its words stay with the entry
        if unknown_prompts is not None:
            unknown_prompts[0] += 1
    tone = sentiment.analyse(body)
    created_at = check.moment(raw, "created_at")
    row = entries_repo.Entry(
        id=original_id,
        user_id="",
        template=kept_template,
        theme=theme,
        prompt_id=prompt_id,
        prompt_text=_cleaned(prompt_text, removed) if prompt_text is not None else None,
        answers=answers,
        body=body,
        mood=mood,
        energy=energy,
        is_win=check.flag(raw, "is_win"),
        polarity=tone.polarity if tone else None,
        subjectivity=tone.subjectivity if tone else None,
        entry_date=check.day(raw, "entry_date", latest=latest),
        created_at=created_at,
        updated_at=check.moment(raw, "updated_at", optional=True) or created_at,
        deleted_at=check.moment(raw, "deleted_at", optional=True),
        revision=check.whole(raw, "revision", 1, 2**31 - 1, optional=True) or 1,
        source=_source(check, raw),
        time_zone=_zone(check, raw, unknown_zones),
        tags=tuple(tags),
    )
    return original_id, row


_INPUT_FIELDS = {f.name for f in fields(EntryInput)}


def _source(check: _Check, raw: dict) -> str:
    # The registry holds this module's own reader and writer, so it is looked up here, once both are loaded.
    from journal.portability.formats import IMPORTS

    source = check.text(raw, "source", optional=True, limit=40) or "harbour"
    if source not in IMPORTS:  # Harbour itself, or a format it imports: nothing else is ever stored
        check.fail("says it came from somewhere Harbour doesn't import from (its \"source\" isn't one Harbour knows)")
    return source


def _zone(check: _Check, raw: dict, unknown: list[int] | None) -> str | None:
    """The entry's time zone if text.zones can read it; an unreadable one is dropped, never stored as it came."""
    name = check.text(raw, "time_zone", optional=True, limit=64)
    if name is None or zones.parse(name) is not None:
        return name.strip() if name is not None else None
    if unknown is not None:
        unknown[0] += 1
    return None


def _plan_draft(
    raw: object, n: int, lib: Library, own: tuple[set[str], set[str]] = (set(), set())
) -> tuple[str, EntryInput, datetime]:
    check = _Check(f"draft {n}")
    raw = check.obj(raw, "a draft")
    entry_id = check.text(raw, "entry_id", limit=200)
    updated_at = check.moment(raw, "updated_at")
    data = check.obj(raw.get("input"), '"input"')
    if set(data) != _INPUT_FIELDS:
        check.fail(f'needs "input" with exactly these fields: {", ".join(sorted(_INPUT_FIELDS))}')
    template_id = check.text(data, "template")
    answers = check.obj(data["answers"], '"answers"')
    kept_template, _ = _answer_keys(check, template_id, answers, lib, own[0])
    if not all(isinstance(v, str) for v in answers.values()):
        check.fail("has answers that aren't all text")
    prompt_id = check.text(data, "prompt_id", optional=True)
    if (own_prompt := _own_id(prompt_id)) is not None and own_prompt not in own[1]:
        prompt_id = None  # as for an entry: the prompt's words stay
    tags = check.listing(data, "tags")
    if not all(isinstance(t, str) for t in tags):
        check.fail('has "tags" that aren\'t all text')
    theme = check.text(data, "theme", optional=True)
    if theme is not None and lib.theme(theme) is None:
        check.fail(f'has a theme ("{theme}") this Harbour doesn\'t know')
    inp = EntryInput(
        template=kept_template,
        answers=dict(answers),
        mood=check.whole(data, "mood", 1, 5, optional=True),
        energy=check.whole(data, "energy", 1, 5, optional=True),
        tags=list(tags),
        is_win=check.flag(data, "is_win"),
        theme=theme,
        prompt_id=prompt_id,
        prompt_text=check.text(data, "prompt_text", optional=True),
        entry_date=check.day(data, "entry_date"),
    )
    return entry_id, inp, updated_at


def _plan_checkin(raw: object, n: int, latest: date) -> tuple[str, burnout_repo.CheckinRow]:
    check = _Check(f"burnout check-in {n}")
    raw = check.obj(raw, "a check-in")
    original_id = check.text(raw, "id", limit=200)
    answers = check.obj(raw.get("answers"), '"answers"')
    inv = burnout.inventory()
    client_items = {i.id for i in inv.scale(burnout.OPTIONAL_SCALE).items}
    try:
        scores = burnout.score(answers, include_client=bool(client_items & set(answers)), inv=inv)
    except burnout.CbiError as exc:
        check.fail(f"has answers Harbour can't read ({exc})")
    if all(scores.get(s) is None for s in burnout.SCALES):
        check.fail("has too few answers to score")
    row = burnout_repo.CheckinRow(
        id=original_id,
        user_id="",
        taken_on=check.day(raw, "taken_on", latest=latest),
        created_at=check.moment(raw, "created_at"),
        answers=json.dumps(answers),
        personal=scores.personal,
        work=scores.work,
        client=scores.client,
    )
    return original_id, row


def _plan_reflective(raw: object, n: int, entry_ids: set[str]) -> tuple[str, reflective_repo.ReflectiveAccountRow]:
    check = _Check(f"reflective account {n}")
    raw = check.obj(raw, "a reflective account")
    original_id = check.text(raw, "id", limit=200)
    entry_id = check.text(raw, "entry_id", limit=200)
    if entry_id not in entry_ids:
        check.fail("is about an entry that isn't in the file")
    themes = check.listing(raw, "code_themes")
    if len(themes) > 10 or not all(isinstance(t, str) and 0 < len(t) <= 80 for t in themes):
        check.fail('needs "code_themes" as a short list of short texts')
    row = reflective_repo.ReflectiveAccountRow(
        id=original_id,
        user_id="",
        entry_id=entry_id,
        prepared_at=check.moment(raw, "prepared_at"),
        code_themes=json.dumps(themes, ensure_ascii=False),
    )
    return original_id, row


# -- the relational-practice sections (version 2) ---------------------------------
def _words(check: _Check, raw: dict, key: str, limit: int, removed: list[int], *, empty: bool = False) -> str:
    """Text a person wrote, cleaned of what can't be stored, within its part's limit (blank only if `empty`)."""
    value = check.text(raw, key, optional=True, limit=limit)
    if value is None:
        check.fail(f'needs "{key}" as text')
    value = _cleaned(value, removed)
    if not empty and not value.strip():
        check.fail(f'needs "{key}" as text')
    return value


def _label(check: _Check, raw: dict, key: str, limit: int, removed: list[int]) -> str | None:
    value = check.text(raw, key, optional=True, limit=limit)
    return _cleaned(value, removed) if value is not None else None


def _one_of(check: _Check, raw: dict, key: str, allowed: tuple[str, ...]) -> str:
    value = raw.get(key)
    if value not in allowed:
        check.fail(f'needs "{key}" as one of {", ".join(allowed)}')
    return typing.cast(str, value)


def _maybe_day(check: _Check, raw: dict, key: str) -> date | None:
    return None if raw.get(key) is None else check.day(raw, key)


def _link(check: _Check, raw: dict, key: str, known: set[str], dangling: list[int]) -> str | None:
    """An id the row refers to: kept only if it is in the file, so it can never reach anyone else's row."""
    value = check.text(raw, key, optional=True, limit=200)
    if value is not None and value not in known:
        dangling[0] += 1
        return None
    return value


def _named(raw: object, where: str, limit: int, removed: list[int]) -> tuple[_Check, dict, str, str]:
    """A row with an id and a name, its checker then naming it in every complaint."""
    check = _Check(where)
    raw = check.obj(raw, "something")
    original_id = check.text(raw, "id", limit=200)
    name = _words(check, raw, "name", limit, removed)
    check.where = f'{where} ("{name[:40]}")'
    return check, raw, original_id, name


def _plan_own_template(raw: object, n: int, removed: list[int]) -> practice_repo.OwnTemplateRow:
    check, raw, original_id, name = _named(raw, f"template of your own {n}", own_rules.MAX_TEMPLATE_NAME_CHARS, removed)
    boxes_raw = check.listing(raw, "boxes")
    if not 1 <= len(boxes_raw) <= own_rules.MAX_BOXES:
        check.fail(f'needs "boxes" as a list of 1 to {own_rules.MAX_BOXES} boxes')
    boxes = [
        {
            "label": _words(check, box, "label", own_rules.MAX_BOX_LABEL_CHARS, removed),
            "long": check.flag(box, "long"),
        }
        for box in (check.obj(b, "a box that") for b in boxes_raw)
    ]
    created_at = check.moment(raw, "created_at")
    return practice_repo.OwnTemplateRow(
        id=original_id,
        user_id="",
        name=name,
        boxes=json.dumps(boxes, ensure_ascii=False),
        created_at=created_at,
        updated_at=check.moment(raw, "updated_at", optional=True) or created_at,
        retired_at=check.moment(raw, "retired_at", optional=True),
    )


def _plan_own_prompt(raw: object, n: int, removed: list[int], suggested: list[int]) -> practice_repo.OwnPromptRow:
    check = _Check(f"prompt of your own {n}")
    raw = check.obj(raw, "a prompt")
    original_id = check.text(raw, "id", limit=200)
    if check.flag(raw, "suggested_by_coach"):
        suggested[0] += 1
    return practice_repo.OwnPromptRow(
        id=original_id,
        user_id="",
        text=_words(check, raw, "text", own_rules.MAX_PROMPT_CHARS, removed),
        suggested_in=None,  # a coach's suggestion comes in as the person's own prompt
        created_at=check.moment(raw, "created_at"),
        retired_at=check.moment(raw, "retired_at", optional=True),
    )


def _plan_person(raw: object, n: int, removed: list[int]) -> practice_repo.PersonRow:
    check = _Check(f"person {n}")
    raw = check.obj(raw, "a person")
    original_id = check.text(raw, "id", limit=200)
    created_at = check.moment(raw, "created_at")
    return practice_repo.PersonRow(
        id=original_id,
        user_id="",
        name=_words(check, raw, "name", people_rules.MAX_NAME_CHARS, removed),
        cares_about=_words(check, raw, "cares_about", people_rules.MAX_CARES_CHARS, removed, empty=True),
        created_at=created_at,
        updated_at=check.moment(raw, "updated_at", optional=True) or created_at,
        deleted_at=check.moment(raw, "deleted_at", optional=True),
    )


def _plan_action(
    raw: object, n: int, removed: list[int], entry_ids: set[str], person_ids: set[str], dangling: list[int]
) -> practice_repo.ActionRow:
    check = _Check(f"action {n}")
    raw = check.obj(raw, "an action")
    return practice_repo.ActionRow(
        id=check.text(raw, "id", limit=200),
        user_id="",
        kind=_one_of(check, raw, "kind", people_rules.ACTION_KINDS),
        text=_words(check, raw, "text", people_rules.MAX_ACTION_CHARS, removed),
        due=_maybe_day(check, raw, "due"),
        entry_id=_link(check, raw, "entry_id", entry_ids, dangling),
        person_id=_link(check, raw, "person_id", person_ids, dangling),
        created_at=check.moment(raw, "created_at"),
        done_at=check.moment(raw, "done_at", optional=True),
        let_go_at=check.moment(raw, "let_go_at", optional=True),
        win_entry_id=_link(check, raw, "win_entry_id", entry_ids, dangling),
    )


def _plan_check_back(
    raw: object, n: int, entry_ids: set[str], dangling: list[int], shared: list[int]
) -> practice_repo.CheckBackRow | None:
    """A check-back on an entry; None for one left out (a coaching or group one, or one whose entry isn't here)."""
    check = _Check(f"check-back {n}")
    raw = check.obj(raw, "a check-back")
    original_id = check.text(raw, "id", limit=200)
    kind = _one_of(check, raw, "kind", checkbacks_rules.KINDS)
    if kind != "entry":
        shared[0] += 1  # a coaching session or a group's regroup: a relationship, not the person's alone
        return None
    about_id = _link(check, raw, "about_id", entry_ids, dangling)
    if about_id is None:
        check.text(raw, "about_id", limit=200)  # missing altogether: say so
        return None
    return practice_repo.CheckBackRow(
        id=original_id,
        user_id="",
        kind=kind,
        about_id=about_id,
        due_on=check.day(raw, "due_on"),
        created_at=check.moment(raw, "created_at"),
        answered_entry_id=_link(check, raw, "answered_entry_id", entry_ids, dangling),
        answered_at=check.moment(raw, "answered_at", optional=True),
        dismissed_at=check.moment(raw, "dismissed_at", optional=True),
    )


def _plan_tracker(raw: object, n: int, removed: list[int]) -> practice_repo.TrackerRow:
    check, raw, original_id, name = _named(raw, f"tracker {n}", trackers_rules.MAX_NAME_CHARS, removed)
    return practice_repo.TrackerRow(
        id=original_id,
        user_id="",
        name=name,
        kind=_one_of(check, raw, "kind", trackers_rules.KINDS),
        low_label=_label(check, raw, "low_label", trackers_rules.MAX_LABEL_CHARS, removed),
        high_label=_label(check, raw, "high_label", trackers_rules.MAX_LABEL_CHARS, removed),
        position=typing.cast(int, check.whole(raw, "position", 0, 10_000)),
        created_at=check.moment(raw, "created_at"),
        retired_at=check.moment(raw, "retired_at", optional=True),
    )


def _plan_tracker_day(
    raw: object, n: int, latest: date, kinds: dict[str, str], dangling: list[int]
) -> practice_repo.TrackerDayRow | None:
    check = _Check(f"tracker day {n}")
    raw = check.obj(raw, "a tracker's day")
    tracker_id = _link(check, raw, "tracker_id", set(kinds), dangling)
    if tracker_id is None:
        check.text(raw, "tracker_id", limit=200)
        return None
    day = check.day(raw, "day", latest=latest)
    check.where = f"tracker day {n} ({day.isoformat()})"
    low, high = (0, 1) if kinds[tracker_id] == "yes_no" else (1, 5)  # yes/no is 1 or 0; a scale 1 to 5
    return practice_repo.TrackerDayRow(
        user_id="",
        tracker_id=tracker_id,
        day=day,
        value=typing.cast(int, check.whole(raw, "value", low, high)),
        updated_at=check.moment(raw, "updated_at"),
    )


@dataclass
class _Own:
    """The file's own templates and prompts, read before its entries (which may name them) and drafts."""

    templates: list[practice_repo.OwnTemplateRow]
    prompts: list[practice_repo.OwnPromptRow]
    suggested: int  # prompts a coach suggested, coming in as the person's own

    @property
    def ids(self) -> tuple[set[str], set[str]]:
        return {t.id for t in self.templates}, {p.id for p in self.prompts}


def _plan_own(document: dict, removed: list[int]) -> _Own:
    top = _Check("the file")
    suggested = [0]
    templates = [_plan_own_template(t, n, removed) for n, t in enumerate(top.listing(document, "own_templates"), 1)]
    prompts = [
        _plan_own_prompt(p, n, removed, suggested) for n, p in enumerate(top.listing(document, "own_prompts"), 1)
    ]
    return _Own(templates, prompts, suggested[0])


def _each_once(check: _Check, *kinds: tuple[str, list[str]]) -> None:
    """Refuse a file with the same row twice in one section, naming it."""
    for what, ids in kinds:
        if len(set(ids)) != len(ids):
            duplicate = next(i for i in ids if ids.count(i) > 1)
            check.fail(f'has two of one {what} ("{duplicate}")')


def _plan_practice(
    document: dict,
    entry_ids: set[str],
    own: _Own,
    latest: date,
    removed: list[int],
    notices: list[str],
    dangling: list[int] | None = None,
) -> practice_repo.Practice:
    """The file's relational-practice sections, checked; every reference inside them points into the file.
    `dangling` counts references left out so far (the revalidation sections', read first)."""
    top = _Check("the file")
    dangling, shared, suggested = dangling or [0], [0], [own.suggested]
    people = [_plan_person(p, n, removed) for n, p in enumerate(top.listing(document, "people"), 1)]
    person_ids = {p.id for p in people}
    links: dict[tuple[str, str], practice_repo.EntryPersonRow] = {}
    for n, raw in enumerate(top.listing(document, "entry_people"), 1):
        check = _Check(f"link {n} between an entry and a person")
        raw = check.obj(raw, "a link")
        entry_id = _link(check, raw, "entry_id", entry_ids, dangling)
        person_id = _link(check, raw, "person_id", person_ids, dangling)
        if entry_id is not None and person_id is not None:
            links[entry_id, person_id] = practice_repo.EntryPersonRow("", entry_id, person_id)
        elif raw.get("entry_id") is None or raw.get("person_id") is None:
            check.fail('needs "entry_id" and "person_id" as text')
    actions = [
        _plan_action(a, n, removed, entry_ids, person_ids, dangling)
        for n, a in enumerate(top.listing(document, "actions"), 1)
    ]
    check_backs = [
        c
        for n, raw in enumerate(top.listing(document, "check_backs"), 1)
        if (c := _plan_check_back(raw, n, entry_ids, dangling, shared)) is not None
    ]
    trackers = [_plan_tracker(t, n, removed) for n, t in enumerate(top.listing(document, "trackers"), 1)]
    kinds = {t.id: t.kind for t in trackers}
    days = [
        d
        for n, raw in enumerate(top.listing(document, "tracker_days"), 1)
        if (d := _plan_tracker_day(raw, n, latest, kinds, dangling)) is not None
    ]
    practice = practice_repo.Practice(
        people, list(links.values()), actions, check_backs, own.prompts, own.templates, trackers, days
    )
    _each_once(
        top,
        ("person", [p.id for p in people]),
        ("action", [a.id for a in actions]),
        ("check-back", [c.id for c in check_backs]),
        ("prompt of your own", [p.id for p in practice.own_prompts]),
        ("template of your own", [t.id for t in practice.own_templates]),
        ("tracker", [t.id for t in trackers]),
        ("tracker's day", [f"{d.tracker_id} on {d.day}" for d in days]),
    )
    if shared[0]:
        notices.append(
            f"{plural(shared[0], 'check-back', 'check-backs')} for a coaching session or a group's regroup "
            "stayed out: those belong to a relationship, not to you alone, so set them again there if you like."
        )
    if suggested[0]:
        notices.append(
            f"{plural(suggested[0], 'prompt', 'prompts')} a coach suggested came in as your own, "
            "to keep or put away as you choose."
        )
    if dangling[0]:
        notices.append(
            f"{plural(dangling[0], 'link', 'links')} to something that isn't in the file (an entry, a person, a "
            f"tracker or a CPD activity) {'was' if dangling[0] == 1 else 'were'} left out; everything else came in."
        )
    return practice


# -- the revalidation sections (version 3) ------------------------------------------------
# Limits for the NMC's rows, as generous as the boxes a person fills in; the CPD log's and the profile's come from
# their own rules.
_LINE_CHARS = 500  # a stretch of practice's organisation, work setting and scope
_LONG_CHARS = 4_000  # a description, what feedback said and what changed, what a discussion was about
_PROFILE_CHARS = 20_000  # the HCPC profile's summary of practice and personal statement (about 500 words each)
_MAX_HOURS = 10_000  # one stretch of practice
_NAME_CHARS, _PIN_CHARS, _EMAIL_CHARS = 120, 20, 254  # the reflective discussion's partner
_THEME_IDS = tuple(t.id for t in CODE_THEMES)


def _maybe_one_of(check: _Check, raw: dict, key: str, allowed: tuple[str, ...]) -> str | None:
    value = raw.get(key)
    if value is not None and value not in allowed:
        check.fail(f'needs "{key}" as one of {", ".join(allowed)}, or null')
    return typing.cast(str | None, value)


def _not_before(check: _Check, day: date, key: str) -> date:
    if day < cpd_rules.EARLIEST:
        check.fail(f'has a "{key}" before {cpd_rules.EARLIEST.year}')
    return day


def _kept(check: _Check, raw: dict, original_id: str) -> dict[str, typing.Any]:
    """What every revalidation row has: its id in the file, no owner yet, when it was made and put in the trash."""
    return {
        "id": original_id,
        "user_id": "",
        "created_at": check.moment(raw, "created_at"),
        "deleted_at": check.moment(raw, "deleted_at", optional=True),
    }


def _dated(raw: object, where: str, key: str, latest: date) -> tuple[_Check, dict, str, date]:
    """A row with an id and a day (today or earlier), its checker then naming the day in every complaint."""
    check = _Check(where)
    raw = check.obj(raw, "something")
    original_id = check.text(raw, "id", limit=200)
    day = _not_before(check, check.day(raw, key, latest=latest), key)
    check.where = f"{where} ({day.isoformat()})"
    return check, raw, original_id, day


def _plan_activity(
    raw: object, n: int, latest: date, removed: list[int], entry_ids: set[str], dangling: list[int]
) -> practice_repo.ActivityRow:
    check = _Check(f"CPD activity {n}")
    raw = check.obj(raw, "a CPD activity")
    original_id = check.text(raw, "id", limit=200)
    topic = _words(check, raw, "topic", cpd_rules.MAX_TOPIC_CHARS, removed)
    check.where = f'CPD activity {n} ("{topic[:40]}")'
    types = tuple(t.id for t in regulators.load().hcpc.learning_types)
    return practice_repo.ActivityRow(
        **_kept(check, raw, original_id),
        done_on=_not_before(check, check.day(raw, "done_on", latest=latest), "done_on"),
        minutes=typing.cast(int, check.whole(raw, "minutes", 1, cpd_rules.MAX_MINUTES)),
        participatory=check.flag(raw, "participatory"),
        method=_words(check, raw, "method", cpd_rules.MAX_METHOD_CHARS, removed),
        topic=topic,
        code_theme=_maybe_one_of(check, raw, "code_theme", _THEME_IDS),
        learning_type=_maybe_one_of(check, raw, "learning_type", types),
        learned=_words(check, raw, "learned", cpd_rules.MAX_LEARNED_CHARS, removed, empty=True),
        entry_id=_link(check, raw, "entry_id", entry_ids, dangling),
    )


def _plan_hours(raw: object, n: int, latest: date, removed: list[int]) -> practice_repo.PracticeHoursRow:
    check, raw, original_id, started_on = _dated(raw, f"stretch of practice hours {n}", "started_on", latest)
    ended_on = check.day(raw, "ended_on")
    if not started_on <= ended_on <= latest + timedelta(days=366):
        check.fail('needs "ended_on" on or after "started_on", and no more than a year ahead')
    return practice_repo.PracticeHoursRow(
        **_kept(check, raw, original_id),
        started_on=started_on,
        ended_on=ended_on,
        hours=typing.cast(int, check.whole(raw, "hours", 1, _MAX_HOURS)),
        organisation=_words(check, raw, "organisation", _LINE_CHARS, removed, empty=True),
        work_setting=_words(check, raw, "work_setting", _LINE_CHARS, removed, empty=True),
        scope=_words(check, raw, "scope", _LINE_CHARS, removed, empty=True),
        description=_words(check, raw, "description", _LONG_CHARS, removed, empty=True),
    )


def _plan_feedback(
    raw: object, n: int, latest: date, removed: list[int], entry_ids: set[str], dangling: list[int], coach: list[int]
) -> practice_repo.FeedbackRow:
    check, raw, original_id, received_on = _dated(raw, f"feedback note {n}", "received_on", latest)
    coach[0] += check.flag(raw, "from_coach_note")
    return practice_repo.FeedbackRow(
        **_kept(check, raw, original_id),
        received_on=received_on,
        source=_one_of(check, raw, "source", tuple(c.id for c in regulators.load().nmc.feedback_sources)),
        summary=_words(check, raw, "summary", _LONG_CHARS, removed),
        changed=_words(check, raw, "changed", _LONG_CHARS, removed, empty=True),
        from_entry_id=_link(check, raw, "from_entry_id", entry_ids, dangling),
        from_note_id=None,  # a coach's note belongs to that coaching: the feedback comes in as the person's own
    )


def _plan_discussion(
    raw: object, n: int, latest: date, removed: list[int], coach: list[int]
) -> practice_repo.DiscussionRow:
    check, raw, original_id, held_on = _dated(raw, f"reflective discussion {n}", "held_on", latest)
    coach[0] += check.flag(raw, "partner_was_coach")
    return practice_repo.DiscussionRow(
        **_kept(check, raw, original_id),
        held_on=held_on,
        partner_name=_words(check, raw, "partner_name", _NAME_CHARS, removed),
        partner_pin=_words(check, raw, "partner_pin", _PIN_CHARS, removed),
        partner_email=_words(check, raw, "partner_email", _EMAIL_CHARS, removed, empty=True),
        coaching_id=None,  # which coaching is a relationship's id: the discussion comes in with its words only
        summary=_words(check, raw, "summary", _LONG_CHARS, removed, empty=True),
    )


def _ids(check: _Check, raw: dict, key: str, what: str) -> list[str]:
    """A list of ids, each once, in the file's order."""
    value = check.listing(raw, key)
    if len(value) > 100 or not all(isinstance(i, str) and 0 < len(i) <= 200 for i in value):
        check.fail(f'needs "{key}" as a list of {what}')
    return list(dict.fromkeys(value))


def _plan_profile(
    raw: object, latest: date, removed: list[int], cpd_ids: set[str], dangling: list[int], notices: list[str]
) -> profession_repo.ProfileRow | None:
    if raw is None:
        return None
    raw = _Check("the file").obj(raw, '"professional_profile"')
    check = _Check("the professional profile")
    renewal_on = _maybe_day(check, raw, "renewal_on")
    furthest = latest + timedelta(days=366 * profession_rules.RENEWAL_LATEST_YEARS)
    if renewal_on is not None and not cpd_rules.EARLIEST <= renewal_on <= furthest:
        check.fail(f'has a "renewal_on" more than {profession_rules.RENEWAL_LATEST_YEARS} years away')
    chosen = _ids(check, raw, "statement_activities", "CPD activities' ids")
    statement_activities = [i for i in chosen if i in cpd_ids]
    dangling[0] += len(chosen) - len(statement_activities)
    ticked = _ids(check, raw, "checklist", "the checklist's ids")
    known = [i for i in ticked if i in {item.id for item in regulators.load().nmc.checklist}]
    if len(known) < len(ticked):
        notices.append(
            f"Left out {plural(len(ticked) - len(known), 'tick')} on the NMC checklist this Harbour doesn't know."
        )
    return profession_repo.ProfileRow(
        user_id="",
        regulator=_maybe_one_of(check, raw, "regulator", regulators.IDS),
        renewal_on=renewal_on,
        summary_of_practice=_words(check, raw, "summary_of_practice", _PROFILE_CHARS, removed, empty=True),
        personal_statement=_words(check, raw, "personal_statement", _PROFILE_CHARS, removed, empty=True),
        statement_activities=json.dumps(statement_activities),
        checklist=json.dumps(known),
        updated_at=check.moment(raw, "updated_at", optional=True),
    )


def _plan_keep_until(document: dict, latest: date) -> dict[str, date]:
    """Each debrief's last day, by the id of its entry in the file (already checked as an entry)."""
    found: dict[str, date] = {}
    for n, raw in enumerate(_Check("the file").listing(document, "entries"), 1):
        if raw.get("keep_until") is not None:
            check = _Check(f"entry {n}")
            day = check.day(raw, "keep_until")
            if day > latest + timedelta(days=366):
                check.fail('has a "keep_until" more than a year ahead')
            found[raw["id"]] = day
    return found


def _plan_revalidation(
    document: dict, entry_ids: set[str], latest: date, removed: list[int], dangling: list[int], notices: list[str]
) -> practice_repo.Revalidation:
    """The file's revalidation sections, checked; every reference inside them points into the file."""
    top = _Check("the file")
    coach_notes, coach_partners = [0], [0]
    activities = [
        _plan_activity(a, n, latest, removed, entry_ids, dangling)
        for n, a in enumerate(top.listing(document, "cpd_activities"), 1)
    ]
    revalidation = practice_repo.Revalidation(
        profile=_plan_profile(
            document.get("professional_profile"), latest, removed, {a.id for a in activities}, dangling, notices
        ),
        cpd_activities=activities,
        practice_hours=[
            _plan_hours(h, n, latest, removed) for n, h in enumerate(top.listing(document, "practice_hours"), 1)
        ],
        feedback_notes=[
            _plan_feedback(f, n, latest, removed, entry_ids, dangling, coach_notes)
            for n, f in enumerate(top.listing(document, "feedback_notes"), 1)
        ],
        reflective_discussions=[
            _plan_discussion(d, n, latest, removed, coach_partners)
            for n, d in enumerate(top.listing(document, "reflective_discussions"), 1)
        ],
        keep_until=_plan_keep_until(document, latest),
    )
    _each_once(
        top,
        ("CPD activity", [r.id for r in revalidation.cpd_activities]),
        ("stretch of practice hours", [r.id for r in revalidation.practice_hours]),
        ("feedback note", [r.id for r in revalidation.feedback_notes]),
        ("reflective discussion", [r.id for r in revalidation.reflective_discussions]),
    )
    if coach_notes[0]:
        notices.append(
            f"{plural(coach_notes[0], 'feedback note', 'feedback notes')} that grew from a coach's note came in as "
            "your own; the note itself stays with that coaching."
        )
    if coach_partners[0]:
        notices.append(
            f"{plural(coach_partners[0], 'reflective discussion was', 'reflective discussions were')} with your "
            "coach: the partner's name and PIN came in as you wrote them, without a link to a coaching here."
        )
    return revalidation


# What of a professional profile an import may fill in, in the words the preview uses.
_PROFILE_PARTS = (
    ("regulator", "your regulator"),
    ("renewal_on", "your renewal date"),
    ("summary_of_practice", "your summary of practice"),
    ("personal_statement", "your personal statement"),
    ("statement_activities", "the activities your statement draws on"),
    ("checklist", "your ticks on the NMC checklist"),
)


def _blank(value: object) -> bool:
    return value is None or value == "" or value == profession_repo.NONE


def _profile_taken(
    current: profession_repo.ProfileRow | None, incoming: profession_repo.ProfileRow | None
) -> tuple[dict[str, object], tuple[str, ...]]:
    """What the file's profile fills in (only what isn't set here: a regulator already chosen is never replaced),
    and the words saying so."""
    if incoming is None:
        return {}, ()
    here = current or profession_repo.ProfileRow("")
    taken: dict[str, object] = {}
    kept: list[str] = []
    for name, words in _PROFILE_PARTS:
        mine, theirs = getattr(here, name), getattr(incoming, name)
        if _blank(theirs):
            continue
        # The activities a statement draws on go with it: never the file's under a statement written here.
        if name == "statement_activities" and not _blank(here.personal_statement):
            mine = mine if not _blank(mine) else here.personal_statement
        if _blank(mine):
            taken[name] = theirs
        elif mine != theirs:
            kept.append(f"{words} (the file names the {_short(theirs)})" if name == "regulator" else words)
    notices = []
    if taken:
        named = [words for name, words in _PROFILE_PARTS if name in taken]
        notices.append(
            "From the file's professional profile, Harbour fills in only what isn't set here: " + _listed(named) + "."
        )
    if kept:
        notices.append("What you've already set here stays as it is: " + _listed(kept) + ".")
    return taken, tuple(notices)


def _short(regulator: str) -> str:
    words = regulators.load()
    return {regulators.NMC: words.nmc.short, regulators.HCPC: words.hcpc.short, regulators.GMC: words.gmc.short}[
        regulator
    ]


def _listed(words: list[str]) -> str:
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]


def _place_revalidation(
    tx: Handle, user_id: str, revalidation: practice_repo.Revalidation, entry_ids: dict[str, str]
) -> tuple[practice_repo.Revalidation, dict[str, dict[str, tuple[str, bool]]]]:
    """The file's revalidation rows made this account's: new ids, references remapped (the profile and keep_until
    are placed by the import itself); and table -> id in the file -> (id here, already here)."""
    remap = _Remap.of(tx, user_id, revalidation, practice_repo.REVALIDATION_TABLES, entry_ids)
    new, entry = remap.new, remap.entry
    placed = practice_repo.Revalidation(
        cpd_activities=[
            replace(a, id=new("cpd_activities", a.id), user_id=user_id, entry_id=entry(a.entry_id))
            for a in revalidation.cpd_activities
        ],
        practice_hours=[
            replace(h, id=new("practice_hours", h.id), user_id=user_id) for h in revalidation.practice_hours
        ],
        feedback_notes=[
            replace(f, id=new("feedback_notes", f.id), user_id=user_id, from_entry_id=entry(f.from_entry_id))
            for f in revalidation.feedback_notes
        ],
        reflective_discussions=[
            replace(d, id=new("reflective_discussions", d.id), user_id=user_id)
            for d in revalidation.reflective_discussions
        ],
    )
    return placed, remap.targets


def _write_profile(
    tx: Handle, user_id: str, incoming: profession_repo.ProfileRow | None, cpd_ids: dict[str, tuple[str, bool]]
) -> tuple[int, tuple[str, ...]]:
    """Fill in what the file's profile has and this account's doesn't; how many details, and the words."""
    current = profession_repo.get(tx, user_id)
    taken, notices = _profile_taken(current, incoming)
    if taken:
        if "statement_activities" in taken:
            taken["statement_activities"] = json.dumps(
                [cpd_ids[i][0] for i in json.loads(typing.cast(str, taken["statement_activities"]))]
            )
        # A whole profile from the file keeps its moment; one filled in here is changed now.
        when = incoming.updated_at if current is None and incoming and incoming.updated_at else utcnow()
        profession_repo.change(tx, user_id, when, **taken)
    return len(taken), notices


_SETTING_TYPES = typing.get_type_hints(settings.Settings)


def _setting_fits(value: object, hint: object) -> bool:
    kinds = typing.get_args(hint) or (hint,)
    if value is None:
        return type(None) in kinds
    if isinstance(value, bool):
        return bool in kinds
    if isinstance(value, datetime):
        return datetime in kinds
    return any(kind is not type(None) and isinstance(value, kind) for kind in kinds)


def _plan_settings(raw: object, notices: list[str]) -> dict[str, object]:
    check = _Check("the settings")
    values = check.obj(raw if raw is not None else {}, "settings")
    planned: dict[str, object] = {}
    unknown = 0
    for name, value in values.items():
        hint = _SETTING_TYPES.get(name)
        if hint is None:
            unknown += 1  # from a newer Harbour, or since retired: left out, as settings.get does
            continue
        if isinstance(value, str) and date in (typing.get_args(hint) or (hint,)):
            try:
                value = date.fromisoformat(value)
            except ValueError:
                check.fail(f'have "{name}" as something other than a date like 2024-03-01')
        if not _setting_fits(value, hint):
            check.fail(f'have a value for "{name}" that Harbour can\'t use ({value!r})')
        planned[name] = value
    if unknown:
        notices.append(f"Left out {plural(unknown, 'setting', 'settings')} that this Harbour doesn't know.")
    return planned


def _plan(document: dict, lib: Library) -> _Plan:
    latest = clock.today() + timedelta(days=1)  # as for a save: today anywhere in the world
    removed = [0]
    unknown_zones = [0]
    notices: list[str] = []
    unknown_prompts = [0]
    top = _Check("the file")
    own = _plan_own(document, removed)
    entries = [
        _plan_entry(e, n, lib, latest, removed, unknown_zones, own.ids, unknown_prompts)
        for n, e in enumerate(top.listing(document, "entries"), 1)
    ]
    drafts = [_plan_draft(d, n, lib, own.ids) for n, d in enumerate(top.listing(document, "drafts"), 1)]
    checkins = [_plan_checkin(c, n, latest) for n, c in enumerate(top.listing(document, "burnout_checkins"), 1)]
    entry_ids = {i for i, _ in entries}
    prepared = [
        _plan_reflective(r, n, entry_ids) for n, r in enumerate(top.listing(document, "reflective_accounts"), 1)
    ]
    for what, ids in (
        ("reflective account", [i for i, _ in prepared]),
        ("entry", [i for i, _ in entries]),
        ("draft", [i for i, _, _ in drafts]),
        ("burnout check-in", [i for i, _ in checkins]),
    ):
        if len(set(ids)) != len(ids):
            duplicate = next(i for i in ids if ids.count(i) > 1)
            top.fail(f'has two of one {what} (id "{duplicate}")')
    dangling = [0]
    revalidation = _plan_revalidation(document, entry_ids, latest, removed, dangling, notices)
    practice = _plan_practice(document, entry_ids, own, latest, removed, notices, dangling)
    planned_settings = _plan_settings(document.get("settings"), notices)
    if unknown_prompts[0]:
        notices.append(
            f"{plural(unknown_prompts[0], 'entry answers', 'entries answer')} a prompt of your own that isn't in "
            "the file; the prompt's words stay with each entry."
        )
    if unknown_zones[0]:
        notices.append(
            f"{plural(unknown_zones[0], 'entry has', 'entries have')} a time zone Harbour can't read; "
            "it was left out, so those entries show their time in UTC."
        )
    if removed[0]:
        notices.append(f"{removed[0]} invisible control character(s) couldn't be stored and were left out.")
    return _Plan(entries, drafts, checkins, planned_settings, notices, prepared, practice, revalidation)


# -- import -------------------------------------------------------------------
def _new_id(user_id: str, original_id: str) -> str:
    return str(uuid.uuid5(_NAMESPACE, f"{user_id}/{original_id}"))


def _target(user_id: str, original_id: str, owner_of: Callable[[str], str | None]) -> tuple[str, bool]:
    """The id an item is written under in this account, and whether the account already has it."""
    if owner_of(original_id) == user_id:
        return original_id, True  # the very item, still here: its own export brought back
    target = _new_id(user_id, original_id)
    return target, owner_of(target) is not None


def _counts(
    rows: practice_repo.Practice | practice_repo.Revalidation, profile: dict[str, object] | None = None
) -> dict[str, int]:
    """How many rows of each kind; for revalidation, with the details of the profile to be taken."""
    counts = {f.name: len(getattr(rows, f.name)) for f in fields(rows) if isinstance(getattr(rows, f.name), list)}
    return counts | {"profile": len(profile or {})}


def _own_remapped(value: str | None, targets: dict[str, tuple[str, bool]]) -> str | None:
    """An "own:<id>" in the file as this account's "own:<id>" (the plan made sure the id is in the file)."""
    own = _own_id(value)
    return value if own is None else own_rules.OWN + targets[own][0]


@dataclass
class _Placed:
    """The file's relational-practice rows, made this account's: new ids, references remapped."""

    practice: practice_repo.Practice
    targets: dict[str, dict[str, tuple[str, bool]]]  # table -> id in the file -> (id here, already here)
    put_away: int = 0  # live trackers beyond the limit, put away

    @property
    def already_here(self) -> int:
        return sum(exists for found in self.targets.values() for _, exists in found.values())


@dataclass(frozen=True)
class _Remap:
    """Where each of the file's rows goes in this account, and the entries' new ids."""

    targets: dict[str, dict[str, tuple[str, bool]]]  # table -> id in the file -> (id here, already here)
    entry_ids: dict[str, str]

    @classmethod
    def of(cls, tx: Handle, user_id: str, rows: object, tables: tuple[str, ...], entry_ids: dict[str, str]) -> _Remap:
        targets: dict[str, dict[str, tuple[str, bool]]] = {}
        for table in tables:

            def owner(row_id: str, table: str = table) -> str | None:
                return practice_repo.owner_of(tx, table, row_id)

            targets[table] = {r.id: _target(user_id, r.id, owner) for r in getattr(rows, table)}
        return cls(targets, entry_ids)

    def new(self, table: str, original_id: str) -> str:
        return self.targets[table][original_id][0]

    def entry(self, original_id: str | None) -> str | None:
        return None if original_id is None else self.entry_ids[original_id]


def _place(tx: Handle, user_id: str, practice: practice_repo.Practice, entry_ids: dict[str, str]) -> _Placed:
    remap = _Remap.of(tx, user_id, practice, practice_repo.ID_TABLES, entry_ids)
    targets, new, entry = remap.targets, remap.new, remap.entry

    # More live trackers than anyone keeps at once: the file's last ones (by their place) are put away, days and all.
    fresh = sorted(
        (t for t in practice.trackers if t.retired_at is None and not targets["trackers"][t.id][1]),
        key=lambda t: (t.position, t.created_at, t.id),
    )
    room = max(0, trackers_rules.MAX_TRACKERS - practice_repo.live_trackers(tx, user_id))
    away = {t.id for t in fresh[room:]}
    now = utcnow()
    placed = practice_repo.Practice(
        people=[replace(p, id=new("people", p.id), user_id=user_id) for p in practice.people],
        entry_people=[
            practice_repo.EntryPersonRow(user_id, entry_ids[link.entry_id], new("people", link.person_id))
            for link in practice.entry_people
        ],
        actions=[
            replace(
                a,
                id=new("actions", a.id),
                user_id=user_id,
                entry_id=entry(a.entry_id),
                person_id=None if a.person_id is None else new("people", a.person_id),
                win_entry_id=entry(a.win_entry_id),
            )
            for a in practice.actions
        ],
        check_backs=[
            replace(
                c,
                id=new("check_backs", c.id),
                user_id=user_id,
                about_id=entry_ids[c.about_id],
                answered_entry_id=entry(c.answered_entry_id),
            )
            for c in practice.check_backs
        ],
        own_prompts=[replace(p, id=new("own_prompts", p.id), user_id=user_id) for p in practice.own_prompts],
        own_templates=[replace(t, id=new("own_templates", t.id), user_id=user_id) for t in practice.own_templates],
        trackers=[
            replace(t, id=new("trackers", t.id), user_id=user_id, retired_at=now if t.id in away else t.retired_at)
            for t in practice.trackers
        ],
        tracker_days=[
            replace(d, user_id=user_id, tracker_id=new("trackers", d.tracker_id)) for d in practice.tracker_days
        ],
    )
    return _Placed(placed, targets, len(away))


def decode(data: bytes, filename: str = "") -> str:
    """A file's bytes as text, or why it can't be a Harbour export (its name says nothing either way)."""
    if len(data) > MAX_FILE_BYTES:
        raise ExchangeError(
            f"This file is {len(data) / 1_048_576:.0f} MB, more than the "
            f"{MAX_FILE_BYTES // 1_048_576} MB Harbour reads. Nothing was imported."
        )
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ExchangeError(
            "This file isn't UTF-8 text, so it can't be a Harbour export. Nothing was imported."
        ) from None


@dataclass(frozen=True)
class JsonPreview:
    new: int  # entries that importing would add
    already_here: int
    first: date | None
    last: date | None
    sample: tuple[entries_repo.Entry, ...]  # a few of the newest entries that would be added
    notices: tuple[str, ...]
    also: str  # the rest, in words: "and 2 drafts, 1 burnout check-in"


def preview_json(db: Handle, user_id: str, text: str | bytes, lib: Library) -> JsonPreview:
    """What import_json would add, checked exactly as it would be, without writing anything."""
    plan = _plan(_parse(decode(text) if isinstance(text, bytes) else text), lib)
    with db.read() as snapshot:
        targets = [_target(user_id, i, lambda x: entries_repo.exists_any_owner(snapshot, x)) for i, _ in plan.entries]
        entry_ids = {original_id: target for (original_id, _), (target, _) in zip(plan.entries, targets, strict=True)}
        put_away = _place(snapshot, user_id, plan.practice, entry_ids).put_away
        taken, profile_notices = _profile_taken(profession_repo.get(snapshot, user_id), plan.revalidation.profile)
    new = [row for (_, row), (_, exists) in zip(plan.entries, targets, strict=True) if not exists]
    dates = [row.entry_date for _, row in plan.entries]
    rest = [
        plural(n, one, many)
        for n, one, many in (
            (len(plan.drafts), "draft", "drafts"),
            (len(plan.checkins), "burnout check-in", "burnout check-ins"),
            (len(plan.reflective), "reflective account", "reflective accounts"),
            (len(plan.settings), "setting", "settings"),
        )
        if n
    ] + _practice_words(_counts(plan.practice))
    rest += _revalidation_words(_counts(plan.revalidation, taken))
    return JsonPreview(
        new=len(new),
        already_here=len(plan.entries) - len(new),
        first=min(dates, default=None),
        last=max(dates, default=None),
        sample=tuple(sorted(new, key=lambda r: r.created_at, reverse=True)[:3]),
        notices=tuple(plan.notices) + _put_away_notice(put_away) + profile_notices,
        also=("The file also holds " + ", ".join(rest) + ".") if rest else "",
    )


def import_json(db: Handle, user_id: str, text: str | bytes, lib: Library) -> ImportResult:
    """Restore a JSON export into this account: all of it in one transaction, or (with a reason) none of it."""
    if isinstance(text, bytes):
        text = decode(text)
    plan = _plan(_parse(text), lib)
    added = {"entries": 0, "drafts": 0, "checkins": 0, "reflective": 0}
    here = 0
    with db.write() as tx:
        entry_ids = {
            original_id: _target(user_id, original_id, lambda i: entries_repo.exists_any_owner(tx, i))[0]
            for original_id, _ in plan.entries
        }
        placed = _place(tx, user_id, plan.practice, entry_ids)
        revalidation, revalidation_targets = _place_revalidation(tx, user_id, plan.revalidation, entry_ids)
        templates, prompts = placed.targets["own_templates"], placed.targets["own_prompts"]
        for original_id, entry in plan.entries:
            target, exists = _target(user_id, original_id, lambda i: entries_repo.exists_any_owner(tx, i))
            if exists:
                here += 1
            else:
                mine = replace(
                    entry,
                    id=target,
                    user_id=user_id,
                    template=_own_remapped(entry.template, templates) or entry.template,
                    prompt_id=_own_remapped(entry.prompt_id, prompts),
                )
                entries_repo.insert(tx, mine)
                added["entries"] += 1
                if original_id in plan.revalidation.keep_until:  # a debrief keeps its last day (only one added here)
                    revalidation.keep_until[target] = plan.revalidation.keep_until[original_id]
        for original_id, row in plan.checkins:
            target, exists = _target(user_id, original_id, lambda i: burnout_repo.exists_any_owner(tx, i))
            if exists:
                here += 1
            else:
                burnout_repo.insert(tx, replace(row, id=target, user_id=user_id))
                added["checkins"] += 1
        have = {d.entry_id for d in entries_repo.drafts(tx, user_id)}

        def draft_owner(entry_id: str) -> str | None:
            return user_id if entry_id in have else entries_repo.exists_any_owner(tx, entry_id)

        for original_id, inp, updated_at in plan.drafts:
            # A draft of changes follows its entry; any other draft gets an id of its own, as an entry would.
            target = entry_ids.get(original_id) or _target(user_id, original_id, draft_owner)[0]
            if target in have:
                here += 1
                continue
            template = _own_remapped(inp.template, templates) or inp.template
            inp = replace(inp, template=template, prompt_id=_own_remapped(inp.prompt_id, prompts))
            entries_repo.save_draft(tx, user_id, target, inp.template, inp.to_json(), updated_at)
            have.add(target)
            added["drafts"] += 1
        for original_id, account in plan.reflective:
            target, exists = _target(user_id, original_id, lambda i: reflective_repo.owner_of(tx, i))
            if exists:
                here += 1
            else:
                reflective_repo.record(
                    tx, replace(account, id=target, user_id=user_id, entry_id=entry_ids[account.entry_id])
                )
                added["reflective"] += 1
        practice_added = practice_repo.write(tx, placed.practice)
        here += placed.already_here
        revalidation_added = practice_repo.write_revalidation(tx, revalidation, user_id)
        here += sum(exists for found in revalidation_targets.values() for _, exists in found.values())
        profile, profile_notices = _write_profile(
            tx, user_id, plan.revalidation.profile, revalidation_targets["cpd_activities"]
        )
        chosen = settings_repo.read(tx, user_id)
        fresh = {name: value for name, value in plan.settings.items() if name not in chosen}
        if fresh:  # a choice already made in this account is kept
            settings.update(tx, user_id, **fresh)
    return ImportResult(
        entries=added["entries"],
        drafts=added["drafts"],
        checkins=added["checkins"],
        reflective_accounts=added["reflective"],
        settings=len(fresh),
        already_here=here,
        notices=tuple(plan.notices) + _put_away_notice(placed.put_away) + profile_notices,
        profile=profile,
        **practice_added,
        **revalidation_added,
    )


def _put_away_notice(put_away: int) -> tuple[str, ...]:
    if not put_away:
        return ()
    return (
        f"You can keep {trackers_rules.MAX_TRACKERS} trackers going at once, so "
        f"{plural(put_away, 'tracker from the file is', 'trackers from the file are')} put away, days and all: "
        "you can bring one back on Make it yours when you put another away.",
    )
