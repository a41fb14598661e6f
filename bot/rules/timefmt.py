"""Dates and times written the local way, in Europe/Helsinki (pure).

Swedish: "tisdag 3.12 kl. 10.00"; Finnish: "tiistaina 3.12. klo 10.00".
"""

from __future__ import annotations

from datetime import datetime
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
