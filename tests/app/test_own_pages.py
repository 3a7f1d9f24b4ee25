"""Make it yours and Write: a person's own prompts and templates, and a coach's suggestion, through the real pages."""

from __future__ import annotations

import pytest

from journal.reflect import entries, own
from journal.reflect.entries import PROMPT_ANSWER, SearchFilter
from journal.reflect.own import Box
from journal.together import coaching
from journal.ui import nav
from tests.app.conftest import by_suffix, markdown, sign_up, texts, user_id
from tests.app.test_groups_page import joined, rerun

pytestmark = pytest.mark.usefixtures("fixed_clock")

HOSTILE = "**Bold?** <b>x</b> ![x](https://evil.example/p.png)"


def on(at, page: str):
    at.switch_page(page).run()
    assert not at.exception, at.exception
    return at


def test_make_it_yours_starts_empty_and_keeps_a_prompt_and_a_template(app, db) -> None:
    at = on(sign_up(app(), "Sam"), nav.MAKE_IT_YOURS.file)
    shown = markdown(at)
    assert "You haven't written a prompt of your own yet." in shown
    assert "You haven't made a template of your own yet." in shown
    at.text_area(key="own.new_prompt").input(HOSTILE)
    at.button(key="own.add_prompt").click().run()
    assert not at.exception
    at.text_input(key="own.new_template.name").input("Ward round")
    at.text_input(key="own.new_template.label.0").input(HOSTILE)
    at.text_input(key="own.new_template.label.1").input("One word for today")
    at.checkbox(key="own.new_template.long.1").uncheck()
    at.button(key="own.add_template").click().run()
    assert not at.exception
    me = user_id(at)
    assert [p.text for p in own.prompts(db, me)] == [HOSTILE]
    [t] = own.templates(db, me)
    assert (t.name, t.boxes) == ("Ward round", (Box(HOSTILE, True), Box("One word for today", False)))
    assert HOSTILE in texts(at) and "Ward round" in texts(at)
    assert not any("evil.example" in m for m in markdown(at))  # their words never go through markdown


def test_bad_input_on_make_it_yours_is_refused_kindly_and_the_words_stay(app, db) -> None:
    at = on(sign_up(app(), "Sam"), nav.MAKE_IT_YOURS.file)
    too_long = "x" * (own.MAX_PROMPT_CHARS + 1)
    at.text_area(key="own.new_prompt").input(too_long)
    at.button(key="own.add_prompt").click().run()
    assert "can be up to 500 characters" in at.error[0].value
    assert at.text_area(key="own.new_prompt").value == too_long
    at.text_input(key="own.new_template.name").input("No boxes")
    at.button(key="own.add_template").click().run()
    assert "at least one box" in at.error[0].value
    assert own.prompts(db, user_id(at)) == [] and own.templates(db, user_id(at)) == []


def test_put_away_and_brought_back_on_make_it_yours(app, db) -> None:
    at = sign_up(app(), "Sam")
    p = own.add_prompt(db, user_id(at), "Where did I feel most useful?")
    on(at, nav.MAKE_IT_YOURS.file)
    at.button(key=f"own.prompt.away.{p.id}").click().run()
    assert own.live_prompts(db, user_id(at)) == []
    at.button(key=f"own.prompt.back.{p.id}").click().run()
    assert [q.id for q in own.live_prompts(db, user_id(at))] == [p.id]


def test_write_offers_own_templates_and_an_own_template_entry_is_written_and_edited(app, db) -> None:
    at = sign_up(app(), "Sam")
    me = user_id(at)
    t = own.add_template(db, me, "Ward round", [Box("What went well?", True), Box("What next?", True)])
    on(at, nav.WRITE.file)
    at.button(key=f"own.template.write.{t.id}").click().run()
    assert not at.exception
    assert "Ward round" in texts(at) and "What went well?" in texts(at)
    by_suffix(at.text_area, ".a.What went well?").input("Handover was calm")
    by_suffix(at.button, ".save").click().run()
    assert not at.exception
    [item], _ = entries.search(db, me, SearchFilter())
    entry = entries.get(db, me, item.id)
    assert entry.template == t.template_id and entry.answers == {"What went well?": "Handover was calm"}
    own.edit_template(db, me, t.id, "Rounds", [Box("Something else", False)])
    own.put_away_template(db, me, t.id)

    on(at, nav.JOURNAL.file)
    at.button(key=f"open.{entry.id}").click().run()
    assert "What went well?" in texts(at) and "Handover was calm" in texts(at)
    assert not any(t.id in m for m in markdown(at))  # never the raw own:<id>


def test_write_offers_own_prompts_and_the_coachs_suggestion_which_can_be_set_aside(app, db, make_user) -> None:
    at = sign_up(app(), "Sam")
    me = user_id(at)
    mine = own.add_prompt(db, me, "What did I learn from a patient today?")
    coach = make_user("Cole")
    live = coaching.accept_invite(db, coach.id, coaching.make_invite(db, me).code)
    coaching.suggest_prompt(db, coach.id, live.id, HOSTILE)
    [suggested] = own.suggestions(db, me)
    on(at, nav.WRITE.file)
    assert "**Your coach suggested a prompt**" in markdown(at) and HOSTILE in texts(at)
    assert mine.text in texts(at)
    at.button(key=f"own.prompt.write.{mine.id}").click().run()
    assert not at.exception
    assert mine.text in texts(at)
    by_suffix(at.text_area, f".a.{PROMPT_ANSWER}").input("To listen first")
    by_suffix(at.button, ".save").click().run()
    [item], _ = entries.search(db, me, SearchFilter())
    saved = entries.get(db, me, item.id)
    assert (saved.prompt_id, saved.prompt_text) == (mine.marker, mine.text)
    at.button(key=f"own.suggested.aside.{suggested.id}").click().run()
    assert own.suggestions(db, me) == []
    assert HOSTILE not in texts(at)


def test_the_free_prompt_card_offers_one_of_your_own_prompts(app, db) -> None:
    at = sign_up(app(), "Sam")
    mine = own.add_prompt(db, user_id(at), "What am I proud of this week?")
    on(at, nav.WRITE.file)
    at.button(key="pick.free").click().run()
    by_suffix(at.button, ".own_prompt").click().run()
    assert not at.exception
    assert mine.text in texts(at)
    answer_key = by_suffix(at.text_area, f".a.{PROMPT_ANSWER}").key
    assert at.session_state[answer_key.replace(f"a.{PROMPT_ANSWER}", "prompt_id")] == mine.marker


def test_a_coach_suggests_a_prompt_from_their_side(app, db, make_user) -> None:
    mentee = make_user("Mia")
    at = sign_up(app(), "Cole")
    coaching.accept_invite(db, user_id(at), coaching.make_invite(db, mentee.id).code)
    on(at, nav.COACHING_OTHERS.file)
    suggest = [t for t in at.text_area if t.key and t.key.startswith("own.suggest.")]
    assert len(suggest) == 1
    suggest[0].input("What gave you energy this week?")
    at.button(key=f"{suggest[0].key}.send").click().run()
    assert not at.exception
    assert [p.text for p in own.suggestions(db, mentee.id)] == ["What gave you energy this week?"]
    assert own.prompts(db, user_id(at)) == []
    assert at.text_area(key=suggest[0].key).value == ""  # sent once; the box is ready for another
    at.text_area(key=suggest[0].key).input("x" * (own.MAX_PROMPT_CHARS + 1))
    at.button(key=f"{suggest[0].key}.send").click().run()
    assert "can be up to 500 characters" in at.error[0].value
    assert len(own.prompts(db, mentee.id)) == 1


def test_a_facilitators_own_regroup_prompt_shows_to_members_as_text_and_opens_in_write(app, db) -> None:
    fran, mo, group_id, _ = joined(app, db)
    fran.text_area(key=f"groups.{group_id}.prompt_text").input(HOSTILE)
    rerun(fran.button(key=f"FormSubmitter:groups.settings.{group_id}-Save group settings").click())
    rerun(mo)
    assert HOSTILE in texts(mo)
    assert not any("evil.example" in m for m in markdown(mo))
    rerun(mo.button(key="groups.answer").click())
    assert mo.session_state["write.initial"].prompt_text == HOSTILE
    assert mo.session_state["write.initial"].prompt_id == f"group:{group_id}"
    assert entries.recent_prompts(db, user_id(mo)) == []


def test_an_own_template_entry_is_edited_on_journal_after_the_template_changed_and_was_put_away(app, db, lib) -> None:
    at = sign_up(app(), "Sam")
    me = user_id(at)
    t = own.add_template(db, me, "Ward round", [Box("What went well?", True)])
    saved = entries.save_new(
        db, me, "e-own", entries.EntryInput(template=t.template_id, answers={"What went well?": "Calm"}), lib
    ).entry
    own.edit_template(db, me, t.id, "Rounds", [Box("What surprised you?", False)])
    own.put_away_template(db, me, t.id)
    on(at, nav.JOURNAL.file)
    at.button(key=f"open.{saved.id}").click().run()
    [edit] = [b for b in at.button if b.label == "Edit"]
    edit.click().run()
    assert not at.exception
    assert "What went well?" in texts(at) and "What surprised you?" in texts(at)
    by_suffix(at.text_area, ".a.What went well?").input("Calm, and quick")
    by_suffix(at.text_input, ".a.What surprised you?").input("The quiet")
    by_suffix(at.button, ".save").click().run()
    assert not at.exception
    assert entries.get(db, me, saved.id).answers == {
        "What went well?": "Calm, and quick",
        "What surprised you?": "The quiet",
    }


def test_an_own_template_entry_closed_on_write_waits_as_a_draft_and_resumes(app, db) -> None:
    at = sign_up(app(), "Sam")
    me = user_id(at)
    t = own.add_template(db, me, "Ward round", [Box("What went well?", True)])
    on(at, nav.WRITE.file)
    at.button(key=f"own.template.write.{t.id}").click().run()
    by_suffix(at.text_area, ".a.What went well?").input("Half a thought")
    by_suffix(at.button, ".close").click().run()
    assert not at.exception
    [draft] = entries.drafts(db, me)
    assert draft.input.template == t.template_id and draft.input.answers == {"What went well?": "Half a thought"}
    assert any(c.startswith(own.OWN_TEMPLATE) for c in markdown(at))  # named, never by its raw id
    assert not any(t.id in c for c in markdown(at))
    at.button(key=f"resume.{draft.entry_id}").click().run()
    assert by_suffix(at.text_area, ".a.What went well?").value == "Half a thought"
