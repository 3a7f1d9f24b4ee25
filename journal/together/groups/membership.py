"""Peer groups that expose no one: join codes, approval, per-member sharing choices, frozen weekly figures.

Every public function that acts for a person takes (db, user_id, ...) and checks their place in the group
first. Joining shares nothing. A closed week's figures are worked out once, from those approved and sharing
at that moment, released with differential privacy (journal.together.groups.release: noise drawn once, each figure only
from at least k members) and then kept as they are. Closed weeks are settled before any change to membership
or sharing, so no later change can alter a stored week, and comparing two views can never single anyone out.
"""

from __future__ import annotations

import hashlib
import json
import math
import secrets
import unicodedata
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import TypeVar

import numpy as np
import pandas as pd

from journal import accounts
from journal.accounts import AccountError
from journal.clock import utcnow
from journal.content.library import Library, Prompt
from journal.reflect import entries
from journal.reflect.entries import SearchFilter, Summary
from journal.store import Database, Handle, retrying_write
from journal.store import groups as repo
from journal.text.cleaning import clean
from journal.together.groups import release as group_release

DEFAULT_K = 5
MIN_K = 3
MAX_K = 100
NAME_MAX = 80
WIN_TEXT_MAX = 500
WALL_LIMIT = 60  # posts shown on the wins wall, newest first
CODE_LIFETIME = timedelta(days=14)
CODE_PREFIX = "HARB"
CODE_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"  # Crockford's base 32: no I, L, O or U to misread
CODE_LENGTH = 12  # 60 random bits: guessing one is hopeless
OPEN_WALL_WEEKS = 4
FACES = {1: "😞", 2: "🙁", 3: "😐", 4: "🙂", 5: "😄"}
QUADRANTS = {
    "high_pleasant": "High energy, pleasant",
    "high_unpleasant": "High energy, unpleasant",
    "low_unpleasant": "Low energy, unpleasant",
    "low_pleasant": "Low energy, pleasant",
    "middle": "In the middle for mood or energy",
}
BURNOUT_SCALES = {"personal": "Personal burnout", "work": "Work-related burnout", "client": "People you work with"}
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
CODE_MALFORMED = "That doesn't look like a join code. Codes look like HARB-7K3M-Q9TX-2WPE: please copy it again."
CODE_UNKNOWN = (
    "That code doesn't open any group. Please check it with the facilitator: "
    "a code stops working as soon as they make a new one."
)
CODE_EXPIRED = "That code has expired (codes last 14 days). Please ask the facilitator for a new one."
ALREADY_MEMBER = "You're already a member of this group."
ALREADY_ASKED = "You've already asked to join this group. The facilitator will see your request."
NEEDS_PASSWORD = "To start sharing, please type your password again: it's how Harbour knows it's really you choosing."
WALL_OFF = "This group hasn't turned on the open wall, so there is nothing to opt in to."
NOT_YOUR_WIN = "Only one of your own wins, still in your journal, can go on the wall."
ADMIN_MADE_ONLY = (
    "This group admits only accounts made by the person who looks after this Harbour, so that no made-up account "
    "can join it. Please ask them to make you one."
)


class GroupError(ValueError):
    """Why a group action could not go ahead, in words for the person; nothing was changed."""


# -- what the service hands out -------------------------------------------------------------------------
@dataclass(frozen=True)
class Group:
    id: str
    name: str  # written by a person: show with st.text
    min_members: int  # k: no figure is shown unless at least this many members shared that week
    open_wall: bool
    regroup_prompt_id: str | None
    created_at: datetime
    code_expires: datetime  # when the current join code stops working (sooner, if a new one is made)
    admin_made_only: bool = False  # only accounts the administrator made may join (also forced Harbour-wide)


@dataclass(frozen=True)
class Sharing:
    scores: bool = False  # daily mood and energy
    checkins: bool = False  # Burnout check-in scores
    open_wall: bool = False  # named faces on the open wall, if the group has one


@dataclass(frozen=True)
class Membership:
    group: Group
    facilitator: bool
    pending: bool
    sharing: Sharing


@dataclass(frozen=True)
class Member:
    """What a facilitator sees of someone in their group: never what they share or write."""

    user_id: str
    username: str
    facilitator: bool
    pending: bool
    since: date
    made_by_admin: bool = False  # the administrator made this account; it didn't sign itself up


@dataclass(frozen=True)
class Created:
    group: Group
    code: str  # shown once: only its hash is kept


@dataclass(frozen=True)
class Spread:
    """A week's mean mood or energy across members, with differential-privacy noise in it."""

    at_least: int  # members behind it: at least this many (the group's k); the exact number is never shown
    mean: float
    margin: float  # about ±: 9 times in 10 the noise-free mean is within it

    @property
    def low(self) -> float:
        return max(1.0, round(self.mean - self.margin, 1))

    @property
    def high(self) -> float:
        return min(5.0, round(self.mean + self.margin, 1))


@dataclass(frozen=True)
class Quadrants:
    at_least: int
    shares: dict[str, int]  # percentage of members whose week was mostly in each area (QUADRANTS' labels)
    margin: int  # about ± percentage points


@dataclass(frozen=True)
class Average:
    at_least: int
    average: int
    margin: int


@dataclass(frozen=True)
class WeekFigures:
    """One closed week, as stored when it closed. None: fewer than k members shared it."""

    week_start: date
    k: int
    mood: Spread | None
    energy: Spread | None
    quadrants: Quadrants | None
    burnout: dict[str, Average | None]

    @property
    def week_end(self) -> date:
        return self.week_start + timedelta(days=6)


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


@dataclass(frozen=True)
class GroupView:
    """Everything the group page shows one approved member."""

    membership: Membership
    members: int
    has_facilitator: bool
    weeks: list[WeekFigures]
    wins: list[WinPost]
    prompt: Prompt | None
    wall: OpenWall
    roster: list[Member] = field(default_factory=list)  # for the facilitator only: members and waiting requests


# -- small pure helpers ------------------------------------------------------------------------------
def week_start(day: date) -> date:
    """The Monday of the week a day falls in: weeks run Monday to Sunday."""
    return day - timedelta(days=day.weekday())


def closed_weeks(created: date, today: date) -> list[date]:
    """The Mondays of every week since the group began that is over by `today` (the current week never is)."""
    first, current = week_start(created), week_start(today)
    return [first + timedelta(weeks=n) for n in range((current - first).days // 7)]


def release_weeks(scores: pd.DataFrame, checkins: pd.DataFrame, weeks: list[date], k: int) -> list[dict]:
    """Closed weeks' per-member rows (journal.store.groups.weekly_values) made into their protected releases."""

    def by_week(frame: pd.DataFrame, columns: list[str]) -> dict[date, dict[str, np.ndarray]]:
        arrays = {c: frame[c].to_numpy(dtype=float, na_value=np.nan) for c in columns}
        if "area" in frame:
            arrays["area"] = frame["area"].fillna("").to_numpy(dtype=object)
        return {w: {c: a[rows] for c, a in arrays.items()} for w, rows in frame.groupby("week").indices.items()}

    def present(values: np.ndarray) -> np.ndarray:
        return values[~np.isnan(values)]

    score_weeks = by_week(scores, ["mood", "energy"])
    checkin_weeks = by_week(checkins, list(BURNOUT_SCALES))
    values = []
    for week in weeks:
        s, c = score_weeks.get(week), checkin_weeks.get(week)
        values.append(
            group_release.WeekValues(
                mood=present(s["mood"]) if s else [],
                energy=present(s["energy"]) if s else [],
                scorers=len(s["mood"]) if s else 0,
                areas=[a for a in s["area"] if a] if s else [],
                burnout={scale: present(c[scale]) for scale in BURNOUT_SCALES} if c else {},
            )
        )
    return group_release.release_weeks(values, k, QUADRANTS, list(BURNOUT_SCALES))


def _week(start: date, raw_json: str) -> WeekFigures:
    data = json.loads(raw_json)
    q = data.get("areas")
    return WeekFigures(
        week_start=start,
        k=int(data["k"]),
        mood=Spread(**data["mood"]) if data.get("mood") else None,
        energy=Spread(**data["energy"]) if data.get("energy") else None,
        quadrants=Quadrants(q["at_least"], {a: q["shares"][a] for a in QUADRANTS.values()}, q["margin"]) if q else None,
        burnout={s: Average(**v) if (v := (data.get("burnout") or {}).get(s)) else None for s in BURNOUT_SCALES},
    )


def normalise_code(code: str) -> str:
    """The 12 characters that matter, however the code was typed: case, spaces, dashes and look-alikes forgiven."""
    text = unicodedata.normalize("NFKC", code).upper()
    text = "".join(ch for ch in text if ch.isalnum())
    if text.startswith(CODE_PREFIX) and len(text) == len(CODE_PREFIX) + CODE_LENGTH:
        text = text[len(CODE_PREFIX) :]
    text = text.translate(str.maketrans("OIL", "011"))
    if len(text) != CODE_LENGTH or any(ch not in CODE_ALPHABET for ch in text):
        raise GroupError(CODE_MALFORMED)
    return text


def _code_hash(normalised: str) -> str:
    return hashlib.sha256(f"harbour-group-code:{normalised}".encode()).hexdigest()


def new_code() -> str:
    body = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
    return "-".join([CODE_PREFIX, body[:4], body[4:8], body[8:]])


def _clean_name(name: str) -> str:
    cleaned, _ = clean(name)
    cleaned = "".join(ch for ch in cleaned if unicodedata.category(ch) != "Cf")
    cleaned = " ".join(cleaned.split())
    if not cleaned:
        raise GroupError("Please give the group a name, so members can tell it apart.")
    if len(cleaned) > NAME_MAX:
        raise GroupError(f"Group names can be up to {NAME_MAX} characters.")
    return cleaned


def _group(row: repo.GroupRow) -> Group:
    return Group(
        row.id, row.name, row.min_members, row.open_wall, row.regroup_prompt_id, row.created_at,
        row.code_set_at + CODE_LIFETIME, row.admin_made_only,
    )  # fmt: skip


def _membership(group: repo.GroupRow, row: repo.MemberRow) -> Membership:
    return Membership(
        _group(group),
        facilitator=row.role == repo.FACILITATOR,
        pending=row.status == repo.PENDING,
        sharing=Sharing(row.share_scores, row.share_checkins, row.open_wall),
    )


# -- checks and transactions ------------------------------------------------------------------------
T = TypeVar("T")


def _write(db: Database, action: Callable[[Handle], T]) -> T:
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


def settle_weeks(tx: Handle, group: repo.GroupRow, now: datetime) -> int:
    """Work out and keep every closed week not yet stored, from the group as it is now; returns how many.

    Called before any change to membership or sharing, so a stored week always reflects the group as it was
    when the week closed. Stored weeks are never touched again.
    """
    pending = closed_weeks(group.created_at.date(), now.date())
    if not pending:
        return 0
    stored = {week for week, _, _ in repo.stored_weeks(tx, group.id)}
    pending = [w for w in pending if w not in stored]
    if not pending:
        return 0
    scores, checkins = repo.weekly_values(tx, group.id, pending[0], pending[-1] + timedelta(weeks=1), list(QUADRANTS))
    released = release_weeks(scores, checkins, pending, group.min_members)
    rows = [(w, json.dumps(figures, sort_keys=True)) for w, figures in zip(pending, released, strict=True)]
    repo.insert_weeks(tx, group.id, now, rows)
    return len(rows)


# -- starting, joining, leaving ---------------------------------------------------------------------
def create_group(db: Database, user_id: str, name: str, *, k: int = DEFAULT_K, now: datetime | None = None) -> Created:
    """A new group with this person as its facilitator (sharing nothing yet), and its first join code."""
    now = _clock(now)
    name = _clean_name(name)
    _check_k(k)
    code = new_code()
    row = repo.GroupRow(str(uuid.uuid4()), name, k, _code_hash(normalise_code(code)), now, False, None, now)

    def write(tx: Handle) -> None:
        repo.insert_group(tx, row)
        repo.insert_member(
            tx, repo.MemberRow(row.id, user_id, repo.FACILITATOR, repo.APPROVED, now, False, False, False)
        )

    _write(db, write)
    return Created(_group(row), code)


def join_with_code(db: Database, user_id: str, code: str, *, now: datetime | None = None) -> Membership:
    """Ask to join: a pending request the facilitator must approve. Until then nothing is seen or shared."""
    now = _clock(now)
    digest = _code_hash(normalise_code(code))

    def write(tx: Handle) -> Membership:
        group = repo.group_by_code_hash(tx, digest)
        if group is None:
            raise GroupError(CODE_UNKNOWN)
        if now - group.code_set_at > CODE_LIFETIME:
            raise GroupError(CODE_EXPIRED)
        existing = repo.membership(tx, group.id, user_id)
        if existing is not None:
            raise GroupError(ALREADY_ASKED if existing.status == repo.PENDING else ALREADY_MEMBER)
        if _admin_made_only(tx, group) and not repo.made_by_admin(tx, user_id):
            raise GroupError(ADMIN_MADE_ONLY)
        row = repo.MemberRow(group.id, user_id, repo.MEMBER, repo.PENDING, now, False, False, False)
        repo.insert_member(tx, row)
        return _membership(group, row)

    return _write(db, write)


def my_groups(db: Database, user_id: str) -> list[Membership]:
    """The groups this person belongs to, or has asked to join."""
    return [_membership(g, m) for g, m in repo.groups_of(db, user_id)]


def leave(db: Database, user_id: str, group_id: str, *, now: datetime | None = None) -> None:
    """Leave (or withdraw a request). Named posts go with you; posts as "a member" stay, so that leaving doesn't
    tell anyone which were yours. Weeks already closed are kept as they are."""
    now = _clock(now)

    def write(tx: Handle) -> None:
        group, _ = _place(tx, group_id, user_id)
        settle_weeks(tx, group, now)
        repo.delete_named_wins(tx, group_id, user_id)
        repo.delete_member(tx, group_id, user_id)
        if repo.count_members(tx, group_id) == 0:
            repo.delete_group(tx, group_id)

    _write(db, write)


def take_on_facilitating(db: Database, user_id: str, group_id: str, *, now: datetime | None = None) -> None:
    """When the facilitator has gone, any member may take the role on."""

    def write(tx: Handle) -> None:
        _approved(tx, group_id, user_id)
        if repo.has_facilitator(tx, group_id):
            raise GroupError("This group already has a facilitator.")
        repo.set_role(tx, group_id, user_id, repo.FACILITATOR)

    _write(db, write)


# -- what a member shares ---------------------------------------------------------------------------
def set_sharing(
    db: Database,
    user_id: str,
    group_id: str,
    choice: Sharing,
    password: str | None = None,
    *,
    now: datetime | None = None,
) -> Sharing:
    """Change what this person shares with one group. Turning anything on needs their password again; turning
    things off never does. Either way it applies from the current week: closed weeks are kept as they are."""
    now = _clock(now)
    with db.read() as tx:
        group, row = _approved(tx, group_id, user_id)
    turning_on = (
        (choice.scores and not row.share_scores)
        or (choice.checkins and not row.share_checkins)
        or (choice.open_wall and not row.open_wall)
    )
    if choice.open_wall and not row.open_wall and not group.open_wall:
        raise GroupError(WALL_OFF)
    if turning_on:
        if not password:
            raise GroupError(NEEDS_PASSWORD)
        try:
            accounts.confirm_password(db, user_id, password, now=now)
        except AccountError as exc:
            raise GroupError(str(exc)) from None

    def write(tx: Handle) -> Sharing:
        group, _ = _approved(tx, group_id, user_id)
        settle_weeks(tx, group, now)
        repo.set_choices(tx, group_id, user_id, choice.scores, choice.checkins, choice.open_wall and group.open_wall)
        return Sharing(choice.scores, choice.checkins, choice.open_wall and group.open_wall)

    return _write(db, write)


# -- the facilitator's powers -----------------------------------------------------------------------
def roster(db: Database, user_id: str, group_id: str) -> list[Member]:
    """Who is in the group and who is waiting: for the facilitator only, and never what anyone shares."""
    with db.read() as tx:
        _facilitating(tx, group_id, user_id)
        rows = repo.members(tx, group_id)
    return [_member(r) for r in rows]


def _member(r: repo.MemberRow) -> Member:
    pending = r.status == repo.PENDING
    return Member(r.user_id, r.username, r.role == repo.FACILITATOR, pending, r.joined_at.date(), r.made_by_admin)


def _other(tx: Handle, group_id: str, member_id: str) -> repo.MemberRow:
    row = repo.membership(tx, group_id, member_id)
    if row is None:
        raise GroupError("That person isn't in this group (they may have left already).")
    return row


def approve(db: Database, user_id: str, group_id: str, member_id: str, *, now: datetime | None = None) -> None:
    """Let a pending request in. Closed weeks are settled first, so the newcomer counts only from this week."""
    now = _clock(now)

    def write(tx: Handle) -> None:
        group = _facilitating(tx, group_id, user_id)
        other = _other(tx, group_id, member_id)
        if other.status != repo.PENDING:
            raise GroupError("That person is already a member.")
        if _admin_made_only(tx, group) and not other.made_by_admin:
            raise GroupError(
                "This group admits only accounts made by the administrator, and this one signed itself up. "
                "Decline the request, or turn that setting off first."
            )
        settle_weeks(tx, group, now)
        repo.approve(tx, group_id, member_id, now)

    _write(db, write)


def decline(db: Database, user_id: str, group_id: str, member_id: str) -> None:
    def write(tx: Handle) -> None:
        _facilitating(tx, group_id, user_id)
        if _other(tx, group_id, member_id).status != repo.PENDING:
            raise GroupError("Only a request that is still waiting can be declined; to remove a member, use Remove.")
        repo.delete_member(tx, group_id, member_id)

    _write(db, write)


def remove_member(db: Database, user_id: str, group_id: str, member_id: str, *, now: datetime | None = None) -> None:
    """Take someone out of the group. Their named posts go; closed weeks are kept as they are."""
    now = _clock(now)

    def write(tx: Handle) -> None:
        group = _facilitating(tx, group_id, user_id)
        if member_id == user_id:
            raise GroupError("To step away from your own group, use Leave this group.")
        _other(tx, group_id, member_id)
        settle_weeks(tx, group, now)
        repo.delete_named_wins(tx, group_id, member_id)
        repo.delete_member(tx, group_id, member_id)

    _write(db, write)


def rotate_code(db: Database, user_id: str, group_id: str, *, now: datetime | None = None) -> str:
    """A new join code; the old one stops working at once. Shown once: only its hash is kept."""
    now = _clock(now)
    code = new_code()

    def write(tx: Handle) -> None:
        _facilitating(tx, group_id, user_id)
        repo.set_code(tx, group_id, _code_hash(normalise_code(code)), now)

    _write(db, write)
    return code


def _check_k(k: int) -> None:
    if isinstance(k, bool) or not isinstance(k, int) or not MIN_K <= k <= MAX_K:
        raise GroupError(
            f"The smallest number of members behind a figure must be a whole number from {MIN_K} to {MAX_K}: "
            f"with fewer than {MIN_K}, one person's scores could be worked out."
        )


def set_min_members(db: Database, user_id: str, group_id: str, k: int, *, now: datetime | None = None) -> None:
    """Change k for weeks not yet closed; closed weeks are settled first with the k they had."""
    _check_k(k)
    now = _clock(now)

    def write(tx: Handle) -> None:
        group = _facilitating(tx, group_id, user_id)
        settle_weeks(tx, group, now)
        repo.set_min_members(tx, group_id, k)

    _write(db, write)


def _admin_made_only(tx: Handle, group: repo.GroupRow) -> bool:
    return group.admin_made_only or repo.app_setting(tx, accounts.GROUPS_ADMIN_MADE_ONLY) == "true"


def set_admin_made_only(db: Database, user_id: str, group_id: str, on: bool) -> None:
    """Admit only accounts the administrator made. Turned on only while every member and request already is
    one, so the promise holds for everyone behind the group's figures, not just for newcomers."""

    def write(tx: Handle) -> None:
        _facilitating(tx, group_id, user_id)
        if on:
            others = [r for r in repo.members(tx, group_id) if not r.made_by_admin]
            if others:
                count = "1 member or request" if len(others) == 1 else f"{len(others)} members or requests"
                raise GroupError(
                    f"{count} in this group signed up by themselves rather than being made by the administrator, "
                    "so this can't be promised yet. The list of members marks them."
                )
        repo.set_admin_made_only(tx, group_id, on)

    _write(db, write)


def set_regroup_prompt(db: Database, user_id: str, group_id: str, prompt_id: str | None, lib: Library) -> None:
    if prompt_id is not None and lib.prompt(prompt_id) is None:
        raise GroupError("That prompt isn't in Harbour's library. Please choose another.")

    def write(tx: Handle) -> None:
        _facilitating(tx, group_id, user_id)
        repo.set_regroup_prompt(tx, group_id, prompt_id)

    _write(db, write)


def set_open_wall(db: Database, user_id: str, group_id: str, on: bool) -> None:
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
def postable_wins(db: Database, user_id: str, group_id: str, limit: int = 30) -> list[Summary]:
    """This person's own wins, newest first, to choose one to post (only they see this list)."""
    with db.read() as tx:
        _approved(tx, group_id, user_id)
    found, _ = entries.search(db, user_id, SearchFilter(wins_only=True), limit=limit)
    return found


def post_win(
    db: Database, user_id: str, group_id: str, entry_id: str, text: str, named: bool, *, now: datetime | None = None
) -> WinPost:
    """Post one of your wins, signed or as "a member". Only the text you choose goes up, never the entry."""
    now = _clock(now)
    with db.read() as tx:
        _approved(tx, group_id, user_id)
    entry = entries.get(db, user_id, entry_id)
    if entry is None or not entry.is_win or entry.deleted_at is not None:
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
        if repo.win_posted(tx, group_id, user_id, entry_id):
            raise GroupError("You've already posted this win to the group. You can take it down and post it again.")
        repo.insert_win(tx, row)

    _write(db, write)
    return WinPost(row.id, cleaned, None, now.date(), True)


def take_down_win(db: Database, user_id: str, group_id: str, post_id: str) -> bool:
    """Take one of your own posts off the wall (even after leaving); False if it isn't yours or is gone."""
    return _write(db, lambda tx: repo.delete_win(tx, group_id, user_id, post_id))


# -- what members see -------------------------------------------------------------------------------
def week_figures(db: Database, user_id: str, group_id: str, *, now: datetime | None = None) -> list[WeekFigures]:
    """Every closed week's stored figures, oldest first (closed weeks not yet stored are settled first)."""
    now = _clock(now)

    def write(tx: Handle) -> list[WeekFigures]:
        group, _ = _approved(tx, group_id, user_id)
        settle_weeks(tx, group, now)
        return [_week(start, figures) for start, _, figures in repo.stored_weeks(tx, group_id)]

    return _write(db, write)


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


def open_wall(db: Database, user_id: str, group_id: str, *, now: datetime | None = None) -> OpenWall:
    """The Niko-niko calendar: named faces per day for the last 4 closed weeks, only when everyone opted in."""
    with db.read() as tx:
        group, _ = _approved(tx, group_id, user_id)
        return _wall(tx, group, _clock(now).date())


def wins_wall(db: Database, user_id: str, group_id: str) -> list[WinPost]:
    with db.read() as tx:
        _approved(tx, group_id, user_id)
        rows = repo.wins(tx, group_id, WALL_LIMIT)
    return [_post(r, user_id) for r in rows]


def _post(row: repo.WinPostRow, user_id: str) -> WinPost:
    return WinPost(row.id, row.text, row.username if row.named else None, row.posted_at.date(), row.user_id == user_id)


def view(db: Database, user_id: str, group_id: str, lib: Library, *, now: datetime | None = None) -> GroupView:
    """Everything the group page shows this member; a pending or former member gets a GroupError instead."""
    now = _clock(now)

    def write(tx: Handle) -> GroupView:
        group, row = _approved(tx, group_id, user_id)
        settle_weeks(tx, group, now)
        weeks = [_week(start, figures) for start, _, figures in repo.stored_weeks(tx, group_id)]
        everyone = repo.members(tx, group_id)
        facilitating = row.role == repo.FACILITATOR
        posts = repo.wins(tx, group_id, WALL_LIMIT)
        return GroupView(
            membership=_membership(group, row),
            members=sum(r.status == repo.APPROVED for r in everyone),
            has_facilitator=repo.has_facilitator(tx, group_id),
            weeks=weeks,
            wins=[_post(p, user_id) for p in posts],
            prompt=lib.prompt(group.regroup_prompt_id),
            wall=_wall(tx, group, now.date()),
            roster=[_member(r) for r in everyone] if facilitating else [],
        )

    return _write(db, write)


# -- figures as rows for charts and tables (pure) ---------------------------------------------------
def spread_frame(weeks: list[WeekFigures]) -> pd.DataFrame:
    """(week, measure, mean, low, high, margin, at_least) for every shown mood and energy figure."""
    rows = [
        {"week": pd.Timestamp(w.week_start), "measure": label, "mean": s.mean, "low": s.low, "high": s.high,
         "margin": s.margin, "at_least": s.at_least}
        for w in weeks
        for label, s in (("Mood", w.mood), ("Energy", w.energy))
        if s is not None
    ]  # fmt: skip
    columns = ["week", "measure", "mean", "low", "high", "margin", "at_least"]
    return pd.DataFrame(rows, columns=columns) if rows else pd.DataFrame({c: [] for c in columns})


def quadrant_frame(weeks: list[WeekFigures]) -> pd.DataFrame:
    """(week, area, share, margin, at_least) for every shown week of area shares."""
    rows = [
        {"week": pd.Timestamp(w.week_start), "area": area, "share": share, "margin": w.quadrants.margin,
         "at_least": w.quadrants.at_least}
        for w in weeks
        if w.quadrants is not None
        for area, share in w.quadrants.shares.items()
    ]  # fmt: skip
    columns = ["week", "area", "share", "margin", "at_least"]
    return pd.DataFrame(rows, columns=columns) if rows else pd.DataFrame({c: [] for c in columns})


def figures_table(weeks: list[WeekFigures]) -> pd.DataFrame:
    """One row per closed week, newest first, in words: a hidden figure says why it is hidden."""

    def hidden(w: WeekFigures) -> str:
        return f"fewer than {w.k} members shared"

    def spread(w: WeekFigures, s: Spread | None) -> str:
        return hidden(w) if s is None else f"{s.mean:.1f} (about ±{s.margin:.1f}), {s.at_least} or more members"

    def burnout(w: WeekFigures, scale: str) -> str:
        a = w.burnout.get(scale)
        return hidden(w) if a is None else f"{a.average} (about ±{a.margin}), {a.at_least} or more members"

    def area(w: WeekFigures) -> str:
        if w.quadrants is None:
            return hidden(w)
        best = max(w.quadrants.shares, key=w.quadrants.shares.get)
        return f"{best} ({w.quadrants.shares[best]}% of members, about ±{w.quadrants.margin})"

    rows = [
        {
            "Week of": w.week_start.strftime("%d %b %Y"),
            "Mood": spread(w, w.mood),
            "Energy": spread(w, w.energy),
            "Most common area": area(w),
            **{name: burnout(w, scale) for scale, name in BURNOUT_SCALES.items()},
        }
        for w in reversed(weeks)
    ]
    return pd.DataFrame(rows, columns=["Week of", "Mood", "Energy", "Most common area", *BURNOUT_SCALES.values()])
