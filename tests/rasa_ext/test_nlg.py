"""The response generator: never a third identical message in a row; most specific wins."""

from __future__ import annotations

from typing import Any

import pytest
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import BotUttered, SlotSet
from rasa.shared.core.trackers import DialogueStateTracker

from bot.rasa_ext.nlg import FALLBACK, RepeatGuardNLG, most_specific

SV = {"type": "slot", "name": "language", "value": "sv"}
FI = {"type": "slot", "name": "language", "value": "fi"}
EARNINGS = {"type": "slot", "name": "benefit", "value": "earnings_related"}

DOMAIN = Domain.from_dict(
    {
        "slots": {
            "language": {"type": "any", "mappings": [{"type": "custom"}]},
            "benefit": {"type": "any", "mappings": [{"type": "custom"}]},
        },
        "responses": {
            "utter_faq/amount": [
                {"condition": [SV], "text": "Allmänt"},
                {"condition": [SV, EARNINGS], "text": "Du får inkomstrelaterad"},
                {"condition": [FI], "text": "Yleinen"},
                {"text": "Allmänt / Yleinen"},
            ],
            "utter_ask": [{"text": "Vad är bokningskoden?"}],
            "utter_ask_again": [{"text": "Har du en bokning alls?"}],
            "utter_plain": [{"text": "Samma"}],
            FALLBACK: [{"text": "Vill du prata med en människa?"}],
        },
    }
)


def _tracker(*events: Any) -> DialogueStateTracker:
    return DialogueStateTracker.from_events("t", list(events), DOMAIN.slots)


@pytest.mark.parametrize(
    ("slots", "expected"),
    [
        ([SlotSet("language", "sv")], {"Allmänt"}),
        (
            [SlotSet("language", "sv"), SlotSet("benefit", "earnings_related")],
            {"Du får inkomstrelaterad"},
        ),
        ([SlotSet("language", "fi"), SlotSet("benefit", "earnings_related")], {"Yleinen"}),
        ([], {"Allmänt / Yleinen"}),
    ],
)
async def test_the_most_specific_variation_wins_every_time(
    slots: list[Any], expected: set[str]
) -> None:
    nlg = RepeatGuardNLG(domain=DOMAIN)
    tracker = _tracker(*slots)
    seen = {(await nlg.generate("utter_faq/amount", tracker, "rest"))["text"] for _ in range(40)}
    assert seen == expected


def test_most_specific_keeps_ties_and_handles_none() -> None:
    a, b = {"condition": [SV], "text": "a"}, {"condition": [SV], "text": "b"}
    assert most_specific([a, b, {"text": "c"}]) == [a, b]
    assert most_specific([]) == []


async def test_a_third_identical_message_is_replaced_by_the_again_variant() -> None:
    nlg = RepeatGuardNLG(domain=DOMAIN)
    once = _tracker(BotUttered("Vad är bokningskoden?"))
    assert (await nlg.generate("utter_ask", once, "rest"))["text"] == "Vad är bokningskoden?"
    twice = _tracker(BotUttered("Vad är bokningskoden?"), BotUttered("Vad är bokningskoden?"))
    assert (await nlg.generate("utter_ask", twice, "rest"))["text"] == "Har du en bokning alls?"


async def test_without_an_again_variant_the_guard_offers_a_human() -> None:
    nlg = RepeatGuardNLG(domain=DOMAIN)
    twice = _tracker(BotUttered("Samma"), BotUttered("Samma"))
    assert (await nlg.generate("utter_plain", twice, "rest"))["text"] == (
        "Vill du prata med en människa?"
    )


async def test_an_unknown_response_is_none() -> None:
    assert await RepeatGuardNLG(domain=DOMAIN).generate("utter_nope", _tracker(), "rest") is None
