"""Harbour as an organisation runs it: two processes over PostgreSQL behind HAProxy (deploy/cluster.py). When the
process a person's page lives in dies, the page reconnects through HAProxy to the other one, and the person is still
signed in (Harbour's own session cookie, checked against the database) with their unfinished writing waiting (drafts
are kept in the database as they type). What they then save is in PostgreSQL.

Needs HAProxy and PostgreSQL's binaries besides Chromium: skipped without them on a workstation, failed in CI.
"""

from __future__ import annotations

import shutil
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from urllib.parse import urlsplit

import psycopg
import pytest
from e2e_support import TIMEOUT_MS, Harbour, RequestLog
from playwright.sync_api import BrowserContext, Page, expect

from deploy import cluster as deploy_cluster
from deploy.haproxy import COOKIE as SERVER_COOKIE
from journal.ui import web
from tests.conftest import in_ci
from tests.processes import free_port

ROBIN = "Robin"
WRITING = "Notes after the discharge meeting:\nthe family wanted more time, and I want to ask how we give it."
KEPT = "Unfinished writing, kept for you"
RECONNECT_SECONDS = 60  # generous: a busy two-core machine; the seconds it took are printed, never asserted on


class _Front:
    """What Harbour (e2e_support) needs of a server: the address to open, and what to show when a journey fails."""

    def __init__(self, running: deploy_cluster.Cluster) -> None:
        self.cluster = running
        self.url = running.url

    def output(self) -> str:
        logs = [*(p.log for p in self.cluster.processes), self.cluster.haproxy_log]
        return "\n".join(f"--- {log.name}\n{log.read_text(errors='replace')[-6_000:]}" for log in logs if log.exists())


@pytest.fixture
def cluster(chromium_path: str) -> Iterator[deploy_cluster.Cluster]:
    missing = deploy_cluster.missing()
    if missing:
        if in_ci():
            pytest.fail(f"HAProxy and PostgreSQL are required in CI: {missing}", pytrace=False)
        pytest.skip(f"Cluster journey skipped: {missing}")
    # Not under tmp_path: pytest makes that 0700, and PostgreSQL runs as the `postgres` user when the tests run as root.
    folder = Path(tempfile.mkdtemp(prefix="harbour-cluster-"))
    folder.chmod(0o755)
    running = deploy_cluster.Cluster(folder, processes=2, port=free_port(), process_ports=[free_port(), free_port()])
    try:
        running.start()
        print(f"\ncluster ready in {running.seconds_to_ready:.1f} s")
        yield running
    finally:
        running.stop()
        shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture
def harbour(page: Page, cluster: deploy_cluster.Cluster, requests_made: RequestLog) -> Harbour:
    return Harbour(page, _Front(cluster), requests_made)  # type: ignore[arg-type]


def _cookie(context: BrowserContext, name: str) -> str | None:
    found = [c["value"] for c in context.cookies() if c["name"] == name]
    return found[0] if found else None


def _until(what: str, done: Callable[[], object], page: Page, seconds: float = TIMEOUT_MS / 1000) -> None:
    deadline = time.monotonic() + seconds
    while not done():
        if time.monotonic() > deadline:
            raise AssertionError(f"{what}: not within {seconds:.0f} s")
        page.wait_for_timeout(50)


def test_when_a_persons_process_dies_their_page_moves_to_another_signed_in_with_the_draft(
    harbour: Harbour,
    cluster: deploy_cluster.Cluster,
    context: BrowserContext,
    requests_made: RequestLog,
    tmp_path: Path,  # where a failing journey's screenshot goes (tests/e2e/conftest.py)
) -> None:
    page = harbour.page
    secret = deploy_cluster.cookie_secret(cluster.folder)  # shared by the processes: in their environment, never
    for process in cluster.processes:  # on a command line, where `ps` would show it to anyone on the machine
        assert secret not in Path(f"/proc/{process.pid}/cmdline").read_text(errors="replace")
        environment = Path(f"/proc/{process.pid}/environ").read_text(errors="replace").split("\0")
        assert f"STREAMLIT_SERVER_COOKIE_SECRET={secret}" in environment

    harbour.open()
    harbour.create_first_account(ROBIN)
    _until("Harbour's sign-in cookie is set", lambda: _cookie(context, web.COOKIE), page)

    harbour.click("Free writing · 10 min")
    harbour.commit(page.get_by_label("Write freely"), WRITING)  # leaving the box keeps it as a draft
    with psycopg.connect(cluster.database_url) as conn:
        drafts = conn.execute("SELECT count(*) FROM drafts").fetchone()
    assert drafts == (1,)

    stuck = _cookie(context, SERVER_COOKIE)  # the process HAProxy keeps this browser on
    assert stuck in {p.name for p in cluster.processes}, context.cookies()
    sockets = harbour.runs.socket
    killed = time.monotonic()
    cluster.kill(cluster.index_of(stuck))

    # The page notices, reconnects through HAProxy (its address never changes) and runs on the other process.
    _until("the page opened a new connection", lambda: harbour.runs.socket > sockets, page, RECONNECT_SECONDS)
    _until("the page ran again", lambda: harbour.runs.finished > 0, page, RECONNECT_SECONDS)
    page.wait_for_function(
        """() => { const a = document.querySelector('[data-testid="stApp"]');
          return a?.getAttribute("data-test-connection-state") === "CONNECTED"
            && a?.getAttribute("data-test-script-state") === "notRunning"; }""",
        timeout=RECONNECT_SECONDS * 1000,
    )
    expect(page.get_by_text(KEPT, exact=True)).to_be_visible()
    working_again = time.monotonic() - killed
    print(f"\nfailover: the page worked again {working_again:.1f} s after its process was killed")

    moved_to = _cookie(context, SERVER_COOKIE)
    assert moved_to is not None and moved_to != stuck, (stuck, moved_to)
    assert cluster.processes[cluster.index_of(moved_to)].running
    expect(harbour.heading("Write")).to_be_visible()  # still signed in: no Welcome, no sign-in form
    expect(page.get_by_test_id("stSidebar").get_by_text(ROBIN, exact=True)).to_be_visible()
    expect(page.get_by_role("button", name="Sign in")).to_have_count(0)

    harbour.click("Resume")
    expect(page.get_by_label("Write freely")).to_have_value(WRITING)
    harbour.click("Save")
    expect(page.get_by_text("Saved to your journal.")).to_be_visible()

    with psycopg.connect(cluster.database_url) as conn:
        saved = conn.execute(
            "SELECT e.body FROM entries e JOIN users u ON u.id = e.user_id WHERE u.username = %s", [ROBIN]
        ).fetchall()
        left = conn.execute("SELECT count(*) FROM drafts").fetchone()
    assert [row[0] for row in saved] == [WRITING]
    assert left == (0,)

    # Everything went through HAProxy's one address: the browser never knew there were two processes.
    ports = {urlsplit(u).port for u in requests_made.urls if u.startswith(("http:", "ws:"))}
    assert ports == {cluster.port}, ports
