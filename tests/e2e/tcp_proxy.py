"""A TCP forwarder in front of PostgreSQL that a test can cut, to make "the database is down".

``cut()`` closes every open connection and refuses new ones (as a stopped or unreachable
server would); ``restore()`` forwards again. Runs in its own thread with its own loop.
"""

from __future__ import annotations

import asyncio
import contextlib
import threading
from dataclasses import dataclass, field

from tests.e2e.servers import free_port


@dataclass
class CuttableProxy:
    """127.0.0.1:port → target_host:target_port."""

    target_host: str = "127.0.0.1"
    target_port: int = 5432
    port: int = field(default_factory=free_port)
    _loop: asyncio.AbstractEventLoop | None = None
    _server: asyncio.AbstractServer | None = None
    _writers: set[asyncio.StreamWriter] = field(default_factory=set)
    _thread: threading.Thread | None = None
    _open = True

    def start(self) -> CuttableProxy:
        """Start forwarding in a background thread."""
        ready = threading.Event()

        def run() -> None:
            self._loop = asyncio.new_event_loop()
            self._server = self._loop.run_until_complete(
                asyncio.start_server(self._handle, "127.0.0.1", self.port)
            )
            ready.set()
            self._loop.run_forever()

        self._thread = threading.Thread(target=run, daemon=True, name="cuttable-proxy")
        self._thread.start()
        ready.wait(10)
        return self

    async def _handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        if not self._open:
            writer.close()
            return
        try:
            up_reader, up_writer = await asyncio.open_connection(self.target_host, self.target_port)
        except OSError:
            writer.close()
            return
        self._writers.update({writer, up_writer})

        async def pipe(src: asyncio.StreamReader, dst: asyncio.StreamWriter) -> None:
            with contextlib.suppress(Exception):
                while data := await src.read(65536):
                    dst.write(data)
                    await dst.drain()
            with contextlib.suppress(Exception):
                dst.close()

        await asyncio.gather(pipe(reader, up_writer), pipe(up_reader, writer))
        self._writers.difference_update({writer, up_writer})

    def _call(self, fn: object) -> None:
        assert self._loop is not None
        done = threading.Event()

        def wrapped() -> None:
            fn()  # type: ignore[operator]
            done.set()

        self._loop.call_soon_threadsafe(wrapped)
        done.wait(10)

    def cut(self) -> None:
        """Drop every connection and refuse new ones."""

        def do() -> None:
            self._open = False
            for writer in list(self._writers):
                with contextlib.suppress(Exception):
                    writer.transport.abort()
            self._writers.clear()

        self._call(do)

    def restore(self) -> None:
        """Forward new connections again."""

        def do() -> None:
            self._open = True

        self._call(do)

    def stop(self) -> None:
        """Stop the thread."""
        if self._loop is None:
            return
        self.cut()
        loop = self._loop
        loop.call_soon_threadsafe(loop.stop)
        if self._thread is not None:
            self._thread.join(10)
