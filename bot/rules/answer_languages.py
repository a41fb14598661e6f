"""Languages in answers: the native language, other languages with how well the person speaks
them, and the service language (pure).

The words are data: bot/rules/data/languages.yml (read once, at import); the matching is
bot/rules/lexicon.py.
"""

from __future__ import annotations

from bot.rules import lexicon as lx
from bot.rules.lexicon import AnswerError, Hit, Lexicon, Text, negated, read
from bot.rules.yes_no import is_bare_yes_no, parse_yes_no

_LANG = lx.load("languages")
_LANGUAGES = Lexicon(_LANG["languages"])
_LEVELS = Lexicon({**_LANG["levels"], "same": _LANG["same"]})
_NO_LANGUAGES = Lexicon({"none": _LANG["none"]})
_SAME_LANGUAGE = Lexicon({"same": _LANG["service_same"]})


def language_codes_in(text: str) -> list[str]:
    """Every language named in the text, in order of appearance, without repeats."""
    return _LANGUAGES.codes(read(text))


def _languages(t: Text) -> list[Hit]:
    """The first mention of each language, unless negated ("engelska int alls")."""
    hits = _LANGUAGES.find(t)
    levels = _LEVELS.find(t)
    denied = negated(t, hits, levels)
    first: dict[str, Hit] = {}
    for hit in hits:
        first.setdefault(hit.code, hit)
    return [h for h in first.values() if h not in denied]


def parse_native_language(text: str) -> str:
    """The (first) native language named, as an ISO 639-1 code; "other" when unknown.

    Raises:
        AnswerError: ``language_not_understood``.
    """
    t = read(text)
    found = _languages(t) or _LANGUAGES.find(t)
    if found:
        return found[0].code
    if not t.words or is_bare_yes_no(text):
        raise AnswerError("language_not_understood")
    if len(t.words) <= 3 and all(w.isalpha() for w in t.words):
        return "other"
    raise AnswerError("language_not_understood")


def parse_other_languages(text: str) -> list[dict[str, str]]:
    """Other languages with level: "finska bra, lite engelska och tyska" -> fi good, en basic,
    de basic (data/languages.yml says how a level finds its language); "inga", "ei muita",
    "nej" give an empty list.

    Raises:
        AnswerError: ``languages_not_understood``.
    """
    t = read(text)
    languages = _languages(t)
    if not languages and (_LANGUAGES.find(t) or _NO_LANGUAGES.find(t)):
        return []
    if not languages and parse_yes_no(text) is False:
        return []
    if not languages:
        raise AnswerError("languages_not_understood")
    level: dict[str, str] = {}
    events = sorted([*languages, *_LEVELS.find(t)], key=lambda h: h.start)
    pending: list[str] = []
    scope: str | None = None
    last: str | None = None
    sentence = -1
    for hit in events:
        if t.tokens[hit.start].sentence != sentence:
            sentence, scope, pending = t.tokens[hit.start].sentence, None, []
        if hit in languages:
            if scope is not None:
                level[hit.code] = last = scope
            else:
                pending.append(hit.code)
        elif hit.code == "same":
            for code in pending:
                level[code] = last or "good"
            pending = []
        elif pending:
            for code in pending:
                level[code] = last = hit.code
            pending = []
        else:
            scope = hit.code
    return [{"language": h.code, "level": level.get(h.code, "good")} for h in languages]


def parse_service_language(text: str, current: str) -> str:
    """sv / fi, the first named; "samma"/"sama"/"det här" keep the current chat language.

    Raises:
        AnswerError: ``service_language_not_understood``.
    """
    t = read(text)
    codes = [h.code for h in _languages(t) if h.code in ("sv", "fi")]
    if codes:
        return codes[0]
    if _SAME_LANGUAGE.find(t) or parse_yes_no(text) is True:
        return current
    raise AnswerError("service_language_not_understood")
