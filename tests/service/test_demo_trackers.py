"""The demo's two trackers: filled on most days of its year, related to energy believably enough that Trends shows
the comparison, the same every time, and refreshed in place."""

from __future__ import annotations

import pytest

from journal.content.library import Library
from journal.demo import trackers as demo_trackers
from journal.demo.year import build_demo
from journal.reflect import trackers as reflect
from journal.store import Database
from journal.store import trackers as repo
from tests.factories import TODAY

pytestmark = pytest.mark.usefixtures("fixed_clock")


def answers(db: Database, user_id: str) -> list[tuple[str, str, int]]:
    """(tracker name, day, value) of every answer, whatever the trackers' ids."""
    names = {t.id: t.name for t in reflect.all_trackers(db, user_id)}
    days = repo.days(db, user_id)
    return sorted((names[t], str(d), int(v)) for t, d, v in days.itertuples(index=False))


def test_two_trackers_most_days_and_a_comparison_to_show(db: Database, lib: Library) -> None:
    build_demo(db, lib, today=TODAY, together=False)
    (user_id,) = db.one("SELECT id FROM users WHERE username_key = 'demo'") or ()
    demo_trackers.build(db, user_id, lib, TODAY)
    first = answers(db, user_id)
    demo_trackers.build(db, user_id, lib, TODAY)  # a refresh replaces them: still two, the same answers
    trackers = reflect.live(db, user_id)
    assert [(t.name, t.kind) for t in trackers] == [("Took a proper break", "yes_no"), ("Slept well", "scale")]
    assert answers(db, user_id) == first
    days = repo.days(db, user_id)
    for tracker in trackers:
        answered = days[days["tracker_id"] == tracker.id]
        assert 0.75 * demo_trackers.DAYS <= len(answered) < demo_trackers.DAYS
        assert answered["day"].max().date() <= TODAY
    found = reflect.comparisons(db, user_id, None, TODAY)
    assert [c.enough for c in found] == [True, True]
    for comparison in found:  # better days went with a break and a good night, as in the story
        assert comparison.with_.energy > comparison.without.energy + 0.3
