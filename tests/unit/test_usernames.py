"""The form names are compared in, so look-alike duplicates cannot be made (journal.accounts.username_key)."""

from __future__ import annotations

import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from journal.accounts import username_key

any_text = st.text(st.characters(exclude_categories=()))
# Letters people's names are actually written in, with and without accents.
name_text = st.text(st.sampled_from("abcdefghijklmnopqrstuvwxyzéèêëáàâäíïóöôúüñçøåæłšžßœ -'"), min_size=1)


@given(any_text)
def test_username_key_is_idempotent(name: str) -> None:
    assert username_key(username_key(name)) == username_key(name)


@given(any_text)
def test_username_key_ignores_unicode_normal_form(name: str) -> None:
    forms = {unicodedata.normalize(form, name) for form in ("NFC", "NFD")}
    assert {username_key(f) for f in forms} == {username_key(name)}


@given(name_text)
def test_username_key_ignores_case(name: str) -> None:
    assert username_key(name.upper()) == username_key(name.lower()) == username_key(name.title())


@given(name_text)
def test_username_key_ignores_surrounding_spaces(name: str) -> None:
    assert username_key(f"  {name} ") == username_key(name)


def test_jose_in_any_form_and_case_has_one_key() -> None:
    spellings = ["José", "JOSÉ", "josé", unicodedata.normalize("NFD", "José"), unicodedata.normalize("NFD", "JOSÉ")]
    assert len({username_key(s) for s in spellings}) == 1
