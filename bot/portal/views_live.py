"""The coach's live chat: availability, the live queue, taking a chat, the chat itself.

A coach sees the waiting chats of their team in the languages they serve in (staff: all)
and sets their availability; the queue page updates itself through server-sent events
(``/portal/live/events``) while it is open, which also keeps the coach "available". A
chat's page belongs to the coach who took it, nobody else. Every POST carries the CSRF
token (the portal's middleware); the event streams check the session and the Origin.
"""

from __future__ import annotations

import asyncio
import json
import time
from datetime import timedelta
from typing import Any
from urllib.parse import urlsplit

import aiohttp_jinja2
from aiohttp import web

from bot.cases import booking, live, live_queue, portal, presence
from bot.cases.models import utcnow
from bot.portal import live_flow
from bot.portal.access import NOT_FOUND, Scope, scope_of
from bot.portal.auth import current_user, login_required, template_context
from bot.portal.chat import limited, replay
from bot.portal.chat_live import until_closed
from bot.portal.keys import BUS, RASA, SETTINGS
from bot.portal.live_bus import WAKE_EVERY, wait
from bot.portal.texts import t
from bot.portal.views_portal import summary_text
from bot.rasa_client import RasaUnavailable
from bot.rules import municipalities
from bot.rules.live_chat import PRESENCE
from bot.rules.slots import HELSINKI, Slot, free_slots, parse_key
from bot.rules.timefmt import when
from bot.scheduling import HORIZON_DAYS

CHANNELS = ("visit", "phone", "video")
MAX_STREAM = 300.0  # seconds; EventSource reconnects by itself (with Last-Event-ID)
QUEUE_POLL = 3.0  # seconds: the queue page also reads the database this often
NOT_YOURS = "Chatten är inte din. / Keskustelu ei ole sinun."
BAD_ORIGIN = "Fel ursprung. / Väärä alkuperä."


def _db(request: web.Request) -> str:
    return request.app[SETTINGS].database_url


def _idle(request: web.Request) -> timedelta:
    return timedelta(seconds=request.app[SETTINGS].live.presence_idle_seconds)


def check_origin(request: web.Request) -> None:
    """A stream is opened by the portal's own pages only (SameSite cookie, and this)."""
    origin = request.headers.get("Origin")
    if origin is not None:
        own = urlsplit(request.app[SETTINGS].public_base_url)
        allowed = {f"{own.scheme}://{own.netloc}", f"{request.scheme}://{request.host}"}
        if origin not in allowed:
            raise web.HTTPForbidden(text=BAD_ORIGIN)
    if request.headers.get("Sec-Fetch-Site", "same-origin") not in ("same-origin", "none"):
        raise web.HTTPForbidden(text=BAD_ORIGIN)


def _in_scope(scope: Scope, team: str, language: str) -> bool:
    return (scope.teams is None or team in scope.teams) and (
        scope.languages is None or language in scope.languages
    )


def _entries(entries: list[live_queue.QueueEntry], lang: str) -> list[dict[str, Any]]:
    now = utcnow()
    out = []
    for entry in entries:
        home = municipalities.by_code(entry.municipality) if entry.municipality else None
        out.append(
            {
                "id": entry.id,
                "language": entry.language,
                "municipality": home.name(lang) if home else "",
                "waiting_minutes": max(0, int((now - entry.requested_at).total_seconds() // 60)),
                "has_summary": entry.has_summary,
            }
        )
    return out


async def _queue(request: web.Request) -> list[dict[str, Any]]:
    scope = await scope_of(request)
    entries = await asyncio.to_thread(live_queue.queue, scope.teams, scope.languages, _db(request))
    return _entries(entries, template_context(request)["lang"])


@login_required
async def live_page(request: web.Request) -> web.StreamResponse:
    """The live queue of the coach's team and languages, and their availability."""
    user = current_user(request)
    context = template_context(request)
    context["entries"] = await _queue(request)
    context["presence"] = await asyncio.to_thread(
        presence.presence_of, user.id, _idle(request), _db(request)
    )
    context["presence_choices"] = PRESENCE
    context["message"] = {
        "taken": t("live_taken_by_other", context["lang"]),
        "unavailable": t("live_take_unavailable", context["lang"]),
    }.get(request.query.get("m", ""), "")
    return aiohttp_jinja2.render_template("portal/live.html", request, context)


@login_required
async def queue_json(request: web.Request) -> web.Response:
    """The live queue as JSON, for the page's own refresh."""
    return web.json_response({"entries": await _queue(request)})


@login_required
async def set_presence(request: web.Request) -> web.StreamResponse:
    """Available / busy / away."""
    form = await request.post()
    status = str(form.get("status") or "")
    if status not in PRESENCE:
        raise web.HTTPBadRequest(text="Välj en status. / Valitse tila.")
    user = current_user(request)
    await asyncio.to_thread(presence.set_presence, user.id, status, None, _db(request))
    raise web.HTTPFound(f"/portal/live?lang={template_context(request)['lang']}")


async def _sse(request: web.Request) -> web.StreamResponse:
    response = web.StreamResponse(
        headers={
            "Content-Type": "text/event-stream; charset=utf-8",
            "Cache-Control": "no-store",
            "X-Accel-Buffering": "no",
        }
    )
    await response.prepare(request)
    return response


@login_required
async def queue_events(request: web.Request) -> web.StreamResponse:
    """Server-sent events: "queue" whenever the live queue may have changed. While the
    stream is open the coach's availability stays fresh."""
    check_origin(request)
    user = current_user(request)
    response = await _sse(request)
    await until_closed(response, _queue_lines(request, response, user.id))
    return response


async def _queue_lines(request: web.Request, response: web.StreamResponse, user_id: int) -> None:
    deadline = time.monotonic() + MAX_STREAM
    signature = await asyncio.to_thread(live_queue.queue_signature, _db(request))
    idle = 0.0
    seen = 0.0
    async with request.app[BUS].listening(live_flow.QUEUE_TOPIC) as changed:
        while time.monotonic() < deadline:
            changed.clear()
            if time.monotonic() - seen >= WAKE_EVERY:  # a write only as often as needed
                seen = time.monotonic()
                await asyncio.to_thread(presence.presence_seen, user_id, None, _db(request))
            woken = await wait(changed, QUEUE_POLL)
            # the action server queues people in its own process: the database says so too
            now = await asyncio.to_thread(live_queue.queue_signature, _db(request))
            if woken or now != signature:
                signature, idle = now, 0.0
                await response.write(b"event: queue\ndata: changed\n\n")
            else:
                idle += QUEUE_POLL
                if idle >= WAKE_EVERY:
                    idle = 0.0
                    await response.write(b": ping\n\n")


async def _own_chat(request: web.Request) -> live.ChatInfo:
    """The chat of the URL; 403 unless the logged-in coach took it."""
    chat = await asyncio.to_thread(live.get_chat, int(request.match_info["chat_id"]), _db(request))
    if chat is None:
        raise web.HTTPNotFound(text=NOT_FOUND)
    if chat.coach_user_id != current_user(request).id:
        raise web.HTTPForbidden(text=NOT_YOURS)
    return chat


@login_required
async def take(request: web.Request) -> web.StreamResponse:
    """Take a waiting chat of one's team and language; the loser of a race is told."""
    lang = template_context(request)["lang"]
    chat_id = int(request.match_info["chat_id"])
    chat = await asyncio.to_thread(live.get_chat, chat_id, _db(request))
    if chat is None:
        raise web.HTTPNotFound(text=NOT_FOUND)
    scope = await scope_of(request)
    if not _in_scope(scope, chat.team, chat.language):
        raise web.HTTPForbidden(text=NOT_YOURS)
    try:
        taken = await live_flow.take(request.app, chat_id, current_user(request))
    except RasaUnavailable:
        raise web.HTTPFound(f"/portal/live?lang={lang}&m=unavailable") from None
    if taken is None:
        raise web.HTTPFound(f"/portal/live?lang={lang}&m=taken")
    raise web.HTTPFound(f"/portal/live/{chat_id}?lang={lang}")


def _item(row: live.MessageRow) -> dict[str, Any]:
    item = {"id": row.id, "from": row.sender, "name": row.name or "", "text": row.text}
    return {**item, "final": True} if (row.payload or {}).get("final") else item


@login_required
async def chat_page(request: web.Request) -> web.StreamResponse:
    """The summary beside the conversation so far, then the live exchange."""
    chat = await _own_chat(request)
    context = template_context(request, chat=chat)
    lang = context["lang"]
    view = (
        await asyncio.to_thread(portal.case_view, chat.case_public_id, _db(request))
        if chat.case_public_id
        else None
    )
    context["case"] = view
    if view is not None and view.summary is not None:
        context["summary_text"] = summary_text(view.summary, lang)
    before: list[dict[str, Any]] = []
    if chat.status == "active":  # after the end, the coach sees the chat, not what follows
        try:
            events = await request.app[RASA].events(chat.conversation_id)
            before = [m for m in replay(events, chat.language) if m["from"] in ("user", "bot")]
        except RasaUnavailable:
            before = []
    # what the person and the bot said before the coach joined (the live part follows)
    context["before"] = before[-40:]
    rows = await asyncio.to_thread(live.messages_after, chat.id, 0, _db(request))
    context["messages"] = [_item(r) for r in rows if not (r.payload or {}).get("final")]
    coach_id = current_user(request).coach_id
    slots = await asyncio.to_thread(_free_slots, coach_id, _db(request)) if coach_id else []
    context["slots"] = [(s.key(), when(s.start, lang)) for s in slots]
    context["channels"] = await asyncio.to_thread(_channels, coach_id, _db(request))
    context["error"] = {"taken": t("live_slot_taken", lang)}.get(request.query.get("m", ""), "")
    context["after"] = rows[-1].id if rows else 0
    return aiohttp_jinja2.render_template("portal/live_chat.html", request, context)


@login_required
async def chat_events(request: web.Request) -> web.StreamResponse:
    """Server-sent events of one chat: each new message, with its id (Last-Event-ID)."""
    check_origin(request)
    chat = await _own_chat(request)
    user = current_user(request)
    raw = request.headers.get("Last-Event-ID") or request.query.get("after") or "0"
    after = int(raw) if raw.isdigit() and len(raw) < 10 else 0
    response = await _sse(request)
    await until_closed(response, _chat_lines(request, response, chat, user.id, after))
    return response


async def _chat_lines(
    request: web.Request,
    response: web.StreamResponse,
    chat: live.ChatInfo,
    user_id: int,
    after: int,
) -> None:
    deadline = time.monotonic() + MAX_STREAM
    # the coach counts as there while this stream is open: beat well inside the timeout
    beat = min(WAKE_EVERY, request.app[SETTINGS].live.coach_timeout_seconds / 3)
    seen = 0.0
    async with request.app[BUS].listening(live_flow.chat_topic(chat.id)) as changed:
        while time.monotonic() < deadline:
            changed.clear()
            if time.monotonic() - seen >= beat:  # writes only as often as the beat needs
                seen = time.monotonic()
                await asyncio.to_thread(live.coach_seen, chat.id, user_id, None, _db(request))
                await asyncio.to_thread(presence.presence_seen, user_id, None, _db(request))
            state = await asyncio.to_thread(live.stream_state, chat.id, after, _db(request))
            current = state.chat if state else None
            for row in state.rows if state else []:
                data = json.dumps(_item(row), ensure_ascii=False)
                await response.write(f"id: {row.id}\nevent: message\ndata: {data}\n\n".encode())
                after = row.id
            if current is None or current.status != "active":
                await response.write(b"event: ended\ndata: ended\n\n")
                break
            if not await wait(changed, beat):
                await response.write(b": ping\n\n")


BOOKABLE = 6  # the coach's next free times offered on the chat page


def _free_slots(coach_id: int, url: str) -> list[Slot]:
    """The coach's next free times (to book one for the person from the chat)."""
    now = utcnow()
    first_day = now.astimezone(HELSINKI).date()
    schedule = booking.schedules([coach_id], first_day, HORIZON_DAYS, url)[coach_id]
    return free_slots(schedule, first_day, HORIZON_DAYS, now)[:BOOKABLE]


def _channels(coach_id: int | None, url: str) -> list[str]:
    coach = next((c for c in booking.coaches(url) if c.id == coach_id), None)
    return list(coach.channels) if coach else []


@login_required
async def book(request: web.Request) -> web.StreamResponse:
    """Book one of the coach's free times for the person, from the chat; the person is
    told in the chat, in their language (the meeting is the coach's, with no contact
    details unless the person gives them later)."""
    chat = await _own_chat(request)
    user = current_user(request)
    lang = template_context(request)["lang"]
    form = await request.post()
    channel = str(form.get("channel") or "")
    try:
        coach_id, start = parse_key(str(form.get("slot") or ""))
    except ValueError:
        raise web.HTTPBadRequest(text=t("live_slot_taken", lang)) from None
    if chat.status != "active" or coach_id != user.coach_id or channel not in CHANNELS:
        raise web.HTTPBadRequest(text=t("live_slot_taken", lang))
    try:
        meeting = await asyncio.to_thread(
            booking.book,
            Slot(start, coach_id),
            channel,
            chat.language,
            booking.ContactDetails(),
            chat.conversation_id,
            False,
            None,
            _db(request),
            "coach",
        )
    except (booking.SlotTaken, booking.AlreadyBooked):
        raise web.HTTPFound(f"/portal/live/{chat.id}?lang={lang}&m=taken") from None
    said = live_flow.text("booked", chat.language, user.display_name).format(
        when=when(start, chat.language),
        how=live_flow.text(f"channel_{channel}", chat.language, ""),
        reference=meeting.reference,
    )
    await live_flow.coach_says(request.app, chat, user, said)
    raise web.HTTPFound(f"/portal/live/{chat.id}?lang={lang}")


def _wants_json(request: web.Request) -> bool:
    return "application/json" in request.headers.get("Accept", "")


@login_required
async def send(request: web.Request) -> web.StreamResponse:
    """The coach writes to the person (plain text; the widget never renders HTML)."""
    chat = await _own_chat(request)
    user = current_user(request)
    lang = template_context(request)["lang"]
    refused = limited(request, "session", f"coach:{user.id}")
    if refused is not None:
        return refused
    form = await request.post()
    said = str(form.get("text") or "").strip()
    if not said or len(said) > live_flow.MAX_COACH_MESSAGE:
        raise web.HTTPBadRequest(text=t("live_message_length", lang))
    if chat.status != "active":
        raise web.HTTPConflict(text=t("live_chat_over", lang))
    message_id = await live_flow.coach_says(request.app, chat, user, said)
    if _wants_json(request):
        return web.json_response({"id": message_id})
    raise web.HTTPFound(f"/portal/live/{chat.id}?lang={lang}")


@login_required
async def end(request: web.Request) -> web.StreamResponse:
    """End the chat, or hand the person back to the bot (it offers the next meeting)."""
    chat = await _own_chat(request)
    form = await request.post()
    reason = "handback" if form.get("reason") == "handback" else "ended"
    await live_flow.end(request.app, chat.id, reason, current_user(request))
    lang = template_context(request)["lang"]
    target = f"/portal/cases/{chat.case_public_id}" if chat.case_public_id else "/portal/live"
    raise web.HTTPFound(f"{target}?lang={lang}")
