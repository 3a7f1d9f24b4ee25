"""Write's debrief: how long to keep it, chosen above the form and kept on the entry when saved; the debriefs waiting
with the days each has left, kept longer or deleted now; turned into a learning reflection on Journal with the facts
in it flagged; gone for good once its day has passed, even for someone who didn't open Write meanwhile."""

from __future__ import annotations

from datetime import timedelta

import pytest

from journal import clock
from journal.reflect import debriefs, entries
from journal.text.words import nice_date
from journal.ui import nav
from tests.app.conftest import app_store, by_suffix, markdown, sign_in, sign_up, texts, user_id
from tests.factories import TODAY

pytestmark = pytest.mark.usefixtures("fixed_clock")
RAW = "At 03:40 bed 7 went off; 10 mg given. Driftwood."


def _write_debrief(at, days: int | None = None):
    at.button(key=f"pick.{debriefs.TEMPLATE}").click().run()
    assert not at.exception
    form = at.session_state["write.open"]
    assert form.template == debriefs.TEMPLATE
    keep_for = at.number_input(key=f"debriefs.days.{form.entry_id}")
    assert keep_for.value == debriefs.DEFAULT_DAYS and keep_for.label == "Keep it for how many days?"
    if days is not None:
        keep_for.set_value(days).run()
    assert any(f"Kept until {nice_date(clock.today() + timedelta(days=days or 14))}" in m for m in markdown(at))
    by_suffix(at.text_area, ".a.what_happened").input(RAW)
    by_suffix(at.button, ".save").click().run()
    by_suffix(at.button, ".keep").click().run()  # the identifiability warning: keep them, they go when it does
    assert not at.exception and "write.open" not in at.session_state
    return form.entry_id


def _waiting_captions(at) -> list[str]:
    return [c.value for c in at.caption if c.value.startswith("Kept ")]


def test_the_keep_for_control_sets_the_day_and_write_counts_it_down(app, fixed_clock) -> None:
    at = sign_up(app(), "Sam")
    entry_id = _write_debrief(at, days=3)
    with app_store() as db:
        assert debriefs.kept_until(db, user_id(at), entry_id) == TODAY + timedelta(days=3)
        assert debriefs.chosen_days(db, user_id(at)) == 3  # offered again next time
    assert any("kept until" in m and "deleted for good" in m for m in markdown(at) + [i.value for i in at.info])
    assert _waiting_captions(at) == [f"Kept for 3 more days (until {nice_date(TODAY + timedelta(days=3))}), then "
                                     "deleted for good."]  # fmt: skip
    assert RAW not in texts(at)  # the list names it by its day only

    at.button(key=f"debriefs.longer.{entry_id}").click().run()
    assert _waiting_captions(at)[0].startswith("Kept for 10 more days")

    fixed_clock.advance(days=9)  # back a week and a bit later (signed in afresh)
    at = sign_in(app(), "Sam")
    assert _waiting_captions(at) == ["Kept for 1 more day, then deleted for good."]
    fixed_clock.advance(days=2)
    at = sign_in(app(), "Sam")  # past its day: gone as Write opens, and nothing is listed
    assert _waiting_captions(at) == [] and not at.exception
    with app_store() as db:
        assert entries.get(db, user_id(at), entry_id) is None


def test_past_its_day_it_is_gone_on_whichever_page_is_open_not_only_write(app, fixed_clock) -> None:
    fixed_clock.advance(days=-1)  # written yesterday, kept for 1 day: today is its last
    entry_id = _write_debrief(sign_up(app(), "Sam"), days=1)
    fixed_clock.advance(days=1, hours=11, minutes=40)  # 23:40 today: back, and on to Trends (nothing of debriefs)
    at = sign_in(app(), "Sam")
    at.switch_page(nav.TRENDS.file).run()
    with app_store() as db:
        assert entries.get(db, user_id(at), entry_id) is not None  # still its last day
    fixed_clock.advance(minutes=25)  # past midnight, the same session still on Trends
    at.run()
    assert not at.exception
    with app_store() as db:
        assert entries.get(db, user_id(at), entry_id) is None  # gone before the page drew


def test_days_out_of_range_are_not_offered(app) -> None:
    at = sign_up(app(), "Sam")
    at.button(key=f"pick.{debriefs.TEMPLATE}").click().run()
    form = at.session_state["write.open"]
    keep_for = at.number_input(key=f"debriefs.days.{form.entry_id}")
    assert (keep_for.min, keep_for.max) == (debriefs.MIN_DAYS, debriefs.MAX_DAYS)


def test_turning_opens_the_same_entry_on_journal_with_the_facts_flagged_and_saving_keeps_it(app, fixed_clock) -> None:
    at = sign_up(app(), "Sam")
    entry_id = _write_debrief(at)
    at.button(key=f"debriefs.turn.{entry_id}").click().run()
    assert not at.exception
    editing = at.session_state["journal.edit"]
    assert (editing.entry_id, editing.template) == (entry_id, debriefs.LEARNING)
    first = by_suffix(at.text_area, ".a.what_happened")
    assert first.label == "What happened, in a sentence or two, without the details" and RAW in first.value
    shown = texts(at)
    assert "Time of day: 03:40" in shown and "Dose: 10 mg" in shown and "Bed, bay or room: bed 7" in shown
    first.input("A cardiac arrest on a night shift.")
    by_suffix(at.text_area, ".a.learnt").input("I can lead a call")
    by_suffix(at.button, ".save").click().run()
    assert not at.exception
    with app_store() as db:
        saved = entries.get(db, user_id(at), entry_id)
        assert saved.template == debriefs.LEARNING and "Driftwood" not in saved.body
        debriefs.expire(db, user_id(at))
        assert debriefs.kept_until(db, user_id(at), entry_id) is None
    fixed_clock.advance(days=60)
    at = sign_in(app(), "Sam")
    assert _waiting_captions(at) == [] and not at.exception
    with app_store() as db:
        assert entries.get(db, user_id(at), entry_id).template == debriefs.LEARNING


def test_delete_now_goes_to_the_trash_and_journal_says_when_it_goes(app) -> None:
    at = sign_up(app(), "Sam")
    entry_id = _write_debrief(at)
    at.button(key=f"debriefs.read.{entry_id}").click().run()
    assert not at.exception and RAW in texts(at)
    assert any(c.startswith("Kept for 14 more days") for c in _waiting_captions(at))
    at.switch_page("pages/write.py").run()
    at.button(key=f"debriefs.delete.{entry_id}.yes").click().run()
    assert not at.exception and _waiting_captions(at) == []
    with app_store() as db:
        assert entries.get(db, user_id(at), entry_id).deleted_at is not None
        assert debriefs.kept_until(db, user_id(at), entry_id) == TODAY + timedelta(days=14)


def test_on_journal_an_open_debrief_can_be_turned_and_cancelling_keeps_it_a_debrief(app) -> None:
    at = sign_up(app(), "Sam")
    entry_id = _write_debrief(at)
    at.button(key=f"debriefs.read.{entry_id}").click().run()
    at.button(key="debriefs.journal.turn").click().run()
    assert not at.exception and at.session_state["journal.edit"].template == debriefs.LEARNING
    assert "Trim it to what you learnt" in " ".join(markdown(at))
    next(b for b in at.button if b.label == "Cancel editing").click().run()
    assert not at.exception and "journal.edit" not in at.session_state
    with app_store() as db:
        assert entries.get(db, user_id(at), entry_id).template == debriefs.TEMPLATE
        assert entries.drafts(db, user_id(at)) == []
        assert debriefs.kept_until(db, user_id(at), entry_id) == TODAY + timedelta(days=14)
