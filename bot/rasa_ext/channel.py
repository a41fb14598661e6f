"""The REST channel the web app's chat proxy talks to, with guards Rasa's own lacks.

Rasa's ``rest`` channel answers a failed turn with HTTP 200 and whatever was collected (often
nothing: a silent drop), logs the user's text when something fails, and accepts any JSON.
This one (configured in credentials.yml under its module path; its URL stays
``/webhooks/rest/webhook``):

* refuses bodies that are not a JSON object, a missing or odd sender id, a message that is
  not a string or is too long, with a JSON error in both languages (HTTP 400/413/422);
* strips control characters from the text;
* answers a turn that failed (tracker store or lock store unreachable, a bug) with HTTP 503
  and a message in both languages instead of an empty 200, and logs no message text;
* gives every reply the conversation's language (``lang``), and marks a turn that erased
  the conversation (``action_erase_conversation``; the tracker store deleted its events)
  with the header ``X-Conversation-Erased: true``;
* carries the token-protected erasure and retention routes
  (:mod:`bot.rasa_ext.conversations`).
"""

from __future__ import annotations

import functools
import hashlib
import logging
from collections.abc import Awaitable, Callable
from typing import Any

from rasa.core.channels.channel import CollectingOutputChannel, UserMessage
from rasa.core.channels.rest import RestInput
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from bot.cases.privacy import ERASED_HEADER
from bot.chat_input import SENDER, check_message, error_message
from bot.config import load_settings
from bot.rasa_ext import conversations
from bot.rasa_ext.conversations import OUTCOMES

log = logging.getLogger(__name__)

# The proxy allows 1,000 characters; direct callers (other front ends) get a polite answer
# up to 10,000 and a JSON error beyond (the NLU's cost grows with the length).
MAX_MESSAGE = 10_000


@functools.cache
def service_phone() -> str:
    """The phone number the "unavailable" message names (read once)."""
    return load_settings().service_phone


def refusal(code: str) -> tuple[int, dict[str, str]]:
    """The status and the texts of refusal ``code`` on this server's channels."""
    return error_message(code, limit=MAX_MESSAGE, phone=service_phone())


def error(code: str) -> HTTPResponse:
    """A JSON error with a message in both languages (bot/chat_errors.yml)."""
    status, message = refusal(code)
    return response.json({"error": code, "message": message}, status=status)


def sender_hash(sender: str) -> str:
    """A short, non-reversible tag for logs: conversations can be told apart, not named."""
    return hashlib.sha256(sender.encode()).hexdigest()[:10]


class GuardedRestInput(RestInput):
    """Rasa's REST channel with input checks, honest failures and conversation erasure."""

    @classmethod
    def name(cls) -> str:
        """Same name as Rasa's, so the URL stays /webhooks/rest/webhook."""
        return "rest"

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        """The health route and the guarded webhook."""
        webhook = Blueprint(f"custom_webhook_{type(self).__name__}", __name__)

        @webhook.route("/", methods=["GET"])
        async def health(_: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        @webhook.route("/webhook", methods=["POST"])
        async def receive(request: Request) -> HTTPResponse:
            try:
                body = request.json
            except Exception:  # sanic raises InvalidUsage on malformed JSON
                return error("bad_json")
            if not isinstance(body, dict):
                return error("bad_json")
            checked = check_message(
                body.get("message"), body.get("metadata"), MAX_MESSAGE, body.get("sender")
            )
            if isinstance(checked, str):
                return error(checked)
            sender = checked.sender
            agent = getattr(request.app.ctx, "agent", None)
            if agent is None or not agent.is_ready():
                return error("unavailable")  # no model loaded (yet): not a silent empty 200
            collector = CollectingOutputChannel()
            message = UserMessage(
                checked.text,
                collector,
                sender,
                input_channel=self.name(),
                metadata=checked.metadata,
            )
            try:
                await on_new_message(message)
            except Exception as exc:
                log_failed_turn(sender, exc)
                return error("unavailable")
            outcome = OUTCOMES.take(sender)
            messages = with_language(collector.messages, outcome, checked.metadata)
            headers = {ERASED_HEADER: "true"} if outcome and outcome.erased else None
            return response.json(messages, headers=headers)

        conversations.add_routes(webhook, valid_sender)
        return webhook


def valid_sender(sender: Any) -> bool:
    """Whether ``sender`` is a conversation id this server accepts."""
    return isinstance(sender, str) and bool(SENDER.match(sender))


def with_language(
    messages: list[dict[str, Any]],
    outcome: conversations.TurnOutcome | None,
    metadata: dict[str, Any] | None,
) -> list[dict[str, Any]]:
    """The turn's messages, each with the conversation's language as ``lang``.

    The language is the conversation's ``language`` slot after the turn; before the bot
    knows it, the page language the message came with.
    """
    lang = outcome.language if outcome else None
    if lang is None and metadata and isinstance(metadata.get("lang"), str):
        lang = metadata["lang"]
    return [{**m, "lang": lang} if lang else dict(m) for m in messages]


def log_failed_turn(sender: str, exc: BaseException) -> None:
    """Log a failed turn: what failed and for which conversation, never the message text."""
    log.error("turn failed for conversation %s: %s", sender_hash(sender), exc.__class__.__name__)
