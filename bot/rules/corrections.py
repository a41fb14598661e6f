"""Corrections of earlier answers, typed at any question (pure rules).

:func:`question_named_in` says which answer a message refers to ("jag vill ändra min
utbildning"); :func:`find_correction` recognises a message that corrects an earlier answer
while another question is open ("förresten, jag är född 1968", "hetkinen, mä asun
itseasiassa sipoossa") and returns the corrected value's words. The words are data:
bot/rules/data/corrections.yml.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from bot.rules import answers, municipalities
from bot.rules.answers import AnswerError
from bot.rules.lexicon import Hit, Lexicon, Text, load, read

_DATA = load("corrections")
_QUESTIONS: tuple[str, ...] = tuple(_DATA["questions"])
_NAMES = Lexicon({q: entry.get("names") or () for q, entry in _DATA["questions"].items()})
_CUES = Lexicon({q: entry.get("cues") or () for q, entry in _DATA["questions"].items()})
_MARKERS = Lexicon({"marker": _DATA["markers"]})
_CONTRAST = Lexicon({"contrast": _DATA["contrast"]})
_DENIAL = Lexicon({"denial": _DATA["denial"]})
_FILLERS = Lexicon({"filler": _DATA["fillers"]})
_YEAR = re.compile(r"(?<!\d)(?:\d{4}|[-'´`’]?\d{2})(?!\d)")


@dataclass(frozen=True)
class Correction:
    """A corrected answer: the question (slot name) and the words to parse as its value."""

    question: str
    value_text: str


def _referred(t: Text) -> list[Hit]:
    """Mentions of questions by name or by a value cue ("bor", "född"), in priority order."""
    hits = _NAMES.find(t) + _CUES.find(t)
    return sorted(hits, key=lambda h: (_QUESTIONS.index(h.code), h.start))


def question_named_in(text: str) -> str | None:
    """The question (slot name) the text refers to, or None."""
    hits = _referred(read(text))
    return hits[0].code if hits else None


def _municipality_words(t: Text, start: int) -> str | None:
    """The first municipality named from word ``start`` on, as typed ("sipoossa")."""
    tokens = t.tokens[start:]
    for n in (1, 2):
        for i in range(len(tokens) - n + 1):
            words = tokens[i : i + n]
            if words[0].clause != words[-1].clause:
                continue
            phrase = t.source[words[0].start : words[-1].end]
            match = municipalities.match_municipality(phrase)
            if match.municipality is not None and phrase.strip():
                return phrase
    return None


def _without_denial(t: Text, start: int) -> Text:
    """The words from ``start`` up to a denial of an old value ("1971 eikä 1917")."""
    end = len(t.tokens)
    for hit in _DENIAL.find(t):
        if hit.start > start:
            end = hit.start
            break
    source = t.source[t.tokens[start].start : t.tokens[end - 1].end] if end > start else ""
    return read(source)


def _value_text(t: Text, question: str, start: int) -> str | None:
    """The corrected value from word ``start`` on, checked to parse as an answer."""
    if start >= len(t.tokens):
        return None
    value = _without_denial(t, start)
    if question == "municipality":
        return _municipality_words(value, 0)
    fillers = {h.start: h for h in _FILLERS.find(value)}
    first = 0
    while first in fillers:
        first = fillers[first].end
    words = value.after(first)
    return words if words and _fits(question, words) else None


def _parses(parse: Callable[[str], object]) -> Callable[[str], bool]:
    def check(text: str) -> bool:
        try:
            return parse(text) not in ("unknown", [], "skipped")
        except AnswerError:
            return False

    return check


_FITS: dict[str, Callable[[str], bool]] = {
    "age_group": lambda text: bool(_YEAR.search(text)),
    "situation_duration": _parses(lambda text: answers.parse_duration_months(text, date.max)),
    "situation": _parses(answers.parse_situation),
    "benefit": _parses(answers.parse_benefit),
    "native_language": _parses(lambda text: answers.language_codes_in(text) or []),
    "other_languages": _parses(answers.parse_other_languages),
    "education": _parses(answers.parse_education),
    "occupation": _parses(answers.parse_occupation),
    "desired_fields": _parses(answers.parse_fields),
    "help_wanted": _parses(answers.parse_help),
    "work_ability": _parses(answers.parse_work_ability),
    "contact_channel": _parses(answers.parse_channel),
    "service_language": _parses(lambda text: answers.parse_service_language(text, "")),
}


def _fits(question: str, text: str) -> bool:
    check = _FITS.get(question)
    return check is not None and check(text)


_WEAK: tuple[object, ...] = ("none", "unknown", "other", [], ())


def _answers_open(question: str, text: str) -> bool:
    """The text is a real answer to the open question (not only a "no" or "don't know")."""
    parsers: dict[str, Callable[[str], object]] = {
        "education": answers.parse_education,
        "occupation": answers.parse_occupation,
        "situation": answers.parse_situation,
        "benefit": answers.parse_benefit,
        "desired_fields": answers.parse_fields,
        "help_wanted": answers.parse_help,
        "contact_channel": answers.parse_channel,
    }
    parse = parsers.get(question)
    if parse is None:
        return False
    try:
        value = parse(text)
    except answers.AnswerError:
        return False
    return value not in _WEAK


def find_correction(
    text: str, open_question: str | None, previous: str | None = None
) -> Correction | None:
    """A correction of an earlier answer typed while ``open_question`` is asked, or None.

    It refers to another question than the open one (by name, "hemkommun", or by a value
    cue, "bor", "född") with a value that parses as that question's answer, and has a
    correction marker ("förresten", "jag skrev fel", "itse asiassa", "tarkoitin") or names
    the question ("hemkommun ska vara Borgå", "syntymävuosi on 1971 eikä 1917"). The value
    is what follows the last marker or name, after a "men" / "mutta" ("jag sa Sibbo men jag
    bor i Borgå": "Borgå"), without the old value a denial takes back. A change of mind
    that names no question ("nej förresten, helst nåt inom vård", "ei ku sittenki it-ala")
    corrects ``previous``, the answer given just before, when its words parse as that
    answer. A plain answer to the open question is never a correction.
    """
    t = read(text)
    markers = _MARKERS.find(t)
    contrasts = _CONTRAST.find(t)
    names = set(_NAMES.find(t))
    if open_question and not markers and _answers_open(open_question, text):
        # it answers the open question ("yrkesexamen, truckkort har jag också",
        # "ammattikoulu, töissä olin varastolla"): the words are kept with that answer
        return None
    after_markers = max((m.end for m in (*markers, *contrasts)), default=0)
    for hit in _referred(t):
        if hit.code == open_question:
            return None
        named = hit in names
        if not markers and not named:
            continue
        for start in dict.fromkeys(
            (max(after_markers, hit.end if named else 0), hit.end if named else 0, after_markers)
        ):
            value = _value_text(t, hit.code, start)
            if value is not None:
                return Correction(hit.code, value)
    if markers and previous and previous != open_question:
        rest = t.after(after_markers)
        if open_question and rest and _answers_open(open_question, rest):
            return None
        value = _value_text(t, previous, after_markers)
        if value is not None:
            return Correction(previous, value)
    return None
