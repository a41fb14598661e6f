"""SMS through the city's HTTP gateway: one small client, no vendor SDK.

Configured by the environment: ``SMS_GATEWAY_URL`` (empty: no SMS is sent and the outbox
keeps them), ``SMS_GATEWAY_TOKEN`` (sent as ``Authorization: Bearer``), ``SMS_SENDER``
(the sender name or number the gateway shows). The client POSTs JSON
``{"to": "+358...", "from": SMS_SENDER, "text": "..."}``; any 2xx answer is delivery to the
gateway. Most gateways take this shape or a small adapter in front of them does.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field

import aiohttp


class SmsRefused(Exception):
    """The gateway answered with an error status (``code``)."""

    def __init__(self, code: int) -> None:
        """The HTTP status."""
        super().__init__(f"SMS gateway answered HTTP {code}")
        self.code = code


@dataclass(frozen=True)
class SmsSettings:
    """Where and how to send."""

    url: str
    token: str | None = field(default=None, repr=False)
    sender: str = "Jobbcoach"
    timeout: float = 15.0

    @classmethod
    def from_env(cls, env: dict[str, str] | None = None) -> SmsSettings | None:
        """The settings, or None when ``SMS_GATEWAY_URL`` is not set (SMS is off)."""
        env = dict(os.environ) if env is None else env
        url = env.get("SMS_GATEWAY_URL", "").strip()
        if not url:
            return None
        if not url.startswith(("https://", "http://")):
            raise ValueError("SMS_GATEWAY_URL must be an http(s) URL")
        return cls(
            url=url,
            token=env.get("SMS_GATEWAY_TOKEN") or None,
            sender=env.get("SMS_SENDER") or "Jobbcoach",
        )


async def send(to: str, text: str, settings: SmsSettings) -> None:
    """Hand one SMS to the gateway; raises :class:`SmsRefused` or aiohttp's errors (the
    outbox retries; a 4xx other than 429 is not retried)."""
    headers = {"Authorization": f"Bearer {settings.token}"} if settings.token else {}
    timeout = aiohttp.ClientTimeout(total=settings.timeout)
    async with aiohttp.ClientSession(timeout=timeout) as session:
        async with session.post(
            settings.url,
            json={"to": to, "from": settings.sender, "text": text},
            headers=headers,
        ) as response:
            if not 200 <= response.status < 300:
                raise SmsRefused(response.status)
