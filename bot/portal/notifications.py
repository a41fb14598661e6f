"""The web app's e-mail sender: delivers the notification outbox (bot/notify/outbox.py)."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator

from aiohttp import web

from bot.notify import mail
from bot.notify.outbox import run_sender
from bot.portal.keys import SETTINGS

log = logging.getLogger(__name__)


async def outbox_job(app: web.Application) -> AsyncIterator[None]:
    """The web app's sender (cleanup context); off when SMTP_HOST is not set."""
    smtp = mail.SmtpSettings.from_env()
    if smtp is None:
        log.info("SMTP_HOST is not set: coaches' e-mail stays in the outbox")
        yield
        return
    settings = app[SETTINGS]
    every = float(settings.outbox_interval)
    task = asyncio.create_task(
        run_sender(smtp, settings.public_base_url, settings.database_url, every)
    )
    yield
    task.cancel()
    try:
        await task
    except asyncio.CancelledError:
        pass
