"""`plain`: text from a file or another person, escaped so markdown can only show it as typed."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from journal.ui.widgets import plain

BAIT = st.sampled_from(["![i](http://h/i.png)", "[l](https://h/)", "<img src=x>", "www.h.org", "a@h.org", "$x$", "`c`"])


@given(st.lists(st.one_of(BAIT, st.text(max_size=20).filter(lambda t: "\u2060" not in t)), max_size=8).map("".join))
def test_nothing_that_starts_markup_or_a_link_survives_unescaped(text: str) -> None:
    out = plain(text)
    unescaped = re.sub(r"\\.", "", out, flags=re.S)  # drop every escaped character
    assert not set(unescaped) & set("`*_[]<>!|~#/$")
    assert not re.search(r"(?i)https?:|www\.", out)  # bare addresses are broken by an invisible joiner
    assert re.sub(r"\\(.)", r"\1", out).replace("\u2060", "").replace("  \n", "\n") == text  # reads as typed
