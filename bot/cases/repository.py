"""Cases: the one place a case is opened (:func:`case_in`, used by the mapping and the
booking inside their transactions), and lookups that own one short transaction each."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.cases.db import session_scope
from bot.cases.models import Case


@dataclass(frozen=True)
class CaseRecord:
    """A detached, read-only view of a case."""

    id: int
    public_id: str
    conversation_id: str
    language: str
    status: str


def _record(case: Case) -> CaseRecord:
    return CaseRecord(case.id, case.public_id, case.conversation_id, case.language, case.status)


def case_in(session: Session, conversation_id: str, language: str) -> Case:
    """The conversation's case inside ``session``, opened (flushed, so it has an id) if there
    is none yet. The one place a case is opened: the mapping and the booking use it."""
    case = session.execute(
        select(Case).where(Case.conversation_id == conversation_id)
    ).scalar_one_or_none()
    if case is None:
        case = Case(conversation_id=conversation_id, language=language)
        session.add(case)
        session.flush()
    return case


def get_or_open_case(conversation_id: str, language: str, url: str | None = None) -> CaseRecord:
    """Return the case of a conversation, opening one if there is none yet.

    Args:
        conversation_id: The Rasa sender id.
        language: The service language (sv or fi); updated on an existing case.
        url: Database URL (default: configured DATABASE_URL).
    """
    with session_scope(url) as session:
        case = case_in(session, conversation_id, language)
        if case.language != language:
            case.language = language
        return _record(case)


def find_case(conversation_id: str, url: str | None = None) -> CaseRecord | None:
    """Return the case of a conversation, or None."""
    with session_scope(url) as session:
        case = session.execute(
            select(Case).where(Case.conversation_id == conversation_id)
        ).scalar_one_or_none()
        return _record(case) if case else None


def own_coach_of(conversation_id: str, url: str | None = None) -> int | None:
    """The id of the conversation's case's own egencoach, if it has one."""
    with session_scope(url) as session:
        return session.execute(
            select(Case.own_coach_id).where(Case.conversation_id == conversation_id)
        ).scalar_one_or_none()


def take_over_case(
    conversation_id: str,
    references: list[str],
    url: str | None = None,
    case_id: int | None = None,
) -> bool:
    """A person identified on a later visit: their newest case (``case_id``, the person
    record's newest, or else that of the meetings with these references) becomes this
    conversation's, with its paused mapping, summaries and meetings, so the coach keeps one
    case. The conversation it had is remembered (``earlier_conversations``) so export and
    erasure still reach it. Nothing moves when this conversation has a case of its own
    already; False then, or with no case found."""
    from bot.cases.models import EarlierConversation, Meeting

    with session_scope(url) as session:
        own = session.execute(
            select(Case).where(Case.conversation_id == conversation_id)
        ).scalar_one_or_none()
        if own is not None or not (references or case_id):
            return False
        case = session.get(Case, case_id) if case_id is not None else None
        if case is None and references:
            case = (
                session.execute(
                    select(Case)
                    .join(Meeting, Meeting.case_id == Case.id)
                    .where(Meeting.reference.in_(references))
                    .order_by(Case.updated_at.desc())
                )
                .scalars()
                .first()
            )
        if case is None or case.conversation_id == conversation_id:
            return False
        session.add(EarlierConversation(case_id=case.id, conversation_id=case.conversation_id))
        case.conversation_id = conversation_id
        return True
