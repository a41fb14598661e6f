"""Training search: open offers cached per catalog version, ranked by bot.rules.ranking."""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass
from datetime import date

from bot.cases import catalog as repo
from bot.cases.catalog import OfferView
from bot.rules.ranking import OfferIndex, Scored, SearchProfile, filter_to_drop, rank_indexed
from bot.rules.search_filters import SearchFilters

PAGE_SIZE = 3


class OfferCache:
    """All open offers in memory; reloaded when the catalog version or the day changes.

    The version is checked at most every ``check_every`` seconds, so a search costs one
    tiny query now and then instead of loading thousands of rows each time.
    """

    def __init__(self, check_every: float = 5.0) -> None:
        self._lock = threading.Lock()
        self._offers: list[OfferView] = []
        self._index: OfferIndex = OfferIndex([])
        self._key: tuple[int, date, str | None] | None = None
        self._checked = 0.0
        self._check_every = check_every

    def offers(self, today: date, url: str | None = None) -> list[OfferView]:
        """The open offers (deadline today or later, or none)."""
        self.index(today, url)
        return self._offers

    def index(self, today: date, url: str | None = None) -> OfferIndex:
        """The open offers as a ranking index."""
        with self._lock:
            now = time.monotonic()
            if (
                self._key is not None
                and self._key[1:] == (today, url)
                and (now - self._checked < self._check_every)
            ):
                return self._index
            version = repo.catalog_version(url)
            self._checked = now
            key = (version, today, url)
            if key != self._key:
                self._offers = repo.open_offers(today, url)
                self._index = OfferIndex(self._offers)
                self._key = key
            return self._index

    def clear(self) -> None:
        """Forget everything (tests)."""
        with self._lock:
            self._offers, self._key, self._checked = [], None, 0.0
            self._index = OfferIndex([])


CACHE = OfferCache()


@dataclass(frozen=True)
class SearchResult:
    """One page of results, how many there are, and what to drop when there are none."""

    page: list[Scored]
    total: int
    drop: tuple[tuple[str, ...], int] | None


def search(
    profile: SearchProfile,
    filters: SearchFilters,
    today: date,
    page: int = 0,
    url: str | None = None,
    index: OfferIndex | None = None,
) -> SearchResult:
    """Rank the open offers and cut one page."""
    index = index if index is not None else CACHE.index(today, url)
    start = page * PAGE_SIZE
    shown, total = rank_indexed(index, profile, filters, today, start, start + PAGE_SIZE)
    drop = filter_to_drop(index.offers, filters, today) if not total else None
    return SearchResult(shown, total, drop)
