"""Names that would look the same on screen cannot both exist, so nobody can pose as someone else."""

from __future__ import annotations

import pytest

from journal import accounts
from journal.accounts import AccountError, look_alike_key
from journal.store import Database
from tests.factories import PASSWORD


def _names(db: Database) -> list[str]:
    return [r[0] for r in db.all("SELECT username FROM users ORDER BY username")]


@pytest.mark.parametrize(
    "impostor",
    [
        "\u0430lex",  # Cyrillic а
        "al\u0435x",  # Cyrillic е
        "\u03b1lex",  # Greek alpha
        "a1ex",  # digit one for l
        "ａｌｅｘ",  # fullwidth letters
        "ale\u0445",  # Cyrillic х
        "álex",  # an accent is easy to miss
    ],
)
def test_a_look_alike_of_an_existing_name_is_refused_and_nothing_changes(db: Database, impostor: str) -> None:
    accounts.create_account(db, "alex", PASSWORD)
    before = _names(db)
    with pytest.raises(AccountError, match="looks too much like an existing one"):
        accounts.create_account(db, impostor, PASSWORD)
    assert _names(db) == before


def test_different_names_are_still_welcome(db: Database) -> None:
    accounts.create_account(db, "alex", PASSWORD)
    accounts.create_account(db, "alexa", PASSWORD)
    accounts.create_account(db, "Олександр", PASSWORD)  # a Cyrillic name of its own
    assert len(_names(db)) == 3


def test_an_exact_duplicate_still_says_the_name_is_taken(db: Database) -> None:
    accounts.create_account(db, "alex", PASSWORD)
    with pytest.raises(AccountError, match="already taken"):
        accounts.create_account(db, "ALEX", PASSWORD)


def test_the_skeleton_ignores_case_width_accents_and_script() -> None:
    assert look_alike_key("ＡLÉX") == look_alike_key("\u0430lex") == look_alike_key("alex")
    assert look_alike_key("alex") != look_alike_key("alec")
