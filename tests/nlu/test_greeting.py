"""A greeting or thanks before the request (table-tested)."""

from __future__ import annotations

import pytest

from bot.nlu.greeting import hides_request, rest_after_opening


@pytest.mark.parametrize(
    ("text", "rest"),
    [
        (
            "Hei! Mulla on aika ensi viikolla, voiko sitä siirtää?",
            "Mulla on aika ensi viikolla, voiko sitä siirtää?",
        ),
        ("hej hej, kan ni ringa mig", "kan ni ringa mig"),
        ("Hyvää päivää, haluaisin varata ajan", "haluaisin varata ajan"),
        ("Tack för svaret. Vad är karens?", "Vad är karens?"),
        ("moi moi mä haluisin puhua ihmisen kaa", "mä haluisin puhua ihmisen kaa"),
        ("Hyvaa paivaa! kuka on mun valmentaja", "kuka on mun valmentaja"),
        # nothing (enough) after the greeting
        ("hei hei", None),
        ("moi!", None),
        ("tack så mycket", None),
        ("kiitos paljon", None),
        # no greeting first
        ("jag vill boka en tid, hej", None),
        ("heinäkuussa alkaa kurssi?", None),  # "hei" inside a word is no greeting
    ],
)
def test_rest_after_opening(text: str, rest: str | None) -> None:
    assert rest_after_opening(text) == rest


@pytest.mark.parametrize(
    ("top", "rest_intent", "confidence", "expected"),
    [
        ("greet", "reschedule_meeting", 0.8, True),
        ("thank", "faq/waiting_period", 0.7, True),
        ("greet", "greet", 0.9, False),  # "moi moi moikka"
        ("greet", "book_meeting", 0.3, False),  # the rest is unclear: keep the greeting
        ("book_meeting", "book_meeting", 0.9, False),  # already read as the request
    ],
)
def test_hides_request(top: str, rest_intent: str, confidence: float, expected: bool) -> None:
    assert hides_request(top, rest_intent, confidence) is expected
