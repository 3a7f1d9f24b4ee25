"""The Write → Journal → edit → trash → restore flow, driven through the real pages on a real database."""

from __future__ import annotations

from journal.reflect import entries
from journal.reflect.entries import SearchFilter
from journal.ui import nav
from tests.app.conftest import by_suffix, markdown, sign_up, texts

HOSTILE = "Meet again <b>Friday</b> <script>alert(1)</script> ![x](https://evil.example/p.png)"


def open_template(at, template_id: str):
    at.button(key=f"pick.{template_id}").click().run()
    assert not at.exception
    return at


def save(at):
    by_suffix(at.button, ".save").click().run()
    assert not at.exception
    return at


def close(at):
    by_suffix(at.button, ".close").click().run()
    assert not at.exception
    assert "write.open" not in at.session_state
    return at


def only_entry(db, user_id):
    found, total = entries.search(db, user_id, SearchFilter())
    assert total == 1
    return entries.get(db, user_id, found[0].id)


def user_id(at) -> str:
    return at.session_state["harbour.user"].id


def test_every_page_runs_for_a_new_person_with_a_helpful_empty_state(app):
    at = sign_up(app(), "Sam")
    for page in (nav.WRITE.file, nav.JOURNAL.file, nav.TRASH.file):
        at.switch_page(page).run()
        assert not at.exception, page
    assert [i.value for i in at.info] == ["The trash is empty."]


def test_write_a_one_to_one_and_read_it_back_exactly(app, db):
    at = open_template(sign_up(app(), "Sam"), "one_to_one")
    by_suffix(at.text_input, ".a.who").input("J.")
    by_suffix(at.text_area, ".a.agreed").input(HOSTILE)
    by_suffix(at.radio, ".mood").set_value(4)
    by_suffix(at.radio, ".energy").set_value(2)
    save(at)
    assert [s.value for s in at.success] == ["Saved to your journal."]
    entry = only_entry(db, user_id(at))
    assert entry.answers["agreed"] == HOSTILE
    assert (entry.mood, entry.energy, entry.template, entry.theme) == (4, 2, "one_to_one", "connection")
    assert entry.polarity is not None

    at.switch_page(nav.JOURNAL.file).run()
    at.button(key=f"open.{entry.id}").click().run()
    assert HOSTILE in texts(at)  # shown as text...
    assert not any("evil.example" in m for m in markdown(at))  # ...and never through markdown


def test_an_empty_save_is_refused_kindly_and_saves_nothing(app, db):
    at = open_template(sign_up(app(), "Sam"), "free")
    by_suffix(at.button, ".skip").click().run()
    save(at)
    assert "nothing to save yet" in at.error[0].value
    assert entries.count(db, user_id(at)) == 0


def test_a_win_is_celebrated_when_saved(app, db):
    at = open_template(sign_up(app(), "Sam"), "win")
    by_suffix(at.text_area, ".a.the_win").input("The team ran its first listening campaign.")
    save(at)
    assert "little big thing" in at.success[0].value
    assert only_entry(db, user_id(at)).is_win


def test_saving_twice_from_one_form_makes_one_entry(app, db):
    at = open_template(sign_up(app(), "Sam"), "checkin")
    by_suffix(at.text_input, ".a.line").input("Tired but glad.")  # a form: sent with Save
    entry_id = at.session_state["write.open"].entry_id
    first = entries.save_new(
        db, user_id(at), entry_id, entries.EntryInput("checkin", {"line": "Tired but glad."}), _lib()
    )
    save(at)  # the page's own save of the same form, after a retry landed first
    assert first.created and entries.count(db, user_id(at)) == 1
    assert [s.value for s in at.success] == ["Saved to your journal."]


def _lib():
    from journal.content.library import library

    return library()


def test_edit_then_trash_then_restore(app, db):
    at = open_template(sign_up(app(), "Sam"), "free")
    by_suffix(at.text_area, ".a.text").input("First thoughts after the board meeting.")
    save(at)
    entry = only_entry(db, user_id(at))

    at.switch_page(nav.JOURNAL.file).run()
    at.button(key=f"open.{entry.id}").click().run()
    next(b for b in at.button if b.label == "Edit").click().run()
    by_suffix(at.text_area, ".a.text").input("Second thoughts: the board listened.")
    by_suffix(at.button, ".save").click().run()
    assert [s.value for s in at.success] == ["Saved your changes."]
    edited = entries.get(db, user_id(at), entry.id)
    assert edited.answers["text"] == "Second thoughts: the board listened." and edited.revision == 2

    next(b for b in at.button if b.label == "Move to trash").click().run()
    assert "Moved to the trash" in at.info[0].value
    assert entries.count(db, user_id(at)) == 0

    at.switch_page(nav.TRASH.file).run()
    assert "Second thoughts: the board listened." in texts(at)
    at.button(key=f"restore.{entry.id}").click().run()
    assert entries.count(db, user_id(at)) == 1
    assert [i.value for i in at.info] == ["The trash is empty."]


def test_delete_for_good_and_empty_trash(app, db):
    at = sign_up(app(), "Sam")
    uid = user_id(at)
    for n in range(3):
        entries.save_new(db, uid, f"e{n}", entries.EntryInput("free", {"text": f"note {n}"}), _lib())
        entries.trash(db, uid, f"e{n}")
    at.switch_page(nav.TRASH.file).run()
    at.button(key="purge.e0").click().run()
    assert entries.get(db, uid, "e0") is None
    at.checkbox(key="trash.confirm").check().run()
    next(b for b in at.button if b.label == "Empty the trash").click().run()
    assert entries.trashed(db, uid) == []
    assert entries.get(db, uid, "e1") is None


def test_journal_search_and_filters_find_the_right_entries(app, db):
    at = sign_up(app(), "Sam")
    uid = user_id(at)
    lib = _lib()
    entries.save_new(db, uid, "a", entries.EntryInput("free", {"text": "A walk by the river."}, tags=["rest"]), lib)
    entries.save_new(
        db, uid, "b", entries.EntryInput("setback", {"what_happened": "The bid fell through."}, theme="resilience"), lib
    )
    at.switch_page(nav.JOURNAL.file).run()
    assert {k.split(".", 1)[1] for k in _open_keys(at)} == {"a", "b"}
    at.text_input(key="journal.q").input("RIVER").run()
    assert {k.split(".", 1)[1] for k in _open_keys(at)} == {"a"}
    at.text_input(key="journal.q").input("").run()
    at.selectbox(key="journal.theme").select("resilience").run()
    assert {k.split(".", 1)[1] for k in _open_keys(at)} == {"b"}
    at.text_input(key="journal.q").input("river").run()
    assert _open_keys(at) == []
    assert "Nothing matches" in at.info[0].value


def _open_keys(at) -> list[str]:
    return [b.key for b in at.button if b.key and b.key.startswith("open.")]


def test_typing_keeps_a_draft_that_waits_after_a_reload(app, db):
    at = open_template(sign_up(app(), "Sam"), "setback")
    by_suffix(at.text_area, ".a.what_happened").input("The pilot was paused today.")
    at.run()
    drafts = entries.drafts(db, user_id(at))
    assert [d.input.answers["what_happened"] for d in drafts] == ["The pilot was paused today."]

    from tests.app.conftest import sign_in

    again = sign_in(app(), "Sam")  # a reload is a new session: sign in again
    assert any("Unfinished writing" in m for m in markdown(again))
    again.button(key=f"resume.{drafts[0].entry_id}").click().run()
    assert by_suffix(again.text_area, ".a.what_happened").value == "The pilot was paused today."
    save(again)
    assert entries.drafts(db, user_id(again)) == []
    assert entries.count(db, user_id(again)) == 1


def test_a_draft_can_be_discarded(app, db):
    at = open_template(sign_up(app(), "Sam"), "free")
    by_suffix(at.text_area, ".a.text").input("Half a thought.")
    at.run()
    close(at)
    (draft,) = entries.drafts(db, user_id(at))
    assert draft.input.answers == {"text": "Half a thought."}  # "Close — keep as a draft" did what it says
    at.button(key=f"discard.{draft.entry_id}.yes").click().run()  # inside the "Discard" pop-over: confirmed
    assert entries.drafts(db, user_id(at)) == []
    assert entries.count(db, user_id(at)) == 0


def test_prompts_rotate_and_can_be_skipped(app, db):
    at = open_template(sign_up(app(), "Sam"), "session")
    first = at.session_state[f"entry.{at.session_state['write.open'].entry_id}.prompt_id"]
    assert first
    by_suffix(at.button, ".another").click().run()
    second = at.session_state[f"entry.{at.session_state['write.open'].entry_id}.prompt_id"]
    assert second and second != first
    assert entries.recent_prompts(db, user_id(at))[:2] == [second, first]
    by_suffix(at.button, ".skip").click().run()
    assert not [t for t in at.text_area if t.label == "Your answer to the prompt"]


def test_surprise_me_offers_a_prompt_and_saves_it_with_the_answer(app, db):
    at = sign_up(app(), "Sam")
    next(b for b in at.button if b.label == "Surprise me with a prompt").click().run()
    eid = at.session_state["write.open"].entry_id
    prompt_text = at.session_state[f"entry.{eid}.prompt_text"]
    assert prompt_text in texts(at)
    next(t for t in at.text_area if t.label == "Your answer to the prompt").input("Small steps, again.")
    save(at)
    entry = only_entry(db, user_id(at))
    assert entry.prompt_text == prompt_text and entry.answers["prompt"] == "Small steps, again."


def test_opening_and_closing_a_form_untouched_leaves_no_draft(app, db):
    at = open_template(sign_up(app(), "Sam"), "free")  # free writing offers a prompt straight away
    close(at)
    assert entries.drafts(db, user_id(at)) == []
    assert not any("Unfinished writing" in m for m in markdown(at))


def test_an_unanswered_prompt_does_not_give_the_entry_its_theme(app, db):
    at = open_template(sign_up(app(), "Sam"), "free")
    by_suffix(at.text_area, ".a.text").input("Just writing, not answering the prompt.")
    save(at)
    assert only_entry(db, user_id(at)).theme is None


def test_a_too_long_tag_is_refused_on_write_with_its_start_shown_as_text(app, db):
    at = open_template(sign_up(app(), "Sam"), "free")
    by_suffix(at.text_area, ".a.text").input("A long day, but the team held together.")
    long_tag = "[x](//evil.example) " + "y" * 200
    by_suffix(at.multiselect, ".tags").set_value([long_tag])
    save(at)
    [error] = [e.value for e in at.error]
    assert "A tag can be up to 40 characters" in error
    assert "](" not in error.replace("\\](", "")  # the tag's start is escaped: no link can form
    assert entries.count(db, user_id(at)) == 0


def test_a_quick_check_in_is_one_form_sent_with_save_and_keeps_the_win(app, db):
    at = open_template(sign_up(app(), "Sam"), "checkin")
    line, mood, energy, win = (
        by_suffix(at.text_input, ".a.line"), by_suffix(at.radio, ".mood"), by_suffix(at.radio, ".energy"),
        by_suffix(at.toggle, ".win"),
    )  # fmt: skip
    # In a form: choosing and typing send nothing (no server round trip) until Save.
    assert all(w.proto.form_id for w in (line, mood, energy, win, by_suffix(at.button, ".save")))
    assert "Nothing here leaves this screen until you press Save." in " ".join(markdown(at))
    line.input("Tired but glad.")
    mood.set_value(4)
    energy.set_value(2)
    win.set_value(True)
    save(at)
    assert [s.value for s in at.success] == [
        "Saved, and noted as a little big thing. Small steps add up: well done for noticing this one."
    ]
    entry = only_entry(db, user_id(at))
    assert (entry.answers, entry.mood, entry.energy, entry.is_win) == ({"line": "Tired but glad."}, 4, 2, True)
    assert entries.drafts(db, user_id(at)) == []


def test_a_longer_reflection_is_not_a_form(app):
    at = open_template(sign_up(app(), "Sam"), "setback")
    assert not by_suffix(at.text_area, ".a.what_happened").proto.form_id  # a draft is kept on leaving each box
    assert not by_suffix(at.radio, ".mood").proto.form_id


def test_closing_a_check_in_keeps_what_it_carried_as_a_draft(app, db):
    at = open_template(sign_up(app(), "Sam"), "checkin")
    by_suffix(at.text_input, ".a.line").input("Half a line")
    by_suffix(at.radio, ".mood").set_value(3)
    close(at)  # Close is the form's second button: it sends what was chosen and typed with it
    (draft,) = entries.drafts(db, user_id(at))
    assert (draft.input.answers, draft.input.mood) == ({"line": "Half a line"}, 3)
    assert entries.count(db, user_id(at)) == 0
    at.button(key=f"resume.{draft.entry_id}").click().run()
    assert by_suffix(at.text_input, ".a.line").value == "Half a line"


def test_a_check_in_with_nothing_in_it_is_refused_kindly_and_kept_open(app, db):
    at = open_template(sign_up(app(), "Sam"), "checkin")
    save(at)
    assert "nothing to save yet" in at.error[0].value
    assert "write.open" in at.session_state and entries.count(db, user_id(at)) == 0


def test_identifying_words_in_a_check_in_are_warned_about_before_saving(app, db):
    at = open_template(sign_up(app(), "Sam"), "checkin")
    by_suffix(at.text_input, ".a.line").input("Bed 12 was a hard one")
    save(at)
    assert any(w.value.startswith("Before you save") for w in at.warning)
    assert entries.count(db, user_id(at)) == 0
    by_suffix(at.button, ".keep").click().run()
    assert only_entry(db, user_id(at)).answers == {"line": "Bed 12 was a hard one"}


def test_discarding_an_open_form_is_confirmed_and_keeps_nothing(app, db):
    at = open_template(sign_up(app(), "Sam"), "setback")
    by_suffix(at.text_area, ".a.what_happened").input("The pilot was paused today.")
    at.run()
    assert len(entries.drafts(db, user_id(at))) == 1
    assert "write.open" in at.session_state  # the "Discard" pop-over alone changes nothing
    by_suffix(at.button, ".discard.yes").click().run()
    assert "write.open" not in at.session_state
    assert entries.drafts(db, user_id(at)) == [] and entries.count(db, user_id(at)) == 0


def test_a_bookmarked_address_opens_a_quick_check_in_once(app):
    at = sign_up(app(), "Sam")
    at.query_params[nav.START] = "checkin"
    at.run()
    assert at.session_state["write.open"].template == "checkin"
    assert nav.START not in at.query_params  # taken: a reload doesn't start another
    close(at)
    at.run()
    assert "write.open" not in at.session_state


def test_a_bookmarked_address_waits_through_signing_in(app):
    at = app()
    at.query_params[nav.START] = "checkin"
    at = sign_up(at, "Sam")
    assert at.session_state["write.open"].template == "checkin"
    assert by_suffix(at.text_input, ".a.line").label == "One line about today"


def test_a_bookmark_naming_no_template_opens_nothing(app):
    at = sign_up(app(), "Sam")
    at.query_params[nav.START] = "<b>nope</b>"
    at.run()
    assert not at.exception and "write.open" not in at.session_state
    assert nav.START not in at.query_params
