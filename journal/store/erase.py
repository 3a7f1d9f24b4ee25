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


def owned_tables(db: Handle, column: str = OWNER_COLUMN) -> list[tuple[str, str]]:
    """(table, column), both quoted, for every base table of this database with that owner column in any case, each
    after the tables whose foreign keys point at it (a row that is still referred to can't be deleted).

    The column is named as the table spells it: DuckDB matches names in any case, PostgreSQL only a quoted name's
    own case (a column made as "USER_ID" is not user_id there)."""
    found = db.all(
        "SELECT c.table_schema, c.table_name, min(c.column_name) FROM information_schema.columns c "
        "JOIN information_schema.tables t USING (table_catalog, table_schema, table_name) "
        "WHERE t.table_type = 'BASE TABLE' AND c.table_catalog = current_database() "
        "AND c.table_schema NOT IN ('information_schema', 'pg_catalog') AND lower(c.column_name) = ? "
        "GROUP BY c.table_schema, c.table_name ORDER BY c.table_schema, c.table_name",
        [column],
    )
    # Each foreign key's table and the table it refers to, from the catalogue both DuckDB and PostgreSQL have.
    # PostgreSQL names a foreign key uniquely only within its table: two tables with a key of the same name would
    # add an order that isn't needed (or, at worst, a cycle: then the order found above is used).
    references = db.all(
        "SELECT f.table_schema, f.table_name, k.table_name FROM information_schema.referential_constraints r "
        "JOIN information_schema.table_constraints f "
        "ON f.constraint_schema = r.constraint_schema AND f.constraint_name = r.constraint_name "
        "JOIN information_schema.table_constraints k "
        "ON k.constraint_schema = r.unique_constraint_schema AND k.constraint_name = r.unique_constraint_name "
        "WHERE f.constraint_type = 'FOREIGN KEY' AND r.constraint_catalog = current_database()"
    )
    columns = {(schema, table): name for schema, table, name in found}
    order: TopologicalSorter[tuple[str, str]] = TopologicalSorter({table: set() for table in columns})
    for schema, source, target in references:
        if (schema, source) in columns and (schema, target) in columns and source != target:
            order.add((schema, target), (schema, source))  # the referring table is emptied first
    try:
        tables = list(order.static_order())
    except CycleError:
        tables = list(columns)  # only possible with circular foreign keys; the database then says what is refused
    return [(f"{_quoted(schema)}.{_quoted(table)}", _quoted(columns[schema, table])) for schema, table in tables]


def tables_with_owner(db: Handle, column: str = OWNER_COLUMN) -> list[str]:
    """The quoted names of owned_tables(), in the order they are emptied."""
    return [table for table, _ in owned_tables(db, column)]


def erase_account(db: Handle, user_id: str) -> bool:
    """Delete everything that belongs to one person, and their account, in one transaction.

    Returns False if there was no such account (nothing changed). If any delete is refused, nothing is erased
    and a StoreError says why.
    """
    try:
        with db.write() as tx:
            if tx.one("SELECT count(*) FROM users WHERE id = ?", [user_id]) == (0,):
                return False
            for owner in OWNER_COLUMNS:
                for table, column in owned_tables(tx, owner):
                    tx.execute(f"DELETE FROM {table} WHERE {column} = ?", [user_id])
            tx.execute("DELETE FROM users WHERE id = ?", [user_id])
    except Refused as exc:
        raise StoreError(
            f"Harbour couldn't erase this account, so nothing was erased: another table still refers to it ({exc})."
        ) from exc
    return True
