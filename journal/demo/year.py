"""The demo account: one person's believable year in Harbour, for showing the app and testing the charts.

`build_demo` creates (or refreshes) the account "demo" and fills it with about three hundred entries written
by an imagined nurse turned improvement lead who also does community organising. The year has an everyday
rhythm, a clear dip after a setback about four and a half months ago with a recovery after it, and a last
week and a half of running low, so that every chart and the burnout early warning have something to show.
Everything is drawn from a seeded random generator, so the same seed and day always give the same year.
What they write is data in phrases.toml (journal.demo.phrases); this module decides when each kind of entry
falls and how the person feels, and draws the words to match.
"""

from __future__ import annotations

import math
import random
import secrets
import uuid
from dataclasses import asdict, dataclass, fields
from datetime import date, datetime, time, timedelta
from functools import partial

from journal import accounts, clock
from journal import demo as demo_making
from journal.content.library import Library, Template, pick_prompt
from journal.demo import checkbacks as demo_checkbacks
from journal.demo import own as demo_own
from journal.demo import people as demo_people
from journal.demo import revalidation as demo_revalidation
from journal.demo import together as demo_together
from journal.demo import trackers as demo_trackers
from journal.demo.phrases import Checkin, Gibbs, Lines, Phrases, Toned, WhatSoWhat, Win, phrases
from journal.reflect import entries
from journal.reflect.entries import PROMPT_ANSWER, EntryInput
from journal.store import Handle, users
from journal.store import entries as repo

__all__ = ["DEMO_USERNAME", "DemoResult", "build_demo"]

DEMO_USERNAME = "demo"
DAYS = 365  # the year ends today, so it starts 364 days before it
MIN_ENTRIES, MAX_ENTRIES = 270, 310  # a lively but believable year; trimmed or topped up into this band
DIP_DAYS = 14
RECOVERY_DAYS = 8
RUNNING_DOWN_DAYS = 10  # today and the nine days before it
MIN_PER_TEMPLATE = 3
TEMPLATE_IDS = ("checkin", "one_to_one", "session", "setback", "win", "weekly", "gibbs", "what_so_what", "free")


@dataclass(frozen=True)
class DemoResult:
    username: str
    password: str
    entries: int
    together: demo_together.Together | None = None  # the peer group and the coaching, both ways


@dataclass
class _Plan:
    """One entry to be written: when, which template, how the person felt and any special part it plays."""

    day: date
    template: str
    mood: int
    energy: int
    kind: str = ""  # "", "big_setback", "dip", "boundary", "connection" or "running_down"
    fixed: bool = False  # on a day that carries the story: never trimmed away or changed


# ---------------------------------------------------------------- the story's settings
# What the person writes is in phrases.toml; these decide which kind of entry falls when, and its theme.
# Themes an entry without a prompt may carry, by template (a check-in's by its tone); None: no theme.
PLAUSIBLE_THEMES: dict[str, list[str | None] | dict[str, list[str | None]]] = {
    "checkin": {"low": ["boundaries", "resilience", None], "mid": [None, None, "leadership"], "high": ["hope", None]},
    "session": ["leadership", "shared_purpose", "connection", "caring"],
    "weekly": ["boundaries", "hope", "caring"],
    "gibbs": ["leadership", "caring", "resilience"],
    "what_so_what": ["leadership", "shared_purpose"],
    "free": ["hope", "resilience", "boundaries", None],
}
# How often each kind of entry comes on a weekday, at the weekend and in the dip.
WEEKDAY_MIX = {
    "checkin": 0.49,
    "session": 0.17,
    "one_to_one": 0.12,
    "win": 0.1,
    "setback": 0.03,
    "gibbs": 0.025,
    "what_so_what": 0.03,
    "free": 0.055,
}
WEEKEND_MIX = {"checkin": 0.62, "session": 0.1, "win": 0.07, "free": 0.15, "what_so_what": 0.03, "one_to_one": 0.03}
DIP_MIX = {"checkin": 0.62, "free": 0.15, "what_so_what": 0.1, "setback": 0.05, "session": 0.08}
# Shifts to the day's mood and energy by kind of moment: a win lifts, a setback knocks.
TEMPLATE_SHIFT = {"win": (0.7, 0.3), "setback": (-1.3, -0.8), "one_to_one": (0.2, 0.1)}
# After the dip: connection, a boundary and wins, in this order, one a day (None: a quiet day).
RECOVERY_SCHEDULE = [
    ("checkin", "boundary"),
    ("one_to_one", "connection"),
    ("win", ""),
    None,
    ("checkin", "boundary"),
    ("session", ""),
    ("win", ""),
    ("checkin", "connection"),
]


def _tone(mood: int) -> str:
    return "low" if mood <= 2 else "mid" if mood == 3 else "high"


def _clamp(value: float) -> int:
    return max(1, min(5, round(value)))


def _pick(rng: random.Random, weights: dict[str, float]) -> str:
    return rng.choices(list(weights), weights=list(weights.values()))[0]


# ---------------------------------------------------------------- the shape of the year
def _levels(day: date, today: date, dip_start: date, drift: float) -> tuple[float, float, str]:
    """The usual mood and energy for a day, and which part of the story it belongs to."""
    since_dip = (day - dip_start).days
    until_today = (today - day).days
    if 0 <= since_dip < DIP_DAYS:
        # The knock lands, then the second week grinds lower still, until the turn on the last day.
        depth = 1.4 if 7 <= since_dip <= 12 else 2.5
        return depth, depth + 0.3, "dip"
    if DIP_DAYS <= since_dip < DIP_DAYS + RECOVERY_DAYS:
        step = (since_dip - DIP_DAYS + 1) / RECOVERY_DAYS
        return 3.1 + 0.8 * step, 3.0 + 0.8 * step, "recovery"
    if until_today < RUNNING_DOWN_DAYS:
        return 2.2, 1.5, "running_down"
    if until_today < RUNNING_DOWN_DAYS + 4:
        return 3.1, 2.6, "tapering"
    # A gentle ebb and flow over the weeks, on the rise as the recovery ends.
    wave = 0.25 * math.sin(2 * math.pi * (since_dip - DIP_DAYS - RECOVERY_DAYS) / 47)
    lift = 0.15 if DIP_DAYS + RECOVERY_DAYS <= since_dip < 40 else 0.0  # relief after coming through
    weekend = 0.15 if day.weekday() >= 5 else 0.0
    return 3.7 + wave + drift + lift, 3.8 + 0.8 * wave + drift + weekend, "usual"


def _draw(
    rng: random.Random,
    day: date,
    mood_mu: float,
    energy_mu: float,
    noise: float,
    template: str,
    kind: str = "",
) -> _Plan:
    """One entry on a day: the day's usual levels, nudged by the kind of moment, plus everyday noise."""
    dm, de = TEMPLATE_SHIFT.get(template, (0.0, 0.0))
    mood = _clamp(mood_mu + dm + rng.gauss(0, noise))
    energy = _clamp(energy_mu + de + rng.gauss(0, noise))
    return _Plan(day, template, mood, energy, kind)


def _plan_year(rng: random.Random, today: date) -> list[_Plan]:
    """Decide every entry of the year: its day, template, mood and energy, in date order."""
    start = today - timedelta(days=DAYS - 1)
    dip_start = today - timedelta(days=rng.randint(128, 142))
    # Days that carry the story (the run-up to the dip, the dip, the recovery and the last fortnight).
    protected = {dip_start + timedelta(days=k) for k in range(-10, DIP_DAYS + RECOVERY_DAYS)}
    protected |= {today - timedelta(days=k) for k in range(RUNNING_DOWN_DAYS + 4)}
    plans: list[_Plan] = []
    drift = 0.0
    weekly_on: dict[tuple[int, int], int | None] = {}
    down_day_with_three = rng.randrange(7)  # in the last week, at most one check-in says "okay"
    for i in range(DAYS):
        day = start + timedelta(days=i)
        drift = 0.75 * drift + rng.gauss(0, 0.12)
        mood_mu, energy_mu, phase = _levels(day, today, dip_start, drift)
        weekend = day.weekday() >= 5
        week = day.isocalendar()[:2]
        if week not in weekly_on:
            # The weekly regroup happens on a Friday or a Sunday, and now and then gets skipped.
            weekly_on[week] = None if rng.random() < 0.08 else (4 if rng.random() < 0.6 else 6)

        noise = 0.4 if phase == "dip" else 0.55  # a low patch is steadily low, not up and down
        entry = partial(_draw, rng, day, mood_mu, energy_mu, noise)
        day_plans: list[_Plan] = []
        since_dip = (day - dip_start).days
        if phase == "dip":
            if since_dip == 0:
                day_plans.append(_Plan(day, "setback", 1, 2, "big_setback"))
            elif rng.random() < 0.8:  # writing things down is part of how this person copes
                day_plans.append(entry(_pick(rng, DIP_MIX), "dip"))
        elif phase == "recovery":
            slot = RECOVERY_SCHEDULE[since_dip - DIP_DAYS]
            if slot:
                plan = entry(slot[0], slot[1])
                plan.mood, plan.energy = max(plan.mood, 3), max(plan.energy, 3)
                day_plans.append(plan)
        elif phase == "running_down":
            until_today = (today - day).days
            if until_today < 7:
                mood = 3 if until_today == down_day_with_three and rng.random() < 0.7 else 2
            else:
                mood = 3 if rng.random() < 0.3 else 2
            energy = 1 if rng.random() < 0.4 else 2
            day_plans.append(_Plan(day, "checkin", mood, energy, "running_down"))
            if not weekend and rng.random() < 0.3:
                extra = entry("session")
                extra.mood, extra.energy = min(extra.mood, 3), min(extra.energy, 2)
                day_plans.append(extra)
        else:
            r = rng.random()
            if weekend:
                n = 0 if r < 0.7 else 1 if r < 0.97 else 2
            else:
                n = 0 if r < 0.33 else 1 if r < 0.88 else 2
            mix = WEEKEND_MIX if weekend else WEEKDAY_MIX
            for _ in range(n):
                template = _pick(rng, mix)
                if any(p.template == template == "checkin" for p in day_plans):
                    template = "session"  # two check-ins in a day reads oddly; a shift note instead
                if template == "setback" and -10 <= since_dip < 0:
                    template = "session"  # keep the big knock clearly the start of the dip
                day_plans.append(entry(template))
        if weekly_on[week] == day.weekday():
            day_plans = day_plans[:1]
            plan = entry("weekly")
            if phase == "running_down":
                plan.mood, plan.energy = min(plan.mood, 2), min(plan.energy, 2)
            day_plans.append(plan)
        for plan in day_plans:
            plan.fixed = day in protected
        plans.extend(day_plans)
    return _cover_templates(rng, _fit_band(rng, plans, today, protected))


def _fit_band(rng: random.Random, plans: list[_Plan], today: date, protected: set[date]) -> list[_Plan]:
    """Trim or top up ordinary entries so the year always lands in the believable band."""
    while len(plans) > MAX_ENTRIES:
        candidates = [i for i, p in enumerate(plans) if not p.fixed and p.template not in ("weekly", "win")]
        plans.pop(rng.choice(candidates))
    taken = {p.day for p in plans}
    start = today - timedelta(days=DAYS - 1)
    quiet = [start + timedelta(days=i) for i in range(DAYS - 30)]
    quiet = [d for d in quiet if d not in taken and d not in protected and d.weekday() < 5]
    while len(plans) < MIN_ENTRIES and quiet:
        day = quiet.pop(rng.randrange(len(quiet)))
        plans.append(_Plan(day, "checkin", _clamp(3.7 + rng.gauss(0, 0.55)), _clamp(3.8 + rng.gauss(0, 0.55))))
    plans.sort(key=lambda p: p.day)
    return plans


def _cover_templates(rng: random.Random, plans: list[_Plan]) -> list[_Plan]:
    """Make sure every kind of reflection appears a few times, so no filter or chart comes up empty."""
    for template in TEMPLATE_IDS:
        while sum(p.template == template for p in plans) < MIN_PER_TEMPLATE:
            spare = [p for p in plans if p.template == "checkin" and not p.fixed]
            plan = rng.choice(spare)
            dm, de = TEMPLATE_SHIFT.get(template, (0.0, 0.0))
            plan.template, plan.mood, plan.energy = template, _clamp(plan.mood + dm), _clamp(plan.energy + de)
    return plans


# ---------------------------------------------------------------- the words
def _checkin_line(rng: random.Random, words: Checkin, plan: _Plan) -> str:
    tone = _tone(plan.mood)
    special = words.special.get(plan.kind)
    if special:
        line = rng.choice(special)
        return f"{line} {rng.choice(words.close.low)}" if plan.kind == "running_down" and rng.random() < 0.4 else line
    line = f"{rng.choice(words.open[tone])} {rng.choice(words.detail[tone])}"
    return f"{line} {rng.choice(words.close[tone])}" if rng.random() < 0.5 else line


def _each(rng: random.Random, bank: Win | Gibbs | WhatSoWhat, tone: str) -> dict[str, str]:
    """One line for each of a template's fields, in the form's order (a toned field's in this tone)."""
    answers = {}
    for f in fields(bank):
        lines = getattr(bank, f.name)
        answers[f.name] = rng.choice(lines[tone] if isinstance(lines, Toned) else lines)
    return answers


def _answers(rng: random.Random, words: Phrases, plan: _Plan, recent_lines: list[str]) -> dict[str, str]:
    """Compose the answers for one entry from the demo's words, in a tone that matches its mood."""
    tone = _tone(plan.mood)
    c = rng.choice
    if plan.template == "checkin":
        line = _checkin_line(rng, words.checkin, plan)
        for _ in range(10):  # the same line two days running reads like a copy, so try for a fresh one
            if line not in recent_lines:
                break
            line = _checkin_line(rng, words.checkin, plan)
        recent_lines.insert(0, line)
        del recent_lines[8:]
        return {"line": line}
    if plan.template == "session":
        s = words.session
        return {
            "what_happened": c(s.what_happened),
            "went_well": c(s.went_well[tone]),
            "was_hard": c(s.was_hard["low" if plan.energy <= 2 else tone]),
            "take_forward": c(s.take_forward),
        }
    if plan.template == "one_to_one":
        o = words.one_to_one
        common = c(o.common_ground)
        if plan.kind == "connection":
            common += f" {o.after_avoiding}"
        who, role = c(o.who), c(o.role)
        return {
            "who": f"{who} ({role})" if role else who,
            "common_ground": f"{common} {c(o.feeling[tone])}",
            "their_passion": c(o.their_passion),
            "agreed": c(o.agreed),
            "follow_up": c(o.follow_up),
        }
    if plan.template == "setback":
        if plan.kind == "big_setback":
            return asdict(words.big_setback)
        setback = words.setback
        return {
            "what_happened": c(setback.what_happened),
            "how_it_landed": c(setback.how_it_landed[tone]),
            "what_helped": c(setback.what_helped),
            "next_small_step": c(setback.next_small_step),
        }
    if plan.template == "win":
        return _each(rng, words.win, tone)
    if plan.template == "weekly":
        w = words.weekly
        return {
            "looking_back": c(w.looking_back[tone]),
            "energy_and_rest": c(w.energy_and_rest["low" if plan.energy <= 2 else tone]),
            "carrying_forward": c(w.carrying_forward),
            "one_boundary": c(w.one_boundary),
        }
    if plan.template == "gibbs":
        return _each(rng, words.gibbs, tone)
    if plan.template == "what_so_what":
        return _each(rng, words.what_so_what, tone)
    first, second = rng.sample(words.free[tone], 2)
    return {"text": f"{first} {second}" if rng.random() < 0.4 else first}


def _theme(rng: random.Random, template: Template, plan: _Plan, prompt_theme: str | None) -> str | None:
    if template.theme:
        return template.theme
    if prompt_theme:
        return prompt_theme
    if plan.kind == "boundary":
        return "boundaries"
    if plan.kind == "connection":
        return "connection"
    options = PLAUSIBLE_THEMES.get(plan.template, [None])
    if isinstance(options, dict):
        options = options[_tone(plan.mood)]
    return rng.choice(options)


def _tags(rng: random.Random, tag_words: dict[str, Lines], plan: _Plan, body: str) -> list[str]:
    text = body.lower()
    found = [tag for tag, words in tag_words.items() if any(w in text for w in words)]
    must = ["1-to-1"] if plan.template == "one_to_one" else ["rest"] if plan.kind == "boundary" else []
    if not must and rng.random() < 0.2:
        return []  # people don't always bother to tag
    others = [tag for tag in found if tag not in must]
    return must + rng.sample(others, min(3 - len(must), len(others)))


def _is_win(rng: random.Random, plan: _Plan) -> bool:
    if plan.template == "win":
        return True
    return plan.mood >= 4 and plan.template in ("session", "one_to_one", "checkin", "free") and rng.random() < 0.18


# ---------------------------------------------------------------- building it
def _demo_user(db: Handle, password: str) -> accounts.User:
    """Create the demo account, or give the existing one a new password."""
    if users.find_by_key(db, accounts.username_key(DEMO_USERNAME)) is None:
        return accounts.create_account(db, DEMO_USERNAME, password)
    return accounts.set_password(db, DEMO_USERNAME, password)


def build_demo(
    db: Handle, lib: Library, *, today: date | None = None, seed: int = 7, together: bool = True
) -> DemoResult:
    """Create or refresh the "demo" account with a year of entries ending on `today`; returns how to sign in.

    Only the demo account's rows are replaced. The same seed and day always write the same year
    (the password is new every time). How far it has got is told to `journal.demo.making` as it goes.
    """
    today = today or clock.today()
    if today > clock.today():
        # Entries are saved through the ordinary service, which refuses dates in the future.
        raise ValueError("The demo year can't end in the future.")
    demo_making.making.report(demo_making.MAKING, 0.0, WRITING)
    try:
        result = _build(db, lib, today, seed)
    except BaseException:
        demo_making.making.report(demo_making.FAILED, 0.0, "")
        raise
    demo_making.making.report(demo_making.READY, 1.0, "Ready")
    return result


WRITING = "Writing a year of example reflections…"
WRITTEN_SHARE = 0.6  # of the time making the demo takes, about this much goes on the year's own entries


def _build(db: Handle, lib: Library, today: date, seed: int) -> DemoResult:
    words = phrases()  # a mistake in the words stops the demo before anything is written
    rng = random.Random(seed)
    password = secrets.token_urlsafe(16)
    user = _demo_user(db, password)
    repo.delete_all_for_user(db, user.id)

    recent: list[str] = []  # prompt ids, newest first, as the rotation expects
    recent_lines: list[str] = []
    plans = _plan_year(rng, today)
    for n, plan in enumerate(plans):
        if n % 20 == 0:
            demo_making.making.report(demo_making.MAKING, WRITTEN_SHARE * n / len(plans), WRITING)
        template = lib.template(plan.template)
        answers = _answers(rng, words, plan, recent_lines)
        prompt = None
        if template.offers_prompt and rng.random() < 0.5:
            prompt = pick_prompt(lib, template.moment, recent, rng=rng)
        if prompt is not None:
            answers[PROMPT_ANSWER] = rng.choice(words.prompt_answers[prompt.theme].for_mood(plan.mood))
            recent.insert(0, prompt.id)
            when = datetime.combine(plan.day, time(hour=rng.randint(7, 21), minute=rng.randint(0, 59)))
            repo.record_prompt_shown(db, user.id, prompt.id, when)
        body = " ".join(answers.values())
        inp = EntryInput(
            template=plan.template,
            answers=answers,
            mood=plan.mood,
            energy=plan.energy,
            tags=_tags(rng, words.tag_words, plan, body),
            is_win=_is_win(rng, plan),
            theme=_theme(rng, template, plan, prompt.theme if prompt else None),
            prompt_id=prompt.id if prompt else None,
            prompt_text=prompt.text if prompt else None,
            entry_date=plan.day,
        )
        entry_id = str(uuid.UUID(int=rng.getrandbits(128), version=4))
        entries.save_new(db, user.id, entry_id, inp, lib)

    def report(done: float, words: str) -> None:
        demo_making.making.report(demo_making.MAKING, WRITTEN_SHARE + (1 - WRITTEN_SHARE) * done, words)

    built = demo_together.build(db, lib, user, password, today, rng, report)
    # The relational practice, after the year it grows from: the people its 1-to-1s name, the trackers its energy
    # loosely follows, its own prompt and template (its coach, made above, suggested one), look backs on setbacks.
    demo_people.build(db, user.id, lib, today)
    demo_trackers.build(db, user.id, lib, today)
    demo_own.build(db, user.id, lib, today)
    demo_checkbacks.build(db, user.id, lib, today)
    demo_revalidation.build(db, user.id, lib, today)  # a nurse part-way through NMC revalidation
    return DemoResult(username=DEMO_USERNAME, password=password, entries=entries.count(db, user.id), together=built)
