"""Booking a meeting with an egencoach: starting the booking, and the booking itself.

book_meeting starts here: the mapping first (or a short first meeting), and what the
message already said (a channel, a day, a time) fills the booking form's questions
(actions/booking_form.py). When the form is done, the meeting is booked (or moved)
atomically in the case database (bot/cases/booking.py) and confirmed.
"""

from __future__ import annotations

import logging

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.common import address_of, entity, language_of, now_utc
from actions.shared_booking import (
    ask_for_booking_code,
    confirm_booked,
    contact_details,
    leave_live_queue,
    slot_request,
    typed_wish,
)
from bot.cases import booking, booking_hold, mappings
from bot.cases.booking import AlreadyBooked, SlotTaken
from bot.cases.booking_hold import TooManyBookings
from bot.cases.db import StorageUnavailable
from bot.config import load_settings
from bot.rules.slots import Slot, parse_key
from bot.rules.timefmt import when
from bot.rules.vocabulary import CHANNELS

log = logging.getLogger(__name__)
BOOKING_SLOTS = (
    "booking_channel",
    "booking_time",
    "booking_slot",
    "booking_confirm",
    "contact_consent",
    "contact_name",
    "contact",
)


class ActionStartBooking(Action):
    """book_meeting: mapping first (or a short first meeting), then the booking form."""

    def name(self) -> str:
        """Rasa's name of the action."""
        return "action_start_booking"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        """Decide how to start; prefill what the mapping or the message already told."""
        leave_live_queue(tracker.sender_id)  # a meeting instead of waiting for a chat
        events: list[EventType] = [
            SlotSet("reschedule_reference", None),
            SlotSet("slot_page", 0),
            SlotSet("offered_slots", None),
            SlotSet("slot_wish", None),
        ]
        try:
            existing = booking.upcoming_self_booking(tracker.sender_id, now=now_utc())
        except StorageUnavailable:
            existing = None
        if existing is not None and existing.held:
            # the person left the code question: the booking still waits for its code
            asked = ask_for_booking_code(dispatcher, existing, language_of(tracker))
            return [*events, SlotSet("booking_ready", False), *asked]
        if existing is not None and existing.start_at is not None:
            # one upcoming meeting per person: offer to move it instead of a second one
            language = language_of(tracker)
            dispatcher.utter_message(
                response="utter_already_booked", when=when(existing.start_at, language)
            )
            return [*events, SlotSet("booking_ready", False)]
        if tracker.get_slot("eligibility") == "not_eligible":
            # the mapping placed the person with another employment area: say where to go
            dispatcher.utter_message(response="utter_booking_elsewhere")
            return [*events, SlotSet("booking_ready", False)]
        mode = entity(tracker, "booking_mode")
        mapped = tracker.get_slot("mapping_status") == "saved"
        if not mapped and mode != "short":
            try:
                mapped = mappings.latest_summary(tracker.sender_id) is not None
            except StorageUnavailable:
                mapped = False
        if not mapped and mode != "short":
            dispatcher.utter_message(response="utter_booking_mapping_first")
            return [*events, SlotSet("booking_ready", False)]
        events.append(SlotSet("booking_mode", "short" if not mapped else "after_mapping"))
        wish = typed_wish(tracker)
        channel = (
            entity(tracker, "booking_channel")
            or (wish.channel if wish else None)
            or tracker.get_slot("contact_channel")
        )
        if channel in CHANNELS:
            events.append(SlotSet("booking_channel", channel))
        if wish is not None:
            events.append(SlotSet("slot_wish", wish.to_dict()))
            events.append(SlotSet("booking_time", wish.time_of_day or "any"))
        chosen = entity(tracker, "booking_slot")
        if chosen and chosen in (tracker.get_slot("offered_history") or []):
            # "book that time" under the offer of a human: a slot offered in this conversation
            events += [SlotSet("booking_slot", chosen), SlotSet("booking_time", "any")]
        # the rules start booking_form when booking_ready is true
        return [*events, SlotSet("booking_ready", True)]


CLEAR_AFTER_BOOKING = [SlotSet(s, None) for s in BOOKING_SLOTS] + [
    SlotSet("offered_slots", None),
    SlotSet("slot_page", 0),
    SlotSet("slot_wish", None),
    SlotSet("reschedule_reference", None),
]


class ActionBookMeeting(Action):
    """The booking form is done: book (or move) the meeting atomically and confirm."""

    def name(self) -> str:
        """Rasa's name of the action."""
        return "action_book_meeting"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        """Book; if the slot was just taken, say so and offer the next free ones."""
        if tracker.get_slot("booking_slot") is None:
            return [*CLEAR_AFTER_BOOKING, SlotSet("booking_taken", False)]
        if tracker.get_slot("contact_consent") is False:
            dispatcher.utter_message(response="utter_booking_needs_contact")
            return [*CLEAR_AFTER_BOOKING, SlotSet("booking_taken", False)]
        language = language_of(tracker)
        settings = load_settings()
        coach_id, start = parse_key(str(tracker.get_slot("booking_slot")))
        slot = Slot(start, coach_id)
        reschedule = tracker.get_slot("reschedule_reference")
        try:
            if reschedule:
                meeting = booking.reschedule(str(reschedule), slot, now=now_utc())
            else:
                meeting = booking.book(
                    slot,
                    channel=tracker.get_slot("booking_channel") or "visit",
                    language=slot_request(tracker).language,
                    contact=contact_details(tracker),
                    conversation_id=tracker.sender_id,
                    short_first_meeting=tracker.get_slot("booking_mode") == "short",
                    now=now_utc(),
                    address=address_of(tracker),
                    confirm_with_code=True,
                )
        except SlotTaken:
            # the form starts again (rule on booking_taken) and offers the next free slots
            dispatcher.utter_message(response="utter_slot_just_taken")
            return [
                SlotSet("booking_slot", None),
                SlotSet("booking_confirm", None),
                SlotSet("slot_page", 0),
                SlotSet("booking_taken", True),
            ]
        except AlreadyBooked as already:
            when_text = (
                when(already.meeting.start_at, language)
                if already.meeting and already.meeting.start_at
                else ""
            )
            dispatcher.utter_message(response="utter_already_booked", when=when_text)
            return [*CLEAR_AFTER_BOOKING, SlotSet("booking_taken", False)]
        except TooManyBookings as limit:
            dispatcher.utter_message(
                response=f"utter_booking_limit_{limit.limit}",
                minutes=int(booking_hold.hold_rules().minutes),
            )
            return [*CLEAR_AFTER_BOOKING, SlotSet("booking_taken", False)]
        except LookupError:
            dispatcher.utter_message(response="utter_meeting_not_found")
            return [*CLEAR_AFTER_BOOKING, SlotSet("booking_taken", False)]
        except StorageUnavailable:
            log.warning("booking failed (database unavailable)")
            dispatcher.utter_message(response="utter_booking_failed")
            # everything else stays: the retry button asks only "shall I book?" again
            return [SlotSet("booking_confirm", None), SlotSet("booking_taken", False)]
        if meeting.held:
            # the code sent to the contact confirms it (actions/booking_code.py)
            return [
                *CLEAR_AFTER_BOOKING,
                SlotSet("booking_taken", False),
                SlotSet("meeting_intent", None),
                *ask_for_booking_code(dispatcher, meeting, language),
            ]
        confirm_booked(dispatcher, meeting, language, settings.public_base_url, bool(reschedule))
        return [
            *CLEAR_AFTER_BOOKING,
            SlotSet("booking_reference", meeting.reference),
            SlotSet("booking_taken", False),
            SlotSet("meeting_intent", None),
        ]
