"""Answers about what the service should fit: fields, help, work ability, contact channel.

Pure functions of what the person typed: the fields they want to study or work in (and those
they rule out), what they want help with, how their work ability limits the work they can
take (with their own words for the coach), and how they would rather meet (data/fields.yml,
help.yml, work_ability.yml, channels.yml; read once, at import). Also the free-text checks and the
small helpers over mentions (:mod:`bot.rules.lexicon` hits) that
:mod:`bot.rules.answer_background` shares. All of it is imported from
:mod:`bot.rules.answers`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from bot.rules import lexicon as lx
from bot.rules.lexicon import AnswerError, Hit, Lexicon, Text, negated, read
from bot.rules.yes_no import is_bare_yes_no, parse_yes_no

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
