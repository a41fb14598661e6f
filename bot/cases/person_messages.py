"""Messages to the person about their meeting, written to the outbox with the booking.

A booking, a move and a cancellation each write their messages (``person_messages``) in
the same transaction, so none is lost when SMTP or the SMS gateway is down, and none is
sent for a booking that did not happen. Only to the channels the person gave with their
consent (the e-mail address, the phone number), in their language (the words:
bot/rules/meeting_messages.py). The e-mail carries the calendar entry (``METHOD:REQUEST``;
a cancellation ``METHOD:CANCEL`` for the same UID, a move the same UID with a higher
``SEQUENCE``). The reminder is a message due the day before; a move replaces it and a
cancellation drops it. bot/notify/person_outbox.py sends them.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from bot.cases.models import Meeting, PersonMessage, utcnow
from bot.rules.meeting_calendar import meeting_calendar
from bot.rules.meeting_messages import render
from bot.rules.timefmt import as_utc

log = logging.getLogger(__name__)
REMINDER_BEFORE = timedelta(hours=24)
# At most this many messages to one address or number a day: booking and cancelling over
# and over cannot turn the bot into a way to flood someone's phone (the rest are dropped).
PER_DESTINATION_PER_DAY = 8
CALENDAR_METHOD = {"booked": "REQUEST", "moved": "REQUEST", "cancelled": "CANCEL"}


def _settings() -> tuple[str, str]:
    """The service phone and the public base URL (for the calendar entry's link)."""
    from bot.config import load_settings

    settings = load_settings()
    return settings.service_phone, settings.public_base_url


def _flooded(session: Session, recipient: str, now: datetime) -> bool:
    """The destination had its day's share of messages already."""
    sent = session.execute(
        select(func.count(PersonMessage.id)).where(
            PersonMessage.recipient == recipient,
            PersonMessage.kind != "code",  # one-time codes have a cap of their own
            PersonMessage.created_at >= now - timedelta(days=1),
        )
    ).scalar_one()
    if sent >= PER_DESTINATION_PER_DAY:
        log.warning("a message to a person dropped: %d to that destination today", sent)
        return True
    return False


def _queue(session: Session, meeting: Meeting, kind: str, due: datetime) -> None:
    if not meeting.contact_consent:
        return
    now = utcnow()
    phone, base_url = _settings()
    texts = render(kind, meeting, phone)
    method = CALENDAR_METHOD.get(kind)
    calendar = meeting_calendar(meeting, method, base_url) if method else None
    language = "fi" if meeting.language == "fi" else "sv"
    if meeting.contact_email and not _flooded(session, meeting.contact_email, now):
        session.add(
            PersonMessage(
                meeting_id=meeting.id,
                channel="email",
                recipient=meeting.contact_email,
                language=language,
                kind=kind,
                subject=texts["subject"],
                body=texts["body"],
                calendar=calendar,
                calendar_method=method,
                next_attempt_at=due,
            )
        )
    if meeting.contact_phone and not _flooded(session, meeting.contact_phone, now):
        session.add(
            PersonMessage(
                meeting_id=meeting.id,
                channel="sms",
                recipient=meeting.contact_phone,
                language=language,
                kind=kind,
                subject="",
                body=texts["sms"],
                next_attempt_at=due,
            )
        )


def _reminder(session: Session, meeting: Meeting, now: datetime) -> None:
    """The reminder, due the day before (none for a meeting less than a day away)."""
    if meeting.start_at is None:
        return
    due = as_utc(meeting.start_at) - REMINDER_BEFORE
    if due > now:
        _queue(session, meeting, "reminder", due)


def _drop_unsent_reminders(session: Session, meeting: Meeting) -> None:
    session.execute(
        delete(PersonMessage).where(
            PersonMessage.meeting_id == meeting.id,
            PersonMessage.kind == "reminder",
            PersonMessage.sent_at.is_(None),
        )
    )


# hooks, inside the transaction of the booking ---------------------------------------------


def booked(session: Session, meeting: Meeting, now: datetime | None = None) -> None:
    """A new booking: the confirmation now, the reminder the day before."""
    now = now or utcnow()
    session.flush()
    _queue(session, meeting, "booked", now)
    _reminder(session, meeting, now)


def moved(session: Session, meeting: Meeting, now: datetime | None = None) -> None:
    """A move: the new time now (the same calendar entry), the reminder for the new time."""
    now = now or utcnow()
    session.flush()
    _drop_unsent_reminders(session, meeting)
    _queue(session, meeting, "moved", now)
    _reminder(session, meeting, now)


def cancelled(session: Session, meeting: Meeting, now: datetime | None = None) -> None:
    """A cancellation: the message and the calendar's CANCEL now; no reminder."""
    session.flush()
    _drop_unsent_reminders(session, meeting)
    _queue(session, meeting, "cancelled", now or utcnow())
