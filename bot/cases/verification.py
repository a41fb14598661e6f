"""Identifying a person on a later visit by a one-time code to the phone number or
e-mail they gave when they booked, or verified before (issue 17, part 2). The same codes
confirm a held booking (bot/cases/booking_hold.py).

The answer to "send me a code" is the same whether the number or address is known or
not (nothing tells a stranger whether someone has a meeting): a code is sent only to a
known destination, by SMS to a number and by e-mail to an address, through the person's
outbox (bot/notify/person_outbox.py); an unknown one gets a row that can never verify.
Limits: codes per destination, per conversation and per address an hour, five tries per
code, ten minutes. The code itself is never stored, only a salted hash.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import and_, delete, func, or_, select
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import ColumnElement

from bot.cases import people
from bot.cases.db import session_scope
from bot.cases.models import Case, Meeting, PersonMessage, VerificationCode, utcnow
from bot.rules import one_time_code
from bot.rules.contact import Contact
from bot.rules.meeting_messages import render_code
from bot.rules.timefmt import as_utc

PER_DESTINATION_PER_HOUR = 3
PER_DESTINATION_PER_DAY = 6  # so nobody can have codes sent to someone else's phone all day
PER_CONVERSATION_PER_HOUR = 5
PER_ADDRESS_PER_HOUR = 10  # one address asking for codes to many numbers
SHOWN_STATUSES = ("booked", "callback_requested")


@dataclass(frozen=True)
class Check:
    """The outcome of a typed code: ``ok``, ``wrong``, ``locked`` or ``expired``; the
    tries left; on ``ok`` the references of the person's meetings and callbacks and the
    id of the person's newest case (to go on with in this conversation)."""

    result: str
    tries_left: int = 0
    references: tuple[str, ...] = field(default_factory=tuple)
    case_id: int | None = None


def _matching(contact: str) -> ColumnElement[bool]:
    return or_(Meeting.contact_phone == contact, func.lower(Meeting.contact_email) == contact)


def new_code(
    session: Session,
    conversation_id: str,
    destination: str,
    *,
    known: bool,
    now: datetime,
    valid: timedelta = one_time_code.VALID,
    meeting_id: int | None = None,
    booked_from: str | None = None,
) -> str:
    """Store the salted hash of a new code and return the code (to be sent, if known)."""
    code, salt = one_time_code.new_code(), one_time_code.new_salt()
    session.add(
        VerificationCode(
            conversation_id=conversation_id,
            destination=destination,
            code_hash=one_time_code.code_hash(code, salt),
            salt=salt,
            known=known,
            expires_at=now + valid,
            created_at=now,
            meeting_id=meeting_id,
            booked_from=booked_from,
        )
    )
    return code


def queue_code(
    session: Session,
    destination: str,
    text: dict[str, str],
    language: str,
    now: datetime,
    *,
    meeting_id: int | None = None,
    person_id: int | None = None,
) -> None:
    """Write the code's message to the person's outbox: SMS to a number, e-mail to an
    address (``text`` from :func:`bot.rules.meeting_messages.render_code`)."""
    email = "@" in destination
    session.add(
        PersonMessage(
            meeting_id=meeting_id,
            person_id=person_id,
            channel="email" if email else "sms",
            recipient=destination,
            language="fi" if language == "fi" else "sv",
            kind="code",
            subject=text["subject"] if email else "",
            body=text["body"] if email else text["sms"],
            next_attempt_at=now,
        )
    )


def count_codes(session: Session, *where: ColumnElement[bool]) -> int:
    """How many codes match ``where``."""
    return int(session.execute(select(func.count(VerificationCode.id)).where(*where)).scalar_one())


def request_code(
    conversation_id: str,
    contact: Contact,
    now: datetime | None = None,
    url: str | None = None,
    address: str | None = None,
) -> str:
    """``sent`` (whether or not the destination is known), or ``wait`` when this
    conversation, or the address it comes from, has asked too often in the last hour."""
    now = now or utcnow()
    hour_ago = now - timedelta(hours=1)
    with session_scope(url) as session:
        recent = VerificationCode.created_at >= hour_ago
        if count_codes(session, VerificationCode.conversation_id == conversation_id, recent) >= (
            PER_CONVERSATION_PER_HOUR
        ):
            return "wait"
        if address and count_codes(session, VerificationCode.booked_from == address, recent) >= (
            PER_ADDRESS_PER_HOUR
        ):
            return "wait"
        # identification codes have their own budget: booking codes (with a meeting) are
        # limited where they are sent (bot/cases/booking_hold.py)
        sent_to = (
            VerificationCode.destination == contact.value,
            VerificationCode.known.is_(True),
            VerificationCode.meeting_id.is_(None),
        )
        this_hour = count_codes(session, *sent_to, recent)
        today = count_codes(
            session, *sent_to, VerificationCode.created_at >= now - timedelta(days=1)
        )
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
        person = people.person_with(session, contact.value)
        known = (
            (meeting is not None or person is not None)
            and this_hour < PER_DESTINATION_PER_HOUR
            and today < PER_DESTINATION_PER_DAY
        )
        code = new_code(
            session, conversation_id, contact.value, known=known, now=now, booked_from=address
        )
        if known:
            language = meeting.language if meeting is not None else person.language  # type: ignore[union-attr]
            queue_code(
                session,
                contact.value,
                render_code(code, language),
                language,
                now,
                meeting_id=meeting.id if meeting is not None else None,
                person_id=person.id if meeting is None and person is not None else None,
            )
        return "sent"


def typed_against(
    session: Session, row: VerificationCode | None, typed: str, now: datetime
) -> Check | None:
    """Check ``typed`` against the stored code ``row`` (counting a wrong try); None when
    it is right. An unknown destination never verifies: it answers as a wrong code does."""
    if row is None:
        return Check("expired")
    expires = as_utc(row.expires_at)
    result = one_time_code.verdict(row.code_hash, row.salt, expires, row.tries, typed, now)
    if result == "ok" and not row.known:
        result = "locked" if row.tries + 1 >= one_time_code.MAX_TRIES else "wrong"
    if result in ("wrong", "locked"):
        row.tries += 1
        return Check(result, max(0, one_time_code.MAX_TRIES - row.tries))
    if result == "expired":
        return Check("expired")
    row.used_at = now
    return None


def newest_code(
    session: Session, conversation_id: str, meeting_id: int | None = None
) -> VerificationCode | None:
    """The newest unused code of the conversation: one that identifies the person, or
    with ``meeting_id`` one that confirms that held booking."""
    kind = (
        VerificationCode.meeting_id.is_(None)
        if meeting_id is None
        else VerificationCode.meeting_id == meeting_id
    )
    return (
        session.execute(
            select(VerificationCode)
            .where(
                VerificationCode.conversation_id == conversation_id,
                VerificationCode.used_at.is_(None),
                kind,
            )
            .order_by(VerificationCode.id.desc())
            .with_for_update()
        )
        .scalars()
        .first()
    )


def check_code(
    conversation_id: str, typed: str, now: datetime | None = None, url: str | None = None
) -> Check:
    """Check the code typed in this conversation against the newest one sent to it. Right,
    the contact is the person's verified one (bot/cases/people.py)."""
    now = now or utcnow()
    with session_scope(url) as session:
        row = newest_code(session, conversation_id)
        failed = typed_against(session, row, typed, now)
        if failed is not None or row is None:
            return failed or Check("expired")
        language = (
            session.execute(
                select(Meeting.language)
                .where(_matching(row.destination))
                .order_by(Meeting.id.desc())
            )
            .scalars()
            .first()
        )
        # the conversation's own case (if any) joins the person only after the case to go
        # on with is chosen: a new, empty case must not win over the paused one
        person = people.verified(session, row.destination, language or "sv", now=now)
        newest = people.newest_case(session, person.id)
        people.verified(session, row.destination, language or "sv", conversation_id, now)
        references = session.execute(
            select(Meeting.reference)
            .where(
                or_(
                    # a booking confirmed with this contact (its code came back to it), not
                    # one where someone else merely typed the number
                    and_(_matching(row.destination), Meeting.confirmed_at.is_not(None)),
                    Meeting.case_id.in_(select(Case.id).where(Case.person_id == person.id)),
                ),
                Meeting.status.in_(SHOWN_STATUSES),
            )
            .order_by(Meeting.id.desc())
        ).scalars()
        return Check(
            "ok",
            one_time_code.MAX_TRIES - row.tries,
            tuple(references),
            newest.id if newest is not None else None,
        )


def purge(session: Session, before: datetime) -> None:
    """Retention: codes older than ``before`` go."""
    session.execute(delete(VerificationCode).where(VerificationCode.created_at < before))
