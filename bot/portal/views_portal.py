"""Portal views: login, coaches' meetings and cases, callbacks."""

from __future__ import annotations

import asyncio
import math
import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone
from urllib.parse import urlparse

import aiohttp_jinja2
from aiohttp import web

from bot.cases import booking, portal, presence, users, work_queue
from bot.cases.booking import CALLBACK, CANCELLED, MeetingRecord
from bot.cases.mappings import SummaryRecord
from bot.catalog.search import search
from bot.portal.access import NO_COACH, NOT_FOUND, NOT_YOUR_CASE, may_see_case, scope_of
from bot.portal.auth import (
    COOKIE,
    USER,
    current_user,
    login_required,
    set_session_cookie,
    template_context,
)
from bot.portal.auth_limits import LoginLimiter
from bot.portal.flash import error_of
from bot.portal.keys import LIMITER, SETTINGS, client_ip
from bot.portal.texts import t
from bot.rules.offer_text import COACH, card
from bot.rules.profile import QUESTIONS, MappingProfile
from bot.rules.ranking import profile_from_mapping
from bot.rules.search_filters import SearchFilters
from bot.rules.slots import HELSINKI
from bot.rules.summary import answers_text
from bot.rules.timefmt import day_heading
from bot.scheduling import HORIZON_DAYS

CHOOSE_OUTCOME = "Välj mötet och ett utfall. / Valitse tapaaminen ja lopputulos."
TOO_EARLY = (
    "Utfallet kan antecknas först när mötet har börjat. / "
    "Lopputuloksen voi kirjata vasta, kun tapaaminen on alkanut."
)
OTHER_TEAM = (
    "Den här återuppringningen hör till ett annat team. / "
    "Tämä soittopyyntö kuuluu toiselle tiimille."
)
NOT_YOUR_MEETING = "Inte ditt möte. / Ei sinun tapaamisesi."
OTHER_LANGUAGE = (
    "Den här återuppringningen gäller ett språk som du inte betjänar på. / "
    "Tämä soittopyyntö on kielellä, jolla et palvele."
)


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
    """Check the password; failures per account and address wait growing delays."""
    limiter: LoginLimiter = request.app[LIMITER]
    form = await request.post()
    next_url = _safe_next(str(form.get("next") or ""))
    context = template_context(request, next=next_url)
    username = str(form.get("username") or "")[:80]
    address = client_ip(request)
    wait = limiter.wait(username, address)
    if wait > 0:
        context["error"] = "too_many"
        response = aiohttp_jinja2.render_template("portal/login.html", request, context, status=429)
        response.headers["Retry-After"] = str(max(1, math.ceil(wait)))
        return response
    user = await asyncio.to_thread(
        users.authenticate, username, str(form.get("password") or "")[:200], _db(request)
    )
    if user is None:
        limiter.failed(username, address)
        context["error"] = "login_failed"
        return aiohttp_jinja2.render_template("portal/login.html", request, context, status=401)
    limiter.succeeded(username, address)
    token, _ = await asyncio.to_thread(users.start_session, user.id, _db(request))
    response = web.HTTPFound(next_url)
    set_session_cookie(response, request, token)
    raise response


async def logout(request: web.Request) -> web.StreamResponse:
    """End the session (POST with the CSRF token)."""
    token = request.cookies.get(COOKIE)
    user = request[USER]
    if user is not None:  # not available for live chats any more
        await asyncio.to_thread(presence.clear_presence, user.id, _db(request))
    if token:
        await asyncio.to_thread(users.end_session, token, _db(request))
    response = web.HTTPFound("/portal/login")
    response.del_cookie(COOKIE, path="/portal")
    raise response


# --- coaches ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class MeetingDay:
    """One day of the dashboard: its heading and its meetings in time order."""

    day: date
    heading: str
    meetings: list[MeetingRecord]


def horizon_bounds(now: datetime) -> tuple[date, datetime, datetime]:
    """Today in Helsinki, and the UTC bounds from its midnight over the booking horizon."""
    today = now.astimezone(HELSINKI).date()
    start = datetime.combine(today, time(), HELSINKI)
    end = datetime.combine(today + timedelta(days=HORIZON_DAYS), time(), HELSINKI)
    return today, start.astimezone(timezone.utc), end.astimezone(timezone.utc)


def meeting_days(meetings: list[MeetingRecord], today: date, language: str) -> list[MeetingDay]:
    """The meetings grouped by their day in Helsinki, today first (even without meetings)."""
    by_day: dict[date, list[MeetingRecord]] = {today: []}
    for m in meeting_rows(meetings):
        if m.start_at is not None:
            by_day.setdefault(m.start_at.astimezone(HELSINKI).date(), []).append(m)
    days = []
    for day in sorted(by_day):
        heading = day_heading(day, language)
        if day == today:
            heading = f"{t('today', language)}, {heading}"
        elif day == today + timedelta(days=1):
            heading = f"{t('tomorrow', language)}, {heading}"
        days.append(MeetingDay(day, heading, by_day[day]))
    return days


@login_required
@aiohttp_jinja2.template("portal/dashboard.html")
async def dashboard(request: web.Request) -> dict[str, object]:
    """My meetings over the booking horizon by day (all meetings for staff), my own cases,
    how many items wait in my team's queue, and the open callback requests of my team in
    the languages I serve in (all of them for staff)."""
    user = current_user(request)
    coach_id = None if user.is_staff else user.coach_id
    if not user.is_staff and coach_id is None:
        raise web.HTTPForbidden(text=NO_COACH)
    scope = await scope_of(request)
    db = _db(request)
    today, start, end = horizon_bounds(datetime.now(timezone.utc))
    meetings = await asyncio.to_thread(portal.meetings_between, start, end, coach_id, db)
    callbacks = await asyncio.to_thread(portal.open_callbacks, scope.languages, db, scope.teams)
    own_cases = (
        await asyncio.to_thread(portal.cases_of_coach, user.coach_id, db)
        if user.coach_id is not None
        else []
    )
    waiting = await asyncio.to_thread(work_queue.counts, scope.teams, scope.languages, db)
    context = template_context(
        request,
        callbacks=callbacks,
        horizon_weeks=HORIZON_DAYS // 7,
        own_cases=own_cases,
        waiting=waiting,
    )
    context["days"] = meeting_days(meetings, today, context["lang"])
    context["case_name"] = lambda case: case_heading(case, str(context["lang"]))
    return context


def _can_see(user: users.PortalUser, coach_ids: set[int]) -> bool:
    return user.is_staff or (user.coach_id is not None and user.coach_id in coach_ids)


def _offers_for(
    summary_data: dict[str, object], language: str, service_area: frozenset[str]
) -> list[dict[str, object]]:
    # ranked exactly as the chat ranks them for the person (groups, home, wishes)
    profile = MappingProfile.from_slots(dict(summary_data))
    today = datetime.now(HELSINKI).date()
    search_profile = profile_from_mapping(profile, today, language, service_area)
    result = search(search_profile, SearchFilters(), today)
    return [card(s, (), language, reader=COACH) for s in result.page]


@login_required
async def meeting_page(request: web.Request) -> web.StreamResponse:
    """A meeting opens its case (403 for another coach's meeting)."""
    user = current_user(request)
    meeting_id = int(request.match_info["meeting_id"])
    found = await asyncio.to_thread(portal.meeting, meeting_id, _db(request))
    if found is None:
        raise web.HTTPNotFound(text=NOT_FOUND)
    _, coach_id = found
    if not _can_see(user, {coach_id} if coach_id else set()):
        raise web.HTTPForbidden(text=NOT_YOUR_MEETING)
    public_id = await asyncio.to_thread(portal.case_of_meeting, meeting_id, _db(request))
    if public_id is None:
        raise web.HTTPNotFound(text=NOT_FOUND)
    lang = request.query.get("lang", "")
    raise web.HTTPFound(f"/portal/cases/{public_id}" + (f"?lang={lang}" if lang else ""))


async def _case_or_403(request: web.Request) -> portal.CaseView:
    view = await asyncio.to_thread(portal.case_view, request.match_info["case_id"], _db(request))
    if view is None:
        raise web.HTTPNotFound(text=NOT_FOUND)
    if not may_see_case(await scope_of(request), view):
        raise web.HTTPForbidden(text=NOT_YOUR_CASE)
    return view


def summary_text(summary: SummaryRecord, language: str) -> str:
    """The stored summary in ``language`` (both are stored); rebuilt from the answers, with
    their labels, if that language's text is missing."""
    stored = summary.text_fi if language == "fi" else summary.text_sv
    if stored:
        return stored
    profile = MappingProfile.from_dict(summary.data)
    return f"{t('summary', language)}\n{answers_text(profile, language, QUESTIONS)}"


def case_heading(view: portal.CaseView | portal.OwnCase, language: str) -> str:
    """A short, readable name for the case: "Ärende K7F-3QX" / "Asiakkuus K7F-3QX" with the
    reference of its latest meeting with a time that still stands (else of a callback request,
    else of any meeting), else "Klient 7.12" / "Asiakas 7.12." from the day the case was
    opened. Never the internal id."""
    standing = [m for m in view.meetings if m.status != CANCELLED]
    standing = [m for m in standing if m.start_at] or standing or view.meetings
    if standing:
        return f"{t('case', language)} {standing[-1].reference}"
    day = view.created_at.astimezone(HELSINKI).date()
    return t("client_on", language).format(day=day.day, month=day.month)


@login_required
async def case_page(request: web.Request) -> web.StreamResponse:
    """The pre-filled summary in the language the coach chooses, notes, outcome."""
    view = await _case_or_403(request)
    context = template_context(request, case=view)
    context["heading"] = case_heading(view, context["lang"])
    now = datetime.now(timezone.utc)
    context["recordable"] = {m.id for m in view.meetings if portal.outcome_recordable(m, now)}
    offers: list[dict[str, object]] = []
    if view.summary is not None:
        context["summary_text"] = summary_text(view.summary, context["lang"])
        offers = await asyncio.to_thread(
            _offers_for, view.summary.data, context["lang"], request.app[SETTINGS].service_area
        )
    context["offers"] = offers
    context["error"] = error_of(request)
    if current_user(request).is_staff:
        coaches = await asyncio.to_thread(booking.coaches, _db(request))
        context["coach_choices"] = [(c.id, c.name) for c in coaches]
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
    back = str(form.get("back") or "")
    if re.fullmatch(r"/portal/live/\d{1,9}", back):  # a note written during a live chat
        raise web.HTTPFound(back)
    raise web.HTTPFound(f"/portal/cases/{view.public_id}")


@login_required
async def set_outcome(request: web.Request) -> web.StreamResponse:
    """Record the outcome of one of the case's meetings, once the meeting has started."""
    view = await _case_or_403(request)
    form = await request.post()
    meeting_id = str(form.get("meeting_id") or "")
    outcome = str(form.get("outcome") or "")
    meeting = next((m for m in view.meetings if str(m.id) == meeting_id), None)
    if meeting is None or outcome not in portal.OUTCOMES:
        raise web.HTTPBadRequest(text=CHOOSE_OUTCOME)
    now = datetime.now(timezone.utc)
    if not portal.outcome_recordable(meeting, now):
        raise web.HTTPConflict(text=TOO_EARLY)
    await asyncio.to_thread(portal.set_outcome, meeting.id, outcome, now, _db(request))
    raise web.HTTPFound(f"/portal/cases/{view.public_id}")


@login_required
async def close_callback(request: web.Request) -> web.StreamResponse:
    """Mark a callback request handled: only one in a language the coach serves in (403
    for another language; staff may close any)."""
    meeting_id = int(request.match_info["meeting_id"])
    found = await asyncio.to_thread(portal.meeting, meeting_id, _db(request))
    if found is None or found[0].status not in (CALLBACK, portal.CALLBACK_DONE):
        raise web.HTTPNotFound(text=NOT_FOUND)
    scope = await scope_of(request)
    if scope.languages is not None and found[0].language not in scope.languages:
        raise web.HTTPForbidden(text=OTHER_LANGUAGE)
    closed = await asyncio.to_thread(
        portal.close_callback,
        meeting_id,
        scope.languages,
        _db(request),
        scope.teams,
        current_user(request).id,
    )
    if not closed and found[0].status == CALLBACK:
        raise web.HTTPForbidden(text=OTHER_TEAM)
    raise web.HTTPFound("/portal/")


def meeting_rows(meetings: list[MeetingRecord]) -> list[MeetingRecord]:
    """Template helper: meetings in time order."""
    return sorted(meetings, key=lambda m: m.start_at or datetime.max.replace(tzinfo=timezone.utc))
