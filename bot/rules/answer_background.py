"""Answers about where the person stands: situation, benefit, education, occupation, facts.

Pure functions of what the person typed: their labour-market situation, the benefit they
get, their highest finished (and any unfinished) education, the job they have done, and the
facts they volunteer in any answer ("har truckkort"). The words are data
(data/situations.yml, benefits.yml, education.yml, occupations.yml, facts.yml; read once, at
import); the helpers over mentions and the free-text checks are shared with
:mod:`bot.rules.answer_needs`. All of it is imported from :mod:`bot.rules.answers`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from bot.rules import lexicon as lx
from bot.rules.answer_needs import _check_free_text, _codes, _positive, _said
from bot.rules.lexicon import AnswerError, Hit, Lexicon, Text, nearest, negated, read
from bot.rules.vocabulary import FACTS as FACT_LABELS
from bot.rules.yes_no import is_bare_yes_no

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
