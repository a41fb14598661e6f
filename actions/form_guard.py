"""The one way out of every form: the base class of every form's validation action.

Rasa runs a form's validation action on every message while the form is active. Before the
answer is validated, :class:`GuardedFormValidation` asks :func:`bot.rules.form_exit.decide`
what the message means and carries it out:

* an answer: validated by the form's ``validate_<slot>`` methods, with the failure cap and
  the payload protection of :class:`actions.form_answers.CappedFormValidation` (after two
  failed answers the form offers the choices that help, so no question is asked a third
  time);
* a question asked at the prompt (help, why, privacy, a FAQ ...): answered, then the form
  asks its question again;
* stop, start over, a human, a callback, a button of another intent, a clear other request:
  the form is left and the same message is handled as if no form had been active. This is
  Rasa's own "message clarification" (two-stage fallback): an ``action_listen`` and the user
  event again, with the intent decided here (``stop``, ``ask_human`` ...);
* a typed request in the kartläggning: asked once whether to leave (the pseudo-question
  ``form_leave_confirm``).

The guard's slot names and event helpers are in actions/form_turns.py.
"""

from __future__ import annotations

import logging
from abc import abstractmethod
from typing import ClassVar

from rasa_sdk import Tracker
from rasa_sdk.events import ActionExecuted, ActiveLoop, EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.common import entity_names, intent_of, is_payload, latest_text
from actions.form_answers import CappedFormValidation
from actions.form_turns import (
    FAILURES,
    LEAVE_CONFIRM,
    LEAVE_INTENT,
    LEFT_FORM,
    MAX_FAILURES,
    PENDING,
    REQUESTED,
    fresh_turn,
    question_response,
    replayed_user_event,
    slot_events,
    slot_values,
    with_failures,
)
from bot.rules.answers import explicit_yes_no
from bot.rules.form_exit import LEAVES, Decision, FormProfile, Move, Turn, decide, exit_kind

log = logging.getLogger(__name__)
__all__ = [
    "FAILURES",
    "LEAVE_CONFIRM",
    "LEFT_FORM",
    "PENDING",
    "REQUESTED",
    "GuardedFormValidation",
]


class GuardedFormValidation(CappedFormValidation):
    """Validation with a way out at every question and a cap on failed answers."""

    profile: ClassVar[FormProfile]

    @abstractmethod
    def name(self) -> str:
        """``validate_<form>`` (abstract: rasa-sdk registers only concrete actions)."""

    # --- hooks for the forms -------------------------------------------------------------

    def answers(self, slot: str, text: str, tracker: Tracker) -> bool:
        """Whether typed ``text`` is a valid answer to ``slot`` (the forms refine this)."""
        return False

    async def interpret(
        self, slot: str, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType] | None:
        """A form's own reading of a message before the general one (e.g. a correction)."""
        return None

    async def answer_in_form(
        self,
        intent: str,
        slot: str,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: DomainDict,
    ) -> list[EventType] | None:
        """A form's own in-form intents (skip, correct, show more); None: not handled."""
        return None

    # --- the run ------------------------------------------------------------------------------

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        """Decide what the message means for the form, then carry it out."""
        if not fresh_turn(tracker, self.form_name()):
            return await self._validate(dispatcher, tracker, domain, fresh=False)
        slot = tracker.get_slot(REQUESTED)
        if slot == LEAVE_CONFIRM:
            events = await self._leave_confirmed(dispatcher, tracker, domain)
            return await self._finish(events, dispatcher, tracker, domain)
        if slot and exit_kind(latest_text(tracker)) is None:
            # the form's own reading (a correction, a day for the booking ...); a stop, a human
            # or a callback in the words always comes first
            own = await self.interpret(str(slot), dispatcher, tracker, domain)
            if own is not None:
                return await self._finish(own, dispatcher, tracker, domain)
        decision = decide(self.turn(tracker, slot))
        log.debug("form %s at %s: %s (%s)", self.form_name(), slot, decision.move, decision.reason)
        events = await self.carry_out(decision, slot, dispatcher, tracker, domain)
        return await self._finish(events, dispatcher, tracker, domain)

    async def _finish(
        self,
        events: list[EventType],
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: DomainDict,
    ) -> list[EventType]:
        """Close the form if it was left; otherwise name the next question.

        Rasa asks the next slot of the domain's list unless the validation names one; the
        forms' own ``required_slots`` (no follow-up unless it is needed, no duration for a
        student) decide it here too, as rasa-sdk does after a normal validation.
        """
        events = self._close_if_left(events, tracker)
        values = slot_values(events)
        if REQUESTED in values or any(
            e.get("event") == "active_loop" and e.get("name") is None for e in events
        ):
            return events
        for name, value in values.items():
            tracker.slots[name] = value
        required = await self.required_slots(self.domain_slots(domain), dispatcher, tracker, domain)
        following = next((s for s in required if tracker.slots.get(s) is None), None)
        return [*events, SlotSet(REQUESTED, following)]

    def turn(self, tracker: Tracker, slot: str | None) -> Turn:
        """The message as :func:`decide` sees it."""
        text = latest_text(tracker)
        intent, confidence = intent_of(tracker)
        return Turn(
            form=self.profile,
            slot=slot,
            text=text,
            intent=intent,
            confidence=1.0 if is_payload(text) else confidence,
            entities=entity_names(tracker),
            answers=bool(slot) and not is_payload(text) and self.answers(str(slot), text, tracker),
            yes_no=slot in self.yes_no_slots,
        )

    async def carry_out(
        self,
        decision: Decision,
        slot: str | None,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: DomainDict,
    ) -> list[EventType]:
        """Do what ``decision`` says."""
        if decision.move is Move.ANSWER:
            return await self._validate(dispatcher, tracker, domain)
        if decision.move is Move.QUESTION:
            return await self._question(slot, dispatcher, tracker, domain)
        if decision.move is Move.ASK_LEAVE:
            intent, _ = intent_of(tracker)
            return [
                *self._drop_candidates(tracker),
                SlotSet(PENDING, {"intent": intent, "text": latest_text(tracker), "slot": slot}),
                SlotSet(REQUESTED, LEAVE_CONFIRM),
            ]
        assert decision.move in LEAVES
        return self.leave(tracker, LEAVE_INTENT.get(decision.move), decision.move)

    def leave(
        self,
        tracker: Tracker,
        intent: str | None,
        move: Move,
        text: str | None = None,
    ) -> list[EventType]:
        """Leave the form and hand the message to the policies as if no form was active."""
        log.info("form %s left: %s", self.form_name(), move.value)
        return [
            *self._drop_candidates(tracker),
            *self.before_leaving(tracker),
            SlotSet(FAILURES, None),
            SlotSet(PENDING, None),
            SlotSet(LEFT_FORM, self.form_name()),
            SlotSet("restart_requested", move is Move.RESTART),
            SlotSet(REQUESTED, None),
            ActiveLoop(None),
            ActionExecuted("action_listen"),
            replayed_user_event(tracker, intent, text),
        ]

    async def _question(
        self,
        slot: str | None,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: DomainDict,
    ) -> list[EventType]:
        intent, _ = intent_of(tracker)
        top = (intent or "").split("/", 1)[0]
        if slot and top in self.profile.in_form:
            own = await self.answer_in_form(top, slot, dispatcher, tracker, domain)
            if own is not None:
                return own
        response = question_response(intent, slot, self.form_name(), domain)
        if response is None:
            # a question the bot cannot place: counts as a failed answer (no endless loop)
            values = self.reject(str(slot), "question_unclear", dispatcher, tracker)
            return [*self._drop_candidates(tracker), *slot_events(values)]
        dispatcher.utter_message(response=response)
        failures = dict(tracker.get_slot(FAILURES) or {})
        asked = f"{slot}#questions"
        failures[asked] = int(failures.get(asked, 0)) + 1
        if slot and failures[asked] >= MAX_FAILURES:
            # the second question instead of an answer: the question is not asked a third
            # time; the form offers its choices (the kartläggning leaves it to the coach)
            failures.pop(asked)
            values = self.give_up(str(slot), dispatcher, with_failures(tracker, failures))
            values.setdefault(FAILURES, failures)
            return [*self._drop_candidates(tracker), *slot_events(values)]
        return [
            *self._drop_candidates(tracker),
            SlotSet(PENDING, None),
            SlotSet(FAILURES, failures),
        ]

    async def _leave_confirmed(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        """The answer to "do you want to leave for that?"."""
        pending = dict(tracker.get_slot(PENDING) or {})
        back = pending.get("slot")
        intent, _ = intent_of(tracker)
        text = latest_text(tracker)
        answer = explicit_yes_no(
            True if intent == "affirm" else False if intent == "deny" else None, text
        )
        if answer is True and pending.get("intent"):
            return self.leave(
                tracker, str(pending["intent"]), Move.REQUEST, text=str(pending.get("text") or "")
            )
        events: list[EventType] = [SlotSet(PENDING, None), SlotSet(LEAVE_CONFIRM, None)]
        if answer is False or not back:
            dispatcher.utter_message(response="utter_form_continue")
            return [*events, SlotSet(REQUESTED, back)]
        # neither yes nor no: read the message again as a turn at the question left open
        decision = decide(self.turn(tracker, back))
        if decision.move in LEAVES:
            return self.leave(tracker, LEAVE_INTENT.get(decision.move), decision.move)
        if decision.move is Move.ANSWER and self.answers(str(back), text, tracker):
            return [*events, SlotSet(REQUESTED, back), SlotSet(str(back), text)]
        return self.leave(
            tracker, str(pending.get("intent") or ""), Move.REQUEST, str(pending.get("text"))
        )
