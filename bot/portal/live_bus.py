"""Fan-out of live chat changes between the web app's streams, and between instances.

A stream (the person's widget, a coach's queue or chat page) waits on a topic ("chat:12",
"queue") and, when woken, reads what is new from the database, which is the record. So a
notification carries no message and losing one only delays it until the next keepalive
(``WAKE_EVERY``), when every stream reads the database anyway.

``memory``: in-process, for one web-app instance (``make run``, no Redis needed).
``redis``: a PUBLISH on one channel; each instance's listener wakes its own streams, so
the person's widget on one instance hears the coach on another.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections import defaultdict
from collections.abc import AsyncIterator
from typing import Any

log = logging.getLogger(__name__)
WAKE_EVERY = 15.0  # seconds: a stream reads the database at least this often


class LiveBus:
    """Wake the streams waiting on a topic, on this instance and (Redis) on the others."""

    def __init__(self, redis_url: str | None = None, channel: str = "jobbcoach:live") -> None:
        """In-process only, or through Redis at ``redis_url``."""
        self.redis_url = redis_url
        self.channel = channel
        self._waiters: dict[str, set[asyncio.Event]] = defaultdict(set)
        self._redis: Any = None  # redis.asyncio.Redis when LIVE_FANOUT=redis
        self._listener: asyncio.Task[None] | None = None

    async def start(self) -> None:
        """Connect and listen (Redis only)."""
        if not self.redis_url:
            return
        import redis.asyncio as aioredis

        self._redis = aioredis.from_url(self.redis_url)
        ready = asyncio.Event()
        self._listener = asyncio.create_task(self._listen(ready))
        await asyncio.wait_for(ready.wait(), timeout=10)

    async def stop(self) -> None:
        """Stop listening and close the connection."""
        if self._listener is not None:
            self._listener.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await self._listener
        if self._redis is not None:
            await self._redis.close()

    async def _listen(self, ready: asyncio.Event) -> None:
        """Relay the channel's topics to this instance's streams; reconnect after a fault."""
        while True:
            pubsub = None
            try:
                pubsub = self._redis.pubsub()
                await pubsub.subscribe(self.channel)
                ready.set()
                async for message in pubsub.listen():
                    if message.get("type") == "message":
                        data = message.get("data")
                        topic = data.decode() if isinstance(data, bytes) else str(data)
                        self._wake(topic)
            except asyncio.CancelledError:
                raise
            except Exception as exc:  # Redis restarted: streams still poll the database
                log.warning("live fan-out: Redis listener lost (%s); reconnecting", exc)
                ready.set()
                await asyncio.sleep(1.0)
            finally:
                if pubsub is not None:
                    with contextlib.suppress(Exception):
                        await pubsub.close()

    def _wake(self, topic: str) -> None:
        for event in list(self._waiters.get(topic, ())):
            event.set()

    async def publish(self, *topics: str) -> None:
        """Tell every stream on these topics that something changed."""
        if self._redis is None:
            for topic in topics:
                self._wake(topic)
            return
        try:
            for topic in topics:
                await self._redis.publish(self.channel, topic)
        except Exception as exc:  # the database has it: streams catch up on their next poll
            log.warning("live fan-out: Redis publish failed (%s)", exc)
            for topic in topics:
                self._wake(topic)

    @contextlib.asynccontextmanager
    async def listening(self, topic: str) -> AsyncIterator[asyncio.Event]:
        """An event set when ``topic`` changes (clear it before reading the database)."""
        event = asyncio.Event()
        self._waiters[topic].add(event)
        try:
            yield event
        finally:
            self._waiters[topic].discard(event)
            if not self._waiters[topic]:
                del self._waiters[topic]


async def wait(event: asyncio.Event, timeout: float = WAKE_EVERY) -> bool:
    """Wait for ``event`` at most ``timeout`` seconds; whether it was set."""
    try:
        await asyncio.wait_for(event.wait(), timeout)
        return True
    except asyncio.TimeoutError:
        return False
