"""Pieces of the Peer groups page. Group names, usernames and posts are people's words: st.text only."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

import streamlit as st

from journal.accounts import User
from journal.content.library import Library, Prompt
from journal.patterns.charts import group as group_charts
from journal.reflect import entries
from journal.reflect.entries import EntryInput
from journal.store import Handle
from journal.text.words import nice_date
from journal.together.groups import figures as group_figures
from journal.together.groups import membership as groups
from journal.together.groups import release as group_release
from journal.together.groups import wall as group_wall
from journal.together.groups.access import GroupError
from journal.together.groups.membership import GroupView, Membership, Sharing
from journal.ui import checkbacks, identity, nav, screen, session

OPEN = "groups.open"


SELF_MADE = "Signed up by themselves, not made by the administrator"


def code_key(group_id: str) -> str:
    return f"groups.code.{group_id}"


def attempt(action: Callable[[], object], success: str | None = None) -> bool:
    """Run a group action: on success flash `success` and rerun; on refusal show why (nothing changed)."""
    try:
        action()
    except GroupError as exc:
        st.error(str(exc), icon=":material/info:")
        return False
    if success:
        session.flash("success", success)
    st.rerun()
    return True  # unreachable: st.rerun() ends the run


def group_card(db: Handle, user: User, m: Membership) -> None:
    with st.container(border=True):
        st.text(m.group.name)
        if m.pending:
            st.caption("Waiting for the facilitator to approve your request. Until then you see and share nothing.")
            if st.button("Withdraw my request", key=f"groups.withdraw.{m.group.id}"):
                attempt(lambda: groups.leave(db, user.id, m.group.id), "Your request is withdrawn.")
            return
        st.caption("You facilitate this group" if m.facilitator else "You're a member")
        if st.button("Open", key=f"groups.open.{m.group.id}", icon=":material/arrow_forward:"):
            st.session_state[OPEN] = m.group.id
            st.rerun()


def join_and_start(db: Handle, user: User) -> None:
    with st.form("groups.join", clear_on_submit=True):
        st.markdown("**Join a group**")
        code = st.text_input("Join code", placeholder="HARB-XXXX-XXXX-XXXX", key="groups.join.code")
        if st.form_submit_button("Ask to join"):
            attempt(
                lambda: groups.join_with_code(db, user.id, code),
                "Request sent. The facilitator will approve it; until then nothing is shared.",
            )
    with st.form("groups.start"):
        st.markdown("**Start a group**")
        st.caption("You'll be its facilitator: you invite people with a join code and approve who comes in.")
        name = st.text_input("Group name", max_chars=groups.NAME_MAX, key="groups.start.name")
        if st.form_submit_button("Start the group"):
            try:
                created = groups.create_group(db, user.id, name)
            except GroupError as exc:
                st.error(str(exc), icon=":material/info:")
            else:
                st.session_state[OPEN] = created.group.id
                st.session_state[code_key(created.group.id)] = created.code
                session.flash("success", "Your group is ready. Share its join code with the people you'd like in it.")
                st.rerun()


def answer_in_journal(db: Handle, user: User, lib: Library, prompt: Prompt) -> None:
    """Open Write on free writing with this prompt in place."""
    initial = EntryInput.blank(lib.template("free"))
    initial.prompt_id, initial.prompt_text = prompt.id, prompt.text
    if lib.prompt(prompt.id) is not None:  # a facilitator's own words ('group:<id>') never enter the rotation
        entries.record_prompt_shown(db, user.id, prompt.id)
    nav.start_entry(initial)


def trends(view: GroupView) -> None:
    st.subheader("How the group is doing")
    spread, quadrants = group_figures.spread_frame(view.weeks), group_figures.quadrant_frame(view.weeks)
    st.markdown(group_charts.caption_spread(spread))  # our own sentence, built from the protected figures
    with st.expander("How these figures protect everyone"):
        st.markdown(group_release.guarantee(view.membership.group.min_members))
    if not spread.empty:
        st.altair_chart(group_charts.spread_chart(spread, screen.fit()), width="stretch")
    if not quadrants.empty:
        st.markdown(group_charts.caption_quadrants(quadrants))
        st.altair_chart(group_charts.quadrant_chart(quadrants, screen.fit()), width="stretch")
    if view.weeks and st.toggle("Show every closed week as a table", key=f"groups.table.{view.membership.group.id}"):
        st.dataframe(group_figures.figures_table(view.weeks), hide_index=True)


def wins_wall(db: Handle, user: User, view: GroupView) -> None:
    gid = view.membership.group.id
    checkbacks.plan_on_a_day(db, user, "group", gid, "Our next regroup: add it to your calendar", f"groups.next.{gid}")
    st.subheader("Our little big things")
    if not view.wins:
        st.caption("No wins on the wall yet. Small steps add up: post one of yours below, if you'd like.")
    for post in view.wins:
        with st.container(border=True):
            st.text(post.text)
            if post.name is None:
                st.caption(f"A member · {nice_date(post.posted_on)}")
            else:
                st.text(f"— {post.name}")
                st.caption(nice_date(post.posted_on))
            if post.mine and st.button("Take it down", key=f"groups.down.{post.id}"):
                attempt(partial(group_wall.take_down_win, db, user.id, gid, post.id), "Taken off the wall.")
    with st.expander("Post one of your wins"):
        found = group_wall.postable_wins(db, user.id, gid)
        if not found:
            st.caption("When you mark an entry as a win, you can share a few words about it here.")
            return
        by_id = {w.id: w for w in found}
        order = {w.id: n for n, w in enumerate(found, 1)}
        chosen = st.selectbox(
            "Which win",
            list(by_id),
            key=f"groups.{gid}.win",
            format_func=lambda i: f"{order[i]}. Your win from {nice_date(by_id[i].entry_date)}",
        )
        text = st.text_area(
            "What the group will see (change it as you like; your entry itself is never shown)",
            value=by_id[chosen].snippet[: group_wall.WIN_TEXT_MAX],
            max_chars=group_wall.WIN_TEXT_MAX,
            key=f"groups.{gid}.win.{chosen}.text",
        )
        named = st.radio(
            "Post it",
            [False, True],
            key=f"groups.{gid}.named",
            horizontal=True,
            format_func=lambda n: "with my name" if n else "as \u201ca member\u201d",
        )
        if st.button("Post to the wins wall", key=f"groups.{gid}.post"):
            attempt(lambda: group_wall.post_win(db, user.id, gid, chosen, text, named), "Posted to the wins wall.")


def open_wall(view: GroupView, lib: Library) -> None:
    wall = view.wall
    if not wall.on:
        return
    st.subheader("Open wall: names shown")
    st.warning("On the open wall, everyone's daily mood shows as a face beside their name.", icon=":material/badge:")
    if wall.waiting:
        people = "member still needs" if wall.waiting == 1 else "members still need"
        st.info(f"{wall.waiting} {people} to opt in, so nothing is shown yet. It only appears when everyone has.")
        return
    legend = ", ".join(f"{face} {lib.mood.labels[n - 1]}" for n, face in group_wall.FACES.items())
    st.caption(
        f"The last {group_wall.OPEN_WALL_WEEKS} closed weeks, each day's mood from 1 to 5. {legend}; blank: none."
    )
    st.dataframe(wall.faces)


def consent_and_choices(db: Handle, user: User, view: GroupView) -> None:
    m, k = view.membership, view.membership.group.min_members
    st.markdown(
        "Joining shares nothing by itself. If you choose to share, here is exactly what the group sees:\n\n"
        "- **Weekly figures for the whole group only**: the mean mood and energy, the share of members whose "
        "week was mostly in each mood and energy area, and the average Burnout check-in scores, each with a "
        "little random noise in it (differential privacy) so that no one member's week can be worked out.\n"
        f"- **Each figure only when at least {k} members shared that week.** The page never says how many did.\n"
        "- **Never your entries, your words, or your scores on their own.** Nobody, the facilitator included, "
        "can see whether you share.\n"
        "- **A week's figures are worked out once, when the week closes, and then kept as they are.** If you stop "
        "sharing or leave, closed weeks stay as they were: that is what stops anyone working out your scores by "
        "comparing two views. Stopping applies from the current week."
    )
    gid = m.group.id
    with st.form(f"groups.share.{gid}"):
        scores = st.checkbox("Share my daily mood and energy scores", value=m.sharing.scores, key=f"groups.{gid}.s")
        checkins = st.checkbox("Share my Burnout check-in scores", value=m.sharing.checkins, key=f"groups.{gid}.c")
        wall = m.sharing.open_wall
        if m.group.open_wall:
            wall = st.checkbox(
                "Show my daily mood as a face, with my name, on the open wall",
                value=m.sharing.open_wall,
                key=f"groups.{gid}.w",
            )
        password = identity.proof(f"groups.{gid}.pw", "Your password (needed only to turn sharing on)")
        if st.form_submit_button("Save my choices", type="primary"):
            attempt(
                lambda: groups.set_sharing(db, user.id, gid, Sharing(scores, checkins, wall), password or None),
                "Your choices are saved. They apply from this week.",
            )


def running_the_group(db: Handle, user: User, lib: Library, view: GroupView) -> None:
    """The facilitator's powers; for a group without one, the offer to take it on."""
    group, me = view.membership.group, view.membership
    if not view.has_facilitator:
        st.info("This group has no facilitator at the moment. Any member can take it on.")
        if st.button("Take on facilitating"):
            attempt(lambda: groups.take_on_facilitating(db, user.id, group.id), "You now facilitate this group.")
    elif not me.facilitator:
        st.caption("The facilitator invites people, approves requests and chooses the regroup prompt.")
    else:
        code = st.session_state.get(code_key(group.id))
        if code:
            st.markdown("**Join code**: share it with the people you'd like to invite.")
            st.code(code, language=None)
            st.caption("Shown only now: Harbour keeps just a scrambled form of it. It lasts 14 days.")
        else:
            st.caption(
                f"The current join code works until {nice_date(group.code_expires.date())}. Harbour keeps only a "
                "scrambled form of it, so it can't be shown again: make a new one to invite someone."
            )
        if st.button("Make a new join code", help="The old code stops working at once"):
            st.session_state[code_key(group.id)] = groups.rotate_code(db, user.id, group.id)
            st.rerun()
        waiting = [m for m in view.roster if m.pending]
        st.markdown(f"**Requests to join** ({len(waiting)})")
        for m in waiting:
            cols = st.columns([3, 1, 1])
            with cols[0]:
                st.text(m.username)
                if not m.made_by_admin:
                    st.caption(SELF_MADE)
            if cols[1].button("Approve", key=f"groups.approve.{m.user_id}"):
                attempt(partial(groups.approve, db, user.id, group.id, m.user_id), "Approved.")
            if cols[2].button("Decline", key=f"groups.decline.{m.user_id}"):
                attempt(partial(groups.decline, db, user.id, group.id, m.user_id), "Declined.")
        st.markdown("**Members**")
        for m in [m for m in view.roster if not m.pending]:
            cols = st.columns([4, 1])
            with cols[0]:
                st.text(
                    m.username + (" (facilitator)" if m.facilitator else "") + ("" if m.made_by_admin else SELF_MADE)
                )
            if not m.facilitator and cols[1].button("Remove", key=f"groups.remove.{m.user_id}"):
                attempt(partial(groups.remove_member, db, user.id, group.id, m.user_id), "Removed.")
        with st.form(f"groups.settings.{group.id}"):
            k = st.number_input(
                "Fewest members behind any figure (k)",
                min_value=groups.MIN_K,
                max_value=groups.MAX_K,
                value=group.min_members,
                step=1,
                key=f"groups.{group.id}.k",
            )
            st.caption("Applies to weeks not yet closed. Closed weeks keep theirs.")
            ids: list[str | None] = [None, *[p.id for p in lib.prompts]]

            def prompt_label(prompt_id: str | None) -> str:
                if prompt_id is None:
                    return "None chosen"
                prompt = lib.prompt(prompt_id)
                assert prompt is not None  # its id came from lib.prompts
                return prompt.text

            prompt_id = st.selectbox(
                "Regroup prompt",
                ids,
                index=ids.index(group.regroup_prompt_id) if group.regroup_prompt_id in ids else 0,
                format_func=prompt_label,
                key=f"groups.{group.id}.prompt",
            )
            own_words = st.text_area(
                "Or write the group's regroup prompt in your own words",
                value=group.regroup_prompt_text or "",
                key=f"groups.{group.id}.prompt_text",
                height=80,
                help="Your words are used instead of the prompt chosen above. Leave it empty to use that one.",
            )
            wall = st.toggle(
                "Open wall (names shown; only if every member opts in)",
                value=group.open_wall,
                key=f"groups.{group.id}.wall",
            )
            admin_made = st.toggle(
                "Admit only accounts made by the administrator or the organisation's sign-in",
                value=group.admin_made_only,
                key=f"groups.{group.id}.admin_made",
                help="So that nobody can fill the group with made-up accounts: each is a real colleague. "
                "Every member must already be one.",
            )
            if st.form_submit_button("Save group settings"):

                def save() -> None:
                    if admin_made != group.admin_made_only:
                        groups.set_admin_made_only(db, user.id, group.id, admin_made)
                    if int(k) != group.min_members:
                        groups.set_min_members(db, user.id, group.id, int(k))
                    if prompt_id != group.regroup_prompt_id:
                        groups.set_regroup_prompt(db, user.id, group.id, prompt_id, lib)
                    if own_words.strip() != (group.regroup_prompt_text or ""):  # the one changed last wins
                        groups.set_regroup_prompt_text(db, user.id, group.id, own_words)
                    if wall != group.open_wall:
                        group_wall.set_open_wall(db, user.id, group.id, wall)

                attempt(save, "Group settings saved.")


def header_line(view: GroupView) -> str:
    """The group's roster count, said so it can't be mistaken for the "k or more members" behind each figure.

    Membership is known to every member; how many shared a given week is what the privacy guarantee keeps hidden.
    """
    m = view.membership
    roster = f"{view.members} {'member' if view.members == 1 else 'members'} in the group"
    sharing = f"each week's figures come from {m.group.min_members} or more of those who shared, never an exact number"
    return f"{roster} · {sharing}" + (" · you facilitate this group" if m.facilitator else "")
