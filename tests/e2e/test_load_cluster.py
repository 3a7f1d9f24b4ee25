"""`make load`'s failover run at a small scale: two browser sessions on two Harbour processes over PostgreSQL behind
HAProxy, and the process holding the most of them killed mid-run. What is checked is behaviour only, never time:
no acknowledged save is missing from PostgreSQL, the moved sessions carry on through the other process and save
again, and the report has its figures.

Needs HAProxy and PostgreSQL's binaries besides Chromium: skipped without them on a workstation, failed in CI.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import pytest

from bench import load
from deploy import cluster as deploy_cluster
from tests.conftest import in_ci


def test_a_killed_process_loses_no_acknowledged_save_and_its_sessions_carry_on_elsewhere() -> None:
    missing = deploy_cluster.missing()
    if missing:
        if in_ci():
            pytest.fail(f"HAProxy and PostgreSQL are required in CI: {missing}", pytrace=False)
        pytest.skip(f"Load failover run skipped: {missing}")

    # The browser journeys before this one leave Playwright's event loop running in this thread, and load.run
    # starts one of its own (asyncio.run): it gets a thread to itself.
    with ThreadPoolExecutor(max_workers=1) as thread:
        result = thread.submit(load.run, 2, 0.75, (0.5, 1.0), cluster=True, kill_after=20).result()
    print("\n" + "\n".join(f"{name}: {value}" for name, value in load.table(result)))

    failover = result["failover"]
    assert result["mode"] == "failover"
    assert result["lost_saves"] == 0
    assert failover["of_those_in_database"] == failover["saves_acknowledged_before_kill"]
    assert failover["sessions_moved"] >= 1, failover
    assert failover["moved_now_on_another_process"] == failover["sessions_moved"], failover
    assert failover["moved_that_saved_again"] == failover["sessions_moved"], failover
    assert result["errors_outside_moves"] == 0, result["error_samples"]
    assert set(result["sessions_per_process"]) == {p for p in ("harbour1", "harbour2") if p != failover["killed"]}
    assert set(result["cpu"]["per_process"]) == {
        "harbour1", "harbour2", "PostgreSQL (postmaster and backends)", "HAProxy", "Chromium (all its processes)",
    }  # fmt: skip
    assert result["cpu"]["per_process"]["Chromium (all its processes)"]["seconds"] > 0
    assert load.ok(result)
