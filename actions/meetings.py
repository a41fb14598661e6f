"""The person's existing meeting: status, cancel and reschedule.

A meeting of this conversation is used directly; otherwise identify_form finds it first
(actions/identify.py).
"""

from __future__ import annotations

import logging

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.common import (
    entity,
    language_of,
    meeting_text,
    now_utc,
    typed_text,
)
from actions.shared_booking import MEETING_INTENTS, ask_for_booking_code
from bot.cases import booking
from bot.cases.booking import MeetingRecord
from bot.cases.db import StorageUnavailable
from bot.config import load_settings
from bot.rules.contact import find_reference
from bot.rules.timefmt import when

log = logging.getLogger(__name__)


def _own_meeting(tracker: Tracker) -> MeetingRecord | None:
    """The meeting this conversation knows of: the last booked, else any upcoming one."""
    reference = tracker.get_slot("booking_reference")
    if reference:
        found = booking.find_meeting(str(reference), conversation_id=tracker.sender_id)
        if found and found.status == booking.BOOKED:
            return found
    upcoming = booking.meetings_of_conversation(tracker.sender_id, now=now_utc())
    return upcoming[0] if upcoming else None


class ActionMeetingRequest(Action):
    """ask_meeting_status / cancel_meeting / reschedule_meeting: find the meeting first."""

    def name(self) -> str:
        """Rasa's name of the action."""
        return "action_meeting_request"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        """Use the conversation's meeting, or go through identify_form."""
        intent = (tracker.latest_message.get("intent") or {}).get("name")
        wanted = MEETING_INTENTS.get(str(intent), "status")
        try:
            meeting = _own_meeting(tracker)
        except StorageUnavailable:
            dispatcher.utter_message(response="utter_booking_unavailable")
            return []
        events: list[EventType] = [SlotSet("meeting_intent", wanted)]
        if meeting is not None and meeting.held:
            # not a meeting yet: it waits for the code sent to the contact
            return [
                SlotSet("meeting_intent", None),
                SlotSet("meeting_found", None),
                *ask_for_booking_code(dispatcher, meeting, language_of(tracker)),
            ]
        if meeting is None:
            # the rules go on with identify_form when meeting_found is false
            reference = find_reference(typed_text(tracker) or "")
            return [
                *events,
                SlotSet("has_booking", True if reference else None),
                SlotSet("lookup_reference", reference),
                SlotSet("lookup_contact", None),
                SlotSet("meeting_found", False),
            ]
        return [
            *events,
            SlotSet("booking_reference", meeting.reference),
            SlotSet("verified_reference", meeting.reference),
            SlotSet("meeting_found", True),
        ]


class ActionMeetingFollowup(Action):
    """Status, cancel confirmation or the start of a reschedule, for a known meeting."""

    def name(self) -> str:
        """Rasa's name of the action."""
        return "action_meeting_followup"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        """Do what ``meeting_intent`` says."""
        language = language_of(tracker)
        settings = load_settings()
        # Only a meeting verified in this conversation (its own, or reference + contact).
        reference = str(tracker.get_slot("verified_reference") or "")
        try:
            meeting = booking.meeting_by_reference(reference) if reference else None
        except StorageUnavailable:
            dispatcher.utter_message(response="utter_booking_unavailable")
            return [SlotSet("meeting_intent", None)]
        if meeting is None or meeting.start_at is None or meeting.status != booking.BOOKED:
            dispatcher.utter_message(response="utter_meeting_not_found")
            return [SlotSet("meeting_intent", None), SlotSet("meeting_found", False)]
        details = meeting_text(meeting, language, settings.public_base_url)
        intent = tracker.get_slot("meeting_intent")
        if intent == "cancel":
            dispatcher.utter_message(response="utter_confirm_cancel", **details)
            return [SlotSet("pending_cancel", meeting.reference)]
        if intent == "reschedule":
            # the booking form follows at once (whichever way the meeting was found) and
            # shows free slots straight away, the meeting's own coach first
            wish = entity(tracker, "slot_wish")
            dispatcher.utter_message(response="utter_reschedule_intro", **details)
            return [
                FollowupAction("booking_form"),
                SlotSet("reschedule_reference", meeting.reference),
                SlotSet("booking_channel", meeting.channel),
                SlotSet("booking_time", "any"),
                SlotSet("booking_slot", None),
                SlotSet("booking_confirm", None),
                SlotSet("slot_page", 0),
                SlotSet("slot_wish", wish if isinstance(wish, dict) else None),
                SlotSet("preferred_coach_id", meeting.coach.id if meeting.coach else None),
                SlotSet("service_language", meeting.language),
            ]
        dispatcher.utter_message(response="utter_meeting_status", **details)
        return [SlotSet("meeting_intent", None)]


class ActionCancelMeeting(Action):
    """The person said yes to cancelling: cancel, and the slot is free again."""

    def name(self) -> str:
        """Rasa's name of the action."""
        return "action_cancel_meeting"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        """Cancel the pending meeting."""
        reference = tracker.get_slot("pending_cancel")
        if not reference:
            dispatcher.utter_message(response="utter_meeting_not_found")
            return [SlotSet("meeting_intent", None)]
        try:
            cancelled = booking.cancel(str(reference))
        except StorageUnavailable:
            dispatcher.utter_message(response="utter_booking_unavailable")
            return []
        events: list[EventType] = [SlotSet("pending_cancel", None), SlotSet("meeting_intent", None)]
        if cancelled is None:
            dispatcher.utter_message(response="utter_meeting_not_found")
            return events
        language = language_of(tracker)
        dispatcher.utter_message(
            response="utter_meeting_cancelled",
            reference=cancelled.reference,
            when=when(cancelled.start_at, language) if cancelled.start_at else "",
        )
        return [*events, SlotSet("booking_reference", None), SlotSet("verified_reference", None)]
