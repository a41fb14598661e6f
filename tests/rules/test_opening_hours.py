"""The service line's opening hours in Helsinki time: holidays, weekends, year end, DST."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta, timezone

import pytest

from bot.rules.opening_hours import (
    OpeningHours,
    describe_next_opening,
    is_open,
    next_opening,
    parse_hours,
)
from bot.rules.slots import HELSINKI

HOURS = parse_hours("mon-thu 9-15, fri 9-12")
LUNCH = parse_hours("mon-fri 9-11.30 13-15")


def at(day: str, clock: str = "00.00") -> datetime:
    """A Helsinki wall-clock moment: at("2.12.2026", "10.00")."""
    d, m, y = (int(p) for p in day.split("."))
    hour, minute = (int(p) for p in clock.split("."))
    return datetime(y, m, d, hour, minute, tzinfo=HELSINKI)


def test_parse_the_example() -> None:
    assert HOURS.week[0] == ((time(9), time(15)),)
    assert HOURS.week[3] == ((time(9), time(15)),)
    assert HOURS.week[4] == ((time(9), time(12)),)
    assert HOURS.week[5] == HOURS.week[6] == ()
    assert LUNCH.week[2] == ((time(9), time(11, 30)), (time(13), time(15)))


@pytest.mark.parametrize(
    "spec",
    [
        "Mon-Thu 9-15; Fri 9-12",
        "mon - thu 09:00-15:00, fri 9.00 - 12",
        "må-to 9-15, fre 9-12",
        "ma-to 9-15, pe 9-12",
        "maanantai-torstai 9-15\nperjantai 9-12",
        "mon-wed 9-15, thu 9-15, fri 9-12",
    ],
)
def test_the_same_week_written_differently(spec: str) -> None:
    assert parse_hours(spec) == HOURS


@pytest.mark.parametrize(
    ("spec", "message"),
    [
        ("", "empty"),
        ("  ,  ", "empty"),
        ("mon-thu", "has no times"),
        ("mon 9", "is not start-end"),
        ("mon 9-", "is not a time"),
        ("xyz 9-15", "is not a day"),
        ("mon-xyz 9-15", "is not a day"),
        ("fri-mon 9-15", "from Monday towards Sunday"),
        ("mon 15-9", "ends before it starts"),
        ("mon 9-9", "ends before it starts"),
        ("mon 25-26", "is not a time"),
        ("mon 9.75-10", "is not a time"),
        ("mon 9-15, mon 14-16", "overlaps"),
        ("mon-fri 9-12 11-13", "overlaps"),
        ("mon 9am-3pm", "is not a time"),
    ],
)
def test_a_malformed_spec_says_what_is_wrong(spec: str, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        parse_hours(spec)


@pytest.mark.parametrize(
    ("moment", "expected"),
    [
        (at("2.12.2026", "10.00"), True),  # Wednesday
        (at("2.12.2026", "9.00"), True),  # opening minute
        (at("2.12.2026", "8.59"), False),
        (at("2.12.2026", "14.59"), True),
        (at("2.12.2026", "15.00"), False),  # the end is not included
        (at("4.12.2026", "11.59"), True),  # Friday
        (at("4.12.2026", "12.00"), False),
        (at("5.12.2026", "10.00"), False),  # Saturday
        (at("6.12.2026", "10.00"), False),  # Independence Day, a Sunday anyway
        (at("24.12.2026", "10.00"), False),  # Christmas Eve, a Thursday
        (at("25.12.2026", "10.00"), False),  # Christmas Day, a Friday
        (at("1.1.2027", "10.00"), False),  # New Year's Day, a Friday
        (at("7.1.2027", "10.00"), True),
        (datetime(2026, 12, 2, 8, 0, tzinfo=timezone.utc), True),  # 10.00 in Helsinki
        (datetime(2026, 12, 2, 13, 0, tzinfo=timezone.utc), False),  # 15.00 in Helsinki
        (datetime(2026, 12, 2, 10, 0), True),  # naive: Helsinki wall-clock
    ],
)
def test_is_open(moment: datetime, expected: bool) -> None:
    assert is_open(HOURS, moment) is expected


def test_is_open_around_the_change_from_summer_time() -> None:
    # Summer time ends on Sunday 25.10.2026: 9.00 is 06.00 UTC before, 07.00 UTC after.
    assert is_open(HOURS, datetime(2026, 10, 23, 6, 0, tzinfo=timezone.utc))  # Fri 9.00
    assert not is_open(HOURS, datetime(2026, 10, 26, 6, 30, tzinfo=timezone.utc))  # Mon 8.30
    assert is_open(HOURS, datetime(2026, 10, 26, 7, 0, tzinfo=timezone.utc))  # Mon 9.00


@pytest.mark.parametrize(
    ("now", "opens"),
    [
        (at("2.12.2026", "16.00"), at("3.12.2026", "9.00")),  # tomorrow Thursday
        (at("2.12.2026", "7.30"), at("2.12.2026", "9.00")),  # later today
        (at("2.12.2026", "10.00"), at("2.12.2026", "10.00")),  # open now
        (at("4.12.2026", "12.00"), at("7.12.2026", "9.00")),  # Friday afternoon: Monday
        (at("5.12.2026", "10.00"), at("7.12.2026", "9.00")),  # weekend (6.12 a Sunday)
        (at("23.12.2026", "15.00"), at("28.12.2026", "9.00")),  # 24.-26.12 closed
        (at("24.12.2026", "9.00"), at("28.12.2026", "9.00")),
        (at("31.12.2026", "15.00"), at("4.1.2027", "9.00")),  # New Year's Day, weekend
        (at("5.1.2027", "15.00"), at("7.1.2027", "9.00")),  # Epiphany, a Wednesday
        (at("25.3.2027", "15.00"), at("30.3.2027", "9.00")),  # Easter, summer time starts
    ],
)
def test_next_opening(now: datetime, opens: datetime) -> None:
    moment = next_opening(HOURS, now)
    assert moment == opens
    assert moment.tzinfo is HELSINKI


def test_next_opening_after_a_lunch_break() -> None:
    assert next_opening(LUNCH, at("2.12.2026", "11.30")) == at("2.12.2026", "13.00")
    assert next_opening(LUNCH, at("2.12.2026", "15.00")) == at("3.12.2026", "9.00")


@pytest.mark.parametrize(
    ("now", "utc_hour", "offset_hours"),
    [
        (at("23.10.2026", "13.00"), 7, 2),  # Fri in summer time -> Mon 26.10 9.00 in winter time
        (at("25.3.2027", "15.00"), 6, 3),  # Thu in winter time -> Tue 30.3 9.00 in summer time
    ],
)
def test_next_opening_keeps_the_wall_clock_across_dst(
    now: datetime, utc_hour: int, offset_hours: int
) -> None:
    moment = next_opening(HOURS, now)
    assert (moment.hour, moment.minute) == (9, 0)
    assert moment.utcoffset() == timedelta(hours=offset_hours)
    assert moment.astimezone(timezone.utc).hour == utc_hour


def test_extra_closed_days_and_a_line_that_never_opens() -> None:
    training_day = parse_hours("mon-fri 9-15", closed=frozenset({date(2026, 12, 3)}))
    assert next_opening(training_day, at("2.12.2026", "16.00")) == at("4.12.2026", "9.00")
    with pytest.raises(ValueError, match="does not open"):
        next_opening(OpeningHours(((),) * 7), at("2.12.2026", "10.00"))
    weekends_only = parse_hours("sat-sun 10-12")
    assert next_opening(weekends_only, at("2.12.2026", "10.00")) == at("5.12.2026", "10.00")


@pytest.mark.parametrize(
    ("now", "sv", "fi"),
    [
        (at("2.12.2026", "16.00"), "i morgon torsdag kl. 9.00", "huomenna torstaina klo 9.00"),
        (at("4.12.2026", "13.00"), "måndag 7.12 kl. 9.00", "maanantaina 7.12. klo 9.00"),
        (at("2.12.2026", "7.00"), "i dag kl. 9.00", "tänään klo 9.00"),
        (at("23.12.2026", "15.00"), "måndag 28.12 kl. 9.00", "maanantaina 28.12. klo 9.00"),
        (at("31.12.2026", "15.00"), "måndag 4.1 kl. 9.00", "maanantaina 4.1. klo 9.00"),
        (at("23.10.2026", "13.00"), "måndag 26.10 kl. 9.00", "maanantaina 26.10. klo 9.00"),
    ],
)
def test_describe_next_opening(now: datetime, sv: str, fi: str) -> None:
    moment = next_opening(HOURS, now)
    assert describe_next_opening(moment, now, "sv") == sv
    assert describe_next_opening(moment, now, "fi") == fi


def test_describe_after_lunch_and_in_utc() -> None:
    now = at("2.12.2026", "12.00")
    moment = next_opening(LUNCH, now)
    assert describe_next_opening(moment, now, "sv") == "i dag kl. 13.00"
    assert describe_next_opening(moment, now, "fi") == "tänään klo 13.00"
    # moments in UTC are written in Helsinki time, and "today" is Helsinki's today:
    # 23.30 UTC on 2.12 is already 3.12 in Helsinki
    late = datetime(2026, 12, 2, 23, 30, tzinfo=timezone.utc)
    opens = next_opening(HOURS, late).astimezone(timezone.utc)
    assert describe_next_opening(opens, late, "sv") == "i dag kl. 9.00"
    assert describe_next_opening(opens, late, "en") == "i dag kl. 9.00"  # Swedish otherwise
