"""Reusable pieces of the pages. Anything a person wrote is drawn with st.text: never HTML, never markdown."""

from __future__ import annotations

import re
import string
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, tzinfo

import streamlit as st

from journal import clock
from journal.content.library import Library
from journal.patterns import signals, trends
from journal.portability import importing
from journal.reflect import entries
from journal.reflect.entries import PROMPT_ANSWER, Entry, SearchFilter, Summary
from journal.text.snippets import Piece
from journal.text.words import nice_date, plural
from journal.ui import nav, when

_PUNCTUATION = frozenset("\\`*_[]<>!|~#/$")  # what starts a link, an image, HTML, emphasis or maths
# Markdown turns a bare "http://…", "www.…" or "name@host" into a link even when its punctuation is escaped: an
# invisible word joiner (U+2060) inside each keeps it text, and it still reads and looks exactly as typed.
_AUTOLINK = re.compile(r"(?i)(?<=http)(?=s?:)|(?<=www)(?=\.)|(?<=@)")


def plain(text: str) -> str:
    """Text from a file or another person, escaped so markdown shows it as typed: no images, links or HTML."""
    text = _AUTOLINK.sub("\u2060", str(text))
    return "".join("\\" + c if c in _PUNCTUATION else c for c in text).replace("\n", "  \n")


# Every ASCII punctuation character, the whole set CommonMark lets a backslash escape: no link, image, HTML, entity,
# emphasis, code, maths, table or Streamlit directive (":red[…]") can start once each one is escaped.
_ASCII_PUNCTUATION = frozenset(string.punctuation)
# After parsing, Streamlit still rewrites plain text (":smile:" to an emoji, ":material_x:" to an icon, " -> " and
# " -- " to an arrow and a dash) and turns "http:", "www." and "name@host" into links: an invisible word joiner
# (U+2060) after each ":" and "@", and inside those pairs, keeps every one of them as the characters typed.
_REWRITTEN = re.compile(r"(?i)(?<=[:@])|(?<=http)(?=s?:)|(?<=www)(?=\.)|(?<=[-<>~])(?=[-<>=])")
_SPACES = re.compile(r"\s+")
_MATCH = ":orange-background[{}]"  # our own highlight around a search's match: a directive no escaped text can close


def verbatim(text: str) -> str:
    """One line of a person's text for markdown that shows exactly its characters, nothing else, whatever they are.

    A browser test renders generated text through Streamlit's own markdown and finds the same characters and
    no element; use it only for one line (the text is flattened first) inside markdown of our own.
    """
    text = _REWRITTEN.sub("\u2060", _SPACES.sub(" ", str(text)))  # one line; a piece keeps its edge spaces
    return "".join("\\" + c if c in _ASCII_PUNCTUATION else c for c in text)


def highlighted(pieces: tuple[Piece, ...], label: str = "") -> str:
    """Markdown for a snippet with a search's matches highlighted, every character of its text escaped."""
    words = "".join(_MATCH.format(verbatim(p.text)) if p.match else verbatim(p.text) for p in pieces)
    return f"**{verbatim(label)}** {words}" if label else words


@contextmanager
def saying(words: str) -> Iterator[None]:
    """Our own words on screen while something slow on purpose runs (a password's hash), gone when it is done.

    Unlike st.spinner, which waits half a second before it shows, these show at once: a hash of 0.4 s is a wait.
    """
    note = st.empty()
    with note.container(key="harbour-working"):  # the class st-key-harbour-working: the browser bench looks for it
        st.info(words, icon=":material/hourglass_top:")
    try:
        yield
    finally:
        note.empty()


def show_text(text: str, kind: str = "caption", icon: str | None = None) -> None:
    """The one way to show a string from a file or another person: as text, never markdown or HTML.

    `kind` is "caption" (small text, drawn with st.text) or an alert: "error", "info", "warning", "success",
    whose message is escaped first, so a link or an image in it shows as the characters it is.
    """
    if kind == "caption":
        st.text(str(text))
        return
    alert = {"error": st.error, "info": st.info, "warning": st.warning, "success": st.success}[kind]
    alert(plain(text), icon=icon)


def count_caption(matching: int, written: int) -> str:
    """'3 entries', or '1 of your 12 entries matches' when a search narrows the list."""
    noun = "entry" if written == 1 else "entries"
    if matching == written:
        return f"{written} {noun}"
    return f"{matching} of your {written} {noun} {'matches' if matching == 1 else 'match'}"


def scales_line(lib: Library, mood: int | None, energy: int | None) -> str:
    parts = []
    if mood is not None:
        parts.append(f"Mood: {lib.mood.labels[mood - 1]} ({mood}/5)")
    if energy is not None:
        parts.append(f"Energy: {lib.energy.labels[energy - 1]} ({energy}/5)")
    return " · ".join(parts)


def summary_card(lib: Library, item: Summary, *, key: str, query: str = "") -> bool:
    """One entry in a list, its answers apart and a search's matches highlighted; True when asked to open it."""
    with st.container(border=True):
        heading = f"**{nice_date(item.entry_date)}** · {lib.template_name(item.template)}"
        if item.theme:
            heading += f" · {lib.theme_name(item.theme)}"
        st.markdown(heading)  # our own words only: dates, template and theme names
        meta = scales_line(lib, item.mood, item.energy)
        if item.is_win:
            meta = ("A little big thing · " + meta) if meta else "A little big thing"
        if meta:
            st.caption(meta)
        show_preview(lib, item, query)
        return st.button("Open", key=key, help="Read this entry in full")


def show_preview(lib: Library, item: Summary, query: str = "") -> None:
    """An entry's answers apart, each under its question, a search's matches highlighted; then its tags."""
    shown = entries.preview(item, lib, query)
    for line in shown.lines:
        st.markdown(highlighted(line.pieces, line.question))  # the person's words escaped, every character
    if shown.more:
        st.caption(f"and {plural(shown.more, 'more answer')}")
    if shown.tags:
        st.markdown(highlighted(_joined(shown.tags), "Tags:"))
    if shown.in_prompt:
        st.caption("Found in the prompt this entry answers.")


def _joined(tags: tuple[tuple[Piece, ...], ...]) -> tuple[Piece, ...]:
    """Each tag's pieces, one after another with a comma between."""
    return tuple(p for i, tag in enumerate(tags) for p in ((Piece(", "),) if i else ()) + tag)


def show_entry(lib: Library, entry: Entry, where: tzinfo = UTC) -> None:
    """An entry in full, exactly as written; the time it was written on the reader's clock (`where`)."""
    st.subheader(f"{nice_date(entry.entry_date)} · {lib.template_name(entry.template)}")
    facts = [lib.theme_name(entry.theme)] if entry.theme else []
    if line := scales_line(lib, entry.mood, entry.energy):
        facts.append(line)
    if facts:
        st.caption(" · ".join(facts))
    if entry.is_win:
        st.success("A little big thing.", icon=":material/celebration:")
    try:
        fields = [(f.key, f.label) for f in lib.template(entry.template).fields]
        theirs = False
    except KeyError:  # a person's own template: each answer is keyed by its question, the person's words
        fields = [(key, key) for key in entry.answers if key != PROMPT_ANSWER]
        theirs = True
    for key, label in fields:
        if answer := entry.answers.get(key):
            if theirs:
                show_text(label)
            else:
                st.markdown(f"**{label}**")
            st.text(answer)
    if answer := entry.answers.get(PROMPT_ANSWER):
        st.markdown("**The prompt**")
        st.text(entry.prompt_text or "")
        st.text(answer)
    if entry.tags:
        st.text("Tags: " + ", ".join(entry.tags))
    # Trashing and restoring count as revisions too; an edit is what changes the words' last-saved time.
    edited = " (edited)" if entry.updated_at != entry.created_at else ""
    if entry.source == "harbour" and entry.time_zone is None:
        written = f"Written {when.moment(entry.created_at, where)}"  # on the reader's clock, zone named
    else:
        written = importing.written_line(entry.created_at, entry.time_zone, entry.source)  # the writer's clock
    show_text(written + edited)


def search_filters(lib: Library, tags: list[str]) -> SearchFilter:
    """The Journal page's search and filter controls."""
    text = st.text_input("Search your words", key="journal.q", placeholder="A word or phrase you remember")
    with st.expander("Filter by theme, kind, tag or date"):
        left, right = st.columns(2)
        theme = left.selectbox(
            "Theme",
            [None, *[t.id for t in lib.themes]],
            key="journal.theme",
            format_func=lambda t: "Any theme" if t is None else lib.theme_name(t),
        )
        template = right.selectbox(
            "Kind of reflection",
            [None, *[t.id for t in (*lib.templates, *lib.unlisted)]],  # look backs are a kind of reflection too
            key="journal.template",
            format_func=lambda t: "Any kind" if t is None else lib.template_name(t),
        )
        tag = left.selectbox(
            "Tag", [None, *tags], key="journal.tag", format_func=lambda t: "Any tag" if t is None else t
        )
        dates = right.date_input("Between dates", value=[], key="journal.dates", max_value=clock.today())
        wins = st.toggle("Only little big things (wins)", key="journal.reflect.wins")
    start, end = (tuple(dates) + (None, None))[:2] if isinstance(dates, tuple | list) else (dates, None)
    return SearchFilter(
        text=text or "", theme=theme, tag=tag, template=template, date_from=start, date_to=end, wins_only=wins
    )


def chart_block(panel: trends.Panel, key: str) -> None:
    """A chart with its plain-language summary first, and its data as a table a screen reader can use."""
    st.subheader(panel.title)
    st.markdown(plain(panel.caption))  # our sentence, but it can quote the person's own tags: escaped
    # Streamlit drops a layered chart's own height unless it is passed explicitly.
    height = panel.spec.get("height")
    st.vega_lite_chart(panel.spec, theme="streamlit", width="stretch",
                       height=height if isinstance(height, int) else "content", alt=panel.caption)  # fmt: skip
    # A toggle, not an expander: the table is only built and sent when someone asks for it.
    if st.toggle("Show the data as a table", key=f"{key}.table"):
        st.dataframe(panel.table, hide_index=True)


def signal_block(result: signals.RuleResult) -> None:
    """One early-warning rule in full: what fired, since when, the rule in words and the data it saw; or that it was
    checked (or could not be yet)."""
    if isinstance(result, signals.Signal):
        st.markdown(f"**{result.title}** · since {nice_date(result.since)}")
        st.markdown(result.explanation)
        st.caption("The rule: " + signals.DESCRIPTIONS[result.rule])
        st.dataframe(result.evidence, hide_index=True, key=f"signal.{result.rule}")
    elif isinstance(result, signals.NotEnoughData):
        st.caption(f"{result.title}: not enough data yet. {result.reason}")
    else:
        st.caption(f"{result.title}: checked, nothing to flag. {result.detail}")


def early_warning(results: list[signals.RuleResult]) -> None:
    """Trends' early warning: one plain sentence and one gentle suggestion, Support, then the numbers underneath."""
    fired = [r for r in results if isinstance(r, signals.Signal)]
    lead = signals.gentle(fired)
    if lead is None:
        st.markdown("Nothing to flag right now.")
    else:
        with st.container(border=True):
            st.markdown(f"{lead.sentence} {lead.suggestion}")
            st.caption(" · ".join(f"{s.title} since {nice_date(s.since)}" for s in fired))
            nav.link(nav.SUPPORT, "Support, if you want it")
            with st.expander("The data behind this"):
                for signal in fired:
                    signal_block(signal)
    with st.expander("What Harbour checked"):
        for result in results:
            if not isinstance(result, signals.Signal):
                signal_block(result)


def panel_tabs(panels: list[trends.Panel], key: str) -> None:
    """Panels as tabs: only the open tab's chart is made and sent, so charts nobody opened cost nothing."""
    tabs = st.tabs([p.title for p in panels], key=key, on_change="rerun")
    for n, (tab, panel) in enumerate(zip(tabs, panels, strict=True)):
        if tab.open:
            with tab:
                chart_block(panel, key=f"{key}.{n}")
