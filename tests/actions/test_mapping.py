"""The mapping form's validators and actions, with trackers built inline."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml
from rasa_sdk.events import ActiveLoop, FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.mapping import ValidateMappingForm
from actions.mapping_flow import (
    ActionAskWhichField,
    ActionCorrectAnswer,
    ActionExplainQuestion,
    ActionMappingFinished,
    ActionPauseMapping,
    ActionSaveMapping,
    ActionSkipQuestion,
    ActionStartMapping,
)
from bot.cases.mappings import latest_summary, load_draft, save_draft
from tests.actions.helpers import make_tracker

ROOT = Path(__file__).resolve().parents[2]
DOMAIN: dict[str, Any] = yaml.safe_load((ROOT / "domain.yml").read_text(encoding="utf-8"))
FULL = {
    "mapping_consent": True,
    "age_group": "30_54",
    "birth_year": 1987,
    "municipality": "638",
    "situation": "unemployed",
    "situation_duration": "over_12m",
    "benefit": "labour_market_subsidy",
    "native_language": "fi",
    "other_languages": [],
    "education": "vocational",
    "occupation": "5",
    "answer_texts": {"occupation": "kock"},
    "desired_fields": ["09"],
    "help_wanted": ["job_search"],
    "work_ability": "none",
    "contact_channel": "visit",
    "service_language": "fi",
}


def form_tracker(
    slot: str,
    value: Any,
    slots: dict[str, Any] | None = None,
    text: str = "",
    language: str = "sv",
    detection: dict[str, Any] | None = None,
    sender: str = "form-user",
) -> Any:
    latest = {
        "intent": {"name": "inform"},
        "entities": [],
        "text": text or str(value),
        "language_detection": detection or {"language": language, "confidence": 0.99},
    }
    events = [
        {"event": "user", "text": text or str(value), "parse_data": latest},
        {"event": "slot", "name": slot, "value": value},
    ]
    return make_tracker(
        slots={
            "language": language,
            "mapping_consent": True,
            "requested_slot": slot,
            **(slots or {}),
            slot: value,
        },
        events=events,
        latest_message=latest,
        active_loop="mapping_form",
        sender_id=sender,
    )


async def validate(slot: str, value: Any, **kw: Any) -> tuple[dict[str, Any], list[str]]:
    dispatcher = CollectingDispatcher()
    events = await ValidateMappingForm().run(dispatcher, form_tracker(slot, value, **kw), DOMAIN)
    values = {e["name"]: e["value"] for e in events if e["event"] == "slot"}
    return values, [m.get("response") for m in dispatcher.messages]


async def test_birth_year_is_parsed_into_group_and_year() -> None:
    values, messages = await validate("age_group", "född -87")
    assert values["age_group"] == "30_54" and values["birth_year"] == 1987
    assert messages == []


@pytest.mark.parametrize(
    ("slot", "value", "response"),
    [
        ("age_group", "1800", "utter_invalid_age_out_of_range"),
        ("age_group", "2030", "utter_invalid_age_out_of_range"),
        ("age_group", "abc", "utter_invalid_age_not_understood"),
        ("municipality", "Atlantis", "utter_invalid_municipality_unknown"),
        ("occupation", "ja", "utter_invalid_occupation_yes_no"),
        ("desired_fields", "joo", "utter_invalid_fields_yes_no"),
        ("occupation", "lång text " * 250, "utter_invalid_too_long"),
        ("benefit", "hmm", "utter_invalid_benefit_not_understood"),
    ],
)
async def test_bad_answers_get_one_clear_message(slot: str, value: str, response: str) -> None:
    values, messages = await validate(slot, value, slots={"age_group": "30_54"})
    assert values[slot] is None
    assert messages == [response]
    if slot != "age_group":
        assert "age_group" not in values  # nothing already answered is touched


async def test_a_third_language_is_answered_in_the_users_language() -> None:
    values, messages = await validate(
        "situation",
        "I am looking for work in the city",
        detection={"language": "other", "confidence": 0.99},
    )
    assert values["situation"] is None
    assert messages == ["utter_invalid_other_language"]


async def test_municipality_typo_is_suggested_back_with_buttons() -> None:
    dispatcher = CollectingDispatcher()
    await ValidateMappingForm().run(
        dispatcher, form_tracker("municipality", "Porvo", language="fi"), DOMAIN
    )
    [message] = dispatcher.messages
    assert message["response"] == "utter_invalid_municipality_suggest"
    assert {"title": "Porvoo", "payload": '/inform{"municipality": "638"}'} in message["buttons"]


async def test_second_failure_hands_the_question_to_a_coach() -> None:
    values, messages = await validate("education", "öh", slots={"form_failures": {"education": 1}})
    assert values["education"] == "unanswered"
    assert messages == ["utter_question_left_for_coach"]  # filled: the form moves on


async def test_a_good_answer_clears_the_failure_count() -> None:
    values, _ = await validate("education", "amis", slots={"form_failures": {"education": 1}})
    assert values["education"] == "vocational" and values["form_failures"] == {}


async def test_free_text_is_kept_in_the_persons_own_words() -> None:
    values, _ = await validate("occupation", "  jobbade   som lagerarbetare  ")
    assert values["occupation"] == "9"
    assert values["answer_texts"] == {"occupation": "jobbade som lagerarbetare"}


async def test_the_education_answers_words_are_kept_and_unfinished_studies_recorded() -> None:
    values, _ = await validate(
        "education", "peruskoulu. amis jäi kesken, autopuoli 1,5 v", language="fi"
    )
    assert values["education"] == "basic" and values["education_unfinished"] == "vocational"
    assert values["answer_texts"]["education"] == "peruskoulu. amis jäi kesken, autopuoli 1,5 v"


async def test_answers_are_saved_as_a_draft_with_consent() -> None:
    await validate("age_group", "1990", sender="draft-user")
    draft = load_draft("draft-user")
    assert draft is not None and draft["age_group"] == "30_54" and draft["birth_year"] == 1990


async def test_required_slots() -> None:
    form = ValidateMappingForm()
    slots = DOMAIN["forms"]["mapping_form"]["required_slots"]
    no = make_tracker(slots={"mapping_consent": False})
    assert await form.required_slots(slots, CollectingDispatcher(), no, DOMAIN) == []
    student = make_tracker(slots={"mapping_consent": True, "situation": "student"})
    assert "situation_duration" not in await form.required_slots(
        slots, CollectingDispatcher(), student, DOMAIN
    )


async def test_finished_without_consent_explains_other_ways() -> None:
    dispatcher = CollectingDispatcher()
    events = await ActionMappingFinished().run(
        dispatcher, make_tracker(slots={"mapping_consent": False}), DOMAIN
    )
    assert [m["response"] for m in dispatcher.messages] == ["utter_mapping_declined"]
    assert SlotSet("mapping_status", "declined") in events


async def test_finished_shows_the_answers_for_confirmation() -> None:
    dispatcher = CollectingDispatcher()
    await ActionMappingFinished().run(
        dispatcher, make_tracker(slots={**FULL, "language": "fi"}), DOMAIN
    )
    summary, confirm = dispatcher.messages
    assert summary["text"].startswith("Tässä vastauksesi:")
    assert "• Kotikunta: Porvoo" in summary["text"]
    assert confirm["response"] == "utter_confirm_summary"


async def test_save_writes_the_summary_in_both_languages() -> None:
    dispatcher = CollectingDispatcher()
    events = await ActionSaveMapping().run(
        dispatcher, make_tracker(slots=FULL, sender_id="save-user"), DOMAIN
    )
    [message] = dispatcher.messages
    assert message["response"] == "utter_mapping_saved"
    assert "arbetsförmåga" in message["path"]  # the service line, in plain words
    assert SlotSet("mapping_status", "saved") in events
    stored = latest_summary("save-user")
    assert stored is not None
    assert "Kotikunta: Porvoo" in (stored.text_fi or "")
    assert "Hemkommun: Borgå" in (stored.text_sv or "")
    assert stored.eligibility == "eligible" and stored.service_path == "work_ability"


async def test_save_with_the_database_down_writes_nothing_and_offers_a_retry(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path}/missing/dir/cases.db")
    dispatcher = CollectingDispatcher()
    events = await ActionSaveMapping().run(
        dispatcher, make_tracker(slots=FULL, sender_id="down-user"), DOMAIN
    )
    assert [m["response"] for m in dispatcher.messages] == ["utter_mapping_save_failed"]
    assert events == [SlotSet("mapping_status", "review")]


@pytest.mark.parametrize(
    ("entities", "text", "field"),
    [
        ([{"entity": "field", "value": "education"}], "/correct_answer", "education"),
        ([], "jag vill ändra min ålder", "age_group"),
        ([], "korjaa kotikunta", "municipality"),
    ],
)
async def test_correct_answer_clears_the_question(
    entities: list[dict[str, str]], text: str, field: str
) -> None:
    tracker = make_tracker(
        slots=FULL,
        latest_message={"intent": {"name": "correct_answer"}, "entities": entities, "text": text},
    )
    events = await ActionCorrectAnswer().run(CollectingDispatcher(), tracker, DOMAIN)
    assert SlotSet(field, None) in events
    assert FollowupAction("mapping_form") in events
    if field == "age_group":
        assert SlotSet("birth_year", None) in events


async def test_correct_answer_asks_which_when_unclear() -> None:
    dispatcher = CollectingDispatcher()
    tracker = make_tracker(
        slots={**FULL, "language": "sv"},
        latest_message={"intent": {"name": "correct_answer"}, "entities": [], "text": "ändra"},
    )
    events = await ActionCorrectAnswer().run(dispatcher, tracker, DOMAIN)
    assert events == [SlotSet("form_which_field", "asked_after_summary")]
    [message] = dispatcher.messages
    assert message["response"] == "utter_which_field"
    assert message["buttons"][0] == {
        "title": "Ålder",
        "payload": '/correct_answer{"field": "age_group"}',
    }


def which_answered(text: str, intent: str = "inform") -> Any:
    """The message right after "Vilket svar vill du ändra?" (after the summary)."""
    return make_tracker(
        slots={**FULL, "language": "sv", "form_which_field": "asked_after_summary"},
        latest_message={"intent": {"name": intent}, "entities": [], "text": text},
    )


@pytest.mark.parametrize(
    ("text", "field"),
    [("hemkommun", "municipality"), ("kotikunta", "municipality"), ("min ålder", "age_group")],
)
async def test_which_answer_named_after_the_summary(text: str, field: str) -> None:
    events = await ActionCorrectAnswer().run(CollectingDispatcher(), which_answered(text), DOMAIN)
    assert SlotSet(field, None) in events
    assert SlotSet("form_which_field", None) in events
    assert FollowupAction("mapping_form") in events


@pytest.mark.parametrize(
    ("text", "field", "value"),
    [("Lovisa", "municipality", "434"), ("1968", "age_group", "55_plus")],
)
async def test_which_answer_given_as_the_new_value(text: str, field: str, value: str) -> None:
    dispatcher = CollectingDispatcher()
    events = await ActionCorrectAnswer().run(dispatcher, which_answered(text), DOMAIN)
    assert SlotSet(field, value) in events
    assert events[-1] == FollowupAction("action_mapping_finished")
    assert [m["response"] for m in dispatcher.messages] == ["utter_answer_changed"]


@pytest.mark.parametrize(("text", "intent"), [("nej inget", "deny"), ("öh vad", "nlu_fallback")])
async def test_which_answer_unclear_shows_the_summary_again(text: str, intent: str) -> None:
    dispatcher = CollectingDispatcher()
    events = await ActionCorrectAnswer().run(dispatcher, which_answered(text, intent), DOMAIN)
    assert events == [SlotSet("form_which_field", None), FollowupAction("action_mapping_finished")]
    assert [m["response"] for m in dispatcher.messages] == ["utter_which_field_unclear"]


async def test_which_answer_in_the_form_given_as_the_value() -> None:
    dispatcher = CollectingDispatcher()
    slots = {k: v for k, v in FULL.items() if k not in ("contact_channel", "service_language")}
    tracker = form_tracker(
        "form_which_field", "Lovisa", slots={**slots, "form_return_slot": "contact_channel"}
    )
    events = await ValidateMappingForm().run(dispatcher, tracker, DOMAIN)
    assert SlotSet("municipality", "434") in events
    assert SlotSet("requested_slot", "contact_channel") in events


async def test_ask_which_field_in_the_form_has_buttons() -> None:
    dispatcher = CollectingDispatcher()
    tracker = make_tracker(slots={"language": "fi", "age_group": "30_54"})
    assert await ActionAskWhichField().run(dispatcher, tracker, DOMAIN) == []
    [message] = dispatcher.messages
    assert message["response"] == "utter_which_field"
    assert message["buttons"] == [
        {"title": "Ikä", "payload": '/correct_answer{"field": "age_group"}'}
    ]


async def test_yes_save_at_the_summary_saves_though_not_right_after_it() -> None:
    tracker = make_tracker(
        slots={**FULL, "mapping_status": "review"},
        latest_message={"intent": {"name": "pause_mapping"}, "entities": [], "text": "ja spara"},
    )
    events = await ActionPauseMapping().run(CollectingDispatcher(), tracker, DOMAIN)
    assert events == [FollowupAction("action_save_mapping")]


@pytest.mark.parametrize(
    ("slot", "response", "value"),
    [
        ("work_ability", "utter_question_skipped", "skipped"),
        ("other_languages", "utter_question_skipped", "skipped"),
        ("benefit", "utter_invalid_question_required", None),
    ],
)
async def test_skip_in_the_form(slot: str, response: str, value: str | None) -> None:
    dispatcher = CollectingDispatcher()
    tracker = form_tracker(slot, "hoppa över")
    tracker.latest_message["intent"] = {"name": "skip_question", "confidence": 0.95}
    events = await ValidateMappingForm().run(dispatcher, tracker, DOMAIN)
    assert SlotSet(slot, value) in events
    assert [m["response"] for m in dispatcher.messages] == [response]


async def test_skip_outside_the_form_says_what_the_bot_can_do() -> None:
    dispatcher = CollectingDispatcher()
    assert await ActionSkipQuestion().run(dispatcher, make_tracker(), DOMAIN) == []
    assert [m["response"] for m in dispatcher.messages] == ["utter_help"]


@pytest.mark.parametrize(
    ("slot", "response"),
    [
        ("benefit", "utter_explain_benefit"),
        ("work_ability", "utter_explain_work_ability"),
        (None, "utter_explain_general"),
    ],
)
async def test_explain(slot: str | None, response: str) -> None:
    dispatcher = CollectingDispatcher()
    await ActionExplainQuestion().run(
        dispatcher, make_tracker(slots={"requested_slot": slot}), DOMAIN
    )
    assert [m["response"] for m in dispatcher.messages] == [response]


async def test_pause_keeps_answers_and_stops_the_form() -> None:
    dispatcher = CollectingDispatcher()
    tracker = make_tracker(
        slots={"mapping_consent": True, "age_group": "under_25", "requested_slot": "municipality"},
        active_loop="mapping_form",
        sender_id="pause-user",
    )
    events = await ActionPauseMapping().run(dispatcher, tracker, DOMAIN)
    assert events == [
        ActiveLoop(None),
        SlotSet("requested_slot", None),
        SlotSet("mapping_status", "paused"),
    ]
    assert load_draft("pause-user") == {"mapping_consent": True, "age_group": "under_25"}


async def test_pause_after_the_mapping_was_saved_says_it_is_saved() -> None:
    dispatcher = CollectingDispatcher()
    tracker = make_tracker(
        slots={"mapping_consent": True, "age_group": "30_54", "mapping_status": "saved"},
        sender_id="saved-user",
    )
    events = await ActionPauseMapping().run(dispatcher, tracker, DOMAIN)
    assert events == []
    assert [m["response"] for m in dispatcher.messages] == ["utter_mapping_already_saved"]


async def test_start_restores_a_saved_draft() -> None:
    save_draft("return-user", "fi", {"mapping_consent": True, "age_group": "25_29"})
    dispatcher = CollectingDispatcher()
    events = await ActionStartMapping().run(
        dispatcher, make_tracker(slots={"language": "fi"}, sender_id="return-user"), DOMAIN
    )
    assert SlotSet("age_group", "25_29") in events and SlotSet("mapping_consent", True) in events
    assert [m["response"] for m in dispatcher.messages] == ["utter_mapping_continue"]


async def test_start_after_a_no_asks_for_consent_again() -> None:
    events = await ActionStartMapping().run(
        CollectingDispatcher(), make_tracker(slots={"mapping_consent": False}), DOMAIN
    )
    assert SlotSet("mapping_consent", None) in events


async def test_a_question_at_the_prompt_is_answered_not_parsed() -> None:
    dispatcher = CollectingDispatcher()
    tracker = form_tracker("benefit", "hur söker man dagpenning från fpa?")
    tracker.latest_message["intent"] = {"name": "faq", "confidence": 0.93}
    tracker.latest_message["response_selector"] = {
        "faq": {"response": {"intent_response_key": "faq/benefit_application"}}
    }
    events = await ValidateMappingForm().run(dispatcher, tracker, DOMAIN)
    assert SlotSet("benefit", None) in events and "'benefit': " not in str(events)
    assert [m["response"] for m in dispatcher.messages] == ["utter_faq/benefit_application"]


async def test_a_failed_answer_that_is_a_faq_gets_the_faq_and_no_failure() -> None:
    dispatcher = CollectingDispatcher()
    tracker = form_tracker("age_group", "är det här en robot")
    tracker.latest_message["intent"] = {"name": "bot_challenge", "confidence": 0.95}
    events = await ValidateMappingForm().run(dispatcher, tracker, DOMAIN)
    assert {"event": "slot", "name": "age_group", "value": None, "timestamp": None} in events
    failures = [e["value"] for e in events if e.get("name") == "form_failures"]
    assert all("age_group" not in f for f in failures)  # no failed answer counted
    assert [m["response"] for m in dispatcher.messages] == ["utter_bot_challenge"]


@pytest.mark.parametrize(
    ("slot", "value"), [("mapping_consent", True), ("work_ability_effect", False)]
)
async def test_a_yes_no_given_earlier_is_kept_when_the_form_reopens(slot: str, value: bool) -> None:
    # "Vilket svar?" - "hemkommun": the form reopens and Rasa validates every answer again
    dispatcher = CollectingDispatcher()
    slots = {"requested_slot": None, "work_ability": "mild"}
    tracker = form_tracker(slot, value, slots=slots, text="hemkommun")
    events = await ValidateMappingForm().run(dispatcher, tracker, DOMAIN)
    assert SlotSet(slot, value) in events
    assert not dispatcher.messages
