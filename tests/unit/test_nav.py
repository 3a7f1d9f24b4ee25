"""journal/ui/nav.py names every page once: every file in pages/ is in it, and the menu each kind of visitor gets
keeps the addresses, titles and order that people (and the e2e journeys) know."""

from __future__ import annotations

from pathlib import Path

import pytest

from journal.accounts import User
from journal.ui import nav
from journal.ui.nav import Visitor

ROOT = Path(__file__).resolve().parents[2]

REFLECT = [("write", "Write"), ("journal", "Journal"), ("wins", "Wins"), ("people", "People you meet"),
           ("reflective_account", "Reflective account"), ("revalidation", "Revalidation and CPD")]  # fmt: skip
PATTERNS = [("trends", "Trends"), ("burnout", "Burnout check-in")]
TOGETHER = [("groups", "Peer groups"), ("coaching", "Your coach"), ("coaching_others", "People you coach")]
YOURS = [("support", "Support"), ("settings", "Settings"), ("make_it_yours", "Make it yours"),
         ("account", "Your account"), ("your_data", "Your data"),
         ("import_history", "Import"), ("trash", "Trash")]  # fmt: skip
MENUS = {
    Visitor.SIGNED_OUT: {"": [("welcome", "Welcome"), ("support", "Support")]},
    Visitor.MEMBER: {"Reflect": REFLECT, "Patterns": PATTERNS, "Together": TOGETHER, "You": YOURS},
    Visitor.ADMIN: {
        "Reflect": REFLECT, "Patterns": PATTERNS, "Together": TOGETHER,
        "You": [*YOURS, ("admin", "Accounts (admin)")],
    },
    Visitor.DEMO: {
        "Reflect": REFLECT, "Patterns": PATTERNS, "Together": TOGETHER,
        "You": [page for page in YOURS if page[0] != "account"],
    },
}  # fmt: skip


def test_every_page_file_is_in_the_registry_and_every_entry_has_its_file() -> None:
    files = {path.relative_to(ROOT).as_posix() for path in (ROOT / "pages").glob("*.py")}
    named = [place.file for place in nav.PLACES]
    assert len(named) == len(set(named)), "a page is named twice"
    assert sorted(files - set(named)) == [], "pages/ has a file nav.PLACES doesn't name: nobody could reach it"
    assert sorted(set(named) - files) == [], "nav.PLACES names a page file that doesn't exist"


@pytest.mark.parametrize("who", list(Visitor), ids=lambda v: v.value)
def test_each_visitor_gets_the_menu_they_always_had(who: Visitor) -> None:
    menu = {section: [(p.url_path, p.title) for p in items] for section, items in nav.places(who).items()}
    assert menu == MENUS[who]
    assert list(menu) == list(MENUS[who])  # the sections' order too


@pytest.mark.parametrize("who", list(Visitor), ids=lambda v: v.value)
def test_each_visitor_lands_on_exactly_one_page(who: Visitor) -> None:
    landing = [p.url_path for items in nav.places(who).values() for p in items if p.default]
    assert landing == ["welcome" if who is Visitor.SIGNED_OUT else "write"]


def test_who_counts_as_which_visitor() -> None:
    member, admin = User("m", "member", is_admin=False), User("a", "admin", is_admin=True)
    assert nav.visitor(None, exploring=False) is Visitor.SIGNED_OUT
    assert nav.visitor(member, exploring=False) is Visitor.MEMBER
    assert nav.visitor(admin, exploring=False) is Visitor.ADMIN
    assert nav.visitor(admin, exploring=True) is Visitor.DEMO  # the example journal administers nobody
    assert nav.visitor(member, exploring=True) is Visitor.DEMO


def test_the_bookmark_address_is_the_root_that_every_visitor_may_open() -> None:
    # Signed out, the root is Welcome (no "page not found"); signed in, it is Write, which takes the query once.
    assert nav.start_address("checkin") == "/?start=checkin"
    landing = {p.url_path for who in Visitor for items in nav.places(who).values() for p in items if p.default}
    assert landing == {"welcome", nav.WRITE.url_path}
