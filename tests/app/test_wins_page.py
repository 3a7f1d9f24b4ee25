"""Wins → Coming back from setbacks, on the demo year: a heading and a line a newcomer understands, and each
setback told as a story in which every entry is one dated item, its answers apart, cut only after whole words."""

from __future__ import annotations

import string

import pytest

from journal.patterns import signals, trends
from journal.reflect import entries, wins
from journal.text.words import nice_date
from journal.ui import nav
from tests.app import test_patterns_pages as on_the_demo
from tests.app.conftest import app_store, markdown, sign_up_on
from tests.factories import TODAY

pytestmark = pytest.mark.usefixtures("fixed_clock")
demo_file, demo_user, signed_in = on_the_demo.demo_file, on_the_demo.demo_user, on_the_demo.signed_in  # the demo year


def _stories(user_id: str) -> list[wins.Comeback]:
    with app_store() as db:
        episodes = signals.recoveries(trends.history(db, user_id, TODAY), TODAY)
        return wins.comebacks(db, user_id, list(reversed(episodes[-5:])), TODAY)


def test_the_section_explains_itself_and_tells_each_setback_as_a_story(app, demo_user) -> None:
    at = signed_in(app, demo_user).switch_page(nav.WINS.file).run()
    assert not at.exception
    assert "Coming back from setbacks" in [h.value for h in at.header]
    assert any(m.startswith("A setback is a comma, not a full stop") and "newest first" in m for m in markdown(at))
    stories = _stories(demo_user.id)
    assert stories and any(s.title.startswith("A setback on") for s in stories)
    assert [s.title for s in stories] == [h.value for h in at.subheader if h.value in {s.title for s in stories}]
    shown = markdown(at)
    for story in stories:
        assert story.ending in shown
        for moment in (*story.started, *story.days_after, *story.helped):
            assert " · ".join(filter(None, (nice_date(moment.day), moment.kind))) in shown  # one date per entry
            assert "\n".join(moment.answers) in [t.value for t in at.text]  # their words as text, never markdown
            # Wins listed above the stories show their words as escaped markdown: never a character unescaped
            assert not any(a in m for a in moment.answers if set(a) & set(string.punctuation) for m in shown)


def test_every_answer_is_whole_or_cut_after_a_whole_word_with_an_ellipsis(demo_user) -> None:
    stories = _stories(demo_user.id)
    moments = [m for s in stories for m in (*s.started, *s.days_after, *s.helped)]
    assert any(a.endswith("…") for m in moments for a in m.answers)  # the demo has long answers: some are cut
    with app_store() as db:
        for moment in moments:
            entry = entries.get(db, demo_user.id, moment.entry_id)
            assert entry is not None and entry.entry_date == moment.day
            written = [" ".join(a.split()) for a in entry.answers.values() if a.strip()]
            for shown, whole in zip(moment.answers, written, strict=False):  # in the entry's order
                if shown.endswith("…"):
                    kept = shown[:-1]
                    assert whole.startswith(kept) and whole[len(kept) :].lstrip(",;:.-–—")[:1] == " ", shown
                    assert len(shown) <= wins.ANSWER_CHARS
                else:
                    assert shown == whole


def test_with_no_setback_yet_it_says_what_will_appear_and_promises_nothing_else(app) -> None:
    at = sign_up_on(app, nav.WINS.file)
    intro = [m for m in markdown(at) if m.startswith("A setback is a comma")]
    assert intro == [
        "A setback is a comma, not a full stop: the sentence carries on. When a setback or a dip in your mood comes "
        "and goes, Harbour will show here how you came back, and what helped."
    ]
    assert not at.subheader
