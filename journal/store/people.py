"""SQL for the people a person meets, which entries are about whom, and their actions. Every statement names the
owner (`user_id = ?`): nobody reads or changes another person's people or actions.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from journal.store.db import Handle


@dataclass(frozen=True)
class PersonRow:
    id: str
    user_id: str
    name: str
    cares_about: str
    created_at: datetime
    updated_at: datetime
    deleted_at: datetime | None
    last_met: date | None = None  # the newest entry_date of the non-trashed entries about them


@dataclass(frozen=True)
class ActionRow:
    id: str
    user_id: str
    kind: str
    text: str
    due: date | None
    entry_id: str | None
    person_id: str | None
    created_at: datetime
    done_at: datetime | None
    let_go_at: datetime | None
    win_entry_id: str | None


_PERSON = "p.id, p.user_id, p.name, p.cares_about, p.created_at, p.updated_at, p.deleted_at"
_LAST_MET = (
    "(SELECT max(e.entry_date) FROM entry_people ep JOIN entries e ON e.id = ep.entry_id AND e.user_id = ep.user_id "
    "WHERE ep.user_id = p.user_id AND ep.person_id = p.id AND e.deleted_at IS NULL)"
)
_ACTION_FIELDS = (
    "id", "user_id", "kind", "text", "due", "entry_id", "person_id", "created_at", "done_at", "let_go_at",
    "win_entry_id",
)  # fmt: skip
_ACTION = ", ".join(_ACTION_FIELDS)


# -- people ---------------------------------------------------------------------
def add_person(db: Handle, row: PersonRow) -> None:
    db.execute(
        "INSERT INTO people (id, user_id, name, cares_about, created_at, updated_at, deleted_at) "
        "VALUES (?, ?, ?, ?, ?, ?, NULL)",
        [row.id, row.user_id, row.name, row.cares_about, row.created_at, row.updated_at],
    )


def people(db: Handle, user_id: str, *, trashed: bool = False) -> list[PersonRow]:
    """This person's people (or those in their trash), by name."""
    where = "IS NOT NULL" if trashed else "IS NULL"
    rows = db.all(
        f"SELECT {_PERSON}, {_LAST_MET} FROM people p WHERE p.user_id = ? AND p.deleted_at {where} "
        "ORDER BY lower(p.name), p.id",
        [user_id],
    )
    return [PersonRow(*r) for r in rows]


def person(db: Handle, user_id: str, person_id: str) -> PersonRow | None:
    found = db.one(
        f"SELECT {_PERSON}, {_LAST_MET} FROM people p WHERE p.user_id = ? AND p.id = ?", [user_id, person_id]
    )
    return PersonRow(*found) if found else None


def named(db: Handle, user_id: str, name: str) -> PersonRow | None:
    """A live person of theirs with this name, ignoring case."""
    found = db.one(
        f"SELECT {_PERSON}, {_LAST_MET} FROM people p WHERE p.user_id = ? AND p.deleted_at IS NULL "
        "AND lower(p.name) = lower(?) ORDER BY p.created_at, p.id LIMIT 1",
        [user_id, name],
    )
    return PersonRow(*found) if found else None


def update_person(db: Handle, user_id: str, person_id: str, name: str, cares_about: str, now: datetime) -> bool:
    with db.write() as tx:
        if not tx.one("SELECT 1 FROM people WHERE user_id = ? AND id = ? AND deleted_at IS NULL", [user_id, person_id]):
            return False
        tx.execute(
            "UPDATE people SET name = ?, cares_about = ?, updated_at = ? WHERE user_id = ? AND id = ?",
            [name, cares_about, now, user_id, person_id],
        )
    return True


def set_person_deleted(db: Handle, user_id: str, person_id: str, when: datetime | None) -> bool:
    """Move a person to the trash (a moment) or back out of it (None); False if there was no such change."""
    state = "IS NULL" if when is not None else "IS NOT NULL"
    with db.write() as tx:
        if not tx.one(
            f"SELECT 1 FROM people WHERE user_id = ? AND id = ? AND deleted_at {state}", [user_id, person_id]
        ):
            return False
        tx.execute("UPDATE people SET deleted_at = ? WHERE user_id = ? AND id = ?", [when, user_id, person_id])
    return True


def purge_person(db: Handle, user_id: str, person_id: str) -> bool:
    """Delete a trashed person for good, with their links and actions (the entries stay)."""
    with db.write() as tx:
        if not tx.one(
            "SELECT 1 FROM people WHERE user_id = ? AND id = ? AND deleted_at IS NOT NULL", [user_id, person_id]
        ):
            return False
        tx.execute("DELETE FROM entry_people WHERE user_id = ? AND person_id = ?", [user_id, person_id])
        tx.execute("DELETE FROM actions WHERE user_id = ? AND person_id = ?", [user_id, person_id])
        tx.execute("DELETE FROM people WHERE user_id = ? AND id = ?", [user_id, person_id])
    return True


# -- which entries are about whom ---------------------------------------------------
def link(db: Handle, user_id: str, entry_id: str, person_id: str) -> bool:
    """Say this entry (theirs) is about this person (theirs); False if either isn't theirs or it was linked."""
    with db.write() as tx:
        ok = tx.one(
            "SELECT 1 FROM entries e, people p WHERE e.id = ? AND e.user_id = ? AND p.id = ? AND p.user_id = ? "
            "AND NOT EXISTS (SELECT 1 FROM entry_people ep WHERE ep.entry_id = e.id AND ep.person_id = p.id)",
            [entry_id, user_id, person_id, user_id],
        )
        if not ok:
            return False
        tx.execute(
            "INSERT INTO entry_people (user_id, entry_id, person_id) VALUES (?, ?, ?)", [user_id, entry_id, person_id]
        )
    return True


def unlink(db: Handle, user_id: str, entry_id: str, person_id: str) -> None:
    db.execute(
        "DELETE FROM entry_people WHERE user_id = ? AND entry_id = ? AND person_id = ?", [user_id, entry_id, person_id]
    )


def people_of_entry(db: Handle, user_id: str, entry_id: str) -> list[str]:
    """The ids of the live people this entry is about."""
    rows = db.all(
        "SELECT ep.person_id FROM entry_people ep JOIN people p ON p.id = ep.person_id AND p.user_id = ep.user_id "
        "WHERE ep.user_id = ? AND ep.entry_id = ? AND p.deleted_at IS NULL ORDER BY ep.person_id",
        [user_id, entry_id],
    )
    return [r[0] for r in rows]


def entries_about(db: Handle, user_id: str, person_id: str) -> list[tuple[str, date, str]]:
    """(entry id, its date, its template) for the non-trashed entries about this person, newest first."""
    rows = db.all(
        "SELECT e.id, e.entry_date, e.template FROM entry_people ep JOIN entries e ON e.id = ep.entry_id "
        "AND e.user_id = ep.user_id WHERE ep.user_id = ? AND ep.person_id = ? AND e.deleted_at IS NULL "
        "ORDER BY e.entry_date DESC, e.created_at DESC",
        [user_id, person_id],
    )
    return [(r[0], r[1], r[2]) for r in rows]


# -- actions --------------------------------------------------------------------
def add_action(db: Handle, row: ActionRow) -> bool:
    """Keep an action; False if its id is kept already (a second click), or its entry or person isn't theirs."""
    with db.write() as tx:
        if tx.one("SELECT 1 FROM actions WHERE id = ?", [row.id]):
            return False
        if row.entry_id and not tx.one(
            "SELECT 1 FROM entries WHERE id = ? AND user_id = ?", [row.entry_id, row.user_id]
        ):
            return False
        if row.person_id and not tx.one(
            "SELECT 1 FROM people WHERE id = ? AND user_id = ?", [row.person_id, row.user_id]
        ):
            return False
        tx.execute(
            f"INSERT INTO actions ({_ACTION}) VALUES ({', '.join('?' * len(_ACTION_FIELDS))})",
            [getattr(row, name) for name in _ACTION_FIELDS],
        )
    return True


def actions(
    db: Handle, user_id: str, *, person_id: str | None = None, kinds: tuple[str, ...] | None = None
) -> list[ActionRow]:
    """Their actions (of one person of theirs, of some kinds), oldest first; a trashed person's left out."""
    sql = (
        f"SELECT {', '.join('a.' + f for f in _ACTION_FIELDS)} FROM actions a WHERE a.user_id = ? AND NOT EXISTS "
        "(SELECT 1 FROM people p WHERE p.id = a.person_id AND p.user_id = a.user_id AND p.deleted_at IS NOT NULL)"
    )
    params: list[object] = [user_id]
    if person_id is not None:
        sql += " AND a.person_id = ?"
        params.append(person_id)
    if kinds:
        sql += f" AND a.kind IN ({', '.join('?' * len(kinds))})"
        params.extend(kinds)
    rows = db.all(sql + " ORDER BY a.created_at, a.id", params)
    return [ActionRow(*r) for r in rows]


def action(db: Handle, user_id: str, action_id: str) -> ActionRow | None:
    found = db.one(f"SELECT {_ACTION} FROM actions WHERE user_id = ? AND id = ?", [user_id, action_id])
    return ActionRow(*found) if found else None


def set_action_state(
    db: Handle, user_id: str, action_id: str, *, done_at: datetime | None, let_go_at: datetime | None
) -> bool:
    """Open, done or let go (both moments None: open again). False if it isn't theirs."""
    with db.write() as tx:
        if not tx.one("SELECT 1 FROM actions WHERE user_id = ? AND id = ?", [user_id, action_id]):
            return False
        tx.execute(
            "UPDATE actions SET done_at = ?, let_go_at = ? WHERE user_id = ? AND id = ?",
            [done_at, let_go_at, user_id, action_id],
        )
    return True


def set_win(db: Handle, user_id: str, action_id: str, win_entry_id: str) -> bool:
    with db.write() as tx:
        if not tx.one(
            "SELECT 1 FROM actions WHERE user_id = ? AND id = ? AND done_at IS NOT NULL", [user_id, action_id]
        ):
            return False
        tx.execute(
            "UPDATE actions SET win_entry_id = ? WHERE user_id = ? AND id = ?", [win_entry_id, user_id, action_id]
        )
    return True


# -- for the insight on Wins ---------------------------------------------------------
def one_to_one_days(db: Handle, user_id: str, since: date, until: date) -> list[date]:
    """The dates of their non-trashed "After a 1-to-1" entries in [since, until]."""
    rows = db.all(
        "SELECT DISTINCT entry_date FROM entries WHERE user_id = ? AND template = 'one_to_one' AND deleted_at IS NULL "
        "AND entry_date BETWEEN ? AND ? ORDER BY entry_date",
        [user_id, since, until],
    )
    return [r[0] for r in rows]


def energy_days(db: Handle, user_id: str, since: date, until: date) -> list[tuple[date, int]]:
    """(date, energy) for each non-trashed entry with energy recorded in [since, until]."""
    rows = db.all(
        "SELECT entry_date, energy FROM entries WHERE user_id = ? AND energy IS NOT NULL AND deleted_at IS NULL "
        "AND entry_date BETWEEN ? AND ? ORDER BY entry_date",
        [user_id, since, until],
    )
    return [(r[0], int(r[1])) for r in rows]


def delete_all_for_user(db: Handle, user_id: str) -> None:
    """Remove every person, link and action of one person (the demo account, before it is made again)."""
    with db.write() as tx:
        for table in ("actions", "entry_people", "people"):
            tx.execute(f"DELETE FROM {table} WHERE user_id = ?", [user_id])


# -- for a coach, while the person shares them ----------------------------------------------------------------
_SHARED = (
    "JOIN coaching c ON c.user_id = p.user_id AND c.id = ? AND c.coach_id = ? AND c.ended_at IS NULL "
    "AND c.share_people WHERE p.deleted_at IS NULL"
)  # the live share checked in the same statement: turned off a moment ago, nothing is read


def shared_with_coach(db: Handle, coach_id: str, coaching_id: str) -> list[PersonRow]:
    """The mentee's people, by name, while they share them with this coach in a live coaching; else none."""
    rows = db.all(
        f"SELECT {_PERSON}, {_LAST_MET} FROM people p {_SHARED} ORDER BY lower(p.name), p.id", [coaching_id, coach_id]
    )
    return [PersonRow(*r) for r in rows]


def introductions_shared(db: Handle, coach_id: str, coaching_id: str) -> list[ActionRow]:
    """The introductions (asked for, offered) about the mentee's people, under the same live share."""
    rows = db.all(
        f"SELECT {', '.join('a.' + f for f in _ACTION_FIELDS)} FROM actions a JOIN people p ON p.id = a.person_id "
        f"AND p.user_id = a.user_id {_SHARED} AND a.kind IN ('intro_asked', 'intro_offered') AND a.let_go_at IS NULL "
        "ORDER BY a.created_at, a.id",
        [coaching_id, coach_id],
    )
    return [ActionRow(*r) for r in rows]


def set_entry_actions_person(db: Handle, user_id: str, entry_id: str, person_id: str | None) -> None:
    """The actions kept from one entry follow the person that entry is about (None: nobody from the list)."""
    with db.write() as tx:
        if person_id is not None and not tx.one(
            "SELECT 1 FROM people WHERE user_id = ? AND id = ?", [user_id, person_id]
        ):
            return
        tx.execute(
            "UPDATE actions SET person_id = ? WHERE user_id = ? AND entry_id = ? AND kind = 'follow_up'",
            [person_id, user_id, entry_id],
        )
