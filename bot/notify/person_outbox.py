"""Deliver the person's messages (``person_messages``): e-mail with the calendar entry,
and SMS through the gateway; each once, with retries, on any instance.

The coaches' outbox's lease (bot/notify/outbox.py, ``take_due``): due messages are taken in a
short transaction (``FOR UPDATE SKIP LOCKED`` on PostgreSQL), sent, and marked; a failure
waits and is tried again, a refusal (5xx from SMTP, 4xx from the gateway) is not. A channel
that is not configured keeps its messages until it is. A reminder is simply a message
whose time has not come: it survives restarts because it is a row.
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass
from datetime import datetime
from email.message import EmailMessage

from bot.cases.db import session_scope
from bot.cases.models import PersonMessage, utcnow
from bot.notify import mail, sms
from bot.notify.outbox import GIVEN_UP, mark_failed, mark_sent, permanent, take_due
from bot.rules import one_time_code
from bot.rules.timefmt import as_utc

log = logging.getLogger(__name__)


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
        rows = take_due(session, PersonMessage, now, PersonMessage.channel.in_(channels))
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
                as_utc(r.created_at),
            )
            for r in rows
        ]


def compose(due: DueMessage, sender: str) -> EmailMessage:
    """The e-mail: plain text, and the calendar entry as ``text/calendar`` with the same
    METHOD as inside the file (so mail programs offer to add, move or remove it)."""
    message = mail.plain(sender, due.recipient, due.subject, due.language, due.body)
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
