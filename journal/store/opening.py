"""Which database Harbour opens: DuckDB's file (the default: one process, a laptop or a small team) or, when
HARBOUR_DATABASE_URL is set, PostgreSQL (several Harbour processes behind a load balancer, an organisation).

Both are a Handle with close() and schema_version; the rest of Harbour doesn't ask which, except for what only a
file has: its encryption key, its daily backups and the CLI's file commands (`Store.dialect` says which).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, TypeAlias

from journal.store.db import Database, StoreError

if TYPE_CHECKING:
    from journal.store.postgres import PostgresDatabase

Store: TypeAlias = "Database | PostgresDatabase"

KEY_WITH_POSTGRES = (
    "HARBOUR_DB_KEY encrypts Harbour's own DuckDB file, and with HARBOUR_DATABASE_URL set there is no such file: "
    "the journal is in PostgreSQL. There, encryption at rest is the server's (an encrypted volume), and on the "
    "network it is TLS (sslmode=verify-full in the URL). Unset HARBOUR_DB_KEY; nothing was opened."
)


class KeyWithPostgres(StoreError):
    """HARBOUR_DB_KEY was given with a PostgreSQL URL: refused rather than silently ignored."""


def open_store(*, path: Path | str, key: str | None, backup_dir: Path | str | None, url: str | None) -> Store:
    """The configured database, opened and migrated: PostgreSQL when `url` is given, else the DuckDB file."""
    if url:
        if key:
            raise KeyWithPostgres(KEY_WITH_POSTGRES)
        from journal.store.postgres import PostgresDatabase  # psycopg only when PostgreSQL is in use

        return PostgresDatabase(url)
    return Database(path, key, backup_dir=backup_dir)
