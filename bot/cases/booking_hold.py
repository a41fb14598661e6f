"""Held self-bookings: a meeting the person books in the chat is tentative until they type
the one-time code sent to the phone number or e-mail they gave (issue 17, part 5).

A booking made with invented details therefore never becomes a meeting: its code goes
nowhere, and the hold is released after ``BOOKING_HOLD_MINUTES`` (:func:`release_expired`,
run by the outbox job), so the slot is free again. A contact the conversation's person has
verified already needs no new code. Limits, checked inside the booking's transaction:
bookings from one address an hour (``BOOKINGS_PER_ADDRESS_PER_HOUR``; the address is a
keyed hash the web app computes, never the address itself) and upcoming self-booked
meetings per contact (``BOOKINGS_PER_CONTACT``), so parallel sessions cannot drain a week's
free slots. The confirmation e-mail with its calendar entry, the SMS and the reminder are
written only when the booking is confirmed.
"""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import ColumnElement

from bot.cases import people, person_messages, verification, work_queue
from bot.cases.db import session_scope
from bot.cases.models import Case, Meeting, VerificationCode, utcnow
from bot.cases.verification import Check
from bot.rules.meeting_messages import render_booking_code

log = logging.getLogger(__name__)
BOOKED = "booked"
RELEASED = "released"


@dataclass(frozen=True)
class HoldRules:
    """How long a booking is held for its code, and the limits on self-bookings."""

    minutes: float = 30.0
    per_address_per_hour: int = 3
    per_contact: int = 1


def hold_rules() -> HoldRules:
    """The rules from the environment (defaults above)."""
    return HoldRules(
        minutes=float(os.environ.get("BOOKING_HOLD_MINUTES", "30")),
        per_address_per_hour=int(os.environ.get("BOOKINGS_PER_ADDRESS_PER_HOUR", "3")),
        per_contact=int(os.environ.get("BOOKINGS_PER_CONTACT", "1")),
    )


class TooManyBookings(Exception):
    """A limit on self-bookings: ``address`` (this address booked enough this hour) or
    ``contact`` (this phone number or e-mail has its upcoming meeting already)."""

    def __init__(self, limit: str) -> None:
        super().__init__(limit)
        self.limit = limit


def is_held(meeting: Meeting) -> bool:
    """Booked, but not yet confirmed with the code."""
    return meeting.status == BOOKED and meeting.hold_until is not None and not meeting.confirmed_at


def contact_of(meeting: Meeting) -> str | None:
    """The phone number or e-mail the booking was made with."""
    return meeting.contact_phone or (meeting.contact_email or "").lower() or None


def check_limits(
    session: Session, contact: str | None, address: str | None, now: datetime, rules: HoldRules
) -> None:
    """Raise :class:`TooManyBookings` when a new self-booking would break a limit."""
    if address:
        from_address = session.execute(
            select(func.count(Meeting.id)).where(
                Meeting.booked_from == address,
                Meeting.booked_by == "person",
                Meeting.created_at >= now - timedelta(hours=1),
            )
        ).scalar_one()
        if from_address >= rules.per_address_per_hour:
            log.warning("a booking refused: %d from one address this hour", from_address)
            raise TooManyBookings("address")
    if contact:
        # bookings waiting for their code: the code tells nobody else about a meeting; the
        # meetings a contact has confirmed are counted when the code comes back (confirm)
        waiting = session.execute(
            select(func.count(Meeting.id)).where(
                _with_contact(contact), Meeting.status == BOOKED, _held(now)
            )
        ).scalar_one()
        if waiting >= rules.per_contact:
            raise TooManyBookings("contact")


def _with_contact(contact: str) -> ColumnElement[bool]:
    return or_(Meeting.contact_phone == contact, func.lower(Meeting.contact_email) == contact)


def _held(now: datetime) -> ColumnElement[bool]:
    return and_(
        Meeting.hold_until.is_not(None), Meeting.hold_until >= now, Meeting.confirmed_at.is_(None)
    )


def confirmed_elsewhere(
    session: Session, meeting: Meeting, now: datetime, rules: HoldRules
) -> Meeting | None:
    """The contact's other upcoming confirmed self-booking when the limit is reached."""
    contact = contact_of(meeting)
    if not contact:
        return None
    others = (
        session.execute(
            select(Meeting)
            .where(
                _with_contact(contact),
                Meeting.id != meeting.id,
                Meeting.status == BOOKED,
                Meeting.booked_by == "person",
                Meeting.start_at >= now,
                Meeting.confirmed_at.is_not(None),
            )
            .order_by(Meeting.start_at)
        )
        .scalars()
        .all()
    )
    return others[0] if len(others) >= rules.per_contact else None


def hold_or_confirm(
    session: Session,
    meeting: Meeting,
    conversation_id: str | None,
    now: datetime,
    rules: HoldRules,
) -> Meeting | None:
    """A new self-booking (flushed): confirmed at once when the conversation's person has
    verified its contact, else held with a code sent there. A booking by a coach, or one
    without a contact (nothing to verify), is confirmed.

    Returns the contact's other upcoming confirmed self-booking when a verified contact has
    reached its limit (nothing is confirmed; the caller rolls back). An unverified contact
    is not told about other bookings here: only its code proves it (:func:`confirm`).

    Raises:
        TooManyBookings: ``contact`` when the destination has had its hour's or day's
            share of booking codes (nobody's phone is flooded by bookings made and let go).
    """
    contact = contact_of(meeting)
    if (
        meeting.booked_by != "person"
        or not contact
        or not conversation_id
        or people.verified_by_conversation(session, conversation_id, contact)
    ):
        if meeting.booked_by == "person" and contact:
            other = confirmed_elsewhere(session, meeting, now, rules)
            if other is not None:
                return other
        confirm_in(session, meeting, conversation_id, now)
        return None
    if _booking_codes_to(session, contact, now - timedelta(hours=1)) >= (
        verification.PER_DESTINATION_PER_HOUR
    ) or _booking_codes_to(session, contact, now - timedelta(days=1)) >= (
        verification.PER_DESTINATION_PER_DAY
    ):
        log.warning("a booking refused: its destination had its share of codes")
        raise TooManyBookings("contact")
    minutes = timedelta(minutes=rules.minutes)
    meeting.hold_until = now + minutes
    code = verification.new_code(
        session,
        conversation_id,
        contact,
        known=True,
        now=now,
        valid=minutes,
        meeting_id=meeting.id,
        booked_from=meeting.booked_from,
    )
    text = render_booking_code(code, meeting.start_at, meeting.language, int(rules.minutes))
    verification.queue_code(session, contact, text, meeting.language, now, meeting_id=meeting.id)
    return None


def _booking_codes_to(session: Session, contact: str, since: datetime) -> int:
    return verification.count_codes(
        session,
        VerificationCode.destination == contact,
        VerificationCode.meeting_id.is_not(None),
        VerificationCode.created_at >= since,
    )


def confirm_in(
    session: Session, meeting: Meeting, conversation_id: str | None, now: datetime
) -> None:
    """The booking is the person's: confirmed, the contact verified, the messages written,
    the case's work items marked booked (a hold changes nothing for the coaches)."""
    meeting.confirmed_at = now
    meeting.hold_until = None
    contact = contact_of(meeting)
    if meeting.booked_by == "person" and contact and conversation_id:
        people.verified(session, contact, meeting.language, conversation_id, now)
    if meeting.case_id is not None:
        case = session.get(Case, meeting.case_id)
        if case is not None:
            work_queue.meeting_booked(session, case, meeting)
    person_messages.booked(session, meeting, now)


def confirm(
    conversation_id: str,
    reference: str,
    typed: str,
    now: datetime | None = None,
    url: str | None = None,
    rules: HoldRules | None = None,
) -> Check:
    """The code typed for the held booking ``reference``: ``ok`` (confirmed, or it was
    already), ``wrong`` with the tries left, ``locked`` after the last try (the booking is
    released at once), ``expired`` (the hold is over; the booking is released), or
    ``already``: the contact has its upcoming meeting (its reference in ``references``),
    so this one is released."""
    now = now or utcnow()
    rules = rules or hold_rules()
    with session_scope(url) as session:
        meeting = session.execute(
            select(Meeting).where(Meeting.reference == reference).with_for_update(of=Meeting)
        ).scalar_one_or_none()
        if meeting is None or meeting.status != BOOKED:
            return Check("expired")
        if not is_held(meeting):
            return Check("ok")
        row = verification.newest_code(session, conversation_id, meeting.id)
        failed = verification.typed_against(session, row, typed, now)
        if failed is not None:
            if failed.result in ("locked", "expired"):
                release(session, meeting, now)
            return failed
        other = confirmed_elsewhere(session, meeting, now, rules)
        if other is not None:
            release(session, meeting, now)
            return Check("already", references=(other.reference,))
        confirm_in(session, meeting, conversation_id, now)
        return Check("ok")


def release(session: Session, meeting: Meeting, now: datetime) -> None:
    """The slot is free again; the details typed for a booking nobody proved are dropped
    (they may be anyone's). The address's hash stays for the hour's limit."""
    meeting.status = RELEASED
    meeting.cancelled_at = now
    meeting.hold_until = None
    meeting.self_booking_case_id = None
    meeting.contact_name = None
    meeting.contact_phone = None
    meeting.contact_email = None
    meeting.contact_consent = False
    session.flush()


def release_expired(now: datetime | None = None, url: str | None = None) -> int:
    """Release every hold whose time is over (its slot is free again); how many."""
    now = now or utcnow()
    with session_scope(url) as session:
        held = (
            session.execute(
                select(Meeting)
                .where(
                    Meeting.status == BOOKED,
                    Meeting.hold_until.is_not(None),
                    Meeting.hold_until < now,
                    Meeting.confirmed_at.is_(None),
                )
                .with_for_update(of=Meeting)
            )
            .scalars()
            .all()
        )
        for meeting in held:
            release(session, meeting, now)
        return len(held)
