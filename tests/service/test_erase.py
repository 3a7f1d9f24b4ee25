"""Erasing an account: afterwards nothing in any table refers to the person; everyone else's rows are untouched."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest

from journal import accounts
from journal.accounts import User
from journal.content.library import Library
from journal.patterns import burnout
from journal.reflect import entries, settings
from journal.reflect.entries import EntryInput
from journal.store import Database, StoreError
from journal.store.erase import erase_account, tables_with_owner
from tests.factories import PASSWORD

NAME = "Zephyrine Quill"  # written nowhere else, so any trace of it is a trace of this account


def _fill(db: Database, person: User, lib: Library, tag: str) -> None:
    """One of everything a person can leave behind."""
    entries.save_new(
        db, person.id, f"{tag}-1", EntryInput("free", {"text": f"{tag} wrote this"}, mood=3, tags=[tag]), lib
    )
    entries.save_new(db, person.id, f"{tag}-2", EntryInput("win", {"the_win": "a small win"}, is_win=True), lib)
    entries.trash(db, person.id, f"{tag}-2")
    entries.save_draft(db, person.id, f"{tag}-draft", EntryInput("free", {"text": "half a thought"}))
    entries.record_prompt_shown(db, person.id, lib.prompts[0].id)
    inv = burnout.inventory()
    burnout.save_checkin(db, person.id, f"{tag}-cbi", {i.id: 50 for i in inv.scale("personal").items}, False)
    settings.update(db, person.id, cbi_snoozed_until=date(2030, 1, 1))
    accounts.start_session(db, person.id)


# Harbour's own tables: DuckDB's schema `main`, PostgreSQL's `public` (current_schema() in both).
HERE = "table_catalog = current_database() AND table_schema = current_schema()"
TEXT_TYPES = ("VARCHAR", "character varying", "text")  # DuckDB's name for text, and PostgreSQL's


def _tables(db: Database) -> list[str]:
    rows = db.all(
        f"SELECT table_name FROM information_schema.tables WHERE table_type = 'BASE TABLE' AND {HERE} ORDER BY 1"
    )
    return [r[0] for r in rows]


def _columns(db: Database, table: str) -> list[str]:
    rows = db.all(f"SELECT column_name FROM information_schema.columns WHERE {HERE} AND table_name = ?", [table])
    return [r[0] for r in rows]


def _schema(db: Database, table: str) -> str:
    """A table of Harbour's schema as erase.tables_with_owner names it: '"main"."t"' in DuckDB, '"public"."t"' in
    PostgreSQL."""
    (schema,) = db.one("SELECT current_schema()")
    return f'"{schema}"."{table}"'


def _traces(db: Database, *needles: str) -> list[str]:
    """Every table.column whose text (any VARCHAR column, any row) contains one of the needles, any case."""
    found = []
    columns = db.all(
        f"SELECT table_name, column_name FROM information_schema.columns WHERE {HERE} AND data_type IN (?, ?, ?)",
        list(TEXT_TYPES),
    )
    for table, column in columns:
        for needle in needles:
            found_in = f'SELECT count(*) FROM "{table}" WHERE strpos(lower("{column}"), lower(CAST(? AS VARCHAR))) > 0'
            hits = db.one(found_in, [needle])[0]
            if hits:
                found.append(f"{table}.{column}")
    return found


def _snapshot(db: Database) -> dict[str, list[tuple]]:
    return {t: sorted(db.all(f'SELECT * FROM "{t}"'), key=repr) for t in _tables(db)}


def _rows_of(db: Database, person: User) -> dict[str, list[tuple]]:
    owned = {
        t: sorted(db.all(f'SELECT * FROM "{t}" WHERE user_id = ?', [person.id]), key=repr)
        for t in _tables(db)
        if t != "users" and "user_id" in _columns(db, t)
    }
    owned["users"] = db.all("SELECT * FROM users WHERE id = ?", [person.id])
    return owned


@pytest.fixture
def erased(make_user: Callable[..., User]) -> User:
    return make_user(NAME)


@pytest.fixture
def other(make_user: Callable[..., User]) -> User:
    return make_user("sam")


def test_after_erasure_no_row_in_any_table_refers_to_the_person(
    db: Database, erased: User, other: User, lib: Library
) -> None:
    _fill(db, erased, lib, "z")
    _fill(db, other, lib, "s")
    before = _traces(db, erased.id, NAME)
    assert {"users.id", "users.username", "entries.user_id", "sessions.user_id"} <= set(before)  # the scan sees them

    assert erase_account(db, erased.id) is True

    assert _traces(db, erased.id, NAME) == []
    assert accounts.has_accounts(db)
    with pytest.raises(accounts.AccountError):
        accounts.sign_in(db, NAME, PASSWORD)


def test_everyone_elses_rows_are_untouched(db: Database, erased: User, other: User, lib: Library) -> None:
    _fill(db, erased, lib, "z")
    _fill(db, other, lib, "s")
    theirs = _rows_of(db, other)
    assert all(theirs[t] for t in ("entries", "entry_tags", "drafts", "burnout_checkins", "user_settings", "sessions"))

    erase_account(db, erased.id)

    assert _rows_of(db, other) == theirs
    assert all(rows == [] for rows in _rows_of(db, erased).values())


def test_a_table_added_later_with_user_id_is_erased_too(db: Database, erased: User, other: User) -> None:
    db.execute('CREATE TABLE "group members" ("USER_ID" VARCHAR, group_name VARCHAR)')
    db.execute('INSERT INTO "group members" VALUES (?, ?), (?, ?)', [erased.id, "cohort", other.id, "cohort"])
    assert _schema(db, "group members") in _owned_tables(db)

    erase_account(db, erased.id)

    assert db.all('SELECT "USER_ID" FROM "group members"') == [(other.id,)]


def test_a_table_another_refers_to_is_emptied_after_it(db: Database) -> None:
    db.execute("CREATE TABLE a_groups (id VARCHAR PRIMARY KEY, user_id VARCHAR)")
    db.execute("CREATE TABLE z_members (user_id VARCHAR, group_id VARCHAR REFERENCES a_groups (id))")
    order = _owned_tables(db)
    assert order.index(_schema(db, "z_members")) < order.index(_schema(db, "a_groups"))


def test_if_anything_refuses_the_erasure_nothing_is_erased(db: Database, erased: User, lib: Library) -> None:
    _fill(db, erased, lib, "z")
    # a table without user_id that still points at one of the person's entries
    db.execute("CREATE TABLE pinned (entry_id VARCHAR REFERENCES entries (id))")
    db.execute("INSERT INTO pinned VALUES ('z-1')")
    before = _snapshot(db)

    with pytest.raises(StoreError, match="nothing was erased"):
        erase_account(db, erased.id)

    assert _snapshot(db) == before


def test_erasing_an_account_that_does_not_exist_changes_nothing(db: Database, other: User, lib: Library) -> None:
    _fill(db, other, lib, "s")
    before = _snapshot(db)
    assert erase_account(db, "no-such-account") is False
    assert _snapshot(db) == before


def _owned_tables(db: Database) -> list[str]:
    return tables_with_owner(db)
