"""Session start: language carried over, nothing personal, page language respected."""

from __future__ import annotations

import os

from rasa_sdk.events import ActionExecuted, SessionStarted, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.session import ActionSessionStart
from tests.actions.helpers import make_tracker


async def _run(slots: dict[str, object]) -> list[dict[str, object]]:
    os.environ["PUBLIC_BASE_URL"] = "https://chat.example.fi"
    os.environ["SERVICE_PHONE"] = "019 123 4567"
    try:
        tracker = make_tracker(slots=slots)
        return await ActionSessionStart().run(CollectingDispatcher(), tracker, {})
    finally:
        del os.environ["PUBLIC_BASE_URL"], os.environ["SERVICE_PHONE"]


async def test_language_is_carried_over_and_nothing_else() -> None:
    events = await _run({"language": "fi", "birth_year": 1990})
    assert events == [
        SessionStarted(),
        SlotSet("language", "fi"),
        SlotSet("site_url", "https://chat.example.fi"),
        SlotSet("service_rules", "employment_area"),
        SlotSet("service_phone", "019 123 4567"),
        SlotSet("service_hours_sv", "vardagar kl. 9–15"),
        SlotSet("service_hours_fi", "arkisin klo 9–15"),
        ActionExecuted("action_listen"),
    ]


async def test_page_language_in_session_metadata_wins() -> None:
    events = await _run({"language": "fi", "session_started_metadata": {"lang": "sv"}})
    assert SlotSet("language", "sv") in events


async def test_unknown_language_is_left_unset() -> None:
    events = await _run({"language": None})
    assert not [e for e in events if e.get("name") == "language"]


async def test_a_paused_mapping_is_offered_on_the_next_visit() -> None:
    from bot.cases.mappings import save_draft

    save_draft("returning", "sv", {"mapping_consent": True, "age_group": "under_25"})
    dispatcher = CollectingDispatcher()
    tracker = make_tracker(slots={"language": "sv"}, sender_id="returning")
    await ActionSessionStart().run(dispatcher, tracker, {})
    assert [m["response"] for m in dispatcher.messages] == ["utter_mapping_resume_offer"]


async def test_someone_typing_session_start_is_greeted() -> None:
    dispatcher = CollectingDispatcher()
    tracker = make_tracker(
        slots={"language": "fi"},
        latest_message={
            "intent": {"name": "session_start"},
            "entities": [],
            "text": "/session_start",
        },
        sender_id="typed-session-start",
    )
    await ActionSessionStart().run(dispatcher, tracker, {})
    assert [m["response"] for m in dispatcher.messages] == ["utter_greet"]


async def test_an_expired_session_starts_quietly() -> None:
    """At expiry the person's new message is answered right after: no extra greeting."""
    dispatcher = CollectingDispatcher()
    tracker = make_tracker(
        slots={"language": "sv"},
        latest_message={"intent": {"name": "search_training"}, "entities": [], "text": "kurser"},
        sender_id="expired-session",
    )
    await ActionSessionStart().run(dispatcher, tracker, {})
    assert dispatcher.messages == []
