"""Two-stage fallback action."""

from __future__ import annotations

import pytest
from rasa_sdk.events import UserUtteranceReverted
from rasa_sdk.executor import CollectingDispatcher

from actions.common import previous_bot_action
from actions.fallback import (
    ActionDefaultFallback,
    ActionFallback,
    reask_response,
    suggestions,
)
from tests.actions.helpers import action, make_tracker, user

RANKING = [
    {"name": "nlu_fallback", "confidence": 0.45},
    {"name": "search_training", "confidence": 0.3},
    {"name": "affirm", "confidence": 0.2},
    {"name": "book_meeting", "confidence": 0.1},
    {"name": "ask_privacy", "confidence": 0.05},
    {"name": "help", "confidence": 0.01},
]


def test_suggestions_skip_what_cannot_be_a_button() -> None:
    assert suggestions(RANKING) == ["search_training", "book_meeting", "ask_privacy"]


def test_previous_bot_action() -> None:
    events = [user("greet"), action("utter_greet"), action("action_listen"), user("x")]
    assert previous_bot_action(events) == "utter_greet"
    assert previous_bot_action([user("x")]) is None
    assert previous_bot_action([]) is None


async def test_first_miss_suggests_in_the_users_language() -> None:
    tracker = make_tracker(
        slots={"language": "fi"},
        events=[
            user("greet"),
            action("utter_greet"),
            action("action_listen"),
            user("nlu_fallback"),
        ],
        latest_message={"intent": {"name": "nlu_fallback"}, "intent_ranking": RANKING},
    )
    dispatcher = CollectingDispatcher()
    events = await ActionFallback().run(dispatcher, tracker, {})
    assert events == []
    [message] = dispatcher.messages
    assert message["response"] == "utter_fallback_suggest"
    assert [b["title"] for b in message["buttons"]] == [
        "Etsi koulutusta",
        "Varaa aika omavalmentajalle",
        "Tietosuoja",
        "Puhu ihmisen kanssa",
    ]
    assert [b["payload"] for b in message["buttons"]] == [
        "/search_training",
        "/book_meeting",
        "/ask_privacy",
        "/ask_human",
    ]


async def test_second_miss_in_a_row_offers_a_human() -> None:
    tracker = make_tracker(
        events=[
            user("nlu_fallback"),
            action("action_fallback"),
            action("action_listen"),
            user("nlu_fallback"),
        ],
        latest_message={"intent": {"name": "nlu_fallback"}, "intent_ranking": RANKING},
    )
    dispatcher = CollectingDispatcher()
    await ActionFallback().run(dispatcher, tracker, {})
    assert [m["response"] for m in dispatcher.messages] == ["utter_fallback_human"]


DOMAIN = {
    "responses": {
        "utter_default": [],
        "utter_ask_contact_consent": [],
        "utter_ask_mapping_form_birth_year": [],
        "utter_ask_birth_year": [],
    }
}


@pytest.mark.parametrize(
    ("form", "slot", "expected"),
    [
        ("booking_form", "contact_consent", "utter_ask_contact_consent"),
        ("mapping_form", "birth_year", "utter_ask_mapping_form_birth_year"),  # form-specific first
        ("booking_form", "booking_slot", None),  # asked by an action: nothing to repeat
        (None, "contact_consent", None),
        ("booking_form", None, None),
    ],
)
def test_reask_response(form: str | None, slot: str | None, expected: str | None) -> None:
    assert reask_response(form, slot, DOMAIN) == expected


async def test_core_fallback_in_a_form_repeats_the_question() -> None:
    tracker = make_tracker(
        slots={"requested_slot": "contact_consent"},
        active_loop="booking_form",
        latest_message={"intent": {"name": "inform"}, "text": "Zacharias"},
    )
    dispatcher = CollectingDispatcher()
    events = await ActionDefaultFallback().run(dispatcher, tracker, DOMAIN)
    assert [m["response"] for m in dispatcher.messages] == [
        "utter_default",
        "utter_ask_contact_consent",
    ]
    assert events == [UserUtteranceReverted()]


async def test_core_fallback_outside_a_form_is_rasas() -> None:
    dispatcher = CollectingDispatcher()
    events = await ActionDefaultFallback().run(dispatcher, make_tracker(), DOMAIN)
    assert [m["response"] for m in dispatcher.messages] == ["utter_default"]
    assert events == [UserUtteranceReverted()]
