"""NMC revalidation through the real app: the Revalidation page's NMC part, the progress card on Write and Wins,
and a win or a coach's note becoming feedback."""

from __future__ import annotations

import uuid
from datetime import date, timedelta

import pytest
from streamlit.testing.v1 import AppTest

from journal.content import regulators
from journal.reflect import cpd, entries, nmc, profession
from journal.reflect.cpd import Activity
from journal.reflect.entries import EntryInput
from journal.reflect.nmc import Discussion, Feedback
from journal.together import coaching
from journal.ui import nav
from tests.app.conftest import markdown, sign_in, sign_up, texts
from tests.factories import TODAY

pytestmark = pytest.mark.usefixtures("fixed_clock")

PAGE = nav.REVALIDATION.file


def user_id(at: AppTest) -> str:
    return at.session_state["harbour.user"].id


def nurse(app, db, name: str = "Sam", renewal: date | None = None) -> AppTest:
    at = sign_up(app(), name)
    profession.set_regulator(db, user_id(at), regulators.NMC)
    if renewal:
        profession.set_renewal(db, user_id(at), renewal, TODAY)
    return at


def open_page(at: AppTest, page: str = PAGE) -> AppTest:
    at.switch_page(page).run()
    assert not at.exception, at.exception
    return at


def card(at: AppTest) -> str | None:
    found = [m for m in markdown(at) if m.startswith("**Your revalidation so far:**")]
    return found[0] if found else None


def submit(at: AppTest, label: str) -> AppTest:
    next(b for b in at.button if b.label == label).click().run()
    assert not at.exception, at.exception
    return at


def test_the_card_on_write_counts_and_changes_after_logging_cpd(app, db) -> None:
    at = open_page(nurse(app, db, renewal=date(2027, 6, 30)), nav.WRITE.file)
    assert card(at) == "**Your revalidation so far:** 0 of 5 reflective accounts, 0 of 35 CPD hours, no feedback yet."
    assert "Your registration renews on 30 June 2027." in markdown(at)
    links = [link.proto.label for link in at.main.get("page_link")]
    assert "Revalidation and CPD" in links
    cpd.add(db, user_id(at), Activity(TODAY, 90, True, "Workshop", "Falls"))
    at.run()
    assert card(at) == "**Your revalidation so far:** 0 of 5 reflective accounts, 1.5 of 35 CPD hours, no feedback yet."


def test_without_a_renewal_date_the_card_nudges_to_set_one(app, db) -> None:
    at = open_page(nurse(app, db), nav.WRITE.file)
    assert any(m.startswith("Set your renewal date on the Revalidation page") for m in markdown(at))


@pytest.mark.parametrize("regulator", [regulators.HCPC, None])
def test_the_card_is_not_there_for_anyone_whose_regulator_is_not_the_nmc(app, db, regulator) -> None:
    at = sign_up(app(), "Pat")
    profession.set_regulator(db, user_id(at), regulator)
    for page in (nav.WRITE.file, nav.WINS.file):
        open_page(at, page)
        assert card(at) is None
        assert not [e for e in at.expander if e.label == "Use a win as feedback"]


def test_the_page_shows_progress_over_the_period_and_the_nmc_tabs(app, db) -> None:
    at = open_page(nurse(app, db, renewal=date(2027, 6, 30)))
    assert [t.label for t in at.tabs] == [
        "Progress", "CPD log", "Practice hours", "Feedback", "Reflective discussion", "Checklist", "Portfolio",
    ]  # fmt: skip
    shown = markdown(at)
    assert "Counted over the three years up to your renewal on 30 June 2027, from 30 June 2024." in shown
    assert any("**Practice-related feedback:** No feedback yet" in m for m in shown)
    assert any("**Practice hours:** 0 of 450 hours" in m for m in shown)
    assert not any("missing" in m.lower() or "overdue" in m.lower() for m in shown)


def test_hours_are_kept_from_the_form_and_a_refusal_keeps_what_was_typed(app, db) -> None:
    at = open_page(nurse(app, db))
    at.date_input(key="nmc.hours.first").set_value(TODAY - timedelta(days=2))
    at.date_input(key="nmc.hours.last").set_value(TODAY - timedelta(days=1))
    at.number_input(key="nmc.hours.hours").set_value(100)  # more than two days hold
    at.text_input(key="nmc.hours.organisation").input("Harbourside Trust")
    submit(at, "Keep these hours")
    assert any("a whole number from 1 to 48" in e.value for e in at.error)
    assert at.text_input(key="nmc.hours.organisation").value == "Harbourside Trust"  # nothing typed is lost
    assert nmc.hours(db, user_id(at)) == []

    at.number_input(key="nmc.hours.hours").set_value(22)
    submit(at, "Keep these hours")
    assert [(h.hours, h.organisation) for h in nmc.hours(db, user_id(at))] == [(22, "Harbourside Trust")]
    assert at.text_input(key="nmc.hours.organisation").value == ""  # the form is clear for the next stretch
    assert "Organisation: Harbourside Trust" in texts(at)
    assert "22 hours kept in 1 stretch." in markdown(at)

    submit(at, "Remove")
    assert nmc.hours(db, user_id(at)) == []
    assert any(e.label.startswith("Recently removed hours") for e in at.expander)
    submit(at, "Restore")
    assert len(nmc.hours(db, user_id(at))) == 1


def test_feedback_is_kept_and_shown_as_text(app, db) -> None:
    at = open_page(nurse(app, db))
    at.selectbox(key="nmc.feedback.source").set_value("colleague")
    at.text_area(key="nmc.feedback.summary").input("**Not bold** [a link](https://example.org)")
    submit(at, "Keep this feedback")
    kept = nmc.feedback(db, user_id(at))
    assert [(f.source, f.summary) for f in kept] == [("colleague", "**Not bold** [a link](https://example.org)")]
    assert "**Not bold** [a link](https://example.org)" in texts(at)  # as text, never markdown
    assert any("**Practice-related feedback:** 1 of 5" in m for m in markdown(at))


def test_the_discussion_partner_is_shown_back_only_as_text_and_a_bad_pin_is_refused(app, db) -> None:
    at = open_page(nurse(app, db))
    at.date_input(key="nmc.discussion.day").set_value(TODAY)
    at.text_input(key="nmc.discussion.name").input("Jo Partnerly")
    at.text_input(key="nmc.discussion.pin").input("1234")
    submit(at, "Keep this discussion")
    assert any("doesn't look like an NMC PIN" in e.value for e in at.error)
    assert at.text_input(key="nmc.discussion.name").value == "Jo Partnerly"
    at.text_input(key="nmc.discussion.pin").input("12a3456b")
    submit(at, "Keep this discussion")
    assert "Partner: Jo Partnerly · NMC PIN 12A3456B" in texts(at)
    assert not any("Jo Partnerly" in m for m in markdown(at))


def test_each_checklist_tick_is_kept_at_once(app, db) -> None:
    at = open_page(nurse(app, db))
    first = regulators.load().nmc.checklist[0]
    next(c for c in at.checkbox if c.label == first.text).check().run()
    assert nmc.ticked(db, user_id(at)) == (first.id,)
    assert any("**Confirmation checklist:** 1 of 8 ticked" in m for m in markdown(at))


def test_the_portfolio_download_waits_for_the_identifiability_check(app, db) -> None:
    at = nurse(app, db)
    nmc.add_feedback(db, user_id(at), Feedback(TODAY, "patient", "Thanked me, bed 12 on the ward"))
    open_page(at)
    assert not at.download_button
    next(c for c in at.checkbox if c.label == "I've checked: it identifies no one").check().run()
    assert at.download_button[0].label == "Download your portfolio (PDF)"


def test_a_clean_portfolio_can_be_downloaded_at_once(app, db) -> None:
    at = nurse(app, db)
    nmc.add_discussion(db, user_id(at), Discussion(TODAY, "Jo Partnerly", "12A3456B", "jo@example.org"))
    open_page(at)
    assert at.download_button[0].label == "Download your portfolio (PDF)"


def test_a_win_becomes_feedback_on_wins_after_the_person_edits_it(app, db, lib) -> None:
    at = nurse(app, db)
    entry_id = str(uuid.uuid4())
    inp = EntryInput("win", {"the_win": "A family thanked me for the calm handover."}, entry_date=TODAY, is_win=True)
    entries.save_new(db, user_id(at), entry_id, inp, lib)
    open_page(at, nav.WINS.file)
    assert card(at) is not None
    prefix = f"nmc.win.{entry_id}"
    assert at.text_area(key=f"{prefix}.summary").value == "A family thanked me for the calm handover."
    at.text_area(key=f"{prefix}.summary").input("A family thanked me for a calm handover.")
    at.selectbox(key=f"{prefix}.source").set_value("patient")
    submit(at, "Keep this feedback")
    kept = nmc.feedback(db, user_id(at))
    assert [(f.summary, f.source, f.from_entry_id) for f in kept] == [
        ("A family thanked me for a calm handover.", "patient", entry_id)
    ]
    assert "1 of 5 pieces of feedback" in card(at)


def test_a_coachs_note_becomes_feedback_on_the_mentees_side_only(app, db, make_user) -> None:
    at = nurse(app, db, "Mentee")
    coach = make_user("Coach")
    started = coaching.accept_invite(db, coach.id, coaching.make_invite(db, user_id(at)).code)
    note = coaching.add_note(db, coach.id, started.id, "You spoke up for your patient clearly.")
    open_page(at, nav.COACHING.file)
    prefix = f"nmc.note.{note.id}"
    assert at.text_area(key=f"{prefix}.summary").value == note.text
    submit(at, "Keep this feedback")
    assert [(f.from_note_id, f.source) for f in nmc.feedback(db, user_id(at))] == [(note.id, "coach")]
    assert "Kept as practice-related feedback for your revalidation." in markdown(at)

    profession.set_regulator(db, coach.id, regulators.NMC)  # even a coach who is a nurse gets no such offer
    other = open_page(sign_in(app(), "Coach"), nav.COACHING_OTHERS.file)
    assert not [t for t in other.text_area if t.key and t.key.startswith("nmc.")]


def test_my_coach_can_be_named_as_my_partner_by_date_never_by_name(app, db, make_user) -> None:
    at = nurse(app, db, "Mentee")
    coach = make_user("Casey")
    started = coaching.accept_invite(db, coach.id, coaching.make_invite(db, user_id(at)).code)
    open_page(at)
    choice = at.selectbox(key="nmc.discussion.coaching")
    assert choice.options == [f"Your coach since {TODAY.strftime('%a %d %b %Y')}"]  # a date, never their name
    at.date_input(key="nmc.discussion.day").set_value(TODAY)
    at.text_input(key="nmc.discussion.name").input("Casey Coach")
    at.text_input(key="nmc.discussion.pin").input("12A3456B")
    at.checkbox(key="nmc.discussion.coach").check()
    submit(at, "Keep this discussion")
    assert [(d.partner_name, d.coaching_id) for d in nmc.discussions(db, user_id(at))] == [("Casey Coach", started.id)]
    assert any(m.endswith("· with your coach") for m in markdown(at))
