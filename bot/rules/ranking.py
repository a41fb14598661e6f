"""Rank training offers for a person, with reasons they can read (pure).

Hard filters first (what the person asked for, and never an expired offer), then an additive
score whose parts are the reasons shown on the card:

    field wished for      +3.0   language they study in   +2.0   in their municipality +2.0
    online                +1.5   in the service area      +1.0   for their customer group +2.0
    fits what they want   +1.0   open to everybody        +0.3   starts soon            +0..0.5

Ties go to the earlier start date.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Protocol

from bot.rules.search_filters import SearchFilters


class Offer(Protocol):
    """What ranking needs of an offer (bot.cases.catalog.OfferView has it)."""

    @property
    def external_id(self) -> str: ...
    @property
    def isced(self) -> str: ...
    @property
    def languages(self) -> tuple[str, ...]: ...
    @property
    def municipality(self) -> str | None: ...
    @property
    def online(self) -> bool: ...
    @property
    def format(self) -> str: ...
    @property
    def start_date(self) -> date | None: ...
    @property
    def application_deadline(self) -> date | None: ...
    @property
    def target_groups(self) -> tuple[str, ...]: ...
    @property
    def kind(self) -> str: ...
    @property
    def free(self) -> bool: ...


@dataclass(frozen=True)
class SearchProfile:
    """What we know of the person (from the mapping, or just the chat language)."""

    language: str = "sv"
    study_languages: tuple[str, ...] = ()
    fields: tuple[str, ...] = ()
    municipality: str | None = None
    service_area: frozenset[str] = frozenset()
    groups: tuple[str, ...] = ()  # target-group codes of the catalog
    help_wanted: tuple[str, ...] = ()


@dataclass(frozen=True)
class Scored:
    """An offer with its score and the reason codes behind it."""

    offer: Offer
    score: float
    reasons: tuple[str, ...]


# mapping customer groups -> catalog target groups
GROUP_TO_TARGET = {
    "youth": "under_30",
    "immigrant": "immigrants",
    "long_term_unemployed": "long_term_unemployed",
    "partial_work_ability": "long_term_unemployed",
    "laid_off": "laid_off",
    "career_change": "career_change",
}
HELP_TO_KINDS = {
    "training": {"vocational_qualification", "labour_market_training", "apprenticeship"},
    "career_change": {
        "labour_market_training",
        "vocational_qualification",
        "short_course",
        "apprenticeship",
    },
    "job_search": {"short_course", "labour_market_training"},
    "entrepreneurship": {"short_course"},
    "wellbeing": {"workshop"},
}


def is_open(offer: Offer, today: date) -> bool:
    """The application deadline has not passed (or there is none)."""
    return offer.application_deadline is None or offer.application_deadline >= today


def passes(offer: Offer, filters: SearchFilters, today: date) -> bool:
    """The hard filters."""
    if not is_open(offer, today):
        return False
    if filters.languages and not filters.languages & set(offer.languages):
        return False
    if filters.online and not offer.online:
        return False
    if filters.municipality and offer.municipality != filters.municipality:
        return False
    if filters.fields and offer.isced[:2] not in filters.fields:
        return False
    if filters.formats and offer.format not in filters.formats:
        return False
    if filters.kinds and offer.kind not in filters.kinds:
        return False
    if filters.free_only and not offer.free:
        return False
    if filters.starts_from or filters.starts_until:
        start = offer.start_date
        if start is None:
            return False
        if filters.starts_from and start < filters.starts_from:
            return False
        if filters.starts_until and start > filters.starts_until:
            return False
    return True


def score(offer: Offer, profile: SearchProfile, filters: SearchFilters, today: date) -> Scored:
    """The additive score and its reasons."""
    total = 0.0
    reasons: list[str] = []
    wanted_fields = set(filters.fields) | set(profile.fields)
    if offer.isced[:2] in wanted_fields:
        total += 3.0
        reasons.append("field")
    study = set(profile.study_languages) | {profile.language} | set(filters.languages)
    if set(offer.languages) & study:
        total += 2.0
        reasons.append("language")
    if profile.municipality and offer.municipality == profile.municipality:
        total += 2.0
        reasons.append("municipality")
    elif offer.online:
        total += 1.5
        reasons.append("online")
    elif offer.municipality and offer.municipality in profile.service_area:
        total += 1.0
        reasons.append("nearby")
    targets = {GROUP_TO_TARGET[g] for g in profile.groups if g in GROUP_TO_TARGET}
    if targets & set(offer.target_groups):
        total += 2.0
        reasons.append("group")
    elif "all" in offer.target_groups:
        total += 0.3
    kinds = set().union(*(HELP_TO_KINDS.get(h, set()) for h in profile.help_wanted))
    if offer.kind in kinds:
        total += 1.0
        reasons.append("wish")
    if offer.start_date:
        days = (offer.start_date - today).days
        if 0 <= days <= 180:
            total += 0.5 * (1 - days / 180)
    return Scored(offer, round(total, 3), tuple(reasons))


def rank(
    offers: Iterable[Offer],
    profile: SearchProfile,
    filters: SearchFilters,
    today: date,
) -> list[Scored]:
    """All offers that pass the filters, best first."""
    scored = [score(o, profile, filters, today) for o in offers if passes(o, filters, today)]
    scored.sort(key=lambda s: (-s.score, s.offer.start_date or date.max, s.offer.external_id))
    return scored


def filter_to_drop(
    offers: Sequence[Offer], filters: SearchFilters, today: date
) -> tuple[tuple[str, ...], int] | None:
    """When nothing matches: the fewest filters to drop, and how many offers that gives.

    Greedy: drop the filter that frees the most offers; if none alone helps, keep dropping
    the one that leaves the fewest remaining filters blocking, until something matches.
    """
    dropped: list[str] = []
    current = filters
    while current.active():
        best: tuple[str, int] | None = None
        for name in current.active():
            relaxed = current.without(name)
            count = sum(1 for o in offers if passes(o, relaxed, today))
            if best is None or count > best[1]:
                best = (name, count)
        assert best is not None
        dropped.append(best[0])
        current = current.without(best[0])
        if best[1]:
            return tuple(dropped), best[1]
    return None


# --- the same ranking, vectorised for large catalogs ------------------------------------------

_LANG_BITS = {"fi": 1, "sv": 2, "en": 4}
_TARGETS = ("under_30", "immigrants", "long_term_unemployed", "laid_off", "career_change", "all")
_TARGET_BITS = {t: 1 << i for i, t in enumerate(_TARGETS)}
_NO_DATE = 10**7


class OfferIndex:
    """Offers as numpy columns, so filtering and scoring 10,000 offers takes a few ms.

    :func:`rank_indexed` orders exactly like :func:`rank` (a test checks this); the reasons
    of the shown offers come from :func:`score` itself.
    """

    def __init__(self, offers: Sequence[Offer]) -> None:
        """Build the columns."""
        import numpy as np

        self.offers = list(offers)
        n = len(self.offers)
        self.municipalities: dict[str, int] = {}
        self.kinds: dict[str, int] = {}
        self.formats: dict[str, int] = {}

        def code(table: dict[str, int], value: str | None) -> int:
            if value is None:
                return -1
            return table.setdefault(value, len(table))

        o = self.offers
        self.field = np.array([int(x.isced[:2]) for x in o], dtype=np.int16).reshape(n)
        self.lang = np.array(
            [sum(_LANG_BITS.get(c, 0) for c in x.languages) for x in o], dtype=np.int8
        ).reshape(n)
        self.muni = np.array(
            [code(self.municipalities, x.municipality) for x in o], dtype=np.int32
        ).reshape(n)
        self.online = np.array([x.online for x in o], dtype=bool).reshape(n)
        self.fmt = np.array([code(self.formats, x.format) for x in o], dtype=np.int16).reshape(n)
        self.kind = np.array([code(self.kinds, x.kind) for x in o], dtype=np.int16).reshape(n)
        self.target = np.array(
            [sum(_TARGET_BITS.get(t, 0) for t in x.target_groups) for x in o], dtype=np.int16
        ).reshape(n)
        self.start = np.array(
            [x.start_date.toordinal() if x.start_date else _NO_DATE for x in o], dtype=np.int64
        ).reshape(n)
        self.deadline = np.array(
            [x.application_deadline.toordinal() if x.application_deadline else _NO_DATE for x in o],
            dtype=np.int64,
        ).reshape(n)
        self.free = np.array([x.free for x in o], dtype=bool).reshape(n)
        order = sorted(range(n), key=lambda i: o[i].external_id)
        self.id_rank = np.empty(n, dtype=np.int64)
        self.id_rank[order] = np.arange(n)

    def _codes(self, table: dict[str, int], values: Iterable[str]) -> list[int]:
        return [table[v] for v in values if v in table]

    def mask(self, filters: SearchFilters, today: date) -> object:
        """Boolean array of the offers that pass the hard filters."""
        import numpy as np

        m = self.deadline >= today.toordinal()
        if filters.languages:
            bits = sum(_LANG_BITS.get(c, 0) for c in filters.languages)
            m &= (self.lang & bits) != 0
        if filters.online:
            m &= self.online
        if filters.municipality:
            m &= self.muni == self.municipalities.get(filters.municipality, -2)
        if filters.fields:
            m &= np.isin(self.field, [int(f) for f in filters.fields])
        if filters.formats:
            m &= np.isin(self.fmt, self._codes(self.formats, filters.formats))
        if filters.kinds:
            m &= np.isin(self.kind, self._codes(self.kinds, filters.kinds))
        if filters.free_only:
            m &= self.free
        if filters.starts_from or filters.starts_until:
            m &= self.start != _NO_DATE
            if filters.starts_from:
                m &= self.start >= filters.starts_from.toordinal()
            if filters.starts_until:
                m &= self.start <= filters.starts_until.toordinal()
        return m

    def scores(self, profile: SearchProfile, filters: SearchFilters, today: date) -> object:
        """The same additive score as :func:`score`, for every offer at once."""
        import numpy as np

        wanted = [int(f) for f in set(filters.fields) | set(profile.fields)]
        s = np.where(np.isin(self.field, wanted), 3.0, 0.0)
        study = set(profile.study_languages) | {profile.language} | set(filters.languages)
        bits = sum(_LANG_BITS.get(c, 0) for c in study)
        s += np.where((self.lang & bits) != 0, 2.0, 0.0)
        home = self.municipalities.get(profile.municipality or "", -2)
        area = self._codes(self.municipalities, profile.service_area)
        s += np.where(
            (self.muni == home) & (home != -2),
            2.0,
            np.where(
                self.online, 1.5, np.where(np.isin(self.muni, area) & (self.muni >= 0), 1.0, 0.0)
            ),
        )
        targets = {GROUP_TO_TARGET[g] for g in profile.groups if g in GROUP_TO_TARGET}
        tbits = sum(_TARGET_BITS[t] for t in targets)
        s += np.where(
            (self.target & tbits) != 0,
            2.0,
            np.where((self.target & _TARGET_BITS["all"]) != 0, 0.3, 0.0),
        )
        kinds = set().union(*(HELP_TO_KINDS.get(h, set()) for h in profile.help_wanted))
        s += np.where(np.isin(self.kind, self._codes(self.kinds, kinds)), 1.0, 0.0)
        days = self.start - today.toordinal()
        soon = (days >= 0) & (days <= 180) & (self.start != _NO_DATE)
        s += np.where(soon, 0.5 * (1 - days / 180), 0.0)
        return np.round(s, 3)


def rank_indexed(
    index: OfferIndex,
    profile: SearchProfile,
    filters: SearchFilters,
    today: date,
    start: int = 0,
    stop: int | None = None,
) -> tuple[list[Scored], int]:
    """Offers ``start:stop`` of the ranking, and how many pass the filters."""
    import numpy as np

    mask = np.asarray(index.mask(filters, today))
    candidates = np.nonzero(mask)[0]
    if not len(candidates):
        return [], 0
    scores = np.asarray(index.scores(profile, filters, today))[candidates]
    order = np.lexsort((index.id_rank[candidates], index.start[candidates], -scores))
    chosen = candidates[order[start:stop]]
    return [score(index.offers[i], profile, filters, today) for i in chosen], len(candidates)
