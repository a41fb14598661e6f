"""A message for the next page after a redirect ("that example is already there"), carried
in the URL with a signature, so a link someone else crafted cannot put words of theirs on a
staff page (the probe's finding: ``?error=`` text was shown, escaped, on four pages)."""

from __future__ import annotations

import hashlib
import hmac
from urllib.parse import urlencode

from aiohttp import web

from bot.portal.keys import SETTINGS


def _signature(request: web.Request, text: str) -> str:
    key = request.app[SETTINGS].portal_secret.encode()
    return hmac.new(key, b"flash:" + text.encode(), hashlib.sha256).hexdigest()[:32]


def with_error(request: web.Request, path: str, text: str) -> str:
    """``path`` with the error ``text`` and its signature in the query."""
    text = str(text)[:500]
    separator = "&" if "?" in path else "?"
    return path + separator + urlencode({"error": text, "sig": _signature(request, text)})


def error_of(request: web.Request) -> str | None:
    """The error carried to this page, only if this app signed it."""
    text = request.query.get("error")
    if not text:
        return None
    signature = request.query.get("sig", "")
    return text if hmac.compare_digest(signature, _signature(request, text)) else None
