"""One-time codes to identify a person on a later visit, on SQLite and PostgreSQL: the
same answer for known and unknown numbers, a code only to a known one, five tries, ten
minutes, limits per destination and per conversation."""

from __future__ import annotations

import uuid
from datetime import datetime, time, timedelta, timezone

from sqlalchemy import select

from bot.cases import booking, verification
from bot.cases.booking import ContactDetails
from bot.cases.db import session_scope
from bot.cases.models import PersonMessage
from bot.rules.contact import Contact
from bot.rules.slots import HELSINKI, Slot
from tests.booking.test_booking_repository import make_coach
from tests.outbox import code_sent_to


def _next_monday_9() -> datetime:
    today = datetime.now(HELSINKI).date()
    monday = today + timedelta(days=7 - today.weekday())
    return datetime.combine(monday, time(9), HELSINKI).astimezone(timezone.utc)


def _booked(url: str) -> tuple[booking.MeetingRecord, str]:
    number = f"+35840{uuid.uuid4().int % 10**7:07d}"
    contact = ContactDetails(name="Ali", phone=number, consent=True)
    meeting = booking.book(Slot(_next_monday_9(), make_coach(url)), "phone", "fi", contact, url=url)
    return meeting, number


def _sent_code(url: str, number: str) -> str | None:
    return code_sent_to(number, url)


def test_a_known_number_gets_a_code_that_identifies(db_url: str) -> None:
    meeting, number = _booked(db_url)
    conversation = f"later-{uuid.uuid4().hex}"
    assert verification.request_code(conversation, Contact("phone", number), url=db_url) == "sent"
    code = _sent_code(db_url, number)
    assert code is not None
    wrong = "000000" if code != "000000" else "111111"
    first = verification.check_code(conversation, wrong, url=db_url)
    assert (first.result, first.tries_left) == ("wrong", 4)
    right = verification.check_code(conversation, code, url=db_url)
    assert right.result == "ok" and meeting.reference in right.references
    # used once: the same code again finds nothing to check
    assert verification.check_code(conversation, code, url=db_url).result == "expired"
    # another conversation cannot use it
    assert verification.check_code("someone-else", code, url=db_url).result == "expired"


def test_an_unknown_number_gets_the_same_answer_and_no_code(db_url: str) -> None:
    number = f"+35850{uuid.uuid4().int % 10**7:07d}"
    conversation = f"later-{uuid.uuid4().hex}"
    assert verification.request_code(conversation, Contact("phone", number), url=db_url) == "sent"
    assert _sent_code(db_url, number) is None
    results = [verification.check_code(conversation, "123456", url=db_url).result for _ in range(5)]
    assert results == ["wrong", "wrong", "wrong", "wrong", "locked"]


def test_five_wrong_tries_lock_the_code(db_url: str) -> None:
    _, number = _booked(db_url)
    conversation = f"later-{uuid.uuid4().hex}"
    verification.request_code(conversation, Contact("phone", number), url=db_url)
    code = _sent_code(db_url, number)
    assert code is not None
    wrong = "000000" if code != "000000" else "111111"
    for left in (4, 3, 2, 1):
        assert verification.check_code(conversation, wrong, url=db_url).tries_left == left
    assert verification.check_code(conversation, wrong, url=db_url).result == "locked"
    assert verification.check_code(conversation, code, url=db_url).result == "locked"


def test_a_code_expires_after_ten_minutes(db_url: str) -> None:
    _, number = _booked(db_url)
    conversation = f"later-{uuid.uuid4().hex}"
    now = datetime.now(timezone.utc)
    verification.request_code(conversation, Contact("phone", number), now, url=db_url)
    code = _sent_code(db_url, number)
    assert code is not None
    later = now + timedelta(minutes=11)
    assert verification.check_code(conversation, code, later, url=db_url).result == "expired"


def test_limits_per_conversation_and_per_destination(db_url: str) -> None:
    _, number = _booked(db_url)
    conversation = f"later-{uuid.uuid4().hex}"
    answers = [
        verification.request_code(conversation, Contact("phone", number), url=db_url)
        for _ in range(6)
    ]
    assert answers == ["sent"] * 5 + ["wait"]
    # the number got only its hour's share, whatever was asked
    with session_scope(db_url) as session:
        codes = session.execute(
            select(PersonMessage).where(
                PersonMessage.recipient == number, PersonMessage.kind == "code"
            )
        ).scalars()
        assert len(list(codes)) == verification.PER_DESTINATION_PER_HOUR
    # from other conversations too: the same answer, no more codes
    other = f"later-{uuid.uuid4().hex}"
    assert verification.request_code(other, Contact("phone", number), url=db_url) == "sent"
    with session_scope(db_url) as session:
        codes = session.execute(
            select(PersonMessage).where(
                PersonMessage.recipient == number, PersonMessage.kind == "code"
            )
        ).scalars()
        assert len(list(codes)) == verification.PER_DESTINATION_PER_HOUR


def test_the_case_goes_on_in_the_new_conversation_and_erasure_still_reaches_the_old(
    db_url: str,
) -> None:
    from bot.cases import mappings, privacy, repository
    from bot.cases.models import Case

    old = f"first-{uuid.uuid4().hex}"
    number = f"+35840{uuid.uuid4().int % 10**7:07d}"
    contact = ContactDetails(name="Ali", phone=number, consent=True)
    meeting = booking.book(
        Slot(_next_monday_9(), make_coach(db_url)), "phone", "fi", contact, old, url=db_url
    )
    mappings.save_draft(old, "fi", {"consent": True, "age_group": "30_54"}, url=db_url)
    new = f"later-{uuid.uuid4().hex}"
    assert repository.take_over_case(new, [meeting.reference], url=db_url)
    assert mappings.load_draft(new, url=db_url) == {"consent": True, "age_group": "30_54"}
    assert [m.reference for m in booking.meetings_of_conversation(new, url=db_url)] == [
        meeting.reference
    ]
    # a conversation with a case of its own keeps it: nothing is merged
    assert not repository.take_over_case(new, [meeting.reference], url=db_url)
    # the person found from the old conversation: the case and both conversations
    person = privacy.find_person(conversation_id=old, url=db_url)
    assert {old, new} <= person.conversation_ids and person.case_ids
    with session_scope(db_url) as session:
        assert session.execute(select(Case).where(Case.conversation_id == old)).first() is None


def test_a_verified_contact_makes_one_person_whose_cases_follow_them(db_url: str) -> None:
    """Confirming a booking with its code makes the person record; a later visit proving the
    same number gets the person's newest case (its paused mapping) by the code alone, and
    erasure by that number takes the person record and its verified contacts too."""
    from bot.cases import booking_hold, mappings, people, privacy, repository
    from bot.cases.models import Case, PersonContact
    from bot.cases.models import Person as PersonRecord

    first = f"first-{uuid.uuid4().hex}"
    number = f"+35840{uuid.uuid4().int % 10**7:07d}"
    contact = ContactDetails(name="Ali", phone=number, consent=True)
    held = booking.book(
        Slot(_next_monday_9(), make_coach(db_url)),
        "phone",
        "fi",
        contact,
        first,
        url=db_url,
        confirm_with_code=True,
    )
    assert held.held
    with session_scope(db_url) as session:
        assert people.person_with(session, number) is None  # nothing verified yet
    code = _sent_code(db_url, number)
    assert code is not None
    assert booking_hold.confirm(first, held.reference, code, url=db_url).result == "ok"
    mappings.save_draft(first, "fi", {"consent": True, "age_group": "30_54"}, url=db_url)
    with session_scope(db_url) as session:
        owner = people.person_with(session, number)
        assert owner is not None
        case = session.execute(select(Case).where(Case.conversation_id == first)).scalar_one()
        assert case.person_id == owner.id
        assert people.verified_by_conversation(session, first, number)
        case_id = case.id

    later = f"later-{uuid.uuid4().hex}"
    assert verification.request_code(later, Contact("phone", number), url=db_url) == "sent"
    check = verification.check_code(later, _sent_code(db_url, number) or "", url=db_url)
    assert check.result == "ok" and check.case_id == case_id
    assert repository.take_over_case(later, [], url=db_url, case_id=check.case_id)
    assert mappings.load_draft(later, url=db_url) == {"consent": True, "age_group": "30_54"}

    found = privacy.find_person(phone=number, url=db_url)
    assert case_id in found.case_ids and {first, later} <= found.conversation_ids
    exported = privacy.export_person(found, url=db_url)
    assert [c["value"] for c in exported["verified_contacts"]] == [number]
    privacy.erase_person(found, url=db_url)
    with session_scope(db_url) as session:
        assert session.get(PersonRecord, owner.id) is None
        assert (
            session.execute(select(PersonContact).where(PersonContact.value == number)).first()
            is None
        )


def test_codes_are_limited_per_address_across_conversations(db_url: str) -> None:
    """Many conversations from one address (its keyed hash) cannot ask for codes without
    end: after the address's hour's share, every conversation from it is told to wait."""
    address = uuid.uuid4().hex[:16]
    answers = [
        verification.request_code(
            f"spray-{uuid.uuid4().hex}",
            Contact("phone", f"+35850{uuid.uuid4().int % 10**7:07d}"),
            url=db_url,
            address=address,
        )
        for _ in range(verification.PER_ADDRESS_PER_HOUR + 1)
    ]
    assert answers == ["sent"] * verification.PER_ADDRESS_PER_HOUR + ["wait"]
    elsewhere = verification.request_code(
        f"other-{uuid.uuid4().hex}", Contact("phone", "+358501112233"), url=db_url
    )
    assert elsewhere == "sent"


def test_a_case_that_only_names_a_contact_never_joins_its_person(db_url: str) -> None:
    """Someone asks for a callback with another person's number; when the owner of the
    number later proves it, that case stays apart: erasing it erases nothing of theirs."""
    from bot.cases import booking_hold, privacy
    from bot.cases.models import Case

    number = f"+35840{uuid.uuid4().int % 10**7:07d}"
    stranger = f"stranger-{uuid.uuid4().hex}"
    booking.request_callback(
        "sv", ContactDetails(name="X", phone=number, consent=True), stranger, url=db_url
    )
    owner = f"owner-{uuid.uuid4().hex}"
    held = booking.book(
        Slot(_next_monday_9(), make_coach(db_url)),
        "phone",
        "sv",
        ContactDetails(name="Ali", phone=number, consent=True),
        owner,
        url=db_url,
        confirm_with_code=True,
    )
    code = _sent_code(db_url, number) or ""
    assert booking_hold.confirm(owner, held.reference, code, url=db_url).result == "ok"
    with session_scope(db_url) as session:
        cases = {
            c.conversation_id: c.person_id
            for c in session.execute(
                select(Case).where(Case.conversation_id.in_([stranger, owner]))
            ).scalars()
        }
    assert cases[owner] is not None and cases[stranger] is None
    found = privacy.find_person(conversation_id=stranger, url=db_url)
    assert owner not in found.conversation_ids and not found.person_ids
