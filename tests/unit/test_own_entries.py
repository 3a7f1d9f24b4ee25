"""How an own template's entry reads without its template: each answer under the question it was written to."""

from __future__ import annotations

from datetime import date

from journal.content.library import library
from journal.reflect import entries, own
from journal.reflect.entries import PROMPT_ANSWER
from journal.reflect.own import Box, OwnTemplate
from journal.store.entries import Summary

LIB = library()
OWN_ID = "own:7d1f"


def summary(answers: dict[str, str], template: str = OWN_ID) -> Summary:
    body = "\n\n".join(answers.values())
    return Summary("e1", date(2026, 3, 2), template, None, None, None, False, body, (), None, answers)


def test_a_preview_labels_each_answer_with_its_own_question_and_the_prompts_answer_last() -> None:
    shown = entries.preview(summary({"What went well?": "Handover", PROMPT_ANSWER: "Listen", "Next?": "Rest"}), LIB)
    assert [line.question for line in shown.lines] == ["What went well?", "Next?", "Your answer to the prompt"]
    assert [line.pieces[0].text for line in shown.lines] == ["Handover", "Rest", "Listen"]


def test_a_search_finds_an_own_templates_answer_under_its_question() -> None:
    shown = entries.preview(summary({"What went well?": "Handover", "Next?": "Rest on Sunday"}), LIB, "sunday")
    assert shown.lines[0].question == "Next?" and any(p.match for p in shown.lines[0].pieces)


def test_an_unknown_template_still_shows_every_answer_unlabelled_as_before() -> None:
    shown = entries.preview(summary({"a": "One", "b": "Two"}, template="retired_kind"), LIB)
    assert [line.question for line in shown.lines] == ["", ""]


def test_as_template_keeps_the_entrys_questions_first_then_the_templates_boxes() -> None:
    mine = OwnTemplate("7d1f", "Rounds", (Box("Now?", False), Box("Kept", True)), put_away=True)
    drawn = own.as_template(mine, OWN_ID, ["Then?", "Kept"])
    assert [(f.key, f.label, f.long) for f in drawn.fields] == [
        ("Then?", "Then?", True),
        ("Kept", "Kept", True),
        ("Now?", "Now?", False),
    ]
    assert drawn.id == OWN_ID and drawn.name == "Rounds" and not drawn.offers_prompt
    assert own.as_template(None, OWN_ID, ["Then?"]).name == own.OWN_TEMPLATE


def test_an_own_template_is_never_named_by_its_raw_id() -> None:
    assert LIB.template_name(OWN_ID) == own.OWN_TEMPLATE
    assert LIB.template_name("checkin") == LIB.template("checkin").name
