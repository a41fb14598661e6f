"""identify_form: the person on a later visit, without this conversation's meeting.

It asks first whether the person has a booking at all, then the booking reference and the
phone number or e-mail given when booking (a reference typed anywhere is taken at once:
"Koden är UTV-P5N"). Without the reference ("jag har ingen kod"), the phone number or
e-mail alone and a one-time code sent there identify the person (bot/cases/verification.py),
and their case goes on in this conversation.
"""

from __future__ import annotations

import logging
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.common import (
    address_of,
    now_utc,
    typed_text,
    yes_no_answer,
)
from actions.form_guard import LEFT_FORM, REQUESTED, GuardedFormValidation
from actions.shared_booking import MEETING_INTENTS
from bot.cases import booking, repository, verification
from bot.cases.db import StorageUnavailable
from bot.rules import answers
from bot.rules.contact import ContactError, find_contact, find_reference, parse_contact
from bot.rules.form_exit import FormProfile, says_no_code
from bot.rules.one_time_code import typed_code

log = logging.getLogger(__name__)
IDENTIFY_FORM = "identify_form"
NO_REFERENCE = "__one_time_code__"  # lookup_reference when the person has no reference
PROFILE = FormProfile(IDENTIFY_FORM, own_intents=frozenset(MEETING_INTENTS))


class ValidateIdentifyForm(GuardedFormValidation):
    """A later visit: is there a booking, its reference, and the contact given then."""

    profile = PROFILE
    yes_no_slots = frozenset({"has_booking"})

    def name(self) -> str:
        """Rasa's name of the action."""
        return "validate_identify_form"

    async def required_slots(
        self,
        domain_slots: list[str],
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: DomainDict,
    ) -> list[str]:
        """With the reference: the reference and the contact. Without: the contact and the
        one-time code sent there."""
        if tracker.get_slot("lookup_reference") == NO_REFERENCE:
            return [s for s in domain_slots if s != "lookup_reference"]
        return [s for s in domain_slots if s != "lookup_code"]

    def answers(self, slot: str, text: str, tracker: Tracker) -> bool:
        """Typed text that answers the open question."""
        if slot == "lookup_code":
            return typed_code(text) is not None
        if slot == "has_booking":
            return (
                answers.parse_yes_no(text) is not None
                or says_no_code(text)
                or find_reference(text) is not None
            )
        if slot == "lookup_reference":
            return find_reference(text, whole=True) is not None or says_no_code(text)
        if slot == "lookup_contact":
            return find_contact(text) is not None
        return False

    async def extract_lookup_reference(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        """A reference typed at any question of the form ("Koden är UTV-P5N")."""
        text = typed_text(tracker)
        if text and tracker.get_slot(REQUESTED) != "lookup_reference":
            reference = find_reference(text)
            if reference and tracker.get_slot("lookup_reference") is None:
                return {"lookup_reference": reference, "has_booking": True}
        return {}

    def validate_has_booking(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        """Yes (with or without the code), or no."""
        text = typed_text(tracker) or ""
        intent = (tracker.latest_message.get("intent") or {}).get("name")
        if value == "no_code" or (text and says_no_code(text)):
            return self._without_reference(dispatcher, tracker)
        if text and (find_reference(text) or intent in MEETING_INTENTS):
            # a reference, or "kan jag flytta min tid": there is a booking
            return self.accept(tracker, "has_booking", {"has_booking": True})
        answer = yes_no_answer(value, tracker)
        if answer is None:
            return self.reject("has_booking", "yes_no", dispatcher, tracker)
        if answer is False:
            dispatcher.utter_message(response="utter_no_booking_to_change")
            return self._left()
        return self.accept(tracker, "has_booking", {"has_booking": True})

    def validate_lookup_reference(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        """Six letters and digits, with or without the dash; "no code" leaves with choices."""
        text = str(value)
        if value == NO_REFERENCE:
            return {"lookup_reference": NO_REFERENCE}
        if says_no_code(text):
            return self._without_reference(dispatcher, tracker)
        reference = find_reference(text, whole=True) or find_reference(text)
        if reference is None:
            return self.reject("lookup_reference", "reference", dispatcher, tracker)
        return self.accept(tracker, "lookup_reference", {"lookup_reference": reference})

    def validate_lookup_contact(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        """The phone number or e-mail of the booking."""
        try:
            contact = parse_contact(str(value))
        except ContactError as error:
            return self.reject("lookup_contact", error.reason, dispatcher, tracker)
        if tracker.get_slot("lookup_reference") == NO_REFERENCE:
            try:
                sent = verification.request_code(
                    tracker.sender_id, contact, now_utc(), address=address_of(tracker)
                )
            except StorageUnavailable:
                dispatcher.utter_message(response="utter_booking_unavailable")
                return self._left()
            if sent == "wait":
                dispatcher.utter_message(response="utter_code_wait")
                return self._left()
            # the same words whether the number or address is known or not
            dispatcher.utter_message(response="utter_code_sent")
        return self.accept(tracker, "lookup_contact", {"lookup_contact": contact.value})

    def validate_lookup_code(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        """The one-time code: wrong (tries left), locked, expired (a new one), or right."""
        code = typed_code(str(value))
        if code is None:
            dispatcher.utter_message(response="utter_code_format")
            return {"lookup_code": None}  # not a code: counted, so two of them leave the form
        try:
            check = verification.check_code(tracker.sender_id, code, now_utc())
        except StorageUnavailable:
            dispatcher.utter_message(response="utter_booking_unavailable")
            return self._left()
        if check.result == "wrong":
            dispatcher.utter_message(response="utter_code_wrong", tries_left=check.tries_left)
            return self.ask_again(tracker, "lookup_code")
        if check.result == "locked":
            dispatcher.utter_message(response="utter_code_locked")
            return self._left()
        if check.result == "expired":
            dispatcher.utter_message(response="utter_code_expired")
            # a new code to the contact
            return {**self.ask_again(tracker, "lookup_code"), "lookup_contact": None}
        try:
            # the person's newest case goes on here: its paused mapping, meetings, callbacks
            repository.take_over_case(
                tracker.sender_id, list(check.references), case_id=check.case_id
            )
        except StorageUnavailable:
            log.warning("a case could not be taken over (database unavailable)")
        return self.accept(
            tracker,
            "lookup_code",
            {"lookup_code": "verified", "lookup_found": list(check.references)},
        )

    def _without_reference(
        self, dispatcher: CollectingDispatcher, tracker: Tracker
    ) -> dict[str, Any]:
        """No reference: identify by the contact and a one-time code instead."""
        dispatcher.utter_message(response="utter_code_instead")
        return self.accept(
            tracker, "has_booking", {"has_booking": True, "lookup_reference": NO_REFERENCE}
        )

    def _left(self) -> dict[str, Any]:
        return {
            "has_booking": None,
            "lookup_reference": None,
            "lookup_contact": None,
            "lookup_code": None,
            "lookup_found": None,
            LEFT_FORM: IDENTIFY_FORM,
            "meeting_intent": None,
        }


class ActionLookupMeeting(Action):
    """identify_form is done: find the meeting and go on with what the person wanted."""

    def name(self) -> str:
        """Rasa's name of the action."""
        return "action_lookup_meeting"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        """Match reference + contact; never reveal whether a reference exists."""
        clear = [
            SlotSet("lookup_reference", None),
            SlotSet("lookup_contact", None),
            SlotSet("has_booking", None),
            SlotSet("lookup_code", None),
            SlotSet("lookup_found", None),
        ]
        reference = str(tracker.get_slot("lookup_reference") or "")
        contact = str(tracker.get_slot("lookup_contact") or "")
        if reference == NO_REFERENCE:
            # identified by the one-time code: the newest booked meeting of that contact,
            # and the person's case (a paused mapping too) goes on in this conversation
            verified = tracker.get_slot("lookup_code") == "verified"
            found = [str(r) for r in tracker.get_slot("lookup_found") or []] if verified else []
            if found:
                try:
                    repository.take_over_case(tracker.sender_id, found)
                except StorageUnavailable:
                    log.warning("a case could not be taken over (database unavailable)")
            reference = found[0] if found else ""
            for candidate in found:
                try:
                    record = booking.find_meeting(candidate, contact=contact)
                except StorageUnavailable:
                    record = None
                if record is not None and record.status == booking.BOOKED:
                    reference = candidate
                    break
        try:
            meeting = booking.find_meeting(reference, contact=contact)
        except StorageUnavailable:
            dispatcher.utter_message(response="utter_booking_unavailable")
            return [*clear, SlotSet("meeting_found", False)]
        if meeting is None or meeting.status not in (booking.BOOKED,):
            dispatcher.utter_message(response="utter_meeting_not_found")
            return [*clear, SlotSet("meeting_found", False)]
        return [
            *clear,
            SlotSet("booking_reference", meeting.reference),
            SlotSet("verified_reference", meeting.reference),
            SlotSet("meeting_found", True),
        ]
