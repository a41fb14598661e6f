"""The ranking of training offers, one offer at a time (pure).

What ranking reads (the :class:`Offer` protocol and the person's :class:`SearchProfile`, built
from a mapping by :func:`profile_from_mapping`), the tables that turn customer groups and
wishes into catalog terms, the points, the hard filters (:func:`passes`), the score with its
reasons (:func:`score`), the order (:func:`rank`) and the filters to drop when nothing
matches (:func:`filter_to_drop`). How the points add up is told in :mod:`bot.rules.ranking`,
which re-exports all of it; the same ranking over numpy columns is
:mod:`bot.rules.ranking_index`.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Protocol

from bot.rules.profile import MappingProfile
from bot.rules.search_filters import SearchFilters, offer_topics
from bot.rules.service_paths import customer_groups


class Offer(Protocol):
    """What ranking needs of an offer (bot.cases.catalog.OfferView has it)."""

    @property
    def external_id(self) -> str: ...
    @property
    def title_sv(self) -> str: ...
    @property
    def title_fi(self) -> str: ...
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
    groups: tuple[str, ...] = ()  # customer groups (bot.rules.service_paths.GROUPS)
    help_wanted: tuple[str, ...] = ()

    def knows_person(self) -> bool:
        """The mapping told us something to rank with (not just the chat language)."""
        return bool(self.fields or self.municipality or self.groups or self.help_wanted)


@dataclass(frozen=True)
class Scored:
    """An offer with its score and the reasons behind it.

    ``fits`` is False for an offer meant only for groups the person is not in (as far as we
    know); ``only_for`` then names those catalog target groups. ``group`` is the person's
    customer group the offer is meant for, ``topics`` what they asked about that it is about.
    """

    offer: Offer
    score: float
    reasons: tuple[str, ...]
    fits: bool = True
    only_for: tuple[str, ...] = ()
    group: str | None = None
    topics: tuple[str, ...] = ()


# mapping customer groups -> catalog target groups. The catalog has no group of its own for
# the partially able to work: they share the long-term unemployed's low-threshold services
# (the experiment's work-ability service path, bot.rules.service_paths).
GROUP_TO_TARGET = {
    "youth": "under_30",
    "immigrant": "immigrants",
    "long_term_unemployed": "long_term_unemployed",
    "partial_work_ability": "long_term_unemployed",
    "laid_off": "laid_off",
    "career_change": "career_change",
}
# Catalog target groups anyone may choose to be in ("all", and changing careers) ...
OPEN_TARGETS = frozenset({"all", "career_change"})
# ... and the ones a person is in or not: an age limit, a situation, a background.
RESTRICTED_TARGETS = frozenset({"under_30", "immigrants", "long_term_unemployed", "laid_off"})
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
POINTS = {
    "topic": 4.0,
    "field": 3.0,
    "language": 2.0,
    "municipality": 2.0,
    "online": 1.5,
    "nearby": 1.0,
    "group": 2.0,
    "wish": 1.0,
    "open": 0.3,
    "soon": 0.5,
}
SOON_DAYS = 180


def study_languages(profile: MappingProfile) -> tuple[str, ...]:
    """Languages the person can study in: service language, native, good or better."""
    out: list[str] = []
    for code in (profile.service_language, profile.native_language):
        if code in ("sv", "fi", "en") and code not in out:
            out.append(code)
    for item in profile.other_languages:
        code = item.get("language")
        if code in ("sv", "fi", "en") and item.get("level") in ("native", "fluent", "good"):
            if code not in out:
                out.append(code)
    return tuple(out)


def profile_from_mapping(
    profile: MappingProfile, today: date, language: str, service_area: frozenset[str]
) -> SearchProfile:
    """The search profile of a mapping: languages, fields, home, customer groups, wishes.

    The chat and the coach's case page both rank with this, so they agree.
    """
    return SearchProfile(
        language=profile.service_language or language,
        study_languages=study_languages(profile),
        fields=tuple(f for f in profile.desired_fields if f != "any"),
        municipality=profile.municipality,
        service_area=service_area,
        groups=customer_groups(profile, today),
        help_wanted=tuple(profile.help_wanted),
    )


def person_groups(profile: SearchProfile, filters: SearchFilters) -> tuple[str, ...]:
    """The person's customer groups: from the mapping, then those they named in the chat."""
    return (*profile.groups, *sorted(set(filters.groups) - set(profile.groups)))


def only_for(offer: Offer) -> tuple[str, ...]:
    """The groups an offer is limited to; () when anyone may take it."""
    targets = offer.target_groups
    if any(t in OPEN_TARGETS for t in targets):
        return ()
    return tuple(t for t in targets if t in RESTRICTED_TARGETS)


def is_open(offer: Offer, today: date) -> bool:
    """The application deadline has not passed (or there is none)."""
    return offer.application_deadline is None or offer.application_deadline >= today


def topics_of(offer: Offer) -> frozenset[str]:
    """What the offer is about (codes of search_filters.TOPICS), from its titles."""
    return offer_topics(offer.title_sv, offer.title_fi)


def passes(offer: Offer, filters: SearchFilters, today: date) -> bool:
    """The hard filters and the exclusions."""
    if not is_open(offer, today):
        return False
    if filters.languages and not filters.languages & set(offer.languages):
        return False
    if filters.online and not offer.online:
        return False
    if filters.in_person and offer.online:
        return False
    if filters.municipality and offer.municipality != filters.municipality:
        return False
    if filters.fields and offer.isced[:2] not in filters.fields:
        return False
    if offer.isced[:2] in filters.excluded_fields:
        return False
    if filters.formats and offer.format not in filters.formats:
        return False
    if filters.kinds and offer.kind not in filters.kinds:
        return False
    if offer.kind in filters.excluded_kinds:
        return False
    if filters.excluded_topics and topics_of(offer) & filters.excluded_topics:
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
    """The additive score, its reasons, and whether the person can take the offer."""
    total = 0.0
    reasons: list[str] = []
    asked = (
        tuple(t for t in sorted(filters.topics) if t in topics_of(offer)) if filters.topics else ()
    )
    if asked:
        total += POINTS["topic"]
        reasons.append("topic")
    wanted_fields = set(filters.fields) | set(profile.fields)
    if offer.isced[:2] in wanted_fields:
        total += POINTS["field"]
        reasons.append("field")
    study = set(profile.study_languages) | {profile.language} | set(filters.languages)
    if set(offer.languages) & study:
        total += POINTS["language"]
        reasons.append("language")
    if profile.municipality and offer.municipality == profile.municipality:
        total += POINTS["municipality"]
        reasons.append("municipality")
    elif offer.online:
        total += POINTS["online"]
        reasons.append("online")
    elif offer.municipality and offer.municipality in profile.service_area:
        total += POINTS["nearby"]
        reasons.append("nearby")
    groups = person_groups(profile, filters)
    matched = next((g for g in groups if GROUP_TO_TARGET.get(g) in offer.target_groups), None)
    limited_to = only_for(offer)
    fits = not limited_to or matched is not None
    if matched:
        total += POINTS["group"]
        reasons.append("group")
    elif "all" in offer.target_groups:
        total += POINTS["open"]
    kinds = set().union(*(HELP_TO_KINDS.get(h, set()) for h in profile.help_wanted))
    if offer.kind in kinds:
        total += POINTS["wish"]
        reasons.append("wish")
    if offer.start_date:
        days = (offer.start_date - today).days
        if 0 <= days <= SOON_DAYS:
            total += POINTS["soon"] * (1 - days / SOON_DAYS)
    return Scored(
        offer,
        round(total, 3),
        tuple(reasons),
        fits=fits,
        only_for=() if fits else limited_to,
        group=matched,
        topics=asked,
    )


def rank(
    offers: Iterable[Offer],
    profile: SearchProfile,
    filters: SearchFilters,
    today: date,
) -> list[Scored]:
    """All offers that pass the filters: those the person can take first, best first."""
    scored = [score(o, profile, filters, today) for o in offers if passes(o, filters, today)]
    scored.sort(
        key=lambda s: (not s.fits, -s.score, s.offer.start_date or date.max, s.offer.external_id)
    )
    return scored


def filter_to_drop(
    offers: Sequence[Offer], filters: SearchFilters, today: date
) -> tuple[tuple[str, ...], int] | None:
    """When nothing matches: the fewest filters to drop, and how many offers that gives.

    Greedy: drop the filter that frees the most offers; if none alone helps, keep dropping
    the one that leaves the fewest remaining filters blocking, until something matches.
    Exclusions are never dropped (the person said no to them).
    """
    dropped: list[str] = []
    current = filters
    while current.droppable():
        best: tuple[str, int] | None = None
        for name in current.droppable():
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
