"""Two requests in one message, and a message in a third language."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml
from rasa_sdk.events import ActionExecuted
from rasa_sdk.executor import CollectingDispatcher

from actions.requests import ActionOtherLanguage, ActionTwoRequests, plan
from bot.i18n import OTHER_LANGUAGES_FILE, other_language_text
from tests.actions.helpers import make_tracker

ROOT = Path(__file__).resolve().parents[2]
DOMAIN: dict[str, Any] = yaml.safe_load((ROOT / "domain.yml").read_text(encoding="utf-8"))


def _two(text: str, *parts: tuple[str, str], language: str = "sv") -> Any:
    return make_tracker(
        slots={"language": language, "service_phone": "019 123 4567"},
        latest_message={
            "text": text,
            "intent": {"name": "two_requests", "confidence": 1.0},
            "entities": [],
            "requests": [{"text": t, "label": label, "confidence": 0.9} for t, label in parts],
        },
    )


@pytest.mark.parametrize(
    ("labels", "responses", "starts"),
    [
        (["book_meeting", "faq/payment_dates"], ["utter_faq/payment_dates"], ["book_meeting"]),
        (["faq/karens", "faq/amount"], ["utter_faq/karens", "utter_faq/amount"], []),
        (["cancel_meeting", "request_callback"], [], ["cancel_meeting", "request_callback"]),
        (["ask_privacy", "ask_human"], ["utter_privacy"], ["ask_human"]),
    ],
)
def test_plan_answers_questions_first_and_keeps_the_order_of_the_rest(
    labels: list[str], responses: list[str], starts: list[str]
) -> None:
    assert plan(labels) == (responses, starts)


async def test_a_question_is_answered_and_the_booking_is_handed_on() -> None:
    dispatcher = CollectingDispatcher()
    tracker = _two(
        "jag vill boka en tid och undrar när FPA betalar",
        ("jag vill boka en tid", "book_meeting"),
        ("undrar när FPA betalar", "faq/payment_dates"),
    )
    events = await ActionTwoRequests().run(dispatcher, tracker, DOMAIN)
    assert [m["response"] for m in dispatcher.messages] == ["utter_faq/payment_dates"]
    assert events[0] == ActionExecuted("action_listen")
    replayed = events[1]
    assert replayed["event"] == "user"
    assert replayed["parse_data"]["intent"] == {"name": "book_meeting", "confidence": 1.0}
    assert replayed["text"] == "jag vill boka en tid"
    assert replayed["metadata"]["replayed"] is True


async def test_two_things_to_start_ask_which_first_in_the_persons_language() -> None:
    dispatcher = CollectingDispatcher()
    tracker = _two(
        "peru se aika ja soittakaa mulle",
        ("peru se aika", "cancel_meeting"),
        ("soittakaa mulle", "request_callback"),
        language="fi",
    )
    assert await ActionTwoRequests().run(dispatcher, tracker, DOMAIN) == []
    [message] = dispatcher.messages
    assert message["response"] == "utter_two_requests_which_first"
    assert [(b["title"], b["payload"]) for b in message["buttons"]] == [
        ("Peru aika", "/cancel_meeting"),
        ("Pyydä soittoa", "/request_callback"),
    ]


async def test_a_message_in_russian_is_answered_in_russian_then_the_ways_on() -> None:
    dispatcher = CollectingDispatcher()
    tracker = make_tracker(
        slots={"language": "fi", "service_phone": "019 123 4567"},
        latest_message={
            "text": "Здравствуйте",
            "intent": {"name": "other_language"},
            "other_language": "ru",
            "entities": [],
        },
    )
    assert await ActionOtherLanguage().run(dispatcher, tracker, DOMAIN) == []
    first, second = dispatcher.messages
    assert "переводчика" in first["text"] and "019 123 4567" in first["text"]
    assert second["response"] == "utter_other_language_ways_on"


def test_an_unknown_language_gets_english() -> None:
    text, language = other_language_text("vi", "112")
    assert language == "en" and "interpreter" in text and "112" in text
    assert other_language_text(None, "1")[1] == "en"


def test_every_third_language_text_names_the_phone_and_the_interpreter_link() -> None:
    texts = yaml.safe_load(OTHER_LANGUAGES_FILE.read_text(encoding="utf-8"))
    assert {"en", "ru", "uk", "et", "ar", "so", "fa", "tr"} <= set(texts)
    for code, text in texts.items():
        assert ("{phone}" in text and "omavalmentaja" in text.lower()) or code == "en", code
        assert "https://tyomarkkinatori.fi/en" in text, code
