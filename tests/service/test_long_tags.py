"""A tag longer than Harbour keeps is refused with a clear message, never cut silently (issue 12 part 5)."""

from __future__ import annotations

import pytest

from journal.accounts import User
from journal.content.library import Library
from journal.reflect.entries import EntryError
from journal.store import Database
from journal.text.cleaning import MAX_TAG_CHARS
from tests.service.test_entries import _save, _table


def test_a_ten_thousand_character_tag_is_refused_and_nothing_is_saved(db: Database, user: User, lib: Library) -> None:
    with pytest.raises(EntryError, match=f"up to {MAX_TAG_CHARS} characters"):
        _save(db, user, lib, tags=["x" * 10_000])
    assert _table(db, "entries") == []


def test_a_tag_of_exactly_the_limit_is_kept_whole(db: Database, user: User, lib: Library) -> None:
    entry = _save(db, user, lib, tags=["y" * MAX_TAG_CHARS])
    assert list(entry.tags) == ["y" * MAX_TAG_CHARS]
