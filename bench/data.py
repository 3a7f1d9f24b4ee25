"""Synthetic Harbour databases at scale, written with bulk SQL in seconds and cached by version.

The shape (full scale): one "heavy" person with ten years of daily entries, one "light" person with 30,
and 500 others with a year each, all in one file. Words come from the demo account's phrase banks
(journal/demo/phrases.toml), composed the way save_new composes them and scored with journal.text.sentiment once per
distinct text; mood and energy follow each person's baseline, the seasons, the week, slow drift and the
odd low patch. Rows go in in the order they were written, interleaved across people as a real database
fills up, so no query gets the flattering layout of one person's rows stored side by side.
"""

from __future__ import annotations

import json
import random
import shutil
import time
import uuid
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path

import numpy as np
import pyarrow as pa
from argon2 import PasswordHasher

from journal import clock
from journal.accounts import User, username_key
from journal.clock import utcnow
from journal.content.library import Library, library
from journal.demo import year as demo
from journal.demo.phrases import phrases
from journal.reflect.entries import PROMPT_ANSWER, EntryInput
from journal.store import Database
from journal.store.db import registered
from journal.store.migrations import MIGRATIONS
from journal.text import sentiment
from journal.text.cleaning import normalise_tags

VERSION = 1  # bump whenever the generator changes: cached files are keyed by it (and by the schema version)
SEED = 2024
CACHE_DIR = Path(__file__).resolve().parent / ".cache"
HEAVY, LIGHT = "bench-heavy", "bench-light"
PASSWORD = "bench passphrase, not a secret"

POOL_PER_KIND = 60  # distinct texts per (template, tone): about 1,600 in all, each scored once
PROMPT_SHARE = 0.35  # of entries whose template offers a prompt, how many answer one
UNSCORED_SHARE = 0.05  # entries (other than check-ins) saved without mood and energy
EDITED_SHARE = 0.04
TRASHED_RECENT_SHARE = 0.02  # of the last 25 days' entries: recent enough that the trash still holds them
EXTRA_TAG_SHARE = 0.12  # entries that also carry one of the person's own tags
EXTRA_TAGS = ("sleep", "exercise", "commute", "supervision", "study", "on call", "mentoring", "garden", "choir")
_TONES = ("low", "mid", "high")


@dataclass(frozen=True)
class Scale:
    name: str
    heavy_days: int  # the heavy person writes once a day for this many days, ending today
    others: int  # other people, each writing once a day for `other_days`
    other_days: int
    light_entries: int = 30  # spread over the last 45 days


FULL = Scale("full", heavy_days=3650, others=500, other_days=365)
QUICK = Scale("quick", heavy_days=365, others=50, other_days=365)


@dataclass(frozen=True)
class BenchData:
    path: Path
    heavy: User
    light: User
    today: date
    users: int
    entries: int
    tags: int
    seconds: float  # how long building took; 0 when the file came from the cache
    cached: bool


@dataclass(frozen=True)
class _Text:
    """One composed entry text and everything derived from it, shared by every row that draws it."""

    answers: str  # JSON in the template's field order, then the prompt answer: as save_new stores it
    body: str
    theme: str | None
    prompt_id: str | None
    prompt_text: str | None
    tags: tuple[str, ...]
    polarity: float | None
    subjectivity: float | None


# ---------------------------------------------------------------- the words
def _clamp(value: int) -> int:
    return max(1, min(5, value))


def _compose(rng: random.Random, lib: Library, template_id: str, tone: str) -> tuple[_Text, EntryInput]:
    template = lib.template(template_id)
    mood = {"low": rng.choice((1, 2)), "mid": 3, "high": rng.choice((4, 5))}[tone]
    energy = _clamp(mood + rng.choice((-1, 0, 0, 1)))
    plan = demo._Plan(date(2020, 1, 1), template_id, mood, energy)
    words = phrases()
    raw = demo._answers(rng, words, plan, [])
    prompt = None
    if template.offers_prompt and rng.random() < PROMPT_SHARE:
        offered = [p for p in lib.prompts if template.moment in p.moments and p.theme in words.prompt_answers]
        prompt = rng.choice(offered) if offered else None
    if prompt is not None:
        raw[PROMPT_ANSWER] = rng.choice(words.prompt_answers[prompt.theme].for_mood(mood))
    order = [f.key for f in template.fields] + [PROMPT_ANSWER]
    answers = {key: raw[key] for key in order if str(raw.get(key) or "").strip()}
    body = "\n\n".join(answers.values())  # as journal.reflect.entries composes a body
    tone_read = sentiment.analyse(body)
    theme = demo._theme(rng, template, plan, prompt.theme if prompt else None)
    tags = tuple(normalise_tags(demo._tags(rng, words.tag_words, plan, body)))
    text = _Text(
        answers=json.dumps(answers, ensure_ascii=False),
        body=body,
        theme=theme,
        prompt_id=prompt.id if prompt else None,
        prompt_text=prompt.text if prompt else None,
        tags=tags,
        polarity=tone_read.polarity if tone_read else None,
        subjectivity=tone_read.subjectivity if tone_read else None,
    )
    inp = EntryInput(
        template=template_id,
        answers=answers,
        mood=mood,
        energy=energy,
        tags=list(tags),
        theme=theme,
        prompt_id=text.prompt_id,
        prompt_text=text.prompt_text,
    )
    return text, inp


def _pool(rng: random.Random, lib: Library) -> dict[tuple[str, str], list[_Text]]:
    """Distinct texts for every (template, tone), so sentiment is computed once per text, not per row."""
    pool: dict[tuple[str, str], list[_Text]] = {}
    for template_id in _template_ids(lib):
        for tone in _TONES:
            seen: set[str] = set()
            texts: list[_Text] = []
            for _ in range(POOL_PER_KIND * 4):  # small phrase banks run out of new combinations early
                text, _inp = _compose(rng, lib, template_id, tone)
                if text.body not in seen:
                    seen.add(text.body)
                    texts.append(text)
                if len(texts) == POOL_PER_KIND:
                    break
            pool[(template_id, tone)] = texts
    return pool


def _template_ids(lib: Library) -> list[str]:
    """Templates the demo phrase banks can write for (all of them, as long as demo keeps up)."""
    return [t.id for t in lib.templates if t.id in demo.TEMPLATE_IDS]


def save_inputs(n: int, *, seed: int = SEED, min_chars: int = 350, max_chars: int = 450) -> list[EntryInput]:
    """n realistic inputs of about 400 characters, varied, for timing save_new (dated today)."""
    rng = random.Random(seed + 1)
    lib = library()
    found: list[EntryInput] = []
    seen: set[str] = set()
    for _ in range(n * 200):
        template_id = rng.choice(("session", "one_to_one", "weekly", "setback", "gibbs", "win"))
        _text, inp = _compose(rng, lib, template_id, rng.choice(_TONES))
        body = "\n\n".join(inp.answers.values())
        if min_chars <= len(body) <= max_chars and body not in seen:
            seen.add(body)
            found.append(inp)
            if len(found) == n:
                return found
    # Few distinct texts in the band: reuse them (sentiment is not cached, so each save still scores its text).
    return [found[i % len(found)] for i in range(n)]


# ---------------------------------------------------------------- the people and their days
def _uuids(rng: np.random.Generator, n: int) -> list[str]:
    raw = rng.bytes(16 * n)
    return [str(uuid.UUID(bytes=raw[i : i + 16], version=4)) for i in range(0, 16 * n, 16)]


def _mix(weights: dict[str, float], ids: list[str]) -> np.ndarray:
    p = np.array([weights.get(t, 0.0) for t in ids], dtype=float)
    return p / p.sum()


@dataclass
class _Person:
    id: str
    username: str
    days: np.ndarray  # datetime64[D], ascending


def _people(rng: np.random.Generator, scale: Scale, today: date) -> list[_Person]:
    end = np.datetime64(today, "D")
    ids = _uuids(rng, scale.others + 2)
    heavy = _Person(ids[0], HEAVY, end - np.arange(scale.heavy_days)[::-1])
    recent = end - np.arange(45)[::-1]
    light_days = np.sort(rng.choice(recent, size=min(scale.light_entries, len(recent)), replace=False))
    light = _Person(ids[1], LIGHT, light_days)
    others = []
    for i in range(scale.others):
        last = end - int(rng.integers(0, 31))  # most people wrote this month; some stopped a few weeks ago
        others.append(_Person(ids[i + 2], f"bench-person-{i + 1:04d}", last - np.arange(scale.other_days)[::-1]))
    return [heavy, light, *others]


def _levels(rng: np.random.Generator, days: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """A person's usual mood and energy per day (before the moment's own nudge and noise), and dip days."""
    n = len(days)
    doy = (days - days.astype("datetime64[Y]")).astype(int)
    weekend = ((days.astype(int) + 3) % 7) >= 5  # 1970-01-01 was a Thursday
    season = rng.uniform(0.1, 0.4) * np.cos(2 * np.pi * (doy - 196) / 365.25)  # brighter in July, lower in January
    steps = rng.normal(0, 0.15, n)
    drift = np.empty(n)
    level = 0.0
    for i, step in enumerate(steps.tolist()):  # AR(1): moods wander for weeks, then come back
        level = 0.85 * level + step
        drift[i] = level
    dip = np.zeros(n, dtype=bool)
    for _ in range(rng.poisson(max(n, 1) / 365)):
        start = int(rng.integers(0, n))
        dip[start : start + int(rng.integers(10, 21))] = True
    mood = rng.normal(3.5, 0.35) + season + drift + 0.1 * weekend - 1.1 * dip
    energy = rng.normal(3.4, 0.35) + 0.8 * season + drift + 0.2 * weekend - 0.8 * dip
    return mood, energy, dip


def _rows(rng: np.random.Generator, people: list[_Person], lib: Library) -> dict[str, np.ndarray]:
    """Per-entry columns for everyone (except the texts, which are chosen from the pool later)."""
    template_ids = _template_ids(lib)
    weekday_p = _mix(demo.WEEKDAY_MIX, template_ids)
    weekend_p = _mix(demo.WEEKEND_MIX, template_ids)
    dip_p = _mix(demo.DIP_MIX, template_ids)
    weekly = template_ids.index("weekly")
    shifts = np.array([demo.TEMPLATE_SHIFT.get(t, (0.0, 0.0)) for t in template_ids])
    cols: dict[str, list[np.ndarray]] = {k: [] for k in ("person", "day", "template", "mood", "energy")}
    for p_index, person in enumerate(people):
        days = person.days
        n = len(days)
        mood_mu, energy_mu, dip = _levels(rng, days)
        weekday = (days.astype(int) + 3) % 7  # Monday = 0
        template = rng.choice(len(template_ids), size=n, p=weekday_p)
        weekend = weekday >= 5
        template[weekend] = rng.choice(len(template_ids), size=int(weekend.sum()), p=weekend_p)
        template[dip] = rng.choice(len(template_ids), size=int(dip.sum()), p=dip_p)
        regroup = ((weekday == 4) & (rng.random(n) < 0.5)) | ((weekday == 6) & (rng.random(n) < 0.2))
        template[regroup & ~dip] = weekly
        mood = np.clip(np.rint(mood_mu + shifts[template, 0] + rng.normal(0, 0.55, n)), 1, 5)
        energy = np.clip(np.rint(energy_mu + shifts[template, 1] + rng.normal(0, 0.55, n)), 1, 5)
        cols["person"].append(np.full(n, p_index))
        cols["day"].append(days)
        cols["template"].append(template)
        cols["mood"].append(mood.astype(np.int8))
        cols["energy"].append(energy.astype(np.int8))
    return {k: np.concatenate(v) for k, v in cols.items()}


# ---------------------------------------------------------------- building the file
def _tone_index(mood: np.ndarray) -> np.ndarray:
    return np.where(mood <= 2, 0, np.where(mood == 3, 1, 2))


def build(path: Path, scale: Scale, *, today: date | None = None, seed: int = SEED) -> BenchData:
    """Write a fresh database at `path` (replacing any there); the same scale, day and seed give the same rows."""
    started = time.perf_counter()
    today = today or clock.today()
    path = Path(path)
    for stale in (path, path.with_name(path.name + ".wal")):
        stale.unlink(missing_ok=True)
    lib = library()
    rng = np.random.default_rng(seed)
    pool = _pool(random.Random(seed), lib)
    template_ids = _template_ids(lib)
    people = _people(rng, scale, today)
    rows = _rows(rng, people, lib)
    n = len(rows["day"])

    # Pick each row's text from the pool of its template and tone.
    texts: list[_Text] = []
    offsets: dict[tuple[int, int], tuple[int, int]] = {}
    for t_index, template_id in enumerate(template_ids):
        for tone_index, tone in enumerate(_TONES):
            offsets[(t_index, tone_index)] = (len(texts), len(pool[(template_id, tone)]))
            texts.extend(pool[(template_id, tone)])
    tone = _tone_index(rows["mood"])  # the words match how the person said they felt
    text_index = np.empty(n, dtype=np.int64)
    for (t_index, tone_index), (start, size) in offsets.items():
        mask = (rows["template"] == t_index) & (tone == tone_index)
        text_index[mask] = start + rng.integers(0, size, int(mask.sum()))

    # When each entry was written, and the order they reached the database in.
    seconds = rng.integers(6 * 3600, 23 * 3600, n).astype("timedelta64[s]")
    created = rows["day"].astype("datetime64[s]") + seconds
    order = np.argsort(created, kind="stable")
    rows = {k: v[order] for k, v in rows.items()}
    text_index, created = text_index[order], created[order]
    ids = _uuids(rng, n)

    template_names = np.array(template_ids, dtype=object)[rows["template"]]
    unscored = (template_names != "checkin") & (rng.random(n) < UNSCORED_SHARE)
    proud = np.isin(template_names, ["session", "one_to_one", "checkin", "free"]) & (rng.random(n) < 0.18)
    wins = (template_names == "win") | ((rows["mood"] >= 4) & proud)
    edited = rng.random(n) < EDITED_SHARE
    updated = created + np.where(edited, rng.integers(3600, 72 * 3600, n), 0).astype("timedelta64[s]")
    now = np.datetime64(utcnow().replace(microsecond=0), "s")
    updated = np.minimum(updated, np.maximum(created, now))
    recent = rows["day"] >= np.datetime64(today - timedelta(days=25), "D")
    trashed = recent & (rng.random(n) < TRASHED_RECENT_SHARE)
    deleted = np.maximum(updated, np.minimum(updated + np.timedelta64(2, "h"), now))

    column = {
        name: np.array([getattr(t, name) for t in texts], dtype=object)[text_index] for name in _Text.__annotations__
    }
    user_ids = np.array([p.id for p in people], dtype=object)[rows["person"]]
    entries_table = pa.table(
        {
            "id": pa.array(ids, pa.string()),
            "user_id": pa.array(user_ids, pa.string()),
            "template": pa.array(template_names, pa.string()),
            "theme": pa.array(column["theme"], pa.string()),
            "prompt_id": pa.array(column["prompt_id"], pa.string()),
            "prompt_text": pa.array(column["prompt_text"], pa.string()),
            "answers": pa.array(column["answers"], pa.string()),
            "body": pa.array(column["body"], pa.string()),
            "mood": pa.array(rows["mood"], pa.int8(), mask=unscored),
            "energy": pa.array(rows["energy"], pa.int8(), mask=unscored),
            "is_win": pa.array(wins, pa.bool_()),
            "polarity": pa.array(column["polarity"], pa.float64()),
            "subjectivity": pa.array(column["subjectivity"], pa.float64()),
            "entry_date": pa.array(rows["day"], pa.date32()),
            "created_at": pa.array(created.astype("datetime64[us]"), pa.timestamp("us")),
            "updated_at": pa.array(updated.astype("datetime64[us]"), pa.timestamp("us")),
            "deleted_at": pa.array(deleted.astype("datetime64[us]"), pa.timestamp("us"), mask=~trashed),
            "revision": pa.array((1 + edited + trashed).astype(np.int32), pa.int32()),  # trashing counts too
            "source": pa.array(np.full(n, "harbour", dtype=object), pa.string()),
        }
    )

    # Tags: the text's own (from its words), plus now and then one of the person's own.
    favourites = rng.integers(0, len(EXTRA_TAGS), (len(people), 2))
    extra = rng.random(n) < EXTRA_TAG_SHARE
    extra_tag = np.array(EXTRA_TAGS, dtype=object)[favourites[rows["person"], rng.integers(0, 2, n)]]
    tag_entry, tag_user, tag_name = [], [], []
    for i in range(n):
        own = texts[text_index[i]].tags
        chosen = (*own, extra_tag[i]) if extra[i] else own
        for tag in chosen:
            tag_entry.append(ids[i])
            tag_user.append(user_ids[i])
            tag_name.append(tag)
    tags_table = pa.table({"user_id": tag_user, "entry_id": tag_entry, "tag": tag_name})

    password_hash = PasswordHasher().hash(PASSWORD)  # one argon2id hash for everyone: hashing is not what we time
    first_day = [p.days[0].astype(datetime) if len(p.days) else today for p in people]
    users_table = pa.table(
        {
            "id": [p.id for p in people],
            "username": [p.username for p in people],
            "username_key": [username_key(p.username) for p in people],
            "password_hash": [password_hash] * len(people),
            "is_admin": [i == 2 for i in range(len(people))],  # one of the others runs this Harbour
            "created_at": pa.array([datetime.combine(d - timedelta(days=1), datetime.min.time()) for d in first_day]),
        }
    )
    # A half-written reflection waits on the Write page for both timed people alike.
    draft = EntryInput(template="session", answers={"what_happened": "Team huddle ran long again."}, mood=3)
    drafts_table = pa.table(
        {
            "user_id": [people[0].id, people[1].id],
            "entry_id": _uuids(rng, 2),
            "template": ["session", "session"],
            "payload": [draft.to_json()] * 2,
            "updated_at": pa.array([utcnow()] * 2, pa.timestamp("us")),
        }
    )

    db = Database(path)
    try:
        with db.write() as tx:
            for table, data in (
                ("users", users_table),
                ("entries", entries_table),
                ("entry_tags", tags_table),
                ("drafts", drafts_table),
            ):
                with registered(tx, bench_rows=data):
                    names = ", ".join(data.column_names)
                    tx.execute(f"INSERT INTO {table} ({names}) SELECT {names} FROM bench_rows")  # noqa: S608
            # Each answered prompt was shown a few minutes before its entry was written.
            tx.execute(
                "INSERT INTO prompts_shown SELECT user_id, prompt_id, created_at - INTERVAL 3 MINUTE "
                "FROM entries WHERE prompt_id IS NOT NULL ORDER BY created_at"
            )
        db.execute("CHECKPOINT")
    finally:
        db.close()
    return BenchData(
        path=path,
        heavy=User(people[0].id, HEAVY, False),
        light=User(people[1].id, LIGHT, False),
        today=today,
        users=len(people),
        entries=n,
        tags=len(tag_name),
        seconds=time.perf_counter() - started,
        cached=False,
    )


def describe(path: Path, today: date) -> BenchData:
    """Read the timed people and the row counts back from a built file."""
    db = Database(path)
    try:
        found = dict(db.all("SELECT username, id FROM users WHERE username IN (?, ?)", [HEAVY, LIGHT]))
        counts = db.one(
            "SELECT (SELECT count(*) FROM users), (SELECT count(*) FROM entries), (SELECT count(*) FROM entry_tags)"
        )
        assert counts is not None
        users, entries, tags = counts
    finally:
        db.close()
    return BenchData(
        path=Path(path),
        heavy=User(found[HEAVY], HEAVY, False),
        light=User(found[LIGHT], LIGHT, False),
        today=today,
        users=users,
        entries=entries,
        tags=tags,
        seconds=0.0,
        cached=True,
    )


def cached(scale: Scale, *, today: date | None = None, seed: int = SEED, cache_dir: Path = CACHE_DIR) -> BenchData:
    """The database for this scale, built once per generator version, schema version, seed and day."""
    today = today or clock.today()
    cache_dir.mkdir(parents=True, exist_ok=True)
    name = f"harbour-bench-v{VERSION}-schema{MIGRATIONS[-1].version}-{scale.name}-s{seed}-{today:%Y%m%d}.duckdb"
    path = cache_dir / name
    if path.exists():
        return describe(path, today)
    for old in cache_dir.glob(f"harbour-bench-*-{scale.name}-*.duckdb*"):
        old.unlink()  # an older version or day of this scale: never read again
    partial = path.with_name(path.name + ".partial")
    data = build(partial, scale, today=today, seed=seed)
    partial.rename(path)  # only a finished file ever carries the cache name
    return BenchData(**{**data.__dict__, "path": path})


def working_copy(data: BenchData, dest: Path) -> BenchData:
    """A copy to run against: the bench writes (saves), and the cache must stay as built."""
    dest.parent.mkdir(parents=True, exist_ok=True)
    for stale in (dest, dest.with_name(dest.name + ".wal")):
        stale.unlink(missing_ok=True)
    shutil.copyfile(data.path, dest)
    return BenchData(**{**data.__dict__, "path": dest})
