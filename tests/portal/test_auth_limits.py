"""Growing delays for failed logins, per account and address; never a lock-out."""

from __future__ import annotations

import pytest

from bot.portal.auth_limits import (
    FORGET_AFTER,
    FREE_PER_ACCOUNT,
    FREE_PER_ADDRESS,
    MAX_DELAY,
    LoginLimiter,
    delay_after,
)


@pytest.mark.parametrize(
    ("failures", "free", "delay"),
    [(0, 5, 0.0), (4, 5, 0.0), (5, 5, 1.0), (6, 5, 2.0), (8, 5, 8.0), (40, 5, MAX_DELAY)],
)
def test_delay_after(failures: int, free: int, delay: float) -> None:
    assert delay_after(failures, free) == delay


def fail(limiter: LoginLimiter, times: int, account: str, address: str, now: float) -> None:
    for _ in range(times):
        limiter.failed(account, address, now)


def test_the_failing_pair_waits_and_only_it() -> None:
    limiter = LoginLimiter()
    fail(limiter, FREE_PER_ACCOUNT + 2, "anna", "198.51.100.7", now=100.0)
    assert limiter.wait("anna", "198.51.100.7", now=100.0) == pytest.approx(4.0)
    assert limiter.wait("ANNA", "198.51.100.7", now=103.0) == pytest.approx(1.0)  # any case
    assert limiter.wait("anna", "198.51.100.7", now=104.0) == 0.0  # the delay has passed
    # the coach herself, from her own address, is never held up by someone else's guesses
    assert limiter.wait("anna", "203.0.113.20", now=100.0) == 0.0
    assert limiter.wait("johanna", "198.51.100.7", now=100.0) == 0.0


def test_a_right_password_clears_the_pair() -> None:
    limiter = LoginLimiter()
    fail(limiter, FREE_PER_ACCOUNT + 3, "anna", "a", now=0.0)
    limiter.succeeded("anna", "a")
    assert limiter.wait("anna", "a", now=0.0) == 0.0


def test_spraying_many_accounts_from_one_address_waits() -> None:
    limiter = LoginLimiter()
    for i in range(FREE_PER_ADDRESS + 1):
        limiter.failed(f"user{i}", "a", now=0.0)
    assert limiter.wait("someone-new", "a", now=0.0) == pytest.approx(2.0)
    assert limiter.wait("someone-new", "b", now=0.0) == 0.0


def test_failures_are_forgotten_after_an_hour() -> None:
    limiter = LoginLimiter()
    fail(limiter, 30, "anna", "a", now=0.0)
    assert limiter.wait("anna", "a", now=FORGET_AFTER + 1) == 0.0
    limiter.failed("anna", "a", now=FORGET_AFTER + 1)  # counting starts again
    assert limiter.wait("anna", "a", now=FORGET_AFTER + 1) == 0.0
