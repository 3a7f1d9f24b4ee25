"""Readers for other journalling apps' export files; which app each one is for is in `journal.portability.formats`.

Each reader is pure: the file's bytes (and its name) in, a `Parsed` out, or an `ImportError_` saying in plain
words why nothing could be read. Writing the entries, and mapping Daylio's mood labels to 1–5, happen elsewhere.
"""
