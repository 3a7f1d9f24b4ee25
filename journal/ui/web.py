"""Harbour as a web app: Streamlit's own server (`st.App`, under uvicorn) with two small routes of Harbour's beside it.

Who is signed in lives in a server-side session row. The browser holds one cookie naming that session, and nothing
else: a random id, HttpOnly (no page script can read it), SameSite=Strict, Secure unless the browser is on this
machine (HARBOUR_SECURE_COOKIE), scoped to Harbour's path, and lasting no longer than the session may. A cookie
that page script writes can never be HttpOnly, so the script never sees the id: after a sign-in the page hands
Harbour's route a single-use ticket (`accounts.issue_ticket`), and the route's answer sets the cookie. Signing out
asks the other route to end the session the cookie names and clear it. The session row stays the truth: a cookie
whose session has ended (signed out, idle, 12 hours, a changed password, an admin's lock) signs no one in.

Both routes take POSTs from Harbour's own pages only (the browser's Origin and Sec-Fetch-Site say so), so another
site can't sign a visitor in or out.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route
from streamlit import config as st_config
from streamlit.starlette import App

from journal import accounts, config, organisation
from journal.store import Handle

COOKIE = "harbour_session"
SESSION_ROUTE = "/harbour/session"  # POST a ticket: the answer sets the cookie
SIGN_OUT_ROUTE = "/harbour/sign-out"  # POST: the cookie's session ends and the cookie is cleared
LOCAL_HOSTS = frozenset({"localhost", "127.0.0.1", "::1"})
_STREAMLIT_IDENTITY = re.compile(r"^_streamlit_user(_tokens)?(_\d+)?$")
_MAX_TICKET = 200  # a ticket is 43 characters; anything longer is not one


def base_path() -> str:
    """Harbour's path under its address ("" at the root, else "/harbour" for server.baseUrlPath = "harbour")."""
    base = (st_config.get_option("server.baseUrlPath") or "").strip("/")
    return f"/{base}" if base else ""


def route(path: str) -> str:
    return base_path() + path


def _from_our_pages(request: Request) -> bool:
    """A request made by Harbour's own page script, not a form or page of another site."""
    site = request.headers.get("sec-fetch-site")
    if site is not None and site != "same-origin":
        return False
    origin = request.headers.get("origin")
    return origin is None or urlsplit(origin).netloc == request.headers.get("host")


def _secure(request: Request) -> bool:
    setting = config.load().secure_cookie
    if setting in {"on", "off"}:
        return setting == "on"
    return request.url.hostname not in LOCAL_HOSTS


def _answer() -> Response:
    return Response(status_code=204, headers={"Cache-Control": "no-store"})


def _clear(response: Response, request: Request) -> None:
    response.delete_cookie(COOKIE, path=base_path() or "/", secure=_secure(request), httponly=True, samesite="strict")


def _forget_identity(response: Response, request: Request) -> None:
    """Clear Streamlit's identity cookies (after `st.login`): Harbour's session has taken over from them, and they
    would otherwise last 30 days, past Harbour's own limits. Large ones come in numbered pieces."""
    for name in request.cookies:
        if _STREAMLIT_IDENTITY.match(name):
            response.delete_cookie(name, path=base_path() or "/")


def routes(database: Callable[[], Handle]) -> list[Route]:
    """The two routes, each using the database `database()` gives (the process's one, opened by journal.ui.serve)."""

    async def take_ticket(request: Request) -> Response:
        if not _from_our_pages(request):
            return Response(status_code=403)
        ticket = (await request.body())[:_MAX_TICKET].decode("ascii", errors="replace").strip()
        taken = await run_in_threadpool(accounts.redeem_ticket, database(), ticket) if ticket else None
        if taken is None:
            return Response(status_code=400, headers={"Cache-Control": "no-store"})
        session_id, left = taken
        response = _answer()
        response.set_cookie(
            COOKIE,
            session_id,
            max_age=max(1, int(left.total_seconds())),
            path=base_path() or "/",
            secure=_secure(request),
            httponly=True,
            samesite="strict",
        )
        _forget_identity(response, request)
        return response

    async def sign_out(request: Request) -> Response:
        if not _from_our_pages(request):
            return Response(status_code=403)
        session_id = request.cookies.get(COOKIE)
        if session_id:
            await run_in_threadpool(accounts.end_session, database(), session_id)
        response = _answer()
        _clear(response, request)
        _forget_identity(response, request)
        return response

    return [
        Route(route(SESSION_ROUTE), take_ticket, methods=["POST"]),
        Route(route(SIGN_OUT_ROUTE), sign_out, methods=["POST"]),
    ]


def app(script: Path, database: Callable[[], Handle], auth: Mapping[str, Any] | None = None) -> App:
    """Streamlit running `script` (app.py), with Harbour's routes beside its own. `auth` is the operator's `[auth]`
    table: when it sets up sign-in with the organisation, Harbour adds the entry that asks the person to sign in
    afresh (journal/organisation.py), so the operator writes only what Streamlit documents."""
    fresh = organisation.secrets_with_fresh_entry(auth) if auth else None
    return App(script, routes=routes(database), secrets={"auth": fresh} if fresh else None)
