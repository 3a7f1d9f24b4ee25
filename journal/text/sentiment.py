"""The only module that calls TextBlob. Polarity and subjectivity work offline (no NLTK corpora)."""

from __future__ import annotations

from dataclasses import dataclass

from textblob import TextBlob


@dataclass(frozen=True)
class Sentiment:
    polarity: float  # -1 (negative tone) .. 1 (positive tone)
    subjectivity: float  # 0 (factual) .. 1 (personal)


def analyse(text: str) -> Sentiment | None:
    """Tone of a piece of writing, or None when there are no words to read."""
    if not text.strip():
        return None
    result = TextBlob(text).sentiment
    return Sentiment(polarity=float(result.polarity), subjectivity=float(result.subjectivity))
