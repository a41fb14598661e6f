"""Actions with the case database down: the person hears that it is temporary, in their
language, and nothing crashes (the repositories raise StorageUnavailable)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from rasa_sdk.executor import CollectingDispatcher

from actions.meetings import ActionMeetingRequest
from actions.privacy import ActionEraseConversation
from bot.cases import db
from tests.actions.helpers import make_tracker
from tests.e2e.servers import free_port

ROOT = Path(__file__).resolve().parents[2]
DOMAIN: dict[str, Any] = yaml.safe_load((ROOT / "domain.yml").read_text(encoding="utf-8"))


@pytest.fixture
def database_down(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv(
        "DATABASE_URL",
        f"postgresql+psycopg2://postgres@127.0.0.1:{free_port()}/x?connect_timeout=2",
    )
    yield
    db.dispose_all()


@pytest.mark.parametrize(
    ("action", "response"),
    [
        (ActionEraseConversation(), "utter_erase_failed"),
        (ActionMeetingRequest(), "utter_booking_unavailable"),
    ],
)
async def test_actions_say_the_service_is_down(
    database_down: None, action: Any, response: str
) -> None:
    dispatcher = CollectingDispatcher()
    tracker = make_tracker(
        latest_message={"intent": {"name": "meeting_status"}, "entities": [], "text": "min tid?"}
    )
    events = await action.run(dispatcher, tracker, DOMAIN)
    assert [m["response"] for m in dispatcher.messages] == [response]
    assert events == []
