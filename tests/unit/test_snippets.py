"""Snippets for lists: cut between words with an ellipsis, and split where a search matched."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from journal.text.snippets import ELLIPSIS, Piece, cut, flat, marked, matches, shown, window

WORDS = st.lists(
    st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), min_size=1, max_size=12), max_size=80
)
TEXT = WORDS.map(" ".join)


def test_a_short_text_is_kept_whole_on_one_line() -> None:
    assert cut("Tired\n\nbut   glad.") == "Tired but glad."


def test_a_long_text_is_cut_between_words_with_an_ellipsis() -> None:
    text = "Something to look back on when the week is hard and the ward is full"
    assert cut(text, 20) == "Something to look…"  # never "Something to look b"


def test_one_very_long_word_is_cut_rather_than_dropped() -> None:
    assert cut("x" * 100, 20) == "x" * 19 + ELLIPSIS


@given(TEXT, st.integers(min_value=5, max_value=300))
def test_a_cut_is_the_texts_start_ending_between_words(text: str, length: int) -> None:
    line, out = flat(text), cut(text, length)
    assert len(out) <= length
    if out == line:
        return
    assert out.endswith(ELLIPSIS)
    kept = out[: -len(ELLIPSIS)]
    assert line.startswith(kept)
    following = line[len(kept) :]
    # between words: what follows is a space, after any punctuation the cut leaves off ("word,…" reads as "word…")
    assert re.match(r"[,;:.\-–—]*( |$)", following) or " " not in line[max(len(kept) - 30, 0) : len(kept)]


def test_the_window_shows_the_words_around_the_match_and_marks_it() -> None:
    text = "We talked for a while. " * 10 + "Then she said the Friday meeting could move. " + "More words here. " * 10
    pieces = window(text, "friday", 60)
    assert pieces is not None
    assert [p.text for p in pieces if p.match] == ["Friday"]
    assert pieces[0].text.startswith(ELLIPSIS) and pieces[-1].text.endswith(ELLIPSIS)
    before, after = pieces[0].text, pieces[-1].text
    assert before == "…said the " or before.endswith(" ")  # a whole word before the match
    assert after.startswith(" meeting") and after[:-1].endswith(tuple("abcdefghijklmnopqrstuvwxyz."))


def test_no_match_is_no_window_and_every_match_inside_is_marked() -> None:
    assert window("Nothing here", "friday") is None
    pieces = window("Ward round, then ward meeting", "WARD", 200)
    assert pieces == (Piece("Ward", True), Piece(" round, then "), Piece("ward", True), Piece(" meeting"))


def test_a_phrase_matches_across_a_line_break() -> None:
    assert matches(flat("the board\nlistened"), "board listened") == [(4, 18)]


@given(TEXT, st.text(min_size=1, max_size=8).filter(str.strip), st.integers(min_value=1, max_value=300))
def test_a_window_is_a_piece_of_the_text_with_its_matches_marked(text: str, query: str, length: int) -> None:
    pieces = window(text, query, length)
    line = flat(text)
    if not matches(line, query):
        assert pieces is None
        return
    assert pieces is not None
    words = shown(pieces).removeprefix(ELLIPSIS).removesuffix(ELLIPSIS) if len(line) > 0 else ""
    assert words in line  # nothing added, nothing reordered
    marked_pieces = [p for p in pieces if p.match]
    assert marked_pieces  # the first match is always shown
    assert all(matches(p.text, query) for p in marked_pieces)


@given(st.text(min_size=1, max_size=40), st.text(min_size=1, max_size=5))
def test_a_tag_is_shown_whole_with_its_matches_marked(tag: str, query: str) -> None:
    assert shown(marked(tag, query)) == flat(tag)
