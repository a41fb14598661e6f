"""Kartläggning / alkukartoitus: the mapping form and its validators.

The questions are one table (bot/rules/questions.py): a stored value or a button's code is
kept as it is (a correction re-validates only the corrected answer); typed text is parsed
into a code plus details, and the person's own words are kept for the coach. The way out of
the form, the failure cap and the questions asked at the prompt are the guard's
(actions/form_guard.py). The summary and the steps after the form are in
actions/mapping_summary.py.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.common import answers_of, entity, language_of, typed_text, yes_no_answer
from actions.form_guard import FAILURES, REQUESTED, GuardedFormValidation
from actions.shared_mapping import CONSENT, FORM, STATUS, WHICH_FIELD, context, save_draft
from bot.rules import answers, questions
from bot.rules.answers import AnswerError
from bot.rules.corrections import find_correction, question_named_in
from bot.rules.form_exit import FormProfile
from bot.rules.profile import ANSWER_TEXTS, DETAIL_SLOTS, FACTS, OPTIONAL_QUESTIONS, QUESTIONS
from bot.rules.vocabulary import QUESTION_LABELS, SKIPPED, UNANSWERED

log = logging.getLogger(__name__)
PROFILE = FormProfile(
    FORM,
    in_form=frozenset({"skip_question", "correct_answer"}),
    leave_at_once=frozenset({"pause_mapping", "goodbye"}),
    ask_before_leaving=True,
)


Validator = Callable[[Any, Any, CollectingDispatcher, Tracker, DomainDict], Awaitable[dict]]


class ValidateMappingForm(GuardedFormValidation):
    """The kartläggning's validation: one table of questions, a way out at every one."""

    profile = PROFILE
    yes_no_slots = frozenset({CONSENT, *questions.YES_NO})

    def name(self) -> str:
        """Rasa's name of the action."""
        return "validate_mapping_form"

    async def required_slots(
        self,
        domain_slots: list[str],
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: DomainDict,
    ) -> list[str]:
        """No questions after a "no" to consent; no duration for students; the follow-up on
        work ability only after a mild mention."""
        if tracker.get_slot(CONSENT) is False:
            return []
        slots = list(domain_slots)
        if tracker.get_slot("situation") in questions.NO_DURATION and "situation_duration" in slots:
            slots.remove("situation_duration")
        if tracker.get_slot("work_ability") != "mild" and "work_ability_effect" in slots:
            slots.remove("work_ability_effect")
        return slots

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        """The guard's run; then the answers are kept as a draft (with consent)."""
        events = await super().run(dispatcher, tracker, domain)
        if tracker.get_slot(CONSENT) is True or any(
            e.get("name") == CONSENT and e.get("value") is True for e in events
        ):
            held = answers_of(tracker)
            for e in events:
                if (e.get("event") == "slot" and e.get("name") in held) or (
                    e.get("event") == "slot" and e.get("name") in questions.QUESTIONS
                ):
                    held[str(e["name"])] = e.get("value")
            held[CONSENT] = True
            save_draft(tracker, {k: v for k, v in held.items() if v is not None})
        return events

    # --- the guard's hooks --------------------------------------------------------------------

    def answers(self, slot: str, text: str, tracker: Tracker) -> bool:
        """Typed text that is a recognised answer to the open question."""
        if slot in self.yes_no_slots:
            return answers.parse_yes_no(text) is not None
        return questions.answers_question(slot, text, context(tracker))

    async def interpret(
        self, slot: str, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType] | None:
        """A correction typed at any question, and the answer to "which answer?"."""
        text = typed_text(tracker)
        if slot == WHICH_FIELD:
            return self._field_chosen(dispatcher, tracker)
        if text is None or slot == CONSENT:
            return None
        correction = find_correction(text, slot, _answered_last(tracker, slot))
        if correction is None or correction.question not in questions.QUESTIONS:
            return None
        return self._apply_correction(
            correction.question, correction.value_text, slot, dispatcher, tracker
        )

    async def answer_in_form(
        self,
        intent: str,
        slot: str,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: DomainDict,
    ) -> list[EventType] | None:
        """Skip the open question, or change an earlier answer."""
        drop = self._drop_candidates(tracker)
        if intent == "skip_question":
            if slot in OPTIONAL_QUESTIONS:
                dispatcher.utter_message(response="utter_question_skipped")
                return [*drop, SlotSet(slot, SKIPPED)]
            values = self.reject(slot, "question_required", dispatcher, tracker)
            return [*drop, *(SlotSet(k, v) for k, v in values.items())]
        if intent == "correct_answer":
            field = entity(tracker, "field") or question_named_in(typed_text(tracker) or "")
            if field in QUESTIONS and field != slot:
                return [*drop, *self._reopen(str(field), tracker)]
            return [*drop, SlotSet("form_return_slot", slot), SlotSet(REQUESTED, WHICH_FIELD)]
        return None

    def before_leaving(self, tracker: Tracker) -> list[EventType]:
        """The kartläggning is paused, not lost: the draft is kept (with consent)."""
        save_draft(tracker)
        if tracker.get_slot(CONSENT) is True:
            return [SlotSet(STATUS, "paused")]
        return [SlotSet(STATUS, None), SlotSet(CONSENT, None)]

    def give_up(
        self, slot: str, dispatcher: CollectingDispatcher, tracker: Tracker
    ) -> dict[str, Any]:
        """Two failed answers: the coach asks that one (consent: the other ways to go on)."""
        if slot == CONSENT:
            return super().give_up(slot, dispatcher, tracker)
        dispatcher.utter_message(response="utter_question_left_for_coach")
        return {slot: SKIPPED if slot in OPTIONAL_QUESTIONS else UNANSWERED}

    # --- validators ---------------------------------------------------------------------------

    def validate_mapping_consent(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        """Consent is an explicit yes or no."""
        if _given_earlier(CONSENT, value, tracker):
            return {CONSENT: value}
        answer = yes_no_answer(value, tracker)
        if answer is None:
            return self.reject(CONSENT, "consent", dispatcher, tracker)
        return self.accept(
            tracker, CONSENT, {CONSENT: answer, STATUS: "in_progress" if answer else "declined"}
        )

    def validate_work_ability_effect(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        """Only a yes to "does it affect the work you can take?" records a limitation."""
        if value in (SKIPPED, UNANSWERED):
            return self.accept(tracker, "work_ability_effect", {"work_ability_effect": None})
        if _given_earlier("work_ability_effect", value, tracker):
            return {"work_ability_effect": value}
        answer = yes_no_answer(value, tracker, answers.parse_work_ability_effect)
        if answer is None:
            return self.reject(
                "work_ability_effect", "work_ability_effect_not_understood", dispatcher, tracker
            )
        values: dict[str, Any] = {"work_ability_effect": answer}
        if answer:
            values["work_ability"] = "limited"
        return self.accept(tracker, "work_ability_effect", values)

    def validate_question(
        self, slot: str, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker
    ) -> dict[str, Any]:
        """Every question: a kept code stays as it is; typed text is parsed."""
        question = questions.QUESTIONS[slot]
        text = typed_text(tracker)
        typed_now = text is not None and value == text and tracker.get_slot(REQUESTED) == slot
        if not typed_now and question.accepts(value):
            values = {slot: question.stored(value)}
            if entity(tracker, slot) is not None:
                # a button's answer: no typed words and no details go with it
                values.update({d: None for d in question.details})
                texts = dict(tracker.get_slot(ANSWER_TEXTS) or {})
                if texts.pop(slot, None) is not None:
                    values[ANSWER_TEXTS] = texts
            return self.accept(tracker, slot, values)
        if not isinstance(value, str):
            return self.reject(slot, _not_understood(slot), dispatcher, tracker)
        return self._parsed(slot, value, dispatcher, tracker)

    def _parsed(
        self, slot: str, text: str, dispatcher: CollectingDispatcher, tracker: Tracker
    ) -> dict[str, Any]:
        try:
            parsed = questions.parse(slot, text, context(tracker))
        except AnswerError as error:
            extra: dict[str, Any] = {}
            if error.reason == "municipality_suggest":
                language = language_of(tracker)
                found = error.details.get("suggestions")
                suggestions = tuple(found) if isinstance(found, list | tuple) else ()
                extra["buttons"] = [
                    {"title": m.name(language), "payload": f'/inform{{"municipality": "{m.code}"}}'}
                    for m in suggestions
                ]
            return self.reject(slot, error.reason, dispatcher, tracker, **extra)
        values: dict[str, Any] = {slot: parsed.value, **parsed.details}
        texts = dict(tracker.get_slot(ANSWER_TEXTS) or {})
        if parsed.keep_words:
            texts[slot] = answers.own_words(text)
        else:
            texts.pop(slot, None)
        values[ANSWER_TEXTS] = texts
        facts = list(tracker.get_slot(FACTS) or [])
        for fact in answers.facts_in(text):
            if fact not in facts:
                facts.append(fact)
        values[FACTS] = facts
        if slot == "work_ability":
            values["work_ability_effect"] = None
        return self.accept(tracker, slot, values)

    # --- corrections --------------------------------------------------------------------------

    def _apply_correction(
        self,
        question: str,
        value_text: str,
        open_slot: str,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
    ) -> list[EventType]:
        """Change the corrected answer only (re-validated); then the open question again."""
        drop = self._drop_candidates(tracker)
        try:
            questions.parse(question, value_text, context(tracker))
        except AnswerError:
            # the value did not parse: ask the corrected question itself
            return [*drop, *self._reopen(question, tracker)]
        saved_failures = tracker.get_slot(FAILURES)
        values = self._parsed(question, value_text, dispatcher, tracker)
        values[FAILURES] = saved_failures
        language = language_of(tracker)
        dispatcher.utter_message(
            response="utter_answer_changed", question=QUESTION_LABELS[question][language]
        )
        return [*drop, *(SlotSet(k, v) for k, v in values.items()), SlotSet(REQUESTED, open_slot)]

    def _reopen(self, question: str, tracker: Tracker) -> list[EventType]:
        """Ask ``question`` again now; the form comes back to the open one afterwards."""
        events: list[EventType] = [SlotSet(question, None)]
        events += [SlotSet(d, None) for d in DETAIL_SLOTS.get(question, ())]
        failures = dict(tracker.get_slot(FAILURES) or {})
        failures.pop(question, None)
        return [*events, SlotSet(FAILURES, failures), SlotSet(REQUESTED, question)]

    def _field_chosen(self, dispatcher: CollectingDispatcher, tracker: Tracker) -> list[EventType]:
        """The answer to "which answer do you want to change?"."""
        back = tracker.get_slot("form_return_slot")
        field = entity(tracker, "field") or question_named_in(typed_text(tracker) or "")
        drop = self._drop_candidates(tracker)
        if field in QUESTIONS:
            return [*drop, SlotSet("form_return_slot", None), *self._reopen(str(field), tracker)]
        text = typed_text(tracker)
        by_value = questions.question_of_value(text, context(tracker)) if text else None
        if text and by_value and back:
            # "Vilket svar?" - "Lovisa": the new value itself names the answer
            events = self._apply_correction(by_value, text, str(back), dispatcher, tracker)
            return [SlotSet("form_return_slot", None), *events]
        dispatcher.utter_message(response="utter_form_continue")
        return [*drop, SlotSet("form_return_slot", None), SlotSet(REQUESTED, back)]


def _answered_last(tracker: Tracker, open_slot: str) -> str | None:
    """The question answered last before ``open_slot`` (a change of mind refers to it)."""
    for event in reversed(tracker.events):
        name = event.get("name")
        if (
            event.get("event") == "slot"
            and name in questions.QUESTIONS
            and name != open_slot
            and event.get("value") is not None
        ):
            return str(name)
    return None


def _given_earlier(slot: str, value: Any, tracker: Tracker) -> bool:
    """A yes/no answered before, not at this question: the form reopened for a correction
    and Rasa validates every filled slot again against the new message (keep it)."""
    return isinstance(value, bool) and tracker.get_slot(REQUESTED) != slot


def _not_understood(slot: str) -> str:
    return {
        "age_group": "age_not_understood",
        "municipality": "municipality_unknown",
    }.get(slot, "empty")


def _make_validator(slot: str) -> Validator:
    async def validate(
        self: ValidateMappingForm,
        value: Any,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: DomainDict,
    ) -> dict[str, Any]:
        return self.validate_question(slot, value, dispatcher, tracker)

    validate.__name__ = f"validate_{slot}"
    validate.__doc__ = f"Validate the answer to {slot} (bot/rules/questions.py)."
    return validate


# One validator per question of the table, except those with a method of their own above.
for _slot in questions.QUESTIONS:
    if not hasattr(ValidateMappingForm, f"validate_{_slot}"):
        setattr(ValidateMappingForm, f"validate_{_slot}", _make_validator(_slot))
