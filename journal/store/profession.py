"""SQL for a person's professional profile: their regulator, renewal date, HCPC profile words and NMC checklist
(migration 11 explains each column). One row per person; every statement names the owner."""

from __future__ import annotations

import json
from dataclasses import dataclass, fields, replace
from datetime import date, datetime

from journal.store.db import Handle

NONE = json.dumps([])  # an empty JSON list


@dataclass(frozen=True)
class ProfileRow:
    user_id: str
    regulator: str | None = None
    renewal_on: date | None = None
    summary_of_practice: str = ""
    personal_statement: str = ""
    statement_activities: str = NONE  # JSON list of cpd_activities ids
    checklist: str = NONE  # JSON list of the NMC checklist's ticked ids
    updated_at: datetime | None = None


_FIELDS = tuple(f.name for f in fields(ProfileRow))
_COLUMNS = ", ".join(_FIELDS)


def get(db: Handle, user_id: str) -> ProfileRow | None:
    found = db.one(f"SELECT {_COLUMNS} FROM professional_profile WHERE user_id = ?", [user_id])
    return ProfileRow(*found) if found else None


def change(db: Handle, user_id: str, when: datetime, **values: object) -> ProfileRow:
    """Set these columns of the person's profile (made if they have none yet), in one transaction; the result."""
    unknown = set(values) - set(_FIELDS[1:-1])
    if unknown:
        raise ValueError(f"not a profile column: {sorted(unknown)}")
    with db.write() as tx:
        current = get(tx, user_id) or ProfileRow(user_id)
        row = replace(current, updated_at=when, **values)  # type: ignore[arg-type]
        tx.execute("DELETE FROM professional_profile WHERE user_id = ?", [user_id])
        tx.execute(
            f"INSERT INTO professional_profile ({_COLUMNS}) VALUES ({', '.join('?' * len(_FIELDS))})",
            [getattr(row, name) for name in _FIELDS],
        )
    return row
