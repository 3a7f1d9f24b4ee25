"""Peer groups that expose no one: joining and leaving, sharing choices, the facilitator's powers, the group page.

Every public function that acts for a person takes (db, user_id, ...) and checks their place in the group
first (journal.together.groups.access). Joining shares nothing. Closed weeks are settled before any change to
membership or sharing (journal.together.groups.figures), so no later change can alter a stored week. Join
codes are in journal.together.groups.codes, the wins wall and the open wall in journal.together.groups.wall."""

from __future__ import annotations

import unicodedata
import uuid
from dataclasses import dataclass, field
from datetime import date, datetime

from journal import accounts
from journal.accounts import AccountError
from journal.content.library import Library, Prompt
from journal.reflect import own
from journal.store import Handle
from journal.store import groups as repo
from journal.text.cleaning import clean
from journal.together.groups.access import (
    GroupError,
    _approved,
    _clock,
    _facilitating,
    _place,
    _write,
)
from journal.together.groups.codes import (
    CODE_EXPIRED,
    CODE_LIFETIME,
    CODE_UNKNOWN,
    _code_hash,
    new_code,
    normalise_code,
)
from journal.together.groups.figures import WeekFigures, _week, settle_weeks
from journal.together.groups.wall import WALL_LIMIT, OpenWall, WinPost, _post, _wall

DEFAULT_K = 5


MIN_K = 3


MAX_K = 100


NAME_MAX = 80


ALREADY_MEMBER = "You're already a member of this group."


ALREADY_ASKED = "You've already asked to join this group. The facilitator will see your request."


NEEDS_PASSWORD = "To start sharing, please type your password again: it's how Harbour knows it's really you choosing."


WALL_OFF = "This group hasn't turned on the open wall, so there is nothing to opt in to."


ADMIN_MADE_ONLY = (
    "This group admits only accounts made by the person who looks after this Harbour (or by signing in with your "
    "organisation), so that no made-up account can join it. Please ask them to make you one."
)


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
    regroup_prompt_text: str | None = None  # the facilitator's own regroup prompt (their words: show as text)


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
    made_by_admin: bool = False  # the administrator (or the organisation's sign-in) made it; it didn't sign itself up


@dataclass(frozen=True)
class Created:
    group: Group
    code: str  # shown once: only its hash is kept


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
        row.code_set_at + CODE_LIFETIME, row.admin_made_only, row.regroup_prompt_text,
    )  # fmt: skip


def _membership(group: repo.GroupRow, row: repo.MemberRow) -> Membership:
    return Membership(
        _group(group),
        facilitator=row.role == repo.FACILITATOR,
        pending=row.status == repo.PENDING,
        sharing=Sharing(row.share_scores, row.share_checkins, row.open_wall),
    )


# -- starting, joining, leaving ---------------------------------------------------------------------
def create_group(db: Handle, user_id: str, name: str, *, k: int = DEFAULT_K, now: datetime | None = None) -> Created:
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


def join_with_code(db: Handle, user_id: str, code: str, *, now: datetime | None = None) -> Membership:
    """Ask to join: a pending request the facilitator must approve. Until then nothing is seen or shared."""
    now = _clock(now)
    digest = _code_hash(normalise_code(code))

    def write(tx: Handle) -> Membership:
        group = repo.group_by_code_hash(tx, digest)
        if group is None:
            raise GroupError(CODE_UNKNOWN)
        if now - group.code_set_at > CODE_LIFETIME:
            raise GroupError(CODE_EXPIRED)
        # Claimed first, so a join can't cross the last member leaving (the group deleted under it), a new code
        # (the old one stops at once) or admit-only-made-accounts being turned on; a second join by the same person
        # at the same moment is tried again and finds the first's request.
        repo.claim_group(tx, group.id)
        existing = repo.membership(tx, group.id, user_id)
        if existing is not None:
            raise GroupError(ALREADY_ASKED if existing.status == repo.PENDING else ALREADY_MEMBER)
        if _admin_made_only(tx, group) and not repo.made_by_admin(tx, user_id):
            raise GroupError(ADMIN_MADE_ONLY)
        row = repo.MemberRow(group.id, user_id, repo.MEMBER, repo.PENDING, now, False, False, False)
        repo.insert_member(tx, row)
        return _membership(group, row)

    return _write(db, write)


def my_groups(db: Handle, user_id: str) -> list[Membership]:
    """The groups this person belongs to, or has asked to join."""
    return [_membership(g, m) for g, m in repo.groups_of(db, user_id)]


def leave(db: Handle, user_id: str, group_id: str, *, now: datetime | None = None) -> None:
    """Leave (or withdraw a request). Named posts go with you; posts as "a member" stay, so that leaving doesn't
    tell anyone which were yours. Weeks already closed are kept as they are."""
    now = _clock(now)

    def write(tx: Handle) -> None:
        group, _ = _place(tx, group_id, user_id)
        repo.claim_group(tx, group_id)  # two last members leaving at once: one of them sees it empty and deletes it
        settle_weeks(tx, group, now)
        repo.delete_named_wins(tx, group_id, user_id)
        repo.delete_member(tx, group_id, user_id)
        if repo.count_members(tx, group_id) == 0:
            repo.delete_group(tx, group_id)

    _write(db, write)


def take_on_facilitating(db: Handle, user_id: str, group_id: str, *, now: datetime | None = None) -> None:
    """When the facilitator has gone, any member may take the role on."""

    def write(tx: Handle) -> None:
        _approved(tx, group_id, user_id)
        repo.claim_group(tx, group_id)  # of members taking it on at the same moment, one does
        if repo.has_facilitator(tx, group_id):
            raise GroupError("This group already has a facilitator.")
        repo.set_role(tx, group_id, user_id, repo.FACILITATOR)

    _write(db, write)


# -- what a member shares ---------------------------------------------------------------------------
def set_sharing(
    db: Handle,
    user_id: str,
    group_id: str,
    choice: Sharing,
    password: accounts.Proof | None = None,
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
            asks = accounts.asks_for_password(db, user_id)
            raise GroupError(NEEDS_PASSWORD if asks else accounts.NO_HARBOUR_PASSWORD)
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
def roster(db: Handle, user_id: str, group_id: str) -> list[Member]:
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


def approve(db: Handle, user_id: str, group_id: str, member_id: str, *, now: datetime | None = None) -> None:
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


def decline(db: Handle, user_id: str, group_id: str, member_id: str) -> None:
    def write(tx: Handle) -> None:
        _facilitating(tx, group_id, user_id)
        if _other(tx, group_id, member_id).status != repo.PENDING:
            raise GroupError("Only a request that is still waiting can be declined; to remove a member, use Remove.")
        repo.delete_member(tx, group_id, member_id)

    _write(db, write)


def remove_member(db: Handle, user_id: str, group_id: str, member_id: str, *, now: datetime | None = None) -> None:
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


def rotate_code(db: Handle, user_id: str, group_id: str, *, now: datetime | None = None) -> str:
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


def set_min_members(db: Handle, user_id: str, group_id: str, k: int, *, now: datetime | None = None) -> None:
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


def set_admin_made_only(db: Handle, user_id: str, group_id: str, on: bool) -> None:
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


def set_regroup_prompt(db: Handle, user_id: str, group_id: str, prompt_id: str | None, lib: Library) -> None:
    if prompt_id is not None and lib.prompt(prompt_id) is None:
        raise GroupError("That prompt isn't in Harbour's library. Please choose another.")

    def write(tx: Handle) -> None:
        _facilitating(tx, group_id, user_id)
        repo.set_regroup_prompt(tx, group_id, prompt_id)

    _write(db, write)


GROUP_PROMPT = "group:"  # an entry answering a group's own regroup prompt has prompt_id 'group:<group id>'


def set_regroup_prompt_text(db: Handle, user_id: str, group_id: str, text: str) -> None:
    """The facilitator writes the group's regroup prompt in their own words, instead of choosing a reviewed one
    (no words: none). Cleaned and kept to own.MAX_PROMPT_CHARS; only the facilitator may."""
    try:
        words = own.clean_prompt(text) if str(text or "").strip() else None
    except own.OwnError as exc:
        raise GroupError(str(exc)) from None

    def write(tx: Handle) -> None:
        _facilitating(tx, group_id, user_id)
        repo.set_regroup_prompt_text(tx, group_id, words)

    _write(db, write)


def regroup_prompt(group: repo.GroupRow, lib: Library) -> Prompt | None:
    """The group's regroup prompt: the facilitator's own words (as a Prompt marked 'group:<id>', never one of the
    reviewed ones, so it never enters their rotation) or the reviewed one they chose."""
    if group.regroup_prompt_text:
        return Prompt(GROUP_PROMPT + group.id, "", ("weekly",), group.regroup_prompt_text)
    return lib.prompt(group.regroup_prompt_id)


def view(db: Handle, user_id: str, group_id: str, lib: Library, *, now: datetime | None = None) -> GroupView:
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
            prompt=regroup_prompt(group, lib),
            wall=_wall(tx, group, now.date()),
            roster=[_member(r) for r in everyone] if facilitating else [],
        )

    return _write(db, write)
