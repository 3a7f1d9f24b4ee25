"""The CPD log on the Revalidation page: add an activity, see the log, change or remove one (to the trash)."""

from __future__ import annotations

from datetime import date

import streamlit as st

from journal.accounts import User
from journal.content import regulators
from journal.content.library import Library
from journal.reflect import cpd, debriefs, entries, profession
from journal.reflect.cpd import Activity, ActivityRow, CpdError
from journal.reflect.entries import SearchFilter, Summary
from journal.reflect.reflective_account import CODE_THEMES
from journal.store import Handle
from journal.text.snippets import cut as snippet
from journal.text.words import nice_date, plural
from journal.ui import nav, resources
from journal.ui.widgets import show_text

_K = "cpd"  # every widget key here starts with this
_FIELDS = (
    "day", "hours", "minutes", "participatory", "method", "own_method", "topic", "theme", "type", "learned", "entry",
)  # fmt: skip
_ENTRIES = 30  # recent entries offered as where an activity grew from
_EDITING = f"{_K}.editing"  # the id of the activity the form is changing, or absent for a new one
_ERROR = f"{_K}.error"
_DONE = f"{_K}.done"
_YES, _NO = "Yes", "No"
_NONE = ""  # an optional choice not made (a selectbox shows its placeholder for None, not our words)


def _key(name: str) -> str:
    return f"{_K}.{name}"


def _blank(today: date) -> dict[str, object]:
    return {
        "day": today, "hours": 1, "minutes": 0, "participatory": _NO, "method": regulators.load().cpd_methods[0].id,
        "own_method": "", "topic": "", "theme": _NONE, "type": _NONE, "learned": "", "entry": _NONE,
    }  # fmt: skip


def _fill(values: dict[str, object]) -> None:
    for name in _FIELDS:
        st.session_state[_key(name)] = values[name]


def _from_row(row: ActivityRow) -> dict[str, object]:
    listed = cpd.is_listed(row.method)
    return {
        "day": row.done_on, "hours": row.minutes // 60, "minutes": row.minutes % 60,
        "participatory": _YES if row.participatory else _NO, "method": row.method if listed else cpd.OTHER,
        "own_method": "" if listed else row.method, "topic": row.topic, "theme": row.code_theme or _NONE,
        "type": row.learning_type or _NONE, "learned": row.learned, "entry": row.entry_id or _NONE,
    }  # fmt: skip


def _typed() -> Activity:
    """What the form holds now, as an activity to check (nothing is kept yet)."""
    s = st.session_state
    method = s[_key("method")]
    return Activity(
        done_on=s[_key("day")],
        minutes=int(s[_key("hours")] or 0) * 60 + int(s[_key("minutes")] or 0),
        participatory=s[_key("participatory")] == _YES,
        method=(s[_key("own_method")].strip() or cpd.OTHER) if method == cpd.OTHER else method,
        topic=s[_key("topic")],
        code_theme=s[_key("theme")] or None,
        learning_type=s[_key("type")] or None,
        learned=s[_key("learned")],
        entry_id=s.get(_key("entry")) or None,
    )


def _keep(db: Handle, user: User, today: date) -> None:
    """'Keep it': a new activity, or the one being changed; on refusal the typed values stay and the reason shows."""
    editing = st.session_state.get(_EDITING)
    try:
        if st.session_state.get(_key("day")) is None:
            raise CpdError("Please choose the day you did it: today or earlier.")
        if editing:
            cpd.change(db, user.id, editing, _typed())
        else:
            cpd.add(db, user.id, _typed())
    except CpdError as exc:
        st.session_state[_ERROR] = str(exc)
        return
    st.session_state[_DONE] = "Changed in your log." if editing else "Kept in your log. Small steps add up."
    st.session_state.pop(_EDITING, None)
    _fill(_blank(today))


def _start_change(row: ActivityRow) -> None:
    st.session_state[_EDITING] = row.id
    _fill(_from_row(row))


def _cancel(today: date) -> None:
    st.session_state.pop(_EDITING, None)
    _fill(_blank(today))


def _remove(db: Handle, user: User, activity_id: str) -> None:
    if cpd.remove(db, user.id, activity_id):
        st.session_state[_DONE] = "Moved to recently removed below: you can put it back."
    if st.session_state.get(_EDITING) == activity_id:
        st.session_state.pop(_EDITING, None)


def _restore(db: Handle, user: User, activity_id: str) -> None:
    if cpd.restore(db, user.id, activity_id):
        st.session_state[_DONE] = "Back in your log."


def _delete(db: Handle, user: User, activity_id: str) -> None:
    if cpd.delete_for_good(db, user.id, activity_id):
        st.session_state[_DONE] = "Deleted for good."


def _theme_label(theme: str) -> str:
    return "Not chosen" if theme == _NONE else cpd.theme_name(theme)


def _type_label(kind: str) -> str:
    if kind == _NONE:
        return "Not chosen"
    found = next(t for t in regulators.load().hcpc.learning_types if t.id == kind)
    return f"{found.name} ({found.examples.rstrip('.')})"


def _grew_from(db: Handle, user: User, lib: Library) -> None:
    """A new activity may grow from one of the person's recent entries (their words: the options are text)."""
    found, _ = entries.search(db, user.id, SearchFilter(), limit=_ENTRIES)
    recent = {s.id: s for s in found if s.snippet.strip() and s.template != debriefs.TEMPLATE}  # never a raw debrief
    if st.session_state.get(_key("entry")) not in (_NONE, *recent):
        st.session_state[_key("entry")] = _NONE
    if not recent:
        return
    st.selectbox(
        "This grew from an entry (optional)",
        [_NONE, *recent],
        key=_key("entry"),
        format_func=lambda i: "None of them" if i == _NONE else _describe(lib, recent[i]),
    )


def _describe(lib: Library, item: Summary) -> str:
    return f"{nice_date(item.entry_date)} · {lib.template_name(item.template)} · {snippet(item.snippet, 60)}"


def _form(db: Handle, user: User, today: date, regulator: str | None) -> None:
    words = regulators.load()
    for name, value in _blank(today).items():
        st.session_state.setdefault(_key(name), value)
    editing = st.session_state.get(_EDITING)
    with st.container(border=True):
        st.markdown("**Change this activity**" if editing else "**Add an activity**")
        left, mid, right = st.columns([2, 1, 1])
        left.date_input("The day you did it", key=_key("day"), max_value=today, format="DD/MM/YYYY")
        mid.number_input("Hours", min_value=0, max_value=cpd.MAX_MINUTES // 60, step=1, key=_key("hours"))
        right.number_input("Minutes", min_value=0, max_value=59, step=5, key=_key("minutes"))
        st.radio("Was it participatory?", [_YES, _NO], key=_key("participatory"), horizontal=True)
        st.caption(
            "Participatory means learning with other people, in person or online: a workshop, a course with others, "
            "a discussion. Reading or e-learning on your own isn't, and still counts towards your hours."
        )
        methods = {m.id: m.name for m in words.cpd_methods}
        st.selectbox("How you learnt", list(methods), key=_key("method"), format_func=methods.__getitem__)
        if st.session_state[_key("method")] == cpd.OTHER:
            st.text_input("In your own words, how you learnt", key=_key("own_method"), max_chars=cpd.MAX_METHOD_CHARS)
        st.text_input("What it was about (the topic)", key=_key("topic"), max_chars=cpd.MAX_TOPIC_CHARS)
        theme = lambda: st.selectbox(  # noqa: E731
            "The Code's theme it touched (optional)",
            [_NONE, *(t.id for t in CODE_THEMES)],
            key=_key("theme"),
            format_func=_theme_label,
        )
        kind = lambda: st.selectbox(  # noqa: E731
            "The HCPC's type of learning (optional)",
            [_NONE, *(t.id for t in words.hcpc.learning_types)],
            key=_key("type"),
            format_func=_type_label,
        )
        for ask in (kind, theme) if regulator == regulators.HCPC else (theme, kind):
            ask()
        st.text_area("What you learnt (optional)", key=_key("learned"), max_chars=cpd.MAX_LEARNED_CHARS, height=100)
        if not editing:  # where it grew from is kept as it was when it is changed
            _grew_from(db, user, resources.library())
        if (problem := st.session_state.pop(_ERROR, None)) is not None:
            show_text(problem, "error")
        buttons = st.container(horizontal=True)
        buttons.button(
            "Keep it", key=_key("keep"), type="primary", on_click=_keep, args=(db, user, today), icon=":material/add:"
        )
        if editing:
            buttons.button("Cancel", key=_key("cancel"), on_click=_cancel, args=(today,))


def _row(row: ActivityRow, *, removed: bool, db: Handle, user: User) -> None:
    with st.container(border=True):
        facts = [f"**{nice_date(row.done_on)}**", f"{cpd.hours(row.minutes)} h"]
        facts.append("participatory" if row.participatory else "on your own")
        if row.code_theme:
            facts.append(cpd.theme_name(row.code_theme))
        if row.learning_type:
            facts.append(cpd.learning_type_name(row.learning_type))
        st.markdown(" · ".join(facts))  # our own words only
        show_text(f"{cpd.method_name(row.method)} · {row.topic}")  # their words, as text
        if row.learned:
            show_text(row.learned)
        row_of = st.container(horizontal=True)
        if removed:
            row_of.button("Restore", key=_key(f"restore.{row.id}"), on_click=_restore, args=(db, user, row.id))
            row_of.button("Delete for good", key=_key(f"delete.{row.id}"), on_click=_delete, args=(db, user, row.id))
        else:
            row_of.button("Change", key=_key(f"change.{row.id}"), on_click=_start_change, args=(row,))
            row_of.button("Remove", key=_key(f"remove.{row.id}"), on_click=_remove, args=(db, user, row.id))
            if row.entry_id and row_of.button("Open the entry it grew from", key=_key(f"entry.{row.id}")):
                nav.open_entry(row.entry_id)


def totals_line(rows: list[ActivityRow], since: date, regulator: str | None) -> str:
    """'Since 26 Nov 2023: 22 hours, 12 of them participatory (the NMC asks for 35, 20 participatory).'"""
    made = cpd.totals(rows)
    line = (
        f"Since {nice_date(since)}: {cpd.hours(made.minutes)} hours, "
        f"{cpd.hours(made.participatory_minutes)} of them participatory"
    )
    if regulator == regulators.NMC:
        nmc = regulators.load().nmc
        line += f" (the NMC asks for {nmc.cpd_hours}, {nmc.participatory_hours} of them participatory)"
    return line + f", in {plural(len(rows), 'activity', 'activities')}."


def show(db: Handle, user: User, today: date, regulator: str | None) -> None:
    """The log, with the fields this regulator asks for shown first (the Code's theme for the NMC, the type of
    learning for the HCPC); every field is offered whatever the regulator."""
    st.subheader("Your CPD log")
    if (done := st.session_state.pop(_DONE, None)) is not None:
        st.success(done, icon=":material/check:")
    _form(db, user, today, regulator)
    since = profession.period_start(profession.get(db, user.id).renewal_on, cpd.period_years(regulator), today)
    live = cpd.activities(db, user.id)
    st.markdown(totals_line([a for a in live if a.done_on >= since], since, regulator))
    if not live:
        st.caption("Nothing in your log yet. A course, a reflective discussion, an hour's reading: each one counts.")
    for row in live:
        _row(row, removed=False, db=db, user=user)
    if removed := cpd.trashed(db, user.id):
        with st.expander(f"Recently removed ({len(removed)})", icon=":material/delete:"):
            for row in removed:
                _row(row, removed=True, db=db, user=user)
