"""Which language should the bot answer in? A pure decision, table-tested.

Order of evidence (issue "Foundation", section 2):

1. an explicit request ("kan vi ta det på svenska", "puhutaanko suomea", a button);
2. the page's language sent as message metadata ``{"lang": "sv"}``;
3. the detected language of the message;
4. otherwise nothing is decided and the bot asks with two buttons.

Once a language is set it sticks: short answers ("ok", "Borgå", "1987") never flip it.
A whole message clearly in the other language does switch it, outside a form at once and
inside a form only when it is a real sentence, so a person who simply writes in the other
language is followed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.nlu.langid import SUPPORTED, Detection, fold

# Questions whose answers are language names: there "svenska" is an answer, not a request.
LANGUAGE_ANSWER_SLOTS = frozenset({"native_language", "other_languages", "service_language"})

# Word stems that name a language, after folding (ä->a, ö->o, å->a).
_NAMES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("sv", re.compile(r"\b(svensk\w*|ruotsi\w*|ruotsa\w*|swedish|svenska|sve|ruots\w*)\b")),
    ("fi", re.compile(r"\b(finsk\w*|suome\w*|suomi\w*|finnish|suomeks\w*|suomee)\b")),
)

CHOOSE_LANGUAGE = "choose_language"
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

    if ctx.intent == CHOOSE_LANGUAGE and not answering_language_question:
        if ctx.requested in SUPPORTED:
            return LanguageDecision(ctx.requested, "requested")
        if current:
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
        if ctx.active_form is None and confidence >= SWITCH_THRESHOLD:
            return LanguageDecision(detected, "user writes the other language")
        if (
            ctx.active_form is not None
            and ctx.n_words >= SWITCH_IN_FORM_MIN_WORDS
            and confidence >= SWITCH_IN_FORM_THRESHOLD
        ):
            return LanguageDecision(detected, "user writes the other language in a form")
    return LanguageDecision(None, "keep")
