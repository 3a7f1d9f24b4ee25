"""Debriefs on a real database: kept for the days chosen, deleted for good on a simulated clock with their drafts,
tags and links and nothing else, turned into a learning reflection that stays, kept longer or deleted now; never
shared with a coach or a group; and the nightly command for every account."""

from __future__ import annotations

import uuid
from datetime import date, timedelta

import pytest

from journal.patterns import trends
from journal.reflect import appraisal, checkbacks, debriefs, entries, people
from journal.reflect import reflective_account as accounts
from journal.reflect.debriefs import DebriefError
from journal.reflect.entries import EntryInput
from journal.store import coaching as coaching_repo
from journal.text import identifiable
from journal.together import coaching
from journal.together.coaching import CoachingError
from tests.conftest import run_cli
from tests.factories import PASSWORD, TODAY
from tests.snapshots import every_row

RAW = {
    "what_happened": "At 03:40 bed 7 crashed; gave 10 mg of morphine to an 84-year-old. Rainbowfish.",
    "right_now": "Shaky",
}


def _write(db, lib, user_id: str, template: str, answers: dict, *, day: date = TODAY, tags=(), win=False):
    inp = EntryInput(template, answers, mood=2, energy=2, tags=list(tags), is_win=win, entry_date=day)
    return entries.save_new(db, user_id, str(uuid.uuid4()), inp, lib).entry


def _debrief(db, lib, user_id: str, days: int = debriefs.DEFAULT_DAYS, **kw):
    entry = _write(db, lib, user_id, debriefs.TEMPLATE, RAW, tags=("night",), **kw)
    debriefs.saved(db, user_id, entry, days)
    return entry


def _ids(db, user_id: str) -> set[str]:
    return {e.id for e in entries.repo.all_for_user(db, user_id)}


def test_kept_until_the_day_chosen_and_counted_down_kindly(db, lib, make_user, fixed_clock) -> None:
    me = make_user("Ruth")
    entry = _debrief(db, lib, me.id, days=3)
    assert debriefs.kept_until(db, me.id, entry.id) == TODAY + timedelta(days=3)
    [waiting] = debriefs.waiting(db, me.id)
    assert (waiting.entry_id, waiting.days_left(TODAY), waiting.turning) == (entry.id, 3, False)
    assert debriefs.kept_words(waiting.keep_until, TODAY).startswith("Kept for 3 more days (until ")
    assert debriefs.kept_words(waiting.keep_until, TODAY + timedelta(days=2)) == (
        "Kept for 1 more day, then deleted for good."
    )
    assert debriefs.kept_words(waiting.keep_until, TODAY + timedelta(days=3)).startswith("Kept until the end of today")
    # A raw account is no part of the tone on Trends.
    assert entries.get(db, me.id, entry.id).polarity is None
    # Another entry isn't a debrief: saved() leaves it alone, and it has no day.
    other = _write(db, lib, me.id, "free", {"text": "A calm day"})
    assert debriefs.saved(db, me.id, other, 3) is None and debriefs.kept_until(db, me.id, other.id) is None
    # Dated back, it is still kept for the days chosen from today.
    old = _debrief(db, lib, me.id, days=2, day=TODAY - timedelta(days=20))
    assert debriefs.kept_until(db, me.id, old.id) == TODAY + timedelta(days=2)


@pytest.mark.parametrize("days", [0, -1, 91, True, "14", 2.5, None])
def test_days_out_of_range_are_refused_kindly_and_change_nothing(db, lib, make_user, fixed_clock, days) -> None:
    me = make_user("Ruth")
    entry = _debrief(db, lib, me.id, days=5)
    before = every_row(db)
    with pytest.raises(DebriefError, match="kept for 1 to 90 days"):
        debriefs.saved(db, me.id, entry, days)
    with pytest.raises(DebriefError):
        debriefs.choose_days(db, me.id, days)
    assert every_row(db) == before


def test_the_days_chosen_are_offered_again(db, make_user) -> None:
    me = make_user("Ruth")
    assert debriefs.chosen_days(db, me.id) == debriefs.DEFAULT_DAYS
    debriefs.choose_days(db, me.id, 30)
    assert debriefs.chosen_days(db, me.id) == 30
    assert debriefs.chosen_days(db, make_user("Other").id) == debriefs.DEFAULT_DAYS


def test_expiry_deletes_only_debriefs_past_their_day_and_everything_only_about_them(
    db, lib, make_user, fixed_clock
) -> None:
    me, other = make_user("Ruth"), make_user("Tom")
    due = _debrief(db, lib, me.id, days=2)
    # Everything about it: a person linked, an action from it, a look back on it, a draft of changes, tags.
    person = people.add_person(db, me.id, "JB")
    people.link(db, me.id, due.id, person.id)
    action = people.add_action(db, me.id, "Ask for a debrief with the team", entry_id=due.id)
    planned = checkbacks.plan_entry(db, me.id, due, 3)
    checkbacks.keep(db, me.id, planned)
    entries.save_draft(db, me.id, due.id, debriefs.as_learning(due))

    # What must survive: other entries (with a draft of their own), a turned debrief, one kept longer, trash, a
    # new debrief not yet due, and another person's debrief not yet due.
    ordinary = _write(db, lib, me.id, "setback", {"what_happened": "Hard handover"}, tags=("night",))
    entries.save_draft(db, me.id, ordinary.id, entries.as_input(ordinary))
    unsaved = str(uuid.uuid4())
    entries.save_draft(db, me.id, unsaved, EntryInput("free", {"text": "half a thought"}))
    trashed = _write(db, lib, me.id, "free", {"text": "binned"})
    entries.trash(db, me.id, trashed.id)
    turned = _debrief(db, lib, me.id, days=2)
    entry_id, revision = debriefs.start_turning(db, me.id, turned.id)
    learning = EntryInput(debriefs.LEARNING, {"what_happened": "A hard night", "learnt": "Ask early"}, mood=3)
    entries.update(db, me.id, entry_id, learning, revision, lib)
    longer = _debrief(db, lib, me.id, days=2)
    debriefs.keep_longer(db, me.id, longer.id)
    fresh = _debrief(db, lib, me.id, days=14)
    theirs = _debrief(db, lib, other.id, days=14)
    theirs_due = _debrief(db, lib, other.id, days=1)

    fixed_clock.advance(days=2)  # the last day kept: nothing goes yet
    assert debriefs.expire(db, me.id) == 0 and due.id in _ids(db, me.id)

    fixed_clock.advance(days=1)
    before = every_row(db)
    assert debriefs.expire(db, me.id) == 1
    after = every_row(db)

    assert _ids(db, me.id) == {ordinary.id, trashed.id, turned.id, longer.id, fresh.id}
    assert _ids(db, other.id) == {theirs.id, theirs_due.id}  # theirs wait for their own pass, or the nightly one
    assert entries.get(db, me.id, turned.id).template == debriefs.LEARNING
    assert debriefs.kept_until(db, me.id, turned.id) is None  # turned: kept like any entry, no day to go
    assert {d.entry_id for d in entries.drafts(db, me.id)} == {ordinary.id, unsaved}
    assert checkbacks.repo.all_for_user(db, me.id) == []
    [kept_action] = [a for a in after["actions"] if a[0] == action.id]
    assert kept_action[5] is None  # the action is the person's own: kept, no longer linked

    # Row by row: only the debrief's own rows went or changed (the turned one lost its day at the pass before).
    gone = {t: [r for r in before[t] if r not in after[t]] for t in before}
    assert {t for t, rows in gone.items() if rows} == {
        "entries", "entry_tags", "drafts", "entry_people", "check_backs", "actions"
    }  # fmt: skip
    assert [r[0] for r in gone["entries"]] == [due.id]
    assert [r[1:] for r in gone["entry_tags"]] == [(due.id, "night")]
    assert [r[1] for r in gone["drafts"]] == [due.id]
    for table in set(before) - {"entries", "entry_tags", "drafts", "entry_people", "check_backs", "actions"}:
        assert before[table] == after[table], table

    # Again: nothing more.
    assert debriefs.expire(db, me.id) == 0 and every_row(db) == after


def test_a_debrief_in_the_trash_still_goes_on_its_day(db, lib, make_user, fixed_clock) -> None:
    me = make_user("Ruth")
    entry = _debrief(db, lib, me.id, days=1)
    debriefs.delete_now(db, me.id, entry.id)
    assert debriefs.waiting(db, me.id) == [] and entries.get(db, me.id, entry.id).deleted_at is not None
    entries.restore(db, me.id, entry.id)  # put back from the trash: it is a debrief again, with its day
    assert [w.entry_id for w in debriefs.waiting(db, me.id)] == [entry.id]
    debriefs.delete_now(db, me.id, entry.id)
    with pytest.raises(DebriefError):
        debriefs.delete_now(db, me.id, entry.id)  # already in the trash
    fixed_clock.advance(days=2)
    assert debriefs.expire(db, me.id) == 1 and entries.get(db, me.id, entry.id) is None


def test_kept_longer_a_week_at_a_time_up_to_ninety_days(db, lib, make_user, fixed_clock) -> None:
    me = make_user("Ruth")
    entry = _debrief(db, lib, me.id, days=80)
    assert debriefs.keep_longer(db, me.id, entry.id) == TODAY + timedelta(days=87)
    assert debriefs.keep_longer(db, me.id, entry.id) == TODAY + timedelta(days=90)
    [waiting] = debriefs.waiting(db, me.id)
    assert not waiting.can_keep_longer()
    with pytest.raises(DebriefError, match="turn it into a learning reflection"):
        debriefs.keep_longer(db, me.id, entry.id)
    other = make_user("Tom")
    with pytest.raises(DebriefError):
        debriefs.keep_longer(db, other.id, entry.id)  # not theirs
    with pytest.raises(DebriefError):
        debriefs.delete_now(db, other.id, entry.id)
    assert debriefs.kept_until(db, me.id, entry.id) == TODAY + timedelta(days=90)


def test_turning_brings_the_words_over_to_trim_and_flags_the_facts(db, lib, make_user, fixed_clock) -> None:
    me = make_user("Ruth")
    entry = _debrief(db, lib, me.id, days=3)
    entry_id, revision = debriefs.start_turning(db, me.id, entry.id)
    assert entry_id == entry.id
    [draft] = entries.drafts(db, me.id)
    assert draft.is_edit and draft.input.template == debriefs.LEARNING
    assert draft.input.answers == {"what_happened": f"{RAW['what_happened']}\n\n{RAW['right_now']}"}
    assert (draft.input.mood, draft.input.tags, draft.input.entry_date) == (2, ["night"], TODAY)
    assert debriefs.waiting(db, me.id)[0].turning
    # The facts that don't belong in a reflection are there to be trimmed.
    kinds = {f.kind for f in identifiable.findings(debriefs.brought_over(db, me.id, entry.id), TODAY)}
    assert {identifiable.CLOCK_TIME, identifiable.DOSE, identifiable.AGE, identifiable.BED} <= kinds
    # Starting again keeps what was begun.
    begun = EntryInput(debriefs.LEARNING, {"what_happened": "A hard night", "learnt": "Ask for help early"})
    entries.save_draft(db, me.id, entry.id, begun)
    debriefs.start_turning(db, me.id, entry.id)
    assert entries.drafts(db, me.id)[0].input.answers == begun.answers
    # Saved, it is the same entry, a learning reflection with no day to go; the raw account is replaced.
    entries.update(db, me.id, entry.id, begun, revision, lib)
    debriefs.expire(db, me.id)
    saved = entries.get(db, me.id, entry.id)
    assert saved.template == debriefs.LEARNING and "morphine" not in saved.body
    assert debriefs.kept_until(db, me.id, entry.id) is None and debriefs.waiting(db, me.id) == []
    fixed_clock.advance(days=200)
    assert debriefs.expire(db, me.id) == 0 and entries.get(db, me.id, entry.id) is not None
    with pytest.raises(DebriefError):
        debriefs.start_turning(db, me.id, entry.id)  # not a debrief any more


def test_turning_begun_but_never_saved_goes_with_the_debrief(db, lib, make_user, fixed_clock) -> None:
    me = make_user("Ruth")
    entry = _debrief(db, lib, me.id, days=1)
    debriefs.start_turning(db, me.id, entry.id)
    fixed_clock.advance(days=2)
    assert debriefs.expire(db, me.id) == 1
    assert entries.drafts(db, me.id) == [] and _ids(db, me.id) == set()


def test_someone_else_cannot_turn_or_read_a_debrief(db, lib, make_user) -> None:
    me, other = make_user("Ruth"), make_user("Tom")
    entry = _debrief(db, lib, me.id)
    with pytest.raises(DebriefError):
        debriefs.start_turning(db, other.id, entry.id)
    assert debriefs.brought_over(db, other.id, entry.id) == ""
    assert debriefs.kept_until(db, other.id, entry.id) is None and debriefs.waiting(db, other.id) == []
    assert entries.drafts(db, other.id) == []


def test_a_debrief_is_never_shared_with_a_coach(db, lib, make_user, fixed_clock) -> None:
    me, coach = make_user("Ruth"), make_user("Coach")
    invite = coaching.make_invite(db, me.id)
    link = coaching.accept_invite(db, coach.id, invite.code)
    coaching_repo.set_scope(db, me.id, link.id, "share_entries", True)
    coaching_repo.set_scope(db, me.id, link.id, "share_wins", True)
    entry = _debrief(db, lib, me.id, win=True)
    assert coaching.entry_coaches(db, me.id, entry.id) == []
    with pytest.raises(CoachingError, match="A debrief stays yours alone"):
        coaching.share_entry(db, me.id, link.id, entry.id, None, despite_findings=True)  # type: ignore[arg-type]
    assert coaching.mentee_wins(db, coach.id, link.id, None, TODAY) == []
    assert coaching_repo.shared_entry_ids(db, me.id, entry.id) == set()


def test_a_debriefs_scores_stay_out_of_the_charts_a_coach_sees(db, lib, make_user, fixed_clock) -> None:
    me, coach = make_user("Ruth"), make_user("Coach")
    link = coaching.accept_invite(db, coach.id, coaching.make_invite(db, me.id).code)
    coaching_repo.set_scope(db, me.id, link.id, "share_charts", True)
    entries.save_new(db, me.id, str(uuid.uuid4()), EntryInput("free", {"text": "a good day"}, mood=5, energy=4,
                     entry_date=TODAY - timedelta(days=1)), lib)  # fmt: skip
    _debrief(db, lib, me.id)  # mood 2, energy 2, today

    def over_time(panels) -> list[tuple]:
        [table] = [p.table for p in panels if p.title == "Over time"]
        return [(day.date(), mood, energy) for day, mood, energy in table.itertuples(index=False)]

    mine = trends.view(db, me.id, None, TODAY, TODAY).panels
    assert over_time(mine) == [(TODAY - timedelta(days=1), 5.0, 4.0), (TODAY, 2.0, 2.0)]  # their own: every entry
    seen = coaching.mentee_charts(db, coach.id, link.id, None, TODAY, TODAY)
    assert over_time(seen) == [(TODAY - timedelta(days=1), 5.0, 4.0)]  # the coach's: not the debrief's day
    [mood_map] = [p.table for p in seen if p.title == "Where your days fall"]
    assert list(mood_map[["mood", "energy"]].itertuples(index=False, name=None)) == [(5, 4)]
    [year] = [p.table for p in seen if p.title == "Your year"]
    assert TODAY not in {day.date() for day in year["Day"]}


def test_the_nightly_command_expires_every_account(db_path, lib, monkeypatch, capsys, fixed_clock) -> None:
    from journal.store.opening import open_store

    for name in ("ruth", "tom", "sam"):
        added = run_cli(["users", "add", name, "--password-stdin", "--db", str(db_path)], monkeypatch, PASSWORD)
        assert added == 0
    store = open_store(path=db_path, key=None, backup_dir=None, url=None)
    try:
        ids = {n: store.one("SELECT id FROM users WHERE username = ?", [n])[0] for n in ("ruth", "tom", "sam")}
        _debrief(store, lib, ids["ruth"], days=1)
        _debrief(store, lib, ids["ruth"], days=1)
        _debrief(store, lib, ids["tom"], days=1)
        kept = _debrief(store, lib, ids["sam"], days=5)
        ordinary = _write(store, lib, ids["sam"], "free", {"text": "stays"})
    finally:
        store.close()
    capsys.readouterr()
    fixed_clock.advance(days=2)
    assert run_cli(["expire-debriefs", "--db", str(db_path)], monkeypatch) == 0
    assert capsys.readouterr().out.strip() == "Deleted 3 debriefs past the day kept until, of 2 accounts."
    store = open_store(path=db_path, key=None, backup_dir=None, url=None)
    try:
        assert [r[0] for r in store.all("SELECT id FROM entries ORDER BY id")] == sorted([kept.id, ordinary.id])
    finally:
        store.close()
    assert run_cli(["expire-debriefs", "--db", str(db_path)], monkeypatch) == 0
    assert capsys.readouterr().out.strip() == "Deleted 0 debriefs past the day kept until, of 0 accounts."
    assert run_cli(["expire-debriefs", "--db", str(db_path.parent / "missing.duckdb")], monkeypatch) == 1
    assert "there is no database at" in capsys.readouterr().err


def test_a_debrief_brought_back_without_its_day_is_kept_a_fortnight_and_its_tone_never(
    db, lib, make_user, fixed_clock
) -> None:
    me = make_user("Ruth")
    entry = _write(db, lib, me.id, debriefs.TEMPLATE, RAW, day=TODAY - timedelta(days=100))  # as an import makes it
    assert debriefs.kept_until(db, me.id, entry.id) is None and entries.get(db, me.id, entry.id).polarity is not None
    assert debriefs.expire(db, me.id) == 0
    assert debriefs.kept_until(db, me.id, entry.id) == TODAY + timedelta(days=debriefs.DEFAULT_DAYS)
    assert entries.get(db, me.id, entry.id).polarity is None
    # Edited on Journal, it is still a debrief: its tone is dropped again at the next pass.
    edited = EntryInput(debriefs.TEMPLATE, {"what_happened": "A wonderful, happy, great night"}, entry_date=TODAY)
    entries.update(db, me.id, entry.id, edited, entries.get(db, me.id, entry.id).revision, lib)
    debriefs.expire(db, me.id)
    assert entries.get(db, me.id, entry.id).polarity is None


def test_a_debrief_is_never_offered_as_evidence_until_it_is_a_learning_reflection(
    db, lib, make_user, fixed_clock
) -> None:
    """Not for a reflective account, an appraisal, or as where a CPD activity grew from (the same search): its raw
    account becomes evidence only once the person has turned it into a learning reflection."""
    me = make_user("sky").id
    raw = _debrief(db, lib, me)
    kept = _write(db, lib, me, "free", {"text": "What the night taught me."})
    assert [s.id for s in accounts.choices(db, me)] == [kept.id]
    assert [s.id for s in appraisal.choices(db, me)] == [kept.id]
    db.execute("UPDATE entries SET template = 'learning', keep_until = NULL WHERE user_id = ? AND id = ?", [me, raw.id])
    assert {s.id for s in accounts.choices(db, me)} == {kept.id, raw.id}
