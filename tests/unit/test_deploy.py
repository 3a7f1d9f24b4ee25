"""deploy/cluster.py's parts that need no server: the shared cookie secret, the ports, and saying what is missing."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest

from deploy import cluster, haproxy


def test_the_cookie_secret_is_made_once_readable_by_its_owner_only(tmp_path: Path) -> None:
    first = cluster.cookie_secret(tmp_path)
    assert len(first) == 64 and int(first, 16) >= 0  # 32 random bytes, as hex
    path = tmp_path / cluster.SECRET_FILE
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    path.chmod(0o644)  # loosened by hand: put back
    assert cluster.cookie_secret(tmp_path) == first  # every process, every run, shares it
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_processes_listen_a_hundred_ports_above_haproxy_unless_told(tmp_path: Path) -> None:
    default = cluster.Cluster(tmp_path, processes=3)
    assert default.url == "http://127.0.0.1:8501"
    assert default.urls == ["http://127.0.0.1:8601", "http://127.0.0.1:8602", "http://127.0.0.1:8603"]
    assert [p.name for p in default.processes] == ["harbour1", "harbour2", "harbour3"]
    assert default.index_of("harbour2") == 1
    chosen = cluster.Cluster(tmp_path, processes=2, port=9000, process_ports=[9005, 9009])
    assert chosen.urls == ["http://127.0.0.1:9005", "http://127.0.0.1:9009"]
    with pytest.raises(ValueError):
        cluster.Cluster(tmp_path, processes=2, process_ports=[9005])
    with pytest.raises(ValueError):
        cluster.Cluster(tmp_path, processes=0)


def test_what_is_missing_is_said_in_one_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HARBOUR_PG_BIN", str(tmp_path))
    monkeypatch.setattr(haproxy, "binary", lambda: "/usr/sbin/haproxy")
    assert cluster.missing() == (
        f"PostgreSQL's initdb, pg_ctl, postgres, psql not found in {tmp_path} (apt-get install postgresql)"
    )
    monkeypatch.setattr(haproxy, "binary", lambda: None)
    assert "apt-get install haproxy" in (cluster.missing() or "")
    assert cluster.main(["--folder", str(tmp_path / "c")]) == 1
