"""Streamlit pieces of the two coaching pages and the Journal's "share with my coach" control.

Names and everything people write are drawn with st.text or in tables: never markdown, never in a label. Only
ids are kept in session state; everything shown is read again, through journal.together.coaching, on every run.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from functools import partial

import pandas as pd
import streamlit as st

from journal import accounts
from journal.accounts import User
from journal.content.library import Library
from journal.patterns import burnout, trends
from journal.reflect import entries
from journal.reflect.entries import Entry, SearchFilter, Summary
from journal.store import Handle, StoreError
from journal.text.identifiable import Finding
from journal.text.snippets import cut as snippet
from journal.text.words import nice_date
from journal.together import coaching
from journal.together.coaching import Coaching
from journal.ui import checkbacks, identity, nmc, own, screen, session
from journal.ui import when as local_time
from journal.ui.widgets import chart_block, show_entry

PENDING = "coaching.pending"  # what the mentee asked to share, waiting for their password: (coaching id, what)
SCOPE_HELP = {
    "share_charts": "Your mood and energy over time, where your days fall, and your year. Never your words, "
    "the tone of your writing, your themes or your tags, and never a debrief's scores.",
    "share_checkins": "The scores of your burnout check-ins, not your answers to each question.",
    "share_wins": "The entries you marked as wins, as your Wins page lists them.",
    "share_entries": "Only the entries you choose, one at a time. Your coach never sees that any others exist.",
    "share_people": "Your list of people you meet: names, what they care about, introductions and when you last "
    "met. Never the entries about them, unless you share those one at a time.",
}
COACH_RANGES = {key: trends.RANGES[key] for key in ("4w", "3m", "1y", "all")}
NOTHING_SHARED = "Nothing is shared with you at the moment. The person you coach chooses what to share, and when."
IDENTIFIABLE = (
    "Before you share: some of this may identify a patient or a colleague. Reflection is safest when nobody in it "
    'can be recognised, and your coach will read it. A first name, initials or "a patient on the ward" is usually '
    "enough to talk about what happened."
)


# -- choosing one relationship ---------------------------------------------------------------
def pick(people: list[Coaching], key: str, name: Callable[[Coaching], str], back: str) -> Coaching | None:
    """One coaching to look at: the only one, or the one chosen from cards (names as plain text, never labels)."""
    chosen = st.session_state.get(key)
    found = next((c for c in people if c.id == chosen), None)
    if found is None and len(people) == 1:
        found = people[0]
    if found is not None:
        if len(people) > 1 and st.button(back, icon=":material/arrow_back:"):
            st.session_state.pop(key, None)
            st.rerun()
        return found
    for c in people:
        with st.container(border=True):
            st.text(name(c))
            st.caption(f"Since {nice_date(c.started_at.date())}" + (f", ended {nice_date(c.ended_at.date())}"
                                                                    if c.ended_at else ""))  # fmt: skip
            if st.button("Open", key=f"{key}.{c.id}"):
                st.session_state[key] = c.id
                st.rerun()
    return None


# -- asking for the password before anything is shared -----------------------------------------
def _confirm(key: str, question: str, found: list[Finding], share: Callable[[accounts.Proof], None], done: str) -> None:
    """The password form (and, for an entry, what may identify someone) that stands between a choice and sharing."""
    with st.container(border=True):
        if found:
            st.warning(IDENTIFIABLE, icon=":material/privacy_tip:")
            for finding in found:
                st.text(f"{finding.kind}: {finding.excerpt}")  # their words, as plain text
                st.caption(finding.why)
        with st.form(key, clear_on_submit=True):
            st.markdown(question)  # our own words
            password = identity.proof(
                f"{key}.password", help="Asked again so that nobody else at this screen can share."
            )
            left, right = st.columns(2)
            go = left.form_submit_button("Share it anyway" if found else "Share", type="primary")
            cancel = right.form_submit_button("Cancel")
        if cancel:
            st.session_state.pop(PENDING, None)
            st.rerun()
        if go:
            try:
                share(password)
            except (coaching.CoachingError, accounts.AccountError, StoreError) as exc:
                st.error(str(exc), icon=":material/info:")
            else:
                st.session_state.pop(PENDING, None)
                session.flash("success", done)
                st.rerun()


def _flipped(key: str, pending: tuple[str, str], stop: Callable[[], object], stopped: str) -> None:
    """A sharing toggle changed: turning on waits for the password; turning off happens at once."""
    if st.session_state[key]:
        st.session_state[PENDING] = pending
    else:
        stop()
        st.session_state.pop(PENDING, None)
        session.flash("info", stopped)


# -- the mentee's page -------------------------------------------------------------------------
def invite(db: Handle, user: User) -> None:
    """Make an invitation code (shown once), and the ones still waiting."""
    made: coaching.Invite | None = st.session_state.get("coaching.code")
    waiting = coaching.open_invites(db, user.id)
    if made is not None and any(w.expires_at == made.expires_at for w in waiting):  # shown until it is used
        st.success("Give this code to the person you'd like as your coach. It works once, for 7 days.")
        st.code(made.code, language=None)
        st.caption("Harbour keeps only a scrambled form of it, so it can't show it to you again.")
    if st.button("Make an invitation code", icon=":material/key:"):
        st.session_state["coaching.code"] = coaching.make_invite(db, user.id)
        st.rerun()
    if waiting:
        st.caption(
            f"{len(waiting)} invitation{'s' if len(waiting) > 1 else ''} not used yet; the newest expires on "
            f"{nice_date(waiting[0].expires_at.date())}."
        )
        if st.button("Withdraw unused invitations"):
            coaching.withdraw_invites(db, user.id)
            st.session_state.pop("coaching.code", None)
            session.flash("info", "Withdrawn: those codes no longer work.")
            st.rerun()


def scope_toggles(db: Handle, user: User, c: Coaching) -> None:
    """What this coach sees, one toggle each; turning one on asks for the password first."""
    shown = {"share_charts": c.scope.charts, "share_checkins": c.scope.checkins, "share_wins": c.scope.wins,
             "share_entries": c.scope.entries, "share_people": c.scope.people}  # fmt: skip
    for scope, on in shown.items():
        key = f"coaching.{c.id}.{scope}"
        st.session_state[key] = on  # always as the database has it: a toggle never shares by itself
        name = coaching.SCOPE_NAMES[scope]
        st.toggle(name, key=key, help=SCOPE_HELP[scope], on_change=_flipped, args=(
            key, (c.id, scope), lambda scope=scope: coaching.stop_sharing(db, user.id, c.id, scope),
            f"Stopped sharing: {name.lower()}. Your coach sees it no more, from their next click.",
        ))  # fmt: skip
    pending = st.session_state.get(PENDING)
    if pending and pending[0] == c.id and pending[1] in coaching.SCOPES:
        name = coaching.SCOPE_NAMES[pending[1]]
        _confirm(f"coaching.{c.id}.confirm", f"**Share with your coach: {name.lower()}?**", [],
                 lambda password: coaching.share(db, user.id, c.id, pending[1], password),
                 f"Shared with your coach: {name.lower()}. You can stop at any moment.")  # fmt: skip


def _share_entry_confirm(db: Handle, user: User, c: Coaching, entry: Entry) -> None:
    _confirm(
        f"coaching.{c.id}.confirm_entry",
        f"**Share your entry of {nice_date(entry.entry_date)} with this coach?**",
        coaching.sharing_findings(entry),
        lambda password: coaching.share_entry(db, user.id, c.id, entry.id, password, despite_findings=True),
        "Shared with your coach. You can stop sharing it at any moment.",
    )


def shared_entries(db: Handle, user: User, lib: Library, c: Coaching) -> None:
    """The entries shared with this coach, each with a way to stop; and a way to choose another."""
    if not c.scope.entries:
        return
    st.subheader("Entries you share with this coach")
    shared = coaching.shared_by_me(db, user.id, c.id)
    if not shared:
        st.caption("None yet. Choose one below, or open an entry in your Journal and share it from there.")
    for item in shared:
        with st.container(border=True):
            st.caption(f"{nice_date(item.entry_date)} · {lib.template_name(item.template)}")
            st.text(snippet(item.snippet, 200))
            if st.button("Stop sharing", key=f"coaching.unshare.{c.id}.{item.id}"):
                coaching.stop_sharing_entry(db, user.id, c.id, item.id)
                session.flash("info", "Stopped sharing that entry. Your coach can't see it from their next click.")
                st.rerun()
    ids = {s.id for s in shared}
    recent = [s for s in entries.search(db, user.id, SearchFilter(), limit=50)[0] if s.id not in ids]
    if recent:
        options = {s.id: s for s in recent}
        chosen = st.selectbox("Share another entry", list(options), index=None, key=f"coaching.{c.id}.another",
                              placeholder="Choose from your 50 newest entries",
                              format_func=lambda i: _describe(lib, options[i]))  # fmt: skip
        if chosen and st.button("Share this entry…", key=f"coaching.{c.id}.share_chosen"):
            st.session_state[PENDING] = (c.id, f"entry:{chosen}")
            st.rerun()
    pending = st.session_state.get(PENDING)
    if pending and pending[0] == c.id and pending[1].startswith("entry:"):
        entry = entries.get(db, user.id, pending[1].removeprefix("entry:"))
        if entry is not None:
            _share_entry_confirm(db, user, c, entry)


def _describe(lib: Library, item: Summary) -> str:
    return f"{nice_date(item.entry_date)} · {lib.template_name(item.template)} · {snippet(item.snippet, 60)}"


def entry_share_control(db: Handle, user: User, entry: Entry) -> None:
    """On an open entry in the Journal: share it with a coach, shown only to someone with a coach taking entries."""
    pairs = coaching.entry_coaches(db, user.id, entry.id)
    if not pairs:
        return
    with st.container(border=True):
        st.markdown("**Share with my coach**")
        st.caption("Your coach sees this entry and nothing else of your journal. You can stop at any moment.")
        for c, shared in pairs:
            key = f"coaching.entry.{c.id}.{entry.id}"
            st.session_state[key] = shared
            st.text(c.coach_name)
            st.toggle("Shared with this coach", key=key, on_change=_flipped, args=(
                key, (c.id, f"entry:{entry.id}"), lambda c=c: coaching.stop_sharing_entry(db, user.id, c.id, entry.id),
                "Stopped sharing this entry. Your coach can't see it from their next click.",
            ))  # fmt: skip
            pending = st.session_state.get(PENDING)
            if pending == (c.id, f"entry:{entry.id}"):
                _share_entry_confirm(db, user, c, entry)


def access_log(db: Handle, user: User, c: Coaching) -> None:
    looks = coaching.access_log(db, user.id, c.id)
    if not looks:
        st.caption("Your coach hasn't looked at anything of yours yet.")
        return
    where = local_time.zone(db, user.id)
    table = pd.DataFrame(
        {"When": [local_time.moment(look.seen_at, where) for look in looks], "What": [look.what for look in looks]}
    )
    st.dataframe(table, hide_index=True, key=f"coaching.{c.id}.log")
    st.caption("Looks at the same thing within 10 minutes are shown once.")


def pack_download(db: Handle, user: User, lib: Library, c: Coaching, today: date) -> None:
    picked = st.date_input("Period", value=(today - timedelta(days=27), today), max_value=today, format="DD/MM/YYYY",
                           key=f"coaching.{c.id}.period")  # fmt: skip
    if not (isinstance(picked, tuple | list) and len(picked) == 2):
        st.caption("Choose the first and the last day.")
        return
    start, end = picked
    st.download_button(
        "Download the conversation pack (PDF)",
        data=lambda: coaching.conversation_pack(db, user.id, c.id, start, end, lib, today=today),
        file_name=coaching.pack_file_name(start, end),
        mime="application/pdf",
        on_click="ignore",
        icon=":material/download:",
        key=f"coaching.{c.id}.pack",
    )
    st.caption("It holds only what you share with this coach. Harbour doesn't send it anywhere.")


def end_button(db: Handle, user: User, c: Coaching, label: str, explanation: str, done: str) -> None:
    """End a coaching, after one "are you sure"; no password is needed to stop sharing."""
    key = f"coaching.{c.id}.ending"
    if not st.session_state.get(key):
        if st.button(label, key=f"{key}.ask", icon=":material/link_off:"):
            st.session_state[key] = True
            st.rerun()
        return
    with st.container(border=True):
        st.markdown(explanation)
        left, right = st.columns(2)
        if left.button(f"Yes, {label[0].lower()}{label[1:]}", key=f"{key}.yes", type="primary"):
            coaching.end(db, user.id, c.id)
            st.session_state.pop(key, None)
            session.flash("info", done)
            st.rerun()
        if right.button("No, keep it", key=f"{key}.no"):
            st.session_state.pop(key, None)
            st.rerun()


# -- the conversation record -------------------------------------------------------------------
def record(db: Handle, user: User, c: Coaching, me: str) -> None:
    """Notes and agreed actions, oldest first; both people can add and mark done while the coaching is live."""
    other = "your coach" if me == "mentee" else "the person you coach"
    words = {me: "you", ("coach" if me == "mentee" else "mentee"): other}
    try:
        notes = coaching.record(db, user.id, c.id)
    except coaching.NotCoaching as exc:
        st.info(str(exc))
        return
    if not notes:
        st.caption("Nothing here yet. Notes and agreed actions you add here are seen by you both.")
    for note in notes:
        with st.container(border=True):
            line = f"{words[note.by].capitalize()} wrote, {nice_date(note.created_at.date())}"
            if note.kind == "action":
                due = f", due {nice_date(note.due)}" if note.due else ""
                state = f"done {nice_date(note.done_at.date())}" if note.done_at else "not done yet"
                line = f"Agreed action for {words.get(note.action_owner or '', '')}{due} · {state} · {line}"
            st.caption(line)
            st.text(note.text)
            nmc.note_as_feedback(db, user, me, note)  # a nurse's or midwife's own: this note as practice feedback
            if note.kind == "action" and c.live:
                label = "Not done yet after all" if note.done_at else "Mark done"
                if st.button(label, key=f"coaching.note.{note.id}"):
                    _act(partial(coaching.mark_done, db, user.id, c.id, note.id, note.done_at is None))
    if c.live:
        _add_to_record(db, user, c, me, other)
        checkbacks.plan_on_a_day(db, user, "coaching", c.id, "Your next session", f"coaching.next.{me}.{c.id}")
        if me == "coach":
            own.suggest_prompt(db, user, c.id)  # a prompt for their Write page; they may write to it or not


def _act(action: Callable[[], object]) -> None:
    try:
        action()
    except (coaching.CoachingError, StoreError) as exc:
        st.error(str(exc), icon=":material/info:")
    else:
        st.rerun()


def _add_to_record(db: Handle, user: User, c: Coaching, me: str, other: str) -> None:
    them = "coach" if me == "mentee" else "mentee"
    kinds = {"note": "A note", me: "An action for me", them: f"An action for {other}"}
    with st.form(f"coaching.{c.id}.add", clear_on_submit=True):
        text = st.text_area("Add to the record", max_chars=coaching.NOTE_MAX, height=100)
        left, right = st.columns(2)
        kind = left.selectbox("Kind", list(kinds), format_func=kinds.__getitem__)
        due = right.date_input("Due (for an action, if you like)", value=None, format="DD/MM/YYYY")
        added = st.form_submit_button("Add", icon=":material/add:")
    if added:
        owner = None if kind == "note" else kind
        try:
            coaching.add_note(db, user.id, c.id, text, action_owner=owner, due=due if owner else None)
        except (coaching.CoachingError, StoreError) as exc:
            st.error(str(exc), icon=":material/info:")
        else:
            st.rerun()


# -- the coach's page ----------------------------------------------------------------------------
def accept(db: Handle, user: User) -> None:
    with st.form("coaching_others.accept", clear_on_submit=True):
        code = st.text_input("Invitation code", placeholder="COACH-XXXX-XXXX-XXXX")
        accepted = st.form_submit_button("Accept the invitation", icon=":material/handshake:")
    if accepted:
        try:
            started = coaching.accept_invite(db, user.id, code)
        except coaching.CoachingError as exc:
            st.error(str(exc), icon=":material/info:")
        else:
            st.session_state["coaching_others.open"] = started.id
            session.flash("success", "You're now their coach. They choose what you see, and can change it any time.")
            st.rerun()


def mentee_view(db: Handle, user: User, lib: Library, c: Coaching, today: date) -> None:
    """What this coach may see of one person, each part read (and logged) through journal.together.coaching now."""
    names = c.scope.names(for_coach=True)
    if not names:
        st.info(NOTHING_SHARED)
        return
    st.markdown("**Shared with you:** " + "; ".join(names) + ".")  # our words
    # A radio, not a segmented control: its chosen option reads clearly in both themes (axe colour contrast).
    preset = st.radio("Show", list(COACH_RANGES), format_func=COACH_RANGES.get, index=list(COACH_RANGES).index("3m"),
                      horizontal=True, key="coaching_others.range")  # fmt: skip
    start, end = trends.bounds(preset or "3m", today)
    panels = coaching.mentee_charts(db, user.id, c.id, start, end, today, screen.fit())
    if panels is not None:
        st.header("Mood and energy")
        st.caption("Shown as they see them: \u201cyou\u201d in a summary means the person you coach.")
        if not panels:
            st.caption("No mood or energy recorded in this period.")
        for n, panel in enumerate(panels):
            chart_block(panel, key=f"coaching_others.chart.{n}")
    frame = coaching.mentee_checkins(db, user.id, c.id, start, end)
    if frame is not None:
        st.header("Burnout check-ins")
        if frame.empty:
            st.caption("No burnout check-ins in this period.")
        else:
            st.altair_chart(burnout.trend_chart(frame, screen.fit()), width="stretch")
            st.dataframe(burnout.trend_table(frame), hide_index=True, key="coaching_others.checkins")
    wins = coaching.mentee_wins(db, user.id, c.id, start, end)
    if wins is not None:
        st.header("Wins")
        if not wins:
            st.caption("No wins marked in this period.")
        for win in wins:
            st.caption(nice_date(win.entry_date))
            st.text(snippet(win.snippet))
    shared = coaching.mentee_entries(db, user.id, c.id)
    if shared is not None:
        st.header("Entries shared with you")
        if not shared:
            st.caption("None at the moment.")
        for item in shared:
            with st.container(border=True):
                st.caption(f"{nice_date(item.entry_date)} · {lib.template_name(item.template)}")
                if st.button("Read it", key=f"coaching_others.open_entry.{item.id}"):
                    st.session_state["coaching_others.entry"] = item.id
                    st.rerun()
    people_they_meet(db, user, c)


def shared_entry(db: Handle, user: User, lib: Library, c: Coaching, entry_id: str) -> None:
    """One shared entry in full, checked again now; a revoked or unknown one gets the same refusal."""
    if st.button("Back", icon=":material/arrow_back:"):
        st.session_state.pop("coaching_others.entry", None)
        st.rerun()
    try:
        entry = coaching.mentee_entry(db, user.id, c.id, entry_id)
    except coaching.NotShared as exc:
        st.info(str(exc), icon=":material/lock:")
        return
    show_entry(lib, entry, local_time.zone(db, user.id))


_INTRO_WORDS = {"intro_asked": "Asked for", "intro_offered": "Offered"}


def people_they_meet(db: Handle, user: User, c: Coaching) -> None:
    """The people the person you coach meets, while they share them: read (and logged) now, names as text."""
    found = coaching.mentee_people(db, user.id, c.id)
    if found is None:
        return
    st.header("The people they meet")
    if not found:
        st.caption("None in their list at the moment.")
    for person in found:
        with st.container(border=True):
            st.text(person.name)
            st.caption(f"Last met {nice_date(person.last_met)}" if person.last_met else "No 1-to-1 noted yet")
            if person.cares_about:
                st.text(person.cares_about)
            for kind, words, came in person.introductions:
                st.text(f"{_INTRO_WORDS.get(kind, kind)}: {words}" + (" (came through)" if came else ""))
