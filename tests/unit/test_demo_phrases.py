"""The demo's words as data: the shipped phrases.toml fits the templates, and a malformed one says where."""

from __future__ import annotations

from dataclasses import fields
from pathlib import Path

import pytest

from journal.content.library import ContentError, Library
from journal.demo.phrases import PHRASES_FILE, load_phrases

SHIPPED = PHRASES_FILE.read_text(encoding="utf-8")


def _load_changed(tmp_path: Path, old: str, new: str) -> None:
    assert SHIPPED.count(old) == 1, old
    path = tmp_path / "phrases.toml"
    path.write_text(SHIPPED.replace(old, new), encoding="utf-8")
    load_phrases(path)


def test_every_bank_drawn_into_an_entry_uses_its_templates_own_fields(lib: Library) -> None:
    words = load_phrases()
    banks = {
        "session": words.session,
        "one_to_one": words.one_to_one,
        "setback": words.setback,
        "win": words.win,
        "weekly": words.weekly,
        "gibbs": words.gibbs,
        "what_so_what": words.what_so_what,
    }
    for template_id, bank in banks.items():
        keys = [f.key for f in lib.template(template_id).fields]
        answered = [f.name for f in fields(bank) if f.name in keys]
        assert answered == keys, template_id
    assert [f.name for f in fields(words.big_setback)] == [f.key for f in lib.template("setback").fields]


def test_every_theme_a_prompt_can_have_has_answers(lib: Library) -> None:
    assert set(load_phrases().prompt_answers) == {t.id for t in lib.themes}


def test_a_missing_key_is_a_content_error_naming_it(tmp_path: Path) -> None:
    with pytest.raises(ContentError, match=r"^phrases\.toml: session is missing 'was_hard'$"):
        _load_changed(tmp_path, "[session.was_hard]", "[session.was_tricky]")


def test_a_missing_tone_is_a_content_error_naming_it(tmp_path: Path) -> None:
    with pytest.raises(ContentError, match=r"^phrases\.toml: checkin\.open is missing 'low'$"):
        _load_changed(tmp_path, "[checkin.open]\nlow = [", "[checkin.open]\nlo = [")


def test_a_missing_table_is_a_content_error_naming_it(tmp_path: Path) -> None:
    with pytest.raises(ContentError, match=r"^phrases\.toml: the file is missing 'together'$"):
        _load_changed(tmp_path, "[together]\n", "[elsewhere]\n")


def test_a_bank_with_no_lines_is_a_content_error(tmp_path: Path) -> None:
    with pytest.raises(ContentError, match=r"^phrases\.toml: prompt_answers\.caring\.low should be a list"):
        _load_changed(tmp_path, 'low = ["I need to let people care for me, and I\'m not great at that."]', "low = []")


def test_malformed_toml_is_a_content_error_naming_the_file(tmp_path: Path) -> None:
    with pytest.raises(ContentError, match=r"^phrases\.toml: "):
        _load_changed(tmp_path, "[together]\n", "[together\n")


def test_a_key_the_demo_does_not_use_is_a_content_error_naming_it(tmp_path: Path) -> None:
    with pytest.raises(ContentError, match=r"^phrases\.toml: together has 'own_wins', which the demo doesn't use$"):
        _load_changed(tmp_path, "[together]\n", '[together]\nown_wins = ["A second caption."]\n')
