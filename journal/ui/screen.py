"""Whether this session's screen is a phone's: decided once from the browser's request headers.

Charts are laid out for a narrow screen (legends below, fewer ticks, shorter words) or a wide one; the builders
take `Fit`, and this is the one place that picks it for a session.
"""

from __future__ import annotations

from collections.abc import Mapping

import streamlit as st

from journal.patterns.charts.drawing import Fit

_KEY = "harbour.fit"
# MDN's advice for telling phones apart: "Mobi" anywhere in the User-Agent; Android and iPhone cover the rest.
_PHONE_WORDS = ("mobi", "android", "iphone")


def fit_for(headers: Mapping[str, str]) -> Fit:
    """NARROW for a phone's browser, WIDE otherwise (a laptop, or a browser that says nothing)."""
    lowered = {name.lower(): value for name, value in headers.items()}
    if lowered.get("sec-ch-ua-mobile", "").strip() == "?1":
        return Fit.NARROW
    agent = lowered.get("user-agent", "").lower()
    return Fit.NARROW if any(word in agent for word in _PHONE_WORDS) else Fit.WIDE


def fit() -> Fit:
    """This session's fit, read from its first request's headers and kept for the session."""
    if _KEY not in st.session_state:
        headers = st.context.headers
        st.session_state[_KEY] = fit_for(dict(headers.items()) if headers is not None else {})
    return Fit(st.session_state[_KEY])


def on_a_phone() -> bool:
    """Whether this session's screen is a phone's (the menu closes itself after a choice there)."""
    return fit() is Fit.NARROW
