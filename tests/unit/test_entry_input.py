"""What the Write page hands over survives its trip through a draft's JSON unchanged."""

from __future__ import annotations

from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from journal.reflect.entries import EntryInput

inputs = st.builds(
    EntryInput,
    template=st.sampled_from(["checkin", "free", "gibbs"]),
    answers=st.dictionaries(st.sampled_from(["line", "text", "prompt"]), st.text()),
    mood=st.one_of(st.none(), st.integers(1, 5)),
    energy=st.one_of(st.none(), st.integers(1, 5)),
    tags=st.lists(st.text(max_size=20), max_size=5),
    is_win=st.booleans(),
    theme=st.one_of(st.none(), st.sampled_from(["hope", "caring"])),
    prompt_id=st.one_of(st.none(), st.text(max_size=10)),
    prompt_text=st.one_of(st.none(), st.text()),
    entry_date=st.dates(min_value=date(2000, 1, 1), max_value=date(2100, 1, 1)),
)


@given(inputs)
def test_entry_input_round_trips_through_json(inp: EntryInput) -> None:
    assert EntryInput.from_json(inp.to_json()) == inp
