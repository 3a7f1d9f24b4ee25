"""Personal trackers: up to five yes/no or 1-5 things a person chooses to keep an eye on, day by day.

Write shows today's value of each (kept as soon as it is chosen) and a way to fill in an earlier day; Make it yours
makes, renames, reorders, puts away and brings back. A tracker's name and words are the person's own: shown with
show_text only, never in a label, an option or markdown.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

import streamlit as st

from journal import clock
from journal.accounts import User
from journal.patterns.charts.drawing import Fit
from journal.patterns.charts.personal import tracker_comparison
from journal.reflect import trackers as reflect
from journal.reflect.trackers import Tracker, TrackerError
from journal.store import Handle
from journal.text.words import plural
from journal.ui import session
from journal.ui.widgets import show_text

_ERROR = "trackers.error"  # a refusal from a callback, shown once where it happened: {place: message}


def _refused(place: str, exc: TrackerError) -> None:
    st.session_state.setdefault(_ERROR, {})[place] = str(exc)


def _show_refusal(place: str) -> None:
    message = st.session_state.get(_ERROR, {}).pop(place, None)
    if message:
        show_text(message, "error")


def _scale_words(tracker: Tracker) -> None:
    if tracker.kind == "scale":
        show_text(f"1 = {tracker.low_label} · 5 = {tracker.high_label}")


# ---------------------------------------------------------------- recording (Write)


def _keep(db: Handle, user_id: str, tracker_id: str, day: date, key: str, place: str, kept: int | None) -> None:
    value = st.session_state.get(key)
    if value is None:
        return
    try:
        reflect.record(db, user_id, tracker_id, day, int(value))
    except TrackerError as exc:
        _refused(place, exc)
        st.session_state[key] = kept  # the control shows what is really kept


def _clear(db: Handle, user_id: str, tracker_id: str, day: date, key: str, place: str) -> None:
    try:
        reflect.clear(db, user_id, tracker_id, day)
    except TrackerError as exc:
        _refused(place, exc)
        return
    st.session_state[key] = None  # set, not forgotten: only a value set is sent to the browser's control


def _day_controls(db: Handle, user: User, live: list[Tracker], day: date, place: str) -> None:
    """One compact row a tracker: its name as text, the choice (kept at once), and Clear once there is a value."""
    kept = reflect.values_on(db, user.id, day)
    _show_refusal(place)
    for tracker in live:
        key = f"trackers.{place}.{day.isoformat()}.{tracker.id}"
        current = kept.get(tracker.id)
        show_text(tracker.name)
        _scale_words(tracker)
        choice, clear = st.columns([5, 1], vertical_alignment="center")
        # A radio, not pills or a segmented control: its chosen option reads clearly in both themes.
        choice.radio(
            "Your answer for this tracker",
            tracker.values,
            index=tracker.values.index(current) if current in tracker.values else None,
            format_func=tracker.value_words,
            horizontal=True,
            label_visibility="collapsed",
            key=key,
            on_change=_keep,
            args=(db, user.id, tracker.id, day, key, place, current),
        )
        if current is not None:
            clear.button(
                "Clear",
                key=f"{key}.clear",
                help="Forget this day's answer",
                type="tertiary",  # quieter than the answer itself
                on_click=_clear,
                args=(db, user.id, tracker.id, day, key, place),
            )


def today(db: Handle, user: User) -> None:
    """On Write: today's value of each tracker, kept as soon as it is chosen."""
    live = reflect.live(db, user.id)
    if not live:
        _show_refusal("today")  # the last one was put away elsewhere just as it was answered here
        return
    day = clock.today()
    with st.container(border=True, key="trackers-today"):
        st.markdown("**Today's trackers** · kept as soon as you choose")
        _day_controls(db, user, live, day, "today")
        with st.expander("Fill in or correct an earlier day"):
            earlier = st.date_input(
                "Which day", value=day - timedelta(days=1), max_value=day - timedelta(days=1), key="trackers.earlier"
            )
            if isinstance(earlier, date):
                _day_controls(db, user, live, earlier, "earlier")


# ---------------------------------------------------------------- making them (Make it yours)


def _add(db: Handle, user_id: str) -> None:
    state = st.session_state
    try:
        reflect.create(
            db, user_id, state.get("trackers.new.name", ""), state.get("trackers.new.kind", "yes_no"),
            state.get("trackers.new.low") or None, state.get("trackers.new.high") or None,
        )  # fmt: skip
    except TrackerError as exc:
        _refused("settings", exc)  # what they typed stays in the boxes
        return
    for name in ("trackers.new.name", "trackers.new.low", "trackers.new.high"):
        state[name] = ""
    session.flash("success", "Tracker added. It's on Write now, ready for today.")


def _rename(db: Handle, user_id: str, tracker: Tracker) -> None:
    state = st.session_state
    prefix = f"trackers.rename.{tracker.id}"
    try:
        reflect.rename(
            db, user_id, tracker.id, state.get(f"{prefix}.name", ""),
            state.get(f"{prefix}.low") or None, state.get(f"{prefix}.high") or None,
        )  # fmt: skip
    except TrackerError as exc:
        _refused("settings", exc)
        return
    session.flash("success", "Renamed. Its days are just as they were.")


def _act(action: Callable[..., None], db: Handle, user_id: str, tracker_id: str, *args: object, done: str = "") -> None:
    try:
        action(db, user_id, tracker_id, *args)
    except TrackerError as exc:
        _refused("settings", exc)
        return
    if done:
        session.flash("success", done)


def _live_tracker(db: Handle, user: User, tracker: Tracker, n: int, count: int) -> None:
    with st.container(border=True):
        show_text(tracker.name)
        st.caption(reflect.KIND_NAMES[tracker.kind])
        _scale_words(tracker)
        up, down, away = st.columns(3)
        up.button("Move up", key=f"trackers.up.{tracker.id}", disabled=n == 0, width="stretch",
                  on_click=_act, args=(reflect.move, db, user.id, tracker.id, -1))  # fmt: skip
        down.button("Move down", key=f"trackers.down.{tracker.id}", disabled=n == count - 1, width="stretch",
                    on_click=_act, args=(reflect.move, db, user.id, tracker.id, 1))  # fmt: skip
        away.button("Put away", key=f"trackers.away.{tracker.id}", width="stretch", on_click=_act,
                    args=(reflect.put_away, db, user.id, tracker.id),
                    kwargs={"done": "Put away. Its days are kept, and you can bring it back below."})  # fmt: skip
        with st.expander("Rename"):
            prefix = f"trackers.rename.{tracker.id}"
            with st.form(f"{prefix}.form", border=False):
                st.text_input("Name", value=tracker.name, max_chars=reflect.MAX_NAME_CHARS, key=f"{prefix}.name")
                if tracker.kind == "scale":
                    st.text_input("Your words for 1", value=tracker.low_label or "",
                                  max_chars=reflect.MAX_LABEL_CHARS, key=f"{prefix}.low")  # fmt: skip
                    st.text_input("Your words for 5", value=tracker.high_label or "",
                                  max_chars=reflect.MAX_LABEL_CHARS, key=f"{prefix}.high")  # fmt: skip
                st.form_submit_button("Save the new name", on_click=_rename, args=(db, user.id, tracker))


def _new_tracker_form(db: Handle, user: User, live_count: int) -> None:
    st.subheader("Add a tracker")
    if live_count >= reflect.MAX_TRACKERS:
        st.caption(
            f"You have {reflect.MAX_TRACKERS} trackers in use, as many as Harbour keeps at once. Put one away to "
            "make room: its days are kept."
        )
    with st.form("trackers.new", border=False):
        st.text_input(
            "What would you like to keep an eye on?", max_chars=reflect.MAX_NAME_CHARS, key="trackers.new.name",
            placeholder=f"For example: {reflect.NAME_EXAMPLES}",
        )  # fmt: skip
        st.radio("How you'll answer", reflect.KINDS, format_func=reflect.KIND_NAMES.get, horizontal=True,
                 key="trackers.new.kind")  # fmt: skip
        st.caption("For a scale, your own words for its two ends:")
        low, high = st.columns(2)
        low.text_input("Your words for 1", max_chars=reflect.MAX_LABEL_CHARS, key="trackers.new.low",
                       placeholder="e.g. not at all")  # fmt: skip
        high.text_input("Your words for 5", max_chars=reflect.MAX_LABEL_CHARS, key="trackers.new.high",
                        placeholder="e.g. completely")  # fmt: skip
        st.form_submit_button("Add the tracker", on_click=_add, args=(db, user.id))


def settings_section(db: Handle, user: User) -> None:
    """On Make it yours: make, rename, reorder and put away trackers (five at most)."""
    st.caption(
        f"Up to {reflect.MAX_TRACKERS} small things you'd like to keep an eye on, answered on Write in a tap: yes or "
        "no, or a scale from 1 to 5 in your own words. Trends shows each beside your mood and energy once there "
        "are enough days to compare. Small steps add up."
    )
    _show_refusal("settings")
    trackers = reflect.all_trackers(db, user.id)
    live = [t for t in trackers if not t.put_away]
    away = [t for t in trackers if t.put_away]
    if not live:
        st.caption("No trackers yet.")
    for n, tracker in enumerate(live):
        _live_tracker(db, user, tracker, n, len(live))
    _new_tracker_form(db, user, len(live))
    if away:
        st.subheader("Put away")
        for tracker in away:
            days = reflect.days_kept(db, user.id, tracker.id)
            show_text(tracker.name)
            st.caption(f"{plural(days, 'day')} kept")
            st.button("Bring back", key=f"trackers.back.{tracker.id}", on_click=_act,
                      args=(reflect.bring_back, db, user.id, tracker.id),
                      kwargs={"done": "Brought back, with all its days."})  # fmt: skip


# ---------------------------------------------------------------- beside mood and energy (Trends)


def trends_section(db: Handle, user: User, start: date | None, end: date, fit: Fit) -> None:
    """On Trends: each tracker beside energy and mood over the chosen range, in a sentence (as text: it quotes the
    tracker's name) and, once there are enough days each way, a small chart."""
    found = reflect.comparisons(db, user.id, start, end)
    if not found:
        return
    st.header("Your trackers")
    st.caption(
        f"Each tracker beside your energy and mood over the range above, once there are {reflect.MIN_DAYS} days "
        "each way with a check-in. A scale compares its top two points with its bottom two. Things that go "
        "together aren't necessarily cause and effect."
    )
    for n, comparison in enumerate(found):
        with st.container(border=True, key=f"trackers-trend-{n}"):
            show_text(comparison.sentence)
            if comparison.enough:
                rows = comparison.frame()
                st.altair_chart(tracker_comparison(rows, fit), width="stretch")
                if st.toggle("Show the data as a table", key=f"trackers.trend.{n}.table"):
                    st.dataframe(rows.rename(columns=str.title), hide_index=True)
