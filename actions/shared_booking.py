"""What the booking and the callback conversations share: the slot request, the contact
details and their validators (no actions here; action modules do not import each other)."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.events import EventType, FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.common import (
    answers_of,
    language_of,
    meeting_text,
    today,
    typed_text,
    yes_no_answer,
)
from actions.form_guard import REQUESTED
from bot.cases import booking_hold, live, mappings, repository
from bot.cases.booking import ContactDetails, MeetingRecord
from bot.cases.db import StorageUnavailable
from bot.rules import answers
from bot.rules.contact import (
    ContactError,
    details_given,
    find_contact,
    parse_contact,
    parse_first_name,
    shown_contact,
)
from bot.rules.profile import MappingProfile
from bot.rules.service_paths import customer_groups
from bot.rules.slot_wish import SlotWish, parse_slot_wish
from bot.rules.slots import SlotRequest
from bot.rules.timefmt import when

MAX_REMEMBERED = 60
# the requests about an existing meeting, and what the person wants done with it
MEETING_INTENTS = {
    "ask_meeting_status": "status",
    "cancel_meeting": "cancel",
    "reschedule_meeting": "reschedule",
}


def slot_request(tracker: Tracker) -> SlotRequest:
    """What the person needs of a coach: language first (Swedish service is guaranteed)."""
    answers_held = answers_of(tracker)
    if not answers_held.get("municipality"):
        try:
            stored = mappings.latest_summary(tracker.sender_id)
        except StorageUnavailable:
            stored = None
        if stored is not None:
            answers_held = stored.data
    profile = MappingProfile.from_slots(answers_held)
    language = profile.service_language or language_of(tracker)
    time_of_day = tracker.get_slot("booking_time")
    data = tracker.get_slot("slot_wish")
    wish = SlotWish.from_dict(data) if isinstance(data, dict) else None
    return SlotRequest(
        language=language if language in ("sv", "fi") else "sv",
        channel=tracker.get_slot("booking_channel"),
        time_of_day=time_of_day if time_of_day in ("morning", "afternoon") else None,
        groups=frozenset(customer_groups(profile, today())) if answers_held else frozenset(),
        municipality=(wish.municipality if wish and wish.municipality else profile.municipality),
        prefer_coach_id=tracker.get_slot("preferred_coach_id") or _own_coach(tracker),
    )


def _own_coach(tracker: Tracker) -> int | None:
    """The case's own egencoach: later bookings offer their slots first."""
    try:
        return repository.own_coach_of(tracker.sender_id)
    except StorageUnavailable:
        return None


def remembered(tracker: Tracker, keys: list[str]) -> list[str]:
    """Every slot key offered in this conversation (the newest kept)."""
    seen = [k for k in (tracker.get_slot("offered_history") or []) if k not in keys]
    return (seen + keys)[-MAX_REMEMBERED:]


def contact_details(tracker: Tracker) -> ContactDetails:
    """The consented contact details held in the slots."""
    kind, _, value = str(tracker.get_slot("contact") or "").partition(":")
    return ContactDetails(
        name=tracker.get_slot("contact_name"),
        phone=value if kind == "phone" else None,
        email=value if kind == "email" else None,
        consent=tracker.get_slot("contact_consent") is True,
    )


def contact_answers(slot: str, text: str) -> bool:
    """Typed text that answers a contact question (consent, first name, phone or e-mail)."""
    if slot == "contact_consent":
        return answers.parse_yes_no(text) is not None or details_given(text) is not None
    if slot == "contact_name":
        if find_contact(text) is not None:
            return True
        try:
            parse_first_name(text)
        except ContactError:
            return False
        return True
    if slot == "contact":
        return find_contact(text) is not None
    return False


class ContactValidation:
    """Consent, first name and phone or e-mail: the validators both forms use.

    Mixed into a :class:`actions.form_guard.GuardedFormValidation` (``accept`` and
    ``reject`` come from there).
    """

    accept: Any
    reject: Any

    # --- second pieces of information in one message ------------------------------------------

    async def extract_contact(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        """A phone number or e-mail given together with the name ("niko 0449876543")."""
        text = typed_text(tracker)
        if (
            text
            and tracker.get_slot("contact") is None
            and tracker.get_slot(REQUESTED) == "contact_name"
            and tracker.get_slot("contact_consent") is True
        ):
            found = find_contact(text)
            if found is not None:
                return {"contact": f"{found.kind}:{found.value}"}
        return {}

    def validate_contact_consent(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        """Consent to keep the contact details for this meeting: an explicit yes or no, or
        the details themselves typed in answer (kept, as a yes)."""
        answer = yes_no_answer(value, tracker)
        if answer is None:
            given = details_given(typed_text(tracker) or "")
            if given is None:
                return self.reject("contact_consent", "yes_no", dispatcher, tracker)
            values: dict[str, Any] = {"contact_consent": True}
            if given.name is not None:
                values["contact_name"] = given.name
            if given.contact is not None and tracker.get_slot("contact") is None:
                values["contact"] = given.contact
            return self.accept(tracker, "contact_consent", values)
        return self.accept(tracker, "contact_consent", {"contact_consent": answer})

    def validate_contact_name(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        """A first name (a phone number or e-mail in the same message is kept too)."""
        text = str(value)
        found = find_contact(text)
        if found is not None:
            text = found.rest
        try:
            name = parse_first_name(text)
        except ContactError:
            return self.reject("contact_name", "name", dispatcher, tracker)
        values: dict[str, Any] = {"contact_name": name}
        if found is not None and tracker.get_slot("contact") is None:
            values["contact"] = f"{found.kind}:{found.value}"
        return self.accept(tracker, "contact_name", values)

    def validate_contact(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        """A Finnish phone number or an e-mail address."""
        if isinstance(value, str) and value.startswith(("phone:", "email:")):
            return self.accept(tracker, "contact", {"contact": value})
        try:
            contact = parse_contact(str(value))
        except ContactError as error:
            return self.reject("contact", error.reason, dispatcher, tracker)
        return self.accept(tracker, "contact", {"contact": f"{contact.kind}:{contact.value}"})


def typed_wish(tracker: Tracker) -> SlotWish | None:
    """A day, time or place in what the person just typed."""
    text = typed_text(tracker)
    if not text:
        return None
    wish = parse_slot_wish(text, today())
    return None if wish.empty else wish


def leave_live_queue(conversation_id: str) -> None:
    """The person chose a callback or a meeting: their place in the chat queue goes."""
    try:
        live.leave_queue(conversation_id)
    except StorageUnavailable:
        pass  # the coach who takes it finds the person has moved on (the chat shows it)


def confirm_booked(
    dispatcher: CollectingDispatcher,
    meeting: MeetingRecord,
    language: str,
    site_url: str,
    moved: bool = False,
) -> None:
    """Say the booking (or the move) is done: when, with whom, where, the reference."""
    details = meeting_text(meeting, language, site_url)
    response = "utter_meeting_moved" if moved else "utter_meeting_booked"
    if not moved and meeting.channel == "phone":
        response = "utter_meeting_booked_phone"
    dispatcher.utter_message(response=response, **details)


def ask_for_booking_code(
    dispatcher: CollectingDispatcher, meeting: MeetingRecord, language: str
) -> list[EventType]:
    """A held booking (just made, or found again when the person left the code question):
    say it waits for the code sent to the contact, and ask for the code (booking_code_form)."""
    dispatcher.utter_message(
        response="utter_meeting_held",
        when=when(meeting.start_at, language) if meeting.start_at else "",
        contact=shown_contact(meeting.contact_phone or meeting.contact_email or ""),
        minutes=int(booking_hold.hold_rules().minutes),
    )
    return [
        SlotSet("held_reference", meeting.reference),
        SlotSet("booking_code", None),
        FollowupAction("booking_code_form"),
    ]
