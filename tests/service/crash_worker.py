"""A Harbour process that saves entries from many threads until it is killed (driven by test_crash.py).

It prints `ACK <entry id>` only after `entries.save_new` has returned for that id, i.e. once the save was
acknowledged to the person. Everything an entry holds follows from its id (see `expected`), so the test
can check every acknowledged entry exactly without this process telling it anything else.

Run: python -m tests.service.crash_worker DB_PATH USER_ID [--threads N] [--limit N] [--checkpoint-heavy]
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import threading
import traceback
import uuid
from dataclasses import dataclass

from journal.content.library import library
from journal.reflect import entries
from journal.reflect.entries import EntryInput
from journal.store import Database

WORDS = (
    "ward", "handover", "tired", "hopeful", "rota", "patient", "family", "listened", "meeting", "change",
    "small", "win", "boundary", "rest", "colleague", "café", "naïve", "Grüße", "東京", "🌱", "«quote»", "50%",
    "under_score", "it's", "O'Brien", "tab\there", "line\nbreak", "—", "!",
)  # fmt: skip
TAGS = ("night", "Ward 7", "supervision", "rest", "said no", "team", "Ünïcode", "win", "family", "café")
SIZES = (1, 12, 120, 1_200, 6_000)  # words: from a quick check-in line to a long reflection


@dataclass(frozen=True)
class Planned:
    """What the entry with a given id holds, as the person typed it and as Harbour must give it back."""

    text: str
    tags: tuple[str, ...]  # distinct, as stored: sorted
    mood: int | None

    def to_input(self) -> EntryInput:
        # Tags are handed over in a shuffled order; Harbour stores them as a set.
        shuffled = list(self.tags)
        random.Random(self.text).shuffle(shuffled)
        return EntryInput("free", {"text": self.text}, mood=self.mood, tags=shuffled)


def expected(entry_id: str) -> Planned:
    rng = random.Random(entry_id)
    words = [rng.choice(WORDS) for _ in range(rng.choice(SIZES))]
    text = " ".join(words) + f" [{entry_id}]"  # the id inside makes every body unique
    tags = tuple(sorted(rng.sample(TAGS, rng.randint(0, 5))))
    return Planned(text, tags, rng.choice((None, 1, 2, 3, 4, 5)))


def _say(line: str) -> None:
    # One write(2) per line: lines from different threads never interleave, and nothing waits in a buffer.
    os.write(sys.stdout.fileno(), (line + "\n").encode())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("db_path")
    parser.add_argument("user_id")
    parser.add_argument("--threads", type=int, default=12)
    parser.add_argument("--limit", type=int, default=2_000, help="stop by itself after this many saves")
    parser.add_argument("--checkpoint-heavy", action="store_true")
    args = parser.parse_args(argv)

    lib = library()
    db = Database(args.db_path)
    if args.checkpoint_heavy:
        # DuckDB checkpoints when the WAL passes this size: with 1 KB nearly every commit starts one,
        # so the kill lands while the data file is being rewritten and the WAL truncated.
        with db.cursor() as cur:
            cur.execute("SET checkpoint_threshold = '1KB'")
    remaining = [args.limit]
    lock = threading.Lock()
    failed = threading.Event()

    def save_until_killed() -> None:
        while not failed.is_set():
            with lock:
                if remaining[0] <= 0:
                    return
                remaining[0] -= 1
            entry_id = str(uuid.uuid4())
            inp = expected(entry_id).to_input()
            try:
                # As on the Write page: a draft is kept while typing; the save removes it in its own transaction.
                entries.save_draft(db, args.user_id, entry_id, inp)
                entries.save_new(db, args.user_id, entry_id, inp, lib)
            except Exception:
                failed.set()
                _say("ERR " + traceback.format_exc().replace("\n", " | "))
                return
            _say(f"ACK {entry_id}")

    threads = [threading.Thread(target=save_until_killed, daemon=True) for _ in range(args.threads)]
    _say("READY")
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    db.close()
    _say("DONE")
    return 1 if failed.is_set() else 0


if __name__ == "__main__":
    sys.exit(main())
