"""All routes of the web app in one place."""

from __future__ import annotations

from pathlib import Path

from aiohttp import web

from bot.portal import views

STATIC = Path(__file__).resolve().parent / "static"


def setup_routes(app: web.Application) -> None:
    """Register the routes."""
    app.router.add_get("/", views.index, name="index")
    app.router.add_get("/health", views.health, name="health")
    app.router.add_get("/sv/dataskydd", views.privacy, name="privacy_sv")
    app.router.add_get("/fi/tietosuoja", views.privacy, name="privacy_fi")
    app.router.add_get(r"/ics/{token:[A-Za-z0-9_\-]+}.ics", views.meeting_calendar, name="ics")
    app.router.add_static("/static", STATIC, name="static")
