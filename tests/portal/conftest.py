"""A portal with demo coaches, a catalog, accounts and meetings, on a project copy."""

from __future__ import annotations

import shutil
import sqlite3
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
from aiohttp.test_utils import TestClient

from bot.cases import booking, mappings, users
from bot.cases.booking import ContactDetails
from bot.cases.mappings import ConfirmedSummary
from bot.cases.migrate import upgrade
from bot.config import load_settings
from bot.demo import load_demo_data
from bot.portal.app import create_app
from bot.rules.slots import Slot, SlotRequest
from bot.scheduling import offer_slots

ROOT = Path(__file__).resolve().parents[2]
PASSWORD = "correct horse battery"


@dataclass
class World:
    url: str
    root: Path
    coach_a: int
    coach_b: int
    case_a: str
    case_b: str
    meeting_a: int
    meeting_b: int
    callback: int


def _summary(own_words: str) -> ConfirmedSummary:
    return ConfirmedSummary(
        data={
            "municipality": "638",
            "desired_fields": ["09"],
            "service_language": "sv",
            "age_group": "under_25",
            "native_language": "sv",
        },
        own_words={"occupation": own_words},
        eligibility="eligible",
        eligibility_reasons=["under_30"],
        service_path="youth",
        path_reasons=["young"],
        customer_groups=["youth"],
        needs=["job_search_support"],
        text_sv="Kartläggning\n• Hemkommun: Borgå",
        text_fi="Alkukartoitus\n• Kotikunta: Porvoo",
    )


@pytest.fixture(scope="session")
def portal_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A migrated database with the demo data and the three accounts, built once: each
    test gets its own copy (the demo data take seconds to load)."""
    path = tmp_path_factory.mktemp("portal-template") / "portal.db"
    url = f"sqlite:///{path}"
    upgrade(url)
    load_demo_data(url)
    coaches = booking.coaches(url)
    a = next(c for c in coaches if c.name == "Anna Lindqvist")
    b = next(c for c in coaches if c.name == "Johanna Virtanen")
    users.create_user("coach_a", PASSWORD, "coach", a.name, a.id, "sv", url)
    users.create_user("coach_b", PASSWORD, "coach", b.name, b.id, "fi", url)
    users.create_user("staff1", PASSWORD, "staff", "Staff", None, "sv", url)
    return path


def _copy_database(source: Path, target: Path) -> None:
    """A consistent copy of a SQLite database (the backup API, not a file copy)."""
    with sqlite3.connect(source) as src, sqlite3.connect(target) as dst:
        src.backup(dst)


@pytest.fixture
def world(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, portal_template: Path) -> World:
    _copy_database(portal_template, tmp_path / "portal.db")
    url = f"sqlite:///{tmp_path / 'portal.db'}"
    root = tmp_path / "project"
    root.mkdir()
    shutil.copytree(ROOT / "data", root / "data")
    for name in ("domain.yml", "config.yml", "credentials.yml", "endpoints.yml"):
        shutil.copy(ROOT / name, root / name)
    monkeypatch.setenv("DATABASE_URL", url)
    monkeypatch.setenv("TRACKER_DB_URL", f"sqlite:///{tmp_path / 'tracker.db'}")
    coaches = booking.coaches(url)
    a = next(c for c in coaches if c.name == "Anna Lindqvist")
    b = next(c for c in coaches if c.name == "Johanna Virtanen")
    now = datetime.now(timezone.utc)
    ids = []
    for coach, language, words in (
        (a, "sv", "<script>alert('x')</script> kassa"),
        (b, "fi", "<img src=x onerror=alert(1)> kokki"),
    ):
        conversation = f"portal-{uuid.uuid4()}"
        mappings.confirm_summary(conversation, language, _summary(words), url)
        slots, _ = offer_slots(SlotRequest(language), now, url=url)
        slot = next(s for s in slots if s.coach_id == coach.id)
        meeting = booking.book(
            Slot(slot.start, coach.id),
            "visit",
            language,
            ContactDetails(name="Maria", phone="+358401234567", consent=True),
            conversation_id=conversation,
            now=now,
            url=url,
        )
        summary = mappings.latest_summary(conversation, url)
        assert summary is not None
        ids.append((summary.case_public_id, meeting.id))
    # asked for in a chat (every callback request is): its case waits in the Borgå team's
    # queue, the default team for a person whose home is not known
    callback = booking.request_callback(
        "fi",
        ContactDetails(name="Ali", phone="+358401112223", consent=True),
        conversation_id=f"portal-{uuid.uuid4()}",
        url=url,
    )
    return World(url, root, a.id, b.id, ids[0][0], ids[1][0], ids[0][1], ids[1][1], callback.id)


@pytest.fixture
async def client(aiohttp_client: Any, world: World) -> TestClient:
    return await aiohttp_client(create_app(load_settings(), root=world.root))


async def login(client: TestClient, username: str, password: str = PASSWORD) -> str:
    """Log in; return the CSRF token of the new session."""
    response = await client.post(
        "/portal/login",
        data={"username": username, "password": password, "next": "/portal/"},
        allow_redirects=False,
    )
    assert response.status == 302, await response.text()
    page = await client.get("/portal/")
    html = await page.text()
    marker = 'name="csrf_token" value="'
    return html.split(marker, 1)[1].split('"', 1)[0]


def week_ahead() -> timedelta:
    return timedelta(days=7)
