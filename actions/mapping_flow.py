"""Kartläggning around the form: start or continue, the summary, saving, changing an answer
after the summary, pausing, and "why?" or "skip" asked outside the form.

The rules live in :mod:`bot.rules`; storage in :mod:`bot.cases.mappings`.
"""

from __future__ import annotations

import logging

from rasa_sdk import Action, Tracker
from rasa_sdk.events import ActiveLoop, EventType, FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.common import answers_of, entity, language_of, today, typed_text
from actions.form_guard import FAILURES
from actions.shared_mapping import CONSENT, FORM, STATUS, WHICH_FIELD, context, save_draft
from bot.cases import mappings
from bot.cases.db import StorageUnavailable
from bot.config import load_settings
from bot.rules import questions
from bot.rules.answers import AnswerError, parse_yes_no
from bot.rules.corrections import Correction, find_correction, question_named_in
from bot.rules.profile import ALL_ANSWER_SLOTS, DETAIL_SLOTS, QUESTIONS, MappingProfile
from bot.rules.summary import answers_text, assess, person_result, stored_fields
from bot.rules.vocabulary import QUESTION_LABELS

log = logging.getLogger(__name__)
# form_which_field after the summary: "which answer?" was asked, the next message answers it
ASKED = "asked_after_summary"
SUMMARY_HEADER = {"sv": "Här är dina svar:", "fi": "Tässä vastauksesi:"}


class ActionStartMapping(Action):
    """Start, or continue where the person left off (also from a saved draft)."""

    def name(self) -> str:
        """Rasa's name of the action."""
        return "action_start_mapping"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        """Restore a draft when the slots are empty; greet a returning person."""
        events: list[EventType] = [SlotSet(STATUS, "in_progress"), SlotSet(FAILURES, None)]
        if tracker.get_slot(CONSENT) is False or tracker.get_slot(STATUS) == "declined":
            events.append(SlotSet(CONSENT, None))
            return events
        held = answers_of(tracker)
        if not held:
            try:
                draft = mappings.load_draft(tracker.sender_id)
            except StorageUnavailable:
                draft = None
                log.warning("could not read mapping draft (database unavailable)")
            if draft:
                events += [SlotSet(k, v) for k, v in draft.items() if k in ALL_ANSWER_SLOTS]
                held = draft
        if len(held) > 1:
            dispatcher.utter_message(response="utter_mapping_continue")
        return events


class ActionMappingFinished(Action):
    """After the form: the summary for confirmation, or the other ways without consent."""

    def name(self) -> str:
        """Rasa's name of the action."""
        return "action_mapping_finished"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        """Show the answers in the person's language and ask for confirmation."""
        if tracker.get_slot(CONSENT) is False:
            try:
                mappings.discard_draft(tracker.sender_id)
            except StorageUnavailable:
                log.warning("could not discard mapping draft (database unavailable)")
            dispatcher.utter_message(response="utter_mapping_declined")
            return [SlotSet(CONSENT, None), SlotSet(STATUS, "declined")]
        language = language_of(tracker)
        profile = MappingProfile.from_slots(answers_of(tracker))
        text = SUMMARY_HEADER[language] + "\n" + answers_text(profile, language, QUESTIONS)
        dispatcher.utter_message(text=text)
        dispatcher.utter_message(response="utter_confirm_summary")
        return [SlotSet(STATUS, "review"), SlotSet(WHICH_FIELD, None)]


class ActionSaveMapping(Action):
    """Save the confirmed summary in both languages; then say what happens next."""

    def name(self) -> str:
        """Rasa's name of the action."""
        return "action_save_mapping"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        """One transaction; on a database error nothing is written and the person can retry."""
        if tracker.get_slot(STATUS) == "saved":
            dispatcher.utter_message(response="utter_mapping_saved")
            return []
        settings = load_settings()
        language = language_of(tracker)
        profile = MappingProfile.from_slots(answers_of(tracker))
        assessment = assess(profile, today(), settings.service_area, settings.service_rules)
        summary = mappings.ConfirmedSummary(**stored_fields(profile, assessment, QUESTIONS))
        try:
            mappings.confirm_summary(tracker.sender_id, language, summary)
        except StorageUnavailable:
            log.warning("mapping summary not saved (database unavailable)")
            dispatcher.utter_message(response="utter_mapping_save_failed")
            return [SlotSet(STATUS, "review")]
        result = person_result(assessment, language)
        dispatcher.utter_message(response=result.response, path=result.path)
        return [
            SlotSet(STATUS, "saved"),
            SlotSet("eligibility", assessment.eligibility.status),
            SlotSet("service_path", assessment.path.path),
        ]


def field_buttons(tracker: Tracker) -> list[dict[str, str]]:
    """One button per answered question (all of them when none is answered yet)."""
    language = language_of(tracker)
    answered = [q for q in QUESTIONS if tracker.get_slot(q) is not None]
    return [
        {"title": QUESTION_LABELS[q][language], "payload": f'/correct_answer{{"field": "{q}"}}'}
        for q in (answered or QUESTIONS)
    ]


class ActionAskWhichField(Action):
    """In the form: "which answer do you want to change?", with a button per answer."""

    def name(self) -> str:
        """Rasa's name of the action (the form's question ``form_which_field``)."""
        return "action_ask_form_which_field"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        """Ask which answer, with the answered questions as buttons."""
        dispatcher.utter_message(response="utter_which_field", buttons=field_buttons(tracker))
        return []


class ActionCorrectAnswer(Action):
    """Change an answer after the summary (or name one outside the form).

    A correction that carries its value ("jag är född 1968") is applied at once and the
    summary shown again; otherwise the form asks that one question again. Nothing else
    changes.
    """

    def name(self) -> str:
        """Rasa's name of the action."""
        return "action_correct_answer"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        """Apply the correction, reopen the question, or ask which answer."""
        text = typed_text(tracker) or ""
        answering_which = tracker.get_slot(WHICH_FIELD) == ASKED
        correction = find_correction(text, None) if text else None
        if correction is None and answering_which and text:
            # "Vilket svar?" - "Lovisa": the new value itself names the answer
            chosen = questions.question_of_value(text, context(tracker))
            correction = Correction(chosen, text) if chosen else None
        if correction is not None and correction.question in questions.QUESTIONS:
            applied = self._apply(correction.question, correction.value_text, tracker)
            if applied is not None:
                language = language_of(tracker)
                dispatcher.utter_message(
                    response="utter_answer_changed",
                    question=QUESTION_LABELS[correction.question][language],
                )
                return [
                    *applied,
                    SlotSet(WHICH_FIELD, None),
                    FollowupAction("action_mapping_finished"),
                ]
        field = entity(tracker, "field") or question_named_in(text)
        if field not in QUESTIONS and answering_which:
            # still not clear which: nothing is changed and the summary is asked again
            dispatcher.utter_message(response="utter_which_field_unclear")
            return [SlotSet(WHICH_FIELD, None), FollowupAction("action_mapping_finished")]
        if field not in QUESTIONS:
            dispatcher.utter_message(response="utter_which_field", buttons=field_buttons(tracker))
            return [SlotSet(WHICH_FIELD, ASKED)]
        events: list[EventType] = [SlotSet(str(field), None), SlotSet(WHICH_FIELD, None)]
        events += [SlotSet(detail, None) for detail in DETAIL_SLOTS.get(str(field), ())]
        failures = dict(tracker.get_slot(FAILURES) or {})
        failures.pop(str(field), None)
        events += [SlotSet(FAILURES, failures), SlotSet(STATUS, "in_progress")]
        if tracker.active_loop.get("name") != FORM:
            events.append(FollowupAction(FORM))
        return events

    @staticmethod
    def _apply(question: str, value_text: str, tracker: Tracker) -> list[EventType] | None:
        try:
            parsed = questions.parse(question, value_text, context(tracker))
        except AnswerError:
            return None
        values = {question: parsed.value, **parsed.details}
        held = {**answers_of(tracker), **values}
        texts = dict(held.get("answer_texts") or {})
        texts[question] = " ".join(value_text.split())
        held["answer_texts"] = texts
        save_draft(tracker, held)
        return [*(SlotSet(k, v) for k, v in values.items()), SlotSet("answer_texts", texts)]


class ActionExplainQuestion(Action):
    """Why is this question asked? Outside the form: the mapping in general."""

    def name(self) -> str:
        """Rasa's name of the action."""
        return "action_explain_question"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        """Explain the question being asked, or the mapping in general."""
        slot = tracker.get_slot("requested_slot")
        response = f"utter_explain_{slot}"
        if not slot or response not in domain.get("responses", {}):
            response = "utter_explain_general"
        dispatcher.utter_message(response=response)
        return []


class ActionSkipQuestion(Action):
    """ "Skip" outside a form: nothing to skip, so say what the bot can do."""

    def name(self) -> str:
        """Rasa's name of the action."""
        return "action_skip_question"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        """Say what the person can do."""
        dispatcher.utter_message(response="utter_help")
        return []


class ActionPauseMapping(Action):
    """Pause: keep the answers (in the case database, with consent) and stop asking."""

    def name(self) -> str:
        """Rasa's name of the action."""
        return "action_pause_mapping"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        """Save the draft, deactivate the form, say how to continue."""
        if tracker.active_loop.get("name") != FORM and tracker.get_slot(STATUS) == "saved":
            # "ja, spara" once more after the summary: it is saved, nothing to pause
            dispatcher.utter_message(response="utter_mapping_already_saved")
            return []
        if tracker.active_loop.get("name") != FORM and not answers_of(tracker):
            dispatcher.utter_message(response="utter_help")
            return []
        if tracker.active_loop.get("name") != FORM and tracker.get_slot(STATUS) == "review":
            # "ja, spara" at the summary, though not right after it: a yes saves the mapping
            if parse_yes_no(typed_text(tracker) or "") is True:
                return [FollowupAction("action_save_mapping")]
        save_draft(tracker)
        dispatcher.utter_message(response="utter_mapping_paused")
        return [ActiveLoop(None), SlotSet("requested_slot", None), SlotSet(STATUS, "paused")]
