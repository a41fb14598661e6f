"""Typed keys for state shared through the aiohttp application."""

from __future__ import annotations

import aiohttp
from aiohttp import web

from bot.config import Settings
from bot.nlu.editor import ProjectFiles
from bot.portal.auth_limits import LoginLimiter
from bot.portal.jobs import TrainingJobs
from bot.rasa_client import RasaClient
from bot.rules.rate_limit import RateLimiter

SETTINGS = web.AppKey("settings", Settings)
HTTP = web.AppKey("http", aiohttp.ClientSession)
LIMITER = web.AppKey("login_limiter", LoginLimiter)
FILES = web.AppKey("project_files", ProjectFiles)
JOBS = web.AppKey("training_jobs", TrainingJobs)
CHAT_LIMITS = web.AppKey("chat_limits", dict[str, RateLimiter])
RASA = web.AppKey("rasa", RasaClient)


def database_url(request: web.Request) -> str:
    """The case database of this app."""
    return request.app[SETTINGS].database_url
