"""Identifying a person on a later visit by a one-time code to the phone number or
e-mail they gave when they booked (issue 17, part 2).

The answer to "send me a code" is the same whether the number or address is known or
not (nothing tells a stranger whether someone has a meeting): a code is sent only to a
known destination, by SMS to a number and by e-mail to an address, through the person's
outbox (bot/notify/person_outbox.py); an unknown one gets a row that can never verify.
Limits: codes per destination and per conversation an hour, five tries per code, ten
minutes. The code itself is never stored, only a salted hash.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import delete, func, or_, select
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import ColumnElement

from bot.cases.db import session_scope
from bot.cases.models import Meeting, PersonMessage, VerificationCode, utcnow
from bot.rules import one_time_code
from bot.rules.contact import Contact
from bot.rules.meeting_messages import render_code
from bot.rules.timefmt import as_utc

PER_DESTINATION_PER_HOUR = 3
PER_DESTINATION_PER_DAY = 6  # so nobody can have codes sent to someone else's phone all day
PER_CONVERSATION_PER_HOUR = 5
SHOWN_STATUSES = ("booked", "callback_requested")


@dataclass(frozen=True)
class Check:
    """The outcome of a typed code: ``ok``, ``wrong``, ``locked`` or ``expired``; the
    tries left; on ``ok`` the references of the person's meetings and callbacks."""

    result: str
    tries_left: int = 0
    references: tuple[str, ...] = field(default_factory=tuple)


def _matching(contact: str) -> ColumnElement[bool]:
    return or_(Meeting.contact_phone == contact, func.lower(Meeting.contact_email) == contact)


def request_code(
    conversation_id: str, contact: Contact, now: datetime | None = None, url: str | None = None
) -> str:
    """``sent`` (whether or not the destination is known), or ``wait`` when this
    conversation has asked too often in the last hour."""
    now = now or utcnow()
    hour_ago = now - timedelta(hours=1)
    with session_scope(url) as session:
        asked = session.execute(
            select(func.count(VerificationCode.id)).where(
                VerificationCode.conversation_id == conversation_id,
                VerificationCode.created_at >= hour_ago,
            )
        ).scalar_one()
        if asked >= PER_CONVERSATION_PER_HOUR:
            return "wait"
        sent_to = select(func.count(VerificationCode.id)).where(
            VerificationCode.destination == contact.value, VerificationCode.known.is_(True)
        )
        this_hour = session.execute(
            sent_to.where(VerificationCode.created_at >= hour_ago)
        ).scalar_one()
        today = session.execute(
            sent_to.where(VerificationCode.created_at >= now - timedelta(days=1))
        ).scalar_one()
        meeting = (
            session.execute(
                select(Meeting)
                .where(
                    _matching(contact.value),
                    Meeting.status.in_(SHOWN_STATUSES),
                    Meeting.contact_consent.is_(True),
                )
                .order_by(Meeting.id.desc())
            )
            .scalars()
            .first()
        )
        known = (
            meeting is not None
            and this_hour < PER_DESTINATION_PER_HOUR
            and today < PER_DESTINATION_PER_DAY
        )
        code, salt = one_time_code.new_code(), one_time_code.new_salt()
        session.add(
            VerificationCode(
                conversation_id=conversation_id,
                destination=contact.value,
                code_hash=one_time_code.code_hash(code, salt),
                salt=salt,
                known=known,
                expires_at=now + one_time_code.VALID,
                created_at=now,
            )
        )
        if known and meeting is not None:
            text = render_code(code, meeting.language)
            email = contact.kind == "email"
            session.add(
                PersonMessage(
                    meeting_id=meeting.id,
                    channel="email" if email else "sms",
                    recipient=contact.value,
                    language="fi" if meeting.language == "fi" else "sv",
                    kind="code",
                    subject=text["subject"] if email else "",
                    body=text["body"] if email else text["sms"],
                    next_attempt_at=now,
                )
            )
        return "sent"


def check_code(
    conversation_id: str, typed: str, now: datetime | None = None, url: str | None = None
) -> Check:
    """Check the code typed in this conversation against the newest one sent to it."""
    now = now or utcnow()
    with session_scope(url) as session:
        row = (
            session.execute(
                select(VerificationCode)
                .where(
                    VerificationCode.conversation_id == conversation_id,
                    VerificationCode.used_at.is_(None),
                )
                .order_by(VerificationCode.id.desc())
                .with_for_update()
            )
            .scalars()
            .first()
        )
        if row is None:
            return Check("expired")
        expires = as_utc(row.expires_at)
        result = one_time_code.verdict(row.code_hash, row.salt, expires, row.tries, typed, now)
        if result == "ok" and not row.known:
            # an unknown destination never verifies; it answers as a wrong code does
            result = "locked" if row.tries + 1 >= one_time_code.MAX_TRIES else "wrong"
        if result in ("wrong", "locked"):
            row.tries += 1
            return Check(result, max(0, one_time_code.MAX_TRIES - row.tries))
        if result == "expired":
            return Check("expired")
        row.used_at = now
        references = session.execute(
            select(Meeting.reference)
            .where(_matching(row.destination), Meeting.status.in_(SHOWN_STATUSES))
            .order_by(Meeting.id.desc())
        ).scalars()
        return Check("ok", one_time_code.MAX_TRIES - row.tries, tuple(references))


def purge(session: Session, before: datetime) -> None:
    """Retention: codes older than ``before`` go."""
    session.execute(delete(VerificationCode).where(VerificationCode.created_at < before))
