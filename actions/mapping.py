"""Kartläggning / alkukartoitus: the mapping form, its repair actions and the summary.

The rules live in :mod:`bot.rules`; storage in :mod:`bot.cases.mappings`. This module only
connects them to the conversation.
"""

from __future__ import annotations

import logging
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import ActiveLoop, EventType, FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict
from sqlalchemy.exc import SQLAlchemyError

from bot.cases import mappings
from bot.config import load_settings
from bot.i18n import normalise_language
from bot.rules import answers, municipalities
from bot.rules.answers import AnswerError
from bot.rules.corrections import question_named_in
from bot.rules.profile import DETAIL_SLOTS, OPTIONAL_QUESTIONS, QUESTIONS, MappingProfile
from bot.rules.summary import answers_text, assess, coach_text
from bot.rules.vocabulary import (
    AGE_GROUPS,
    BENEFITS,
    CHANNELS,
    DURATIONS,
    EDUCATION,
    FIELDS,
    HELP_TOPICS,
    LANGUAGE_NAMES,
    QUESTION_LABELS,
    SERVICE_LANGUAGES,
    SITUATIONS,
    SKIPPED,
    UNANSWERED,
    WORK_ABILITY,
)

log = logging.getLogger(__name__)
FORM = "mapping_form"
HELSINKI = ZoneInfo("Europe/Helsinki")
MAX_FAILURES = 3
CONSENT = "mapping_consent"
STATUS = "mapping_status"
FAILURES = "mapping_failures"
ALL_ANSWER_SLOTS = (CONSENT, *QUESTIONS, *(s for d in DETAIL_SLOTS.values() for s in d))
SUMMARY_HEADER = {"sv": "Här är dina svar:", "fi": "Tässä vastauksesi:"}


def today() -> date:
    """Today in Finland."""
    return datetime.now(HELSINKI).date()


def language_of(tracker: Tracker) -> str:
    """The conversation language (sv or fi)."""
    return normalise_language(tracker.get_slot("language"))


def answers_of(tracker: Tracker) -> dict[str, Any]:
    """The mapping answers currently held in the conversation's slots."""
    return {s: tracker.get_slot(s) for s in ALL_ANSWER_SLOTS if tracker.get_slot(s) is not None}


def _text(tracker: Tracker) -> str:
    return str(tracker.latest_message.get("text") or "")


# Questions people ask in the middle of the form: answered, then the question comes again
# (an answer that does not parse, with one of these intents, is a question, not a mistake).
IN_FORM_QUESTIONS = {
    "ask_benefits": "utter_benefits",
    "ask_eligibility": "utter_eligibility",
    "ask_privacy": "utter_privacy",
    "bot_challenge": "utter_bot_challenge",
    "help": "utter_mapping_help",
    "search_training": "utter_mapping_first",
    "book_meeting": "utter_mapping_first",
    "cancel_meeting": "utter_mapping_first",
    "reschedule_meeting": "utter_mapping_first",
    "ask_meeting_status": "utter_mapping_first",
}
QUESTION_CONFIDENCE = 0.7


def _in_form_question(tracker: Tracker) -> str | None:
    intent = tracker.latest_message.get("intent") or {}
    if float(intent.get("confidence") or 0) < QUESTION_CONFIDENCE:
        return None
    return IN_FORM_QUESTIONS.get(str(intent.get("name")))


_QUESTION_WORDS = frozenset(
    "hur vad varfor nar vem var vilken vilket kan kommer far finns ar miten mita miksi milloin "
    "kuka missa mika voiko voinko saako saanko onko onks paljonko kuinka how what why".split()
)


def looks_like_question(text: str) -> bool:
    """A question mark, or a question word first ("hur söker man ...", "miten haen ...")."""
    from bot.nlu.langid import fold

    words = fold(text).split()
    return text.strip().endswith("?") or bool(words and words[0] in _QUESTION_WORDS)


def _third_language(tracker: Tracker) -> bool:
    detection = tracker.latest_message.get("language_detection") or {}
    return detection.get("language") == "other" and float(detection.get("confidence", 0)) >= 0.9


class ValidateMappingForm(FormValidationAction):
    """One validator per question; three failed answers hand the question to a coach."""

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
        """No questions after a "no" to consent; no duration for students."""
        if tracker.get_slot(CONSENT) is False:
            return []
        slots = list(domain_slots)
        if tracker.get_slot("situation") in ("student", "other"):
            slots.remove("situation_duration")
        return slots

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        """Answer a question asked at the prompt; else validate and keep a draft (with consent)."""
        slot = tracker.get_slot("requested_slot")
        if slot and tracker.slots_to_validate().get(slot) is not None:
            if self._question_instead(slot, dispatcher, tracker) is not None:
                return [SlotSet(slot, None)]
        events = await super().run(dispatcher, tracker, domain)
        if tracker.get_slot(CONSENT) is True:
            try:
                mappings.save_draft(tracker.sender_id, language_of(tracker), answers_of(tracker))
            except SQLAlchemyError:
                # The draft is a convenience; the answers are still in the conversation.
                log.warning("mapping draft not saved (database unavailable)")
        return events

    # --- helpers ----------------------------------------------------------------------

    def _fail(
        self,
        slot: str,
        reason: str,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        **extra: Any,
    ) -> dict[str, Any]:
        question = _in_form_question(tracker)
        if question is not None:
            dispatcher.utter_message(response=question)
            return {slot: None}
        failures = dict(tracker.get_slot(FAILURES) or {})
        failures[slot] = int(failures.get(slot, 0)) + 1
        if failures[slot] >= MAX_FAILURES:
            dispatcher.utter_message(response="utter_failed_three_times")
            return {slot: UNANSWERED, FAILURES: failures}
        if _third_language(tracker) and reason not in ("too_long",):
            reason = "other_language"
        dispatcher.utter_message(response=f"utter_invalid_{reason}", **extra)
        return {slot: None, FAILURES: failures}

    def _ok(self, tracker: Tracker, slot: str, values: dict[str, Any]) -> dict[str, Any]:
        failures = dict(tracker.get_slot(FAILURES) or {})
        if slot in failures:
            failures.pop(slot)
            values[FAILURES] = failures
        return values

    @staticmethod
    def _special(value: Any) -> bool:
        return value in (SKIPPED, UNANSWERED)

    def _question_instead(
        self, slot: str, dispatcher: CollectingDispatcher, tracker: Tracker
    ) -> dict[str, Any] | None:
        """A question asked at the prompt is answered, not parsed as the answer."""
        text = _text(tracker)
        if text.startswith("/") or not looks_like_question(text):
            return None
        question = _in_form_question(tracker)
        if question is None:
            return None
        dispatcher.utter_message(response=question)
        return {slot: None}

    # --- validators ---------------------------------------------------------------------

    def validate_mapping_consent(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        """Consent is yes or no (from the affirm/deny mappings)."""
        if value in (True, False):
            return {CONSENT: value, STATUS: "in_progress" if value else "declined"}
        dispatcher.utter_message(response="utter_invalid_consent")
        return {CONSENT: None}

    def validate_age_group(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        """A birth year, an age or an age-group button."""
        if self._special(value) or value in AGE_GROUPS:
            return self._ok(tracker, "age_group", {"age_group": value, "birth_year": None})
        try:
            parsed = answers.parse_age(str(value), today())
        except AnswerError as error:
            return self._fail("age_group", error.reason, dispatcher, tracker)
        return self._ok(
            tracker, "age_group", {"age_group": parsed.age_group, "birth_year": parsed.birth_year}
        )

    def validate_municipality(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        """A municipality name in either language (inflected, typos suggested back)."""
        if self._special(value) or (isinstance(value, str) and municipalities.by_code(value)):
            return self._ok(tracker, "municipality", {"municipality": value})
        match = municipalities.match_municipality(str(value))
        if match.municipality is not None:
            return self._ok(tracker, "municipality", {"municipality": match.municipality.code})
        if match.suggestions:
            language = language_of(tracker)
            buttons = [
                {
                    "title": m.name(language),
                    "payload": f'/inform{{"municipality": "{m.code}"}}',
                }
                for m in match.suggestions
            ]
            return self._fail(
                "municipality", "municipality_suggest", dispatcher, tracker, buttons=buttons
            )
        return self._fail("municipality", "municipality_unknown", dispatcher, tracker)

    def validate_situation(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        """Unemployed, laid off, part-time, student or other."""
        if self._special(value) or value in SITUATIONS:
            return self._ok(tracker, "situation", {"situation": value})
        try:
            return self._ok(
                tracker, "situation", {"situation": answers.parse_situation(str(value))}
            )
        except AnswerError as error:
            return self._fail("situation", error.reason, dispatcher, tracker)

    def validate_situation_duration(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        """How long: "sedan mars", "2 vuotta", or a button."""
        if self._special(value) or value in DURATIONS:
            return self._ok(
                tracker,
                "situation_duration",
                {"situation_duration": value, "duration_months": None},
            )
        try:
            months = answers.parse_duration_months(str(value), today())
        except AnswerError as error:
            return self._fail("situation_duration", error.reason, dispatcher, tracker)
        return self._ok(
            tracker,
            "situation_duration",
            {
                "situation_duration": answers.duration_bucket(months),
                "duration_months": round(months, 1),
            },
        )

    def validate_benefit(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        """Labour-market subsidy, basic allowance, earnings-related, none, don't know."""
        if self._special(value) or value in BENEFITS:
            return self._ok(tracker, "benefit", {"benefit": value})
        try:
            return self._ok(tracker, "benefit", {"benefit": answers.parse_benefit(str(value))})
        except AnswerError as error:
            return self._fail("benefit", error.reason, dispatcher, tracker)

    def validate_native_language(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        """A language name in Swedish, Finnish or English."""
        if self._special(value) or value in LANGUAGE_NAMES:
            return self._ok(tracker, "native_language", {"native_language": value})
        try:
            code = answers.parse_native_language(str(value))
        except AnswerError as error:
            return self._fail("native_language", error.reason, dispatcher, tracker)
        return self._ok(tracker, "native_language", {"native_language": code})

    def validate_other_languages(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        """Other languages with a level each; "none" is an answer."""
        if self._special(value):
            return self._ok(tracker, "other_languages", {"other_languages": value})
        if value == "none" or isinstance(value, list):
            return self._ok(
                tracker, "other_languages", {"other_languages": [] if value == "none" else value}
            )
        try:
            parsed = answers.parse_other_languages(str(value))
        except AnswerError as error:
            return self._fail("other_languages", error.reason, dispatcher, tracker)
        native = tracker.get_slot("native_language")
        parsed = [x for x in parsed if x["language"] != native]
        return self._ok(tracker, "other_languages", {"other_languages": parsed})

    def validate_education(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        """Highest education, from a button or words like "yo", "amis", "tradenom"."""
        if self._special(value) or value in EDUCATION:
            return self._ok(tracker, "education", {"education": value})
        try:
            return self._ok(
                tracker, "education", {"education": answers.parse_education(str(value))}
            )
        except AnswerError as error:
            return self._fail("education", error.reason, dispatcher, tracker)

    def validate_occupation(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        """Free text kept as written, normalised to an ISCO major group."""
        if self._special(value):
            return self._ok(tracker, "occupation", {"occupation": value})
        text = str(value)
        try:
            group = answers.parse_occupation(text)
        except AnswerError as error:
            return self._fail("occupation", error.reason, dispatcher, tracker)
        return self._ok(
            tracker,
            "occupation",
            {"occupation": group, "occupation_text": answers.own_words(text)},
        )

    def validate_desired_fields(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        """Fields of work (ISCED-F broad codes); the words are kept as written too."""
        if self._special(value):
            return self._ok(tracker, "desired_fields", {"desired_fields": value})
        if isinstance(value, str) and value in FIELDS:
            return self._ok(tracker, "desired_fields", {"desired_fields": [value]})
        if isinstance(value, list):
            return self._ok(tracker, "desired_fields", {"desired_fields": value})
        text = str(value)
        try:
            codes = answers.parse_fields(text)
        except AnswerError as error:
            return self._fail("desired_fields", error.reason, dispatcher, tracker)
        return self._ok(
            tracker,
            "desired_fields",
            {"desired_fields": codes, "fields_text": answers.own_words(text)},
        )

    def validate_help_wanted(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        """One or more of job search, training, career change, entrepreneurship, wellbeing."""
        if self._special(value):
            return self._ok(tracker, "help_wanted", {"help_wanted": value})
        if isinstance(value, str) and value in HELP_TOPICS:
            return self._ok(tracker, "help_wanted", {"help_wanted": [value]})
        if isinstance(value, list):
            return self._ok(tracker, "help_wanted", {"help_wanted": value})
        text = str(value)
        try:
            topics = answers.parse_help(text)
        except AnswerError as error:
            return self._fail("help_wanted", error.reason, dispatcher, tracker)
        return self._ok(
            tracker, "help_wanted", {"help_wanted": topics, "help_text": answers.own_words(text)}
        )

    def validate_work_ability(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        """Optional and sensitive: none, limited (with own words) or skipped."""
        if self._special(value) or value in WORK_ABILITY:
            return self._ok(tracker, "work_ability", {"work_ability": value})
        text = str(value)
        try:
            code = answers.parse_work_ability(text)
        except AnswerError as error:
            return self._fail("work_ability", error.reason, dispatcher, tracker)
        values: dict[str, Any] = {"work_ability": code}
        if code == "limited":
            values["work_ability_text"] = answers.own_words(text)
        if code == "skipped":
            dispatcher.utter_message(response="utter_question_skipped")
        return self._ok(tracker, "work_ability", values)

    def validate_contact_channel(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        """Visit, phone or video."""
        if self._special(value) or value in CHANNELS:
            return self._ok(tracker, "contact_channel", {"contact_channel": value})
        try:
            code = answers.parse_channel(str(value))
        except AnswerError as error:
            return self._fail("contact_channel", error.reason, dispatcher, tracker)
        return self._ok(tracker, "contact_channel", {"contact_channel": code})

    def validate_service_language(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        """Swedish or Finnish; "same" keeps the chat language."""
        if self._special(value) or value in SERVICE_LANGUAGES:
            return self._ok(tracker, "service_language", {"service_language": value})
        try:
            code = answers.parse_service_language(str(value), language_of(tracker))
        except AnswerError as error:
            return self._fail("service_language", error.reason, dispatcher, tracker)
        return self._ok(tracker, "service_language", {"service_language": code})


class ActionStartMapping(Action):
    """Start, or continue where the person left off (also from a saved draft)."""

    def name(self) -> str:
        """Rasa's name of the action."""
        return "action_start_mapping"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        """Restore a draft when the slots are empty; greet a returning person."""
        events: list[EventType] = [SlotSet(STATUS, "in_progress")]
        if tracker.get_slot(CONSENT) is False or tracker.get_slot(STATUS) == "declined":
            events.append(SlotSet(CONSENT, None))
            return events
        held = answers_of(tracker)
        if not held:
            try:
                draft = mappings.load_draft(tracker.sender_id)
            except SQLAlchemyError:
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
            except SQLAlchemyError:
                log.warning("could not discard mapping draft (database unavailable)")
            dispatcher.utter_message(response="utter_mapping_declined")
            return [SlotSet(CONSENT, None), SlotSet(STATUS, "declined")]
        language = language_of(tracker)
        profile = MappingProfile.from_slots(answers_of(tracker))
        text = SUMMARY_HEADER[language] + "\n" + answers_text(profile, language, QUESTIONS)
        dispatcher.utter_message(text=text)
        dispatcher.utter_message(response="utter_confirm_summary")
        return [SlotSet(STATUS, "review")]


RESULT_RESPONSES = {
    ("eligible", None): "utter_result_eligible",
    ("not_eligible", "outside_area"): "utter_result_outside_area",
    ("not_eligible", None): "utter_result_te_office",
    ("check", None): "utter_result_check",
}


def result_response(status: str, reasons: tuple[str, ...]) -> str:
    """The response that tells the person who serves them."""
    if status == "not_eligible" and "outside_area" in reasons:
        return RESULT_RESPONSES[("not_eligible", "outside_area")]
    return RESULT_RESPONSES[(status, None)]


class ActionSaveMapping(Action):
    """Save the confirmed summary in both languages; then offer the next steps."""

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
        assessment = assess(profile, today(), settings.service_area)
        summary = mappings.ConfirmedSummary(
            data=profile.to_dict(),
            own_words=profile.own_words(),
            eligibility=assessment.eligibility.status,
            eligibility_reasons=list(assessment.eligibility.reasons),
            service_path=assessment.path.path,
            path_reasons=list(assessment.path.reasons),
            customer_groups=list(assessment.path.groups),
            needs=list(assessment.needs),
            text_sv=coach_text(profile, assessment, "sv", QUESTIONS),
            text_fi=coach_text(profile, assessment, "fi", QUESTIONS),
        )
        try:
            mappings.confirm_summary(tracker.sender_id, language, summary)
        except SQLAlchemyError:
            log.warning("mapping summary not saved (database unavailable)")
            dispatcher.utter_message(response="utter_mapping_save_failed")
            return [SlotSet(STATUS, "review")]
        dispatcher.utter_message(
            response=result_response(assessment.eligibility.status, assessment.eligibility.reasons)
        )
        dispatcher.utter_message(response="utter_mapping_saved")
        return [
            SlotSet(STATUS, "saved"),
            SlotSet("eligibility", assessment.eligibility.status),
            SlotSet("service_path", assessment.path.path),
        ]


class ActionCorrectAnswer(Action):
    """Change an earlier answer: clear it so the form asks it again."""

    def name(self) -> str:
        """Rasa's name of the action."""
        return "action_correct_answer"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        """Find the question from a button or the words; otherwise ask which one."""
        field = next(
            (
                e.get("value")
                for e in tracker.latest_message.get("entities", [])
                if e.get("entity") == "field"
            ),
            None,
        ) or question_named_in(_text(tracker))
        if field not in QUESTIONS:
            language = language_of(tracker)
            answered = [q for q in QUESTIONS if tracker.get_slot(q) is not None]
            buttons = [
                {
                    "title": QUESTION_LABELS[q][language],
                    "payload": f'/correct_answer{{"field": "{q}"}}',
                }
                for q in (answered or QUESTIONS)
            ]
            dispatcher.utter_message(response="utter_which_field", buttons=buttons)
            return []
        failures = dict(tracker.get_slot(FAILURES) or {})
        failures.pop(field, None)
        events: list[EventType] = [SlotSet(field, None), SlotSet(FAILURES, failures)]
        events += [SlotSet(detail, None) for detail in DETAIL_SLOTS.get(field, ())]
        events += [SlotSet(STATUS, "in_progress")]
        if tracker.active_loop.get("name") != FORM:
            events.append(FollowupAction(FORM))
        return events


class ActionExplainQuestion(Action):
    """Why is this question asked? One explanation per question."""

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
    """Skip an optional question; explain why a required one is needed."""

    def name(self) -> str:
        """Rasa's name of the action."""
        return "action_skip_question"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        """Mark the optional question as skipped, or say it is needed."""
        slot = tracker.get_slot("requested_slot")
        if tracker.active_loop.get("name") != FORM or not slot:
            dispatcher.utter_message(response="utter_help")
            return []
        if slot in OPTIONAL_QUESTIONS:
            dispatcher.utter_message(response="utter_question_skipped")
            return [SlotSet(slot, SKIPPED)]
        dispatcher.utter_message(response="utter_question_required")
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
        if tracker.active_loop.get("name") != FORM and not answers_of(tracker):
            dispatcher.utter_message(response="utter_help")
            return []
        if tracker.get_slot(CONSENT) is True:
            try:
                mappings.save_draft(tracker.sender_id, language_of(tracker), answers_of(tracker))
            except SQLAlchemyError:
                log.warning("mapping draft not saved on pause (database unavailable)")
        dispatcher.utter_message(response="utter_mapping_paused")
        return [ActiveLoop(None), SlotSet("requested_slot", None), SlotSet(STATUS, "paused")]
