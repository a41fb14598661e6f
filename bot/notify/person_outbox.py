"""Deliver the person's messages (``person_messages``): e-mail with the calendar entry,
and SMS through the gateway; each once, with retries, on any instance.

The same lease as the coaches' outbox (bot/notify/outbox.py): due messages are taken in a
short transaction (``FOR UPDATE SKIP LOCKED`` on PostgreSQL), sent, and marked; a failure
waits and is tried again, a refusal (5xx from SMTP, 4xx from the gateway) is not. A channel
that is not configured keeps its messages until it is. A reminder is simply a message
whose time has not come: it survives restarts because it is a row.
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass
from datetime import datetime, timezone
from email.message import EmailMessage
from email.utils import make_msgid

from sqlalchemy import select

from bot.cases.db import session_scope
from bot.cases.models import PersonMessage, utcnow
from bot.notify import mail, sms
from bot.notify.outbox import GIVEN_UP, LEASE, mark_failed, mark_sent, permanent
from bot.rules import one_time_code

log = logging.getLogger(__name__)
BATCH = 10


@dataclass(frozen=True)
class DueMessage:
    """A leased message to a person."""

    id: int
    channel: str
    recipient: str
    language: str
    subject: str
    body: str
    calendar: str | None
    calendar_method: str | None
    kind: str = ""
    created_at: datetime | None = None


def lease(
    channels: tuple[str, ...], now: datetime | None = None, url: str | None = None
) -> list[DueMessage]:
    """Take up to BATCH due messages of these channels for LEASE."""
    now = now or utcnow()
    with session_scope(url) as session:
        query = (
            select(PersonMessage)
            .where(
                PersonMessage.sent_at.is_(None),
                PersonMessage.next_attempt_at <= now,
                PersonMessage.channel.in_(channels),
            )
            .order_by(PersonMessage.next_attempt_at, PersonMessage.id)
            .limit(BATCH)
        )
        if session.get_bind().dialect.name == "postgresql":
            query = query.with_for_update(skip_locked=True)
        rows = session.execute(query).scalars().all()
        for row in rows:
            row.next_attempt_at = now + LEASE
        return [
            DueMessage(
                r.id,
                r.channel,
                r.recipient,
                r.language,
                r.subject,
                r.body,
                r.calendar,
                r.calendar_method,
                r.kind,
                r.created_at if r.created_at.tzinfo else r.created_at.replace(tzinfo=timezone.utc),
            )
            for r in rows
        ]


def compose(due: DueMessage, sender: str) -> EmailMessage:
    """The e-mail: plain text, and the calendar entry as ``text/calendar`` with the same
    METHOD as inside the file (so mail programs offer to add, move or remove it)."""
    message = EmailMessage()
    message["From"] = sender
    message["To"] = due.recipient
    message["Subject"] = due.subject
    message["Message-ID"] = make_msgid(domain=sender.rpartition("@")[2] or "localhost")
    message["Content-Language"] = due.language
    message.set_content(due.body)
    if due.calendar and due.calendar_method:
        message.add_attachment(
            due.calendar.encode("utf-8"),
            maintype="text",
            subtype="calendar",
            params={"method": due.calendar_method, "charset": "utf-8"},
            filename="meeting.ics",
        )
    return message


async def deliver_due(
    smtp: mail.SmtpSettings | None,
    gateway: sms.SmsSettings | None,
    now: datetime | None = None,
    url: str | None = None,
) -> int:
    """Send what is due on the configured channels; how many were sent."""
    channels = tuple(c for c, on in (("email", smtp), ("sms", gateway)) if on is not None)
    if not channels:
        return 0
    sent = 0
    moment = now or utcnow()
    for due in await asyncio.to_thread(lease, channels, now, url):
        if due.kind == "code" and due.created_at and moment - due.created_at > one_time_code.VALID:
            # a code that could no longer be used (the channel was down): never sent late
            await asyncio.to_thread(forget_code, due.id, url, "given up: expired")
            continue
        try:
            if due.channel == "email" and smtp is not None:
                await mail.send(compose(due, smtp.sender), smtp)
            elif due.channel == "sms" and gateway is not None:
                await sms.send(due.recipient, due.body, gateway)
        except Exception as exc:  # a channel down, refused, timed out
            refused = permanent(exc)
            log.warning(
                "message %d to a person (%s) not sent (%s)%s",
                due.id,
                due.channel,
                type(exc).__name__,
                "; given up" if refused else "; will retry",
            )
            await asyncio.to_thread(
                mark_failed, due.id, type(exc).__name__, url, refused, PersonMessage
            )
            continue
        await asyncio.to_thread(mark_sent, due.id, url, PersonMessage)
        if due.kind == "code":
            await asyncio.to_thread(forget_code, due.id, url, None)
        sent += 1
    return sent


def forget_code(message_id: int, url: str | None, error: str | None) -> None:
    """A one-time code's message, once sent or too old: its text goes (only a hash of the
    code is kept elsewhere); too old, it is never sent."""
    with session_scope(url) as session:
        row = session.get(PersonMessage, message_id)
        if row is None:
            return
        row.body, row.subject = "", ""
        if error is not None:
            row.last_error = error
            row.next_attempt_at = utcnow() + GIVEN_UP
