"""Dates and times written the local way, in Europe/Helsinki (pure).

Swedish: "tisdag 3.12 kl. 10.00"; Finnish: "tiistaina 3.12. klo 10.00".
"""

from __future__ import annotations

from datetime import date, datetime, timezone
from typing import overload
from zoneinfo import ZoneInfo

HELSINKI = ZoneInfo("Europe/Helsinki")
WEEKDAYS = {
    "sv": ("måndag", "tisdag", "onsdag", "torsdag", "fredag", "lördag", "söndag"),
    "fi": (
        "maanantaina",
        "tiistaina",
        "keskiviikkona",
        "torstaina",
        "perjantaina",
        "lauantaina",
        "sunnuntaina",
    ),
}
# The names on their own (a heading, a calendar): Finnish in the nominative.
WEEKDAY_NAMES = {
    "sv": WEEKDAYS["sv"],
    "fi": (
        "maanantai",
        "tiistai",
        "keskiviikko",
        "torstai",
        "perjantai",
        "lauantai",
        "sunnuntai",
    ),
}


def when(moment: datetime, language: str) -> str:
    """The moment in Helsinki time, written for people."""
    local = moment.astimezone(HELSINKI)
    day = WEEKDAYS[language][local.weekday()]
    clock = f"{local.hour}.{local.minute:02d}"
    if language == "sv":
        return f"{day} {local.day}.{local.month} kl. {clock}"
    return f"{day} {local.day}.{local.month}. klo {clock}"


def when_short(moment: datetime, language: str) -> str:
    """A button label: "tis 3.12 10.00" / "ti 3.12. 10.00"."""
    local = moment.astimezone(HELSINKI)
    day = WEEKDAYS[language][local.weekday()][: 3 if language == "sv" else 2]
    sep = "." if language == "fi" else ""
    return f"{day} {local.day}.{local.month}{sep} {local.hour}.{local.minute:02d}"


def day_heading(day: date, language: str) -> str:
    """A day as a heading: "måndag 7.12" / "maanantai 7.12."."""
    name = WEEKDAY_NAMES[language][day.weekday()]
    return f"{name} {day.day}.{day.month}" + ("." if language == "fi" else "")


def clock(moment: datetime, language: str) -> str:
    """The time of day in Helsinki: "kl. 10.00" / "klo 10.00"."""
    local = moment.astimezone(HELSINKI)
    word = "kl." if language == "sv" else "klo"
    return f"{word} {local.hour}.{local.minute:02d}"


@overload
def as_utc(moment: datetime) -> datetime: ...


@overload
def as_utc(moment: None) -> None: ...


def as_utc(moment: datetime | None) -> datetime | None:
    """A stored moment as an aware UTC time: the database keeps UTC, and SQLite gives it
    back without a zone."""
    if moment is None:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)
