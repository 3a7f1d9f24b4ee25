"""Before saving words that may identify a patient or colleague, Harbour says what and why, and saves nothing
until the person chooses: edit the text, or keep it and save."""

from __future__ import annotations

from journal.content.library import library
from journal.reflect import entries
from journal.text.identifiable import is_valid_nhs_number
from journal.ui import nav
from tests.app.conftest import by_suffix, sign_up, texts

NHS = "943 476 5919"
IDENTIFYING = f"Bed 12, NHS number {NHS}"
WARNING = "Before you save: some of this may identify a patient or a colleague."


def user_id(at) -> str:
    return at.session_state["harbour.user"].id


def writing(app, text: str):
    at = sign_up(app(), "Sam")
    at.button(key="pick.free").click().run()
    by_suffix(at.text_area, ".a.text").input(text)
    return at.run()


def warned(at) -> bool:
    return any(w.value.startswith(WARNING) for w in at.warning)


def test_the_example_nhs_number_passes_the_modulus_11_check() -> None:
    assert is_valid_nhs_number(NHS)


def test_identifying_text_is_not_saved_but_explained(app, db) -> None:
    at = writing(app, IDENTIFYING)
    by_suffix(at.button, ".save").click().run()
    assert not at.exception
    assert warned(at)
    assert {"Bed, bay or room: Bed 12", f"NHS number: {NHS}"} <= set(texts(at))  # their words, as plain text
    assert entries.count(db, user_id(at)) == 0
    [draft] = entries.drafts(db, user_id(at))  # what they wrote is still kept as a draft
    assert draft.input.answers["text"] == IDENTIFYING


def test_keep_it_and_save_saves_exactly_once(app, db) -> None:
    at = writing(app, IDENTIFYING)
    by_suffix(at.button, ".save").click().run()
    by_suffix(at.button, ".keep").click().run()
    assert not at.exception and not warned(at)
    assert [s.value for s in at.success] == ["Saved to your journal."]
    [summary], total = entries.search(db, user_id(at), entries.SearchFilter())
    assert total == 1 and entries.get(db, user_id(at), summary.id).answers == {"text": IDENTIFYING}
    at.run()
    assert entries.count(db, user_id(at)) == 1
    assert entries.drafts(db, user_id(at)) == []


def test_edit_my_text_just_closes_the_warning(app, db) -> None:
    at = writing(app, IDENTIFYING)
    by_suffix(at.button, ".save").click().run()
    by_suffix(at.button, ".edit_text").click().run()
    assert not warned(at)
    assert by_suffix(at.text_area, ".a.text").value == IDENTIFYING
    assert entries.count(db, user_id(at)) == 0


def test_once_the_identifying_parts_are_removed_it_saves_without_a_warning(app, db) -> None:
    at = writing(app, IDENTIFYING)
    by_suffix(at.button, ".save").click().run()
    by_suffix(at.text_area, ".a.text").input("A patient on the ward, whose story stayed with me.").run()
    assert not warned(at)  # the warning was about the old words
    by_suffix(at.button, ".save").click().run()
    assert not warned(at)
    assert [s.value for s in at.success] == ["Saved to your journal."]
    assert entries.count(db, user_id(at)) == 1


def test_keeping_one_text_does_not_wave_through_a_different_one(app, db) -> None:
    at = writing(app, IDENTIFYING)
    by_suffix(at.button, ".save").click().run()
    by_suffix(at.text_area, ".a.text").input("Bay 3 bed 4, call 07700 900123").run()
    by_suffix(at.button, ".save").click().run()
    assert warned(at)
    assert {"Bed, bay or room: Bay 3 bed 4", "Phone number: 07700 900123"} <= set(texts(at))
    assert entries.count(db, user_id(at)) == 0


def test_ordinary_writing_saves_straight_away(app, db) -> None:
    at = writing(app, "Two beds free on the ward; bed time came late. We meet again on 3 March.")
    by_suffix(at.button, ".save").click().run()
    assert not warned(at)
    assert entries.count(db, user_id(at)) == 1


def test_editing_an_entry_warns_too(app, db) -> None:
    at = sign_up(app(), "Sam")
    saved = entries.save_new(db, user_id(at), "e1", entries.EntryInput("free", {"text": "A quiet shift."}), library())
    at.switch_page(nav.JOURNAL.file).run()
    at.button(key=f"open.{saved.entry.id}").click().run()
    next(b for b in at.button if b.label == "Edit").click().run()
    by_suffix(at.text_area, ".a.text").input("A quiet shift. Email jo.bloggs@nhs.net about it.")
    by_suffix(at.button, ".save").click().run()
    assert warned(at)
    assert entries.get(db, user_id(at), "e1").body == "A quiet shift."
    by_suffix(at.button, ".keep").click().run()
    assert entries.get(db, user_id(at), "e1").body == "A quiet shift. Email jo.bloggs@nhs.net about it."
