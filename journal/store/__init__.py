"""Everything that speaks SQL lives in this package, behind functions named for what they do."""

from journal.store.db import (
    BadKey,
    Database,
    DatabaseInUse,
    DiskFull,
    KeyRequired,
    NotEncrypted,
    SchemaTooNew,
    StoreError,
    UnreplayableWal,
    WrongKey,
    save_once,
)

__all__ = [
    "BadKey",
    "Database",
    "DatabaseInUse",
    "DiskFull",
    "KeyRequired",
    "NotEncrypted",
    "SchemaTooNew",
    "StoreError",
    "UnreplayableWal",
    "WrongKey",
    "save_once",
]
