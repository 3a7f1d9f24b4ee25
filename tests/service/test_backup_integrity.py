"""A backup that was cut short is never taken for a backup (issue 12).

The real `python -m journal backup` is killed (SIGKILL) at seeded points spread over its copy, on a plain and an
encrypted database: every file left under a backup's name must restore to exactly the original rows, and every
other file must be refused by `restore` with the database untouched. Then restore is shown refusing, one file at
a time, everything that is not a complete Harbour backup, and a good backup is shown coming back whole.

Set HARBOUR_BACKUP_KILL_SEED to replay a run with other kill points; the seed and the figures are printed and
named in every failure.
"""

from __future__ import annotations

import hashlib
import json
import os
import random
import re
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass, field
from datetime import datetime
from pathlib import Path

import pytest

from journal import accounts
from journal.content.library import Library
from journal.reflect import entries
from journal.reflect.entries import EntryInput
from journal.store import Database
from journal.store import backup as backups
from journal.store.db import Connection, attach, connect_memory
from tests.conftest import one_error_line as _one_error_line
from tests.conftest import run_cli
from tests.factories import PASSWORD

ROOT = Path(__file__).resolve().parents[2]
KEY = "integrity-test-key-0123456789abcdef"
OTHER_KEY = "not-the-key-at-all-0123456789abcdef"
NOW = datetime(2025, 3, 4, 9, 30)  # for the names of files set aside: never the real clock
FINAL = re.compile(r"harbour-\d{8}-\d{6}\.duckdb")  # the name `backup` gives a finished backup
SEED = 20250304
ROWS = 20_000  # ~500 characters each: about 15 MB, so the copy takes a measurable part of a second
KILLS_PER_LANE = 10  # one lane plain, one encrypted, side by side: 20 kill points in all
SPAN = 1.15  # kill points reach a little past the copy, so some land after the rename and must restore whole
WAIT = 120.0  # seconds before a backup process is called stuck


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _names(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir()) if folder.exists() else []


def _tables(path: Path, key: str | None, spill: Path) -> backups.Digests:
    """Row count and a hash of the contents of every table of the file, read without Harbour."""
    con = connect_memory(spill, encryption=key is not None)
    try:
        attach(con, path, "f", key, read_only=True)
        return backups.table_digests(Connection(con), "f")
    finally:
        con.close()


def _marker_views(path: Path, key: str | None, spill: Path) -> list[str]:
    con = connect_memory(spill, encryption=key is not None)
    try:
        attach(con, path, "f", key, read_only=True)
        rows = con.execute("SELECT view_name FROM duckdb_views() WHERE database_name = 'f' AND NOT internal")
        return [name for (name,) in rows.fetchall()]
    finally:
        con.close()


def _edit(path: Path, key: str | None, spill: Path, *statements: str) -> None:
    """Change a copy of a backup behind Harbour's back (the table names are those of the file: alias `f`)."""
    con = connect_memory(spill, encryption=key is not None)
    try:
        attach(con, path, "f", key)
        for statement in statements:
            con.execute(statement)
    finally:
        con.close()


def _set_key(monkeypatch: pytest.MonkeyPatch, key: str | None) -> None:
    if key:
        monkeypatch.setenv("HARBOUR_DB_KEY", key)
    else:
        monkeypatch.delenv("HARBOUR_DB_KEY", raising=False)


def _run(argv: list[str], monkeypatch: pytest.MonkeyPatch, key: str | None) -> int:
    _set_key(monkeypatch, key)
    return run_cli(argv, monkeypatch)


def _refused(
    backup: Path, db_path: Path, key: str | None, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> str:
    """Restore `backup` over the closed database `db_path`: it must be refused with one line, changing nothing."""
    before = (_digest(db_path), _names(db_path.parent), _digest(backup), _names(backup.parent))
    capsys.readouterr()
    code = _run(["restore", str(backup), "--db", str(db_path)], monkeypatch, key)
    out = capsys.readouterr()
    assert code == 1, f"restore of {backup.name} was not refused: {out.out}"
    line = _one_error_line(out.err)
    assert (_digest(db_path), _names(db_path.parent), _digest(backup), _names(backup.parent)) == before
    return line


def _small_journal(path: Path, key: str | None, lib: Library) -> None:
    db = Database(path, key, backup_dir=path.parent / "backups")
    try:
        for name in ("alex", "sam"):
            person = accounts.create_account(db, name, PASSWORD)
            for n in range(2):
                inp = EntryInput("free", {"text": f"a steady shift {n}"}, mood=4, tags=["ward", f"t{n}"])
                entries.save_new(db, person.id, f"{name}-{n}", inp, lib)
            entries.save_draft(db, person.id, f"{name}-draft", EntryInput("gibbs", {"feelings": "tired"}))
    finally:
        db.close()


# -- the kill test -----------------------------------------------------------------------------------------------------
def _big_journal(path: Path) -> None:
    """A real Harbour database with ROWS entries and their tags: big enough that copying it takes a while."""
    db = Database(path)
    try:
        person = accounts.create_account(db, "alex", PASSWORD)
        with db.write() as tx:
            tx.execute(
                "INSERT INTO entries (id, user_id, template, answers, body, entry_date, created_at, updated_at) "
                "SELECT 'e' || i, ?, 'free', '{}', repeat(md5(i::VARCHAR), 16), DATE '2024-01-01' + (i % 365)::INT, "
                "TIMESTAMP '2024-01-01', TIMESTAMP '2024-01-01' FROM range(?) AS r(i)",
                [person.id, ROWS],
            )
            tx.execute(
                "INSERT INTO entry_tags SELECT ?, 'e' || i, 't' || (i % 7) FROM range(?) AS r(i)", [person.id, ROWS]
            )
    finally:
        db.close()


@dataclass
class Run:
    out: str
    delay: float | None  # seconds after the backup's first file appeared; None: left to finish (the measuring run)
    outcome: str = ""  # "killed" or "finished"
    seconds: float = 0.0  # the measuring run: from the first file to a lone finished backup in the folder
    files: list[str] = field(default_factory=list)


@dataclass
class Figures:
    seed: int
    kill_points: int = 0
    killed: int = 0
    killed_leaving_no_backup: int = 0  # killed mid-copy: what it left must all be refused
    finished_before_the_kill: int = 0
    final_files: int = 0  # left under a backup's name: each restored to exactly the original rows
    refused_files: int = 0  # everything else left behind: each refused, nothing changed
    copy_seconds: dict[str, float] = field(default_factory=dict)  # measured per lane: the kill points spread over it
    phase_seconds: dict[str, float] = field(default_factory=dict)  # for the record only: nothing is asserted on it


def _backup_process(db_path: Path, out: Path, key: str | None) -> subprocess.Popen[bytes]:
    env = {k: v for k, v in os.environ.items() if k != "HARBOUR_DB_KEY"}
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))
    if key:
        env["HARBOUR_DB_KEY"] = key
    return subprocess.Popen(
        [sys.executable, "-m", "journal", "backup", "--db", str(db_path), "--out", str(out)],
        cwd=ROOT,
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )


def _first_file(out: Path, proc: subprocess.Popen[bytes]) -> None:
    """Wait until the backup has written its first file (the copy has begun), however its files are named."""
    deadline = time.monotonic() + WAIT
    while not (out.is_dir() and any(out.iterdir())):
        assert proc.poll() is None, f"backup ended before writing anything: {proc.stderr and proc.stderr.read()!r}"
        assert time.monotonic() < deadline, "backup wrote nothing in time"
        time.sleep(0.001)


def _copied(out: Path, proc: subprocess.Popen[bytes]) -> None:
    """Wait until the folder holds one finished backup and nothing else: the copy is over, only the exit is left."""
    deadline = time.monotonic() + WAIT
    while proc.poll() is None:
        names = _names(out)
        if len(names) == 1 and FINAL.fullmatch(names[0]):
            return
        assert time.monotonic() < deadline, "backup did not finish in time"
        time.sleep(0.001)


def _one_run(db_path: Path, key: str | None, run: Run) -> None:
    out = Path(run.out)
    proc = _backup_process(db_path, out, key)
    try:
        _first_file(out, proc)
        started = time.monotonic()
        if run.delay is None:
            _copied(out, proc)
            run.seconds = time.monotonic() - started
        else:
            time.sleep(run.delay)
            if proc.poll() is None:
                proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=WAIT)
    finally:
        proc.kill()
        proc.wait(timeout=WAIT)
        stderr = proc.stderr.read().decode("utf-8", "replace") if proc.stderr else ""
        if proc.stderr:
            proc.stderr.close()
    assert proc.returncode in (0, -signal.SIGKILL), f"backup failed ({proc.returncode}): {stderr[-2000:]}"
    run.outcome = "finished" if proc.returncode == 0 else "killed"
    run.files = _names(out)


def _lane(db_path: Path, key: str | None, runs_dir: Path, rng: random.Random) -> list[Run]:
    """One backup left to finish, to measure the copy; then KILLS_PER_LANE runs killed at points spread over it."""
    measured = Run(str(runs_dir / "measure"), None)
    _one_run(db_path, key, measured)
    assert measured.outcome == "finished"
    # Stratified: one kill point in each slice of the copy, so they are spread over all of it.
    delays = [SPAN * measured.seconds * (k + rng.random()) / KILLS_PER_LANE for k in range(KILLS_PER_LANE)]
    rng.shuffle(delays)
    runs = [measured]
    for n, delay in enumerate(delays):
        run = Run(str(runs_dir / f"kill-{n:02d}"), delay)
        _one_run(db_path, key, run)
        runs.append(run)
    return runs


def test_a_backup_killed_at_any_point_leaves_nothing_that_restores_wrongly(
    tmp_path: Path, lib: Library, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    seed = int(os.environ.get("HARBOUR_BACKUP_KILL_SEED") or SEED)
    figures = Figures(seed=seed)
    spill = tmp_path / "spill"
    plain, encrypted = tmp_path / "plain" / "harbour.duckdb", tmp_path / "encrypted" / "harbour.duckdb"
    _big_journal(plain)
    original = _tables(plain, None, spill)
    encrypted.parent.mkdir()
    shutil.copyfile(plain, encrypted)
    backups.encrypt_file(encrypted, KEY, NOW)
    assert _tables(encrypted, KEY, spill) == original
    lanes = {"plain": (plain, None), "encrypted": (encrypted, KEY)}

    rngs = {name: random.Random(f"{seed}-{name}") for name in lanes}
    started = time.monotonic()
    with ThreadPoolExecutor(max_workers=len(lanes)) as pool:
        futures = {
            name: pool.submit(_lane, path, key, tmp_path / "runs" / name, rngs[name])
            for name, (path, key) in lanes.items()
        }
        results = {name: future.result() for name, future in futures.items()}

    figures.phase_seconds["backups"] = round(time.monotonic() - started, 1)
    started = time.monotonic()
    current = tmp_path / "current" / "harbour.duckdb"  # what restore must leave alone when it refuses
    _small_journal(current, None, lib)
    problems: list[str] = []
    for name, runs in results.items():
        key = lanes[name][1]
        figures.copy_seconds[name] = round(runs[0].seconds, 3)
        for run in runs:
            if run.delay is not None:
                figures.kill_points += 1
                figures.killed += run.outcome == "killed"
                figures.finished_before_the_kill += run.outcome == "finished"
                figures.killed_leaving_no_backup += run.outcome == "killed" and not any(map(FINAL.fullmatch, run.files))
            for file_name in run.files:
                left = Path(run.out) / file_name
                if FINAL.fullmatch(file_name):
                    figures.final_files += 1
                    restored = tmp_path / "restored" / f"{name}-{Path(run.out).name}" / "harbour.duckdb"
                    restored.parent.mkdir(parents=True)
                    code = _run(["restore", str(left), "--db", str(restored)], monkeypatch, key)
                    err = capsys.readouterr().err
                    if code != 0 or _tables(restored, key, spill) != original:
                        problems.append(f"{name}/{Path(run.out).name}/{file_name}: restored wrongly ({code}, {err})")
                else:
                    figures.refused_files += 1
                    try:
                        _refused(left, current, key, monkeypatch, capsys)
                    except AssertionError as exc:
                        problems.append(f"{name}/{Path(run.out).name}/{file_name}: not refused cleanly: {exc}")
    figures.phase_seconds["restores"] = round(time.monotonic() - started, 1)
    report = json.dumps(asdict(figures))
    print(f"\nbackup kill figures: {report}")
    assert problems == [], f"{report}\n" + "\n".join(problems)
    assert figures.kill_points == 2 * KILLS_PER_LANE, report
    assert figures.killed >= KILLS_PER_LANE, report  # most kill points fell before the process was done
    assert figures.killed_leaving_no_backup >= 1 and figures.refused_files >= 1, report  # some fell inside the copy
    assert figures.final_files >= 2, report  # the measuring runs at least
    # Killing a backup never harms the database it was copying.
    assert _tables(plain, None, spill) == original and _tables(encrypted, KEY, spill) == original


# -- restore refuses what is not a complete backup ---------------------------------------------------------------------
@pytest.fixture(params=[None, KEY], ids=["plain", "encrypted"])
def key(request: pytest.FixtureRequest) -> str | None:
    return request.param


@dataclass
class Setting:
    db_path: Path  # the current database, closed
    good: Path  # a complete backup of it, made by `backup`
    bad: Path  # a folder for files that are not complete backups
    spill: Path
    key: str | None


@pytest.fixture
def setting(tmp_path: Path, lib: Library, key: str | None, monkeypatch: pytest.MonkeyPatch) -> Setting:
    db_path = tmp_path / "harbour.duckdb"
    _small_journal(db_path, key, lib)
    out = tmp_path / "backups"
    assert _run(["backup", "--out", str(out), "--db", str(db_path)], monkeypatch, key) == 0
    [good] = out.iterdir()
    assert FINAL.fullmatch(good.name)
    bad = tmp_path / "bad"
    bad.mkdir()
    return Setting(db_path, good, bad, tmp_path / "spill", key)


def _schema_only(s: Setting) -> Path:
    """What a `backup` killed after copying the schema left under a backup's name before this was fixed."""
    target = s.bad / "harbour-20250304-093000.duckdb"
    con = connect_memory(s.spill, encryption=s.key is not None)
    try:
        attach(con, s.good, "source", s.key, read_only=True)
        attach(con, target, "target", s.key)
        con.execute("COPY FROM DATABASE source TO target (SCHEMA)")
        con.execute(f"DROP VIEW target.main.{backups.MARKER}")  # the schema brings the mark along; a cut copy has none
    finally:
        con.close()
    return target


def _truncated(s: Setting) -> Path:
    target = s.bad / "harbour-20250304-093001.duckdb"
    data = s.good.read_bytes()
    target.write_bytes(data[: len(data) // 2])
    return target


def _random_bytes(s: Setting) -> Path:
    target = s.bad / "harbour-20250304-093002.duckdb"
    target.write_bytes(random.Random(SEED).randbytes(300_000))
    return target


def _under_the_partial_name(s: Setting) -> Path:
    """Even a complete copy is refused while it still has the partial name: it was never renamed into place."""
    target = backups.partial_path(s.bad / s.good.name)
    shutil.copyfile(s.good, target)
    return target


def _rows_missing(s: Setting) -> Path:
    target = s.bad / "harbour-20250304-093003.duckdb"
    shutil.copyfile(s.good, target)
    _edit(target, s.key, s.spill, "DELETE FROM f.main.entry_tags")
    return target


def _made_before_marks(s: Setting) -> Path:
    target = s.bad / "harbour-20250304-093004.duckdb"
    shutil.copyfile(s.good, target)
    _edit(target, s.key, s.spill, f"DROP VIEW f.main.{backups.MARKER}")
    return target


CASES: dict[str, tuple[Callable[[Setting], Path], str]] = {
    "schema only": (_schema_only, "has no mark of a finished backup"),
    "truncated": (_truncated, "can't be read as a Harbour backup"),
    "random bytes": (_random_bytes, "can't be read as a Harbour backup"),
    "partial name": (_under_the_partial_name, "is a backup that never finished"),
    "rows missing": (_rows_missing, "is not a complete backup: main.entry_tags do not hold the rows"),
    "made before marks": (_made_before_marks, "has no mark of a finished backup"),
}


@pytest.mark.parametrize("case", list(CASES))
def test_restore_refuses_what_is_not_a_complete_backup_and_changes_nothing(
    setting: Setting, case: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    make, says = CASES[case]
    line = _refused(make(setting), setting.db_path, setting.key, monkeypatch, capsys)
    assert says in line
    assert "Nothing was changed" in line


def test_a_backup_without_a_mark_can_still_be_restored_deliberately_as_the_message_says(
    setting: Setting, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    old = _made_before_marks(setting)
    line = _refused(old, setting.db_path, setting.key, monkeypatch, capsys)
    assert "python -m journal backup --db COPY --out FOLDER" in line
    copy = tmp_path / "checked" / "copy.duckdb"
    copy.parent.mkdir()
    shutil.copyfile(old, copy)
    out = tmp_path / "checked" / "backups"
    assert _run(["backup", "--db", str(copy), "--out", str(out)], monkeypatch, setting.key) == 0
    [checked] = out.iterdir()
    assert _run(["restore", str(checked), "--db", str(setting.db_path)], monkeypatch, setting.key) == 0
    assert _tables(setting.db_path, setting.key, setting.spill) == _tables(old, setting.key, setting.spill)


def test_restore_with_the_wrong_key_is_refused_and_changes_nothing(
    tmp_path: Path, lib: Library, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    db_path = tmp_path / "harbour.duckdb"
    _small_journal(db_path, KEY, lib)
    assert _run(["backup", "--out", str(tmp_path / "backups"), "--db", str(db_path)], monkeypatch, KEY) == 0
    [good] = (tmp_path / "backups").iterdir()
    assert "does not open" in _refused(good, db_path, OTHER_KEY, monkeypatch, capsys)


# -- a good backup ----------------------------------------------------------------------------------------------------
def test_a_finished_backup_is_marked_and_comes_back_whole(
    setting: Setting, lib: Library, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    s = setting
    wanted = _tables(s.good, s.key, s.spill)
    assert wanted == _tables(s.db_path, s.key, s.spill)
    assert _names(s.good.parent) == [s.good.name]  # renamed into place: no partial copy or log beside it
    con = connect_memory(s.spill, encryption=s.key is not None)
    try:
        attach(con, s.good, "f", s.key, read_only=True)
        marked = dict(con.execute(f"SELECT table_name, row_count FROM f.main.{backups.MARKER}").fetchall())
    finally:
        con.close()
    assert marked == {table: count for table, (count, _) in wanted.items()}  # every table, with its rows
    assert marked["main.entries"] == 4 and marked["main.users"] == 2

    db = Database(s.db_path, s.key)
    try:
        person = accounts.sign_in(db, "alex", PASSWORD)
        entries.save_new(db, person.id, "after", EntryInput("free", {"text": "written after the backup"}), lib)
    finally:
        db.close()
    assert _tables(s.db_path, s.key, s.spill) != wanted

    capsys.readouterr()
    assert _run(["restore", str(s.good), "--db", str(s.db_path)], monkeypatch, s.key) == 0
    assert capsys.readouterr().err == ""
    assert _tables(s.db_path, s.key, s.spill) == wanted
    assert _marker_views(s.db_path, s.key, s.spill) == []  # the restored database is a database, not a backup
    assert len([n for n in _names(s.db_path.parent) if ".before-restore-" in n]) == 1


def test_a_backup_that_fails_part_way_leaves_nothing_behind(
    setting: Setting, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def fail(*args: object) -> None:
        raise backups.StoreError("The copy does not match the original (tables main.entries); nothing was replaced.")

    monkeypatch.setattr(backups, "_compare", fail)
    out = tmp_path / "failed"
    capsys.readouterr()
    assert _run(["backup", "--out", str(out), "--db", str(setting.db_path)], monkeypatch, setting.key) == 1
    assert "does not match" in _one_error_line(capsys.readouterr().err)
    assert _names(out) == []
