"""Staff view: the factual answers (utter_faq/...) by the date they were last checked."""

from __future__ import annotations

import asyncio
from datetime import datetime
from zoneinfo import ZoneInfo

import aiohttp_jinja2
from aiohttp import web

from bot.nlu.editor import REVIEW_AFTER_DAYS, EditError, ProjectFiles
from bot.portal.auth import staff_required, template_context
from bot.portal.flash import error_of, with_error
from bot.portal.keys import FILES

HELSINKI = ZoneInfo("Europe/Helsinki")


def today() -> str:
    """Today in Helsinki, YYYY-MM-DD."""
    return datetime.now(HELSINKI).date().isoformat()


@staff_required
@aiohttp_jinja2.template("portal/answers.html")
async def answers_page(request: web.Request) -> dict[str, object]:
    """Every factual answer, the least recently checked first, due ones marked."""
    files: ProjectFiles = request.app[FILES]
    answers = await asyncio.to_thread(files.faq_answers)
    now = today()
    return template_context(
        request,
        answers=answers,
        due={a.name for a in answers if a.due(now)},
        review_days=REVIEW_AFTER_DAYS,
        today=now,
        error=error_of(request),
        saved=request.query.get("saved"),
    )


@staff_required
async def answer_checked(request: web.Request) -> web.StreamResponse:
    """Record that an answer was checked against its sources (today unless a date is given);
    new sources replace the old ones when given, one https:// address per line."""
    files: ProjectFiles = request.app[FILES]
    name = request.match_info["name"]
    form = await request.post()
    checked = str(form.get("checked") or "").strip() or today()
    sources = [line.strip() for line in str(form.get("sources") or "").splitlines() if line.strip()]
    try:
        await asyncio.to_thread(files.mark_checked, name, checked, sources or None)
    except EditError as error:
        raise web.HTTPFound(with_error(request, "/portal/nlu/answers", str(error))) from None
    raise web.HTTPFound(f"/portal/nlu/answers?saved={name}")
