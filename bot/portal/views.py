"""Views of the public pages: status, health, privacy notices."""

from __future__ import annotations

import asyncio
from pathlib import Path

import aiohttp
import aiohttp_jinja2
from aiohttp import web

from bot.cases import booking
from bot.portal.keys import HTTP, SETTINGS
from bot.rules.meeting_calendar import meeting_calendar as calendar_text


async def _probe(session: aiohttp.ClientSession, url: str) -> bool:
    try:
        async with session.get(url, timeout=aiohttp.ClientTimeout(total=2)) as response:
            return response.status == 200
    except (aiohttp.ClientError, asyncio.TimeoutError):
        return False


async def health(request: web.Request) -> web.Response:
    """Liveness of the web app itself."""
    return web.json_response({"status": "ok"})


@aiohttp_jinja2.template("index.html")
async def index(request: web.Request) -> dict[str, object]:
    """A public page that says whether the service runs.

    It names the parts and their state only: the internal addresses and ports of Rasa and
    the action server stay in the server's own log (issue 15).
    """
    settings = request.app[SETTINGS]
    session = request.app[HTTP]
    actions_url = settings.action_server_url.rsplit("/webhook", 1)[0] + "/health"
    rasa_ok, actions_ok = await asyncio.gather(
        _probe(session, settings.rasa_url + "/"), _probe(session, actions_url)
    )
    return {"services": [("Rasa", rasa_ok), ("Action server", actions_ok), ("Web app", True)]}


@aiohttp_jinja2.template("privacy.html")
async def privacy(request: web.Request) -> dict[str, object]:
    """The privacy notice in Swedish or Finnish."""
    lang = "fi" if request.path.startswith("/fi/") else "sv"
    return {"lang": lang, "settings": request.app[SETTINGS]}


async def meeting_calendar(request: web.Request) -> web.Response:
    """The .ics file of a meeting, at an unguessable URL (256 random bits): the booked
    meeting, or its cancellation (``METHOD:CANCEL`` for the same UID, so a calendar that
    fetches it again removes the entry). Served ``inline`` so phones offer to add it."""
    token = request.match_info["token"]
    if not 20 <= len(token) <= 64:
        raise web.HTTPNotFound()
    settings = request.app[SETTINGS]
    meeting = await asyncio.to_thread(booking.meeting_by_token, token, settings.database_url)
    if meeting is None or meeting.start_at is None or meeting.status not in ("booked", "cancelled"):
        raise web.HTTPNotFound()
    method = "CANCEL" if meeting.status == "cancelled" else "PUBLISH"
    body = calendar_text(meeting, method, settings.public_base_url)
    return web.Response(
        body=body.encode("utf-8"),
        content_type="text/calendar",
        charset="utf-8",
        headers={
            "Content-Disposition": f'inline; filename="meeting-{meeting.reference}.ics"',
            "Cache-Control": "no-store",
        },
    )


WEB = Path(__file__).resolve().parent.parent / "web"


@aiohttp_jinja2.template("city.html")
async def city_page(request: web.Request) -> dict[str, object]:
    """A demo city page that embeds the chat with one script tag."""
    return {
        "lang": "fi" if request.path.startswith("/fi") else "sv",
        "settings": request.app[SETTINGS],
    }


@aiohttp_jinja2.template("accessibility.html")
async def accessibility(request: web.Request) -> dict[str, object]:
    """The accessibility statement, with a feedback channel."""
    return {
        "lang": "fi" if request.path.startswith("/fi") else "sv",
        "settings": request.app[SETTINGS],
    }


async def widget_js(request: web.Request) -> web.StreamResponse:
    """The self-contained chat widget (no CDN, no external fonts)."""
    return web.FileResponse(
        WEB / "widget.js",
        headers={"Content-Type": "text/javascript; charset=utf-8", "Cache-Control": "no-cache"},
    )
