"""Staff views: the training catalog (offers by hand, by file upload, status)."""

from __future__ import annotations

import asyncio

import aiohttp_jinja2
from aiohttp import web

from bot.cases import catalog as catalog_repo
from bot.cases.models import TrainingOffer
from bot.catalog.importer import import_text
from bot.catalog.reader import SourceError, guess_format
from bot.catalog.schema import RowError, parse_offer
from bot.portal.auth import staff_required, template_context
from bot.portal.keys import database_url

MAX_UPLOAD = 5 * 1024 * 1024


@staff_required
@aiohttp_jinja2.template("portal/catalog.html")
async def catalog_list(request: web.Request) -> dict[str, object]:
    """List and search offers."""
    query = request.query.get("q", "").strip()[:100]
    rows = await asyncio.to_thread(catalog_repo.search_offers, query, database_url(request))
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


def _form_value(value: object) -> str:
    """An offer's attribute as the form shows it (lists comma-separated, booleans as the
    checkbox's "true", nothing as empty)."""
    if value is None or value is False:
        return ""
    if value is True:
        return "true"
    if isinstance(value, list | tuple):
        return ",".join(str(v) for v in value)
    return str(value)


def _offer_form_values(offer: TrainingOffer | None, provider: str = "") -> dict[str, str]:
    """The form's values, from the one field list (``OFFER_FIELDS``)."""
    if offer is None:
        return {f: "" for f in OFFER_FIELDS}
    values = {f: _form_value(getattr(offer, f)) for f in OFFER_FIELDS if f != "provider"}
    return {**values, "provider": provider}


def _load_offer(url: str, external_id: str) -> dict[str, str] | None:
    found = catalog_repo.offer_with_provider(external_id, url)
    return _offer_form_values(*found) if found else None


@staff_required
async def offer_form(request: web.Request) -> web.StreamResponse:
    """Create (no id) or edit an offer."""
    external_id = request.match_info.get("external_id")
    values = _offer_form_values(None)
    if external_id:
        loaded = await asyncio.to_thread(_load_offer, database_url(request), external_id)
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
    slugs = await asyncio.to_thread(catalog_repo.provider_slugs, database_url(request))
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
    await asyncio.to_thread(catalog_repo.import_catalog, [], [parsed], database_url(request))
    raise web.HTTPFound("/portal/catalog?q=" + parsed.external_id)


@staff_required
async def offer_status(request: web.Request) -> web.StreamResponse:
    """Retire or re-activate an offer."""
    form = await request.post()
    status = "retired" if form.get("action") == "retire" else "active"
    found = await asyncio.to_thread(
        catalog_repo.set_status, request.match_info["external_id"], status, database_url(request)
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
                database_url(request),
            )
            report_lines = report.lines()
        except (SourceError, UnicodeDecodeError) as exc:
            report_lines = [str(exc)]
            status = 400
    rows = await asyncio.to_thread(catalog_repo.search_offers, "", database_url(request))
    return aiohttp_jinja2.render_template(
        "portal/catalog.html",
        request,
        template_context(request, rows=rows, q="", report=report_lines),
        status=status,
    )
