"""Parse free-text answers to the mapping questions, in Swedish or Finnish (pure functions).

Each parser takes what the person typed and returns a normalised value (codes from
:mod:`bot.rules.vocabulary`) or raises :class:`AnswerError` with a reason code that the form
turns into one clear message in the person's language. The words are data, one file per
question under ``bot/rules/data/`` (read and compiled once, at import); the matching they
share (stems, phrases, clauses, negation) is :mod:`bot.rules.lexicon`, so the parsers only
say how the mentions combine. Age and duration live in :mod:`bot.rules.answer_time`,
languages in :mod:`bot.rules.answer_languages`, yes/no in :mod:`bot.rules.yes_no`; all of
them are imported from here.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from bot.rules import lexicon as lx
from bot.rules.answer_languages import (
    language_codes_in,
    parse_native_language,
    parse_other_languages,
    parse_service_language,
)
from bot.rules.answer_time import (
    MAX_AGE,
    MIN_AGE,
    AgeAnswer,
    age_from_birth_year,
    age_group_for,
    duration_bucket,
    duration_with_situation,
    parse_age,
    parse_duration_months,
)
from bot.rules.lexicon import AnswerError, Hit, Lexicon, Text, nearest, negated, read
from bot.rules.vocabulary import DOMESTIC_LANGUAGES
from bot.rules.vocabulary import FACTS as FACT_LABELS
from bot.rules.yes_no import explicit_yes_no, is_bare_yes_no, parse_yes_no

__all__ = [
    "DOMESTIC_LANGUAGES",
    "FACT_LABELS",
    "MAX_AGE",
    "MAX_FREE_TEXT",
    "MIN_AGE",
    "AgeAnswer",
    "AnswerError",
    "Choices",
    "EducationAnswer",
    "WorkAbilityAnswer",
    "age_from_birth_year",
    "age_group_for",
    "duration_bucket",
    "duration_with_situation",
    "explicit_yes_no",
    "fact_label",
    "facts_in",
    "field_codes_in",
    "is_bare_yes_no",
    "language_codes_in",
    "own_words",
    "parse_age",
    "parse_benefit",
    "parse_channel",
    "parse_duration_months",
    "parse_education",
    "parse_education_detail",
    "parse_fields",
    "parse_fields_detail",
    "parse_help",
    "parse_help_detail",
    "parse_native_language",
    "parse_occupation",
    "parse_other_languages",
    "parse_service_language",
    "parse_situation",
    "parse_work_ability",
    "parse_work_ability_detail",
    "parse_work_ability_effect",
    "parse_yes_no",
]

MAX_FREE_TEXT = 500


def _positive(text: Text, hits: list[Hit]) -> list[Hit]:
    denied = negated(text, hits)
    return [h for h in hits if h not in denied]


def _codes(hits: Iterable[Hit]) -> list[str]:
    return list(dict.fromkeys(h.code for h in hits))


def _said(text: Text, hits: list[Hit]) -> set[str]:
    """The codes mentioned, and "<code> denied" for each negated mention."""
    denied = negated(text, hits)
    return {h.code for h in hits if h not in denied} | {f"{h.code} denied" for h in denied}


# --- situation ----------------------------------------------------------------------------

_SITUATION_RULES: tuple[tuple[str, bool], ...] = tuple(
    (rule["code"], bool(rule.get("negated"))) for rule in lx.load("situations")["rules"]
)
_SITUATIONS = Lexicon({str(i): r["words"] for i, r in enumerate(lx.load("situations")["rules"])})


def parse_situation(text: str) -> str:
    """unemployed / laid_off / dismissed / resigned / part_time / student / other.

    Raises:
        AnswerError: ``situation_not_understood``.
    """
    t = read(text)
    hits = _SITUATIONS.find(t)
    denied = negated(t, hits)
    rules = [int(h.code) for h in hits if (h in denied) == _SITUATION_RULES[int(h.code)][1]]
    if not rules:
        raise AnswerError("situation_not_understood")
    return _SITUATION_RULES[min(rules)][0]


# --- benefit ------------------------------------------------------------------------------

_BEN = lx.load("benefits")
_SPECIFIC_BENEFITS = frozenset(_BEN["specific"])
_BENEFITS = Lexicon({**_BEN["specific"], **{k: v for k, v in _BEN.items() if k != "specific"}})


def parse_benefit(text: str) -> str:
    """The benefit code; "från FPA"/"Kelasta" alone gives ``kela_unspecified``.

    Raises:
        AnswerError: ``benefit_not_understood``.
    """
    t = read(text)
    hits = _BENEFITS.find(t)
    denied = negated(t, hits)
    ended = {t.tokens[h.start].clause for h in hits if h.code == "ended"}
    specific = _codes(
        h
        for h in hits
        if h.code in _SPECIFIC_BENEFITS
        and h not in denied
        and t.tokens[h.start].clause not in ended
    )
    if len(specific) == 1:
        return specific[0]
    if len(specific) > 1:
        return "unknown"
    said = _said(t, hits)
    if "none" in said or "none_negated denied" in said:
        return "none"
    if "kela" in said:
        return "kela_unspecified"
    if "unknown" in said or "unknown_negated denied" in said:
        return "unknown"
    raise AnswerError("benefit_not_understood")


# --- education ----------------------------------------------------------------------------

_EDU = lx.load("education")
_RANK: tuple[str, ...] = tuple(_EDU["rank"])
_BELOW: dict[str, str] = dict(_EDU["below"])
_EDUCATION = Lexicon(
    {
        **_EDU["levels"],
        "degree": _EDU["degree_words"],
        "none": _EDU["none"],
        "none_negated": _EDU["none_negated"],
    }
)
_FOREIGN = Lexicon({"foreign": _EDU["foreign"]})
_UNFINISHED = Lexicon({"unfinished": _EDU["unfinished"]})


@dataclass(frozen=True)
class EducationAnswer:
    """The highest finished education and, when one was named, an unfinished level."""

    code: str
    unfinished: str | None = None


def _levels(t: Text) -> tuple[list[Hit], list[Hit], list[Hit]]:
    """(all education words, finished level mentions, unfinished level mentions)."""
    hits = _EDUCATION.find(t)
    markers = _UNFINISHED.find(t)  # "inte klar" is a marker, not a negation
    denied = negated(t, hits, markers)
    levels = [h for h in hits if h.code in _RANK and h not in denied]
    unfinished: set[Hit] = set()
    for marker in markers:
        near = nearest(t, marker, levels)
        if near is not None:  # with the other mentions of that level in the sentence
            unfinished.update(
                h for h in levels if h.code == near.code and t.same_sentence(h.start, near.start)
            )
    return hits, [h for h in levels if h not in unfinished], [h for h in levels if h in unfinished]


def _is_foreign(t: Text, hits: list[Hit], top: list[Hit]) -> bool:
    """A foreign place or word in the sentence of a top-level mention, or beside a degree word
    in a sentence that names no level ("tutkinto on Venäjältä")."""
    levels = [h for h in hits if h.code in _RANK]
    for marker in _positive(t, _FOREIGN.find(t)):
        if any(t.same_sentence(marker.start, h.start) for h in top):
            return True
        same = [h for h in hits if t.same_sentence(marker.start, h.start)]
        if any(h.code == "degree" for h in same) and not any(h in levels for h in same):
            return True
    return False


def parse_education_detail(text: str) -> EducationAnswer:
    """The highest finished education, and the highest unfinished level named.

    "peruskoulu. amis jäi kesken" -> basic, unfinished vocational; "avbröt gymnasiet" ->
    basic, unfinished upper_secondary; a degree from abroad -> foreign (data/education.yml).

    Raises:
        AnswerError: ``education_not_understood``.
    """
    t = read(text)
    hits, finished, unfinished = _levels(t)
    rank = _RANK.index
    started = min((h.code for h in unfinished), key=rank, default=None)
    if finished:
        code = min((h.code for h in finished), key=rank)
        top = [h for h in finished if h.code == code]
        return EducationAnswer("foreign" if _is_foreign(t, hits, top) else code, started)
    if started is not None:
        return EducationAnswer(_BELOW[started], started)
    if _is_foreign(t, hits, []):
        return EducationAnswer("foreign")
    denied = negated(t, hits)
    if any(
        h.code == "none" or (h.code in ("degree", "none_negated") and h in denied) for h in hits
    ):
        return EducationAnswer("none")
    raise AnswerError("education_not_understood")


def parse_education(text: str) -> str:
    """The code of :func:`parse_education_detail` (highest finished education).

    Raises:
        AnswerError: ``education_not_understood``.
    """
    return parse_education_detail(text).code


# --- occupation ---------------------------------------------------------------------------

_OCC = lx.load("occupations")
_OCCUPATIONS = Lexicon(_OCC["groups"])
_NO_WORK = Lexicon({"none": _OCC["none"], "work": _OCC["work"]})


def parse_occupation(text: str) -> str:
    """The ISCO-08 major group of the first job named; "none" for no work experience
    ("en oo ollu töissä"); "unknown" if not recognised.

    Raises:
        AnswerError: ``occupation_yes_no`` for a bare yes/no, ``too_long`` over 500 chars,
        ``empty`` when there is nothing to keep.
    """
    _check_free_text(text)
    t = read(text)
    jobs = _positive(t, _OCCUPATIONS.find(t))
    if jobs:
        return jobs[0].code
    said = _NO_WORK.find(t)
    denied = negated(t, said)
    if any(h.code == "none" or h in denied for h in said):
        return "none"
    if is_bare_yes_no(text):
        raise AnswerError("occupation_yes_no")
    return "unknown"


# --- fields and help ------------------------------------------------------------------------

_FIELDS_DATA = lx.load("fields")
_FIELDS = Lexicon({**_FIELDS_DATA["fields"], "any": _FIELDS_DATA["any"]})
_HELP_DATA = lx.load("help")
_HELP = Lexicon(_HELP_DATA["topics"])
_HELP_ORDER: tuple[str, ...] = tuple(_HELP_DATA["topics"])
_NEGATION_IS_NEED = frozenset(_HELP_DATA["negation_is_need"])


@dataclass(frozen=True)
class Choices:
    """Codes a person wants, in order, and codes they rule out ("inte vård")."""

    codes: tuple[str, ...]
    excluded: tuple[str, ...] = ()


def _choices(t: Text, lexicon: Lexicon, need: frozenset[str] = frozenset()) -> Choices:
    hits = lexicon.find(t)
    denied = {h for h in negated(t, hits) if h.code not in need}
    wanted = _codes(h for h in hits if h not in denied)
    excluded = [c for c in _codes(sorted(denied, key=lambda h: h.start)) if c not in wanted]
    return Choices(tuple(wanted), tuple(excluded))


def parse_fields_detail(text: str) -> Choices:
    """ISCED-F broad fields wanted, in order (("any",) for "anything"), and those ruled out.

    Raises:
        AnswerError: ``fields_yes_no`` for a bare yes/no, ``too_long`` over 500 characters.
    """
    _check_free_text(text)
    found = _choices(read(text), _FIELDS)
    if "any" in found.codes:
        return Choices(("any",), tuple(c for c in found.excluded if c != "any"))
    if is_bare_yes_no(text):
        raise AnswerError("fields_yes_no")
    return Choices(found.codes, tuple(c for c in found.excluded if c != "any"))


def parse_fields(text: str) -> list[str]:
    """The codes of :func:`parse_fields_detail`; ["any"] for "anything".

    Raises:
        AnswerError: ``fields_yes_no`` for a bare yes/no, ``too_long`` over 500 characters.
    """
    return list(parse_fields_detail(text).codes)


def parse_help_detail(text: str) -> Choices:
    """Help topics wanted (in the order of data/help.yml) and those ruled out."""
    found = _choices(read(text), _HELP, _NEGATION_IS_NEED)
    return Choices(tuple(c for c in _HELP_ORDER if c in found.codes), found.excluded)


def parse_help(text: str) -> list[str]:
    """What the person wants help with; several topics allowed, negated ones left out.

    Raises:
        AnswerError: ``help_not_understood`` (also when every topic named is ruled out).
    """
    found = parse_help_detail(text)
    if not found.codes:
        raise AnswerError("help_not_understood", excluded=found.excluded)
    return list(found.codes)


# --- work ability ---------------------------------------------------------------------------

_WORK = lx.load("work_ability")
_WORK_ABILITY = Lexicon(
    {key: words for key, words in _WORK.items() if not key.startswith("effect")}
)
_EFFECT = Lexicon({"effect": _WORK["effect"]})
_EFFECT_WORDS = Lexicon(
    {"yes": _WORK["effect_yes"], "no": _WORK["effect_no"], "unknown": _WORK["effect_unknown"]}
)


@dataclass(frozen=True)
class WorkAbilityAnswer:
    """The code and the person's own words for the coach (None when withheld or not needed)."""

    code: str
    details: str | None = None


def _work_signals(text: str) -> set[str]:
    """What the answer says: a code for each list of data/work_ability.yml, "<list> denied"
    for a negated mention."""
    t = read(text)
    return _said(t, _WORK_ABILITY.find(t))


def _limited(said: set[str]) -> bool:
    return "limit" in said or "ability denied" in said


def parse_work_ability_detail(text: str) -> WorkAbilityAnswer:
    """none / mild / limited / skipped, and the words kept for the coach.

    "on, olen osatyökykyinen. en halua kertoa tarkemmin" is limited with no details;
    "axlarna är lite slitna men annars ok" is mild (the bot asks whether it affects what
    work the person can take); the order of the checks is in data/work_ability.yml.

    Raises:
        AnswerError: ``too_long`` over 500 characters, ``empty``.
    """
    _check_free_text(text)
    said = _work_signals(text)
    condition = "condition" in said
    if "skip" in said or "answer denied" in said or "tell denied" in said:
        if "admit" in said or condition or _limited(said):
            return WorkAbilityAnswer("limited")
        return WorkAbilityAnswer("skipped")
    words = own_words(text)
    if _limited(said):
        return WorkAbilityAnswer("limited", words)
    if condition and "resolved" not in said:
        return WorkAbilityAnswer("mild" if "mild" in said else "limited", words)
    if condition or said & {"none", "none_negated denied", "limit denied", "condition denied"}:
        return WorkAbilityAnswer("none")
    return WorkAbilityAnswer("mild", words)


def parse_work_ability(text: str) -> str:
    """none / mild / limited / skipped (the code of :func:`parse_work_ability_detail`).

    Raises:
        AnswerError: ``too_long`` over 500 characters, ``empty``.
    """
    return parse_work_ability_detail(text).code


def parse_work_ability_effect(text: str) -> bool | None:
    """The answer to "does it affect what work you can take?": True, False, or None.

    "ja, kan inte lyfta" -> True, "nej inte egentligen" -> False, "kanske" -> None.
    """
    t = read(text)
    words = {h.code for h in _EFFECT_WORDS.find(t)}
    if "unknown" in words:
        return None
    effect = _EFFECT.find(t)
    if effect:
        return effect[0] not in negated(t, effect)
    if _limited(_work_signals(text)):
        return True
    if words == {"yes"} or words == {"no"}:
        return "yes" in words
    return parse_yes_no(text)


# --- contact channel and service language -----------------------------------------------------

_CHANNEL_DATA = lx.load("channels")
_CHANNELS = Lexicon(_CHANNEL_DATA["channels"])
_PREFER = Lexicon({"prefer": _CHANNEL_DATA["prefer"]})


def parse_channel(text: str) -> str:
    """visit / phone / video: the one nearest a "rather" word, else the first named.

    Raises:
        AnswerError: ``channel_not_understood``.
    """
    t = read(text)
    channels = _positive(t, _CHANNELS.find(t))
    if not channels:
        raise AnswerError("channel_not_understood")
    for cue in _PREFER.find(t):
        close = [h for h in channels if t.same_clause(h.start, cue.start)]
        if close:
            return min(close, key=lambda h: abs(h.start - cue.start)).code
    return channels[0].code


# --- facts ------------------------------------------------------------------------------------

_FACT_DATA: Mapping[str, Mapping[str, Any]] = lx.load("facts")["facts"]
_FACTS = Lexicon({code: fact.get("words") or () for code, fact in _FACT_DATA.items()})
_IMPLIED_BY = {code: tuple(f.get("implied_by") or ()) for code, f in _FACT_DATA.items()}
_HYPOTHETICAL = lx.load("facts")["hypothetical"]
_WISH_BEFORE = Lexicon({"wish": _HYPOTHETICAL["before"]})
_WISH_AFTER = Lexicon({"wish": _HYPOTHETICAL["after"]})
# words between a fact and a "wish" word before it / after it
_WISH_REACH_BEFORE, _WISH_REACH_AFTER = 3, 1


def _wished(t: Text, fact: Hit, before: list[Hit], after: list[Hit]) -> bool:
    return any(
        t.same_clause(w.start, fact.start) and 0 <= fact.start - w.end <= _WISH_REACH_BEFORE
        for w in before
    ) or any(
        t.same_clause(w.start, fact.start) and 0 <= w.start - fact.end <= _WISH_REACH_AFTER
        for w in after
    )


def facts_in(text: str) -> tuple[str, ...]:
    """Facts a person volunteers in any answer (data/facts.yml), in order of mention.

    A negated fact ("har inget körkort") or a wish ("om ja få c-kort") does not count;
    "unfinished_degree" comes from an unfinished education ("hoppa av arcada").
    """
    t = read(text)
    before, after = _WISH_BEFORE.find(t), _WISH_AFTER.find(t)
    found = _codes(h for h in _positive(t, _FACTS.find(t)) if not _wished(t, h, before, after))
    if _levels(t)[2]:
        found.append("unfinished_degree")
    return tuple(c for c in found if not any(i in found for i in _IMPLIED_BY.get(c, ())))


def fact_label(code: str, language: str) -> str:
    """The coach's label of a fact in ``language`` ("truckkort" / "trukkikortti")."""
    return FACT_LABELS.get(code, {}).get(language, code)


# --- free text --------------------------------------------------------------------------------


def _check_free_text(text: str) -> None:
    stripped = text.strip()
    if not stripped or not any(ch.isalnum() for ch in stripped):
        raise AnswerError("empty")
    if len(stripped) > MAX_FREE_TEXT:
        raise AnswerError("too_long", limit=MAX_FREE_TEXT)


def own_words(text: str) -> str:
    """The person's own words as stored for the coach: trimmed, one line, capped."""
    return " ".join(text.split())[:MAX_FREE_TEXT]


def field_codes_in(text: str) -> list[str]:
    """ISCED-F broad field codes named in a text (no errors: empty when none)."""
    try:
        return parse_fields(text)
    except AnswerError:
        return []
