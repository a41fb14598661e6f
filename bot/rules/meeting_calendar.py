"""A meeting's calendar entry (.ics), the same for the download and the e-mails (pure).

The UID stays the meeting's for its whole life (``<reference>@jobbcoach``): a move sends
the same UID with the meeting's higher ``SEQUENCE``, so the person's calendar moves the
entry instead of adding one; a cancellation sends ``METHOD:CANCEL`` and
``STATUS:CANCELLED`` for that UID. A ``VALARM`` reminds an hour before.
"""

from __future__ import annotations

from typing import Any

from bot.rules.ics import meeting_ics
from bot.rules.timefmt import as_utc

ICS_TEXT = {
    "sv": {
        "summary": "Möte med egencoach {coach}",
        "phone": "Coachen ringer dig",
        "video": "Videomöte: {video}",
        "ref": "Bokningskod {reference}",
        "alarm": "Möte med egencoachen om en timme",
    },
    "fi": {
        "summary": "Tapaaminen, omavalmentaja {coach}",
        "phone": "Valmentaja soittaa sinulle",
        "video": "Videotapaaminen: {video}",
        "ref": "Varaustunnus {reference}",
        "alarm": "Tapaaminen omavalmentajan kanssa tunnin päästä",
    },
}


def meeting_uid(reference: str) -> str:
    """The calendar UID of a meeting: the same for every version of it."""
    return f"{reference}@jobbcoach"


def meeting_calendar(meeting: Any, method: str, base_url: str) -> str:
    """The .ics text of ``meeting`` (a Meeting row or a MeetingRecord) for ``method``
    (PUBLISH: the download; REQUEST: the e-mail of a booking or a move; CANCEL)."""
    coach = meeting.coach
    texts = ICS_TEXT["fi" if meeting.language == "fi" else "sv"]
    if meeting.channel == "visit" and coach:
        location = coach.address
    elif meeting.channel == "video" and coach:
        location = texts["video"].format(video=coach.video_url or "")
    else:
        location = texts["phone"]
    video = coach.video_url if meeting.channel == "video" and coach else None
    start = as_utc(meeting.start_at)
    return meeting_ics(
        uid=meeting_uid(meeting.reference),
        start=start,
        end=as_utc(meeting.end_at) if meeting.end_at else start,
        summary=texts["summary"].format(coach=coach.name if coach else ""),
        location=location,
        description=texts["ref"].format(reference=meeting.reference),
        method=method,
        sequence=int(meeting.sequence or 0),
        cancelled=method == "CANCEL",
        url=video or f"{base_url.rstrip('/')}/ics/{meeting.token}.ics",
        alarm=None if method == "CANCEL" else texts["alarm"],
    )
