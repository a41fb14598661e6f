"""The action server runs each action off its event loop: an action blocked on the database
does not stall the others."""

from __future__ import annotations

import asyncio
import threading
from typing import Any

from rasa_sdk import Action
from rasa_sdk.executor import CollectingDispatcher

from bot.action_server import OffLoopExecutor

RELEASE = threading.Event()


class BlockingAction(Action):
    """Blocks its thread (as a synchronous database call on a locked SQLite would)."""

    def name(self) -> str:
        return "action_blocking"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Any, domain: Any) -> list[Any]:
        released = RELEASE.wait(timeout=10)
        dispatcher.utter_message(text="released" if released else "timed out")
        return []


def _call(sender: str) -> dict[str, Any]:
    tracker = {
        "sender_id": sender,
        "slots": {},
        "latest_message": {},
        "events": [],
        "paused": False,
        "followup_action": None,
        "active_loop": {},
        "latest_action_name": None,
    }
    return {"next_action": "action_blocking", "tracker": tracker, "domain": {}}


async def test_a_blocked_action_does_not_stall_the_event_loop() -> None:
    RELEASE.clear()
    executor = OffLoopExecutor()
    executor.register_action(BlockingAction)
    running = asyncio.create_task(executor.run(_call("a")))
    await asyncio.sleep(0.05)
    # the loop is free while the action blocks: it can release it. An action run on the
    # loop itself would hold it, and only time out after 10 s.
    RELEASE.set()
    result = await asyncio.wait_for(running, 15)
    assert result is not None
    assert [r["text"] for r in result["responses"]] == ["released"]
