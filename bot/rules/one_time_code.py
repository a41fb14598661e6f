"""One-time codes that identify a person by the phone number or e-mail they gave (pure).

Six digits, valid ten minutes, five tries. Only a salted hash of the code is kept; the
check takes the same time whether the code is right or not.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from datetime import datetime, timedelta

DIGITS = 6
VALID = timedelta(minutes=10)
MAX_TRIES = 5


def new_code() -> str:
    """Six random digits (leading zeros kept)."""
    return f"{secrets.randbelow(10**DIGITS):0{DIGITS}d}"


def new_salt() -> str:
    """A per-code salt."""
    return secrets.token_hex(16)


def code_hash(code: str, salt: str) -> str:
    """What is stored of a code."""
    return hashlib.sha256(f"{salt}:{code}".encode()).hexdigest()


def typed_code(text: str) -> str | None:
    """The six digits the person typed ("123 456", "koodi on 123456"), or None."""
    digits = "".join(ch for ch in text if ch.isdigit())
    return digits if len(digits) == DIGITS else None


def verdict(
    stored: str, salt: str, expires_at: datetime, tries: int, given: str, now: datetime
) -> str:
    """``ok``, ``wrong`` (tries left), ``locked`` (no tries left) or ``expired``.

    ``tries`` counts the wrong tries before this one."""
    if tries >= MAX_TRIES:
        return "locked"
    if now > expires_at:
        return "expired"
    if hmac.compare_digest(stored, code_hash(given, salt)):
        return "ok"
    return "locked" if tries + 1 >= MAX_TRIES else "wrong"
