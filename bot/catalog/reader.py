"""Turn a catalog file (YAML or CSV) into numbered rows."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from typing import Any

from bot import safe_yaml


class SourceError(ValueError):
    """The whole source could not be read (not a row problem)."""


@dataclass
class CatalogRows:
    """Providers and offers, each as (row number, raw dict)."""

    providers: list[tuple[int, dict[str, Any]]] = field(default_factory=list)
    offers: list[tuple[int, dict[str, Any]]] = field(default_factory=list)


def guess_format(name: str, content_type: str | None = None) -> str:
    """yaml or csv, from the file name or the HTTP content type."""
    lowered = name.lower().split("?")[0]
    if lowered.endswith(".csv") or (content_type or "").startswith("text/csv"):
        return "csv"
    return "yaml"


def read_rows(text: str, fmt: str) -> CatalogRows:
    """Parse catalog text.

    YAML: a mapping with ``providers:`` and/or ``offers:`` lists (row = position, from 1).
    CSV: one offer per line with a header row (row = line number, the header is line 1);
    list values are separated by ``|``.

    Raises:
        SourceError: when the text is not a catalog at all.
    """
    size = len(text.encode("utf-8"))
    if size > safe_yaml.MAX_BYTES:
        raise SourceError(
            f"the file is too large ({size:,} bytes; at most {safe_yaml.MAX_BYTES:,})"
        )
    if fmt == "csv":
        reader = csv.DictReader(io.StringIO(text))
        if not reader.fieldnames or "external_id" not in reader.fieldnames:
            raise SourceError("CSV needs a header row with at least 'external_id'")
        return CatalogRows(offers=[(i + 2, dict(r)) for i, r in enumerate(reader)])
    try:
        data = safe_yaml.load(text)
    except safe_yaml.YamlRefused as exc:
        raise SourceError(str(exc)) from None
    if not isinstance(data, dict) or not ({"offers", "providers"} & set(data)):
        raise SourceError("YAML needs a top-level 'offers:' and/or 'providers:' list")
    rows = CatalogRows()
    for key, target in (("providers", rows.providers), ("offers", rows.offers)):
        items = data.get(key) or []
        if not isinstance(items, list):
            raise SourceError(f"'{key}' must be a list")
        for i, item in enumerate(items, start=1):
            target.append((i, item if isinstance(item, dict) else {"_invalid": item}))
    return rows
