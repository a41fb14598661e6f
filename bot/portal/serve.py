"""Serve the web app with a deadline on request headers, for aiohttp 3.9 only.

aiohttp's server waits for a request's line and headers as long as the client likes: a
client that sends one header every few seconds holds a connection for ever, and a few
hundred such clients hold all of them (issue 15: 300 connections held for 130 s). aiohttp
has no setting for it, so each connection's protocol is wrapped here
(:class:`HeaderDeadline`): a request whose headers are not complete ``header_timeout``
seconds after its first byte (or after the connection opened) is answered by closing the
connection. Idle keep-alive connections are closed by aiohttp's own ``keepalive_timeout``.

This is the one place that reaches into aiohttp: it reads ``RequestHandler._request_count``
(how many requests the parser has completed), ``_waiter`` and ``_messages`` (whether the
handler waits for a next request) and starts the site the way ``TCPSite.start`` does. A slow
request *body* is not limited here: the city's reverse proxy limits it
(``client_body_timeout``). :data:`AIOHTTP_SERIES` names the version it was written against;
:func:`serve` refuses another, and tests/portal/test_serve.py runs the real server.
"""

from __future__ import annotations

import asyncio
import logging
import signal
from collections.abc import Callable
from typing import Any

import aiohttp
from aiohttp import web
from aiohttp.web_protocol import RequestHandler

log = logging.getLogger(__name__)

AIOHTTP_SERIES = "3.9."


class HeaderDeadline(asyncio.Protocol):
    """A connection's protocol: aiohttp's handler, closed when headers come too slowly."""

    def __init__(self, inner: RequestHandler, header_timeout: float) -> None:
        self._inner = inner
        self._timeout = header_timeout
        self._loop = asyncio.get_running_loop()
        self._timer: asyncio.TimerHandle | None = None
        self._transport: asyncio.Transport | None = None
        self._completed = 0  # requests whose headers the parser had finished

    # the deadline -----------------------------------------------------------------------

    def _arm(self) -> None:
        if self._timer is None:
            self._timer = self._loop.call_later(self._timeout, self._expire)

    def _disarm(self) -> None:
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None

    def _expire(self) -> None:
        self._timer = None
        if self._inner._request_count == self._completed and self._transport is not None:
            log.info("closed a connection whose request headers took over %.0f s", self._timeout)
            self._transport.close()

    def _idle(self) -> bool:
        """No request in progress: aiohttp's handler waits for the next one (its ``_waiter``
        is set only then; between parsing a request and running its handler it is not, and
        body bytes arriving in that moment must not start a header deadline)."""
        return self._inner._waiter is not None and not self._inner._messages

    # asyncio.Protocol, handed on to aiohttp's handler --------------------------------------

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self._transport = transport  # type: ignore[assignment]
        self._inner.connection_made(transport)
        self._arm()

    def data_received(self, data: bytes) -> None:
        if self._timer is None and self._idle():
            self._arm()  # the first byte of the next request on a kept-alive connection
        self._inner.data_received(data)
        done = self._inner._request_count
        if done != self._completed:
            self._completed = done
            self._disarm()

    def eof_received(self) -> None:
        self._inner.eof_received()

    def connection_lost(self, exc: Exception | None) -> None:
        self._disarm()
        self._transport = None
        self._inner.connection_lost(exc)

    def pause_writing(self) -> None:
        self._inner.pause_writing()

    def resume_writing(self) -> None:
        self._inner.resume_writing()


class HeaderDeadlineSite(web.TCPSite):
    """A TCP site whose connections each get a :class:`HeaderDeadline`."""

    __slots__ = ("_header_timeout",)

    def __init__(self, runner: web.BaseRunner, host: str, port: int, header_timeout: float):
        super().__init__(runner, host, port)
        self._header_timeout = header_timeout

    async def start(self) -> None:
        await web.BaseSite.start(self)  # registers the site with its runner
        server = self._runner.server
        assert server is not None
        timeout = self._header_timeout
        factory: Callable[[], asyncio.Protocol] = lambda: HeaderDeadline(server(), timeout)  # noqa: E731
        self._server = await asyncio.get_running_loop().create_server(
            factory, self._host, self._port, backlog=self._backlog
        )

    def bound_port(self) -> int | None:
        """The port the site listens on (the one the system chose for port 0)."""
        sockets = getattr(self._server, "sockets", None) or ()
        return int(sockets[0].getsockname()[1]) if sockets else None


def check_version() -> None:
    """Refuse an aiohttp this module was not written against."""
    if not aiohttp.__version__.startswith(AIOHTTP_SERIES):
        raise RuntimeError(
            f"bot.portal.serve was written for aiohttp {AIOHTTP_SERIES}x, "
            f"not {aiohttp.__version__}: check HeaderDeadline against the new RequestHandler"
        )


async def serve(
    app: web.Application,
    host: str,
    port: int,
    *,
    header_timeout: float,
    keepalive_timeout: float = 15.0,
    ready: Callable[[int], Any] | None = None,
) -> None:
    """Run ``app`` until SIGINT or SIGTERM; ``ready(port)`` is called once it listens."""
    check_version()
    runner = web.AppRunner(app, access_log=None, keepalive_timeout=keepalive_timeout)
    await runner.setup()
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    try:
        site = HeaderDeadlineSite(runner, host, port, header_timeout)
        await site.start()
        if ready is not None:
            ready(site.bound_port() or port)
        await stop.wait()
    finally:
        await runner.cleanup()
