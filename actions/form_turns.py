"""What a message is to a form, and the events the guard builds (no dialogue here).

The names of the guard's own slots, whether the form runs on a fresh message, the message
replayed for the policies when a form is left, the response that answers a question asked
at the prompt, and small helpers over slot events. Used by actions/form_guard.py.
"""

from __future__ import annotations

import copy
import time
from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.types import DomainDict

from bot.rules.form_exit import Move

REQUESTED = "requested_slot"
FAILURES = "form_failures"
PENDING = "form_pending_request"
LEFT_FORM = "left_form"
LEAVE_CONFIRM = "form_leave_confirm"
MAX_FAILURES = 2
# Rasa's own actions that may run between the person's message and the form.
QUIET_ACTIONS = frozenset({"action_listen", "action_extract_slots", None})
# The intent the replayed message carries for each way out.
LEAVE_INTENT = {
    Move.STOP: "stop",
    Move.RESTART: "stop",
    Move.HUMAN: "ask_human",
    Move.CALLBACK: "request_callback",
}
# Answers to questions asked at the prompt (a FAQ key has its own response).
QUESTION_RESPONSES = {
    "ask_privacy": "utter_privacy",
    "ask_eligibility": "utter_eligibility",
    "bot_challenge": "utter_bot_challenge",
    "choose_language": "utter_language_changed_in_form",
}


def fresh_turn(tracker: Tracker, form: str) -> bool:
    """The form runs on a message nobody has handled yet (not at its activation, not when
    it comes back after another action answered the message)."""
    if (tracker.active_loop or {}).get("name") != form:
        return False
    for event in reversed(tracker.events):
        kind = event.get("event")
        if kind == "user":
            return True
        if kind == "action" and event.get("name") not in QUIET_ACTIONS | {form}:
            return False
    return False


def replayed_user_event(
    tracker: Tracker, intent: str | None = None, text: str | None = None
) -> dict[str, Any]:
    """The latest user event again, for the policies to handle outside the form.

    With ``intent`` the message carries that intent (confidence 1.0); ``metadata.replayed``
    tells the chat history not to show it twice.
    """
    message = copy.deepcopy(tracker.latest_message or {})
    parse = {k: v for k, v in message.items() if k not in ("metadata",)}
    if intent is not None:
        parse["intent"] = {"name": intent, "confidence": 1.0}
        parse["intent_ranking"] = [parse["intent"]]
        parse["entities"] = []
    if text is not None:
        parse["text"] = text
    metadata = dict(message.get("metadata") or {})
    metadata["replayed"] = True
    return {
        "event": "user",
        "timestamp": time.time(),
        "text": parse.get("text"),
        "parse_data": parse,
        "input_channel": tracker.get_latest_input_channel(),
        "metadata": metadata,
    }


def question_response(
    intent: str | None, slot: str | None, form: str, domain: DomainDict
) -> str | None:
    """The response that answers a question asked at the prompt, or None."""
    responses = domain.get("responses") or {}
    top = (intent or "").split("/", 1)[0]
    if top == "faq":
        return f"utter_{intent}" if f"utter_{intent}" in responses else "utter_help"
    if top == "help":
        own = f"utter_help_{form}"
        return own if own in responses else "utter_help"
    if top == "explain_question":
        explain = f"utter_explain_{slot}"
        return explain if explain in responses else "utter_explain_general"
    return QUESTION_RESPONSES.get(top)


def with_failures(tracker: Tracker, failures: dict[str, Any]) -> Tracker:
    """The tracker with its failure count replaced (for ``give_up``)."""
    tracker.slots[FAILURES] = failures
    return tracker


def without_trailing_slots(events: list[EventType], names: set[str]) -> list[EventType]:
    """The events without the trailing slot candidates named (what rasa-sdk validates)."""
    end = len(events)
    while end > 0 and events[end - 1].get("event") == "slot":
        end -= 1
    tail = [e for e in events[end:] if e.get("name") not in names]
    return [*events[:end], *tail]


def third_language(tracker: Tracker) -> bool:
    """The message is in neither Swedish nor Finnish, and the detector is sure."""
    detection = (tracker.latest_message or {}).get("language_detection") or {}
    return detection.get("language") == "other" and float(detection.get("confidence", 0)) >= 0.9


def slot_values(events: list[EventType]) -> dict[str, Any]:
    """The slots ``events`` set, by name (the last value wins)."""
    return {str(e["name"]): e.get("value") for e in events if e.get("event") == "slot"}


def slot_events(values: dict[str, Any]) -> list[EventType]:
    """One SlotSet per value."""
    return [SlotSet(k, v) for k, v in values.items()]
