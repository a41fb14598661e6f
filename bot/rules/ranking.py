"""Rank training offers for a person, with reasons they can read (pure).

Hard filters first (what the person asked for, what they refused, and never an expired
offer). Then every offer the person can take comes before every offer meant for a group they
are not in (under 30, immigrants, long-term unemployed and partially able to work, laid off):
such an offer is shown last, and its card says who it is for. Within each of the two, an
additive score whose parts are the reasons shown on the card:

    what they asked about +4.0   field wished for        +3.0   language they study in +2.0
    in their municipality +2.0   online                  +1.5   in the service area    +1.0
    for their group       +2.0   fits what they want     +1.0   open to everybody      +0.3
    starts soon           +0..0.5

What the person asked about outweighs language, place and start date together (4.0 > 3.8):
"lager" lists the warehouse courses before a Swedish hygiene pass. Ties go to the earlier
start date.

This module is the entry point and re-exports the rest: the offer, the search profile, the
tables, the filters and the score from :mod:`bot.rules.ranking_rules`, and the same ranking
vectorised (:class:`OfferIndex`, :func:`rank_indexed`) from :mod:`bot.rules.ranking_index`.
"""

from __future__ import annotations

from bot.rules.ranking_index import OfferIndex, rank_indexed
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
    filter_to_drop,
    is_open,
    only_for,
    passes,
    person_groups,
    profile_from_mapping,
    rank,
    score,
    study_languages,
    topics_of,
)

__all__ = [
    "GROUP_TO_TARGET",
    "HELP_TO_KINDS",
    "OPEN_TARGETS",
    "POINTS",
    "RESTRICTED_TARGETS",
    "SOON_DAYS",
    "Offer",
    "OfferIndex",
    "Scored",
    "SearchProfile",
    "filter_to_drop",
    "is_open",
    "only_for",
    "passes",
    "person_groups",
    "profile_from_mapping",
    "rank",
    "rank_indexed",
    "score",
    "study_languages",
    "topics_of",
]
