"""`python -m journal`: operator commands, run in-process through journal.cli.main on real files."""

from __future__ import annotations

import hashlib
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from journal import accounts, organisation
from journal.content.library import Library
from journal.patterns import burnout
from journal.reflect import checkbacks, cpd, entries, nmc, own, people, profession, settings, trackers
from journal.reflect.entries import EntryInput
from journal.store import Database, StoreError
from journal.store import reflective as reflective_repo
from journal.store.backup import copy_to
from journal.together import coaching
from journal.together.groups import figures as group_figures
from journal.together.groups import membership as groups
from journal.together.groups import wall as group_wall
from tests.conftest import FixedClock
from tests.conftest import one_error_line as _one_error_line
from tests.conftest import run_cli as _run
from tests.factories import NOON_TODAY, PASSWORD, TODAY
from tests.processes import held_by_another_process
from tests.snapshots import every_row_in_file

ROOT = Path(__file__).resolve().parents[2]
ISSUER = "https://sign-in.example-trust.nhs.uk"


def _usernames(path: Path) -> list[str]:
    return [row[1] for row in every_row_in_file(path)["users"]]


@pytest.fixture
def journal_file(db_path: Path, lib: Library, fixed_clock: FixedClock) -> Path:
    """A database with a little of everything in it, closed so the command can open it."""
    db = Database(db_path)
    try:
        alex = accounts.create_account(db, "alex", PASSWORD)
        sam = accounts.create_account(db, "José", PASSWORD)
        for person in (alex, sam):
            for n in range(3):
                inp = EntryInput(
                    "free",
                    {"text": f"entry {n} 🎉 <b>x</b>"},
                    mood=3,
                    tags=["a", f"t{n}"],
                    entry_date=TODAY - timedelta(days=n),
                )
                entries.save_new(db, person.id, f"{person.username}-{n}", inp, lib)
            entries.trash(db, person.id, f"{person.username}-2")
            entries.save_draft(db, person.id, f"{person.username}-draft", EntryInput("gibbs", {"feelings": "hmm"}))
            entries.record_prompt_shown(db, person.id, lib.prompts[0].id)
            answers = {item.id: 50 for item in burnout.inventory().scale("personal").items}
            burnout.save_checkin(db, person.id, f"{person.username}-cbi", answers, include_client=False)
            settings.update(db, person.id, ask_when_tone_differs=False)
            accounts.start_session(db, person.id)
            reflective_repo.record(
                db,
                reflective_repo.ReflectiveAccountRow(
                    f"{person.username}-nmc",
                    person.id,
                    f"{person.username}-0",
                    datetime(2026, 1, 5, 9, 0),
                    '["prioritise people"]',
                ),
            )
        # A peer group with a win on its wall and a closed week, and a coaching with a shared entry and a note.
        win = entries.save_new(db, alex.id, "alex-win", EntryInput("win", {"the_win": "rota"}, is_win=True), lib)
        created = groups.create_group(db, alex.id, "Regroup", k=3, now=datetime(2026, 1, 5, 9, 0))
        group_wall.post_win(db, alex.id, created.group.id, win.entry.id, "A win", True, now=datetime(2026, 1, 5, 9, 0))
        group_figures.week_figures(db, alex.id, created.group.id, now=datetime(2026, 1, 13, 9, 0))
        invite = coaching.make_invite(db, alex.id)
        coached = coaching.accept_invite(db, sam.id, invite.code)
        coaching.share(db, alex.id, coached.id, "share_entries", PASSWORD)
        coaching.share_entry(db, alex.id, coached.id, "alex-0", PASSWORD, despite_findings=True)
        coaching.mentee_entries(db, sam.id, coached.id)
        coaching.add_note(db, sam.id, coached.id, "Welcome")
        # Relational practice (issue 17): a person met and the entry about them, an action, a look back planned,
        # an own prompt (one suggested by the coach too) and template, a tracker answered.
        priya = people.add_person(db, alex.id, "Priya", "safe staffing")
        people.link(db, alex.id, "alex-0", priya.id)
        people.add_action(db, alex.id, "send the rota notes", entry_id="alex-0", person_id=priya.id)
        looked_at = entries.get(db, alex.id, "alex-0")
        assert looked_at is not None
        checkbacks.keep(db, alex.id, checkbacks.plan_entry(db, alex.id, looked_at, 3))
        own.add_prompt(db, alex.id, "What would I tell a new starter?")
        own.add_template(db, alex.id, "After a handover", [own.Box("What went well?", True)])
        coaching.suggest_prompt(db, sam.id, coached.id, "When did the team have your back?")
        groups.set_regroup_prompt_text(db, alex.id, created.group.id, "What carried you this week?")
        tracker = trackers.create(db, alex.id, "Took a proper break", "yes_no")
        trackers.record(db, alex.id, tracker.id, TODAY, 1)
        # Revalidation: a regulator and renewal date, a CPD activity, practice hours, feedback, a discussion.
        profession.set_regulator(db, alex.id, "nmc")
        profession.set_renewal(db, alex.id, TODAY + timedelta(days=400), TODAY)
        cpd.add(db, alex.id, cpd.Activity(TODAY, 90, True, "course", "Falls prevention"))
        nmc.add_hours(db, alex.id, nmc.Stretch(TODAY - timedelta(days=30), TODAY, 150, "Harbour General"))
        nmc.add_feedback(db, alex.id, nmc.Feedback(TODAY, "patient", "A thank-you card from a family"))
        nmc.add_discussion(db, alex.id, nmc.Discussion(TODAY, "Sam", "12A3456B"))
        accounts.set_signup_allowed(db, alex, True)
        # A sign-in's ticket waiting for the browser, and someone who signs in with their organisation.
        accounts.issue_ticket(db, accounts.start_session(db, alex.id))
        issued = int(NOON_TODAY.timestamp())
        organisation.admit(
            db, {"iss": ISSUER, "sub": "staff-1", "iat": issued, "exp": issued + 3600, "name": "Kit"},
            provider_issuer=ISSUER,
        )  # fmt: skip
        with pytest.raises(accounts.AccountError):
            accounts.sign_in(db, "nobody by this name", "not the password at all")
    finally:
        db.close()
    return db_path


# -- users add --------------------------------------------------------------------
def test_users_add_reads_the_password_from_stdin_and_creates_the_account(
    db_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    code = _run(["users", "add", "alex", "--password-stdin", "--db", str(db_path)], monkeypatch, PASSWORD + "\r\n")
    out = capsys.readouterr()
    assert (code, out.err) == (0, "")
    assert out.out.strip() == "Account 'alex' created (admin)."
    db = Database(db_path)
    try:
        assert accounts.sign_in(db, "alex", PASSWORD).is_admin
    finally:
        db.close()


def test_users_add_for_a_taken_name_exits_1_with_one_clear_line(
    db_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    argv = ["users", "add", "alex", "--password-stdin", "--db", str(db_path)]
    assert _run(argv, monkeypatch, PASSWORD + "\n") == 0
    capsys.readouterr()
    before = every_row_in_file(db_path)
    argv_upper = ["users", "add", "ALEX", "--password-stdin", "--db", str(db_path)]
    assert _run(argv_upper, monkeypatch, "another long passphrase\n") == 1
    out = capsys.readouterr()
    assert _one_error_line(out.err) == "harbour: That name is already taken. Please choose another."
    assert out.out == ""
    assert every_row_in_file(db_path) == before


def test_users_add_with_a_short_password_exits_1_and_creates_nothing(
    db_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    assert _run(["users", "add", "alex", "--password-stdin", "--db", str(db_path)], monkeypatch, "short\n") == 1
    assert "at least 12 characters" in _one_error_line(capsys.readouterr().err)
    assert _usernames(db_path) == []


def test_users_add_without_password_stdin_refuses_and_does_not_touch_the_database(
    db_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    assert _run(["users", "add", "alex", "--db", str(db_path)], monkeypatch, PASSWORD + "\n") == 1
    assert "--password-stdin" in _one_error_line(capsys.readouterr().err)
    assert not db_path.exists()


def test_users_add_on_a_database_open_in_another_process_exits_1_with_one_clear_line(
    journal_file: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    before = every_row_in_file(journal_file)
    with held_by_another_process(journal_file):
        code = _run(["users", "add", "sam", "--password-stdin", "--db", str(journal_file)], monkeypatch, PASSWORD)
    assert code == 1
    assert "already open in another Harbour process" in _one_error_line(capsys.readouterr().err)
    assert every_row_in_file(journal_file) == before


# -- backup -----------------------------------------------------------------------
def test_backup_writes_a_copy_whose_every_table_matches_the_source(
    journal_file: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    out_dir = tmp_path / "backups"
    assert _run(["backup", "--out", str(out_dir), "--db", str(journal_file)], monkeypatch) == 0
    [copy] = list(out_dir.iterdir())
    assert str(copy) in capsys.readouterr().out
    source, backup = every_row_in_file(journal_file), every_row_in_file(copy)
    assert set(source) >= {
        "users",
        "entries",
        "entry_tags",
        "drafts",
        "prompts_shown",
        "schema_migrations",
        "burnout_checkins",
        "user_settings",
    }
    assert backup == source
    assert all(source[t] for t in source)  # every table had rows to compare


def test_a_backup_opens_as_a_harbour_database_and_signs_in(
    journal_file: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, lib: Library
) -> None:
    assert _run(["backup", "--out", str(tmp_path / "b"), "--db", str(journal_file)], monkeypatch) == 0
    [copy] = list((tmp_path / "b").iterdir())
    restored = Database(copy)
    try:
        person = accounts.sign_in(restored, "alex", PASSWORD)
        assert entries.count(restored, person.id) == 3  # three saved (one since trashed), and the win
        with pytest.raises(accounts.AccountError, match="already taken"):
            accounts.create_account(restored, "ALEX", PASSWORD)  # the unique name rule came along too
    finally:
        restored.close()


def test_backup_never_overwrites_an_existing_backup(
    journal_file: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    fixed_clock: FixedClock,
) -> None:
    # The held clock does not move: the two backups fall in the same second and so get the same name.
    out_dir = tmp_path / "backups"
    argv = ["backup", "--out", str(out_dir), "--db", str(journal_file)]
    assert _run(argv, monkeypatch) == 0
    [first] = list(out_dir.iterdir())
    digest = hashlib.sha256(first.read_bytes()).hexdigest()
    capsys.readouterr()
    assert _run(argv, monkeypatch) == 1
    assert "never overwrites a backup" in _one_error_line(capsys.readouterr().err)
    assert list(out_dir.iterdir()) == [first]
    assert hashlib.sha256(first.read_bytes()).hexdigest() == digest


def test_copy_to_refuses_an_existing_file_and_leaves_it_alone(db: Database, tmp_path: Path) -> None:
    target = tmp_path / "keep.duckdb"
    target.write_bytes(b"precious")
    with pytest.raises(StoreError, match="never overwrites"):
        copy_to(db, target)
    assert target.read_bytes() == b"precious"


def test_backup_of_a_database_open_in_another_process_exits_1_with_one_clear_line(
    journal_file: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    out_dir = tmp_path / "backups"
    with held_by_another_process(journal_file):
        assert _run(["backup", "--out", str(out_dir), "--db", str(journal_file)], monkeypatch) == 1
    assert "already open in another Harbour process" in _one_error_line(capsys.readouterr().err)
    assert not out_dir.exists() or list(out_dir.iterdir()) == []


def test_the_database_can_come_from_harbour_db(
    db_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("HARBOUR_DB", str(db_path))
    assert _run(["users", "add", "alex", "--password-stdin"], monkeypatch, PASSWORD + "\n") == 0
    assert _usernames(db_path) == ["alex"]


def test_users_unlock_lifts_a_lock_so_the_account_can_sign_in(
    db_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    db = Database(db_path)
    try:
        accounts.create_account(db, "robin", PASSWORD)
        # as if fifty wrong passwords had been tried
        db.execute("UPDATE users SET locked = TRUE WHERE username = 'robin'")
        with pytest.raises(accounts.AccountError):
            accounts.sign_in(db, "robin", PASSWORD)
    finally:
        db.close()
    assert _run(["users", "unlock", "robin", "--db", str(db_path)], monkeypatch) == 0
    assert "unlocked" in capsys.readouterr().out
    db = Database(db_path)
    try:
        assert accounts.sign_in(db, "robin", PASSWORD).username == "robin"
    finally:
        db.close()


def test_users_unlock_of_an_unknown_name_fails_with_one_line(
    db_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    Database(db_path).close()
    assert _run(["users", "unlock", "nobody", "--db", str(db_path)], monkeypatch) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith("harbour:")
