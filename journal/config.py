"""Settings read from the environment (prefix HARBOUR_), with safe defaults."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DB = ROOT / "data" / "harbour.duckdb"

# How long a deleted entry waits in the trash before it is removed for good.
TRASH_DAYS = 30


@dataclass(frozen=True)
class Settings:
    db_path: Path
    allow_signup: bool


def _flag(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    return raw.strip().lower() in {"1", "true", "yes", "on"}


def load() -> Settings:
    """Read settings now (not at import), so tests can point HARBOUR_DB elsewhere."""
    raw = os.environ.get("HARBOUR_DB", "").strip()
    path = Path(raw).expanduser() if raw else DEFAULT_DB
    return Settings(db_path=path, allow_signup=_flag("HARBOUR_ALLOW_SIGNUP", True))
