"""Training search over 10,000 offers: latency percentiles (target p95 < 50 ms).

Builds a SQLite catalog of 10,000 offers derived from the sample catalog, warms the
offer cache (as the action server does), then runs 1,000 searches with varied profiles and
filters through the same code the action uses (bot.catalog.search.search).
"""

from __future__ import annotations

import random
import statistics
import tempfile
import time
from datetime import date
from pathlib import Path

import yaml

from bot.cases.migrate import upgrade
from bot.catalog.importer import import_text
from bot.catalog.search import OfferCache, search
from bot.config import PROJECT_ROOT
from bot.rules.ranking import SearchProfile
from bot.rules.search_filters import parse_filters

TODAY = date(2026, 11, 25)
QUERIES = [
    "kurser inom vården på svenska",
    "onks mitään verkossa",
    "i Vasa",
    "hoitoalalta",
    "som börjar i vår",
    "IT-kurser",
    "oppisopimus",
    "kvällskurs i Borgå",
    "gratis",
    "visa utbildningar",
    "näytä koulutukset Porvoossa",
    "logistiikka syksyllä",
]


def build_catalog(url: str, n: int = 10_000) -> None:
    """n offers: the sample ones, repeated with other ids, places, fields and dates."""
    catalog = PROJECT_ROOT / "data" / "catalog"
    import_text((catalog / "providers.yml").read_text("utf-8"), "yaml", url)
    base = yaml.safe_load((catalog / "offers.yml").read_text("utf-8"))["offers"]
    rng = random.Random(1)
    places = ["638", "434", "753", "018", "091", "092", "245", "905", "285", None]
    fields = ["091", "092", "041", "061", "071", "073", "101", "104", "011", "023", "081"]
    offers = []
    for i in range(n):
        row = dict(base[i % len(base)])
        row["external_id"] = f"bench-{i}"
        place = rng.choice(places)
        row["municipality"] = place
        row["online"] = place is None
        if place is None:
            row["format"] = "online"
        row["isced"] = rng.choice(fields)
        offers.append(row)
    import_text(yaml.safe_dump({"offers": offers}, allow_unicode=True), "yaml", url)


def run(n_offers: int = 10_000, n_queries: int = 1_000) -> dict[str, float]:
    """Build, warm, measure; return the numbers."""
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{Path(tmp) / 'bench.db'}"
        upgrade(url)
        build_catalog(url, n_offers)
        cache = OfferCache(check_every=5.0)
        started = time.perf_counter()
        offers = cache.offers(TODAY, url)
        load_ms = (time.perf_counter() - started) * 1000
        rng = random.Random(2)
        profiles = [
            SearchProfile(language="sv"),
            SearchProfile(
                language="fi",
                fields=("09",),
                municipality="638",
                service_area=frozenset({"638", "434"}),
                groups=("youth",),
                help_wanted=("training",),
            ),
            SearchProfile(
                language="sv",
                study_languages=("sv", "en"),
                fields=("06", "04"),
                municipality="434",
                groups=("career_change",),
            ),
        ]
        timings = []
        for i in range(n_queries):
            text = QUERIES[i % len(QUERIES)]
            started = time.perf_counter()
            filters = parse_filters(text, TODAY)
            result = search(
                rng.choice(profiles),
                filters,
                TODAY,
                page=rng.choice([0, 0, 1]),
                url=url,
                index=cache.index(TODAY, url),
            )
            timings.append((time.perf_counter() - started) * 1000)
            assert result.total >= 0
        timings.sort()
        return {
            "offers": float(len(offers)),
            "cache_load_ms": load_ms,
            "p50_ms": statistics.median(timings),
            "p95_ms": timings[int(0.95 * len(timings)) - 1],
            "p99_ms": timings[int(0.99 * len(timings)) - 1],
        }


if __name__ == "__main__":
    for key, value in run().items():
        print(f"{key:14} {value:10.1f}")
