"""Staff views: coaches, their languages, offices, hours and absences."""

from __future__ import annotations

import asyncio
from datetime import date, time

import aiohttp_jinja2
from aiohttp import web

from bot.cases import coach_admin
from bot.cases.coach_admin import CoachChange
from bot.portal.auth import staff_required, template_context
from bot.portal.flash import error_of, with_error
from bot.portal.keys import database_url


@staff_required
@aiohttp_jinja2.template("portal/coaches.html")
async def coaches_page(request: web.Request) -> dict[str, object]:
    """Coaches with languages, groups, working hours and absences."""
    rows = await asyncio.to_thread(coach_admin.coach_rows, database_url(request))
    return template_context(request, coaches=rows, error=error_of(request))


LANG_CODES = {"sv", "fi", "en"}
GROUP_CODES = {
    "youth",
    "immigrant",
    "long_term_unemployed",
    "partial_work_ability",
    "laid_off",
    "career_change",
}


def parse_coach_form(form: dict[str, str]) -> CoachChange | str:
    """The change a coach form asks for, or what is wrong with it (shown to staff).

    Raises:
        ValueError: a date or time that is not YYYY-MM-DD / HH:MM.
    """
    languages = sorted({c.strip() for c in form.get("languages", "").split(",")} & LANG_CODES)
    groups = sorted({c.strip() for c in form.get("groups", "").split(",")} & GROUP_CODES)
    if not languages:
        return "a coach needs at least one language (sv, fi)"
    hours = None
    if form.get("weekday") and form.get("start") and form.get("end"):
        start, end = time.fromisoformat(form["start"]), time.fromisoformat(form["end"])
        if end <= start:
            return "the working time must end after it starts"
        hours = (int(form["weekday"]) % 7, start, end)
    absence = None
    if form.get("absence_from") and form.get("absence_to"):
        first = date.fromisoformat(form["absence_from"])
        last = date.fromisoformat(form["absence_to"])
        if last < first:
            return "the absence must end on or after its first day"
        absence = (first, last, form.get("absence_reason", "")[:200] or None)

    def ticked(prefix: str) -> list[int]:
        return [
            int(k.rsplit("_", 1)[1]) for k, v in form.items() if k.startswith(prefix) and v == "on"
        ]

    return CoachChange(
        languages,
        groups,
        form.get("active") == "true",
        hours,
        absence,
        ticked("remove_hours_"),
        ticked("remove_absence_"),
    )


def _update_coach(url: str, coach_id: int, form: dict[str, str]) -> str | None:
    change = parse_coach_form(form)
    if isinstance(change, str):
        return change
    return None if coach_admin.apply_change(coach_id, change, url) else "no such coach"


@staff_required
async def coach_save(request: web.Request) -> web.StreamResponse:
    """Languages, groups, a working-hours block, an absence."""
    form = {k: str(v) for k, v in (await request.post()).items()}
    try:
        error = await asyncio.to_thread(
            _update_coach, database_url(request), int(request.match_info["coach_id"]), form
        )
    except ValueError:
        error = "dates as YYYY-MM-DD and times as HH:MM"
    if error:
        raise web.HTTPFound(with_error(request, "/portal/coaches", error))
    raise web.HTTPFound("/portal/coaches")
