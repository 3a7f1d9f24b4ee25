"""The list of DuckDB-only constructs in journal/store/dialect.py stays true: each is used exactly where it says."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from journal.store import dialect

STORE = Path(dialect.__file__).parent
FILES = sorted(STORE.glob("*.py"))


def _docstrings(tree: ast.Module) -> set[int]:
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef) and node.body:
            first = node.body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                found.add(id(first.value))
    return found


def sql_text(source: str) -> list[str]:
    """Every string literal of a module but its docstrings; an f-string with "{}" for each value put in."""
    tree = ast.parse(source)
    skip = _docstrings(tree)
    texts = []
    for node in ast.walk(tree):
        if isinstance(node, ast.JoinedStr):
            texts.append("".join(v.value if isinstance(v, ast.Constant) else "{}" for v in node.values))
        elif isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in skip:
            texts.append(node.value)
    return texts


def uses(construct: dialect.Construct, path: Path) -> bool:
    source = path.read_text(encoding="utf-8")
    pattern = re.compile(construct.pattern, re.MULTILINE)
    if construct.in_sql:
        return any(pattern.search(text) for text in sql_text(source))
    return pattern.search(source) is not None


@pytest.mark.parametrize("construct", dialect.CONSTRUCTS, ids=lambda c: c.name)
def test_each_construct_is_used_exactly_where_the_list_says(construct: dialect.Construct) -> None:
    found = sorted(path.name for path in FILES if path.name != "dialect.py" and uses(construct, path))
    assert found == sorted(construct.where), (
        f"{construct.name} is used in {found}, but journal/store/dialect.py lists {sorted(construct.where)}: "
        "update its table and CONSTRUCTS (and say what PostgreSQL would need)"
    )


def test_every_file_named_is_in_the_store() -> None:
    names = {path.name for path in FILES}
    assert {name for c in dialect.CONSTRUCTS for name in c.where} <= names


def test_the_table_in_the_docstring_names_every_file_each_construct_is_used_in() -> None:
    table = dialect.__doc__ or ""
    for construct in dialect.CONSTRUCTS:
        for name in construct.where:
            assert name.removesuffix(".py") in table, f"{name} ({construct.name}) is missing from the table"


def test_the_scan_sees_sql_and_not_prose() -> None:
    source = '''
def f(db):
    """GROUP BY ALL in a docstring is prose."""
    return db.all(f"SELECT a, count(*) FROM {t} " "GROUP BY ALL")
'''
    texts = sql_text(source)
    assert any("GROUP BY ALL" in t for t in texts)
    assert not any("docstring" in t for t in texts)
