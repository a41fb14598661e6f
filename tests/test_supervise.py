"""A crashed server is restarted after a back-off and the others go on (the probe killed the
action server and ``bot.cli run`` stopped everything)."""

from __future__ import annotations

import logging
import os
import sys
import time
from pathlib import Path

import pytest

from bot.supervise import Backoff, Supervisor

SLEEPER = [sys.executable, "-c", "import time; time.sleep(60)"]
CRASHER = [sys.executable, "-c", "import sys; sys.exit(3)"]


@pytest.mark.parametrize(
    ("runs", "delays"),
    [
        ([0.5, 0.5, 0.5, 0.5], [1.0, 2.0, 4.0, 8.0]),  # a crash loop backs off
        ([0.5] * 9, [1.0, 2.0, 4.0, 8.0, 16.0, 32.0, 60.0, 60.0, 60.0]),  # at most a minute
        ([0.5, 0.5, 400.0, 0.5], [1.0, 2.0, 1.0, 2.0]),  # a long good run starts afresh
    ],
)
def test_backoff(runs: list[float], delays: list[float]) -> None:
    backoff = Backoff()
    assert [backoff.next_delay(r) for r in runs] == delays


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def wait_exit(supervisor: Supervisor, name: str) -> None:
    process = supervisor.servers[name].process
    assert process is not None
    process.wait(timeout=20)


def test_a_crashed_server_is_restarted_and_the_others_go_on(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="bot.supervise")
    clock = Clock()
    supervisor = Supervisor(
        {"web": SLEEPER, "actions": CRASHER}, tmp_path, dict(os.environ), clock=clock
    )
    supervisor.start()
    try:
        web = supervisor.servers["web"].process
        wait_exit(supervisor, "actions")
        supervisor.check()
        assert "actions exited with code 3" in caplog.text and "restarting in 1 s" in caplog.text
        first = supervisor.servers["actions"].process
        clock.now = 0.5
        supervisor.check()  # not yet: the back-off is one second
        assert supervisor.servers["actions"].process is first
        clock.now = 1.0
        supervisor.check()
        assert supervisor.servers["actions"].process is not first
        assert supervisor.servers["actions"].restarts == 1
        wait_exit(supervisor, "actions")
        clock.now = 1.5
        supervisor.check()
        assert "restarting in 2 s" in caplog.text  # crashing again: twice as long
        assert web is not None and web.poll() is None  # the web app never stopped
    finally:
        started = time.monotonic()
        supervisor.stop(grace=5)
        assert time.monotonic() - started < 10
    assert all(
        s.process is None or s.process.poll() is not None for s in supervisor.servers.values()
    )
