"""Personal trackers: up to five yes/no or labelled 1-5 things, day by day, shown beside mood and energy.

(Being built for issue 17. The limits below are shared with the JSON import.)
"""

from __future__ import annotations

MAX_TRACKERS = 5  # live at once
MAX_NAME_CHARS = 60
MAX_LABEL_CHARS = 30  # a scale's words for 1 and for 5
KINDS = ("yes_no", "scale")
MIN_DAYS = 3  # days with it and days without, before Trends compares them
