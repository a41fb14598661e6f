"""What a message to the person about their meeting says, in their language (pure).

Only what the person needs to find the meeting: the time, the place or how it happens,
the coach's name and the reference; never anything from the mapping. The words are data:
bot/rules/data/meeting_messages.yml.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from bot.rules.timefmt import as_utc, when

TEXTS = Path(__file__).resolve().parent / "data" / "meeting_messages.yml"
KINDS = ("booked", "reminder", "moved", "cancelled")


@lru_cache(maxsize=1)
def texts() -> dict[str, Any]:
    """The message texts (read once)."""
    return dict(yaml.safe_load(TEXTS.read_text(encoding="utf-8")))


def where(meeting: Any, language: str) -> str:
    """Where or how the meeting happens, one short sentence."""
    words = texts()["where"]
    coach = meeting.coach
    if meeting.channel == "visit" and coach is not None:
        return str(words["visit"][language]).format(address=coach.address)
    if meeting.channel == "video":
        if coach is not None and coach.video_url:
            return str(words["video"][language]).format(video=coach.video_url)
        return str(words["video_no_link"][language])
    return str(words["phone"][language])


def render(kind: str, meeting: Any, service_phone: str) -> dict[str, str]:
    """The subject, e-mail body and SMS text of ``kind`` for ``meeting`` (a Meeting row or
    a MeetingRecord), in the meeting's language."""
    language = "fi" if meeting.language == "fi" else "sv"
    text = texts()[kind][language]
    values = {
        "when": when(as_utc(meeting.start_at), language) if meeting.start_at else "",
        "where": where(meeting, language),
        "coach": meeting.coach.name if meeting.coach is not None else "",
        "reference": meeting.reference,
        "service_phone": service_phone,
    }
    return {part: str(text[part]).format(**values) for part in ("subject", "body", "sms")}


def render_code(code: str, language: str) -> dict[str, str]:
    """The subject, e-mail body and SMS text carrying a one-time code."""
    text = texts()["code"]["fi" if language == "fi" else "sv"]
    return {part: str(text[part]).format(code=code) for part in ("subject", "body", "sms")}


def render_booking_code(code: str, start_at: Any, language: str, minutes: int) -> dict[str, str]:
    """The subject, e-mail body and SMS text of the code that confirms a held booking."""
    language = "fi" if language == "fi" else "sv"
    text = texts()["booking_code"][language]
    values = {
        "code": code,
        "when": when(as_utc(start_at), language) if start_at else "",
        "minutes": minutes,
    }
    return {part: str(text[part]).format(**values) for part in ("subject", "body", "sms")}
