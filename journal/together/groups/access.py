"""Who may do what in a peer group, and the one way a group change is written.

Every public group function that acts for a person checks their place in the group first, with the same
refusal whether the group exists or not, and writes in one transaction that is tried again when two
sessions collide. The other group modules (codes, figures, wall, membership) all build on this one."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import TypeVar

from journal.clock import utcnow
from journal.store import Handle, retrying_write
from journal.store import groups as repo

_ATTEMPTS = 6  # tries when two sessions' writes to one group collide


NOT_A_MEMBER = (
    "You're not a member of this group, so there's nothing of it to show you. "
    "If you'd like to join, please ask its facilitator for the join code."
)


WAITING = (
    "Your request to join is waiting for the facilitator to approve it. "
    "Until then you see nothing of the group and share nothing with it."
)


FACILITATORS_ONLY = "Only the group's facilitator can do that."


class GroupError(ValueError):
    """Why a group action could not go ahead, in words for the person; nothing was changed."""


# -- checks and transactions ------------------------------------------------------------------------
T = TypeVar("T")


def _write(db: Handle, action: Callable[[Handle], T]) -> T:
    """Run `action` in one transaction; when two sessions collide (say, both settling a week), try again."""
    return retrying_write(db, action, attempts=_ATTEMPTS)


def _place(tx: Handle, group_id: str, user_id: str) -> tuple[repo.GroupRow, repo.MemberRow]:
    """The group and this person's row in it; the same refusal whether the group exists or not."""
    group = repo.get_group(tx, group_id)
    row = repo.membership(tx, group_id, user_id) if group else None
    if group is None or row is None:
        raise GroupError(NOT_A_MEMBER)
    return group, row


def _approved(tx: Handle, group_id: str, user_id: str) -> tuple[repo.GroupRow, repo.MemberRow]:
    group, row = _place(tx, group_id, user_id)
    if row.status != repo.APPROVED:
        raise GroupError(WAITING)
    return group, row


def _facilitating(tx: Handle, group_id: str, user_id: str) -> repo.GroupRow:
    group, row = _approved(tx, group_id, user_id)
    if row.role != repo.FACILITATOR:
        raise GroupError(FACILITATORS_ONLY)
    return group


def _clock(now: datetime | None) -> datetime:
    return now or utcnow()
