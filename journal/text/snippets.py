"""A short piece of a person's text for a list: cut between words, and split where a search matched.

Pure text in, text out: a snippet is a tuple of pieces whose texts joined are exactly what is shown, each piece
marked as part of a match or not. How the pieces are drawn (never as markup) is for journal/ui/widgets.py.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

ELLIPSIS = "…"
_LONGEST_WORD = 30  # a "word" longer than this (a pasted address, say) is cut mid-way rather than dropped


@dataclass(frozen=True)
class Piece:
    text: str
    match: bool = False


def flat(text: str) -> str:
    """The text on one line: every run of whitespace (newlines included) as one space."""
    return " ".join(text.split())


def _start_at_word(text: str, at: int) -> int:
    """`at`, moved forward to the start of a word unless it is at one already."""
    if at <= 0 or text[at - 1] == " ":
        return max(at, 0)
    space = text.find(" ", at, at + _LONGEST_WORD)
    return at if space < 0 else space + 1


def _end_at_word(text: str, at: int) -> int:
    """`at`, moved back to the end of a word unless it is at one already."""
    if at >= len(text) or text[at] == " ":
        return min(at, len(text))
    space = text.rfind(" ", max(at - _LONGEST_WORD, 0), at)
    return at if space <= 0 else space


def cut(text: str, length: int = 280, *, goes_on: bool = False) -> str:
    """The start of a text on one line, at most `length` characters, cut between words with an ellipsis.

    `goes_on`: the text given was already cut short elsewhere (a stored preview), so its last word may be a part of
    one: that word goes, and the ellipsis says there is more.
    """
    line = flat(text)
    if len(line) <= length and not goes_on:
        return line
    if len(line) <= length:
        space = line.rfind(" ")
        end = space if space >= len(line) // 2 else min(len(line), length - 1)  # one long word: cut inside it
    else:
        end = _end_at_word(line, length - 1)
    return line[:end].rstrip(" ,;:.-–—") + ELLIPSIS


def matches(text: str, query: str) -> list[tuple[int, int]]:
    """Where the query's words (as one phrase, any case, any whitespace between them) occur in a flat text."""
    words = query.split()
    if not words:
        return []
    pattern = r"\s+".join(re.escape(w) for w in words)
    return [m.span() for m in re.finditer(pattern, text, re.IGNORECASE)]


def window(text: str, query: str, length: int = 200) -> tuple[Piece, ...] | None:
    """Around the first match of `query`: the words before and after it and every match within, as pieces.

    None when the query isn't in the text. The window is cut between words, with an ellipsis where text was
    left out on either side; the first match is always whole, even when it is longer than `length`.
    """
    line = flat(text)
    found = matches(line, query)
    if not found:
        return None
    first_start, first_end = found[0]
    room = max(length - (first_end - first_start), 0)
    start = max(first_start - room // 3, 0)  # a third of the room before the match, the rest after it
    end = min(first_end + room - (first_start - start), len(line))
    start = min(_start_at_word(line, start), first_start)
    end = max(_end_at_word(line, end), first_end)
    pieces: list[Piece] = [Piece(ELLIPSIS)] if start > 0 else []
    at = start
    for s, e in found:
        if s < at or e > end:
            continue  # overlapping an earlier match, or running past the window: left as plain text
        if s > at:
            pieces.append(Piece(line[at:s]))
        pieces.append(Piece(line[s:e], match=True))
        at = e
    if end > at:
        pieces.append(Piece(line[at:end]))
    if end < len(line):
        pieces.append(Piece(ELLIPSIS))
    return tuple(_merge(pieces))


def marked(text: str, query: str) -> tuple[Piece, ...]:
    """The whole text on one line (a tag, say), every match of `query` in it marked."""
    line = flat(text)
    return window(line, query, len(line) * 3) or (Piece(line),)  # room for all of it, whatever side the match


def _merge(pieces: list[Piece]) -> list[Piece]:
    """Neighbouring plain pieces as one (an ellipsis beside text it belongs to)."""
    merged: list[Piece] = []
    for piece in pieces:
        if merged and not piece.match and not merged[-1].match:
            merged[-1] = Piece(merged[-1].text + piece.text)
        else:
            merged.append(piece)
    return merged


def shown(pieces: tuple[Piece, ...]) -> str:
    """The snippet's text as it reads, matches and all."""
    return "".join(p.text for p in pieces)
