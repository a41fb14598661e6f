"""Start the real Rasa server, action server and web app on free ports for end-to-end tests."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bot.cli import _rasa, newest_model, rasa_env
from bot.config import PROJECT_ROOT, load_settings

START_TIMEOUT = 240.0


def free_port() -> int:
    """A TCP port that is free right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_until(url: str, timeout: float, proc: subprocess.Popen[bytes] | None = None) -> None:
    """Poll ``url`` until it answers 200; fail early if ``proc`` dies."""
    deadline = time.monotonic() + timeout
    last: Exception | None = None
    while time.monotonic() < deadline:
        if proc is not None and proc.poll() is not None:
            raise RuntimeError(f"server for {url} exited with {proc.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, OSError) as exc:
            last = exc
        time.sleep(0.25)
    raise TimeoutError(f"{url} did not answer within {timeout}s ({last})")


@contextmanager
def web_app(workdir: Path, **env: str) -> Iterator[str]:
    """The web app alone (``python -m bot.portal serve``) on a free port; its base URL.
    ``env`` adds to the environment (DATABASE_URL, VAR_DIR ...); the log is web.log."""
    port = free_port()
    with open(workdir / "web.log", "wb") as log:
        proc = subprocess.Popen(
            [sys.executable, "-m", "bot.portal", "serve", "--port", str(port)],
            env={**os.environ, **env},
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    try:
        wait_until(f"http://127.0.0.1:{port}/health", 60, proc)
        yield f"http://127.0.0.1:{port}"
    finally:
        proc.terminate()
        proc.wait(10)


@dataclass
class Stack:
    """A running set of servers and how to reach them."""

    workdir: Path
    database_url: str
    tracker_db_url: str
    env: dict[str, str]
    rasa_port: int = field(default_factory=free_port)
    actions_port: int = field(default_factory=free_port)
    web_port: int = field(default_factory=free_port)
    # a city page embedding a third-party widget (Rasa Webchat) is served from here
    page_port: int = field(default_factory=free_port)
    procs: dict[str, subprocess.Popen[bytes]] = field(default_factory=dict)

    @property
    def rasa_url(self) -> str:
        return f"http://127.0.0.1:{self.rasa_port}"

    @property
    def web_url(self) -> str:
        return f"http://127.0.0.1:{self.web_port}"

    @property
    def page_origin(self) -> str:
        return f"http://127.0.0.1:{self.page_port}"

    @property
    def token(self) -> str:
        return self.env["RASA_TOKEN"]

    def log_path(self, name: str) -> Path:
        return self.workdir / f"{name}.log"

    def _spawn(self, name: str, cmd: list[str]) -> subprocess.Popen[bytes]:
        out = self.log_path(name).open("ab")
        proc = subprocess.Popen(
            cmd, cwd=PROJECT_ROOT, env=self.env, stdout=out, stderr=subprocess.STDOUT
        )
        self.procs[name] = proc
        return proc

    def start_actions(self) -> None:
        proc = self._spawn(
            "actions",
            [sys.executable, "-m", "bot.action_server", "--port", str(self.actions_port)],
        )
        wait_until(f"http://127.0.0.1:{self.actions_port}/health", START_TIMEOUT, proc)

    def start(self, *names: str) -> None:
        """Start the named servers (default all three); on failure stop them and show why."""
        starters = {"actions": self.start_actions, "rasa": self.start_rasa, "web": self.start_web}
        try:
            for name in names or tuple(starters):
                starters[name]()
        except Exception:
            self.stop_all()
            print(self.logs()[-5000:])
            raise

    def start_rasa(self, model: Path | None = None) -> None:
        model = model or newest_model(PROJECT_ROOT / "models")
        if model is None:
            raise RuntimeError("no trained model in models/: run `make train`")
        proc = self._spawn(
            "rasa",
            _rasa(
                "run",
                "--enable-api",  # the token: RASA_TOKEN in the environment
                "--interface",
                "127.0.0.1",
                "--port",
                str(self.rasa_port),
                "--credentials",
                "credentials.yml",
                "--endpoints",
                "endpoints.yml",
                "--model",
                str(model),
            ),
        )
        wait_until(f"{self.rasa_url}/status?token={self.token}", START_TIMEOUT, proc)

    def start_web(self) -> None:
        proc = self._spawn(
            "web", [sys.executable, "-m", "bot.portal", "serve", "--port", str(self.web_port)]
        )
        wait_until(f"{self.web_url}/health", START_TIMEOUT, proc)

    def stop(self, name: str, sig: int = signal.SIGTERM) -> None:
        proc = self.procs.pop(name, None)
        if proc is None or proc.poll() is not None:
            return
        proc.send_signal(sig)
        try:
            proc.wait(30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()

    def stop_all(self) -> None:
        for name in list(self.procs):
            self.stop(name)

    def logs(self) -> str:
        return "\n".join(p.read_text(errors="replace") for p in sorted(self.workdir.glob("*.log")))


def make_stack(workdir: Path, database_url: str, tracker_db_url: str, **extra: str) -> Stack:
    """Prepare (not start) a stack whose servers use the given databases."""
    workdir.mkdir(parents=True, exist_ok=True)
    base = {
        **os.environ,
        "VAR_DIR": str(workdir / "var"),
        "DATABASE_URL": database_url,
        "TRACKER_DB_URL": tracker_db_url,
        # every browser test comes from 127.0.0.1: the proxy's limits are tested on their own
        "CHAT_NEW_SESSION_LIMIT": "1000,1000",
        "CHAT_IP_LIMIT": "10000,10000",
        "CHAT_SESSION_LIMIT": "1000,1000",
        # and the tests share a few phone numbers: both booking limits are tested in tests/actions
        "BOOKINGS_PER_ADDRESS_PER_HOUR": "1000",
        "BOOKINGS_PER_CONTACT": "1000",
        **extra,
    }
    stack = Stack(workdir, database_url, tracker_db_url, env={})
    base.setdefault("EMBED_ORIGINS", stack.page_origin)
    base.update(
        RASA_PORT=str(stack.rasa_port),
        ACTIONS_PORT=str(stack.actions_port),
        WEB_PORT=str(stack.web_port),
    )
    old = dict(os.environ)
    os.environ.clear()
    os.environ.update(base)
    try:
        settings = load_settings()
        env = rasa_env(settings)
        env["RASA_TOKEN"] = settings.rasa_token
        env["CONVERSATION_KEY"] = settings.conversation_key
    finally:
        os.environ.clear()
        os.environ.update(old)
    stack.env = env
    return stack


def conversation_of(stack: Stack, session: str) -> str:
    """The conversation id (Rasa's sender id) of a chat session secret the web app issued."""
    from bot.cases.chat_sessions import open_session

    opened = open_session(session, "", stack.database_url)
    assert opened is not None and opened.legacy_id is None, "not a session of this web app"
    return opened.conversation_id


def socket_conversation(stack: Stack, session_id: str) -> str:
    """The conversation id the socket.io channel derives from a browser's session id."""
    from bot.rasa_ext import socketio_channel

    old = dict(os.environ)
    os.environ["CONVERSATION_KEY"] = stack.env["CONVERSATION_KEY"]
    try:
        return socketio_channel.conversation_of(session_id)
    finally:
        os.environ.clear()
        os.environ.update(old)


def user_texts(stack: Stack, sender: str) -> set[str]:
    """What the person wrote in a conversation, as its stored events hold it."""
    from sqlalchemy import create_engine, text

    engine = create_engine(stack.tracker_db_url)
    with engine.connect() as conn:
        rows = conn.execute(
            text("SELECT data FROM events WHERE sender_id = :s AND type_name = 'user'"),
            {"s": sender},
        )
        texts = {json.loads(r[0]).get("text") for r in rows}
    engine.dispose()
    return texts


def post_json(url: str, payload: Any, timeout: float = 60) -> tuple[int, Any]:
    """POST JSON; return (status, decoded body or text)."""
    data = payload if isinstance(payload, bytes) else json.dumps(payload).encode()
    request = urllib.request.Request(
        url, data=data, headers={"Content-Type": "application/json"}, method="POST"
    )
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            body = response.read().decode()
            status = response.status
    except urllib.error.HTTPError as exc:
        body = exc.read().decode(errors="replace")
        status = exc.code
    try:
        return status, json.loads(body)
    except ValueError:
        return status, body


def say(stack: Stack, sender: str, text: str, **metadata: Any) -> list[dict[str, Any]]:
    """Send one message over the REST webhook; return the bot's messages."""
    payload: dict[str, Any] = {"sender": sender, "message": text}
    if metadata:
        payload["metadata"] = metadata
    status, body = post_json(f"{stack.rasa_url}/webhooks/rest/webhook", payload)
    assert status == 200, (status, body)
    assert isinstance(body, list)
    return body


def tracker(stack: Stack, sender: str) -> dict[str, Any]:
    """The conversation's tracker from Rasa's (token-protected) HTTP API."""
    url = f"{stack.rasa_url}/conversations/{sender}/tracker?token={stack.token}"
    with urllib.request.urlopen(url, timeout=30) as response:
        return dict(json.loads(response.read().decode()))


def sent_code(stack: Stack, recipient: str, seconds: float = 20, url: str | None = None) -> str:
    """The six digits of the newest one-time code written to ``recipient``'s outbox (the
    SMS or e-mail the person would read); ``url`` reads another way to the database."""
    import time

    from tests.outbox import code_sent_to

    deadline = time.monotonic() + seconds
    while (code := code_sent_to(recipient, url or stack.database_url)) is None:
        assert time.monotonic() < deadline, f"no code to {recipient}"
        time.sleep(0.2)
    return code
