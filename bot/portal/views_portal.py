"""Portal views: login, coaches' meetings and cases, callbacks."""

from __future__ import annotations

import asyncio
from datetime import datetime, timedelta, timezone
from urllib.parse import urlparse

import aiohttp_jinja2
from aiohttp import web

from bot.cases import portal, users
from bot.cases.booking import MeetingRecord
from bot.catalog.search import search
from bot.portal.auth import (
    COOKIE,
    client_ip,
    current_user,
    login_required,
    set_session_cookie,
    template_context,
)
from bot.portal.auth_limits import LoginLimiter
from bot.portal.keys import LIMITER, SETTINGS
from bot.rules.offer_text import card
from bot.rules.profile import MappingProfile
from bot.rules.ranking import SearchProfile
from bot.rules.search_filters import SearchFilters
from bot.rules.slots import HELSINKI


def _db(request: web.Request) -> str:
    return request.app[SETTINGS].database_url


def _safe_next(target: str | None) -> str:
    """Only local portal paths: no open redirect."""
    if not target:
        return "/portal/"
    parsed = urlparse(target)
    if parsed.scheme or parsed.netloc or not target.startswith("/portal"):
        return "/portal/"
    return target


# --- login ------------------------------------------------------------------------------------


@aiohttp_jinja2.template("portal/login.html")
async def login_form(request: web.Request) -> dict[str, object]:
    """The login page."""
    return template_context(request, next=_safe_next(request.query.get("next")), error=None)


async def login(request: web.Request) -> web.StreamResponse:
    """Check the password; rate-limited per IP, accounts lock after five failures."""
    limiter: LoginLimiter = request.app[LIMITER]
    form = await request.post()
    next_url = _safe_next(str(form.get("next") or ""))
    context = template_context(request, next=next_url)
    if not limiter.allow(client_ip(request)):
        context["error"] = "too_many"
        return aiohttp_jinja2.render_template("portal/login.html", request, context, status=429)
    user = await asyncio.to_thread(
        users.authenticate,
        str(form.get("username") or "")[:80],
        str(form.get("password") or "")[:200],
        None,
        _db(request),
    )
    if user is None:
        context["error"] = "login_failed"
        return aiohttp_jinja2.render_template("portal/login.html", request, context, status=401)
    token, _ = await asyncio.to_thread(users.start_session, user.id, _db(request))
    response = web.HTTPFound(next_url)
    set_session_cookie(response, request, token)
    raise response


async def logout(request: web.Request) -> web.StreamResponse:
    """End the session (POST with the CSRF token)."""
    token = request.cookies.get(COOKIE)
    if token:
        await asyncio.to_thread(users.end_session, token, _db(request))
    response = web.HTTPFound("/portal/login")
    response.del_cookie(COOKIE, path="/portal")
    raise response


# --- coaches ------------------------------------------------------------------------------------


def _week_bounds(now: datetime) -> tuple[datetime, datetime, datetime, datetime]:
    local = now.astimezone(HELSINKI)
    day_start = local.replace(hour=0, minute=0, second=0, microsecond=0)
    week_start = day_start - timedelta(days=local.weekday())
    return (
        day_start.astimezone(timezone.utc),
        (day_start + timedelta(days=1)).astimezone(timezone.utc),
        week_start.astimezone(timezone.utc),
        (week_start + timedelta(days=7)).astimezone(timezone.utc),
    )


@login_required
@aiohttp_jinja2.template("portal/dashboard.html")
async def dashboard(request: web.Request) -> dict[str, object]:
    """My meetings today and this week (all meetings for staff), and open callbacks."""
    user = current_user(request)
    coach_id = None if user.is_staff else user.coach_id
    if not user.is_staff and coach_id is None:
        raise web.HTTPForbidden(text="No coach linked to this account")
    day_start, day_end, week_start, week_end = _week_bounds(datetime.now(timezone.utc))
    today = await asyncio.to_thread(
        portal.meetings_between, day_start, day_end, coach_id, _db(request)
    )
    week = await asyncio.to_thread(
        portal.meetings_between, week_start, week_end, coach_id, _db(request)
    )
    callbacks = await asyncio.to_thread(portal.open_callbacks, _db(request))
    return template_context(request, today=today, week=week, callbacks=callbacks)


def _can_see(user: users.PortalUser, coach_ids: set[int]) -> bool:
    return user.is_staff or (user.coach_id is not None and user.coach_id in coach_ids)


def _offers_for(summary_data: dict[str, object], language: str) -> list[dict[str, object]]:
    profile = MappingProfile.from_slots(dict(summary_data))
    search_profile = SearchProfile(
        language=profile.service_language or language,
        study_languages=tuple(c for c in (profile.service_language, profile.native_language) if c),
        fields=tuple(f for f in profile.desired_fields if f != "any"),
        municipality=profile.municipality,
        help_wanted=tuple(profile.help_wanted),
    )
    result = search(search_profile, SearchFilters(), datetime.now(HELSINKI).date())
    return [card(s, (), language) for s in result.page]


@login_required
async def meeting_page(request: web.Request) -> web.StreamResponse:
    """A meeting opens its case (403 for another coach's meeting)."""
    user = current_user(request)
    meeting_id = int(request.match_info["meeting_id"])
    found = await asyncio.to_thread(portal.meeting, meeting_id, _db(request))
    if found is None:
        raise web.HTTPNotFound()
    _, coach_id = found
    if not _can_see(user, {coach_id} if coach_id else set()):
        raise web.HTTPForbidden(text="Not your meeting / Inte ditt möte / Ei sinun tapaamisesi")
    public_id = await asyncio.to_thread(portal.case_of_meeting, meeting_id, _db(request))
    if public_id is None:
        raise web.HTTPNotFound()
    lang = request.query.get("lang", "")
    raise web.HTTPFound(f"/portal/cases/{public_id}" + (f"?lang={lang}" if lang else ""))


async def _case_or_403(request: web.Request) -> portal.CaseView:
    user = current_user(request)
    view = await asyncio.to_thread(portal.case_view, request.match_info["case_id"], _db(request))
    if view is None:
        raise web.HTTPNotFound()
    if not _can_see(user, view.coach_ids):
        raise web.HTTPForbidden(text="Not your case / Inte ditt ärende / Ei sinun asiasi")
    return view


@login_required
async def case_page(request: web.Request) -> web.StreamResponse:
    """The pre-filled summary in the language the coach chooses, notes, outcome."""
    view = await _case_or_403(request)
    context = template_context(request, case=view)
    offers: list[dict[str, object]] = []
    if view.summary is not None:
        offers = await asyncio.to_thread(_offers_for, view.summary.data, context["lang"])
    context["offers"] = offers
    template = "portal/print.html" if request.path.endswith("/print") else "portal/case.html"
    return aiohttp_jinja2.render_template(template, request, context)


@login_required
async def add_note(request: web.Request) -> web.StreamResponse:
    """Add a note to the case."""
    view = await _case_or_403(request)
    form = await request.post()
    text = str(form.get("text") or "").strip()
    if text:
        await asyncio.to_thread(
            portal.add_note, view.public_id, current_user(request).id, text, _db(request)
        )
    raise web.HTTPFound(f"/portal/cases/{view.public_id}")


@login_required
async def set_outcome(request: web.Request) -> web.StreamResponse:
    """Record the outcome of one of the case's meetings."""
    view = await _case_or_403(request)
    form = await request.post()
    meeting_id = int(str(form.get("meeting_id") or "0"))
    outcome = str(form.get("outcome") or "")
    if meeting_id not in {m.id for m in view.meetings} or outcome not in portal.OUTCOMES:
        raise web.HTTPBadRequest(text="unknown meeting or outcome")
    await asyncio.to_thread(portal.set_outcome, meeting_id, outcome, _db(request))
    raise web.HTTPFound(f"/portal/cases/{view.public_id}")


@login_required
async def close_callback(request: web.Request) -> web.StreamResponse:
    """Mark a callback request handled."""
    await asyncio.to_thread(
        portal.close_callback, int(request.match_info["meeting_id"]), _db(request)
    )
    raise web.HTTPFound("/portal/")


def meeting_rows(meetings: list[MeetingRecord]) -> list[MeetingRecord]:
    """Template helper: meetings in time order."""
    return sorted(meetings, key=lambda m: m.start_at or datetime.max.replace(tzinfo=timezone.utc))
