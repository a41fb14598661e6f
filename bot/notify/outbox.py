"""Deliver the notification outbox: each message once, with retries, on any instance.

Messages are written (``notifications``) in the transaction of what caused them, so none
is lost when SMTP is down; this sender delivers them. It leases a batch of due messages
in a short transaction (on PostgreSQL with ``FOR UPDATE SKIP LOCKED``, so two web-app
instances never take the same message), sends them, and marks each sent; a failure waits
30 s, doubling up to an hour, and is tried again. A message is sent at least once: only
a crash between the SMTP server's acceptance and the mark can send one twice.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.cases.db import session_scope
from bot.cases.models import Notification, PersonMessage, utcnow
from bot.notify import mail, sms

log = logging.getLogger(__name__)

LEASE = timedelta(minutes=15)  # longer than a batch can take: BATCH x the SMTP timeout
FIRST_RETRY = timedelta(seconds=30)
LAST_RETRY = timedelta(hours=1)
BATCH = 10
MAX_ATTEMPTS = 48  # then the message stays unsent, with its error, for staff to see
GIVEN_UP = timedelta(days=3650)


@dataclass(frozen=True)
class Due:
    """A leased message."""

    id: int
    recipient: str
    language: str
    kind: str
    link: str
    attempts: int


def retry_delay(attempts: int) -> timedelta:
    """How long to wait after the ``attempts``-th failure: 30 s doubling, at most an hour."""
    return min(FIRST_RETRY * (2 ** min(max(attempts - 1, 0), 7)), LAST_RETRY)


Outbox = type[Notification] | type[PersonMessage]


def take_due(session: Session, model: Outbox, now: datetime, *where: Any) -> list[Any]:
    """Up to BATCH due rows of an outbox table, leased for LEASE (on PostgreSQL with
    ``FOR UPDATE SKIP LOCKED``: another sender skips them meanwhile)."""
    query = (
        select(model)
        .where(model.sent_at.is_(None), model.next_attempt_at <= now, *where)
        .order_by(model.next_attempt_at, model.id)
        .limit(BATCH)
    )
    if session.get_bind().dialect.name == "postgresql":
        query = query.with_for_update(skip_locked=True)
    rows = list(session.execute(query).scalars().all())
    for row in rows:
        row.next_attempt_at = now + LEASE
    return rows


def lease(now: datetime | None = None, url: str | None = None) -> list[Due]:
    """Take up to BATCH due messages for LEASE (another sender skips them meanwhile)."""
    now = now or utcnow()
    with session_scope(url) as session:
        rows = take_due(session, Notification, now)
        return [Due(r.id, r.recipient, r.language, r.kind, r.link, r.attempts) for r in rows]


def mark_sent(message_id: int, url: str | None = None, model: Outbox = Notification) -> None:
    """The SMTP server (or the SMS gateway) took the message."""
    with session_scope(url) as session:
        row = session.get(model, message_id)
        if row is not None:
            row.sent_at = utcnow()
            row.attempts += 1
            row.last_error = None


def mark_failed(
    message_id: int,
    error: str,
    url: str | None = None,
    permanent: bool = False,
    model: Outbox = Notification,
) -> None:
    """Try again later; not at all after a permanent refusal or MAX_ATTEMPTS tries."""
    with session_scope(url) as session:
        row = session.get(model, message_id)
        if row is not None:
            row.attempts += 1
            give_up = permanent or row.attempts >= MAX_ATTEMPTS
            row.last_error = (("given up: " if give_up else "") + error)[:300]
            row.next_attempt_at = utcnow() + (GIVEN_UP if give_up else retry_delay(row.attempts))


Sender = Callable[[mail.EmailMessage, mail.SmtpSettings], Awaitable[None]]


async def deliver_due(
    settings: mail.SmtpSettings,
    base_url: str,
    url: str | None = None,
    send: Sender = mail.send,
) -> int:
    """Send what is due now; how many were sent."""
    sent = 0
    for due in await asyncio.to_thread(lease, None, url):
        link = base_url.rstrip("/") + due.link
        try:
            message = mail.compose(due.kind, due.language, link, due.recipient, settings.sender)
            await send(message, settings)
        except Exception as exc:  # SMTP down, refused, timed out, a bad address or kind
            refused = permanent(exc)
            log.warning(
                "notification %d not sent (%s)%s",
                due.id,
                type(exc).__name__,
                "; given up" if refused else "; will retry",
            )
            await asyncio.to_thread(
                mark_failed, due.id, f"{type(exc).__name__}: {exc}", url, refused
            )
            continue
        await asyncio.to_thread(mark_sent, due.id, url)
        sent += 1
    return sent


def permanent(exc: Exception) -> bool:
    """A refusal that trying again will not change: an SMTP 5xx answer, an SMS gateway's
    4xx (but 429, too many), an unknown kind."""
    if isinstance(exc, (KeyError, ValueError)):
        return True
    code = getattr(exc, "code", None)
    if isinstance(exc, sms.SmsRefused):
        return 400 <= exc.code < 500 and exc.code != 429
    return isinstance(code, int) and 500 <= code < 600


async def run_sender(
    settings: mail.SmtpSettings, base_url: str, url: str | None, every: float = 10.0
) -> None:
    """Deliver the outbox every ``every`` seconds until cancelled."""
    while True:
        try:
            await deliver_due(settings, base_url, url)
        except Exception:  # the database away for a moment: the next round tries again
            log.exception("the notification outbox could not be read")
        await asyncio.sleep(every)
