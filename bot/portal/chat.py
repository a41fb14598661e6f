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
from typing import Any
from urllib.parse import urlsplit

from aiohttp import web

from bot.cases import chat_sessions, tracker_events
from bot.cases.privacy import ERASED_TYPE
from bot.nlu.langid import Lexicon, detect
from bot.portal.keys import CHAT_LIMITS, LEXICON, RASA, SETTINGS
from bot.portal.rasa_client import RasaClient, RasaUnavailable

log = logging.getLogger(__name__)
MAX_BODY = 8 * 1024
MAX_MESSAGE = 1000
LANGS = ("sv", "fi")
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

ERRORS: dict[str, tuple[int, str, str]] = {
    "bad_json": (
        400,
        "Meddelandet kunde inte läsas. Ladda om sidan och försök igen.",
        "Viestiä ei voitu lukea. Lataa sivu uudelleen ja yritä uudestaan.",
    ),
    "bad_request": (
        400,
        "Meddelandet saknar något. Ladda om sidan och försök igen.",
        "Viestistä puuttuu jotain. Lataa sivu uudelleen ja yritä uudestaan.",
    ),
    "unknown_session": (
        403,
        "Chatten har gått ut. Ladda om sidan för att börja en ny.",
        "Keskustelu on vanhentunut. Lataa sivu uudelleen aloittaaksesi uuden.",
    ),
    "too_large": (413, "Meddelandet är för stort.", "Viesti on liian suuri."),
    "too_long": (
        422,
        f"Meddelandet får vara högst {MAX_MESSAGE} tecken.",
        f"Viestissä saa olla enintään {MAX_MESSAGE} merkkiä.",
    ),
    "rate_limited": (
        429,
        "Du skickar meddelanden väldigt snabbt. Vänta en liten stund och försök igen.",
        "Lähetät viestejä todella nopeasti. Odota hetki ja yritä uudelleen.",
    ),
    "unavailable": (
        503,
        "Chattboten svarar inte just nu. Försök igen om en stund, eller ring {phone}.",
        "Chatbot ei vastaa juuri nyt. Yritä hetken päästä uudelleen tai soita numeroon {phone}.",
    ),
}


def error_response(request: web.Request, code: str, retry_after: float = 0.0) -> web.Response:
    """A JSON error with a message in both languages."""
    status, sv, fi = ERRORS[code]
    phone = request.app[SETTINGS].service_phone
    headers = {"Retry-After": str(max(1, math.ceil(retry_after)))} if retry_after else None
    return web.json_response(
        {"error": code, "message": {"sv": sv.format(phone=phone), "fi": fi.format(phone=phone)}},
        status=status,
        headers=headers,
    )


def client_ip(request: web.Request) -> str:
    """The caller's address; behind N trusted proxies, the Nth address from the right of
    X-Forwarded-For (what a client writes there itself is not trusted)."""
    hops = request.app[SETTINGS].trusted_proxy_hops
    if hops > 0:
        forwarded = [a.strip() for a in request.headers.get("X-Forwarded-For", "").split(",")]
        forwarded = [a for a in forwarded if a]
        if len(forwarded) >= hops:
            return forwarded[-hops]
    return request.remote or "?"


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


async def _valid_session(request: web.Request, body: dict[str, Any]) -> str | None:
    session = body.get("session")
    if not isinstance(session, str):
        return None
    ok = await asyncio.to_thread(
        chat_sessions.is_valid, session, request.app[SETTINGS].database_url
    )
    return session if ok else None


def _client(request: web.Request) -> RasaClient:
    return request.app[RASA]


def _language_of(text: str, lexicon: Lexicon, fallback: str) -> str:
    found = detect(text, lexicon).language
    return found if found in LANGS else fallback


def bot_messages(
    raw: list[dict[str, Any]], lexicon: Lexicon, language: str
) -> list[dict[str, Any]]:
    """Rasa's messages as the widget wants them, each with its language."""
    out = []
    for message in raw:
        item: dict[str, Any] = {"from": "bot"}
        if isinstance(message.get("text"), str):
            item["text"] = message["text"]
            language = _language_of(message["text"], lexicon, language)
        if isinstance(message.get("buttons"), list):
            item["buttons"] = [
                {"title": str(b.get("title", "")), "payload": str(b.get("payload", ""))}
                for b in message["buttons"]
                if isinstance(b, dict)
            ]
        if isinstance(message.get("custom"), dict):
            item["custom"] = message["custom"]
            language = str(message["custom"].get("lang") or language)
        item["lang"] = language
        out.append(item)
    return out


async def new_session(request: web.Request) -> web.Response:
    """Issue a session id (the widget keeps it in sessionStorage)."""
    refused = limited(request, "new_session", client_ip(request))
    if refused is not None:
        return refused
    settings = request.app[SETTINGS]
    session = await asyncio.to_thread(chat_sessions.issue, settings.database_url)
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
    refused = limited(request, "ip", client_ip(request))
    if refused is not None:
        return refused
    body = await _json_body(request)
    if isinstance(body, web.Response):
        return body
    text = body.get("message")
    lang = body.get("lang", "sv")
    hidden = body.get("hidden", False)
    if not isinstance(text, str) or lang not in LANGS or not isinstance(hidden, bool):
        return error_response(request, "bad_request")
    if len(text) > MAX_MESSAGE:
        return error_response(request, "too_long")
    session = await _valid_session(request, body)
    if session is None:
        return error_response(request, "unknown_session")
    refused = limited(request, "session", session)
    if refused is not None:
        return refused
    try:
        metadata: dict[str, Any] = {"lang": lang}
        if hidden:  # the widget's automatic greeting: not shown again after a reload
            metadata["hidden"] = True
        raw = await _client(request).send(session, text, metadata)
    except RasaUnavailable as exc:
        log.warning("rasa unavailable for a chat message: %s", exc)
        return error_response(request, "unavailable")
    erased = any(_erase_marker(m) for m in raw)
    messages = bot_messages([m for m in raw if not _erase_marker(m)], request.app[LEXICON], lang)
    if erased:  # the person erased the conversation by chat: this session is done
        await asyncio.to_thread(chat_sessions.forget, session, request.app[SETTINGS].database_url)
        return web.json_response({"messages": messages, "erased": True})
    return web.json_response({"messages": messages})


def _erase_marker(message: dict[str, Any]) -> bool:
    custom = message.get("custom")
    return isinstance(custom, dict) and custom.get("type") == ERASED_TYPE


async def history(request: web.Request) -> web.Response:
    """The conversation so far, to restore the chat after a page reload."""
    refused = limited(request, "ip", client_ip(request))
    if refused is not None:
        return refused
    body = {"session": request.query.get("session")}
    lang = request.query.get("lang", "sv")
    session = await _valid_session(request, body)
    if session is None:
        return error_response(request, "unknown_session")
    try:
        events = await _client(request).events(session)
    except RasaUnavailable:
        return error_response(request, "unavailable")
    return web.json_response(
        {"messages": replay(events, request.app[LEXICON], lang if lang in LANGS else "sv")}
    )


def replay(events: list[dict[str, Any]], lexicon: Lexicon, lang: str) -> list[dict[str, Any]]:
    """The messages of a stored conversation as the widget showed them.

    A button click was sent as its payload; it is shown by the button's title, as it was
    when clicked. Other payloads (the language switch, the header buttons) are not shown.
    """
    out: list[dict[str, Any]] = []
    titles: dict[str, str] = {}
    for event in events:
        if event.get("event") == "user":
            text = str(event.get("text") or "")
            language = lang
            metadata = event.get("metadata") or {}
            if metadata.get("replayed") is True:
                continue  # the same message, handed on when a form was left: shown once
            if metadata.get("hidden") is True:
                text = ""
            elif text.startswith("/"):
                text = titles.get(text, "")
            else:
                language = _language_of(text, lexicon, lang)
            if text:
                out.append({"from": "user", "text": text, "lang": language})
            titles = {}
        elif event.get("event") == "bot":
            data = event.get("data") or {}
            raw = {
                "text": event.get("text"),
                "buttons": data.get("buttons"),
                "custom": data.get("custom"),
            }
            shown = bot_messages([{k: v for k, v in raw.items() if v}], lexicon, lang)
            for button in shown[0].get("buttons", []):
                titles[button["payload"]] = button["title"]
            lang = shown[0]["lang"]
            out += shown
    return out[-200:]


async def delete(request: web.Request) -> web.Response:
    """Delete the conversation: its events in the tracker store, and the session."""
    refused = limited(request, "ip", client_ip(request))
    if refused is not None:
        return refused
    body = await _json_body(request)
    if isinstance(body, web.Response):
        return body
    session = await _valid_session(request, body)
    if session is None:
        return error_response(request, "unknown_session")
    settings = request.app[SETTINGS]
    removed = await asyncio.to_thread(
        tracker_events.delete_conversation, settings.tracker_db_url, session
    )
    await asyncio.to_thread(chat_sessions.forget, session, settings.database_url)
    log.info("chat conversation deleted by its user (%d events)", removed)
    return web.json_response({"deleted": True})
