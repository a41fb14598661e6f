"""A human: a live chat with an egencoach, the first free slot, or a callback.

"Prata med en människa" joins the live chat queue when the team's chat is open and a coach
who serves in the person's language is available in the portal (bot/cases/live.py); the
person is told their place and a rough wait and may choose a callback or a meeting instead.
Otherwise it offers the earliest slot in the person's language and a callback, and says
when the chat opens;
"ring mig" / "soittakaa minulle" (typed or the button) goes straight to the callback form.
The phone line's hours come from SERVICE_PHONE_HOURS: outside them the bot says when the
line opens.
"""

from __future__ import annotations

from datetime import datetime
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
    leave_live_queue,
    remembered,
    slot_request,
)
from bot.cases import booking, live
from bot.cases.db import StorageUnavailable
from bot.config import load_settings
from bot.rules import teams
from bot.rules.form_exit import FormProfile
from bot.rules.opening_hours import (
    describe_hours,
    describe_next_opening,
    is_open,
    next_opening,
    parse_hours,
)
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


LIVE_NOT_NOW = {
    "closed": {
        "sv": " Du kan chatta med en egencoach {hours}. Chatten öppnar nästa gång {opens}.",
        "fi": " Omavalmentajan kanssa voi keskustella chatissa {hours}. Chatti aukeaa seuraavan"
        " kerran {opens}.",
    },
    "closed_for_now": {
        "sv": " Chatten med en egencoach är stängd just nu.",
        "fi": " Chatti omavalmentajan kanssa on juuri nyt suljettu.",
    },
    "no_coach": {
        "sv": " Ingen egencoach är ledig för chatt just nu.",
        "fi": " Chattiin ei ole juuri nyt vapaata omavalmentajaa.",
    },
    "queue_full": {
        "sv": " Chattkön är full just nu.",
        "fi": " Chattijono on juuri nyt täynnä.",
    },
}


def live_line(outcome: str, team: str, opens: datetime | None, language: str) -> str:
    """Why there is no live chat now, in the person's language ("" when there is one)."""
    if outcome == "closed" and opens is None:  # no opening hours ahead at all
        outcome = "closed_for_now"
    texts = LIVE_NOT_NOW.get(outcome)
    if texts is None:
        return ""
    settings = load_settings().live
    hours = describe_hours(parse_hours(live.team_hours(team, settings)), language)
    when_text = describe_next_opening(opens, now_utc(), language) if opens else ""
    return texts[language].format(hours=hours, opens=when_text)


class ActionOfferHuman(Action):
    """ask_human: a live chat when a coach can take it now; else the first free slot with a
    coach, and a callback."""

    def name(self) -> str:
        """Rasa's name of the action."""
        return "action_offer_human"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        """Queue for a live chat, or offer the earliest slot or only a callback."""
        language = language_of(tracker)
        request = slot_request(tracker)
        settings = load_settings().live
        try:
            asked = live.request_chat(
                tracker.sender_id, request.language, request.municipality, settings, now_utc()
            )
        except StorageUnavailable:
            asked = None
        if asked is not None and asked.offer.outcome == "queue":
            dispatcher.utter_message(
                response="utter_live_queued",
                place=asked.offer.place,
                wait=asked.offer.wait_minutes,
                json_message={"live": "waiting"},
            )
            return []
        team = teams.load().of_home(request.municipality)
        not_now = live_line(asked.offer.outcome, team, asked.opens_at, language) if asked else ""
        try:
            slots, coaches = offer_slots(
                SlotRequest(language=request.language, groups=request.groups), now_utc()
            )
        except StorageUnavailable:
            slots, coaches = [], {}
        line = phone_line(language)
        if not slots:
            dispatcher.utter_message(
                response="utter_human_callback_only", phone_line=line, live_line=not_now
            )
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
            live_line=not_now,
        )
        return [SlotSet("offered_history", remembered(tracker, [first.key()]))]


class ActionLiveResumed(Action):
    """The coach ended the live chat or went away: the bot carries on."""

    def name(self) -> str:
        """Rasa's name of the action."""
        return "action_live_resumed"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        """Say so, and offer a meeting with this coach (its times come first), or a
        callback."""
        intent = (tracker.latest_message.get("intent") or {}).get("name")
        try:
            chat = live.latest_chat_of(tracker.sender_id)
        except StorageUnavailable:
            chat = None
        coach = chat.coach_name if chat and chat.coach_name else ""
        if intent == "EXTERNAL_live_lost":
            dispatcher.utter_message(response="utter_live_lost")
            return []
        dispatcher.utter_message(response="utter_live_ended", coach=coach)
        return [SlotSet("preferred_coach_id", chat.coach_id)] if chat and chat.coach_id else []


class ActionStartCallback(Action):
    """request_callback: the callback form starts from empty contact details."""

    def name(self) -> str:
        """Rasa's name of the action."""
        return "action_start_callback"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        """Clear what an earlier booking left in the contact slots; a place in the live
        chat queue is given up (the person chose a callback instead)."""
        leave_live_queue(tracker.sender_id)
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
