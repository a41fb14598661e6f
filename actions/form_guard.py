"""The one way out of every form: the base class of every form's validation action.

Rasa runs a form's validation action on every message while the form is active. Before the
answer is validated, :class:`GuardedFormValidation` asks :func:`bot.rules.form_exit.decide`
what the message means and carries it out:

* an answer: validated by the form's ``validate_<slot>`` methods; a failed answer goes
  through :meth:`GuardedFormValidation.reject`, which counts it. After two failed answers
  the form offers the choices that help (the form decides which in ``give_up``), so no
  question is ever asked a third time;
* a question asked at the prompt (help, why, privacy, a FAQ ...): answered, then the form
  asks its question again;
* stop, start over, a human, a callback, a button of another intent, a clear other request:
  the form is left and the same message is handled as if no form had been active. This is
  Rasa's own "message clarification" (two-stage fallback): an ``action_listen`` and the user
  event again, with the intent decided here (``stop``, ``ask_human`` ...);
* a typed request in the kartläggning: asked once whether to leave (the pseudo-question
  ``form_leave_confirm``).

A button payload is never taken as typed text: a payload that from_text put into a slot is
dropped before validation.
"""

from __future__ import annotations

import copy
import logging
import time
from abc import abstractmethod
from typing import Any, ClassVar

from rasa_sdk import FormValidationAction, Tracker
from rasa_sdk.events import ActionExecuted, ActiveLoop, EventType, FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.common import entity_names, intent_of, is_payload, latest_text
from bot.rules.answers import explicit_yes_no
from bot.rules.form_exit import LEAVES, Decision, FormProfile, Move, Turn, decide, exit_kind

log = logging.getLogger(__name__)

REQUESTED = "requested_slot"
FAILURES = "form_failures"
PENDING = "form_pending_request"
LEFT_FORM = "left_form"
LEAVE_CONFIRM = "form_leave_confirm"
MAX_FAILURES = 2
# Rasa's own actions that may run between the person's message and the form.
_QUIET_ACTIONS = frozenset({"action_listen", "action_extract_slots", None})
# The intent the replayed message carries for each way out.
_LEAVE_INTENT = {
    Move.STOP: "stop",
    Move.RESTART: "stop",
    Move.HUMAN: "ask_human",
    Move.CALLBACK: "request_callback",
}
# Answers to questions asked at the prompt (a FAQ key has its own response).
_QUESTION_RESPONSES = {
    "ask_privacy": "utter_privacy",
    "ask_eligibility": "utter_eligibility",
    "bot_challenge": "utter_bot_challenge",
    "choose_language": "utter_language_changed_in_form",
}


def fresh_turn(tracker: Tracker, form: str) -> bool:
    """The form runs on a message nobody has handled yet (not at its activation, not when
    it comes back after another action answered the message)."""
    if (tracker.active_loop or {}).get("name") != form:
        return False
    for event in reversed(tracker.events):
        kind = event.get("event")
        if kind == "user":
            return True
        if kind == "action" and event.get("name") not in _QUIET_ACTIONS | {form}:
            return False
    return False


def replayed_user_event(
    tracker: Tracker, intent: str | None = None, text: str | None = None
) -> dict[str, Any]:
    """The latest user event again, for the policies to handle outside the form.

    With ``intent`` the message carries that intent (confidence 1.0); ``metadata.replayed``
    tells the chat history not to show it twice.
    """
    message = copy.deepcopy(tracker.latest_message or {})
    parse = {k: v for k, v in message.items() if k not in ("metadata",)}
    if intent is not None:
        parse["intent"] = {"name": intent, "confidence": 1.0}
        parse["intent_ranking"] = [parse["intent"]]
        parse["entities"] = []
    if text is not None:
        parse["text"] = text
    metadata = dict(message.get("metadata") or {})
    metadata["replayed"] = True
    return {
        "event": "user",
        "timestamp": time.time(),
        "text": parse.get("text"),
        "parse_data": parse,
        "input_channel": tracker.get_latest_input_channel(),
        "metadata": metadata,
    }


class GuardedFormValidation(FormValidationAction):
    """Validation with a way out at every question and a cap on failed answers."""

    profile: ClassVar[FormProfile]
    # Questions answered with yes or no (affirm/deny answer them).
    yes_no_slots: ClassVar[frozenset[str]] = frozenset()

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
        if reason != "too_long" and _third_language(tracker):
            reason = "other_language"  # the answer is in English, Russian ...: say so
        dispatcher.utter_message(response=f"utter_invalid_{reason}", **extra)
        return {slot: None, FAILURES: failures}

    def accept(self, tracker: Tracker, slot: str, values: dict[str, Any]) -> dict[str, Any]:
        """A valid answer: the slot's failures are forgotten."""
        failures = dict(tracker.get_slot(FAILURES) or {})
        if slot in failures or f"{slot}#questions" in failures:
            failures.pop(slot, None)
            failures.pop(f"{slot}#questions", None)
            values[FAILURES] = failures
        return values

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
        values = _set(events)
        if REQUESTED in values or any(
            e.get("event") == "active_loop" and e.get("name") is None for e in events
        ):
            return events
        for name, value in values.items():
            tracker.slots[name] = value
        required = await self.required_slots(self.domain_slots(domain), dispatcher, tracker, domain)
        following = next((s for s in required if tracker.slots.get(s) is None), None)
        return [*events, SlotSet(REQUESTED, following)]

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
        return self.leave(tracker, _LEAVE_INTENT.get(decision.move), decision.move)

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
        response = self._question_response(intent, slot, domain)
        if response is None:
            # a question the bot cannot place: counts as a failed answer (no endless loop)
            values = self.reject(str(slot), "question_unclear", dispatcher, tracker)
            return [*self._drop_candidates(tracker), *_slot_events(values)]
        dispatcher.utter_message(response=response)
        failures = dict(tracker.get_slot(FAILURES) or {})
        asked = f"{slot}#questions"
        failures[asked] = int(failures.get(asked, 0)) + 1
        if slot and failures[asked] >= MAX_FAILURES:
            # the second question instead of an answer: the question is not asked a third
            # time; the form offers its choices (the kartläggning leaves it to the coach)
            failures.pop(asked)
            values = self.give_up(str(slot), dispatcher, _with_failures(tracker, failures))
            values.setdefault(FAILURES, failures)
            return [*self._drop_candidates(tracker), *_slot_events(values)]
        return [
            *self._drop_candidates(tracker),
            SlotSet(PENDING, None),
            SlotSet(FAILURES, failures),
        ]

    def _question_response(
        self, intent: str | None, slot: str | None, domain: DomainDict
    ) -> str | None:
        """The response that answers a question asked at the prompt, or None."""
        responses = domain.get("responses") or {}
        top = (intent or "").split("/", 1)[0]
        if top == "faq":
            return f"utter_{intent}" if f"utter_{intent}" in responses else "utter_help"
        if top == "help":
            own = f"utter_help_{self.form_name()}"
            return own if own in responses else "utter_help"
        if top == "explain_question":
            explain = f"utter_explain_{slot}"
            return explain if explain in responses else "utter_explain_general"
        return _QUESTION_RESPONSES.get(top)

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
            return self.leave(tracker, _LEAVE_INTENT.get(decision.move), decision.move)
        if decision.move is Move.ANSWER and self.answers(str(back), text, tracker):
            return [*events, SlotSet(REQUESTED, back), SlotSet(str(back), text)]
        return self.leave(
            tracker, str(pending.get("intent") or ""), Move.REQUEST, str(pending.get("text"))
        )

    # --- validation with payload protection ---------------------------------------------------

    def _drop_candidates(self, tracker: Tracker) -> list[EventType]:
        """Clear what the slot mappings took from this message (it was not an answer)."""
        return [SlotSet(name, None) for name in tracker.slots_to_validate()]

    def _answered(self, events: list[EventType], open_slot: str, domain: DomainDict) -> bool:
        """Whether the validation answered something: a value, a counted failure, a leave."""
        values = _set(events)
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
            tracker.events = _without_trailing_slots(tracker.events, skip)
            for name in skip:
                tracker.slots[name] = None
        events = await super().run(dispatcher, tracker, domain)
        slot = tracker.get_slot(REQUESTED)
        if fresh and slot and any(e["name"] == slot for e in dropped):
            values = self.reject(str(slot), "not_an_answer", dispatcher, tracker)
            events += _slot_events(values)
        events = [*dropped, *events]
        if fresh and open_slot and not self._answered(events, open_slot, domain):
            # nothing in the message answered anything: say so (and count it) instead of
            # letting Rasa reject the form, which would leave the person to the fallback
            values = self.reject(
                str(open_slot), self.no_answer_reason(str(open_slot), tracker), dispatcher, tracker
            )
            events += _slot_events(values)
        return self._close_if_left(events, tracker)


def _with_failures(tracker: Tracker, failures: dict[str, Any]) -> Tracker:
    tracker.slots[FAILURES] = failures
    return tracker


def _without_trailing_slots(events: list[EventType], names: set[str]) -> list[EventType]:
    """The events without the trailing slot candidates named (what rasa-sdk validates)."""
    end = len(events)
    while end > 0 and events[end - 1].get("event") == "slot":
        end -= 1
    tail = [e for e in events[end:] if e.get("name") not in names]
    return [*events[:end], *tail]


def _third_language(tracker: Tracker) -> bool:
    detection = (tracker.latest_message or {}).get("language_detection") or {}
    return detection.get("language") == "other" and float(detection.get("confidence", 0)) >= 0.9


def _set(events: list[EventType]) -> dict[str, Any]:
    return {str(e["name"]): e.get("value") for e in events if e.get("event") == "slot"}


def _slot_events(values: dict[str, Any]) -> list[EventType]:
    return [SlotSet(k, v) for k, v in values.items()]
