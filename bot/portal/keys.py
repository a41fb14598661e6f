"""Typed keys for state shared through the aiohttp application."""

from __future__ import annotations

import aiohttp
from aiohttp import web

from bot.config import Settings

SETTINGS = web.AppKey("settings", Settings)
HTTP = web.AppKey("http", aiohttp.ClientSession)
