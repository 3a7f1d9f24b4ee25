"""Issue 12: a Harbour file's `source` and `time_zone` are checked, never stored as they came."""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable

import pytest

from journal.accounts import User
from journal.content.library import Library
from journal.portability import formats
from journal.portability import harbour_json as exchange
from journal.portability.harbour_json import ExchangeError
from journal.reflect import entries
from journal.reflect.entries import EntryInput
from journal.store import Database

IMAGE = "![t](http://127.0.0.1:9/t.png)"


def _file(db: Database, user: User, lib: Library, **fields: object) -> str:
    entries.save_new(db, user.id, str(uuid.uuid4()), EntryInput("free", {"text": "hello"}), lib)
    doc = json.loads(exchange.export_json(db, user.id))
    doc["entries"][0].update(fields)
    return json.dumps(doc)


@pytest.fixture
def sam(make_user: Callable[..., User]) -> User:
    return make_user("sam")


def test_an_unreadable_time_zone_is_dropped_with_a_note(db: Database, user: User, sam: User, lib: Library) -> None:
    text = _file(db, user, lib, time_zone=IMAGE)
    found = exchange.preview_json(db, sam.id, text, lib)
    assert any("time zone Harbour can't read" in n for n in found.notices)
    assert not any(IMAGE in n for n in found.notices)
    exchange.import_json(db, sam.id, text, lib)
    stored = json.loads(exchange.export_json(db, sam.id))["entries"]
    assert [e["time_zone"] for e in stored] == [None]


def test_a_known_time_zone_is_kept(db: Database, user: User, sam: User, lib: Library) -> None:
    text = _file(db, user, lib, time_zone="Europe/London")
    assert not any("time zone" in n for n in exchange.preview_json(db, sam.id, text, lib).notices)


def test_an_unknown_source_is_refused(db: Database, user: User, sam: User, lib: Library) -> None:
    text = _file(db, user, lib, source=IMAGE)
    with pytest.raises(ExchangeError, match="isn't one Harbour knows"):
        exchange.preview_json(db, sam.id, text, lib)


@pytest.mark.parametrize("source", formats.IMPORTS)
def test_every_known_source_comes_in(db: Database, user: User, sam: User, lib: Library, source: str) -> None:
    exchange.preview_json(db, sam.id, _file(db, user, lib, source=source), lib)


def test_shown_text_has_no_live_markdown() -> None:
    from journal.ui.widgets import plain

    escaped = plain(IMAGE + " [x](http://h/x) <img src=http://h/i.png>")
    assert "\\!\\[t\\]" in escaped and "\\[x\\]" in escaped and "\\<img" in escaped
