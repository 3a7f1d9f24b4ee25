"""What was written and done between a setback and getting back to usual: several periods read at once, each
getting exactly its own entries (first and last day included), never another person's or the trash's."""

from __future__ import annotations

import uuid
from datetime import date

from journal.reflect import entries, wins
from journal.reflect.entries import EntryInput

DAY = date(2026, 3, 10)


def _write(db, lib, user_id: str, when: date, words: str, **kw) -> str:
    entry_id = str(uuid.uuid4())
    entries.save_new(db, user_id, entry_id, EntryInput("checkin", {"line": words}, mood=3, entry_date=when, **kw), lib)
    return entry_id


def test_each_period_gets_its_own_entries_and_no_one_elses(db, lib, make_user) -> None:
    me, other = make_user("Ruth"), make_user("Other")
    _write(db, lib, me.id, date(2026, 3, 1), "a win on the first day", is_win=True)
    _write(db, lib, me.id, date(2026, 3, 5), "said no to an extra shift", tags=["boundaries"])
    _write(db, lib, me.id, date(2026, 3, 6), "a day outside both periods", is_win=True)
    _write(db, lib, me.id, date(2026, 3, 20), "a win on the last day", is_win=True)
    trashed = _write(db, lib, me.id, date(2026, 3, 18), "a trashed win", is_win=True)
    entries.trash(db, me.id, trashed)
    _write(db, lib, other.id, date(2026, 3, 2), "someone else's win", is_win=True)

    first, second, empty = wins.carried_through(
        db, me.id, [(date(2026, 3, 1), date(2026, 3, 5)), (date(2026, 3, 15), date(2026, 3, 20)), (DAY, DAY)]
    )
    assert [s.snippet for s in first.wins] == ["a win on the first day"]
    assert [s.snippet for s in first.boundaries] == ["said no to an extra shift"]
    assert [s.snippet for s in second.wins] == ["a win on the last day"]
    assert not second.boundaries and not second.connections
    assert empty.empty
    assert wins.carried_through(db, me.id, []) == []
    assert [c.empty for c in wins.carried_through(db, other.id, [(date(2026, 3, 1), date(2026, 3, 20))])] == [False]


def test_overlapping_periods_each_see_the_shared_days(db, lib, make_user) -> None:
    me = make_user("Ruth")
    _write(db, lib, me.id, DAY, "a win in both", is_win=True)
    a, b = wins.carried_through(db, me.id, [(date(2026, 3, 1), DAY), (DAY, date(2026, 3, 31))])
    assert [s.snippet for s in a.wins] == [s.snippet for s in b.wins] == ["a win in both"]
