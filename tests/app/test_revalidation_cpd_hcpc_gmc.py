"""The CPD log, the HCPC CPD profile and the GMC's appraisal part of Revalidation and CPD, through the real app."""

from __future__ import annotations

import uuid
from dataclasses import replace
from datetime import timedelta

import pytest
from streamlit.testing.v1 import AppTest

from journal.content import regulators
from journal.reflect import cpd, entries, hcpc, profession
from journal.reflect.cpd import Activity
from journal.reflect.entries import EntryInput
from journal.ui import nav
from tests.app.conftest import sign_up, texts, user_id
from tests.factories import TODAY

pytestmark = pytest.mark.usefixtures("fixed_clock")

PAGE = nav.REVALIDATION.file


def open_as(app, db, regulator: str, name: str = "Pat") -> AppTest:
    at = sign_up(app(), name)
    profession.set_regulator(db, user_id(at), regulator)
    at.switch_page(PAGE).run()
    assert not at.exception, at.exception
    return at


def run(at: AppTest) -> AppTest:
    at.run()
    assert not at.exception, at.exception
    return at


def keep(at: AppTest) -> AppTest:
    at.button(key="cpd.keep").click()
    return run(at)


def activity(db, at: AppTest, days_ago: int, topic: str, learning_type: str | None = "formal") -> str:
    done = TODAY - timedelta(days=days_ago)
    return cpd.add(db, user_id(at), Activity(done, 60, True, "course", topic, learning_type=learning_type)).id


def test_an_activity_is_logged_with_its_totals_and_bad_input_keeps_what_was_typed(app, db) -> None:
    at = open_as(app, db, "gmc")
    at.number_input(key="cpd.hours").set_value(2)
    at.number_input(key="cpd.minutes").set_value(30)
    at.text_area(key="cpd.learned").input("Ask what matters to the person first.")
    keep(at)  # no topic yet
    assert [e.value for e in at.error] == ["Please say what it was about (the topic)."]
    assert cpd.activities(db, user_id(at)) == []
    assert at.number_input(key="cpd.hours").value == 2 and at.number_input(key="cpd.minutes").value == 30
    assert at.text_area(key="cpd.learned").value == "Ask what matters to the person first."

    at.selectbox(key="cpd.method").select("other")
    run(at)
    at.text_input(key="cpd.topic").input("Shared decision making")
    keep(at)  # "Something else", but no words for it
    assert "Something else" in at.error[0].value and cpd.activities(db, user_id(at)) == []
    at.text_input(key="cpd.own_method").input("Journal club *at lunch*")
    at.radio(key="cpd.participatory").set_value("Yes")
    keep(at)
    assert not at.error
    [row] = cpd.activities(db, user_id(at))
    assert (row.minutes, row.participatory, row.topic) == (150, True, "Shared decision making")
    assert row.method == "Journal club *at lunch*"
    assert at.success[0].value.startswith("Kept in your log.")
    assert "Journal club *at lunch* · Shared decision making" in texts(at)  # their words, as text
    assert any(m.value.endswith("2.5 hours, 2.5 of them participatory, in 1 activity.") for m in at.markdown)
    assert at.text_input(key="cpd.topic").value == ""  # the form is ready for the next one


def test_an_activity_is_changed_removed_restored_and_deleted_for_good(app, db) -> None:
    at = open_as(app, db, "gmc")
    kept = activity(db, at, 3, "Sepsis update")
    run(at)
    at.button(key=f"cpd.change.{kept}").click()
    run(at)
    assert at.text_input(key="cpd.topic").value == "Sepsis update"
    at.text_input(key="cpd.topic").input("Sepsis update, day two")
    keep(at)
    assert [a.topic for a in cpd.activities(db, user_id(at))] == ["Sepsis update, day two"]
    at.button(key=f"cpd.remove.{kept}").click()
    run(at)
    assert cpd.activities(db, user_id(at)) == [] and [a.id for a in cpd.trashed(db, user_id(at))] == [kept]
    at.button(key=f"cpd.restore.{kept}").click()
    run(at)
    assert [a.id for a in cpd.activities(db, user_id(at))] == [kept]
    at.button(key=f"cpd.remove.{kept}").click()
    run(at)
    at.button(key=f"cpd.delete.{kept}").click()
    run(at)
    assert cpd.activities(db, user_id(at)) == [] and cpd.trashed(db, user_id(at)) == []


def test_the_hcpc_profile_shows_types_gaps_the_statement_and_its_pdf(app, db) -> None:
    at = open_as(app, db, "hcpc")
    labels = [s.label for s in at.selectbox]
    first = labels.index("The HCPC's type of learning (optional)")
    assert first < labels.index("The Code's theme it touched (optional)")  # the HCPC's question first
    ids = [activity(db, at, days_ago, f"Course {n}") for n, days_ago in enumerate((200, 10, 20, 30))]
    at.text_area(key="hcpc.summary").input("I'm a physiotherapist in a community team.")
    at.button(key="hcpc.keep_summary").click()
    run(at)
    assert hcpc.profile(db, user_id(at)).summary == "I'm a physiotherapist in a community team."
    assert any("at least 2 types" in i.value for i in at.info)  # only formal learning so far
    assert any("A gap from" in c.value for c in at.caption)  # 200 days ago to 30 days ago
    at.multiselect(key="hcpc.drawn_on").set_value(ids[:3])
    run(at)
    assert any("You've chosen 3" in c.value for c in at.caption)
    at.text_area(key="hcpc.statement").input("What changed for the people I see.")
    at.button(key="hcpc.keep_statement").click()
    run(at)
    assert hcpc.profile(db, user_id(at)).drawn_on == tuple(ids[:3])
    assert at.download_button(key="hcpc.download").label == "Download your CPD profile (PDF)"

    at.text_area(key="hcpc.summary").input("I saw John Smith, NHS number 943 476 5919.")
    at.button(key="hcpc.keep_summary").click()
    run(at)
    assert not at.get("download_button")  # found something: it waits for "I've checked"
    next(c for c in at.checkbox if c.label.startswith("I've checked")).check()
    run(at)
    assert at.download_button(key="hcpc.download")


def test_the_gmc_part_offers_the_export_of_chosen_reflections_only(app, db, lib) -> None:
    at = open_as(app, db, "gmc", "Dr Ana")
    assert any("appraisal" in m.value for m in at.markdown)
    assert not at.get("multiselect")  # nothing written yet
    for n in range(2):
        inp = EntryInput("session", {"what_happened": f"Clinic number {n}"}, entry_date=TODAY - timedelta(days=n))
        entries.save_new(db, user_id(at), str(uuid.uuid4()), inp, lib)
    run(at)
    chooser = at.multiselect(key="appraisal.chosen")
    assert [o.split(" · ")[-1] for o in chooser.options] == ["Clinic number 0", "Clinic number 1"]
    assert not at.get("download_button")
    chooser.set_value(chooser.options[1:])
    run(at)
    assert at.download_button(key="appraisal.download").label == "Download reflections for appraisal (PDF)"


def test_an_activity_can_grow_from_an_entry_and_opens_it(app, db, lib) -> None:
    at = open_as(app, db, "gmc")
    entry_id = str(uuid.uuid4())
    entries.save_new(db, user_id(at), entry_id, EntryInput("free", {"text": "A teaching session I ran"}), lib)
    run(at)
    grew = at.selectbox(key="cpd.entry")
    assert grew.options[1].endswith("A teaching session I ran")
    grew.select(entry_id)
    at.text_input(key="cpd.topic").input("Teaching students")
    keep(at)
    [row] = cpd.activities(db, user_id(at))
    assert row.entry_id == entry_id
    at.button(key=f"cpd.entry.{row.id}").click()
    run(at)
    assert at.title[0].value == "Journal" and "A teaching session I ran" in texts(at)  # open, in full


def test_the_suggested_templates_each_start_on_write(app, db, lib, monkeypatch: pytest.MonkeyPatch) -> None:
    shipped = regulators.load()  # the GMC's own templates may not be in this library yet: two that are stand in
    standing_in = replace(shipped, gmc=replace(shipped.gmc, templates=("what_so_what", "gibbs")))
    monkeypatch.setattr(regulators, "load", lambda *a: standing_in)
    at = open_as(app, db, "gmc")
    assert [m.value for m in at.markdown if m.value.startswith("**")][:2] == [
        f"**{lib.template('what_so_what').name}**",
        f"**{lib.template('gibbs').name}**",
    ]
    assert any("reflective account" in c.value for c in at.caption)
    at.button(key="appraisal.start.gibbs").click()
    run(at)
    assert at.title[0].value == "Write"
    assert at.session_state["write.open"].template == "gibbs"
