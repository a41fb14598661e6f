"""E-mail to coaches through the outbox, against a real local SMTP server (aiosmtpd), on
SQLite and PostgreSQL (issue 16: coaches are told what is theirs, naming no one)."""

from __future__ import annotations

import asyncio
import dataclasses
import email
import email.policy
import time
import uuid
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from email.message import Message
from typing import Any

import aiosmtplib
import pytest
from aiosmtpd.controller import Controller
from sqlalchemy import select, update

from bot.cases import booking, mappings, work_queue
from bot.cases.booking import ContactDetails
from bot.cases.db import session_scope
from bot.cases.models import Coach, Notification, utcnow
from bot.notify import mail, outbox
from tests.booking.test_booking_repository import make_coach
from tests.cases.test_mappings import SUMMARY
from tests.e2e.servers import free_port


class Inbox:
    """What the SMTP server received."""

    def __init__(self) -> None:
        self.messages: list[Message] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.messages.append(
            email.message_from_bytes(envelope.content, policy=email.policy.default)
        )
        return "250 OK"


@pytest.fixture
def smtp() -> Iterator[tuple[Inbox, mail.SmtpSettings]]:
    inbox = Inbox()
    port = free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield (
            inbox,
            mail.SmtpSettings(
                host="127.0.0.1", port=port, security="none", sender="jobbcoach@stad.example"
            ),
        )
    finally:
        controller.stop()


def _coach_with_email(url: str) -> tuple[int, str]:
    coach = make_coach(url)
    address = f"{uuid.uuid4().hex[:8]}@coach.example"
    with session_scope(url) as session:
        row = session.get(Coach, coach)
        assert row is not None
        row.email = address
    return coach, address


def _pending(url: str, address: str) -> list[tuple[int, bool]]:
    with session_scope(url) as session:
        rows = session.execute(
            select(Notification).where(Notification.recipient == address)
        ).scalars()
        return [(r.attempts, r.sent_at is not None) for r in rows]


def _deliver(settings: mail.SmtpSettings, url: str) -> int:
    """Rounds of the sender until nothing is due (the module's database holds other tests'
    messages too, and a round takes a batch of them)."""
    sent = 0
    for _ in range(30):
        if not _due(url):
            break
        sent += asyncio.run(outbox.deliver_due(settings, "https://jobb.stad.example", url))
    return sent


def _due(url: str) -> bool:
    with session_scope(url) as session:
        return (
            session.execute(
                select(Notification.id).where(
                    Notification.sent_at.is_(None), Notification.next_attempt_at <= utcnow()
                )
            ).first()
            is not None
        )


def _make_due(url: str) -> None:
    with session_scope(url) as session:
        session.execute(
            update(Notification)
            .where(Notification.sent_at.is_(None))
            .values(next_attempt_at=utcnow() - timedelta(seconds=1))
        )


def test_an_assigned_case_reaches_the_coach_once_naming_no_one(
    db_url: str, smtp: tuple[Inbox, mail.SmtpSettings]
) -> None:
    inbox, settings = smtp
    coach, address = _coach_with_email(db_url)
    conversation = f"n-{uuid.uuid4()}"
    record = mappings.confirm_summary(conversation, "sv", SUMMARY, db_url)
    assert work_queue.assign(record.case_public_id, coach, db_url)
    _make_due(db_url)
    assert _deliver(settings, db_url) >= 1
    got = [m for m in inbox.messages if m["To"] == address]
    assert len(got) == 1
    message = got[0]
    assert message["Subject"] == "Jobbcoach: ett ärende har getts till dig"
    assert message.get_content_type() == "text/plain"
    body = message.get_content()  # type: ignore[attr-defined]
    assert f"https://jobb.stad.example/portal/cases/{record.case_public_id}" in body
    assert "kassa" not in body and "K-market" not in body  # nothing from the mapping
    assert _pending(db_url, address) == [(1, True)]
    _make_due(db_url)
    _deliver(settings, db_url)  # a second round sends nothing more to this coach
    assert len([m for m in inbox.messages if m["To"] == address]) == 1


def test_with_smtp_down_the_message_waits_and_goes_out_once_it_is_back(
    db_url: str, smtp: tuple[Inbox, mail.SmtpSettings]
) -> None:
    inbox, settings = smtp
    coach, address = _coach_with_email(db_url)
    record = mappings.confirm_summary(f"n-{uuid.uuid4()}", "fi", SUMMARY, db_url)
    assert work_queue.assign(record.case_public_id, coach, db_url)
    down = dataclasses.replace(settings, port=free_port(), timeout=2)
    _make_due(db_url)
    _deliver(down, db_url)
    assert _pending(db_url, address) == [(1, False)]
    _deliver(settings, db_url)  # SMTP is back, but the retry is not due yet
    assert address not in {m["To"] for m in inbox.messages}
    _make_due(db_url)  # the retry delay has passed
    _deliver(settings, db_url)
    assert [m["To"] for m in inbox.messages].count(address) == 1
    assert _pending(db_url, address) == [(2, True)]


def test_a_callback_request_tells_the_teams_coaches_in_its_language(db_url: str) -> None:
    _, sv_address = _coach_with_email(db_url)  # make_coach: Borgå, sv and fi
    lovisa, lovisa_address = _coach_with_email(db_url)
    finnish, finnish_address = _coach_with_email(db_url)
    with session_scope(db_url) as session:
        session.execute(update(Coach).where(Coach.id == lovisa).values(municipality="434"))
        session.execute(update(Coach).where(Coach.id == finnish).values(languages=["fi"]))
    conversation = f"n-{uuid.uuid4()}"
    mappings.confirm_summary(conversation, "sv", SUMMARY, db_url)  # home 638: Borgå team
    booking.request_callback(
        "sv",
        ContactDetails(name="Maria", phone="+358401234567", consent=True),
        conversation_id=conversation,
        url=db_url,
    )
    with session_scope(db_url) as session:
        kinds = session.execute(
            select(Notification.kind, Notification.link).where(Notification.recipient == sv_address)
        ).all()
    assert ("callback", "/portal/queue?kind=callback") in kinds
    assert _pending(db_url, lovisa_address) == [] and _pending(db_url, finnish_address) == []


def test_two_senders_never_take_the_same_message(db_url: str) -> None:
    coaches = [_coach_with_email(db_url) for _ in range(6)]
    for coach, _ in coaches:
        record = mappings.confirm_summary(f"n-{uuid.uuid4()}", "sv", SUMMARY, db_url)
        assert work_queue.assign(record.case_public_id, coach, db_url)
    _make_due(db_url)
    with ThreadPoolExecutor(2) as pool:
        first, second = pool.map(lambda _: outbox.lease(None, db_url), range(2))
    mine = {a for _, a in coaches}
    taken_first = {d.id for d in first if d.recipient in mine}
    taken_second = {d.id for d in second if d.recipient in mine}
    assert not taken_first & taken_second
    assert len(taken_first | taken_second) == 6


@pytest.mark.parametrize(
    ("attempts", "seconds"),
    [(1, 30), (2, 60), (3, 120), (7, 1920), (8, 3600), (20, 3600), (43, 3600), (10**6, 3600)],
)
def test_retry_delays(attempts: int, seconds: int) -> None:
    assert outbox.retry_delay(attempts) == timedelta(seconds=seconds)


def test_a_permanent_refusal_is_given_up_and_does_not_hold_up_the_rest(
    db_url: str, smtp: tuple[Inbox, mail.SmtpSettings]
) -> None:
    """A recipient the server refuses with 5xx is not tried for ever, and neither it nor a
    message of an unknown kind stops the messages behind it."""
    inbox, settings = smtp
    _, refused = _coach_with_email(db_url)
    _, fine = _coach_with_email(db_url)
    with session_scope(db_url) as session:
        session.add(Notification(recipient=refused, language="sv", kind="case_assigned", link="/p"))
        session.add(Notification(recipient=fine, language="fi", kind="no_such_kind", link="/p"))
        session.add(Notification(recipient=fine, language="fi", kind="callback", link="/p"))

    async def refuse_one(message: Any, smtp_settings: mail.SmtpSettings) -> None:
        if message["To"] == refused:
            raise aiosmtplib.SMTPRecipientRefused(550, "no such user", refused)
        await mail.send(message, smtp_settings)

    _make_due(db_url)
    for _ in range(30):  # other tests' messages may be in the first batches
        if not _due(db_url):
            break
        asyncio.run(outbox.deliver_due(settings, "https://x", db_url, send=refuse_one))
    assert [m["To"] for m in inbox.messages].count(fine) == 1
    with session_scope(db_url) as session:
        rows = (
            session.execute(select(Notification).where(Notification.recipient.in_([refused, fine])))
            .scalars()
            .all()
        )
        given_up = {
            (r.recipient, r.kind) for r in rows if (r.last_error or "").startswith("given up")
        }
        later = min(r.next_attempt_at for r in rows if r.last_error)
    assert given_up == {(refused, "case_assigned"), (fine, "no_such_kind")}
    assert later.replace(tzinfo=None) > (utcnow() + timedelta(days=365)).replace(tzinfo=None)


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        ({}, None),
        ({"SMTP_HOST": "smtp.stad.fi"}, ("smtp.stad.fi", 587, "starttls")),
        ({"SMTP_HOST": "smtp.stad.fi", "SMTP_SECURITY": "tls"}, ("smtp.stad.fi", 465, "tls")),
        ({"SMTP_HOST": "mx", "SMTP_PORT": "2525", "SMTP_SECURITY": "none"}, ("mx", 2525, "none")),
    ],
)
def test_smtp_settings(env: dict[str, str], expected: tuple[str, int, str] | None) -> None:
    settings = mail.SmtpSettings.from_env(env)
    assert (settings and (settings.host, settings.port, settings.security)) == expected


def test_every_kind_of_message_in_both_languages() -> None:
    for kind in mail.kinds():
        for language in ("sv", "fi"):
            message = mail.compose(kind, language, "https://x/portal/", "a@b.fi", "j@stad.fi")
            assert message["Subject"] and "https://x/portal/" in message.get_content()
    assert mail.kinds() == {"case_assigned", "callback", "live"}


async def test_the_web_app_sends_the_outbox_by_itself(
    aiohttp_client: Any,
    sqlite_url: str,
    smtp: tuple[Inbox, mail.SmtpSettings],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from bot.config import load_settings
    from bot.portal.app import create_app

    inbox, settings = smtp
    monkeypatch.setenv("DATABASE_URL", sqlite_url)
    monkeypatch.setenv("SMTP_HOST", "127.0.0.1")
    monkeypatch.setenv("SMTP_PORT", str(settings.port))
    monkeypatch.setenv("SMTP_SECURITY", "none")
    monkeypatch.setenv("OUTBOX_INTERVAL", "0.2")
    monkeypatch.setenv("RETENTION_IN_APP", "false")
    coach, address = await asyncio.to_thread(_coach_with_email, sqlite_url)
    record = await asyncio.to_thread(
        mappings.confirm_summary, f"n-{uuid.uuid4()}", "sv", SUMMARY, sqlite_url
    )
    await aiohttp_client(create_app(load_settings()))
    await asyncio.to_thread(work_queue.assign, record.case_public_id, coach, sqlite_url)
    deadline = time.monotonic() + 20
    while address not in {m["To"] for m in inbox.messages} and time.monotonic() < deadline:
        await asyncio.sleep(0.1)
    assert address in {m["To"] for m in inbox.messages}
