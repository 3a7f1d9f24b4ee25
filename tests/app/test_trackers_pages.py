"""Personal trackers through app.py: made on Make it yours, answered on Write (today and an earlier day), and shown
on Trends beside energy and mood, with enough data and without; a tracker's name only ever as text."""

from __future__ import annotations

import uuid
from datetime import timedelta

import pytest

from journal.content.library import library
from journal.reflect import entries
from journal.reflect import trackers as reflect
from journal.reflect.entries import EntryInput
from journal.ui import nav
from tests.app.conftest import app_store, markdown, sign_up_on, texts, user_id
from tests.factories import TODAY

pytestmark = pytest.mark.usefixtures("fixed_clock")
MARKUP = "**took** a [break](https://e.vil)"  # shown as typed, never as bold or a link


def add(at, name: str, kind: str = "yes_no", low: str = "", high: str = ""):
    at.text_input(key="trackers.new.name").input(name)
    at.radio(key="trackers.new.kind").set_value(kind)
    at.text_input(key="trackers.new.low").input(low)
    at.text_input(key="trackers.new.high").input(high)
    return at.button(key="FormSubmitter:trackers.new-Add the tracker").click().run()


def shown_anywhere_as_markdown(at, words: str) -> bool:
    return any(words in m for m in markdown(at)) or any(words in e.value for e in at.error)


def test_make_it_yours_makes_five_refuses_a_sixth_and_puts_away_and_back(app) -> None:
    at = sign_up_on(app, nav.MAKE_IT_YOURS.file)
    assert any("No trackers yet" in m for m in markdown(at))
    add(at, MARKUP)
    assert not at.exception
    assert MARKUP in texts(at) and not shown_anywhere_as_markdown(at, "break")
    add(at, "slept well", "scale", "barely", "soundly")
    assert "1 = barely · 5 = soundly" in texts(at)
    for n in range(3):
        add(at, f"thing {n}")
    add(at, "a sixth")
    assert [e.value for e in at.error] and "Put one away" in at.error[0].value
    assert at.text_input(key="trackers.new.name").value == "a sixth"  # what they typed stays
    with app_store() as db:
        live = reflect.live(db, user_id(at))
    assert [t.name for t in live] == [MARKUP, "slept well", "thing 0", "thing 1", "thing 2"]
    at.button(key=f"trackers.down.{live[0].id}").click().run()
    at.button(key=f"trackers.away.{live[2].id}").click().run()
    assert not at.exception
    with app_store() as db:
        assert [t.name for t in reflect.live(db, user_id(at))] == ["slept well", MARKUP, "thing 1", "thing 2"]
    assert "0 days kept" in [c.value for c in at.caption]
    at.button(key=f"trackers.back.{live[2].id}").click().run()
    with app_store() as db:
        assert [t.name for t in reflect.live(db, user_id(at))][-1] == "thing 0"


def test_rename_keeps_the_days(app) -> None:
    at = sign_up_on(app, nav.MAKE_IT_YOURS.file)
    with app_store() as db:
        tracker = reflect.create(db, user_id(at), "on time", "yes_no")
        reflect.record(db, user_id(at), tracker.id, TODAY, 1)
    at.run()
    at.text_input(key=f"trackers.rename.{tracker.id}.name").input("finished on time")
    at.button(key=f"FormSubmitter:trackers.rename.{tracker.id}.form-Save the new name").click().run()
    assert "finished on time" in texts(at)
    with app_store() as db:
        assert reflect.values_on(db, user_id(at), TODAY) == {tracker.id: 1}


def test_write_keeps_todays_answer_at_once_and_clears_it_and_fills_an_earlier_day(app) -> None:
    at = sign_up_on(app, nav.WRITE.file)
    assert not any("Today's trackers" in m for m in markdown(at))  # nothing until there are trackers
    with app_store() as db:
        brk = reflect.create(db, user_id(at), MARKUP, "yes_no")
        sleep = reflect.create(db, user_id(at), "slept", "scale", "barely", "soundly")
    at.run()
    assert any("Today's trackers" in m for m in markdown(at)) and MARKUP in texts(at)
    at.radio(key=f"trackers.today.{TODAY.isoformat()}.{brk.id}").set_value(1).run()
    at.radio(key=f"trackers.today.{TODAY.isoformat()}.{sleep.id}").set_value(4).run()
    with app_store() as db:
        assert reflect.values_on(db, user_id(at), TODAY) == {brk.id: 1, sleep.id: 4}
    at.radio(key=f"trackers.today.{TODAY.isoformat()}.{sleep.id}").set_value(2).run()  # changed
    at.button(key=f"trackers.today.{TODAY.isoformat()}.{brk.id}.clear").click().run()
    assert not at.exception
    with app_store() as db:
        assert reflect.values_on(db, user_id(at), TODAY) == {sleep.id: 2}
    assert at.radio(key=f"trackers.today.{TODAY.isoformat()}.{brk.id}").value is None
    earlier = TODAY - timedelta(days=3)
    at.date_input(key="trackers.earlier").set_value(earlier).run()
    at.radio(key=f"trackers.earlier.{earlier.isoformat()}.{brk.id}").set_value(0).run()
    with app_store() as db:
        assert reflect.values_on(db, user_id(at), earlier) == {brk.id: 0}
    assert at.date_input(key="trackers.earlier").max == TODAY - timedelta(days=1)  # never a future day, nor today


@pytest.mark.parametrize(("without", "enough"), [(2, False), (3, True)])
def test_trends_shows_a_tracker_beside_energy_and_mood_once_there_is_enough(app, without: int, enough: bool) -> None:
    at = sign_up_on(app, nav.WRITE.file)
    with app_store() as db:
        me = user_id(at)
        brk = reflect.create(db, me, MARKUP, "yes_no")
        for n in range(3 + without):
            inp = EntryInput("free", {"text": "A shift."}, mood=3, energy=4 if n < 3 else 2)
            inp.entry_date = TODAY - timedelta(days=n)
            entries.save_new(db, me, str(uuid.uuid4()), inp, library())
            reflect.record(db, me, brk.id, inp.entry_date, 1 if n < 3 else 0)
    at.switch_page(nav.TRENDS.file).run()
    assert not at.exception
    assert any("Your trackers" in h.value for h in at.header)
    (sentence,) = [t for t in texts(at) if t.startswith(f"\u201c{MARKUP}\u201d")]
    charts = at.get("vega_lite_chart")
    if enough:
        assert "your energy averaged 4.0" in sentence and "against 2.0" in sentence
        assert any("Energy and mood, side by side" in str(c.proto.spec) for c in charts)
    else:
        assert "not enough data yet" in sentence and "2 of 3 days you marked it no" in sentence
        assert not any("Energy and mood, side by side" in str(c.proto.spec) for c in charts)
    assert not shown_anywhere_as_markdown(at, "e.vil")


def test_an_answer_refused_on_write_says_why_and_keeps_nothing(app) -> None:
    at = sign_up_on(app, nav.WRITE.file)
    with app_store() as db:
        brk = reflect.create(db, user_id(at), "took a break", "yes_no")
    at.run()
    with app_store() as db:
        reflect.put_away(db, user_id(at), brk.id)  # on Make it yours in another tab, while Write was open
    at.radio(key=f"trackers.today.{TODAY.isoformat()}.{brk.id}").set_value(1).run()
    assert not at.exception
    assert [e.value for e in at.error] and "put away" in at.error[0].value
    with app_store() as db:
        assert reflect.values_on(db, user_id(at), TODAY) == {}
