"""Everything that speaks SQL lives in this package, behind functions named for what they do."""

from journal.store.db import Database, DatabaseInUse, SchemaTooNew, StoreError, save_once, utcnow

__all__ = ["Database", "DatabaseInUse", "SchemaTooNew", "StoreError", "save_once", "utcnow"]
