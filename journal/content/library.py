"""Prompts, themes, templates and scales, loaded from reviewed TOML files; and the prompt rotation."""

from __future__ import annotations

import random
import tomllib
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

HERE = Path(__file__).resolve().parent
PROMPTS_FILE = HERE / "prompts.toml"
TEMPLATES_FILE = HERE / "templates.toml"

MOMENTS = ("checkin", "one_to_one", "session", "setback", "win", "weekly", "free")
# Templates other parts of Harbour open or look for by id (the GMC's two, Write's "What next?" after a distressing
# event, the wellbeing plan's review): a templates.toml without one of them is refused on load.
RELIED_ON = (
    "gmc_what_why_how",
    "aomrc_reflection",
    "restorative_before",
    "restorative_after",
    "schwartz_round",
    "after_event",
    "wellbeing_plan",
)
NO_REPEAT_WITHIN = 20  # a prompt is not shown again until 20 others have been


class ContentError(ValueError):
    """The content files are malformed; the message names the file and the problem."""


@dataclass(frozen=True)
class Theme:
    id: str
    name: str
    blurb: str


@dataclass(frozen=True)
class Prompt:
    id: str
    theme: str
    moments: tuple[str, ...]
    text: str


@dataclass(frozen=True)
class Field:
    key: str
    label: str
    help: str
    long: bool


@dataclass(frozen=True)
class Template:
    id: str
    name: str
    summary: str
    minutes: int
    theme: str | None
    offers_prompt: bool
    fields: tuple[Field, ...]
    scales: bool = True  # mood and energy are asked; False where any rating would be out of place

    @property
    def moment(self) -> str:
        """The moment whose prompts suit this template (structured cycles use free prompts)."""
        return self.id if self.id in MOMENTS else "free"


@dataclass(frozen=True)
class Scale:
    question: str
    labels: tuple[str, ...]

    def describe(self, level: int | None) -> str:
        return "not recorded" if level is None else f"{level} · {self.labels[level - 1]}"


@dataclass(frozen=True)
class Library:
    themes: tuple[Theme, ...]
    prompts: tuple[Prompt, ...]
    templates: tuple[Template, ...]
    mood: Scale
    energy: Scale
    unlisted: tuple[Template, ...] = ()  # reviewed templates another part of Harbour opens, not offered to pick

    def theme(self, theme_id: str | None) -> Theme | None:
        return next((t for t in self.themes if t.id == theme_id), None)

    def prompt(self, prompt_id: str | None) -> Prompt | None:
        return next((p for p in self.prompts if p.id == prompt_id), None)

    def template(self, template_id: str) -> Template:
        for template in (*self.templates, *self.unlisted):
            if template.id == template_id:
                return template
        raise KeyError(template_id)

    def theme_name(self, theme_id: str | None) -> str:
        theme = self.theme(theme_id)
        return theme.name if theme else "No theme"

    def template_name(self, template_id: str) -> str:
        try:
            return self.template(template_id).name
        except KeyError:  # a person's own template ('own:<id>') is named by its owner's words, never its id
            return "Your own template" if template_id.startswith("own:") else template_id


def _require(cond: bool, where: Path, message: str) -> None:
    if not cond:
        raise ContentError(f"{where.name}: {message}")


def _read(path: Path) -> dict:
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise ContentError(f"{path.name}: {exc}") from exc


def _scale(raw: dict, path: Path, name: str) -> Scale:
    labels = tuple(raw.get("labels", ()))
    _require(len(labels) == 5, path, f"scale {name} needs exactly 5 labels")
    return Scale(question=str(raw.get("question", "")), labels=labels)


def load_library(prompts_path: Path = PROMPTS_FILE, templates_path: Path = TEMPLATES_FILE) -> Library:
    """Read and check both content files; any mistake is a ContentError naming it."""
    raw = _read(prompts_path)
    themes = tuple(Theme(t["id"], t["name"], t["blurb"]) for t in raw.get("themes", []))
    theme_ids = [t.id for t in themes]
    _require(len(set(theme_ids)) == len(theme_ids), prompts_path, "theme ids must be unique")
    prompts = []
    for p in raw.get("prompts", []):
        moments = tuple(p.get("moments", ()))
        _require(p.get("theme") in theme_ids, prompts_path, f"prompt {p.get('id')} has an unknown theme")
        _require(bool(moments) and set(moments) <= set(MOMENTS), prompts_path, f"prompt {p.get('id')} has bad moments")
        _require(bool(str(p.get("text", "")).strip()), prompts_path, f"prompt {p.get('id')} has no text")
        prompts.append(Prompt(p["id"], p["theme"], moments, p["text"]))
    ids = [p.id for p in prompts]
    _require(len(set(ids)) == len(ids), prompts_path, "prompt ids must be unique")

    raw_t = _read(templates_path)
    templates: list[Template] = []
    unlisted: list[Template] = []
    for t in raw_t.get("templates", []):
        for key in ("id", "name", "summary"):
            _require(bool(str(t.get(key, "")).strip()), templates_path, f"template {t.get('id')} has no {key}")
        _require(
            isinstance(t.get("scales", True), bool), templates_path, f"template {t['id']}'s scales isn't true/false"
        )
        fields = tuple(
            Field(str(f.get("key", "")), str(f.get("label", "")), f.get("help", ""), bool(f.get("long", True)))
            for f in t.get("fields", [])
        )
        _require(bool(fields), templates_path, f"template {t.get('id')} has no fields")
        _require(
            all(f.key.strip() and f.label.strip() for f in fields),
            templates_path,
            f"template {t['id']} has a field with no key or label",
        )
        _require(
            len({f.key for f in fields}) == len(fields), templates_path, f"template {t.get('id')} repeats a field key"
        )
        theme = t.get("theme") or None
        _require(theme is None or theme in theme_ids, templates_path, f"template {t.get('id')} has an unknown theme")
        (templates if t.get("listed", True) else unlisted).append(
            Template(
                t["id"],
                t["name"],
                t["summary"],
                int(t.get("minutes", 5)),
                theme,
                bool(t.get("offers_prompt")),
                fields,
                t.get("scales", True),
            )
        )
    every = [t.id for t in (*templates, *unlisted)]
    _require(len(set(every)) == len(every), templates_path, "template ids must be unique")
    missing = [t for t in RELIED_ON if t not in every]
    _require(not missing, templates_path, f"Harbour relies on template {', '.join(missing)}, which it doesn't define")
    scales = raw_t.get("scales", {})
    return Library(
        themes=themes,
        prompts=tuple(prompts),
        templates=tuple(templates),
        unlisted=tuple(unlisted),
        mood=_scale(scales.get("mood", {}), templates_path, "mood"),
        energy=_scale(scales.get("energy", {}), templates_path, "energy"),
    )


@lru_cache(maxsize=1)
def library() -> Library:
    """The shipped content, read once per process (it is the same for everyone)."""
    return load_library()


def pick_prompt(
    lib: Library,
    moment: str,
    recently_shown: Sequence[str],
    *,
    theme: str | None = None,
    rng: random.Random | None = None,
) -> Prompt | None:
    """Choose the next prompt for a moment.

    `recently_shown` is this person's prompt ids, newest first. A prompt shown in the last
    NO_REPEAT_WITHIN is never chosen while another will do. Without a chosen theme, prompts
    come from the theme this person has seen least recently ("surprise me").
    """
    rng = rng or random.Random()
    pool = [p for p in lib.prompts if moment in p.moments and (theme is None or p.theme == theme)]
    if not pool:
        return None
    blocked = set(recently_shown[:NO_REPEAT_WITHIN])
    fresh = [p for p in pool if p.id not in blocked]
    if not fresh:
        # Every candidate was shown lately: take the one shown longest ago.
        order = {pid: i for i, pid in reversed(list(enumerate(recently_shown)))}
        return max(pool, key=lambda p: order.get(p.id, len(recently_shown)))
    if theme is None:
        last_seen = {}
        for i, pid in enumerate(recently_shown):
            prompt = lib.prompt(pid)
            if prompt and prompt.theme not in last_seen:
                last_seen[prompt.theme] = i
        themes = {p.theme for p in fresh}
        stalest = max(last_seen.get(t, len(recently_shown) + 1) for t in themes)
        fresh = [p for p in fresh if last_seen.get(p.theme, len(recently_shown) + 1) == stalest]
    return rng.choice(fresh)
