"""The team work queue, a case's own egencoach, and case search (issue 16, part 3).

A coach sees the queue of their team (their office) in the languages they serve in; staff
see every team. Nothing on the queue names the person: kind, waiting time, language, home
municipality, customer groups and age band, and a link to the case.
"""

from __future__ import annotations

import asyncio

import aiohttp_jinja2
from aiohttp import web

from bot.cases import portal, work_queue
from bot.portal.access import NO_COACH, NOT_FOUND, NOT_YOUR_CASE, Scope, may_see_case, scope_of
from bot.portal.auth import current_user, login_required, template_context
from bot.portal.flash import error_of, with_error
from bot.portal.keys import SETTINGS
from bot.portal.texts import t
from bot.portal.views_portal import case_heading
from bot.rules import municipalities
from bot.rules.service_paths import GROUPS
from bot.rules.vocabulary import AGE_GROUPS, label


def _db(request: web.Request) -> str:
    return str(request.app[SETTINGS].database_url)


def _filter(request: web.Request, scope: Scope) -> work_queue.QueueFilter:
    q = request.query
    status = q.get("status", "")
    statuses = (status,) if status in work_queue.STATUSES else work_queue.OPEN
    languages = scope.languages
    if q.get("language") in ("sv", "fi"):
        wanted = frozenset({q["language"]})
        languages = wanted if languages is None else languages & wanted
    teams = scope.teams
    if scope.teams is None and q.get("team"):
        teams = frozenset({q["team"][:3]})
    return work_queue.QueueFilter(
        teams=teams,
        languages=languages,
        municipality=q.get("municipality", "")[:3] or None,
        customer_group=q.get("group") if q.get("group") in GROUPS else None,
        age_band=q.get("age") if q.get("age") in AGE_GROUPS else None,
        statuses=statuses,
        kind=q.get("kind") if q.get("kind") in work_queue.KINDS else None,
    )


def _place(code: str | None, lang: str) -> str:
    found = municipalities.by_code(code) if code else None
    return found.name(lang) if found else "–"


@login_required
@aiohttp_jinja2.template("portal/queue.html")
async def queue_page(request: web.Request) -> dict[str, object]:
    """The team's work queue, filtered."""
    scope = await scope_of(request)
    where = _filter(request, scope)
    rows = await asyncio.to_thread(work_queue.rows, where, _db(request))
    context = template_context(
        request, rows=rows, where=where, query=dict(request.query), error=error_of(request)
    )
    lang = str(context["lang"])
    context.update(
        place=lambda code: _place(code, lang),
        group_name=lambda code: label(GROUPS, code, lang),
        age_name=lambda code: label(AGE_GROUPS, code, lang) if code else "–",
        groups=sorted(GROUPS),
        ages=list(AGE_GROUPS),
        statuses=work_queue.STATUSES,
        kinds=work_queue.KINDS,
        home_codes=sorted({r.municipality for r in rows if r.municipality}),
        moves=work_queue.MOVES,
    )
    return context


@login_required
async def queue_move(request: web.Request) -> web.StreamResponse:
    """Move an item on (contacted, booked, closed)."""
    scope = await scope_of(request)
    user = current_user(request)
    form = await request.post()
    status = str(form.get("status") or "")
    item_id = int(request.match_info["item_id"])
    back = "/portal/queue"
    if status not in work_queue.STATUSES:
        raise web.HTTPSeeOther(with_error(request, back, t("queue_not_allowed", user.language)))
    seen = str(form.get("from") or "")
    why = await asyncio.to_thread(
        work_queue.move,
        item_id,
        status,
        user.id,
        scope.teams,
        scope.languages,
        _db(request),
        seen if seen in work_queue.STATUSES else None,
    )
    if why == "not_found":
        raise web.HTTPNotFound(text=NOT_FOUND)
    if why == "not_allowed":
        raise web.HTTPSeeOther(with_error(request, back, t("queue_not_allowed", user.language)))
    raise web.HTTPSeeOther(back)


@login_required
async def assign_coach(request: web.Request) -> web.StreamResponse:
    """Give the case its own egencoach: a coach takes it themselves, staff choose anyone."""
    scope = await scope_of(request)
    user = current_user(request)
    public_id = request.match_info["case_id"]
    view = await asyncio.to_thread(portal.case_view, public_id, _db(request))
    if view is None:
        raise web.HTTPNotFound(text=NOT_FOUND)
    if not may_see_case(scope, view):
        raise web.HTTPForbidden(text=NOT_YOUR_CASE)
    form = await request.post()
    chosen = str(form.get("coach_id") or "")
    if user.is_staff and chosen.isascii() and chosen.isdigit() and len(chosen) <= 9:
        coach_id = int(chosen)
    elif user.coach_id is not None:
        coach_id = user.coach_id  # a coach takes the case themselves
    else:
        raise web.HTTPForbidden(text=NO_COACH)
    done = await asyncio.to_thread(work_queue.assign, public_id, coach_id, _db(request))
    target = f"/portal/cases/{public_id}"
    if not done:
        raise web.HTTPSeeOther(with_error(request, target, t("coach_not_found", user.language)))
    raise web.HTTPSeeOther(target)


@login_required
@aiohttp_jinja2.template("portal/search.html")
async def search_page(request: web.Request) -> dict[str, object]:
    """Cases by booking reference, phone number or e-mail (a person who calls in)."""
    scope = await scope_of(request)
    text = request.query.get("q", "")[:200]
    found: list[portal.CaseView] = []
    if text.strip():
        ids = await asyncio.to_thread(work_queue.find_cases, text, _db(request))
        views = [await asyncio.to_thread(portal.case_view, i, _db(request)) for i in ids]
        found = [v for v in views if v is not None and may_see_case(scope, v)]
    context = template_context(request, q=text, found=found)
    lang = str(context["lang"])
    context["case_name"] = lambda case: case_heading(case, lang)
    return context
