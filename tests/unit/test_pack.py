"""The conversation pack's PDF: what is shared comes out as plain text, charts as pictures, the rest is left out.

The PDF is read back as in the reflective account's tests: streams inflated, glyphs decoded through the font's
own ToUnicode map.
"""

from __future__ import annotations

from datetime import date

import altair as alt
import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from journal.together import pack
from journal.together.pack import Pack, PackAction, PackChart, PackEntry, PackWin
from tests.unit.test_reflective import flat, read_pdf

START, END, MADE = date(2025, 3, 1), date(2025, 3, 28), date(2025, 3, 28)


def _chart() -> PackChart:
    frame = pd.DataFrame({"day": pd.date_range("2025-03-01", periods=5), "mood": [1, 2, 3, 4, 5]})
    spec = alt.Chart(frame).mark_line().encode(x="day:T", y="mood:Q").properties(width="container").to_dict()
    return PackChart("Over time", "Your mood has risen over the month.", spec)


def _pack(**changes: object) -> Pack:
    base = dict(
        coach_name="Kit",
        start=START,
        end=END,
        made_on=MADE,
        charts=[_chart()],
        checkins=None,
        wins=[PackWin(date(2025, 3, 4), "The rota is fixed.")],
        entries=(PackEntry("Tue 04 Mar 2025 · Free writing", (("Write freely", "A hard handover."),)),),
        actions=(PackAction("Ask for protected time", "mentee", date(2025, 4, 1)),),
        checkins_shared=False,
    )
    return Pack(**(base | changes))


def test_the_pack_shows_the_period_charts_wins_entries_and_open_actions() -> None:
    data = pack.render_pdf(_pack())
    assert data.startswith(b"%PDF-")
    text = flat(read_pdf(data))
    for expected in (
        "Conversation pack",
        "To bring to a conversation with your coach: Kit",
        "Sat 01 Mar 2025 to Fri 28 Mar 2025",
        "Over time",
        "Your mood has risen over the month.",
        "Wins",
        "The rota is fixed.",
        "Entries you chose to share",
        "Write freely",
        "A hard handover.",
        "Agreed actions still open",
        "Ask for protected time",
        "For you, due Tue 01 Apr 2025",
        "Made by Harbour for you alone",
    ):
        assert expected in text, expected
    assert data.count(b"/Subtype /Image") == 1
    bold = flat(read_pdf(data), bold=True)
    assert "Entries you chose to share" in bold and "A hard handover." not in bold


def test_what_isnt_shared_is_left_out_and_what_is_shared_but_empty_says_so() -> None:
    nothing = flat(read_pdf(pack.render_pdf(_pack(charts=None, wins=None, entries=None, actions=()))))
    for absent in ("Mood and energy", "Wins", "Entries you chose", "Burnout", "Agreed actions"):
        assert absent not in nothing
    empty = flat(read_pdf(pack.render_pdf(_pack(charts=[], wins=[], entries=(), checkins_shared=True))))
    for said in (
        "No mood or energy recorded in this period.",
        "No burnout check-ins in this period.",
        "No wins marked in this period.",
        "None of the entries you share are from this period.",
    ):
        assert said in empty


def test_markup_is_printed_as_the_characters_typed_and_unprintable_ones_are_marked() -> None:
    typed = "<b>bold</b> **stars** [link](http://evil.example) \x00nul\ttab 🌊"
    text = flat(read_pdf(pack.render_pdf(_pack(wins=[PackWin(START, typed)]))))
    assert "<b>bold</b> **stars** [link](http://evil.example) nul tab " + pack.MISSING in text
    assert pack.printable("a\r\nb\rc") == "a\nb\nc"


def test_a_container_width_chart_is_drawn_at_a_fixed_width_without_changing_the_spec() -> None:
    chart = _chart()
    png = pack.chart_png(chart.spec)
    assert png.startswith(b"\x89PNG")
    assert chart.spec["width"] == "container"


# Anything a person might type in words, symbols and emoji: what the font can't draw comes back as the marker.
_TYPED = st.characters(categories=("L", "N", "P", "S", "Zs"), exclude_characters="\u00ad")


@settings(max_examples=40, deadline=None)
@given(st.text(_TYPED, min_size=1, max_size=300))
def test_whatever_a_person_wrote_comes_back_out_of_the_pdf(words: str) -> None:
    text = flat(read_pdf(pack.render_pdf(_pack(charts=None, wins=[PackWin(START, words)]))), bold=False)
    assert "".join(pack.printable(words).split()) in "".join(text.split())
