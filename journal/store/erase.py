"""Erasing an account: every row of every table that names the person, then the account itself, together.

The tables are found in the catalogue at the moment of erasure, not listed here, so a table added by a later
migration is erased too, as long as it follows the schema's rule: a person's rows carry `user_id`. Rows that
belong to two people (coaching: the mentee's `user_id` and the coach's `coach_id`) go when either is erased.
"""

from __future__ import annotations

from graphlib import CycleError, TopologicalSorter

from journal.store.db import Handle, Refused, StoreError

OWNER_COLUMN = "user_id"
OWNER_COLUMNS = (OWNER_COLUMN, "coach_id")  # every column that names a person whose row it also is


def _quoted(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def tables_with_owner(db: Handle, column: str = OWNER_COLUMN) -> list[str]:
    """Every base table of this database with that owner column, each after the tables whose foreign keys
    point at it (a row that is still referred to can't be deleted)."""
    found = db.all(
        "SELECT c.table_schema, c.table_name FROM information_schema.columns c "
        "JOIN information_schema.tables t USING (table_catalog, table_schema, table_name) "
        "WHERE t.table_type = 'BASE TABLE' AND c.table_catalog = current_database() "
        "AND lower(c.column_name) = ? ORDER BY c.table_schema, c.table_name",
        [column],
    )
    references = db.all(
        "SELECT schema_name, table_name, referenced_table FROM duckdb_constraints() "
        "WHERE constraint_type = 'FOREIGN KEY' AND database_name = current_database()"
    )
    owned = {(schema, table) for schema, table in found}
    order: TopologicalSorter[tuple[str, str]] = TopologicalSorter({table: set() for table in found})
    for schema, source, target in references:
        if (schema, source) in owned and (schema, target) in owned and source != target:
            order.add((schema, target), (schema, source))  # the referring table is emptied first
    try:
        tables = list(order.static_order())
    except CycleError:
        tables = found  # only possible with circular foreign keys; the database then says what is refused
    return [f"{_quoted(schema)}.{_quoted(table)}" for schema, table in tables]


def erase_account(db: Handle, user_id: str) -> bool:
    """Delete everything that belongs to one person, and their account, in one transaction.

    Returns False if there was no such account (nothing changed). If any delete is refused, nothing is erased
    and a StoreError says why.
    """
    try:
        with db.write() as tx:
            if tx.one("SELECT count(*) FROM users WHERE id = ?", [user_id]) == (0,):
                return False
            for column in OWNER_COLUMNS:
                for table in tables_with_owner(tx, column):
                    tx.execute(f"DELETE FROM {table} WHERE {column} = ?", [user_id])
            tx.execute("DELETE FROM users WHERE id = ?", [user_id])
    except Refused as exc:
        raise StoreError(
            f"Harbour couldn't erase this account, so nothing was erased: another table still refers to it ({exc})."
        ) from exc
    return True
