"""A Redis lock store whose ticket operations are atomic across Rasa servers.

Rasa 3.6's ``RedisLockStore`` issues a ticket by reading the conversation's lock from Redis,
adding the ticket and writing it back: two servers doing this at the same moment both get
ticket 0, both process the conversation at once, and the second tracker save drops the
first one's events (tests/e2e/test_scale_out.py shows it). Here every read-modify-write of
a lock runs in a Redis transaction (WATCH/MULTI, retried on conflict), so tickets are
unique and served in order. Waiting turns poll every 50 ms instead of every second.

Configured in endpoints.yml when ``LOCK_STORE=redis``.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncGenerator, Callable
from contextlib import asynccontextmanager
from typing import Any, TypeVar

import redis
from rasa.core.lock import TicketLock
from rasa.core.lock_store import LOCK_LIFETIME, LockError, RedisLockStore
from rasa.utils.endpoints import EndpointConfig

logger = logging.getLogger(__name__)
T = TypeVar("T")
POLL_SECONDS = 0.05
MAX_RETRIES = 200


class AtomicRedisLockStore(RedisLockStore):
    """``RedisLockStore`` with atomic ticket issue, release and expiry."""

    def __init__(self, endpoint_config: EndpointConfig | None = None, **kwargs: Any) -> None:
        """Built from the ``lock_store`` section of endpoints.yml (``url`` is the host)."""
        if endpoint_config is not None:
            options = dict(endpoint_config.kwargs)
            options.pop("type", None)
            super().__init__(host=endpoint_config.url or "localhost", **options)
        else:
            super().__init__(**kwargs)

    def _key(self, conversation_id: str) -> str:
        return self.key_prefix + conversation_id

    def _transaction(
        self, conversation_id: str, change: Callable[[TicketLock | None], tuple[Any, T]]
    ) -> T:
        """Run ``change`` on the current lock and store its result atomically.

        ``change`` returns (new lock, or None to delete it, or ``...`` to leave it; result).
        """
        key = self._key(conversation_id)
        with self.red.pipeline() as pipe:
            for _ in range(MAX_RETRIES):
                try:
                    pipe.watch(key)
                    raw = pipe.get(key)
                    lock = TicketLock.from_dict(_loads(raw)) if raw else None
                    new, result = change(lock)
                    pipe.multi()
                    if new is None:
                        pipe.delete(key)
                    elif new is not ...:
                        pipe.set(key, new.dumps())
                    pipe.execute()
                    return result
                except redis.WatchError:
                    continue
        raise LockError(f"lock for a conversation stayed contended ({MAX_RETRIES} retries)")

    def issue_ticket(self, conversation_id: str, lock_lifetime: float = LOCK_LIFETIME) -> int:
        """A new, unique ticket for the conversation's lock."""

        def change(lock: TicketLock | None) -> tuple[TicketLock, int]:
            lock = lock or TicketLock(conversation_id)
            ticket = lock.issue_ticket(lock_lifetime)
            return lock, ticket

        return self._transaction(conversation_id, change)

    def update_lock(self, conversation_id: str) -> None:
        """Drop expired tickets (a server that died while holding one)."""

        def change(lock: TicketLock | None) -> tuple[Any, None]:
            if lock is None:
                return ..., None
            lock.remove_expired_tickets()
            return lock, None

        self._transaction(conversation_id, change)

    def finish_serving(self, conversation_id: str, ticket_number: int) -> None:
        """Release a ticket (see :meth:`cleanup`)."""
        self.cleanup(conversation_id, ticket_number)

    def cleanup(self, conversation_id: str, ticket_number: int) -> None:
        """Release ``ticket_number``; delete the lock when no one else waits, in one step."""

        def change(lock: TicketLock | None) -> tuple[Any, None]:
            if lock is None:
                return ..., None
            lock.remove_ticket_for(ticket_number)
            return (lock if lock.is_someone_waiting() else None), None

        self._transaction(conversation_id, change)

    @asynccontextmanager
    async def lock(
        self,
        conversation_id: str,
        lock_lifetime: float = LOCK_LIFETIME,
        wait_time_in_seconds: float = POLL_SECONDS,
    ) -> AsyncGenerator[TicketLock, None]:
        """Rasa's ticket lock, polling every 50 ms."""
        async with super().lock(conversation_id, lock_lifetime, wait_time_in_seconds) as held:
            yield held


def _loads(raw: bytes | str) -> dict[str, Any]:
    import json

    return dict(json.loads(raw))
