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

import hashlib
import logging
import re
import unicodedata
from collections.abc import Awaitable, Callable
from typing import Any

from rasa.core.channels.channel import CollectingOutputChannel, UserMessage
from rasa.core.channels.rest import RestInput
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from bot.cases.privacy import ERASED_HEADER
from bot.rasa_ext import conversations
from bot.rasa_ext.conversations import OUTCOMES

log = logging.getLogger(__name__)

# The proxy allows 1,000 characters; direct callers (other front ends) get a polite answer
# up to 10,000 and a JSON error beyond (the NLU's cost grows with the length).
MAX_MESSAGE = 10_000
SENDER = re.compile(r"^[A-Za-z0-9_\-.:@]{1,128}$")
# C0/C1 control characters except tab and newline; bidi overrides are kept (Arabic,
# Hebrew and Persian speakers write right-to-left text) but isolated by the widget.
CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")

ERRORS: dict[str, tuple[int, str, str]] = {
    "bad_json": (400, "Meddelandet kunde inte läsas.", "Viestiä ei voitu lukea."),
    "bad_sender": (
        400,
        "Avsändaren saknas eller är ogiltig.",
        "Lähettäjä puuttuu tai on virheellinen.",
    ),
    "bad_message": (400, "Meddelandet måste vara text.", "Viestin pitää olla tekstiä."),
    "too_long": (
        422,
        f"Meddelandet får vara högst {MAX_MESSAGE} tecken.",
        f"Viestissä saa olla enintään {MAX_MESSAGE} merkkiä.",
    ),
    "unavailable": (
        503,
        "Chattboten kan inte svara just nu. Försök igen om en stund.",
        "Chatbot ei pysty vastaamaan juuri nyt. Yritä hetken päästä uudelleen.",
    ),
}


def error(code: str) -> HTTPResponse:
    """A JSON error with a message in both languages."""
    status, sv, fi = ERRORS[code]
    return response.json({"error": code, "message": {"sv": sv, "fi": fi}}, status=status)


def clean_text(text: str) -> str:
    """NFC-normalised text without control characters (tab and newline stay)."""
    return CONTROL.sub("", unicodedata.normalize("NFC", text)).strip()


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
            sender = body.get("sender")
            if not isinstance(sender, str) or not SENDER.match(sender):
                return error("bad_sender")
            text = body.get("message")
            if not isinstance(text, str):
                return error("bad_message")
            if len(text) > MAX_MESSAGE:
                return error("too_long")
            metadata = body.get("metadata")
            if not isinstance(metadata, dict):
                metadata = None
            agent = getattr(request.app.ctx, "agent", None)
            if agent is None or not agent.is_ready():
                return error("unavailable")  # no model loaded (yet): not a silent empty 200
            collector = CollectingOutputChannel()
            message = UserMessage(
                clean_text(text),
                collector,
                sender,
                input_channel=self.name(),
                metadata=metadata,
            )
            try:
                await on_new_message(message)
            except Exception as exc:
                log_failed_turn(sender, exc)
                return error("unavailable")
            outcome = OUTCOMES.take(sender)
            messages = with_language(collector.messages, outcome, metadata)
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
