"""The conversation pack: a PDF of what a person shares with their coach, for a period, to bring to a session.

Pure: the contents come in already chosen (journal.together.coaching gathers them, within the scope), a PDF comes out.
Charts are drawn offline by vl-convert from the same Vega-Lite specs the pages show; words are plain text.
"""

from __future__ import annotations

import copy
import io
import json
from dataclasses import dataclass
from datetime import date

import vl_convert

from journal import pdf as pdf_doc
from journal.text.cleaning import clean
from journal.text.words import nice_date

TITLE = "Conversation pack"
CHART_WIDTH = 640  # pixels: Vega-Lite's "container" width means nothing outside a page, so charts get this
MISSING = "\N{WHITE SQUARE}"  # stands in for a character the font can't draw, so nothing vanishes unnoticed
FOOTER = (
    "Made by Harbour for you alone, from what you share with your coach. "
    "Keep it somewhere safe: anyone who opens it can read it."
)
OWNER_WORDS = {"mentee": "you", "coach": "your coach"}


@dataclass(frozen=True)
class PackChart:
    title: str
    caption: str
    spec: dict  # Vega-Lite, data inline


@dataclass(frozen=True)
class PackWin:
    day: date
    text: str


@dataclass(frozen=True)
class PackEntry:
    heading: str  # date and kind of reflection, in our words
    sections: tuple[tuple[str, str], ...]  # (question, their answer)


@dataclass(frozen=True)
class PackAction:
    text: str
    owner: str  # "mentee" or "coach"
    due: date | None


@dataclass(frozen=True)
class Pack:
    """What goes in. A part that isn't shared is None (left out); shared but empty in the period is empty."""

    coach_name: str
    start: date
    end: date
    made_on: date
    charts: list[PackChart] | None
    checkins: PackChart | None
    wins: list[PackWin] | None
    entries: tuple[PackEntry, ...] | None
    actions: tuple[PackAction, ...] = ()
    checkins_shared: bool = False


def printable(text: str) -> str:
    """Text as the PDF prints it: unstorable characters out, tabs and line ends plain, undrawable ones marked."""
    text = clean(text)[0].replace("\r\n", "\n").replace("\r", "\n").replace("\t", "    ").strip()
    chars = pdf_doc.font_chars()
    return "".join(c if c == "\n" or ord(c) in chars else MISSING for c in text)


def chart_png(spec: dict) -> bytes:
    """A chart drawn to PNG offline, at twice the size for print."""
    sized = copy.deepcopy(spec)
    if not isinstance(sized.get("width"), int):
        sized["width"] = CHART_WIDTH
    return vl_convert.vegalite_to_png(json.dumps(sized), scale=2)


def render_pdf(pack: Pack) -> bytes:
    """The pack as an A4 PDF: every word as plain text (never markup), charts as pictures with their summaries."""
    pdf = pdf_doc.document(TITLE, FOOTER, footer_height=20, bottom_margin=26)

    def line(text: str, size: float = 11, style: str = "", gap: float = 2) -> None:
        pdf.set_font("DejaVu", style, size)
        pdf.set_text_color(0)
        pdf.multi_cell(0, size * 0.5, printable(text), align="L", new_x="LMARGIN", new_y="NEXT")
        pdf.ln(gap)

    def chart(item: PackChart) -> None:
        line(item.title, 12, "B", 1)
        line(item.caption, 10)
        pdf.image(io.BytesIO(chart_png(item.spec)), w=pdf.epw)
        pdf.ln(4)

    line(TITLE, 18, "B", 1)
    line(f"To bring to a conversation with your coach: {pack.coach_name}", 11, gap=1)
    line(f"{nice_date(pack.start)} to {nice_date(pack.end)} · made on {nice_date(pack.made_on)}", 10, gap=6)
    if pack.charts is not None:
        line("Mood and energy", 14, "B")
        if not pack.charts:
            line("No mood or energy recorded in this period.", gap=6)
        for item in pack.charts:
            chart(item)
    if pack.checkins_shared:
        line("Burnout check-ins", 14, "B")
        if pack.checkins is None:
            line("No burnout check-ins in this period.", gap=6)
        else:
            chart(pack.checkins)
    if pack.wins is not None:
        line("Wins", 14, "B")
        if not pack.wins:
            line("No wins marked in this period.", gap=6)
        for win in pack.wins:
            line(nice_date(win.day), 10, "B", 0.5)
            line(win.text, gap=4)
    if pack.entries is not None:
        line("Entries you chose to share", 14, "B")
        if not pack.entries:
            line("None of the entries you share are from this period.", gap=6)
        for entry in pack.entries:
            line(entry.heading, 12, "B", 1)
            for question, answer in entry.sections:
                if question:
                    line(question, 10, "B", 0.5)
                line(answer, gap=3)
            pdf.ln(3)
    if pack.actions:
        line("Agreed actions still open", 14, "B")
        for action in pack.actions:
            due = f", due {nice_date(action.due)}" if action.due else ""
            line(f"• {action.text}", gap=0.5)
            line(f"For {OWNER_WORDS.get(action.owner, action.owner)}{due}", 9, gap=3)
    return bytes(pdf.output())
