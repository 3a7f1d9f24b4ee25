"""SQL for a person's relational-practice and revalidation rows, read whole for the JSON export and written in one
go by its import.

People met (and which entries are about them), actions, check-backs, own prompts and templates, trackers and
their days: migration 10 explains each column. The professional profile, CPD log, practice hours, feedback notes,
reflective discussions and a debrief's last day (entries.keep_until): migration 11. Every statement names the
owner. The day-to-day SQL for these tables lives beside each part (people.py, checkbacks.py, own.py, trackers.py,
profession.py, cpd.py and the NMC's own); this module only moves them whole.
"""

from __future__ import annotations

from dataclasses import astuple, dataclass, field, fields
from datetime import date, datetime

from journal.store import profession as profession_repo
from journal.store.checkbacks import CheckBackRow as CheckBackRow
from journal.store.cpd import ActivityRow as ActivityRow
from journal.store.db import Handle
from journal.store.nmc import DiscussionRow as DiscussionRow
from journal.store.nmc import FeedbackRow as FeedbackRow
from journal.store.nmc import HoursRow as PracticeHoursRow
from journal.store.own import PromptRow as OwnPromptRow
from journal.store.own import TemplateRow as OwnTemplateRow
from journal.store.people import ActionRow as ActionRow
from journal.store.profession import ProfileRow as ProfileRow
from journal.store.trackers import TrackerRow as TrackerRow

# The rows each part already keeps are moved as they are (and named here for the import); a person is moved
# without the last_met its part works out, and the links and tracker days have rows of their own here.


@dataclass(frozen=True)
class PersonRow:
    id: str
    user_id: str
    name: str
    cares_about: str
    created_at: datetime
    updated_at: datetime
    deleted_at: datetime | None


@dataclass(frozen=True)
class EntryPersonRow:
    user_id: str
    entry_id: str
    person_id: str


@dataclass(frozen=True)
class TrackerDayRow:
    user_id: str
    tracker_id: str
    day: date
    value: int
    updated_at: datetime


Row = PersonRow | EntryPersonRow | ActionRow | CheckBackRow | OwnPromptRow | OwnTemplateRow | TrackerRow | TrackerDayRow

# Each kind of row, its table, and the columns saying in what order one person's rows are read.
_TABLES: dict[type, tuple[str, str]] = {
    PersonRow: ("people", "created_at, id"),
    EntryPersonRow: ("entry_people", "entry_id, person_id"),
    ActionRow: ("actions", "created_at, id"),
    CheckBackRow: ("check_backs", "due_on, created_at, id"),
    OwnPromptRow: ("own_prompts", "created_at, id"),
    OwnTemplateRow: ("own_templates", "created_at, id"),
    TrackerRow: ("trackers", "position, created_at, id"),
    TrackerDayRow: ("tracker_days", "tracker_id, day"),
}
# The tables whose rows have an id of their own (the others are keyed by what they link).
ID_TABLES = ("people", "actions", "check_backs", "own_prompts", "own_templates", "trackers")


@dataclass
class Practice:
    """One person's rows of every relational-practice table."""

    people: list[PersonRow] = field(default_factory=list)
    entry_people: list[EntryPersonRow] = field(default_factory=list)
    actions: list[ActionRow] = field(default_factory=list)
    check_backs: list[CheckBackRow] = field(default_factory=list)
    own_prompts: list[OwnPromptRow] = field(default_factory=list)
    own_templates: list[OwnTemplateRow] = field(default_factory=list)
    trackers: list[TrackerRow] = field(default_factory=list)
    tracker_days: list[TrackerDayRow] = field(default_factory=list)

    def rows(self) -> list[Row]:
        """Every row, each after the rows it refers to."""
        return [row for f in fields(self) for row in getattr(self, f.name)]


def _columns(kind: type) -> list[str]:
    return [f.name for f in fields(kind)]


def _read(db: Handle, kind: type, user_id: str) -> list:
    table, order = _TABLES[kind]
    rows = db.all(f"SELECT {', '.join(_columns(kind))} FROM {table} WHERE user_id = ? ORDER BY {order}", [user_id])
    return [kind(*r) for r in rows]


def read_all(db: Handle, user_id: str) -> Practice:
    """Everything of one person's in these tables (trashed, done, retired and all), for the export."""
    return Practice(
        people=_read(db, PersonRow, user_id),
        entry_people=_read(db, EntryPersonRow, user_id),
        actions=_read(db, ActionRow, user_id),
        check_backs=_read(db, CheckBackRow, user_id),
        own_prompts=_read(db, OwnPromptRow, user_id),
        own_templates=_read(db, OwnTemplateRow, user_id),
        trackers=_read(db, TrackerRow, user_id),
        tracker_days=_read(db, TrackerDayRow, user_id),
    )


def owner_of(db: Handle, table: str, row_id: str) -> str | None:
    """The owner of an id in one of ID_TABLES or REVALIDATION_TABLES, whoever it is: only for resolving an import."""
    if table not in ID_TABLES + REVALIDATION_TABLES:
        raise ValueError(f"{table} has no ids of its own")
    found = db.one(f"SELECT user_id FROM {table} WHERE id = ?", [row_id])
    return found[0] if found else None


def live_trackers(db: Handle, user_id: str) -> int:
    """How many trackers this person has that aren't put away."""
    found = db.one("SELECT count(*) FROM trackers WHERE user_id = ? AND retired_at IS NULL", [user_id])
    return int(found[0]) if found else 0


def _exists(db: Handle, row: Row) -> bool:
    params: list[object]
    if isinstance(row, EntryPersonRow):
        sql, params = "entry_people WHERE entry_id = ? AND person_id = ?", [row.entry_id, row.person_id]
    elif isinstance(row, TrackerDayRow):
        sql, params = "tracker_days WHERE tracker_id = ? AND day = ?", [row.tracker_id, row.day]
    else:
        sql, params = f"{_TABLES[type(row)][0]} WHERE id = ?", [row.id]
    return db.one(f"SELECT 1 FROM {sql} AND user_id = ?", [*params, row.user_id]) is not None


def write(db: Handle, practice: Practice) -> dict[str, int]:
    """Insert every row (each already owned by the person importing, its references already theirs), in the
    caller's transaction if any; a row this person already has is left as it is. Returns how many of each
    table's rows were added."""
    added = {table: 0 for table, _ in _TABLES.values()}
    with db.write() as tx:
        for row in practice.rows():
            if _exists(tx, row):
                continue
            table = _TABLES[type(row)][0]
            names = _columns(type(row))
            tx.execute(
                f"INSERT INTO {table} ({', '.join(names)}) VALUES ({', '.join('?' * len(names))})", list(astuple(row))
            )
            added[table] += 1
    return added


# -- revalidation and CPD (migration 11) ----------------------------------------------
# The NMC's rows are moved as journal/store/nmc.py keeps them (the ids of a coach's note or a coaching are never
# exported, only the fact: see harbour_json).
RevalidationRow = ActivityRow | PracticeHoursRow | FeedbackRow | DiscussionRow
_REVALIDATION: dict[type, tuple[str, str]] = {
    ActivityRow: ("cpd_activities", "done_on, created_at, id"),
    PracticeHoursRow: ("practice_hours", "started_on, created_at, id"),
    FeedbackRow: ("feedback_notes", "received_on, created_at, id"),
    DiscussionRow: ("reflective_discussions", "held_on, created_at, id"),
}
REVALIDATION_TABLES = tuple(table for table, _ in _REVALIDATION.values())


@dataclass
class Revalidation:
    """One person's rows of every revalidation table, and the last day of each of their debriefs."""

    profile: ProfileRow | None = None
    cpd_activities: list[ActivityRow] = field(default_factory=list)
    practice_hours: list[PracticeHoursRow] = field(default_factory=list)
    feedback_notes: list[FeedbackRow] = field(default_factory=list)
    reflective_discussions: list[DiscussionRow] = field(default_factory=list)
    keep_until: dict[str, date] = field(default_factory=dict)  # entry id to the day a debrief is deleted

    def rows(self) -> list[RevalidationRow]:
        return [*self.cpd_activities, *self.practice_hours, *self.feedback_notes, *self.reflective_discussions]


def _read_kind(db: Handle, kind: type, user_id: str) -> list:
    table, order = _REVALIDATION[kind]
    rows = db.all(f"SELECT {', '.join(_columns(kind))} FROM {table} WHERE user_id = ? ORDER BY {order}", [user_id])
    return [kind(*r) for r in rows]


def read_revalidation(db: Handle, user_id: str) -> Revalidation:
    """Everything of one person's in the revalidation tables (trashed and all), for the export."""
    kept = db.all("SELECT id, keep_until FROM entries WHERE user_id = ? AND keep_until IS NOT NULL", [user_id])
    return Revalidation(
        profile=profession_repo.get(db, user_id),
        cpd_activities=_read_kind(db, ActivityRow, user_id),
        practice_hours=_read_kind(db, PracticeHoursRow, user_id),
        feedback_notes=_read_kind(db, FeedbackRow, user_id),
        reflective_discussions=_read_kind(db, DiscussionRow, user_id),
        keep_until={entry_id: day for entry_id, day in kept},
    )


def write_revalidation(db: Handle, revalidation: Revalidation, user_id: str) -> dict[str, int]:
    """Insert every row (each already the importing person's, its references already theirs) and set each debrief's
    last day, in the caller's transaction if any; a row this person already has is left as it is. keep_until must
    name only entries this import added (an entry already here keeps its own: a debrief turned into a reflection
    has none, and must not get one back). The profile is written by profession.change. Returns how many of each
    table's rows were added."""
    added = dict.fromkeys(REVALIDATION_TABLES, 0)
    with db.write() as tx:
        for row in revalidation.rows():
            table = _REVALIDATION[type(row)][0]
            if tx.one(f"SELECT 1 FROM {table} WHERE id = ? AND user_id = ?", [row.id, user_id]) is not None:
                continue
            names = _columns(type(row))
            tx.execute(
                f"INSERT INTO {table} ({', '.join(names)}) VALUES ({', '.join('?' * len(names))})", list(astuple(row))
            )
            added[table] += 1
        for entry_id, day in revalidation.keep_until.items():
            tx.execute(
                "UPDATE entries SET keep_until = ? WHERE user_id = ? AND id = ? AND keep_until IS NULL",
                [day, user_id, entry_id],
            )
    return added
