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
    local_office_first,
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


MONDAY = datetime(2026, 12, 7, 7, 0, tzinfo=timezone.utc)  # 9.00 in Helsinki


def _on_day(day: int, coach: int) -> Slot:
    """A 9.00 slot ``day`` days after Monday 7.12 (one per day, so no day is deduplicated)."""
    return Slot(MONDAY + timedelta(days=day), coach)


def _ids(slots: list[Slot]) -> list[int]:
    return [s.coach_id for s in slots]


# Slot 0 is the earliest: the group specialist (coach 1, Borgå) before the Lovisa coach (2).
SPECIALIST_EARLIER = [_on_day(0, 1), _on_day(1, 2), _on_day(2, 1), _on_day(3, 2)]


@pytest.mark.parametrize(
    ("request_", "ids"),
    [
        # a visit: the office in Lovisa first, then the youth specialist in Borgå
        (SlotRequest("fi", "visit", groups=frozenset({"youth"}), municipality="434"), [2, 2, 1, 1]),
        # no channel chosen but the place known: counted as a visit
        (SlotRequest("fi", groups=frozenset({"youth"}), municipality="434"), [2, 2, 1, 1]),
        # phone: the specialist first, as before
        (SlotRequest("fi", "phone", groups=frozenset({"youth"}), municipality="434"), [1, 1, 2, 2]),
        (SlotRequest("fi", "video", groups=frozenset({"youth"}), municipality="434"), [1, 1, 2, 2]),
        # no place known: the specialist first, then the earliest
        (SlotRequest("fi", groups=frozenset({"youth"})), [1, 1, 2, 2]),
        (SlotRequest("fi"), [1, 2, 1, 2]),
    ],
)
def test_visits_put_the_local_office_first(request_: SlotRequest, ids: list[int]) -> None:
    assert _ids(best_slots(SPECIALIST_EARLIER, COACHES, request_)) == ids


def test_a_phone_only_coach_is_no_office() -> None:
    # Coach 3 lives in Borgå but meets by phone only: for a visit it is not "the office in
    # Borgå", so the visiting coach 2 (Lovisa) is not pushed behind it on that account.
    slots = [_on_day(0, 3), _on_day(1, 2)]
    request = SlotRequest("sv", municipality="638")
    assert request.visit
    assert _ids(best_slots(slots, COACHES, request)) == [3, 2]  # earliest first
    assert not local_office_first(slots, COACHES, request)
    assert local_office_first(slots, COACHES, SlotRequest("sv", "phone", municipality="638"))


def test_the_own_coach_comes_first_of_all() -> None:
    request = SlotRequest(
        "fi", "visit", groups=frozenset({"youth"}), municipality="638", prefer_coach_id=2
    )
    assert _ids(best_slots(SPECIALIST_EARLIER, COACHES, request)) == [2, 2, 1, 1]
    phone = SlotRequest("fi", "phone", groups=frozenset({"youth"}), prefer_coach_id=2)
    assert _ids(best_slots(SPECIALIST_EARLIER, COACHES, phone)) == [2, 2, 1, 1]
    # one slot per coach and day still comes first: the own coach's second slot on Monday
    # waits behind the other coach's first
    same_day = [Slot(MONDAY, 2), Slot(MONDAY + timedelta(minutes=45), 2), _on_day(1, 1)]
    assert _ids(best_slots(same_day, COACHES, phone)) == [2, 1, 2]
    unknown = SlotRequest("fi", prefer_coach_id=99)  # a coach who has left: no effect
    assert best_slots(SPECIALIST_EARLIER, COACHES, unknown) == best_slots(
        SPECIALIST_EARLIER, COACHES, SlotRequest("fi")
    )


@pytest.mark.parametrize(
    ("slots", "request_", "expected"),
    [
        ([_on_day(0, 1), _on_day(1, 2)], SlotRequest("fi", "visit", municipality="434"), True),
        ([_on_day(0, 1)], SlotRequest("fi", "visit", municipality="434"), False),  # none there
        ([_on_day(0, 2)], SlotRequest("fi", "visit"), False),  # no place known
        ([], SlotRequest("fi", "visit", municipality="434"), False),
        # only the first page counts: the Lovisa slot is fourth
        (
            [_on_day(d, 1) for d in range(3)] + [_on_day(3, 2)],
            SlotRequest("fi", municipality="434"),
            False,
        ),
    ],
)
def test_local_office_first(slots: list[Slot], request_: SlotRequest, expected: bool) -> None:
    assert local_office_first(slots, COACHES, request_) is expected


def test_local_office_first_after_best_slots() -> None:
    # Borgå has free times: they come first and the bot can say "på kontoret i Borgå" ...
    slots = [_on_day(0, 2), _on_day(1, 2), _on_day(2, 2), _on_day(5, 1)]
    borga = SlotRequest("fi", "visit", municipality="638")
    ordered = best_slots(slots, COACHES, borga)
    assert _ids(ordered) == [1, 2, 2, 2]
    assert local_office_first(ordered, COACHES, borga)
    # ... and when it has none: "no free times in Borgå, here are times in Lovisa"
    without = best_slots(slots[:3], COACHES, borga)
    assert not local_office_first(without, COACHES, borga)
    assert local_office_first(iter(ordered), COACHES, borga, page=1)


def test_existing_callers_keep_working() -> None:
    request = SlotRequest("sv")
    assert request.prefer_coach_id is None
    assert not request.visit
    assert SlotRequest("sv", "visit").visit


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


@pytest.mark.parametrize(
    ("office", "language", "shown"),
    [
        (
            "Arbetskraftsservice Borgå / Työllisyyspalvelut Porvoo",
            "sv",
            "Arbetskraftsservice Borgå",
        ),
        (
            "Arbetskraftsservice Borgå / Työllisyyspalvelut Porvoo",
            "fi",
            "Työllisyyspalvelut Porvoo",
        ),
        ("Työllisyyspalvelut Kerava", "sv", "Työllisyyspalvelut Kerava"),  # one name: as it is
        ("Kontoret", "fi", "Kontoret"),
        ("A / B / C", "sv", "A / B / C"),  # not a pair: as it is
        ("Vasa / ", "fi", "Vasa /"),
    ],
)
def test_office_name_in_the_persons_language(office: str, language: str, shown: str) -> None:
    from bot.rules.slots import office_name

    assert office_name(office, language) == shown
