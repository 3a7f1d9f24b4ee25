"""Cleaning and tag rules for everything a person types (journal.text.cleaning)."""

from __future__ import annotations

import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from journal.text.cleaning import MAX_TAG_CHARS, clean, clean_tag, normalise_tags
from journal.text.snippets import cut as snippet

# Every code point, lone surrogates included (hypothesis leaves them out unless asked).
any_text = st.text(st.characters(exclude_categories=()))


def _unstorable(ch: str) -> bool:
    code = ord(ch)
    return (code < 0x20 and ch not in "\t\n\r") or 0xD800 <= code <= 0xDFFF


# -- clean ----------------------------------------------------------------------
@given(any_text)
def test_clean_never_leaves_nul_c0_controls_or_lone_surrogates(text: str) -> None:
    cleaned, _ = clean(text)
    assert not any(_unstorable(ch) for ch in cleaned)


@given(any_text)
def test_clean_is_idempotent(text: str) -> None:
    once, _ = clean(text)
    assert clean(once) == (once, 0)


@given(any_text)
def test_clean_keeps_every_other_character_in_order_and_counts_what_it_removed(text: str) -> None:
    cleaned, removed = clean(text)
    assert cleaned == "".join(ch for ch in text if not _unstorable(ch))
    assert removed == len(text) - len(cleaned)


def test_clean_keeps_tabs_newlines_and_carriage_returns() -> None:
    assert clean("one\ttwo\r\nthree\n") == ("one\ttwo\r\nthree\n", 0)


def test_clean_removes_nul_bytes_and_counts_them() -> None:
    assert clean("a\x00b\x00c") == ("abc", 2)


# -- tags -----------------------------------------------------------------------
@given(st.lists(any_text, max_size=30))
def test_normalised_tags_have_no_commas_no_empties_and_fit_the_length_limit(raw: list[str]) -> None:
    for tag in normalise_tags(raw):
        assert "," not in tag
        assert tag.strip()
        assert len(tag) <= MAX_TAG_CHARS


@given(st.lists(any_text, max_size=30))
def test_normalised_tags_have_no_duplicates_that_differ_only_in_case_or_unicode_form(raw: list[str]) -> None:
    keys = [unicodedata.normalize("NFC", tag).casefold() for tag in normalise_tags(raw)]
    assert len(keys) == len(set(keys))


@given(st.lists(any_text, max_size=30))
def test_normalised_tags_contain_no_unstorable_characters(raw: list[str]) -> None:
    assert not any(_unstorable(ch) for tag in normalise_tags(raw) for ch in tag)


def test_tags_keep_the_first_spelling_of_case_duplicates() -> None:
    assert normalise_tags(["Self care", "self care", "SELF CARE", "rest"]) == ["Self care", "rest"]


def test_tags_in_composed_and_decomposed_form_count_as_one() -> None:
    composed = unicodedata.normalize("NFC", "José")
    decomposed = unicodedata.normalize("NFD", "josé")
    assert normalise_tags([composed, decomposed]) == [composed]


def test_commas_in_a_tag_become_spaces_so_one_tag_stays_one_label() -> None:
    assert normalise_tags(["work,life", "a , b"]) == ["work life", "a b"]


def test_tag_whitespace_is_collapsed_and_blank_tags_dropped() -> None:
    assert normalise_tags(["  night   shift\t", "   ", ""]) == ["night shift"]


def test_a_tag_cut_to_the_length_limit_does_not_end_in_a_space() -> None:
    # 39 letters, a space, then more: cutting at 40 must not leave "xxx…x " (a look-alike of "xxx…x").
    long_tag = "x" * (MAX_TAG_CHARS - 1) + " tail"
    assert clean_tag(long_tag) == clean_tag(long_tag).strip()


def test_tags_that_look_identical_after_cutting_are_not_kept_twice() -> None:
    base = "x" * (MAX_TAG_CHARS - 1)
    assert len(normalise_tags([base, base + " tail"])) == 1


# -- snippet --------------------------------------------------------------------
def test_snippet_of_short_text_is_the_text_on_one_line() -> None:
    assert snippet("first line\nsecond   line") == "first line second line"


def test_snippet_of_long_text_is_cut_with_an_ellipsis_within_the_length() -> None:
    cut = snippet("word " * 200, length=50)
    assert len(cut) <= 50
    assert cut.endswith("…")


@given(st.text(alphabet="ab ,.\n", max_size=120), st.integers(min_value=2, max_value=80), st.booleans())
def test_a_snippet_fits_its_length_and_ends_after_a_whole_word(text: str, length: int, goes_on: bool) -> None:
    cut = snippet(text, length, goes_on=goes_on)
    flat = " ".join(text.split())
    assert len(cut) <= length
    if not cut.endswith("…"):
        assert cut == flat and not goes_on
        return
    kept = cut[:-1]
    assert flat.startswith(kept)
    if flat[:length].rfind(" ") >= len(flat[:length]) // 2:  # room for a whole word: the cut falls between words
        assert flat[len(kept) :].lstrip(",;:.-")[:1] == " "


def test_a_snippet_never_cuts_a_word_in_half() -> None:
    words = "Something to look back on next time it feels like nothing moves."
    assert snippet(words, 20) == "Something to look…"
    assert snippet("Being asked for numbers to prove that relat", 200, goes_on=True) == (
        "Being asked for numbers to prove that…"
    )
    assert snippet("https://example.org/" + "a" * 80, 30).endswith("…")
    assert len(snippet("https://example.org/" + "a" * 80, 30)) == 30
