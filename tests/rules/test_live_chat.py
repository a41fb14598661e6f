"""Live chat rules: queue or not, the wait, who is available."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from bot.rules.live_chat import LiveOffer, coach_gone, decide, is_available, wait_minutes

NOW = datetime(2026, 12, 3, 10, 0, tzinfo=timezone.utc)


@pytest.mark.parametrize(
    ("place", "coaches", "per_chat", "minutes"),
    [
        (1, 1, 8, 1),  # next in line with one coach: about a minute
        (2, 1, 8, 8),
        (3, 1, 8, 16),
        (2, 2, 8, 1),  # two coaches take the first two
        (3, 2, 8, 8),
        (5, 2, 10, 20),
        (1, 3, 8, 1),
    ],
)
def test_wait(place: int, coaches: int, per_chat: float, minutes: int) -> None:
    assert wait_minutes(place, coaches, per_chat) == minutes


def test_no_wait_without_a_coach() -> None:
    with pytest.raises(ValueError):
        wait_minutes(1, 0, 8)


@pytest.mark.parametrize(
    ("open_now", "coaches", "waiting", "max_wait", "offer"),
    [
        (True, 1, 0, 15, LiveOffer("queue", 1, 1)),
        (True, 1, 1, 15, LiveOffer("queue", 2, 8)),
        (True, 1, 2, 15, LiveOffer("queue_full")),  # 16 minutes > 15
        (True, 2, 2, 15, LiveOffer("queue", 3, 8)),
        (False, 3, 0, 15, LiveOffer("closed")),  # closed wins over everything
        (True, 0, 0, 15, LiveOffer("no_coach")),
        (False, 0, 0, 15, LiveOffer("closed")),
    ],
)
def test_decide(
    open_now: bool, coaches: int, waiting: int, max_wait: float, offer: LiveOffer
) -> None:
    got = decide(
        open_now=open_now,
        coaches=coaches,
        waiting=waiting,
        max_wait_minutes=max_wait,
        minutes_per_chat=8,
    )
    assert got == offer


@pytest.mark.parametrize(
    ("status", "seen_seconds_ago", "available"),
    [
        ("available", 10, True),
        ("available", 120, True),
        ("available", 121, False),  # the live page closed or the coach went idle
        ("busy", 10, False),
        ("away", 10, False),
    ],
)
def test_is_available(status: str, seen_seconds_ago: int, available: bool) -> None:
    seen = NOW - timedelta(seconds=seen_seconds_ago)
    assert is_available(status, seen, NOW, timedelta(seconds=120)) is available


def test_coach_gone() -> None:
    timeout = timedelta(seconds=90)
    assert coach_gone(NOW - timedelta(seconds=91), NOW, timeout)
    assert not coach_gone(NOW - timedelta(seconds=30), NOW, timeout)
    assert not coach_gone(None, NOW, timeout)


def test_stored_moments_read_as_utc() -> None:
    from bot.rules.timefmt import as_utc

    naive = datetime(2026, 12, 3, 10, 0)  # as SQLite gives it back
    assert as_utc(naive) == datetime(2026, 12, 3, 10, 0, tzinfo=timezone.utc)
    assert as_utc(NOW) is NOW and as_utc(None) is None
