"""The chat proxy: the widget talks to the web app, never to Rasa directly.

Sessions are issued here (192 random bits); messages for unknown sessions, missing ones,
oversized bodies and wrong types are refused with clear JSON errors in both languages.
"""

from __future__ import annotations

import asyncio
import json
import logging
import math
import time
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from aiohttp import web

from bot.cases import chat_sessions, live, live_upkeep
from bot.chat_input import ADDRESS_KEY, check_message, error_message
from bot.portal import live_flow
from bot.portal.chat_messages import LANGS, bot_messages
from bot.portal.keys import BUS, CHAT_LIMITS, RASA, SETTINGS, client_ip, client_key
from bot.rasa_client import RasaClient, RasaUnavailable

log = logging.getLogger(__name__)
MAX_BODY = 8 * 1024
MAX_MESSAGE = 1000
ALLOWED_HOSTS = (
    "kela.fi",
    "www.kela.fi",
    "tyomarkkinatori.fi",
    "www.tyj.fi",
    "tyj.fi",
    "www.careeria.fi",
    "www.prakticum.fi",
    "www.novia.fi",
    "www.yrkesakademin.fi",
    "www.vamia.fi",
    "www.posintra.fi",
    "www.sotek.fi",
    "www.samaria.fi",
    "www.porvoo.fi",
    "www.borga.fi",
    "www.keuda.fi",
    "www.varia.fi",
    "video.example.invalid",
)


def error_response(request: web.Request, code: str, retry_after: float = 0.0) -> web.Response:
    """A JSON error with a message in both languages (bot/chat_errors.yml)."""
    phone = request.app[SETTINGS].service_phone
    status, message = error_message(code, limit=MAX_MESSAGE, phone=phone)
    headers = {"Retry-After": str(max(1, math.ceil(retry_after)))} if retry_after else None
    return web.json_response({"error": code, "message": message}, status=status, headers=headers)


def limited(request: web.Request, kind: str, key: str) -> web.Response | None:
    """A 429 response when ``key`` is over the ``kind`` limit, else None."""
    wait = request.app[CHAT_LIMITS][kind].take(key, time.monotonic())
    if wait > 0:
        log.info("chat rate limit (%s) hit", kind)
        return error_response(request, "rate_limited", wait)
    return None


async def _json_body(request: web.Request) -> dict[str, Any] | web.Response:
    if request.content_length is not None and request.content_length > MAX_BODY:
        return error_response(request, "too_large")
    raw = await request.content.read(MAX_BODY + 1)
    if len(raw) > MAX_BODY:
        return error_response(request, "too_large")
    try:
        body = json.loads(raw.decode("utf-8"))
    except (ValueError, UnicodeDecodeError, RecursionError):  # RecursionError: [[[[...
        return error_response(request, "bad_json")
    if not isinstance(body, dict):
        return error_response(request, "bad_request")
    return body


async def request_body(request: web.Request) -> dict[str, Any] | web.Response:
    """A chat request's JSON object, or the error to answer: the per-address rate limit,
    then the body's size and shape."""
    refused = limited(request, "ip", client_ip(request))
    if refused is not None:
        return refused
    return await _json_body(request)


@dataclass(frozen=True)
class Session:
    """A valid chat session: the secret the widget holds, the id Rasa and staff see."""

    secret: str
    conversation_id: str


async def valid_session(request: web.Request, body: dict[str, Any]) -> Session | None:
    secret = body.get("session")
    if not isinstance(secret, str):
        return None
    settings = request.app[SETTINGS]
    opened = await asyncio.to_thread(
        chat_sessions.open_session, secret, settings.conversation_key, settings.database_url
    )
    if opened is None:
        return None
    if opened.legacy_id is not None:  # from before conversation ids: move it once
        try:
            await _client(request).move(opened.legacy_id, opened.conversation_id)
        except RasaUnavailable:
            return None
        await asyncio.to_thread(
            chat_sessions.finish_move, secret, settings.conversation_key, settings.database_url
        )
    return Session(secret, opened.conversation_id)


def _client(request: web.Request) -> RasaClient:
    return request.app[RASA]


async def new_session(request: web.Request) -> web.Response:
    """Issue a session id (the widget keeps it in sessionStorage)."""
    refused = limited(request, "new_session", client_ip(request))
    if refused is not None:
        return refused
    settings = request.app[SETTINGS]
    session = await asyncio.to_thread(
        chat_sessions.issue, settings.conversation_key, settings.database_url
    )
    own = urlsplit(settings.public_base_url)
    return web.json_response(
        {
            "session": session,
            "max_length": MAX_MESSAGE,
            "allowed_hosts": list(ALLOWED_HOSTS),
            # links back to this app (the meeting's .ics file) are clickable too
            "own_origin": f"{own.scheme}://{own.netloc}",
        },
        status=201,
    )


async def message(request: web.Request) -> web.Response:
    """Forward one message to Rasa's REST channel with the page language as metadata."""
    body = await request_body(request)
    if isinstance(body, web.Response):
        return body
    lang = body.get("lang", "sv")
    hidden = body.get("hidden", False)
    if lang not in LANGS or not isinstance(hidden, bool):
        return error_response(request, "bad_request")
    checked = check_message(body.get("message"), None, MAX_MESSAGE, need_sender=False)
    if isinstance(checked, str):
        return error_response(request, checked)
    session = await valid_session(request, body)
    if session is None:
        return error_response(request, "unknown_session")
    refused = limited(request, "session", session.conversation_id)
    if refused is not None:
        return refused
    settings = request.app[SETTINGS]
    chat = await asyncio.to_thread(
        live.open_chat_of, session.conversation_id, settings.database_url
    )
    if chat is not None and chat.status == "active" and not hidden:
        # a coach has the conversation: the message goes to them (the live record first)
        # and into the conversation, where the paused bot stores it without answering
        await live_flow.person_says(request.app, chat, checked.text)
        try:
            await _client(request).send(session.conversation_id, checked.text, {"lang": lang})
        except RasaUnavailable as exc:
            log.warning("rasa unavailable for a live chat message: %s", exc)
        return web.json_response({"messages": [], "live": "active"})
    try:
        metadata: dict[str, Any] = {"lang": lang, ADDRESS_KEY: client_key(request)}
        if hidden:  # the widget's automatic greeting: not shown again after a reload
            metadata["hidden"] = True
        reply = await _client(request).send(session.conversation_id, checked.text, metadata)
    except RasaUnavailable as exc:
        log.warning("rasa unavailable for a chat message: %s", exc)
        return error_response(request, "unavailable")
    messages = bot_messages(reply.messages, lang)
    if any((m.get("custom") or {}).get("live") == "waiting" for m in messages):
        # the bot queued the person for a live chat: the coaches' queue pages update now
        await request.app[BUS].publish(live_flow.QUEUE_TOPIC)
    if reply.erased:  # the person erased the conversation by chat: this session is done
        await asyncio.to_thread(
            chat_sessions.forget, session.secret, request.app[SETTINGS].database_url
        )
        return web.json_response({"messages": messages, "erased": True})
    return web.json_response({"messages": messages})


async def history(request: web.Request) -> web.Response:
    """The conversation so far, to restore the chat after a page reload."""
    body = await request_body(request)  # POST: the secret never goes into a URL (access logs)
    if isinstance(body, web.Response):
        return body
    lang = body.get("lang", "sv")
    session = await valid_session(request, body)
    if session is None:
        return error_response(request, "unknown_session")
    url = request.app[SETTINGS].database_url
    chat = await asyncio.to_thread(live.open_chat_of, session.conversation_id, url)
    # read before the events: a message stored in between is shown again, never lost
    live_after = await asyncio.to_thread(live.last_message_id, chat.id, url) if chat else 0
    try:
        events = await _client(request).events(session.conversation_id)
    except RasaUnavailable:
        return error_response(request, "unavailable")
    return web.json_response(
        {
            "messages": replay(events, lang if lang in LANGS else "sv"),
            # a waiting or active live chat: the widget opens its stream again from here
            "live": chat.status if chat else None,
            "live_after": live_after,
        }
    )


def replay(events: list[dict[str, Any]], lang: str) -> list[dict[str, Any]]:
    """The messages of a stored conversation as the widget showed them.

    A button click was sent as its payload; it is shown by the button's title, as it was
    when clicked. Other payloads (the language switch, the header buttons) are not shown.
    Each message has the conversation's language at that point (its ``language`` slot; a
    person's message, the language of the turn it started), the page language before the
    bot knew it.
    """
    turn_language = _turn_languages(events, lang)
    out: list[dict[str, Any]] = []
    titles: dict[str, str] = {}
    for index, event in enumerate(events):
        if event.get("event") == "slot" and event.get("name") == "language":
            lang = event["value"] if event.get("value") in LANGS else lang
        elif event.get("event") == "user":
            text = str(event.get("text") or "")
            metadata = event.get("metadata") or {}
            if metadata.get("replayed") is True:
                continue  # the same message, handed on when a form was left: shown once
            intent = ((event.get("parse_data") or {}).get("intent") or {}).get("name") or ""
            if str(intent).startswith("EXTERNAL_"):
                continue  # sent by the web app (a live chat ended), not typed
            if metadata.get("hidden") is True:
                text = ""
            elif text.startswith("/"):
                text = titles.get(text, "")
            if text:
                out.append({"from": "user", "text": text, "lang": turn_language[index]})
            titles = {}
        elif event.get("event") == "bot" and isinstance(_live_mark(event), dict):
            # a live chat: the coach's own message, or that they joined or left
            mark = _live_mark(event)
            sender = "coach" if mark.get("from") == "coach" else "system"
            out.append(
                {
                    "from": sender,
                    "lang": lang,
                    "name": str(mark.get("name") or ""),
                    "text": str(event.get("text") or ""),
                }
            )
        elif event.get("event") == "bot":
            data = event.get("data") or {}
            raw = {
                "text": event.get("text"),
                "buttons": data.get("buttons"),
                "custom": data.get("custom"),
            }
            shown = bot_messages([{k: v for k, v in raw.items() if v}], lang)
            for button in shown[0].get("buttons", []):
                titles[button["payload"]] = button["title"]
            out += shown
    return out[-200:]


def _live_mark(event: dict[str, Any]) -> Any:
    return (event.get("metadata") or {}).get(live_flow.LIVE_KEY)


def _turn_languages(events: list[dict[str, Any]], lang: str) -> dict[int, str]:
    """For each user event's index, the conversation's language at the end of its turn."""
    out: dict[int, str] = {}
    pending: list[int] = []
    for index, event in enumerate(events):
        if event.get("event") == "user":
            for waiting in pending:
                out[waiting] = lang
            pending = [index]
        elif event.get("event") == "slot" and event.get("name") == "language":
            lang = event["value"] if event.get("value") in LANGS else lang
    for waiting in pending:
        out[waiting] = lang
    return out


async def delete(request: web.Request) -> web.Response:
    """Delete the conversation: its events in the tracker store, and the session."""
    body = await request_body(request)
    if isinstance(body, web.Response):
        return body
    session = await valid_session(request, body)
    if session is None:
        return error_response(request, "unknown_session")
    settings = request.app[SETTINGS]
    try:
        removed = await _client(request).erase(session.conversation_id)
    except RasaUnavailable:
        return error_response(request, "unavailable")
    await asyncio.to_thread(chat_sessions.forget, session.secret, settings.database_url)
    await asyncio.to_thread(
        live_upkeep.forget_conversation, session.conversation_id, settings.database_url
    )
    log.info("chat conversation deleted by its user (%d events)", removed)
    return web.json_response({"deleted": True})
