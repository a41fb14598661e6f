"""What the running servers expose: Rasa's API needs the token and listens on localhost
only, the action server takes only Rasa's calls, bodies have size limits."""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from tests.e2e.servers import Stack, post_json

pytestmark = pytest.mark.e2e

RASA_API = [
    ("GET", "/status"),
    ("GET", "/domain"),
    ("GET", "/conversations/someone/tracker"),
    ("GET", "/conversations/someone/story"),
    ("POST", "/conversations/someone/messages"),
    ("POST", "/conversations/someone/tracker/events"),
    ("PUT", "/conversations/someone/tracker/events"),
    ("POST", "/conversations/someone/execute"),
    ("POST", "/conversations/someone/trigger_intent"),
    ("POST", "/conversations/someone/predict"),
    ("POST", "/model/parse"),
    ("POST", "/model/predict"),
    ("PUT", "/model"),
    ("DELETE", "/model"),
    ("POST", "/model/train"),
    ("POST", "/model/test/stories"),
    ("POST", "/model/test/intents"),
]


def _status(method: str, url: str, body: bytes = b"{}") -> int:
    request = urllib.request.Request(
        url,
        data=body if method != "GET" else None,
        method=method,
        headers={"Content-Type": "application/json"},
    )
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return int(response.status)
    except urllib.error.HTTPError as exc:
        return int(exc.code)


@pytest.mark.parametrize(("method", "path"), RASA_API)
def test_rasa_api_needs_the_token(stack: Stack, method: str, path: str) -> None:
    expected = 403 if path == "/model/train" else 401  # training over the API is off for all
    assert _status(method, f"{stack.rasa_url}{path}") == expected
    assert _status(method, f"{stack.rasa_url}{path}?token=wrong") == expected


def test_the_token_opens_the_api(stack: Stack) -> None:
    assert _status("GET", f"{stack.rasa_url}/status?token={stack.token}") == 200


def _listening(port: int) -> set[str]:
    """Local addresses listening on ``port`` (from /proc/net/tcp and tcp6)."""
    found: set[str] = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        try:
            lines = open(table, encoding="ascii").read().splitlines()[1:]
        except OSError:
            continue
        for line in lines:
            local, state = line.split()[1], line.split()[3]
            address, hex_port = local.split(":")
            if state == "0A" and int(hex_port, 16) == port:
                if len(address) == 8:
                    octets = [str(int(address[i : i + 2], 16)) for i in (6, 4, 2, 0)]
                    found.add(".".join(octets))
                else:
                    found.add(
                        "::1"
                        if address.endswith("01000000") and set(address[:24]) == {"0"}
                        else address
                    )
    return found


def test_servers_listen_on_localhost_only(stack: Stack) -> None:
    for name, port in (
        ("rasa", stack.rasa_port),
        ("actions", stack.actions_port),
        ("web", stack.web_port),
    ):
        assert _listening(port) == {"127.0.0.1"}, name


def test_rasa_refuses_oversized_bodies(stack: Stack) -> None:
    big = json.dumps({"sender": "big", "message": "a" * 2_000_000}).encode()
    assert _status("POST", f"{stack.rasa_url}/webhooks/rest/webhook", big) == 413


def test_web_app_refuses_oversized_chat_bodies(stack: Stack) -> None:
    status, body = post_json(f"{stack.web_url}/api/chat/message", b"{" + b" " * 100_000 + b"}")
    assert status == 413 and body["error"] == "too_large"


def test_what_the_servers_write_is_their_users_alone(stack: Stack) -> None:
    """Databases, secrets and logs are 0600 and var/ is 0700: another local user cannot read
    a session id out of the tracker database (the probe did, with 0644 files)."""
    post_json(f"{stack.web_url}/api/chat/session", {"lang": "sv"})  # something is written
    tracker_db = Path(stack.tracker_db_url.removeprefix("sqlite:///"))
    var = Path(stack.env["VAR_DIR"])
    written = [tracker_db, *(p for p in var.rglob("*") if p.is_file())]
    assert tracker_db.exists() and len(written) > 1
    assert var.stat().st_mode & 0o777 == 0o700
    loose = {str(p): oct(p.stat().st_mode & 0o777) for p in written if p.stat().st_mode & 0o077}
    assert not loose, f"readable by others: {loose}"


@pytest.mark.parametrize(
    "body",
    [
        {"model_file": "/tmp/a-model-of-my-own.tar.gz"},
        {"model_server": {"url": "http://127.0.0.1:9/models/x.tar.gz"}},
    ],
)
def test_the_token_loads_no_model_from_outside_the_model_folder(
    stack: Stack, body: dict[str, object]
) -> None:
    """The probe, with the token, had the server switch to a model file of its own."""
    url = f"{stack.rasa_url}/model?token={stack.token}"
    before = _json("GET", f"{stack.rasa_url}/status?token={stack.token}")["model_file"]
    assert _status("PUT", url, json.dumps(body).encode()) == 403
    assert _json("GET", f"{stack.rasa_url}/status?token={stack.token}")["model_file"] == before


def test_a_body_the_guard_cannot_read_is_not_passed_to_rasa(stack: Stack) -> None:
    """Sanic's JSON parser accepts a raw tab inside a string, Python's does not: the first
    guard let such a body through to Rasa, which loaded the file it named."""
    url = f"{stack.rasa_url}/model?token={stack.token}"
    body = b'{"model_file": "/tmp/evil.tar.gz", "x": "a\tb"}'
    assert _status("PUT", url, body) == 403
    assert _status("PUT", url, b"{not json") == 400


def test_training_over_the_api_is_off(stack: Stack) -> None:
    """POST /model/train would write a model of the caller's into the model folder."""
    url = f"{stack.rasa_url}/model/train?token={stack.token}"
    assert _status("POST", url, b"version: '3.1'") == 403


def _json(method: str, url: str) -> dict[str, object]:
    with urllib.request.urlopen(urllib.request.Request(url, method=method), timeout=30) as r:
        return dict(json.load(r))


def test_staff_retraining_still_loads_from_the_model_folder(stack: Stack) -> None:
    """What the portal's training job does: every Rasa server loads the new file."""
    from bot.cli import newest_model
    from bot.config import load_settings

    model = newest_model(load_settings().model_dir)
    assert model is not None
    body = json.dumps({"model_file": str(model.resolve())}).encode()  # as bot/portal/jobs.py
    assert _status("PUT", f"{stack.rasa_url}/model?token={stack.token}", body) == 204


def _descendants(pid: int) -> set[int]:
    """``pid`` and every process below it (from /proc/*/stat)."""
    children: dict[int, set[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        children.setdefault(int(fields[1]), set()).add(int(stat.parent.name))
    found, todo = set(), [pid]
    while todo:
        current = todo.pop()
        if current not in found:
            found.add(current)
            todo.extend(children.get(current, ()))
    return found


def test_no_secret_on_any_running_servers_command_line(stack: Stack) -> None:
    """What `ps` shows every local user: the probe read RASA_TOKEN there and loaded a model."""
    secrets = [
        stack.env[name]
        for name in ("RASA_TOKEN", "ACTION_TOKEN", "SOCKETIO_JWT_KEY", "CONVERSATION_KEY")
        if stack.env.get(name)
    ]
    assert len(secrets) >= 2
    seen = 0
    for proc in stack.procs.values():
        for pid in _descendants(proc.pid):
            try:
                cmdline = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
            except OSError:
                continue
            seen += 1
            assert not [s for s in secrets if s in cmdline], cmdline.split(" ")[:4]
    assert seen >= 3  # Rasa, the action server and the web app at least
