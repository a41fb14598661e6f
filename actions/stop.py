"""Stop or start over: "avbryt", "lopeta", "antaa olla", "jag vill börja om".

A form that is left this way has already saved what it keeps (the kartläggning its draft)
and set ``left_form``; this action says what happened and what the person can do now.
"""

from __future__ import annotations

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.form_guard import LEFT_FORM


class ActionStop(Action):
    """Say what was stopped (or that nothing was going on) and offer the ways on."""

    def name(self) -> str:
        """Rasa's name of the action."""
        return "action_stop"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        """One message with the main choices as buttons."""
        left = tracker.get_slot(LEFT_FORM)
        if tracker.get_slot("restart_requested"):
            response = "utter_restart"
        elif left == "mapping_form" and tracker.get_slot("mapping_consent") is True:
            response = "utter_stopped_mapping"
        elif left:
            response = "utter_stopped"
        else:
            response = "utter_nothing_to_stop"
        dispatcher.utter_message(response=response)
        return [SlotSet(LEFT_FORM, None), SlotSet("restart_requested", None)]
