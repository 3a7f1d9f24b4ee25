"""Every page of Harbour, in menu order, and the ways one page sends someone to another.

A page is named here once: its address, title, icon, menu section and who may see it. app.py builds the menu
from PLACES; pages link and switch with `link` and `go`. What one page hands another (the entry to open on
Journal, the new entry to start on Write) goes through a named function here and is taken, once, by the page
it was meant for; their session keys are private to this module.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import Enum
from typing import TYPE_CHECKING

import streamlit as st

if TYPE_CHECKING:
    from journal.accounts import User
    from journal.reflect.entries import EntryInput
    from journal.ui.entry_form import OpenForm


class Visitor(Enum):
    SIGNED_OUT = "signed out"
    MEMBER = "member"  # signed in to their own account, not an admin
    ADMIN = "admin"
    DEMO = "demo"  # exploring the example journal: no account to manage, nobody to administer


EVERYONE = frozenset(Visitor)
SIGNED_IN = frozenset({Visitor.MEMBER, Visitor.ADMIN, Visitor.DEMO})
ACCOUNT_HOLDERS = frozenset({Visitor.MEMBER, Visitor.ADMIN})
ADMINS = frozenset({Visitor.ADMIN})  # admins manage accounts; they never see anyone's journal
NOT_SIGNED_IN = frozenset({Visitor.SIGNED_OUT})


def visitor(user: User | None, exploring: bool) -> Visitor:
    if user is None:
        return Visitor.SIGNED_OUT
    if exploring:
        return Visitor.DEMO
    return Visitor.ADMIN if user.is_admin else Visitor.MEMBER


@dataclass(frozen=True)
class Place:
    url_path: str  # its address (/write); e2e journeys go by it, and it names the file, pages/<url_path>.py
    title: str
    icon: str
    section: str  # its heading in a signed-in menu; the signed-out menu has no headings
    shown_to: frozenset[Visitor]
    default: bool = False  # served at the root address: one for each kind of visitor

    @property
    def file(self) -> str:
        return f"pages/{self.url_path}.py"

    def page(self) -> st.Page:
        return st.Page(self.file, title=self.title, icon=self.icon, url_path=self.url_path, default=self.default)


WELCOME = Place("welcome", "Welcome", ":material/anchor:", "", NOT_SIGNED_IN, default=True)
WRITE = Place("write", "Write", ":material/edit_note:", "Reflect", SIGNED_IN, default=True)
JOURNAL = Place("journal", "Journal", ":material/menu_book:", "Reflect", SIGNED_IN)
WINS = Place("wins", "Wins", ":material/celebration:", "Reflect", SIGNED_IN)
PEOPLE = Place("people", "People you meet", ":material/people:", "Reflect", SIGNED_IN)
REFLECTIVE_ACCOUNT = Place("reflective_account", "Reflective account", ":material/verified:", "Reflect", SIGNED_IN)
REVALIDATION = Place("revalidation", "Revalidation and CPD", ":material/workspace_premium:", "Reflect", SIGNED_IN)
TRENDS = Place("trends", "Trends", ":material/monitoring:", "Patterns", SIGNED_IN)
BURNOUT = Place("burnout", "Burnout check-in", ":material/monitor_heart:", "Patterns", SIGNED_IN)
GROUPS = Place("groups", "Peer groups", ":material/groups:", "Together", SIGNED_IN)
COACHING = Place("coaching", "Your coach", ":material/handshake:", "Together", SIGNED_IN)
COACHING_OTHERS = Place("coaching_others", "People you coach", ":material/diversity_3:", "Together", SIGNED_IN)
SUPPORT = Place("support", "Support", ":material/support:", "You", EVERYONE)
SETTINGS = Place("settings", "Settings", ":material/settings:", "You", SIGNED_IN)
MAKE_IT_YOURS = Place("make_it_yours", "Make it yours", ":material/tune:", "You", SIGNED_IN)
ACCOUNT = Place("account", "Your account", ":material/person:", "You", ACCOUNT_HOLDERS)
YOUR_DATA = Place("your_data", "Your data", ":material/download:", "You", SIGNED_IN)
IMPORT = Place("import_history", "Import", ":material/upload_file:", "You", SIGNED_IN)
TRASH = Place("trash", "Trash", ":material/delete:", "You", SIGNED_IN)
ADMIN = Place("admin", "Accounts (admin)", ":material/admin_panel_settings:", "You", ADMINS)

# Menu order: sections appear in the order of their first page.
PLACES: tuple[Place, ...] = (
    WELCOME,
    WRITE, JOURNAL, WINS, PEOPLE, REFLECTIVE_ACCOUNT, REVALIDATION,
    TRENDS, BURNOUT,
    GROUPS, COACHING, COACHING_OTHERS,
    SUPPORT, SETTINGS, MAKE_IT_YOURS, ACCOUNT, YOUR_DATA, IMPORT, TRASH, ADMIN,
)  # fmt: skip


def at(url_path: str) -> Place:
    """The page at this address."""
    return next(place for place in PLACES if place.url_path == url_path)


def places(who: Visitor) -> dict[str, list[Place]]:
    """The pages this kind of visitor may open, by menu section, in menu order."""
    sections: dict[str, list[Place]] = {}
    for place in PLACES:
        if who in place.shown_to:
            sections.setdefault("" if who is Visitor.SIGNED_OUT else place.section, []).append(place)
    return sections


def menu(user: User | None, exploring: bool) -> dict[str, list[st.Page]]:
    """st.navigation's pages for this person, by menu section; made afresh on every run."""
    return {section: [place.page() for place in items] for section, items in places(visitor(user, exploring)).items()}


def go(place: Place) -> None:
    """Switch to that page now (nothing after this line runs)."""
    st.switch_page(place.file)


def link(place: Place, label: str) -> None:
    """A link to that page, with the page's own icon."""
    st.page_link(place.file, label=label, icon=place.icon)


# -- what one page hands another ---------------------------------------------------------------------------------
_OPEN_ENTRY = "nav.open_entry"  # (entry id, the form to edit it with or None), for Journal
_NEW_ENTRY = "nav.new_entry"  # the starting values of a new entry, for Write
START = "start"  # /?start=checkin: an address to bookmark (a phone's home screen) that opens a new entry


def open_entry(entry_id: str) -> None:
    """Go to Journal with this entry open, to read whole."""
    st.session_state[_OPEN_ENTRY] = (entry_id, None)
    go(JOURNAL)


def edit_entry(form: OpenForm) -> None:
    """Go to Journal with the form's entry open in it, being edited."""
    st.session_state[_OPEN_ENTRY] = (form.entry_id, form)
    go(JOURNAL)


def take_open_entry() -> tuple[str, OpenForm | None] | None:
    """For Journal: the entry another page sent someone to, and the form if they came to edit it; once."""
    return st.session_state.pop(_OPEN_ENTRY, None)


def start_entry(initial: EntryInput) -> None:
    """Go to Write with a new entry open on these starting values (its template, a prompt to answer)."""
    st.session_state[_NEW_ENTRY] = initial
    go(WRITE)


def take_new_entry() -> EntryInput | None:
    """For Write: the new entry another page sent someone to start; once."""
    return st.session_state.pop(_NEW_ENTRY, None)


def start_address(template_id: str) -> str:
    """The address, after Harbour's own, that opens Write with a new entry of this template (for a bookmark). It is
    the root's, which every visitor may open: Write for someone signed in, else Welcome, keeping the query."""
    return f"/?{START}={template_id}"


def take_start(known: Iterable[str]) -> str | None:
    """For Write: the template a bookmarked address asks to start, if it is one of these; once, so a reload doesn't
    start another. Someone signed out signs in on Welcome first, which leaves the address's query alone."""
    asked = st.query_params.get(START)
    if asked is None:
        return None
    del st.query_params[START]
    return asked if asked in set(known) else None
