"""Tone of a piece of writing (TextBlob polarity and subjectivity), offline."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from journal.text.sentiment import analyse


def test_positive_writing_has_positive_polarity() -> None:
    tone = analyse("What a wonderful, happy day. I loved working with such a great team.")
    assert tone is not None and tone.polarity > 0


def test_negative_writing_has_negative_polarity() -> None:
    tone = analyse("A terrible, awful shift. I felt sad and hated how it went.")
    assert tone is not None and tone.polarity < 0


def test_personal_writing_is_more_subjective_than_a_plain_fact() -> None:
    personal = analyse("I honestly think this was the most beautiful moment of my year.")
    factual = analyse("The bus arrived at nine.")
    assert personal is not None and factual is not None
    assert personal.subjectivity > factual.subjectivity


def test_empty_or_blank_writing_has_no_tone() -> None:
    assert analyse("") is None
    assert analyse(" \n\t ") is None


@settings(max_examples=50)
@given(st.text(min_size=1))
def test_tone_stays_within_its_scales_for_any_text(text: str) -> None:
    tone = analyse(text)
    if not text.strip():
        assert tone is None
    else:
        assert tone is not None
        assert -1.0 <= tone.polarity <= 1.0
        assert 0.0 <= tone.subjectivity <= 1.0
