"""Every form can be left at every question; no answer loops; a button is never typed text.

These run each form's real validation action on the tracker Rasa sends for one message.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml
from rasa_sdk.executor import CollectingDispatcher

from actions.booking_code import ValidateBookingCodeForm
from actions.booking_form import ValidateBookingForm
from actions.form_guard import FAILURES, LEAVE_CONFIRM, LEFT_FORM, PENDING
from actions.handoff import ValidateCallbackForm
from actions.identify import ValidateIdentifyForm
from actions.mapping import ValidateMappingForm
from tests.actions.helpers import form_turn, replayed, slot_values

ROOT = Path(__file__).resolve().parents[2]
DOMAIN: dict[str, Any] = yaml.safe_load((ROOT / "domain.yml").read_text(encoding="utf-8"))
FORMS: dict[str, Any] = {
    "mapping_form": ValidateMappingForm,
    "booking_form": ValidateBookingForm,
    "identify_form": ValidateIdentifyForm,
    "callback_form": ValidateCallbackForm,
    "booking_code_form": ValidateBookingCodeForm,
}
# every question of every form (the mapping's follow-up only after a mild answer)
QUESTIONS = [
    (form, slot)
    for form, spec in DOMAIN["forms"].items()
    for slot in spec["required_slots"]
    if slot != "work_ability_effect"
]
CONSENTED = {"mapping_consent": True, "contact_consent": True, "has_booking": True}


async def run(form: str, tracker: Any) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    dispatcher = CollectingDispatcher()
    events = await FORMS[form]().run(dispatcher, tracker, DOMAIN)
    return events, dispatcher.messages


def left(events: list[dict[str, Any]]) -> bool:
    return any(e.get("event") == "active_loop" and e.get("name") is None for e in events)


@pytest.mark.parametrize("form, slot", QUESTIONS)
@pytest.mark.parametrize(
    "text, intent, expected",
    [
        ("avbryt", "deny", "stop"),
        ("lopeta", "out_of_scope", "stop"),
        ("antaa olla", "inform", "stop"),
        ("strunt samma", "inform", "stop"),
        ("jag vill börja om från början", "start_mapping", "stop"),
        ("kan jag prata med en människa", "ask_human", "ask_human"),
        ("miten tavoitan elävän ihmisen", "out_of_scope", "ask_human"),
    ],
)
async def test_stop_and_a_human_leave_every_question(
    form: str, slot: str, text: str, intent: str, expected: str
) -> None:
    tracker = form_turn(form, slot, text, intent, 0.8, slots=CONSENTED)
    events, _ = await run(form, tracker)
    assert left(events), events
    user = replayed(events)
    assert user is not None and user["parse_data"]["intent"]["name"] == expected
    assert user["metadata"]["replayed"] is True
    assert slot_values(events)[LEFT_FORM] == form
    assert slot_values(events).get(slot) is None  # nothing typed was kept as an answer


@pytest.mark.parametrize("form, slot", QUESTIONS)
async def test_a_button_of_another_intent_leaves_at_once(form: str, slot: str) -> None:
    other = "search_training" if form != "mapping_form" else "book_meeting"
    if form == "booking_form":
        other = "start_mapping"
    tracker = form_turn(form, slot, f"/{other}", other, 1.0, slots=CONSENTED)
    events, messages = await run(form, tracker)
    assert left(events)
    assert replayed(events)["parse_data"]["intent"]["name"] == other
    assert messages == []


@pytest.mark.parametrize("form, slot", QUESTIONS)
async def test_no_question_is_asked_a_third_time(form: str, slot: str) -> None:
    """Two answers that cannot be used: a clear message, then the choices (never a loop)."""
    slots = {**CONSENTED, "offered_slots": ["1|2026-12-07T07:00:00+00:00"]}
    text = "?!?"
    first, messages = await run(form, form_turn(form, slot, text, "nlu_fallback", 0.2, slots=slots))
    failures = slot_values(first).get(FAILURES) or {}
    assert failures.get(slot) == 1, (form, slot, first)
    assert len(messages) == 1
    second_slots = {**slots, FAILURES: failures}
    second, messages = await run(
        form, form_turn(form, slot, text, "nlu_fallback", 0.2, slots=second_slots)
    )
    values = slot_values(second)
    if form == "mapping_form" and slot != "mapping_consent":
        # the coach asks that one; the form goes on with the next question
        assert values[slot] in ("unanswered", "skipped")
        assert [m["response"] for m in messages] == ["utter_question_left_for_coach"]
    else:
        assert left(second)
        assert [m["response"] for m in messages] == [f"utter_form_choices_{form}"]


@pytest.mark.parametrize(
    "form, slot",
    [
        q
        for q in QUESTIONS
        if q[1] not in ("mapping_consent", "booking_confirm", "contact_consent", "has_booking")
    ],
)
async def test_a_stale_yes_button_is_never_taken_as_typed_text(form: str, slot: str) -> None:
    # from_text put the payload into the slot (the reference once became "AFF-IRM")
    tracker = form_turn(
        form, slot, "/affirm", "affirm", 1.0, slots=CONSENTED, candidates={slot: "/affirm"}
    )
    events, messages = await run(form, tracker)
    assert slot_values(events)[slot] is None
    assert [m["response"] for m in messages] == ["utter_invalid_not_an_answer"]


async def test_a_typed_request_in_the_mapping_asks_once_whether_to_leave() -> None:
    tracker = form_turn(
        "mapping_form",
        "occupation",
        "jag vill boka en tid",
        "book_meeting",
        0.9,
        slots={"mapping_consent": True},
    )
    events, _ = await run("mapping_form", tracker)
    values = slot_values(events)
    assert values["requested_slot"] == LEAVE_CONFIRM and values["occupation"] is None
    assert values[PENDING]["intent"] == "book_meeting" and not left(events)
    pending = values[PENDING]
    # yes: the form is left and the request handled
    yes = form_turn(
        "mapping_form",
        LEAVE_CONFIRM,
        "/affirm",
        "affirm",
        1.0,
        slots={"mapping_consent": True, PENDING: pending},
        candidates={},
    )
    events, _ = await run("mapping_form", yes)
    assert left(events) and replayed(events)["parse_data"]["intent"]["name"] == "book_meeting"
    assert replayed(events)["text"] == "jag vill boka en tid"
    # no: back to the same question
    no = form_turn(
        "mapping_form",
        LEAVE_CONFIRM,
        "/deny",
        "deny",
        1.0,
        slots={"mapping_consent": True, PENDING: pending},
        candidates={},
    )
    events, messages = await run("mapping_form", no)
    assert slot_values(events)["requested_slot"] == "occupation" and not left(events)
    assert [m["response"] for m in messages] == ["utter_form_continue"]


async def test_a_question_at_the_prompt_is_answered_and_not_counted() -> None:
    tracker = form_turn(
        "booking_form",
        "contact",
        "varför behöver ni det?",
        "explain_question",
        0.9,
        slots=CONSENTED,
    )
    events, messages = await run("booking_form", tracker)
    assert [m["response"] for m in messages] == ["utter_explain_contact"]
    assert "contact" not in (slot_values(events).get(FAILURES) or {}) and not left(events)
    assert slot_values(events)["contact"] is None
    # a second question in a row: answered, and the question is not asked a third time
    again = form_turn(
        "booking_form",
        "contact",
        "varför behöver ni det?",
        "explain_question",
        0.9,
        slots={**CONSENTED, FAILURES: slot_values(events)[FAILURES]},
    )
    events, messages = await run("booking_form", again)
    assert [m["response"] for m in messages] == [
        "utter_explain_contact",
        "utter_form_choices_booking_form",
    ]
    assert left(events)


async def test_identify_asks_first_whether_there_is_a_booking() -> None:
    assert DOMAIN["forms"]["identify_form"]["required_slots"][0] == "has_booking"
    no = form_turn(
        "identify_form", "has_booking", "nej", "deny", 0.95, candidates={"has_booking": False}
    )
    events, messages = await run("identify_form", no)
    assert left(events) and [m["response"] for m in messages] == ["utter_no_booking_to_change"]
    no_code = form_turn(
        "identify_form",
        "has_booking",
        "jag har ingen bokningskod",
        "deny",
        0.8,
        candidates={"has_booking": False},
    )
    events, messages = await run("identify_form", no_code)
    # no reference: the contact and a one-time code instead (the form goes on)
    assert not left(events) and messages[0]["response"] == "utter_code_instead"
    assert ("lookup_reference", "__one_time_code__") in [
        (e.get("name"), e.get("value")) for e in events if e.get("event") == "slot"
    ]


async def test_a_reference_in_any_message_is_taken() -> None:
    tracker = form_turn(
        "identify_form",
        "has_booking",
        "Koden är UTV-P5N",
        "inform",
        0.7,
        candidates={"has_booking": "Koden är UTV-P5N"},
    )
    events, _ = await run("identify_form", tracker)
    values = slot_values(events)
    assert values["has_booking"] is True and values["lookup_reference"] == "UTV-P5N"


async def test_a_name_and_a_number_in_one_message() -> None:
    tracker = form_turn(
        "booking_form", "contact_name", "niko 0449876543", "inform", 0.7, slots=CONSENTED
    )
    events, _ = await run("booking_form", tracker)
    values = slot_values(events)
    assert values["contact_name"] == "Niko" and values["contact"] == "phone:+358449876543"


async def test_a_slot_that_was_not_offered_cannot_be_booked() -> None:
    offered = "1|2026-12-07T07:00:00+00:00"
    other = "7|2026-12-07T08:00:00+00:00"  # another coach's slot, typed as a payload
    slots = {"offered_slots": [offered], "offered_history": [offered]}
    tracker = form_turn(
        "booking_form",
        "booking_slot",
        f'/inform{{"booking_slot": "{other}"}}',
        "inform",
        1.0,
        entities=[{"entity": "booking_slot", "value": other}],
        slots=slots,
    )
    events, messages = await run("booking_form", tracker)
    assert slot_values(events)["booking_slot"] is None
    assert [m["response"] for m in messages] == ["utter_invalid_booking_slot"]
    tracker = form_turn(
        "booking_form",
        "booking_slot",
        f'/inform{{"booking_slot": "{offered}"}}',
        "inform",
        1.0,
        entities=[{"entity": "booking_slot", "value": offered}],
        slots=slots,
    )
    events, _ = await run("booking_form", tracker)
    assert slot_values(events)["booking_slot"] == offered


async def test_a_day_typed_at_the_slot_question_offers_that_day() -> None:
    tracker = form_turn(
        "booking_form",
        "booking_slot",
        "går det på måndag 7.12?",
        "book_meeting",
        0.7,
        slots={"offered_slots": ["1|2026-12-03T07:00:00+00:00"]},
    )
    events, messages = await run("booking_form", tracker)
    values = slot_values(events)
    assert values["slot_wish"]["days"] == ["2026-12-07"]
    assert values["requested_slot"] == "booking_slot" and values["booking_slot"] is None
    assert messages == [] and not left(events)


async def test_booking_words_confirm_a_booking() -> None:
    tracker = form_turn(
        "booking_form",
        "booking_confirm",
        "no varaa se sitten. nopeesti",
        "goodbye",
        0.8,
        slots={"booking_slot": "1|2026-12-07T07:00:00+00:00"},
        language="fi",
    )
    events, _ = await run("booking_form", tracker)
    assert slot_values(events)["booking_confirm"] is True and not left(events)


async def test_typed_callback_goes_to_the_callback_form() -> None:
    tracker = form_turn("booking_form", "booking_time", "soittakaa minulle", "inform", 0.6)
    events, _ = await run("booking_form", tracker)
    assert left(events)
    assert replayed(events)["parse_data"]["intent"]["name"] == "request_callback"


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        ("040 765 4321", {"contact": "phone:+358407654321"}),
        ("Mikael", {"contact_name": "Mikael"}),
        ("Mikael 040 765 4321", {"contact_name": "Mikael", "contact": "phone:+358407654321"}),
    ],
)
async def test_details_typed_at_the_consent_question_are_the_yes(
    text: str, kept: dict[str, str]
) -> None:
    slots = {"booking_channel": "phone", "booking_time": "any", "booking_confirm": True}
    tracker = form_turn("booking_form", "contact_consent", text, "inform", 0.7, slots=slots)
    events, messages = await run("booking_form", tracker)
    values = slot_values(events)
    assert values["contact_consent"] is True and not left(events), events
    assert {k: values[k] for k in kept} == kept
    assert messages == []


async def test_an_unclear_answer_at_the_consent_question_is_never_a_yes() -> None:
    slots = {"booking_channel": "phone", "booking_time": "any", "booking_confirm": True}
    tracker = form_turn("booking_form", "contact_consent", "kanske", "inform", 0.5, slots=slots)
    events, messages = await run("booking_form", tracker)
    assert slot_values(events).get("contact_consent") is None
    assert [m["response"] for m in messages] == ["utter_invalid_yes_no"]
