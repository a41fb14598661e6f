"""A contact shown back in the chat: recognisable, not readable."""

from __future__ import annotations

import pytest

from bot.rules.contact import shown_contact


@pytest.mark.parametrize(
    ("stored", "shown"),
    [
        ("+358401234567", "040 ••• ••67"),
        ("+358191234567", "019 ••• ••67"),
        ("+46701234599", "+46 ••• ••99"),
        ("maria@example.fi", "m•••@example.fi"),
        ("a@b.fi", "a•••@b.fi"),
    ],
)
def test_shown_contact(stored: str, shown: str) -> None:
    assert shown_contact(stored) == shown
    assert stored not in shown_contact(stored)
