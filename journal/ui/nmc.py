"""NMC revalidation, complete: the progress card, practice hours, feedback, the reflective discussion, the
confirmation checklist and the portfolio PDF.

Everything a person typed is shown with st.text (or show_text), never in markdown or a label. Each form is kept by
its button's callback: what was typed stays on screen when Harbour can't keep it, and is cleared once it is kept.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from functools import partial

import streamlit as st

from journal import clock
from journal.accounts import User
from journal.content import regulators
from journal.content.library import Library
from journal.reflect import entries, nmc, profession, wins
from journal.reflect.nmc import Discussion, DiscussionRow, Feedback, FeedbackRow, HoursRow, NmcError, Portfolio, Stretch
from journal.reflect.reflective_account import CODE_THEMES
from journal.store import Handle, StoreError
from journal.text.words import nice_date, plural
from journal.together import coaching
from journal.together.coaching import Note
from journal.ui import cpd_log, evidence, nav
from journal.ui.widgets import show_text

_ERROR = "nmc.error.{}"  # a form's refusal, shown under it on the next run
_KEPT = "nmc.kept.{}"  # a form's word of thanks after something was kept, shown once under it


def _is_nmc(db: Handle, user: User) -> bool:
    return profession.get(db, user.id).regulator == regulators.NMC


# -- the progress card, on Write and Wins ---------------------------------------------------------------------
def card(db: Handle, user: User, today: date) -> None:
    """The progress card, on Write and Wins, for a person whose regulator is the NMC; nothing for anyone else."""
    if not _is_nmc(db, user):
        return
    p = nmc.portfolio(db, user.id, today)
    with st.container(border=True, key="nmc-card"):
        st.markdown(f"**Your revalidation so far:** {nmc.card_line(p)}.")  # our words and numbers only
        st.caption(nmc.renewal_line(p.period.renewal_on, today))
        nav.link(nav.REVALIDATION, "Revalidation and CPD")


def on_wins(db: Handle, user: User, lib: Library, today: date) -> None:
    """At the top of Wins, for a nurse or midwife: the progress card, and a win to use as practice-related feedback."""
    if not _is_nmc(db, user):
        return
    card(db, user, today)
    found, _ = wins.wins(db, user.id, "all", today, limit=50)
    if not found:
        return
    with st.expander("Use a win as feedback", icon=":material/forum:"):
        st.caption(
            "Praise or a thank-you you were given can count as practice-related feedback for revalidation. Choose "
            "the win, change the words as you like (anonymise them), and keep it."
        )
        options = {item.id: item for item in found}
        chosen = st.selectbox(
            "Win",
            list(options),
            key="nmc.win.chosen",
            format_func=lambda i: f"Your win of {nice_date(options[i].entry_date)}",  # a date, never their words
        )
        entry = entries.get(db, user.id, chosen) if chosen else None
        if entry is not None:
            if any(f.from_entry_id == entry.id for f in nmc.feedback(db, user.id)):
                st.caption("This win is kept as feedback already: keeping it again adds another.")
            _feedback_form(db, user, today, nmc.feedback_from_win(entry, lib), f"nmc.win.{entry.id}")


def note_as_feedback(db: Handle, user: User, me: str, note: Note) -> None:
    """Beside a coach's note on Your coach, for a nurse or midwife: use it as practice-related feedback."""
    if me != "mentee" or note.by != "coach" or not _is_nmc(db, user):
        return
    if any(f.from_note_id == note.id for f in nmc.feedback(db, user.id)):
        st.caption("Kept as practice-related feedback for your revalidation.")
        return
    with st.popover("Use as feedback", icon=":material/forum:"):
        st.caption("Your coach's words can count as practice-related feedback. Only you see what you keep here.")
        start = nmc.feedback_from_note(note.id, note.text, note.created_at)
        _feedback_form(db, user, clock.today(), start, f"nmc.note.{note.id}")


# -- the Revalidation page's NMC part ----------------------------------------------------------------------------
def show(db: Handle, user: User, lib: Library, today: date) -> None:
    """The NMC part of the Revalidation page."""
    tabs = st.tabs(
        ["Progress", "CPD log", "Practice hours", "Feedback", "Reflective discussion", "Checklist", "Portfolio"]
    )
    with tabs[0]:
        _progress(db, user, today)
    with tabs[1]:
        cpd_log.show(db, user, today, regulators.NMC)
    with tabs[2]:
        _hours(db, user, today)
    with tabs[3]:
        _feedback(db, user, today)
    with tabs[4]:
        _discussion(db, user, today)
    with tabs[5]:
        _checklist(db, user)
    with tabs[6]:
        _portfolio(db, user, today)


def _progress(db: Handle, user: User, today: date) -> None:
    p = nmc.portfolio(db, user.id, today)
    st.markdown(f"Counted over {p.period.words()}.")
    for figure in nmc.figures(p):
        mark = ":material/check_circle:" if figure.done else ":material/radio_button_unchecked:"
        st.markdown(f"{mark} **{figure.what}:** {figure.words}")
    st.caption(nmc.encouragement(p))
    st.caption(
        "Practice hours count when the whole stretch falls within these three years: split a stretch at the first "
        "day if only part of it does."
    )


def _outcome(form: str) -> None:
    """Under a form: why it couldn't be kept (its words stay in the form), or our thanks once it was."""
    if (problem := st.session_state.pop(_ERROR.format(form), None)) is not None:
        show_text(problem, "error")
    if (thanks := st.session_state.pop(_KEPT.format(form), None)) is not None:
        st.success(thanks, icon=":material/check_circle:")  # our own words


def _keep(form: str, keys: list[str], thanks: str, action: Callable[[], object]) -> None:
    """A form's callback: keep it, clear the form and say thanks; or keep what was typed and say why not."""
    try:
        action()
    except (NmcError, StoreError) as exc:
        st.session_state[_ERROR.format(form)] = str(exc)
        return
    for key in keys:
        st.session_state.pop(key, None)
    st.session_state[_KEPT.format(form)] = thanks


def _do(action: Callable[..., object], *args: object) -> None:
    action(*args)  # a button's callback: what it answers isn't needed, the page is drawn afresh


def _removable(db: Handle, user: User, kind: type, rows: list, describe: Callable[[object], None], what: str) -> None:
    """Each row with a Remove button, then the recently removed ones with Restore and Delete for good."""
    for row in rows:
        with st.container(border=True):
            describe(row)
            st.button(
                "Remove", key=f"nmc.remove.{row.id}", icon=":material/delete:",
                on_click=_do, args=(nmc.remove, db, kind, user.id, row.id),
            )  # fmt: skip
    gone = nmc.removed(db, kind, user.id)
    if gone:
        with st.expander(f"Recently removed {what} ({len(gone)})"):
            for row in gone:
                with st.container(border=True):
                    describe(row)
                    left, right = st.columns(2)
                    left.button(
                        "Restore", key=f"nmc.restore.{row.id}", icon=":material/restore_from_trash:",
                        on_click=_do, args=(nmc.restore, db, kind, user.id, row.id),
                    )  # fmt: skip
                    right.button(
                        "Delete for good", key=f"nmc.forget.{row.id}", icon=":material/delete_forever:",
                        on_click=_do, args=(nmc.delete_for_good, db, kind, user.id, row.id),
                    )  # fmt: skip


# -- practice hours --------------------------------------------------------------------------------------------
_HOURS = ("first", "last", "hours", "organisation", "setting", "scope", "description")


def _show_stretch(row: object) -> None:
    assert isinstance(row, HoursRow)
    st.markdown(f"**{nice_date(row.started_on)} to {nice_date(row.ended_on)}** · {plural(row.hours, 'hour')}")
    for label, words in (
        ("Organisation", row.organisation),
        ("Work setting", row.work_setting),
        ("Scope of practice", row.scope),
        ("", row.description),
    ):
        if words:
            show_text(f"{label}: {words}" if label else words)


def _hours(db: Handle, user: User, today: date) -> None:
    st.markdown("The NMC asks for 450 practice hours in the three years, kept as a record of where you worked.")
    keys = [f"nmc.hours.{k}" for k in _HOURS]
    with st.form("nmc.hours", clear_on_submit=False, border=True):
        left, right, third = st.columns(3)
        left.date_input("First day", value=None, key=keys[0], max_value=today, format="DD/MM/YYYY")
        right.date_input("Last day", value=None, key=keys[1], max_value=today, format="DD/MM/YYYY")
        third.number_input("Hours", min_value=1, max_value=nmc.MAX_STRETCH_HOURS, step=1, value=None, key=keys[2])
        st.text_input("Organisation", key=keys[3], max_chars=nmc.MAX_SHORT_CHARS)
        left, right = st.columns(2)
        left.text_input(
            "Work setting", key=keys[4], max_chars=nmc.MAX_SHORT_CHARS, placeholder="A ward, the community…"
        )
        right.text_input("Scope of practice", key=keys[5], max_chars=nmc.MAX_SHORT_CHARS)
        st.text_area("A brief description of your work", key=keys[6], max_chars=nmc.MAX_LONG_CHARS, height=90)

        def keep() -> None:
            s = st.session_state
            stretch = Stretch(
                s[keys[0]], s[keys[1]], int(s[keys[2]] or 0), s[keys[3]], s[keys[4]], s[keys[5]], s[keys[6]]
            )
            _keep("hours", keys, "Those hours are kept.", partial(nmc.add_hours, db, user.id, stretch))

        st.form_submit_button("Keep these hours", icon=":material/add:", on_click=keep)
    _outcome("hours")
    rows = nmc.hours(db, user.id)
    st.caption(f"{plural(sum(r.hours for r in rows), 'hour')} kept in {plural(len(rows), 'stretch', 'stretches')}.")
    _removable(db, user, HoursRow, rows, _show_stretch, "hours")


# -- feedback ---------------------------------------------------------------------------------------------------------
_FEEDBACK = ("day", "source", "summary", "changed")


def _feedback_form(db: Handle, user: User, today: date, start: Feedback, prefix: str) -> None:
    """A form for one piece of feedback, prefilled from `start` (empty, a win or a coach's note)."""
    keys = [f"{prefix}.{k}" for k in _FEEDBACK]
    for key, value in zip(keys, (start.received_on, start.source, start.summary, start.changed), strict=True):
        st.session_state.setdefault(key, value)  # prefilled once; the person's edits are kept from then on
    sources = [s.id for s in regulators.load().nmc.feedback_sources]
    with st.form(prefix, clear_on_submit=False, border=True):
        left, right = st.columns(2)
        left.date_input("The day you received it", key=keys[0], max_value=today, format="DD/MM/YYYY")
        right.selectbox("Where it came from", sources, key=keys[1], format_func=nmc.source_name)
        st.text_area("What it said", key=keys[2], max_chars=nmc.MAX_LONG_CHARS, height=110)
        st.text_area("What changed because of it (if you like)", key=keys[3], max_chars=nmc.MAX_LONG_CHARS, height=90)

        def keep() -> None:
            s = st.session_state
            f = Feedback(s[keys[0]], s[keys[1]], s[keys[2]], s[keys[3]], start.from_entry_id, start.from_note_id)
            _keep(
                prefix, keys, "Your feedback is kept for your revalidation.", partial(nmc.add_feedback, db, user.id, f)
            )

        st.form_submit_button("Keep this feedback", icon=":material/add:", on_click=keep)
    _outcome(prefix)


def _show_feedback(row: object) -> None:
    assert isinstance(row, FeedbackRow)
    grew = " · from a win" if row.from_entry_id else " · from your coach's note" if row.from_note_id else ""
    st.markdown(f"**{nice_date(row.received_on)}** · {nmc.source_name(row.source)}{grew}")
    show_text(row.summary)
    if row.changed:
        show_text(f"What changed: {row.changed}")


def _feedback(db: Handle, user: User, today: date) -> None:
    st.markdown(
        "The NMC asks for five pieces of practice-related feedback: from patients, colleagues, students, a team "
        "review, anywhere. A win on Wins, or a note from your coach, can become one too."
    )
    _feedback_form(db, user, today, Feedback(today, "patient", ""), "nmc.feedback")
    rows = nmc.feedback(db, user.id)
    st.caption(plural(len(rows), "piece of feedback", "pieces of feedback") + " kept." if rows else "No feedback yet.")
    _removable(db, user, FeedbackRow, rows, _show_feedback, "feedback")


# -- the reflective discussion ----------------------------------------------------------------------------------
_DISCUSSION = ("day", "name", "pin", "email", "coach", "coaching", "summary")


def _coaching_label(c: coaching.Coaching) -> str:
    return f"Your coach since {nice_date(c.started_at.date())}"  # a date, never their name, in a label


def _discussion(db: Handle, user: User, today: date) -> None:
    st.markdown(
        "The NMC asks you to discuss your reflective accounts with another NMC registrant, who signs a form to "
        "say so. Their name and PIN are kept here for you alone, and printed only in your portfolio PDF."
    )
    keys = [f"nmc.discussion.{k}" for k in _DISCUSSION]
    mine = {c.id: c for c in coaching.coaches(db, user.id)}
    with st.form("nmc.discussion", clear_on_submit=False, border=True):
        st.date_input("The day you met", value=None, key=keys[0], max_value=today, format="DD/MM/YYYY")
        left, right = st.columns(2)
        left.text_input("Your partner's name", key=keys[1], max_chars=nmc.MAX_NAME_CHARS)
        right.text_input("Their NMC PIN", key=keys[2], max_chars=12, placeholder="12A3456B")
        st.text_input("Their email (if you like)", key=keys[3], max_chars=nmc.MAX_NAME_CHARS)
        if mine:
            st.checkbox(
                "My coach in Harbour was my partner",
                key=keys[4],
                help="Only for your own record: your coach never sees this, or anything else on this page.",
            )
            st.selectbox("Which coaching", list(mine), key=keys[5], format_func=lambda i: _coaching_label(mine[i]))
        st.text_area("What you talked about (if you like)", key=keys[6], max_chars=nmc.MAX_LONG_CHARS, height=90)

        def keep() -> None:
            s = st.session_state
            coach = s.get(keys[5]) if s.get(keys[4]) else None
            d = Discussion(s[keys[0]], s[keys[1]], s[keys[2]], s[keys[3]], coach, s[keys[6]])
            _keep(
                "discussion", keys, "Your reflective discussion is noted.", partial(nmc.add_discussion, db, user.id, d)
            )

        st.form_submit_button("Keep this discussion", icon=":material/add:", on_click=keep)
    _outcome("discussion")

    def describe(row: object) -> None:
        assert isinstance(row, DiscussionRow)
        with_coach = " · with your coach" if row.coaching_id else ""
        st.markdown(f"**{nice_date(row.held_on)}**{with_coach}")
        show_text(f"Partner: {row.partner_name} · NMC PIN {row.partner_pin}")  # theirs, as text, shown only to them
        if row.partner_email:
            show_text(f"Email: {row.partner_email}")
        if row.summary:
            show_text(row.summary)

    _removable(db, user, DiscussionRow, nmc.discussions(db, user.id), describe, "discussions")


# -- the confirmation checklist ---------------------------------------------------------------------------------------
def _tick(db: Handle, user: User, item_id: str) -> None:
    nmc.set_checklist(db, user.id, item_id, bool(st.session_state[f"nmc.check.{item_id}"]))


def _checklist(db: Handle, user: User) -> None:
    st.markdown("Before you meet your confirmer: tick each one as it's ready. Each tick is kept at once.")
    done = nmc.ticked(db, user.id)
    for item in regulators.load().nmc.checklist:
        key = f"nmc.check.{item.id}"
        st.session_state[key] = item.id in done  # what is kept, whatever another tab did
        st.checkbox(item.text, key=key, on_change=_tick, args=(db, user, item.id))


# -- the portfolio PDF ----------------------------------------------------------------------------------------------
def _portfolio(db: Handle, user: User, today: date) -> None:
    p: Portfolio = nmc.portfolio(db, user.id, today)
    st.markdown(
        "Your revalidation portfolio on the NMC's headings: practice hours, CPD, feedback, your reflective "
        f"accounts, the reflective discussion and the checklist, counted over {p.period.words()}."
    )
    themes = ", ".join(t.name for t in CODE_THEMES)
    st.caption(f"CPD is listed with its method, topic and the Code's theme ({themes}) where you gave one.")
    if missing := nmc.unprintable(p):
        st.warning("Harbour's font can't print these characters, so they'd be left out of the PDF:")
        st.text(" ".join(missing))
    if evidence.checked_before_download(p.texts(), "nmc.portfolio"):
        st.download_button(
            "Download your portfolio (PDF)",
            nmc.render_pdf(p),
            file_name=nmc.file_name(today),
            mime="application/pdf",
            key="nmc.portfolio.download",
            on_click="ignore",
            type="primary",
            icon=":material/download:",
        )
        st.caption(
            "Your partner's name, PIN and email are printed as you gave them: the NMC's form asks for them. "
            "Harbour doesn't send the PDF anywhere."
        )
