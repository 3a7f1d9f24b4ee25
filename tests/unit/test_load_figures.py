"""The load bench's own arithmetic (bench/cpu.py, bench/load.py): CPU read from /proc text, the p95, which errors
count as "during the move", the table of a run's figures, and when a run counts as good."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from bench import cpu, load

TICK = os.sysconf("SC_CLK_TCK")


def stat_line(pid: int, comm: str, ppid: int, utime: int, stime: int, cutime: int = 0, cstime: int = 0) -> str:
    # Fields 3.. of /proc/PID/stat: state, ppid, pgrp, session, tty, tpgid, flags, minflt, cminflt, majflt, cmajflt,
    # utime, stime, cutime, cstime, then more we don't read.
    return f"{pid} ({comm}) S {ppid} 1 1 0 -1 4194304 10 0 0 0 {utime} {stime} {cutime} {cstime} 20 0 1 0 5 0"


def test_a_stat_line_gives_parent_name_and_all_cpu_ticks_even_with_odd_names() -> None:
    stat = cpu.parse_stat(stat_line(42, "postgres: a (b) c", 7, 100, 20, 5, 3))
    assert (stat.pid, stat.comm, stat.ppid, stat.ticks) == (42, "postgres: a (b) c", 7, 128)


def test_a_tree_counts_live_descendants_and_what_they_reaped_once() -> None:
    stats = {
        s.pid: s
        for s in map(
            cpu.parse_stat,
            [
                stat_line(10, "postgres", 1, TICK, 0, cutime=2 * TICK),  # reaped backends: 2 s
                stat_line(11, "postgres", 10, TICK, TICK),
                stat_line(12, "postgres", 11, 0, TICK),
                stat_line(20, "haproxy", 1, 5 * TICK, 0),
            ],
        )
    }
    assert cpu.descendants(stats, 10) == {10, 11, 12}
    assert cpu.tree_seconds(stats, [10]) == pytest.approx(6.0)
    assert cpu.tree_seconds(stats, [10, 11]) == pytest.approx(6.0)  # overlapping trees counted once
    assert cpu.tree_seconds(stats, [99]) == 0  # gone


def test_a_browsers_main_processes_are_the_topmost_of_that_name_below_us() -> None:
    stats = {
        s.pid: s
        for s in map(
            cpu.parse_stat,
            [
                stat_line(100, "python", 1, 0, 0),
                stat_line(101, "node", 100, 0, 0),
                stat_line(102, "chromium", 101, 0, 0),
                stat_line(103, "chromium", 102, 0, 0),
                stat_line(104, "python", 100, 0, 0),
                stat_line(200, "chromium", 1, 0, 0),  # someone else's
            ],
        )
    }
    assert cpu.roots_named(stats, 100, "chrom") == [102]


def test_machine_busy_leaves_out_idle_and_iowait() -> None:
    text = "cpu  100 5 50 1000 20 3 2 0 0 0\ncpu0 1 2 3 4 5 6 7 8 9 10\n"
    assert cpu.parse_machine_busy(text) == (160, 1180)


def test_the_real_proc_reads() -> None:
    if not Path("/proc/self/stat").exists():
        pytest.skip("no /proc here")
    stats = cpu.snapshot()
    assert os.getpid() in stats and cpu.tree_seconds(stats, [os.getpid()]) > 0
    assert cpu.rss_kb(os.getpid()) > 0
    busy, total = cpu.machine_busy()
    assert 0 < busy <= total
    assert len(cpu.load_average()) == 3


def test_p95_is_the_nearest_rank() -> None:
    assert load.p95([]) is None
    assert load.p95([7.0]) == 7.0
    assert load.p95([float(n) for n in range(1, 101)]) == 95.0
    assert load.p95([5.0, 1.0, 3.0]) == 5.0


def test_errors_during_the_move_run_from_the_kill_to_the_next_save_and_no_longer_than_the_window() -> None:
    errors = [(5.0, "before"), (10.5, "moved"), (14.0, "still moving"), (20.0, "after it saved again")]
    assert load.split_errors(errors, killed_at=10.0, back_at=15.0) == (
        ["moved", "still moving"],
        ["before", "after it saved again"],
    )
    assert load.split_errors(errors, killed_at=10.0, back_at=None, window=5.0) == (
        ["moved", "still moving"],
        ["before", "after it saved again"],
    )
    assert load.split_errors(errors, killed_at=10.0, back_at=None) == (
        ["moved", "still moving", "after it saved again"],
        ["before"],
    )


def test_distinct_messages_keep_their_first_order_and_count() -> None:
    assert load.distinct(["a", "b", "a", "c"], most=2) == ["a (×2)", "b (×1)"]


def failover_result(**changes: object) -> dict:
    figures = {
        "wall_seconds": 180.0,
        "cores": 2,
        "per_process": {
            "harbour1": {"seconds": 40.0, "percent_of_one_core": 44.4},
            "harbour2": {"seconds": 20.0, "percent_of_one_core": 22.2},
        },
        "machine_busy_percent": 90.0,
        "load_average": {"start": [1.0, 1.0, 1.0], "end": [9.0, 5.0, 2.0]},
        "harbour_rss_max_mb": {"harbour1": 400},
    }
    failover = {
        "killed": "harbour1",
        "after_seconds": 90.0,
        "sessions_per_process_at_kill": {"harbour1": 2, "harbour2": 1},
        "sessions_moved": 2,
        "moved_now_on_another_process": 2,
        "moved_that_saved_again": 2,
        "saves_acknowledged_before_kill": 10,
        "of_those_in_database": 10,
        "saves_in_flight_at_kill": 1,
        "of_those_in_database_anyway": 1,
        "errors_during_move": 2,
        "errors_during_move_samples": ["the page reconnected mid-round (×2)"],
        "errors_otherwise": 0,
        "errors_otherwise_samples": [],
    }
    result = {
        "mode": "failover",
        "sessions": 3,
        "minutes": 3.0,
        "think_seconds": [2.0, 5.0],
        "saves_acknowledged": 20,
        "searches_found": 19,
        "lost_saves": 0,
        "unacknowledged_saves": {"count": 1, "in_database_anyway": 1},
        "errors": 2,
        "error_samples": ["the page reconnected mid-round (×2)"],
        "save_to_saved_ms": {"median": 500.0, "p95": 3000.0, "max": 8000.0},
        "sessions_per_process": {"harbour2": 3},
        "cpu": figures,
        "failover": failover,
        "errors_outside_moves": 0,
    }
    for key, value in changes.items():
        if key in failover:
            failover[key] = value
        else:
            result[key] = value
    return result


def test_the_table_shows_both_runs_figures_and_names_the_killed_process() -> None:
    rows = dict(load.table(failover_result()))
    assert rows["Save → 'Saved', median / p95 / max"] == "500 / 3,000 / 8,000 ms"
    assert rows["CPU: harbour1 (until it was killed)"] == "40.0 s, 44% of one core"
    assert rows["CPU: harbour2"] == "20.0 s, 22% of one core"
    assert rows["errors during the move / otherwise"] == "2 / 0"
    assert rows["saves acknowledged before the kill, in the database"] == "10 of 10"
    assert rows["sessions per process at the end"] == "harbour2: 3"
    assert "1.0 1.0 1.0 → 9.0 5.0 2.0" in rows["load average (1/5/15 min), start → end"]


def test_a_run_is_good_with_errors_only_while_pages_moved() -> None:
    assert load.ok(failover_result())
    assert not load.ok(failover_result(lost_saves=1))
    assert not load.ok(failover_result(errors_outside_moves=1))
    assert not load.ok(failover_result(moved_that_saved_again=1))
