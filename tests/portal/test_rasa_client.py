"""The web app's client of the Rasa servers: a slow Rasa is "unavailable" (the chat answers
503 with the service's phone number), never an unhandled timeout (HTTP 500)."""

from __future__ import annotations

import asyncio
from typing import Any

import aiohttp
import pytest
from aiohttp import web

from bot.rasa_client import RasaClient, RasaUnavailable


async def test_a_slow_rasa_is_unavailable_not_a_crash(aiohttp_server: Any) -> None:
    async def slow(request: web.Request) -> web.Response:
        await asyncio.sleep(5)
        return web.json_response([])

    app = web.Application()
    app.router.add_post("/webhooks/rest/webhook", slow)
    server = await aiohttp_server(app)
    async with aiohttp.ClientSession() as session:
        client = RasaClient(session, str(server.make_url("")), "t")
        # Python 3.10: aiohttp raises asyncio.TimeoutError, which is not the built-in one
        with pytest.raises(RasaUnavailable, match="TimeoutError"):
            await client.send("c1", "hej", {"lang": "sv"}, timeout=0.3)
