"""Rasa's socket.io channel, for widgets that speak it (Rasa Webchat 1.0.1 and the like).

Our own widget goes through the web app's chat proxy and the REST channel. Socket.io serves
other front ends, with the same guards as :mod:`bot.rasa_ext.channel`:

* who may connect: an integrator's server or app with a JWT signed with
  ``SOCKETIO_JWT_KEY`` (``auth: {token: ...}``), or a browser on one of the city's own
  sites (``EMBED_ORIGINS``; the CORS headers name exactly those origins, every other origin
  is refused). Rasa Webchat cannot send a token, so it connects by origin;
* session ids: a browser connected by origin gets a session id issued and signed by this
  server (a made-up or someone else's id is replaced by a new one); the Rasa conversation
  id is an HMAC of it (``CONVERSATION_KEY``, as for the web app's sessions), so the ids in
  the tracker store cannot continue a chat. A JWT client keeps choosing its own ids;
* a message that is not text, is too long, or comes with an odd session id gets an
  error in both languages instead of a turn; control characters are stripped; a failed
  turn answers in both languages instead of silence, and logs no message text;
* messages have the shapes Webchat renders: ``{"text"}`` or ``{"text", "quick_replies"}``
  (Webchat drops a message with any other field). An error is such a text, with the
  code in a separate ``error`` event; an offer card (custom JSON) is sent as its text;
  line breaks inside a paragraph are kept (Markdown hard breaks), so lists stay lists;
* the page language is read from ``metadata`` or, as Webchat sends it, ``customData``;
  after each turn a ``conversation_language`` event gives the conversation's language;
* erasure: a turn that erased the conversation (the tracker store deleted its events,
  :mod:`bot.rasa_ext.conversations`) is followed by a ``conversation_erased`` event, and a
  browser session gets a new session id, so Webchat starts an empty conversation.
"""

from __future__ import annotations

import hashlib
import hmac
import inspect
import logging
import os
import re
import secrets
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from rasa.core.channels.channel import InputChannel, UserMessage, decode_bearer_token
from rasa.core.channels.socketio import SocketBlueprint, SocketIOInput, SocketIOOutput

from bot.chat_input import ADDRESS_KEY, SENDER, check_message
from bot.rasa_ext.channel import MAX_MESSAGE, log_failed_turn, refusal
from bot.rasa_ext.conversations import OUTCOMES

log = logging.getLogger(__name__)

ERASED_EVENT = "conversation_erased"
LANGUAGE_EVENT = "conversation_language"
ERROR_EVENT = "error"
SESSION_BYTES = 24


def _key() -> bytes:
    key = os.environ.get("CONVERSATION_KEY", "")
    if not key:
        raise RuntimeError("the socket.io channel needs CONVERSATION_KEY")
    return key.encode()


def issue_session_id() -> str:
    """A new session id signed by this server: ``<random>.<signature>``."""
    token = secrets.token_urlsafe(SESSION_BYTES)
    return f"{token}.{_signature(token)}"


def _signature(token: str) -> str:
    return hmac.new(_key(), f"socketio-session|{token}".encode(), hashlib.sha256).hexdigest()[:22]


def issued_here(session_id: Any) -> bool:
    """Whether ``session_id`` is one this server issued."""
    if not isinstance(session_id, str) or session_id.count(".") != 1 or len(session_id) > 80:
        return False
    token, signature = session_id.split(".")
    return hmac.compare_digest(signature, _signature(token))


def conversation_of(session_id: str) -> str:
    """The Rasa conversation id of a browser session id: an HMAC, not reversible."""
    digest = hmac.new(_key(), session_id.encode(), hashlib.sha256).hexdigest()
    return f"s{digest[:47]}"


def origins_from_env() -> list[str]:
    """The city's own sites (``EMBED_ORIGINS``), as CORS origins."""
    raw = os.environ.get("EMBED_ORIGINS", "")
    return sorted({o.strip().rstrip("/") for o in raw.split(",") if o.strip()})


@dataclass
class _Client:
    """One socket: how it connected and, once confirmed, its session."""

    trusted: bool  # connected with a JWT (chooses its own session ids)
    session_id: str | None = None

    def sender(self, session_id: str) -> str:
        return session_id if self.trusted else conversation_of(session_id)


def webchat_shape(message: dict[str, Any]) -> dict[str, Any]:
    """A bot message in a shape Rasa Webchat renders (it drops any other)."""
    custom = message.get("custom")
    if isinstance(custom, dict):
        text = str(custom.get("text") or "")
        url, link = custom.get("url"), custom.get("link_text")
        if isinstance(url, str) and isinstance(link, str) and url in text:
            text = text.replace(f"{link}: {url}", f"[{link}]({url})")
        return {"text": _hard_breaks(text)}
    out = {k: v for k, v in message.items() if k in ("text", "quick_replies", "attachment")}
    if isinstance(out.get("text"), str):
        out["text"] = _hard_breaks(out["text"])
    return out


def _hard_breaks(text: str) -> str:
    """Markdown: keep single line breaks (Webchat would run "• a\\n• b" together)."""
    return re.sub(r"(?<!\n)\n(?!\n)", "  \n", text)


class _TurnOutput(SocketIOOutput):
    """Rasa's socket.io output, holding the turn's messages until the turn is saved."""

    def __init__(self, sio: Any, bot_message_evt: str) -> None:
        super().__init__(sio, bot_message_evt)
        self.held: list[tuple[str, dict[str, Any]]] = []

    async def _send_message(self, socket_id: str, response: Any) -> None:
        self.held.append((socket_id, dict(response)))

    async def send_custom_json(
        self, recipient_id: str, json_message: dict[str, Any], **kw: Any
    ) -> None:
        # Rasa 3.6 spreads the message into emit()'s keyword arguments, which fails the turn
        await self._send_message(recipient_id, {"custom": json_message})

    async def flush(self) -> None:
        """Emit the held messages in Webchat's shapes."""
        for room, message in self.held:
            shaped = webchat_shape(message)
            if shaped:
                await self.sio.emit(self.bot_message_evt, shaped, room=room)
        self.held.clear()


class GuardedSocketIOInput(SocketIOInput):
    """Socket.io for Webchat and integrators: guarded connect, server-issued ids, erasure."""

    embed_origins: list[str]

    @classmethod
    def name(cls) -> str:
        """Same name as Rasa's, so the path stays /socket.io."""
        return "socketio"

    @classmethod
    def from_credentials(cls, credentials: dict[str, Any] | None) -> InputChannel:
        """Rasa's settings, but a JWT key is required and sessions persist."""
        settings = dict(credentials or {})
        if not settings.get("jwt_key"):
            raise ValueError("the socket.io channel needs jwt_key (set SOCKETIO_JWT_KEY)")
        settings.setdefault("session_persistence", True)
        channel = super().from_credentials(settings)
        assert isinstance(channel, GuardedSocketIOInput)
        origins = settings.get("embed_origins")
        channel.embed_origins = (
            [o.strip().rstrip("/") for o in str(origins).split(",") if o.strip()]
            if origins
            else origins_from_env()
        )
        return channel

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> SocketBlueprint:
        """Rasa's blueprint with its connect, session and message handlers replaced."""
        blueprint = super().blueprint(on_new_message)
        sio = self.sio
        assert sio is not None
        # CORS for the city's sites only; engine.io refuses every other origin
        sio.eio.cors_allowed_origins = list(getattr(self, "embed_origins", []))
        clients: dict[str, _Client] = {}

        @sio.on("connect", namespace=self.namespace)
        async def connect(sid: str, environ: dict[str, Any], auth: Any) -> bool:
            token = auth.get("token") if isinstance(auth, dict) else None
            if token and self.jwt_key:
                if decode_bearer_token(token, self.jwt_key, self.jwt_algorithm):
                    clients[sid] = _Client(trusted=True)
                    return True
                return False
            origin = str(environ.get("HTTP_ORIGIN") or "").rstrip("/")
            if origin and origin in sio.eio.cors_allowed_origins:
                clients[sid] = _Client(trusted=False)
                return True
            return False  # neither a token nor one of the city's sites

        @sio.on("disconnect", namespace=self.namespace)
        async def disconnect(sid: str) -> None:
            clients.pop(sid, None)

        # Rasa 3.6 calls ``sio.enter_room`` without ``await``; in python-socketio 5.x it is a
        # coroutine, so with persistent sessions no reply ever reached the client.
        @sio.on("session_request", namespace=self.namespace)
        async def session_request(sid: str, data: Any) -> None:
            client = clients.get(sid)
            if client is None:
                return
            data = data if isinstance(data, dict) else {}
            asked = data.get("session_id")
            if client.trusted:
                ok = isinstance(asked, str) and bool(SENDER.match(asked))
                session_id = asked if ok else issue_session_id()
            else:
                session_id = asked if issued_here(asked) else issue_session_id()
            await self._confirm(sid, client, str(session_id))

        # Rasa's handler builds the message before anything checks it (a number as the
        # message raises inside Rasa and the client hears nothing): replaced by ours.
        @sio.on(self.user_message_evt, namespace=self.namespace)
        async def handle_message(sid: str, data: Any) -> None:
            client = clients.get(sid)
            if client is None:
                return
            data = data if isinstance(data, dict) else {}
            metadata = data.get(self.metadata_key)
            if not isinstance(metadata, dict):
                metadata = data.get("customData")  # what Rasa Webchat sends
            if isinstance(metadata, dict) and ADDRESS_KEY in metadata:
                # only the web app's proxy tells the bot where a message came from
                metadata = {k: v for k, v in metadata.items() if k != ADDRESS_KEY}
            session_id = data.get("session_id") if self.session_persistence else sid
            if not client.trusted and session_id != client.session_id:
                session_id = None  # a browser may only speak in the session it was given
            await self._guarded(
                sid, client, session_id, data.get("message"), metadata, on_new_message
            )

        return blueprint

    async def _confirm(self, sid: str, client: _Client, session_id: str) -> None:
        assert self.sio is not None
        if client.session_id is not None:
            left = self.sio.leave_room(
                sid, client.sender(client.session_id), namespace=self.namespace
            )
            if inspect.isawaitable(left):
                await left
        client.session_id = session_id
        if self.session_persistence:
            entered = self.sio.enter_room(sid, client.sender(session_id), namespace=self.namespace)
            if inspect.isawaitable(entered):
                await entered
        await self.sio.emit("session_confirm", session_id, room=sid, namespace=self.namespace)

    async def _refuse(self, room: str, code: str) -> None:
        assert self.sio is not None
        _, message = refusal(code)
        await self.sio.emit(
            self.bot_message_evt, {"text": f"{message['sv']}\n\n{message['fi']}"}, room=room
        )
        await self.sio.emit(ERROR_EVENT, {"error": code, "message": message}, room=room)

    async def _guarded(
        self,
        sid: str,
        client: _Client,
        session_id: Any,
        text: Any,
        metadata: Any,
        on_new_message: Callable[[UserMessage], Awaitable[Any]],
    ) -> None:
        assert self.sio is not None
        checked = check_message(text, metadata, MAX_MESSAGE, session_id)
        if isinstance(checked, str):
            await self._refuse(sid, checked)  # to this socket only
            return
        sender = client.sender(checked.sender) if self.session_persistence else sid
        out = _TurnOutput(self.sio, self.bot_message_evt)
        guarded = UserMessage(
            checked.text, out, sender, input_channel=self.name(), metadata=checked.metadata
        )
        try:
            await on_new_message(guarded)
        except Exception as exc:
            log_failed_turn(sender, exc)
            await self._refuse(sender, "unavailable")
            return
        outcome = OUTCOMES.take(sender)
        await out.flush()
        if outcome and outcome.language:
            await self.sio.emit(LANGUAGE_EVENT, {"lang": outcome.language}, room=sender)
        if outcome and outcome.erased:
            await self.sio.emit(ERASED_EVENT, {"session_id": session_id}, room=sender)
            if not client.trusted:  # Webchat empties its conversation on a new session id
                await self._confirm(sid, client, issue_session_id())
