"""Which offered slot, and which time of day, a typed answer means (pure, data-driven).

"Den andra", "toinen", "2" or the time of an offered slot ("kl 10") picks one of the slots
the bot has just offered; "förmiddag", "iltapäivällä", "när som helst" is a time of day.
The ordinal words are in data/slot_choice.yml; days and times come from slot_wish.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import yaml

from bot.rules.slot_wish import filter_slots, parse_slot_wish
from bot.rules.slots import Slot, parse_key
from bot.text import words

_DATA = yaml.safe_load(
    (Path(__file__).with_name("data") / "slot_choice.yml").read_text(encoding="utf-8")
)
ORDINALS: tuple[frozenset[str], ...] = tuple(
    frozenset(str(w) for w in names) for names in _DATA["ordinals"]
)


def time_of_day(text: str, today: date) -> str | None:
    """ "morning", "afternoon" or "any" in free text; None when it names no time of day."""
    wish = parse_slot_wish(text, today)
    if wish.time_of_day:
        return wish.time_of_day
    if wish.any_time:
        return "any"
    return None


def pick_offered(text: str, offered: list[str], today: date) -> str | None:
    """The key of the offered slot ``text`` names ("the second one", "kl 10"), else None."""
    tokens = words(text) + [t for t in text.split() if t.isdigit()]
    for index, names in enumerate(ORDINALS):
        if index < len(offered) and any(t in names for t in tokens):
            return offered[index]
    wish = parse_slot_wish(text, today)
    if wish.hour is not None:
        slots = [Slot(parse_key(k)[1], parse_key(k)[0]) for k in offered]
        exact = [
            s
            for s in slots
            if (s.local().hour, s.local().minute) == (wish.hour, wish.minute or 0)
            and (not wish.days or s.local().date() in wish.days)
        ]
        matches = exact or filter_slots(slots, wish)
        if len(matches) == 1:
            return matches[0].key()
    return None
