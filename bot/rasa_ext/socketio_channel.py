"""Rasa's socket.io channel, for widgets that speak it (Rasa Webchat and the like), guarded.

Our own widget goes through the web app's chat proxy and the REST channel. Socket.io is
kept for other front ends, with the same guards as :mod:`bot.rasa_ext.channel`:

* a JWT signed with ``SOCKETIO_JWT_KEY`` is required to connect (``auth: {token: ...}``);
  the channel refuses to start without a key, so it can never run open;
* a message that is not text, is too long, or comes with an odd session id gets an
  error message in both languages instead of a turn; control characters are stripped;
* a failed turn answers in both languages instead of silence, and logs no message text;
* a custom JSON message (offer cards) is sent as ``{"custom": ...}``: Rasa 3.6 spreads it
  into ``emit()``'s keyword arguments, which fails the turn;
* the page language is read from ``metadata`` or, as Rasa Webchat sends it, ``customData``;
* a turn's messages go out when the turn is saved, each with the conversation's language
  (``lang``); a turn that erased the conversation (the tracker store deleted its events,
  :mod:`bot.rasa_ext.conversations`) is followed by a ``conversation_erased`` event.
"""

from __future__ import annotations

import inspect
import uuid
from collections.abc import Awaitable, Callable
from typing import Any

from rasa.core.channels.channel import InputChannel, UserMessage
from rasa.core.channels.socketio import SocketBlueprint, SocketIOInput, SocketIOOutput

from bot.rasa_ext.channel import (
    ERRORS,
    MAX_MESSAGE,
    SENDER,
    clean_text,
    log_failed_turn,
    with_language,
)
from bot.rasa_ext.conversations import OUTCOMES

ERASED_EVENT = "conversation_erased"


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
        await self._send_message(recipient_id, {"custom": json_message})

    async def flush(self, languages: list[dict[str, Any]]) -> None:
        """Emit the held messages, each replaced by its counterpart in ``languages``."""
        for (room, _), message in zip(self.held, languages, strict=True):
            await self.sio.emit(self.bot_message_evt, message, room=room)
        self.held.clear()


def _refusal(code: str) -> dict[str, Any]:
    _, sv, fi = ERRORS[code]
    return {"text": f"{sv}\n\n{fi}", "error": code, "message": {"sv": sv, "fi": fi}}


class GuardedSocketIOInput(SocketIOInput):
    """Socket.io with a required JWT, input checks, honest failures and erasure."""

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
        return super().from_credentials(settings)

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> SocketBlueprint:
        """Rasa's blueprint with two of its handlers replaced (session and message)."""
        blueprint = super().blueprint(on_new_message)
        sio = self.sio
        assert sio is not None

        # Rasa 3.6 calls ``sio.enter_room`` without ``await``; in python-socketio 5.x it is a
        # coroutine, so with persistent sessions no reply ever reached the client.
        @sio.on("session_request", namespace=self.namespace)
        async def session_request(sid: str, data: dict[str, Any] | None) -> None:
            data = data if isinstance(data, dict) else {}
            session_id = data.get("session_id")
            if not isinstance(session_id, str) or not SENDER.match(session_id):
                session_id = uuid.uuid4().hex
            if self.session_persistence:
                entered = sio.enter_room(sid, session_id, namespace=self.namespace)
                if inspect.isawaitable(entered):
                    await entered
            await sio.emit("session_confirm", session_id, room=sid, namespace=self.namespace)

        # Rasa's handler builds the message before anything checks it (a number as the
        # message raises inside Rasa and the client hears nothing): replaced by ours.
        @sio.on(self.user_message_evt, namespace=self.namespace)
        async def handle_message(sid: str, data: Any) -> None:
            data = data if isinstance(data, dict) else {}
            sender = data.get("session_id") if self.session_persistence else sid
            metadata = data.get(self.metadata_key)
            if not isinstance(metadata, dict):
                metadata = data.get("customData")  # what Rasa Webchat sends
            await self._guarded(sid, sender, data.get("message"), metadata, on_new_message)

        return blueprint

    async def _guarded(
        self,
        sid: str,
        sender: Any,
        text: Any,
        metadata: Any,
        on_new_message: Callable[[UserMessage], Awaitable[Any]],
    ) -> None:
        out = _TurnOutput(self.sio, self.bot_message_evt)
        code = None
        if not isinstance(sender, str) or not SENDER.match(sender):
            code = "bad_sender"
        elif not isinstance(text, str):
            code = "bad_message"
        elif len(text) > MAX_MESSAGE:
            code = "too_long"
        if code is not None:
            await self.sio.emit(self.bot_message_evt, _refusal(code), room=sid)  # this socket
            return
        metadata = metadata if isinstance(metadata, dict) else None
        guarded = UserMessage(
            clean_text(str(text)), out, sender, input_channel=self.name(), metadata=metadata
        )
        try:
            await on_new_message(guarded)
        except Exception as exc:
            log_failed_turn(sender, exc)
            await self.sio.emit(self.bot_message_evt, _refusal("unavailable"), room=sender)
            return
        outcome = OUTCOMES.take(sender)
        await out.flush(with_language([m for _, m in out.held], outcome, metadata))
        if outcome and outcome.erased:
            await self.sio.emit(ERASED_EVENT, {"session_id": sender}, room=sender)
