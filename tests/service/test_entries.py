"""Writing, finding, editing, trashing and drafting entries, each person in their own journal."""

from __future__ import annotations

import threading
import uuid
from collections.abc import Callable
from datetime import timedelta

import pytest

from journal.accounts import User
from journal.clock import utcnow
from journal.content.library import Library
from journal.reflect import entries
from journal.reflect.entries import EditConflict, Entry, EntryError, EntryInput, SearchFilter
from journal.store import Database
from journal.store import entries as repo
from tests.factories import TODAY
from tests.snapshots import every_row

pytestmark = pytest.mark.usefixtures("fixed_clock")  # saves refuse dates after tomorrow, by the clock


def _save(db: Database, user: User, lib: Library, text: str = "a quiet day", **fields: object) -> Entry:
    template = str(fields.pop("template", "free"))
    key = lib.template(template).fields[0].key
    inp = EntryInput(template, {key: text}, **fields)  # type: ignore[arg-type]
    return entries.save_new(db, user.id, str(uuid.uuid4()), inp, lib).entry


def _found(db: Database, user: User, **filters: object) -> list[str]:
    items, _ = entries.search(db, user.id, SearchFilter(**filters), limit=100)  # type: ignore[arg-type]
    return [s.id for s in items]


def _table(db: Database, table: str) -> list[tuple]:
    return sorted(db.all(f"SELECT * FROM {table}"), key=repr)


@pytest.fixture
def other(make_user: Callable[..., User]) -> User:
    return make_user("sam")


# -- saving -------------------------------------------------------------------------
def test_a_saved_entry_reads_back_with_its_answers_mood_tags_and_first_revision(
    db: Database, user: User, lib: Library
) -> None:
    inp = EntryInput(
        "session",
        {"what_happened": "Long clinic.", "went_well": "Good handover.", "take_forward": "Ask for help sooner."},
        mood=3,
        energy=2,
        tags=["clinic"],
        is_win=True,
        theme="caring",
        entry_date=TODAY - timedelta(days=1),
    )
    outcome = entries.save_new(db, user.id, "e1", inp, lib)
    saved = entries.get(db, user.id, "e1")
    assert outcome.created is True and saved == outcome.entry
    assert saved.answers == {
        "what_happened": "Long clinic.",
        "went_well": "Good handover.",
        "take_forward": "Ask for help sooner.",
    }
    assert saved.body == "Long clinic.\n\nGood handover.\n\nAsk for help sooner."
    assert (saved.mood, saved.energy, saved.is_win, saved.theme) == (3, 2, True, "caring")
    assert (saved.tags, saved.entry_date, saved.revision) == (("clinic",), TODAY - timedelta(days=1), 1)


def test_a_mood_only_check_in_can_be_saved_without_words(db: Database, user: User, lib: Library) -> None:
    saved = entries.save_new(db, user.id, "e1", EntryInput("checkin", mood=2), lib).entry
    assert (saved.body, saved.mood) == ("", 2)


def test_the_offered_prompt_is_kept_only_when_it_was_answered(db: Database, user: User, lib: Library) -> None:
    prompt = lib.prompts[0]
    answered = EntryInput("free", {"prompt": "my answer"}, prompt_id=prompt.id, prompt_text=prompt.text)
    ignored = EntryInput("free", {"text": "something else"}, prompt_id=prompt.id, prompt_text=prompt.text)
    a = entries.save_new(db, user.id, "a", answered, lib).entry
    b = entries.save_new(db, user.id, "b", ignored, lib).entry
    assert (a.prompt_id, a.prompt_text) == (prompt.id, prompt.text)
    assert (b.prompt_id, b.prompt_text) == (None, None)


# -- sentiment ----------------------------------------------------------------------
def test_positive_writing_is_stored_with_positive_polarity(db: Database, user: User, lib: Library) -> None:
    saved = _save(db, user, lib, "A wonderful, happy day with a great team. I loved it.")
    polarity, subjectivity = db.one("SELECT polarity, subjectivity FROM entries WHERE id = ?", [saved.id])
    assert polarity > 0 and 0 < subjectivity <= 1
    assert saved.polarity == polarity


def test_negative_writing_is_stored_with_negative_polarity(db: Database, user: User, lib: Library) -> None:
    saved = _save(db, user, lib, "A terrible, awful shift. I felt sad and hated it.")
    assert saved.polarity is not None and saved.polarity < 0


def test_an_entry_without_words_has_no_sentiment(db: Database, user: User, lib: Library) -> None:
    saved = entries.save_new(db, user.id, "e1", EntryInput("checkin", mood=3), lib).entry
    assert (saved.polarity, saved.subjectivity) == (None, None)


def test_editing_an_entry_recomputes_its_sentiment(db: Database, user: User, lib: Library) -> None:
    saved = _save(db, user, lib, "A wonderful, happy day.")
    changed = EntryInput("free", {"text": "Actually an awful, terrible day."})
    updated = entries.update(db, user.id, saved.id, changed, saved.revision, lib).entry
    assert updated.polarity is not None and updated.polarity < 0


# -- idempotent saves -----------------------------------------------------------------
def test_saving_the_same_entry_id_twice_makes_one_entry(db: Database, user: User, lib: Library) -> None:
    inp = EntryInput("free", {"text": "double click"}, tags=["x"])
    first = entries.save_new(db, user.id, "e1", inp, lib)
    second = entries.save_new(db, user.id, "e1", inp, lib)
    assert (first.created, second.created) == (True, False)
    assert second.entry == first.entry
    assert entries.count(db, user.id) == 1
    assert len(_table(db, "entry_tags")) == 1


def test_a_retried_save_with_different_words_keeps_the_first_save(db: Database, user: User, lib: Library) -> None:
    entries.save_new(db, user.id, "e1", EntryInput("free", {"text": "first"}), lib)
    again = entries.save_new(db, user.id, "e1", EntryInput("free", {"text": "second"}), lib)
    assert again.created is False and again.entry.body == "first"


def _race(db: Database, user: User, lib: Library, entry_id: str, threads: int) -> tuple[list[bool], list[Exception]]:
    barrier = threading.Barrier(threads)
    created: list[bool] = []
    errors: list[Exception] = []
    inp = EntryInput("free", {"text": "pressed save twice"}, tags=["one", "two"])

    def press_save() -> None:
        barrier.wait()
        try:
            created.append(entries.save_new(db, user.id, entry_id, inp, lib).created)
        except Exception as exc:  # collected, so the test can report every failure at once
            errors.append(exc)

    workers = [threading.Thread(target=press_save) for _ in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    return created, errors


def test_the_same_entry_id_saved_from_two_threads_at_once_makes_exactly_one_entry(
    db: Database, user: User, lib: Library
) -> None:
    for _ in range(20):
        entry_id = str(uuid.uuid4())
        created, _ = _race(db, user, lib, entry_id, threads=2)
        rows = db.one("SELECT count(*) FROM entries WHERE id = ?", [entry_id])[0]
        tags = db.one("SELECT count(*) FROM entry_tags WHERE entry_id = ?", [entry_id])[0]
        assert (rows, tags) == (1, 2)
        assert created.count(True) == 1


def test_every_concurrent_save_of_one_entry_id_is_acknowledged(db: Database, user: User, lib: Library) -> None:
    # A double click must never tell the person their save failed: the later saves are "already saved".
    # The window is narrow, so this presses Save from four threads, 100 times.
    failures: list[Exception] = []
    for _ in range(100):
        created, errors = _race(db, user, lib, str(uuid.uuid4()), threads=4)
        failures += errors
        assert created.count(True) <= 1
    assert failures == []


# -- editing ------------------------------------------------------------------------
def test_an_edit_replaces_content_and_tags_and_moves_the_revision_on(db: Database, user: User, lib: Library) -> None:
    saved = _save(db, user, lib, "first words", tags=["old"])
    changed = EntryInput("free", {"text": "better words"}, tags=["new", "newer"], mood=5)
    updated = entries.update(db, user.id, saved.id, changed, saved.revision, lib).entry
    assert (updated.body, updated.tags, updated.mood) == ("better words", ("new", "newer"), 5)
    assert updated.revision == saved.revision + 1
    assert updated.created_at == saved.created_at
    assert entries.get(db, user.id, saved.id) == updated


def test_an_edit_with_a_stale_revision_is_an_edit_conflict_and_changes_nothing(
    db: Database, user: User, lib: Library
) -> None:
    saved = _save(db, user, lib, "first words", tags=["kept"])
    entries.update(db, user.id, saved.id, EntryInput("free", {"text": "from the other tab"}), saved.revision, lib)
    before = every_row(db)
    stale = EntryInput("free", {"text": "stale tab"}, tags=["x"])
    with pytest.raises(EditConflict, match="changed somewhere else"):
        entries.update(db, user.id, saved.id, stale, saved.revision, lib)
    assert every_row(db) == before


def test_a_successful_edit_removes_the_entrys_draft(db: Database, user: User, lib: Library) -> None:
    saved = _save(db, user, lib, "first words")
    changed = EntryInput("free", {"text": "half-edited"})
    entries.save_draft(db, user.id, saved.id, changed)
    entries.update(db, user.id, saved.id, changed, saved.revision, lib)
    assert entries.drafts(db, user.id) == []


def test_an_entry_in_the_trash_cannot_be_edited(db: Database, user: User, lib: Library) -> None:
    saved = _save(db, user, lib)
    entries.trash(db, user.id, saved.id)
    before = every_row(db)
    with pytest.raises(EntryError, match="no longer in your journal") as caught:
        entries.update(db, user.id, saved.id, EntryInput("free", {"text": "edit"}), saved.revision + 1, lib)
    assert not isinstance(caught.value, EditConflict)
    assert every_row(db) == before


# -- each person sees only their own journal ------------------------------------------
def test_another_person_cannot_read_an_entry(db: Database, user: User, other: User, lib: Library) -> None:
    saved = _save(db, user, lib)
    assert entries.get(db, other.id, saved.id) is None


def test_another_persons_search_does_not_find_an_entry(db: Database, user: User, other: User, lib: Library) -> None:
    _save(db, user, lib, "only mine", tags=["mine"])
    assert _found(db, other) == []
    assert _found(db, other, text="only mine") == []
    assert _found(db, other, tag="mine") == []
    assert entries.tags_in_use(db, other.id) == []
    assert entries.count(db, other.id) == 0


def test_another_person_cannot_trash_an_entry(db: Database, user: User, other: User, lib: Library) -> None:
    saved = _save(db, user, lib)
    before = every_row(db)
    assert entries.trash(db, other.id, saved.id) is False
    assert every_row(db) == before


def test_another_person_cannot_restore_or_see_a_trashed_entry(
    db: Database, user: User, other: User, lib: Library
) -> None:
    saved = _save(db, user, lib)
    entries.trash(db, user.id, saved.id)
    before = every_row(db)
    assert entries.restore(db, other.id, saved.id) is False
    assert entries.trashed(db, other.id) == []
    assert every_row(db) == before


def test_another_person_cannot_delete_an_entry_forever_or_empty_it_from_the_trash(
    db: Database, user: User, other: User, lib: Library
) -> None:
    saved = _save(db, user, lib, tags=["t"])
    entries.trash(db, user.id, saved.id)
    before = every_row(db)
    assert entries.delete_forever(db, other.id, saved.id) is False
    assert entries.empty_trash(db, other.id) == 0
    assert every_row(db) == before


def test_another_person_cannot_edit_an_entry(db: Database, user: User, other: User, lib: Library) -> None:
    saved = _save(db, user, lib, "mine")
    before = every_row(db)
    with pytest.raises(EntryError) as caught:
        entries.update(db, other.id, saved.id, EntryInput("free", {"text": "theirs"}), saved.revision, lib)
    assert not isinstance(caught.value, EditConflict)  # no hint that the entry exists
    assert every_row(db) == before


def test_saving_under_another_persons_entry_id_is_refused_and_changes_nothing(
    db: Database, user: User, other: User, lib: Library
) -> None:
    saved = _save(db, user, lib, "mine")
    entries.save_draft(db, user.id, saved.id, EntryInput("free", {"text": "my draft"}))
    before = every_row(db)
    with pytest.raises(EntryError, match="couldn't confirm"):
        entries.save_new(db, other.id, saved.id, EntryInput("free", {"text": "theirs"}), lib)
    assert every_row(db) == before


def test_drafts_belong_to_one_person(db: Database, user: User, other: User) -> None:
    entries.save_draft(db, user.id, "d1", EntryInput("free", {"text": "mine"}))
    entries.discard_draft(db, other.id, "d1")
    assert entries.drafts(db, other.id) == []
    assert [d.entry_id for d in entries.drafts(db, user.id)] == ["d1"]


def test_prompt_history_belongs_to_one_person(db: Database, user: User, other: User, lib: Library) -> None:
    entries.record_prompt_shown(db, user.id, lib.prompts[0].id)
    assert entries.recent_prompts(db, other.id) == []
    assert entries.recent_prompts(db, user.id) == [lib.prompts[0].id]


# -- search ------------------------------------------------------------------------
def test_search_text_ignores_case(db: Database, user: User, lib: Library) -> None:
    hit = _save(db, user, lib, "Felt PROUD of the Team today")
    _save(db, user, lib, "nothing to see")
    assert _found(db, user, text="proud of the team") == [hit.id]


def test_search_text_ignores_case_of_accented_letters(db: Database, user: User, lib: Library) -> None:
    hit = _save(db, user, lib, "Un ÉTÉ difficile")
    assert _found(db, user, text="été") == [hit.id]


def test_search_treats_percent_as_an_ordinary_character(db: Database, user: User, lib: Library) -> None:
    hit = _save(db, user, lib, "I was 100% sure")
    _save(db, user, lib, "I was 100 times sure")
    assert _found(db, user, text="100%") == [hit.id]
    assert _found(db, user, text="%") == [hit.id]


def test_search_treats_underscore_as_an_ordinary_character(db: Database, user: User, lib: Library) -> None:
    hit = _save(db, user, lib, "file_name")
    _save(db, user, lib, "fileXname")
    assert _found(db, user, text="file_name") == [hit.id]


def test_search_text_also_finds_tags_and_the_prompt_answered(db: Database, user: User, lib: Library) -> None:
    tagged = _save(db, user, lib, "plain", tags=["Allotment"])
    prompt = lib.prompts[0]
    prompted = entries.save_new(
        db,
        user.id,
        "p1",
        EntryInput("free", {"prompt": "answer"}, prompt_id=prompt.id, prompt_text="What lifts you?"),
        lib,
    ).entry
    assert _found(db, user, text="allotment") == [tagged.id]
    assert _found(db, user, text="lifts you") == [prompted.id]


def test_search_by_theme(db: Database, user: User, lib: Library) -> None:
    hit = _save(db, user, lib, theme="hope")
    _save(db, user, lib, theme="caring")
    _save(db, user, lib)
    assert _found(db, user, theme="hope") == [hit.id]


def test_search_by_tag_ignores_case_and_is_exact(db: Database, user: User, lib: Library) -> None:
    hit = _save(db, user, lib, tags=["Night shift"])
    _save(db, user, lib, tags=["Night"])
    assert _found(db, user, tag="night shift") == [hit.id]


def test_search_by_template(db: Database, user: User, lib: Library) -> None:
    hit = _save(db, user, lib, template="gibbs")
    _save(db, user, lib)
    assert _found(db, user, template="gibbs") == [hit.id]


def test_search_by_date_range_includes_both_ends(db: Database, user: User, lib: Library) -> None:
    days = [TODAY - timedelta(days=n) for n in range(6)]
    saved = {d: _save(db, user, lib, entry_date=d).id for d in days}
    found = _found(db, user, date_from=days[4], date_to=days[1])
    assert found == [saved[days[1]], saved[days[2]], saved[days[3]], saved[days[4]]]


def test_search_for_wins_only(db: Database, user: User, lib: Library) -> None:
    win = _save(db, user, lib, is_win=True)
    _save(db, user, lib, is_win=False)
    assert _found(db, user, wins_only=True) == [win.id]


def test_filters_combine(db: Database, user: User, lib: Library) -> None:
    hit = _save(db, user, lib, "ward round", theme="hope", is_win=True, tags=["ward"])
    _save(db, user, lib, "ward round", theme="hope", is_win=False, tags=["ward"])
    _save(db, user, lib, "ward round", theme="caring", is_win=True, tags=["ward"])
    assert _found(db, user, text="ward", theme="hope", tag="WARD", wins_only=True) == [hit.id]


def test_results_are_newest_first_by_entry_date_then_by_when_written(db: Database, user: User, lib: Library) -> None:
    older = _save(db, user, lib, entry_date=TODAY - timedelta(days=3))
    newest = _save(db, user, lib, entry_date=TODAY)
    middle = _save(db, user, lib, entry_date=TODAY - timedelta(days=1))
    same_day_later = _save(db, user, lib, entry_date=TODAY - timedelta(days=1))
    # make "written later" unambiguous without waiting
    db.execute("UPDATE entries SET created_at = created_at + INTERVAL '1 second' WHERE id = ?", [same_day_later.id])
    assert _found(db, user) == [newest.id, same_day_later.id, middle.id, older.id]


def test_pages_cover_every_match_once_and_report_the_total(db: Database, user: User, lib: Library) -> None:
    ids = {_save(db, user, lib, entry_date=TODAY - timedelta(days=n)).id for n in range(5)}
    pages = [entries.search(db, user.id, SearchFilter(), limit=2, offset=o) for o in (0, 2, 4, 6)]
    assert [total for _, total in pages] == [5, 5, 5, 5]
    assert [len(items) for items, _ in pages] == [2, 2, 1, 0]
    seen = [s.id for items, _ in pages for s in items]
    assert sorted(seen) == sorted(ids)


def test_search_results_carry_a_snippet_and_tags(db: Database, user: User, lib: Library) -> None:
    _save(db, user, lib, "line one\nline two", tags=["b", "a"])
    items, _ = entries.search(db, user.id, SearchFilter())
    assert (items[0].snippet, items[0].tags) == ("line one\nline two", ("a", "b"))


# -- trash -------------------------------------------------------------------------
def test_a_trashed_entry_leaves_search_and_counts_but_waits_in_the_trash(
    db: Database, user: User, lib: Library
) -> None:
    saved = _save(db, user, lib, "binned", tags=["gone"])
    assert entries.trash(db, user.id, saved.id) is True
    assert _found(db, user) == []
    assert _found(db, user, text="binned") == []
    assert entries.count(db, user.id) == 0
    assert entries.tags_in_use(db, user.id) == []
    assert [s.id for s in entries.trashed(db, user.id)] == [saved.id]


def test_a_restored_entry_is_back_as_it_was(db: Database, user: User, lib: Library) -> None:
    saved = _save(db, user, lib, "binned by mistake", tags=["back"])
    entries.trash(db, user.id, saved.id)
    assert entries.restore(db, user.id, saved.id) is True
    restored = entries.get(db, user.id, saved.id)
    assert restored is not None and restored.deleted_at is None
    assert (restored.body, restored.tags) == (saved.body, saved.tags)
    assert _found(db, user) == [saved.id]
    assert entries.trashed(db, user.id) == []


def test_trashing_twice_or_restoring_a_live_entry_does_nothing(db: Database, user: User, lib: Library) -> None:
    saved = _save(db, user, lib)
    assert entries.restore(db, user.id, saved.id) is False
    entries.trash(db, user.id, saved.id)
    assert entries.trash(db, user.id, saved.id) is False


def test_delete_forever_refuses_an_entry_that_is_not_in_the_trash(db: Database, user: User, lib: Library) -> None:
    saved = _save(db, user, lib, tags=["t"])
    before = every_row(db)
    assert entries.delete_forever(db, user.id, saved.id) is False
    assert every_row(db) == before


def test_delete_forever_removes_a_trashed_entry_and_its_tags(db: Database, user: User, lib: Library) -> None:
    gone = _save(db, user, lib, tags=["t1", "t2"])
    kept = _save(db, user, lib, tags=["t1"])
    entries.trash(db, user.id, gone.id)
    assert entries.delete_forever(db, user.id, gone.id) is True
    assert entries.get(db, user.id, gone.id) is None
    assert [row[1] for row in _table(db, "entry_tags")] == [kept.id]


def test_emptying_the_trash_removes_only_trashed_entries(db: Database, user: User, lib: Library) -> None:
    binned = [_save(db, user, lib, tags=["x"]) for _ in range(3)]
    kept = _save(db, user, lib, tags=["x"])
    for entry in binned:
        entries.trash(db, user.id, entry.id)
    assert entries.empty_trash(db, user.id) == 3
    assert [row[0] for row in _table(db, "entries")] == [kept.id]
    assert [row[1] for row in _table(db, "entry_tags")] == [kept.id]


def test_the_trash_lists_the_most_recently_deleted_first(db: Database, user: User, lib: Library) -> None:
    first, second = _save(db, user, lib), _save(db, user, lib)
    entries.trash(db, user.id, second.id)
    entries.trash(db, user.id, first.id)
    db.execute("UPDATE entries SET deleted_at = deleted_at - INTERVAL '1 hour' WHERE id = ?", [second.id])
    assert [s.id for s in entries.trashed(db, user.id)] == [first.id, second.id]


def test_entries_trashed_over_thirty_days_ago_are_purged_when_the_trash_is_listed(
    db: Database, user: User, lib: Library
) -> None:
    old = _save(db, user, lib, tags=["old"])
    recent = _save(db, user, lib, tags=["recent"])
    for entry in (old, recent):
        entries.trash(db, user.id, entry.id)
    now = utcnow()
    db.execute("UPDATE entries SET deleted_at = ? WHERE id = ?", [now - timedelta(days=31), old.id])
    db.execute("UPDATE entries SET deleted_at = ? WHERE id = ?", [now - timedelta(days=29), recent.id])
    assert [s.id for s in entries.trashed(db, user.id)] == [recent.id]
    assert entries.get(db, user.id, old.id) is None
    assert [row[1] for row in _table(db, "entry_tags")] == [recent.id]


# -- drafts ------------------------------------------------------------------------
def test_a_draft_reads_back_exactly(db: Database, user: User) -> None:
    draft = EntryInput(
        "one_to_one",
        {"who": "R", "common_ground": "Both new to the ward 😊"},
        mood=4,
        energy=3,
        tags=["team"],
        is_win=True,
        theme="connection",
        entry_date=TODAY - timedelta(days=2),
    )
    entries.save_draft(db, user.id, "d1", draft)
    [kept] = entries.drafts(db, user.id)
    assert (kept.entry_id, kept.input, kept.is_edit) == ("d1", draft, False)


def test_saving_a_draft_again_replaces_it(db: Database, user: User) -> None:
    entries.save_draft(db, user.id, "d1", EntryInput("free", {"text": "first"}))
    entries.save_draft(db, user.id, "d1", EntryInput("free", {"text": "first and more"}))
    assert [d.input.answers for d in entries.drafts(db, user.id)] == [{"text": "first and more"}]


def test_a_discarded_draft_is_gone(db: Database, user: User) -> None:
    entries.save_draft(db, user.id, "d1", EntryInput("free", {"text": "never mind"}))
    entries.save_draft(db, user.id, "d2", EntryInput("free", {"text": "keep"}))
    entries.discard_draft(db, user.id, "d1")
    assert [d.entry_id for d in entries.drafts(db, user.id)] == ["d2"]


def test_saving_the_entry_removes_its_draft(db: Database, user: User, lib: Library) -> None:
    inp = EntryInput("free", {"text": "finished"})
    entries.save_draft(db, user.id, "e1", inp)
    entries.save_new(db, user.id, "e1", inp, lib)
    assert entries.drafts(db, user.id) == []


def test_a_draft_of_changes_to_a_saved_entry_is_marked_as_an_edit(db: Database, user: User, lib: Library) -> None:
    saved = _save(db, user, lib)
    entries.save_draft(db, user.id, saved.id, EntryInput("free", {"text": "changed"}))
    assert [d.is_edit for d in entries.drafts(db, user.id)] == [True]


# -- prompt history ------------------------------------------------------------------
def test_recent_prompts_are_newest_first(db: Database, user: User) -> None:
    start = utcnow()
    for minutes, prompt_id in [(1, "b"), (0, "a"), (2, "c")]:
        repo.record_prompt_shown(db, user.id, prompt_id, start + timedelta(minutes=minutes))
    assert entries.recent_prompts(db, user.id) == ["c", "b", "a"]


def test_answering_a_prompt_files_the_entry_under_its_theme_unless_one_was_chosen(
    db: Database, user: User, lib: Library
) -> None:
    prompt = next(p for p in lib.prompts if p.theme == "hope")
    answered = EntryInput("free", {"prompt": "Kept going."}, prompt_id=prompt.id, prompt_text=prompt.text)
    chosen = EntryInput("free", {"prompt": "Kept going."}, prompt_id=prompt.id, prompt_text=prompt.text, theme="caring")
    assert entries.save_new(db, user.id, "p1", answered, lib).entry.theme == "hope"
    assert entries.save_new(db, user.id, "p2", chosen, lib).entry.theme == "caring"


# -- search previews ----------------------------------------------------------------------------
def test_a_search_fetches_each_answer_and_the_words_around_a_match_far_into_the_body(
    db: Database, user: User, lib: Library
) -> None:
    answers = {"what_happened": "x " * 600 + "the Friday huddle moved", "what_helped": "A walk."}
    saved = entries.save_new(db, user.id, "e", EntryInput("setback", answers), lib).entry
    (found,), total = entries.search(db, user.id, SearchFilter(text="FRIDAY"))
    assert total == 1 and found.answers == saved.answers
    assert "the Friday huddle moved" in found.snippet  # not only the body's first 400 characters
    (plain,), _ = entries.search(db, user.id, SearchFilter())
    assert plain.snippet == saved.body[:400]


def test_a_very_long_entrys_preview_is_the_part_of_its_body_around_the_match(
    db: Database, user: User, lib: Library
) -> None:
    text = "word " * 5_000 + "needle in the hay " + "word " * 5_000
    _save(db, user, lib, text)
    (found,), _ = entries.search(db, user.id, SearchFilter(text="needle"))
    assert found.answers is None  # too long to fetch whole for a list
    assert "needle in the hay" in found.snippet and len(found.snippet) < 1_000
    shown = entries.preview(found, lib, "needle")
    assert [p.text for line in shown.lines for p in line.pieces if p.match] == ["needle"]


def test_a_preview_puts_the_matching_answer_first_labelled_and_counts_the_rest(
    db: Database, user: User, lib: Library
) -> None:
    answers = {"who": "J.", "common_ground": "Both new.", "agreed": "Meet on Friday.", "follow_up": "Notes."}
    entries.save_new(db, user.id, "e", EntryInput("one_to_one", answers, tags=["Friday club"]), lib)
    (found,), _ = entries.search(db, user.id, SearchFilter(text="friday"))
    shown = entries.preview(found, lib, "friday")
    assert [(line.question, "".join(p.text for p in line.pieces)) for line in shown.lines] == [
        ("What did you agree?", "Meet on Friday.")
    ]
    assert shown.more == 3 and not shown.in_prompt
    assert [[(p.text, p.match) for p in tag] for tag in shown.tags] == [[("Friday", True), (" club", False)]]
    unsearched = entries.preview(found, lib)
    assert [line.question for line in unsearched.lines] == [
        "Who did you meet?", "What do you have in common?", "What did you agree?"
    ]  # fmt: skip
    assert unsearched.more == 1


def test_a_match_only_in_the_prompt_says_so(db: Database, user: User, lib: Library) -> None:
    prompt = lib.prompts[0]
    word = max(prompt.text.split(), key=len).strip(".,?!'\"")
    inp = EntryInput("free", {"prompt": "My answer."}, prompt_id=prompt.id, prompt_text=prompt.text)
    entries.save_new(db, user.id, "e", inp, lib)
    (found,), _ = entries.search(db, user.id, SearchFilter(text=word))
    shown = entries.preview(found, lib, word)
    assert shown.in_prompt
    assert [(line.question, line.pieces[0].text) for line in shown.lines] == [("", "My answer.")]
