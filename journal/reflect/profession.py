"""Your profession in Harbour: which regulator you answer to and when your registration is next renewed.

It decides what the Revalidation page offers (the NMC's revalidation, the HCPC's CPD profile, a doctor's appraisal
reflections) and what the progress card counts towards. Private to its owner, like everything they write.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from journal import clock
from journal.content import regulators
from journal.store import Handle
from journal.store import profession as repo
from journal.store.profession import ProfileRow

__all__ = ["ProfileRow"]

RENEWAL_LATEST_YEARS = 6  # a renewal date further ahead than this is a typing slip


class ProfessionError(ValueError):
    """Why a choice can't be kept, in words for the person; nothing was changed."""


@dataclass(frozen=True)
class Profession:
    regulator: str | None  # one of regulators.IDS, or None until chosen
    renewal_on: date | None


def get(db: Handle, user_id: str) -> Profession:
    row = repo.get(db, user_id)
    return Profession(row.regulator, row.renewal_on) if row else Profession(None, None)


def profile(db: Handle, user_id: str) -> ProfileRow:
    """The whole stored profile (an empty one if they have none yet)."""
    return repo.get(db, user_id) or ProfileRow(user_id)


def set_regulator(db: Handle, user_id: str, regulator: str | None) -> None:
    if regulator is not None and regulator not in regulators.IDS:
        raise ProfessionError("Please choose your regulator from the list.")
    repo.change(db, user_id, clock.utcnow(), regulator=regulator)


def set_renewal(db: Handle, user_id: str, renewal_on: date | None, today: date | None = None) -> None:
    """The day the person's registration is next renewed (None: not set)."""
    today = today or clock.today()
    if renewal_on is not None and not today - timedelta(days=366) <= renewal_on <= _years_on(today):
        raise ProfessionError(
            "That renewal date looks a long way off. Please check it: it's the day your registration is next due."
        )
    repo.change(db, user_id, clock.utcnow(), renewal_on=renewal_on)


def _years_on(today: date) -> date:
    try:
        return today.replace(year=today.year + RENEWAL_LATEST_YEARS)
    except ValueError:  # 29 February
        return today.replace(year=today.year + RENEWAL_LATEST_YEARS, day=28)


def period_start(renewal_on: date | None, years: int, today: date) -> date:
    """The first day of the period that counts: `years` before the renewal date, or before today if none is set."""
    end = renewal_on or today
    try:
        return end.replace(year=end.year - years)
    except ValueError:
        return end.replace(year=end.year - years, day=28)
