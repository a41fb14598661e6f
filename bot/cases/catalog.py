"""Training catalog repository: providers and offers; every function one transaction."""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass, fields
from datetime import date
from typing import Any

from sqlalchemy import func, or_, select, update

from bot.cases.db import session_scope
from bot.cases.models import CatalogVersion, Provider, TrainingOffer


@dataclass(frozen=True)
class OfferContent:
    """What an offer says (the one list of its content fields: the file's rows, the stored
    offers and the views all have them)."""

    title_sv: str
    title_fi: str
    description_sv: str
    description_fi: str
    isced: str
    languages: tuple[str, ...]
    municipality: str | None
    online: bool
    format: str
    start_date: date | None
    end_date: date | None
    application_deadline: date | None
    target_groups: tuple[str, ...]
    kind: str
    free: bool
    price_eur: int
    url: str | None


# The content fields that are lists in the database and tuples here.
_LIST_FIELDS = ("languages", "target_groups")


def content_values(offer: OfferContent) -> dict[str, Any]:
    """The content fields as the database's columns take them."""
    values = {f.name: getattr(offer, f.name) for f in fields(OfferContent)}
    return {k: list(v) if k in _LIST_FIELDS else v for k, v in values.items()}


def content_of(stored: TrainingOffer) -> dict[str, Any]:
    """The content fields of a stored offer, as :class:`OfferContent` takes them."""
    values = {f.name: getattr(stored, f.name) for f in fields(OfferContent)}
    return {k: tuple(v or ()) if k in _LIST_FIELDS else v for k, v in values.items()}


@dataclass(frozen=True)
class OfferRow(OfferContent):
    """A validated offer, ready to store (bot/catalog/schema.py validates the file)."""

    external_id: str
    provider: str

    def content_hash(self) -> str:
        """A stable hash of the content: unchanged rows are not rewritten on re-import."""
        data = asdict(self)
        return hashlib.sha256(json.dumps(data, sort_keys=True, default=str).encode()).hexdigest()


@dataclass(frozen=True)
class ProviderRow:
    """A validated provider."""

    slug: str
    name: str
    name_sv: str | None
    kind: str
    municipality: str | None
    website: str | None
    sample: bool


@dataclass(frozen=True)
class ImportCounts:
    """What an import changed."""

    inserted: int = 0
    updated: int = 0
    unchanged: int = 0
    providers_inserted: int = 0
    providers_updated: int = 0


@dataclass(frozen=True)
class OfferView(OfferContent):
    """A read-only offer for search and display."""

    id: int
    external_id: str
    provider: str
    provider_name: str
    provider_name_sv: str | None
    status: str


def _view(o: TrainingOffer) -> OfferView:
    return OfferView(
        id=o.id,
        external_id=o.external_id,
        provider=o.provider.slug,
        provider_name=o.provider.name,
        provider_name_sv=o.provider.name_sv,
        status=o.status,
        **content_of(o),
    )


def _bump(session: object) -> None:
    session.execute(  # type: ignore[attr-defined]
        update(CatalogVersion)
        .where(CatalogVersion.id == 1)
        .values(version=CatalogVersion.version + 1)
    )


def provider_slugs(url: str | None = None) -> set[str]:
    """Slugs of all providers in the database."""
    with session_scope(url) as session:
        return set(session.execute(select(Provider.slug)).scalars())


def import_catalog(
    providers: list[ProviderRow], offers: list[OfferRow], url: str | None = None
) -> ImportCounts:
    """Insert or update providers and offers in ONE transaction, idempotently.

    Offers are matched by ``external_id``; an offer whose content hash is unchanged is not
    touched, so a second import of the same file changes nothing.
    """
    p_ins = p_upd = ins = upd = same = 0
    with session_scope(url) as session:
        by_slug = {p.slug: p for p in session.execute(select(Provider)).scalars()}
        for row in providers:
            existing = by_slug.get(row.slug)
            values = dict(
                name=row.name,
                name_sv=row.name_sv,
                kind=row.kind,
                municipality=row.municipality,
                website=row.website,
                sample=row.sample,
            )
            if existing is None:
                provider = Provider(slug=row.slug, **values)
                session.add(provider)
                by_slug[row.slug] = provider
                p_ins += 1
            elif any(getattr(existing, k) != v for k, v in values.items()):
                for k, v in values.items():
                    setattr(existing, k, v)
                p_upd += 1
        session.flush()
        ids = [r.external_id for r in offers]
        current = (
            {
                o.external_id: o
                for o in session.execute(
                    select(TrainingOffer).where(TrainingOffer.external_id.in_(ids))
                ).scalars()
            }
            if ids
            else {}
        )
        for offer_row in offers:
            digest = offer_row.content_hash()
            values = {
                **content_values(offer_row),
                "provider_id": by_slug[offer_row.provider].id,
                "content_hash": digest,
            }
            existing_offer = current.get(offer_row.external_id)
            if existing_offer is None:
                session.add(
                    TrainingOffer(external_id=offer_row.external_id, status="active", **values)
                )
                ins += 1
            elif existing_offer.content_hash != digest:
                for k, v in values.items():
                    setattr(existing_offer, k, v)
                upd += 1
            else:
                same += 1
        if ins or upd or p_ins or p_upd:
            _bump(session)
    return ImportCounts(ins, upd, same, p_ins, p_upd)


def catalog_version(url: str | None = None) -> int:
    """The current catalog version (grows with every change)."""
    with session_scope(url) as session:
        return int(session.execute(select(CatalogVersion.version)).scalar_one())


def open_offers(today: date, url: str | None = None) -> list[OfferView]:
    """Active offers whose application deadline has not passed (or that have none)."""
    with session_scope(url) as session:
        rows = (
            session.execute(
                select(TrainingOffer)
                .where(TrainingOffer.status == "active")
                .where(
                    or_(
                        TrainingOffer.application_deadline.is_(None),
                        TrainingOffer.application_deadline >= today,
                    )
                )
                .order_by(TrainingOffer.id)
            )
            .scalars()
            .all()
        )
        return [_view(o) for o in rows]


def get_offer(external_id: str, url: str | None = None) -> OfferView | None:
    """One offer by its external id (any status)."""
    with session_scope(url) as session:
        offer = session.execute(
            select(TrainingOffer).where(TrainingOffer.external_id == external_id)
        ).scalar_one_or_none()
        return _view(offer) if offer else None


def set_status(external_id: str, status: str, url: str | None = None) -> bool:
    """Retire (or re-activate) an offer; True when it exists."""
    if status not in ("active", "retired"):
        raise ValueError("status must be active or retired")
    with session_scope(url) as session:
        offer = session.execute(
            select(TrainingOffer).where(TrainingOffer.external_id == external_id)
        ).scalar_one_or_none()
        if offer is None:
            return False
        if offer.status != status:
            offer.status = status
            _bump(session)
        return True


def search_offers(query: str, url: str | None = None) -> list[tuple[TrainingOffer, str]]:
    """Offers (detached) with their provider's name, for the staff list: all, or those
    whose title or id contains ``query``; at most 500."""
    with session_scope(url) as session:
        stmt = select(TrainingOffer, Provider.name).join(Provider).order_by(TrainingOffer.title_fi)
        if query:
            like = f"%{query.lower()}%"
            stmt = stmt.where(
                or_(
                    func.lower(TrainingOffer.title_sv).like(like),
                    func.lower(TrainingOffer.title_fi).like(like),
                    func.lower(TrainingOffer.external_id).like(like),
                )
            )
        rows = session.execute(stmt.limit(500)).all()
        session.expunge_all()
        return [(offer, name) for offer, name in rows]


def offer_with_provider(
    external_id: str, url: str | None = None
) -> tuple[TrainingOffer, str] | None:
    """One offer (detached) and its provider's slug, for the staff form."""
    with session_scope(url) as session:
        row = session.execute(
            select(TrainingOffer, Provider.slug)
            .join(Provider)
            .where(TrainingOffer.external_id == external_id)
        ).first()
        if row is None:
            return None
        session.expunge_all()
        return row[0], str(row[1])
