"""`python -m journal check-db`: is the configured database ready for Harbour, and safe? What an operator asks
before starting Harbour on a database, or after changing its server. It only reads: it never migrates or writes.

On PostgreSQL: the connection (when there is none, one line naming host:port/database, never the password), the
server's version, TLS, the schema's version against this Harbour's, and the connected role's privileges on every
Harbour table, with whether it could also run `migrate` (a superuser is a warning: an app should not run as one).
On DuckDB: the file is there and opens (read only, with HARBOUR_DB_KEY when it is encrypted), its schema's version,
and whether it is encrypted.

A report is findings at three levels: `ok`, `warning` (worth acting on; Harbour would run) and `problem` (Harbour
would not start, or not work: the command exits non-zero).
"""

from __future__ import annotations

import ipaddress
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from journal.store.db import Connection, StoreError, attach, connect_memory
from journal.store.migrations import MIGRATIONS

if TYPE_CHECKING:
    from journal.store.postgres import Connection as PgConnection

OK, WARNING, PROBLEM = "ok", "warning", "problem"
TESTED_MAJOR = 15  # the PostgreSQL that Harbour's tests run on (tests/postgres_cluster.py)
ROW_PRIVILEGES = ("SELECT", "INSERT", "UPDATE", "DELETE")
MIGRATE = "`python -m journal migrate`"


@dataclass(frozen=True)
class Finding:
    level: str  # OK, WARNING or PROBLEM
    text: str


@dataclass
class Report:
    where: str  # host:port/database, or the file's path
    findings: list[Finding] = field(default_factory=list)

    def add(self, level: str, text: str) -> None:
        self.findings.append(Finding(level, text))

    @property
    def problems(self) -> list[str]:
        return [f.text for f in self.findings if f.level == PROBLEM]


def harbour_tables() -> tuple[str, ...]:
    """Every table the migrations make (and none drops), schema_migrations first."""
    made = ["schema_migrations"]
    for migration in MIGRATIONS:
        for statement in migration.statements:
            made += re.findall(r"\bCREATE TABLE (?:IF NOT EXISTS )?(\w+)", statement, re.IGNORECASE)
            for dropped in re.findall(r"\bDROP TABLE (?:IF EXISTS )?(\w+)", statement, re.IGNORECASE):
                made.remove(dropped)
    return tuple(made)


def _schema(report: Report, version: int, migrate_hint: str = "") -> None:
    newest = MIGRATIONS[-1].version
    if version == newest:
        report.add(OK, f"schema {version}: current (the newest this Harbour knows)")
    elif version > newest:
        report.add(
            PROBLEM,
            f"schema {version} was written by a newer Harbour (this one knows up to {newest}): upgrade Harbour "
            "before starting it on this database",
        )
    else:
        report.add(PROBLEM, f"schema {version}, where this Harbour needs {newest}: run {MIGRATE}{migrate_hint}")


# -- DuckDB ---------------------------------------------------------------------------------------------------------
def check_duckdb(path: Path, key: str | None) -> Report:
    """The DuckDB file at `path`, opened read only (with `key` when given). A file that can't be opened at all
    (not there, encrypted without the key, in use by a running Harbour) is a StoreError: one line."""
    if not path.exists():
        raise StoreError(
            f"There is no database at {path} (HARBOUR_DB, or --db): Harbour makes one when it first starts. "
            "Nothing was created."
        )
    if not path.is_file():
        raise StoreError(f"{path} is not a database file (it is a folder or a device); nothing was changed.")
    report = Report(str(path))
    # A temporary folder name that is never created: checking only reads, nothing spills.
    con = connect_memory(path.with_name(path.name + ".checking.tmp"), encryption=key is not None)
    try:
        attach(con, path, "harbour_check", key, read_only=True)
        files = Connection(con)
        version_row = files.one("SELECT version()")
        report.add(OK, f"opens (read only here) with DuckDB {version_row[0] if version_row else '?'}")
        if key is not None:
            report.add(OK, "encrypted, and HARBOUR_DB_KEY opens it")
        else:
            report.add(
                OK,
                "not encrypted (HARBOUR_DB_KEY is not set): whoever can read the file can read the journals; "
                "keep it on an encrypted disk, or encrypt it with `python -m journal encrypt`",
            )
        found = files.one(
            "SELECT count(*) FROM information_schema.tables "
            "WHERE table_catalog = 'harbour_check' AND table_name = 'schema_migrations'"
        )
        if not found or not found[0]:
            report.add(PROBLEM, "not a Harbour database: it has no schema_migrations table")
        else:
            row = files.one("SELECT coalesce(max(version), 0) FROM harbour_check.schema_migrations")
            _schema(report, int(row[0]) if row else 0, " (or start Harbour, which migrates its file when it opens)")
    finally:
        con.close()
    return report


# -- PostgreSQL -----------------------------------------------------------------------------------------------------
def is_loopback(host: str) -> bool:
    """Whether `host` (libpq's: a name, an address, or a Unix socket's folder) is this machine."""
    if not host or host.startswith("/") or host.startswith("@") or host.lower() == "localhost":
        return True  # a Unix socket (a folder, or Linux's abstract namespace) never leaves the machine
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def tls_finding(in_use: bool, sslmode: str, host: str, protocol: str | None = None) -> Finding:
    """What the connection's TLS (or its absence) means for journals on their way to `host`."""
    local = is_loopback(host)
    if in_use:
        tls = f"TLS ({protocol})" if protocol else "TLS"
        if sslmode == "verify-full":
            return Finding(OK, f"{tls}, with the server's certificate and name checked (sslmode=verify-full)")
        if sslmode == "verify-ca":
            return Finding(OK, f"{tls}, with the server's certificate checked but not its name (sslmode=verify-ca)")
        if local:
            return Finding(OK, f"{tls} to this machine ({host}), the certificate not checked (sslmode={sslmode})")
        return Finding(
            WARNING,
            f"{tls}, but the server's certificate isn't checked (sslmode={sslmode}): whatever stands between here "
            f"and {host} could pose as the server. Set sslmode=verify-full (and sslrootcert) in the URL",
        )
    if local:
        return Finding(OK, f"not TLS, but {host or 'the Unix socket'} is this machine: nothing crosses a network")
    return Finding(
        WARNING,
        f"not TLS (sslmode={sslmode}): journals cross the network to {host} unencrypted. Turn on TLS on the server "
        "and set sslmode=verify-full in HARBOUR_DATABASE_URL",
    )


def check_postgres(url: str, *, timeout: int = 10) -> Report:
    """The PostgreSQL database at `url`, as the role in it. Connecting is a StoreError when it fails (one line
    naming host:port/database, never the password); the rest are findings."""
    import psycopg  # only when PostgreSQL is in use

    from journal.store.postgres import connect_error, where

    report = Report(where(url))
    try:
        conn = psycopg.connect(url, autocommit=True, connect_timeout=timeout)
    except psycopg.OperationalError as exc:
        raise StoreError(connect_error(url, exc)) from None
    with conn:
        conn.read_only = True  # a check never writes
        _server(report, conn)
        _connection(report, conn)
        superuser = _role(report, conn)
        _privileges(report, conn, _postgres_schema(conn), superuser)
    return report


def _server(report: Report, conn: PgConnection) -> None:
    row = conn.execute("SHOW server_version").fetchone()
    shown = str(row[0]) if row else "?"
    major = conn.info.server_version // 10000
    if major < TESTED_MAJOR:
        report.add(WARNING, f"PostgreSQL {shown}: Harbour is tested on {TESTED_MAJOR}; upgrade the server")
    else:
        report.add(OK, f"PostgreSQL {shown}")


def _connection(report: Report, conn: PgConnection) -> None:
    sslmode = conn.info.get_parameters().get("sslmode", "prefer")
    row = conn.execute("SELECT ssl, version FROM pg_stat_ssl WHERE pid = pg_backend_pid()").fetchone()
    in_use = bool(row and row[0]) or conn.pgconn.ssl_in_use
    finding = tls_finding(in_use, sslmode, conn.info.host, str(row[1]) if row and row[1] else None)
    report.add(finding.level, finding.text)


def _role(report: Report, conn: PgConnection) -> bool:
    """The connected role, and whether it is a superuser (a warning)."""
    row = conn.execute("SELECT rolname, rolsuper FROM pg_roles WHERE rolname = current_user").fetchone()
    role, superuser = (str(row[0]), bool(row[1])) if row else (conn.info.user, False)
    if superuser:
        report.add(
            WARNING,
            f"connected as {role}, a superuser: Harbour needs only SELECT, INSERT, UPDATE and DELETE on its tables. "
            "Give it a role of its own (and run `migrate` as the tables' owner)",
        )
    else:
        report.add(OK, f"connected as {role}")
    return superuser


def _postgres_schema(conn: PgConnection) -> int | None:
    """The schema version, 0 with no schema_migrations table, None when the role may not read it."""
    import psycopg

    found = conn.execute("SELECT to_regclass('schema_migrations') IS NOT NULL").fetchone()
    if not found or not found[0]:
        return 0
    try:
        row = conn.execute("SELECT coalesce(max(version), 0) FROM schema_migrations").fetchone()
    except psycopg.errors.InsufficientPrivilege:
        return None
    return int(row[0]) if row else 0


def _listed(names: list[str], total: int) -> str:
    return f"any of Harbour's {total} tables" if len(names) == total and total > 1 else ", ".join(names)


def _and(words: list[str]) -> str:
    return " and ".join([", ".join(words[:-1]), words[-1]] if len(words) > 1 else words)


def _lacking(lacking: dict[str, list[str]], needing: dict[str, int]) -> str:
    """Privileges grouped by the tables they lack on: "INSERT and DELETE on any of Harbour's 23 tables; SELECT on
    users"."""
    grouped: dict[str, list[str]] = {}
    for privilege, names in lacking.items():
        if names:
            grouped.setdefault(_listed(names, needing[privilege]), []).append(privilege)
    return "; ".join(f"{_and(privileges)} on {tables}" for tables, privileges in grouped.items())


def _privileges(report: Report, conn: PgConnection, version: int | None, superuser: bool) -> None:
    """The schema's version; SELECT, INSERT, UPDATE and DELETE on every Harbour table (SELECT only on
    schema_migrations: only `migrate` writes it), each found by name as Harbour's statements find it (through the
    search_path); and whether this role could run `migrate`."""
    rows = conn.execute(
        "SELECT t.name, c.oid IS NOT NULL,"
        " coalesce(has_table_privilege(c.oid, 'SELECT'), false), coalesce(has_table_privilege(c.oid, 'INSERT'), false),"
        " coalesce(has_table_privilege(c.oid, 'UPDATE'), false), coalesce(has_table_privilege(c.oid, 'DELETE'), false),"
        " coalesce(pg_has_role(c.relowner, 'USAGE'), false)"
        " FROM unnest(%s::text[]) WITH ORDINALITY AS t(name, position)"
        " LEFT JOIN pg_class c ON c.oid = to_regclass(t.name)"
        " ORDER BY t.position",
        [list(harbour_tables())],
    ).fetchall()
    found = conn.execute(
        "SELECT current_user, current_schema(), coalesce(has_schema_privilege(current_schema(), 'CREATE'), false)"
    ).fetchone()
    role, schema, may_create = (str(found[0]), str(found[1]), bool(found[2])) if found else ("?", "?", False)
    present = [row for row in rows if row[1]]
    lacking: dict[str, list[str]] = {privilege: [] for privilege in ROW_PRIVILEGES}
    for name, _, *granted, _ in present:
        needed = ("SELECT",) if name == "schema_migrations" else ROW_PRIVILEGES
        for privilege, has in zip(ROW_PRIVILEGES, granted, strict=True):
            if privilege in needed and not has:
                lacking[privilege].append(str(name))
    not_owned = [str(row[0]) for row in present if not row[6]]
    # `migrate` creates tables (CREATE on the schema) and alters Harbour's (which takes owning them).
    cant_migrate = "; ".join(
        ([] if may_create else [f"it may not CREATE in schema {schema}"])
        + ([f"it doesn't own {_listed(not_owned, len(present))}"] if not_owned and not superuser else [])
    )

    newest = MIGRATIONS[-1].version
    if version is None:
        report.add(PROBLEM, f"{role} may not read schema_migrations, so the schema's version is unknown")
    else:
        _schema(
            report,
            version,
            f" as a role that may (the tables' owner; {role} can't: {cant_migrate})" if cant_migrate else "",
        )
        missing = [str(row[0]) for row in rows if not row[1]]
        if version == newest and missing:
            report.add(PROBLEM, f"tables missing although the schema says {version}: {', '.join(missing)}")
    if any(lacking.values()):
        needing = {p: sum(1 for row in present if p == "SELECT" or row[0] != "schema_migrations") for p in lacking}
        report.add(
            PROBLEM,
            f"{role} lacks {_lacking(lacking, needing)}. As the tables' owner: GRANT SELECT, INSERT, UPDATE, DELETE "
            f"ON ALL TABLES IN SCHEMA {schema} TO {role}",
        )
    elif present:
        report.add(OK, f"{role} may SELECT, INSERT, UPDATE and DELETE on Harbour's {len(present)} tables")
    if not cant_migrate:
        report.add(OK, f"{role} may also run `migrate` (CREATE in schema {schema}, and it owns Harbour's tables)")
    elif version is None or version >= newest:  # when behind, the schema's finding already says who must migrate
        report.add(OK, f"{role} can't run `migrate` ({cant_migrate}): run that as the tables' owner")
