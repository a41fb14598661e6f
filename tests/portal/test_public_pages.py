"""Public pages of the web app: status, health, privacy notices, headers."""

from __future__ import annotations

from typing import Any

import pytest
from aiohttp.test_utils import TestClient

from bot.config import load_settings
from bot.portal.app import create_app


@pytest.fixture
async def client(
    aiohttp_client: Any, sqlite_url: str, monkeypatch: pytest.MonkeyPatch
) -> TestClient:
    monkeypatch.setenv("DATABASE_URL", sqlite_url)
    return await aiohttp_client(create_app(load_settings()))


async def test_health(client: TestClient) -> None:
    response = await client.get("/health")
    assert response.status == 200
    assert await response.json() == {"status": "ok"}


async def test_status_page_says_what_runs(client: TestClient) -> None:
    response = await client.get("/")
    assert response.status == 200
    body = await response.text()
    assert "Rasa" in body and "Action server" in body and "not reachable" in body
    settings = load_settings()
    # Issue 15: the public page showed the internal addresses of Rasa and the action server.
    for internal in (settings.rasa_url, settings.action_server_url, "127.0.0.1", "localhost:"):
        assert internal not in body
    for port in (settings.rasa_port, settings.actions_port):
        assert f":{port}" not in body
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert "default-src 'self'" in response.headers["Content-Security-Policy"]


@pytest.mark.parametrize(
    ("path", "lang", "phrase"),
    [("/sv/dataskydd", "sv", "personbeteckning"), ("/fi/tietosuoja", "fi", "henkilötunnus")],
)
async def test_privacy_notice(client: TestClient, path: str, lang: str, phrase: str) -> None:
    response = await client.get(path)
    assert response.status == 200
    body = await response.text()
    assert f'<html lang="{lang}">' in body
    assert phrase in body


async def test_unknown_page_is_404(client: TestClient) -> None:
    assert (await client.get("/nope")).status == 404


async def test_meeting_calendar_file(client: TestClient, sqlite_url: str) -> None:
    import uuid
    from datetime import datetime, time, timezone

    from bot.cases import booking
    from bot.cases.booking import ContactDetails
    from bot.cases.db import session_scope
    from bot.cases.models import Coach, CoachHours
    from bot.rules.slots import Slot

    with session_scope(sqlite_url) as session:
        coach = Coach(
            name="Anna Lindqvist",
            languages=["sv"],
            groups=[],
            office="Kontor",
            address="Lundagatan 5, Borgå",
            municipality="638",
            channels=["visit"],
            active=True,
            sample=True,
        )
        session.add(coach)
        session.flush()
        session.add(CoachHours(coach_id=coach.id, weekday=0, start_time=time(9), end_time=time(12)))
        coach_id = coach.id
    start = datetime(2026, 11, 30, 7, 0, tzinfo=timezone.utc)
    meeting = booking.book(
        Slot(start, coach_id),
        "visit",
        "sv",
        ContactDetails(name="Maria", consent=True),
        conversation_id=f"ics-{uuid.uuid4()}",
        now=datetime(2026, 11, 25, tzinfo=timezone.utc),
        url=sqlite_url,
    )
    response = await client.get(f"/ics/{meeting.token}.ics")
    assert response.status == 200
    assert response.headers["Content-Type"].startswith("text/calendar")
    body = await response.text()
    assert "DTSTART:20261130T070000Z" in body and "LOCATION:Lundagatan 5\\, Borgå" in body
    assert "Möte med egencoach Anna Lindqvist" in body
    assert "METHOD:PUBLISH" in body and "STATUS:CONFIRMED" in body and "BEGIN:VALARM" in body
    assert response.headers["Content-Disposition"].startswith("inline;")  # phones offer to add
    assert (await client.get("/ics/" + "x" * 43 + ".ics")).status == 404
    booking.cancel(meeting.reference, url=sqlite_url)
    # the same link now removes the entry: CANCEL for the same UID
    cancelled = await (await client.get(f"/ics/{meeting.token}.ics")).text()
    assert "METHOD:CANCEL" in cancelled and "STATUS:CANCELLED" in cancelled
    assert f"UID:{meeting.reference}@jobbcoach" in cancelled and "VALARM" not in cancelled


async def test_no_server_software_named_and_no_caching_of_personal_pages(
    client: TestClient,
) -> None:
    # the probe read "Server: Python/3.10 aiohttp/3.9.5"; case pages had no Cache-Control
    public = await client.get("/sv/dataskydd")
    assert public.headers["Server"] == "jobbcoach"
    assert "Cache-Control" not in public.headers
    login = await client.get("/portal/", allow_redirects=False)  # a raised redirect too
    assert login.status == 302 and login.headers["Server"] == "jobbcoach"
    assert login.headers["Cache-Control"] == "no-store"
    chat = await client.post("/api/chat/session", json={"lang": "sv"})
    assert chat.headers["Cache-Control"] == "no-store"
