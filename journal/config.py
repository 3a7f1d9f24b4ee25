"""Configuration: what the operator sets in the environment (prefix HARBOUR_), with safe defaults."""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DB = ROOT / "data" / "harbour.duckdb"

# How long a deleted entry waits in the trash before it is removed for good.
TRASH_DAYS = 30


@dataclass(frozen=True)
class Config:
    db_path: Path
    allow_signup: bool
    backup_dir: Path  # daily backups: HARBOUR_BACKUP_DIR, or backups/ beside the database (data/backups/)
    demo: bool = True  # "Explore the demo" on the welcome page: an example journal in a separate, throwaway database
    # Make the demo as the server starts (HARBOUR_DEMO_AHEAD), so the first "Explore the demo" finds it ready
    demo_ahead: bool = True
    idle_minutes: float = 30.0  # signed out after this long without a click (HARBOUR_IDLE_MINUTES)
    db_key: str | None = field(default=None, repr=False)  # never printed: it is the whole of the protection
    # PostgreSQL instead of the file (HARBOUR_DATABASE_URL, postgresql://...): never printed, it may hold a password
    database_url: str | None = field(default=None, repr=False)
    # The folder of PostgreSQL's programs (HARBOUR_PG_BIN): where `backup` looks for pg_dump, and only there when set
    pg_bin: Path | None = None
    # The session cookie's Secure flag: "auto" sets it unless the browser reached Harbour on this machine itself.
    secure_cookie: str = "auto"  # HARBOUR_SECURE_COOKIE: auto, on or off
    # Who may come in through the organisation's sign-in (OpenID Connect, `[auth]` in .streamlit/secrets.toml).
    # Empty issuers means the configured provider's own issuer only; empty tenants or domains means no such check.
    org_issuers: tuple[str, ...] = ()  # HARBOUR_ORG_ISSUERS
    org_tenants: tuple[str, ...] = ()  # HARBOUR_ORG_TENANTS (Microsoft Entra ID's `tid`)
    org_email_domains: tuple[str, ...] = ()  # HARBOUR_ORG_EMAIL_DOMAINS


def path_problem(exc: OSError, show: Callable[[Path], str] = str) -> str:
    """What is wrong with a path an operator gave, in words: which path, and why (for a one-line refusal)."""
    where = show(Path(exc.filename)) if exc.filename else ""
    if isinstance(exc, FileExistsError) and where:  # mkdir(exist_ok=True) raises this only for a non-folder
        return f"{where} is a file, not a folder"
    if isinstance(exc, NotADirectoryError) and where:
        return f"part of {where} is a file, not a folder"
    return f"{where}: {exc.strerror}" if where and exc.strerror else exc.strerror or str(exc)


def _flag(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    return raw.strip().lower() in {"1", "true", "yes", "on"}


def _path(name: str) -> Path | None:
    raw = os.environ.get(name, "").strip()
    return Path(raw).expanduser() if raw else None


def _minutes(name: str, default: float, longest: float) -> float:
    """A positive number of minutes up to `longest`; anything else keeps the default (documented in the README)."""
    try:
        value = float(os.environ.get(name, "").strip())
    except ValueError:
        return default
    return value if 0 < value <= longest else default


def _choice(name: str, default: str, allowed: frozenset[str]) -> str:
    raw = os.environ.get(name, "").strip().lower()
    return raw if raw in allowed else default


def _list(name: str) -> tuple[str, ...]:
    """A comma-separated list, each item trimmed; blanks dropped. Compared case-insensitively where used."""
    return tuple(item.strip() for item in os.environ.get(name, "").split(",") if item.strip())


def load() -> Config:
    """Read the configuration now (not at import), so tests can point HARBOUR_DB elsewhere."""
    db_path = _path("HARBOUR_DB") or DEFAULT_DB
    key = os.environ.get("HARBOUR_DB_KEY", "").strip()
    return Config(
        db_path=db_path,
        allow_signup=_flag("HARBOUR_ALLOW_SIGNUP", True),
        backup_dir=_path("HARBOUR_BACKUP_DIR") or db_path.parent / "backups",
        db_key=key or None,
        database_url=os.environ.get("HARBOUR_DATABASE_URL", "").strip() or None,
        pg_bin=_path("HARBOUR_PG_BIN"),
        demo=_flag("HARBOUR_DEMO", True),
        demo_ahead=_flag("HARBOUR_DEMO_AHEAD", True),
        idle_minutes=_minutes("HARBOUR_IDLE_MINUTES", 30.0, 720.0),
        secure_cookie=_choice("HARBOUR_SECURE_COOKIE", "auto", frozenset({"auto", "on", "off"})),
        org_issuers=_list("HARBOUR_ORG_ISSUERS"),
        org_tenants=_list("HARBOUR_ORG_TENANTS"),
        org_email_domains=_list("HARBOUR_ORG_EMAIL_DOMAINS"),
    )
