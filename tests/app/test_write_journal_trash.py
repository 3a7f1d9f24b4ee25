"""The Write → Journal → edit → trash → restore flow, driven through the real pages on a real database."""

from __future__ import annotations

import re
from datetime import UTC
from zoneinfo import ZoneInfo

from journal.reflect import entries, settings
from journal.reflect.entries import SearchFilter
from journal.ui import nav, when
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
    assert any("to the trash" in m for m in markdown(at))
    assert entries.count(db, user_id(at)) == 0

    at.switch_page(nav.TRASH.file).run()
    previews = [_shown(m.value) for m in at.markdown if "Second" in m.value]
    assert previews == [("Second thoughts: the board listened.", [])]  # every character escaped
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


# -- Undo right after "Move to trash" ---------------------------------------------------------
def _every_field(entry) -> dict:
    """An entry's fields, all but its revision: trashing and restoring each count one (so a tab holding it open
    from before is told it changed rather than overwrite it)."""
    fields = {name: getattr(entry, name) for name in entry.__dataclass_fields__}
    fields.pop("revision")
    return fields


def test_undo_right_after_move_to_trash_puts_back_the_same_entry_and_nothing_else_changes(app, db, fixed_clock):
    at = sign_up(app(), "Sam")
    uid = user_id(at)
    lib = _lib()
    full = entries.EntryInput(
        "one_to_one",
        {"who": "J.", "agreed": HOSTILE, "prompt": "Listening first."},
        mood=2, energy=4, tags=["ward 7", "listening"], is_win=True, theme="connection",
        prompt_id=lib.prompts[0].id, prompt_text=lib.prompts[0].text,
    )  # fmt: skip
    entries.save_new(db, uid, "kept", full, lib)
    entries.save_new(db, uid, "other", entries.EntryInput("free", {"text": "Another day."}), lib)
    entries.save_draft(db, uid, "draft", entries.EntryInput("free", {"text": "Half a thought"}))
    before, other, drafts = entries.get(db, uid, "kept"), entries.get(db, uid, "other"), entries.drafts(db, uid)

    at.switch_page(nav.JOURNAL.file).run()
    at.button(key="open.kept").click().run()
    fixed_clock.advance(minutes=3)
    next(b for b in at.button if b.label == "Move to trash").click().run()
    assert entries.get(db, uid, "kept").deleted_at is not None
    assert any("Moved the entry of Thu 26 Nov 2026 to the trash" in m for m in markdown(at))
    undo = at.button(key="journal.undo")  # a button on the page, not a toast that goes

    undo.click().run()
    after = entries.get(db, uid, "kept")
    assert _every_field(after) == _every_field(before)  # every word, score, tag, date and time as it was
    assert after.revision == before.revision + 2
    assert entries.get(db, uid, "other") == other and entries.drafts(db, uid) == drafts
    assert entries.trashed(db, uid) == [] and entries.count(db, uid) == 2
    assert "Put back in your journal." in [s.value for s in at.success]
    assert HOSTILE in texts(at)  # back where the person was: the entry open
    assert not any(b.key == "journal.undo" for b in at.button)
    assert not any(t.endswith("(edited)") for t in texts(at))  # putting back isn't editing


def test_undo_is_not_offered_once_the_entry_is_back_or_gone(app, db):
    at = sign_up(app(), "Sam")
    uid = user_id(at)
    for n in ("a", "b"):
        entries.save_new(db, uid, n, entries.EntryInput("free", {"text": f"note {n}"}), _lib())
    at.switch_page(nav.JOURNAL.file).run()
    at.button(key="open.a").click().run()
    next(b for b in at.button if b.label == "Move to trash").click().run()
    assert any(b.key == "journal.undo" for b in at.button)
    entries.delete_forever(db, uid, "a")  # from the Trash page in another tab
    at.run()
    assert not any(b.key == "journal.undo" for b in at.button)
    assert entries.count(db, uid) == 1


# -- search: where it matched, and each answer apart ----------------------------------------------
_ESCAPED = re.compile(r"\\([!-/:-@\[-`{-~])")  # a backslash before ASCII punctuation: the character itself


def _shown(line: str) -> tuple[str, list[str]]:
    """What a preview line shows, and its highlighted parts, read back from its markdown; fails if any character
    of the person's text could be markup (ASCII punctuation not escaped, outside our own label and highlight)."""
    label = re.match(r"\*\*((?:\\.|[^*\\])*)\*\* ", line)
    rest = line[label.end() :] if label else line
    highlights, plain = [], []
    for part in re.split(r"(:orange-background\[(?:\\.|[^\]\\])*\])", rest):
        inner = part[len(":orange-background[") : -1] if part.startswith(":orange-background[") else part
        assert re.fullmatch(r"(?:\\[!-/:-@\[-`{-~]|[^!-/:-@\[-`{-~])*", inner), f"unescaped markup in {inner!r}"
        text = _ESCAPED.sub(r"\1", inner).replace("\u2060", "")
        plain.append(text)
        if inner is not part:
            highlights.append(text)
    return "".join(plain), highlights


def test_search_shows_where_it_matched_far_into_a_long_answer_and_highlights_it(app, db):
    at = sign_up(app(), "Sam")
    uid = user_id(at)
    long = "We went through the rota line by line. " * 30 + "Then Priya said the Friday huddle could move. " * 2
    entries.save_new(
        db, uid, "e", entries.EntryInput("setback", {"what_happened": long, "what_helped": "A walk at lunch."}), _lib()
    )
    at.switch_page(nav.JOURNAL.file).run()
    at.text_input(key="journal.q").input("friday HUDDLE").run()
    lines = [_shown(m.value) for m in at.markdown if ":orange-background[" in m.value]
    assert len(lines) == 1
    words, highlights = lines[0]
    assert highlights == ["Friday huddle", "Friday huddle"]
    assert words.startswith("…") and "Then Priya said the Friday huddle could move." in words
    assert any(m.value.startswith("**What happened\\?**") for m in at.markdown)  # labelled by its question
    assert "and 1 more answer" in [c.value for c in at.caption]  # the answer that didn't match, counted


def test_each_answer_shows_apart_labelled_by_its_question(app, db):
    at = sign_up(app(), "Sam")
    uid = user_id(at)
    answers = {"who": "J.", "agreed": "Meet again.", "follow_up": "Send the notes."}
    entries.save_new(db, uid, "e", entries.EntryInput("one_to_one", answers), _lib())
    entries.save_new(db, uid, "f", entries.EntryInput("free", {"text": "Just one answer here."}), _lib())
    at.switch_page(nav.JOURNAL.file).run()
    values = [m.value for m in at.markdown]
    assert "**Who did you meet\\?** J\\." in values
    assert "**What did you agree\\?** Meet again\\." in values
    assert "**Your follow\\-up** Send the notes\\." in values
    assert "Just one answer here\\." in values  # one answer needs no label


def test_hostile_text_in_a_search_result_shows_as_its_characters_only(app, db):
    at = sign_up(app(), "Sam")
    uid = user_id(at)
    evil = "[x](http://evil) ![i](http://evil/i.png) <b>bold</b> :red[x] **not bold** :smile: a -> b www.evil.io @me"
    entries.save_new(db, uid, "e", entries.EntryInput("free", {"text": evil}, tags=["evil <i>tag</i>"]), _lib())
    at.switch_page(nav.JOURNAL.file).run()
    at.text_input(key="journal.q").input("evil").run()
    previews = [_shown(m.value) for m in at.markdown if "orange-background" in m.value]
    assert (evil, ["evil"] * evil.count("evil")) in previews
    assert ("evil <i>tag</i>", ["evil"]) in previews  # the tag, highlighted too


# -- times on the person's own clock ------------------------------------------------------------------
def test_times_show_in_the_zone_chosen_in_settings_and_name_it(app, db, fixed_clock):
    at = sign_up(app(), "Sam")
    uid = user_id(at)
    entries.save_new(db, uid, "e", entries.EntryInput("free", {"text": "A note."}), _lib())
    saved = entries.get(db, uid, "e")
    at.switch_page(nav.JOURNAL.file).run()
    at.button(key="open.e").click().run()
    assert f"Written {when.moment(saved.created_at, UTC)}" in texts(at)  # no zone known (AppTest has no browser)

    at.switch_page(nav.SETTINGS.file).run()
    assert at.selectbox(key="settings.time_zone").value == ""
    at.selectbox(key="settings.time_zone").select("Asia/Kolkata").run()
    assert settings.get(db, uid).time_zone == "Asia/Kolkata"
    kolkata = ZoneInfo("Asia/Kolkata")

    at.switch_page(nav.JOURNAL.file).run()  # the entry still open, as it was left
    written = f"Written {when.moment(saved.created_at, kolkata)}"
    assert written in texts(at) and written.endswith(" IST")
    next(b for b in at.button if b.label == "Move to trash").click().run()
    at.switch_page(nav.TRASH.file).run()
    deleted = entries.trashed(db, uid)[0].deleted_at
    captions = [c.value for c in at.caption]
    assert f"Deleted {when.moment(deleted, kolkata)}" in captions
    assert not any(c.startswith("Deleted") and "UTC" in c for c in captions)


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
