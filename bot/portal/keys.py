"""Typed keys for state shared through the aiohttp application."""

from __future__ import annotations

import hashlib
import hmac

import aiohttp
from aiohttp import web

from bot.config import Settings
from bot.nlu.editor import ProjectFiles
from bot.portal.auth_limits import LoginLimiter
from bot.portal.jobs import TrainingJobs
from bot.portal.live_bus import LiveBus
from bot.rasa_client import RasaClient
from bot.rules.rate_limit import RateLimiter

SETTINGS = web.AppKey("settings", Settings)
HTTP = web.AppKey("http", aiohttp.ClientSession)
LIMITER = web.AppKey("login_limiter", LoginLimiter)
FILES = web.AppKey("project_files", ProjectFiles)
JOBS = web.AppKey("training_jobs", TrainingJobs)
CHAT_LIMITS = web.AppKey("chat_limits", dict[str, RateLimiter])
RASA = web.AppKey("rasa", RasaClient)
BUS = web.AppKey("live_bus", LiveBus)


def database_url(request: web.Request) -> str:
    """The case database of this app."""
    return request.app[SETTINGS].database_url


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


def client_key(request: web.Request) -> str:
    """The caller's address as the bot may see it: a keyed hash (16 hex digits), never the
    address itself. The action server limits bookings and codes per address by it."""
    key = request.app[SETTINGS].conversation_key.encode()
    return hmac.new(key, b"address:" + client_ip(request).encode(), hashlib.sha256).hexdigest()[:16]
