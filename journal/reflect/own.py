"""Your own prompts and templates, beside Harbour's reviewed ones and never in their rotation; a coach's suggestion.

(Being built for issue 17. The limits below are shared with the JSON import.)
"""

from __future__ import annotations

OWN = "own:"  # an own template's entries have template 'own:<id>'; an own prompt answered has prompt_id 'own:<id>'
MAX_PROMPT_CHARS = 500
MAX_TEMPLATE_NAME_CHARS = 60
MAX_BOXES = 6
MAX_BOX_LABEL_CHARS = 200
