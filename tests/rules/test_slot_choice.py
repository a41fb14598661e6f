"""Which offered slot and which time of day a typed answer means: one row per case."""

from __future__ import annotations

from datetime import date

import pytest

from bot.rules.slot_choice import pick_offered, time_of_day

TODAY = date(2026, 11, 25)  # a Wednesday
# three offered slots (UTC): Thu 26.11 10.00, Thu 26.11 13.00, Fri 27.11 10.00 Helsinki time
OFFERED = [
    "3|2026-11-26T08:00:00+00:00",
    "5|2026-11-26T11:00:00+00:00",
    "3|2026-11-27T08:00:00+00:00",
]


@pytest.mark.parametrize(
    ("text", "index"),
    [
        ("den andra", 1),
        ("Toinen", 1),
        ("eka käy", 0),
        ("3", 2),
        ("kolmas kiitos", 2),
        ("kl 13", 1),
        ("klo 13.00 sopii", 1),
        ("fredag kl 10", 2),
        # not one of them
        ("perjantaina", None),  # a day alone is a new wish: the form offers that day
        ("kl 10", None),  # two slots at ten
        ("kl 15", None),
        ("vet inte", None),
        ("fjärde", None),
    ],
)
def test_pick_offered(text: str, index: int | None) -> None:
    expected = OFFERED[index] if index is not None else None
    assert pick_offered(text, OFFERED, TODAY) == expected


def test_an_ordinal_past_the_offered_slots_picks_none() -> None:
    assert pick_offered("den tredje", OFFERED[:2], TODAY) is None


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("förmiddag", "morning"),
        ("helst på morgonen", "morning"),
        ("iltapäivällä", "afternoon"),
        ("efter lunch", "afternoon"),
        ("när som helst", "any"),
        ("ihan sama", "any"),
        ("hmm", None),
    ],
)
def test_time_of_day(text: str, code: str | None) -> None:
    assert time_of_day(text, TODAY) == code
