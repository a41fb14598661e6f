"""The coach form as a change (table-tested) and applied on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import date, time

import pytest

from bot.cases import booking, coach_admin
from bot.cases.coach_admin import CoachChange
from bot.demo import load_demo_data
from bot.portal.views_coaches import parse_coach_form


@pytest.mark.parametrize(
    ("form", "expected"),
    [
        (
            {"languages": "sv, fi, xx", "groups": "youth,nope", "active": "true"},
            CoachChange(["fi", "sv"], ["youth"], True),
        ),
        ({"languages": ""}, "a coach needs at least one language (sv, fi)"),
        (
            {"languages": "fi", "weekday": "8", "start": "09:00", "end": "12:00"},
            CoachChange(["fi"], [], False, (1, time(9), time(12))),
        ),
        (
            {"languages": "fi", "weekday": "1", "start": "12:00", "end": "09:00"},
            "the working time must end after it starts",
        ),
        (
            {
                "languages": "sv",
                "absence_from": "2026-12-24",
                "absence_to": "2026-12-26",
                "absence_reason": "jul",
            },
            CoachChange(["sv"], [], False, None, (date(2026, 12, 24), date(2026, 12, 26), "jul")),
        ),
        (
            {"languages": "sv", "absence_from": "2026-12-26", "absence_to": "2026-12-24"},
            "the absence must end on or after its first day",
        ),
        (
            {
                "languages": "sv",
                "remove_hours_7": "on",
                "remove_absence_3": "on",
                "remove_hours_8": "off",
            },
            CoachChange(["sv"], [], False, remove_hours=[7], remove_absences=[3]),
        ),
    ],
)
def test_parse_coach_form(form: dict[str, str], expected: CoachChange | str) -> None:
    assert parse_coach_form(form) == expected


def test_bad_dates_are_a_value_error() -> None:
    with pytest.raises(ValueError):
        parse_coach_form({"languages": "sv", "absence_from": "24.12", "absence_to": "x"})


def test_apply_change_and_list(db_url: str) -> None:
    load_demo_data(db_url)
    coach = booking.coaches(db_url)[0]
    before = next(r for r in coach_admin.coach_rows(db_url) if r["id"] == coach.id)
    change = CoachChange(
        ["fi"], ["youth"], True, (2, time(8), time(10)), (date(2027, 1, 5), date(2027, 1, 6), None)
    )
    assert coach_admin.apply_change(coach.id, change, db_url)
    row = next(r for r in coach_admin.coach_rows(db_url) if r["id"] == coach.id)
    assert row["languages"] == ["fi"] and row["groups"] == ["youth"]
    assert len(row["hours"]) == len(before["hours"]) + 1
    new_hours = next(h for h in row["hours"] if h[1:] == (2, time(8), time(10)))
    absence = next(a for a in row["absences"] if a[1] == date(2027, 1, 5))
    removal = CoachChange(
        ["fi"], [], True, remove_hours=[new_hours[0]], remove_absences=[absence[0]]
    )
    assert coach_admin.apply_change(coach.id, removal, db_url)
    row = next(r for r in coach_admin.coach_rows(db_url) if r["id"] == coach.id)
    assert row["hours"] == before["hours"] and row["absences"] == before["absences"]
    assert not coach_admin.apply_change(10**9, removal, db_url)
