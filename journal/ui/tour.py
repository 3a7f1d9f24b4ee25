"""The newcomer's tour on the Write page: offered once to someone with no entries, and again from Settings."""

from __future__ import annotations

import streamlit as st

from journal.accounts import User
from journal.content.tour import STEPS
from journal.reflect import entries, settings
from journal.store import Handle
from journal.ui import nav

STEP = "tour.step"  # the open step's index in this session; absent while the tour is closed


def start() -> None:
    """Open the tour at its first step (the Write page shows it)."""
    st.session_state[STEP] = 0


def _finish(db: Handle, user: User) -> None:
    settings.update(db, user.id, tour_seen=True)
    st.session_state.pop(STEP, None)


def show(db: Handle, user: User) -> None:
    """The offer, or the open step with its way onward; nothing once the tour was taken or turned down."""
    step = st.session_state.get(STEP)
    if step is None:
        if settings.get(db, user.id).tour_seen or entries.count(db, user.id) > 0:
            return
        with st.container(border=True, key="tour.offer"):
            st.markdown(
                f"**New to Harbour?** A short tour shows where everything is, in {len(STEPS)} steps. "
                "Or start writing straight away: the tour stays in Settings."
            )
            left, right = st.columns(2)
            if left.button("Take the tour", icon=":material/explore:", key="tour.start"):
                start()
                st.rerun()
            if right.button("Start writing", key="tour.skip"):
                _finish(db, user)
                st.rerun()
        return
    index = min(max(int(step), 0), len(STEPS) - 1)
    current = STEPS[index]
    with st.container(border=True, key="tour.open"):
        st.caption(f"Tour · step {index + 1} of {len(STEPS)}")
        st.markdown(f"**{current.title}**")
        st.markdown(current.text)
        place = nav.at(current.page)
        nav.link(place, f"Open {place.title}")
        back, onward, close = st.columns(3)
        if back.button("Back", key="tour.back", disabled=index == 0, icon=":material/arrow_back:"):
            st.session_state[STEP] = index - 1
            st.rerun()
        last = index == len(STEPS) - 1
        if onward.button("Finish the tour" if last else "Next", key="tour.next", type="primary",
                         icon=":material/check:" if last else ":material/arrow_forward:"):  # fmt: skip
            if last:
                _finish(db, user)
                st.toast("That's the tour. Harbour is yours: start wherever feels right.")
            else:
                st.session_state[STEP] = index + 1
            st.rerun()
        if not last and close.button("End the tour", key="tour.end"):
            _finish(db, user)
            st.rerun()
