"""Yes or no to "shall I book this time?" in the words people use (pure, data-driven)."""

from __future__ import annotations

from pathlib import Path

import yaml

from bot.text import words

DATA = Path(__file__).with_name("data") / "yes_no_booking.yml"
_DATA = yaml.safe_load(DATA.read_text(encoding="utf-8")) or {}
CONFIRM = tuple(" ".join(words(str(x))) for x in _DATA.get("confirm") or [])
DECLINE = tuple(" ".join(words(str(x))) for x in _DATA.get("decline") or [])


def booking_answer(text: str) -> bool | None:
    """True for "varaa se" / "boka den", False for "en annan tid", None otherwise."""
    padded = f" {' '.join(words(text))} "
    if any(f" {p} " in padded for p in DECLINE):
        return False
    if any(f" {p} " in padded for p in CONFIRM):
        return True
    return None
