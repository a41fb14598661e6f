"""What a person asks for in a training search, in Swedish or Finnish (pure).

"på svenska", "verkossa", "i Vasa", "inom vården", "hoitoalalta", "som börjar i vår",
"kvällskurs", "oppisopimus", "gratis" ... become a :class:`SearchFilters`; so do the words
people type about the work itself ("truckförare", "lager", "autoala", "työkokeilu"), the
groups they name ("osatyökykyisille", "för invandrare") and what they do not want
("ei mua kiinnosta mikään yrittäjyys", "inte vården", "utan företagande").

Hard filters (what an offer must be) and exclusions (what it must not be) decide which offers
are shown; topics and groups are soft: they rank the offers that match them first.

Before any mapping and with nothing typed, the search asks first (:func:`next_question`):
which field, then where. The questions' buttons carry the answer in the payload
(``/search_training{"search_answer": "fields:09"}``, read by :func:`apply_answer`).

This module holds :class:`SearchFilters`, :func:`parse_filters`, the questions asked first and
the state kept between turns, and re-exports the rest: the hard filters' words, the time
window and field matching from :mod:`bot.rules.search_words`, topics and customer groups from
:mod:`bot.rules.search_topics`, and :func:`split_negations` from
:mod:`bot.rules.search_negation`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, fields, replace
from datetime import date
from typing import Any

from bot.rules.municipalities import match_municipality_strict
from bot.rules.search_negation import Parts, split_negations
from bot.rules.search_topics import (
    GROUP_PATTERNS,
    TOPIC_TITLES,
    TOPICS,
    Topic,
    groups_in,
    offer_topics,
    topics_in,
)
from bot.rules.search_words import (
    _FORMATS,
    _FREE,
    _KINDS,
    _LANGUAGE_PATTERNS,
    _ONLINE,
    _compounds,
    _has,
    _place_words,
    fields_in,
    kinds_in,
    time_window,
)
from bot.text import fold

__all__ = [
    "DROPPABLE",
    "FIELD_QUESTION",
    "GROUP_PATTERNS",
    "PLACE_QUESTION",
    "QUESTIONS",
    "QUESTION_RESPONSES",
    "TOPICS",
    "TOPIC_TITLES",
    "Parts",
    "SearchFilters",
    "SearchRequest",
    "SearchState",
    "Topic",
    "apply_answer",
    "fields_in",
    "groups_in",
    "kinds_in",
    "next_question",
    "offer_topics",
    "parse_filters",
    "split_negations",
    "time_window",
    "topics_in",
]


_SETS = (
    "languages",
    "fields",
    "formats",
    "kinds",
    "topics",
    "groups",
    "excluded_fields",
    "excluded_kinds",
    "excluded_topics",
)
_BOOLS = ("free_only", "in_person")
# Filters the bot may suggest dropping when nothing matches. Exclusions are never suggested:
# the person said they do not want those. Topics and groups only rank, they filter nothing.
DROPPABLE = (
    "languages",
    "municipality",
    "online",
    "in_person",
    "fields",
    "starts_from",
    "formats",
    "kinds",
    "free_only",
)


@dataclass(frozen=True)
class SearchFilters:
    """What a search asks for; empty values mean "any"."""

    languages: frozenset[str] = frozenset()
    municipality: str | None = None
    online: bool | None = None
    fields: frozenset[str] = frozenset()  # ISCED-F broad codes ("09")
    starts_from: date | None = None
    starts_until: date | None = None
    formats: frozenset[str] = frozenset()
    kinds: frozenset[str] = frozenset()
    free_only: bool = False
    in_person: bool = False  # "inte på nätet", "ei verkossa"
    topics: frozenset[str] = frozenset()  # soft: codes of TOPICS ("truck", "work_trial")
    groups: frozenset[str] = frozenset()  # soft: customer groups named ("partial_work_ability")
    excluded_fields: frozenset[str] = frozenset()
    excluded_kinds: frozenset[str] = frozenset()
    excluded_topics: frozenset[str] = frozenset()

    def active(self) -> list[str]:
        """Names of the filters that say something."""
        out = []
        for f in fields(self):
            value = getattr(self, f.name)
            if value not in (None, False, frozenset()):
                out.append(f.name)
        if "starts_until" in out and "starts_from" in out:
            out.remove("starts_until")
        return out

    def droppable(self) -> list[str]:
        """The active filters the bot may suggest dropping (see :data:`DROPPABLE`)."""
        return [name for name in self.active() if name in DROPPABLE]

    def says_something(self) -> bool:
        """Anything to search with: exclusions alone say only what the person does not want."""
        return any(not name.startswith("excluded_") for name in self.active())

    def says_where(self) -> bool:
        """A place, online or in person."""
        return bool(self.municipality or self.online or self.in_person)

    def without(self, name: str) -> SearchFilters:
        """The same filters with one dropped (``starts_from`` drops the whole time window)."""
        if name in ("starts_from", "starts_until"):
            return replace(self, starts_from=None, starts_until=None)
        default: Any = {f.name: f.default for f in fields(self)}[name]
        changes: dict[str, Any] = {name: default}
        return replace(self, **changes)

    def merged(self, newer: SearchFilters) -> SearchFilters:
        """Follow-up filters on top of earlier ones.

        The newer value wins per filter; exclusions and groups add up. Asking for something
        again lifts its exclusion, and excluding it drops it from what is asked for.
        """
        changes: dict[str, Any] = {}
        for name in newer.active():
            changes[name] = getattr(newer, name)
            if name == "starts_from":
                changes["starts_until"] = newer.starts_until
        if newer.online and "municipality" not in changes:
            changes["municipality"] = None
        if newer.online:
            changes["in_person"] = False
        if newer.in_person:
            changes["online"] = None
        if newer.municipality and "online" not in changes:
            changes["online"] = None
        merged = replace(self, **changes)
        wanted = {
            "fields": "excluded_fields",
            "kinds": "excluded_kinds",
            "topics": "excluded_topics",
        }
        final: dict[str, Any] = {"groups": self.groups | newer.groups}
        for positive, negative in wanted.items():
            asked: frozenset[str] = getattr(newer, positive)
            refused: frozenset[str] = getattr(newer, negative)
            final[negative] = (getattr(self, negative) - asked) | refused
            final[positive] = getattr(merged, positive) - refused
        return replace(merged, **final)

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
        data = data if isinstance(data, dict) else {}
        values: dict[str, Any] = {k: frozenset(data.get(k) or ()) for k in _SETS}
        values.update({k: bool(data.get(k)) for k in _BOOLS})

        def _d(key: str) -> date | None:
            return date.fromisoformat(data[key]) if data.get(key) else None

        return cls(
            municipality=data.get("municipality"),
            online=data.get("online"),
            starts_from=_d("starts_from"),
            starts_until=_d("starts_until"),
            **values,
        )


def parse_filters(text: str, today: date) -> SearchFilters:
    """The filters, topics, groups and exclusions named in a message."""
    t = _compounds(fold(text))
    parts = split_negations(t)
    wanted = parts.wanted
    languages = frozenset(k for k, pats in _LANGUAGE_PATTERNS.items() if _has(wanted, pats))
    online = True if _has(wanted, _ONLINE) else None
    municipality = None
    if not online:
        places = _place_words(wanted)
        found = match_municipality_strict(places)
        if found is None:  # spoken Finnish drops the ending: "porvoos", "helsingis"
            spoken = re.sub(r"\b(\w{3,}[aeiouy])s\b", r"\1ssa", places)
            found = match_municipality_strict(spoken) if spoken != places else None
        municipality = found.code if found else None
    topics = topics_in(wanted)
    kinds = kinds_in(wanted).union(*(TOPICS[c].kinds for c in topics))
    start, until = time_window(wanted, today)
    wanted_fields = fields_in(wanted)
    refused = parts.refused
    refused_topics = topics_in(refused) - topics
    return SearchFilters(
        languages=languages,
        municipality=municipality,
        online=online,
        fields=wanted_fields,
        starts_from=start,
        starts_until=until,
        formats=frozenset(k for k, pats in _FORMATS.items() if _has(wanted, pats)),
        kinds=kinds,
        free_only=_has(t, _FREE),
        in_person=bool(refused) and not online and _has(refused, _ONLINE),
        topics=topics,
        groups=groups_in(wanted),
        excluded_fields=fields_in(refused) - wanted_fields if refused else frozenset(),
        excluded_kinds=kinds_in(refused) - kinds,
        excluded_topics=refused_topics,
    )


# --- asking first when there is nothing to go on -------------------------------------------

FIELD_QUESTION = "field"
PLACE_QUESTION = "place"
QUESTIONS = (FIELD_QUESTION, PLACE_QUESTION)
QUESTION_RESPONSES = {
    FIELD_QUESTION: "utter_search_ask_field",
    PLACE_QUESTION: "utter_search_ask_place",
}


def next_question(filters: SearchFilters, asked: tuple[str, ...], knows_person: bool) -> str | None:
    """The question to ask before listing offers, or None to list them now.

    Only when there is nothing to go on (no mapping, nothing named): first which field,
    then, if the answer did not say where, where. Never the same question twice, and never
    more than these two: an answer that says nothing ("vet inte") counts as "anything".
    """
    if knows_person:
        return None
    if not asked:
        return None if filters.says_something() else FIELD_QUESTION
    if asked == (FIELD_QUESTION,) and not filters.says_where():
        return PLACE_QUESTION
    return None


def apply_answer(filters: SearchFilters, answer: str) -> SearchFilters:
    """A button's answer to a question, as in ``"fields:09"``, ``"place:online"``.

    ``fields:<code>``, ``kinds:<kind>``, ``topics:<code>``, ``place:online``,
    ``place:<municipality code>`` and ``<...>:any`` (no preference). Unknown answers change
    nothing.
    """
    key, _, value = str(answer).partition(":")
    value = value.strip()
    if not value or value == "any":
        return filters
    newer: SearchFilters | None = None
    if key == "fields" and re.fullmatch(r"\d{2}", value):
        newer = SearchFilters(fields=frozenset({value}))
    elif key == "kinds" and value in _KINDS:
        newer = SearchFilters(kinds=frozenset({value}))
    elif key == "topics" and value in TOPICS:
        topic = TOPICS[value]
        newer = SearchFilters(topics=frozenset({value}), kinds=topic.kinds)
    elif key == "place" and value == "online":
        newer = SearchFilters(online=True)
    elif key == "place" and re.fullmatch(r"\d{3}", value):
        newer = SearchFilters(municipality=value)
    return filters.merged(newer) if newer else filters


@dataclass(frozen=True)
class SearchState:
    """The search kept between turns: its filters and the questions already asked.

    Stored in the ``search_filters`` slot as the filters' dictionary plus ``"asked"``.
    """

    filters: SearchFilters = field(default_factory=SearchFilters)
    asked: tuple[str, ...] = ()

    def to_slot(self) -> dict[str, Any]:
        """The slot value."""
        out = self.filters.to_dict()
        if self.asked:
            out["asked"] = list(self.asked)
        return out

    @classmethod
    def from_slot(cls, value: Any) -> SearchState:
        """Inverse of :meth:`to_slot` (a missing or broken slot is an empty search)."""
        data = value if isinstance(value, dict) else {}
        asked = tuple(q for q in (data.get("asked") or ()) if q in QUESTIONS)
        try:
            filters = SearchFilters.from_dict(data)
        except (TypeError, ValueError):
            filters = SearchFilters()
        return cls(filters, asked)


@dataclass(frozen=True)
class SearchRequest:
    """Filters plus paging, as kept between turns."""

    filters: SearchFilters = field(default_factory=SearchFilters)
    page: int = 0
