"""HTTP client for the Rasa servers (REST channel and the token-protected HTTP API).

With several Rasa servers (``RASA_URLS``) sharing the tracker store and a Redis lock store,
messages go to them in turn, so the messages of one conversation land on different servers;
the lock store keeps each conversation's turns in order. A server that cannot be reached
is skipped (the request never arrived there, so trying the next one is safe); a server that
answers with an error is not retried, because the turn may have run.
"""

from __future__ import annotations

import asyncio
import itertools
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import aiohttp
import jwt

from bot.cases.privacy import ERASED_HEADER
from bot.cases.tracker_events import InboxMessage


def api_jwt(token: str, seconds: int = 60) -> str:
    """A short-lived JWT for Rasa's HTTP API (``--jwt-secret`` is the token, HS256)."""
    now = int(time.time())
    claims = {"user": {"username": "jobbcoach-web", "role": "admin"}, "iat": now}
    return jwt.encode({**claims, "exp": now + seconds}, token, algorithm="HS256")


class RasaUnavailable(RuntimeError):
    """No Rasa server answered (down, restarting, or too slow)."""


@dataclass(frozen=True)
class Reply:
    """The bot's messages for one user message, each with its ``lang``."""

    messages: list[dict[str, Any]] = field(default_factory=list)
    erased: bool = False  # the turn erased the conversation (the person asked for it)


class RasaClient:
    """Talks to one or more Rasa servers."""

    def __init__(
        self, session: aiohttp.ClientSession, base_urls: str | Sequence[str], token: str
    ) -> None:
        """Use ``session`` for all calls."""
        urls = [base_urls] if isinstance(base_urls, str) else list(base_urls)
        if not urls:
            raise ValueError("at least one Rasa URL is needed")
        self.session = session
        self.base_urls = [u.rstrip("/") for u in urls]
        self.token = token
        self._turn = itertools.count()

    def _order(self) -> list[str]:
        start = next(self._turn) % len(self.base_urls)
        return self.base_urls[start:] + self.base_urls[:start]

    async def _call(self, method: str, path: str, timeout: float, **kwargs: Any) -> tuple[Any, Any]:
        """One request to the first server that can be reached: (JSON body, headers)."""
        last: Exception | None = None
        for base in self._order():
            try:
                async with self.session.request(
                    method, f"{base}{path}", timeout=aiohttp.ClientTimeout(total=timeout), **kwargs
                ) as response:
                    if response.status != 200:
                        raise RasaUnavailable(f"HTTP {response.status}")
                    return await response.json(content_type=None), response.headers
            except aiohttp.ClientConnectorError as exc:  # never reached that server
                last = exc
                continue
            # asyncio.TimeoutError is not the built-in TimeoutError before Python 3.11
            except (aiohttp.ClientError, asyncio.TimeoutError, TimeoutError) as exc:
                raise RasaUnavailable(exc.__class__.__name__) from None
        raise RasaUnavailable(last.__class__.__name__ if last else "no server")

    def _auth(self) -> dict[str, str]:
        """The token itself, for the REST channel's erasure routes."""
        return {"Authorization": f"Bearer {self.token}"}

    def _api_auth(self) -> dict[str, str]:
        """Rasa's HTTP API: a JWT signed with the token, valid for a minute, in a header
        (a ``?token=`` in the URL would land in access logs)."""
        return {"Authorization": f"Bearer {api_jwt(self.token)}"}

    async def send(
        self, sender: str, text: str, metadata: dict[str, Any], timeout: float = 30.0
    ) -> Reply:
        """One user message through the REST channel; the bot's messages."""
        body, headers = await self._call(
            "POST",
            "/webhooks/rest/webhook",
            timeout,
            json={"sender": sender, "message": text, "metadata": metadata},
        )
        messages = [m for m in body if isinstance(m, dict)] if isinstance(body, list) else []
        return Reply(messages, headers.get(ERASED_HEADER) == "true")

    async def events(self, sender: str, timeout: float = 15.0) -> list[dict[str, Any]]:
        """The conversation's events (for restoring the chat after a page reload)."""
        tracker, _ = await self._call(
            "GET",
            f"/conversations/{sender}/tracker",
            timeout,
            headers=self._api_auth(),
            params={"include_events": "ALL"},
        )
        events = tracker.get("events") if isinstance(tracker, dict) else None
        return list(events or [])

    async def append_events(
        self, sender: str, events: list[dict[str, Any]], timeout: float = 15.0
    ) -> None:
        """Append events to the conversation under its lock (Rasa's HTTP API): a pause or
        resume (``ConversationPaused`` / ``ConversationResumed``), a coach's message."""
        await self._call(
            "POST",
            f"/conversations/{sender}/tracker/events",
            timeout,
            headers=self._api_auth(),
            json=events,
        )

    async def trigger_intent(
        self, sender: str, intent: str, timeout: float = 30.0
    ) -> list[dict[str, Any]]:
        """Run the bot on an intent the web app sends (``EXTERNAL_live_ended``); its
        messages."""
        body, _ = await self._call(
            "POST",
            f"/conversations/{sender}/trigger_intent",
            timeout,
            headers=self._api_auth(),  # no output_channel: Rasa collects the messages
            json={"name": intent, "entities": {}},
        )
        messages = body.get("messages") if isinstance(body, dict) else None
        return [m for m in messages or [] if isinstance(m, dict)]

    async def erase(self, sender: str, timeout: float = 30.0) -> int:
        """Erase one conversation's stored events (under its lock); how many went."""
        body, _ = await self._call(
            "DELETE", f"/webhooks/rest/conversations/{sender}", timeout, headers=self._auth()
        )
        return int(body.get("events", 0)) if isinstance(body, dict) else 0

    async def move(self, old: str, new: str, timeout: float = 30.0) -> int:
        """Give conversation ``old`` the id ``new`` (under both locks); events moved."""
        body, _ = await self._call(
            "POST",
            f"/webhooks/rest/conversations/{old}/move",
            timeout,
            headers=self._auth(),
            json={"to": new},
        )
        return int(body.get("events", 0)) if isinstance(body, dict) else 0

    async def export(self, sender: str, timeout: float = 30.0) -> list[dict[str, Any]]:
        """What was said in one conversation: time, who, text."""
        body, _ = await self._call(
            "GET", f"/webhooks/rest/conversations/{sender}/export", timeout, headers=self._auth()
        )
        return [m for m in body if isinstance(m, dict)] if isinstance(body, list) else []

    async def inbox(
        self, limit: int, exclude: set[str], timeout: float = 30.0
    ) -> list[InboxMessage]:
        """The newest messages the bot was unsure about, without those already decided."""
        body, _ = await self._call(
            "POST",
            "/webhooks/rest/conversations/inbox",
            timeout,
            headers=self._auth(),
            json={"limit": limit, "exclude": sorted(exclude)},
        )
        return [InboxMessage.from_dict(m) for m in body] if isinstance(body, list) else []

    async def fallback_rate(self, since: datetime, timeout: float = 30.0) -> tuple[int, int]:
        """(messages not understood, user messages) since ``since``."""
        body, _ = await self._call(
            "GET",
            "/webhooks/rest/conversations/stats",
            timeout,
            headers=self._auth(),
            params={"since": since.isoformat()},
        )
        body = body if isinstance(body, dict) else {}
        return int(body.get("fallbacks", 0)), int(body.get("messages", 0))

    async def purge(
        self, senders: Sequence[str], idle_before: datetime | None, timeout: float = 600.0
    ) -> tuple[int, int]:
        """Erase ``senders`` and every conversation idle since ``idle_before``:
        (conversations, events)."""
        payload: dict[str, Any] = {"senders": list(senders)}
        if idle_before is not None:
            payload["idle_before"] = idle_before.isoformat()
        body, _ = await self._call(
            "POST",
            "/webhooks/rest/conversations/purge",
            timeout,
            headers=self._auth(),
            json=payload,
        )
        body = body if isinstance(body, dict) else {}
        return int(body.get("conversations", 0)), int(body.get("events", 0))
