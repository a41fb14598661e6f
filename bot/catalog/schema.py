"""Validation of catalog rows (pure): one clear reason per bad row."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from bot.cases.catalog import OfferRow, ProviderRow

FORMATS = frozenset({"full_time", "part_time", "online", "evening"})
KINDS = frozenset(
    {
        "labour_market_training",
        "vocational_qualification",
        "short_course",
        "integration_training",
        "apprenticeship",
        "workshop",
    }
)
TARGET_GROUPS = frozenset(
    {
        "under_30",
        "immigrants",
        "long_term_unemployed",
        "career_change",
        "laid_off",
        "all",
    }
)
LANGUAGES = frozenset({"fi", "sv", "en"})
PROVIDER_KINDS = frozenset(
    {
        "vocational_school",
        "university_of_applied_sciences",
        "development_company",
        "workshop",
        "third_sector",
        "adult_education",
    }
)
_SLUG = re.compile(r"^[a-z0-9][a-z0-9._-]{0,119}$")


class RowError(ValueError):
    """A row that cannot be imported, with its number and the reason."""

    def __init__(self, row: int, reason: str, external_id: str | None = None) -> None:
        super().__init__(f"row {row}: {reason}")
        self.row = row
        self.reason = reason
        self.external_id = external_id

    def __str__(self) -> str:
        ident = f" ({self.external_id})" if self.external_id else ""
        return f"row {self.row}{ident}: {self.reason}"


def _text(
    row: dict[str, Any],
    key: str,
    number: int,
    eid: str | None,
    required: bool = True,
    limit: int = 300,
) -> str | None:
    value = row.get(key)
    if value is None or (isinstance(value, str) and not value.strip()):
        if required:
            raise RowError(number, f"'{key}' is missing", eid)
        return None
    text = str(value).strip()
    if len(text) > limit:
        raise RowError(number, f"'{key}' is longer than {limit} characters", eid)
    return text


def _list(value: Any) -> list[str]:
    if value is None or value == "":
        return []
    if isinstance(value, str):
        return [v.strip() for v in re.split(r"[|;,]", value) if v.strip()]
    if isinstance(value, list | tuple):
        return [str(v).strip() for v in value if str(v).strip()]
    return [str(value)]


def _bool(value: Any, key: str, number: int, eid: str | None, default: bool) -> bool:
    if value is None or value == "":
        return default
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in ("true", "yes", "1", "ja", "kyllä"):
        return True
    if text in ("false", "no", "0", "nej", "ei"):
        return False
    raise RowError(number, f"'{key}' must be true or false, not {value!r}", eid)


def _date(value: Any, key: str, number: int, eid: str | None) -> date | None:
    if value is None or value == "":
        return None
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value).strip())
    except ValueError:
        raise RowError(number, f"'{key}' is not a date (YYYY-MM-DD): {value!r}", eid) from None


def _municipality(value: Any, number: int, eid: str | None) -> str | None:
    if value is None or value == "" or str(value).lower() in ("null", "none", "online"):
        return None
    code = str(value).strip().zfill(3)
    if not re.fullmatch(r"\d{3}", code):
        raise RowError(number, f"'municipality' must be a 3-digit code, not {value!r}", eid)
    return code


def parse_offer(row: dict[str, Any], number: int, providers: set[str]) -> OfferRow:
    """Validate one offer row.

    Raises:
        RowError: with the row number and the reason.
    """
    eid = _text(row, "external_id", number, None, limit=120)
    assert eid is not None
    if not _SLUG.match(eid):
        raise RowError(number, "'external_id' may only contain a-z, 0-9, '.', '_' and '-'", eid)
    provider = _text(row, "provider", number, eid, limit=80)
    if provider not in providers:
        raise RowError(number, f"unknown provider {provider!r}", eid)
    isced = str(row.get("isced") or "").strip()
    if not re.fullmatch(r"\d{3}", isced):
        raise RowError(
            number, f"'isced' must be a 3-digit ISCED-F narrow field, not {isced!r}", eid
        )
    languages = _list(row.get("languages"))
    if not languages or set(languages) - LANGUAGES:
        raise RowError(number, f"'languages' must be some of fi, sv, en, not {languages}", eid)
    fmt = str(row.get("format") or "").strip()
    if fmt not in FORMATS:
        raise RowError(number, f"'format' must be one of {sorted(FORMATS)}, not {fmt!r}", eid)
    kind = str(row.get("kind") or "").strip()
    if kind not in KINDS:
        raise RowError(number, f"'kind' must be one of {sorted(KINDS)}, not {kind!r}", eid)
    groups = _list(row.get("target_groups")) or ["all"]
    if set(groups) - TARGET_GROUPS:
        raise RowError(
            number, f"unknown target group(s) {sorted(set(groups) - TARGET_GROUPS)}", eid
        )
    start = _date(row.get("start_date"), "start_date", number, eid)
    end = _date(row.get("end_date"), "end_date", number, eid)
    deadline = _date(row.get("application_deadline"), "application_deadline", number, eid)
    if start and end and end < start:
        raise RowError(number, "'end_date' is before 'start_date'", eid)
    if deadline and start and deadline > start:
        raise RowError(number, "'application_deadline' is after 'start_date'", eid)
    online = _bool(row.get("online"), "online", number, eid, False)
    municipality = _municipality(row.get("municipality"), number, eid)
    if municipality is None and not online:
        raise RowError(number, "an offer needs a 'municipality' unless it is online", eid)
    free = _bool(row.get("free"), "free", number, eid, True)
    try:
        price = int(float(row.get("price_eur") or 0))
    except (TypeError, ValueError):
        raise RowError(
            number, f"'price_eur' must be a number, not {row.get('price_eur')!r}", eid
        ) from None
    if price < 0 or (free and price):
        raise RowError(number, "'price_eur' must be 0 for a free offer and never negative", eid)
    url = _text(row, "url", number, eid, required=False, limit=500)
    if url and not url.startswith("https://"):
        raise RowError(number, "'url' must start with https://", eid)
    return OfferRow(
        external_id=eid,
        provider=str(provider),
        title_sv=str(_text(row, "title_sv", number, eid)),
        title_fi=str(_text(row, "title_fi", number, eid)),
        description_sv=_text(row, "description_sv", number, eid, required=False, limit=3000) or "",
        description_fi=_text(row, "description_fi", number, eid, required=False, limit=3000) or "",
        isced=isced,
        languages=tuple(languages),
        municipality=municipality,
        online=online,
        format=fmt,
        start_date=start,
        end_date=end,
        application_deadline=deadline,
        target_groups=tuple(groups),
        kind=kind,
        free=free,
        price_eur=price,
        url=url,
    )


def parse_provider(row: dict[str, Any], number: int) -> ProviderRow:
    """Validate one provider row."""
    slug = _text(row, "id", number, None, limit=80)
    assert slug is not None
    if not _SLUG.match(slug):
        raise RowError(number, "'id' may only contain a-z, 0-9, '.', '_' and '-'", slug)
    kind = str(row.get("kind") or "").strip()
    if kind not in PROVIDER_KINDS:
        raise RowError(number, f"'kind' must be one of {sorted(PROVIDER_KINDS)}", slug)
    website = _text(row, "website", number, slug, required=False, limit=500)
    if website and not website.startswith("https://"):
        raise RowError(number, "'website' must start with https://", slug)
    return ProviderRow(
        slug=slug,
        name=str(_text(row, "name", number, slug, limit=200)),
        name_sv=_text(row, "name_sv", number, slug, required=False, limit=200),
        kind=kind,
        municipality=_municipality(row.get("municipality"), number, slug),
        website=website,
        sample=_bool(row.get("sample"), "sample", number, slug, False),
    )
