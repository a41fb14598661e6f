"""Booking in the case database, on SQLite and PostgreSQL: no double booking, ever."""

from __future__ import annotations

import uuid
from concurrent.futures import ThreadPoolExecutor
from datetime import date, datetime, time, timezone

import pytest

from bot.cases import booking
from bot.cases.booking import ContactDetails, SlotTaken
from bot.cases.db import session_scope
from bot.cases.models import Coach, CoachHours
from bot.rules.slots import Slot

NOW = datetime(2026, 11, 25, 8, 0, tzinfo=timezone.utc)
MONDAY_9 = datetime(2026, 11, 30, 7, 0, tzinfo=timezone.utc)  # Monday 30.11 09.00 Helsinki
CONTACT = ContactDetails(name="Maria", phone="+358401234567", consent=True)


def make_coach(url: str, languages: tuple[str, ...] = ("sv", "fi")) -> int:
    with session_scope(url) as session:
        coach = Coach(
            name=f"Coach {uuid.uuid4().hex[:6]}",
            languages=list(languages),
            groups=["youth"],
            office="Kontoret",
            address="Lundagatan 5, Borgå",
            municipality="638",
            channels=["visit", "phone"],
            active=True,
            sample=True,
        )
        session.add(coach)
        session.flush()
        for weekday in range(5):
            session.add(
                CoachHours(
                    coach_id=coach.id, weekday=weekday, start_time=time(9), end_time=time(12)
                )
            )
        return int(coach.id)


def test_book_then_the_slot_is_busy(db_url: str) -> None:
    coach = make_coach(db_url)
    meeting = booking.book(
        Slot(MONDAY_9, coach),
        "visit",
        "sv",
        CONTACT,
        conversation_id=f"c-{uuid.uuid4()}",
        now=NOW,
        url=db_url,
    )
    assert meeting.status == "booked" and len(meeting.reference) == 7
    assert len(meeting.token) >= 43  # 256 random bits, URL-safe
    schedule = booking.schedules([coach], date(2026, 11, 30), 1, db_url)[coach]
    assert MONDAY_9 in schedule.busy
    with pytest.raises(SlotTaken):
        booking.book(Slot(MONDAY_9, coach), "visit", "sv", CONTACT, now=NOW, url=db_url)


def test_a_time_outside_working_hours_cannot_be_booked(db_url: str) -> None:
    coach = make_coach(db_url)
    evening = datetime(2026, 11, 30, 17, 0, tzinfo=timezone.utc)
    with pytest.raises(SlotTaken):
        booking.book(Slot(evening, coach), "visit", "sv", CONTACT, now=NOW, url=db_url)


def test_fifty_concurrent_bookings_of_one_slot(db_url: str) -> None:
    """Exactly one succeeds; the other 49 get SlotTaken (the friendly "just taken" path)."""
    coach = make_coach(db_url)
    slot = Slot(MONDAY_9, coach)

    def attempt(i: int) -> str:
        try:
            booking.book(
                slot,
                "phone",
                "fi",
                CONTACT,
                conversation_id=f"race-{i}-{uuid.uuid4()}",
                now=NOW,
                url=db_url,
            )
            return "booked"
        except SlotTaken:
            return "taken"

    with ThreadPoolExecutor(max_workers=50) as pool:
        results = list(pool.map(attempt, range(50)))
    assert results.count("booked") == 1
    assert results.count("taken") == 49


def test_cancel_frees_the_slot_and_reschedule_is_atomic(db_url: str) -> None:
    coach = make_coach(db_url)
    conversation = f"c-{uuid.uuid4()}"
    first = booking.book(
        Slot(MONDAY_9, coach),
        "visit",
        "sv",
        CONTACT,
        conversation_id=conversation,
        now=NOW,
        url=db_url,
    )
    later = Slot(datetime(2026, 11, 30, 7, 45, tzinfo=timezone.utc), coach)
    moved = booking.reschedule(first.reference, later, now=NOW, url=db_url)
    assert moved.start_at == later.start and moved.reference != first.reference
    assert booking.find_meeting(first.reference, "+358401234567", url=db_url).status == "cancelled"
    # the old time is free again and can be booked by somebody else
    again = booking.book(Slot(MONDAY_9, coach), "visit", "sv", CONTACT, now=NOW, url=db_url)
    assert again.status == "booked"
    # a reschedule to a taken slot changes nothing
    with pytest.raises(SlotTaken):
        booking.reschedule(moved.reference, Slot(MONDAY_9, coach), now=NOW, url=db_url)
    assert booking.find_meeting(moved.reference, "+358401234567", url=db_url).status == "booked"
    cancelled = booking.cancel(moved.reference, url=db_url)
    assert cancelled is not None and cancelled.status == "cancelled"
    assert booking.cancel(moved.reference, url=db_url) is None  # already cancelled
    assert booking.meetings_of_conversation(conversation, url=db_url) == []


def test_find_needs_the_right_contact(db_url: str) -> None:
    coach = make_coach(db_url)
    meeting = booking.book(
        Slot(MONDAY_9, coach),
        "visit",
        "sv",
        ContactDetails(name="Ali", email="ali@example.fi", consent=True),
        now=NOW,
        url=db_url,
    )
    ref = meeting.reference.replace("-", "").lower()
    assert booking.find_meeting(ref, "ali@example.fi", url=db_url) is not None
    assert booking.find_meeting(ref, "someone@example.fi", url=db_url) is None
    assert booking.find_meeting(ref, None, url=db_url) is None
    assert booking.meeting_by_token(meeting.token, url=db_url).reference == meeting.reference


def test_callback_request(db_url: str) -> None:
    record = booking.request_callback(
        "fi", CONTACT, conversation_id=f"c-{uuid.uuid4()}", url=db_url
    )
    assert record.status == "callback_requested" and record.start_at is None
