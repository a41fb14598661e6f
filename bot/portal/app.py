"""The aiohttp application factory."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import aiohttp
import aiohttp_jinja2
import jinja2
from aiohttp import web

from bot.config import Settings, load_settings
from bot.portal.keys import HTTP, SETTINGS
from bot.portal.middlewares import errors, security_headers
from bot.portal.routes import setup_routes

TEMPLATES = Path(__file__).resolve().parent / "templates"


async def _http_client(app: web.Application) -> AsyncIterator[None]:
    async with aiohttp.ClientSession() as session:
        app[HTTP] = session
        yield


def create_app(settings: Settings | None = None) -> web.Application:
    """Build the web app (status and privacy pages; more routes join as features land)."""
    app = web.Application(middlewares=[errors, security_headers], client_max_size=64 * 1024)
    app[SETTINGS] = settings or load_settings()
    aiohttp_jinja2.setup(
        app,
        loader=jinja2.FileSystemLoader(str(TEMPLATES)),
        autoescape=jinja2.select_autoescape(default=True),
    )
    app.cleanup_ctx.append(_http_client)
    setup_routes(app)
    return app
