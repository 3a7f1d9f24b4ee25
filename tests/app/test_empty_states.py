"""A brand-new person visits every page: each says what will appear and how to get there, and none shows an
error, an exception or an empty chart."""

from __future__ import annotations

from pathlib import Path

import pytest

from journal.ui import nav
from tests.app.conftest import sign_up

ROOT = Path(__file__).resolve().parents[2]
PAGES = [place.file for place in nav.PLACES]


def test_the_scan_finds_the_pages() -> None:
    assert {nav.WRITE.file, nav.TRENDS.file, nav.GROUPS.file, nav.COACHING_OTHERS.file} <= set(PAGES)


@pytest.mark.parametrize("page", [p for p in PAGES if p != nav.WELCOME.file])
def test_a_new_persons_first_visit_is_calm_and_says_what_comes_next(app, page: str) -> None:
    at = sign_up(app(), "Newcomer")
    at.switch_page(page).run()
    assert not at.exception, at.exception
    assert not at.error, [e.value for e in at.error]
    assert not at.get("vega_lite_chart"), "an empty chart for someone with nothing written yet"
    words = " ".join([m.value for m in at.markdown] + [i.value for i in at.info] + [c.value for c in at.caption])
    assert len(words.split()) >= 8, f"{page} says too little to a newcomer: {words!r}"
