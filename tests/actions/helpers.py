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
