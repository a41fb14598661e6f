"""Messages the NLU routed by their shape: two requests in one, or a third language.

* ``action_two_requests``: answers first whatever is only a question (a FAQ, privacy, who is
  served ...), then hands the one request that starts something (a booking, a callback ...)
  to the policies as if it had been typed alone; two such requests get "which first?" with
  a button for each.
* ``action_other_language``: a short answer in the person's own language (what the service
  offers in Finnish and Swedish, a free interpreter, the phone), then the ways on in the
  conversation's language.
"""

from __future__ import annotations

import logging
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import ActionExecuted, EventType
from rasa_sdk.executor import CollectingDispatcher

from actions.common import language_of
from actions.form_turns import replayed_user_event
from bot.i18n import intent_label, other_language_text

log = logging.getLogger(__name__)

# Requests answered by one response (the FAQ's own key is added at run time).
ANSWERS = {
    "ask_privacy": "utter_privacy",
    "ask_eligibility": "utter_eligibility",
    "bot_challenge": "utter_bot_challenge",
    "help": "utter_help",
    "explain_question": "utter_explain_general",
}


def answer_response(label: str) -> str | None:
    """The response that answers ``label`` on its own, or None when it starts something."""
    if label.startswith("faq/"):
        return f"utter_{label}"
    return ANSWERS.get(label)


def plan(labels: list[str]) -> tuple[list[str], list[str]]:
    """The responses to send at once, and the requests that start something (in order)."""
    responses, starts = [], []
    for label in labels:
        response = answer_response(label)
        if response is not None:
            responses.append(response)
        elif label not in starts:
            starts.append(label)
    return responses, starts


class ActionTwoRequests(Action):
    """Both requests of one message, in order, or "which first?"."""

    def name(self) -> str:
        """Rasa's name of the action."""
        return "action_two_requests"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        """Answer the questions, then replay the one request or ask which first."""
        parts = list((tracker.latest_message or {}).get("requests") or [])
        responses, starts = plan([str(p.get("label")) for p in parts])
        known = domain.get("responses") or {}
        for response in responses:
            if response in known:
                dispatcher.utter_message(response=response)
        if len(starts) == 1:
            text = next((p.get("text") for p in parts if p.get("label") == starts[0]), None)
            return [
                ActionExecuted("action_listen"),
                replayed_user_event(tracker, intent=starts[0], text=text),
            ]
        if len(starts) >= 2:
            language = language_of(tracker)
            dispatcher.utter_message(
                response="utter_two_requests_which_first",
                buttons=[
                    {"title": intent_label(label, language), "payload": f"/{label}"}
                    for label in starts[:2]
                ],
            )
        elif not responses:
            dispatcher.utter_message(response="utter_default")
        return []


class ActionOtherLanguage(Action):
    """A short answer in the person's own language, then the ways on."""

    def name(self) -> str:
        """Rasa's name of the action."""
        return "action_other_language"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        """The text in the detected language (English when we do not have it)."""
        code = (tracker.latest_message or {}).get("other_language")
        phone = str(tracker.get_slot("service_phone") or "")
        text, language = other_language_text(code, phone)
        log.info("answered a message in a third language (%s)", language)
        dispatcher.utter_message(text=text)
        dispatcher.utter_message(response="utter_other_language_ways_on")
        return []
