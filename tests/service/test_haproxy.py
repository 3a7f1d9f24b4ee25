"""HAProxy's configuration for Harbour (deploy/haproxy.py): HAProxy accepts it, the checked-in example is what the
code writes, and the real HAProxy does what its comments say: a person stays on one process, the address a process
sees is the one HAProxy saw (never one the browser made up), and a person whose process died or failed its health
check is sent to a live one.

The processes here are small HTTP servers in this test (answering Streamlit's health path as Streamlit does), so
this runs in a second or two; tests/e2e/test_cluster_failover.py does it with Harbour itself in a browser.
"""

from __future__ import annotations

import http.client
import json
import subprocess
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
import uvicorn
from streamlit.web.server.starlette import starlette_server as streamlit_server

from deploy import haproxy
from tests.conftest import in_ci
from tests.processes import free_port, start_and_wait, stop

EXAMPLE = Path(__file__).resolve().parents[2] / "deploy" / "haproxy.cfg"


@pytest.fixture(scope="module")
def haproxy_bin() -> str:
    found = haproxy.binary()
    if found is None:
        why = f"HAProxy not found (on PATH or at {haproxy.DEFAULT_BIN}): apt-get install haproxy"
        if in_ci():
            pytest.fail(f"HAProxy is required in CI: {why}", pytrace=False)
        pytest.skip(why)
    return found


def _check(binary: str, config: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([binary, "-c", "-f", str(config)], capture_output=True, text=True, timeout=30)


def test_the_rendered_config_is_valid_and_keeps_people_on_their_process(haproxy_bin: str, tmp_path: Path) -> None:
    config = tmp_path / "haproxy.cfg"
    config.write_text(haproxy.render(haproxy.processes(3, first_port=9101), front_port=9100))
    checked = _check(haproxy_bin, config)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert "Configuration file is valid" in checked.stdout

    lines = [line.split("#")[0].strip() for line in config.read_text().splitlines()]
    settings = [line for line in lines if line]
    for expected in (
        "bind 127.0.0.1:9100",
        "balance leastconn",
        "cookie HARBOUR_SERVER insert indirect nocache httponly",
        "option redispatch 1",
        "retries 3",
        "option httpchk GET /_stcore/health",
        "http-check expect string ok",
        "timeout tunnel 1h",
        "option forwardfor",
        "http-request del-header X-Forwarded-For",
        "server harbour1 127.0.0.1:9101 cookie harbour1",
        "server harbour3 127.0.0.1:9103 cookie harbour3",
    ):
        assert expected in settings, f"{expected!r} missing from:\n" + "\n".join(settings)
    assert any(s.startswith("default-server check ") for s in settings)
    for timeout in ("connect", "client", "server"):
        assert any(s.startswith(f"timeout {timeout} ") for s in settings), timeout


def test_the_checked_in_example_is_what_the_trial_writes(haproxy_bin: str) -> None:
    assert EXAMPLE.read_text() == haproxy.render(haproxy.processes(2)), (
        "deploy/haproxy.cfg is out of date: regenerate it with "
        "`python -c 'from deploy import haproxy; print(haproxy.render(haproxy.processes(2)), end=\"\")' "
        "> deploy/haproxy.cfg`"
    )
    checked = _check(haproxy_bin, EXAMPLE)
    assert checked.returncode == 0, checked.stdout + checked.stderr


class _Process(ThreadingHTTPServer):
    """A stand-in for one Harbour process: answers the health path ("ok", or 503 while `healthy` is False) and
    every other path with its name and the headers it was sent, as JSON."""

    daemon_threads = True

    def __init__(self, name: str, port: int) -> None:
        self.name = name
        self.healthy = True
        super().__init__(("127.0.0.1", port), _Answer)


class _Answer(BaseHTTPRequestHandler):
    server: _Process

    def do_GET(self) -> None:  # noqa: N802 (http.server's name)
        if self.path == haproxy.HEALTH_PATH:
            body, status = (b"ok", 200) if self.server.healthy else (b"unavailable", 503)
        else:
            seen = {"process": self.server.name, "peer": self.client_address[0],
                    "forwarded_for": self.headers.get_all("X-Forwarded-For") or [],
                    "cookie": self.headers.get("Cookie", "")}  # fmt: skip
            body, status = json.dumps(seen).encode(), 200
        self.send_response(status)
        self.send_header("Content-Type", "text/plain")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *_: object) -> None:
        pass


@pytest.fixture
def two_processes() -> Iterator[list[_Process]]:
    servers = [_Process(f"harbour{i + 1}", free_port()) for i in range(2)]
    threads = [threading.Thread(target=s.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True) for s in servers]
    for thread in threads:
        thread.start()
    yield servers
    for server in servers:
        server.shutdown()
        server.server_close()


@pytest.fixture
def front(haproxy_bin: str, two_processes: list[_Process], tmp_path: Path) -> Iterator[int]:
    port = free_port()
    backends = [haproxy.Process(s.name, s.server_address[1]) for s in two_processes]
    config = tmp_path / "haproxy.cfg"
    config.write_text(haproxy.render(backends, front_port=port))
    proc = start_and_wait(
        [haproxy_bin, "-db", "-f", str(config)], tmp_path / "haproxy.log", lambda: _get(port, "/")[0] == 200,
        what="HAProxy",
    )  # fmt: skip
    yield port
    stop(proc)


def _get(port: int, path: str, headers: dict[str, str] | None = None) -> tuple[int, dict, str]:
    """(status, the process's JSON or {}, HAProxy's Set-Cookie or "")"""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        conn.request("GET", path, headers=headers or {})
        answer = conn.getresponse()
        body = answer.read()
        seen = json.loads(body) if answer.status == 200 and body.startswith(b"{") else {}
        return answer.status, seen, answer.getheader("Set-Cookie") or ""
    except OSError:
        return 0, {}, ""
    finally:
        conn.close()


def test_a_person_stays_on_one_process_and_moves_when_it_dies(front: int, two_processes: list[_Process]) -> None:
    status, seen, set_cookie = _get(front, "/")
    assert status == 200
    first = seen["process"]
    assert set_cookie == f"HARBOUR_SERVER={first}; path=/; HttpOnly", set_cookie
    cookie = {"Cookie": f"HARBOUR_SERVER={first}; harbour_session=abc"}
    for _ in range(6):  # leastconn alone would spread these; the cookie keeps them on one process
        status, seen, set_cookie = _get(front, "/journal", cookie)
        assert (status, seen["process"], set_cookie) == (200, first, "")  # already stuck: no new cookie
        assert seen["cookie"] == "harbour_session=abc"  # HAProxy's own cookie never reaches Harbour

    # The person's process dies: the next request (with the old cookie) is answered by the other one, which the
    # browser is moved to.
    dead = next(s for s in two_processes if s.name == first)
    other = next(s for s in two_processes if s.name != first)
    dead.shutdown()
    dead.server_close()
    status, seen, set_cookie = _get(front, "/journal", cookie)
    assert (status, seen["process"]) == (200, other.name)
    assert set_cookie.startswith(f"HARBOUR_SERVER={other.name};")


def test_a_process_failing_its_health_check_gets_no_one(front: int, two_processes: list[_Process]) -> None:
    sick, well = two_processes
    sick.healthy = False  # Streamlit answers 503 while it starts or stops
    deadline = time.monotonic() + 15  # two failed checks, one every 2 s (then every 1 s)
    while time.monotonic() < deadline:
        answered = {_get(front, "/")[1]["process"] for _ in range(4)}
        if answered == {well.name}:
            break
        time.sleep(0.2)
    else:
        raise AssertionError("HAProxy kept sending people to the process whose health check failed")
    status, seen, set_cookie = _get(front, "/", {"Cookie": f"HARBOUR_SERVER={sick.name}"})
    assert (status, seen["process"]) == (200, well.name)  # even someone stuck to it
    assert set_cookie.startswith(f"HARBOUR_SERVER={well.name};")


def test_haproxy_forwards_the_address_it_saw_not_one_the_browser_sent(front: int) -> None:
    status, seen, _ = _get(front, "/", {"X-Forwarded-For": "203.0.113.9"})
    assert status == 200
    assert seen["peer"] == "127.0.0.1"  # HAProxy's connection
    assert seen["forwarded_for"] == ["127.0.0.1"]  # the browser's own header dropped; HAProxy's is its peer's


async def _client_address(scope: dict, receive: object, send: Any) -> None:
    """An ASGI app answering with the client address its server gives it (what st.context.ip_address reads)."""
    body = b"ok" if scope["path"] == haproxy.HEALTH_PATH else json.dumps({"client": scope["client"][0]}).encode()
    await send({"type": "http.response.start", "status": 200, "headers": [(b"content-type", b"text/plain")]})
    await send({"type": "http.response.body", "body": body})


@pytest.fixture
def streamlits_server() -> Iterator[int]:
    """uvicorn configured exactly as Streamlit configures it for Harbour's processes, on a free loopback port."""
    port = free_port()
    settings = uvicorn.Config(
        _client_address, host="127.0.0.1", port=port, lifespan="off", log_level="warning",
        **streamlit_server._get_uvicorn_config_kwargs(),
    )  # fmt: skip
    server = uvicorn.Server(settings)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 15
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.02)
    assert server.started, "uvicorn did not start"
    yield port
    server.should_exit = True
    thread.join(timeout=10)


def test_harbour_sees_the_persons_address_through_haproxy_and_never_one_they_made_up(
    haproxy_bin: str, streamlits_server: int, tmp_path: Path
) -> None:
    """Harbour's limits on guessing key on st.context.ip_address: behind HAProxy it must be the person's address
    (uvicorn believes X-Forwarded-For from a proxy on loopback), and a header the browser sends must not change it."""
    port = free_port()
    config = tmp_path / "haproxy.cfg"
    config.write_text(haproxy.render([haproxy.Process("harbour1", streamlits_server)], front_port=port))
    proc = start_and_wait(
        [haproxy_bin, "-db", "-f", str(config)], tmp_path / "haproxy.log", lambda: _get(port, "/")[0] == 200,
        what="HAProxy",
    )  # fmt: skip
    try:
        # A person at 127.0.0.7 (another address of this machine, standing in for one on the network).
        for made_up in ({}, {"X-Forwarded-For": "203.0.113.9"}, {"X-Forwarded-For": "127.0.0.1, 198.51.100.1"}):
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10, source_address=("127.0.0.7", 0))
            conn.request("GET", "/", headers=made_up)
            assert json.loads(conn.getresponse().read()) == {"client": "127.0.0.7"}, made_up
            conn.close()
    finally:
        stop(proc)
