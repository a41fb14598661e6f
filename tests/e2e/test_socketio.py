"""The socket.io channel (for other widgets): a JWT is required, answers come in the
person's language, bad input gets a bilingual error instead of a turn."""

from __future__ import annotations

import asyncio
import json
import uuid
from typing import Any

import aiohttp
import jwt
import pytest

from bot.chat_input import ADDRESS_KEY, error_message
from bot.rasa_ext.channel import MAX_MESSAGE
from tests.e2e.servers import Stack, socket_conversation, tracker, user_texts

pytestmark = pytest.mark.e2e


class Refused(Exception):
    """The server refused the socket.io connection (CONNECT_ERROR)."""


async def _converse(
    stack: Stack,
    messages: list[Any],
    token: str | None,
    wait: float = 30,
    others: list[tuple[str, Any]] | None = None,
    session: str | None = None,
    metadata_key: str = "metadata",
    lang: str = "sv",
    origin: str | None = None,
    confirmed: list[str] | None = None,
    extra: dict[str, Any] | None = None,
) -> list[list[dict[str, Any]]]:
    """Connect over a websocket as a socket.io v5 client does (engine.io v4 framing), ask
    for a session, send each message; return the bot's messages per message.

    The protocol is spoken directly with aiohttp: python-socketio's own client needs a
    newer aiohttp than Rasa's pin for websockets, and its polling transport waits out a
    30-second long poll on every disconnect.
    """
    url = stack.rasa_url.replace("http://", "ws://") + "/socket.io/?EIO=4&transport=websocket"
    headers = {"Origin": origin} if origin else None
    async with (
        aiohttp.ClientSession() as http,
        http.ws_connect(url, timeout=10, headers=headers) as ws,
    ):

        async def frame(timeout: float) -> str:
            while True:
                received = await asyncio.wait_for(ws.receive_str(), timeout)
                if received == "2":  # engine.io ping
                    await ws.send_str("3")
                    continue
                return received

        assert (await frame(10)).startswith("0")  # engine.io open
        await ws.send_str("40" + json.dumps({"token": token} if token else {}))
        answer = await frame(10)
        if answer.startswith("44"):
            raise Refused(answer)
        assert answer.startswith("40"), answer

        async def event(timeout: float) -> tuple[str, Any]:
            while True:
                received = await frame(timeout)
                if received.startswith("42"):
                    name, data = json.loads(received[2:])
                    if name in ("bot_uttered", "session_confirm"):
                        return str(name), data
                    if others is not None:
                        others.append((str(name), data))

        asked = session or f"sio-{uuid.uuid4().hex}"
        await ws.send_str("42" + json.dumps(["session_request", {"session_id": asked}]))
        name, session = await event(10)
        assert name == "session_confirm"
        if token:  # an integrator with a JWT keeps its own session id
            assert session == asked
        if confirmed is not None:
            confirmed.append(session)
        replies = []
        for message in messages:
            metadata = {"lang": lang, **(extra or {})}
            payload = {"message": message, "session_id": session, metadata_key: metadata}
            await ws.send_str("42" + json.dumps(["user_uttered", payload]))
            name, data = await event(wait)
            assert name == "bot_uttered", name
            got = [data]
            while True:  # the rest of this turn's messages
                try:
                    name, data = await event(1.5)
                except asyncio.TimeoutError:
                    break
                assert name == "bot_uttered", name
                got.append(data)
            replies.append(got)
        return replies


def _token(stack: Stack, key: str | None = None) -> str:
    return jwt.encode({"sub": "webchat"}, key or stack.env["SOCKETIO_JWT_KEY"], algorithm="HS256")


def test_socketio_answers_with_a_valid_jwt(stack: Stack) -> None:
    (reply,) = asyncio.run(_converse(stack, ["hej, vad kan du hjälpa med?"], _token(stack)))
    text = " ".join(m.get("text", "") for m in reply)
    assert text and "error" not in reply[0], reply
    assert any(w in text.lower() for w in ("jag", "du", "kan")), text  # Swedish


@pytest.mark.parametrize("token", [None, "not-a-jwt", "wrong-key"])
def test_socketio_refuses_connections_without_a_valid_jwt(stack: Stack, token: str | None) -> None:
    if token == "wrong-key":
        token = _token(stack, key="some other key entirely")
    with pytest.raises(Refused):
        asyncio.run(_converse(stack, ["hej"], token))


def test_socketio_refuses_a_browser_on_another_site(stack: Stack) -> None:
    with pytest.raises((Refused, aiohttp.WSServerHandshakeError)):
        asyncio.run(_converse(stack, ["hej"], None, origin="https://evil.example"))


def test_a_browser_on_the_citys_site_gets_a_session_id_from_the_server(stack: Stack) -> None:
    """Rasa Webchat cannot send a token: it connects from an embedding site, and its
    made-up (or someone else's) session id is replaced by one the server issued."""
    confirmed: list[str] = []
    made_up = f"mine-{uuid.uuid4().hex}"
    (reply,) = asyncio.run(
        _converse(
            stack, ["hej"], None, origin=stack.page_origin, session=made_up, confirmed=confirmed
        )
    )
    assert reply and reply[0].get("text"), reply
    issued = confirmed[0]
    assert issued != made_up
    # the tracker store knows the conversation by a derived id, never the session id
    assert user_texts(stack, issued) == set() and user_texts(stack, made_up) == set()
    conversation = socket_conversation(stack, issued)
    assert user_texts(stack, conversation) == {"hej"}
    # the same issued id continues the conversation; a conversation id cannot
    asyncio.run(
        _converse(
            stack, ["tack"], None, origin=stack.page_origin, session=issued, confirmed=confirmed
        )
    )
    assert confirmed[1] == issued and user_texts(stack, conversation) == {"hej", "tack"}
    asyncio.run(
        _converse(
            stack,
            ["hej"],
            None,
            origin=stack.page_origin,
            session=conversation,
            confirmed=confirmed,
        )
    )
    assert confirmed[2] not in (issued, conversation)


@pytest.mark.parametrize(
    ("message", "code"),
    [
        (12345, "bad_message"),
        (None, "bad_message"),
        ("x" * 12_000, "too_long"),
        ({"a": 1}, "bad_message"),
    ],
    ids=["number", "null", "12k", "object"],
)
def test_socketio_bad_input_gets_a_bilingual_error(stack: Stack, message: Any, code: str) -> None:
    others: list[tuple[str, Any]] = []
    (reply,) = asyncio.run(_converse(stack, [message], _token(stack), others=others))
    # Webchat shows only messages with a text and nothing else: the text is both languages
    assert list(reply[0]) == ["text"] and "Traceback" not in reply[0]["text"]
    _, texts = error_message(code, limit=MAX_MESSAGE)
    assert reply[0]["text"] == f"{texts['sv']}\n\n{texts['fi']}"
    error = next(data for name, data in others if name == "error")
    assert error == {"error": code, "message": texts}


ERASURE = [
    "jag vill börja kartläggningen",
    "ja",
    "1985",
    "Borgå",
    "radera mina uppgifter",
    "ja",
    "ja",
]


def test_socketio_erasure_leaves_no_user_text(stack: Stack) -> None:
    session = f"sio-{uuid.uuid4().hex}"
    others: list[tuple[str, Any]] = []
    replies = asyncio.run(
        _converse(stack, ERASURE[:4], _token(stack), others=others, session=session)
    )
    assert "kommun" in " ".join(m.get("text", "") for m in replies[2]).lower(), replies
    assert ("conversation_language", {"lang": "sv"}) in others
    assert user_texts(stack, session) >= {"1985", "Borgå"}
    replies = asyncio.run(
        _converse(stack, ERASURE[4:], _token(stack), others=others, session=session)
    )
    said = " ".join(m.get("text", "") for m in replies[-1])
    assert "raderat" in said, [m.get("text") for r in replies for m in r]
    assert ("conversation_erased", {"session_id": session}) in others
    assert user_texts(stack, session) == set()  # nothing the person wrote is left


def test_socketio_reads_the_page_language_from_webchat_custom_data(stack: Stack) -> None:
    # a greeting payload says nothing of its language: only the page language can
    others: list[tuple[str, Any]] = []
    (reply,) = asyncio.run(
        _converse(
            stack, ["/greet"], _token(stack), metadata_key="customData", lang="fi", others=others
        )
    )
    assert reply and ("conversation_language", {"lang": "fi"}) in others, (reply, others)


def test_socketio_drops_an_address_key_a_client_makes_up(stack: Stack) -> None:
    """Only the web app's proxy says where a message came from: a browser on socket.io
    cannot set a new address for every booking to get round the limit per address."""
    confirmed: list[str] = []
    asyncio.run(
        _converse(
            stack,
            ["hej"],
            None,
            origin=stack.page_origin,
            confirmed=confirmed,
            extra={ADDRESS_KEY: "0123456789abcdef"},
        )
    )
    events = tracker(stack, socket_conversation(stack, confirmed[0]))["events"]
    said = [e for e in events if e["event"] == "user"]
    assert said and all(ADDRESS_KEY not in (e.get("metadata") or {}) for e in said)
    assert said[-1]["metadata"].get("lang") == "sv"
