"""Staff views: statistics (cases, meetings, paths) and the bot's fallback rate."""

from __future__ import annotations

import asyncio
from datetime import datetime, timedelta, timezone

import aiohttp_jinja2
from aiohttp import web

from bot.cases import portal
from bot.portal.auth import staff_required, template_context
from bot.portal.keys import RASA, SETTINGS
from bot.rasa_client import RasaUnavailable


@staff_required
@aiohttp_jinja2.template("portal/stats.html")
async def stats_page(request: web.Request) -> dict[str, object]:
    """Counts with simple bar charts (server-rendered SVG, no script)."""
    settings = request.app[SETTINGS]
    numbers = await asyncio.to_thread(portal.stats, 8, None, settings.database_url)
    since = datetime.now(timezone.utc) - timedelta(weeks=8)
    try:
        fallbacks, messages = await request.app[RASA].fallback_rate(since)
    except RasaUnavailable:
        fallbacks, messages = 0, 0  # the page shows the rest; Rasa is down

    rate = fallbacks / messages if messages else 0.0
    return template_context(request, s=numbers, fallbacks=fallbacks, messages=messages, rate=rate)
