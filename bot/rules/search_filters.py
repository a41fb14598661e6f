"""Filters a person asks for in a training search, in Swedish or Finnish (pure).

"på svenska", "verkossa", "i Vasa", "inom vården", "hoitoalalta", "som börjar i vår",
"kvällskurs", "oppisopimus", "gratis" ... become a :class:`SearchFilters`.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass, field, fields, replace
from datetime import date, timedelta
from typing import Any

from bot.nlu.langid import fold
from bot.rules.answers import field_codes_in
from bot.rules.municipalities import match_municipality_strict


@dataclass(frozen=True)
class SearchFilters:
    """Hard filters of a search; empty values mean "any"."""

    languages: frozenset[str] = frozenset()
    municipality: str | None = None
    online: bool | None = None
    fields: frozenset[str] = frozenset()  # ISCED-F broad codes ("09")
    starts_from: date | None = None
    starts_until: date | None = None
    formats: frozenset[str] = frozenset()
    kinds: frozenset[str] = frozenset()
    free_only: bool = False

    def active(self) -> list[str]:
        """Names of the filters that restrict the search."""
        out = []
        for f in fields(self):
            value = getattr(self, f.name)
            if value not in (None, False, frozenset()):
                out.append(f.name)
        if "starts_until" in out and "starts_from" in out:
            out.remove("starts_until")
        return out

    def without(self, name: str) -> SearchFilters:
        """The same filters with one dropped (``starts_from`` drops the whole time window)."""
        if name in ("starts_from", "starts_until"):
            return replace(self, starts_from=None, starts_until=None)
        default: Any = {f.name: f.default for f in fields(self)}[name]
        if name in ("languages", "fields", "formats", "kinds"):
            default = frozenset()
        changes: dict[str, Any] = {name: default}
        return replace(self, **changes)

    def merged(self, newer: SearchFilters) -> SearchFilters:
        """Follow-up filters on top of earlier ones (the newer value wins per filter)."""
        changes: dict[str, Any] = {}
        for name in newer.active():
            changes[name] = getattr(newer, name)
            if name == "starts_from":
                changes["starts_until"] = newer.starts_until
        if newer.online and "municipality" not in changes:
            changes["municipality"] = None
        if newer.municipality and "online" not in changes:
            changes["online"] = None
        return replace(self, **changes)

    def to_dict(self) -> dict[str, Any]:
        """JSON-friendly form (kept in a slot between turns)."""
        out: dict[str, Any] = {}
        for name in self.active():
            value = getattr(self, name)
            if isinstance(value, frozenset):
                value = sorted(value)
            elif isinstance(value, date):
                value = value.isoformat()
            out[name] = value
        if self.starts_until:
            out["starts_until"] = self.starts_until.isoformat()
        return out

    @classmethod
    def from_dict(cls, data: dict[str, Any] | None) -> SearchFilters:
        """Inverse of :meth:`to_dict` (unknown keys ignored)."""
        data = data or {}
        sets = {
            k: frozenset(data.get(k) or ()) for k in ("languages", "fields", "formats", "kinds")
        }

        def _d(key: str) -> date | None:
            return date.fromisoformat(data[key]) if data.get(key) else None

        return cls(
            municipality=data.get("municipality"),
            online=data.get("online"),
            starts_from=_d("starts_from"),
            starts_until=_d("starts_until"),
            free_only=bool(data.get("free_only")),
            **sets,
        )


def _has(text: str, patterns: tuple[str, ...]) -> bool:
    return any(re.search(p, text) for p in patterns)


_LANGUAGE_PATTERNS = {
    "sv": (
        r"\bpa svenska\b",
        r"\bsvenskspr",
        r"\bruotsiksi\b",
        r"\bruotsinkiel",
        r"\bruotsiks\b",
        r"\bin swedish\b",
        r"\bpa svensk\b",
    ),
    "fi": (
        r"\bpa finska\b",
        r"\bfinskspr",
        r"\bsuomeksi\b",
        r"\bsuomenkiel",
        r"\bsuomeks\b",
        r"\bin finnish\b",
    ),
    "en": (
        r"\bpa engelska\b",
        r"\bengelskspr",
        r"\benglanniksi\b",
        r"\benglanninkiel",
        r"\bin english\b",
    ),
}
_ONLINE = (
    r"\bverko",
    r"\bnetis",
    r"\bnetti",
    r"\betana\b",
    r"\betakurs",
    r"\betaopisk",
    r"\bonline\b",
    r"\bpa natet\b",
    r"\bdistans",
    r"\bwebbkurs",
    r"\bpa distans\b",
    r"\bhemifran\b",
    r"\bkotoa\b",
    r"\bnatkurs",
    r"\bnatet\b",
)
_FORMATS = {
    "evening": (r"\bkvall", r"\biltaisin\b", r"\bilta", r"\bevening\b"),
    "part_time": (r"\bdeltid", r"\bosa-aika", r"\bosa aika", r"\bosaaika", r"\bpart-time\b"),
    "full_time": (r"\bheltid", r"\bkokopaiv", r"\bfull-time\b"),
}
_KINDS = {
    "apprenticeship": (r"\blaroavtal", r"\boppisopim"),
    "vocational_qualification": (
        r"\bexamen\b",
        r"\byrkesexam",
        r"\btutkinto",
        r"\bperustutkin",
        r"\bammattitutkin",
    ),
    "short_course": (
        r"\bkort kurs",
        r"\bkorta kurser",
        r"\blyhytkurs",
        r"\blyhyt kurssi",
        r"\blyhyita kursseja",
        r"\blyhyen kurssin",
    ),
    "workshop": (r"\bverkstad", r"\bverkstader", r"\btyopaja", r"\bpaja"),
    "labour_market_training": (r"\barbetskraftsutb", r"\btyovoimakoul"),
    "integration_training": (r"\bintegrationsutb", r"\bkotoutumiskoul", r"\bkotoutumis"),
}
_FREE = (r"\bgratis\b", r"\bavgiftsfri", r"\bkostnadsfri", r"\bilmai", r"\bmaksuton", r"\bfree\b")

# month stems (folded) -> month number
_MONTHS = {
    "januari": 1,
    "tammikuu": 1,
    "februari": 2,
    "helmikuu": 2,
    "mars": 3,
    "maaliskuu": 3,
    "april": 4,
    "huhtikuu": 4,
    "maj": 5,
    "toukokuu": 5,
    "juni": 6,
    "kesakuu": 6,
    "juli": 7,
    "heinakuu": 7,
    "augusti": 8,
    "elokuu": 8,
    "september": 9,
    "syyskuu": 9,
    "oktober": 10,
    "lokakuu": 10,
    "november": 11,
    "marraskuu": 11,
    "december": 12,
    "joulukuu": 12,
}


def _month_window(year: int, first: int, last: int) -> tuple[date, date]:
    return date(year, first, 1), date(year, last, calendar.monthrange(year, last)[1])


def time_window(text: str, today: date) -> tuple[date | None, date | None]:
    """Start-date window named in the text: "i vår", "syksyllä", "i januari", "snart"."""
    t = fold(text)
    year = today.year
    spring = _has(
        t,
        (
            r"\bi var\b",
            r"\bpa varen\b",
            r"\bvaren\b",
            r"\bkevaalla\b",
            r"\bkevaan\b",
            r"\bkevat",
            r"\bspring\b",
            r"\bvarterminen\b",
        ),
    )
    autumn = _has(
        t,
        (
            r"\bi host\b",
            r"\bpa hosten\b",
            r"\bhosten\b",
            r"\bsyksylla\b",
            r"\bsyksyn\b",
            r"\bsyksy",
            r"\bautumn\b",
            r"\bhostterminen\b",
        ),
    )
    if spring:
        start_year = year + 1 if today.month > 4 else year
        first, last = _month_window(start_year, 1, 5)
        return max(first, today), last
    if autumn:
        start_year = year if today.month <= 9 else year + 1
        first, last = _month_window(start_year, 8, 12)
        return max(first, today), last
    if _has(t, (r"\bnasta manad", r"\bensi kuussa\b", r"\bensi kuun\b")):
        nxt = (today.replace(day=1) + timedelta(days=32)).replace(day=1)
        return _month_window(nxt.year, nxt.month, nxt.month)
    if _has(
        t,
        (
            r"\bsnart\b",
            r"\bpian\b",
            r"\bheti\b",
            r"\bgenast\b",
            r"\bsoon\b",
            r"\bpikaisesti\b",
            r"\bsa fort\b",
        ),
    ):
        return today, today + timedelta(days=60)
    if _has(t, (r"\bnasta ar\b", r"\bensi vuonna\b", r"\bensi vuoden\b")):
        return date(year + 1, 1, 1), date(year + 1, 12, 31)
    for word in t.split():
        for stem, month in _MONTHS.items():
            core = stem[:-1] if stem.endswith("kuu") else stem
            if word.startswith(core) and len(word) <= len(stem) + 5:
                start_year = year if month >= today.month else year + 1
                return _month_window(start_year, month, month)
    return None, None


def parse_filters(text: str, today: date) -> SearchFilters:
    """The filters named in a message."""
    t = fold(text)
    languages = frozenset(k for k, pats in _LANGUAGE_PATTERNS.items() if _has(t, pats))
    online = True if _has(t, _ONLINE) else None
    municipality = None
    if not online:
        found = match_municipality_strict(text)
        municipality = found.code if found else None
    formats = frozenset(k for k, pats in _FORMATS.items() if _has(t, pats))
    kinds = frozenset(k for k, pats in _KINDS.items() if _has(t, pats))
    start, until = time_window(text, today)
    return SearchFilters(
        languages=languages,
        municipality=municipality,
        online=online,
        fields=frozenset(c for c in field_codes_in(text) if c != "any"),
        starts_from=start,
        starts_until=until,
        formats=formats,
        kinds=kinds,
        free_only=_has(t, _FREE),
    )


@dataclass(frozen=True)
class SearchRequest:
    """Filters plus paging, as kept between turns."""

    filters: SearchFilters = field(default_factory=SearchFilters)
    page: int = 0
