"""What a person wishes of a meeting time, in Swedish or Finnish (pure rules).

"helst måndag nästa vecka på eftermiddan", "tiistaina kymmeneltä", "Porvoon toimistolla
ensi viikolla", "7.-9.12.", "efter den 10": :func:`parse_slot_wish` reads the days, the time
of day, a clock time, a place and a channel; :func:`filter_slots` keeps the slots that fit
and :func:`nearest_days` offers the closest ones when none do. Dates are local
(Europe/Helsinki) calendar days. The words are data: bot/rules/data/slot_wish.yml.

This module holds :class:`SlotWish`, :func:`parse_slot_wish` and the slot filters; the words
and the readers of days, times, place and channel are in :mod:`bot.rules.slot_wish_reading`,
whose public names are re-exported here.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from bot.rules.slot_wish_reading import (
    _DATA,
    _PHRASES,
    CHANNELS,
    DATA,
    MAX_TEXT,
    OPEN_RANGE_DAYS,
    PAST_TOLERANCE_DAYS,
    Channel,
    TimeOfDay,
    _channel,
    _days,
    _municipality,
    _spans,
    _time,
    _tokens,
)
from bot.rules.slots import Slot

__all__ = [
    "CHANNELS",
    "DATA",
    "HOUR_TOLERANCE_MINUTES",
    "MAX_TEXT",
    "OPEN_RANGE_DAYS",
    "PAST_TOLERANCE_DAYS",
    "_DATA",
    "Channel",
    "SlotWish",
    "TimeOfDay",
    "filter_slots",
    "nearest_days",
    "parse_slot_wish",
]

HOUR_TOLERANCE_MINUTES = 60  # "kl 10" fits a slot starting 9.00-11.00


@dataclass(frozen=True)
class SlotWish:
    """A meeting-time wish; every field None (or False) when the text does not say.

    Attributes:
        days: the local calendar days wished for, sorted.
        time_of_day: "morning" (before 12) or "afternoon".
        hour, minute: a wished clock time, local (minute is 0 for "kl 10").
        municipality: the Statistics Finland code of the place named.
        channel: "visit", "phone" or "video".
        any_time: the person said any time suits ("när som helst", "ihan sama").
    """

    days: tuple[date, ...] | None = None
    time_of_day: TimeOfDay | None = None
    hour: int | None = None
    minute: int | None = None
    municipality: str | None = None
    channel: Channel | None = None
    any_time: bool = False

    @property
    def empty(self) -> bool:
        """True when the text carried no wish at all."""
        return self == SlotWish()

    def to_dict(self) -> dict[str, Any]:
        """JSON-friendly form (kept in the conversation's ``slot_wish`` slot)."""
        return {
            "days": [d.isoformat() for d in self.days] if self.days is not None else None,
            "time_of_day": self.time_of_day,
            "hour": self.hour,
            "minute": self.minute,
            "municipality": self.municipality,
            "channel": self.channel,
            "any_time": self.any_time,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> SlotWish:
        """Inverse of :meth:`to_dict` (unknown or broken values are dropped)."""
        try:
            days = data.get("days")
            return cls(
                days=tuple(date.fromisoformat(str(d)) for d in days) if days is not None else None,
                time_of_day=data.get("time_of_day"),
                hour=data.get("hour"),
                minute=data.get("minute"),
                municipality=data.get("municipality"),
                channel=data.get("channel"),
                any_time=bool(data.get("any_time")),
            )
        except (TypeError, ValueError):
            return cls()


def parse_slot_wish(text: str, today: date) -> SlotWish:
    """The wish in ``text``, with relative days counted from ``today`` (a local date).

    A weekday is the next such day after today ("på måndag" on a Monday is a week later),
    "nästa vecka" / "ensi viikolla" is Monday to Friday of the next ISO week, and a weekday
    with it that day of that week; "efter den 10" is the :data:`OPEN_RANGE_DAYS` days after
    the 10th. Never raises: text it cannot read gives an empty :class:`SlotWish`.

    Args:
        text: what the person typed, in Swedish or Finnish.
        today: the local date the message was written on.

    Returns:
        The wish; ``SlotWish().empty`` when the text says nothing about a time.
    """
    try:
        return _parse(text, today)
    except Exception:  # a wish is a nicety: an odd message must never break a booking
        return SlotWish()


def _parse(text: str, today: date) -> SlotWish:
    toks = _tokens(text)
    spans = {name: _spans(pattern, toks) for name, pattern in _PHRASES.items()}
    spans["clock"] = []
    time_of_day, hour, minute = _time(toks, spans)
    days = _days(toks, today, spans)
    covered = {i for found in spans.values() for s, e in found for i in range(s, e)}
    return SlotWish(
        days=days,
        time_of_day=time_of_day,
        hour=hour,
        minute=minute,
        municipality=_municipality(toks, covered),
        channel=_channel(toks, spans),
        any_time=bool(spans["any_time"]),
    )


def _minutes_off(slot: Slot, wish: SlotWish) -> int:
    if wish.hour is None:
        return 0
    local = slot.local()
    return abs(local.hour * 60 + local.minute - wish.hour * 60 - (wish.minute or 0))


def _fits_time(slot: Slot, wish: SlotWish) -> bool:
    hour = slot.local().hour
    if (wish.time_of_day == "morning" and hour >= 12) or (
        wish.time_of_day == "afternoon" and hour < 12
    ):
        return False
    return _minutes_off(slot, wish) <= HOUR_TOLERANCE_MINUTES


def filter_slots(slots: Iterable[Slot], wish: SlotWish) -> list[Slot]:
    """The slots that fit the wish, in their given order.

    A slot fits when it is on one of the wished days (local date), in the wished time of
    day and, for a wished clock time, starts within :data:`HOUR_TOLERANCE_MINUTES` of it.
    Place and channel are not properties of a slot: they belong in the ``SlotRequest``.
    """
    return [
        s
        for s in slots
        if (wish.days is None or s.local().date() in wish.days) and _fits_time(s, wish)
    ]


def nearest_days(slots: Iterable[Slot], wish: SlotWish, n: int = 3) -> list[Slot]:
    """Up to ``n`` slots closest to the wished days, for when none fit exactly.

    Ordered by the distance in days to the nearest wished day, then by whether the time of
    day and clock time fit; slots equally near keep their given (best first) order.
    """

    def key(slot: Slot) -> tuple[int, bool, int]:
        day = slot.local().date()
        gap = min((abs((day - d).days) for d in wish.days), default=0) if wish.days else 0
        return gap, not _fits_time(slot, wish), _minutes_off(slot, wish)

    return sorted(slots, key=key)[: max(n, 0)]
