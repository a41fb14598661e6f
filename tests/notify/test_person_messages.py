"""Messages that reach the person (issue 17, part 3), against a real local SMTP server
(aiosmtpd) and a local HTTP server playing the SMS gateway, on SQLite and PostgreSQL:
written with the booking, in the person's language, the calendar entry following the
meeting (one UID, SEQUENCE up on a move, METHOD:CANCEL), the reminder at its time, each
message once with SMTP down and back, and with two senders at once."""

from __future__ import annotations

import asyncio
import re
import threading
import uuid
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, time, timedelta, timezone
from typing import Any

import icalendar
import pytest
from aiohttp import web
from sqlalchemy import select, update

from bot.cases import booking, person_messages
from bot.cases.booking import ContactDetails
from bot.cases.db import session_scope
from bot.cases.models import PersonMessage
from bot.notify import mail, person_outbox, sms
from bot.rules import meeting_messages
from bot.rules.slots import HELSINKI, Slot
from tests.booking.test_booking_repository import make_coach
from tests.e2e.servers import free_port
from tests.notify.test_outbox import Inbox
from tests.notify.test_outbox import smtp as smtp  # the fixture: a real SMTP server


class Gateway:
    """A local HTTP server playing the SMS gateway: what it was given, and its answer."""

    def __init__(self) -> None:
        self.received: list[dict[str, Any]] = []
        self.status = 200
        self.port = free_port()
        self._loop = asyncio.new_event_loop()
        self._ready = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    async def _handle(self, request: web.Request) -> web.Response:
        if request.headers.get("Authorization") != "Bearer gateway-token":
            return web.Response(status=401)
        if self.status == 200:
            self.received.append(await request.json())
        return web.Response(status=self.status)

    def _run(self) -> None:
        asyncio.set_event_loop(self._loop)
        app = web.Application()
        app.router.add_post("/send", self._handle)
        runner = web.AppRunner(app)
        self._loop.run_until_complete(runner.setup())
        self._loop.run_until_complete(web.TCPSite(runner, "127.0.0.1", self.port).start())
        self._ready.set()
        self._loop.run_forever()

    def start(self) -> sms.SmsSettings:
        self._thread.start()
        self._ready.wait(10)
        return sms.SmsSettings(
            url=f"http://127.0.0.1:{self.port}/send", token="gateway-token", sender="Borga"
        )

    def stop(self) -> None:
        self._loop.call_soon_threadsafe(self._loop.stop)


@pytest.fixture
def gateway() -> Iterator[tuple[Gateway, sms.SmsSettings]]:
    server = Gateway()
    settings = server.start()
    yield server, settings
    server.stop()


def _next_week(day: int = 0) -> datetime:
    """9.00 on a weekday of next week (the coaches of make_coach work 9-12)."""
    today = datetime.now(HELSINKI).date()
    monday = today + timedelta(days=7 - today.weekday())
    local = datetime.combine(monday + timedelta(days=day), time(9), HELSINKI)
    return local.astimezone(timezone.utc)  # as the slots are (the database keeps UTC)


def _book(
    url: str, language: str = "sv", consent: bool = True, now: datetime | None = None
) -> booking.MeetingRecord:
    coach = make_coach(url)
    email = f"{uuid.uuid4().hex[:8]}@person.example"
    phone = f"+35840{uuid.uuid4().int % 10**7:07d}"  # one per booking: a day's cap per number
    contact = ContactDetails(name="Maria", phone=phone, email=email, consent=consent)
    return booking.book(Slot(_next_week(), coach), "visit", language, contact, now=now, url=url)


def _messages(url: str, meeting_id: int) -> list[PersonMessage]:
    with session_scope(url) as session:
        rows = session.execute(
            select(PersonMessage)
            .where(PersonMessage.meeting_id == meeting_id)
            .order_by(PersonMessage.id)
        ).scalars()
        return list(rows)


def _only_due(url: str, meeting_id: int) -> None:
    """Messages of other tests in the module's database wait (each test sends its own)."""
    with session_scope(url) as session:
        session.execute(
            update(PersonMessage)
            .where(PersonMessage.meeting_id != meeting_id, PersonMessage.sent_at.is_(None))
            .values(next_attempt_at=datetime(2100, 1, 1, tzinfo=timezone.utc))
        )


def _deliver(url: str, smtp_settings: Any, gateway: Any, now: datetime | None = None) -> int:
    sent = 0
    for _ in range(10):
        done = asyncio.run(person_outbox.deliver_due(smtp_settings, gateway, now, url))
        sent += done
        if not done:
            break
    return sent


def test_a_booking_writes_its_messages_with_it(db_url: str) -> None:
    meeting = _book(db_url)
    rows = _messages(db_url, meeting.id)
    assert sorted((r.kind, r.channel) for r in rows) == [
        ("booked", "email"),
        ("booked", "sms"),
        ("reminder", "email"),
        ("reminder", "sms"),
    ]
    reminder = next(r for r in rows if r.kind == "reminder")
    assert reminder.next_attempt_at.astimezone(timezone.utc) == (
        meeting.start_at - timedelta(hours=24)  # type: ignore[operator]
    ).astimezone(timezone.utc)
    booked = next(r for r in rows if r.kind == "booked" and r.channel == "email")
    assert "Bokningskod: " + meeting.reference in booked.body
    assert "Lundagatan 5, Borgå" in booked.body
    assert booked.calendar_method == "REQUEST"


def test_no_consent_no_messages_and_no_reminder_for_tomorrow_morning(db_url: str) -> None:
    assert _messages(db_url, _book(db_url, consent=False).id) == []
    # booked 20 hours before: the confirmation, no reminder
    rows = _messages(db_url, _book(db_url, now=_next_week() - timedelta(hours=20)).id)
    assert {r.kind for r in rows} == {"booked"}


def test_the_calendar_follows_the_meeting(db_url: str) -> None:
    meeting = _book(db_url, "fi")
    new_coach = make_coach(db_url)
    moved = booking.reschedule(meeting.reference, Slot(_next_week(1), new_coach), url=db_url)
    cancelled = booking.cancel(meeting.reference, url=db_url)
    assert moved.reference == meeting.reference and cancelled is not None
    rows = [r for r in _messages(db_url, meeting.id) if r.channel == "email"]
    assert [r.kind for r in rows] == ["booked", "moved", "cancelled"]  # no reminder left
    events = []
    for row in rows:
        calendar = icalendar.Calendar.from_ical(row.calendar)
        assert calendar["METHOD"] == row.calendar_method
        [event] = calendar.walk("VEVENT")
        events.append(event)
    assert len({str(e["UID"]) for e in events}) == 1  # one entry in the person's calendar
    assert [int(e["SEQUENCE"]) for e in events] == [0, 1, 1]
    assert [str(e["STATUS"]) for e in events] == ["CONFIRMED", "CONFIRMED", "CANCELLED"]
    assert rows[2].calendar_method == "CANCEL"
    assert events[1].decoded("DTSTART") == _next_week(1)  # the new time, same entry
    assert events[0].walk("VALARM") and not events[2].walk("VALARM")
    assert str(events[0]["URL"]).endswith(".ics")
    assert "Aikasi on siirretty" in rows[1].subject  # in the person's language


def test_delivery_by_email_and_sms(
    db_url: str,
    smtp: tuple[Inbox, mail.SmtpSettings],
    gateway: tuple[Gateway, sms.SmsSettings],
) -> None:
    inbox, smtp_settings = smtp
    server, sms_settings = gateway
    meeting = _book(db_url)
    _only_due(db_url, meeting.id)
    assert _deliver(db_url, smtp_settings, sms_settings) == 2
    [message] = inbox.messages
    assert message["To"] == meeting.contact_email
    assert message["Subject"].startswith("Din tid hos egencoachen")
    parts = {p.get_content_type(): p for p in message.walk()}
    ics = parts["text/calendar"]
    assert ics.get_param("method") == "REQUEST"
    calendar = icalendar.Calendar.from_ical(ics.get_payload(decode=True))
    assert calendar["METHOD"] == "REQUEST"
    assert meeting.reference in parts["text/plain"].get_content()
    [text] = server.received
    assert text["to"] == meeting.contact_phone and text["from"] == "Borga"
    assert meeting.reference in text["text"] and len(text["text"]) <= 320
    # the reminder: not yet a day and a half before, then the day before
    start = meeting.start_at
    assert start is not None
    assert _deliver(db_url, smtp_settings, sms_settings, now=start - timedelta(hours=36)) == 0
    assert _deliver(db_url, smtp_settings, sms_settings, now=start - timedelta(hours=23)) == 2
    assert inbox.messages[-1]["Subject"].startswith("Påminnelse")
    assert _deliver(db_url, smtp_settings, sms_settings, now=start - timedelta(hours=22)) == 0


def test_smtp_down_then_up_delivers_once(
    db_url: str, smtp: tuple[Inbox, mail.SmtpSettings], caplog: pytest.LogCaptureFixture
) -> None:
    inbox, smtp_settings = smtp
    meeting = _book(db_url)
    _only_due(db_url, meeting.id)
    down = mail.SmtpSettings(host="127.0.0.1", port=free_port(), security="none", timeout=2)
    with caplog.at_level("DEBUG"):
        assert _deliver(db_url, down, None) == 0
    assert "not sent" in caplog.text
    assert meeting.contact_email and meeting.contact_email not in caplog.text  # no address
    assert "Maria" not in caplog.text
    [row] = [
        r for r in _messages(db_url, meeting.id) if r.kind == "booked" and r.channel == "email"
    ]
    assert row.sent_at is None and row.attempts == 1 and row.last_error
    later = datetime.now(timezone.utc) + timedelta(minutes=5)
    assert _deliver(db_url, smtp_settings, None, now=later) == 1
    assert _deliver(db_url, smtp_settings, None, now=later + timedelta(minutes=5)) == 0
    assert len(inbox.messages) == 1


def test_a_gateway_refusal_is_not_retried(
    db_url: str, gateway: tuple[Gateway, sms.SmsSettings]
) -> None:
    server, sms_settings = gateway
    server.status = 400
    meeting = _book(db_url)
    _only_due(db_url, meeting.id)
    assert _deliver(db_url, None, sms_settings) == 0
    [row] = [r for r in _messages(db_url, meeting.id) if r.kind == "booked" and r.channel == "sms"]
    assert row.last_error and row.last_error.startswith("given up")
    assert "+358" not in row.last_error  # no contact detail in the stored error


def test_two_senders_at_once_send_each_message_once(
    db_url: str, smtp: tuple[Inbox, mail.SmtpSettings]
) -> None:
    inbox, smtp_settings = smtp
    meetings = [_book(db_url) for _ in range(6)]
    with session_scope(db_url) as session:
        session.execute(
            update(PersonMessage)
            .where(
                PersonMessage.meeting_id.not_in([m.id for m in meetings]),
                PersonMessage.sent_at.is_(None),
            )
            .values(next_attempt_at=datetime(2100, 1, 1, tzinfo=timezone.utc))
        )
    with ThreadPoolExecutor(2) as pool:
        sent = sum(pool.map(lambda _: _deliver(db_url, smtp_settings, None), range(2)))
    assert sent == 6 and len(inbox.messages) == 6
    assert len({m["To"] for m in inbox.messages}) == 6


def test_every_kind_in_both_languages() -> None:
    for kind in meeting_messages.KINDS:
        for language in ("sv", "fi"):
            text = meeting_messages.texts()[kind][language]
            assert text["subject"] and text["body"] and text["sms"]


def test_one_number_gets_at_most_a_days_share(db_url: str) -> None:
    # booking and cancelling over and over to flood someone's phone
    number = f"+35840{uuid.uuid4().int % 10**7:07d}"
    coach = make_coach(db_url)
    contact = ContactDetails(name="X", phone=number, consent=True)
    for day in range(5):  # without the cap: 10 messages
        meeting = booking.book(Slot(_next_week(day), coach), "phone", "sv", contact, url=db_url)
        booking.cancel(meeting.reference, url=db_url)
    with session_scope(db_url) as session:
        rows = session.execute(
            select(PersonMessage).where(PersonMessage.recipient == number)
        ).scalars()
        assert len(list(rows)) == person_messages.PER_DESTINATION_PER_DAY


def test_a_code_is_never_sent_late_and_its_text_goes_once_sent(
    db_url: str, smtp: tuple[Inbox, mail.SmtpSettings]
) -> None:
    from bot.cases import verification
    from bot.rules.contact import Contact

    inbox, smtp_settings = smtp
    meeting = _book(db_url)
    assert meeting.contact_email
    _only_due(db_url, meeting.id)
    with session_scope(db_url) as session:  # the booking's own messages are not the point
        session.execute(
            update(PersonMessage)
            .where(PersonMessage.meeting_id == meeting.id)
            .values(next_attempt_at=datetime(2100, 1, 1, tzinfo=timezone.utc))
        )
    contact = Contact("email", meeting.contact_email)
    verification.request_code(f"c-{uuid.uuid4().hex}", contact, url=db_url)
    # SMTP was down for 11 minutes: the code would arrive useless, so it is never sent
    late = datetime.now(timezone.utc) + timedelta(minutes=11)
    assert _deliver(db_url, smtp_settings, None, now=late) == 0
    verification.request_code(f"c-{uuid.uuid4().hex}", contact, url=db_url)
    assert _deliver(db_url, smtp_settings, None) == 1
    assert re.search(r"\b\d{6}\b", inbox.messages[-1].get_body().get_content())
    codes = [r for r in _messages(db_url, meeting.id) if r.kind == "code"]
    assert len(codes) == 2 and all(r.body == "" for r in codes)  # no code kept in clear
    assert any((r.last_error or "").startswith("given up: expired") for r in codes)
