"""The retention job inside the web app (single-machine installs; Kubernetes uses a CronJob).

Once a day (first run a minute after start) it runs ``bot.privacy.purge`` with
RETENTION_DAYS. Off when RETENTION_DAYS is 0 or RETENTION_IN_APP is false.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator

from aiohttp import web

from bot.portal.keys import SETTINGS

log = logging.getLogger(__name__)
FIRST_RUN_S = 60.0
EVERY_S = 24 * 3600.0


async def _loop(app: web.Application) -> None:
    from bot.privacy import purge

    settings = app[SETTINGS]
    await asyncio.sleep(FIRST_RUN_S)
    while True:
        try:
            counts = await asyncio.to_thread(purge, settings.retention_days, settings)
            log.info("retention: %s", ", ".join(f"{k} {v}" for k, v in counts.items()))
        except Exception as exc:  # the next day tries again; the error class is enough
            log.error("retention run failed: %s", exc.__class__.__name__)
        await asyncio.sleep(EVERY_S)


async def retention_job(app: web.Application) -> AsyncIterator[None]:
    """aiohttp cleanup context: run the daily purge while the app runs."""
    settings = app[SETTINGS]
    task = None
    if settings.retention_days > 0 and settings.retention_in_app:
        task = asyncio.create_task(_loop(app))
    yield
    if task is not None:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task
