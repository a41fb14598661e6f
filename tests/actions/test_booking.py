"""Booking actions with trackers built inline, on the sample coaches (time fixed)."""

from __future__ import annotations

import zlib
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
import yaml
from rasa_sdk.events import FollowupAction
from rasa_sdk.executor import CollectingDispatcher
from sqlalchemy import select

import actions.common
from actions.booking import ActionBookMeeting, ActionStartBooking
from actions.booking_code import BOOKING_CODE_FORM, ValidateBookingCodeForm
from actions.booking_form import ActionAskBookingSlot, ValidateBookingForm
from actions.handoff import ActionOfferHuman, ActionRequestCallback
from actions.identify import ActionLookupMeeting
from actions.meetings import ActionCancelMeeting, ActionMeetingFollowup, ActionMeetingRequest
from bot.cases import booking, booking_hold
from bot.cases.db import session_scope
from bot.cases.models import Coach, Meeting, PersonMessage
from bot.chat_input import ADDRESS_KEY
from bot.rules.slots import HELSINKI, parse_key
from tests.actions.helpers import form_turn, make_tracker
from tests.outbox import code_sent_to

ROOT = Path(__file__).resolve().parents[2]
NOW = datetime(2026, 11, 25, 8, 0, tzinfo=timezone.utc)
DOMAIN: dict[str, Any] = yaml.safe_load((ROOT / "domain.yml").read_text(encoding="utf-8"))


class FixedClock(actions.common.Clock):
    def now(self) -> datetime:
        return NOW


@pytest.fixture(autouse=True)
def coaches(case_db: str, monkeypatch: pytest.MonkeyPatch) -> None:
    # one clock for every action module: slots, bookings and "today" all see NOW
    monkeypatch.setattr(actions.common, "CLOCK", FixedClock())
    with session_scope(case_db) as session:
        session.query(Coach).update({"active": False})
    data = yaml.safe_load((ROOT / "data" / "coaches" / "coaches.yml").read_text("utf-8"))
    booking.load_coaches(data, date(2026, 11, 25), case_db)


def slots_of(events: list[dict[str, Any]]) -> dict[str, Any]:
    return {e["name"]: e["value"] for e in events if e.get("event") == "slot"}


async def run(action: Any, tracker: Any) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    dispatcher = CollectingDispatcher()
    events = await action.run(dispatcher, tracker, DOMAIN)
    return dispatcher.messages, slots_of(events)


def intent_tracker(intent: str, entities: list[dict[str, Any]] | None = None, **slots: Any) -> Any:
    return make_tracker(
        slots=slots,
        latest_message={
            "intent": {"name": intent, "confidence": 1.0},
            "entities": entities or [],
            "text": f"/{intent}",
        },
        sender_id=slots.pop("sender", "book-user") if "sender" in slots else "book-user",
    )


async def test_without_a_mapping_the_mapping_is_offered_first() -> None:
    messages, slots = await run(ActionStartBooking(), intent_tracker("book_meeting"))
    assert [m["response"] for m in messages] == ["utter_booking_mapping_first"]
    assert slots["booking_ready"] is False


async def test_a_short_first_meeting_without_mapping() -> None:
    tracker = intent_tracker(
        "book_meeting", [{"entity": "booking_mode", "value": "short"}], contact_channel="phone"
    )
    messages, slots = await run(ActionStartBooking(), tracker)
    assert messages == []
    assert slots["booking_ready"] is True and slots["booking_mode"] == "short"
    assert slots["booking_channel"] == "phone"  # taken from the mapping answer


@pytest.mark.parametrize(("language", "allowed"), [("sv", "sv"), ("fi", "fi")])
async def test_offered_slots_match_the_service_language(language: str, allowed: str) -> None:
    tracker = make_tracker(
        slots={"language": language, "booking_channel": "visit", "booking_time": "morning"}
    )
    messages, slots = await run(ActionAskBookingSlot(), tracker)
    [message] = messages
    assert message["response"] == "utter_ask_booking_slot"
    assert len(slots["offered_slots"]) == 3
    # the three slots first, then "more times" (it came first when the response held it)
    *times, more = message["buttons"]
    assert len(times) == 3 and all(" · " in b["title"] for b in times)
    assert more["payload"] == "/show_more"
    assert more["title"] == ("Fler lediga tider" if language == "sv" else "Lisää vapaita aikoja")
    coaches = {c.id: c for c in booking.coaches()}
    for key in slots["offered_slots"]:
        coach_id, start = parse_key(key)
        assert allowed in coaches[coach_id].languages
        assert "visit" in coaches[coach_id].channels
        assert start.astimezone(HELSINKI).hour < 12
    assert slots["show_more_target"] == "slots"


async def test_other_times_page_on() -> None:
    base = {"language": "sv", "booking_channel": "phone", "booking_time": "any"}
    _, first = await run(ActionAskBookingSlot(), make_tracker(slots={**base, "slot_page": 0}))
    _, second = await run(ActionAskBookingSlot(), make_tracker(slots={**base, "slot_page": 1}))
    assert not set(first["offered_slots"]) & set(second["offered_slots"])


def test_choosing_a_slot_in_words() -> None:
    form = ValidateBookingForm()
    offered = ["1|2026-11-30T07:00:00+00:00", "2|2026-11-30T07:45:00+00:00"]
    tracker = make_tracker(slots={"offered_slots": offered, "offered_history": offered})
    dispatcher = CollectingDispatcher()
    assert (
        form.validate_booking_slot("den andra", dispatcher, tracker, DOMAIN)["booking_slot"]
        == "2|2026-11-30T07:45:00+00:00"
    )
    assert (
        form.validate_booking_slot("ensimmäinen", dispatcher, tracker, DOMAIN)["booking_slot"]
        == "1|2026-11-30T07:00:00+00:00"
    )
    assert (
        form.validate_booking_slot("kl 9.45", dispatcher, tracker, DOMAIN)["booking_slot"]
        == "2|2026-11-30T07:45:00+00:00"
    )
    assert form.validate_booking_slot("kanske", dispatcher, tracker, DOMAIN)["booking_slot"] is None
    assert [m["response"] for m in dispatcher.messages] == ["utter_invalid_booking_slot"]


@pytest.mark.parametrize(
    ("slot", "value", "expected", "response"),
    [
        ("contact", "040 123 4567", "phone:+358401234567", None),
        ("contact", "maria@example.fi", "email:maria@example.fi", None),
        ("contact", "040", None, "utter_invalid_contact_missing"),
        ("contact", "maria@", None, "utter_invalid_email_invalid"),
        ("contact_name", "maria", "Maria", None),
        ("contact_name", "12345", None, "utter_invalid_name"),
        ("booking_time", "på eftermiddagen", "afternoon", None),
        ("booking_time", "aamupäivällä", "morning", None),
        ("booking_channel", "soittakaa", "phone", None),
    ],
)
def test_validators(slot: str, value: str, expected: str | None, response: str | None) -> None:
    dispatcher = CollectingDispatcher()
    result = getattr(ValidateBookingForm(), f"validate_{slot}")(
        value, dispatcher, make_tracker(), DOMAIN
    )
    assert result[slot] == expected
    assert [m.get("response") for m in dispatcher.messages] == ([response] if response else [])


def test_a_name_with_a_number_keeps_both() -> None:
    result = ValidateBookingForm().validate_contact_name(
        "Maria 040 123 4567", CollectingDispatcher(), make_tracker(), DOMAIN
    )
    assert result["contact_name"] == "Maria" and result["contact"] == "phone:+358401234567"


def sent_code(recipient: str) -> str:
    code = code_sent_to(recipient)
    assert code is not None, recipient
    return code


def kinds_to(recipient: str) -> list[str]:
    """The kinds of message written to ``recipient``'s outbox."""
    with session_scope() as session:
        query = select(PersonMessage.kind).where(PersonMessage.recipient == recipient)
        return sorted(session.execute(query).scalars())


async def type_code(
    sender: str, reference: str, code: str, language: str = "sv"
) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    tracker = form_turn(
        BOOKING_CODE_FORM,
        "booking_code",
        code,
        slots={"held_reference": reference},
        language=language,
        sender_id=sender,
    )
    return await run(ValidateBookingCodeForm(), tracker)


async def hold_first_free(
    sender: str, language: str = "sv", phone: str = "+358401234567", address: str | None = None
) -> dict[str, Any]:
    base = {"language": language, "booking_channel": "visit", "booking_time": "any"}
    _, offered = await run(ActionAskBookingSlot(), make_tracker(slots=base))
    tracker = make_tracker(
        slots={
            **base,
            "offered_history": offered["offered_history"],
            "booking_slot": offered["offered_slots"][0],
            "booking_confirm": True,
            "contact_consent": True,
            "contact_name": "Maria",
            "contact": f"phone:{phone}",
        },
        latest_message={
            "intent": {"name": "affirm"},
            "entities": [],
            "text": "ja",
            "metadata": {ADDRESS_KEY: address} if address else {},
        },
        sender_id=sender,
    )
    messages, slots = await run(ActionBookMeeting(), tracker)
    return {"messages": messages, "slots": slots, "key": offered["offered_slots"][0]}


def phone_of(sender: str) -> str:
    """A phone number of each conversation's own (one contact has one upcoming booking)."""
    return f"+35840{zlib.crc32(sender.encode()) % 10**7:07d}"


async def book_first_free(sender: str, language: str = "sv") -> dict[str, Any]:
    """Book the first free slot and confirm it with the code sent to the phone."""
    phone = phone_of(sender)
    held = await hold_first_free(sender, language, phone=phone)
    assert [m["response"] for m in held["messages"]] == ["utter_meeting_held"]
    reference = held["slots"]["held_reference"]
    messages, slots = await type_code(sender, reference, sent_code(phone), language)
    assert messages[0]["response"] == "utter_meeting_booked"
    return {
        "messages": messages,
        "slots": {**held["slots"], **slots},
        "key": held["key"],
        "phone": phone,
    }


async def test_booking_confirms_with_local_time_reference_and_calendar_link() -> None:
    result = await book_first_free("booker-1")
    [message] = result["messages"]
    assert message["response"] == "utter_meeting_booked"
    assert message["when"].split()[0] in ("måndag", "tisdag", "onsdag", "torsdag", "fredag")
    assert " kl. " in message["when"]
    assert message["ics"].startswith("http") and message["ics"].endswith(".ics")
    assert result["slots"]["booking_reference"] == message["reference"]
    assert result["slots"]["contact"] is None  # contact details are not kept in the chat


async def test_a_slot_just_taken_offers_the_next_ones() -> None:
    first = await book_first_free("booker-2")
    tracker = make_tracker(
        slots={
            "language": "fi",
            "booking_channel": "visit",
            "booking_slot": first["key"],
            "booking_confirm": True,
            "contact_consent": True,
            "contact_name": "Ville",
            "contact": "phone:+358401112223",
        },
        sender_id="booker-3",
    )
    messages, slots = await run(ActionBookMeeting(), tracker)
    assert [m["response"] for m in messages] == ["utter_slot_just_taken"]
    assert slots["booking_taken"] is True and slots["booking_slot"] is None


async def test_status_of_my_meeting_in_the_same_conversation() -> None:
    result = await book_first_free("booker-4")
    reference = result["slots"]["booking_reference"]
    tracker = intent_tracker("ask_meeting_status", booking_reference=reference, sender="booker-4")
    _, slots = await run(ActionMeetingRequest(), tracker)
    assert slots["meeting_found"] is True and slots["verified_reference"] == reference
    follow = make_tracker(slots={"verified_reference": reference, "meeting_intent": "status"})
    messages, _ = await run(ActionMeetingFollowup(), follow)
    assert messages[0]["response"] == "utter_meeting_status"
    assert messages[0]["reference"] == reference


async def test_a_later_visit_identifies_with_reference_and_phone_then_cancels() -> None:
    result = await book_first_free("booker-5")
    reference = result["slots"]["booking_reference"]
    messages, slots = await run(
        ActionMeetingRequest(), intent_tracker("cancel_meeting", sender="other-visit")
    )
    assert slots["meeting_found"] is False
    assert messages == []  # identify_form asks first whether there is a booking
    wrong = make_tracker(slots={"lookup_reference": reference, "lookup_contact": "+358409999999"})
    messages, slots = await run(ActionLookupMeeting(), wrong)
    assert slots["meeting_found"] is False
    assert [m["response"] for m in messages] == ["utter_meeting_not_found"]
    right = make_tracker(slots={"lookup_reference": reference, "lookup_contact": result["phone"]})
    _, slots = await run(ActionLookupMeeting(), right)
    assert slots["meeting_found"] is True
    follow = make_tracker(slots={"verified_reference": reference, "meeting_intent": "cancel"})
    messages, slots = await run(ActionMeetingFollowup(), follow)
    assert messages[0]["response"] == "utter_confirm_cancel"
    messages, _ = await run(
        ActionCancelMeeting(), make_tracker(slots={"pending_cancel": slots["pending_cancel"]})
    )
    assert messages[0]["response"] == "utter_meeting_cancelled" and messages[0]["when"]
    assert booking.find_meeting(reference, result["phone"]).status == "cancelled"


async def test_a_second_booking_is_offered_as_a_move_instead() -> None:
    await book_first_free("booker-6")
    messages, slots = await run(
        ActionStartBooking(),
        intent_tracker("book_meeting", sender="booker-6", mapping_status="saved"),
    )
    assert [m["response"] for m in messages] == ["utter_already_booked"]
    assert slots["booking_ready"] is False


async def test_a_reschedule_moves_the_same_meeting_and_frees_the_old_time() -> None:
    first = await book_first_free("booker-7")
    reference = first["slots"]["booking_reference"]
    follow = make_tracker(slots={"verified_reference": reference, "meeting_intent": "reschedule"})
    messages, slots = await run(ActionMeetingFollowup(), follow)
    assert messages[0]["response"] == "utter_reschedule_intro"
    assert slots["reschedule_reference"] == reference and slots["booking_time"] == "any"
    assert slots["preferred_coach_id"] is not None
    base = {
        "language": "sv",
        "booking_channel": slots["booking_channel"],
        "booking_time": "any",
        "preferred_coach_id": slots["preferred_coach_id"],
        "reschedule_reference": reference,
    }
    _, offered = await run(ActionAskBookingSlot(), make_tracker(slots=base, sender_id="booker-7"))
    new_key = next(k for k in offered["offered_slots"] if k != first["key"])
    assert parse_key(new_key)[0] == slots["preferred_coach_id"]  # the same coach first
    tracker = make_tracker(
        slots={
            **base,
            "booking_slot": new_key,
            "booking_confirm": True,
            "offered_history": offered["offered_history"],
        },
        sender_id="booker-7",
    )
    messages, after = await run(ActionBookMeeting(), tracker)
    assert messages[0]["response"] == "utter_meeting_moved"
    assert after["booking_reference"] == reference  # the same meeting, moved
    moved = booking.find_meeting(reference, first["phone"])
    assert moved.start_at == parse_key(new_key)[1] and moved.sequence == 1
    schedule = booking.schedules([parse_key(first["key"])[0]], NOW.date(), 10)
    assert parse_key(first["key"])[1] not in schedule[parse_key(first["key"])[0]].busy


async def test_a_human_is_offered_the_first_free_slot() -> None:
    messages, _ = await run(ActionOfferHuman(), intent_tracker("ask_human", language="fi"))
    [message] = messages
    assert message["response"] == "utter_human_offer"
    assert "|" in message["slot_payload"] and message["when"].endswith(tuple("0123456789"))


async def test_callback_request_is_stored() -> None:
    tracker = make_tracker(
        slots={"contact_consent": True, "contact_name": "Ali", "contact": "email:ali@example.fi"},
        sender_id="callback-1",
    )
    messages, slots = await run(ActionRequestCallback(), tracker)
    assert messages[0]["response"] == "utter_callback_requested"
    assert slots["contact"] is None
    record = booking.find_meeting(messages[0]["reference"], "ali@example.fi")
    assert record is not None and record.status == "callback_requested"


async def test_a_held_booking_names_the_masked_contact_and_waits_for_the_code() -> None:
    held = await hold_first_free("holder-1", "fi")
    [message] = held["messages"]
    assert message["response"] == "utter_meeting_held"
    assert message["contact"] == "040 ••• ••67" and message["minutes"] == 30
    assert held["slots"]["contact"] is None  # the contact is not kept in the chat
    reference = held["slots"]["held_reference"]
    record = booking.meeting_by_reference(reference)
    assert record is not None and record.held
    assert kinds_to("+358401234567") == ["code"]  # no confirmation, calendar or reminder yet
    messages, slots = await type_code("holder-1", reference, sent_code("+358401234567"), "fi")
    assert messages[0]["response"] == "utter_meeting_booked"
    assert slots["booking_reference"] == reference and slots["held_reference"] is None
    assert kinds_to("+358401234567") == ["booked", "code"]  # today: no reminder the day before


async def test_a_wrong_code_tells_the_tries_left_and_the_fifth_releases_the_time() -> None:
    held = await hold_first_free("holder-2", phone=phone_of("holder-2"))
    reference = held["slots"]["held_reference"]
    right = sent_code(phone_of("holder-2"))
    wrong = "111111" if right != "111111" else "222222"
    messages, _ = await type_code("holder-2", reference, wrong)
    assert [m["response"] for m in messages] == ["utter_code_wrong"]  # and nothing on top
    assert messages[0]["tries_left"] == 4
    for _ in range(3):
        await type_code("holder-2", reference, wrong)
    messages, slots = await type_code("holder-2", reference, wrong)
    assert messages[0]["response"] == "utter_booking_code_locked"
    assert slots["held_reference"] is None
    messages, _ = await type_code("holder-2", reference, right)  # too late now
    assert messages[0]["response"] == "utter_booking_hold_expired"
    coach_id, start = parse_key(held["key"])
    assert start not in booking.schedules([coach_id], NOW.date(), 10)[coach_id].busy


async def test_a_hold_nobody_confirms_is_released_and_its_slot_is_free_again() -> None:
    held = await hold_first_free("holder-3", phone=phone_of("holder-3"))
    coach_id, start = parse_key(held["key"])
    reference = held["slots"]["held_reference"]
    booking_hold.release_expired(NOW + timedelta(minutes=29))
    assert booking.meeting_by_reference(reference).status == "booked"
    assert booking_hold.release_expired(NOW + timedelta(minutes=31)) >= 1
    assert booking.meeting_by_reference(reference).status == "released"
    assert start not in booking.schedules([coach_id], NOW.date(), 10)[coach_id].busy
    messages, _ = await type_code("holder-3", held["slots"]["held_reference"], "123456")
    assert messages[0]["response"] == "utter_booking_hold_expired"


async def test_bookings_are_limited_per_address_and_per_waiting_contact() -> None:
    address = "a1b2c3d4e5f60718"
    for n in range(3):
        held = await hold_first_free(f"spam-{n}", phone=f"+35840123450{n}", address=address)
        assert [m["response"] for m in held["messages"]] == ["utter_meeting_held"]
    held = await hold_first_free("spam-3", phone="+358401234503", address=address)
    assert [m["response"] for m in held["messages"]] == ["utter_booking_limit_address"]
    # one contact: a second booking while the first waits for its code
    held = await hold_first_free("spam-4", phone="+358401234500")
    assert [m["response"] for m in held["messages"]] == ["utter_booking_limit_contact"]
    with session_scope() as session:
        assert session.query(Meeting).filter(Meeting.booked_from == address).count() == 3
        assert session.query(Meeting).filter(Meeting.contact_phone == "+358401234500").count() == 1


async def test_a_contact_verified_in_this_conversation_books_without_a_new_code() -> None:
    first = await book_first_free("verified-1")
    messages, _ = await run(
        ActionCancelMeeting(),
        make_tracker(slots={"pending_cancel": first["slots"]["booking_reference"]}),
    )
    assert messages[0]["response"] == "utter_meeting_cancelled"
    again = await hold_first_free("verified-1", phone=first["phone"])
    assert [m["response"] for m in again["messages"]] == ["utter_meeting_booked"]


async def test_a_held_booking_left_unconfirmed_asks_for_its_code_again() -> None:
    """Leaving the code question does not strand the person: booking again, or asking
    about the time, asks for the code of the held booking (never shows it as booked)."""
    held = await hold_first_free("left-code-1", phone=phone_of("left-code-1"))
    reference = held["slots"]["held_reference"]
    events = await ActionStartBooking().run(
        dispatcher := CollectingDispatcher(),
        intent_tracker("book_meeting", sender="left-code-1", mapping_status="saved"),
        DOMAIN,
    )
    assert [m["response"] for m in dispatcher.messages] == ["utter_meeting_held"]
    assert slots_of(events)["held_reference"] == reference
    assert FollowupAction("booking_code_form") in events
    events = await ActionMeetingRequest().run(
        dispatcher := CollectingDispatcher(),
        intent_tracker("ask_meeting_status", sender="left-code-1"),
        DOMAIN,
    )
    assert [m["response"] for m in dispatcher.messages] == ["utter_meeting_held"]
    assert FollowupAction("booking_code_form") in events
    messages, _ = await type_code("left-code-1", reference, sent_code(phone_of("left-code-1")))
    assert messages[0]["response"] == "utter_meeting_booked"


async def test_a_verified_contact_still_has_one_upcoming_self_booking() -> None:
    """A contact proven in a second conversation cannot confirm a second meeting there."""
    first = await book_first_free("one-each-1")
    phone = first["phone"]
    # another conversation proves the same number with a booking code of its own
    with session_scope() as session:
        from bot.cases import people

        owner = people.person_with(session, phone)
        assert owner is not None
    held = await hold_first_free("one-each-2", phone=phone)
    messages, _ = await type_code("one-each-2", held["slots"]["held_reference"], sent_code(phone))
    assert messages[0]["response"] == "utter_already_booked"  # the first meeting stands
    assert booking.meeting_by_reference(held["slots"]["held_reference"]).status == "released"
    again = await hold_first_free("one-each-2", phone=phone)
    assert [m["response"] for m in again["messages"]] == ["utter_meeting_held"]


async def test_bookings_let_go_cannot_flood_a_phone_with_codes() -> None:
    """Booking and letting go again and again sends at most the hour's share of codes."""
    phone = phone_of("flood-target")
    responses = []
    for n in range(5):
        held = await hold_first_free(f"flood-{n}", phone=phone)
        responses.append(held["messages"][0]["response"])
        if "held_reference" in held["slots"]:
            for _ in range(5):  # five wrong codes release it at once
                await type_code(f"flood-{n}", held["slots"]["held_reference"], "000001")
    assert responses == ["utter_meeting_held"] * 3 + ["utter_booking_limit_contact"] * 2
    assert kinds_to(phone) == ["code"] * 3


async def test_a_released_hold_keeps_no_contact_and_changes_nothing_for_coaches() -> None:
    held = await hold_first_free("released-1", phone=phone_of("released-1"))
    reference = held["slots"]["held_reference"]
    booking_hold.release_expired(NOW + timedelta(minutes=31))
    with session_scope() as session:
        from bot.cases.models import Case

        meeting = session.execute(
            select(Meeting).where(Meeting.reference == reference)
        ).scalar_one()
        assert meeting.status == "released"
        assert (meeting.contact_name, meeting.contact_phone, meeting.contact_email) == (
            None,
            None,
            None,
        )
        case = session.get(Case, meeting.case_id)
        assert case is not None and case.own_coach_id is None  # the hold made no own coach
