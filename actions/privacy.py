"""Erasure by chat: "radera mina uppgifter" / "poista mun tiedot", after a confirmation.

The case database is cleaned here (cases, mapping summaries, coach notes, meetings of this
conversation: a booked time is freed). The conversation's events in Rasa's tracker store
go at the end of this turn: the action sets the slot ``erase_requested`` and the tracker
store deletes the events instead of saving the turn (bot/rasa_ext/conversations.py), on
every channel; anything deleted now would be written again at the end of the turn.
"""

from __future__ import annotations

import logging
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import AllSlotsReset, EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.common import language_of
from bot.cases import privacy
from bot.cases.db import StorageUnavailable

log = logging.getLogger(__name__)


ERASE_ALSO_SLOT = "erase_also"


class ActionEraseConversation(Action):
    """Delete everything this conversation stored, then say so."""

    def name(self) -> str:
        """Rasa's name of the action."""
        return "action_erase_conversation"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        """Erase; on a database fault say so and keep everything (nothing half-done)."""
        language = language_of(tracker)
        try:
            person = privacy.find_person(conversation_id=tracker.sender_id)
            removed = privacy.erase_person(person)
        except StorageUnavailable:
            log.error("erasure failed: case database unavailable")
            dispatcher.utter_message(response="utter_erase_failed")
            return []
        log.info(
            "conversation erased at its user's request: %d case(s), %d meeting(s)",
            removed.cases,
            removed.meetings,
        )
        dispatcher.utter_message(
            response="utter_erased_with_meetings" if removed.meetings else "utter_erased"
        )
        events: list[EventType] = [AllSlotsReset(), SlotSet(privacy.ERASE_SLOT, True)]
        # the person's earlier conversations (a case taken over on a later visit): the
        # tracker store erases their events with this one's
        others = sorted(person.conversation_ids - {tracker.sender_id})
        if others:
            events.append(SlotSet(ERASE_ALSO_SLOT, others))
        if language:
            events.append(SlotSet("language", language))
        for name in ("site_url", "service_phone"):
            if tracker.get_slot(name):
                events.append(SlotSet(name, tracker.get_slot(name)))
        return events
