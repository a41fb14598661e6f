"""Staff views: intents and their examples, responses, rules and stories; validate and
train (the training job in bot/portal/jobs.py)."""

from __future__ import annotations

import asyncio

import aiohttp_jinja2
from aiohttp import web

from bot.nlu.editor import EditError, ProjectFiles
from bot.portal.auth import staff_required, template_context
from bot.portal.flash import error_of, with_error
from bot.portal.jobs import TrainingJobs
from bot.portal.keys import FILES, JOBS


@staff_required
@aiohttp_jinja2.template("portal/intents.html")
async def intents_page(request: web.Request) -> dict[str, object]:
    """Every intent with counts per language; missing ones flagged."""
    files: ProjectFiles = request.app[FILES]
    intents = await asyncio.to_thread(files.intents)
    return template_context(request, intents=intents)


@staff_required
async def intent_page(request: web.Request) -> web.StreamResponse:
    """One intent's Swedish and Finnish examples side by side."""
    files: ProjectFiles = request.app[FILES]
    name = request.match_info["intent"]
    intents = await asyncio.to_thread(files.intents)
    view = next((i for i in intents if i.name == name), None)
    if view is None:
        raise web.HTTPNotFound()
    return aiohttp_jinja2.render_template(
        "portal/intent.html",
        request,
        template_context(
            request, intent=view, error=error_of(request), saved=request.query.get("saved")
        ),
    )


@staff_required
async def intent_edit(request: web.Request) -> web.StreamResponse:
    """Add, change or remove an example; the YAML file is rewritten tidily."""
    files: ProjectFiles = request.app[FILES]
    name = request.match_info["intent"]
    form = await request.post()
    action = str(form.get("action") or "")
    language = str(form.get("language") or "")
    if language not in ("sv", "fi"):
        raise web.HTTPBadRequest(text="language must be sv or fi")
    try:
        if action == "add":
            await asyncio.to_thread(files.add_example, name, language, str(form.get("text") or ""))
        elif action == "remove":
            await asyncio.to_thread(
                files.remove_example, name, language, str(form.get("old") or "")
            )
        elif action == "replace":
            await asyncio.to_thread(
                files.replace_example,
                name,
                language,
                str(form.get("old") or ""),
                str(form.get("text") or ""),
            )
        else:
            raise web.HTTPBadRequest(text="unknown action")
    except EditError as error:
        raise web.HTTPFound(
            with_error(request, f"/portal/nlu/intents/{name}", str(error))
        ) from None
    raise web.HTTPFound(f"/portal/nlu/intents/{name}?saved=1")


@staff_required
@aiohttp_jinja2.template("portal/responses.html")
async def responses_page(request: web.Request) -> dict[str, object]:
    """Responses of both languages side by side."""
    files: ProjectFiles = request.app[FILES]
    return template_context(
        request,
        responses=await asyncio.to_thread(files.responses),
        error=error_of(request),
        saved=request.query.get("saved"),
    )


@staff_required
async def response_save(request: web.Request) -> web.StreamResponse:
    """Change a response's texts (placeholders must stay)."""
    files: ProjectFiles = request.app[FILES]
    form = await request.post()
    name = request.match_info["name"]
    texts = {lang: str(form.get(lang)) for lang in ("sv", "fi") if form.get(lang) is not None}
    try:
        await asyncio.to_thread(files.set_response, name, texts)
    except EditError as error:
        raise web.HTTPFound(with_error(request, "/portal/nlu/responses", str(error))) from None
    raise web.HTTPFound(f"/portal/nlu/responses?saved={name}#{name}")


@staff_required
async def conversation_files(request: web.Request) -> web.StreamResponse:
    """Rule and story files: list, show and save one."""
    files: ProjectFiles = request.app[FILES]
    paths = files.conversation_files()
    selected = request.query.get("file") or (paths[0].name if paths else "")
    path = next(
        (
            p
            for p in paths
            if p.name == selected and p.parent.name in request.query.get("dir", p.parent.name)
        ),
        None,
    )
    error = None
    if request.method == "POST":
        form = await request.post()
        target = next(
            (p for p in paths if str(p.relative_to(files.root)) == form.get("path")), None
        )
        if target is None:
            raise web.HTTPBadRequest(text="unknown file")
        try:
            await asyncio.to_thread(
                files.save_conversation_file, target, str(form.get("content") or "")
            )
        except EditError as exc:
            error = str(exc)
        path = target
    content = path.read_text(encoding="utf-8") if path else ""
    return aiohttp_jinja2.render_template(
        "portal/conversations.html",
        request,
        template_context(
            request,
            paths=[str(p.relative_to(files.root)) for p in paths],
            current=str(path.relative_to(files.root)) if path else "",
            content=content,
            error=error,
            saved=request.method == "POST" and error is None,
        ),
        status=400 if error else 200,
    )


@staff_required
async def train_page(request: web.Request) -> web.StreamResponse:
    """Start a validate-train-test-load job, or show the running one."""
    jobs: TrainingJobs = request.app[JOBS]
    if request.method == "POST":
        jobs.start()
        raise web.HTTPFound("/portal/nlu/train")
    return aiohttp_jinja2.render_template(
        "portal/train.html", request, template_context(request, job=jobs.current())
    )
