"""People you meet, drawn: the private list, one person open, adding and editing with the identifiability check."""

from __future__ import annotations

from datetime import date

import streamlit as st

from journal import clock
from journal.accounts import User
from journal.content.library import Library
from journal.reflect import people
from journal.reflect.people import PeopleError, PersonRow
from journal.store import Handle
from journal.text.words import nice_date, plural
from journal.ui import nav, session
from journal.ui.widgets import show_text, verbatim

OPEN = "people.open"  # the id of the person open on the page
_WARNED = "people.warned"  # (which form, name, cares) the identifiability warning is showing for
_KEPT = "people.kept"  # (which form, name, cares) the person chose to keep as written
_ERROR = "people.error"
_INTRO_KINDS = {"intro_asked": "An introduction I asked for", "intro_offered": "An introduction I offered"}


def last_met(row: PersonRow, today: date) -> str:
    if row.last_met is None:
        return "No 1-to-1 written about yet"
    days = (today - row.last_met).days
    if days <= 0:
        return "Last met today"
    return f"Last met {nice_date(row.last_met)} ({plural(days, 'day')} ago)"


# -- adding and editing, with the identifiability check -----------------------------------------------------
def _save(db: Handle, user_id: str, form: str, name: str, cares: str) -> None:
    try:
        if form == "add":
            added = people.add_person(db, user_id, name, cares)
            st.session_state[OPEN] = added.id
            for key in ("people.add.name", "people.add.cares"):
                st.session_state[key] = ""
            session.flash("success", "Added to your list. Only you can see it.")
        else:
            people.edit_person(db, user_id, form, name, cares)
            session.flash("success", "Saved.")
    except PeopleError as exc:
        st.session_state[_ERROR] = str(exc)
        return
    st.session_state.pop(_WARNED, None)


def _submitted(db: Handle, user_id: str, form: str, name_key: str, cares_key: str) -> None:
    """Save, unless the words may identify someone and the person hasn't yet chosen to keep them as written."""
    name, cares = st.session_state.get(name_key, ""), st.session_state.get(cares_key, "")
    if people.findings(name, cares) and st.session_state.get(_KEPT) != (form, name, cares):
        st.session_state[_WARNED] = (form, name, cares)
        return
    _save(db, user_id, form, name, cares)


def _keep(db: Handle, user_id: str, form: str, name: str, cares: str) -> None:
    st.session_state[_KEPT] = (form, name, cares)
    _save(db, user_id, form, name, cares)


def _warning(db: Handle, user: User, form: str) -> None:
    """Say what may identify someone and why; let the person edit, or keep it as written."""
    warned = st.session_state.get(_WARNED)
    if not warned or warned[0] != form:
        return
    _, name, cares = warned
    with st.container(border=True, key=f"people-warning-{'add' if form == 'add' else 'edit'}"):
        st.warning(
            "Before you keep this: some of it may identify someone. This list is safest with a first name or "
            "initials, and what they care about in your own words, should it ever be seen by someone else.",
            icon=":material/privacy_tip:",
        )
        for finding in people.findings(name, cares):
            st.text(f"{finding.kind}: {finding.excerpt}")  # their words, as text
            st.caption(finding.why)
        left, right = st.columns(2)
        left.button("Edit my text", key=f"people.edit_text.{form}", icon=":material/edit:",
                    on_click=st.session_state.pop, args=(_WARNED, None))  # fmt: skip
        right.button("Keep it as written", key=f"people.keep.{form}", on_click=_keep,
                     args=(db, user.id, form, name, cares))  # fmt: skip


def _errors() -> None:
    if (message := st.session_state.pop(_ERROR, None)) is not None:
        show_text(message, "error", icon=":material/info:")


def add_form(db: Handle, user: User, *, expanded: bool) -> None:
    with st.expander("Add someone you've met", expanded=expanded, icon=":material/person_add:"):
        with st.form("people.add", border=False):
            st.text_input(
                "First name or initials", max_chars=people.MAX_NAME_CHARS, key="people.add.name",
                help="A first name or initials is plenty: never anything that could identify them.",
            )  # fmt: skip
            st.text_area("What do they care about? (optional)", key="people.add.cares", height=90)
            st.form_submit_button("Add", icon=":material/add:", on_click=_submitted,
                                  args=(db, user.id, "add", "people.add.name", "people.add.cares"))  # fmt: skip
        _warning(db, user, "add")


# -- the list ---------------------------------------------------------------------------------------------
def empty_state() -> None:
    st.info(
        "Building relationships is key, and it takes many conversations. This is your private list of the people "
        "you meet, by first name or initials: when you last met, what they care about, the introductions you "
        "asked for and offered, and your follow-ups. Add someone below, or write \u201cAfter a 1-to-1\u201d on "
        "Write and Harbour will offer to add the person you met.",
        icon=":material/people:",
    )


def listing(rows: list[PersonRow], today: date) -> None:
    st.caption(f"{plural(len(rows), 'person', 'people')} · private to you, never shared with a group")
    for row in rows:
        with st.container(border=True):
            cols = st.columns([5, 1.4], vertical_alignment="center")
            with cols[0]:
                st.markdown(f"**{verbatim(row.name)}**")
                st.caption(last_met(row, today))
            cols[1].button("Open", key=f"people.open.{row.id}", on_click=st.session_state.__setitem__,
                           args=(OPEN, row.id))  # fmt: skip


# -- one person open ----------------------------------------------------------------------------------------
def person(db: Handle, user: User, lib: Library, row: PersonRow) -> None:
    today = clock.today()
    st.button("Back to everyone", key="people.back", icon=":material/arrow_back:",
              on_click=st.session_state.pop, args=(OPEN, None))  # fmt: skip
    with st.container(border=True, key="person-open"):
        st.subheader(verbatim(row.name), anchor=False)
        st.caption(last_met(row, today))
        st.markdown("**What they care about**")
        show_text(row.cares_about or "Nothing noted yet.")
        _errors()
        with st.expander("Edit name and what they care about", icon=":material/edit:"):
            with st.form(f"people.edit.{row.id}", border=False):
                st.text_input("First name or initials", value=row.name, max_chars=people.MAX_NAME_CHARS,
                              key=f"people.edit.{row.id}.name")  # fmt: skip
                st.text_area("What do they care about?", value=row.cares_about, key=f"people.edit.{row.id}.cares")
                st.form_submit_button("Save", icon=":material/save:", on_click=_submitted,
                                      args=(db, user.id, row.id, f"people.edit.{row.id}.name",
                                            f"people.edit.{row.id}.cares"))  # fmt: skip
        _warning(db, user, row.id)
        _introductions(db, user, row)
        _their_actions(db, user, row)
        _entries(db, user, lib, row)
        st.button("Move to the trash", key=f"people.trash.{row.id}", icon=":material/delete:",
                  on_click=_trash, args=(db, user.id, row.id))  # fmt: skip
        st.caption("A person in the trash can be restored from the Trash page; your entries about them stay.")


def _trash(db: Handle, user_id: str, person_id: str) -> None:
    people.trash(db, user_id, person_id)
    st.session_state.pop(OPEN, None)
    session.flash("info", "Moved to the trash. You can restore them from the Trash page.")


def _tick(db: Handle, user_id: str, action_id: str, key: str) -> None:
    try:
        (people.mark_done if st.session_state.get(key) else people.reopen)(db, user_id, action_id)
    except PeopleError as exc:
        st.session_state[_ERROR] = str(exc)


def _introductions(db: Handle, user: User, row: PersonRow) -> None:
    st.markdown("**Introductions** · *who could you connect me to?*")
    intros = [a for a in people.all_actions(db, user.id, person_id=row.id) if a.kind in _INTRO_KINDS]
    intros = [a for a in intros if a.let_go_at is None]
    if not intros:
        st.caption("None yet. Ask who they could connect you to, or offer an introduction of your own.")
    for a in intros:
        key = f"people.intro.{a.id}"
        st.session_state[key] = a.done_at is not None
        st.checkbox("Came through", key=key, on_change=_tick, args=(db, user.id, a.id, key))
        st.text(f"{_INTRO_KINDS[a.kind]}: {a.text}")  # their words, as text
    with st.form(f"people.intro.{row.id}", border=False, clear_on_submit=True):
        kind = st.radio("Which way?", list(_INTRO_KINDS), format_func=_INTRO_KINDS.get, horizontal=True,
                        key=f"people.intro_kind.{row.id}")  # fmt: skip
        text = st.text_input("Introduction to whom, or for what", max_chars=people.MAX_ACTION_CHARS,
                             key=f"people.intro_text.{row.id}")  # fmt: skip
        if st.form_submit_button("Add the introduction", icon=":material/handshake:"):
            try:
                people.add_action(db, user.id, text, kind=kind or "intro_asked", person_id=row.id)
            except PeopleError as exc:
                show_text(str(exc), "error", icon=":material/info:")
            else:
                st.rerun()


def _their_actions(db: Handle, user: User, row: PersonRow) -> None:
    st.markdown("**Your open follow-ups with them**")
    opens = people.open_actions(db, user.id, person_id=row.id, kinds=("follow_up",))
    if not opens:
        st.caption("Nothing open. Follow-ups you keep after a 1-to-1 with them show here, and on Write.")
    for a in opens:
        cols = st.columns([6, 1.4], vertical_alignment="center")
        with cols[0]:
            st.text(a.text)
            if due := people.when_due(a, clock.today()):
                st.caption(due)
        cols[1].button("Done", key=f"people.done.{a.id}", icon=":material/check:",
                       on_click=_tick_done, args=(db, user.id, a.id))  # fmt: skip


def _tick_done(db: Handle, user_id: str, action_id: str) -> None:
    try:
        people.mark_done(db, user_id, action_id)
    except PeopleError as exc:
        st.session_state[_ERROR] = str(exc)


def _entries(db: Handle, user: User, lib: Library, row: PersonRow) -> None:
    st.markdown("**Entries about them**")
    about = people.entries_about(db, user.id, row.id)
    if not about:
        st.caption("None yet. An \u201cAfter a 1-to-1\u201d naming them is linked here when you save it.")
    for entry_id, day, template in about:
        cols = st.columns([5, 1.4], vertical_alignment="center")
        cols[0].caption(f"{nice_date(day)} · {lib.template_name(template)}")
        if cols[1].button("Read", key=f"people.read.{entry_id}"):
            nav.open_entry(entry_id)


# -- the page ---------------------------------------------------------------------------------------------
def page(db: Handle, user: User, lib: Library) -> None:
    rows = people.people(db, user.id)
    opened = st.session_state.get(OPEN)
    row = people.person(db, user.id, opened) if opened else None
    if row is not None and row.deleted_at is None:
        person(db, user, lib, row)
        return
    st.session_state.pop(OPEN, None)
    if not rows:
        empty_state()
    _errors()
    add_form(db, user, expanded=not rows)
    if rows:
        listing(rows, clock.today())


# -- on the Trash page -----------------------------------------------------------------------------------------
def _restore(db: Handle, user_id: str, person_id: str) -> None:
    if people.restore(db, user_id, person_id):
        session.flash("success", "Restored to People you meet.")


def _purge(db: Handle, user_id: str, person_id: str) -> None:
    if people.delete_forever(db, user_id, person_id):
        session.flash("info", "Deleted for good. Your entries about them are still in your journal.")


def trash(db: Handle, user: User) -> None:
    """People in the trash, each to restore or delete for good (their entries stay in the journal)."""
    gone = people.trashed(db, user.id)
    if not gone:
        return
    st.subheader("People you meet", anchor=False)
    for row in gone:
        with st.container(border=True):
            st.markdown(f"**{verbatim(row.name)}**")
            left, right = st.columns(2)
            left.button("Restore", key=f"people.restore.{row.id}", icon=":material/restore_from_trash:",
                        on_click=_restore, args=(db, user.id, row.id))  # fmt: skip
            right.button("Delete for good", key=f"people.purge.{row.id}", on_click=_purge,
                         args=(db, user.id, row.id))  # fmt: skip
    st.subheader("Entries", anchor=False)
