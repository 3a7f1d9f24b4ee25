"""The burnout check-in: the Copenhagen Burnout Inventory, its scoring, and when to offer it.

Kristensen, Borritz, Villadsen & Christensen (2005), Work & Stress 19(3), 192–207. The items are content,
kept in content/burnout_items.toml. A score is a sign to notice, never a diagnosis.
"""

from __future__ import annotations

import json
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import lru_cache
from pathlib import Path
from typing import Any

import altair as alt
import pandas as pd

from journal import clock
from journal.clock import utcnow
from journal.content.library import ContentError
from journal.patterns.charts.drawing import Fit, layered, time_axis
from journal.reflect import settings
from journal.store import Handle, retrying_write, users
from journal.store import burnout as repo
from journal.store import entries as entries_repo
from journal.store import settings as settings_repo
from journal.text.words import nice_date, plural

ITEMS_FILE = Path(__file__).resolve().parent.parent / "content" / "burnout_items.toml"
SCALES = ("personal", "work", "client")  # the stored score columns, in the inventory's order
OPTIONAL_SCALE = "client"  # asked only when the person chooses to include it
VALUES = (100, 75, 50, 25, 0)  # every response set, highest first
HIGH = 50.0  # a scale score of 50 or more is "high" (Kristensen et al. 2005)
EVERY = timedelta(days=28)  # offered every four weeks
FIRST_OFFER_AFTER = timedelta(days=14)  # a first offer waits until the account is two weeks old...
FIRST_OFFER_ENTRIES = 5  # ...and the person has written a few entries: they have settled in
CITATION = (
    "Copenhagen Burnout Inventory: Kristensen et al. (2005), Work & Stress 19(3), 192–207. Free to use with citation."
)


class CbiError(ValueError):
    """Why a check-in could not be saved, in words for the person; nothing was changed."""


# -- the inventory ------------------------------------------------------------
@dataclass(frozen=True)
class Option:
    value: int
    label: str


@dataclass(frozen=True)
class Item:
    id: str
    text: str
    responses: str  # "frequency" or "degree"
    options: tuple[Option, ...]
    reverse: bool = False

    def label(self, value: int) -> str:
        return next(o.label for o in self.options if o.value == value)

    def scored(self, value: int) -> int:
        return 100 - value if self.reverse else value


@dataclass(frozen=True)
class Scale:
    id: str
    name: str
    intro: str
    items: tuple[Item, ...]


@dataclass(frozen=True)
class Inventory:
    scales: tuple[Scale, ...]

    def scale(self, scale_id: str) -> Scale:
        return next(s for s in self.scales if s.id == scale_id)

    def asked(self, include_client: bool) -> tuple[Scale, ...]:
        """The scales put to a person: the optional one only if they chose it."""
        return tuple(s for s in self.scales if include_client or s.id != OPTIONAL_SCALE)


def _require(cond: bool, where: Path, message: str) -> None:
    if not cond:
        raise ContentError(f"{where.name}: {message}")


def load_inventory(path: Path = ITEMS_FILE) -> Inventory:
    """Read and check the items file; any mistake is a ContentError naming it."""
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise ContentError(f"{path.name}: {exc}") from exc
    responses: dict[str, tuple[Option, ...]] = {}
    for name, options in raw.get("responses", {}).items():
        opts = tuple(Option(int(o["value"]), str(o["label"])) for o in options)
        _require(tuple(o.value for o in opts) == VALUES, path, f"response set {name} must score {VALUES}")
        _require(all(o.label.strip() for o in opts), path, f"response set {name} has an empty label")
        responses[name] = opts
    scales = []
    for s in raw.get("scales", []):
        items = []
        for i in s.get("items", []):
            _require(i.get("responses") in responses, path, f"item {i.get('id')} has an unknown response set")
            _require(bool(str(i.get("text", "")).strip()), path, f"item {i.get('id')} has no text")
            _require(isinstance(i.get("reverse", False), bool), path, f"item {i.get('id')}: reverse is true or false")
            items.append(Item(i["id"], i["text"], i["responses"], responses[i["responses"]], i.get("reverse", False)))
        _require(bool(items), path, f"scale {s.get('id')} has no items")
        scales.append(Scale(s["id"], s["name"], s.get("intro", ""), tuple(items)))
    _require(tuple(s.id for s in scales) == SCALES, path, f"the scales must be {SCALES}, in that order")
    ids = [i.id for s in scales for i in s.items]
    _require(len(set(ids)) == len(ids), path, "item ids must be unique")
    return Inventory(tuple(scales))


@lru_cache(maxsize=1)
def inventory() -> Inventory:
    """The shipped inventory, read once per process."""
    return load_inventory()


# -- scoring ------------------------------------------------------------------
@dataclass(frozen=True)
class Scores:
    personal: float | None
    work: float | None
    client: float | None

    def get(self, scale_id: str) -> float | None:
        return getattr(self, scale_id)

    @property
    def any_high(self) -> bool:
        return any(is_high(self.get(s)) for s in SCALES)


def _checked(answers: Mapping[str, int | None], include_client: bool, inv: Inventory) -> dict[str, int]:
    """The answers that count: known items of the scales asked, each one of the choices offered."""
    known = {i.id: (s.id, i) for s in inv.scales for i in s.items}
    if set(answers) - set(known):
        raise CbiError("Some answers don't belong to this questionnaire. Please reload the page and try again.")
    kept = {}
    for item_id, value in answers.items():
        scale_id, item = known[item_id]
        if value is None or (scale_id == OPTIONAL_SCALE and not include_client):
            continue
        if isinstance(value, bool) or not isinstance(value, int) or value not in VALUES:
            raise CbiError(f'The answer to "{item.text}" isn\'t one of the choices offered. Please choose it again.')
        kept[item_id] = value
    return kept


def score(answers: Mapping[str, int | None], include_client: bool, inv: Inventory | None = None) -> Scores:
    """Each scale's score: the mean of its answered items (reverse items flipped), 0–100.

    A scale with fewer than half its items answered has no score (None); so does the optional scale when
    it is not included. An unanswered item may be left out or given as None.
    """
    inv = inv or inventory()
    kept = _checked(answers, include_client, inv)
    result: dict[str, float | None] = dict.fromkeys(SCALES)
    for scale in inv.asked(include_client):
        values = [i.scored(kept[i.id]) for i in scale.items if i.id in kept]
        if values and 2 * len(values) >= len(scale.items):
            result[scale.id] = sum(values) / len(values)
    return Scores(**result)


def is_high(value: float | None) -> bool:
    return value is not None and value >= HIGH


def whole(value: float) -> int:
    """A score as shown: the nearest whole number, halves up (62.5 shows as 63 everywhere)."""
    return int(value + 0.5)


def describe(scale: Scale, value: float) -> str:
    """'Personal burnout: 54 — high', or '… — below 50'."""
    words = "high" if is_high(value) else f"below {HIGH:.0f}"
    return f"{scale.name}: {whole(value)} — {words}"


# -- when to offer it ---------------------------------------------------------
def is_due(last_taken: date | None, snoozed_until: date | None, today: date) -> bool:
    """Offered when never taken or four weeks on, unless the person said "not now" until a later day."""
    if snoozed_until is not None and today < snoozed_until:
        return False
    return last_taken is None or today >= last_taken + EVERY


def first_offer_ready(joined: date, entry_count: int, today: date) -> bool:
    """Never taken: first offered once someone has used Harbour for a while, in days (not entries alone)."""
    return today >= joined + FIRST_OFFER_AFTER and entry_count >= FIRST_OFFER_ENTRIES


def offer_words(last_taken: date | None, today: date) -> str:
    """What the Write page says when it offers the check-in: true of this person's history, never "a while" for a
    first time."""
    if last_taken is None:
        return (
            "Would you like to try the burnout check-in? It's a short questionnaire about tiredness and exhaustion "
            "that helps you notice how you're doing over time. It takes about five minutes, and only you see it."
        )
    weeks = (today - last_taken).days // 7
    return (
        f"Your last burnout check-in was on {nice_date(last_taken)}, {plural(weeks, 'week')} ago. Would you like to "
        "take it again? It takes about five minutes."
    )


def snooze_date(last_taken: date | None, today: date) -> date:
    """After "not now": the next due day, four weeks from today if it was already due."""
    if last_taken is not None and last_taken + EVERY > today:
        return last_taken + EVERY
    return today + EVERY


# -- check-ins ----------------------------------------------------------------
@dataclass(frozen=True)
class Checkin:
    id: str
    taken_on: date
    created_at: datetime
    answers: dict[str, int]
    scores: Scores

    @property
    def next_due(self) -> date:
        return self.taken_on + EVERY


def _checkin(row: repo.CheckinRow) -> Checkin:
    answers = json.loads(row.answers)
    return Checkin(row.id, row.taken_on, row.created_at, answers, Scores(row.personal, row.work, row.client))


def save_checkin(
    db: Handle,
    user_id: str,
    checkin_id: str,
    answers: Mapping[str, int | None],
    include_client: bool,
    taken_on: date | None = None,
) -> Checkin:
    """Save a check-in under an id made when the form opened: saving twice never makes two.

    Returns only once it is committed. Refused, saving nothing, if no scale has enough answers to score.
    """
    inv = inventory()
    taken_on = taken_on or clock.today()
    if taken_on > clock.today() + timedelta(days=1):
        raise CbiError("That date is in the future. Please choose today or an earlier day.")
    kept = _checked(answers, include_client, inv)
    scores = score(kept, include_client, inv)
    if all(scores.get(s) is None for s in SCALES):
        raise CbiError(
            "There isn't enough here to score yet. Please answer at least half the questions in a section "
            "(your answers are still here)."
        )
    row = repo.CheckinRow(
        checkin_id, user_id, taken_on, utcnow(), json.dumps(kept), scores.personal, scores.work, scores.client
    )

    def write(tx: Handle) -> None:
        if repo.exists_any_owner(tx, checkin_id) is None:
            repo.insert(tx, row)
            settings_repo.forget(tx, user_id, _KEPT)  # the answers kept after "Not now" are in this check-in

    saved = retrying_write(db, write, lambda: repo.get(db, user_id, checkin_id))
    if saved is None:
        raise CbiError("Harbour couldn't confirm this save. Your answers are still here: please save again.")
    return _checkin(saved)


def history(db: Handle, user_id: str) -> list[Checkin]:
    """One person's check-ins, oldest first."""
    return [_checkin(r) for r in repo.history(db, user_id)]


def latest(db: Handle, user_id: str) -> Checkin | None:
    row = repo.latest(db, user_id)
    return _checkin(row) if row else None


def due(db: Handle, user_id: str, today: date) -> bool:
    """Whether the check-in is due today (see is_due)."""
    last = latest(db, user_id)
    return is_due(last.taken_on if last else None, settings.get(db, user_id).cbi_snoozed_until, today)


def offer(db: Handle, user_id: str, today: date) -> str | None:
    """The words to offer the check-in with on the Write page today, or None: offered when it is due, and a first
    time only once the person has been using Harbour for a while (see first_offer_ready)."""
    last = latest(db, user_id)
    if not is_due(last.taken_on if last else None, settings.get(db, user_id).cbi_snoozed_until, today):
        return None
    if last is None:
        account = users.find_by_id(db, user_id)
        if account is None or not first_offer_ready(
            account.created_at.date(), entries_repo.count_entries(db, user_id), today
        ):
            return None
    return offer_words(last.taken_on if last else None, today)


def snooze(db: Handle, user_id: str, today: date, answers: dict[str, int | None] | None = None) -> date:
    """After "not now", don't offer the check-in again until it is next due. Returns that day.

    Any answers already chosen are kept (all of them, the optional section's too) and filled in next time:
    nothing a person chose is thrown away without their say. Answers that aren't the questionnaire's are refused.
    """
    kept = _checked(answers or {}, True, inventory())
    last = latest(db, user_id)
    until = snooze_date(last.taken_on if last else None, today)
    changes: dict[str, object] = {"cbi_snoozed_until": until}
    if kept:
        changes[_KEPT] = json.dumps(kept, sort_keys=True)
    settings.update(db, user_id, **changes)
    return until


_KEPT = "cbi_draft"  # the setting that holds the answers kept after "Not now"


def kept_answers(db: Handle, user_id: str) -> dict[str, int]:
    """The answers kept after "Not now", to fill in the form; any that no longer fit the questionnaire are left out."""
    try:
        raw = json.loads(settings.get(db, user_id).cbi_draft or "{}")
    except ValueError:
        return {}
    if not isinstance(raw, dict):
        return {}
    known = {i.id for s in inventory().scales for i in s.items}
    return {k: v for k, v in raw.items() if k in known and type(v) is int and v in VALUES}


def discard_kept_answers(db: Handle, user_id: str) -> None:
    settings_repo.forget(db, user_id, _KEPT)


# -- the trend ----------------------------------------------------------------
def trend_frame(checkins: list[Checkin], inv: Inventory | None = None) -> pd.DataFrame:
    """One row per check-in, oldest first: its date and a column per scale that was ever scored."""
    inv = inv or inventory()
    shown = [s for s in inv.scales if any(c.scores.get(s.id) is not None for c in checkins)]
    data = {"Date": pd.to_datetime([c.taken_on for c in checkins])}
    for scale in shown:
        data[scale.name] = [c.scores.get(scale.id) for c in checkins]
    return pd.DataFrame(data)


def trend_table(frame: pd.DataFrame) -> pd.DataFrame:
    """The trend as a person reads it in a table: dates, and scores as the whole numbers shown elsewhere."""
    table = pd.DataFrame({"Date": [d.date() for d in frame["Date"]]})
    for column in frame.columns[1:]:
        table[column] = pd.array([None if pd.isna(v) else whole(v) for v in frame[column]], dtype="Int64")
    return table


def _score_axis(fit: Fit) -> Any:
    """On a phone five ticks (0, 25 ... 100) are enough; a wide screen keeps Vega's own."""
    return alt.Axis(values=[0, 25, 50, 75, 100]) if fit is Fit.NARROW else alt.Undefined


def trend_chart(frame: pd.DataFrame, fit: Fit = Fit.WIDE) -> alt.LayerChart:
    """Scores over time on a 0–100 axis, with the line at 50 where a score counts as high (legend always below)."""
    scales = [c for c in frame.columns if c != "Date"]
    lines = (
        alt.Chart(frame)
        .transform_fold(scales, as_=["Scale", "Score"])
        .transform_filter("isValid(datum.Score)")
        .mark_line(point=True)
        .encode(
            x=alt.X("Date:T", title=None, axis=time_axis(fit, "%b %y")),
            y=alt.Y("Score:Q", scale=alt.Scale(domain=[0, 100]), title="Score (0–100)", axis=_score_axis(fit)),
            color=alt.Color("Scale:N", legend=alt.Legend(orient="bottom", title=None)),
            tooltip=[alt.Tooltip("Date:T", format="%d %b %Y"), "Scale:N", alt.Tooltip("Score:Q", format=".0f")],
        )
    )
    rule = alt.Chart(pd.DataFrame({"High": [HIGH]})).mark_rule(strokeDash=[4, 4]).encode(y="High:Q")
    return layered(rule, lines).properties(description="Burnout check-in scores over time; 50 or more is high.")
