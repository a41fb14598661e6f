"""A human: the first free slot with a coach, or a callback (callback_form).

"Prata med en människa" offers the earliest slot in the person's language and a callback;
"ring mig" / "soittakaa minulle" (typed or the button) goes straight to the callback form.
The phone line's hours come from SERVICE_PHONE_HOURS: outside them the bot says when the
line opens.
"""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.common import language_of, now_utc
from actions.form_guard import GuardedFormValidation
from actions.shared_booking import (
    ContactValidation,
    contact_answers,
    contact_details,
    remembered,
    slot_request,
)
from bot.cases import booking
from bot.cases.db import StorageUnavailable
from bot.config import load_settings
from bot.rules.form_exit import FormProfile
from bot.rules.opening_hours import describe_next_opening, is_open, next_opening, parse_hours
from bot.rules.slots import SlotRequest
from bot.rules.timefmt import when
from bot.scheduling import offer_slots

CALLBACK_FORM = "callback_form"
CONTACT_SLOTS = ("contact_consent", "contact_name", "contact")


def phone_line(language: str) -> str:
    """When the service phone answers: "" while it is open, else when it opens."""
    settings = load_settings()
    hours = parse_hours(settings.service_phone_hours)
    now = now_utc()
    if is_open(hours, now):
        return ""
    opens = describe_next_opening(next_opening(hours, now), now, language)
    return {
        "sv": f" Telefonen är stängd just nu och öppnar {opens}.",
        "fi": f" Puhelin on nyt suljettu ja aukeaa {opens}.",
    }[language]


class ActionOfferHuman(Action):
    """ask_human: the first free slot with a coach, and a callback."""

    def name(self) -> str:
        """Rasa's name of the action."""
        return "action_offer_human"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        """Offer the earliest slot in the person's language, or only a callback."""
        language = language_of(tracker)
        request = slot_request(tracker)
        try:
            slots, coaches = offer_slots(
                SlotRequest(language=request.language, groups=request.groups), now_utc()
            )
        except StorageUnavailable:
            slots, coaches = [], {}
        line = phone_line(language)
        if not slots:
            dispatcher.utter_message(response="utter_human_callback_only", phone_line=line)
            return []
        first = min(slots, key=lambda s: s.start)
        coach = coaches[first.coach_id]
        channel = "phone" if "phone" in coach.channels else coach.channels[0]
        dispatcher.utter_message(
            response="utter_human_offer",
            when=when(first.start, language),
            coach=coach.name,
            slot_payload=first.key(),
            channel=channel,
            phone_line=line,
        )
        return [SlotSet("offered_history", remembered(tracker, [first.key()]))]


class ActionStartCallback(Action):
    """request_callback: the callback form starts from empty contact details."""

    def name(self) -> str:
        """Rasa's name of the action."""
        return "action_start_callback"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        """Clear what an earlier booking left in the contact slots."""
        return [SlotSet(s, None) for s in CONTACT_SLOTS]


class ValidateCallbackForm(ContactValidation, GuardedFormValidation):
    """Consent, first name and phone or e-mail for a callback."""

    # a callback asked again is this form's own; a person in the chat now is not
    profile = FormProfile(CALLBACK_FORM, own_intents=frozenset({"request_callback"}))
    yes_no_slots = frozenset({"contact_consent"})

    def name(self) -> str:
        """Rasa's name of the action."""
        return "validate_callback_form"

    async def required_slots(
        self,
        domain_slots: list[str],
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: DomainDict,
    ) -> list[str]:
        """No consent, no details."""
        if tracker.get_slot("contact_consent") is False:
            return []
        return list(domain_slots)

    def answers(self, slot: str, text: str, tracker: Tracker) -> bool:
        """Typed text that answers the open question."""
        return contact_answers(slot, text)


class ActionRequestCallback(Action):
    """callback_form is done: store the request for the coaches of its language."""

    def name(self) -> str:
        """Rasa's name of the action."""
        return "action_request_callback"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        """Save and confirm; without consent, give the phone number instead."""
        clear: list[Any] = [SlotSet(s, None) for s in CONTACT_SLOTS]
        language = language_of(tracker)
        if tracker.get_slot("contact_consent") is not True:
            dispatcher.utter_message(response="utter_booking_needs_contact")
            return clear
        try:
            record = booking.request_callback(
                slot_request(tracker).language,
                contact_details(tracker),
                conversation_id=tracker.sender_id,
            )
        except StorageUnavailable:
            dispatcher.utter_message(response="utter_booking_unavailable")
            return []
        dispatcher.utter_message(
            response="utter_callback_requested",
            reference=record.reference,
            phone_line=phone_line(language),
        )
        return clear
