"""The web app's server closes connections whose request headers come too slowly (issue 15).

The probe held 300 connections for 130 s by sending one header line every few seconds;
aiohttp alone waits for ever. These tests run the real entry point
(``python -m bot.portal serve``) with a one-second header deadline and talk to it over raw
sockets.
"""

from __future__ import annotations

import socket
import time
from collections.abc import Iterator
from pathlib import Path

import aiohttp
import pytest

from bot.portal import serve
from tests.e2e.servers import web_app

DEADLINE = 1.0
SHORT = 0.3  # the in-process test's deadline


@pytest.fixture(scope="module")
def web_port(tmp_path_factory: pytest.TempPathFactory) -> Iterator[int]:
    workdir: Path = tmp_path_factory.mktemp("serve")
    with web_app(
        workdir,
        VAR_DIR=str(workdir),
        DATABASE_URL=f"sqlite:///{workdir / 'cases.db'}",
        WEB_HEADER_TIMEOUT=str(DEADLINE),
        RETENTION_IN_APP="false",
    ) as url:
        yield int(url.rsplit(":", 1)[1])


def _connect(port: int) -> socket.socket:
    sock = socket.create_connection(("127.0.0.1", port), timeout=10)
    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    return sock


def _closed_by_server(sock: socket.socket, within: float) -> bool:
    """Whether the server closes the connection within ``within`` seconds, sending nothing."""
    sock.settimeout(within)
    try:
        return sock.recv(1024) == b""
    except TimeoutError:
        return False
    except ConnectionResetError:
        return True


def _trickle(sock: socket.socket, seconds: float) -> bool:
    """Send one header line every 0.2 s for ``seconds``; False once the server has closed."""
    sock.sendall(b"GET /health HTTP/1.1\r\nHost: x\r\n")
    end = time.monotonic() + seconds
    n = 0
    while time.monotonic() < end:
        time.sleep(0.2)
        try:
            sock.sendall(b"X-Slow-%d: y\r\n" % n)
        except (BrokenPipeError, ConnectionResetError):
            return False
        n += 1
    return True


def _response(sock: socket.socket) -> bytes:
    sock.settimeout(10)
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = sock.recv(4096)
        if not chunk:
            break
        data += chunk
    return data


def test_slow_headers_are_cut_off(web_port: int) -> None:
    with _connect(web_port) as sock:
        still_open = _trickle(sock, 6 * DEADLINE)
        assert not still_open or _closed_by_server(sock, 0.5), "headers trickled for 6 s"


def test_a_silent_connection_is_closed(web_port: int) -> None:
    with _connect(web_port) as sock:
        assert _closed_by_server(sock, 5 * DEADLINE)


def test_headers_within_the_deadline_are_served(web_port: int) -> None:
    with _connect(web_port) as sock:
        sock.sendall(b"GET /health HTTP/1.1\r\n")
        time.sleep(DEADLINE / 4)
        sock.sendall(b"Host: x\r\n\r\n")
        assert _response(sock).startswith(b"HTTP/1.1 200")


def test_a_kept_alive_connection_gets_the_deadline_for_its_next_request(web_port: int) -> None:
    with _connect(web_port) as sock:
        sock.sendall(b"GET /health HTTP/1.1\r\nHost: x\r\n\r\n")
        assert _response(sock).startswith(b"HTTP/1.1 200")
        time.sleep(2 * DEADLINE)  # idle between requests: the keep-alive timeout's business
        sock.sendall(b"GET /health HTTP/1.1\r\nHost: x\r\n\r\n")
        assert b"200" in _response(sock).split(b"\r\n", 1)[0]
        still_open = _trickle(sock, 6 * DEADLINE)
        assert not still_open or _closed_by_server(sock, 0.5)


def test_written_for_this_aiohttp() -> None:
    assert aiohttp.__version__.startswith(serve.AIOHTTP_SERIES)
    serve.check_version()
    # the handler attributes HeaderDeadline reads
    from aiohttp.web_protocol import RequestHandler

    for name in ("_request_count", "_waiter", "_messages"):
        assert name in RequestHandler.__slots__


async def test_a_slow_request_with_its_body_sent_apart_is_not_cut_off() -> None:
    """Browsers send a POST body in its own segments; a handler may take longer than the
    header deadline. Neither may look like slow headers (a review found the first version
    closing such connections)."""
    import asyncio

    from aiohttp import web

    async def slow(request: web.Request) -> web.Response:
        await request.read()
        await asyncio.sleep(3 * SHORT)
        return web.Response(text="ok")

    app = web.Application()
    app.router.add_post("/slow", slow)
    runner = web.AppRunner(app)
    await runner.setup()
    site = serve.HeaderDeadlineSite(runner, "127.0.0.1", 0, header_timeout=SHORT)
    await site.start()
    port = site.bound_port()
    try:

        async def one() -> bytes:
            reader, writer = await asyncio.open_connection("127.0.0.1", port)
            sock = writer.get_extra_info("socket")
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            writer.write(b"POST /slow HTTP/1.1\r\nHost: x\r\nContent-Length: 200\r\n\r\n")
            await writer.drain()
            for _ in range(200):  # the body right behind the headers, a byte per segment
                writer.write(b"x")
                await writer.drain()
            status = await asyncio.wait_for(reader.readline(), 10)
            # the same connection, kept alive, serves a second request
            writer.write(b"POST /slow HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n")
            await writer.drain()
            while (await asyncio.wait_for(reader.readline(), 10)).strip():
                pass  # the rest of the first response's headers
            await reader.readexactly(2)  # its body, "ok"
            second = await asyncio.wait_for(reader.readline(), 10)
            writer.close()
            return status + second

        answers = await asyncio.gather(*(one() for _ in range(8)))
        assert all(a.count(b"HTTP/1.1 200") == 2 for a in answers), answers
    finally:
        await runner.cleanup()
