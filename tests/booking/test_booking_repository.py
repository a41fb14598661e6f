"""Booking in the case database, on SQLite and PostgreSQL: no double booking, ever."""

from __future__ import annotations

import uuid
from concurrent.futures import ThreadPoolExecutor
from datetime import date, datetime, time, timedelta, timezone

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


def _book_monday(db_url: str, coach: int, conversation: str) -> booking.MeetingRecord:
    """The conversation's own booking on Monday 30.11 at 9.00."""
    return booking.book(
        Slot(MONDAY_9, coach),
        "visit",
        "sv",
        CONTACT,
        conversation_id=conversation,
        now=NOW,
        url=db_url,
    )


def test_cancel_frees_the_slot_and_reschedule_is_atomic(db_url: str) -> None:
    coach = make_coach(db_url)
    conversation = f"c-{uuid.uuid4()}"
    first = _book_monday(db_url, coach, conversation)
    later = Slot(datetime(2026, 11, 30, 7, 45, tzinfo=timezone.utc), coach)
    moved = booking.reschedule(first.reference, later, now=NOW, url=db_url)
    # the same meeting (reference, calendar entry) at the new time; one meeting, not two
    assert moved.start_at == later.start and moved.reference == first.reference
    assert moved.sequence == first.sequence + 1 and moved.token == first.token
    assert booking.find_meeting(moved.reference, "+358401234567", url=db_url).start_at == (
        later.start
    )
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
    assert booking.upcoming_self_booking(conversation, now=NOW, url=db_url) is None


def test_a_person_has_one_upcoming_self_booked_meeting(db_url: str) -> None:
    coach = make_coach(db_url)
    conversation = f"c-{uuid.uuid4()}"
    first = _book_monday(db_url, coach, conversation)
    other = Slot(datetime(2026, 12, 1, 7, 0, tzinfo=timezone.utc), coach)
    with pytest.raises(booking.AlreadyBooked) as raised:
        booking.book(
            other, "visit", "sv", CONTACT, conversation_id=conversation, now=NOW, url=db_url
        )
    assert raised.value.meeting is not None and raised.value.meeting.reference == first.reference
    # a coach may book a second meeting for the same case
    second = booking.book(
        other,
        "visit",
        "sv",
        CONTACT,
        conversation_id=conversation,
        now=NOW,
        url=db_url,
        booked_by="coach",
    )
    assert second.booked_by == "coach"
    assert (
        booking.upcoming_self_booking(conversation, now=NOW, url=db_url).reference
        == first.reference
    )
    # once the first meeting has started, the person can book the next one
    after = datetime(2026, 11, 30, 8, 0, tzinfo=timezone.utc)
    third = booking.book(
        Slot(datetime(2026, 12, 2, 7, 0, tzinfo=timezone.utc), coach),
        "visit",
        "sv",
        CONTACT,
        conversation_id=conversation,
        now=after,
        url=db_url,
    )
    assert third.status == "booked"
    # cancelling frees the case for a new self-booking
    booking.cancel(third.reference, url=db_url)
    assert booking.upcoming_self_booking(conversation, now=after, url=db_url) is None


def test_concurrent_bookings_of_one_person_leave_one_meeting(db_url: str) -> None:
    """Eight slots of two coaches, one conversation, eight threads: exactly one meeting.

    The coaches' row locks do not serialise these (two coaches); the unique
    self_booking_case_id does."""
    coaches = [make_coach(db_url), make_coach(db_url)]
    conversation = f"c-{uuid.uuid4()}"
    with session_scope(db_url) as session:  # the case exists before the race
        from bot.cases.models import Case

        session.add(Case(conversation_id=conversation, language="sv"))
    quarter = timedelta(minutes=45)
    slots = [
        Slot(MONDAY_9 + day * timedelta(days=1) + i * quarter, coaches[i % 2])
        for day in range(2)
        for i in range(4)
    ]

    def attempt(slot: Slot) -> str:
        try:
            booking.book(
                slot, "visit", "sv", CONTACT, conversation_id=conversation, now=NOW, url=db_url
            )
            return "booked"
        except booking.AlreadyBooked:
            return "already"
        except SlotTaken:
            return "taken"

    with ThreadPoolExecutor(max_workers=8) as pool:
        results = list(pool.map(attempt, slots))
    assert results.count("booked") == 1, results
    assert booking.upcoming_self_booking(conversation, now=NOW, url=db_url) is not None


def test_a_coach_of_another_language_cannot_be_booked(db_url: str) -> None:
    finnish_only = make_coach(db_url, languages=("fi",))
    with pytest.raises(SlotTaken):
        booking.book(Slot(MONDAY_9, finnish_only), "visit", "sv", CONTACT, now=NOW, url=db_url)
    assert booking.book(Slot(MONDAY_9, finnish_only), "visit", "fi", CONTACT, now=NOW, url=db_url)


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
