"""The atomic Redis lock store against a real Redis, with two stores playing two servers."""

from __future__ import annotations

import asyncio
import threading
import uuid

import pytest
import redis
from rasa.core.lock_store import RedisLockStore

from bot.rasa_ext.lock_store import AtomicRedisLockStore

DB = 4


@pytest.fixture
def prefix() -> str:
    try:
        redis.Redis(host="127.0.0.1", port=6379, db=DB, socket_timeout=3).ping()
    except redis.ConnectionError as exc:  # pragma: no cover - environment problem
        pytest.fail(f"Redis at 127.0.0.1:6379 is required: {exc}")
    return f"t{uuid.uuid4().hex[:10]}"


def _tickets(store_a: RedisLockStore, store_b: RedisLockStore, n: int = 40) -> list[int]:
    tickets: list[int] = []
    barrier = threading.Barrier(n)

    def take(i: int) -> None:
        barrier.wait()
        tickets.append((store_a if i % 2 else store_b).issue_ticket("conv"))

    threads = [threading.Thread(target=take, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return tickets


def test_tickets_are_unique_across_servers(prefix: str) -> None:
    a = AtomicRedisLockStore(host="127.0.0.1", db=DB, key_prefix=prefix)
    b = AtomicRedisLockStore(host="127.0.0.1", db=DB, key_prefix=prefix)
    tickets = _tickets(a, b)
    assert sorted(tickets) == list(range(40))
    lock = a.get_lock("conv")
    assert lock is not None and len(lock.tickets) == 40


def test_rasas_own_store_loses_tickets_under_the_same_load(prefix: str) -> None:
    """Why the atomic store exists: Rasa's read-modify-write hands out duplicates."""
    a = RedisLockStore(host="127.0.0.1", db=DB, key_prefix=prefix)
    b = RedisLockStore(host="127.0.0.1", db=DB, key_prefix=prefix)
    duplicates = 0
    for _ in range(10):
        tickets = _tickets(a, b)
        duplicates += len(tickets) - len(set(tickets))
        a.delete_lock("conv")
    assert duplicates > 0


def test_release_deletes_the_lock_only_when_no_one_waits(prefix: str) -> None:
    store = AtomicRedisLockStore(host="127.0.0.1", db=DB, key_prefix=prefix)
    first = store.issue_ticket("c1")
    second = store.issue_ticket("c1")
    store.cleanup("c1", first)
    assert store.get_lock("c1") is not None  # the second still waits
    store.cleanup("c1", second)
    assert store.get_lock("c1") is None


def test_turns_of_one_conversation_never_overlap(prefix: str) -> None:
    stores = [AtomicRedisLockStore(host="127.0.0.1", db=DB, key_prefix=prefix) for _ in range(2)]
    inside = 0
    overlaps = 0
    order: list[int] = []

    async def turn(i: int) -> None:
        nonlocal inside, overlaps
        async with stores[i % 2].lock("talk"):
            inside += 1
            overlaps += inside > 1
            await asyncio.sleep(0.01)
            order.append(i)
            inside -= 1

    async def main() -> None:
        await asyncio.gather(*(turn(i) for i in range(20)))

    asyncio.run(main())
    assert overlaps == 0 and sorted(order) == list(range(20))
    assert order == list(range(20))  # tickets are served in the order they were issued
