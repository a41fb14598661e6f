"""The action server: rasa-sdk's app with a shared token on every call, no CORS, quiet logs.

Run with ``python -m bot.action_server --port 5055``. Only the Rasa server may call it: it
sends ``Authorization: Bearer $ACTION_TOKEN`` (endpoints.yml); any other call gets 401.
``/health`` stays open for load balancers and Kubernetes probes.

rasa-sdk's own error handler logs the request and returns the whole request body (the
tracker, with everything the person wrote) in its 500 response; here an error answers
with the action's name and the exception's class only.

The app is rasa-sdk's endpoint (``/health``, ``/webhook``, ``/actions``) built here around
:class:`OffLoopExecutor`: each action call runs in a worker thread with an event loop of its
own, because the actions call the case database synchronously, and one slow query (a
SQLite write lock, a slow PostgreSQL) must not stall every other conversation's actions.
"""

from __future__ import annotations

import argparse
import asyncio
import hmac
import json
import logging
import os
import zlib
from typing import Any

from rasa_sdk import utils
from rasa_sdk.executor import ActionExecutor
from rasa_sdk.interfaces import ActionExecutionRejection, ActionNotFoundException
from sanic import Sanic, response
from sanic.request import Request
from sanic.response import HTTPResponse

from bot.config import load_settings
from bot.startup import prepare_process

log = logging.getLogger("bot.action_server")
OPEN_PATHS = frozenset({"/health"})
MAX_BODY = 2 * 1024 * 1024  # a tracker with a long conversation; far above normal


class OffLoopExecutor(ActionExecutor):
    """rasa-sdk's executor, running each action call off the server's event loop."""

    async def run(self, action_call: Any) -> dict[str, Any] | None:
        """Run the call in a worker thread, in an event loop of its own."""
        return await asyncio.to_thread(asyncio.run, super().run(action_call))


def create_app(token: str, actions: str = "actions") -> Sanic:
    """rasa-sdk's endpoint for ``actions``, off-loop, behind the token check."""
    if not token:
        raise ValueError("the action server needs ACTION_TOKEN")
    app = Sanic("rasa_sdk", configure_logging=False)
    app.config.REQUEST_MAX_SIZE = MAX_BODY
    executor = OffLoopExecutor()
    executor.register_package(actions)

    @app.get("/health")
    async def health(_: Request) -> HTTPResponse:
        return response.json({"status": "ok"})

    @app.post("/webhook")
    async def webhook(request: Request) -> HTTPResponse:
        if request.headers.get("Content-Encoding") == "deflate":
            action_call = json.loads(zlib.decompress(request.body))
        else:
            action_call = request.json
        if not isinstance(action_call, dict):
            return response.json({"error": "Invalid body request"}, status=400)
        utils.check_version_compatibility(action_call.get("version"))
        try:
            result = await executor.run(action_call)
        except ActionExecutionRejection as e:
            return response.json({"error": e.message, "action_name": e.action_name}, status=400)
        except ActionNotFoundException as e:
            log.error("action %s not found", e.action_name)
            return response.json({"error": e.message, "action_name": e.action_name}, status=404)
        return response.json(result, status=200)

    @app.get("/actions")
    async def listed(_: Request) -> HTTPResponse:
        return response.json([{"name": k} for k in executor.actions])

    expected = f"Bearer {token}".encode()

    @app.middleware("request")
    async def check_token(request: Request) -> HTTPResponse | None:
        if request.path in OPEN_PATHS:
            return None
        sent = request.headers.get("Authorization", "").encode()
        if not hmac.compare_digest(sent, expected):
            return response.json({"error": "unauthorized"}, status=401)
        return None

    @app.exception(Exception)
    async def on_error(request: Request, exception: Exception) -> HTTPResponse:
        name = None
        try:
            body = request.json
            name = body.get("next_action") if isinstance(body, dict) else None
        except Exception:  # malformed JSON: nothing more to say about it
            pass
        status = int(getattr(exception, "status_code", 500) or 500)
        log.error("action %s failed: %s", name or "?", exception.__class__.__name__)
        return response.json(
            {"error": exception.__class__.__name__, "action_name": name}, status=status
        )

    return app


def main(argv: list[str] | None = None) -> None:
    """Start the server."""
    prepare_process()  # private files, no personal data in the logs
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=int(os.environ.get("ACTIONS_PORT", "5055")))
    parser.add_argument("--host", default=os.environ.get("SANIC_HOST", "127.0.0.1"))
    parser.add_argument("--actions", default="actions")
    args = parser.parse_args(argv)
    logging.basicConfig(
        level=os.environ.get("LOG_LEVEL", "INFO"),
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )
    for noisy in ("sanic.access", "sanic.root", "sanic.server"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
    app = create_app(load_settings().action_token, args.actions)
    log.info("action server on %s:%d", args.host, args.port)
    options: dict[str, Any] = {"access_log": False, "workers": 1}
    app.run(args.host, args.port, **options)


if __name__ == "__main__":
    main()
