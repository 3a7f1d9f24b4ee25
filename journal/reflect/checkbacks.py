"""Look-backs a person plans in their own calendar (.ics), and the short follow-ups their links open.

(Being built for issue 17. The values below are shared with the JSON import.)
"""

from __future__ import annotations

KINDS = ("entry", "coaching", "group")  # what a check-back is about: an entry; a coaching session; a group's regroup
IN_DAYS = (3, 28)  # "look back on this in 3 days / in 4 weeks"
