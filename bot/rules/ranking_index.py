"""The ranking of :mod:`bot.rules.ranking_rules`, vectorised for large catalogs (pure).

:class:`OfferIndex` holds the offers as numpy columns and filters, scores and tells apart the
offers a person can take for all of them at once; :func:`rank_indexed` orders them exactly
like :func:`bot.rules.ranking_rules.rank` and returns one page. Re-exported by
:mod:`bot.rules.ranking`.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date

from bot.rules.ranking_rules import (
    GROUP_TO_TARGET,
    HELP_TO_KINDS,
    OPEN_TARGETS,
    POINTS,
    RESTRICTED_TARGETS,
    SOON_DAYS,
    Offer,
    Scored,
    SearchProfile,
    person_groups,
    score,
)
from bot.rules.search_filters import TOPIC_TITLES, SearchFilters
from bot.text import fold

# --- the same ranking, vectorised for large catalogs ------------------------------------------

_LANG_BITS = {"fi": 1, "sv": 2, "en": 4}
_TARGETS = ("under_30", "immigrants", "long_term_unemployed", "laid_off", "career_change", "all")
_TARGET_BITS = {t: 1 << i for i, t in enumerate(_TARGETS)}
_OPEN_BITS = sum(_TARGET_BITS[t] for t in OPEN_TARGETS)
_RESTRICTED_BITS = sum(_TARGET_BITS[t] for t in RESTRICTED_TARGETS)
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
            [sum(_TARGET_BITS.get(t, 0) for t in set(x.target_groups)) for x in o],
            dtype=np.int16,
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
        self._titles = [fold(f"{x.title_sv} | {x.title_fi}") for x in o]
        self._topic_masks: dict[str, object] = {}

    def _codes(self, table: dict[str, int], values: Iterable[str]) -> list[int]:
        return [table[v] for v in values if v in table]

    def topic_mask(self, topics: Iterable[str]) -> object:
        """Boolean array of the offers about any of ``topics`` (each topic computed once)."""
        import numpy as np

        m = np.zeros(len(self.offers), dtype=bool)
        for topic in topics:
            if topic not in TOPIC_TITLES:
                continue
            if topic not in self._topic_masks:
                rx = TOPIC_TITLES[topic]
                self._topic_masks[topic] = np.array(
                    [bool(rx.search(t)) for t in self._titles], dtype=bool
                ).reshape(len(self.offers))
            m |= np.asarray(self._topic_masks[topic])
        return m

    def mask(self, filters: SearchFilters, today: date) -> object:
        """Boolean array of the offers that pass the hard filters and the exclusions."""
        import numpy as np

        m = self.deadline >= today.toordinal()
        if filters.languages:
            bits = sum(_LANG_BITS.get(c, 0) for c in filters.languages)
            m &= (self.lang & bits) != 0
        if filters.online:
            m &= self.online
        if filters.in_person:
            m &= ~self.online
        if filters.municipality:
            m &= self.muni == self.municipalities.get(filters.municipality, -2)
        if filters.fields:
            m &= np.isin(self.field, [int(f) for f in filters.fields])
        if filters.excluded_fields:
            m &= ~np.isin(self.field, [int(f) for f in filters.excluded_fields])
        if filters.formats:
            m &= np.isin(self.fmt, self._codes(self.formats, filters.formats))
        if filters.kinds:
            m &= np.isin(self.kind, self._codes(self.kinds, filters.kinds))
        if filters.excluded_kinds:
            m &= ~np.isin(self.kind, self._codes(self.kinds, filters.excluded_kinds))
        if filters.excluded_topics:
            m &= ~np.asarray(self.topic_mask(filters.excluded_topics))
        if filters.free_only:
            m &= self.free
        if filters.starts_from or filters.starts_until:
            m &= self.start != _NO_DATE
            if filters.starts_from:
                m &= self.start >= filters.starts_from.toordinal()
            if filters.starts_until:
                m &= self.start <= filters.starts_until.toordinal()
        return m

    def _person_bits(self, profile: SearchProfile, filters: SearchFilters) -> int:
        targets = {
            GROUP_TO_TARGET[g] for g in person_groups(profile, filters) if g in GROUP_TO_TARGET
        }
        return sum(_TARGET_BITS[t] for t in targets)

    def fits(self, profile: SearchProfile, filters: SearchFilters) -> object:
        """Boolean array of the offers the person can take (as :func:`score` decides)."""
        tbits = self._person_bits(profile, filters)
        return (
            ((self.target & _OPEN_BITS) != 0)
            | ((self.target & _RESTRICTED_BITS) == 0)
            | ((self.target & tbits) != 0)
        )

    def scores(self, profile: SearchProfile, filters: SearchFilters, today: date) -> object:
        """The same additive score as :func:`score`, for every offer at once."""
        import numpy as np

        s = np.where(np.asarray(self.topic_mask(filters.topics)), POINTS["topic"], 0.0)
        wanted = [int(f) for f in set(filters.fields) | set(profile.fields)]
        s += np.where(np.isin(self.field, wanted), POINTS["field"], 0.0)
        study = set(profile.study_languages) | {profile.language} | set(filters.languages)
        bits = sum(_LANG_BITS.get(c, 0) for c in study)
        s += np.where((self.lang & bits) != 0, POINTS["language"], 0.0)
        home = self.municipalities.get(profile.municipality or "", -2)
        area = self._codes(self.municipalities, profile.service_area)
        s += np.where(
            (self.muni == home) & (home != -2),
            POINTS["municipality"],
            np.where(
                self.online,
                POINTS["online"],
                np.where(np.isin(self.muni, area) & (self.muni >= 0), POINTS["nearby"], 0.0),
            ),
        )
        tbits = self._person_bits(profile, filters)
        s += np.where(
            (self.target & tbits) != 0,
            POINTS["group"],
            np.where((self.target & _TARGET_BITS["all"]) != 0, POINTS["open"], 0.0),
        )
        kinds = set().union(*(HELP_TO_KINDS.get(h, set()) for h in profile.help_wanted))
        s += np.where(np.isin(self.kind, self._codes(self.kinds, kinds)), POINTS["wish"], 0.0)
        days = self.start - today.toordinal()
        soon = (days >= 0) & (days <= SOON_DAYS) & (self.start != _NO_DATE)
        s += np.where(soon, POINTS["soon"] * (1 - days / SOON_DAYS), 0.0)
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
    fits = np.asarray(index.fits(profile, filters))[candidates]
    order = np.lexsort((index.id_rank[candidates], index.start[candidates], -scores, ~fits))
    chosen = candidates[order[start:stop]]
    return [score(index.offers[i], profile, filters, today) for i in chosen], len(candidates)
