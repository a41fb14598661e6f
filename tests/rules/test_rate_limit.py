"""Token buckets of the chat proxy's rate limits."""

from __future__ import annotations

import pytest

from bot.rules.rate_limit import Limit, RateLimiter


@pytest.mark.parametrize(
    ("limit", "times", "expected"),
    [
        # a burst of 3, then nothing until tokens come back (1 per 2 s)
        (Limit(3, 30), [0, 0, 0, 0], [True, True, True, False]),
        (Limit(3, 30), [0, 0, 0, 2.0], [True, True, True, True]),
        (Limit(3, 30), [0, 0, 0, 1.0], [True, True, True, False]),
        # tokens never pile up above the burst
        (Limit(2, 60), [0, 100, 100, 100], [True, True, True, False]),
        (Limit(1, 6), [0, 5, 10, 11], [True, False, True, False]),
    ],
)
def test_bucket(limit: Limit, times: list[float], expected: list[bool]) -> None:
    limiter = RateLimiter(limit)
    assert [limiter.take("k", t) == 0.0 for t in times] == expected


def test_wait_is_the_time_until_the_next_token() -> None:
    limiter = RateLimiter(Limit(1, 30))
    assert limiter.take("k", 0) == 0.0
    assert limiter.take("k", 0.5) == pytest.approx(1.5)


def test_keys_are_independent() -> None:
    limiter = RateLimiter(Limit(1, 1))
    assert limiter.take("a", 0) == 0.0
    assert limiter.take("b", 0) == 0.0
    assert limiter.take("a", 0) > 0


def test_memory_stays_bounded() -> None:
    limiter = RateLimiter(Limit(1, 60), max_keys=100)
    for i in range(1000):
        limiter.take(f"ip{i}", float(i))
    assert len(limiter.buckets) <= 100
    # a key still inside its window is remembered when pruning
    assert "ip999" in limiter.buckets
