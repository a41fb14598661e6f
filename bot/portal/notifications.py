"""The web app's senders: the coaches' notification outbox (bot/notify/outbox.py) and the
person's messages about their meeting (bot/notify/person_outbox.py); and the release of
bookings held for a code that never came (bot/cases/booking_hold.py)."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator

from aiohttp import web

from bot.cases import booking_hold
from bot.notify import mail, person_outbox, sms
from bot.notify.outbox import run_sender
from bot.portal.keys import SETTINGS

log = logging.getLogger(__name__)


async def _person_sender(
    smtp: mail.SmtpSettings | None, gateway: sms.SmsSettings | None, url: str, every: float
) -> None:
    while True:
        try:
            await person_outbox.deliver_due(smtp, gateway, None, url)
        except Exception:  # the database away for a moment: the next round tries again
            log.exception("the messages to people could not be read")
        await asyncio.sleep(every)


async def _release_holds(url: str, every: float) -> None:
    while True:
        try:
            released = await asyncio.to_thread(booking_hold.release_expired, None, url)
            if released:
                log.info("released %d booking(s) nobody confirmed with the code", released)
        except Exception:  # the database away for a moment: the next round tries again
            log.exception("held bookings could not be released")
        await asyncio.sleep(every)


async def outbox_job(app: web.Application) -> AsyncIterator[None]:
    """The web app's senders (cleanup context). Without SMTP_HOST the e-mail waits in the
    outbox, without SMS_GATEWAY_URL the SMS do."""
    smtp = mail.SmtpSettings.from_env()
    gateway = sms.SmsSettings.from_env()
    settings = app[SETTINGS]
    every = float(settings.outbox_interval)
    # on every instance (each release locks its rows, so two instances release once)
    tasks = [asyncio.create_task(_release_holds(settings.database_url, every))]
    if smtp is None:
        log.info("SMTP_HOST is not set: e-mail stays in the outbox")
    else:
        tasks.append(
            asyncio.create_task(
                run_sender(smtp, settings.public_base_url, settings.database_url, every)
            )
        )
    if gateway is None:
        log.info("SMS_GATEWAY_URL is not set: SMS stay in the outbox")
    if smtp is not None or gateway is not None:
        tasks.append(
            asyncio.create_task(_person_sender(smtp, gateway, settings.database_url, every))
        )
    yield
    for task in tasks:
        task.cancel()
    for task in tasks:
        try:
            await task
        except asyncio.CancelledError:
            pass
