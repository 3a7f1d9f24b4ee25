"""journal.ui.screen: a phone's browser gets narrow charts, told apart by the headers real browsers send."""

from __future__ import annotations

import pytest

from journal.patterns.charts.drawing import Fit
from journal.ui.screen import fit_for

IPHONE_SAFARI = (
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) "
    "Version/17.5 Mobile/15E148 Safari/604.1"
)
ANDROID_CHROME = (
    "Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Mobile Safari/537.36"
)
ANDROID_FIREFOX = "Mozilla/5.0 (Android 14; Mobile; rv:125.0) Gecko/125.0 Firefox/125.0"
WINDOWS_CHROME = (
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36"
)
MAC_SAFARI = (
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 "
    "Safari/605.1.15"
)
IPAD_DESKTOP_MODE = MAC_SAFARI  # iPadOS asks for desktop pages by default: a tablet's width suits the wide layout


@pytest.mark.parametrize(
    ("headers", "expected"),
    [
        ({"User-Agent": IPHONE_SAFARI}, Fit.NARROW),
        ({"User-Agent": ANDROID_CHROME, "Sec-CH-UA-Mobile": "?1"}, Fit.NARROW),
        ({"user-agent": ANDROID_FIREFOX}, Fit.NARROW),
        # Chromium's client hint alone is enough, whatever a reduced User-Agent says.
        ({"User-Agent": "Mozilla/5.0 (Linux; Android 10; K)", "sec-ch-ua-mobile": "?1"}, Fit.NARROW),
        ({"User-Agent": WINDOWS_CHROME, "Sec-CH-UA-Mobile": "?0"}, Fit.WIDE),
        ({"User-Agent": MAC_SAFARI}, Fit.WIDE),
        ({"User-Agent": IPAD_DESKTOP_MODE}, Fit.WIDE),
        ({}, Fit.WIDE),  # a browser that says nothing gets the laptop layout it always had
    ],
)
def test_fit_follows_the_browsers_own_headers(headers: dict[str, str], expected: Fit) -> None:
    assert fit_for(headers) is expected
