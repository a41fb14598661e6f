"""Live chat delivery: how long from one side's "Skicka" to the line on the other side?

Starts the real stack (Rasa, the action server, the web app; SQLite), puts ``n`` people in
the live queue through the chat API, lets one coach take every chat, and has the coach
write in every chat at once, then every person write back, while every stream is open.
The time is from the POST to the message's line arriving on the other side's stream:
coach -> person on the widget's stream, person -> coach on the coach's chat page. In the
same run for 1, 20 and 60 live chats, one instance with in-process fan-out and two
instances with Redis pub/sub (the person on one, the coach on the other). Target: p95 <
300 ms at 20 live chats.
"""

from __future__ import annotations

import asyncio
import json
import re
import statistics
import tempfile
import time
import uuid
from pathlib import Path

import aiohttp

from bot.cases import users
from bot.cases.migrate import upgrade
from bot.demo import load_demo_data
from tests.e2e.servers import make_stack, web_app

PASSWORD = "live bench password 2026"
ROUNDS = 10  # messages per chat and direction
LEVELS = (1, 20, 60)  # simultaneous live chats


async def _coach_session(http: aiohttp.ClientSession, base: str) -> str:
    await http.post(
        f"{base}/portal/login", data={"username": "bench_coach", "password": PASSWORD, "next": ""}
    )
    page = await (await http.get(f"{base}/portal/live")).text()
    found = re.search(r'name="csrf_token" value="([^"]+)"', page)
    assert found, page[:300]
    csrf = found.group(1)
    await http.post(
        f"{base}/portal/live/presence", data={"csrf_token": csrf, "status": "available"}
    )
    return csrf


async def _person(http: aiohttp.ClientSession, base: str) -> str:
    session = (await (await http.post(f"{base}/api/chat/session", json={})).json())["session"]
    for text in ("hej", "/ask_human"):
        await http.post(
            f"{base}/api/chat/message", json={"session": session, "message": text, "lang": "sv"}
        )
    return session


async def _stream(
    http: aiohttp.ClientSession, base: str, session: str, arrived: dict[str, float]
) -> None:
    async with http.post(
        f"{base}/api/chat/live/stream", json={"session": session, "after": 0, "lang": "sv"}
    ) as response:
        async for raw in response.content:
            if not raw.strip():
                continue
            item = json.loads(raw)
            if item.get("type") == "message" and item.get("from") == "coach":
                arrived.setdefault(item["text"], time.perf_counter())


async def _coach_stream(
    http: aiohttp.ClientSession, base: str, chat_id: int, arrived: dict[str, float]
) -> None:
    async with http.get(f"{base}/portal/live/{chat_id}/events") as response:
        async for raw in response.content:
            line = raw.decode().strip()
            if line.startswith("data: {"):
                item = json.loads(line[6:])
                if item.get("from") == "person":
                    arrived.setdefault(item["text"], time.perf_counter())


async def _level(person_base: str, coach_base: str, chats: int) -> dict[str, list[float]]:
    timeout = aiohttp.ClientTimeout(total=None, sock_read=60)
    async with (
        aiohttp.ClientSession(timeout=timeout) as people,
        aiohttp.ClientSession(timeout=timeout, cookie_jar=aiohttp.CookieJar(unsafe=True)) as coach,
    ):
        csrf = await _coach_session(coach, coach_base)
        sessions = [await _person(people, person_base) for _ in range(chats)]
        page = await (await coach.get(f"{coach_base}/portal/live/queue.json")).json()
        ids = [e["id"] for e in page["entries"]][-chats:]
        for chat_id in ids:
            await coach.post(f"{coach_base}/portal/live/{chat_id}/take", data={"csrf_token": csrf})
        arrived: dict[str, float] = {}
        readers = [asyncio.create_task(_stream(people, person_base, s, arrived)) for s in sessions]
        readers += [
            asyncio.create_task(_coach_stream(coach, coach_base, chat_id, arrived))
            for chat_id in ids
        ]
        await asyncio.sleep(1.0)
        to_person: dict[str, float] = {}
        to_coach: dict[str, float] = {}

        async def coach_writes(chat_id: int, round_: int) -> None:
            text = f"coach {chat_id} {round_} {uuid.uuid4().hex[:6]}"
            to_person[text] = time.perf_counter()
            await coach.post(
                f"{coach_base}/portal/live/{chat_id}/send",
                data={"csrf_token": csrf, "text": text},
                headers={"Accept": "application/json"},
            )

        async def person_writes(session: str, round_: int) -> None:
            text = f"person {session[:6]} {round_} {uuid.uuid4().hex[:6]}"
            to_coach[text] = time.perf_counter()
            await people.post(
                f"{person_base}/api/chat/message",
                json={"session": session, "message": text, "lang": "sv"},
            )

        for round_ in range(ROUNDS):
            # every chat at once: the coach writes in each, each person writes back
            await asyncio.gather(*(coach_writes(chat_id, round_) for chat_id in ids))
            await asyncio.gather(*(person_writes(session, round_) for session in sessions))
            await asyncio.sleep(0.2)
        sent = {**to_person, **to_coach}
        deadline = time.monotonic() + 30
        while len(set(sent) & set(arrived)) < len(sent) and time.monotonic() < deadline:
            await asyncio.sleep(0.05)
        for chat_id in ids:
            await coach.post(
                f"{coach_base}/portal/live/{chat_id}/end",
                data={"csrf_token": csrf, "reason": "ended"},
            )
        for reader in readers:
            reader.cancel()
        await asyncio.gather(*readers, return_exceptions=True)
    missing = len(set(sent) - set(arrived))
    if missing:
        raise RuntimeError(f"{missing} of {len(sent)} live messages never arrived")
    return {
        "coach -> person": [(arrived[t] - to_person[t]) * 1000 for t in to_person],
        "person -> coach": [(arrived[t] - to_coach[t]) * 1000 for t in to_coach],
    }


def _stats(values: list[float]) -> dict[str, float]:
    ordered = sorted(values)
    return {
        "p50": statistics.median(ordered),
        "p95": ordered[max(0, int(len(ordered) * 0.95) - 1)],
        "n": float(len(ordered)),
    }


def run() -> dict[str, dict[str, float]]:
    """p50 / p95 ms of delivery at 1 and 20 live chats, in-process and through Redis."""
    results: dict[str, dict[str, float]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        url = f"sqlite:///{work / 'cases.db'}"
        upgrade(url)
        load_demo_data(url)
        with_coach = users.authenticate("bench_coach", PASSWORD, url)
        if with_coach is None:
            from sqlalchemy import select

            from bot.cases.db import session_scope
            from bot.cases.models import Coach

            with session_scope(url) as session:
                coach = next(
                    c
                    for c in session.execute(
                        select(Coach).where(Coach.municipality == "638")
                    ).scalars()
                    if "sv" in c.languages
                )
                coach_id, name = coach.id, coach.name
            users.create_user("bench_coach", PASSWORD, "coach", name, coach_id, "sv", url)
        stack = make_stack(
            work,
            url,
            f"sqlite:///{work / 'tracker.db'}",
            LIVE_CHAT_HOURS="mon-sun 0-23.59",
            LIVE_MAX_WAIT_MINUTES="100000",
            LIVE_MINUTES_PER_CHAT="1",
            LIVE_FANOUT="redis",
            REDIS_KEY_PREFIX=f"livebench-{uuid.uuid4().hex[:6]}",
            CHAT_SESSION_LIMIT="100000,100000",
        )
        stack.start()
        for name in ("b", "c"):
            (work / name).mkdir()
        memory = {**stack.env, "LIVE_FANOUT": "memory"}
        try:
            with web_app(work / "b", **stack.env) as other, web_app(work / "c", **memory) as alone:
                for chats in LEVELS:
                    levels = {
                        "one instance": (alone, alone),
                        "two instances, Redis": (stack.web_url, other),
                    }
                    for setup, (person_base, coach_base) in levels.items():
                        measured = asyncio.run(_level(person_base, coach_base, chats))
                        for direction, values in measured.items():
                            results[f"{chats:>3} chats, {setup}, {direction}"] = _stats(values)
        finally:
            stack.stop_all()
    return results


def main() -> None:
    """Print the table."""
    print("Live chat: coach message to the person's stream (target p95 < 300 ms)")
    for name, values in run().items():
        p50, p95, n = values["p50"], values["p95"], values["n"]
        print(f"  {name:40} p50 {p50:7.1f} ms  p95 {p95:7.1f} ms  n={n:.0f}")


if __name__ == "__main__":
    main()
