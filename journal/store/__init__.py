"""Everything that speaks SQL lives in this package, behind functions named for what they do.

Every store function takes a `Handle` first: the `Database`, or a transaction from `db.read()` / `db.write()`.
"""

from journal.store.db import (
    BadKey,
    Conflict,
    Database,
    DatabaseInUse,
    DiskFull,
    Duplicate,
    Handle,
    KeyRequired,
    NotEncrypted,
    Refused,
    SchemaTooNew,
    StoreError,
    Transaction,
    Unavailable,
    UnreplayableWal,
    WrongKey,
    retrying_write,
)

__all__ = [
    "BadKey",
    "Conflict",
    "Database",
    "DatabaseInUse",
    "DiskFull",
    "Duplicate",
    "Handle",
    "KeyRequired",
    "NotEncrypted",
    "Refused",
    "SchemaTooNew",
    "StoreError",
    "Transaction",
    "Unavailable",
    "UnreplayableWal",
    "WrongKey",
    "retrying_write",
]
