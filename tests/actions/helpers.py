"""Building trackers inline for action tests."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Tracker


def make_tracker(
    slots: dict[str, Any] | None = None,
    events: list[dict[str, Any]] | None = None,
    latest_message: dict[str, Any] | None = None,
    active_loop: str | None = None,
    sender_id: str = "test-user",
) -> Tracker:
    """A rasa-sdk Tracker with the given state."""
    return Tracker(
        sender_id=sender_id,
        slots={"language": "sv", **(slots or {})},
        latest_message=latest_message or {"intent": {"name": None}, "entities": [], "text": ""},
        events=events or [],
        paused=False,
        followup_action=None,
        active_loop={"name": active_loop} if active_loop else {},
        latest_action_name="action_listen",
    )


def user(intent: str, text: str = "", **parse: Any) -> dict[str, Any]:
    """A user event."""
    return {"event": "user", "text": text, "parse_data": {"intent": {"name": intent}, **parse}}


def action(name: str) -> dict[str, Any]:
    """An action event."""
    return {"event": "action", "name": name}


def form_turn(
    form: str,
    requested: str | None,
    text: str,
    intent: str | None = "inform",
    confidence: float = 0.9,
    entities: list[dict[str, Any]] | None = None,
    slots: dict[str, Any] | None = None,
    candidates: dict[str, Any] | None = None,
    language: str = "sv",
    sender_id: str = "form-user",
    history: list[dict[str, Any]] | None = None,
) -> Tracker:
    """The tracker a form's validation action gets for one fresh message, as Rasa sends it.

    ``candidates`` are the values the slot mappings took from the message; without them a
    typed message is the candidate for the requested slot (a from_text mapping), a payload
    gives its entities.
    """
    entities = entities or []
    parse = {
        "intent": {"name": intent, "confidence": confidence},
        "intent_ranking": [{"name": intent, "confidence": confidence}],
        "entities": entities,
        "text": text,
        "language_detection": {"language": language, "confidence": 0.99},
    }
    if candidates is None:
        if text.startswith("/"):
            candidates = {e["entity"]: e["value"] for e in entities}
        else:
            candidates = {requested: text} if requested else {}
    events = [
        *(history or []),
        {"event": "action", "name": "action_listen"},
        {"event": "user", "text": text, "parse_data": parse, "metadata": {}},
        {"event": "slot", "name": "requested_slot", "value": requested},
        {"event": "action", "name": form},
        *({"event": "slot", "name": k, "value": v} for k, v in candidates.items()),
    ]
    all_slots = {"language": language, "requested_slot": requested, **(slots or {}), **candidates}
    return Tracker(
        sender_id=sender_id,
        slots=all_slots,
        latest_message=parse,
        events=events,
        paused=False,
        followup_action=None,
        active_loop={"name": form},
        latest_action_name="action_listen",
    )


def slot_values(events: list[dict[str, Any]]) -> dict[str, Any]:
    """The slots the events set (the last value of each)."""
    return {e["name"]: e.get("value") for e in events if e.get("event") == "slot"}


def replayed(events: list[dict[str, Any]]) -> dict[str, Any] | None:
    """The user event a form handed back to the policies when it was left, if any."""
    return next((e for e in events if e.get("event") == "user"), None)
