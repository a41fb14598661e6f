"""One-time codes: six digits, ten minutes, five tries."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from bot.rules.one_time_code import (
    MAX_TRIES,
    code_hash,
    new_code,
    new_salt,
    typed_code,
    verdict,
)

NOW = datetime(2026, 12, 3, 10, 0, tzinfo=timezone.utc)


def test_codes_are_six_digits_and_differ() -> None:
    codes = {new_code() for _ in range(200)}
    assert all(len(c) == 6 and c.isdigit() for c in codes)
    assert len(codes) > 190


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("123456", "123456"),
        ("123 456", "123456"),
        ("koden är 012345", "012345"),
        ("koodi: 98-76-54", "987654"),
        ("12345", None),
        ("1234567", None),
        ("ei tullut koodia", None),
    ],
)
def test_typed_code(text: str, code: str | None) -> None:
    assert typed_code(text) == code


@pytest.mark.parametrize(
    ("given", "tries", "later", "result"),
    [
        ("424242", 0, timedelta(minutes=1), "ok"),
        ("424242", 4, timedelta(minutes=9), "ok"),  # the fifth try, right
        ("000000", 0, timedelta(minutes=1), "wrong"),
        ("000000", 3, timedelta(minutes=1), "wrong"),
        ("000000", 4, timedelta(minutes=1), "locked"),  # the fifth wrong try locks
        ("424242", MAX_TRIES, timedelta(minutes=1), "locked"),  # right, but too late
        ("424242", 0, timedelta(minutes=11), "expired"),
    ],
)
def test_verdict(given: str, tries: int, later: timedelta, result: str) -> None:
    salt = new_salt()
    stored = code_hash("424242", salt)
    assert verdict(stored, salt, NOW + timedelta(minutes=10), tries, given, NOW + later) == result


def test_only_a_salted_hash_is_kept() -> None:
    assert code_hash("424242", "a") != code_hash("424242", "b")
    assert "424242" not in code_hash("424242", "a")
