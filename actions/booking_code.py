"""The code that confirms a held booking: booking_code_form.

A booking the person makes in the chat is held until they type the six-digit code sent to
the phone number or e-mail they gave (bot/cases/booking_hold.py). Right, the booking is
confirmed as before (time, coach, place, reference, calendar link) and the confirmation
messages go out; wrong, the tries left; five wrong or too late, the time is released and
the person can book again. Like every form, it can be left with any other request; the
hold then runs out by itself.
"""

from __future__ import annotations

import logging
from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.common import language_of, now_utc
from actions.form_guard import LEFT_FORM, GuardedFormValidation
from actions.shared_booking import confirm_booked
from bot.cases import booking, booking_hold
from bot.cases.db import StorageUnavailable
from bot.config import load_settings
from bot.rules.form_exit import FormProfile
from bot.rules.one_time_code import typed_code
from bot.rules.timefmt import when

log = logging.getLogger(__name__)
BOOKING_CODE_FORM = "booking_code_form"
PROFILE = FormProfile(BOOKING_CODE_FORM)


class ValidateBookingCodeForm(GuardedFormValidation):
    """The six digits that confirm the held booking."""

    profile = PROFILE

    def name(self) -> str:
        """Rasa's name of the action."""
        return "validate_booking_code_form"

    def answers(self, slot: str, text: str, tracker: Tracker) -> bool:
        """Six digits (with spaces, or in a sentence) answer the question."""
        return slot == "booking_code" and typed_code(text) is not None

    def validate_booking_code(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        """Right: confirmed; wrong: the tries left; locked or too late: released."""
        code = typed_code(str(value))
        if code is None:
            dispatcher.utter_message(response="utter_code_format")
            return {"booking_code": None}  # not a code: counted, so two of them leave the form
        reference = str(tracker.get_slot("held_reference") or "")
        try:
            check = booking_hold.confirm(tracker.sender_id, reference, code, now_utc())
            meeting = booking.meeting_by_reference(reference) if check.result == "ok" else None
        except StorageUnavailable:
            log.warning("a booking code could not be checked (database unavailable)")
            dispatcher.utter_message(response="utter_booking_unavailable")
            return {"booking_code": None}
        if check.result == "wrong":
            dispatcher.utter_message(response="utter_code_wrong", tries_left=check.tries_left)
            return self.ask_again(tracker, "booking_code")
        if check.result == "locked":
            dispatcher.utter_message(response="utter_booking_code_locked")
            return self._left()
        if check.result == "already":
            other = booking.meeting_by_reference(check.references[0])
            moment = other.start_at if other is not None else None
            language = language_of(tracker)
            dispatcher.utter_message(
                response="utter_already_booked", when=when(moment, language) if moment else ""
            )
            return self._left(booking_reference=check.references[0])
        if check.result != "ok" or meeting is None:
            dispatcher.utter_message(response="utter_booking_hold_expired")
            return self._left()
        confirm_booked(dispatcher, meeting, language_of(tracker), load_settings().public_base_url)
        return self.accept(
            tracker,
            "booking_code",
            {"booking_code": "confirmed", "held_reference": None, "booking_reference": reference},
        )

    def _left(self, **more: Any) -> dict[str, Any]:
        return {"booking_code": None, "held_reference": None, LEFT_FORM: BOOKING_CODE_FORM, **more}
