"""What Harbour's printable documents share: A4 pages in DejaVu Sans (so any script prints) with a footer."""

from __future__ import annotations

import functools
from pathlib import Path

from fpdf import FPDF
from fpdf.fonts import TTFFont

FONTS = Path(__file__).parent / "fonts"


@functools.cache
def font_chars() -> frozenset[int]:
    """Every character the embedded font can draw."""
    pdf = FPDF()
    pdf.add_font("DejaVu", "", str(FONTS / "DejaVuSans.ttf"))
    font = pdf.fonts["dejavu"]
    return frozenset(font.cmap) if isinstance(font, TTFFont) else frozenset()


class _Document(FPDF):
    def __init__(self, footer: str, footer_height: float) -> None:
        super().__init__(format="A4")
        self._footer, self._footer_height = footer, footer_height

    def footer(self) -> None:
        self.set_y(-self._footer_height)
        self.set_font("DejaVu", "", 8)
        self.set_text_color(80)
        self.multi_cell(0, 4, self._footer, align="L", new_x="LMARGIN", new_y="NEXT")
        self.cell(0, 4, f"Page {self.page_no()} of {{nb}}", align="R")


def document(title: str, footer: str, *, footer_height: float, bottom_margin: float) -> FPDF:
    """A British-English A4 document made by Harbour, open on its first page, in DejaVu Sans (regular and bold),
    with this footer and page numbers on every page and text kept `bottom_margin` mm clear of the page's foot."""
    pdf = _Document(footer, footer_height)
    pdf.add_font("DejaVu", "", str(FONTS / "DejaVuSans.ttf"))
    pdf.add_font("DejaVu", "B", str(FONTS / "DejaVuSans-Bold.ttf"))
    pdf.set_title(title)
    pdf.set_lang("en-GB")
    pdf.set_creator("Harbour")
    pdf.set_auto_page_break(True, margin=bottom_margin)
    pdf.add_page()
    return pdf


def line(pdf: FPDF, text: str, size: float, style: str = "", gap: float = 2) -> None:
    """One paragraph of plain text (never markdown) in DejaVu at this size, black, then `gap` mm of space."""
    pdf.set_font("DejaVu", style, size)
    pdf.set_text_color(0)
    pdf.multi_cell(0, size * 0.5, text, align="L", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(gap)
