"""HTTP client for the Rasa servers (REST channel and the token-protected HTTP API).

With several Rasa servers (``RASA_URLS``) sharing the tracker store and a Redis lock store,
messages go to them in turn, so the messages of one conversation land on different servers;
the lock store keeps each conversation's turns in order. A server that cannot be reached
is skipped (the request never arrived there, so trying the next one is safe); a server that
answers with an error is not retried, because the turn may have run.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from typing import Any

import aiohttp


class RasaUnavailable(RuntimeError):
    """No Rasa server answered (down, restarting, or too slow)."""


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

    async def send(
        self, sender: str, text: str, metadata: dict[str, Any], timeout: float = 30.0
    ) -> list[dict[str, Any]]:
        """One user message through the REST channel; the bot's messages."""
        last: Exception | None = None
        for base in self._order():
            try:
                async with self.session.post(
                    f"{base}/webhooks/rest/webhook",
                    json={"sender": sender, "message": text, "metadata": metadata},
                    timeout=aiohttp.ClientTimeout(total=timeout),
                ) as response:
                    if response.status != 200:
                        raise RasaUnavailable(f"HTTP {response.status}")
                    body = await response.json(content_type=None)
            except aiohttp.ClientConnectorError as exc:  # never reached that server
                last = exc
                continue
            except (aiohttp.ClientError, TimeoutError) as exc:
                raise RasaUnavailable(exc.__class__.__name__) from None
            return [m for m in body if isinstance(m, dict)] if isinstance(body, list) else []
        raise RasaUnavailable(last.__class__.__name__ if last else "no server")

    async def events(self, sender: str, timeout: float = 15.0) -> list[dict[str, Any]]:
        """The conversation's events (for restoring the chat after a page reload)."""
        last: Exception | None = None
        for base in self._order():
            try:
                async with self.session.get(
                    f"{base}/conversations/{sender}/tracker",
                    params={"token": self.token, "include_events": "ALL"},
                    timeout=aiohttp.ClientTimeout(total=timeout),
                ) as response:
                    if response.status != 200:
                        raise RasaUnavailable(f"HTTP {response.status}")
                    tracker = await response.json(content_type=None)
            except aiohttp.ClientConnectorError as exc:
                last = exc
                continue
            except (aiohttp.ClientError, TimeoutError) as exc:
                raise RasaUnavailable(exc.__class__.__name__) from None
            events = tracker.get("events") if isinstance(tracker, dict) else None
            return list(events or [])
        raise RasaUnavailable(last.__class__.__name__ if last else "no server")
