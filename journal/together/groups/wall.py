"""The group's two walls: the wins wall, where members post wins they choose, and the opt-in open wall.

A win goes up only as the text its author chooses, signed or as "a member", never the entry behind it. The
open wall (a Niko-niko calendar of named daily faces) shows nothing until every approved member has opted in."""

from __future__ import annotations

import math
import uuid
from dataclasses import dataclass
from datetime import date, datetime, timedelta

import pandas as pd

from journal.reflect import debriefs, entries
from journal.reflect.entries import SearchFilter, Summary
from journal.store import Handle
from journal.store import groups as repo
from journal.text.cleaning import clean
from journal.together.groups.access import GroupError, _approved, _clock, _facilitating, _write
from journal.together.groups.figures import week_start

WIN_TEXT_MAX = 500


WALL_LIMIT = 60  # posts shown on the wins wall, newest first


OPEN_WALL_WEEKS = 4


FACES = {1: "😞", 2: "🙁", 3: "😐", 4: "🙂", 5: "😄"}


NOT_YOUR_WIN = "Only one of your own wins, still in your journal, can go on the wall."


@dataclass(frozen=True)
class WinPost:
    id: str
    text: str  # as the member chose to post it: show with st.text
    name: str | None  # their username if they signed it; None: "a member"
    posted_on: date
    mine: bool


@dataclass(frozen=True)
class OpenWall:
    on: bool  # the group chose to have one
    waiting: int  # approved members who haven't opted in: while any haven't, nothing is shown
    faces: pd.DataFrame | None = None  # rows: names; columns: days; cells: a face for the day's mood, or ""


def set_open_wall(db: Handle, user_id: str, group_id: str, on: bool) -> None:
    """Turn the group's open wall on or off. Turning it off clears everyone's opt-in: it never comes back on its
    own, each member chooses again."""

    def write(tx: Handle) -> None:
        _facilitating(tx, group_id, user_id)
        repo.set_group_open_wall(tx, group_id, on)
        if not on:
            for row in repo.members(tx, group_id):
                repo.set_choices(tx, group_id, row.user_id, row.share_scores, row.share_checkins, False)

    _write(db, write)


# -- the wins wall ----------------------------------------------------------------------------------
def postable_wins(db: Handle, user_id: str, group_id: str, limit: int = 30) -> list[Summary]:
    """This person's own wins, newest first, to choose one to post (only they see this list)."""
    with db.read() as tx:
        _approved(tx, group_id, user_id)
    found, _ = entries.search(db, user_id, SearchFilter(wins_only=True), limit=limit)
    return [s for s in found if s.template != debriefs.TEMPLATE]  # a debrief marked as a win stays private


def post_win(
    db: Handle, user_id: str, group_id: str, entry_id: str, text: str, named: bool, *, now: datetime | None = None
) -> WinPost:
    """Post one of your wins, signed or as "a member". Only the text you choose goes up, never the entry."""
    now = _clock(now)
    with db.read() as tx:
        _approved(tx, group_id, user_id)
    entry = entries.get(db, user_id, entry_id)
    if entry is None or not entry.is_win or entry.deleted_at is not None or entry.template == debriefs.TEMPLATE:
        raise GroupError(NOT_YOUR_WIN)
    cleaned, _ = clean(text)
    cleaned = cleaned.strip()
    if not cleaned:
        raise GroupError("Please say a few words about the win for the wall.")
    if len(cleaned) > WIN_TEXT_MAX:
        raise GroupError(f"A post on the wall can be up to {WIN_TEXT_MAX} characters; yours has {len(cleaned)}.")
    row = repo.WinPostRow(str(uuid.uuid4()), group_id, user_id, entry_id, now, bool(named), cleaned)

    def write(tx: Handle) -> None:
        _approved(tx, group_id, user_id)
        repo.claim_group(tx, group_id)  # the same win posted twice at the same moment goes up once
        if repo.win_posted(tx, group_id, user_id, entry_id):
            raise GroupError("You've already posted this win to the group. You can take it down and post it again.")
        repo.insert_win(tx, row)

    _write(db, write)
    return WinPost(row.id, cleaned, None, now.date(), True)


def take_down_win(db: Handle, user_id: str, group_id: str, post_id: str) -> bool:
    """Take one of your own posts off the wall (even after leaving); False if it isn't yours or is gone."""
    return _write(db, lambda tx: repo.delete_win(tx, group_id, user_id, post_id))


def _wall(tx: Handle, group: repo.GroupRow, today: date) -> OpenWall:
    if not group.open_wall:
        return OpenWall(False, 0)
    approved = [r for r in repo.members(tx, group.id) if r.status == repo.APPROVED]
    waiting = sum(not r.open_wall for r in approved)
    if waiting:
        return OpenWall(True, waiting)
    end = week_start(today)
    first = end - timedelta(weeks=OPEN_WALL_WEEKS)
    days = [first + timedelta(days=n) for n in range((end - first).days)]
    moods = repo.open_wall_days(tx, group.id, first, end)
    levels = {(r.user_id, r.day): min(5, max(1, math.floor(r.mood + 0.5))) for r in moods.itertuples()}
    faces = {key: f"{FACES[level]} {level}" for key, level in levels.items()}  # the number too, for every reader
    grid = pd.DataFrame(
        [[faces.get((r.user_id, d), "") for d in days] for r in approved],
        index=pd.Index([r.username for r in approved], name="Member"),
        columns=[d.strftime("%a %d %b") for d in days],
    )
    return OpenWall(True, 0, grid)


def open_wall(db: Handle, user_id: str, group_id: str, *, now: datetime | None = None) -> OpenWall:
    """The Niko-niko calendar: named faces per day for the last 4 closed weeks, only when everyone opted in."""
    with db.read() as tx:
        group, _ = _approved(tx, group_id, user_id)
        return _wall(tx, group, _clock(now).date())


def wins_wall(db: Handle, user_id: str, group_id: str) -> list[WinPost]:
    with db.read() as tx:
        _approved(tx, group_id, user_id)
        rows = repo.wins(tx, group_id, WALL_LIMIT)
    return [_post(r, user_id) for r in rows]


def _post(row: repo.WinPostRow, user_id: str) -> WinPost:
    return WinPost(row.id, row.text, row.username if row.named else None, row.posted_at.date(), row.user_id == user_id)
