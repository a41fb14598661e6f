"""Which language should the bot answer in? A pure decision, table-tested.

Order of evidence:

1. an explicit request ("kan vi ta det på svenska", "puhutaanko suomea", a button);
2. the page's language sent as message metadata ``{"lang": "sv"}``;
3. the detected language of the message;
4. otherwise nothing is decided and the bot asks with two buttons.

Once a language is set it sticks: short answers ("ok", "Borgå", "1987") never flip it, and
a language named inside another request ("jag vill bara språkkurs. svenska eller finska")
is not a request to switch. A person who simply writes in the other language is followed
after a clear run of two such messages (inside a form both must be real sentences), or at
once on their very first typed message (the language so far was only the page's).
The words are data: bot/nlu/data/language_switch.yml.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from bot.nlu.langid import SUPPORTED, Detection
from bot.text import fold, words

SWITCH_WORDS = Path(__file__).with_name("data") / "language_switch.yml"

# Questions whose answers are language names: there "svenska" is an answer, not a request.
LANGUAGE_ANSWER_SLOTS = frozenset({"native_language", "other_languages", "service_language"})

# Word stems that name a language, after folding (ä->a, ö->o, å->a).
_NAMES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("sv", re.compile(r"\b(svensk\w*|ruotsi\w*|ruotsa\w*|swedish|svenska|sve|ruots\w*)\b")),
    ("fi", re.compile(r"\b(finsk\w*|suome\w*|suomi\w*|finnish|suomeks\w*|suomee)\b")),
)

CHOOSE_LANGUAGE = "choose_language"
TOGGLE = "toggle"
# A message the classifier is this sure asks to switch, if it names one language and is short.
REQUEST_CONFIDENCE = 0.9
REQUEST_MAX_WORDS = 6
SET_THRESHOLD = 0.80
SWITCH_THRESHOLD = 0.95
SWITCH_IN_FORM_THRESHOLD = 0.98
SWITCH_IN_FORM_MIN_WORDS = 4


def requested_language(text: str) -> str | None:
    """The language named in ``text`` ("på finska" -> fi), None if none or both."""
    folded = fold(text)
    found = {lang for lang, pattern in _NAMES if pattern.search(folded)}
    return found.pop() if len(found) == 1 else None


@dataclass(frozen=True)
class SwitchWords:
    """The compiled words of language_switch.yml."""

    cues: frozenset[str]
    filler: frozenset[str]
    not_understood: tuple[str, ...]
    toggle: tuple[str, ...]


def _load_switch_words(path: Path = SWITCH_WORDS) -> SwitchWords:
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}

    def folded(key: str) -> list[str]:
        return [" ".join(words(str(x))) for x in data.get(key) or []]

    return SwitchWords(
        frozenset(folded("cues")),
        frozenset(folded("filler")),
        tuple(folded("not_understood")),
        tuple(folded("toggle")),
    )


WORDS = _load_switch_words()


def _is_language_word(token: str) -> bool:
    return any(pattern.fullmatch(token) for _, pattern in _NAMES)


def switch_request(
    text: str, intent: str | None = None, confidence: float = 0.0, lexicon: SwitchWords = WORDS
) -> str | None:
    """The language a message explicitly asks for: "sv", "fi", ``TOGGLE`` or None.

    A request names one language and says nothing else ("kan vi ta det på svenska",
    "suomeksi kiitos"); "jag förstår inte svenska" / "en ymmärrä ruotsia" ask for the other
    language; "byt språk" / "vaihda kieltä" toggle. A language named inside another request
    is not a request, unless the classifier is sure and the message is short.
    """
    tokens = words(text)
    padded = f" {' '.join(tokens)} "
    if any(f" {p} " in padded for p in lexicon.toggle):
        return TOGGLE
    named = requested_language(text)
    if named is None:
        return None
    if any(f" {p} " in padded for p in lexicon.not_understood):
        return "fi" if named == "sv" else "sv"
    rest = [
        t for t in tokens if not _is_language_word(t) and t not in lexicon.filler | lexicon.cues
    ]
    has_cue = any(t in lexicon.cues for t in tokens) or len(tokens) <= 2
    if not rest and has_cue:
        return named
    if (
        intent == CHOOSE_LANGUAGE
        and confidence >= REQUEST_CONFIDENCE
        and len(tokens) <= REQUEST_MAX_WORDS
        and len(rest) <= 1
    ):
        return named
    return None


@dataclass(frozen=True)
class LanguageContext:
    """What is known when a user message arrives."""

    current: str | None
    detection: Detection
    metadata_lang: str | None = None
    previous_metadata_lang: str | None = None
    intent: str | None = None
    intent_confidence: float = 0.0
    requested: str | None = None
    active_form: str | None = None
    requested_slot: str | None = None
    n_words: int = 0
    previous_detected: str | None = None
    first_typed: bool = False  # no earlier message the person typed (the widget's greeting)


@dataclass(frozen=True)
class LanguageDecision:
    """The language to set (None: leave the slot as it is) and why."""

    language: str | None
    reason: str


def _supported(lang: str | None) -> str | None:
    if not lang:
        return None
    lang = lang.lower()[:2]
    return lang if lang in SUPPORTED else None


def decide_language(ctx: LanguageContext) -> LanguageDecision:
    """Decide the conversation language after one user message."""
    current = _supported(ctx.current)
    metadata = _supported(ctx.metadata_lang)
    answering_language_question = ctx.requested_slot in LANGUAGE_ANSWER_SLOTS and bool(
        ctx.active_form
    )

    if ctx.requested and not answering_language_question:
        if ctx.requested in SUPPORTED:
            return LanguageDecision(ctx.requested, "requested")
        if ctx.requested == TOGGLE and current:
            other = "fi" if current == "sv" else "sv"
            return LanguageDecision(other, "toggle")

    previous = _supported(ctx.previous_metadata_lang)
    if metadata and previous and metadata != previous and metadata != current:
        return LanguageDecision(metadata, "page language changed")

    detected = ctx.detection.language if ctx.detection.language in SUPPORTED else None
    confidence = ctx.detection.confidence

    if current is None:
        if metadata:
            return LanguageDecision(metadata, "page language")
        if detected and confidence >= SET_THRESHOLD:
            return LanguageDecision(detected, "detected")
        return LanguageDecision(None, "undetermined")

    if detected and detected != current and not answering_language_question:
        if ctx.detection.mixed:
            return LanguageDecision(None, "mixed languages")
        if ctx.detection.known == 0:
            # no word of the chat vocabulary: too little to leave the current language
            return LanguageDecision(None, "keep")
        if ctx.previous_detected != detected and not ctx.first_typed:
            # one message in the other language is not yet a run: keep the language
            return LanguageDecision(None, "keep: one message in the other language")
        if ctx.active_form is None and confidence >= SWITCH_THRESHOLD:
            return LanguageDecision(detected, "user writes the other language")
        if (
            ctx.active_form is not None
            and ctx.n_words >= SWITCH_IN_FORM_MIN_WORDS
            and confidence >= SWITCH_IN_FORM_THRESHOLD
        ):
            return LanguageDecision(detected, "user writes the other language in a form")
    return LanguageDecision(None, "keep")


def clearly(detection: Detection) -> str | None:
    """The language of a message that is clearly Swedish or Finnish (for a run of two)."""
    if (
        detection.language in SUPPORTED
        and detection.confidence >= SWITCH_THRESHOLD
        and not detection.mixed
        and detection.known > 0
    ):
        return detection.language
    return None
