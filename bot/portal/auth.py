"""Portal authentication: session cookies, roles, CSRF, login rate limits."""

from __future__ import annotations

import asyncio
import hmac
from collections.abc import Awaitable, Callable
from datetime import timedelta
from functools import wraps
from typing import Any

from aiohttp import web
from aiohttp.typedefs import Handler

from bot.cases import users
from bot.cases.users import PortalUser
from bot.portal.auth_limits import LoginLimiter  # noqa: F401  (re-exported)
from bot.portal.keys import SETTINGS

COOKIE = "portal_session"
USER = "user"
CSRF = "csrf"
View = Callable[[web.Request], Awaitable[web.StreamResponse]]


def is_secure(request: web.Request) -> bool:
    """Behind https (directly, via a proxy header, or by configuration)."""
    settings = request.app[SETTINGS]
    return (
        request.secure
        or request.headers.get("X-Forwarded-Proto", "") == "https"
        or settings.public_base_url.startswith("https://")
    )


def set_session_cookie(response: web.StreamResponse, request: web.Request, token: str) -> None:
    """HttpOnly, SameSite=Strict, Secure behind https; no Max-Age (idle expiry is server-side)."""
    response.set_cookie(
        COOKIE, token, httponly=True, samesite="Strict", secure=is_secure(request), path="/portal"
    )


@web.middleware
async def portal_session(request: web.Request, handler: Handler) -> web.StreamResponse:
    """Attach the logged-in user (if any) to /portal requests."""
    request[USER] = None
    request[CSRF] = None
    if request.path.startswith("/portal"):
        token = request.cookies.get(COOKIE)
        if token:
            settings = request.app[SETTINGS]
            info = await asyncio.to_thread(
                users.session_info,
                token,
                timedelta(minutes=settings.portal_idle_minutes),
                None,
                settings.database_url,
            )
            if info is not None:
                request[USER] = info.user
                request[CSRF] = info.csrf_token
    return await handler(request)


@web.middleware
async def csrf_protect(request: web.Request, handler: Handler) -> web.StreamResponse:
    """Every state-changing portal request must carry the session's CSRF token."""
    if request.path.startswith("/portal") and request.method in ("POST", "PUT", "DELETE", "PATCH"):
        if request.path != "/portal/login":
            expected = request[CSRF]
            sent = request.headers.get("X-CSRF-Token")
            if sent is None and request.content_type in (
                "application/x-www-form-urlencoded",
                "multipart/form-data",
            ):
                form = await request.post()
                value = form.get("csrf_token")
                sent = value if isinstance(value, str) else None
            if not expected or not sent or not hmac.compare_digest(expected, sent):
                raise web.HTTPForbidden(
                    text="Formuläret har gått ut: ladda om sidan och försök igen. / "
                    "Lomake on vanhentunut: lataa sivu uudelleen ja yritä uudelleen."
                )
    return await handler(request)


def current_user(request: web.Request) -> PortalUser:
    """The logged-in user (views behind login_required only)."""
    user = request[USER]
    assert user is not None
    return user


def login_required(view: View) -> View:
    """Redirect to the login page when nobody is logged in."""

    @wraps(view)
    async def wrapper(request: web.Request) -> web.StreamResponse:
        if request[USER] is None:
            raise web.HTTPFound(f"/portal/login?next={request.rel_url.path}")
        return await view(request)

    return wrapper


def staff_required(view: View) -> View:
    """Staff and admins only; a coach gets 403."""

    @login_required
    @wraps(view)
    async def wrapper(request: web.Request) -> web.StreamResponse:
        if not current_user(request).is_staff:
            raise web.HTTPForbidden(
                text="Sidan är bara för personalen. / Sivu on vain henkilöstölle."
            )
        return await view(request)

    return wrapper


def template_context(request: web.Request, **values: Any) -> dict[str, Any]:
    """Values every portal page needs: user, CSRF token, language."""
    user = request[USER]
    lang = request.query.get("lang") or (user.language if user else "sv")
    return {
        "user": user,
        "csrf_token": request[CSRF],
        "lang": "fi" if lang == "fi" else "sv",
        **values,
    }
