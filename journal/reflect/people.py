"""The people you meet and your actions (follow-ups, introductions asked for and offered): private to you.

(Being built for issue 17. The limits below are shared with the JSON import.)
"""

from __future__ import annotations

MAX_NAME_CHARS = 40  # a first name or initials is plenty
MAX_CARES_CHARS = 2_000  # what they care about
MAX_ACTION_CHARS = 500
ACTION_KINDS = ("follow_up", "intro_asked", "intro_offered")  # a follow-up; an introduction asked for; one offered
