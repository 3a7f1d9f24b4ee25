"""Own prompts and templates, and a coach's suggestion: each person's own, kept, put away and brought back."""

from __future__ import annotations

import pytest

from journal.demo import own as demo_own
from journal.reflect import entries, own
from journal.reflect.entries import PROMPT_ANSWER, EntryError, EntryInput
from journal.reflect.own import Box, OwnError
from journal.store import entries as entries_repo
from journal.together import coaching
from journal.together.coaching import NotCoaching
from journal.together.groups import membership as groups
from journal.together.groups.access import GroupError
from tests.factories import TODAY

pytestmark = pytest.mark.usefixtures("fixed_clock")


def test_a_prompt_is_kept_changed_put_away_and_brought_back(db, make_user) -> None:
    me = make_user("Ana")
    p = own.add_prompt(db, me.id, "  What steadied me today?\x07 ")
    assert p.text == "What steadied me today?" and not p.put_away
    own.edit_prompt(db, me.id, p.id, "What steadied me this week?")
    own.put_away_prompt(db, me.id, p.id)
    assert own.live_prompts(db, me.id) == []
    [away] = own.prompts(db, me.id)
    assert away.put_away and away.text == "What steadied me this week?"
    own.bring_back_prompt(db, me.id, p.id)
    assert [q.text for q in own.live_prompts(db, me.id)] == ["What steadied me this week?"]


@pytest.mark.parametrize("text", ["", "   ", "x" * (own.MAX_PROMPT_CHARS + 1)])
def test_a_prompt_with_no_words_or_too_many_is_refused_and_nothing_changes(db, make_user, text: str) -> None:
    me = make_user("Ana")
    kept = own.add_prompt(db, me.id, "Mine")
    with pytest.raises(OwnError):
        own.add_prompt(db, me.id, text)
    with pytest.raises(OwnError):
        own.edit_prompt(db, me.id, kept.id, text)
    assert [p.text for p in own.prompts(db, me.id)] == ["Mine"]


def test_nobody_can_see_or_change_anothers_prompts_or_templates(db, make_user) -> None:
    me, other = make_user("Ana"), make_user("Ben")
    p = own.add_prompt(db, me.id, "Mine alone")
    t = own.add_template(db, me.id, "Ward round", [Box("What went well?", True)])
    assert own.prompts(db, other.id) == [] and own.templates(db, other.id) == []
    assert own.get_prompt(db, other.id, p.id) is None and own.get_template(db, other.id, t.template_id) is None
    for attempt in (
        lambda: own.edit_prompt(db, other.id, p.id, "Changed"),
        lambda: own.put_away_prompt(db, other.id, p.id),
        lambda: own.edit_template(db, other.id, t.id, "Taken", [Box("Q", False)]),
        lambda: own.put_away_template(db, other.id, t.id),
    ):
        with pytest.raises(OwnError):
            attempt()
    assert own.prompts(db, me.id)[0].text == "Mine alone" and not own.prompts(db, me.id)[0].put_away
    assert own.templates(db, me.id)[0].name == "Ward round" and not own.templates(db, me.id)[0].put_away


@pytest.mark.parametrize(
    ("name", "boxes"),
    [
        ("", [Box("Q", False)]),
        ("x" * (own.MAX_TEMPLATE_NAME_CHARS + 1), [Box("Q", False)]),
        ("Name", []),
        ("Name", [Box("  ", True)]),
        ("Name", [Box(f"Q{i}", False) for i in range(own.MAX_BOXES + 1)]),
        ("Name", [Box("x" * (own.MAX_BOX_LABEL_CHARS + 1), False)]),
        ("Name", [Box("Same", False), Box("same", True)]),
        ("Name", [Box(PROMPT_ANSWER, False)]),
    ],
)
def test_a_template_that_cannot_be_kept_is_refused_kindly_and_nothing_changes(db, make_user, name, boxes) -> None:
    me = make_user("Ana")
    t = own.add_template(db, me.id, "Kept", [Box("First", True)])
    with pytest.raises(OwnError) as refused:
        own.add_template(db, me.id, name, boxes)
    assert str(refused.value)
    with pytest.raises(OwnError):
        own.edit_template(db, me.id, t.id, name, boxes)
    assert own.templates(db, me.id) == [t]


def test_reserved_label_is_the_prompt_answer_key() -> None:
    assert own.RESERVED_LABEL == PROMPT_ANSWER


def test_an_own_template_entry_is_written_edited_and_reads_the_same_after_the_template_changes(
    db, make_user, lib
) -> None:
    me = make_user("Ana")
    t = own.add_template(db, me.id, "Ward round", [Box("What went well?", True), Box("One word", False)])
    inp = EntryInput(template=t.template_id, answers={"What went well?": "Handover", "One word": "calm"})
    saved = entries.save_new(db, me.id, "e1", inp, lib).entry
    assert saved.template == t.template_id and saved.answers == {"What went well?": "Handover", "One word": "calm"}
    assert entries.answer_fields(saved, lib) == [("What went well?", "What went well?"), ("One word", "One word")]
    own.edit_template(db, me.id, t.id, "Rounds", [Box("What surprised you?", True)])
    own.put_away_template(db, me.id, t.id)
    again = entries.as_input(saved)
    again.answers["One word"] = "steady"
    again.answers["What surprised you?"] = "The quiet"
    edited = entries.update(db, me.id, "e1", again, saved.revision, lib).entry
    assert edited.answers == {"What went well?": "Handover", "One word": "steady", "What surprised you?": "The quiet"}
    with pytest.raises(EntryError):  # a question neither the entry nor the template has
        bad = entries.as_input(edited)
        bad.answers["Made up"] = "x"
        entries.update(db, me.id, "e1", bad, edited.revision, lib)
    assert entries.get(db, me.id, "e1").answers == edited.answers
    assert own.display_name(db, me.id, t.template_id) == "Your own: Rounds"
    assert lib.template_name(t.template_id) == own.OWN_TEMPLATE


def test_someone_elses_template_is_refused_like_an_unknown_one(db, make_user, lib) -> None:
    me, other = make_user("Ana"), make_user("Ben")
    t = own.add_template(db, me.id, "Mine", [Box("Q", False)])
    for template in (t.template_id, "own:nope"):
        with pytest.raises(EntryError, match="isn't one Harbour knows"):
            entries.save_new(db, other.id, "e2", EntryInput(template=template, answers={"Q": "x"}), lib)
    assert entries.get(db, other.id, "e2") is None
    with pytest.raises(EntryError, match="don't belong"):
        entries.save_new(db, me.id, "e3", EntryInput(template=t.template_id, answers={"Other": "x"}), lib)


def test_an_own_prompt_answered_is_kept_as_text_and_never_enters_the_rotation(db, make_user, lib) -> None:
    me = make_user("Ana")
    p = own.add_prompt(db, me.id, "What did I learn from Ben?")
    inp = EntryInput(template="free", answers={PROMPT_ANSWER: "Patience"}, prompt_id=p.marker, prompt_text=p.text)
    saved = entries.save_new(db, me.id, "e1", inp, lib).entry
    assert saved.prompt_id == f"own:{p.id}" and saved.prompt_text == p.text
    assert entries.recent_prompts(db, me.id) == []


def test_a_coach_suggests_a_prompt_only_while_coaching_and_only_as_the_coach(db, make_user) -> None:
    mentee, coach, stranger = make_user("Mia"), make_user("Cole"), make_user("Sid")
    live = coaching.accept_invite(db, coach.id, coaching.make_invite(db, mentee.id).code)
    coaching.suggest_prompt(db, coach.id, live.id, "What would you tell a new starter?")
    [s] = own.suggestions(db, mentee.id)
    assert s.suggested and s.text == "What would you tell a new starter?"
    assert own.prompts(db, coach.id) == []
    with pytest.raises(NotCoaching):
        coaching.suggest_prompt(db, mentee.id, live.id, "From the mentee")  # only the coach
    with pytest.raises(NotCoaching):
        coaching.suggest_prompt(db, stranger.id, live.id, "From a stranger")
    with pytest.raises(OwnError):
        coaching.suggest_prompt(db, coach.id, live.id, "")
    own.put_away_prompt(db, mentee.id, s.id)  # "Not for me"
    assert own.suggestions(db, mentee.id) == [] and own.prompts(db, mentee.id)[0].put_away
    coaching.end(db, mentee.id, live.id)
    with pytest.raises(NotCoaching):
        coaching.suggest_prompt(db, coach.id, live.id, "After the end")
    assert len(own.prompts(db, mentee.id)) == 1


def test_only_the_facilitator_writes_the_groups_own_regroup_prompt(db, make_user, lib) -> None:
    make_user("admin")
    fran, mo = make_user("Fran"), make_user("Mo")
    created = groups.create_group(db, fran.id, "Ward 7 regroup")
    gid = created.group.id
    groups.join_with_code(db, mo.id, created.code)
    groups.approve(db, fran.id, gid, mo.id)
    groups.set_regroup_prompt(db, fran.id, gid, lib.prompts[0].id, lib)
    with pytest.raises(GroupError):
        groups.set_regroup_prompt_text(db, mo.id, gid, "A member's words")
    for bad in ("x" * (own.MAX_PROMPT_CHARS + 1),):
        with pytest.raises(GroupError, match="up to 500"):
            groups.set_regroup_prompt_text(db, fran.id, gid, bad)
    assert groups.view(db, mo.id, gid, lib).prompt == lib.prompts[0]  # nothing changed
    groups.set_regroup_prompt_text(db, fran.id, gid, " What small step did we take together?\x07 ")
    prompt = groups.view(db, mo.id, gid, lib).prompt
    assert prompt is not None and prompt.text == "What small step did we take together?"
    assert prompt.id == f"group:{gid}" and lib.prompt(prompt.id) is None
    groups.set_regroup_prompt(db, fran.id, gid, lib.prompts[1].id, lib)  # a reviewed one chosen again replaces it
    assert groups.view(db, mo.id, gid, lib).prompt == lib.prompts[1]
    groups.set_regroup_prompt_text(db, fran.id, gid, "Ours again")
    groups.set_regroup_prompt_text(db, fran.id, gid, "")
    assert groups.view(db, mo.id, gid, lib).prompt is None


def test_the_demo_has_an_own_prompt_and_template_written_to_and_its_coachs_suggestion(db, make_user, lib) -> None:
    me, coach = make_user("demo"), make_user(demo_own.COACH)
    coaching.accept_invite(db, coach.id, coaching.make_invite(db, me.id).code)
    for _ in range(2):  # a rebuild starts afresh, after the year's own rebuild cleared the journal
        entries_repo.delete_all_for_user(db, me.id)
        demo_own.build(db, me.id, lib, TODAY)
    [mine, suggested] = own.prompts(db, me.id)
    assert (mine.text, mine.suggested) == (demo_own.PROMPT, False)
    assert (suggested.text, suggested.suggested) == (demo_own.COACH_SUGGESTS, True)
    [template] = own.templates(db, me.id)
    found, total = entries.search(db, me.id, entries.SearchFilter(), limit=50)
    assert total == len(demo_own.PROMPT_ANSWERS) + len(demo_own.TEMPLATE_ANSWERS)
    assert sum(e.template == template.template_id for e in found) == len(demo_own.TEMPLATE_ANSWERS)
    assert all(e.entry_date <= TODAY for e in found)
