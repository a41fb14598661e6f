"""Meetings with an egencoach: book, confirm, cancel, reschedule, status, callback.

Slot rules live in bot/rules/slots.py, storage in bot/cases/booking.py; this module runs the
conversation: booking_form (channel, time of day, slot, confirmation, consent, first name,
phone or e-mail), identify_form (a later visit: reference + phone or e-mail) and
callback_form (consent, first name, phone or e-mail).
"""

from __future__ import annotations

import logging
from datetime import datetime, timezone
from typing import Any

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import ActiveLoop, EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict
from sqlalchemy.exc import SQLAlchemyError

from actions.mapping import answers_of, language_of, today
from bot.cases import booking, mappings
from bot.cases.booking import ContactDetails, MeetingRecord, SlotTaken
from bot.config import load_settings
from bot.rules import answers
from bot.rules.answers import AnswerError
from bot.rules.contact import ContactError, parse_contact, parse_first_name
from bot.rules.profile import MappingProfile
from bot.rules.service_paths import customer_groups
from bot.rules.slots import Slot, SlotRequest, parse_key
from bot.rules.timefmt import when, when_short
from bot.rules.vocabulary import CHANNELS
from bot.scheduling import offer_slots

log = logging.getLogger(__name__)
BOOKING_FORM = "booking_form"
SLOTS_PER_PAGE = 3
BOOKING_SLOTS = (
    "booking_channel",
    "booking_time",
    "booking_slot",
    "booking_confirm",
    "contact_consent",
    "contact_name",
    "contact",
)
TIMES = ("morning", "afternoon", "any")
CHANNEL_PHRASES = {
    "visit": {"sv": "besök på {address}", "fi": "käynti osoitteessa {address}"},
    "phone": {"sv": "coachen ringer dig", "fi": "valmentaja soittaa sinulle"},
    "video": {"sv": "videomöte: {video}", "fi": "videotapaaminen: {video}"},
}
ORDINALS = {
    0: ("1", "första", "forsta", "ensimmäinen", "ensimmainen", "eka", "ekaa"),
    1: ("2", "andra", "toinen", "toka", "tokaa"),
    2: ("3", "tredje", "kolmas", "kolmatta"),
}


def now_utc() -> datetime:
    """The current moment (a function so tests can fix it)."""
    return datetime.now(timezone.utc)


def _entity(tracker: Tracker, name: str) -> Any:
    return next(
        (
            e.get("value")
            for e in tracker.latest_message.get("entities", [])
            if e.get("entity") == name
        ),
        None,
    )


def slot_request(tracker: Tracker) -> SlotRequest:
    """What the person needs of a coach: language first (Swedish service is guaranteed)."""
    answers_held = answers_of(tracker)
    if not answers_held.get("municipality"):
        try:
            stored = mappings.latest_summary(tracker.sender_id)
        except SQLAlchemyError:
            stored = None
        if stored is not None:
            answers_held = stored.data
    profile = MappingProfile.from_slots(answers_held)
    language = profile.service_language or language_of(tracker)
    time_of_day = tracker.get_slot("booking_time")
    return SlotRequest(
        language=language if language in ("sv", "fi") else "sv",
        channel=tracker.get_slot("booking_channel"),
        time_of_day=time_of_day if time_of_day in ("morning", "afternoon") else None,
        groups=frozenset(customer_groups(profile, today())) if answers_held else frozenset(),
        municipality=profile.municipality,
    )


def meeting_text(meeting: MeetingRecord, language: str, site_url: str) -> dict[str, str]:
    """The pieces of a confirmation: when, with whom, where or how, the .ics link."""
    coach = meeting.coach
    channel = meeting.channel or "visit"
    where = CHANNEL_PHRASES[channel][language].format(
        address=coach.address if coach else "", video=(coach.video_url if coach else "") or ""
    )
    return {
        "when": when(meeting.start_at, language) if meeting.start_at else "",
        "coach": coach.name if coach else "",
        "where": where,
        "reference": meeting.reference,
        "ics": f"{site_url}/ics/{meeting.token}.ics",
    }


def slot_buttons(slots: list[Slot], coaches: dict[int, Any], language: str) -> list[dict[str, str]]:
    """One button per slot: "tis 3.12 10.00 · Anna"."""
    return [
        {
            "title": f"{when_short(s.start, language)} · {coaches[s.coach_id].name.split()[0]}",
            "payload": f'/inform{{"booking_slot": "{s.key()}"}}',
        }
        for s in slots
    ]


def _latest_text(tracker: Tracker) -> str:
    """What the person last sent (a button's payload, or typed text)."""
    return str((tracker.latest_message or {}).get("text") or "")


class ActionStartBooking(Action):
    """book_meeting: mapping first (or a short first meeting), then the booking form."""

    def name(self) -> str:
        """Rasa's name of the action."""
        return "action_start_booking"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        """Decide how to start; prefill what the mapping already told."""
        events: list[EventType] = [
            SlotSet("reschedule_reference", None),
            SlotSet("slot_page", 0),
            SlotSet("offered_slots", None),
        ]
        mode = _entity(tracker, "booking_mode")
        mapped = tracker.get_slot("mapping_status") == "saved"
        if not mapped and mode != "short":
            try:
                mapped = mappings.latest_summary(tracker.sender_id) is not None
            except SQLAlchemyError:
                mapped = False
        if not mapped and mode != "short":
            dispatcher.utter_message(response="utter_booking_mapping_first")
            return [*events, SlotSet("booking_ready", False)]
        events.append(SlotSet("booking_mode", "short" if not mapped else "after_mapping"))
        channel = _entity(tracker, "booking_channel") or tracker.get_slot("contact_channel")
        if channel in CHANNELS:
            events.append(SlotSet("booking_channel", channel))
        chosen = _entity(tracker, "booking_slot")
        if chosen:
            events += [SlotSet("booking_slot", chosen), SlotSet("booking_time", "any")]
        # the rules start booking_form when booking_ready is true
        return [*events, SlotSet("booking_ready", True)]


class ActionAskBookingSlot(Action):
    """The booking form's question for a slot: the three best free slots as buttons."""

    def name(self) -> str:
        """Rasa's name of the action."""
        return "action_ask_booking_slot"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        """Offer a page of slots; with none at all, offer a callback instead."""
        language = language_of(tracker)
        page = int(tracker.get_slot("slot_page") or 0)
        try:
            slots, coaches = offer_slots(slot_request(tracker), now_utc())
        except SQLAlchemyError:
            dispatcher.utter_message(response="utter_booking_unavailable")
            return [ActiveLoop(None), SlotSet("requested_slot", None)]
        if not slots:
            dispatcher.utter_message(response="utter_no_free_slots")
            return [ActiveLoop(None), SlotSet("requested_slot", None)]
        start = page * SLOTS_PER_PAGE
        if start >= len(slots):
            start, page = 0, 0
        shown = slots[start : start + SLOTS_PER_PAGE]
        buttons = slot_buttons(shown, coaches, language)
        dispatcher.utter_message(response="utter_ask_booking_slot", buttons=buttons)
        return [
            SlotSet("offered_slots", [s.key() for s in shown]),
            SlotSet("slot_page", page),
            SlotSet("show_more_target", "slots"),
        ]


class ActionAskBookingConfirm(Action):
    """Repeat the chosen slot and ask whether to book it."""

    def name(self) -> str:
        """Rasa's name of the action."""
        return "action_ask_booking_confirm"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        """ "Torsdag 26.11 kl. 9.00 med Anna, besök på ... Ska jag boka?"."""
        language = language_of(tracker)
        coach_id, start = parse_key(str(tracker.get_slot("booking_slot")))
        coach = next((c for c in booking.coaches() if c.id == coach_id), None)
        channel = tracker.get_slot("booking_channel") or "visit"
        where = CHANNEL_PHRASES[channel][language].format(
            address=coach.address if coach else "", video=(coach.video_url if coach else "") or ""
        )
        dispatcher.utter_message(
            response="utter_ask_booking_confirm",
            when=when(start, language),
            coach=coach.name if coach else "",
            where=where,
        )
        return []


def _time_of_day(text: str) -> str | None:
    from bot.nlu.langid import fold

    t = fold(text)
    if any(
        w in t
        for w in (
            "formiddag",
            "morgon",
            "aamu",
            "aamupaiv",
            "aamulla",
            "forenoon",
            "fore lunch",
            "ennen lounas",
            "morning",
        )
    ):
        return "morning"
    if any(
        w in t for w in ("eftermiddag", "iltapaiv", "efter lunch", "lounaan jalkeen", "afternoon")
    ):
        return "afternoon"
    if any(
        w in t
        for w in (
            "spelar ingen roll",
            "vilken som",
            "ihan sama",
            "ei valia",
            "mika vaan",
            "vad som helst",
            "any",
            "samma",
            "kumpi vaan",
            "egal",
            "vilket som",
        )
    ):
        return "any"
    return None


class ValidateBookingForm(FormValidationAction):
    """Validates channel, time of day, slot, confirmation, consent and contact details."""

    def name(self) -> str:
        """Rasa's name of the action."""
        return "validate_booking_form"

    async def required_slots(
        self,
        domain_slots: list[str],
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: DomainDict,
    ) -> list[str]:
        """A reschedule needs no contact details; no consent ends the form."""
        if tracker.get_slot("reschedule_reference"):
            return ["booking_channel", "booking_time", "booking_slot", "booking_confirm"]
        if tracker.get_slot("contact_consent") is False:
            return []
        return list(domain_slots)

    def validate_booking_channel(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        """Visit, phone or video."""
        if value in CHANNELS:
            return {"booking_channel": value}
        try:
            return {"booking_channel": answers.parse_channel(str(value))}
        except AnswerError:
            dispatcher.utter_message(response="utter_invalid_channel_not_understood")
            return {"booking_channel": None}

    def validate_booking_time(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        """Morning, afternoon or any."""
        code = value if value in TIMES else _time_of_day(str(value))
        if code is None:
            dispatcher.utter_message(response="utter_invalid_booking_time")
            return {"booking_time": None}
        return {"booking_time": code, "slot_page": 0}

    def validate_booking_slot(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        """A slot key from a button, or "the second one" / "toinen" of those offered."""
        text = str(value)
        offered = list(tracker.get_slot("offered_slots") or [])
        if "|" not in text:
            from bot.nlu.langid import fold

            words = fold(text).split()
            picked = next(
                (
                    i
                    for i, names in ORDINALS.items()
                    if any(w in names for w in words) and i < len(offered)
                ),
                None,
            )
            if picked is None:
                dispatcher.utter_message(response="utter_invalid_booking_slot")
                return {"booking_slot": None}
            text = offered[picked]
        try:
            parse_key(text)
        except ValueError:
            dispatcher.utter_message(response="utter_invalid_booking_slot")
            return {"booking_slot": None}
        return {"booking_slot": text}

    def validate_booking_confirm(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        """Yes books; no goes back to choosing a time; anything else asks again."""
        answer = answers.explicit_yes_no(value, _latest_text(tracker))
        if answer is True:
            return {"booking_confirm": True}
        if answer is None:
            return {"booking_confirm": None}
        return {"booking_confirm": None, "booking_slot": None}

    def validate_contact_consent(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        """Consent to keep the contact details for this meeting: only an explicit yes or no."""
        return {"contact_consent": answers.explicit_yes_no(value, _latest_text(tracker))}

    def validate_contact_name(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        """A first name."""
        try:
            return {"contact_name": parse_first_name(str(value))}
        except ContactError:
            dispatcher.utter_message(response="utter_invalid_name")
            return {"contact_name": None}

    def validate_contact(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        """A Finnish phone number or an e-mail address."""
        try:
            contact = parse_contact(str(value))
        except ContactError as error:
            dispatcher.utter_message(response=f"utter_invalid_{error.reason}")
            return {"contact": None}
        return {"contact": f"{contact.kind}:{contact.value}"}


def contact_details(tracker: Tracker) -> ContactDetails:
    """The consented contact details held in the slots."""
    kind, _, value = str(tracker.get_slot("contact") or "").partition(":")
    return ContactDetails(
        name=tracker.get_slot("contact_name"),
        phone=value if kind == "phone" else None,
        email=value if kind == "email" else None,
        consent=tracker.get_slot("contact_consent") is True,
    )


CLEAR_AFTER_BOOKING = [SlotSet(s, None) for s in BOOKING_SLOTS] + [
    SlotSet("offered_slots", None),
    SlotSet("slot_page", 0),
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
        if tracker.get_slot("contact_consent") is False:
            dispatcher.utter_message(response="utter_booking_needs_contact")
            return list(CLEAR_AFTER_BOOKING)
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
                    language=tracker.get_slot("service_language") or language,
                    contact=contact_details(tracker),
                    conversation_id=tracker.sender_id,
                    short_first_meeting=tracker.get_slot("booking_mode") == "short",
                    now=now_utc(),
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
        except LookupError:
            dispatcher.utter_message(response="utter_meeting_not_found")
            return list(CLEAR_AFTER_BOOKING)
        except SQLAlchemyError:
            log.warning("booking failed (database unavailable)")
            dispatcher.utter_message(response="utter_booking_failed")
            # everything else stays: the retry button asks only "shall I book?" again
            return [SlotSet("booking_confirm", None), SlotSet("booking_taken", False)]
        details = meeting_text(meeting, language, settings.public_base_url)
        dispatcher.utter_message(
            response="utter_meeting_moved" if reschedule else "utter_meeting_booked", **details
        )
        return [
            *CLEAR_AFTER_BOOKING,
            SlotSet("booking_reference", meeting.reference),
            SlotSet("booking_taken", False),
            SlotSet("meeting_intent", None),
        ]


def _own_meeting(tracker: Tracker) -> MeetingRecord | None:
    """The meeting this conversation knows of: the last booked, else any upcoming one."""
    reference = tracker.get_slot("booking_reference")
    if reference:
        found = booking.find_meeting(str(reference), conversation_id=tracker.sender_id)
        if found and found.status == booking.BOOKED:
            return found
    upcoming = booking.meetings_of_conversation(tracker.sender_id)
    return upcoming[0] if upcoming else None


class ActionMeetingRequest(Action):
    """ask_meeting_status / cancel_meeting / reschedule_meeting: find the meeting first."""

    def name(self) -> str:
        """Rasa's name of the action."""
        return "action_meeting_request"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        """Use the conversation's meeting, or ask for the reference and contact details."""
        intent = (tracker.latest_message.get("intent") or {}).get("name")
        wanted = {
            "ask_meeting_status": "status",
            "cancel_meeting": "cancel",
            "reschedule_meeting": "reschedule",
        }.get(str(intent), "status")
        try:
            meeting = _own_meeting(tracker)
        except SQLAlchemyError:
            dispatcher.utter_message(response="utter_booking_unavailable")
            return []
        events: list[EventType] = [SlotSet("meeting_intent", wanted)]
        if meeting is None:
            # the rules go on with identify_form when meeting_found is false
            dispatcher.utter_message(response="utter_identify_intro")
            return [
                *events,
                SlotSet("lookup_reference", None),
                SlotSet("lookup_contact", None),
                SlotSet("meeting_found", False),
            ]
        return [
            *events,
            SlotSet("booking_reference", meeting.reference),
            SlotSet("verified_reference", meeting.reference),
            SlotSet("meeting_found", True),
        ]


class ValidateIdentifyForm(FormValidationAction):
    """A later visit: the booking reference and the phone number or e-mail given then."""

    def name(self) -> str:
        """Rasa's name of the action."""
        return "validate_identify_form"

    def validate_lookup_reference(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        """Six letters and digits, with or without the dash."""
        normalised = booking.normalise_reference(str(value))
        if len(normalised) != 7 or normalised[3] != "-":
            dispatcher.utter_message(response="utter_invalid_reference")
            return {"lookup_reference": None}
        return {"lookup_reference": normalised}

    def validate_lookup_contact(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        """The phone number or e-mail of the booking."""
        try:
            contact = parse_contact(str(value))
        except ContactError as error:
            dispatcher.utter_message(response=f"utter_invalid_{error.reason}")
            return {"lookup_contact": None}
        return {"lookup_contact": contact.value}


class ActionLookupMeeting(Action):
    """identify_form is done: find the meeting and go on with what the person wanted."""

    def name(self) -> str:
        """Rasa's name of the action."""
        return "action_lookup_meeting"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        """Match reference + contact; never reveal whether a reference exists."""
        clear = [SlotSet("lookup_reference", None), SlotSet("lookup_contact", None)]
        try:
            meeting = booking.find_meeting(
                str(tracker.get_slot("lookup_reference") or ""),
                contact=str(tracker.get_slot("lookup_contact") or ""),
            )
        except SQLAlchemyError:
            dispatcher.utter_message(response="utter_booking_unavailable")
            return clear
        if meeting is None or meeting.status not in (booking.BOOKED,):
            dispatcher.utter_message(response="utter_meeting_not_found")
            return [*clear, SlotSet("meeting_found", False)]
        return [
            *clear,
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
        except SQLAlchemyError:
            dispatcher.utter_message(response="utter_booking_unavailable")
            return []
        if meeting is None or meeting.start_at is None:
            dispatcher.utter_message(response="utter_meeting_not_found")
            return [SlotSet("meeting_intent", None), SlotSet("meeting_found", False)]
        details = meeting_text(meeting, language, settings.public_base_url)
        intent = tracker.get_slot("meeting_intent")
        if intent == "cancel":
            dispatcher.utter_message(response="utter_confirm_cancel", **details)
            return [SlotSet("pending_cancel", meeting.reference)]
        if intent == "reschedule":
            # the rules start booking_form after this when meeting_intent is reschedule
            dispatcher.utter_message(response="utter_reschedule_intro", **details)
            return [
                SlotSet("reschedule_reference", meeting.reference),
                SlotSet("booking_channel", meeting.channel),
                SlotSet("booking_time", None),
                SlotSet("booking_slot", None),
                SlotSet("booking_confirm", None),
                SlotSet("slot_page", 0),
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
            return []
        try:
            cancelled = booking.cancel(str(reference))
        except SQLAlchemyError:
            dispatcher.utter_message(response="utter_booking_unavailable")
            return []
        if cancelled is None:
            dispatcher.utter_message(response="utter_meeting_not_found")
            return [SlotSet("pending_cancel", None)]
        dispatcher.utter_message(response="utter_meeting_cancelled", reference=cancelled.reference)
        return [SlotSet("pending_cancel", None), SlotSet("booking_reference", None)]


class ActionOfferHuman(Action):
    """ask_human: the first free slot with a coach, or a callback request."""

    def name(self) -> str:
        """Rasa's name of the action."""
        return "action_offer_human"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        """Offer the earliest slot in the person's language, or go to the callback form."""
        language = language_of(tracker)
        if tracker.get_slot("human_mode") == "callback":
            # the rules start callback_form when human_mode is callback
            return [
                SlotSet("contact_consent", None),
                SlotSet("contact_name", None),
                SlotSet("contact", None),
            ]
        request = slot_request(tracker)
        try:
            slots, coaches = offer_slots(
                SlotRequest(language=request.language, groups=request.groups), now_utc()
            )
        except SQLAlchemyError:
            slots, coaches = [], {}
        if not slots:
            dispatcher.utter_message(response="utter_human_callback_only")
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
        )
        return []


class ValidateCallbackForm(ValidateBookingForm):
    """The callback form reuses the contact validators."""

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


class ActionRequestCallback(Action):
    """callback_form is done: store the request (status "callback requested")."""

    def name(self) -> str:
        """Rasa's name of the action."""
        return "action_request_callback"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        """Save and confirm; without consent, give the phone number instead."""
        clear = [
            SlotSet("contact_consent", None),
            SlotSet("contact_name", None),
            SlotSet("contact", None),
            SlotSet("human_mode", None),
        ]
        if tracker.get_slot("contact_consent") is not True:
            dispatcher.utter_message(response="utter_booking_needs_contact")
            return clear
        try:
            record = booking.request_callback(
                language_of(tracker), contact_details(tracker), conversation_id=tracker.sender_id
            )
        except SQLAlchemyError:
            dispatcher.utter_message(response="utter_booking_unavailable")
            return []
        dispatcher.utter_message(response="utter_callback_requested", reference=record.reference)
        return clear
