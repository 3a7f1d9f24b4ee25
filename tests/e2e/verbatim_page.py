"""A bare Streamlit page for tests/e2e/test_verbatim.py: draws each case from a JSON file (named by
HARBOUR_VERBATIM_CASES, read at every run) with the very markdown the Journal's search results use."""

from __future__ import annotations

import json
import os
from pathlib import Path

import streamlit as st

from journal.text.snippets import Piece
from journal.ui.widgets import highlighted

cases = json.loads(Path(os.environ["HARBOUR_VERBATIM_CASES"]).read_text(encoding="utf-8"))
for i, (label, pieces) in enumerate(cases):
    with st.container(key=f"case-{i}"):
        st.markdown(highlighted(tuple(Piece(text, match) for text, match in pieces), label))
