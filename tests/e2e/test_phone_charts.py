"""Trends on a phone (390 x 844, a phone's browser): every chart takes the width, keeps its legend under the plot,
draws no axis words on top of each other, and axe finds nothing to fix."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pyarrow as pa
import pytest
import vl_convert
from axe_playwright_python.sync_playwright import Axe
from e2e_support import TIMEOUT_MS, AppServer, Harbour, RequestLog
from playwright.sync_api import Browser, WebSocket, expect
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

IPHONE = (
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) "
    "Version/17.5 Mobile/15E148 Safari/604.1"
)
CHAR_WIDTH = 0.55  # a label's width in its font size, per character: about right for Streamlit's sans-serif
_PAINTED_JS = """(count) => {
  const charts = [...document.querySelectorAll('[data-testid="stVegaLiteChart"]')];
  return charts.length === count && charts.every(c => c.querySelector('canvas, svg.marks'));
}"""
_WIDTHS_JS = """() => {
  const main = document.querySelector('[data-testid="stMainBlockContainer"]');
  const style = getComputedStyle(main);
  const content = main.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
  const drawn = '[data-testid="stVegaLiteChart"] canvas, [data-testid="stVegaLiteChart"] svg.marks';
  const charts = [...document.querySelectorAll(drawn)];
  return {content, charts: charts.map(c => c.getBoundingClientRect().width)};
}"""


class Specs:
    """The Vega-Lite charts the server sent this page, rows included, as the browser received them."""

    def __init__(self) -> None:
        self.sent: list[dict[str, Any]] = []

    def watch(self, ws: WebSocket) -> None:
        ws.on("framereceived", self._frame)

    def _frame(self, payload: str | bytes) -> None:
        if isinstance(payload, str):
            return
        msg = ForwardMsg()
        msg.ParseFromString(payload)
        if msg.WhichOneof("type") != "delta" or msg.delta.WhichOneof("type") != "new_element":
            return
        element = msg.delta.new_element
        if element.WhichOneof("type") != "vega_lite_chart":
            return
        spec = json.loads(element.vega_lite_chart.spec)
        for named in element.vega_lite_chart.datasets:
            table = pa.ipc.open_stream(named.data.data).read_all()
            rows = json.loads(table.to_pandas().to_json(orient="records", date_format="iso"))
            spec.setdefault("datasets", {})[named.name] = rows
        self.sent.append(spec)


def _legends(node: Any) -> Iterator[dict[str, Any]]:
    if isinstance(node, dict):
        if isinstance(node.get("legend"), dict):
            yield node["legend"]
        for value in node.values():
            yield from _legends(value)
    elif isinstance(node, list):
        for value in node:
            yield from _legends(value)


def _label_groups(node: Any) -> Iterator[list[dict[str, Any]]]:
    """Each axis's labels and each text mark's items, from the scenegraph Vega draws."""
    if isinstance(node, dict):
        if node.get("marktype") == "text" and node.get("role") in {"axis-label", "mark"}:
            yield [item for item in node.get("items", []) if item.get("opacity", 1) > 0 and item.get("text")]
        for value in node.values():
            yield from _label_groups(value)
    elif isinstance(node, list):
        for value in node:
            yield from _label_groups(value)


def _overlapping(items: list[dict[str, Any]]) -> list[tuple[str, str]]:
    """Neighbouring level labels whose estimated boxes overlap (rotated labels are left to Vega)."""
    boxes = []
    for item in items:
        if item.get("angle", 0) or "x" not in item or "y" not in item:
            continue
        lines = item["text"] if isinstance(item["text"], list) else str(item["text"]).split("\n")
        width = max(len(str(line)) for line in lines) * item.get("fontSize", 10) * CHAR_WIDTH
        height = len(lines) * item.get("fontSize", 10)
        left = {"left": item["x"], "right": item["x"] - width}.get(item.get("align", "center"), item["x"] - width / 2)
        boxes.append((left, left + width, item["y"] - height / 2, item["y"] + height / 2, " ".join(map(str, lines))))
    return [
        (a[4], b[4])
        for i, a in enumerate(boxes)
        for b in boxes[i + 1 :]
        if a[0] < b[1] and b[0] < a[1] and a[2] < b[3] and b[2] < a[3]
    ]


@pytest.fixture
def phone(browser: Browser, demo_password: str, app_server: AppServer) -> Iterator[tuple[Harbour, Specs]]:
    ctx = browser.new_context(
        viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True, user_agent=IPHONE, device_scale_factor=3
    )
    ctx.set_default_timeout(TIMEOUT_MS)
    expect.set_options(timeout=TIMEOUT_MS)
    specs = Specs()
    page = ctx.new_page()
    page.on("websocket", specs.watch)
    yield Harbour(page, app_server, RequestLog()), specs
    ctx.close()


def test_trends_on_a_phone_fits_its_charts_to_the_screen(phone: tuple[Harbour, Specs], demo_password: str) -> None:
    harbour, specs = phone
    page = harbour.page
    harbour.open()
    harbour.sign_in("demo", demo_password)
    page.get_by_test_id("stExpandSidebarButton").click()
    specs.sent.clear()
    harbour.rerun(page.get_by_test_id("stSidebar").get_by_role("link", name="Trends", exact=True).click)
    expect(harbour.heading("Trends")).to_be_visible()
    assert len(specs.sent) >= 2  # the first tab of each section
    for chart in page.get_by_test_id("stVegaLiteChart").all():
        chart.scroll_into_view_if_needed()  # a chart below the fold is drawn once it is scrolled to
    page.wait_for_function(_PAINTED_JS, arg=len(specs.sent))

    widths = page.evaluate(_WIDTHS_JS)
    assert len(widths["charts"]) == len(specs.sent)
    assert all(w >= 0.8 * widths["content"] for w in widths["charts"]), widths
    for spec in specs.sent:
        title = spec["title"]["text"]
        assert all(legend.get("orient") == "bottom" for legend in _legends(spec)), f"{title}: a legend to the side"
        drawn = {**spec, "width": widths["charts"][0], "autosize": {"type": "fit", "contains": "padding"}}
        scene = vl_convert.vegalite_to_scenegraph(drawn)
        overlaps = [pair for group in _label_groups(scene) for pair in _overlapping(group)]
        assert overlaps == [], f"{title}: labels drawn over each other: {overlaps}"

    found = Axe().run(page).response["violations"]
    assert [v["id"] for v in found] == [], json.dumps(found, indent=1)[:4000]
