"""A peer group in three browsers: Ada facilitates, Ben and Cleo join by code; they share scores, post wins, and
see group figures only for weeks that at least k members shared.

How the weeks are arranged. A week's figures exist only once the week (Monday to Sunday) has closed, and are
worked out once, from whoever is approved and sharing at that moment, then kept. Real weeks don't close during
a test, so the history is written before the server starts (it opens the database file for itself alone),
through the same services a person uses, with their clocks set back. Counting back from the Monday of this week
(W0), W-1 is last week, W-5 five weeks ago:

- Everyone has a check-in every day from W-5 to today: Ada mood 2 / energy 2, Ben 3 / 4, Cleo 4 / 5.
  So in a week all three shared the noise-free means are mood 3.0 and energy 3.7; what shows has noise in it.
- "Night shift circle" (k = 3), the group they already share: made on W-5's Monday; Ben and Cleo join and
  are approved then; Ada and Ben share their scores. On W-3's Monday Cleo starts sharing too, and that
  change settles the weeks closed by then, W-5 and W-4, from the two who were sharing: hidden, fewer than 3.
  W-3, W-2 and W-1 are settled when first seen in a browser, with three sharing: figures with their
  "about ±", and "3 or more members", never the number.
- "Ward 7 regroup" (k = 5 as made), the group the journey is about: Ada made it on W-3's Monday and shares
  her scores; no one else is in it. Its closed weeks, W-3 to W-1, are settled when Ada first opens it in the
  browser, with one member sharing: hidden, and they stay hidden however many join and share afterwards.

In the browsers Ada makes a new join code (the first was shown only when the group was made), sets k to 3,
and approves Ben and Cleo, who asked to join with the code; each of them turns on sharing with their password;
Ben posts a win as "a member" and Cleo one with her name, and each browser sees what the others posted, never
anyone's entries. A Ward 7 week closing after this would be settled from the three of them at k = 3; the test
can't wait for one, so "Night shift circle" shows what such weeks look like next to weeks below k.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from pathlib import Path
from time import sleep

import pytest
from e2e_support import PASSWORD, AppServer, Harbour, person_in_own_browser
from playwright.sync_api import Browser, Locator, expect

from journal import accounts
from journal.clock import utcnow
from journal.content.library import library
from journal.reflect import entries
from journal.reflect.entries import EntryInput
from journal.store import Database
from journal.together.groups import codes as group_codes
from journal.together.groups import figures as group_figures
from journal.together.groups import membership as groups

HISTORY = "Night shift circle"
WARD = "Ward 7 regroup"
SCORES = {"Ada": (2, 2), "Ben": (3, 4), "Cleo": (4, 5)}  # (mood, energy) every day
# Words in each person's own entries: they must never reach anyone else's screen.
PRIVATE = {
    "Ada": "Quiet worry about the staffing review",
    "Ben": "Kept my temper with the agency desk",
    "Cleo": "Thinking about leaving the ward",
}
BEN_WIN_ENTRY = "Sorted the rota swap for the twins' birthday, after the row with Sister Okafor."
BEN_POST = "Sorted a tricky rota swap and nobody lost out."
CLEO_WIN_ENTRY = "Got the whole team to the debrief, even the night staff who never come."
CLEO_POST = "Got the whole team to the debrief."
K_HIDDEN_3 = "fewer than 3 members shared"
K_HIDDEN_5 = "fewer than 5 members shared"
HIDDEN_ROW = [K_HIDDEN_3] * 3
SHOWN_ROW = [  # three members' weeks: noisy means with their "about ±", the area with its share of members
    re.compile(r"^[1-5]\.\d \(about ±\d\.\d\), 3 or more members$"),
    re.compile(r"^[1-5]\.\d \(about ±\d\.\d\), 3 or more members$"),
    re.compile(r"^.+ \(\d+% of members, about ±\d+\)$"),
]
MARGIN = timedelta(minutes=3)  # longer than the journey takes


@dataclass(frozen=True)
class Weeks:
    """The Mondays the history was written around (see the module's docstring)."""

    this: date  # W0

    def ago(self, n: int) -> date:
        return self.this - timedelta(weeks=n)


def _at(day: date) -> datetime:
    return datetime.combine(day, time(9))


def _not_as_the_week_turns() -> None:
    """Everything below is counted from this week's Monday, by the server's clock (UTC): a run starting in the
    last minutes of a Sunday waits for Monday, so that no week closes during the journey."""
    now = utcnow()
    next_monday = datetime.combine(group_figures.week_start(now.date()) + timedelta(weeks=1), time())
    if next_monday - now < MARGIN:
        sleep((next_monday - now).total_seconds() + 1)


@pytest.fixture
def weeks(db_path: Path) -> Weeks:
    """Three colleagues' journals and two groups' history, written before the server opens the file."""
    _not_as_the_week_turns()
    today = utcnow().date()  # the server's clock: group weeks follow UTC days
    w = Weeks(group_figures.week_start(today))
    lib = library()
    db = Database(db_path)
    try:
        people = {name: accounts.create_account(db, name, PASSWORD, now=_at(w.ago(6))) for name in SCORES}
        for name, (mood, energy) in SCORES.items():
            day = w.ago(5)
            while day <= today:
                inp = EntryInput("checkin", {"line": PRIVATE[name]}, mood=mood, energy=energy, entry_date=day)
                entries.save_new(db, people[name].id, str(uuid.uuid4()), inp, lib)
                day += timedelta(days=1)
        for name, text in (("Ben", BEN_WIN_ENTRY), ("Cleo", CLEO_WIN_ENTRY)):
            win = EntryInput("win", {"the_win": text}, is_win=True, entry_date=today - timedelta(days=1))
            entries.save_new(db, people[name].id, str(uuid.uuid4()), win, lib)
        ada, ben, cleo = (people[n].id for n in SCORES)
        scores = groups.Sharing(scores=True)

        start = _at(w.ago(5))
        circle = groups.create_group(db, ada, HISTORY, k=3, now=start)
        gid = circle.group.id
        for member in (ben, cleo):
            groups.join_with_code(db, member, circle.code, now=start)
            groups.approve(db, ada, gid, member, now=start)
        for member in (ada, ben):
            groups.set_sharing(db, member, gid, scores, PASSWORD, now=start)
        groups.set_sharing(db, cleo, gid, scores, PASSWORD, now=_at(w.ago(3)))  # settles W-5 and W-4 first

        ward = groups.create_group(db, ada, WARD, now=_at(w.ago(3)))
        groups.set_sharing(db, ada, ward.group.id, scores, PASSWORD, now=_at(w.ago(3)))
    finally:
        db.close()
    return w


@pytest.fixture
def app_server(weeks: Weeks, app_server: AppServer) -> AppServer:
    """The server starts only once the history is written."""
    return app_server


@pytest.fixture
def ben(browser: Browser, app_server: AppServer) -> Iterator[Harbour]:
    yield from person_in_own_browser(browser, app_server)


@pytest.fixture
def cleo(browser: Browser, app_server: AppServer) -> Iterator[Harbour]:
    yield from person_in_own_browser(browser, app_server)


# -- steps ------------------------------------------------------------------------------------------------
def _arrive(h: Harbour, name: str) -> None:
    h.open()
    h.sign_in(name)
    h.go_to("Peer groups")


def _card(h: Harbour, group: str) -> Locator:
    """A group's card on the list of your groups (the innermost block holding its name)."""
    return h.page.get_by_test_id("stVerticalBlock").filter(has=h.page.get_by_text(group, exact=True)).last


def _open(h: Harbour, group: str) -> None:
    back = h.page.get_by_role("button", name="Back to your groups")
    if back.count():
        h.rerun(back.click)
    h.rerun(_card(h, group).get_by_role("button", name="Open").click)
    expect(h.page.get_by_test_id("stText").filter(has_text=group).first).to_be_visible()


def _tab(h: Harbour, name: str) -> None:
    h.page.get_by_role("tab", name=name).click()  # switching tabs runs nothing on the server


def _table(h: Harbour) -> list[list[str]]:
    """The open group's closed weeks as the table shows them, newest first: week, mood, energy, most common area.

    Streamlit draws the table on a canvas and keeps the same cells in an accessible table beside it."""
    if not h.page.get_by_role("switch", name="Show every closed week as a table").is_checked():
        h.rerun(h.page.get_by_text("Show every closed week as a table", exact=True).click)
    frame = h.page.get_by_test_id("stDataFrame")
    expect(frame.get_by_test_id("glide-cell-0-0")).to_be_attached()
    rows = frame.locator("tr:has(td[role=gridcell])")
    return [row.locator("td").all_text_contents()[:4] for row in rows.all()]


def _week(day: date) -> str:
    return day.strftime("%d %b %Y")


def _join(h: Harbour, code: str) -> None:
    page = h.page
    expect(_card(h, HISTORY).get_by_text("You're a member", exact=True)).to_be_visible()
    page.get_by_label("Join code", exact=True).fill(code)  # inside a form: sent with the button
    h.click("Ask to join")
    expect(page.get_by_text("Request sent.", exact=False)).to_be_visible()
    waiting = _card(h, WARD)
    expect(waiting.get_by_text("Waiting for the facilitator to approve your request.", exact=False)).to_be_visible()
    expect(waiting.get_by_role("button", name="Open")).to_have_count(0)  # nothing of the group until approved


def _approve(h: Harbour, name: str) -> None:
    row = h.page.get_by_test_id("stHorizontalBlock").filter(has=h.page.get_by_text(name, exact=True))
    h.rerun(row.get_by_role("button", name="Approve").click)
    expect(h.page.get_by_text("Approved.", exact=True)).to_be_visible()


def _share_scores(h: Harbour, *, try_without_password: bool = False) -> None:
    """The consent screen: what the group would see, then the password to turn sharing on."""
    page = h.page
    _tab(h, "What I share")
    expect(page.get_by_text("Each figure only when at least 3 members shared that week.")).to_be_visible()
    expect(
        page.get_by_text("Never your entries, your words, or your scores on their own.", exact=False)
    ).to_be_visible()
    scores = page.get_by_role("checkbox", name="Share my daily mood and energy scores")
    expect(scores).not_to_be_checked()
    page.get_by_text("Share my daily mood and energy scores", exact=True).click()  # in a form: nothing sent yet
    if try_without_password:
        h.click("Save my choices")
        expect(page.get_by_text(groups.NEEDS_PASSWORD)).to_be_visible()
    page.get_by_label("Your password (needed only to turn sharing on)").fill(PASSWORD)
    h.click("Save my choices")
    expect(page.get_by_text("Your choices are saved. They apply from this week.")).to_be_visible()
    _tab(h, "What I share")
    expect(scores).to_be_checked()


def _post_win(h: Harbour, text: str, *, named: bool) -> None:
    page = h.page
    h.go_to("Peer groups")  # back to the group later
    _tab(h, "Meeting")
    page.get_by_text("Post one of your wins", exact=True).click()  # opening an expander runs nothing
    box = page.get_by_label("What the group will see", exact=False)
    expect(box).to_be_visible()
    h.commit(box, text)
    expect(box).to_have_value(text)
    choice = "with my name" if named else "as “a member”"
    option = page.get_by_role("radiogroup", name="Post it").get_by_role("radio", name=choice, exact=True)
    if not option.is_checked():  # choosing what is already chosen runs nothing on the server: nothing to wait for
        h.choose("Post it", choice)
    h.click("Post to the wins wall")
    expect(page.get_by_text("Posted to the wins wall.")).to_be_visible()


def _post(h: Harbour, text: str) -> Locator:
    """A post on the wins wall: the innermost block showing its text (not the poster's own text box)."""
    shown = h.page.get_by_test_id("stText").get_by_text(text, exact=True)
    return h.page.get_by_test_id("stVerticalBlock").filter(has=shown).last


def _sees_no_one_elses_words(h: Harbour, me: str) -> None:
    html = h.page.content()
    for name, words in PRIVATE.items():
        assert words not in html, f"{me} saw {name}'s entry"
    if me != "Ben":
        assert "Sister Okafor" not in html and "twins" not in html, f"{me} saw Ben's win entry"
    if me != "Cleo":
        assert "night staff" not in html, f"{me} saw Cleo's win entry"


def test_peer_group_join_share_and_wins_wall_in_three_browsers(
    weeks: Weeks, harbour: Harbour, ben: Harbour, cleo: Harbour
) -> None:
    ada, page = harbour, harbour.page
    ward_weeks = [_week(weeks.ago(n)) for n in (1, 2, 3)]

    # Ada opens the Ward 7 group: its closed weeks settle now, with her alone sharing, so every figure is hidden.
    _arrive(ada, "Ada")
    expect(_card(ada, WARD).get_by_text("You facilitate this group", exact=True)).to_be_visible()
    _open(ada, WARD)
    expect(page.get_by_text(re.compile(r"^1 member in the group · .* · you facilitate this group$"))).to_be_visible()
    expect(page.get_by_text("No figures yet:", exact=False)).to_be_visible()
    assert _table(ada) == [[week, K_HIDDEN_5, K_HIDDEN_5, K_HIDDEN_5] for week in ward_weeks]

    # The first code was shown only when the group was made: she makes a new one to hand over, and sets k to 3.
    _tab(ada, "Running the group")
    expect(page.get_by_text("it can't be shown again", exact=False)).to_be_visible()
    ada.click("Make a new join code")
    _tab(ada, "Running the group")
    code = page.get_by_test_id("stCode").locator("code").inner_text().strip()
    assert group_codes.normalise_code(code)
    k_box = page.get_by_label("Fewest members behind any figure (k)")
    expect(k_box).to_have_value("5")
    expect(k_box).to_have_attribute("min", str(groups.MIN_K))
    step_down = page.get_by_test_id("stNumberInputStepDown")
    step_down.click()  # inside a form: nothing is sent until the button
    step_down.click()
    expect(k_box).to_have_value("3")
    expect(step_down).to_be_disabled()  # 3 is as low as k goes
    ada.click("Save group settings")
    expect(page.get_by_text("Group settings saved.", exact=True)).to_be_visible()
    _tab(ada, "Running the group")
    expect(k_box).to_have_value("3")
    expect(page.get_by_text("Requests to join (0)", exact=True)).to_be_visible()

    # Ben and Cleo ask to join with the code, and wait.
    _arrive(ben, "Ben")
    _join(ben, code)
    _arrive(cleo, "Cleo")
    _join(cleo, code)

    # Ada approves both.
    ada.go_to("Peer groups")  # still on her group
    _tab(ada, "Running the group")
    expect(page.get_by_text("Requests to join (2)", exact=True)).to_be_visible()
    _approve(ada, "Ben")
    _tab(ada, "Running the group")
    _approve(ada, "Cleo")
    _tab(ada, "Running the group")
    expect(page.get_by_text("Requests to join (0)", exact=True)).to_be_visible()
    for member in ("Ada (facilitator)", "Ben", "Cleo"):
        expect(page.get_by_test_id("stText").filter(has_text=member).first).to_be_visible()

    # Each member reads what sharing means (k = 3 now), and turns it on with their password.
    for person, first in ((ben, True), (cleo, False)):
        person.go_to("Peer groups")
        expect(_card(person, WARD).get_by_text("You're a member", exact=True)).to_be_visible()
        _open(person, WARD)
        expect(person.page.get_by_text(re.compile(r"^3 members in the group · "))).to_be_visible()
        _share_scores(person, try_without_password=first)

    # Wins: Ben's as "a member", in words of his own; Cleo's with her name.
    _post_win(ben, BEN_POST, named=False)
    _post_win(cleo, CLEO_POST, named=True)
    for person in (ada, ben, cleo):
        person.go_to("Peer groups")
        _tab(person, "Meeting")
        ppage = person.page
        bens, cleos = _post(person, BEN_POST), _post(person, CLEO_POST)
        expect(bens).to_be_visible()
        expect(bens.get_by_text("A member ·", exact=False)).to_be_visible()
        expect(bens.get_by_text("Ben", exact=False)).to_have_count(0)
        expect(cleos).to_be_visible()
        expect(cleos.get_by_text("— Cleo", exact=True)).to_be_visible()
        mine = {ben: 1, cleo: 1, ada: 0}[person]
        expect(ppage.get_by_role("button", name="Take it down")).to_have_count(mine)
        # The closed weeks stay as they were settled: three sharing now changes none of them.
        assert _table(person) == [[week, K_HIDDEN_5, K_HIDDEN_5, K_HIDDEN_5] for week in ward_weeks]
        expect(ppage.get_by_text("No figures yet:", exact=False)).to_be_visible()
        _sees_no_one_elses_words(person, {ada: "Ada", ben: "Ben", cleo: "Cleo"}[person])

    # The facilitator's list of members says who is in the group, never whether or what they share.
    _tab(ada, "Running the group")
    for name in ("Ben", "Cleo"):
        row = page.get_by_test_id("stHorizontalBlock").filter(has=page.get_by_text(name, exact=True))
        expect(row.get_by_test_id("stText")).to_have_text([name])
        expect(row.get_by_role("button")).to_have_text(["Remove"])

    # The group they already share: the weeks settled with two sharing are hidden, those with three show.
    latest = _week(weeks.ago(1))
    caption = re.compile(
        rf"In the week of {latest}, members' mean mood was about [1-5]\.\d \(±\d\.\d, from 3 or more members\); "
        r"members' mean energy was about [1-5]\.\d \(±\d\.\d, from 3 or more members\)\."
    )
    for person, name in ((ada, "Ada"), (ben, "Ben"), (cleo, "Cleo")):
        _open(person, HISTORY)
        _tab(person, "Meeting")
        expect(person.page.get_by_text(caption)).to_be_visible()
        expect(person.page.get_by_test_id("stVegaLiteChart").first).to_be_visible()
        table = _table(person)
        assert [row[0] for row in table] == [_week(weeks.ago(n)) for n in (1, 2, 3, 4, 5)]
        for row in table[:3]:
            assert all(pattern.match(cell) for pattern, cell in zip(SHOWN_ROW, row[1:], strict=True)), row
        assert [row[1:] for row in table[3:]] == [HIDDEN_ROW, HIDDEN_ROW]
        _sees_no_one_elses_words(person, name)

    for person in (ada, ben, cleo):
        person.requests.assert_only_local()
