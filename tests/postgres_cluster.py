"""A throwaway PostgreSQL cluster on loopback for tests: initdb into a temporary folder, start, hand out databases.

Built for speed over durability (fsync, synchronous commit and full-page writes off: a crash loses the cluster,
which is thrown away anyway; `durable=True` keeps them on, for the bench's timings), listening on 127.0.0.1 only
with trust authentication, and no Unix socket.
Starting and stopping the server (as the `postgres` user when run as root) is deploy/postgres.py's, which the
local trial cluster (`python -m deploy.cluster`) shares.

The binaries are Debian's (`apt-get install postgresql`, version 15); HARBOUR_PG_BIN points at another folder.
"""

from __future__ import annotations

import itertools
import shutil
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import psycopg

from deploy.postgres import SUPERUSER, Server, bin_dir, binaries_missing, run_as_owner
from journal.store.postgres import PostgresDatabase
from tests.processes import free_port

__all__ = ["SUPERUSER", "Cluster", "bin_dir", "binaries_missing", "start_cluster"]

TEMPLATE = "harbour_template"  # migrated once per cluster; the database tests share is a copy of it
# What a test could change about the shared database besides its rows: its tables, views, indexes and sequences with
# their columns' types, NOT NULLs and defaults, and the migrations applied (pg_catalog: 3x quicker than
# information_schema here).
FINGERPRINT = """
SELECT
  (SELECT string_agg(concat_ws(':', c.relname, c.relkind, a.attname, format_type(a.atttypid, a.atttypmod),
                               a.attnotnull, pg_get_expr(d.adbin, d.adrelid)), ',' ORDER BY c.relname, a.attnum)
     FROM pg_class c
     JOIN pg_namespace n ON n.oid = c.relnamespace AND n.nspname = 'public'
     JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
     LEFT JOIN pg_attrdef d ON d.adrelid = c.oid AND d.adnum = a.attnum),
  (SELECT string_agg(version::text, ',' ORDER BY version) FROM schema_migrations)
"""
SETTINGS = {  # besides deploy.postgres.LOOPBACK (127.0.0.1 only, no Unix socket)
    "fsync": "off",  # tests only: the cluster is thrown away, so it need not survive a crash
    "synchronous_commit": "off",
    "full_page_writes": "off",
    "max_connections": "200",  # several pools at once in the concurrency tests
    "shared_buffers": "32MB",
    "log_min_messages": "warning",
}
# For timing (bench/): a crash-safe server, as a real one is, so a commit's figure includes its flush to disk.
DURABLE = {**SETTINGS, "fsync": "on", "synchronous_commit": "on", "full_page_writes": "on"}


@dataclass
class Cluster(Server):
    """One running cluster; `url(name)` for a database in it, `stop()` when done (its folder is removed)."""

    seconds_to_start: float = 0.0
    _names: itertools.count[int] = field(default_factory=itertools.count)
    _shared: str = ""
    _fingerprint: tuple[object, ...] = ()
    _tables: tuple[str, ...] = ()

    def start(self) -> None:
        began = time.monotonic()
        self.initdb(sync=False)
        super().start()
        self.seconds_to_start = time.monotonic() - began

    def make_template(self) -> None:
        """The database each test's is copied from: migrated once, then left without connections (a template
        can't be copied while anyone is connected to it)."""
        with psycopg.connect(self.url(), autocommit=True) as admin:
            admin.execute(f'CREATE DATABASE "{TEMPLATE}"')
        PostgresDatabase(self.url(TEMPLATE), max_size=1).close()

    def create_database(self, template: str = TEMPLATE) -> str:
        """A new database copied from `template` (the migrated one, or "template0" for an empty one); its name."""
        name = f"harbour_test_{next(self._names)}"
        with psycopg.connect(self.url(), autocommit=True) as admin:
            # FILE_COPY copies the template's files rather than logging every page: the quicker of the two here.
            admin.execute(f'CREATE DATABASE "{name}" TEMPLATE "{template}" STRATEGY FILE_COPY')
        return name

    def emptied_database(self) -> str:
        """The name of the migrated database tests share, with every row but the migrations' deleted.

        About 20 ms here (connect 5, fingerprint 5, delete the few rows a test leaves 8), where copying the
        template and dropping the copy take 0.2-0.4 s and TRUNCATE 0.06-0.15 s (it makes new files for every
        table). A test that changed the schema (a table of its own, a migration row) is detected by the fingerprint
        and gets a fresh copy instead.
        """
        if self._shared:
            with psycopg.connect(self.url(self._shared), autocommit=True) as conn:
                conn.execute("SET lock_timeout = '10s'")  # a connection a test left in a transaction: fail, don't hang
                if conn.execute(FINGERPRINT).fetchone() == self._fingerprint:
                    with conn.transaction():
                        for table in self._tables:
                            conn.execute(f'DELETE FROM "{table}"')
                    return self._shared
            self.drop_database(self._shared)
        self._shared = self.create_database()
        with psycopg.connect(self.url(self._shared), autocommit=True) as conn:
            self._fingerprint = conn.execute(FINGERPRINT).fetchone() or ()
            found = conn.execute(
                "SELECT table_name FROM information_schema.tables "
                "WHERE table_schema = 'public' AND table_name <> 'schema_migrations' ORDER BY table_name"
            ).fetchall()
            self._tables = tuple(row[0] for row in found)
        return self._shared

    def drop_database(self, name: str) -> None:
        """Drop `name`, ending any connection a test left open to it."""
        with psycopg.connect(self.url(), autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    def stop(self, mode: str = "immediate") -> None:
        try:
            super().stop(mode)
        finally:
            shutil.rmtree(self.root, ignore_errors=True)


def start_cluster(*, durable: bool = False) -> Cluster:
    """initdb and start a cluster on a free loopback port (about a second and a half here); raises with its log.

    `durable=True` keeps PostgreSQL's crash-safe defaults (fsync, synchronous commit, full-page writes) for timing."""
    root = Path(tempfile.mkdtemp(prefix="harbour-pg-"))
    cluster = Cluster(root, free_port(), DURABLE if durable else SETTINGS, run_as=run_as_owner(root))
    try:
        cluster.start()
    except BaseException:
        cluster.stop()
        raise
    return cluster
