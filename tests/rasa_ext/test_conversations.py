"""Erasure and retention of stored conversations, on the real tracker store (SQLite and
PostgreSQL) and Rasa's in-memory lock store."""

from __future__ import annotations

import asyncio
import time
import uuid
from datetime import datetime, timedelta, timezone
from types import SimpleNamespace
from typing import Any

import pytest
from rasa.core.lock_store import InMemoryLockStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, BotUttered, SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from bot.rasa_ext import conversations
from bot.rasa_ext.conversations import OUTCOMES, TurnOutcomes
from bot.rasa_ext.tracker_store import StrictSQLTrackerStore

DOMAIN = Domain.from_yaml(
    """
version: "3.1"
slots:
  language: {type: categorical, values: [sv, fi], influence_conversation: false,
             mappings: [{type: custom}]}
  erase_requested: {type: bool, influence_conversation: false, mappings: [{type: custom}]}
"""
)


@pytest.fixture
def store(db_url: str) -> StrictSQLTrackerStore:
    return StrictSQLTrackerStore(domain=DOMAIN, host=db_url)


def _rows(store: StrictSQLTrackerStore, sender: str) -> list[str]:
    with store.session_scope() as session:
        query = session.query(store.SQLEvent.data).filter(store.SQLEvent.sender_id == sender)
        return [str(row[0]) for row in query]


def _conversation(sender: str, *texts: str, at: float | None = None) -> DialogueStateTracker:
    tracker = DialogueStateTracker(sender, DOMAIN.slots)
    tracker.update(SlotSet("language", "sv", timestamp=at))
    for text in texts:
        tracker.update(UserUttered(text, timestamp=at))
        tracker.update(BotUttered("Tack!", timestamp=at))
    return tracker


async def test_a_turn_that_erases_leaves_no_event_and_no_user_text(
    store: StrictSQLTrackerStore,
) -> None:
    sender, other = f"p-{uuid.uuid4().hex}", f"q-{uuid.uuid4().hex}"
    tracker = _conversation(sender, "1985", "Borgå")
    await store.save(tracker)
    await store.save(_conversation(other, "hej"))
    assert any("1985" in row for row in _rows(store, sender))
    assert OUTCOMES.take(sender) == conversations.TurnOutcome("sv", erased=False)
    # the erasure turn: the action resets the slots and asks for the erasure
    tracker.update(UserUttered("ja"))
    tracker.update(ActionExecuted("action_erase_conversation"))
    tracker.update(SlotSet("erase_requested", True))
    tracker.update(BotUttered("Klart. Jag har raderat dina svar och det här samtalet."))
    await store.save(tracker)
    assert _rows(store, sender) == []
    assert await store.retrieve(sender) is None
    assert len(_rows(store, other)) > 0  # nobody else's conversation
    assert OUTCOMES.take(sender) == conversations.TurnOutcome("sv", erased=True)
    assert OUTCOMES.take(sender) is None  # taken once


async def test_erase_waits_for_the_running_turn(store: StrictSQLTrackerStore) -> None:
    sender = f"p-{uuid.uuid4().hex}"
    await store.save(_conversation(sender, "1985"))
    agent = SimpleNamespace(tracker_store=store, lock_store=InMemoryLockStore())
    async with agent.lock_store.lock(sender):  # a turn of this conversation is running
        erasing = asyncio.create_task(conversations.erase(agent, sender))
        await asyncio.sleep(0.3)
        assert not erasing.done()
        assert _rows(store, sender)  # nothing deleted under the running turn
    assert await asyncio.wait_for(erasing, 10) > 0
    assert _rows(store, sender) == []


async def test_purge_erases_the_named_and_the_idle(store: StrictSQLTrackerStore) -> None:
    old = time.time() - 200 * 86400
    named, idle, fresh = (f"{n}-{uuid.uuid4().hex}" for n in ("named", "idle", "fresh"))
    await store.save(_conversation(named, "hej"))
    await store.save(_conversation(idle, "hej", at=old))
    await store.save(_conversation(fresh, "hej"))
    agent = SimpleNamespace(tracker_store=store, lock_store=InMemoryLockStore())
    cutoff = datetime.now(timezone.utc) - timedelta(days=180)
    count, rows = await conversations.purge(agent, [named], cutoff)
    assert count >= 2 and rows >= 6  # other tests' old conversations may go too
    assert _rows(store, named) == [] and _rows(store, idle) == []
    assert _rows(store, fresh)


def test_outcomes_are_bounded() -> None:
    outcomes = TurnOutcomes(limit=3)
    for i in range(5):
        outcomes.record(f"s{i}", conversations.TurnOutcome("fi"))
    assert outcomes.take("s0") is None and outcomes.take("s1") is None
    assert outcomes.take("s4") == conversations.TurnOutcome("fi")


@pytest.mark.parametrize(
    ("header", "ok"),
    [("Bearer sekret", True), ("Bearer other", False), ("sekret", False), ("", False)],
)
def test_routes_need_the_token_in_a_header(
    header: str, ok: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("RASA_TOKEN", "sekret")
    request: Any = SimpleNamespace(headers={"Authorization": header} if header else {})
    assert conversations.authorised(request) is ok


def test_no_token_configured_refuses_everyone(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("RASA_TOKEN", raising=False)
    request: Any = SimpleNamespace(headers={"Authorization": "Bearer "})
    assert conversations.authorised(request) is False
