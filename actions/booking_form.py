"""booking_form: the questions of a booking and their answers.

The form asks the channel, the time of day, a slot, the confirmation, consent and the
contact details; a reschedule asks only the slot and the confirmation. People may type a
day, a date, a week, a time or a place at any of these questions ("helst måndag nästa vecka
på eftermiddagen", "går det på måndag 7.12?", "på kontoret i Borgå"); the slots offered
follow it. A slot is booked only if it was offered in this conversation. Slot rules live in
bot/rules/slots.py, bot/rules/slot_wish.py and bot/rules/slot_choice.py.
"""

from __future__ import annotations

import logging
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import ActiveLoop, EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.common import (
    CHANNEL_PHRASES,
    intent_of,
    language_of,
    now_utc,
    today,
    typed_text,
    yes_no_answer,
)
from actions.form_guard import REQUESTED, GuardedFormValidation
from actions.shared_booking import (
    ContactValidation,
    contact_answers,
    remembered,
    slot_request,
    typed_wish,
)
from bot.cases import booking
from bot.cases.db import StorageUnavailable
from bot.i18n import button_label
from bot.rules import answers
from bot.rules.answers import AnswerError
from bot.rules.booking_words import booking_answer
from bot.rules.form_exit import FormProfile, looks_like_question
from bot.rules.municipalities import by_code
from bot.rules.slot_choice import pick_offered, time_of_day
from bot.rules.slot_wish import SlotWish, filter_slots, nearest_days
from bot.rules.slots import Slot, local_office_first, office_name, parse_key
from bot.rules.timefmt import when, when_short
from bot.rules.vocabulary import CHANNELS
from bot.scheduling import offer_slots

log = logging.getLogger(__name__)
BOOKING_FORM = "booking_form"
SLOTS_PER_PAGE = 3
TIMES = ("morning", "afternoon", "any")
PROFILE = FormProfile(
    BOOKING_FORM, own_intents=frozenset({"book_meeting"}), in_form=frozenset({"show_more"})
)


def wish_of(tracker: Tracker) -> SlotWish | None:
    """The day, time or place the person asked for, kept in the ``slot_wish`` slot."""
    data = tracker.get_slot("slot_wish")
    return SlotWish.from_dict(data) if isinstance(data, dict) else None


def slot_buttons(slots: list[Slot], coaches: dict[int, Any], language: str) -> list[dict[str, str]]:
    """One button per slot: "tis 3.12 10.00 · Anna · Borgå"."""
    buttons = []
    for s in slots:
        coach = coaches[s.coach_id]
        place = f" · {office_name(coach.office, language)}" if coach.office else ""
        buttons.append(
            {
                "title": f"{when_short(s.start, language)} · {coach.name.split()[0]}{place}",
                "payload": f'/inform{{"booking_slot": "{s.key()}"}}',
            }
        )
    return buttons


class ActionAskBookingSlot(Action):
    """The booking form's question for a slot: three free slots as buttons."""

    def name(self) -> str:
        """Rasa's name of the action."""
        return "action_ask_booking_slot"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        """Offer a page of slots (the day or time asked for first); with none, a callback."""
        language = language_of(tracker)
        page = int(tracker.get_slot("slot_page") or 0)
        request = slot_request(tracker)
        try:
            slots, coaches = offer_slots(request, now_utc())
        except StorageUnavailable:
            dispatcher.utter_message(response="utter_booking_unavailable")
            return [ActiveLoop(None), SlotSet(REQUESTED, None)]
        if not slots:
            dispatcher.utter_message(response="utter_no_free_slots")
            return [ActiveLoop(None), SlotSet(REQUESTED, None), SlotSet("booking_ready", None)]
        wish = wish_of(tracker)
        response = "utter_ask_booking_slot" if page == 0 else "utter_ask_booking_slot_more"
        if wish is not None and not wish.empty:
            matching = filter_slots(slots, wish)
            if matching:
                slots = matching
                response = "utter_ask_booking_slot_wish" if page == 0 else response
            else:
                slots = nearest_days(slots, wish, n=len(slots)) or slots
                response = "utter_ask_booking_slot_nearest"
        start = page * SLOTS_PER_PAGE
        if start >= len(slots):
            start, page = 0, 0
            response = "utter_ask_booking_slot_again"
        shown = slots[start : start + SLOTS_PER_PAGE]
        place = ""
        if request.municipality and (request.channel in (None, "visit")):
            office_first = local_office_first(
                shown, {i: c.profile() for i, c in coaches.items()}, request
            )
            place = _place_text(request.municipality, office_first, language)
        keys = [s.key() for s in shown]
        # the slots first, then "more": the first choice a person (or a screen reader) meets
        # is a time, not the way to more of them
        more = {"title": button_label("more_slots", language), "payload": "/show_more"}
        dispatcher.utter_message(
            response=response, buttons=[*slot_buttons(shown, coaches, language), more], place=place
        )
        return [
            SlotSet("offered_slots", keys),
            SlotSet("offered_history", remembered(tracker, keys)),
            SlotSet("slot_page", page),
            SlotSet("show_more_target", "slots"),
        ]


def _place_text(municipality: str, office_first: bool, language: str) -> str:
    found = by_code(municipality)
    name = found.name(language) if found else ""
    if not name:
        return ""
    if office_first:
        return {"sv": f" (på kontoret i {name} först)", "fi": f" (ensin {name} toimisto)"}[language]
    return {
        "sv": f" (i {name} finns inga lediga tider just nu, här är andra kontor)",
        "fi": f" ({name}: ei vapaita aikoja juuri nyt, tässä muut toimistot)",
    }[language]


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
        response = (
            "utter_ask_booking_confirm_move"
            if tracker.get_slot("reschedule_reference")
            else "utter_ask_booking_confirm"
        )
        dispatcher.utter_message(
            response=response,
            when=when(start, language),
            coach=coach.name if coach else "",
            where=where,
        )
        return []


class ValidateBookingForm(ContactValidation, GuardedFormValidation):
    """Channel, time of day, slot, confirmation, consent and contact details."""

    profile = PROFILE
    yes_no_slots = frozenset({"booking_confirm", "contact_consent"})

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
        """A reschedule asks only the new time; no consent ends the form."""
        if tracker.get_slot("reschedule_reference"):
            return ["booking_slot", "booking_confirm"]
        if tracker.get_slot("contact_consent") is False:
            return []
        return list(domain_slots)

    # --- the guard's hooks --------------------------------------------------------------------

    def answers(self, slot: str, text: str, tracker: Tracker) -> bool:
        """Typed text that answers the open question."""
        if slot == "booking_confirm":
            return answers.parse_yes_no(text) is not None or booking_answer(text) is not None
        if slot == "booking_channel":
            try:
                answers.parse_channel(text)
            except AnswerError:
                return False
            return True
        if slot == "booking_time":
            return time_of_day(text, today()) is not None or typed_wish(tracker) is not None
        if slot == "booking_slot":
            offered = list(tracker.get_slot("offered_slots") or [])
            return (
                pick_offered(text, offered, today()) is not None or typed_wish(tracker) is not None
            )
        return contact_answers(slot, text)

    async def interpret(
        self, slot: str, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType] | None:
        """A day, date, time or place typed at the time questions: offer slots for it."""
        if slot not in ("booking_time", "booking_slot", "booking_confirm"):
            return None
        wish = typed_wish(tracker)
        text = typed_text(tracker) or ""
        if wish is None or (
            slot == "booking_slot" and pick_offered(text, self._offered(tracker), today())
        ):
            return None
        intent, confidence = intent_of(tracker)
        if (
            looks_like_question(text)
            and (intent or "").split("/")[0] in ("out_of_scope", "faq", "help")
            and confidence >= 0.6
        ):
            return None  # "vad blir vädret i morgon?" names a day but is not a wish
        if wish.to_dict() == tracker.get_slot("slot_wish"):
            return None  # the same wish again: the form answers it as any other message
        changes_channel = (
            wish.channel in CHANNELS
            and wish.channel != tracker.get_slot("booking_channel")
            and not tracker.get_slot("reschedule_reference")
        )
        if (
            slot == "booking_time"
            and wish.days is None
            and wish.municipality is None
            and not changes_channel
        ):
            return None  # a plain "förmiddag": the validator takes it
        events: list[EventType] = [
            *self._drop_candidates(tracker),
            SlotSet("slot_wish", wish.to_dict()),
            SlotSet("booking_time", wish.time_of_day or "any"),
            SlotSet("booking_slot", None),
            SlotSet("booking_confirm", None),
            SlotSet("slot_page", 0),
        ]
        if wish.channel in CHANNELS and not tracker.get_slot("reschedule_reference"):
            events.append(SlotSet("booking_channel", wish.channel))
        return [*events, SlotSet(REQUESTED, "booking_slot")]

    async def answer_in_form(
        self,
        intent: str,
        slot: str,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: DomainDict,
    ) -> list[EventType] | None:
        """Other times: the next page of slots (also from the confirmation)."""
        if intent != "show_more":
            return None
        page = int(tracker.get_slot("slot_page") or 0) + 1
        return [
            *self._drop_candidates(tracker),
            SlotSet("slot_page", page),
            SlotSet("booking_slot", None),
            SlotSet("booking_confirm", None),
            SlotSet(REQUESTED, "booking_slot"),
        ]

    @staticmethod
    def _offered(tracker: Tracker) -> list[str]:
        return list(tracker.get_slot("offered_slots") or [])

    # --- validators ---------------------------------------------------------------------------

    def validate_booking_channel(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        """Visit, phone or video."""
        if value in CHANNELS:
            return self.accept(tracker, "booking_channel", {"booking_channel": value})
        try:
            code = answers.parse_channel(str(value))
        except AnswerError:
            return self.reject("booking_channel", "channel_not_understood", dispatcher, tracker)
        return self.accept(tracker, "booking_channel", {"booking_channel": code})

    def validate_booking_time(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        """Morning, afternoon or any."""
        code = value if value in TIMES else time_of_day(str(value), today())
        if code is None:
            return self.reject("booking_time", "booking_time", dispatcher, tracker)
        return self.accept(tracker, "booking_time", {"booking_time": code, "slot_page": 0})

    def validate_booking_slot(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        """A slot offered in this conversation: a button, "the second one", or its time."""
        text = str(value)
        if "|" not in text:
            picked = pick_offered(text, self._offered(tracker), today())
            if picked is None:
                return self.reject("booking_slot", "booking_slot", dispatcher, tracker)
            text = picked
        try:
            parse_key(text)
        except ValueError:
            return self.reject("booking_slot", "booking_slot", dispatcher, tracker)
        if text not in (tracker.get_slot("offered_history") or []):
            # only a slot this conversation was offered (its language, its group)
            log.info("a slot that was not offered in this conversation was refused")
            return self.reject("booking_slot", "booking_slot", dispatcher, tracker)
        return self.accept(tracker, "booking_slot", {"booking_slot": text})

    def validate_booking_confirm(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        """Yes books; no goes back to choosing a time; anything else asks again."""
        answer = yes_no_answer(value, tracker, booking_answer)
        if answer is True:
            return self.accept(tracker, "booking_confirm", {"booking_confirm": True})
        if answer is None:
            return self.reject("booking_confirm", "yes_no", dispatcher, tracker)
        return {"booking_confirm": None, "booking_slot": None, "slot_page": 0}
