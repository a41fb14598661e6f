"""HTTP client for the Rasa server (REST channel and the token-protected HTTP API)."""

from __future__ import annotations

from typing import Any

import aiohttp


class RasaUnavailable(RuntimeError):
    """The Rasa server did not answer (down, restarting, or too slow)."""


class RasaClient:
    """Talks to one Rasa server."""

    def __init__(self, session: aiohttp.ClientSession, base_url: str, token: str) -> None:
        """Use ``session`` for all calls."""
        self.session = session
        self.base_url = base_url.rstrip("/")
        self.token = token

    async def send(
        self, sender: str, text: str, metadata: dict[str, Any], timeout: float = 30.0
    ) -> list[dict[str, Any]]:
        """One user message through the REST channel; the bot's messages."""
        try:
            async with self.session.post(
                f"{self.base_url}/webhooks/rest/webhook",
                json={"sender": sender, "message": text, "metadata": metadata},
                timeout=aiohttp.ClientTimeout(total=timeout),
            ) as response:
                if response.status != 200:
                    raise RasaUnavailable(f"HTTP {response.status}")
                body = await response.json(content_type=None)
        except (aiohttp.ClientError, TimeoutError) as exc:
            raise RasaUnavailable(exc.__class__.__name__) from None
        return [m for m in body if isinstance(m, dict)] if isinstance(body, list) else []

    async def events(self, sender: str, timeout: float = 15.0) -> list[dict[str, Any]]:
        """The conversation's events (for restoring the chat after a page reload)."""
        try:
            async with self.session.get(
                f"{self.base_url}/conversations/{sender}/tracker",
                params={"token": self.token, "include_events": "ALL"},
                timeout=aiohttp.ClientTimeout(total=timeout),
            ) as response:
                if response.status != 200:
                    raise RasaUnavailable(f"HTTP {response.status}")
                tracker = await response.json(content_type=None)
        except (aiohttp.ClientError, TimeoutError) as exc:
            raise RasaUnavailable(exc.__class__.__name__) from None
        events = tracker.get("events") if isinstance(tracker, dict) else None
        return list(events or [])
