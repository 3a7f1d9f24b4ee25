"""HAProxy's configuration for Harbour: one front address, several Harbour processes behind it.

`render()` writes the text; deploy/haproxy.cfg is its output for the trial's defaults (front 127.0.0.1:8501,
processes on 8601 and 8602), checked in for an operator to read and copy, and kept equal to `render()` by
tests/service/test_haproxy.py. Every choice is explained in the text itself, where an operator reads it.

Written for Debian 12's HAProxy 2.6 (`apt-get install haproxy`).
"""

from __future__ import annotations

import shutil
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

DEFAULT_BIN = "/usr/sbin/haproxy"
COOKIE = "HARBOUR_SERVER"  # HAProxy's own cookie: which process a browser is kept on
HEALTH_PATH = "/_stcore/health"  # Streamlit's: 200 "ok" once it takes browsers, 503 with a reason while it can't
FRONT_PORT = 8501
FIRST_PROCESS_PORT = 8601


@dataclass(frozen=True)
class Process:
    """One Harbour process as HAProxy knows it: a name (also its cookie value) and where it listens."""

    name: str
    port: int
    host: str = "127.0.0.1"


def processes(count: int, first_port: int = FIRST_PROCESS_PORT) -> list[Process]:
    return [Process(f"harbour{i + 1}", first_port + i) for i in range(count)]


def binary() -> str | None:
    """HAProxy's program, or None when it isn't installed (Debian's is /usr/sbin/haproxy, often not on PATH)."""
    found = shutil.which("haproxy")
    if found:
        return found
    return DEFAULT_BIN if Path(DEFAULT_BIN).is_file() else None


def render(backends: Sequence[Process], *, front_port: int = FRONT_PORT, front_host: str = "127.0.0.1") -> str:
    """HAProxy's configuration: `front_host:front_port` in front, `backends` behind it."""
    servers = "\n".join(f"    server {p.name} {p.host}:{p.port} cookie {p.name}" for p in backends)
    return f"""\
# HAProxy in front of several Harbour processes that share one PostgreSQL database.
# Written by deploy/haproxy.py (`python -m deploy.cluster` writes one like it to data/cluster/haproxy.cfg and runs
# it in the foreground). For Debian's service: in /etc/haproxy/haproxy.cfg keep Debian's own `global` section (it
# runs HAProxy as the haproxy user in a chroot, logging to /dev/log), replace everything after it with this file's
# `defaults`, `frontend` and `backend`, set the `bind` and `server` lines to your addresses, then
# `haproxy -c -f /etc/haproxy/haproxy.cfg` and `systemctl reload haproxy`.

global
    # HAProxy's own messages (a process going down or coming back, one line per request) on its standard error:
    # the terminal in the trial, the journal (`journalctl -u haproxy`) under systemd.
    log stderr format raw local0 info
    maxconn 4096

defaults
    mode http
    log global
    option httplog
    option dontlognull
    option log-health-checks        # say why a process was taken out, not only that it was
    timeout connect 3s              # reaching a process on the same machine or network; also the retry pause
    timeout client 60s              # a browser silent this long mid-request is gone
    timeout server 60s              # a process silent this long mid-answer is stuck
    timeout http-request 10s        # the whole of a request's headers: slow-drip clients don't hold a connection
    timeout http-keep-alive 10s
    timeout client-fin 30s
    # A page's WebSocket (Streamlit's /_stcore/stream) is one long tunnel. Streamlit pings it every 30 s, so an
    # open page never idles out; an hour only bounds a tunnel whose browser vanished without closing it.
    timeout tunnel 1h
    timeout check 2s

frontend harbour
    # The trial listens on this machine only. A real deployment terminates TLS here instead, for example:
    #   bind :443 ssl crt /etc/haproxy/certs/harbour.pem
    #   bind :80
    #   http-request redirect scheme https unless {{ ssl_fc }}
    #   http-request set-header X-Forwarded-Proto https if {{ ssl_fc }}
    # (Harbour's sign-in cookie is marked Secure for any address other than this machine's.)
    bind {front_host}:{front_port}
    # Harbour's limits on guessing passwords key on the address a try comes from (st.context.ip_address). The
    # processes' server (uvicorn) believes X-Forwarded-For from a proxy on 127.0.0.1 or ::1 only (FORWARDED_ALLOW_IPS
    # widens that when HAProxy runs on another machine), and takes its last address. Drop whatever a browser sent
    # and add the address HAProxy really saw, so a person can't pick the address their tries count against.
    http-request del-header X-Forwarded-For
    option forwardfor
    default_backend harbour_processes

backend harbour_processes
    # New visitors go to the process with the fewest open connections: each open page holds one WebSocket, so
    # this counts the people on each process, where round-robin would count requests.
    balance leastconn
    # A person's page lives in one process's memory for as long as it is open (Streamlit's session, the widgets'
    # state, uploads in progress), so every request of theirs must reach the same process. HAProxy inserts a
    # cookie naming it (HttpOnly, never cached, and removed before the request reaches Harbour). Not the source
    # address (nginx's ip_hash, `balance source`): staff behind the few gateways of a large organisation's network
    # (an NHS trust, say) share a handful of addresses, and would all be piled onto one process.
    # Served over HTTPS, add `secure` to this line.
    cookie {COOKIE} insert indirect nocache httponly
    # When the person's process has died or been taken out, send them to a live one rather than failing: retry a
    # failed connection, on another process from the first retry. Their page reconnects there, and Harbour signs
    # them back in from its own session cookie (harbour_session, checked against the database) and offers the
    # draft they were writing (kept in the database each time they leave a box).
    option redispatch 1
    retries 3
    # A process is in service while Streamlit's health check answers 200 "ok" (503 while starting or stopping).
    option httpchk GET {HEALTH_PATH}
    http-check expect string ok
    # Checked every 2 s (every second while changing state); out after 2 failures, back after 2 successes. A refused
    # connection from a person's own request takes it out at once (observe layer4), so the next request, and
    # everyone else's, goes straight to a live process without waiting for the next check.
    default-server check inter 2s fastinter 1s fall 2 rise 2 observe layer4 error-limit 1 on-error mark-down
{servers}
"""
