"""A crash loses no acknowledged save: a Harbour process is killed (SIGKILL) in the middle of many saves.

Each round starts tests/service/crash_worker.py, which saves entries from a dozen threads and prints
`ACK <id>` once `save_new` has returned. After a random number of acknowledgements the process is killed;
the database is then opened afresh (DuckDB replays its write-ahead log) and every acknowledged entry must be
there, exactly as written, and no entry may be half-saved. Rounds accumulate in one file.

Set HARBOUR_CRASH_SEED to replay a run; the seed and the totals are printed and named in every failure.
"""

from __future__ import annotations

import json
import os
import queue
import random
import re
import signal
import subprocess
import sys
import threading
import time
import uuid
from dataclasses import asdict, dataclass, field
from pathlib import Path

import pytest

from journal import accounts
from journal.reflect import entries
from journal.store import Database
from tests.service.crash_worker import expected

ROOT = Path(__file__).resolve().parents[2]
ROUNDS = 5  # at least; more if that many rounds did not reach MIN_ACKNOWLEDGED
MIN_ACKNOWLEDGED = 200
KILL_AFTER = (30, 180)  # acknowledgements before the kill, chosen at random each round
WAIT = 60.0  # seconds to wait for one line from the worker before calling it stuck
ACK = re.compile(r"ACK ([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})")


@dataclass
class Totals:
    seed: int
    checkpoint_heavy: bool
    rounds: int = 0
    acknowledged: int = 0
    lost: int = 0  # acknowledged, then missing or different after the crash: must stay 0
    committed_unacknowledged: int = 0  # saved when the kill came, before the worker could say so (fine)
    entries_in_file: int = 0
    kills_after: list[int] = field(default_factory=list)


def _new_journal(path: Path) -> str:
    db = Database(path)
    try:
        return accounts.create_account(db, "crash", f"a long test passphrase {uuid.uuid4().hex}").id
    finally:
        db.close()


def _read_lines(stream, into: queue.Queue) -> None:
    for raw in iter(stream.readline, b""):
        into.put(raw.decode("utf-8", "replace"))
    into.put(None)  # end of output: the process is gone


def _kill_mid_save(path: Path, user_id: str, kill_after: int, rng: random.Random, heavy: bool) -> list[str]:
    """Run the worker until `kill_after` saves are acknowledged, SIGKILL it, return every id it acknowledged."""
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))}
    command = [sys.executable, "-m", "tests.service.crash_worker", str(path), user_id, "--threads", "12"]
    proc = subprocess.Popen(
        command + (["--checkpoint-heavy"] if heavy else []),
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    lines: queue.Queue = queue.Queue()
    reader = threading.Thread(target=_read_lines, args=(proc.stdout, lines), daemon=True)
    reader.start()
    acked: list[str] = []
    problems: list[str] = []
    try:
        while len(acked) < kill_after:
            line = lines.get(timeout=WAIT)
            if line is None or line.startswith(("ERR", "DONE")):
                problems.append(line or "the worker exited early")
                break
            if found := ACK.fullmatch(line.rstrip("\n")):
                acked.append(found.group(1))
        if rng.random() < 0.5:
            time.sleep(rng.uniform(0, 0.02))  # not always right after an acknowledgement
        os.kill(proc.pid, signal.SIGKILL)
    finally:
        proc.kill()
        proc.wait(timeout=WAIT)
        reader.join(timeout=WAIT)
        stderr = proc.stderr.read().decode("utf-8", "replace")
        proc.stdout.close()
        proc.stderr.close()
    # Lines still in the pipe were written before the kill: those saves were acknowledged too.
    while (line := lines.get_nowait()) is not None:
        if found := ACK.fullmatch(line.rstrip("\n")):
            acked.append(found.group(1))
        elif line.startswith("ERR"):
            problems.append(line)
    assert not problems, f"the worker failed before the kill: {problems}\n{stderr[-3000:]}"
    assert proc.returncode == -signal.SIGKILL, f"worker ended with {proc.returncode}, not by SIGKILL\n{stderr[-3000:]}"
    return acked


def _check_after_crash(path: Path, user_id: str, acked: list[str], new: list[str], totals: Totals) -> list[str]:
    """Open the file afresh and compare it with what was acknowledged; returns what is wrong, if anything.

    This round's acknowledgements are read back through `entries.get`, as the Journal page does; earlier
    rounds' (checked that way already) in one query, so a round's check doesn't grow with the file.
    """
    db = Database(path)  # replays the WAL left by the killed process
    try:
        read_back = {}
        for entry_id in new:
            got = entries.get(db, user_id, entry_id)
            # get() answers only its owner, so an entry it returns is user_id's.
            read_back[entry_id] = None if got is None else (user_id, got.body, got.tags, got.mood)
        rows = db.all("SELECT id, user_id, body, mood FROM entries")
        tag_rows = db.all("SELECT entry_id, user_id, tag FROM entry_tags")
        drafts_of_saved = db.all(
            "SELECT d.entry_id FROM drafts d JOIN entries e ON e.id = d.entry_id AND e.user_id = d.user_id"
        )
    finally:
        db.close()
    tags: dict[str, set[str]] = {}
    for entry_id, _, tag in tag_rows:
        tags.setdefault(entry_id, set()).add(tag)
    stored = {r[0]: (r[1], r[2], tuple(sorted(tags.get(r[0], ()))), r[3]) for r in rows}

    wrong: list[str] = []
    for entry_id in acked:
        want = expected(entry_id)
        got = read_back[entry_id] if entry_id in read_back else stored.get(entry_id)
        if got is None:
            wrong.append(f"{entry_id}: acknowledged but missing")
        elif got != (user_id, want.text, want.tags, want.mood):
            wrong.append(f"{entry_id}: acknowledged but changed: tags {got[2]} (saved {want.tags})")
    totals.lost = len(wrong)
    for entry_id, owner, tag in tag_rows:
        if owner != user_id:
            wrong.append(f"tag row {entry_id}/{tag} names another owner")
    for entry_id, (owner, body, _, _) in stored.items():
        want = expected(entry_id)
        if owner != user_id or body != want.text:
            wrong.append(f"{entry_id}: stored with a different owner or body")
        if tags.get(entry_id, set()) != set(want.tags):
            wrong.append(f"{entry_id}: half-saved, tags {sorted(tags.get(entry_id, set()))} of {list(want.tags)}")
    orphans = set(tags) - set(stored)
    if orphans:
        wrong.append(f"tags left without their entry: {sorted(orphans)[:5]}")
    if drafts_of_saved:
        wrong.append(f"drafts still kept for saved entries (removed in the same transaction): {drafts_of_saved[:5]}")
    totals.entries_in_file = len(stored)
    return wrong


@pytest.mark.parametrize("heavy", [False, True], ids=["saves", "checkpoint-heavy"])
def test_a_killed_process_loses_no_acknowledged_save(tmp_path: Path, heavy: bool) -> None:
    seed = int(os.environ.get("HARBOUR_CRASH_SEED") or random.SystemRandom().randrange(2**32))
    rng = random.Random(seed)
    path = tmp_path / "harbour.duckdb"
    user_id = _new_journal(path)
    totals = Totals(seed=seed, checkpoint_heavy=heavy)
    all_acked: list[str] = []
    problems: list[str] = []
    while totals.rounds < ROUNDS or totals.acknowledged < MIN_ACKNOWLEDGED:
        kill_after = rng.randint(*KILL_AFTER)
        acked = _kill_mid_save(path, user_id, kill_after, rng, heavy)
        assert len(acked) >= kill_after  # the round really ran that far before the kill
        all_acked += acked
        totals.rounds += 1
        totals.kills_after.append(kill_after)
        totals.acknowledged = len(all_acked)
        problems = _check_after_crash(path, user_id, all_acked, acked, totals)
        totals.committed_unacknowledged = totals.entries_in_file - len(set(all_acked))
        if problems:
            break

    report = json.dumps(asdict(totals))
    (tmp_path / "crash_totals.json").write_text(report)
    print(f"\ncrash totals: {report}")
    assert problems == [], f"{report}\n" + "\n".join(problems[:20])
    assert len(set(all_acked)) == len(all_acked)  # every acknowledgement names a different save
    assert totals.rounds >= ROUNDS and totals.acknowledged >= MIN_ACKNOWLEDGED, report
    assert totals.lost == 0, report
