"""The steps of a live chat that touch both the case database and Rasa.

Take: the database decides who gets the chat (bot/cases/live.py), then the bot is paused
with Rasa's own ``ConversationPaused`` event and "Anna har anslutit" is stored in the
conversation. A coach's message is stored in the conversation as a bot utterance marked
``{"jobbcoach_live": {"from": "coach", "name": ...}}`` in its metadata (a reload of the
widget, the summary and the export show it as the coach's). End, hand back or a coach
gone: ``ConversationResumed``, then the bot runs on ``EXTERNAL_live_ended`` /
``EXTERNAL_live_lost`` and what it says goes to the person's stream. Every step writes the
live record first and then wakes the streams.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator
from datetime import timedelta
from pathlib import Path
from typing import Any

from aiohttp import web

from bot import safe_yaml
from bot.cases import live, live_upkeep
from bot.cases.db import StorageUnavailable
from bot.cases.models import utcnow
from bot.cases.users import PortalUser
from bot.portal.chat_messages import bot_messages
from bot.portal.keys import BUS, RASA, SETTINGS
from bot.portal.live_bus import LiveBus
from bot.rasa_client import RasaUnavailable

log = logging.getLogger(__name__)
TEXTS: dict[str, dict[str, str]] = safe_yaml.load(
    (Path(__file__).resolve().parent / "live_texts.yml").read_text(encoding="utf-8")
)
MAX_COACH_MESSAGE = 2000


def text(key: str, language: str, name: str) -> str:
    """A line the person sees, in their language ({name}: the coach's; other placeholders
    stay for the caller)."""
    return TEXTS[key].get(language, TEXTS[key]["sv"]).replace("{name}", name)


LIVE_KEY = "jobbcoach_live"  # in a bot event's metadata: a coach's message or a join/leave


def marked(sender: str, name: str) -> dict[str, Any]:
    """The metadata that marks a stored bot event as the coach's (or a join / leave line)."""
    return {LIVE_KEY: {"from": sender, "name": name}}


def chat_topic(chat_id: int) -> str:
    """The bus topic of one chat."""
    return f"chat:{chat_id}"


QUEUE_TOPIC = "queue"
FINAL = {"final": True}  # the payload of a chat's last line


async def _db(app: web.Application, fn: Any, *args: Any, **kwargs: Any) -> Any:
    return await asyncio.to_thread(fn, *args, url=app[SETTINGS].database_url, **kwargs)


async def take(app: web.Application, chat_id: int, user: PortalUser) -> live.ChatInfo | None:
    """The coach takes a waiting chat; None when someone else was first."""
    chat = await _db(app, live.take, chat_id, user.id, user.display_name)
    if chat is None:
        return None
    joined = text("joined", chat.language, user.display_name)
    try:
        # the bot pauses first: while a coach has the chat it must not act on what is said
        await app[RASA].append_events(
            chat.conversation_id,
            [
                {"event": "pause"},
                {"event": "bot", "text": joined, "metadata": marked("system", user.display_name)},
            ],
        )
    except RasaUnavailable as exc:
        # not paused: the chat goes back to the queue rather than a coach and a bot at once
        log.warning("live chat %d: Rasa not reached on take (%s); back in the queue", chat.id, exc)
        await _db(app, live.untake, chat.id)
        await app[BUS].publish(QUEUE_TOPIC)
        raise
    await _db(app, live.post, chat.id, "system", joined, name=user.display_name)
    await app[BUS].publish(chat_topic(chat.id), QUEUE_TOPIC)
    return chat


async def coach_says(app: web.Application, chat: live.ChatInfo, user: PortalUser, said: str) -> int:
    """A message from the chat's coach to the person; its id in the stream."""
    message_id = int(await _db(app, live.post, chat.id, "coach", said, name=user.display_name))
    await app[BUS].publish(chat_topic(chat.id))  # the person sees it now; Rasa stores it next
    try:
        await app[RASA].append_events(
            chat.conversation_id,
            [{"event": "bot", "text": said, "metadata": marked("coach", user.display_name)}],
        )
    except RasaUnavailable as exc:
        log.warning("live chat %d: a coach message not stored in Rasa (%s)", chat.id, exc)
    return message_id


async def person_says(app: web.Application, chat: live.ChatInfo, said: str) -> None:
    """A message from the person while a coach has the chat (Rasa stores it too: the
    conversation is paused, so the bot does not answer)."""
    await _db(app, live.post, chat.id, "person", said)
    await app[BUS].publish(chat_topic(chat.id))


async def end(
    app: web.Application, chat_id: int, reason: str, user: PortalUser | None = None
) -> live.ChatInfo | None:
    """End the chat (``ended``, ``handback``; ``lost`` by the job) and let the bot carry on.

    None when it was not active (already ended by someone else, or not this coach's)."""
    chat = await _db(app, live.end, chat_id, reason, user.id if user else None)
    if chat is None:
        return None
    name = chat.coach_name or ""
    line = text("lost" if reason == "lost" else "left", chat.language, name)
    await _db(app, live.post, chat.id, "system", line, name=name)
    intent = "EXTERNAL_live_lost" if reason == "lost" else "EXTERNAL_live_ended"
    messages: list[dict[str, Any]] = []
    try:
        await app[RASA].append_events(
            chat.conversation_id,
            [
                {"event": "resume"},
                {"event": "bot", "text": line, "metadata": marked("system", name)},
            ],
        )
        messages = await app[RASA].trigger_intent(chat.conversation_id, intent)
    except RasaUnavailable as exc:
        log.warning("live chat %d: Rasa not reached on end (%s)", chat.id, exc)
    for shown in bot_messages(messages, chat.language):
        payload = {"buttons": shown["buttons"]} if shown.get("buttons") else None
        await _db(app, live.post, chat.id, "bot", shown.get("text", ""), payload=payload)
    # the chat's last line: a stream ends after it, not before the bot's offer is stored
    await _db(app, live.post, chat.id, "system", "", payload=FINAL)
    await app[BUS].publish(chat_topic(chat.id), QUEUE_TOPIC)
    return chat


async def run_job_once(app: web.Application) -> None:
    """One round: chats whose coach went away go back to the bot (with the callback offer);
    requests nobody took in time are told to the team and put in its work queue."""
    settings = app[SETTINGS].live
    now = utcnow()
    timeout = timedelta(seconds=settings.coach_timeout_seconds)
    for chat_id in await _db(app, live_upkeep.lost_chats, now, timeout):
        ended = await end(app, chat_id, "lost")
        if ended is not None:
            log.info("live chat %d: the coach went away; the bot carries on", chat_id)
    changed = await _db(app, live_upkeep.notify_unanswered, now, settings.notify_minutes)
    # a request waiting far past the longest wait told: the person has gone
    stale = timedelta(minutes=max(30.0, 2 * settings.max_wait_minutes))
    if await _db(app, live_upkeep.expire_waiting, now, stale) or changed:
        await app[BUS].publish(QUEUE_TOPIC)


async def live_context(app: web.Application) -> AsyncIterator[None]:
    """The bus (Redis when LIVE_FANOUT=redis) and the live chat job, for the app's life."""
    settings = app[SETTINGS]
    bus = LiveBus(
        settings.redis_url if settings.live.fanout == "redis" else None,
        channel=f"{settings.redis_key_prefix}:live",
    )
    await bus.start()
    app[BUS] = bus

    async def loop() -> None:
        while True:
            try:
                await run_job_once(app)
            except StorageUnavailable as exc:
                log.warning("live chat job: database unavailable (%s)", exc)
            except Exception:  # one bad round must not stop the job
                log.exception("live chat job failed")
            await asyncio.sleep(settings.live.job_interval_seconds)

    task = asyncio.create_task(loop())
    yield
    task.cancel()
    try:
        await task
    except asyncio.CancelledError:
        pass
    await bus.stop()
