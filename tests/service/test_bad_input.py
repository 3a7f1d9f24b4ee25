"""Awkward and hostile input: each is refused with a clear sentence, or stored and read back exactly.

Either way nothing else in the database changes.
"""

from __future__ import annotations

import uuid
from datetime import date, timedelta
from pathlib import Path

import pytest

from journal.accounts import User
from journal.content.library import Library
from journal.reflect import entries
from journal.reflect.entries import EntryError, EntryInput
from journal.store import Database
from journal.store.opening import open_store
from journal.text.cleaning import MAX_ENTRY_CHARS, MAX_TAG_CHARS, MAX_TAGS
from tests.conftest import FixedClock
from tests.factories import TODAY
from tests.snapshots import every_row


def _is_kind_sentence(message: str) -> bool:
    return bool(message) and message[0].isupper() and message.rstrip().endswith(".")


@pytest.fixture
def existing(db: Database, user: User, lib: Library) -> None:
    """Something already in the journal, so "nothing changed" is checked against real rows."""
    entries.save_new(db, user.id, "already", EntryInput("free", {"text": "already here"}, tags=["t"]), lib)
    entries.save_draft(db, user.id, "draft", EntryInput("free", {"text": "half written"}))


def _refused(db: Database, user: User, lib: Library, inp: EntryInput, match: str) -> str:
    """Save `inp`; it must be refused with a kind sentence and leave every table as it was."""
    before = every_row(db)
    with pytest.raises(EntryError, match=match) as caught:
        entries.save_new(db, user.id, str(uuid.uuid4()), inp, lib)
    assert _is_kind_sentence(str(caught.value))
    assert every_row(db) == before
    return str(caught.value)


def _stored(db: Database, user: User, lib: Library, inp: EntryInput) -> entries.Entry:
    """Save `inp` and read it back from the database, checking only its own rows were added."""
    before = every_row(db)
    outcome = entries.save_new(db, user.id, "new", inp, lib)
    after = every_row(db)
    assert {t: [r for r in before[t] if r not in after[t]] for t in before} == {t: [] for t in before}
    added = {t: [r for r in after[t] if r not in before[t]] for t in after}
    assert [r[0] for r in added["entries"]] == ["new"]
    assert {r[1] for r in added["entry_tags"]} <= {"new"}
    assert [t for t in added if t not in ("entries", "entry_tags") and added[t]] == []
    saved = entries.get(db, user.id, "new")
    assert saved == outcome.entry
    return saved


pytestmark = pytest.mark.usefixtures("existing")


# -- nothing to save ------------------------------------------------------------------
def test_an_empty_save_is_refused(db: Database, user: User, lib: Library) -> None:
    _refused(db, user, lib, EntryInput("free", {}), "nothing to save")


def test_a_save_of_only_spaces_and_newlines_is_refused(db: Database, user: User, lib: Library) -> None:
    _refused(db, user, lib, EntryInput("gibbs", {"description": "   ", "feelings": "\n\n\t"}), "nothing to save")


def test_a_save_of_only_nul_bytes_is_refused(db: Database, user: User, lib: Library) -> None:
    _refused(db, user, lib, EntryInput("free", {"text": "\x00\x00"}), "nothing to save")


# -- length ---------------------------------------------------------------------------
def test_a_hundred_thousand_character_entry_is_stored_exactly(db: Database, user: User, lib: Library) -> None:
    text = ("A long reflection, line after line. " * 3000)[:100_000]
    saved = _stored(db, user, lib, EntryInput("free", {"text": text}))
    assert saved.body == text and saved.answers == {"text": text}


def test_an_entry_at_exactly_the_limit_is_stored(db: Database, user: User, lib: Library) -> None:
    text = "x" * MAX_ENTRY_CHARS
    assert _stored(db, user, lib, EntryInput("free", {"text": text})).body == text


def test_an_entry_over_the_limit_is_refused_and_says_the_words_are_safe(db: Database, user: User, lib: Library) -> None:
    message = _refused(db, user, lib, EntryInput("free", {"text": "x" * (MAX_ENTRY_CHARS + 1)}), "more than the")
    assert "200,000" in message and "still here" in message


def test_an_entry_over_the_limit_across_several_answers_is_refused(db: Database, user: User, lib: Library) -> None:
    half = "y" * (MAX_ENTRY_CHARS // 2)
    _refused(db, user, lib, EntryInput("gibbs", {"description": half, "feelings": half}), "more than the")


# -- text stored exactly ----------------------------------------------------------------
@pytest.mark.parametrize(
    "text",
    [
        pytest.param("Proud of us today 🎉👩🏽‍⚕️❤️‍🔥 🇬🇧", id="emoji"),
        pytest.param("שלום, היום היה יום ארוך. مرحبا بالعالم", id="right-to-left"),
        pytest.param("mixed ‏RTL‎ marks \u202eetaler\u202c", id="bidi-controls"),
        pytest.param("Zoë, José and Łukasz: e\u0301 (decomposed) and é (composed)", id="combining"),
        pytest.param("<b>bold</b> <script>alert('hi')</script> <img src=x onerror=alert(1)>", id="html"),
        pytest.param("![x](https://evil.example/p.png) and [link](javascript:alert(1))", id="remote-markdown-image"),
        pytest.param("'; DROP TABLE entries; --", id="sql"),
        pytest.param("  leading and trailing spaces  \r\n\ttabs\r\n", id="whitespace"),
        pytest.param("100% of _under_scores_ and \\backslashes\\", id="wildcards"),
    ],
)
def test_unusual_text_is_stored_exactly(db: Database, user: User, lib: Library, text: str) -> None:
    saved = _stored(db, user, lib, EntryInput("free", {"text": text}))
    assert saved.answers == {"text": text}
    assert saved.body == text


def test_markup_in_tags_is_kept_as_text(db: Database, user: User, lib: Library) -> None:
    saved = _stored(db, user, lib, EntryInput("free", {"text": "t"}, tags=["<script>x</script>", "😊"]))
    assert saved.tags == ("<script>x</script>", "😊")


def test_nul_bytes_are_removed_with_a_notice_and_the_rest_kept_exactly(db: Database, user: User, lib: Library) -> None:
    outcome = entries.save_new(db, user.id, "new", EntryInput("free", {"text": "be\x00fore\x00 after ✓"}), lib)
    saved = entries.get(db, user.id, "new")
    assert saved is not None and saved.body == "before after ✓"
    assert len(outcome.notices) == 1 and "2 invisible control character" in outcome.notices[0]


def test_a_lone_surrogate_is_removed_with_a_notice(db: Database, user: User, lib: Library) -> None:
    outcome = entries.save_new(db, user.id, "new", EntryInput("free", {"text": "half \ud83d a smile"}), lib)
    assert outcome.entry.body == "half  a smile"
    assert outcome.notices


def test_clean_text_gets_no_notice(db: Database, user: User, lib: Library) -> None:
    outcome = entries.save_new(db, user.id, "new", EntryInput("free", {"text": "all fine\ttoday\n"}), lib)
    assert outcome.notices == ()


def test_a_draft_with_an_unstorable_character_is_kept_or_refused_clearly(db: Database, user: User) -> None:
    # The Write page keeps a draft of whatever is typed; a stray lone surrogate must not crash it.
    draft = EntryInput("free", {"text": "half \ud83d a smile"})
    refusal = ""
    try:
        entries.save_draft(db, user.id, "d-odd", draft)
    except EntryError as exc:
        refusal = str(exc)
    kept = {d.entry_id: d.input.answers["text"] for d in entries.drafts(db, user.id)}
    if refusal:
        assert _is_kind_sentence(refusal)
        assert "d-odd" not in kept
    else:
        assert kept["d-odd"] in {"half \ud83d a smile", "half  a smile"}


def test_a_draft_with_nul_bytes_reads_back_exactly(db: Database, user: User) -> None:
    draft = EntryInput("free", {"text": "a\x00b <script>"})
    entries.save_draft(db, user.id, "d-nul", draft)
    assert {d.entry_id: d.input for d in entries.drafts(db, user.id)}["d-nul"] == draft


# -- mood, energy, template, theme, answers -------------------------------------------------
@pytest.mark.parametrize("mood", [0, 6, -1, True, False, 3.0, "3"], ids=repr)
def test_a_mood_off_the_scale_is_refused(db: Database, user: User, lib: Library, mood: object) -> None:
    _refused(db, user, lib, EntryInput("checkin", {"line": "ok"}, mood=mood), "Mood is chosen on a scale")  # type: ignore[arg-type]


@pytest.mark.parametrize("energy", [0, 6, True], ids=repr)
def test_an_energy_off_the_scale_is_refused(db: Database, user: User, lib: Library, energy: object) -> None:
    _refused(db, user, lib, EntryInput("checkin", {"line": "ok"}, energy=energy), "Energy is chosen on a scale")  # type: ignore[arg-type]


def test_mood_and_energy_at_the_ends_of_the_scale_are_stored(db: Database, user: User, lib: Library) -> None:
    saved = _stored(db, user, lib, EntryInput("checkin", mood=1, energy=5))
    assert (saved.mood, saved.energy) == (1, 5)


def test_an_unknown_template_is_refused(db: Database, user: User, lib: Library) -> None:
    _refused(db, user, lib, EntryInput("diary", {"text": "hi"}), "isn't one Harbour knows")


def test_an_unknown_theme_is_refused(db: Database, user: User, lib: Library) -> None:
    _refused(db, user, lib, EntryInput("free", {"text": "hi"}, theme="astrology"), "theme isn't one Harbour knows")


def test_answers_that_do_not_belong_to_the_template_are_refused(db: Database, user: User, lib: Library) -> None:
    _refused(db, user, lib, EntryInput("checkin", {"line": "ok", "password": "x"}), "don't belong")


# -- dates ---------------------------------------------------------------------------
def test_a_date_a_week_ahead_is_refused(db: Database, user: User, lib: Library, fixed_clock: FixedClock) -> None:
    inp = EntryInput("free", {"text": "from the future"}, entry_date=TODAY + timedelta(days=7))
    _refused(db, user, lib, inp, "in the future")


def test_a_date_years_ago_is_stored(db: Database, user: User, lib: Library) -> None:
    saved = _stored(db, user, lib, EntryInput("free", {"text": "old notes"}, entry_date=date(2019, 2, 28)))
    assert saved.entry_date == date(2019, 2, 28)


# -- tags ----------------------------------------------------------------------------
def test_too_many_tags_are_refused(db: Database, user: User, lib: Library) -> None:
    tags = [f"tag {n}" for n in range(MAX_TAGS + 1)]
    message = _refused(db, user, lib, EntryInput("free", {"text": "t"}, tags=tags), "up to")
    assert str(MAX_TAGS) in message


def test_the_most_tags_allowed_are_stored(db: Database, user: User, lib: Library) -> None:
    tags = [f"tag {n:02}" for n in range(MAX_TAGS)]
    assert _stored(db, user, lib, EntryInput("free", {"text": "t"}, tags=tags)).tags == tuple(tags)


def test_tags_that_repeat_in_another_case_do_not_count_twice_towards_the_limit(
    db: Database, user: User, lib: Library
) -> None:
    tags = [f"tag {n:02}" for n in range(MAX_TAGS)]
    saved = _stored(db, user, lib, EntryInput("free", {"text": "t"}, tags=tags + [t.upper() for t in tags]))
    assert saved.tags == tuple(tags)


def test_tags_are_normalised_on_save(db: Database, user: User, lib: Library) -> None:
    raw = ["Night shift", "night SHIFT", "  ward ,  7 ", "", "   ", "care,team", "x" * MAX_TAG_CHARS + "   "]
    saved = _stored(db, user, lib, EntryInput("free", {"text": "t"}, tags=raw))
    assert sorted(saved.tags) == sorted(["Night shift", "ward 7", "care team", "x" * MAX_TAG_CHARS])
    # (a longer tag is refused with a message, never cut: tests/service/test_long_tags.py)


# -- edits with bad input ------------------------------------------------------------
def test_a_bad_edit_is_refused_and_the_entry_is_unchanged(db: Database, user: User, lib: Library) -> None:
    saved = entries.get(db, user.id, "already")
    assert saved is not None
    before = every_row(db)
    with pytest.raises(EntryError, match="Mood is chosen"):
        entries.update(db, user.id, "already", EntryInput("free", {"text": "edit"}, mood=9), saved.revision, lib)
    assert every_row(db) == before


def test_an_edit_over_the_limit_is_refused_and_the_entry_is_unchanged(db: Database, user: User, lib: Library) -> None:
    saved = entries.get(db, user.id, "already")
    assert saved is not None
    before = every_row(db)
    big = EntryInput("free", {"text": "z" * (MAX_ENTRY_CHARS + 1)})
    with pytest.raises(EntryError, match="more than the"):
        entries.update(db, user.id, "already", big, saved.revision, lib)
    assert every_row(db) == before


def test_text_stored_exactly_survives_a_restart(
    db: Database, backend: str, db_path: Path, request: pytest.FixtureRequest, user: User, lib: Library
) -> None:
    text = "🎉 שלום <script>alert(1)</script> ![x](https://evil.example/p.png)"
    entries.save_new(db, user.id, "new", EntryInput("free", {"text": text}), lib)
    db.close()
    # The same database opened afresh: DuckDB's file, or the same PostgreSQL database through a new pool.
    url = request.getfixturevalue("postgres_url") if backend == "postgres" else None
    reopened = open_store(path=db_path, key=None, backup_dir=None, url=url)
    try:
        saved = entries.get(reopened, user.id, "new")
        assert saved is not None and saved.body == text
    finally:
        reopened.close()


def test_a_10_mb_paste_is_refused_kindly_and_changes_nothing(db: Database, user: User, lib: Library) -> None:
    pasted = ("A very long paste of someone else's document. " * 220_000)[:10_000_000]
    message = _refused(db, user, lib, EntryInput("free", {"text": pasted}), "more than the 200,000")
    assert "still here" in message  # the words are not lost: they stay on the page and in the draft


def test_a_10_mb_paste_is_still_kept_as_a_draft(db: Database, user: User) -> None:
    pasted = "x" * 10_000_000
    entries.save_draft(db, user.id, "big-draft", EntryInput("free", {"text": pasted}))
    assert {d.entry_id: d.input.answers["text"] for d in entries.drafts(db, user.id)}["big-draft"] == pasted
