"""Check-backs: "look back on this in 3 days / in 4 weeks", as an event in the person's own calendar whose link
opens a short follow-up already linked to the entry; the same for a coaching session and a group's regroup.
Harbour itself sends nothing.
"""

from __future__ import annotations

from datetime import date, time, timedelta
from urllib.parse import urlsplit

import streamlit as st

from journal import clock
from journal.accounts import User
from journal.content import support
from journal.content.library import Library
from journal.reflect import checkbacks as looks
from journal.reflect import entries
from journal.reflect.checkbacks import CheckBackError, Planned
from journal.reflect.entries import Entry, EntryInput
from journal.store import Handle
from journal.text.words import nice_date
from journal.together import coaching
from journal.together.groups import membership
from journal.ui import nav, nhs_support, web, when
from journal.ui.entry_form import OpenForm
from journal.ui.widgets import show_entry, show_text

_LOCAL = "http://localhost:8501"  # only when the browser's address isn't known (never in a real session)
COACHING_OPEN, COACHING_OTHERS_OPEN, GROUPS_OPEN = "coaching.open", "coaching_others.open", "groups.open"


def address(check_back_id: str) -> str:
    """The link in the calendar event: Harbour's own address (and base path) with /?checkback=<id>."""
    url = st.context.url
    parts = urlsplit(url) if isinstance(url, str) else None
    origin = f"{parts.scheme}://{parts.netloc}" if parts is not None and parts.netloc else _LOCAL
    return looks.link(origin + web.base_path(), check_back_id)


def _open_other(db: Handle, user: User, kind: str, about_id: str) -> None:
    """A coaching session's or a regroup's link: that coaching or group, if the person is still part of it."""
    if kind == "coaching":
        if any(c.id == about_id for c in coaching.coaches(db, user.id)):
            st.session_state[COACHING_OPEN] = about_id
            nav.go(nav.COACHING)
        if any(c.id == about_id for c in coaching.mentees(db, user.id)):
            st.session_state[COACHING_OTHERS_OPEN] = about_id
            nav.go(nav.COACHING_OTHERS)
        show_text("That coaching has ended or isn't yours any more, so there is nothing to open.", "info")
    else:
        if any(m.group.id == about_id and not m.pending for m in membership.my_groups(db, user.id)):
            st.session_state[GROUPS_OPEN] = about_id
            nav.go(nav.GROUPS)
        show_text("You aren't in that group any more, so there is nothing to open.", "info")


def take_link(db: Handle, user: User, lib: Library) -> tuple[OpenForm, EntryInput] | None:
    """For Write: the follow-up a calendar event's link (/?checkback=<id>) asks to open, once; None if none."""
    asked = st.query_params.get(looks.LINK)
    if asked is None:
        return None
    del st.query_params[looks.LINK]
    try:
        row = looks.get(db, user.id, asked)
        if row.kind != "entry":
            _open_other(db, user, row.kind, row.about_id)
            return None
        row, follow_up = looks.open_entry(db, user.id, asked)
    except CheckBackError as exc:
        show_text(str(exc), "info")
        return None
    form = OpenForm(follow_up, looks.TEMPLATE)
    draft = next((d for d in entries.drafts(db, user.id) if d.entry_id == follow_up), None)
    return form, draft.input if draft is not None else EntryInput.blank(lib.template(looks.TEMPLATE))


def _look_now(check_back_id: str) -> None:
    st.query_params[looks.LINK] = check_back_id  # the same way in as the calendar's link, on the rerun


def _not_now(db: Handle, user: User, check_back_id: str) -> None:
    try:
        looks.dismiss(db, user.id, check_back_id)
    except CheckBackError as exc:
        st.session_state["checkbacks.refused"] = str(exc)


def due(db: Handle, user: User, lib: Library) -> None:
    """On Write: look-backs planned for today or earlier and not yet written, to open or set aside."""
    if refused := st.session_state.pop("checkbacks.refused", None):
        show_text(refused, "error")
    waiting = looks.due(db, user.id)
    if not waiting:
        return
    with st.container(border=True, key="checkbacks-due"):
        st.markdown("**A look back you planned**")
        for row, entry in waiting:
            cols = st.columns([3, 1, 1], vertical_alignment="center")
            cols[0].caption(f"{lib.template_name(entry.template)} · {nice_date(entry.entry_date)}")
            cols[1].button(
                "Look back now", key=f"checkbacks.now.{row.id}", type="primary", on_click=_look_now, args=(row.id,)
            )
            cols[2].button("Not now", key=f"checkbacks.not_now.{row.id}", on_click=_not_now, args=(db, user, row.id))


def context(db: Handle, user: User, lib: Library, form: OpenForm) -> None:
    """Above an open form that is a look back: the entry it looks back on, as text."""
    if form.template != looks.TEMPLATE:
        return
    row = looks.answering(db, user.id, form.entry_id)
    original = looks.original(db, user.id, row) if row is not None else None
    if original is None:
        return
    with st.container(border=True, key="checkbacks-original"):
        st.caption("Looking back on what you wrote then")
        show_entry(lib, original, when.zone(db, user.id))
    nhs_support.looking_back(original)  # after a distressing event: where to find someone to talk to


def _keep(db: Handle, user: User, planned: Planned) -> None:
    looks.keep(db, user.id, planned)


def _download(db: Handle, user: User, planned: Planned, label: str, key: str, kind: str = "secondary") -> None:
    st.download_button(
        label,
        data=looks.ics(planned, address(planned.id)),
        file_name=looks.file_name(planned),
        mime="text/calendar",
        key=key,
        type=kind,  # type: ignore[arg-type]
        icon=":material/event:",
        on_click=_keep,
        args=(db, user, planned),
    )


def offer(db: Handle, user: User, lib: Library, entry: Entry) -> None:
    """In Write's 'What next?' after a save: plan a look back on this entry (a calendar file to download)."""
    if entry.template == looks.TEMPLATE:
        return
    try:
        choices = [looks.plan_entry(db, user.id, entry, days) for days in looks.IN_DAYS]
    except CheckBackError:
        return
    hard_day = entry.template in ("setback", nhs_support.AFTER_EVENT)
    if entry.template == nhs_support.AFTER_EVENT:  # both look backs, at the timing TRiM uses, with reviewed words
        words = support.content().after_event
        st.markdown(f"**{words.heading}**")
        st.caption(words.look_back)
    elif hard_day:
        st.markdown("**Look back on this, a little later**")
        st.caption(
            "A setback is a comma, not a full stop. Put a short look back in your own calendar: it opens here, "
            "beside what you wrote today. The event says only \u201cLook back\u201d."
        )
    else:
        st.caption("Look back on this later: a calendar event that opens it here (it says only \u201cLook back\u201d).")
    cols = st.columns(len(choices))
    for col, planned, days in zip(cols, choices, looks.IN_DAYS, strict=True):
        with col:
            label = f"Look back {looks.in_days_label(days)}"
            _download(
                db, user, planned, label, f"checkbacks.offer.{entry.id}.{days}", "primary" if hard_day else "secondary"
            )
            if looks.kept(db, user.id, planned.id):
                st.caption(f"In your calendar file for {nice_date(planned.due_on)}.")


def saved(db: Handle, user: User, entry: Entry) -> None:
    """After any save on Write: if it answered a look back, record that."""
    if entry.template == looks.TEMPLATE:
        looks.answered(db, user.id, entry)


def plan_on_a_day(db: Handle, user: User, kind: str, about_id: str, heading: str, key: str) -> None:
    """A coaching session's or a group's regroup date (and time) as an event in the person's own calendar, whose
    link opens it here again."""
    with st.expander(heading, icon=":material/event:"):
        cols = st.columns(2)
        day = cols[0].date_input("Day", value=None, min_value=clock.today(), key=f"{key}.day")
        at = cols[1].time_input("Time", value=time(10, 0), step=timedelta(minutes=15), key=f"{key}.at")
        if not isinstance(day, date):
            st.caption("Choose the day, and Harbour makes a calendar file for it.")
            return
        try:
            planned = looks.plan_on(db, user.id, kind, about_id, day, at)
        except CheckBackError as exc:
            show_text(str(exc), "error")
            return
        _download(db, user, planned, "Add to your calendar", f"{key}.ics")
        st.caption("The event holds no names or notes; its link opens this page again.")
