"""Coaches, availability and meetings: booking is atomic, double booking impossible.

PostgreSQL: the booking transaction locks the coach's row (SELECT ... FOR UPDATE), checks
the slot and inserts; SQLite: transactions start with BEGIN IMMEDIATE, so writers are
serialised. On both, the partial unique index on (coach, start) of booked meetings is the
last word: a race that slipped through ends in IntegrityError, reported as SlotTaken.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from bot.cases import booking_hold, person_messages, work_queue
from bot.cases.db import session_scope
from bot.cases.models import Case, Coach, CoachAbsence, CoachHours, Meeting, utcnow
from bot.cases.repository import case_in
from bot.rules.slots import (
    HELSINKI,
    SLOT_MINUTES,
    CoachProfile,
    CoachSchedule,
    Slot,
    WorkingHours,
    free_slots,
)
from bot.rules.timefmt import as_utc

REFERENCE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I
BOOKED = "booked"
CANCELLED = "cancelled"
CALLBACK = "callback_requested"


class SlotTaken(Exception):
    """Somebody else booked the slot first (or it is no longer bookable)."""


class AlreadyBooked(Exception):
    """The person already has an upcoming meeting they booked themselves."""

    def __init__(self, meeting: MeetingRecord | None = None) -> None:
        super().__init__("an upcoming self-booked meeting exists")
        self.meeting = meeting


@dataclass(frozen=True)
class CoachInfo:
    """A coach as the booking conversation needs it."""

    id: int
    public_id: str
    name: str
    languages: tuple[str, ...]
    groups: tuple[str, ...]
    office: str
    address: str
    municipality: str
    channels: tuple[str, ...]
    video_url: str | None

    def profile(self) -> CoachProfile:
        """The part slot choosing needs."""
        return CoachProfile(
            self.id,
            frozenset(self.languages),
            frozenset(self.groups),
            self.municipality,
            frozenset(self.channels),
        )


@dataclass(frozen=True)
class MeetingRecord:
    """A meeting (or callback request) with its coach."""

    id: int
    reference: str
    token: str
    status: str
    start_at: datetime | None
    end_at: datetime | None
    channel: str | None
    language: str
    coach: CoachInfo | None
    contact_name: str | None
    contact_phone: str | None
    contact_email: str | None
    conversation_id: str | None
    case_public_id: str | None
    sequence: int = 0
    booked_by: str = "person"
    held: bool = False  # waiting for the code that confirms it (bot/cases/booking_hold.py)


def _coach(c: Coach) -> CoachInfo:
    return CoachInfo(
        c.id,
        c.public_id,
        c.name,
        tuple(c.languages or ()),
        tuple(c.groups or ()),
        c.office,
        c.address,
        c.municipality,
        tuple(c.channels or ()),
        c.video_url,
    )


def _utc(moment: datetime | None) -> datetime | None:
    if moment is None:
        return None
    return moment.replace(tzinfo=timezone.utc) if moment.tzinfo is None else moment


def _record(m: Meeting) -> MeetingRecord:
    return MeetingRecord(
        m.id,
        m.reference,
        m.token,
        m.status,
        _utc(m.start_at),
        _utc(m.end_at),
        m.channel,
        m.language,
        _coach(m.coach) if m.coach else None,
        m.contact_name,
        m.contact_phone,
        m.contact_email,
        m.case.conversation_id if m.case else None,
        m.case.public_id if m.case else None,
        m.sequence or 0,
        m.booked_by or "person",
        booking_hold.is_held(m),
    )


def new_reference() -> str:
    """A short reference people can read out on the phone: "K7F-3QX"."""
    raw = "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(6))
    return f"{raw[:3]}-{raw[3:]}"


def normalise_reference(text: str) -> str:
    """ "k7f3qx", "K7F 3QX" -> "K7F-3QX" (no validation)."""
    raw = "".join(ch for ch in text.upper() if ch.isalnum())
    return f"{raw[:3]}-{raw[3:]}" if len(raw) == 6 else text.strip().upper()


def coaches(url: str | None = None) -> list[CoachInfo]:
    """All active coaches."""
    with session_scope(url) as session:
        rows = session.execute(select(Coach).where(Coach.active.is_(True)).order_by(Coach.id))
        return [_coach(c) for c in rows.scalars()]


def schedules(
    coach_ids: list[int], first_day: date, days: int, url: str | None = None
) -> dict[int, CoachSchedule]:
    """Working hours, absences and booked starts of the given coaches."""
    start = datetime.combine(first_day - timedelta(days=1), datetime.min.time(), timezone.utc)
    end = start + timedelta(days=days + 2)
    with session_scope(url) as session:
        return _schedules(session, coach_ids, start, end)


def _schedules(
    session: Session, coach_ids: list[int], start: datetime, end: datetime
) -> dict[int, CoachSchedule]:
    hours: dict[int, list[WorkingHours]] = {i: [] for i in coach_ids}
    for h in session.execute(
        select(CoachHours).where(CoachHours.coach_id.in_(coach_ids))
    ).scalars():
        hours[h.coach_id].append(WorkingHours(h.weekday, h.start_time, h.end_time))
    absences: dict[int, list[tuple[date, date]]] = {i: [] for i in coach_ids}
    for a in session.execute(
        select(CoachAbsence).where(CoachAbsence.coach_id.in_(coach_ids))
    ).scalars():
        absences[a.coach_id].append((a.first_day, a.last_day))
    busy: dict[int, set[datetime]] = {i: set() for i in coach_ids}
    for coach_id, start_at in session.execute(
        select(Meeting.coach_id, Meeting.start_at)
        .where(Meeting.coach_id.in_(coach_ids), Meeting.status == BOOKED)
        .where(Meeting.start_at >= start, Meeting.start_at < end)
    ):
        busy[coach_id].add(_utc(start_at))  # type: ignore[arg-type]
    return {
        i: CoachSchedule(i, tuple(hours[i]), tuple(absences[i]), frozenset(busy[i]))
        for i in coach_ids
    }


def _case_for(session: Session, conversation_id: str | None, language: str) -> Case | None:
    if not conversation_id:
        return None
    return case_in(session, conversation_id, language)


def _lock_coach(session: Session, coach_id: int, language: str | None = None) -> Coach:
    query = select(Coach).where(Coach.id == coach_id, Coach.active.is_(True))
    if session.get_bind().dialect.name == "postgresql":
        query = query.with_for_update()
    coach = session.execute(query).scalar_one_or_none()
    if coach is None:
        raise SlotTaken("coach not available")
    if language is not None and language not in (coach.languages or ()):
        raise SlotTaken("the coach does not serve in the person's language")
    return coach


def _release_past_self_bookings(session: Session, case_id: int, now: datetime) -> None:
    """A self-booked meeting that has started no longer blocks the next booking, and a hold
    whose time is over is released now (not only when the web app's job comes by)."""
    for meeting in session.execute(
        select(Meeting).where(Meeting.self_booking_case_id == case_id)
    ).scalars():
        if booking_hold.is_held(meeting) and as_utc(meeting.hold_until) < now:
            booking_hold.release(session, meeting, now)
        elif meeting.start_at is not None and as_utc(meeting.start_at) < now:
            meeting.self_booking_case_id = None
    session.flush()


def _upcoming_self_booking(session: Session, case_id: int) -> Meeting | None:
    return session.execute(
        select(Meeting).where(Meeting.self_booking_case_id == case_id)
    ).scalar_one_or_none()


def _integrity(error: IntegrityError) -> Exception:
    """Which guarantee the database enforced: one self-booking per case, or one per slot."""
    if "self_booking_case_id" in str(error.orig):
        return AlreadyBooked()
    return SlotTaken("slot taken")


def _check_bookable(session: Session, coach_id: int, start: datetime, now: datetime) -> None:
    day = start.astimezone(timezone.utc).date()
    window_start = datetime.combine(day - timedelta(days=1), datetime.min.time(), timezone.utc)
    schedule = _schedules(session, [coach_id], window_start, window_start + timedelta(days=3))
    local_day = start.astimezone(HELSINKI).date()
    free = free_slots(schedule[coach_id], local_day, 1, now)
    if not any(s.start == start for s in free):
        raise SlotTaken("slot not free")


@dataclass(frozen=True)
class ContactDetails:
    """What the person gave for the booking (with consent)."""

    name: str | None = None
    phone: str | None = None
    email: str | None = None
    consent: bool = False


def book(
    slot: Slot,
    channel: str,
    language: str,
    contact: ContactDetails,
    conversation_id: str | None = None,
    short_first_meeting: bool = False,
    now: datetime | None = None,
    url: str | None = None,
    booked_by: str = "person",
    address: str | None = None,
    confirm_with_code: bool = False,
) -> MeetingRecord:
    """Book ``slot`` in one transaction.

    A person has at most one upcoming meeting they booked themselves (the unique
    ``self_booking_case_id`` has the last word); a coach (``booked_by="coach"``) may book
    more. The coach must serve in ``language``. With ``confirm_with_code`` (a booking made
    in the chat) it is held until the person types the code sent to their contact, within
    the limits per address (``address``: the keyed hash of where it came from) and per
    contact (bot/cases/booking_hold.py); otherwise it is confirmed at once.

    Raises:
        SlotTaken: the slot was taken meanwhile, is not a free slot at all, or its coach does
            not serve in ``language``.
        AlreadyBooked: the person already has an upcoming self-booked meeting.
        TooManyBookings: a limit per address or per contact.
    """
    now = now or utcnow()
    rules = booking_hold.hold_rules()
    try:
        with session_scope(url) as session:
            _lock_coach(session, slot.coach_id, language)
            _check_bookable(session, slot.coach_id, slot.start, now)
            case = _case_for(session, conversation_id, language)
            self_booking = case.id if case is not None and booked_by == "person" else None
            if self_booking is not None:
                _release_past_self_bookings(session, self_booking, now)
                existing = _upcoming_self_booking(session, self_booking)
                if existing is not None:
                    raise AlreadyBooked(_record(existing))
            if confirm_with_code:
                contact_value = contact.phone or (contact.email or "").lower() or None
                booking_hold.check_limits(session, contact_value, address, now, rules)
            meeting = Meeting(
                reference=new_reference(),
                token=secrets.token_urlsafe(32),
                case_id=case.id if case else None,
                coach_id=slot.coach_id,
                start_at=slot.start,
                end_at=slot.start + timedelta(minutes=SLOT_MINUTES),
                channel=channel,
                status=BOOKED,
                language=language,
                short_first_meeting=short_first_meeting,
                contact_name=contact.name,
                contact_phone=contact.phone,
                contact_email=contact.email,
                contact_consent=contact.consent,
                self_booking_case_id=self_booking,
                booked_by=booked_by,
                booked_from=address if booked_by == "person" else None,
            )
            session.add(meeting)
            session.flush()
            if confirm_with_code:
                other = booking_hold.hold_or_confirm(session, meeting, conversation_id, now, rules)
                if other is not None:  # rolled back with the transaction
                    raise AlreadyBooked(_record(other))
            else:
                booking_hold.confirm_in(session, meeting, None, now)
            return _record(meeting)
    except IntegrityError as error:
        raise _integrity(error) from error


def upcoming_self_booking(
    conversation_id: str, now: datetime | None = None, url: str | None = None
) -> MeetingRecord | None:
    """The conversation's upcoming meeting that the person booked themselves, if any."""
    now = now or utcnow()
    with session_scope(url) as session:
        meeting = session.execute(
            select(Meeting)
            .join(Case, Meeting.self_booking_case_id == Case.id)
            .where(Case.conversation_id == conversation_id, Meeting.start_at >= now)
        ).scalar_one_or_none()
        if meeting is not None and booking_hold.is_held(meeting):
            if as_utc(meeting.hold_until) < now:
                return None  # its time is over: released by the next booking or the job
        return _record(meeting) if meeting else None


def request_callback(
    language: str,
    contact: ContactDetails,
    conversation_id: str | None = None,
    url: str | None = None,
) -> MeetingRecord:
    """A callback request: no time, status "callback_requested", visible to coaches."""
    with session_scope(url) as session:
        case = _case_for(session, conversation_id, language)
        meeting = Meeting(
            reference=new_reference(),
            token=secrets.token_urlsafe(32),
            case_id=case.id if case else None,
            status=CALLBACK,
            language=language,
            contact_name=contact.name,
            contact_phone=contact.phone,
            contact_email=contact.email,
            contact_consent=contact.consent,
        )
        session.add(meeting)
        session.flush()
        if case is not None:
            work_queue.callback_requested(session, case, meeting)
        return _record(meeting)


def _matches_contact(meeting: Meeting, contact: str) -> bool:
    return contact in {meeting.contact_phone, (meeting.contact_email or "").lower()}


def find_meeting(
    reference: str,
    contact: str | None = None,
    conversation_id: str | None = None,
    url: str | None = None,
) -> MeetingRecord | None:
    """A meeting by reference, if the phone/e-mail given (or the conversation) matches."""
    with session_scope(url) as session:
        meeting = session.execute(
            select(Meeting).where(Meeting.reference == normalise_reference(reference))
        ).scalar_one_or_none()
        if meeting is None:
            return None
        own = (
            conversation_id is not None
            and meeting.case is not None
            and (meeting.case.conversation_id == conversation_id)
        )
        if not own and not (contact and _matches_contact(meeting, contact)):
            return None
        return _record(meeting)


def meetings_of_conversation(
    conversation_id: str, now: datetime | None = None, url: str | None = None
) -> list[MeetingRecord]:
    """The conversation's upcoming booked meetings, soonest first."""
    now = now or utcnow()
    with session_scope(url) as session:
        rows = session.execute(
            select(Meeting)
            .join(Case, Meeting.case_id == Case.id)
            .where(Case.conversation_id == conversation_id, Meeting.status == BOOKED)
            .where(Meeting.start_at >= now - timedelta(hours=1))
            .order_by(Meeting.start_at)
        ).scalars()
        return [_record(m) for m in rows]


def meeting_by_reference(reference: str, url: str | None = None) -> MeetingRecord | None:
    """A meeting by reference, without any check: only for references already verified."""
    with session_scope(url) as session:
        meeting = session.execute(
            select(Meeting).where(Meeting.reference == normalise_reference(reference))
        ).scalar_one_or_none()
        return _record(meeting) if meeting else None


def meeting_by_token(token: str, url: str | None = None) -> MeetingRecord | None:
    """The meeting behind an .ics link."""
    with session_scope(url) as session:
        meeting = session.execute(
            select(Meeting).where(Meeting.token == token)
        ).scalar_one_or_none()
        return _record(meeting) if meeting else None


def cancel(reference: str, url: str | None = None) -> MeetingRecord | None:
    """Cancel a booked meeting; its slot becomes free again."""
    with session_scope(url) as session:
        # locked: a code confirming it at this moment waits, and then finds it cancelled
        meeting = session.execute(
            select(Meeting)
            .where(Meeting.reference == normalise_reference(reference))
            .with_for_update(of=Meeting)
        ).scalar_one_or_none()
        if meeting is None or meeting.status != BOOKED:
            return None
        held = booking_hold.is_held(meeting)
        meeting.status = CANCELLED
        meeting.cancelled_at = utcnow()
        meeting.self_booking_case_id = None
        meeting.hold_until = None
        session.flush()
        if meeting.case is not None:
            work_queue.meeting_cancelled(session, meeting.case)
        if not held:  # a held booking was never sent to the person's calendar
            person_messages.cancelled(session, meeting)
        return _record(meeting)


def reschedule(
    reference: str, slot: Slot, now: datetime | None = None, url: str | None = None
) -> MeetingRecord:
    """Move a booked meeting to ``slot`` in one transaction: the same meeting (reference,
    calendar entry) gets the new time and coach, so the old slot is free exactly when the
    new one is taken, and the person never has two meetings. ``sequence`` goes up by one.

    Raises:
        SlotTaken: the new slot is not free, or its coach does not serve in the meeting's
            language.
        LookupError: no booked meeting with that reference.
    """
    now = now or utcnow()
    try:
        with session_scope(url) as session:
            meeting = session.execute(
                select(Meeting).where(Meeting.reference == normalise_reference(reference))
            ).scalar_one_or_none()
            if meeting is None or meeting.status != BOOKED:
                raise LookupError("no booked meeting")
            _lock_coach(session, slot.coach_id, meeting.language)
            _check_bookable(session, slot.coach_id, slot.start, now)
            meeting.coach_id = slot.coach_id
            meeting.start_at = slot.start
            meeting.end_at = slot.start + timedelta(minutes=SLOT_MINUTES)
            meeting.sequence = (meeting.sequence or 0) + 1
            meeting.outcome = None
            session.flush()
            session.refresh(meeting)
            if not booking_hold.is_held(meeting):  # a held one: the code confirms it later
                person_messages.moved(session, meeting, now)
            return _record(meeting)
    except IntegrityError as error:
        raise _integrity(error) from error


def load_coaches(data: dict[str, object], today: date, url: str | None = None) -> int:
    """Insert coaches with hours and absences (absences relative to ``today``).

    ``data`` is the parsed data/coaches/coaches.yml; returns how many coaches were added.
    """
    from datetime import time as clock

    added = 0
    with session_scope(url) as session:
        for item in data.get("coaches") or []:  # type: ignore[attr-defined]
            slug = "".join(ch for ch in item["name"].lower() if ch.isalnum())
            coach = Coach(
                name=item["name"],
                email=f"{slug}@example.invalid",
                languages=list(item["languages"]),
                groups=list(item.get("groups") or []),
                office=item["office"],
                address=item["address"],
                municipality=str(item["municipality"]),
                channels=list(item["channels"]),
                video_url=f"https://video.example.invalid/{slug}"
                if "video" in item["channels"]
                else None,
                active=True,
                sample=True,
            )
            session.add(coach)
            session.flush()
            for block in item.get("hours") or []:
                start = clock.fromisoformat(block["start"])
                end = clock.fromisoformat(block["end"])
                for weekday in block["weekdays"]:
                    session.add(
                        CoachHours(
                            coach_id=coach.id, weekday=weekday, start_time=start, end_time=end
                        )
                    )
            for absence in item.get("absences") or []:
                session.add(
                    CoachAbsence(
                        coach_id=coach.id,
                        first_day=today + timedelta(days=int(absence["days_from"])),
                        last_day=today + timedelta(days=int(absence["days_to"])),
                        reason=absence.get("reason"),
                    )
                )
            added += 1
    return added
