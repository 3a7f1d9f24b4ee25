"""Where the CPU went during a load run, read from Linux's /proc: per process tree, and the machine as a whole.

A process tree's CPU is what every live process in it has used (utime + stime) plus what its reaped children used
(cutime + cstime): PostgreSQL's postmaster starts a backend per connection and reaps it when it ends, so a tree's
figure keeps the CPU of backends that came and went between two readings. The difference of two readings is the
CPU the tree used in between.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

PROC = Path("/proc")


@dataclass(frozen=True)
class Stat:
    """One process's line of /proc/PID/stat, the fields we use."""

    pid: int
    comm: str
    ppid: int
    ticks: int  # utime + stime + cutime + cstime, in clock ticks


def parse_stat(text: str) -> Stat:
    """/proc/PID/stat's text. The command name is in parentheses and may itself hold spaces or parentheses."""
    head, rest = text.rsplit(")", 1)
    pid, comm = head.split(" (", 1)
    fields = rest.split()  # fields[0] is field 3 (state); utime..cstime are fields 14..17
    return Stat(int(pid), comm, int(fields[1]), sum(int(v) for v in fields[11:15]))


def snapshot(proc: Path = PROC) -> dict[int, Stat]:
    """Every process on the machine now (those that end while we read are left out)."""
    found = {}
    for entry in proc.iterdir():
        if entry.name.isdigit():
            try:
                found[int(entry.name)] = parse_stat((entry / "stat").read_text())
            except (OSError, ValueError):
                continue
    return found


def descendants(stats: Mapping[int, Stat], root: int) -> set[int]:
    """`root` and every live process below it."""
    children: dict[int, list[int]] = {}
    for stat in stats.values():
        children.setdefault(stat.ppid, []).append(stat.pid)
    tree, todo = set(), [root] if root in stats else []
    while todo:
        pid = todo.pop()
        tree.add(pid)
        todo.extend(children.get(pid, []))
    return tree


def tree_seconds(stats: Mapping[int, Stat], roots: Iterable[int]) -> float:
    """CPU seconds used by the trees under `roots` (counted once where trees overlap)."""
    pids: set[int] = set()
    for root in roots:
        pids |= descendants(stats, root)
    return sum(stats[pid].ticks for pid in pids) / os.sysconf("SC_CLK_TCK")


def roots_named(stats: Mapping[int, Stat], below: int, prefix: str) -> list[int]:
    """The topmost processes under `below` whose command name starts with `prefix` (a browser's main processes)."""
    under = descendants(stats, below)
    return [
        pid
        for pid in under
        if stats[pid].comm.startswith(prefix)
        and not (stats[pid].ppid in stats and stats[stats[pid].ppid].comm.startswith(prefix))
    ]


def parse_machine_busy(text: str) -> tuple[int, int]:
    """/proc/stat's first line: (busy ticks, all ticks) over every core since boot; iowait counts as idle."""
    ticks = [int(v) for v in text.splitlines()[0].split()[1:9]]  # user nice system idle iowait irq softirq steal
    return sum(ticks) - ticks[3] - ticks[4], sum(ticks)


def machine_busy(proc: Path = PROC) -> tuple[int, int]:
    return parse_machine_busy((proc / "stat").read_text())


def rss_kb(pid: int, proc: Path = PROC) -> int:
    """The memory a process holds now (VmRSS), in KB."""
    for line in (proc / str(pid) / "status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


def load_average(proc: Path = PROC) -> tuple[float, float, float]:
    one, five, fifteen = (proc / "loadavg").read_text().split()[:3]
    return float(one), float(five), float(fifteen)
