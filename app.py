"""Harbour's entry point: page setup, the sign-in gate and navigation. No logic lives here."""

import streamlit as st

from journal.ui import resources, session

# An emoji favicon is drawn locally; a material-icon favicon would be fetched from Google.
st.set_page_config(page_title="Harbour", page_icon="⚓", layout="centered")

resources.database()  # fail early, with a clear message, if the database can't be opened
user = session.current_user()

support = st.Page("pages/support.py", title="Support", icon=":material/support:")
if user is None:
    pages = [st.Page("pages/welcome.py", title="Welcome", icon=":material/anchor:", default=True), support]
else:
    exploring = session.exploring()  # the example journal: no account to manage, nobody to administer
    you = [
        support,
        st.Page("pages/settings.py", title="Settings", icon=":material/settings:"),
        *([] if exploring else [st.Page("pages/account.py", title="Your account", icon=":material/person:")]),
        st.Page("pages/your_data.py", title="Your data", icon=":material/download:"),
        st.Page("pages/import_history.py", title="Import", icon=":material/upload_file:"),
        st.Page("pages/trash.py", title="Trash", icon=":material/delete:"),
    ]
    if user.is_admin and not exploring:  # admins manage accounts; they never see anyone's journal
        you.append(st.Page("pages/admin.py", title="Accounts (admin)", icon=":material/admin_panel_settings:"))
    pages = {
        "Reflect": [
            st.Page("pages/write.py", title="Write", icon=":material/edit_note:", default=True),
            st.Page("pages/journal.py", title="Journal", icon=":material/menu_book:"),
            st.Page("pages/wins.py", title="Wins", icon=":material/celebration:"),
            st.Page("pages/reflective_account.py", title="Reflective account", icon=":material/verified:"),
        ],
        "Patterns": [
            st.Page("pages/trends.py", title="Trends", icon=":material/monitoring:"),
            st.Page("pages/burnout.py", title="Burnout check-in", icon=":material/monitor_heart:"),
        ],
        "Together": [
            st.Page("pages/groups.py", title="Peer groups", icon=":material/groups:"),
            st.Page("pages/coaching.py", title="Your coach", icon=":material/handshake:"),
            st.Page("pages/coaching_others.py", title="People you coach", icon=":material/diversity_3:"),
        ],
        "You": you,
    }

# Streamlit's own sectioned menu puts each section's title inside its list, which screen readers can't follow
# (axe: "list"), so the menu is drawn here: a bold title per section, then a link per page.
current = st.navigation(pages, position="hidden")
with st.sidebar.container(key="menu"):
    for section, items in pages.items() if isinstance(pages, dict) else [("", pages)]:
        if section:
            st.markdown(f"**{section}**")  # our words only
        for page in items:
            st.page_link(page)
if user is not None:
    with st.sidebar:
        st.divider()
        st.caption("Signed in as")
        st.text(user.username)
        if st.button("Leave the demo" if session.exploring() else "Sign out", icon=":material/logout:"):
            session.sign_out()
            st.rerun()
        if not session.exploring() and st.button("Sign out everywhere", help="Ends your sessions on every device"):
            session.sign_out_everywhere(user)
            st.rerun()
        session.watch_for_sign_out()
    if session.exploring():
        st.info(
            "You're exploring an example journal: a year of made-up entries, a peer group and a coach. Nothing here "
            f"is real, and it's kept apart from real journals. Where a step asks for a password, it's "
            f"`{resources.demo_password()}`.",
            icon=":material/explore:",
        )

current.run()
