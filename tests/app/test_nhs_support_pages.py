"""The NHS's own support structures, driven through the real app on a real database: the new templates start and
save on Write; after a traumatic or distressing event there is no rating of any kind, and "What next?" offers both
look backs (3 days and 4 weeks) and the employer's peer support; the wellbeing plan's yearly review on Write; and
Support's new signposts and "Your wellbeing plan" with its PDF, after the identifiability check."""

from __future__ import annotations

import uuid
from datetime import timedelta

import pytest
from streamlit.testing.v1 import AppTest

from journal.content.library import library
from journal.content.support import content
from journal.reflect import checkbacks, entries, wellbeing
from journal.reflect.entries import EntryInput
from journal.text.words import nice_date
from journal.ui import nav
from tests.app.conftest import app_store, by_suffix, markdown, sign_up, texts, user_id
from tests.factories import TODAY

pytestmark = pytest.mark.usefixtures("fixed_clock")  # the app in-process reads TODAY from the held clock

NEW = ("gmc_what_why_how", "aomrc_reflection", "restorative_before", "restorative_after", "schwartz_round",
       "after_event", "wellbeing_plan")  # fmt: skip
SHAKEN = "Stayed with the family after the crash call; I keep seeing the room"
PLAN = {"keeps_you_well": "Lunch outside with the team", "early_signs": "I stop replying to friends"}


def _plan(at: AppTest, days_ago: int, answers: dict[str, str] = PLAN) -> str:
    with app_store() as db:
        entry_id = str(uuid.uuid4())
        inp = EntryInput(wellbeing.TEMPLATE, answers, entry_date=TODAY - timedelta(days=days_ago))
        entries.save_new(db, user_id(at), entry_id, inp, library())
        return entry_id


@pytest.mark.parametrize("template_id", NEW)
def test_each_new_template_starts_on_write_with_its_questions(app, template_id: str) -> None:
    template = library().template(template_id)
    at = sign_up(app(), "Sam")
    at.button(key=f"pick.{template_id}").click().run()
    assert not at.exception, at.exception
    assert at.session_state["write.open"].template == template_id
    assert [s.value for s in at.subheader] == [template.name]
    assert [t.label for t in at.text_area] == [f.label for f in template.fields]
    scales = [r.label for r in at.radio]
    assert scales == ([] if template_id == "after_event" else ["How are you feeling?", "How is your energy?"])


def test_after_a_distressing_event_nothing_is_rated_and_what_next_offers_both_look_backs_and_peer_support(app) -> None:
    at = sign_up(app(), "Sam")
    at.button(key="pick.after_event").click().run()
    by_suffix(at.text_area, ".a.set_down").input(SHAKEN)
    by_suffix(at.button, ".save").click().run()
    assert not at.exception, at.exception
    with app_store() as db:
        [saved] = entries.search(db, user_id(at), entries.SearchFilter())[0]
        assert saved.template == "after_event" and saved.mood is None and saved.energy is None
    words = content().after_event
    assert f"**{words.heading}**" in [m.value for m in at.markdown]  # open on Write, not folded away
    assert words.look_back in markdown(at) and words.peer_support in markdown(at)
    offered = [d for d in at.get("download_button") if "checkbacks.offer" in str(d.proto.id)]
    assert [d.proto.label for d in offered] == ["Look back in 3 days", "Look back in 4 weeks"]
    assert {d.proto.type for d in offered} == {"primary"}  # both, prominently
    links = [(link.proto.label, link.proto.page) for link in at.main.get("page_link")]
    assert ("Support: people to talk to, and peer support", "support") in links
    assert not at.radio and not at.slider and not at.number_input  # no score or rating of any kind
    everything = " ".join([*markdown(at), *texts(at), *(e.label for e in at.expander)]).lower()
    assert "score" not in everything and "risk" not in everything and "rating" not in everything
    for label in ("Look back in 3 days", "Look back in 4 weeks"):  # each file downloaded plans its look back
        next(d for d in at.download_button if d.label == label).click().run()
    with app_store() as db:
        due = sorted(row.due_on for row in checkbacks.repo.all_for_user(db, user_id(at)))
    assert due == [TODAY + timedelta(days=3), TODAY + timedelta(days=28)]


def test_a_setbacks_what_next_keeps_its_own_words(app) -> None:
    at = sign_up(app(), "Sam")
    at.button(key="pick.setback").click().run()
    by_suffix(at.text_area, ".a.what_happened").input("The bid was turned down")
    by_suffix(at.button, ".save").click().run()
    assert "**Look back on this, a little later**" in [m.value for m in at.markdown]
    assert content().after_event.peer_support not in markdown(at)


def test_a_gmc_reflection_saves_like_any_entry(app) -> None:
    at = sign_up(app(), "Sam")
    at.button(key="pick.gmc_what_why_how").click().run()
    by_suffix(at.text_area, ".a.what").input("A teaching session on sepsis for the new doctors")
    by_suffix(at.text_area, ".a.how").input("Run it again with a case to work through")
    by_suffix(at.button, ".save").click().run()
    assert not at.exception, at.exception
    with app_store() as db:
        [saved] = entries.search(db, user_id(at), entries.SearchFilter(template="gmc_what_why_how"))[0]
        entry = entries.get(db, user_id(at), saved.id)
    assert entry.answers == {
        "what": "A teaching session on sepsis for the new doctors",
        "how": "Run it again with a case to work through",
    }


def test_a_plan_a_year_old_is_offered_for_review_on_write_and_review_it_starts_one_filled_in(app) -> None:
    at = sign_up(app(), "Sam")
    _plan(at, 364)
    at.run()
    assert content().wellbeing.review_due.split(".")[0] not in " ".join(markdown(at))  # not yet: 364 days
    assert not [b for b in at.button if b.key == "wellbeing.review"]
    _plan(at, 365, {"keeps_you_well": "An older plan"})  # an older one doesn't matter: the newest is the plan
    at.run()
    assert not [b for b in at.button if b.key == "wellbeing.review"]

    at = sign_up(app(), "Alex")
    _plan(at, 365)
    at.run()
    assert any(content().wellbeing.review_due in m for m in markdown(at))
    at.button(key="wellbeing.review").click().run()
    at.run()  # Write takes the new entry it was sent
    assert not at.exception, at.exception
    form = at.session_state["write.open"]
    assert form.template == wellbeing.TEMPLATE
    boxes = {t.label: t.value for t in at.text_area}
    assert boxes["What keeps you well at work?"] == PLAN["keeps_you_well"]
    assert boxes["What are your early signs that things are getting too much?"] == PLAN["early_signs"]
    by_suffix(at.button, ".save").click().run()
    with app_store() as db:
        assert wellbeing.newest(db, user_id(at)).written_on == TODAY
        assert entries.count(db, user_id(at)) == 2  # the old plan stays in the journal


def _support(at: AppTest) -> AppTest:
    at.switch_page(nav.SUPPORT.file).run()
    assert not at.exception, at.exception
    return at


def test_support_shows_the_nhss_own_signposts_to_everyone(app) -> None:
    at = app()
    at.run()
    _support(at)
    shown = " ".join(markdown(at))
    for section in content().nhs:
        assert f"**{section.title}**" in shown and section.text in shown
    assert "NHS Practitioner Health" in shown and "Professional Nurse Advocate (PNA)" in shown and "TRiM" in shown
    assert content().wellbeing.heading not in [s.value for s in at.subheader]  # signed out: no plan


def test_support_shows_your_wellbeing_plan_with_its_dates_and_a_pdf_after_the_check(app) -> None:
    at = sign_up(app(), "Sam")
    _support(at)
    assert content().wellbeing.heading not in [s.value for s in at.subheader]  # no plan yet: nothing to show
    _plan(at, 30)
    _support(at)
    assert content().wellbeing.heading in [s.value for s in at.subheader]
    written = TODAY - timedelta(days=30)
    expected = f"Written on {nice_date(written)}. Review it by {nice_date(written.replace(year=written.year + 1))}."
    assert expected in markdown(at)
    [download] = at.get("download_button")
    assert download.proto.label == "Download your plan (PDF)"
    assert PLAN["keeps_you_well"] in texts(at) and PLAN["early_signs"] in texts(at)  # "Read your plan", as text
    assert "**What keeps you well at work?**" in markdown(at)

    other = sign_up(app(), "Alex")
    _plan(other, 400, {"keeps_you_well": "Ring me on sam@example.org"})
    _support(other)
    assert any(m.startswith("Written on") and "time to look it over" in m for m in markdown(other))
    assert not other.get("download_button")  # something looks identifying: not until they've checked
    assert "Ring me on sam@example.org" not in " ".join(markdown(other))  # their words only as text
    next(c for c in other.checkbox if c.label.startswith("I've checked")).check().run()
    assert [d.proto.label for d in other.get("download_button")] == ["Download your plan (PDF)"]


def test_a_look_back_on_a_distressing_event_opens_with_where_to_find_someone_to_talk_to(app) -> None:
    at = sign_up(app(), "Sam")
    with app_store() as db:
        entry_id = str(uuid.uuid4())
        entries.save_new(db, user_id(at), entry_id, EntryInput("after_event", {"set_down": SHAKEN}), library())
        planned = checkbacks.plan_entry(db, user_id(at), entries.get(db, user_id(at), entry_id), 28)
        checkbacks.keep(db, user_id(at), planned)
    at.query_params[checkbacks.LINK] = planned.id
    at.run()
    assert not at.exception, at.exception
    assert at.session_state["write.open"].template == checkbacks.TEMPLATE
    assert SHAKEN in texts(at)  # what they wrote then, as text
    assert content().after_event.looking_back in markdown(at)
    assert ("Support: people to talk to, and peer support", "support") in [
        (link.proto.label, link.proto.page) for link in at.main.get("page_link")
    ]


def test_saving_a_wellbeing_plan_says_where_it_is_now(app) -> None:
    at = sign_up(app(), "Sam")
    at.button(key="pick.wellbeing_plan").click().run()
    by_suffix(at.text_area, ".a.keeps_you_well").input(PLAN["keeps_you_well"])
    by_suffix(at.button, ".save").click().run()
    assert not at.exception, at.exception
    assert "What next? An action, or a look back" in [e.label for e in at.expander]  # folded, as for most entries
    assert content().wellbeing.saved in markdown(at)
    assert content().after_event.peer_support not in markdown(at)
