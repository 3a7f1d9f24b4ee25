"""Everything in journal/store/ that speaks DuckDB rather than plain SQL: the one list to work through for a second
backend (PostgreSQL). tests/unit/test_store_dialect.py scans every journal/store/*.py for each construct and fails
when one is used in a file not listed here (or a file listed no longer uses it), so the list stays true.

`pattern` is looked for in the SQL text (string literals; docstrings left out) when `in_sql`, else in the Python
source. Where `postgres` says "the same", the construct is kept here because a driver or version detail matters.

| construct | where | what PostgreSQL would need |
| --- | --- | --- |
| list(x ORDER BY x), `[]` | entries, coaching | array_agg(x ORDER BY x), '{}'::text[] (both give a list) |
| list_contains(list, x) | entries | x = ANY(%s) |
| list_position(list, x) | groups | array_position(%s, x) |
| unnest(?::VARCHAR[]) | entries, demo | the same (psycopg passes a list as an array) |
| GROUP BY ALL | groups, trends | name the grouped columns |
| arg_max(x, by), any_value(x) | groups | (array_agg(x ORDER BY by DESC))[1]; any_value from 16 on (else min) |
| contains(text, part) | entries | strpos(text, part) > 0 |
| TINYINT, DOUBLE | migrations, entries, trends | SMALLINT, DOUBLE PRECISION (a schema of its own) |
| date_trunc('week' / 'month', day) | groups, trends | the same, but a timestamp: keep the CAST / to_datetime |
| hash(*COLUMNS(*)), HUGEINT | backup | none: a PostgreSQL database is backed up by pg_dump |
| duckdb_tables(), _views(), _constraints() | backup, erase | information_schema (tables, views, constraints) |
| COPY FROM DATABASE, ATTACH, DETACH, CHECKPOINT | backup, db | none: whole-file copies; pg_dump / pg_restore |
| LOAD, SET <option>, USE | db | none: encryption at rest and access are the server's settings |
| BEGIN TRANSACTION READ ONLY | db | BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY |
| .df() (Handle.frame) | db | DataFrame(rows, columns=...); avg() is numeric there: cast to double precision |
| registered() (Arrow tables as views) | db, entries | COPY ... FROM STDIN, or executemany |
| import pyarrow | entries | not needed once registered() is replaced |
| DuckDB's exceptions | db, backup | psycopg.errors: UniqueViolation: Duplicate; IntegrityError: Refused; |
| | | SerializationFailure, DeadlockDetected: Conflict; DiskFull: DiskFull |

Not scanned, but true of every file: parameters are `?` (psycopg wants `%s`, so a PostgreSQL Handle rewrites them
or uses a driver that takes `?`); DuckDB's transactions are snapshots that refuse the second of two writers of a
row (a Conflict), which PostgreSQL matches only at REPEATABLE READ; groups.py reads from subqueries without an
alias, which PostgreSQL accepts from version 16.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Construct:
    name: str
    pattern: str  # a regular expression
    where: tuple[str, ...]  # the files of journal/store/ that use it
    postgres: str
    in_sql: bool = True  # False: looked for in the Python source, not in SQL text


CONSTRUCTS: tuple[Construct, ...] = (
    Construct("list aggregate", r"\blist\(", ("coaching.py", "entries.py"), "array_agg(x ORDER BY x)"),
    Construct("empty list literal", r"(?<![\w\]])\[\]", ("coaching.py", "entries.py"), "'{}'::text[]"),
    Construct("list_contains", r"\blist_contains\(", ("entries.py",), "x = ANY(%s)"),
    Construct("list_position", r"\blist_position\(", ("groups.py",), "array_position(%s, x)"),
    Construct("unnest of a list parameter", r"\bunnest\(\?::VARCHAR\[\]\)", ("demo.py", "entries.py"), "the same"),
    Construct("GROUP BY ALL", r"\bGROUP BY ALL\b", ("groups.py", "trends.py"), "name the grouped columns"),
    Construct("arg_max", r"\barg_max\(", ("groups.py",), "(array_agg(x ORDER BY by DESC))[1]"),
    Construct("any_value", r"\bany_value\(", ("groups.py",), "PostgreSQL 16, or min()"),
    Construct("contains", r"(?<![\w.])contains\(", ("entries.py",), "strpos(text, part) > 0"),
    Construct("TINYINT", r"\bTINYINT\b", ("entries.py", "migrations.py"), "SMALLINT"),
    Construct("DOUBLE", r"\bDOUBLE\b(?! PRECISION)", ("entries.py", "migrations.py", "trends.py"), "DOUBLE PRECISION"),
    Construct("date_trunc", r"\bdate_trunc\(", ("groups.py", "trends.py"), "the same; returns a timestamp"),
    Construct("row hashes", r"\bhash\(\*COLUMNS\(\*\)\)|\bHUGEINT\b", ("backup.py",), "pg_dump"),
    Construct(
        "DuckDB catalogue functions",
        r"\bduckdb_\w+\(\)",
        ("backup.py", "erase.py"),
        "information_schema.tables / views / table_constraints",
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
        ("db.py", "entries.py"),
        "COPY ... FROM STDIN, or executemany",
        in_sql=False,
    ),
    Construct("pyarrow", r"^\s*import pyarrow\b", ("entries.py",), "not needed", in_sql=False),
    Construct("the DuckDB driver", r"^\s*import duckdb\b", ("backup.py", "db.py"), "psycopg", in_sql=False),
)
