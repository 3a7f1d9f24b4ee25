"""Everything in journal/store/ that speaks DuckDB rather than plain SQL: the one list to work through for a second
backend (PostgreSQL). tests/unit/test_store_dialect.py scans every journal/store/*.py for each construct and fails
when one is used in a file not listed here (or a file listed no longer uses it), so the list stays true.

`pattern` is looked for in the SQL text (string literals; docstrings left out) when `in_sql`, else in the Python
source. Where `postgres` says "the same", the construct is kept here because a driver or version detail matters.

| construct | where | what PostgreSQL would need |
| --- | --- | --- |
| list(x ORDER BY x), `[]` | none | array_agg(x ORDER BY x) in both (NULL for no rows: Python makes it ()) |
| list_contains(list, x) | none | x IN (SELECT unnest(?::VARCHAR[])) in both |
| unnest(?::VARCHAR[]) | entries, demo, debriefs | the same (psycopg passes a list as an array) |
| contains(text, part) | none | strpos(text, part) > 0 in both |
| TINYINT, DOUBLE | migrations | SMALLINT, DOUBLE PRECISION (migrations: postgres_schema() below) |
| date_trunc('week' / 'month', day) | groups, trends | the same on a TIMESTAMP: of a DATE it is a timestamptz |
| hash(*COLUMNS(*)), HUGEINT | backup | none: a PostgreSQL database is backed up by pg_dump |
| duckdb_tables(), _views() | backup | information_schema (tables, views) |
| COPY FROM DATABASE, ATTACH, DETACH, CHECKPOINT | backup, db | none: whole-file copies; pg_dump / pg_restore |
| LOAD, SET <option>, USE | db | none: encryption at rest and access are the server's settings |
| BEGIN TRANSACTION READ ONLY | db | BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY |
| .df() (Handle.frame) | db | DataFrame(rows, columns=...); avg() is numeric there: cast to double precision |
| registered() (Arrow tables as views) | db | COPY ... FROM STDIN: insert_columns() is either (postgres.py) |
| import pyarrow | db | not needed: PostgreSQL's insert_columns() is a COPY |
| DuckDB's exceptions | db, backup | psycopg.errors: UniqueViolation: Duplicate; IntegrityError: Refused; |
| | | SerializationFailure, DeadlockDetected: Conflict; DiskFull: DiskFull |

Not scanned, but true of every file: parameters are `?` (psycopg wants `%s`: postgres.py rewrites them); DuckDB's
transactions are snapshots that refuse the second of two writers of a row (a Conflict), which PostgreSQL matches
only at REPEATABLE READ (and there the second writer waits for the first before it is refused); a subquery in FROM
needs an alias in PostgreSQL before version 16; `? IS NULL` with a NULL parameter is fine in DuckDB, but PostgreSQL
can't tell the parameter's type (coaching.py: `CAST(? AS VARCHAR) IS NULL` works in both); DuckDB matches a column's
name in any case, PostgreSQL a quoted name only in its own (erase.py quotes each owner column as the catalogue
spells it); information_schema has Harbour's tables in schema `main` in DuckDB and `public` in PostgreSQL
(`current_schema()` is the one in both), and PostgreSQL's lists its own catalogue's tables too.

Migration statements are the exception to "a form to write by hand": postgres_schema() at the end maps them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Construct:
    name: str
    pattern: str  # a regular expression
    where: tuple[str, ...]  # the files of journal/store/ that use it
    postgres: str
    in_sql: bool = True  # False: looked for in the Python source, not in SQL text


CONSTRUCTS: tuple[Construct, ...] = (
    Construct("list aggregate", r"\blist\(", (), "array_agg(x ORDER BY x)"),
    Construct("empty list literal", r"(?<![\w\]])\[\]", (), "NULL, made () in Python"),
    Construct("list_contains", r"\blist_contains\(", (), "x IN (SELECT unnest(?::VARCHAR[]))"),
    Construct(
        "unnest of a list parameter",
        r"\bunnest\(\?::VARCHAR\[\]\)",
        ("debriefs.py", "demo.py", "entries.py"),
        "the same",
    ),
    Construct("contains", r"(?<![\w.])contains\(", (), "strpos(text, part) > 0"),
    Construct("TINYINT", r"\bTINYINT\b", ("migrations.py",), "SMALLINT"),
    Construct("DOUBLE", r"\bDOUBLE\b(?! PRECISION)", ("migrations.py",), "DOUBLE PRECISION"),
    Construct("date_trunc", r"\bdate_trunc\(", ("groups.py", "trends.py"), "the same, of a TIMESTAMP (CAST a DATE)"),
    Construct("row hashes", r"\bhash\(\*COLUMNS\(\*\)\)|\bHUGEINT\b", ("backup.py",), "pg_dump"),
    Construct(
        "DuckDB catalogue functions",
        r"\bduckdb_\w+\(\)",
        ("backup.py",),
        "information_schema.tables / views",
    ),
    Construct("COPY FROM DATABASE", r"\bCOPY FROM DATABASE\b", ("backup.py",), "pg_dump / pg_restore"),
    Construct("ATTACH / DETACH", r"\b(ATTACH|DETACH)\b", ("backup.py", "db.py"), "none"),
    Construct("CHECKPOINT", r"\bCHECKPOINT\b", ("backup.py", "db.py"), "none"),
    Construct("LOAD an extension", r"^LOAD\b", ("db.py",), "none"),
    Construct(
        "DuckDB settings",
        r"\bSET (enable_external_access|allowed_directories|lock_configuration)\b|^USE\b",
        ("db.py",),
        "the server's configuration",
    ),
    Construct("read-only transaction", r"\bBEGIN TRANSACTION READ ONLY\b", ("db.py",), "BEGIN ... READ ONLY"),
    Construct(".df()", r"\.df\(\)", ("db.py",), "pandas.DataFrame(rows, columns=...)", in_sql=False),
    Construct(
        "Arrow tables as views",
        r"\bregistered\(|\.register\(",
        ("db.py",),
        "COPY ... FROM STDIN (PostgresTransaction.insert_columns)",
        in_sql=False,
    ),
    Construct("pyarrow", r"^\s*import pyarrow\b", ("db.py",), "not needed", in_sql=False),
    Construct("the DuckDB driver", r"^\s*import duckdb\b", ("backup.py", "db.py"), "psycopg", in_sql=False),
)


# -- the schema in PostgreSQL's words ---------------------------------------------------------------------------
# The migrations are written once, in DuckDB's words; PostgresDatabase applies each statement through
# postgres_schema(). Their ALTER forms (ADD COLUMN without a constraint, then ALTER COLUMN SET DEFAULT / SET NOT NULL,
# written that way for DuckDB's sake) are valid PostgreSQL as they stand; only two type names differ.
POSTGRES_TYPES: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"\bTINYINT\b"), "SMALLINT"),
    (re.compile(r"\bDOUBLE\b(?! PRECISION)"), "DOUBLE PRECISION"),
)
# DuckDB types with no PostgreSQL spelling here yet: a migration using one must first get its form added above.
UNTRANSLATED_TYPES = re.compile(r"\b(U?HUGEINT|UBIGINT|UINTEGER|USMALLINT|UTINYINT|BLOB)\b|\b(STRUCT|MAP)\s*\(")


def postgres_schema(statement: str) -> str:
    """A migration statement in PostgreSQL's words; ValueError for a DuckDB type it has no form for yet."""
    unknown = UNTRANSLATED_TYPES.search(statement)
    if unknown:
        raise ValueError(f"No PostgreSQL form for {unknown.group(0)!r} yet: add one to dialect.POSTGRES_TYPES")
    for pattern, replacement in POSTGRES_TYPES:
        statement = pattern.sub(replacement, statement)
    return statement
