"""Who is signed in to this browser: a server-side session row, checked on every run.

A tab keeps its person in Streamlit's session state. A reload, a new tab or a reopened browser starts with none,
and finds the session again from the browser's HttpOnly cookie (journal/ui/web.py), which the page never reads:
Streamlit hands the script the cookies the browser sent with the page's connection (`st.context.cookies`).
"""

from __future__ import annotations

import json
import logging
import threading
import time

import streamlit as st

from journal import accounts, demo
from journal.accounts import User
from journal.reflect import settings
from journal.ui import identity, nav, resources, web

_USER = "harbour.user"
_SESSION = "harbour.session"
_FLASH = "harbour.flash"
_COOKIE = "harbour.cookie"  # what the browser's cookie still needs: ("set", ticket) or ("clear", "")
_SPENT = "harbour.spent"  # session ids this tab has seen end: its page's cookie may still name one


def current_user() -> User | None:
    """The signed-in person, if their session is still good; else they are signed out and told why, kindly.
    A return from the organisation's provider is taken here too: a sign-in, or a fresh confirmation."""
    user = _signed_in()
    user, cookie = identity.take_sign_in(user, session_id() if user is not None else None)
    if cookie == "set" and user is not None:
        sign_in(user)
    elif cookie == "renew" and user is not None:
        current = session_id()
        if current is not None:  # the same session's cookie again: its route also clears Streamlit's
            st.session_state[_COOKIE] = ("set", accounts.issue_ticket(resources.database(), current))
    elif cookie == "clear":
        st.session_state[_COOKIE] = ("clear", "")
    return user


def _signed_in() -> User | None:
    if _USER not in st.session_state:
        return _from_cookie()
    db = resources.database()
    session_id = st.session_state.get(_SESSION)
    if session_id is None:  # no server-side session, no sign-in: every signed-in person has a session row
        _forget()
        return None
    try:
        user = accounts.resume_session(db, session_id)
    except accounts.SessionEnded as ended:
        _ended(str(ended))
        return None
    st.session_state[_USER] = user  # fresh from the database: e.g. no longer the admin
    return user


def _from_cookie() -> User | None:
    """The person whose session the browser's cookie names, when it is still good (a reload, a new tab)."""
    session_id = st.context.cookies.get(web.COOKIE)
    if (
        not isinstance(session_id, str)
        or not session_id
        or exploring()
        or session_id in st.session_state.get(_SPENT, ())
    ):
        return None
    try:
        user = accounts.resume_session(resources.database(), session_id)
    except accounts.SessionEnded as ended:
        st.session_state[_SESSION] = session_id
        _ended(str(ended))
        return None
    st.session_state[_SESSION] = session_id
    st.session_state[_USER] = user
    return user


def _ended(reason: str) -> None:
    """The session ended without this tab signing out: forget it, clear the cookie, and say why once."""
    _forget(clear_cookie=True)
    flash("info", reason)


# How often an open screen checks that its session is still good: often enough to clear it soon after the idle limit.
_WATCH_SECONDS = min(30.0, accounts.idle_limit().total_seconds() / 4)


@st.fragment(run_every=_WATCH_SECONDS)
def watch_for_sign_out() -> None:
    """Clear the screen when the session ends (idle, too long, signed out elsewhere) with no click needed, so an
    entry left open on a shared computer doesn't stay readable. Checking doesn't count as use."""
    current = st.session_state.get(_SESSION)
    if current is None:
        return
    try:
        accounts.resume_session(resources.database(), current, touch=False)
    except accounts.SessionEnded as ended:
        _ended(str(ended))  # the reason it ended, said once on the Welcome page
        st.rerun(scope="app")  # the whole page runs again, signed out, and shows Welcome


def session_id() -> str | None:
    return st.session_state.get(_SESSION)


def sign_in(user: User) -> None:
    """Start a session for someone who has just proved who they are; the browser's cookie follows on the next
    run (`keep_cookie`), so a reload or a new tab finds them signed in."""
    db = resources.database()
    _reset()  # nothing from before sign-in carries over
    session_id = accounts.start_session(db, user.id)
    st.session_state[_SESSION] = session_id
    st.session_state[_USER] = user
    st.session_state[_COOKIE] = ("set", accounts.issue_ticket(db, session_id))


def explore_demo() -> None:
    """Sign this browser in as the demo practitioner, on the demo's own database (never the real one)."""
    from journal.demo.year import DEMO_USERNAME
    from journal.store import users

    _wait_for_demo()
    db = resources.demo_database()
    row = users.find_by_key(db, accounts.username_key(DEMO_USERNAME))
    if row is None:  # someone exploring erased it: bring the example back
        resources.demo_password(rebuild=True)
        row = users.find_by_key(db, accounts.username_key(DEMO_USERNAME))
    assert row is not None
    _reset()  # the demo is this tab's only: no cookie is set for it
    st.session_state[resources.DEMO] = True
    st.session_state[_SESSION] = accounts.start_session(db, row.id)
    st.session_state[_USER] = User(row.id, row.username, False)


def _page_less(record: logging.LogRecord) -> bool:
    """Keep Streamlit's "missing ScriptRunContext" warning out of the log for Harbour's own threads: they make the
    demo or warm imports for no page, on purpose (journal/ui/serve.py)."""
    return not (record.threadName or "").startswith("harbour-") or "ScriptRunContext" not in record.getMessage()


logging.getLogger("streamlit.runtime.scriptrunner_utils.script_run_context").addFilter(_page_less)


def make_demo() -> None:
    """Make this process's demo now, if it isn't made (for a thread: the server's at its start, or a waiting page's)."""
    try:
        resources.demo_database()
    except Exception:  # noqa: BLE001 - the page that waits says so: it tries again itself and shows what went wrong
        demo.making.report(demo.FAILED, 0.0, "")


def _wait_for_demo() -> None:
    """The demo is made when the server starts (journal/ui/serve.py); a click that comes before it is ready sees how
    far making it has got, in words, rather than a page that seems stuck. Made here, in a thread, if nothing has."""
    if demo.making.now().state == demo.NOT_STARTED:
        threading.Thread(target=make_demo, name="harbour-demo", daemon=True).start()
    elif demo.making.now().state != demo.MAKING:
        return  # ready (or failed: resources.demo_database() tries again and says what went wrong)
    bar = st.progress(0.0, text="Getting the example journal ready…")
    while (now := demo.making.now()).state in (demo.NOT_STARTED, demo.MAKING):
        bar.progress(now.done, text=now.words or "Getting the example journal ready…")
        time.sleep(0.2)
    bar.empty()


def exploring() -> bool:
    return bool(st.session_state.get(resources.DEMO))


def sign_out() -> None:
    """End this browser's session only (every tab of it); the person's other devices stay signed in."""
    current = session_id()
    demo = exploring()
    if current is not None:
        accounts.end_session(resources.database(), current)
    _forget(clear_cookie=not demo)


def sign_out_everywhere(user: User) -> None:
    accounts.end_all_sessions(resources.database(), user.id)
    _forget(clear_cookie=True)
    flash("success", "You're signed out everywhere, on this device and any other.")


def _reset() -> None:
    """Empty this tab's state, except which sessions it has seen end and what the cookie still needs."""
    kept = {key: st.session_state[key] for key in (_SPENT, _COOKIE, *identity.KEPT) if key in st.session_state}
    st.session_state.clear()
    st.session_state.update(kept)


def _forget(*, clear_cookie: bool = False) -> None:
    ended = st.session_state.get(_SESSION)
    _reset()
    if ended is not None:
        st.session_state[_SPENT] = {*st.session_state.get(_SPENT, ()), ended}
    if clear_cookie:
        st.session_state[_COOKIE] = ("clear", "")
    elif st.session_state.get(_COOKIE, ("",))[0] == "set":
        del st.session_state[_COOKIE]  # a ticket for a session that has ended is worth nothing now


def keep_cookie() -> None:
    """Bring the browser's cookie in line with this tab: hand in a new sign-in's ticket, or clear it after signing
    out. Page script asks Harbour's own route (journal/ui/web.py); only the route's answer touches the cookie."""
    todo = st.session_state.get(_COOKIE)
    if todo is None:
        return
    kind, ticket = todo
    if kind == "set" and not accounts.ticket_waiting(resources.database(), ticket):
        del st.session_state[_COOKIE]  # taken: the cookie is set (or the ticket ran out and the tab alone knows)
        return
    if kind == "clear":
        del st.session_state[_COOKIE]
    path, body = (web.SESSION_ROUTE, ticket) if kind == "set" else (web.SIGN_OUT_ROUTE, "")
    call = (
        f"fetch({json.dumps(web.route(path))}, {{method: 'POST', body: {json.dumps(body)}, "
        "credentials: 'same-origin', headers: {'Content-Type': 'text/plain'}, keepalive: true});"
    )
    st.sidebar.html(f"<script>{call}</script>", unsafe_allow_javascript=True)  # draws nothing: a script only


def require_user() -> User:
    """For pages: the signed-in person (app.py only routes signed-in people to these pages)."""
    user = current_user()
    if user is None:
        nav.go(nav.WELCOME)
        st.stop()
    return user


def flash(kind: str, message: str) -> None:
    """A message to show once after the next rerun (e.g. 'Saved' after a page switch)."""
    st.session_state.setdefault(_FLASH, []).append((kind, message))


def show_flashes() -> None:
    # Always one container here, message or not: otherwise a message shifts everything below it, and Streamlit
    # redraws tabs and expanders under it from scratch (back to the first tab, sections closed).
    with st.container(key="harbour-flashes"):
        _flashes()


def _flashes() -> None:
    for kind, message in st.session_state.pop(_FLASH, []):
        if kind == "celebrate":
            if _chosen("celebrate_with") == "balloons":  # or a quiet message alone, as the person chose in Settings
                st.balloons()
            st.success(message, icon=":material/celebration:")
        else:
            {"success": st.success, "info": st.info, "warning": st.warning, "error": st.error}[kind](message)


# -- how Harbour looks and celebrates, as the person chose in Settings -----------------------------------------
_CHOSEN = "harbour.chosen"  # this tab's copy of those settings, read once a session (a reload reads them again)
_APPLIED = "harbour.appearance_applied"  # the appearance this session has already asked the browser for
# Streamlit's frontend keeps the viewer's theme in localStorage, one key per page address, as "Light", "Dark" or
# "System"; it has no server API to set it, so the page sets those keys and reloads once.
_STREAMLIT_THEME = {"device": "System", "light": "Light", "dark": "Dark"}
_APPEARANCE_JS = """(() => {
  const want = JSON.stringify(%(want)s), pages = %(pages)s, here = window.location.pathname;
  const page = pages.find((p) => p && here.endsWith("/" + p));
  const root = page ? here.slice(0, -page.length) : here.endsWith("/") ? here : here + "/";
  const paths = new Set([here, root, root.replace(/\\/$/, "") || "/", ...pages.map((p) => root + p)]);
  let stale = false;
  for (const path of paths) {
    const key = `stActiveTheme-${path}-v2`, have = localStorage.getItem(key);
    // Nothing stored is Streamlit's own "match the device": a new browser needs no write and no reload for it
    if (have === want || (have === null && want === JSON.stringify("System"))) continue;
    localStorage.setItem(key, want);
    stale = stale || (path === here && localStorage.getItem(key) === want);
  }
  const guard = "harbour.theme-reloaded";  // at most one reload a tab for one choice, whatever the storage does
  if (!stale) sessionStorage.removeItem(guard);
  else if (sessionStorage.getItem(guard) !== want) { sessionStorage.setItem(guard, want); window.location.reload(); }
})();"""


def _chosen(name: str) -> str:
    user = st.session_state.get(_USER)
    if user is None:
        return getattr(settings.Settings(), name)
    if _CHOSEN not in st.session_state:
        st.session_state[_CHOSEN] = settings.get(resources.database(), user.id)
    return getattr(st.session_state[_CHOSEN], name)


def forget_chosen() -> None:
    """After Settings changes how Harbour looks or celebrates: read it again, and apply it on this run."""
    st.session_state.pop(_CHOSEN, None)
    st.session_state.pop(_APPLIED, None)


def appearance_script(choice: str) -> str:
    """The constant script that makes the browser show `choice` ("device", "light", "dark") on every page of
    Harbour: Streamlit's stored theme for each page's address, then one reload if this page's was different."""
    pages = [place.url_path for place in nav.PLACES]
    return _APPEARANCE_JS % {"want": json.dumps(_STREAMLIT_THEME[choice]), "pages": json.dumps(pages)}


def keep_appearance() -> None:
    """Bring the browser's theme in line with the person's choice, only when it may not be: a light or dark choice
    the page isn't showing, or "match my device" once a session (the server can't see the device's own choice)."""
    if st.session_state.get(_USER) is None or _COOKIE in st.session_state:
        return  # nobody's choice to apply; or the browser's cookie is still being set, and a reload could lose it
    choice = _chosen("appearance")
    if st.session_state.get(_APPLIED) == choice or (choice != "device" and st.context.theme.type == choice):
        return
    st.session_state[_APPLIED] = choice
    st.sidebar.html(f"<script>{appearance_script(choice)}</script>", unsafe_allow_javascript=True)  # draws nothing
