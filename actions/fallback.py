"""Two-stage fallback: first suggest what the person may have meant, then offer a human."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, UserUtteranceReverted
from rasa_sdk.executor import CollectingDispatcher

from actions.common import previous_bot_action
from bot.i18n import SUGGESTABLE_INTENTS, intent_label, normalise_language

ACTION_NAME = "action_fallback"
MAX_SUGGESTIONS = 3


def suggestions(ranking: list[dict[str, Any]], limit: int = MAX_SUGGESTIONS) -> list[str]:
    """The best-ranked intents that make sense as suggestion buttons."""
    picked: list[str] = []
    for item in ranking:
        name = item.get("name")
        if name in SUGGESTABLE_INTENTS and name not in picked and name != "ask_human":
            picked.append(name)
        if len(picked) == limit:
            break
    return picked


class ActionFallback(Action):
    """Stage 1: "Did you mean ...?" buttons. Stage 2 (again not understood): a human."""

    def name(self) -> str:
        """Rasa's name of the action."""
        return ACTION_NAME

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        """Send the suggestion buttons, or the offer of a human after a second miss."""
        language = normalise_language(tracker.get_slot("language"))
        if previous_bot_action(tracker.events) == ACTION_NAME:
            dispatcher.utter_message(response="utter_fallback_human")
            return []
        ranking = tracker.latest_message.get("intent_ranking") or []
        buttons = [
            {"title": intent_label(intent, language), "payload": f"/{intent}"}
            for intent in suggestions(ranking)
        ]
        buttons.append({"title": intent_label("ask_human", language), "payload": "/ask_human"})
        dispatcher.utter_message(response="utter_fallback_suggest", buttons=buttons)
        return []


class ActionDefaultFallback(Action):
    """Rasa's core fallback, but inside a form the open question is asked again.

    Rasa's own utters "I did not understand" and reverts the message; in a form the person
    is then left without the question (a name typed at a yes/no question got only
    "förstod inte"). This one does the same and repeats the form's question with its buttons.
    """

    def name(self) -> str:
        """Overrides Rasa's default action of this name."""
        return "action_default_fallback"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        """utter_default, the open question again, and the message reverted."""
        dispatcher.utter_message(response="utter_default")
        question = reask_response(
            tracker.active_loop_name, tracker.get_slot("requested_slot"), domain
        )
        if question:
            dispatcher.utter_message(response=question)
        return [UserUtteranceReverted()]


def reask_response(form: str | None, slot: str | None, domain: dict[str, Any]) -> str | None:
    """The response that asks ``slot`` of ``form``, if the domain has one."""
    if not form or not slot:
        return None
    responses = domain.get("responses") or {}
    for name in (f"utter_ask_{form}_{slot}", f"utter_ask_{slot}"):
        if name in responses:
            return name
    return None
