"""SQLAlchemy models of the case database (tables are created by Alembic migrations)."""

from __future__ import annotations

import uuid
from datetime import date, datetime, time, timezone

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    Time,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import Mapped, registry, relationship
from sqlalchemy.orm.decl_api import DeclarativeMeta

# Stable constraint names, so migrations can refer to (and drop) them on every backend.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

metadata = MetaData(naming_convention=NAMING_CONVENTION)
mapper_registry = registry(metadata=metadata)


class Base(metaclass=DeclarativeMeta):
    """Declarative base (the SQLAlchemy 1.4 form that type checkers understand)."""

    __abstract__ = True
    registry = mapper_registry
    metadata = mapper_registry.metadata
    __init__ = mapper_registry.constructor


def utcnow() -> datetime:
    """Timezone-aware now in UTC (all timestamps are stored in UTC)."""
    return datetime.now(timezone.utc)


def new_public_id() -> str:
    """An unguessable identifier for URLs (122 random bits)."""
    return str(uuid.uuid4())


class Person(Base):
    """A job seeker who proved a phone number or e-mail with a one-time code. The person
    owns their cases (each with its mapping drafts, summaries, meetings and callbacks) and
    their verified contacts; a later visit finds them by a contact (bot/cases/people.py)."""

    __tablename__ = "people"

    id: Mapped[int] = Column(Integer, primary_key=True)
    public_id: Mapped[str] = Column(String(36), nullable=False, unique=True, default=new_public_id)
    language: Mapped[str] = Column(String(2), nullable=False, default="sv")
    created_at: Mapped[datetime] = Column(DateTime(timezone=True), nullable=False, default=utcnow)
    updated_at: Mapped[datetime] = Column(
        DateTime(timezone=True), nullable=False, default=utcnow, onupdate=utcnow
    )


class PersonContact(Base):
    """A phone number (E.164) or e-mail (lower case) a person verified with a code. One
    contact belongs to one person."""

    __tablename__ = "person_contacts"

    id: Mapped[int] = Column(Integer, primary_key=True)
    person_id: Mapped[int] = Column(
        Integer, ForeignKey("people.id", ondelete="CASCADE"), nullable=False, index=True
    )
    kind: Mapped[str] = Column(String(5), nullable=False)  # phone / email
    value: Mapped[str] = Column(String(200), nullable=False, unique=True)
    verified_at: Mapped[datetime] = Column(DateTime(timezone=True), nullable=False)


class Case(Base):
    """One job seeker's case, opened by a conversation with the bot.

    ``conversation_id`` is the Rasa sender id; it links the case to the tracker store
    so that a person's data can be exported and erased together.
    """

    __tablename__ = "cases"

    id: Mapped[int] = Column(Integer, primary_key=True)
    public_id: Mapped[str] = Column(String(36), nullable=False, unique=True, default=new_public_id)
    conversation_id: Mapped[str] = Column(String(255), nullable=False, unique=True)
    language: Mapped[str] = Column(String(2), nullable=False, default="sv")
    status: Mapped[str] = Column(String(20), nullable=False, default="open")
    # the person's own egencoach: assigned from the work queue, or the coach of the first
    # meeting; later bookings offer this coach's slots first
    own_coach_id: Mapped[int | None] = Column(
        Integer, ForeignKey("coaches.id", ondelete="SET NULL"), index=True
    )
    # the person, once they verified a contact with a one-time code (bot/cases/people.py)
    person_id: Mapped[int | None] = Column(
        Integer, ForeignKey("people.id", ondelete="SET NULL"), index=True
    )
    created_at: Mapped[datetime] = Column(DateTime(timezone=True), nullable=False, default=utcnow)
    updated_at: Mapped[datetime] = Column(
        DateTime(timezone=True), nullable=False, default=utcnow, onupdate=utcnow
    )

    summaries = relationship(
        "MappingSummary", back_populates="case", cascade="all, delete-orphan", lazy="selectin"
    )


class MappingSummary(Base):
    """The kartläggning of a case: a draft while it is filled in, then the confirmed summary.

    ``data`` holds the structured answers (codes), ``own_words`` the free-text answers as
    the person wrote them, and ``text_sv`` / ``text_fi`` a readable summary in both
    languages so that a coach of either language can read it.
    """

    __tablename__ = "mapping_summaries"

    id: Mapped[int] = Column(Integer, primary_key=True)
    public_id: Mapped[str] = Column(String(36), nullable=False, unique=True, default=new_public_id)
    case_id: Mapped[int] = Column(
        Integer, ForeignKey("cases.id", ondelete="CASCADE"), nullable=False, index=True
    )
    status: Mapped[str] = Column(String(20), nullable=False, default="draft")  # draft|confirmed
    language: Mapped[str] = Column(String(2), nullable=False)
    data: Mapped[dict] = Column(JSON, nullable=False, default=dict)
    own_words: Mapped[dict] = Column(JSON, nullable=False, default=dict)
    eligibility: Mapped[str | None] = Column(String(20))
    eligibility_reasons: Mapped[list] = Column(JSON, nullable=False, default=list)
    service_path: Mapped[str | None] = Column(String(30))
    path_reasons: Mapped[list] = Column(JSON, nullable=False, default=list)
    customer_groups: Mapped[list] = Column(JSON, nullable=False, default=list)
    needs: Mapped[list] = Column(JSON, nullable=False, default=list)
    text_sv: Mapped[str | None] = Column(Text)
    text_fi: Mapped[str | None] = Column(Text)
    created_at: Mapped[datetime] = Column(DateTime(timezone=True), nullable=False, default=utcnow)
    updated_at: Mapped[datetime] = Column(
        DateTime(timezone=True), nullable=False, default=utcnow, onupdate=utcnow
    )
    confirmed_at: Mapped[datetime | None] = Column(DateTime(timezone=True))

    case = relationship("Case", back_populates="summaries")


class Provider(Base):
    """A training provider (vocational school, development company, workshop ...)."""

    __tablename__ = "providers"

    id: Mapped[int] = Column(Integer, primary_key=True)
    slug: Mapped[str] = Column(String(80), nullable=False, unique=True)
    name: Mapped[str] = Column(String(200), nullable=False)
    name_sv: Mapped[str | None] = Column(String(200))
    kind: Mapped[str] = Column(String(40), nullable=False)
    municipality: Mapped[str | None] = Column(String(3))
    website: Mapped[str | None] = Column(String(500))
    sample: Mapped[bool] = Column(Boolean, nullable=False, default=False)
    updated_at: Mapped[datetime] = Column(
        DateTime(timezone=True), nullable=False, default=utcnow, onupdate=utcnow
    )


class TrainingOffer(Base):
    """One training offer, bilingual; ``external_id`` makes imports idempotent."""

    __tablename__ = "training_offers"

    id: Mapped[int] = Column(Integer, primary_key=True)
    external_id: Mapped[str] = Column(String(120), nullable=False, unique=True)
    provider_id: Mapped[int] = Column(
        Integer, ForeignKey("providers.id", ondelete="RESTRICT"), nullable=False, index=True
    )
    title_sv: Mapped[str] = Column(String(300), nullable=False)
    title_fi: Mapped[str] = Column(String(300), nullable=False)
    description_sv: Mapped[str] = Column(Text, nullable=False, default="")
    description_fi: Mapped[str] = Column(Text, nullable=False, default="")
    isced: Mapped[str] = Column(String(3), nullable=False)  # ISCED-F 2013 narrow field
    languages: Mapped[list] = Column(JSON, nullable=False, default=list)
    municipality: Mapped[str | None] = Column(String(3))
    online: Mapped[bool] = Column(Boolean, nullable=False, default=False)
    format: Mapped[str] = Column(String(20), nullable=False)
    start_date: Mapped[date | None] = Column(Date)
    end_date: Mapped[date | None] = Column(Date)
    application_deadline: Mapped[date | None] = Column(Date, index=True)
    target_groups: Mapped[list] = Column(JSON, nullable=False, default=list)
    kind: Mapped[str] = Column(String(40), nullable=False)
    free: Mapped[bool] = Column(Boolean, nullable=False, default=True)
    price_eur: Mapped[int] = Column(Integer, nullable=False, default=0)
    url: Mapped[str | None] = Column(String(500))
    status: Mapped[str] = Column(String(20), nullable=False, default="active")  # or retired
    content_hash: Mapped[str] = Column(String(64), nullable=False)
    created_at: Mapped[datetime] = Column(DateTime(timezone=True), nullable=False, default=utcnow)
    updated_at: Mapped[datetime] = Column(
        DateTime(timezone=True), nullable=False, default=utcnow, onupdate=utcnow
    )

    provider = relationship("Provider", lazy="joined")


class CatalogVersion(Base):
    """One row whose number grows with every catalog change (caches compare it)."""

    __tablename__ = "catalog_version"

    id: Mapped[int] = Column(Integer, primary_key=True)
    version: Mapped[int] = Column(Integer, nullable=False, default=0)


class Coach(Base):
    """An egencoach / omavalmentaja."""

    __tablename__ = "coaches"

    id: Mapped[int] = Column(Integer, primary_key=True)
    public_id: Mapped[str] = Column(String(36), nullable=False, unique=True, default=new_public_id)
    name: Mapped[str] = Column(String(120), nullable=False)
    email: Mapped[str | None] = Column(String(200))
    languages: Mapped[list] = Column(JSON, nullable=False, default=list)  # ["sv", "fi"]
    groups: Mapped[list] = Column(JSON, nullable=False, default=list)  # customer groups
    office: Mapped[str] = Column(String(200), nullable=False)
    address: Mapped[str] = Column(String(300), nullable=False)
    municipality: Mapped[str] = Column(String(3), nullable=False)
    channels: Mapped[list] = Column(JSON, nullable=False, default=list)  # visit/phone/video
    video_url: Mapped[str | None] = Column(String(500))
    active: Mapped[bool] = Column(Boolean, nullable=False, default=True)
    sample: Mapped[bool] = Column(Boolean, nullable=False, default=False)


class CoachHours(Base):
    """Recurring working hours (local wall-clock) on one weekday (0 = Monday)."""

    __tablename__ = "coach_hours"

    id: Mapped[int] = Column(Integer, primary_key=True)
    coach_id: Mapped[int] = Column(
        Integer, ForeignKey("coaches.id", ondelete="CASCADE"), nullable=False, index=True
    )
    weekday: Mapped[int] = Column(Integer, nullable=False)
    start_time: Mapped[time] = Column(Time, nullable=False)
    end_time: Mapped[time] = Column(Time, nullable=False)


class CoachAbsence(Base):
    """A coach's absence (holiday, course, sick leave), inclusive dates."""

    __tablename__ = "coach_absences"

    id: Mapped[int] = Column(Integer, primary_key=True)
    coach_id: Mapped[int] = Column(
        Integer, ForeignKey("coaches.id", ondelete="CASCADE"), nullable=False, index=True
    )
    first_day: Mapped[date] = Column(Date, nullable=False)
    last_day: Mapped[date] = Column(Date, nullable=False)
    reason: Mapped[str | None] = Column(String(200))


class Meeting(Base):
    """A meeting with a coach, or a callback request.

    The partial unique index ``uq_meetings_coach_slot_booked`` makes two booked meetings
    in one coach's slot impossible, whatever the application does; a cancelled meeting no
    longer counts, so its slot is free again. ``self_booking_case_id`` (unique) is the case
    id of the one upcoming meeting a person booked themselves: a second one for the same
    case is impossible; a coach may book more (it stays NULL for those).
    """

    __tablename__ = "meetings"
    __table_args__ = (
        Index(
            "uq_meetings_coach_slot_booked",
            "coach_id",
            "start_at",
            unique=True,
            postgresql_where=text("status = 'booked'"),
            sqlite_where=text("status = 'booked'"),
        ),
    )

    id: Mapped[int] = Column(Integer, primary_key=True)
    reference: Mapped[str] = Column(String(12), nullable=False, unique=True)
    token: Mapped[str] = Column(String(64), nullable=False, unique=True)
    case_id: Mapped[int | None] = Column(
        Integer, ForeignKey("cases.id", ondelete="SET NULL"), index=True
    )
    coach_id: Mapped[int | None] = Column(
        Integer, ForeignKey("coaches.id", ondelete="RESTRICT"), index=True
    )
    start_at: Mapped[datetime | None] = Column(DateTime(timezone=True))
    end_at: Mapped[datetime | None] = Column(DateTime(timezone=True))
    channel: Mapped[str | None] = Column(String(10))
    status: Mapped[str] = Column(String(20), nullable=False, default="booked")
    language: Mapped[str] = Column(String(2), nullable=False)
    short_first_meeting: Mapped[bool] = Column(Boolean, nullable=False, default=False)
    contact_name: Mapped[str | None] = Column(String(80))
    contact_phone: Mapped[str | None] = Column(String(20))
    contact_email: Mapped[str | None] = Column(String(200))
    contact_consent: Mapped[bool] = Column(Boolean, nullable=False, default=False)
    outcome: Mapped[str | None] = Column(String(20))
    notes: Mapped[str | None] = Column(Text)
    created_at: Mapped[datetime] = Column(DateTime(timezone=True), nullable=False, default=utcnow)
    updated_at: Mapped[datetime] = Column(
        DateTime(timezone=True), nullable=False, default=utcnow, onupdate=utcnow
    )
    cancelled_at: Mapped[datetime | None] = Column(DateTime(timezone=True))
    self_booking_case_id: Mapped[int | None] = Column(
        Integer, ForeignKey("cases.id", ondelete="SET NULL"), unique=True
    )
    booked_by: Mapped[str] = Column(String(10), nullable=False, default="person")
    sequence: Mapped[int] = Column(Integer, nullable=False, default=0)
    # a self-booking is held (tentative) until the person types the code sent to their
    # contact; not confirmed by then, it is released (bot/cases/booking_hold.py)
    hold_until: Mapped[datetime | None] = Column(DateTime(timezone=True), index=True)
    confirmed_at: Mapped[datetime | None] = Column(DateTime(timezone=True))
    # a keyed hash of the address the booking came from (limits per address)
    booked_from: Mapped[str | None] = Column(String(16), index=True)

    coach = relationship("Coach", lazy="joined")
    case = relationship("Case", lazy="joined", foreign_keys=[case_id])


class WorkItem(Base):
    """Something a person is waiting for that a coach of a team must pick up.

    ``kind`` is ``mapping`` (a confirmed mapping without a meeting), ``callback`` (a
    callback request, ``meeting_id`` its row) or ``live`` (a request for a human that no
    coach took). ``status`` goes new -> contacted -> booked -> closed; ``status_by`` is the
    portal user who set it (NULL: the bot, e.g. when the person booked a meeting). The
    language, home municipality, customer groups and age band are copied from the mapping
    when the item is opened, so the queue filters without reading summaries.
    """

    __tablename__ = "work_items"
    # one item per case and thing waited for: "mapping", "callback:<meeting id>", "live:<n>"
    __table_args__ = (UniqueConstraint("case_id", "ref"),)

    id: Mapped[int] = Column(Integer, primary_key=True)
    case_id: Mapped[int] = Column(
        Integer, ForeignKey("cases.id", ondelete="CASCADE"), nullable=False, index=True
    )
    kind: Mapped[str] = Column(String(10), nullable=False)
    ref: Mapped[str] = Column(String(40), nullable=False)
    meeting_id: Mapped[int | None] = Column(
        Integer, ForeignKey("meetings.id", ondelete="CASCADE"), index=True
    )
    team: Mapped[str] = Column(String(3), nullable=False, index=True)
    language: Mapped[str] = Column(String(2), nullable=False)
    municipality: Mapped[str | None] = Column(String(3))
    customer_groups: Mapped[list] = Column(JSON, nullable=False, default=list)
    age_band: Mapped[str | None] = Column(String(10))
    status: Mapped[str] = Column(String(10), nullable=False, default="new", index=True)
    status_by: Mapped[int | None] = Column(Integer, ForeignKey("users.id", ondelete="SET NULL"))
    status_at: Mapped[datetime] = Column(DateTime(timezone=True), nullable=False, default=utcnow)
    created_at: Mapped[datetime] = Column(DateTime(timezone=True), nullable=False, default=utcnow)


class Notification(Base):
    """An e-mail to a coach, written in the transaction that caused it, sent by the outbox
    sender (bot/notify/outbox.py). It names no person: a subject and a link into the portal
    (``link`` is the portal path; the sender puts PUBLIC_BASE_URL in front)."""

    __tablename__ = "notifications"

    id: Mapped[int] = Column(Integer, primary_key=True)
    recipient: Mapped[str] = Column(String(200), nullable=False)
    language: Mapped[str] = Column(String(2), nullable=False)
    kind: Mapped[str] = Column(String(20), nullable=False)
    link: Mapped[str] = Column(String(300), nullable=False)
    created_at: Mapped[datetime] = Column(DateTime(timezone=True), nullable=False, default=utcnow)
    attempts: Mapped[int] = Column(Integer, nullable=False, default=0)
    next_attempt_at: Mapped[datetime] = Column(
        DateTime(timezone=True), nullable=False, default=utcnow, index=True
    )
    sent_at: Mapped[datetime | None] = Column(DateTime(timezone=True), index=True)
    last_error: Mapped[str | None] = Column(String(300))


class CoachPresence(Base):
    """A coach's availability for live chats: ``available``, ``busy`` or ``away``.

    Set by the coach in the portal; ``seen_at`` is refreshed while their live queue or chat
    page is open. A coach counts as available only while it is recent (PRESENCE_IDLE), and
    the row goes when their portal session ends.
    """

    __tablename__ = "coach_presence"

    user_id: Mapped[int] = Column(
        Integer, ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    status: Mapped[str] = Column(String(10), nullable=False, default="away")
    seen_at: Mapped[datetime] = Column(DateTime(timezone=True), nullable=False, default=utcnow)


class LiveChat(Base):
    """A person's request to chat with a human, and the chat once a coach has taken it.

    ``status`` goes waiting -> active -> ended; waiting -> left (the person chose a callback
    or a meeting instead). A coach takes a chat with one conditional UPDATE (status still
    waiting), so of two coaches taking at once exactly one gets it; the partial unique index
    allows one open chat per conversation.
    """

    __tablename__ = "live_chats"
    __table_args__ = (
        Index(
            "uq_live_chats_open",
            "conversation_id",
            unique=True,
            postgresql_where=text("status IN ('waiting', 'active')"),
            sqlite_where=text("status IN ('waiting', 'active')"),
        ),
    )

    id: Mapped[int] = Column(Integer, primary_key=True)
    conversation_id: Mapped[str] = Column(String(255), nullable=False, index=True)
    case_id: Mapped[int | None] = Column(
        Integer, ForeignKey("cases.id", ondelete="SET NULL"), index=True
    )
    team: Mapped[str] = Column(String(3), nullable=False, index=True)
    language: Mapped[str] = Column(String(2), nullable=False)
    municipality: Mapped[str | None] = Column(String(3))
    status: Mapped[str] = Column(String(10), nullable=False, default="waiting", index=True)
    coach_user_id: Mapped[int | None] = Column(
        Integer, ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    coach_name: Mapped[str | None] = Column(String(120))
    end_reason: Mapped[str | None] = Column(String(10))  # ended / handback / lost / left
    requested_at: Mapped[datetime] = Column(DateTime(timezone=True), nullable=False, default=utcnow)
    taken_at: Mapped[datetime | None] = Column(DateTime(timezone=True))
    ended_at: Mapped[datetime | None] = Column(DateTime(timezone=True))
    coach_seen_at: Mapped[datetime | None] = Column(DateTime(timezone=True))
    notified_at: Mapped[datetime | None] = Column(DateTime(timezone=True))


class LiveMessage(Base):
    """One message of a live chat, in order (``id``): the stream's record.

    ``sender`` is ``person``, ``coach``, ``bot`` (the bot's reply when it carries on) or
    ``system`` (a coach joined or left). ``payload`` holds a bot message's buttons.
    """

    __tablename__ = "live_messages"

    id: Mapped[int] = Column(Integer, primary_key=True)
    chat_id: Mapped[int] = Column(
        Integer, ForeignKey("live_chats.id", ondelete="CASCADE"), nullable=False, index=True
    )
    sender: Mapped[str] = Column(String(10), nullable=False)
    name: Mapped[str | None] = Column(String(120))
    text: Mapped[str] = Column(Text, nullable=False, default="")
    payload: Mapped[dict | None] = Column(JSON)
    created_at: Mapped[datetime] = Column(DateTime(timezone=True), nullable=False, default=utcnow)


class PersonMessage(Base):
    """A message to the person about their meeting (e-mail or SMS), written in the
    transaction of the booking, the move or the cancellation and sent by the outbox sender
    (bot/notify/person_outbox.py). A reminder is one whose ``next_attempt_at`` is the day
    before the meeting. It goes with its meeting (erasure, retention)."""

    __tablename__ = "person_messages"

    id: Mapped[int] = Column(Integer, primary_key=True)
    meeting_id: Mapped[int | None] = Column(
        Integer, ForeignKey("meetings.id", ondelete="CASCADE"), index=True
    )
    # a one-time code to a verified contact of a person who has no meeting
    person_id: Mapped[int | None] = Column(Integer, ForeignKey("people.id", ondelete="CASCADE"))
    channel: Mapped[str] = Column(String(5), nullable=False)  # email / sms
    recipient: Mapped[str] = Column(String(200), nullable=False)
    language: Mapped[str] = Column(String(2), nullable=False)
    kind: Mapped[str] = Column(String(10), nullable=False)  # booked/reminder/moved/cancelled
    subject: Mapped[str] = Column(String(200), nullable=False, default="")
    body: Mapped[str] = Column(Text, nullable=False)
    calendar: Mapped[str | None] = Column(Text)  # the .ics attached to the e-mail
    calendar_method: Mapped[str | None] = Column(String(10))  # REQUEST / CANCEL
    created_at: Mapped[datetime] = Column(DateTime(timezone=True), nullable=False, default=utcnow)
    attempts: Mapped[int] = Column(Integer, nullable=False, default=0)
    next_attempt_at: Mapped[datetime] = Column(
        DateTime(timezone=True), nullable=False, default=utcnow, index=True
    )
    sent_at: Mapped[datetime | None] = Column(DateTime(timezone=True), index=True)
    last_error: Mapped[str | None] = Column(String(300))


class EarlierConversation(Base):
    """A conversation that was a case's before the person, identified on a later visit,
    took the case on in a new one: its events belong to the person too (export, erasure,
    retention)."""

    __tablename__ = "earlier_conversations"

    id: Mapped[int] = Column(Integer, primary_key=True)
    case_id: Mapped[int] = Column(
        Integer, ForeignKey("cases.id", ondelete="CASCADE"), nullable=False, index=True
    )
    conversation_id: Mapped[str] = Column(String(255), nullable=False, index=True)
    moved_at: Mapped[datetime] = Column(DateTime(timezone=True), nullable=False, default=utcnow)


class VerificationCode(Base):
    """A one-time code sent to a phone number or e-mail to identify a person on a later
    visit. Only a salted hash of the code is kept; rows go after a day (retention)."""

    __tablename__ = "verification_codes"

    id: Mapped[int] = Column(Integer, primary_key=True)
    conversation_id: Mapped[str] = Column(String(255), nullable=False, index=True)
    destination: Mapped[str] = Column(String(200), nullable=False, index=True)
    code_hash: Mapped[str] = Column(String(64), nullable=False)
    salt: Mapped[str] = Column(String(32), nullable=False)
    known: Mapped[bool] = Column(Boolean, nullable=False, default=False)  # a code was sent
    tries: Mapped[int] = Column(Integer, nullable=False, default=0)
    expires_at: Mapped[datetime] = Column(DateTime(timezone=True), nullable=False)
    # a code that confirms this held booking (else it identifies the person)
    meeting_id: Mapped[int | None] = Column(Integer, ForeignKey("meetings.id", ondelete="CASCADE"))
    booked_from: Mapped[str | None] = Column(String(16), index=True)  # the address's hash
    used_at: Mapped[datetime | None] = Column(DateTime(timezone=True))
    created_at: Mapped[datetime] = Column(
        DateTime(timezone=True), nullable=False, default=utcnow, index=True
    )


class User(Base):
    """A portal user: a coach (linked to a Coach), staff or an admin."""

    __tablename__ = "users"

    id: Mapped[int] = Column(Integer, primary_key=True)
    username: Mapped[str] = Column(String(80), nullable=False, unique=True)
    password_hash: Mapped[str] = Column(String(200), nullable=False)
    role: Mapped[str] = Column(String(10), nullable=False)  # coach / staff / admin
    display_name: Mapped[str] = Column(String(120), nullable=False)
    coach_id: Mapped[int | None] = Column(
        Integer, ForeignKey("coaches.id", ondelete="SET NULL"), index=True
    )
    language: Mapped[str] = Column(String(2), nullable=False, default="sv")
    active: Mapped[bool] = Column(Boolean, nullable=False, default=True)
    failed_logins: Mapped[int] = Column(Integer, nullable=False, default=0)
    locked_until: Mapped[datetime | None] = Column(DateTime(timezone=True))
    created_at: Mapped[datetime] = Column(DateTime(timezone=True), nullable=False, default=utcnow)


class PortalSession(Base):
    """A logged-in browser; the cookie holds the token, the table only its SHA-256."""

    __tablename__ = "portal_sessions"

    id: Mapped[int] = Column(Integer, primary_key=True)
    token_hash: Mapped[str] = Column(String(64), nullable=False, unique=True)
    user_id: Mapped[int] = Column(
        Integer, ForeignKey("users.id", ondelete="CASCADE"), nullable=False, index=True
    )
    csrf_token: Mapped[str] = Column(String(64), nullable=False)
    created_at: Mapped[datetime] = Column(DateTime(timezone=True), nullable=False, default=utcnow)
    last_seen: Mapped[datetime] = Column(DateTime(timezone=True), nullable=False, default=utcnow)


class CaseNote(Base):
    """A coach's note on a case."""

    __tablename__ = "case_notes"

    id: Mapped[int] = Column(Integer, primary_key=True)
    case_id: Mapped[int] = Column(
        Integer, ForeignKey("cases.id", ondelete="CASCADE"), nullable=False, index=True
    )
    author_id: Mapped[int | None] = Column(Integer, ForeignKey("users.id", ondelete="SET NULL"))
    text: Mapped[str] = Column(Text, nullable=False)
    created_at: Mapped[datetime] = Column(DateTime(timezone=True), nullable=False, default=utcnow)


class InboxDecision(Base):
    """A message from the NLU inbox that staff assigned to an intent or dismissed."""

    __tablename__ = "nlu_inbox_decisions"

    id: Mapped[int] = Column(Integer, primary_key=True)
    message_key: Mapped[str] = Column(String(64), nullable=False, unique=True)
    decision: Mapped[str] = Column(String(20), nullable=False)  # assigned / dismissed
    intent: Mapped[str | None] = Column(String(80))
    decided_by: Mapped[int | None] = Column(Integer, ForeignKey("users.id", ondelete="SET NULL"))
    decided_at: Mapped[datetime] = Column(DateTime(timezone=True), nullable=False, default=utcnow)


class ChatSession(Base):
    """A chat session the web app issued: the hash of its secret, and its conversation id.

    The conversation id (the Rasa sender id) is an HMAC of the secret (bot/cases/
    chat_sessions.py); NULL for a session issued before that, whose sender id was the secret.
    """

    __tablename__ = "chat_sessions"

    id: Mapped[int] = Column(Integer, primary_key=True)
    session_hash: Mapped[str] = Column(String(64), nullable=False, unique=True)
    conversation_id: Mapped[str | None] = Column(String(64), unique=True)
    created_at: Mapped[datetime] = Column(DateTime(timezone=True), nullable=False, default=utcnow)
    last_seen: Mapped[datetime] = Column(DateTime(timezone=True), nullable=False, default=utcnow)
    deleted: Mapped[bool] = Column(Boolean, nullable=False, default=False)
