"""Answers in a form: validated once, a payload never taken as typed text, two tries.

:class:`CappedFormValidation` is the base of every form's validation (through
actions/form_guard.py). A failed answer goes through :meth:`CappedFormValidation.reject`,
which says why and counts it; after two failed answers the form offers the choices that
help (``give_up``), so no question is ever asked a third time. A button payload that
from_text put into a slot is dropped before validation, and a message that gave the open
question nothing at all is said to be so (and counted), never left to Rasa's rejection.
"""

from __future__ import annotations

import logging
from abc import abstractmethod
from typing import Any, ClassVar

from rasa_sdk import FormValidationAction, Tracker
from rasa_sdk.events import ActiveLoop, EventType, FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.common import is_payload, latest_text
from actions.form_turns import (
    FAILURES,
    LEFT_FORM,
    MAX_FAILURES,
    PENDING,
    REQUESTED,
    slot_events,
    slot_values,
    third_language,
    without_trailing_slots,
)

log = logging.getLogger(__name__)


class CappedFormValidation(FormValidationAction):
    """Validation of a form's answers with a cap on failed answers."""

    # Questions answered with yes or no (affirm/deny answer them).
    yes_no_slots: ClassVar[frozenset[str]] = frozenset()

    @abstractmethod
    def name(self) -> str:
        """``validate_<form>`` (abstract: rasa-sdk registers only concrete actions)."""

    # --- hooks for the forms -------------------------------------------------------------

    def before_leaving(self, tracker: Tracker) -> list[EventType]:
        """Events to add when the form is left (the kartläggning saves its draft)."""
        return []

    def give_up(
        self, slot: str, dispatcher: CollectingDispatcher, tracker: Tracker
    ) -> dict[str, Any]:
        """After two failed answers: offer the choices and leave the form (the default).

        Returns the slot values to set; ``REQUESTED: None`` ends the form.
        """
        dispatcher.utter_message(response=f"utter_form_choices_{self.form_name()}")
        return {slot: None, FAILURES: None, LEFT_FORM: self.form_name()}

    # --- the shared failure cap ------------------------------------------------------------

    def reject(
        self,
        slot: str,
        reason: str,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        **extra: Any,
    ) -> dict[str, Any]:
        """A failed answer to ``slot``: say why (first time) or offer choices (second time)."""
        failures = dict(tracker.get_slot(FAILURES) or {})
        failures[slot] = int(failures.get(slot, 0)) + 1
        if failures[slot] >= MAX_FAILURES:
            log.info("form %s: second failed answer to %s", self.form_name(), slot)
            values = self.give_up(slot, dispatcher, tracker)
            if FAILURES not in values:
                failures.pop(slot, None)
                values[FAILURES] = failures
            return values
        if reason != "too_long" and third_language(tracker):
            reason = "other_language"  # the answer is in English, Russian ...: say so
        dispatcher.utter_message(response=f"utter_invalid_{reason}", **extra)
        return {slot: None, FAILURES: failures}

    def ask_again(self, tracker: Tracker, slot: str) -> dict[str, Any]:
        """The message answered ``slot`` and the validator has said what was wrong with it
        (a one-time code that does not match, with the tries left): the question is asked
        again, without the "that was not an answer" message on top."""
        return {slot: None, FAILURES: dict(tracker.get_slot(FAILURES) or {})}

    def accept(self, tracker: Tracker, slot: str, values: dict[str, Any]) -> dict[str, Any]:
        """A valid answer: the slot's failures are forgotten."""
        failures = dict(tracker.get_slot(FAILURES) or {})
        if slot in failures or f"{slot}#questions" in failures:
            failures.pop(slot, None)
            failures.pop(f"{slot}#questions", None)
            values[FAILURES] = failures
        return values

    def _close_if_left(self, events: list[EventType], tracker: Tracker) -> list[EventType]:
        """A validator left the form (no booking to change, two failed answers ...): it has
        said what the person can do now; the form closes and the bot listens."""
        if any(e.get("event") == "active_loop" and e.get("name") is None for e in events):
            return events  # already left (handed back to the policies)
        if not any(
            e.get("event") == "slot" and e.get("name") == LEFT_FORM and e.get("value")
            for e in events
        ):
            return events
        log.info("form %s left by its validator", self.form_name())
        return [
            *events,
            *self.before_leaving(tracker),
            SlotSet(FAILURES, None),
            SlotSet(PENDING, None),
            SlotSet(REQUESTED, None),
            ActiveLoop(None),
            FollowupAction("action_listen"),
        ]

    # --- validation with payload protection ---------------------------------------------------

    def _drop_candidates(self, tracker: Tracker) -> list[EventType]:
        """Clear what the slot mappings took from this message (it was not an answer)."""
        return [SlotSet(name, None) for name in tracker.slots_to_validate()]

    def _answered(self, events: list[EventType], open_slot: str, domain: DomainDict) -> bool:
        """Whether the validation answered something: a value, a counted failure, a leave."""
        values = slot_values(events)
        if FAILURES in values or values.get(LEFT_FORM):
            return True
        if REQUESTED in values and values[REQUESTED] != open_slot:
            return True
        form_slots = set(self.domain_slots(domain)) | {open_slot}
        return any(values.get(name) is not None for name in form_slots)

    def no_answer_reason(self, slot: str, tracker: Tracker) -> str:
        """The message for a turn that gave the open question nothing at all."""
        if not latest_text(tracker).strip():
            return "empty"
        return "yes_no" if slot in self.yes_no_slots else "not_an_answer"

    async def _validate(
        self,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: DomainDict,
        fresh: bool = True,
    ) -> list[EventType]:
        text = latest_text(tracker)
        open_slot = tracker.get_slot(REQUESTED)
        dropped: list[EventType] = []
        candidates = tracker.slots_to_validate()
        # an empty candidate (a slot an earlier action cleared) is nothing to validate
        skip = {n for n, v in candidates.items() if v is None}
        if is_payload(text) or not fresh:
            # from_text put the payload itself into a slot: a button is never typed text; and
            # at the form's start Rasa lets the message that started it fill every from_text
            # slot of the form: a message answers only the question it was asked
            names = {n for n, v in candidates.items() if v == text}
            dropped = [SlotSet(name, None) for name in sorted(names)]
            skip |= names
        if skip:
            tracker.events = without_trailing_slots(tracker.events, skip)
            for name in skip:
                tracker.slots[name] = None
        events = await super().run(dispatcher, tracker, domain)
        slot = tracker.get_slot(REQUESTED)
        if fresh and slot and any(e["name"] == slot for e in dropped):
            values = self.reject(str(slot), "not_an_answer", dispatcher, tracker)
            events += slot_events(values)
        events = [*dropped, *events]
        if fresh and open_slot and not self._answered(events, open_slot, domain):
            # nothing in the message answered anything: say so (and count it) instead of
            # letting Rasa reject the form, which would leave the person to the fallback
            values = self.reject(
                str(open_slot), self.no_answer_reason(str(open_slot), tracker), dispatcher, tracker
            )
            events += slot_events(values)
        return self._close_if_left(events, tracker)
