"""Issue 12: nothing from a file or another person ever renders as markdown, so nothing in it can make a browser
fetch anything or show a link Harbour didn't write.

A little web server on 127.0.0.1 counts every request it gets. Every text the files and the other people carry
(entry words, prompt text and id, tags, time zones, titles, mood labels, activities, zip member names,
usernames, a group's name, a win on a group's wall, a coach's note) holds a markdown image, a markdown link,
raw HTML and a bare address, all pointing at it. The files go in through the real Import page; then every page
that shows them is opened as the owner, as their coach and as another member of their peer group. The server
must count no request at all, and no page may hold an image, a link or anything else whose address Harbour
didn't write (anything but the app's own origin).
"""

from __future__ import annotations

import io
import json
import threading
import uuid
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from e2e_support import PASSWORD, AppServer, Harbour, person_in_own_browser
from playwright.sync_api import Browser, expect

from journal import accounts
from journal.content import regulators
from journal.content.library import library
from journal.reflect import entries
from journal.reflect.entries import EntryInput
from journal.store import Database
from journal.store import entries as entries_repo
from journal.together import coaching
from journal.together.groups import membership as groups
from journal.together.groups import wall as group_wall

OWNER = "Olu"
TODAY = datetime.now(UTC).date()  # the server's own today (UTC): files are dated so its pages show them

# Every element and attribute that can carry an address, checked on every page: an address is fine only when it
# is the app's own (or data:/blob: that the page made itself), or a link Harbour's reviewed content writes itself
# (HARBOURS_LINKS: exactly those addresses, as links, never anything fetched).
HARBOURS_LINKS = [regulators.load().disclosure.url]
_FOREIGN_JS = """([port, ours]) => {
  const found = [];
  const attrs = ["src", "href", "srcset", "poster", "data", "action", "formaction", "xlink:href", "background",
                 "style"];
  for (const el of document.querySelectorAll("*")) {
    for (const name of attrs) {
      const value = el.getAttribute(name);
      if (!value) continue;
      if (value.includes(`127.0.0.1:${port}`)) { found.push(`<${el.tagName.toLowerCase()} ${name}="${value}">`);
                                                 continue; }
      if (name === "style") {
        if (/url\\(\\s*['"]?\\s*(https?:)?\\/\\//i.test(value)) found.push(`<${el.tagName.toLowerCase()} style>`);
        continue;
      }
      for (const part of name === "srcset" ? value.split(",").map(s => s.trim().split(/\\s+/)[0]) : [value]) {
        let url;
        try { url = new URL(part, location.href); } catch { found.push(`unreadable ${name}="${part}"`); continue; }
        if (["data:", "blob:"].includes(url.protocol) && el.tagName !== "A") continue;
        if (el.tagName === "A" && name === "href" && ours.includes(part)) continue;
        if (url.origin !== location.origin) found.push(`<${el.tagName.toLowerCase()} ${name}="${part}">`);
      }
    }
  }
  return found;
}"""


class Canary:
    """A web server on 127.0.0.1 that counts every request: any request at all means something was fetched."""

    def __init__(self) -> None:
        self.requests: list[str] = []
        seen = self.requests

        class Handler(BaseHTTPRequestHandler):
            def _answer(self) -> None:
                seen.append(f"{self.command} {self.path}")
                self.send_response(200)
                self.send_header("Content-Type", "image/gif")
                self.send_header("Content-Length", "0")
                self.end_headers()

            do_GET = do_HEAD = do_POST = do_OPTIONS = _answer

            def log_message(self, *args: object) -> None:  # quiet
                pass

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.port = self._server.server_address[1]
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}/{path}"

    def bait(self, name: str) -> str:
        """All four ways markdown could reach the server: an image, a link, raw HTML and a bare address."""
        return (
            f"![{name}]({self.url(name + '.png')}) [{name}]({self.url(name)}) "
            f"<img src={self.url(name + '-html.png')}> {self.url(name + '-auto')}"
        )

    def tags(self, name: str) -> list[str]:
        """One of each, as tags (a tag holds 40 characters)."""
        return [
            f"![t]({self.url(name + '1.png')})",
            f"[t]({self.url(name + '2')})",
            f"<img src={self.url(name + '3.png')}>",
            self.url(name + "4"),
        ]

    def close(self) -> None:
        self._server.shutdown()
        self._server.server_close()


@dataclass
class Watch:
    """What each page looked like, checked as the journey goes: anything with a foreign address, by page."""

    canary: Canary
    foreign: list[str] = field(default_factory=list)
    pages: int = 0

    def look(self, h: Harbour, where: str) -> None:
        self.pages += 1
        found = h.page.evaluate(_FOREIGN_JS, [self.canary.port, HARBOURS_LINKS])
        self.foreign += [f"{where}: {f}" for f in found]

    def assert_nothing_fetched(self, *people: Harbour) -> None:
        people[0].page.wait_for_timeout(300)  # an image starts loading as soon as it is in the page
        asked = [u for h in people for u in h.requests.urls if f":{self.canary.port}" in u]
        problems = [f"fetched: {u}" for u in asked] + [f"the canary got: {r}" for r in self.canary.requests]
        problems += [f"an address Harbour didn't write, on {f}" for f in self.foreign]
        assert not problems, "Text from a file or another person reached markdown:\n" + "\n".join(problems)


@pytest.fixture
def canary() -> Iterator[Canary]:
    server = Canary()
    yield server
    server.close()


@pytest.fixture
def watch(canary: Canary) -> Watch:
    return Watch(canary)


def _visit(h: Harbour, link: str, heading: str | None = None) -> None:
    nav = h.page.get_by_test_id("stSidebar")
    h.rerun(nav.get_by_role("link", name=link, exact=True).click)
    expect(h.heading(heading or link)).to_be_visible()


def _upload(h: Harbour, path: Path) -> None:
    h.rerun(lambda: h.page.get_by_test_id("stFileUploaderDropzoneInput").set_input_files(str(path)))


def _shows(h: Harbour, text: str) -> None:
    """The file's words are on the page, as the characters they are."""
    expect(h.page.get_by_text(text, exact=False).first).to_be_visible()


# -- the files ------------------------------------------------------------------------------------------------
def _moment(day: date, hour: int = 9) -> str:
    return datetime(day.year, day.month, day.day, hour, tzinfo=UTC).isoformat()


def _harbour_file(c: Canary) -> dict:
    """A Harbour export whose every text field is bait (a bad time zone is dropped on import, with a note)."""
    newest, win_day, binned = TODAY - timedelta(days=1), TODAY - timedelta(days=3), TODAY - timedelta(days=2)
    entry = {
        "id": "bait-1", "entry_date": newest.isoformat(), "template": "free", "theme": None,
        "prompt_id": c.bait("prompt-id"), "prompt_text": c.bait("prompt-text"),
        "answers": {"text": c.bait("text"), "prompt": c.bait("prompt-answer")},
        "mood": 4, "energy": 3, "is_win": True, "tags": c.tags("tag"),
        "created_at": _moment(newest), "revision": 2, "source": "harbour",
        "time_zone": f"![z]({c.url('tz.png')})",  # a zone holds 64 characters
    }  # fmt: skip
    win = {
        "id": "bait-2", "entry_date": win_day.isoformat(), "template": "win", "theme": "little_big_things",
        "answers": {"the_win": c.bait("win"), "who_helped": c.bait("helper"), "why_it_matters": c.bait("why")},
        "mood": 5, "energy": 4, "is_win": True, "tags": c.tags("wintag"),
        "created_at": _moment(win_day), "source": "dayone", "time_zone": "Europe/London",
    }  # fmt: skip
    trashed = {
        "id": "bait-3", "entry_date": binned.isoformat(), "template": "checkin", "answers": {"line": c.bait("bin")},
        "mood": 2, "tags": [], "created_at": _moment(binned), "trashed": True, "deleted_at": _moment(TODAY, 0),
    }  # fmt: skip
    draft_input = {
        "template": "free", "answers": {"text": c.bait("draft")}, "mood": None, "energy": None,
        "tags": c.tags("drafttag"), "is_win": False, "theme": None, "prompt_id": c.bait("draft-pid"),
        "prompt_text": c.bait("draft-prompt"), "entry_date": TODAY.isoformat(),
    }  # fmt: skip
    return {
        "format": "harbour", "version": 1, "exported_at": _moment(TODAY, 0),
        "account": {"username": c.bait("account"), "created_at": _moment(TODAY, 0)},
        "entries": [entry, win, trashed],
        "drafts": [{"entry_id": "draft-1", "template": "free", "updated_at": _moment(TODAY, 0), "is_edit": False,
                    "input": draft_input}],
        "burnout_checkins": [],
        "settings": {"reminder_days": c.bait("days")[:60]},
        "reflective_accounts": [{"id": "ra-1", "entry_id": "bait-1", "prepared_at": _moment(TODAY, 0),
                                 "code_themes": [c.url("theme")]}],
    }  # fmt: skip


def _dayone_zip(c: Canary) -> bytes:
    day = TODAY - timedelta(days=5)
    journal = {
        "metadata": {"version": "1.0"},
        "entries": [
            {"uuid": "0A1B", "creationDate": f"{day.isoformat()}T08:00:00Z", "timeZone": c.url("zone")[:60],
             "text": f"# {c.bait('title')}\n\n{c.bait('dayone')}", "tags": c.tags("dtag"), "starred": True},
            {"uuid": "0A1C", "creationDate": f"[d]({c.url('date')})", "text": "never read"},
        ],
    }  # fmt: skip
    again = {"uuid": "0A1D", "creationDate": f"{day.isoformat()}T09:00:00Z", "text": "Plain words."}
    other = {"entries": [again, again]}  # the second is skipped, named by this member's name
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as zf:
        zf.writestr(f"![z]({c.url('member.png')}).json", json.dumps(journal))
        zf.writestr(f"<img src={c.url('member2.png')}>.json", json.dumps(other))
    return out.getvalue()


def _broken_zip(c: Canary) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as zf:
        zf.writestr(f"[b]({c.url('broken')}) ![b]({c.url('broken.png')}).json", "{not json")
    return out.getvalue()


def _daylio_csv(c: Canary) -> str:
    day = TODAY - timedelta(days=6)
    label = f"![m]({c.url('mood.png')})"
    activities = " | ".join(c.tags("act"))
    note = c.bait("note").replace("<", "&lt;").replace(">", "&gt;")  # Daylio writes HTML: this reads as "<img"
    return (
        "full_date,date,weekday,time,mood,activities,note_title,note\n"
        f'{day.isoformat()},{day:%B} {day.day},{day:%A},9:05 pm,{label},"{activities}","{c.bait("note-title")}",'
        f'"{note}"\n'
    )


# -- the import page --------------------------------------------------------------------------------------------
def test_an_import_preview_of_bait_in_every_field_fetches_and_links_nothing(
    harbour: Harbour, canary: Canary, watch: Watch, tmp_path: Path
) -> None:
    page = harbour.page
    harbour.open()
    harbour.create_first_account(OWNER)
    # The canary works: an image the test itself puts in the page is fetched (and left out of the count below).
    page.evaluate("url => { const i = new Image(); i.src = url; }", canary.url("control.png"))
    for _ in range(50):
        if canary.requests:
            break
        page.wait_for_timeout(20)
    assert canary.requests == ["GET /control.png"], canary.requests
    canary.requests.clear()
    harbour.requests.urls.clear()
    _visit(harbour, "Import")

    refused = _harbour_file(canary)
    refused["entries"][0]["template"] = f"![k]({canary.url('kind.png')}) {canary.url('kind')}"
    (tmp_path / "refused.json").write_text(json.dumps(refused), encoding="utf-8")
    _upload(harbour, tmp_path / "refused.json")
    _shows(harbour, "this Harbour doesn't know")
    watch.look(harbour, "Import, a Harbour file refused")

    harbour.choose("Where is it from?", "Day One (JSON export)")
    (tmp_path / "broken.zip").write_bytes(_broken_zip(canary))
    _upload(harbour, tmp_path / "broken.zip")
    _shows(harbour, "inside this zip")
    watch.look(harbour, "Import, a Day One zip refused")
    (tmp_path / "dayone.zip").write_bytes(_dayone_zip(canary))
    _upload(harbour, tmp_path / "dayone.zip")
    _shows(harbour, f"Time zone “{canary.url('zone')}” not recognised")
    page.get_by_text("What will be skipped, and why", exact=False).click()  # opening an expander runs nothing
    watch.look(harbour, "Import, a Day One preview")

    harbour.choose("Where is it from?", "Daylio (CSV export)")
    (tmp_path / "daylio.csv").write_text(_daylio_csv(canary), encoding="utf-8")
    _upload(harbour, tmp_path / "daylio.csv")
    _shows(harbour, f"“![m]({canary.url('mood.png')})” (1 entry)")
    watch.look(harbour, "Import, Daylio's moods")
    page.get_by_role("combobox", name="Level for mood 1").click()  # opening the list runs nothing on the server
    harbour.rerun(lambda: page.get_by_role("option", name="2 · A bit low").click())
    expect(page.get_by_role("button", name="Import 1 entry")).to_be_visible()
    watch.look(harbour, "Import, a Daylio preview")
    harbour.click("Import 1 entry")
    _shows(harbour, "Imported 1 entry.")
    _visit(harbour, "Journal")
    harbour.rerun(page.get_by_role("button", name="Open", exact=True).first.click)
    _shows(harbour, canary.url("note-title-auto"))
    watch.look(harbour, "Journal, the Daylio entry")
    watch.assert_nothing_fetched(harbour)


# -- everyone who sees what came in ---------------------------------------------------------------------------
@dataclass(frozen=True)
class World:
    coach: str  # usernames: a name can hold markdown (only invisible characters are refused)
    peer: str
    group: str
    peer_post: str
    coach_note: str


@pytest.fixture
def world(db_path: Path, canary: Canary) -> World:
    """The owner, their coach and a peer group, made before the server opens the file (one process per file)."""
    c = canary
    w = World(
        coach=f"![c]({c.url('c.png')})",
        peer=f"<img src={c.url('p.png')}>",
        group=f"![g]({c.url('g.png')}) <img src={c.url('gh.png')}>",
        peer_post=c.bait("peer-post"),
        coach_note=c.bait("coach-note"),
    )
    assert len(w.coach) <= accounts.USERNAME_MAX and len(w.peer) <= accounts.USERNAME_MAX
    lib = library()
    db = Database(db_path)
    try:
        owner = accounts.create_account(db, OWNER, PASSWORD)
        coach = accounts.create_account(db, w.coach, PASSWORD)
        peer = accounts.create_account(db, w.peer, PASSWORD)
        # An entry an older Harbour imported before it checked time zones: its zone is stored as the file had it.
        old = TODAY - timedelta(days=20)
        entries_repo.insert(db, entries_repo.Entry(
            id=str(uuid.uuid4()), user_id=owner.id, template="free", theme=None, prompt_id=None,
            prompt_text=None, answers={"text": "Brought over from Day One long ago."},
            body="Brought over from Day One long ago.", mood=3, energy=3, is_win=False, polarity=None,
            subjectivity=None, entry_date=old, created_at=datetime(old.year, old.month, old.day, 8),
            updated_at=datetime(old.year, old.month, old.day, 8), deleted_at=None, revision=1,
            source="dayone", time_zone=c.bait("old-zone"), tags=(),
        ))  # fmt: skip
        invite = coaching.make_invite(db, owner.id)
        coached = coaching.accept_invite(db, coach.id, invite.code)
        for scope in ("share_charts", "share_wins", "share_entries"):
            coaching.share(db, owner.id, coached.id, scope, PASSWORD)
        coaching.add_note(db, coach.id, coached.id, w.coach_note)
        made = groups.create_group(db, peer.id, w.group, k=3)
        groups.join_with_code(db, owner.id, made.code)
        groups.approve(db, peer.id, made.group.id, owner.id)
        peer_win = str(uuid.uuid4())
        entries.save_new(db, peer.id, peer_win, EntryInput("win", {"the_win": "Kept calm."}, is_win=True), lib)
        group_wall.post_win(db, peer.id, made.group.id, peer_win, w.peer_post, named=True)
    finally:
        db.close()
    return w


@pytest.fixture
def coach(browser: Browser, app_server: AppServer) -> Iterator[Harbour]:
    yield from person_in_own_browser(browser, app_server)


@pytest.fixture
def peer(browser: Browser, app_server: AppServer) -> Iterator[Harbour]:
    yield from person_in_own_browser(browser, app_server)


def _open_group(h: Harbour, name: str) -> None:
    card = h.page.get_by_test_id("stVerticalBlock").filter(has=h.page.get_by_text(name, exact=True)).last
    h.rerun(card.get_by_role("button", name="Open").click)
    expect(h.page.get_by_test_id("stText").filter(has_text=name).first).to_be_visible()


def test_bait_imported_shared_and_posted_is_shown_as_text_to_everyone(
    world: World, harbour: Harbour, coach: Harbour, peer: Harbour, canary: Canary, watch: Watch, tmp_path: Path
) -> None:  # `world` first: it is written before the server (started for `harbour`) opens the file
    owner, page, c = harbour, harbour.page, canary
    owner.open()
    owner.sign_in(OWNER)
    _visit(owner, "Import")
    (tmp_path / "harbour.json").write_text(json.dumps(_harbour_file(c)), encoding="utf-8")
    _upload(owner, tmp_path / "harbour.json")
    _shows(owner, "a time zone Harbour can't read")
    watch.look(owner, "Import, a Harbour preview")
    owner.click("Import 3 entries")
    _shows(owner, "Imported 3 entries, 1 draft, 1 reflective account, 1 setting.")
    watch.look(owner, "Import, done")

    _visit(owner, "Write")
    _shows(owner, "Unfinished writing, kept for you")
    watch.look(owner, "Write, with the file's draft")
    owner.rerun(page.get_by_role("button", name="Resume").click)
    _shows(owner, c.url("draft-prompt"))
    watch.look(owner, "Write, the file's draft resumed")
    owner.click("Close — keep as a draft")

    _visit(owner, "Journal")
    watch.look(owner, "Journal, the list")
    owner.rerun(page.get_by_role("button", name="Open", exact=True).first.click)
    _shows(owner, c.url("text-auto"))
    watch.look(owner, "Journal, the file's entry")
    owner.rerun(lambda: page.get_by_text("Shared with this coach", exact=True).click())
    page.get_by_label("Your password", exact=True).fill(PASSWORD)
    share = page.get_by_role("button", name="Share it anyway")
    owner.click("Share it anyway" if share.count() else "Share")
    _shows(owner, "Shared with your coach.")
    owner.click("Edit")
    expect(page.get_by_role("button", name="Save changes")).to_be_visible()
    watch.look(owner, "Journal, editing the file's entry")
    owner.click("Cancel editing")
    owner.click("Back to all entries")
    owner.rerun(page.get_by_role("button", name="Open", exact=True).last.click)
    _shows(owner, "in a time zone Harbour doesn't know")
    watch.look(owner, "Journal, an entry with a stored zone from an older import")
    owner.click("Back to all entries")
    owner.commit(page.get_by_label("Search your words"), "127.0.0.1")
    watch.look(owner, "Journal, searching")

    for link, heading in (("Trends", None), ("Wins", "Little big things"), ("Reflective account", None),
                          ("Trash", None), ("Your coach", None), ("Settings", None), ("Your data", None),
                          ("Accounts (admin)", "Accounts")):  # fmt: skip
        _visit(owner, link, heading)
        watch.look(owner, link)
        if link == "Trends":
            _shows(owner, "lately:")
        elif link == "Your coach":
            _shows(owner, c.url("coach-note-auto"))

    _visit(owner, "Peer groups")
    watch.look(owner, "Peer groups, the list")
    _open_group(owner, world.group)
    _shows(owner, c.url("peer-post-auto"))
    page.get_by_text("Post one of your wins", exact=True).click()  # opening an expander runs nothing
    box = page.get_by_label("What the group will see", exact=False)
    owner.commit(box, c.bait("owner-post"))
    owner.choose("Post it", "with my name")
    owner.click("Post to the wins wall")
    _shows(owner, "Posted to the wins wall.")
    watch.look(owner, "Peer groups, the wins wall")

    coach.open()
    coach.sign_in(world.coach)
    watch.look(coach, "Coach, signed in")
    _visit(coach, "People you coach")
    _shows(coach, c.url("win-auto"))
    watch.look(coach, "Coach, what is shared")
    coach.click("Read it")
    _shows(coach, c.url("text-auto"))
    watch.look(coach, "Coach, the shared entry")

    peer.open()
    peer.sign_in(world.peer)
    _visit(peer, "Peer groups")
    watch.look(peer, "Peer, the list")
    _open_group(peer, world.group)
    _shows(peer, c.url("owner-post-auto"))
    watch.look(peer, "Peer, the wins wall")
    peer.page.get_by_role("tab", name="Running the group").click()  # switching tabs runs nothing on the server
    running = peer.page.get_by_role("tabpanel", name="Running the group")
    expect(running.get_by_text(OWNER, exact=True)).to_be_visible()  # the roster: every member's name
    watch.look(peer, "Peer, running the group")

    assert watch.pages >= 20  # every look above happened
    watch.assert_nothing_fetched(owner, coach, peer)
