"""Keep the service's servers running: a server that crashes is started again after a
back-off, and the others go on (``bot.cli run``).

A crash is logged with the server's name and exit code and the delay before the restart.
The delay doubles with each crash in a row (1 s, 2 s, 4 s ... at most a minute) and starts
from 1 s again once the server has run for five minutes, so a crash loop does not spin and
a rare crash costs a second.
"""

from __future__ import annotations

import logging
import subprocess
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

log = logging.getLogger("bot.supervise")


@dataclass
class Backoff:
    """The delay before the next restart of one server."""

    initial: float = 1.0
    maximum: float = 60.0
    stable_after: float = 300.0
    crashes: int = 0

    def next_delay(self, ran_for: float) -> float:
        """The delay after a crash of a run that lasted ``ran_for`` seconds."""
        if ran_for >= self.stable_after:
            self.crashes = 0
        delay = min(self.maximum, self.initial * 2.0**self.crashes)
        self.crashes += 1
        return delay


@dataclass
class _Server:
    command: Sequence[str]
    backoff: Backoff
    process: subprocess.Popen[bytes] | None = None
    started: float = 0.0
    restart_at: float | None = None
    restarts: int = 0


@dataclass
class Supervisor:
    """Start the named commands, restart any that exits, stop them all on request."""

    commands: Mapping[str, Sequence[str]]
    cwd: Path
    env: Mapping[str, str]
    backoff: Callable[[], Backoff] = Backoff
    clock: Callable[[], float] = time.monotonic
    servers: dict[str, _Server] = field(default_factory=dict)

    def start(self) -> None:
        """Start every server."""
        for name, command in self.commands.items():
            server = _Server(command, self.backoff())
            self.servers[name] = server
            self._spawn(server)

    def _spawn(self, server: _Server) -> None:
        server.process = subprocess.Popen(
            list(server.command), cwd=self.cwd, env=dict(self.env), start_new_session=True
        )
        server.started = self.clock()
        server.restart_at = None

    def check(self) -> None:
        """Restart what is due; schedule a restart for what has exited since."""
        now = self.clock()
        for name, server in self.servers.items():
            if server.restart_at is not None:
                if now >= server.restart_at:
                    server.restarts += 1
                    log.warning("restarting %s (restart %d)", name, server.restarts)
                    self._spawn(server)
                continue
            code = server.process.poll() if server.process else None
            if code is None:
                continue
            ran_for = now - server.started
            delay = server.backoff.next_delay(ran_for)
            server.restart_at = now + delay
            log.error(
                "%s exited with code %s after %.0f s; restarting in %.0f s, the others go on",
                name,
                code,
                ran_for,
                delay,
            )

    def stop(self, grace: float = 15.0) -> None:
        """SIGTERM to every server, SIGKILL to those still running after ``grace`` seconds."""
        running = [
            s.process for s in self.servers.values() if s.process and s.process.poll() is None
        ]
        for process in running:
            process.terminate()
        deadline = time.monotonic() + grace
        for process in running:
            try:
                process.wait(max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        for server in self.servers.values():
            server.restart_at = None
