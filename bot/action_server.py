"""The action server: rasa-sdk's app with a shared token on every call, no CORS, quiet logs.

Run with ``python -m bot.action_server --port 5055``. Only the Rasa server may call it: it
sends ``Authorization: Bearer $ACTION_TOKEN`` (endpoints.yml); any other call gets 401.
``/health`` stays open for load balancers and Kubernetes probes.

rasa-sdk's own error handler logs the request and returns the whole request body (the
tracker, with everything the person wrote) in its 500 response; here an error answers
with the action's name and the exception's class only.
"""

from __future__ import annotations

import argparse
import hmac
import logging
import os
from typing import Any

from rasa_sdk.endpoint import create_app as sdk_app
from sanic import Sanic, response
from sanic.request import Request
from sanic.response import HTTPResponse

from bot.config import load_settings

log = logging.getLogger("bot.action_server")
OPEN_PATHS = frozenset({"/health"})
MAX_BODY = 2 * 1024 * 1024  # a tracker with a long conversation; far above normal


def create_app(token: str, actions: str = "actions") -> Sanic:
    """rasa-sdk's Sanic app for ``actions`` behind the token check."""
    if not token:
        raise ValueError("the action server needs ACTION_TOKEN")
    app = sdk_app(actions, cors_origins=None)
    app.config.REQUEST_MAX_SIZE = MAX_BODY
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
