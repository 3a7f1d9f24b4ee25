"""Accounts (admin): who has an account, switching accounts off and on, unlocking, and who may sign up.

The admin never sees anyone's journal: nothing here reads entries, not even how many there are.
"""

import streamlit as st

from journal import accounts
from journal.text.words import nice_date
from journal.ui import resources, session

db = resources.database()
user = session.require_user()
st.title("Accounts")
if not accounts.is_admin(db, user.id):
    st.info("This page is for the person who looks after this Harbour. Your journal is on the Write and Journal pages.")
    st.stop()

session.show_flashes()
st.caption("Names and account settings only: nobody, the administrator included, can read anyone else's journal.")


def save_signup() -> None:
    accounts.set_signup_allowed(db, user, st.session_state["admin.signup"])


def act(action, *args, done: str) -> None:
    try:
        action(db, user, *args)
    except accounts.AccountError as exc:
        session.flash("error", str(exc))
    else:
        session.flash("success", done)


st.toggle(
    "People may create their own accounts",
    value=accounts.signup_allowed(db),
    key="admin.signup",
    on_change=save_signup,
    help="When this is off, only you can make new accounts, here.",
)


def save_groups_admin_made_only() -> None:
    accounts.set_groups_admin_made_only(db, user, st.session_state["admin.groups_admin_made_only"])


st.toggle(
    "Peer groups admit only accounts you made (or the organisation's sign-in made)",
    value=accounts.groups_admin_made_only(db),
    key="admin.groups_admin_made_only",
    on_change=save_groups_admin_made_only,
    help="So nobody can join a group with made-up accounts to work out one member's figures. "
    "People already in a group stay; new requests need an account made here or by the organisation's sign-in.",
)

for account in accounts.list_accounts(db, user):
    with st.container(border=True):
        about, buttons = st.columns([3, 2], vertical_alignment="center")
        about.text(account.username)  # plain text: a name is never markdown
        flags = {
            "administrator": account.is_admin,
            "made by an administrator": account.made_by_admin,
            "signs in with the organisation": account.organisation,
            "switched off": account.disabled,
            "locked": account.locked,
            "waiting after unsuccessful sign-ins": account.waiting,
        }
        about.caption(
            " · ".join([f"Created {nice_date(account.created_at.date())}", *[k for k, on in flags.items() if on]])
        )
        if account.id != user.id:
            switch_on = account.disabled
            buttons.button(
                "Switch on" if switch_on else "Switch off",
                key=f"admin.{'enable' if switch_on else 'disable'}.{account.id}",
                on_click=act,
                args=(accounts.set_disabled, account.id, not switch_on),
                kwargs={
                    "done": "Switched on." if switch_on else "Switched off: that account is signed out everywhere."
                },
            )
        if account.locked or account.waiting:
            buttons.button(
                "Unlock",
                key=f"admin.unlock.{account.id}",
                on_click=act,
                args=(accounts.unlock, account.id),
                kwargs={"done": "Unlocked: they can sign in again."},
            )

with st.form("admin_create", clear_on_submit=True):
    st.subheader("Create an account")
    name = st.text_input("Their name (to sign in with)", max_chars=accounts.USERNAME_MAX)
    password = st.text_input("A first password", type="password", help="At least 12 characters. They can change it.")
    again = st.text_input("The password again", type="password")
    if st.form_submit_button("Create account"):
        if password != again:
            st.error("The two passwords don't match. Please type them again.")
            st.stop()
        try:
            accounts.admin_create_account(db, user, name, password)
        except accounts.AccountError as exc:
            st.error(str(exc))
        else:
            session.flash("success", "Account created. Give them the password in person, and ask them to change it.")
            st.rerun()
