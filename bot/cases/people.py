"""The person behind the conversations: a record made the first time someone proves a phone
number or e-mail with a one-time code (identifying on a later visit, or confirming a
booking), which then owns their cases and verified contacts (issue 17, part 1).

Nothing here runs before consent: a contact reaches the database only with the person's
consent to store it (the booking's or the link's), and becomes a verified contact only when
the code sent there comes back. A later visit that proves the same contact finds the same
person, and their newest case goes on in the new conversation
(:func:`bot.cases.repository.take_over_case`).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from bot.cases.models import Case, Person, PersonContact, utcnow


def contact_kind(value: str) -> str:
    """``email`` for an address, ``phone`` for a number (as stored: lower case, E.164)."""
    return "email" if "@" in value else "phone"


def person_with(session: Session, value: str) -> Person | None:
    """The person who verified this contact, if anyone has."""
    return session.execute(
        select(Person).join(PersonContact).where(PersonContact.value == value)
    ).scalar_one_or_none()


def verified(
    session: Session,
    value: str,
    language: str,
    conversation_id: str | None = None,
    now: datetime | None = None,
) -> Person:
    """The contact ``value`` was just proven with a code: the person who owns it (made now
    if nobody does). Only the case of the conversation the code was typed in becomes the
    person's: a case elsewhere that merely names the contact (a callback request anyone
    could make with someone else's number) is never joined to them."""
    now = now or utcnow()
    person = person_with(session, value)
    if person is None:
        person = Person(language="fi" if language == "fi" else "sv", created_at=now)
        session.add(person)
        session.flush()
        try:
            with session.begin_nested():  # another conversation proving it at this moment
                session.add(
                    PersonContact(
                        person_id=person.id, kind=contact_kind(value), value=value, verified_at=now
                    )
                )
        except IntegrityError:
            session.delete(person)
            session.flush()
            person = person_with(session, value)
            assert person is not None
    else:
        session.execute(
            PersonContact.__table__.update()
            .where(PersonContact.value == value)
            .values(verified_at=now)
        )
    person.updated_at = now
    if conversation_id:
        case = session.execute(
            select(Case).where(Case.conversation_id == conversation_id)
        ).scalar_one_or_none()
        if case is not None and case.person_id is None:
            case.person_id = person.id
    return person


def newest_case(session: Session, person_id: int) -> Case | None:
    """The person's case touched last (its paused mapping, its meetings)."""
    return (
        session.execute(
            select(Case).where(Case.person_id == person_id).order_by(Case.updated_at.desc())
        )
        .scalars()
        .first()
    )


def verified_by_conversation(session: Session, conversation_id: str, value: str) -> bool:
    """The conversation's case belongs to a person who verified ``value`` (a booking
    with that contact needs no new code)."""
    return (
        session.execute(
            select(PersonContact.id)
            .join(Case, Case.person_id == PersonContact.person_id)
            .where(Case.conversation_id == conversation_id, PersonContact.value == value)
        ).first()
        is not None
    )
