"""Middlewares: security headers on every response, friendly errors instead of tracebacks."""

from __future__ import annotations

import logging

from aiohttp import web
from aiohttp.typedefs import Handler
from sqlalchemy.exc import SQLAlchemyError

from bot.cases.db import StorageUnavailable

log = logging.getLogger(__name__)

CSP = (
    "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
    "connect-src 'self'; frame-ancestors 'self'; base-uri 'none'; form-action 'self'"
)


# Pages with a person's data (the portal, the chat API) are never kept by a browser or a
# proxy cache.
NO_STORE_PATHS = ("/portal", "/api/")


async def response_headers(request: web.Request, response: web.StreamResponse) -> None:
    """On every response, raised redirects and errors included (``on_response_prepare``):
    no server software or version named, and no caching of personal pages."""
    response.headers["Server"] = "jobbcoach"
    if request.path.startswith(NO_STORE_PATHS):
        response.headers["Cache-Control"] = "no-store"
    # here, not after the handler: a streamed answer (the live chat) sends its headers
    # before the handler returns
    _cors(request, response)


@web.middleware
async def security_headers(request: web.Request, handler: Handler) -> web.StreamResponse:
    """Add CSP, no-sniff, referrer and framing headers."""
    response = await handler(request)
    response.headers.setdefault("Content-Security-Policy", CSP)
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("Referrer-Policy", "same-origin")
    response.headers.setdefault("X-Frame-Options", "SAMEORIGIN")
    return response


@web.middleware
async def errors(request: web.Request, handler: Handler) -> web.StreamResponse:
    """Turn unexpected exceptions into a plain 500 page; log without request bodies."""
    try:
        return await handler(request)
    except web.HTTPException:
        raise
    except (StorageUnavailable, SQLAlchemyError) as exc:
        # the database is down or unreachable: say so, and that it is temporary
        log.error(
            "database unavailable on %s %s: %s",
            request.method,
            request.path,
            exc.__class__.__name__,
        )
        if request.path.startswith("/api/chat/"):
            from bot.portal.chat import error_response

            return error_response(request, "unavailable", retry_after=30)
        return web.Response(
            text="Tjänsten är tillfälligt ur funktion, försök igen om en stund. / "
            "Palvelu on tilapäisesti poissa käytöstä, yritä hetken päästä uudelleen.",
            status=503,
            headers={"Retry-After": "30"},
        )
    except Exception:
        log.exception("unhandled error on %s %s", request.method, request.path)
        if request.path.startswith("/api/"):
            return web.json_response(
                {"error": "internal", "message": "Något gick fel. / Jokin meni vikaan."},
                status=500,
            )
        return web.Response(
            text="Något gick fel, försök igen. / Jokin meni vikaan, yritä uudelleen.",
            status=500,
        )


CORS_PATHS = ("/api/chat/",)


@web.middleware
async def embed_cors(request: web.Request, handler: Handler) -> web.StreamResponse:
    """Let the city's own sites (EMBED_ORIGINS) call the chat API; no cookies cross over."""

    if request.method == "OPTIONS" and _embedding(request):
        return web.Response(status=204)  # the CORS headers come with every response
    return await handler(request)


def _embedding(request: web.Request) -> str | None:
    """The Origin of a city site calling the chat API, or None."""
    from bot.portal.keys import SETTINGS

    origin = request.headers.get("Origin", "")
    allowed = request.path.startswith(CORS_PATHS) and origin in request.app[SETTINGS].embed_origins
    return origin if allowed else None


def _cors(request: web.Request, response: web.StreamResponse) -> None:
    origin = _embedding(request)
    if origin:
        response.headers["Access-Control-Allow-Origin"] = origin
        response.headers["Access-Control-Allow-Methods"] = "GET, POST, OPTIONS"
        response.headers["Access-Control-Allow-Headers"] = "Content-Type"
        response.headers["Access-Control-Max-Age"] = "600"
        response.headers["Vary"] = "Origin"
