"""NMC revalidation on a real database: practice hours, feedback, the reflective discussion, the checklist, the
progress over the person's period, and that nothing of it reaches anyone else (a coach included)."""

from __future__ import annotations

import json
import uuid
from dataclasses import astuple
from datetime import date, timedelta

import pytest

from journal.content import regulators
from journal.reflect import cpd, entries, nmc, profession
from journal.reflect import reflective_account as reflective
from journal.reflect.cpd import Activity
from journal.reflect.entries import EntryInput
from journal.reflect.nmc import Discussion, DiscussionRow, Feedback, FeedbackRow, HoursRow, NmcError, Stretch
from journal.store import nmc as repo
from journal.together import coaching
from tests.factories import TODAY
from tests.unit.test_reflective import flat, read_pdf

pytestmark = pytest.mark.usefixtures("fixed_clock")

PIN = "12A3456B"


def stretch(days_ago: int = 30, hours: int = 150, **words: str) -> Stretch:
    first = TODAY - timedelta(days=days_ago)
    return Stretch(first, first + timedelta(days=20), hours, **words)


def win(db, lib, user_id: str, words: str, days_ago: int = 3) -> str:
    entry_id = str(uuid.uuid4())
    inp = EntryInput("free", {"text": words}, entry_date=TODAY - timedelta(days=days_ago), is_win=True)
    entries.save_new(db, user_id, entry_id, inp, lib)
    return entry_id


def account(db, lib, user_id: str, days_ago: int = 0) -> str:
    entry_id = str(uuid.uuid4())
    answers = {"what": "A handover.", "so_what": "Checklists help.", "now_what": "Use one."}
    entries.save_new(db, user_id, entry_id, EntryInput("what_so_what", answers, entry_date=TODAY), lib)
    form = reflective.ReflectiveAccount(
        entry_id,
        TODAY,
        nature="A handover.",
        learned="Checklists help.",
        changed="Use one.",
        themes=("preserve_safety",),
    )
    assert reflective.prepare(db, user_id, str(uuid.uuid4()), form)
    return entry_id


def all_rows(db, user_id: str) -> list:
    return [
        r
        for kind in (HoursRow, FeedbackRow, DiscussionRow)
        for t in (False, True)
        for r in repo.rows(db, kind, user_id, trashed=t)
    ]


# -- practice hours ------------------------------------------------------------------------------------------
def test_a_stretch_is_kept_tidied_listed_and_counted(db, make_user) -> None:
    me = make_user()
    kept = nmc.add_hours(db, me.id, stretch(organisation="  St Elsewhere  ", work_setting="Ward", scope="Adult"))
    assert nmc.hours(db, me.id) == [kept]
    assert kept.organisation == "St Elsewhere"
    assert nmc.portfolio(db, me.id, TODAY).practice_hours == 150


@pytest.mark.parametrize(
    ("bad", "words"),
    [
        (Stretch(TODAY, TODAY - timedelta(days=1), 8), "comes before the first"),
        (Stretch(TODAY, TODAY + timedelta(days=1), 8), "today or earlier"),
        (Stretch(TODAY, TODAY, 25), "from 1 to 24"),
        (Stretch(TODAY, TODAY, 0), "from 1 to 24"),
        (Stretch(TODAY, TODAY, 8, description="x" * (nmc.MAX_LONG_CHARS + 1)), "a little long"),
    ],
)
def test_a_stretch_that_cannot_be_right_is_refused_kindly_and_nothing_is_kept(db, make_user, bad, words) -> None:
    me = make_user()
    with pytest.raises(NmcError, match=words):
        nmc.add_hours(db, me.id, bad)
    assert all_rows(db, me.id) == []


def test_removed_goes_to_recently_removed_restores_and_only_then_deletes_for_good(db, make_user) -> None:
    me = make_user()
    kept = nmc.add_hours(db, me.id, stretch())
    assert not nmc.delete_for_good(db, HoursRow, me.id, kept.id)  # a live row is never deleted outright
    assert nmc.remove(db, HoursRow, me.id, kept.id)
    assert nmc.hours(db, me.id) == [] and [r.id for r in nmc.removed(db, HoursRow, me.id)] == [kept.id]
    assert nmc.portfolio(db, me.id, TODAY).practice_hours == 0
    assert nmc.restore(db, HoursRow, me.id, kept.id)
    assert [r.id for r in nmc.hours(db, me.id)] == [kept.id]
    nmc.remove(db, HoursRow, me.id, kept.id)
    assert nmc.delete_for_good(db, HoursRow, me.id, kept.id)
    assert all_rows(db, me.id) == []


def test_nobody_can_remove_restore_or_delete_another_persons_rows(db, make_user) -> None:
    me, other = make_user(), make_user()
    hours = nmc.add_hours(db, me.id, stretch())
    note = nmc.add_feedback(db, me.id, Feedback(TODAY, "patient", "Thank you"))
    talk = nmc.add_discussion(db, me.id, Discussion(TODAY, "Jo Partner", PIN))
    for kind, row in ((HoursRow, hours), (FeedbackRow, note), (DiscussionRow, talk)):
        assert not nmc.remove(db, kind, other.id, row.id)
        nmc.remove(db, kind, me.id, row.id)
        assert not nmc.restore(db, kind, other.id, row.id)
        assert not nmc.delete_for_good(db, kind, other.id, row.id)
        assert nmc.restore(db, kind, me.id, row.id)
    assert all_rows(db, other.id) == []
    assert len(all_rows(db, me.id)) == 3


# -- feedback --------------------------------------------------------------------------------------------------------
def test_feedback_needs_words_and_a_listed_source_and_keeps_what_changed(db, make_user) -> None:
    me = make_user()
    with pytest.raises(NmcError, match="what the feedback said"):
        nmc.add_feedback(db, me.id, Feedback(TODAY, "patient", "   "))
    with pytest.raises(NmcError, match="from the list"):
        nmc.add_feedback(db, me.id, Feedback(TODAY, "a stranger", "Thanks"))
    assert nmc.feedback(db, me.id) == []
    kept = nmc.add_feedback(db, me.id, Feedback(TODAY, "manager", "Calm under pressure", "I lead huddles now"))
    assert (kept.source, kept.summary, kept.changed) == ("manager", "Calm under pressure", "I lead huddles now")


def test_a_win_becomes_feedback_with_its_words_and_keeps_where_it_came_from(db, make_user, lib) -> None:
    me = make_user()
    entry_id = win(db, lib, me.id, "A relative thanked me for explaining the plan so clearly.")
    entry = entries.get(db, me.id, entry_id)
    start = nmc.feedback_from_win(entry, lib)
    assert start.summary == "A relative thanked me for explaining the plan so clearly."
    assert start.received_on == entry.entry_date and start.from_entry_id == entry_id
    kept = nmc.add_feedback(db, me.id, Feedback(start.received_on, "patient", "A relative thanked me.", "", entry_id))
    assert kept.from_entry_id == entry_id


def test_someone_elses_win_cannot_become_my_feedback(db, make_user, lib) -> None:
    me, other = make_user(), make_user()
    theirs = win(db, lib, other.id, "Their own win.")
    with pytest.raises(NmcError, match="isn't in your journal"):
        nmc.add_feedback(db, me.id, Feedback(TODAY, "colleague", "Copied", from_entry_id=theirs))
    assert nmc.feedback(db, me.id) == []


@pytest.fixture
def coached(db, make_user):
    """A mentee and their coach, with a note from the coach in the record."""
    mentee, coach = make_user("mentee"), make_user("coach")
    started = coaching.accept_invite(db, coach.id, coaching.make_invite(db, mentee.id).code)
    note = coaching.add_note(db, coach.id, started.id, "You handled that family meeting with real warmth.")
    return mentee, coach, started, note


def test_a_coachs_note_becomes_feedback_only_for_the_mentee_of_that_coaching(db, make_user, coached) -> None:
    mentee, coach, started, note = coached
    start = nmc.feedback_from_note(note.id, note.text, note.created_at)
    assert (start.source, start.summary, start.from_note_id) == ("coach", note.text, note.id)
    kept = nmc.add_feedback(db, mentee.id, start)
    assert kept.from_note_id == note.id
    stranger = make_user()
    for who in (coach, stranger):  # the coach wrote it, but it is the mentee's coaching: only theirs to use
        with pytest.raises(NmcError):
            nmc.add_feedback(db, who.id, start)
        assert nmc.feedback(db, who.id) == []


# -- the reflective discussion -------------------------------------------------------------------------------------
def test_a_discussion_keeps_the_partners_name_and_pin_tidied(db, make_user) -> None:
    me = make_user()
    kept = nmc.add_discussion(
        db, me.id, Discussion(TODAY, " Jo Partner ", "12a 3456b", "jo@example.org", None, "Two accounts")
    )
    assert (kept.partner_name, kept.partner_pin, kept.partner_email) == ("Jo Partner", PIN, "jo@example.org")
    assert nmc.discussions(db, me.id) == [kept]


@pytest.mark.parametrize(
    ("bad", "words"),
    [
        (Discussion(TODAY, "", PIN), "your partner's name"),
        (Discussion(TODAY, "Jo", "123456"), "doesn't look like an NMC PIN"),
        (Discussion(TODAY, "Jo", PIN, "not an email"), "email address"),
        (Discussion(TODAY + timedelta(days=1), "Jo", PIN), "today or earlier"),
        (Discussion(TODAY, "Jo", PIN, coaching_id="not-mine"), "your own coaching"),
    ],
)
def test_a_discussion_that_cannot_be_kept_says_why_and_keeps_nothing(db, make_user, bad, words) -> None:
    me = make_user()
    with pytest.raises(NmcError, match=words):
        nmc.add_discussion(db, me.id, bad)
    assert nmc.discussions(db, me.id) == []


def test_my_coach_can_be_my_partner_but_only_in_my_own_coaching(db, make_user, coached) -> None:
    mentee, coach, started, _ = coached
    kept = nmc.add_discussion(db, mentee.id, Discussion(TODAY, "Casey Coach", PIN, coaching_id=started.id))
    assert kept.coaching_id == started.id
    with pytest.raises(NmcError):  # the coach can't claim the mentee's coaching as their own
        nmc.add_discussion(db, coach.id, Discussion(TODAY, "Someone", PIN, coaching_id=started.id))


def test_a_coach_never_sees_the_partners_name_pin_or_the_feedback(db, coached) -> None:
    mentee, coach, started, note = coached
    nmc.add_discussion(
        db,
        mentee.id,
        Discussion(TODAY, "Quintessa Partnerly", "98Z7654Y", "q@example.org", started.id, "Zebrafinch talk"),
    )
    nmc.add_feedback(db, mentee.id, Feedback(TODAY, "patient", "Marmalade feedback", "Kumquat change"))
    nmc.add_feedback(db, mentee.id, nmc.feedback_from_note(note.id, note.text, note.created_at))
    secret = ("Quintessa", "98Z7654Y", "q@example.org", "Zebrafinch", "Marmalade", "Kumquat")
    seen = [
        coaching.mentees(db, coach.id),
        coaching.mentee(db, coach.id, started.id),
        coaching.record(db, coach.id, started.id),
        coaching.mentee_wins(db, coach.id, started.id, None, TODAY),
        coaching.mentee_entries(db, coach.id, started.id),
        coaching.mentee_checkins(db, coach.id, started.id, None, TODAY),
        all_rows(db, coach.id),
        nmc.portfolio(db, coach.id, TODAY),
        profession.profile(db, coach.id),
    ]
    text = repr(seen)
    assert not [word for word in secret if word in text]
    assert "Quintessa" in repr(nmc.discussions(db, mentee.id))  # it is there, for the mentee alone


# -- the checklist --------------------------------------------------------------------------------------------------
def test_each_tick_is_kept_at_once_in_the_checklists_order_and_an_unknown_item_is_refused(db, make_user) -> None:
    me = make_user()
    items = [i.id for i in regulators.load().nmc.checklist]
    assert nmc.ticked(db, me.id) == ()
    nmc.set_checklist(db, me.id, items[3], True)
    assert nmc.set_checklist(db, me.id, items[0], True) == (items[0], items[3])
    assert nmc.set_checklist(db, me.id, items[3], False) == (items[0],)
    assert json.loads(profession.profile(db, me.id).checklist) == [items[0]]
    with pytest.raises(NmcError):
        nmc.set_checklist(db, me.id, "made_up", True)
    assert nmc.ticked(db, me.id) == (items[0],)


def test_ticking_keeps_the_regulator_and_renewal_date(db, make_user) -> None:
    me = make_user()
    profession.set_regulator(db, me.id, regulators.NMC)
    profession.set_renewal(db, me.id, date(2027, 6, 30), TODAY)
    nmc.set_checklist(db, me.id, "cpd", True)
    assert profession.get(db, me.id) == profession.Profession(regulators.NMC, date(2027, 6, 30))


# -- progress over the person's period ---------------------------------------------------------------------------------
def test_progress_counts_the_three_years_up_to_the_renewal_date_or_today(db, make_user, lib) -> None:
    me = make_user()
    nmc.add_hours(db, me.id, stretch(days_ago=800, hours=300))
    nmc.add_hours(db, me.id, stretch(days_ago=60, hours=200))
    cpd.add(db, me.id, Activity(TODAY - timedelta(days=800), 600, True, "Course", "Sepsis"))
    cpd.add(db, me.id, Activity(TODAY - timedelta(days=10), 90, False, "Reading", "Falls"))
    nmc.add_feedback(db, me.id, Feedback(TODAY - timedelta(days=800), "patient", "Old thanks"))
    account(db, lib, me.id)
    p = nmc.portfolio(db, me.id, TODAY)
    assert p.period == nmc.Period(date(2023, 11, 26), TODAY, None)
    assert (p.practice_hours, p.cpd_totals.minutes, p.cpd_totals.participatory_minutes) == (500, 690, 600)
    assert (len(p.feedback), len(p.accounts)) == (1, 1)
    assert len(p.accounts) == reflective.count_last_three_years(db, me.id, TODAY)
    assert nmc.card_line(p) == "1 of 5 reflective accounts, 11.5 of 35 CPD hours, 1 of 5 pieces of feedback"

    # A renewal date a year from now: the period starts two years ago, so what is older no longer counts.
    profession.set_renewal(db, me.id, TODAY + timedelta(days=365), TODAY)
    p = nmc.portfolio(db, me.id, TODAY)
    assert p.period.start == date(2024, 11, 26) and p.period.renewal_on == TODAY + timedelta(days=365)
    assert (p.practice_hours, p.cpd_totals.minutes, len(p.feedback), len(p.accounts)) == (200, 90, 0, 1)
    assert nmc.card_line(p) == "1 of 5 reflective accounts, 1.5 of 35 CPD hours, no feedback yet"
    assert "up to your renewal on 26 November 2027" in p.period.words()


def test_the_figures_are_kind_and_say_done_only_when_done(db, make_user) -> None:
    me = make_user()
    empty = {f.what: f for f in nmc.figures(nmc.portfolio(db, me.id, TODAY))}
    assert empty["Practice-related feedback"].words == "No feedback yet"
    assert empty["Reflective discussion"].words == "Not held yet"
    words = " ".join(f.words for f in empty.values()).lower()
    assert not any(w in words for w in ("missing", "overdue", "behind", "fail"))
    assert not any(f.done for f in empty.values())
    nmc.add_discussion(db, me.id, Discussion(TODAY, "Jo", PIN))
    for item in regulators.load().nmc.checklist:
        nmc.set_checklist(db, me.id, item.id, True)
    done = {f.what: f for f in nmc.figures(nmc.portfolio(db, me.id, TODAY))}
    assert done["Reflective discussion"].done and done["Confirmation checklist"].done
    assert not done["CPD"].done


def test_the_portfolio_holds_only_the_persons_own_rows(db, make_user, lib) -> None:
    me, other = make_user(), make_user()
    nmc.add_hours(db, other.id, stretch(description="theirs"))
    nmc.add_feedback(db, other.id, Feedback(TODAY, "patient", "theirs"))
    nmc.add_discussion(db, other.id, Discussion(TODAY, "Their partner", PIN))
    account(db, lib, other.id)
    p = nmc.portfolio(db, me.id, TODAY)
    assert (p.hours, p.activities, p.feedback, p.accounts, p.discussions, p.ticked) == ([], [], [], [], [], ())
    assert astuple(nmc.Period(p.period.start, p.period.end, None)) == astuple(p.period)


def test_the_pdf_from_the_database_holds_the_persons_rows_in_the_period_and_nothing_else(db, make_user, lib) -> None:
    me, other = make_user(), make_user()
    nmc.add_hours(db, me.id, stretch(days_ago=60, hours=200, organisation="Harbourside Trust"))
    nmc.add_hours(db, me.id, stretch(days_ago=1500, hours=99, organisation="Longago Hospital"))  # before the period
    cpd.add(
        db, me.id, Activity(TODAY - timedelta(days=10), 120, True, "Workshop", "Pressure ulcers", "preserve_safety")
    )
    cpd.add(db, me.id, Activity(TODAY - timedelta(days=1500), 60, True, "Course", "Ancient topic"))
    nmc.add_feedback(db, me.id, Feedback(TODAY, "colleague", "Steady hands on nights"))
    removed = nmc.add_feedback(db, me.id, Feedback(TODAY, "colleague", "Taken back feedback"))
    nmc.remove(db, FeedbackRow, me.id, removed.id)
    nmc.add_discussion(db, me.id, Discussion(TODAY, "Jo Partnerly", PIN))
    account(db, lib, me.id)
    entries.save_new(db, me.id, str(uuid.uuid4()), EntryInput("free", {"text": "Private journal words"}), lib)
    nmc.add_hours(db, other.id, stretch(organisation="Otherperson Trust"))
    nmc.add_feedback(db, other.id, Feedback(TODAY, "patient", "Otherperson feedback"))
    nmc.add_discussion(db, other.id, Discussion(TODAY, "Otherperson Partner", "99X9999X"))

    text = flat(read_pdf(nmc.render_pdf(nmc.portfolio(db, me.id, TODAY))))
    assert "200 hours in 1 stretch" in text and "Harbourside Trust" in text and "Pressure ulcers" in text
    assert "Steady hands on nights" in text and "1 piece of practice-related feedback" in text
    assert "with Jo Partnerly" in text and f"NMC PIN: {PIN}" in text and "1 account prepared" in text
    for absent in ("Longago", "Ancient topic", "Taken back", "Private journal words", "Otherperson", "99X9999X"):
        assert absent not in text
