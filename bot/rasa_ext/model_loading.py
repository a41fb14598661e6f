"""Which model Rasa's ``PUT /model`` may load: only a file in the bot's own model folder.

Rasa's API loads any model file the caller names, from any path, a model server or remote
storage given in the request. With the API token, a local user could have the running
server switch to a model of their own (issue 15). Staff retraining writes its models into
``MODEL_DIR`` and asks every Rasa server to load the new file from there; that is the one
use this deployment has, so a request naming anything else (or a path through a symbolic
link, which could be re-pointed before Rasa opens it) is refused with HTTP 403 before
Rasa's handler runs, and so is ``POST /model/train``, which would write a model of the
caller's into that folder. ``MODEL_LOAD_FROM`` names further folders where a city publishes models
(comma-separated); ``MODEL_LOAD_FROM=off`` refuses every load over the API.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

from sanic import Sanic
from sanic.request import Request
from sanic.response import HTTPResponse
from sanic.response import json as json_response


def allowed_folders(env: dict[str, str] | None = None) -> tuple[Path, ...] | None:
    """Folders a model may be loaded from; None when loading over the API is off."""
    env = dict(os.environ) if env is None else env
    extra = env.get("MODEL_LOAD_FROM", "").strip()
    if extra.lower() == "off":
        return None
    from bot.config import PROJECT_ROOT

    folders = [Path(env.get("MODEL_DIR") or PROJECT_ROOT / "models")]
    folders += [Path(p.strip()) for p in extra.split(",") if p.strip()]
    return tuple(f.resolve() for f in folders)


def refusal(body: Any, folders: tuple[Path, ...] | None) -> str | None:
    """Why a ``PUT /model`` body may not be loaded, or None when it may."""
    if not isinstance(body, dict):
        return None  # Rasa answers a malformed body itself
    if folders is None:
        return "loading a model over the API is off (MODEL_LOAD_FROM=off)"
    if body.get("model_server") or body.get("remote_storage"):
        return "models are loaded only from the bot's model folder, not a server or storage"
    path = body.get("model_file")
    if not path:
        return None  # Rasa says that a path is missing
    if not isinstance(path, str):
        return "model_file must be a path"
    resolved = Path(path).resolve()
    if resolved != Path(os.path.abspath(path)):
        # Rasa opens the path as given, later: a link could be pointed elsewhere meanwhile
        return "model_file must be a real path, without symbolic links or '..'"
    if not any(resolved.is_relative_to(folder) for folder in folders):
        return "model_file must be in the bot's model folder (MODEL_DIR)"
    return None


def guard_model_loading(app: Sanic, folders: tuple[Path, ...] | None) -> None:
    """Register the request middleware that applies :func:`refusal` to ``PUT /model``."""

    async def check(request: Request) -> HTTPResponse | None:
        path = request.path.rstrip("/")
        if request.method == "POST" and path == "/model/train":
            # it writes a model into the model folder, which PUT /model would then load;
            # the bot is trained with `python -m bot.cli train` (or the portal), never here
            return _forbidden("training over the API is off: use python -m bot.cli train")
        if request.method != "PUT" or path != "/model":
            return None
        try:
            body = request.json  # Sanic's own parser: the body as Rasa's handler reads it
        except Exception:  # a body Sanic cannot parse is not passed on to Rasa either
            return json_response(
                {"status": "failure", "reason": "BadRequest", "message": "the body is no JSON"},
                400,
            )
        why = refusal(body, folders)
        return None if why is None else _forbidden(why)

    app.register_middleware(check, "request")


def _forbidden(why: str) -> HTTPResponse:
    return json_response({"status": "failure", "reason": "Forbidden", "message": why}, 403)


def wrap_create_app(original: Callable[..., Sanic]) -> Callable[..., Sanic]:
    """``rasa.server.create_app`` that also guards ``PUT /model``."""

    def create_app(*args: Any, **kwargs: Any) -> Sanic:
        app = original(*args, **kwargs)
        guard_model_loading(app, allowed_folders())
        return app

    return create_app
