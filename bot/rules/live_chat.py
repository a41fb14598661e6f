"""Live chat with a human: whether to queue the person, their wait, who is available (pure).

A person asking for a human joins the live queue only when the team's chat is open now
(opening hours, Finnish public holidays closed), at least one coach who speaks the
conversation's language is available, and the wait stays under the configured maximum;
otherwise the bot offers the first free slot, a callback or a message to the team, and
says when the chat opens. It never promises a human it cannot deliver.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime, timedelta

PRESENCE = ("available", "busy", "away")


@dataclass(frozen=True)
class LiveOffer:
    """What the bot can offer: ``queue`` (with the place and a rough wait) or why not."""

    outcome: str  # queue / closed / no_coach / queue_full
    place: int = 0
    wait_minutes: int = 0


def wait_minutes(place: int, coaches: int, minutes_per_chat: float) -> int:
    """A rough wait for place ``place`` (1 = next) with ``coaches`` available coaches.

    Each coach takes the next person after about ``minutes_per_chat``; the first ``coaches``
    people in the queue are taken in about a minute.
    """
    if coaches <= 0:
        raise ValueError("no coach is available")
    rounds = math.ceil(place / coaches) - 1
    return max(1, math.ceil(rounds * minutes_per_chat))


def decide(
    *,
    open_now: bool,
    coaches: int,
    waiting: int,
    max_wait_minutes: float,
    minutes_per_chat: float,
) -> LiveOffer:
    """Queue the person (place ``waiting + 1``) or say why not."""
    if not open_now:
        return LiveOffer("closed")
    if coaches <= 0:
        return LiveOffer("no_coach")
    place = waiting + 1
    wait = wait_minutes(place, coaches, minutes_per_chat)
    if wait > max_wait_minutes:
        return LiveOffer("queue_full")
    return LiveOffer("queue", place, wait)


def is_available(status: str, seen_at: datetime, now: datetime, idle: timedelta) -> bool:
    """A coach is available while set so and their live page was seen within ``idle``."""
    return status == "available" and now - seen_at <= idle


def coach_gone(seen_at: datetime | None, now: datetime, timeout: timedelta) -> bool:
    """The coach of an active chat has not been seen (browser closed) for ``timeout``."""
    return seen_at is not None and now - seen_at > timeout
