"""A property, in the real browser with Streamlit's own markdown: a search result's escaped text shows exactly
its characters, and makes no element but our own label and highlight, whatever the person wrote."""

from __future__ import annotations

import json
import os
import re
import sys
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from e2e_support import ROOT, Harbour, RequestLog
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from playwright.sync_api import Page, expect

from tests.processes import free_port, start_and_wait, stop

PAGE_SCRIPT = Path(__file__).with_name("verbatim_page.py")
CASES_PER_PAGE = 40
JOINER = "\u2060"  # the invisible word joiner the escaping adds: never seen, so not part of what shows

# Everything markdown, GitHub's extensions, Streamlit's directives, emoji, icons, maths and arrows start with,
# and a few whole attempts: far more often than random text would hold them.
MARKUP = [
    "[", "]", "(", ")", "![", "](", "<", ">", "</", "/>", "&", "&amp;", "&#60;", "*", "**", "_", "__", "`", "```",
    "~", "~~", "$", "$$", "\\", "#", "|", "-", "--", "->", "<-", "<->", ">=", "<=", "~=", "+", "=", "!", ":", "::",
    ":red[", ":orange-background[", ":material/home:", ":material_home:", ":smile:", ":+1:", ":streamlit:", "{",
    "}", '{style="color:red"}', "[^1]", "[x]: http://evil.example", "http://", "https://evil.example/i.png",
    "www.evil.example", "me@evil.example", "mailto:", "<b>", "<img src=x>", "<script>", "1.", "1)", "> ", "- ",
    "\n", "\n\n", "    ", "\t", " ", "a", "word", "é", "日本", "\u00a0", "\u200b", JOINER,
]  # fmt: skip
CHARS = st.characters(codec="utf-8", exclude_categories=("Cs", "Cc"))
TEXT = st.lists(st.sampled_from(MARKUP) | st.text(CHARS, max_size=3), max_size=12).map("".join)


def _flat(text: str) -> str:
    return re.sub(r"\s+", " ", text)


@st.composite
def cases(draw: st.DrawFn) -> tuple[str, list[tuple[str, bool]]]:
    """A label and pieces as the Journal makes them: one line, a match never empty nor with spaces at its ends."""
    label = _flat(draw(st.sampled_from(["", "What happened?", "Tags:"]) | TEXT)).strip()
    pieces = [(_flat(draw(TEXT)), i % 2 == 1) for i in range(draw(st.integers(1, 5)))]
    pieces = [(t.strip(), m) if m else (t, m) for t, m in pieces]
    pieces = [(t, m) for t, m in pieces if t.strip() or not m]
    if pieces:  # the line as a whole starts and ends with words, as a flattened snippet does
        pieces[0] = (pieces[0][0].lstrip(), pieces[0][1])
        pieces[-1] = (pieces[-1][0].rstrip(), pieces[-1][1])
    if not "".join(t for t, _ in pieces).strip():
        pieces = [("words", False)]  # a preview line always has some: an empty one isn't drawn
    return label, pieces


@pytest.fixture(scope="module")
def verbatim_server(chromium_path: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    folder = tmp_path_factory.mktemp("verbatim")
    cases_file = folder / "cases.json"
    cases_file.write_text("[]", encoding="utf-8")
    port = free_port()
    url = f"http://127.0.0.1:{port}"

    def healthy() -> bool:
        try:
            with urllib.request.urlopen(url + "/_stcore/health", timeout=1) as answer:
                return answer.status == 200
        except OSError:
            return False

    command = [
        sys.executable, "-m", "streamlit", "run", str(PAGE_SCRIPT), "--server.port", str(port),
        "--server.headless", "true", "--browser.gatherUsageStats", "false", "--server.fileWatcherType", "none",
    ]  # fmt: skip
    env = {**os.environ, "HARBOUR_VERBATIM_CASES": str(cases_file), "PYTHONPATH": str(ROOT)}
    proc = start_and_wait(command, folder / "server.log", healthy, what="The verbatim page", env=env, cwd=ROOT)
    yield url, cases_file
    stop(proc)


_READ_JS = """(n) => [...Array(n).keys()].map((i) => {
  const box = document.querySelector(`.st-key-case-${i} [data-testid="stMarkdownContainer"]`);
  if (!box) return null;
  const elements = [...box.querySelectorAll("*")].map((e) =>
    e.tagName.toLowerCase() + (e.classList.contains("stMarkdownColoredBackground") ? ".highlight" : ""));
  const marks = [...box.querySelectorAll(".stMarkdownColoredBackground")].map((e) => e.textContent);
  const strong = [...box.querySelectorAll("strong")].map((e) => e.textContent);
  return {text: box.textContent, elements, marks, strong};
})"""


@settings(
    max_examples=6,
    deadline=None,
    phases=[Phase.explicit, Phase.generate],  # a page a batch: no slow shrinking
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(batch=st.lists(cases(), min_size=CASES_PER_PAGE, max_size=CASES_PER_PAGE))
def test_escaped_text_shows_its_characters_and_makes_no_element(
    batch: list[tuple[str, list[tuple[str, bool]]]],
    verbatim_server: tuple[str, Path],
    page: Page,
    requests_made: RequestLog,
) -> None:
    url, cases_file = verbatim_server
    cases_file.write_text(json.dumps(batch), encoding="utf-8")
    page.goto(url + "/")
    page.locator(f".st-key-case-{CASES_PER_PAGE - 1}").wait_for()
    page.wait_for_function(
        """() => document.querySelector('[data-testid="stApp"]')?.getAttribute("data-test-script-state")
        === "notRunning" """
    )
    shown = page.evaluate(_READ_JS, CASES_PER_PAGE)
    for (label, pieces), got in zip(batch, shown, strict=True):
        assert got is not None
        words = "".join(t for t, _ in pieces)
        expected = (f"{label} {words}" if label else words).replace(JOINER, "")
        assert got["text"].replace(JOINER, "") == expected, (label, pieces)
        allowed = {"p", "span.highlight", *(["strong"] if label else [])}
        assert set(got["elements"]) <= allowed, (label, pieces, got["elements"])  # no a, img, b, code, svg, …
        assert [m.replace(JOINER, "") for m in got["marks"]] == [t.replace(JOINER, "") for t, m in pieces if m]
        assert [s.replace(JOINER, "") for s in got["strong"]] == ([label.replace(JOINER, "")] if label else [])
    requests_made.assert_only_local()


EVIL = "Agreed [x](http://evil.example) ![i](http://evil.example/i.png) <b>bold</b> :red[x] **not bold** :smile: done"


def test_a_searched_entry_with_links_images_and_html_shows_them_as_typed(harbour: Harbour) -> None:
    page = harbour.page
    harbour.open()
    harbour.create_first_account("Robin")
    harbour.click("Free writing · 10 min")
    harbour.commit(page.get_by_label("Write freely"), EVIL)
    harbour.click("Save")
    harbour.go_to("Journal")
    harbour.commit(page.get_by_label("Search your words"), "evil")

    expect(page.get_by_role("button", name="Open", exact=True)).to_have_count(1)
    preview = page.get_by_test_id("stMarkdownContainer").filter(has=page.locator(".stMarkdownColoredBackground"))
    expect(preview).to_have_count(1)
    assert preview.evaluate("(e) => e.textContent").replace("\u2060", "") == EVIL  # every character, as typed
    assert preview.locator(".stMarkdownColoredBackground").all_text_contents() == ["evil", "evil"]
    for tag in ("a", "img", "b", "strong", "em", "code"):
        expect(preview.locator(tag)).to_have_count(0)
    expect(page.locator("main a[href*='evil'], main img[src*='evil']")).to_have_count(0)
    harbour.requests.assert_only_local()
