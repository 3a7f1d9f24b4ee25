"""Harbour: a reflective-practice and wellbeing journal. The domain package (no Streamlit here)."""
