"""Fetch a catalog over HTTP with timeouts and retries (aiohttp)."""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass

import aiohttp

log = logging.getLogger(__name__)
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})


class FetchError(RuntimeError):
    """The catalog could not be fetched (after retries)."""


@dataclass(frozen=True)
class FetchPolicy:
    """Timeouts in seconds; attempts include the first try; backoff doubles each retry."""

    total_timeout: float = 30.0
    connect_timeout: float = 5.0
    attempts: int = 3
    backoff: float = 0.5
    max_bytes: int = 20 * 1024 * 1024


async def fetch_text(url: str, policy: FetchPolicy | None = None) -> tuple[str, str | None]:
    """GET ``url``; return (text, content type). Retries timeouts, connection errors and
    429/5xx with exponential backoff; other 4xx fail at once.

    Raises:
        FetchError: with a readable reason.
    """
    policy = policy or FetchPolicy()
    timeout = aiohttp.ClientTimeout(total=policy.total_timeout, connect=policy.connect_timeout)
    last = "no attempt"
    async with aiohttp.ClientSession(timeout=timeout) as session:
        for attempt in range(1, policy.attempts + 1):
            try:
                async with session.get(url) as response:
                    if response.status in RETRY_STATUSES:
                        last = f"HTTP {response.status}"
                    elif response.status >= 400:
                        raise FetchError(f"HTTP {response.status} from {url}")
                    else:
                        body = await response.content.read(policy.max_bytes + 1)
                        if len(body) > policy.max_bytes:
                            raise FetchError(f"catalog larger than {policy.max_bytes} bytes")
                        return body.decode(response.charset or "utf-8"), response.content_type
            except asyncio.TimeoutError:
                last = "timed out"
            except aiohttp.ClientError as exc:
                last = f"connection failed ({exc.__class__.__name__})"
            if attempt < policy.attempts:
                delay = policy.backoff * 2 ** (attempt - 1)
                log.warning(
                    "catalog fetch attempt %d failed (%s); retrying in %.1fs", attempt, last, delay
                )
                await asyncio.sleep(delay)
    raise FetchError(f"could not fetch {url} after {policy.attempts} attempts: {last}")
