"""The aiohttp application factory."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import aiohttp
import aiohttp_jinja2
import jinja2
from aiohttp import web

from bot.config import PROJECT_ROOT, Settings, load_settings
from bot.nlu.editor import ProjectFiles
from bot.portal.auth import csrf_protect, portal_session
from bot.portal.auth_limits import LoginLimiter
from bot.portal.jobs import TrainingJobs
from bot.portal.keys import (
    CHAT_LIMITS,
    FILES,
    HTTP,
    JOBS,
    LIMITER,
    RASA,
    SETTINGS,
)
from bot.portal.live_flow import live_context
from bot.portal.middlewares import embed_cors, errors, response_headers, security_headers
from bot.portal.notifications import outbox_job
from bot.portal.retention import retention_job
from bot.portal.routes import setup_routes
from bot.portal.texts import t
from bot.rasa_client import RasaClient
from bot.rules.rate_limit import Limit, RateLimiter
from bot.rules.timefmt import clock, when
from bot.rules.vocabulary import LANGUAGE_NAMES, QUESTION_LABELS, label

TEMPLATES = Path(__file__).resolve().parent / "templates"


def _no_none(value: object) -> object:
    """A missing value prints as nothing, never as "None"."""
    return "" if value is None else value


def question_label(key: str, language: str) -> str:
    """A question's name for a coach; "Svar" / "Vastaus" rather than an unknown slot name."""
    entry = QUESTION_LABELS.get(key)
    return entry[language] if entry else t("answer", language)


async def _http_client(app: web.Application) -> AsyncIterator[None]:
    async with aiohttp.ClientSession() as session:
        app[HTTP] = session
        settings = app[SETTINGS]
        app[RASA] = RasaClient(session, settings.rasa_urls, settings.rasa_token)
        yield


def create_app(settings: Settings | None = None, root: Path = PROJECT_ROOT) -> web.Application:
    """Build the web app: public pages, the .ics files and the coach and staff portal.

    ``root`` is the project whose data files staff edit (tests pass a copy).
    """
    app = web.Application(
        middlewares=[errors, security_headers, embed_cors, portal_session, csrf_protect],
        client_max_size=6 * 1024 * 1024,
    )
    settings = settings or load_settings()
    app[SETTINGS] = settings
    app[LIMITER] = LoginLimiter()
    app[FILES] = ProjectFiles(root)
    app[JOBS] = TrainingJobs(root, settings)
    app[CHAT_LIMITS] = {
        name: RateLimiter(Limit(burst, per_minute))
        for name, (burst, per_minute) in settings.chat_limits.items()
    }
    env = aiohttp_jinja2.setup(
        app,
        loader=jinja2.FileSystemLoader(str(TEMPLATES)),
        autoescape=jinja2.select_autoescape(default=True),
        finalize=_no_none,
    )
    env.globals.update(
        t=t,
        when=when,
        clock=clock,
        question_label=question_label,
        language_name=lambda code, lang: label(LANGUAGE_NAMES, code, lang),
    )
    app.on_response_prepare.append(response_headers)  # type: ignore[arg-type]  # aiohttp 3.9 Signal typing
    app.cleanup_ctx.append(_http_client)
    app.cleanup_ctx.append(retention_job)
    app.cleanup_ctx.append(outbox_job)
    app.cleanup_ctx.append(live_context)
    setup_routes(app)
    return app
