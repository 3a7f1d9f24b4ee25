"""Harbour's benchmark harness: synthetic data at scale, figures out as a table and JSON. Run `python -m bench`."""
