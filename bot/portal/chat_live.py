"""The widget's live stream: a coach's messages as they are written.

``POST /api/chat/live/stream`` with the session secret in the body (never in a URL) and
``after``, the id of the last live message the widget has. The answer is a stream of JSON
lines: the messages after that id, then each new one as it is stored, a ``status`` line
(waiting with the place in the queue, active with the coach's name) when it changes, and
``{"type": "ping"}`` every 15 seconds. The stream ends when the chat has ended and
everything is sent, or after ``MAX_STREAM`` seconds; the widget then opens it again with
its last id, so a network drop loses and doubles nothing. The database is the record;
the bus only wakes the stream (bot/portal/live_bus.py).
"""

from __future__ import annotations

import asyncio
import json
import logging
import time
from collections.abc import Coroutine
from datetime import timedelta
from typing import Any

from aiohttp import web

from bot.cases import live
from bot.cases.models import utcnow
from bot.portal.chat import error_response, request_body, valid_session
from bot.portal.keys import BUS, SETTINGS
from bot.portal.live_bus import wait
from bot.portal.live_flow import chat_topic

log = logging.getLogger(__name__)
MAX_STREAM = 300.0  # seconds; the widget reconnects with its last id
FINAL_WAIT = timedelta(seconds=60)  # an ended chat's stream waits this long for its last line


async def until_closed(response: web.StreamResponse, writing: Coroutine[Any, Any, None]) -> None:
    """Run a stream's writing to its end; a closed page or a dropped network ends it
    quietly (the client reconnects with the last id it has)."""
    try:
        await writing
        await response.write_eof()
    except (ConnectionResetError, ConnectionError):
        log.debug("a live stream's client went away")


def _line(item: dict[str, Any]) -> bytes:
    return (json.dumps(item, ensure_ascii=False) + "\n").encode("utf-8")


def widget_item(row: live.MessageRow, language: str) -> dict[str, Any]:
    """A live message as the widget shows it (text only: the widget never renders HTML)."""
    item: dict[str, Any] = {"type": "message", "id": row.id, "lang": language}
    if row.sender == "coach":
        item.update({"from": "coach", "name": row.name or "", "text": row.text})
    elif row.sender == "system" and (row.payload or {}).get("final"):
        item.update({"from": "system", "final": True})
    elif row.sender == "system":
        item.update({"from": "system", "text": row.text})
    elif row.sender == "bot":
        item.update({"from": "bot", "text": row.text})
        buttons = (row.payload or {}).get("buttons")
        if buttons:
            item["buttons"] = buttons
    else:
        item.update({"from": "user", "text": row.text})
    return item


async def _write(
    request: web.Request, response: web.StreamResponse, chat: live.ChatInfo, after: int, url: str
) -> None:
    """The stream's lines until the chat ends or ``MAX_STREAM`` passes."""
    deadline = time.monotonic() + MAX_STREAM
    last_status: tuple[Any, ...] | None = None
    async with request.app[BUS].listening(chat_topic(chat.id)) as changed:
        while time.monotonic() < deadline:
            changed.clear()
            state = await asyncio.to_thread(live.stream_state, chat.id, after, url)
            if state is None:
                break
            current, place, rows = state.chat, state.place, state.rows
            status = (current.status, place, current.coach_name)
            if status != last_status:
                await response.write(
                    _line(
                        {
                            "type": "status",
                            "status": current.status,
                            "place": place,
                            "coach": current.coach_name or "",
                        }
                    )
                )
                last_status = status
            final = False
            for row in rows:
                if row.sender != "person":  # the widget shows the person's own at once
                    await response.write(_line(widget_item(row, current.language)))
                final = final or (row.payload or {}).get("final") is True
                after = row.id
            if current.status not in live.OPEN:
                if final:
                    break
                ended = current.ended_at
                if current.status == "left" or ended is None or utcnow() - ended > FINAL_WAIT:
                    # nothing more will come (the person left, or an old chat): say so
                    await response.write(_line({"type": "message", "id": after, "final": True}))
                    break
            if not await wait(changed):
                await response.write(_line({"type": "ping"}))


async def stream(request: web.Request) -> web.StreamResponse:
    """The live chat of the widget's conversation, as a stream of JSON lines."""
    body = await request_body(request)
    if isinstance(body, web.Response):
        return body
    after = body.get("after", 0)
    if not isinstance(after, int) or isinstance(after, bool) or not 0 <= after < 2**31:
        return error_response(request, "bad_request")
    session = await valid_session(request, body)
    if session is None:
        return error_response(request, "unknown_session")
    url = request.app[SETTINGS].database_url
    chat = await asyncio.to_thread(live.latest_chat_of, session.conversation_id, url)
    if chat is None:
        return web.json_response({"live": None})
    response = web.StreamResponse(
        headers={
            "Content-Type": "application/x-ndjson; charset=utf-8",
            "Cache-Control": "no-store",
            "X-Accel-Buffering": "no",  # a proxy must pass each line on at once
        }
    )
    await response.prepare(request)
    await until_closed(response, _write(request, response, chat, after, url))
    return response
