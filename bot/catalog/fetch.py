"""Fetch a catalog over HTTP with timeouts and retries (aiohttp).

The whole body is read (up to ``max_bytes``), and a body shorter than its Content-Length
fails instead of importing the first part. Only http(s) is fetched; a redirect is followed
(at most ``max_redirects``) only to http(s), and not to a loopback, private or link-local
address unless ``allow_private_redirects`` (a catalog server should not be able to point
the importer at the city's own internal services).
"""

from __future__ import annotations

import asyncio
import ipaddress
import logging
import socket
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

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
    max_redirects: int = 3
    allow_private_redirects: bool = False


def _http_url(url: str) -> str:
    """``url`` when it is http(s) with a host; else FetchError."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise FetchError(f"only http(s) addresses can be fetched, not {url!r}")
    return url


async def _public(url: str) -> bool:
    """Whether every address the URL's host resolves to is public."""
    host = urlsplit(url).hostname or ""
    try:
        infos = await asyncio.get_running_loop().getaddrinfo(host, None, type=socket.SOCK_STREAM)
    except OSError:
        return False
    addresses = {ipaddress.ip_address(info[4][0]) for info in infos}
    return bool(addresses) and all(
        not (a.is_private or a.is_loopback or a.is_link_local or a.is_reserved or a.is_multicast)
        for a in addresses
    )


async def _read_all(response: aiohttp.ClientResponse, max_bytes: int) -> bytes:
    """The whole body, or FetchError when it is too large or shorter than announced."""
    body = bytearray()
    async for chunk in response.content.iter_chunked(64 * 1024):
        body += chunk
        if len(body) > max_bytes:
            raise FetchError(f"catalog larger than {max_bytes} bytes")
    expected = response.content_length
    if expected is not None and len(body) != expected:
        raise FetchError(f"the catalog was cut off: {len(body)} of {expected} bytes arrived")
    return bytes(body)


async def fetch_text(url: str, policy: FetchPolicy | None = None) -> tuple[str, str | None]:
    """GET ``url``; return (text, content type). Retries timeouts, connection errors and
    429/5xx with exponential backoff; other 4xx fail at once.

    Raises:
        FetchError: with a readable reason.
    """
    policy = policy or FetchPolicy()
    timeout = aiohttp.ClientTimeout(total=policy.total_timeout, connect=policy.connect_timeout)
    last = "no attempt"
    _http_url(url)
    async with aiohttp.ClientSession(timeout=timeout) as session:
        for attempt in range(1, policy.attempts + 1):
            try:
                return await _get(session, url, policy)
            except _Retry as retry:
                last = str(retry)
            except asyncio.TimeoutError:
                last = "timed out"
            except aiohttp.ClientPayloadError:
                last = "the connection broke off before the whole catalog arrived"
            except aiohttp.ClientError as exc:
                last = f"connection failed ({exc.__class__.__name__})"
            if attempt < policy.attempts:
                delay = policy.backoff * 2 ** (attempt - 1)
                log.warning(
                    "catalog fetch attempt %d failed (%s); retrying in %.1fs", attempt, last, delay
                )
                await asyncio.sleep(delay)
    raise FetchError(f"could not fetch {url} after {policy.attempts} attempts: {last}")


class _Retry(Exception):
    """A status worth another attempt (429, 5xx)."""


async def _get(
    session: aiohttp.ClientSession, url: str, policy: FetchPolicy
) -> tuple[str, str | None]:
    """One attempt: the redirects followed by hand (each target checked), then the body."""
    for _ in range(policy.max_redirects + 1):
        async with session.get(url, allow_redirects=False) as response:
            if response.status in (301, 302, 303, 307, 308):
                target = _http_url(urljoin(url, response.headers.get("Location", "")))
                if not policy.allow_private_redirects and not await _public(target):
                    raise FetchError(f"{url} redirects to a local or private address: {target}")
                url = target
                continue
            if response.status in RETRY_STATUSES:
                raise _Retry(f"HTTP {response.status}")
            if response.status >= 400:
                raise FetchError(f"HTTP {response.status} from {url}")
            body = await _read_all(response, policy.max_bytes)
            return body.decode(response.charset or "utf-8"), response.content_type
    raise FetchError(f"more than {policy.max_redirects} redirects from {url}")
