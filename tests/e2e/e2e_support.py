"""Helpers for the browser journeys: the real app in a subprocess, and a Streamlit-aware way to drive a page."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from google.protobuf.message import DecodeError
from playwright.sync_api import Browser, BrowserContext, Locator, Page, WebSocket, expect
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

from tests.factories import PASSWORD
from tests.processes import free_port, stop

ROOT = Path(__file__).resolve().parents[2]
DEFAULT_CHROMIUM = "/usr/bin/chromium"
LAUNCH_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
TIMEOUT_MS = 15_000
STARTUP_SECONDS = 30
DEMO_BUILD_SECONDS = 120  # the first "Explore the demo" makes a year of entries: about 30 s on a busy 2-core machine
LOCAL_HOSTS = frozenset({"127.0.0.1", "localhost"})
# The screens the journeys run on: a laptop, and a phone as a nurse in a corridor holds it (a Pixel-sized Chrome).
PHONE_UA = (
    "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/126.0.0.0 Mobile Safari/537.36"
)
SCREENS: dict[str, dict[str, Any]] = {
    "laptop": {"viewport": {"width": 1280, "height": 900}},
    "phone": {
        "viewport": {"width": 390, "height": 844},
        "is_mobile": True,
        "has_touch": True,
        "device_scale_factor": 3,
        "user_agent": PHONE_UA,
    },
}

# Once the server says a run has finished, the page drops the previous run's leftovers before going idle.
_IDLE_JS = """() => {
  const app = document.querySelector('[data-testid="stApp"]');
  return !!app && app.getAttribute("data-test-connection-state") === "CONNECTED"
    && app.getAttribute("data-test-script-state") === "notRunning";
}"""


def find_chromium() -> tuple[str | None, str]:
    """The Chromium to drive, and where we looked (for the message when there is none)."""
    configured = os.environ.get("HARBOUR_CHROMIUM", "").strip()
    if configured:  # an explicit choice is honoured, never silently replaced
        candidates, where = [configured], f"HARBOUR_CHROMIUM={configured}"
    else:
        candidates = [DEFAULT_CHROMIUM, shutil.which("chromium")]
        where = f"{DEFAULT_CHROMIUM} and PATH"
    for candidate in candidates:
        if candidate and os.path.isfile(candidate) and os.access(candidate, os.X_OK):
            return candidate, where
    return None, where


class AppServer:
    """The app as `make run` starts it, against one database file; can be stopped and started again on the same port."""

    def __init__(
        self,
        db_path: Path,
        log_path: Path,
        module: str = "journal.ui.serve",
        args: Sequence[str] = (),
        *,
        demo_ahead: bool = False,
    ) -> None:
        self.db_path = db_path
        # Making the demo at every start costs each journey 8-20 s of CPU it mostly doesn't use: on only where asked
        self.demo_ahead = demo_ahead
        self.module = module
        self.args = list(args)  # more `streamlit run` flags, after the port (e.g. --secrets.files)
        self.log_path = log_path
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self._proc: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        assert self._proc is None, "server already running"
        command = [
            sys.executable, "-m", self.module,  # exactly what `make run` starts, unless a test says otherwise
            "--server.port", str(self.port), *self.args,
        ]  # fmt: skip
        env = {**os.environ, "HARBOUR_DB": str(self.db_path), "HARBOUR_DEMO_AHEAD": str(self.demo_ahead).lower()}
        with self.log_path.open("ab") as log:
            log.write(f"\n--- starting: {' '.join(command)}\n".encode())
            log.flush()
            self._proc = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + STARTUP_SECONDS
        while time.monotonic() < deadline:
            if self._proc.poll() is not None:
                self._fail_start(f"exited with code {self._proc.returncode} before it was healthy")
            if self._healthy():
                return
            time.sleep(0.1)
        self._fail_start(f"was not healthy within {STARTUP_SECONDS} s")

    def stop(self) -> None:
        proc, self._proc = self._proc, None
        if proc is not None:
            stop(proc)

    def output(self) -> str:
        return self.log_path.read_text(errors="replace") if self.log_path.exists() else ""

    def _healthy(self) -> bool:
        try:
            with urllib.request.urlopen(f"{self.url}/_stcore/health", timeout=1) as answer:
                return answer.read().decode().strip() == "ok"
        except (urllib.error.URLError, OSError):
            return False

    def _fail_start(self, what: str) -> None:
        self.stop()
        raise AssertionError(f"The Harbour server {what}. Its output (stdout+stderr):\n{self.output()}")


class RequestLog:
    """Every URL the browser context asked for, websockets included."""

    def __init__(self) -> None:
        self.urls: list[str] = []

    def add(self, url: str) -> None:
        self.urls.append(url)

    def off_machine(self) -> list[str]:
        return [
            u
            for u in self.urls
            if not u.startswith(("data:", "blob:", "about:")) and urlsplit(u).hostname not in LOCAL_HOSTS
        ]

    def assert_only_local(self) -> None:
        away = self.off_machine()
        assert not away, "The browser made requests to hosts other than 127.0.0.1/localhost:\n" + "\n".join(away)


class ScriptRuns:
    """Listens on the page's Streamlit websocket for the server's own word that a script run has finished.

    A run cut short by st.rerun()/st.switch_page() ends FINISHED_EARLY_FOR_RERUN and is followed by another, so
    only the other endings count: after one of those, the server has nothing more to do for that action.
    """

    def __init__(self) -> None:
        self.socket = 0  # how many app websockets this page has opened; frames from older ones are ignored
        self.finished = 0  # completed runs on the newest websocket

    def watch(self, ws: WebSocket) -> None:
        if urlsplit(ws.url).path.endswith("/_stcore/stream"):
            self.socket += 1
            self.finished = 0
            mine = self.socket
            ws.on("framereceived", lambda payload: self._frame(mine, payload))

    def _frame(self, socket: int, payload: str | bytes) -> None:
        if socket != self.socket or isinstance(payload, str):
            return
        msg = ForwardMsg()
        try:
            msg.ParseFromString(payload)
        except DecodeError:
            return
        # The screen's own session check is a fragment on a timer, never the answer to an action: not counted.
        ignored = (ForwardMsg.FINISHED_EARLY_FOR_RERUN, ForwardMsg.FINISHED_FRAGMENT_RUN_SUCCESSFULLY)
        if msg.WhichOneof("type") == "script_finished" and msg.script_finished not in ignored:
            self.finished += 1

    def mark(self) -> tuple[int, int]:
        return self.socket, self.finished

    def done_since(self, mark: tuple[int, int], *, new_page: bool) -> bool:
        socket, finished = mark
        if self.socket != socket:
            return self.finished > 0
        return not new_page and self.finished > finished


class Harbour:
    """Drives the app the way a person does, waiting for Streamlit to finish each rerun."""

    def __init__(self, page: Page, server: AppServer, requests: RequestLog) -> None:
        self.page = page
        self.server = server
        self.requests = requests
        self.runs = ScriptRuns()
        page.on("websocket", self.runs.watch)

    # --- waiting ---------------------------------------------------------------------------------------------

    def rerun(
        self, action: Callable[[], object], *, new_page: bool = False, seconds: float = TIMEOUT_MS / 1000
    ) -> None:
        """Do something that makes the server run the script, and wait until the server has finished with it
        (`seconds` at most: longer only for what is slow by nature, such as making the demo's year)."""
        mark = self.runs.mark()
        action()
        deadline = time.monotonic() + seconds
        while not self.runs.done_since(mark, new_page=new_page):
            if time.monotonic() > deadline:
                raise AssertionError(f"No script run finished within {seconds:.0f} s of that action")
            self.page.wait_for_timeout(20)  # lets Playwright deliver websocket frames; bounded by the deadline
        self.page.wait_for_function(_IDLE_JS)

    def reload(self) -> None:
        """Reload the page: a new browser session, so a new Streamlit session too."""
        self.rerun(self.page.reload, new_page=True)

    # --- widgets ---------------------------------------------------------------------------------------------

    def commit(self, box: Locator, text: str) -> None:
        """Type into a text box and leave it: only then does Streamlit send the value to the server (in a form,
        not until the form's button is pressed)."""
        self._maybe_rerun(box, lambda: (box.fill(text), box.press("Tab")))

    def choose(self, question: str, option: str) -> None:
        group = self.page.get_by_role("radiogroup", name=question)
        self._maybe_rerun(group, lambda: group.get_by_text(option, exact=True).click())
        expect(group.get_by_role("radio", name=option, exact=True)).to_be_checked()

    def _maybe_rerun(self, widget: Locator, action: Callable[[], object]) -> None:
        """A widget in a form sends nothing until the form is submitted: there is no run to wait for."""
        if in_form(widget):
            action()
        else:
            self.rerun(action)

    def click(self, name: str) -> None:
        self.rerun(lambda: self.page.get_by_role("button", name=name, exact=True).click())

    def heading(self, name: str) -> Locator:
        return self.page.get_by_role("heading", name=name, exact=True)

    # --- journeys' common steps ------------------------------------------------------------------------------

    def open(self) -> None:
        self.rerun(lambda: self.page.goto(self.server.url + "/"), new_page=True)
        expect(self.heading("Harbour")).to_be_visible()

    def create_first_account(self, name: str, password: str = PASSWORD) -> None:
        page = self.page
        expect(page.get_by_text("Create your account", exact=True)).to_be_visible()
        page.get_by_label("Your name (to sign in with)").fill(name)
        page.get_by_label("Password", exact=True).fill(password)
        page.get_by_label("Password again", exact=True).fill(password)
        self.rerun(page.get_by_role("button", name="Create account").click)
        expect(self.heading("Write")).to_be_visible()

    def sign_in(self, name: str, password: str = PASSWORD) -> None:
        form = self.page.get_by_test_id("stForm").filter(has=self.page.get_by_role("button", name="Sign in"))
        form.get_by_label("Your name", exact=True).fill(name)
        form.get_by_label("Password", exact=True).fill(password)
        self.rerun(form.get_by_role("button", name="Sign in").click)
        expect(self.heading("Write")).to_be_visible()

    def menu(self) -> Locator:
        """The sidebar with the menu, opened first where it starts closed (on a phone)."""
        sidebar = self.page.get_by_test_id("stSidebar")
        if sidebar.get_attribute("data-collapsed") == "true":
            self.page.get_by_test_id("stExpandSidebarButton").click()
            expect(sidebar).to_have_attribute("data-collapsed", "false")
        return sidebar

    def go_to(self, page_title: str) -> None:
        """Follow a link in the sidebar's navigation."""
        self.rerun(self.menu().get_by_role("link", name=page_title, exact=True).click)
        expect(self.heading(page_title)).to_be_visible()


def in_form(widget: Locator) -> bool:
    widget.first.wait_for()  # drawn: a widget's code may still be loading after the run that added it
    return widget.first.locator("xpath=ancestor::*[@data-testid='stForm']").count() > 0


def new_context(browser: Browser, screen: str = "laptop", **options: Any) -> BrowserContext:
    """A browser context on one of SCREENS, with the journeys' timeout."""
    ctx = browser.new_context(**SCREENS[screen], **options)
    ctx.set_default_timeout(TIMEOUT_MS)
    return ctx


def person_in_own_browser(browser: Browser, server: AppServer, screen: str = "laptop") -> Iterator[Harbour]:
    """Another person at another computer (or phone): a browser context of their own, closed when the test ends."""
    ctx = new_context(browser, screen)
    requests = RequestLog()
    ctx.on("request", lambda r: requests.add(r.url))
    yield Harbour(ctx.new_page(), server, requests)
    ctx.close()
