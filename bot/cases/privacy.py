"""A person's data in the case database: find it, export it, erase it; and retention.

A person is found by what they gave the bot: a conversation id (the chat), a phone number or
e-mail (contact details of a booking, or a contact they verified with a one-time code), a
booking reference or a case id. Everything linked to the same cases, and every case of the
same person record (bot/cases/people.py), is included, so an erasure also removes the
summaries, meetings and notes of every conversation the person had, their verified
contacts and the person record itself. Rasa's events are erased and exported by the Rasa
server (bot/rasa_ext/conversations.py).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from typing import Any

from sqlalchemy import delete, or_, select

from bot.cases import live_upkeep, verification
from bot.cases.chat_sessions import session_hash
from bot.cases.db import session_scope
from bot.cases.models import (
    Case,
    CaseNote,
    ChatSession,
    EarlierConversation,
    MappingSummary,
    Meeting,
    PersonContact,
    PersonMessage,
    PortalSession,
    VerificationCode,
    WorkItem,
    utcnow,
)
from bot.cases.models import Person as PersonRecord

# The slot action_erase_conversation sets: the tracker store then deletes the
# conversation's events instead of saving the turn (bot/rasa_ext/conversations.py), and
# the REST channel marks its answer with ERASED_HEADER, so the web app forgets the session.
ERASE_SLOT = "erase_requested"
ERASED_HEADER = "X-Conversation-Erased"


@dataclass
class Person:
    """What identifies one person's data in the case database."""

    case_ids: set[int] = field(default_factory=set)
    conversation_ids: set[str] = field(default_factory=set)
    meeting_ids: set[int] = field(default_factory=set)  # also callbacks without a case
    person_ids: set[int] = field(default_factory=set)  # person records (verified contacts)

    @property
    def empty(self) -> bool:
        """Nothing was found."""
        return not (self.case_ids or self.conversation_ids or self.meeting_ids or self.person_ids)


@dataclass(frozen=True)
class Removed:
    """How many rows an erasure or a retention run removed."""

    cases: int = 0
    summaries: int = 0
    meetings: int = 0
    notes: int = 0
    chat_sessions: int = 0
    portal_sessions: int = 0

    def __add__(self, other: Removed) -> Removed:
        return Removed(*(a + b for a, b in zip(self.astuple(), other.astuple(), strict=True)))

    def astuple(self) -> tuple[int, ...]:
        """The counts in field order."""
        return (
            self.cases,
            self.summaries,
            self.meetings,
            self.notes,
            self.chat_sessions,
            self.portal_sessions,
        )


def find_person(
    *,
    conversation_id: str | None = None,
    phone: str | None = None,
    email: str | None = None,
    reference: str | None = None,
    case_public_id: str | None = None,
    url: str | None = None,
) -> Person:
    """Every case, conversation and meeting linked to any of the given identifiers."""
    person = Person()
    with session_scope(url) as session:
        meeting_filters = []
        if phone:
            meeting_filters.append(Meeting.contact_phone == phone)
        if email:
            meeting_filters.append(Meeting.contact_email == email.strip().lower())
        if reference:
            meeting_filters.append(Meeting.reference == reference.strip().upper())
        contacts = [v for v in (phone, (email or "").strip().lower()) if v]
        if contacts:
            owners = select(PersonContact.person_id).where(PersonContact.value.in_(contacts))
            person.person_ids.update(session.execute(owners).scalars())
        if meeting_filters:
            for meeting in session.execute(select(Meeting).where(or_(*meeting_filters))).scalars():
                person.meeting_ids.add(meeting.id)
                if meeting.case_id is not None:
                    person.case_ids.add(meeting.case_id)
        case_filters = []
        if conversation_id:
            person.conversation_ids.add(conversation_id)
            case_filters.append(Case.conversation_id == conversation_id)
        if case_public_id:
            case_filters.append(Case.public_id == case_public_id)
        if person.case_ids:
            case_filters.append(Case.id.in_(person.case_ids))
        if conversation_id:  # a conversation that was a case's before a later visit
            earlier = select(EarlierConversation.case_id).where(
                EarlierConversation.conversation_id == conversation_id
            )
            person.case_ids.update(session.execute(earlier).scalars())
            if person.case_ids:
                case_filters.append(Case.id.in_(person.case_ids))
        if case_filters:
            for case in session.execute(select(Case).where(or_(*case_filters))).scalars():
                person.case_ids.add(case.id)
                person.conversation_ids.add(case.conversation_id)
                if case.person_id is not None:
                    person.person_ids.add(case.person_id)
        if person.person_ids:  # every case of the same person, from any conversation
            owned = select(Case).where(Case.person_id.in_(person.person_ids))
            for case in session.execute(owned).scalars():
                person.case_ids.add(case.id)
                person.conversation_ids.add(case.conversation_id)
            case_filters.append(Case.id.in_(person.case_ids))
            earlier_ids = select(EarlierConversation.conversation_id).where(
                EarlierConversation.case_id.in_(person.case_ids)
            )
            person.conversation_ids.update(session.execute(earlier_ids).scalars())
        if person.case_ids:
            rows = session.execute(select(Meeting.id).where(Meeting.case_id.in_(person.case_ids)))
            person.meeting_ids.update(r[0] for r in rows)
    return person


def _iso(moment: datetime | None) -> str | None:
    if moment is None:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    return moment.isoformat()


def export_person(person: Person, url: str | None = None) -> dict[str, Any]:
    """The person's data in the case database as plain JSON-ready data."""
    out: dict[str, Any] = {"cases": [], "meetings": [], "verified_contacts": []}
    with session_scope(url) as session:
        verified = session.execute(
            select(PersonContact)
            .where(PersonContact.person_id.in_(person.person_ids))
            .order_by(PersonContact.id)
        ).scalars()
        out["verified_contacts"] = [
            {"kind": c.kind, "value": c.value, "verified_at": _iso(c.verified_at)} for c in verified
        ]
        cases = session.execute(select(Case).where(Case.id.in_(person.case_ids))).scalars()
        for case in cases:
            notes = session.execute(
                select(CaseNote).where(CaseNote.case_id == case.id).order_by(CaseNote.id)
            ).scalars()
            out["cases"].append(
                {
                    "case_id": case.public_id,
                    "conversation_id": case.conversation_id,
                    "language": case.language,
                    "status": case.status,
                    "created_at": _iso(case.created_at),
                    "mapping": [
                        {
                            "status": s.status,
                            "language": s.language,
                            "answers": s.data,
                            "own_words": s.own_words,
                            "eligibility": s.eligibility,
                            "service_path": s.service_path,
                            "customer_groups": s.customer_groups,
                            "needs": s.needs,
                            "summary_sv": s.text_sv,
                            "summary_fi": s.text_fi,
                            "confirmed_at": _iso(s.confirmed_at),
                        }
                        for s in case.summaries
                    ],
                    "coach_notes": [
                        {"written_at": _iso(n.created_at), "text": n.text} for n in notes
                    ],
                }
            )
        meetings = session.execute(
            select(Meeting).where(Meeting.id.in_(person.meeting_ids)).order_by(Meeting.id)
        ).scalars()
        for m in meetings:
            out["meetings"].append(
                {
                    "reference": m.reference,
                    "kind": "callback" if m.start_at is None else "meeting",
                    "status": m.status,
                    "start": _iso(m.start_at),
                    "channel": m.channel,
                    "coach": m.coach.name if m.coach else None,
                    "language": m.language,
                    "name": m.contact_name,
                    "phone": m.contact_phone,
                    "email": m.contact_email,
                    "outcome": m.outcome,
                    "booked_at": _iso(m.created_at),
                }
            )
    return out


def erase_person(person: Person, url: str | None = None) -> Removed:
    """Delete the person's cases (with summaries, notes and work-queue items), meetings and
    chat sessions.

    A booked future meeting disappears from the coach's calendar with it, so its slot is
    free again. One transaction: all or nothing.
    """
    with session_scope(url) as session:
        summaries = notes = 0
        if person.case_ids:
            summaries = _count(session, MappingSummary, MappingSummary.case_id, person.case_ids)
            notes = _count(session, CaseNote, CaseNote.case_id, person.case_ids)
            session.execute(
                delete(MappingSummary).where(MappingSummary.case_id.in_(person.case_ids))
            )
            session.execute(delete(CaseNote).where(CaseNote.case_id.in_(person.case_ids)))
            session.execute(delete(WorkItem).where(WorkItem.case_id.in_(person.case_ids)))
        meetings = session.execute(
            delete(Meeting).where(
                or_(Meeting.id.in_(person.meeting_ids), Meeting.case_id.in_(person.case_ids))
            )
        ).rowcount
        ids = list(person.conversation_ids)
        live_upkeep.delete_chats(session, ids, person.case_ids)
        session.execute(delete(VerificationCode).where(VerificationCode.conversation_id.in_(ids)))
        cases = session.execute(delete(Case).where(Case.id.in_(person.case_ids))).rowcount
        if person.person_ids:
            values = session.execute(
                select(PersonContact.value).where(PersonContact.person_id.in_(person.person_ids))
            ).scalars()
            session.execute(
                delete(VerificationCode).where(VerificationCode.destination.in_(list(values)))
            )
            session.execute(
                delete(PersonMessage).where(PersonMessage.person_id.in_(person.person_ids))
            )
            session.execute(
                delete(PersonContact).where(PersonContact.person_id.in_(person.person_ids))
            )
            session.execute(delete(PersonRecord).where(PersonRecord.id.in_(person.person_ids)))
        # a session issued before conversation ids had its secret as the id (hash stored)
        hashes = [session_hash(c) for c in ids]
        chats = session.execute(
            delete(ChatSession).where(
                or_(ChatSession.conversation_id.in_(ids), ChatSession.session_hash.in_(hashes))
            )
        ).rowcount
    return Removed(
        cases=int(cases or 0),
        summaries=summaries,
        meetings=int(meetings or 0),
        notes=notes,
        chat_sessions=int(chats or 0),
    )


def _count(session: Any, model: Any, column: Any, ids: set[int]) -> int:
    return len(session.execute(select(model.id).where(column.in_(ids))).all())


def purge_older_than(cutoff: datetime, url: str | None = None) -> tuple[Removed, set[str]]:
    """Retention: remove what was last touched before ``cutoff``.

    A case goes when neither it nor any of its meetings changed since the cutoff and no
    meeting of it is still ahead; callback requests and meetings without a case go by
    their own date; chat sessions by their last message; expired portal sessions too; a
    person record (with its verified contacts) once no case of theirs is left.
    Returns the counts and the conversation ids whose Rasa events should go as well.
    """
    now = utcnow()
    with session_scope(url) as session:
        old_cases = set(session.execute(select(Case.id).where(Case.updated_at < cutoff)).scalars())
        if old_cases:
            recent = session.execute(
                select(Meeting.case_id).where(
                    Meeting.case_id.in_(old_cases),
                    or_(Meeting.updated_at >= cutoff, Meeting.start_at >= now),
                )
            ).scalars()
            old_cases -= set(recent)
            summaries_recent = session.execute(
                select(MappingSummary.case_id).where(
                    MappingSummary.case_id.in_(old_cases), MappingSummary.updated_at >= cutoff
                )
            ).scalars()
            old_cases -= set(summaries_recent)
        conversations = set(
            session.execute(select(Case.conversation_id).where(Case.id.in_(old_cases))).scalars()
        )
        conversations |= set(
            session.execute(
                select(EarlierConversation.conversation_id).where(
                    EarlierConversation.case_id.in_(old_cases)
                )
            ).scalars()
        )
        loose = set(
            session.execute(
                select(Meeting.id).where(
                    Meeting.case_id.is_(None),
                    Meeting.updated_at < cutoff,
                    or_(Meeting.start_at.is_(None), Meeting.start_at < now),
                )
            ).scalars()
        )
    removed = erase_person(Person(case_ids=old_cases, meeting_ids=loose), url)
    with session_scope(url) as session:
        chats = session.execute(delete(ChatSession).where(ChatSession.last_seen < cutoff)).rowcount
        live_upkeep.purge_chats(session, cutoff)
        verification.purge(session, now - timedelta(days=1))  # codes live ten minutes
        # a person record with no case left, not verified again since the cutoff
        alone = select(PersonRecord.id).where(
            PersonRecord.updated_at < cutoff,
            ~select(Case.id).where(Case.person_id == PersonRecord.id).exists(),
        )
        gone = list(session.execute(alone).scalars())
        if gone:
            session.execute(delete(PersonMessage).where(PersonMessage.person_id.in_(gone)))
            session.execute(delete(PersonContact).where(PersonContact.person_id.in_(gone)))
            session.execute(delete(PersonRecord).where(PersonRecord.id.in_(gone)))
        # portal sessions end after minutes of idleness; a day-old one is long dead
        portal = session.execute(
            delete(PortalSession).where(PortalSession.last_seen < now - timedelta(days=1))
        ).rowcount
    return removed + Removed(chat_sessions=int(chats or 0), portal_sessions=int(portal or 0)), (
        conversations
    )
