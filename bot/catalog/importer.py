"""Import a catalog from a file or a URL: validate every row, store the valid ones."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from bot.cases import catalog as repo
from bot.catalog.fetch import FetchPolicy, fetch_text
from bot.catalog.reader import guess_format, read_rows
from bot.catalog.schema import OfferRow, ProviderRow, RowError, parse_offer, parse_provider


@dataclass
class ImportReport:
    """Counts and the rejected rows."""

    counts: repo.ImportCounts = field(default_factory=repo.ImportCounts)
    errors: list[RowError] = field(default_factory=list)

    def lines(self) -> list[str]:
        """A readable report."""
        c = self.counts
        out = [
            f"offers: {c.inserted} new, {c.updated} updated, {c.unchanged} unchanged; "
            f"providers: {c.providers_inserted} new, {c.providers_updated} updated; "
            f"{len(self.errors)} rejected row(s)"
        ]
        out += [f"  {e}" for e in self.errors]
        return out


def import_text(text: str, fmt: str, url: str | None = None) -> ImportReport:
    """Validate and import catalog text (see :func:`bot.catalog.reader.read_rows`)."""
    rows = read_rows(text, fmt)
    errors: list[RowError] = []
    providers: list[ProviderRow] = []
    for number, raw in rows.providers:
        try:
            providers.append(parse_provider(raw, number))
        except RowError as error:
            errors.append(error)
    known = repo.provider_slugs(url) | {p.slug for p in providers}
    offers: list[OfferRow] = []
    seen: dict[str, int] = {}
    for number, raw in rows.offers:
        try:
            offer = parse_offer(raw, number, known)
        except RowError as error:
            errors.append(error)
            continue
        if offer.external_id in seen:
            errors.append(
                RowError(
                    number,
                    f"duplicate external_id (also row {seen[offer.external_id]})",
                    offer.external_id,
                )
            )
            continue
        seen[offer.external_id] = number
        offers.append(offer)
    counts = repo.import_catalog(providers, offers, url)
    return ImportReport(counts, errors)


async def import_source(
    source: str, url: str | None = None, policy: FetchPolicy | None = None
) -> ImportReport:
    """Import from a local path or an http(s) URL."""
    if source.startswith(("http://", "https://")):
        text, content_type = await fetch_text(source, policy)
        return import_text(text, guess_format(source, content_type), url)
    path = Path(source)
    return import_text(path.read_text(encoding="utf-8"), guess_format(path.name), url)
