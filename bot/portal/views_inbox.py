"""Staff views: the inbox of messages the bot was unsure of (read through Rasa's
routes); assign one to an intent or dismiss it."""

from __future__ import annotations

import asyncio

import aiohttp_jinja2
from aiohttp import web

from bot.cases import portal
from bot.nlu.editor import EditError, ProjectFiles
from bot.nlu.training_data import plain_text
from bot.portal.auth import current_user, staff_required, template_context
from bot.portal.flash import error_of, with_error
from bot.portal.keys import FILES, RASA, SETTINGS
from bot.rasa_client import RasaUnavailable
from bot.rules.personal_data import mask


@staff_required
@aiohttp_jinja2.template("portal/inbox.html")
async def inbox_page(request: web.Request) -> dict[str, object]:
    """Messages the bot was unsure about (low confidence or fallback)."""
    settings = request.app[SETTINGS]
    files: ProjectFiles = request.app[FILES]
    decided = await asyncio.to_thread(portal.decided_inbox_keys, settings.database_url)
    try:
        messages = await request.app[RASA].inbox(100, decided)
        unavailable = False
    except RasaUnavailable:
        messages, unavailable = [], True
    intents = [i.name for i in await asyncio.to_thread(files.intents)]
    return template_context(
        request,
        messages=messages,
        intents=intents,
        error=error_of(request),
        rasa_unavailable=unavailable,
    )


@staff_required
async def inbox_decide(request: web.Request) -> web.StreamResponse:
    """Assign a message to an intent (it becomes an example in its language) or dismiss it."""
    settings = request.app[SETTINGS]
    files: ProjectFiles = request.app[FILES]
    form = await request.post()
    key = str(form.get("key") or "")
    user = current_user(request)
    if form.get("action") == "dismiss":
        await asyncio.to_thread(
            portal.decide_inbox_message, settings.database_url, key, "dismissed", None, user.id
        )
        raise web.HTTPFound("/portal/nlu/inbox")
    intent = str(form.get("intent") or "")
    language = str(form.get("language") or "")
    # nothing personal goes into the training data (the form's text may have been edited)
    text = mask(plain_text(str(form.get("text") or "")))
    if language not in ("sv", "fi") or not intent:
        raise web.HTTPBadRequest(text="choose an intent and a language")
    try:
        await asyncio.to_thread(files.add_example, intent, language, text)
    except EditError as error:
        raise web.HTTPFound(with_error(request, "/portal/nlu/inbox", str(error))) from None
    await asyncio.to_thread(
        portal.decide_inbox_message, settings.database_url, key, "assigned", intent, user.id
    )
    raise web.HTTPFound("/portal/nlu/inbox")
