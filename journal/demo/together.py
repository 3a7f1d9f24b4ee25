"""The demo's shared side: a peer group of eight with a year of scores, and coaching both ways.

The demo practitioner facilitates "Harbour demo group" (seven made-up peers share their daily scores, most
their burnout check-ins, and a few post wins), is coached by "demo-coach" (who sees their charts, wins and
one entry), and coaches "demo-sam" (who shares charts and wins). Everything goes through the same services
a person uses, backdated a year, so the group's closed weeks have figures to show.
"""

from __future__ import annotations

import random
import secrets
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from journal import accounts
from journal.content.library import Library
from journal.demo.phrases import phrases
from journal.patterns import burnout
from journal.reflect import entries
from journal.reflect.entries import EntryInput
from journal.store import Handle, users
from journal.store import demo as demo_repo
from journal.store import entries as entries_repo
from journal.store.erase import erase_account
from journal.together import coaching
from journal.together.groups import membership as groups
from journal.together.groups import wall as group_wall

GROUP_NAME = "Harbour demo group"
PEERS = ("demo-aisha", "demo-ben", "demo-chen", "demo-dee", "demo-eli", "demo-fran", "demo-sam")
COACH = "demo-coach"
MENTEE = "demo-sam"  # a peer the demo practitioner coaches
PEERS_WORDS = "Setting up a peer group of eight…"
COACH_WORDS = "Adding a coach, and someone the example practitioner coaches…"


@dataclass(frozen=True)
class Together:
    group: str
    coach: str
    coach_password: str
    mentee: str


def _account(db: Handle, name: str) -> tuple[accounts.User, str]:
    """A made-up person, made afresh: on a rerun the old one goes first, with everything of theirs."""
    old = users.find_by_key(db, accounts.username_key(name))
    if old is not None:
        erase_account(db, old.id)
    password = secrets.token_urlsafe(16)
    return accounts.create_account(db, name, password), password


def _clock(day: date) -> datetime:
    return datetime.combine(day, time(12, 0))


def _peer_year(db: Handle, user_id: str, start: date, today: date, rng: random.Random) -> None:
    """A year of quick check-ins: scores only, most days, each person with their own usual and a winter dip.
    Written as one batch (no words, so no tone to work out): the demo should be ready in seconds."""
    usual_mood, usual_energy = rng.uniform(2.8, 4.0), rng.uniform(2.6, 3.9)
    rows, day = [], start
    while day <= today:
        if rng.random() < 0.7:
            dip = 0.8 if date(day.year, 1, 10) <= day <= date(day.year, 2, 20) else 0.0
            mood = min(5, max(1, round(rng.gauss(usual_mood - dip, 0.8))))
            energy = min(5, max(1, round(rng.gauss(usual_energy - dip, 0.8))))
            when = datetime.combine(day, time(rng.randint(7, 21), rng.randint(0, 59)))
            rows.append(
                entries_repo.Entry(
                    str(uuid.UUID(int=rng.getrandbits(128), version=4)),
                    user_id,
                    "checkin",
                    None,
                    None,
                    None,
                    {},
                    "",
                    mood,
                    energy,
                    False,
                    None,
                    None,
                    day,
                    when,
                    when,
                    None,
                    1,
                    "harbour",
                )  # fmt: skip
            )
        day += timedelta(days=1)
    entries_repo.insert_many(db, rows)


def _checkins(db: Handle, user_id: str, start: date, today: date, rng: random.Random) -> None:
    inv = burnout.inventory()
    items = [i.id for scale in inv.scales[:2] for i in scale.items]
    day = start + timedelta(days=rng.randint(0, 27))
    while day <= today:
        answers = {item: rng.choice(burnout.VALUES[1:4]) for item in items}
        burnout.save_checkin(db, user_id, str(uuid.UUID(int=rng.getrandbits(128), version=4)), answers, False, day)
        day += timedelta(days=28)


def build(
    db: Handle, lib: Library, demo_user: accounts.User, demo_password: str, today: date, rng: random.Random,
    report: Callable[[float, str], None] = lambda done, words: None,
) -> Together:  # fmt: skip
    """Create (or recreate) the demo's group, peers and coaching; the demo practitioner's own year exists already.
    `report` hears how far it has got (0 to 1) and what it is making, in a person's words."""
    report(0.0, PEERS_WORDS)
    words = phrases().together
    start = today - timedelta(days=364)
    demo_repo.forget_group(db, GROUP_NAME, demo_user.id)  # a rerun starts the group afresh
    created = groups.create_group(db, demo_user.id, GROUP_NAME, now=_clock(start) - timedelta(days=1))
    gid = created.group.id
    groups.set_sharing(db, demo_user.id, gid, groups.Sharing(scores=True, checkins=True), demo_password,
                       now=_clock(start))  # fmt: skip
    peers = {}
    for n, name in enumerate(PEERS):
        report(0.8 * n / len(PEERS), PEERS_WORDS)
        user, password = _account(db, name)
        peers[name] = (user, password)
        _peer_year(db, user.id, start, today, rng)
        if n < 6:
            _checkins(db, user.id, start, today, rng)
        groups.join_with_code(db, user.id, created.code, now=_clock(start))
        groups.approve(db, demo_user.id, gid, user.id, now=_clock(start))
        groups.set_sharing(db, user.id, gid, groups.Sharing(scores=True, checkins=n < 6), password, now=_clock(start))
    for n, text in enumerate(words.peer_wins):
        user, _ = peers[PEERS[n]]
        day = today - timedelta(days=10 * (n + 1))
        win = entries.save_new(db, user.id, str(uuid.uuid4()), EntryInput("win", {"the_win": text}, is_win=True,
                               entry_date=day), lib).entry  # fmt: skip
        group_wall.post_win(db, user.id, gid, win.id, text, named=n % 2 == 0, now=_clock(day))
    own_wins = [e for e in entries.search(db, demo_user.id, entries.SearchFilter(wins_only=True), limit=1)[0]]
    for own_win in own_wins:
        group_wall.post_win(db, demo_user.id, gid, own_win.id, words.own_win, named=True)
    prompts = [p for p in lib.prompts if p.theme == "resilience"] or list(lib.prompts)
    groups.set_regroup_prompt(db, demo_user.id, gid, prompts[0].id, lib)

    report(0.85, COACH_WORDS)
    coach, coach_password = _account(db, COACH)
    invite = coaching.make_invite(db, demo_user.id)
    coached = coaching.accept_invite(db, coach.id, invite.code)
    for scope in ("share_charts", "share_wins", "share_entries"):
        coaching.share(db, demo_user.id, coached.id, scope, demo_password)
    if own_wins:
        coaching.share_entry(db, demo_user.id, coached.id, own_wins[0].id, demo_password, despite_findings=True)
    coaching.add_note(db, coach.id, coached.id, words.coach_note)
    coaching.add_note(db, demo_user.id, coached.id, words.own_action, action_owner="mentee",
                      due=today + timedelta(days=14))  # fmt: skip

    sam, sam_password = peers[MENTEE]
    invite = coaching.make_invite(db, sam.id)
    mentoring = coaching.accept_invite(db, demo_user.id, invite.code)
    for scope in ("share_charts", "share_wins"):
        coaching.share(db, sam.id, mentoring.id, scope, sam_password)
    return Together(GROUP_NAME, COACH, coach_password, MENTEE)
