"""The NHS's own support structures as reviewed content: the templates (the GMC's two, restorative supervision, a
Schwartz Round, after a distressing event, the wellbeing plan) and support.toml, each checked on load, a malformed
file refused with a message naming it."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from journal.content import regulators
from journal.content.library import PROMPTS_FILE, RELIED_ON, TEMPLATES_FILE, ContentError, library, load_library
from journal.content.support import SUPPORT_FILE, content

LIB = library()
NEW = ("gmc_what_why_how", "aomrc_reflection", "restorative_before", "restorative_after", "schwartz_round",
       "after_event", "wellbeing_plan")  # fmt: skip
# Any score or rating: a number to give, a risk level, a scale.
RATING = re.compile(r"(?i)\b(score|scor(ed|ing)|rat(e|ing)|risk|scale|out of|1[-–]\d+|level)\b")


def _templates_with(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "templates.toml"
    path.write_text(text, encoding="utf-8")
    return path


# -- the shipped templates ---------------------------------------------------------------------------------------
def test_the_new_templates_are_listed_on_write_in_order_between_what_so_what_and_free_writing() -> None:
    ids = [t.id for t in LIB.templates]
    assert ids[ids.index("what_so_what") + 1 : ids.index("free")] == list(NEW)


def test_the_gmc_templates_are_the_ones_regulators_toml_names_with_the_gmcs_and_the_academys_questions() -> None:
    assert regulators.load().gmc.templates == ("gmc_what_why_how", "aomrc_reflection")
    assert [f.label.split("?")[0] for f in LIB.template("gmc_what_why_how").fields] == ["What", "Why", "How"]
    assert [f.label for f in LIB.template("aomrc_reflection").fields] == [
        "What happened?",
        "What did you do?",
        "What have you learnt?",
        "What next?",
    ]


def test_restorative_supervision_has_a_before_and_an_after_with_what_restored_you_and_one_improvement_step() -> None:
    assert "What are you bringing?" in [f.label for f in LIB.template("restorative_before").fields]
    after = [f.label for f in LIB.template("restorative_after").fields]
    assert after[:2] == ["What restored you?", "One improvement step"]


def test_after_a_schwartz_round_is_about_feelings_and_says_nothing_needs_solving() -> None:
    template = LIB.template("schwartz_round")
    assert "Nothing here needs solving" in template.summary
    assert not any("solve" in f.label.lower() or "fix" in f.label.lower() for f in template.fields)


def test_after_a_distressing_event_asks_no_scales_and_no_word_of_it_asks_for_a_score_or_rating() -> None:
    template = LIB.template("after_event")
    assert template.scales is False
    assert all(t.scales for t in LIB.templates if t.id != "after_event")
    words = [template.name, template.summary, *(w for f in template.fields for w in (f.label, f.help))]
    assert [w for w in words if RATING.search(w.replace("No scores and no ratings", ""))] == []
    assert "TRiM" in " ".join(f.help for f in template.fields)


def test_every_template_has_fields_each_with_a_key_a_label_and_help() -> None:
    for template in (*LIB.templates, *LIB.unlisted):
        assert template.fields, template.id
        assert all(f.key and f.label and f.help for f in template.fields), template.id


# -- the loader's checks -----------------------------------------------------------------------------------------
@pytest.mark.parametrize("relied_on", RELIED_ON)
def test_a_templates_file_without_a_template_harbour_relies_on_is_refused_naming_it(
    tmp_path: Path, relied_on: str
) -> None:
    text = TEMPLATES_FILE.read_text(encoding="utf-8").replace(f'id = "{relied_on}"', 'id = "renamed"')
    with pytest.raises(ContentError, match=rf"^templates\.toml: Harbour relies on template {relied_on}\b"):
        load_library(PROMPTS_FILE, _templates_with(tmp_path, text))


def test_a_template_with_a_field_without_a_label_is_refused_naming_the_file(tmp_path: Path) -> None:
    extra = '\n[[templates]]\nid = "x"\nname = "X"\nsummary = "X"\n[[templates.fields]]\nkey = "a"\n'
    text = TEMPLATES_FILE.read_text(encoding="utf-8") + extra
    with pytest.raises(ContentError, match=r"^templates\.toml: template x has a field with no key or label"):
        load_library(PROMPTS_FILE, _templates_with(tmp_path, text))


def test_a_template_without_fields_or_a_name_or_scales_that_isnt_true_or_false_is_refused(tmp_path: Path) -> None:
    shipped = TEMPLATES_FILE.read_text(encoding="utf-8")
    for extra, problem in (
        ('\n[[templates]]\nid = "x"\nname = "X"\nsummary = "X"\n', "template x has no fields"),
        ('\n[[templates]]\nid = "x"\nsummary = "X"\n', "template x has no name"),
        (
            '\n[[templates]]\nid = "x"\nname = "X"\nsummary = "X"\nscales = "no"\n[[templates.fields]]\nkey = "a"\n'
            'label = "A"\n',
            "template x's scales isn't true/false",
        ),
    ):
        with pytest.raises(ContentError, match=rf"^templates\.toml: {re.escape(problem)}"):
            load_library(PROMPTS_FILE, _templates_with(tmp_path, shipped + extra))


# -- support.toml --------------------------------------------------------------------------------------------------
def test_support_toml_has_the_nhss_own_signposts() -> None:
    nhs = {s.title: s.text for s in content().nhs}
    practitioner = nhs["NHS Practitioner Health"]
    for words in ("free", "confidential", "doctors and dentists in England", "refer yourself"):
        assert words in practitioner
    assert any("Ask for restorative supervision, or talk to your Professional Nurse Advocate (PNA)" in t
               for t in nhs.values())  # fmt: skip
    assert any("TRiM" in title or "TRiM" in text for title, text in nhs.items())
    assert "checked on" in SUPPORT_FILE.read_text(encoding="utf-8")  # when Practitioner Health's words were checked


@pytest.mark.parametrize(
    ("change", "problem"),
    [
        (lambda t: t.replace("[after_event]", "[after_the_event]"), "[after_event] is missing"),
        (lambda t: t.replace('review_button = "Review it"', 'review_button = "  "'), "wellbeing.review_button"),
        (lambda t: t.replace("[[nhs]]", "[[nhs_old]]"), "[[nhs]] should list at least one"),
        (lambda t: re.sub(r'(?m)^how = "Call 116 123"$', "", t), "lines.how should be some words"),
        (lambda t: t + "\n[[lines]\n", "can't be read"),
    ],
)
def test_a_malformed_support_toml_is_refused_with_a_message_naming_it(tmp_path: Path, change, problem: str) -> None:
    path = tmp_path / "support.toml"
    path.write_text(change(SUPPORT_FILE.read_text(encoding="utf-8")), encoding="utf-8")
    with pytest.raises(ContentError, match=rf"^support\.toml: .*{re.escape(problem)}"):
        content.__wrapped__(path)
