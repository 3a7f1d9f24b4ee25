"""The store's SQL in PostgreSQL's form: `?` parameters become psycopg's `%s` (never inside a literal), and each
migration statement gets PostgreSQL's type names from the one dialect place."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from journal.store.dialect import postgres_schema
from journal.store.migrations import MIGRATIONS
from journal.store.postgres import pyformat


@pytest.mark.parametrize(
    ("store", "psycopg"),
    [
        ("SELECT n FROM t WHERE id = ? AND k = ?", "SELECT n FROM t WHERE id = %s AND k = %s"),
        ("SELECT '?', ? FROM t", "SELECT '?', %s FROM t"),
        ("SELECT 'it''s ? 100%' || ?", "SELECT 'it''s ? 100%%' || %s"),
        ('SELECT "odd?name" FROM t WHERE x LIKE ?', 'SELECT "odd?name" FROM t WHERE x LIKE %s'),
        ("SELECT 1 -- why? 50%\nWHERE a = ?", "SELECT 1 -- why? 50%%\nWHERE a = %s"),
        ("SELECT a % 2, ? FROM t", "SELECT a %% 2, %s FROM t"),
        ("SELECT unnest(?::VARCHAR[])", "SELECT unnest(%s::VARCHAR[])"),
    ],
)
def test_parameters_outside_literals_become_psycopgs_and_every_percent_is_doubled(store: str, psycopg: str) -> None:
    assert pyformat(store) == psycopg


def _unescaped(text: str) -> str:
    return re.sub(r"%([%s])", lambda m: "%" if m.group(1) == "%" else "?", text)


@given(st.text(alphabet="ab?%'\"-\n s", max_size=40))
def test_the_rewrite_only_ever_turns_question_marks_into_placeholders(sql: str) -> None:
    out = pyformat(sql)
    assert re.fullmatch(r"(?:[^%]|%[%s])*", out), out  # psycopg reads every % as %% or %s
    assert _unescaped(out) == sql


def test_the_rewrite_is_worked_out_once_per_statement() -> None:
    sql = "SELECT ? AS cached_once"
    assert pyformat(sql) is pyformat(sql)


@pytest.mark.parametrize("migration", MIGRATIONS, ids=lambda m: str(m.version))
def test_every_migration_has_a_postgresql_form_without_duckdbs_type_names(migration) -> None:
    for statement in migration.statements:
        translated = postgres_schema(statement)
        assert not re.search(r"\bTINYINT\b|\bDOUBLE\b(?! PRECISION)", translated), translated
        assert "PRECISION PRECISION" not in postgres_schema(translated)  # translating twice changes nothing more


def test_the_schema_translation_names_the_types_and_where_they_are_kept() -> None:
    assert postgres_schema("CREATE TABLE t (m TINYINT, x DOUBLE, y DOUBLE PRECISION)") == (
        "CREATE TABLE t (m SMALLINT, x DOUBLE PRECISION, y DOUBLE PRECISION)"
    )
    with pytest.raises(ValueError, match="HUGEINT.*dialect.POSTGRES_TYPES"):
        postgres_schema("CREATE TABLE t (n HUGEINT)")
