"""The Reflective account page, driven through the real app on a real database."""

from __future__ import annotations

import uuid
from datetime import timedelta

import pytest
from streamlit.testing.v1 import AppTest

from journal.reflect import entries
from journal.reflect import reflective_account as reflective
from journal.reflect.entries import EntryInput
from journal.reflect.reflective_account import CHANGED, LEARNED, NATURE, RELEVANCE
from journal.store import reflective as repo
from journal.text.identifiable import WHY
from journal.ui import nav
from tests.app.conftest import markdown, sign_up, texts
from tests.factories import TODAY

pytestmark = pytest.mark.usefixtures("fixed_clock")  # the app in-process reads TODAY from the held clock

PAGE = nav.REFLECTIVE_ACCOUNT.file
GIBBS = {
    "description": "A medicines round was interrupted.",
    "feelings": "Flustered.",
    "evaluation": "The check still happened.",
    "analysis": "Interruptions are common.",
    "conclusion": "I could have worn the tabard.",
    "action_plan": "Wear the do-not-disturb tabard.",
}


def open_page(at: AppTest) -> AppTest:
    at.switch_page(PAGE).run()
    assert not at.exception, at.exception
    return at


def user_id(at: AppTest) -> str:
    return at.session_state["harbour.user"].id


def write(db, lib, at: AppTest, template: str, answers: dict[str, str], days_ago: int = 0) -> str:
    entry_id = str(uuid.uuid4())
    inp = EntryInput(template, answers, entry_date=TODAY - timedelta(days=days_ago))
    entries.save_new(db, user_id(at), entry_id, inp, lib)
    return entry_id


def boxes(at: AppTest) -> dict[str, str]:
    return {t.label: t.value for t in at.text_area}


def tick(at: AppTest, starting: str) -> AppTest:
    next(c for c in at.checkbox if c.label.removeprefix("**").startswith(starting)).check().run()
    assert not at.exception, at.exception
    return at


def download(at: AppTest) -> AppTest:
    at.download_button[0].click().run()
    assert not at.exception, at.exception
    return at


def test_with_no_entries_yet_it_says_kindly_to_write_one_first(app, db) -> None:
    at = open_page(sign_up(app(), "Sam"))
    assert at.info[0].value.startswith("You haven't prepared a reflective account here yet.")
    assert any("write one first" in m for m in markdown(at))
    links = [(link.proto.label, link.proto.page) for link in at.main.get("page_link")]  # not the menu's
    # Write is the default page: its address is the app's root
    assert links == [("Revalidation and CPD: your whole portfolio", "revalidation"), ("Write an entry", "")]
    assert not at.text_area and not at.download_button


def test_the_counter_shows_how_many_of_the_five_with_the_dates(app, db, lib) -> None:
    at = sign_up(app(), "Sam")
    for n in range(2):
        entry_id = write(db, lib, at, "gibbs", GIBBS)
        account = reflective.from_entry(entries.get(db, user_id(at), entry_id), lib)
        reflective.prepare(db, user_id(at), f"account-{n}", reflective.with_themes(account, ["preserve_safety"]))
    open_page(at)
    start = reflective.window_start(TODAY)
    assert at.info[0].value == (
        "You've prepared 2 of the 5 reflective accounts revalidation asks for in the last three years "
        f"(since {start.day} {start:%B %Y}). Each one counts."
    )


def test_a_gibbs_entry_is_offered_first_and_fills_in_the_form_without_changing_the_entry(app, db, lib) -> None:
    at = sign_up(app(), "Sam")
    free = write(db, lib, at, "free", {"text": "Newer, but free writing."})
    gibbs = write(db, lib, at, "gibbs", GIBBS, days_ago=4)
    open_page(at)
    options = at.selectbox(key="reflective.entry").options
    assert "Gibbs' reflective cycle (fits the form best) · A medicines round was interrupted." in options[0]
    assert "Free writing · Newer, but free writing." in options[1]
    assert boxes(at) == {
        NATURE: GIBBS["description"],
        LEARNED: "\n\n".join(GIBBS[k] for k in ("feelings", "evaluation", "analysis", "conclusion")),
        CHANGED: GIBBS["action_plan"],
        RELEVANCE: "",
    }

    at.text_area[0].input("Reworded for the form.").run()
    assert boxes(at)[NATURE] == "Reworded for the form."
    saved = entries.get(db, user_id(at), gibbs)
    assert saved.answers == GIBBS and saved.revision == 1  # the entry itself is untouched

    at.selectbox(key="reflective.entry").select(free).run()
    assert boxes(at) == {NATURE: "Write freely\nNewer, but free writing.", LEARNED: "", CHANGED: "", RELEVANCE: ""}


def test_with_no_theme_ticked_there_is_a_kind_error_and_no_download_then_one_that_counts_once(app, db, lib) -> None:
    at = sign_up(app(), "Sam")
    write(db, lib, at, "gibbs", GIBBS)
    open_page(at)
    assert [e.value for e in at.error] == [
        "Nearly there: please tick at least one theme of the Code that this account relates to."
    ]
    assert not at.download_button
    assert repo.for_user(db, user_id(at)) == []

    tick(at, "Preserve safety")
    assert not at.error
    assert at.download_button[0].label == "Download the form (PDF)"
    download(at)
    assert at.success[0].value.startswith("Counted towards your five.")
    assert at.info[0].value.startswith("You've prepared 1 of the 5 reflective accounts")
    download(at)  # a second click is the same account
    [row] = repo.for_user(db, user_id(at))
    assert row.code_themes == '["preserve_safety"]'
    assert at.info[0].value.startswith("You've prepared 1 of the 5 reflective accounts")


def test_a_section_left_empty_is_named_kindly_and_hides_the_download(app, db, lib) -> None:
    at = sign_up(app(), "Sam")
    write(db, lib, at, "what_so_what", {"what": "A complaint.", "so_what": "Tone matters."})
    open_page(at)
    tick(at, "Prioritise people")
    assert [e.value for e in at.error] == [
        "Nearly there: please write a few words about how you changed or improved your practice. "
        "The NMC's form asks for all three."
    ]
    assert not at.download_button
    at.text_area[2].input("I slow down and explain.").run()
    assert not at.error and at.download_button


def test_identifiable_text_is_pointed_out_and_the_download_waits_until_checked(app, db, lib) -> None:
    at = sign_up(app(), "Sam")
    write(db, lib, at, "gibbs", GIBBS | {"action_plan": "Call 943 476 5919 back."})
    open_page(at)
    tick(at, "Preserve safety")
    assert at.warning[0].value.startswith("Some of this may identify a patient or a colleague.")  # evidence.py's check
    assert "NHS number: 943 476 5919" in texts(at)
    assert WHY["NHS number"] in markdown(at)
    assert not at.download_button

    tick(at, "I've checked: it identifies no one")
    assert at.download_button

    at.text_area[0].input("Seen at SW1A 1AA.").run()  # something new to check: asked again
    assert "Postcode: SW1A 1AA" in texts(at)
    assert not at.download_button
    tick(at, "I've checked")
    assert at.download_button


def test_html_and_markdown_in_an_entry_show_as_the_literal_text_written(app, db, lib) -> None:
    at = sign_up(app(), "Sam")
    raw = "<script>alert('x')</script> <b>bold</b> **stars** [link](https://example.com)"
    write(db, lib, at, "what_so_what", {"what": raw, "so_what": "<i>so</i>", "now_what": "# heading"})
    open_page(at)
    assert boxes(at)[NATURE] == raw
    assert boxes(at)[CHANGED] == "# heading"
    assert at.selectbox(key="reflective.entry").options[0].endswith(" · " + raw[:49] + "…")  # cut after a whole word
    shown = markdown(at) + [w.value for w in at.warning] + [e.value for e in at.error] + [i.value for i in at.info]
    assert not any(part in m for m in shown for part in ("<script>", "<b>", "**stars**", "<i>so", "# heading"))


def test_characters_the_pdf_cannot_print_are_named_as_plain_text(app, db, lib) -> None:
    at = sign_up(app(), "Sam")
    write(db, lib, at, "what_so_what", {"what": "你好 <b>", "so_what": "Привет", "now_what": "مرحبا"})
    open_page(at)
    assert any("can't print these characters" in w.value for w in at.warning)
    assert "你 好" in texts(at)
