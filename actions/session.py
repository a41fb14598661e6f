"""Session start: keep the chosen language, take the page language, set site settings."""

from __future__ import annotations

import logging
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import ActionExecuted, EventType, SessionStarted, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from bot.cases import mappings
from bot.config import load_settings
from bot.i18n import LANGUAGES
from bot.rules.opening_hours import describe_hours, parse_hours

log = logging.getLogger(__name__)


def _metadata_language(metadata: Any) -> str | None:
    if isinstance(metadata, dict):
        lang = metadata.get("lang") or metadata.get("language")
        if isinstance(lang, str) and lang[:2].lower() in LANGUAGES:
            return lang[:2].lower()
    return None


class ActionSessionStart(Action):
    """Start a session: carry over the language only, and set links and phone number."""

    def name(self) -> str:
        """Rasa's name of the action."""
        return "action_session_start"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        """Return SessionStarted, the carried-over and configured slots, then listen."""
        settings = load_settings()
        events: list[EventType] = [SessionStarted()]
        language = _metadata_language(tracker.get_slot("session_started_metadata"))
        if language is None:
            previous = tracker.get_slot("language")
            language = previous if previous in LANGUAGES else None
        if language:
            events.append(SlotSet("language", language))
        if self._has_unfinished_mapping(tracker):
            dispatcher.utter_message(response="utter_mapping_resume_offer")
        elif (tracker.latest_message.get("intent") or {}).get("name") == "session_start":
            # someone typed "/session_start" themselves: greet rather than say nothing
            dispatcher.utter_message(response="utter_greet")
        events.append(SlotSet("site_url", settings.public_base_url))
        events.append(SlotSet("service_rules", settings.service_rules))
        events.append(SlotSet("service_phone", settings.service_phone))
        hours = parse_hours(settings.service_phone_hours)
        events.append(SlotSet("service_hours_sv", describe_hours(hours, "sv")))
        events.append(SlotSet("service_hours_fi", describe_hours(hours, "fi")))
        events.append(ActionExecuted("action_listen"))
        return events

    @staticmethod
    def _has_unfinished_mapping(tracker: Tracker) -> bool:
        """A paused mapping of this conversation waits in the case database."""
        if tracker.get_slot("language") not in LANGUAGES:
            return False
        try:
            draft = mappings.load_draft(tracker.sender_id)
        except Exception:
            log.warning("could not check for an unfinished mapping")
            return False
        return draft is not None and draft.get("mapping_consent") is True
