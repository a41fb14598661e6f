"""Staff views: training catalog, coaches, statistics, intents and training."""

from __future__ import annotations

import asyncio
from datetime import date, datetime, time, timedelta, timezone
from pathlib import Path

import aiohttp_jinja2
from aiohttp import web
from sqlalchemy import select

from bot.cases import catalog as catalog_repo
from bot.cases import portal
from bot.cases.db import session_scope
from bot.cases.models import (
    Coach,
    CoachAbsence,
    CoachHours,
    InboxDecision,
    Provider,
    TrainingOffer,
)
from bot.catalog.importer import import_text
from bot.catalog.reader import SourceError, guess_format
from bot.catalog.schema import RowError, parse_offer
from bot.nlu.editor import EditError, ProjectFiles
from bot.nlu.training_data import plain_text
from bot.portal.auth import current_user, staff_required, template_context
from bot.portal.jobs import TrainingJobs
from bot.portal.keys import FILES, JOBS, RASA, SETTINGS
from bot.portal.rasa_client import RasaUnavailable

MAX_UPLOAD = 5 * 1024 * 1024


def _db(request: web.Request) -> str:
    return request.app[SETTINGS].database_url


# --- training catalog -----------------------------------------------------------------------


def _offers(url: str, query: str) -> list[tuple[TrainingOffer, str]]:
    with session_scope(url) as session:
        stmt = select(TrainingOffer, Provider.name).join(Provider).order_by(TrainingOffer.title_fi)
        if query:
            like = f"%{query.lower()}%"
            from sqlalchemy import func, or_

            stmt = stmt.where(
                or_(
                    func.lower(TrainingOffer.title_sv).like(like),
                    func.lower(TrainingOffer.title_fi).like(like),
                    func.lower(TrainingOffer.external_id).like(like),
                )
            )
        rows = session.execute(stmt.limit(500)).all()
        session.expunge_all()
        return [(o, name) for o, name in rows]


@staff_required
@aiohttp_jinja2.template("portal/catalog.html")
async def catalog_list(request: web.Request) -> dict[str, object]:
    """List and search offers."""
    query = request.query.get("q", "").strip()[:100]
    rows = await asyncio.to_thread(_offers, _db(request), query)
    return template_context(request, rows=rows, q=query, report=None)


OFFER_FIELDS = (
    "external_id",
    "provider",
    "title_sv",
    "title_fi",
    "description_sv",
    "description_fi",
    "isced",
    "languages",
    "municipality",
    "online",
    "format",
    "start_date",
    "end_date",
    "application_deadline",
    "target_groups",
    "kind",
    "free",
    "price_eur",
    "url",
)


def _offer_form_values(offer: TrainingOffer | None, provider: str = "") -> dict[str, str]:
    if offer is None:
        return {f: "" for f in OFFER_FIELDS}
    return {
        "external_id": offer.external_id,
        "provider": provider,
        "title_sv": offer.title_sv,
        "title_fi": offer.title_fi,
        "description_sv": offer.description_sv,
        "description_fi": offer.description_fi,
        "isced": offer.isced,
        "languages": ",".join(offer.languages or []),
        "municipality": offer.municipality or "",
        "online": "true" if offer.online else "",
        "format": offer.format,
        "start_date": str(offer.start_date or ""),
        "end_date": str(offer.end_date or ""),
        "application_deadline": str(offer.application_deadline or ""),
        "target_groups": ",".join(offer.target_groups or []),
        "kind": offer.kind,
        "free": "true" if offer.free else "",
        "price_eur": str(offer.price_eur),
        "url": offer.url or "",
    }


def _load_offer(url: str, external_id: str) -> dict[str, str] | None:
    with session_scope(url) as session:
        row = session.execute(
            select(TrainingOffer, Provider.slug)
            .join(Provider)
            .where(TrainingOffer.external_id == external_id)
        ).first()
        return _offer_form_values(row[0], row[1]) if row else None


@staff_required
async def offer_form(request: web.Request) -> web.StreamResponse:
    """Create (no id) or edit an offer."""
    external_id = request.match_info.get("external_id")
    values = _offer_form_values(None)
    if external_id:
        loaded = await asyncio.to_thread(_load_offer, _db(request), external_id)
        if loaded is None:
            raise web.HTTPNotFound()
        values = loaded
    return aiohttp_jinja2.render_template(
        "portal/offer_form.html",
        request,
        template_context(request, values=values, error=None, editing=bool(external_id)),
    )


@staff_required
async def offer_save(request: web.Request) -> web.StreamResponse:
    """Validate like the importer and store in one transaction."""
    form = await request.post()
    values = {f: str(form.get(f) or "").strip() for f in OFFER_FIELDS}
    row: dict[str, object] = dict(values)
    row["online"] = values["online"] == "true"
    row["free"] = values["free"] == "true"
    slugs = await asyncio.to_thread(catalog_repo.provider_slugs, _db(request))
    try:
        parsed = parse_offer(row, 1, slugs)
    except RowError as error:
        context = template_context(
            request,
            values=values,
            error=error.reason,
            editing=bool(request.match_info.get("external_id")),
        )
        return aiohttp_jinja2.render_template(
            "portal/offer_form.html", request, context, status=400
        )
    await asyncio.to_thread(catalog_repo.import_catalog, [], [parsed], _db(request))
    raise web.HTTPFound("/portal/catalog?q=" + parsed.external_id)


@staff_required
async def offer_status(request: web.Request) -> web.StreamResponse:
    """Retire or re-activate an offer."""
    form = await request.post()
    status = "retired" if form.get("action") == "retire" else "active"
    found = await asyncio.to_thread(
        catalog_repo.set_status, request.match_info["external_id"], status, _db(request)
    )
    if not found:
        raise web.HTTPNotFound()
    raise web.HTTPFound("/portal/catalog")


@staff_required
async def catalog_import(request: web.Request) -> web.StreamResponse:
    """Import an uploaded YAML or CSV file; show every rejected row."""
    form = await request.post()
    upload = form.get("file")
    report_lines: list[str]
    status = 200
    if upload is None or isinstance(upload, str | bytes):
        report_lines = ["no file / ingen fil / ei tiedostoa"]
        status = 400
    else:
        body = upload.file.read(MAX_UPLOAD + 1)
        if len(body) > MAX_UPLOAD:
            raise web.HTTPRequestEntityTooLarge(MAX_UPLOAD, len(body))
        try:
            report = await asyncio.to_thread(
                import_text,
                body.decode("utf-8"),
                guess_format(upload.filename or ""),
                _db(request),
            )
            report_lines = report.lines()
        except (SourceError, UnicodeDecodeError) as exc:
            report_lines = [str(exc)]
            status = 400
    rows = await asyncio.to_thread(_offers, _db(request), "")
    return aiohttp_jinja2.render_template(
        "portal/catalog.html",
        request,
        template_context(request, rows=rows, q="", report=report_lines),
        status=status,
    )


# --- coaches --------------------------------------------------------------------------------


def _coaches(url: str) -> list[dict[str, object]]:
    with session_scope(url) as session:
        out = []
        for coach in session.execute(select(Coach).order_by(Coach.name)).scalars():
            hours = (
                session.execute(
                    select(CoachHours)
                    .where(CoachHours.coach_id == coach.id)
                    .order_by(CoachHours.weekday, CoachHours.start_time)
                )
                .scalars()
                .all()
            )
            absences = (
                session.execute(
                    select(CoachAbsence)
                    .where(CoachAbsence.coach_id == coach.id)
                    .order_by(CoachAbsence.first_day)
                )
                .scalars()
                .all()
            )
            out.append(
                {
                    "id": coach.id,
                    "name": coach.name,
                    "languages": list(coach.languages or []),
                    "groups": list(coach.groups or []),
                    "office": coach.office,
                    "municipality": coach.municipality,
                    "channels": list(coach.channels or []),
                    "active": coach.active,
                    "hours": [(h.id, h.weekday, h.start_time, h.end_time) for h in hours],
                    "absences": [(a.id, a.first_day, a.last_day, a.reason or "") for a in absences],
                }
            )
        return out


@staff_required
@aiohttp_jinja2.template("portal/coaches.html")
async def coaches_page(request: web.Request) -> dict[str, object]:
    """Coaches with languages, groups, working hours and absences."""
    rows = await asyncio.to_thread(_coaches, _db(request))
    return template_context(request, coaches=rows, error=request.query.get("error"))


LANG_CODES = {"sv", "fi", "en"}
GROUP_CODES = {
    "youth",
    "immigrant",
    "long_term_unemployed",
    "partial_work_ability",
    "laid_off",
    "career_change",
}


def _update_coach(url: str, coach_id: int, form: dict[str, str]) -> str | None:
    languages = sorted({c.strip() for c in form.get("languages", "").split(",")} & LANG_CODES)
    groups = sorted({c.strip() for c in form.get("groups", "").split(",")} & GROUP_CODES)
    if not languages:
        return "a coach needs at least one language (sv, fi)"
    with session_scope(url) as session:
        coach = session.get(Coach, coach_id)
        if coach is None:
            return "no such coach"
        coach.languages = languages
        coach.groups = groups
        coach.active = form.get("active") == "true"
        if form.get("weekday") and form.get("start") and form.get("end"):
            start, end = time.fromisoformat(form["start"]), time.fromisoformat(form["end"])
            if end <= start:
                return "the working time must end after it starts"
            session.add(
                CoachHours(
                    coach_id=coach_id,
                    weekday=int(form["weekday"]) % 7,
                    start_time=start,
                    end_time=end,
                )
            )
        if form.get("absence_from") and form.get("absence_to"):
            first = date.fromisoformat(form["absence_from"])
            last = date.fromisoformat(form["absence_to"])
            if last < first:
                return "the absence must end on or after its first day"
            session.add(
                CoachAbsence(
                    coach_id=coach_id,
                    first_day=first,
                    last_day=last,
                    reason=form.get("absence_reason", "")[:200] or None,
                )
            )
        for key, value in form.items():
            if key.startswith("remove_hours_") and value == "on":
                session.query(CoachHours).filter(
                    CoachHours.id == int(key.rsplit("_", 1)[1]), CoachHours.coach_id == coach_id
                ).delete()
            if key.startswith("remove_absence_") and value == "on":
                session.query(CoachAbsence).filter(
                    CoachAbsence.id == int(key.rsplit("_", 1)[1]),
                    CoachAbsence.coach_id == coach_id,
                ).delete()
    return None


@staff_required
async def coach_save(request: web.Request) -> web.StreamResponse:
    """Languages, groups, a working-hours block, an absence."""
    form = {k: str(v) for k, v in (await request.post()).items()}
    try:
        error = await asyncio.to_thread(
            _update_coach, _db(request), int(request.match_info["coach_id"]), form
        )
    except ValueError:
        error = "dates as YYYY-MM-DD and times as HH:MM"
    if error:
        raise web.HTTPFound("/portal/coaches?error=" + error.replace(" ", "+"))
    raise web.HTTPFound("/portal/coaches")


# --- statistics ---------------------------------------------------------------------------


@staff_required
@aiohttp_jinja2.template("portal/stats.html")
async def stats_page(request: web.Request) -> dict[str, object]:
    """Counts with simple bar charts (server-rendered SVG, no script)."""
    settings = request.app[SETTINGS]
    numbers = await asyncio.to_thread(portal.stats, 8, None, settings.database_url)
    since = datetime.now(timezone.utc) - timedelta(weeks=8)
    try:
        fallbacks, messages = await request.app[RASA].fallback_rate(since)
    except RasaUnavailable:
        fallbacks, messages = 0, 0  # the page shows the rest; Rasa is down

    rate = fallbacks / messages if messages else 0.0
    return template_context(request, s=numbers, fallbacks=fallbacks, messages=messages, rate=rate)


# --- intents, responses, rules and stories --------------------------------------------------


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
            request, intent=view, error=request.query.get("error"), saved=request.query.get("saved")
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
            f"/portal/nlu/intents/{name}?error=" + str(error).replace(" ", "+")
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
        error=request.query.get("error"),
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
        raise web.HTTPFound("/portal/nlu/responses?error=" + str(error).replace(" ", "+")) from None
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


# --- NLU inbox ---------------------------------------------------------------------------------


def _decided(url: str) -> set[str]:
    with session_scope(url) as session:
        return set(session.execute(select(InboxDecision.message_key)).scalars())


def _decide(url: str, key: str, decision: str, intent: str | None, user_id: int) -> None:
    with session_scope(url) as session:
        if (
            session.execute(
                select(InboxDecision).where(InboxDecision.message_key == key)
            ).scalar_one_or_none()
            is None
        ):
            session.add(
                InboxDecision(message_key=key, decision=decision, intent=intent, decided_by=user_id)
            )


@staff_required
@aiohttp_jinja2.template("portal/inbox.html")
async def inbox_page(request: web.Request) -> dict[str, object]:
    """Messages the bot was unsure about (low confidence or fallback)."""
    settings = request.app[SETTINGS]
    files: ProjectFiles = request.app[FILES]
    decided = await asyncio.to_thread(_decided, settings.database_url)
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
        error=request.query.get("error"),
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
        await asyncio.to_thread(_decide, settings.database_url, key, "dismissed", None, user.id)
        raise web.HTTPFound("/portal/nlu/inbox")
    intent = str(form.get("intent") or "")
    language = str(form.get("language") or "")
    text = plain_text(str(form.get("text") or ""))
    if language not in ("sv", "fi") or not intent:
        raise web.HTTPBadRequest(text="choose an intent and a language")
    try:
        await asyncio.to_thread(files.add_example, intent, language, text)
    except EditError as error:
        raise web.HTTPFound("/portal/nlu/inbox?error=" + str(error).replace(" ", "+")) from None
    await asyncio.to_thread(_decide, settings.database_url, key, "assigned", intent, user.id)
    raise web.HTTPFound("/portal/nlu/inbox")


# --- validate and train -------------------------------------------------------------------


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


def project_files(root: Path) -> ProjectFiles:
    """The editable files (a function so tests can point at a copy)."""
    return ProjectFiles(root)
