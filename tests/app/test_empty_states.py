"""A brand-new person visits every page: each says what will appear and how to get there, and none shows an
error, an exception or an empty chart."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.app.conftest import sign_up

ROOT = Path(__file__).resolve().parents[2]
PAGES = re.findall(r"""st\.Page\(\s*["'](pages/[^"']+\.py)["']""", (ROOT / "app.py").read_text(encoding="utf-8"))


def test_the_scan_finds_the_pages() -> None:
    assert {"pages/write.py", "pages/trends.py", "pages/groups.py", "pages/coaching_others.py"} <= set(PAGES)


@pytest.mark.parametrize("page", [p for p in PAGES if p != "pages/welcome.py"])
def test_a_new_persons_first_visit_is_calm_and_says_what_comes_next(app, page: str) -> None:
    at = sign_up(app(), "Newcomer")
    at.switch_page(page).run()
    assert not at.exception, at.exception
    assert not at.error, [e.value for e in at.error]
    assert not at.get("vega_lite_chart"), "an empty chart for someone with nothing written yet"
    words = " ".join([m.value for m in at.markdown] + [i.value for i in at.info] + [c.value for c in at.caption])
    assert len(words.split()) >= 8, f"{page} says too little to a newcomer: {words!r}"
