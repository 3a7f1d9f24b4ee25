"""The prompt library, templates and scales (content as data), and the prompt rotation."""

from __future__ import annotations

import random
from collections import Counter
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from journal.content.library import (
    MOMENTS,
    NO_REPEAT_WITHIN,
    PROMPTS_FILE,
    TEMPLATES_FILE,
    ContentError,
    Library,
    library,
    load_library,
    pick_prompt,
)

LIB = library()
ALL_IDS = [p.id for p in LIB.prompts]
THEME_IDS = [t.id for t in LIB.themes]
# Moments with more candidates than the no-repeat window, where a repeat is never needed.
ROOMY_MOMENTS = [m for m in MOMENTS if sum(m in p.moments for p in LIB.prompts) > NO_REPEAT_WITHIN]


def _pool(moment: str, theme: str | None = None) -> list[str]:
    return [p.id for p in LIB.prompts if moment in p.moments and (theme is None or p.theme == theme)]


# A person's history, newest first: any mix of real prompt ids (repeats allowed) and ids no longer shipped.
histories = st.lists(st.one_of(st.sampled_from(ALL_IDS), st.just("retired-01")), max_size=80)
seeds = st.integers(min_value=0, max_value=2**32 - 1)


# -- the shipped library ----------------------------------------------------------
def test_library_has_at_least_eight_themes() -> None:
    assert len(LIB.themes) >= 8


def test_every_theme_has_at_least_twelve_prompts() -> None:
    per_theme = Counter(p.theme for p in LIB.prompts)
    assert {t: per_theme[t] for t in THEME_IDS if per_theme[t] < 12} == {}


def test_every_prompt_has_an_id_a_known_theme_and_known_moments() -> None:
    for prompt in LIB.prompts:
        assert prompt.id
        assert prompt.theme in THEME_IDS
        assert prompt.moments and set(prompt.moments) <= set(MOMENTS)
        assert prompt.text.strip()


def test_prompt_ids_are_unique() -> None:
    assert len(set(ALL_IDS)) == len(ALL_IDS)


def test_every_prompt_can_be_offered_for_free_writing() -> None:
    assert [p.id for p in LIB.prompts if "free" not in p.moments] == []


def test_every_moment_has_prompts() -> None:
    assert {m: len(_pool(m)) for m in MOMENTS if not _pool(m)} == {}


def test_library_offers_the_templates_people_need() -> None:
    expected = {"checkin", "one_to_one", "session", "setback", "win", "weekly", "gibbs", "what_so_what", "free"}
    assert expected <= {t.id for t in LIB.templates}


def test_one_to_one_template_asks_who_common_ground_what_they_care_about_agreed_and_follow_up() -> None:
    keys = [f.key for f in LIB.template("one_to_one").fields]
    assert keys == ["who", "common_ground", "their_passion", "agreed", "follow_up"]


def test_gibbs_template_walks_through_all_six_stages_in_order() -> None:
    keys = [f.key for f in LIB.template("gibbs").fields]
    assert keys == ["description", "feelings", "evaluation", "analysis", "conclusion", "action_plan"]


def test_what_so_what_now_what_template_has_its_three_questions() -> None:
    assert [f.key for f in LIB.template("what_so_what").fields] == ["what", "so_what", "now_what"]


def test_quick_check_in_is_one_short_line() -> None:
    checkin = LIB.template("checkin")
    assert checkin.minutes <= 1
    assert [f.long for f in checkin.fields] == [False]


def test_templates_for_a_moment_use_that_moments_prompts_and_structured_cycles_use_free_ones() -> None:
    assert LIB.template("setback").moment == "setback"
    assert LIB.template("gibbs").moment == "free"


def test_every_template_theme_is_a_known_theme() -> None:
    assert [t.id for t in LIB.templates if t.theme is not None and t.theme not in THEME_IDS] == []


def test_unknown_template_id_raises_key_error() -> None:
    with pytest.raises(KeyError):
        LIB.template("no-such-template")


def test_mood_and_energy_scales_have_five_labels() -> None:
    assert len(LIB.mood.labels) == 5
    assert len(LIB.energy.labels) == 5


def test_scale_describes_a_level_by_number_and_label() -> None:
    assert LIB.mood.describe(5) == f"5 · {LIB.mood.labels[4]}"
    assert LIB.mood.describe(None) == "not recorded"


def test_theme_name_falls_back_for_no_theme() -> None:
    assert LIB.theme_name(None) == "No theme"
    assert LIB.theme_name(THEME_IDS[0]) == LIB.themes[0].name


# -- content file checks ----------------------------------------------------------
def _load_with_prompts(tmp_path: Path, extra: str) -> Library:
    prompts = tmp_path / "prompts.toml"
    prompts.write_text(PROMPTS_FILE.read_text(encoding="utf-8") + extra, encoding="utf-8")
    return load_library(prompts, TEMPLATES_FILE)


def test_a_prompt_with_an_unknown_theme_is_a_content_error_naming_the_file(tmp_path: Path) -> None:
    extra = '\n[[prompts]]\nid = "x-01"\ntheme = "nope"\nmoments = ["free"]\ntext = "Hello?"\n'
    with pytest.raises(ContentError, match=r"prompts\.toml: prompt x-01 has an unknown theme"):
        _load_with_prompts(tmp_path, extra)


def test_a_prompt_with_an_unknown_moment_is_a_content_error(tmp_path: Path) -> None:
    extra = f'\n[[prompts]]\nid = "x-01"\ntheme = "{THEME_IDS[0]}"\nmoments = ["lunch"]\ntext = "Hello?"\n'
    with pytest.raises(ContentError, match="bad moments"):
        _load_with_prompts(tmp_path, extra)


def test_a_repeated_prompt_id_is_a_content_error(tmp_path: Path) -> None:
    extra = f'\n[[prompts]]\nid = "{ALL_IDS[0]}"\ntheme = "{THEME_IDS[0]}"\nmoments = ["free"]\ntext = "Again?"\n'
    with pytest.raises(ContentError, match="prompt ids must be unique"):
        _load_with_prompts(tmp_path, extra)


def test_a_prompt_with_no_text_is_a_content_error(tmp_path: Path) -> None:
    extra = f'\n[[prompts]]\nid = "x-01"\ntheme = "{THEME_IDS[0]}"\nmoments = ["free"]\ntext = "   "\n'
    with pytest.raises(ContentError, match="has no text"):
        _load_with_prompts(tmp_path, extra)


def test_malformed_toml_is_a_content_error_naming_the_file(tmp_path: Path) -> None:
    with pytest.raises(ContentError, match=r"^prompts\.toml: "):
        _load_with_prompts(tmp_path, "\n[[prompts]\n")


def test_a_template_with_an_unknown_theme_is_a_content_error(tmp_path: Path) -> None:
    templates = tmp_path / "templates.toml"
    extra = (
        '\n[[templates]]\nid = "x"\nname = "X"\nsummary = "X"\ntheme = "nope"\n'
        '[[templates.fields]]\nkey = "a"\nlabel = "A"\n'
    )
    templates.write_text(TEMPLATES_FILE.read_text(encoding="utf-8") + extra, encoding="utf-8")
    with pytest.raises(ContentError, match=r"templates\.toml: template x has an unknown theme"):
        load_library(PROMPTS_FILE, templates)


def test_a_scale_without_five_labels_is_a_content_error(tmp_path: Path) -> None:
    templates = tmp_path / "templates.toml"
    text = TEMPLATES_FILE.read_text(encoding="utf-8")
    start = text.index("[scales.mood]")
    templates.write_text(
        text[:start]
        + '[scales.mood]\nquestion = "?"\nlabels = ["low", "high"]\n'
        + text[text.index("[scales.energy]") :],
        encoding="utf-8",
    )
    with pytest.raises(ContentError, match="scale mood needs exactly 5 labels"):
        load_library(PROMPTS_FILE, templates)


# -- rotation ---------------------------------------------------------------------
@given(moment=st.sampled_from(ROOMY_MOMENTS), history=histories, seed=seeds)
def test_no_prompt_repeats_within_the_last_twenty_shown(moment: str, history: list[str], seed: int) -> None:
    chosen = pick_prompt(LIB, moment, history, rng=random.Random(seed))
    assert chosen is not None
    assert chosen.id not in history[:NO_REPEAT_WITHIN]


@given(moment=st.sampled_from(ROOMY_MOMENTS), seed=seeds)
def test_showing_prompts_one_after_another_never_repeats_within_twenty(moment: str, seed: int) -> None:
    rng = random.Random(seed)
    shown: list[str] = []
    for _ in range(60):
        chosen = pick_prompt(LIB, moment, shown, rng=rng)
        assert chosen is not None
        assert chosen.id not in shown[:NO_REPEAT_WITHIN]
        shown.insert(0, chosen.id)


@given(moment=st.sampled_from(MOMENTS), history=histories, seed=seeds)
def test_chosen_prompt_suits_the_moment(moment: str, history: list[str], seed: int) -> None:
    chosen = pick_prompt(LIB, moment, history, rng=random.Random(seed))
    assert chosen is not None
    assert moment in chosen.moments


@given(
    pair=st.sampled_from([(t, m) for t in THEME_IDS for m in MOMENTS if _pool(m, t)]),
    history=histories,
    seed=seeds,
)
def test_an_explicit_theme_is_respected(pair: tuple[str, str], history: list[str], seed: int) -> None:
    theme, moment = pair
    chosen = pick_prompt(LIB, moment, history, theme=theme, rng=random.Random(seed))
    assert chosen is not None
    assert chosen.theme == theme
    assert moment in chosen.moments


@given(moment=st.sampled_from(ROOMY_MOMENTS), history=histories, seed=seeds)
def test_surprise_me_picks_from_the_theme_seen_least_recently(moment: str, history: list[str], seed: int) -> None:
    chosen = pick_prompt(LIB, moment, history, rng=random.Random(seed))
    assert chosen is not None

    def last_seen(theme: str) -> int:
        """How many prompts ago this theme was last shown (never shown counts as longest ago)."""
        for i, pid in enumerate(history):
            prompt = LIB.prompt(pid)
            if prompt is not None and prompt.theme == theme:
                return i
        return len(history) + 1

    blocked = set(history[:NO_REPEAT_WITHIN])
    available = {p.theme for p in LIB.prompts if moment in p.moments and p.id not in blocked}
    assert last_seen(chosen.theme) == max(last_seen(t) for t in available)


def test_surprise_me_offers_the_one_theme_not_yet_seen() -> None:
    # One recent free prompt from every theme but the last: the next should come from that one.
    unseen = THEME_IDS[-1]
    history = [next(p.id for p in LIB.prompts if p.theme == t) for t in THEME_IDS[:-1]]
    for seed in range(20):
        chosen = pick_prompt(LIB, "free", history, rng=random.Random(seed))
        assert chosen is not None and chosen.theme == unseen


def test_surprise_me_does_not_offer_the_theme_just_shown_when_others_are_available() -> None:
    for moment in MOMENTS:
        just_shown = LIB.prompt(_pool(moment)[0])
        assert just_shown is not None
        chosen = pick_prompt(LIB, moment, [just_shown.id], rng=random.Random(1))
        assert chosen is not None and chosen.theme != just_shown.theme, moment


def test_when_every_candidate_was_shown_lately_the_one_shown_longest_ago_comes_back() -> None:
    pool = _pool("one_to_one")
    assert len(pool) <= NO_REPEAT_WITHIN  # every one_to_one prompt fits in the window
    history = list(reversed(pool))  # newest first: pool[0] was shown longest ago
    chosen = pick_prompt(LIB, "one_to_one", history, rng=random.Random(0))
    assert chosen is not None and chosen.id == pool[0]


def test_no_prompt_when_the_theme_has_none_for_the_moment() -> None:
    theme = THEME_IDS[0]
    without_theme = replace(LIB, prompts=tuple(p for p in LIB.prompts if p.theme != theme))
    assert pick_prompt(without_theme, "free", [], theme=theme) is None


def test_no_prompt_when_the_library_has_none_for_the_moment() -> None:
    no_checkins = replace(LIB, prompts=tuple(p for p in LIB.prompts if "checkin" not in p.moments))
    assert pick_prompt(no_checkins, "checkin", []) is None


def test_no_prompt_for_an_unknown_theme_or_moment() -> None:
    assert pick_prompt(LIB, "free", [], theme="no-such-theme") is None
    assert pick_prompt(LIB, "lunch", []) is None
