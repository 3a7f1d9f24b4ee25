"""Peer groups: regroup together, celebrate the little big things, and see how the group is doing in weekly
figures that expose no one."""

import streamlit as st

from journal.together.groups import membership as groups
from journal.together.groups.access import GroupError
from journal.ui import groups as ui
from journal.ui import resources, session

db, lib = resources.database(), resources.library()
user = session.require_user()

st.title("Peer groups")
session.show_flashes()
open_id = st.session_state.get(ui.OPEN)

if open_id is None:
    st.markdown(
        "A peer group is a few colleagues who regroup together. Joining shares nothing: you choose what to share, "
        "the group only ever sees weekly figures for everyone together, and your written entries are never shared."
    )
    for membership in groups.my_groups(db, user.id):
        ui.group_card(db, user, membership)
    ui.join_and_start(db, user)
else:
    if st.button("Back to your groups", icon=":material/arrow_back:"):
        st.session_state.pop(ui.OPEN, None)
        st.rerun()
    try:
        view = groups.view(db, user.id, open_id, lib)
    except GroupError as exc:
        st.info(str(exc), icon=":material/info:")
        st.stop()
    group, me = view.membership.group, view.membership
    st.text(group.name)
    st.caption(ui.header_line(view))
    meeting, sharing, running, leaving = st.tabs(["Meeting", "What I share", "Running the group", "Leave"])

    with meeting:
        st.subheader("Regroup prompt")
        if view.prompt is None:
            st.caption("The facilitator hasn't chosen a regroup prompt yet.")
        else:
            st.text(view.prompt.text)
            if st.button("Answer it privately in my journal", icon=":material/edit_note:", key="groups.answer"):
                ui.answer_in_journal(db, user, lib, view.prompt)
        ui.trends(view)
        ui.wins_wall(db, user, view)
        ui.open_wall(view, lib)

    with sharing:
        ui.consent_and_choices(db, user, view)

    with running:
        ui.running_the_group(db, user, lib, view)

    with leaving:
        st.markdown(
            "You can leave at any time. Posts you signed go with you; posts as \u201ca member\u201d stay (taking "
            "them down as you leave would tell everyone they were yours), so take down any you'd rather not leave. "
            "Closed weeks keep their figures."
        )
        if st.checkbox("I'd like to leave this group", key="groups.leave.sure") and st.button("Leave this group"):
            groups.leave(db, user.id, group.id)
            st.session_state.pop(ui.OPEN, None)
            session.flash("success", "You've left the group. Nothing more is shared with it.")
            st.rerun()
