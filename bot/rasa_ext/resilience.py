"""What the Rasa server does when the action server cannot be reached or fails.

Rasa 3.6 logs the failure, drops the action's events and goes on, so the person gets no
answer, or an answer that pretends a form answer was accepted without validation. Here a
turn in which a custom action failed (connection refused, timeout, HTTP 5xx) is undone
instead: the slots and the active form go back to where they were before the person's
message (so a form still waits for the same answer and nothing unvalidated stays in a
slot), and the bot says
in the conversation's language that it cannot do that right now, with the service's phone
number (``utter_service_unavailable``). When the action server is back, the same message
continues the same conversation.

If the failing action is ``action_session_start``, Rasa's default session start runs in
its place so that the conversation can begin.

The two wrappers here replace methods of Rasa 3.6.21 (``RemoteAction.run``,
``MessageProcessor._run_action``), installed by :mod:`bot.rasa_ext.patches`; tests in
tests/rasa_ext and tests/e2e/test_faults.py pin the behaviour, so an upgrade that changes
them fails loudly.
"""

from __future__ import annotations

import asyncio
import contextvars
import functools
import logging
from typing import Any

import aiohttp
from rasa.core.actions.action import (
    ActionExecutionRejection,
    ActionSessionStart,
    RemoteAction,
    create_bot_utterance,
)
from rasa.core.processor import MessageProcessor
from rasa.shared.core.constants import ACTION_LISTEN_NAME
from rasa.shared.core.events import ActionExecuted, ActiveLoop, SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.shared.exceptions import RasaException

from bot.config import load_settings

log = logging.getLogger(__name__)

RESPONSE = "utter_service_unavailable"
_failures: contextvars.ContextVar[list[str] | None] = contextvars.ContextVar(
    "action_failures", default=None
)


def _is_action_server_fault(exc: BaseException) -> bool:
    if isinstance(exc, ActionExecutionRejection):
        return False  # a form validation said no: normal control flow
    return isinstance(exc, (RasaException, asyncio.TimeoutError, aiohttp.ClientError))


def wrap_remote_run(original_run: Any) -> Any:
    """``RemoteAction.run`` that notes an action server fault for the running turn."""

    @functools.wraps(original_run)
    async def run(self: RemoteAction, *args: Any, **kwargs: Any) -> Any:
        try:
            return await original_run(self, *args, **kwargs)
        except BaseException as exc:
            failures = _failures.get()
            if failures is not None and _is_action_server_fault(exc):
                failures.append(self.name())
            raise

    return run


def wrap_run_action(original_run_action: Any) -> Any:
    """``MessageProcessor._run_action`` that undoes the turn after an action server fault."""

    @functools.wraps(original_run_action)
    async def run_action(
        self: MessageProcessor,
        action: Any,
        tracker: Any,
        output_channel: Any,
        nlg: Any,
        prediction: Any,
    ) -> bool:
        failures: list[str] = []
        token = _failures.set(failures)
        try:
            result = await original_run_action(
                self, action, tracker, output_channel, nlg, prediction
            )
        finally:
            _failures.reset(token)
        if not failures:
            return bool(result)
        log.error("action server fault in %s; the turn is undone", ", ".join(failures))
        if action.name() == "action_session_start":
            events = await ActionSessionStart().run(output_channel, nlg, tracker, self.domain)
            tracker.update_with_events(events, self.domain)
            return True
        await undo_turn(tracker, output_channel, nlg, self.domain)
        return False

    return run_action


def restoring_events(tracker: Any, domain: Any) -> list[Any]:
    """Events that put the slots and the active loop back to where they were before the
    person's last message. (``UserUtteranceReverted`` cannot be used: inside a form Rasa's
    event compaction makes it rewind to before the form began.)"""
    events = list(tracker.events)
    last_user = max((i for i, e in enumerate(events) if isinstance(e, UserUttered)), default=None)
    if last_user is None:
        return []
    before = DialogueStateTracker.from_events(
        tracker.sender_id, events[:last_user], slots=domain.slots
    )
    restore: list[Any] = []
    for name, value in tracker.current_slot_values().items():
        old = before.get_slot(name)
        if value != old:
            restore.append(SlotSet(name, old))
    if tracker.active_loop_name != before.active_loop_name:
        restore.append(ActiveLoop(before.active_loop_name))
    return restore


async def undo_turn(tracker: Any, output_channel: Any, nlg: Any, domain: Any) -> None:
    """Undo what the person's last message changed and tell them, in their language, to
    send it again; then listen."""
    for event in restoring_events(tracker, domain):
        tracker.update(event, domain)
    phone = load_settings().service_phone
    message = await nlg.generate(RESPONSE, tracker, output_channel.name(), phone=phone)
    if message is None:  # the response is missing from the domain: still say something
        message = {
            "text": "Jag kan inte göra det just nu, försök igen om en stund eller ring "
            f"{phone}. / En pysty tekemään sitä juuri nyt, yritä hetken päästä uudelleen "
            f"tai soita {phone}."
        }
    event = create_bot_utterance(dict(message))
    tracker.update(event, domain)
    await output_channel.send_response(tracker.sender_id, event.message())
    tracker.update(ActionExecuted(ACTION_LISTEN_NAME), domain)
