"""Slot finding in Europe/Helsinki: daylight saving, weekends, holidays, absences."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta, timezone

import pytest

from bot.rules.contact import ContactError, parse_contact, parse_first_name, parse_phone
from bot.rules.slots import (
    HELSINKI,
    CoachProfile,
    CoachSchedule,
    Slot,
    SlotRequest,
    WorkingHours,
    best_slots,
    eligible_coaches,
    finnish_holidays,
    free_slots,
    parse_key,
)
from bot.rules.timefmt import when, when_short

WEEKDAYS_9_TO_12 = tuple(WorkingHours(d, time(9, 0), time(12, 0)) for d in range(5))
LONG_AGO = datetime(2020, 1, 1, tzinfo=timezone.utc)


def local_starts(slots: list[Slot]) -> list[str]:
    return [s.local().strftime("%a %d.%m %H:%M") for s in slots]


def test_slots_are_45_minutes_in_local_time() -> None:
    schedule = CoachSchedule(1, WEEKDAYS_9_TO_12)
    slots = free_slots(schedule, date(2026, 12, 1), 1, LONG_AGO)  # a Tuesday
    assert [s.local().strftime("%H:%M") for s in slots] == ["09:00", "09:45", "10:30", "11:15"]
    assert slots[0].start == datetime(2026, 12, 1, 7, 0, tzinfo=timezone.utc)  # UTC+2 in winter


@pytest.mark.parametrize(
    ("first_day", "change", "utc_before", "utc_after"),
    [
        (date(2027, 3, 22), date(2027, 3, 28), 7, 6),  # summer time starts (Easter week too)
        (date(2026, 10, 19), date(2026, 10, 25), 6, 7),  # summer time ends
    ],
)
def test_daylight_saving_weeks_keep_the_wall_clock(
    first_day: date, change: date, utc_before: int, utc_after: int
) -> None:
    schedule = CoachSchedule(1, WEEKDAYS_9_TO_12)
    slots = free_slots(schedule, first_day, 14, LONG_AGO)
    nine = [s for s in slots if s.local().strftime("%H:%M") == "09:00"]
    assert len(nine) >= 8
    for slot in nine:
        expected = utc_before if slot.local().date() < change else utc_after
        assert slot.start.hour == expected, slot
    assert {s.local().date() < change for s in nine} == {True, False}


def test_weekends_are_never_offered() -> None:
    slots = free_slots(CoachSchedule(1, WEEKDAYS_9_TO_12), date(2026, 12, 12), 2, LONG_AGO)
    assert slots == []  # Saturday and Sunday


@pytest.mark.parametrize(
    "holiday",
    [
        date(2026, 12, 24),
        date(2026, 12, 25),
        date(2026, 12, 7) - timedelta(days=1) + timedelta(0),
        date(2027, 1, 6),
        date(2027, 3, 26),
        date(2027, 3, 29),
        date(2027, 5, 6),
        date(2027, 6, 25),
    ],
)
def test_public_holidays_are_closed(holiday: date) -> None:
    assert holiday in finnish_holidays(holiday.year)
    schedule = CoachSchedule(1, tuple(WorkingHours(d, time(9), time(12)) for d in range(7)))
    assert free_slots(schedule, holiday, 1, LONG_AGO) == []


def test_easter_and_midsummer_are_computed() -> None:
    days = finnish_holidays(2027)
    assert days[date(2027, 3, 26)].startswith("Långfredagen")  # Easter Sunday 28.3.2027
    assert days[date(2027, 6, 25)].startswith("Midsommarafton")


def test_absences_and_booked_slots_are_skipped() -> None:
    booked = datetime(2026, 12, 2, 7, 45, tzinfo=timezone.utc)  # Wed 09:45 local
    schedule = CoachSchedule(
        1,
        WEEKDAYS_9_TO_12,
        absences=((date(2026, 12, 1), date(2026, 12, 1)),),
        busy=frozenset({booked}),
    )
    slots = free_slots(schedule, date(2026, 12, 1), 2, LONG_AGO)
    assert local_starts(slots) == ["Wed 02.12 09:00", "Wed 02.12 10:30", "Wed 02.12 11:15"]


def test_a_coach_with_no_free_time_has_no_slots() -> None:
    absent = CoachSchedule(1, WEEKDAYS_9_TO_12, absences=((date(2026, 12, 1), date(2027, 1, 31)),))
    assert free_slots(absent, date(2026, 12, 1), 28, LONG_AGO) == []
    assert free_slots(CoachSchedule(2, ()), date(2026, 12, 1), 28, LONG_AGO) == []


def test_nothing_in_the_past_or_within_two_hours() -> None:
    now = datetime(2026, 12, 1, 8, 0, tzinfo=timezone.utc)  # 10:00 local
    slots = free_slots(CoachSchedule(1, WEEKDAYS_9_TO_12), date(2026, 12, 1), 1, now)
    assert slots == []  # 10:30 and 11:15 are less than two hours away
    later = free_slots(CoachSchedule(1, WEEKDAYS_9_TO_12), date(2026, 12, 1), 2, now)
    assert local_starts(later)[0] == "Wed 02.12 09:00"


def test_slot_keys_round_trip() -> None:
    slot = Slot(datetime(2026, 12, 3, 8, 0, tzinfo=timezone.utc), 7)
    assert parse_key(slot.key()) == (7, slot.start)
    with pytest.raises(ValueError):
        parse_key("7|2026-12-03T08:00:00")  # no time zone


COACHES = {
    1: CoachProfile(1, frozenset({"fi"}), frozenset({"youth"}), "638", frozenset({"visit"})),
    2: CoachProfile(2, frozenset({"sv", "fi"}), frozenset(), "434", frozenset({"visit", "phone"})),
    3: CoachProfile(3, frozenset({"sv"}), frozenset({"youth"}), "638", frozenset({"phone"})),
}


@pytest.mark.parametrize(
    ("request_", "ids"),
    [
        (SlotRequest("sv"), {2, 3}),  # Swedish service is guaranteed: only Swedish speakers
        (SlotRequest("fi"), {1, 2}),
        (SlotRequest("sv", channel="visit"), {2}),
        (SlotRequest("fi", channel="phone"), {2}),
    ],
)
def test_eligible_coaches(request_: SlotRequest, ids: set[int]) -> None:
    assert {c.coach_id for c in eligible_coaches(COACHES.values(), request_)} == ids


def test_best_slots_prefer_specialist_then_municipality_then_time() -> None:
    t = datetime(2026, 12, 7, 7, 0, tzinfo=timezone.utc)
    slots = [Slot(t, 2), Slot(t + timedelta(days=1), 3), Slot(t + timedelta(hours=4), 3)]
    request = SlotRequest("sv", groups=frozenset({"youth"}), municipality="638")
    assert [s.coach_id for s in best_slots(slots, COACHES, request)] == [3, 3, 2]
    morning = best_slots(slots, COACHES, SlotRequest("sv", time_of_day="morning"))
    assert all(s.local().hour < 12 for s in morning)


def test_times_are_written_the_local_way() -> None:
    moment = datetime(2026, 12, 3, 8, 0, tzinfo=timezone.utc)  # Thursday 10.00 in Helsinki
    assert when(moment, "sv") == "torsdag 3.12 kl. 10.00"
    assert when(moment, "fi") == "torstaina 3.12. klo 10.00"
    assert when_short(moment, "sv") == "tor 3.12 10.00"
    assert when_short(moment, "fi") == "to 3.12. 10.00"
    assert moment.astimezone(HELSINKI).hour == 10


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("040 123 4567", "+358401234567"),
        ("+358 40 1234567", "+358401234567"),
        ("0401234567", "+358401234567"),
        ("00358-40-123 4567", "+358401234567"),
        ("09 1234567", "+35891234567"),
    ],
)
def test_phone_numbers(text: str, number: str) -> None:
    assert parse_phone(text) == number
    assert parse_contact(f"mitt nummer är {text}").value == number


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("123", "contact_missing"),
        ("0000000", "phone_invalid"),
        ("anna@", "email_invalid"),
        ("anna@example", "email_invalid"),
        ("ja", "contact_missing"),
    ],
)
def test_bad_contact_details(text: str, reason: str) -> None:
    with pytest.raises(ContactError) as info:
        parse_contact(text)
    assert info.value.reason == reason


def test_email_and_names() -> None:
    assert parse_contact("Anna.Nyman@Example.FI").value == "anna.nyman@example.fi"
    assert parse_first_name("jag heter maria") == "Maria"
    assert parse_first_name("Anna-Liisa") == "Anna-Liisa"
    for bad in ("", "ja", "1234", "x" * 41, "Robert'); DROP TABLE"):
        with pytest.raises(ContactError):
            parse_first_name(bad)
