"""Small private actions on Write: follow-ups agreed in a 1-to-1 (or any entry), open until ticked or let go.

`from_entry` draws inside Write's "What next?" after a save; `open_actions` draws the open ones on Write.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import date

import streamlit as st

from journal import clock
from journal.accounts import User
from journal.content.library import Library
from journal.reflect import people
from journal.reflect.entries import Entry
from journal.reflect.people import ActionRow, PeopleError
from journal.store import Handle
from journal.text.words import plural
from journal.ui import nav, session
from journal.ui.widgets import show_text

_ERROR = "actions.error"  # a refusal from the last click, shown (as text) where the person clicked
_SHOWN_OPEN = 3  # more open actions than this and the list is folded to its count, to keep Write calm
_NOBODY = ""


def _refused(exc: PeopleError) -> None:
    st.session_state[_ERROR] = str(exc)


def _show_refusal() -> None:
    if (message := st.session_state.pop(_ERROR, None)) is not None:
        show_text(message, "error", icon=":material/info:")


def _action_id(entry: Entry, n: int) -> str:
    """The same id for the same line of the same entry: a second click keeps it once."""
    return str(uuid.uuid5(uuid.NAMESPACE_URL, f"harbour-entry-action:{entry.id}:{n}"))


# -- after a save: the person met, and the actions it leads to ----------------------------------------------
def from_entry(db: Handle, user: User, lib: Library, entry: Entry) -> None:
    """In Write's 'What next?' after a save: turn this entry's follow-up (or anything) into actions, and link
    the person a 1-to-1 was with."""
    person_id = _person_met(db, user, entry) if entry.template == people.ONE_TO_ONE else None
    kept = people.of_entry(db, user.id, entry.id)
    if kept:
        st.markdown(f"**{plural(len(kept), 'action')} kept from this entry.** They wait for you on Write.")
        for a in kept:
            st.text(f"• {a.text}")
    follow_ups, agreed = people.suggested(entry)
    if entry.template == people.ONE_TO_ONE and (follow_ups or agreed) and not kept:
        _suggestions(db, user, entry, person_id, follow_ups, agreed)
    else:
        _blank(db, user, entry, person_id, start=len(follow_ups) + len(agreed) + len(kept))
    _show_refusal()


def _person_met(db: Handle, user: User, entry: Entry) -> str | None:
    """Link a 1-to-1 to the person its 'who' names (or offer to add them); let the person choose someone else."""
    linked = people.people_of_entry(db, user.id, entry.id)
    name = people.who(entry)
    matched = f"actions.matched.{entry.id}"  # linked by name once; after that, the person's own choice stands
    if not linked and not st.session_state.get(matched) and (same := people.match(db, user.id, name)) is not None:
        people.link(db, user.id, entry.id, same.id)
        linked = [same.id]
    st.session_state[matched] = True
    everyone = people.people(db, user.id)
    if not linked and name:
        st.markdown("**You met someone new to your list:**")
        show_text(name)
        found = people.findings(name)
        for finding in found:
            show_text(f"{finding.kind}: {finding.excerpt}", "warning", icon=":material/privacy_tip:")
            st.caption(finding.why)
        st.button(
            "Add them to People you meet" if not found else "Add them as written",
            key=f"actions.add_person.{entry.id}",
            icon=":material/person_add:",
            on_click=_add_person,
            args=(db, user.id, entry.id, name),
        )
    if everyone:
        ids = [_NOBODY, *(p.id for p in everyone)]
        names = {p.id: p.name for p in everyone}
        current = linked[0] if linked else _NOBODY
        st.selectbox(
            "This 1-to-1 was with",
            ids,
            index=ids.index(current) if current in ids else 0,
            format_func=lambda pid: names.get(pid, "Nobody from your list"),  # their words, in a select's text
            key=f"actions.person.{entry.id}",
            on_change=_choose_person,
            args=(db, user.id, entry.id),
        )
    return linked[0] if linked else None


def _add_person(db: Handle, user_id: str, entry_id: str, name: str) -> None:
    try:
        added = people.add_person(db, user_id, name)
    except PeopleError as exc:
        _refused(exc)
        return
    people.relink(db, user_id, entry_id, added.id)  # and the actions already kept from it go with them


def _choose_person(db: Handle, user_id: str, entry_id: str) -> None:
    chosen = st.session_state.get(f"actions.person.{entry_id}")
    people.relink(db, user_id, entry_id, chosen or None)


def _suggestions(
    db: Handle, user: User, entry: Entry, person_id: str | None, follow_ups: list[str], agreed: list[str]
) -> None:
    """Each follow-up line (ticked) and each line agreed (offered), editable, with an optional 'by when'."""
    lines = [(text, True) for text in follow_ups] + [(text, False) for text in agreed]
    with st.form(key=f"actions.suggested.{entry.id}", border=False):
        st.markdown(
            "**Your follow-ups, as actions.** Edit any of them, give it a 'by when' if you like, and keep them."
        )
        for n, (text, ticked) in enumerate(lines):
            cols = st.columns([1, 6, 3], vertical_alignment="bottom")
            cols[0].checkbox("Keep", value=ticked, key=f"actions.s.{entry.id}.{n}.on")
            cols[1].text_input("Action", value=text, max_chars=people.MAX_ACTION_CHARS, key=f"actions.s.{entry.id}.{n}")
            cols[2].date_input(
                "By when (optional)", value=None, key=f"actions.s.{entry.id}.{n}.due", format="DD/MM/YYYY"
            )
        st.form_submit_button(
            "Keep these actions",
            icon=":material/playlist_add_check:",
            on_click=_keep_suggested,
            args=(db, user.id, entry, person_id, len(lines)),
        )


def _keep_suggested(db: Handle, user_id: str, entry: Entry, person_id: str | None, count: int) -> None:
    chosen: list[tuple[int, str, date | None]] = []
    for n in range(count):
        key = f"actions.s.{entry.id}.{n}"
        if st.session_state.get(f"{key}.on") and str(st.session_state.get(key, "")).strip():
            chosen.append((n, st.session_state[key], st.session_state.get(f"{key}.due")))
    try:
        for n, text, due in chosen:
            people.add_action(
                db, user_id, text, due=due, entry_id=entry.id, person_id=person_id, action_id=_action_id(entry, n)
            )
    except PeopleError as exc:
        _refused(exc)


def _blank(db: Handle, user: User, entry: Entry, person_id: str | None, start: int) -> None:
    """'Add an action': one, blank, with an optional 'by when'; as many as the person likes, one at a time."""
    key = f"actions.b.{entry.id}"
    with st.form(key=key, border=False, clear_on_submit=False):
        cols = st.columns([6, 3], vertical_alignment="bottom")
        cols[0].text_input(
            "Add an action",
            max_chars=people.MAX_ACTION_CHARS,
            placeholder="Something small you'll do next",
            key=f"{key}.text",
        )
        cols[1].date_input("By when (optional)", value=None, key=f"{key}.due", format="DD/MM/YYYY")
        st.form_submit_button(
            "Add an action", icon=":material/add_task:", on_click=_add_blank, args=(db, user.id, entry, person_id)
        )


def _add_blank(db: Handle, user_id: str, entry: Entry, person_id: str | None) -> None:
    key = f"actions.b.{entry.id}"
    try:
        people.add_action(
            db, user_id, st.session_state.get(f"{key}.text", ""), due=st.session_state.get(f"{key}.due"),
            entry_id=entry.id, person_id=person_id,
        )  # fmt: skip
    except PeopleError as exc:
        _refused(exc)
        return
    st.session_state[f"{key}.text"] = ""
    st.session_state[f"{key}.due"] = None


# -- on Write: the open actions ------------------------------------------------------------------------------
def open_actions(db: Handle, user: User, lib: Library) -> None:
    """On Write: the person's open actions, each to tick done or let go; a done one can be marked a win."""
    opens = people.open_actions(db, user.id)
    closed = people.closed_actions(db, user.id)
    if not opens and not closed:
        return
    names = {p.id: p.name for p in people.people(db, user.id)}
    today = clock.today()
    with st.container(border=True, key="open-actions"):
        st.markdown(f"**Your actions** · {plural(len(opens), 'open')}" if opens else "**Your actions** · all done")
        _show_refusal()
        if len(opens) > _SHOWN_OPEN:
            with st.expander(f"{plural(len(opens), 'open action')}, those with a 'by when' first"):
                _open_list(db, user, opens, names, today)
        else:
            _open_list(db, user, opens, names, today)
        if closed:
            with st.expander(f"Done and let go ({len(closed)})", key="actions-closed"):
                _closed_list(db, user, lib, closed)


def _line(a: ActionRow, names: dict[str, str]) -> str:
    who = names.get(a.person_id or "")
    kind = {"intro_asked": "Introduction asked for: ", "intro_offered": "Introduction offered: "}.get(a.kind, "")
    return f"{kind}{a.text}" + (f" (with {who})" if who else "")


def _open_list(db: Handle, user: User, opens: list[ActionRow], names: dict[str, str], today: date) -> None:
    for a in opens:
        cols = st.columns([6, 1.4, 1.4], vertical_alignment="center")
        with cols[0]:
            st.text(_line(a, names))  # their words, as text
            if when := people.when_due(a, today):
                st.caption(when)
        cols[1].button("Done", key=f"actions.done.{a.id}", icon=":material/check:", on_click=_change,
                       args=(people.mark_done, db, user.id, a.id))  # fmt: skip
        cols[2].button("Let go", key=f"actions.let_go.{a.id}", on_click=_change,
                       args=(people.let_go, db, user.id, a.id))  # fmt: skip


def _closed_list(db: Handle, user: User, lib: Library, closed: list[ActionRow]) -> None:
    st.caption("Done or let go in the last 30 days. Any can be opened again; a done one can be kept as a win.")
    for a in closed:
        cols = st.columns([4, 2, 2.6], vertical_alignment="center")
        with cols[0]:
            st.text(a.text)
            st.caption("Done" if a.done_at else "Let go, and that's fine")
        cols[1].button("Open again", key=f"actions.reopen.{a.id}", on_click=_change,
                       args=(people.reopen, db, user.id, a.id))  # fmt: skip
        if a.done_at is not None and a.win_entry_id is None:
            cols[2].button("Mark as a win", key=f"actions.win.{a.id}", icon=":material/celebration:",
                           on_click=_win, args=(db, user.id, a.id, lib))  # fmt: skip
        elif a.win_entry_id is not None:
            if cols[2].button("See the win", key=f"actions.see.{a.id}"):
                nav.open_entry(a.win_entry_id)


def _change(change: Callable[[Handle, str, str], None], db: Handle, user_id: str, action_id: str) -> None:
    try:
        change(db, user_id, action_id)
    except PeopleError as exc:
        _refused(exc)


def _win(db: Handle, user_id: str, action_id: str, lib: Library) -> None:
    try:
        people.mark_win(db, user_id, action_id, lib)
    except (PeopleError, ValueError) as exc:
        st.session_state[_ERROR] = str(exc)
        return
    session.flash("celebrate", "Kept as a win: you'll find it on Wins. Small steps add up.")


def on_entry(db: Handle, user: User, lib: Library, entry: Entry) -> None:
    """On Journal, an entry open to read: the same as 'What next?', folded away until wanted."""
    with st.expander("Actions from this entry", icon=":material/add_task:", key=f"actions-entry-{entry.id}"):
        from_entry(db, user, lib, entry)
