"""Join codes: made at random, shown once, kept only as a hash, and forgiving of how they are typed back."""

from __future__ import annotations

import hashlib
import secrets
import unicodedata
from datetime import timedelta

from journal.together.groups.access import GroupError

CODE_LIFETIME = timedelta(days=14)


CODE_PREFIX = "HARB"


CODE_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"  # Crockford's base 32: no I, L, O or U to misread


CODE_LENGTH = 12  # 60 random bits: guessing one is hopeless


CODE_MALFORMED = "That doesn't look like a join code. Codes look like HARB-7K3M-Q9TX-2WPE: please copy it again."


CODE_UNKNOWN = (
    "That code doesn't open any group. Please check it with the facilitator: "
    "a code stops working as soon as they make a new one."
)


CODE_EXPIRED = "That code has expired (codes last 14 days). Please ask the facilitator for a new one."


def normalise_code(code: str) -> str:
    """The 12 characters that matter, however the code was typed: case, spaces, dashes and look-alikes forgiven."""
    text = unicodedata.normalize("NFKC", code).upper()
    text = "".join(ch for ch in text if ch.isalnum())
    if text.startswith(CODE_PREFIX) and len(text) == len(CODE_PREFIX) + CODE_LENGTH:
        text = text[len(CODE_PREFIX) :]
    text = text.translate(str.maketrans("OIL", "011"))
    if len(text) != CODE_LENGTH or any(ch not in CODE_ALPHABET for ch in text):
        raise GroupError(CODE_MALFORMED)
    return text


def _code_hash(normalised: str) -> str:
    return hashlib.sha256(f"harbour-group-code:{normalised}".encode()).hexdigest()


def new_code() -> str:
    body = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
    return "-".join([CODE_PREFIX, body[:4], body[4:8], body[8:]])
