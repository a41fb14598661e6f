"""Language identification for short chat messages: Swedish, Finnish or something else.

Two signals are combined:

* a lexicon learned from our own training data (every intent block carries
  ``metadata: {language: sv|fi}``), which knows chat words such as "moi", "joo", "mä",
  "tjena" and "int" that general-purpose identifiers get wrong in two-word messages;
* lingua-language-detector, whose n-gram models ship inside its PyPI wheel (nothing is
  downloaded at run time), for words the lexicon has never seen and for third languages.

Everything here is pure apart from the lazily built lingua detector.
"""

from __future__ import annotations

import math
import threading
import unicodedata
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from bot.text import words

SUPPORTED = ("sv", "fi")
OTHER = "other"


# Frequent English words: English is the third language people most often try here.
# (Swedish/Finnish homographs such as "i", "on", "me", "a" are deliberately left out.)
_ENGLISH = frozenset(
    """the is are am was you your my we they this that what how can could would
    please hello hi hey thanks thank want need job jobs work working help speak english
    do does have has not with about where when why who live looking for course courses
    appointment meeting unemployed benefit study training language it be will our
    there their get find of to and or in at born year years old from like just sorry
    understand nineteen twenty thousand name called which""".split()
)


def _latin_share(text: str) -> float:
    letters = [c for c in text if c.isalpha()]
    if not letters:
        return 1.0
    latin = sum(1 for c in letters if "LATIN" in unicodedata.name(c, ""))
    return latin / len(letters)


@dataclass(frozen=True)
class Detection:
    """Result of identifying one message.

    Attributes:
        language: "sv", "fi", "other" (a third language) or None (cannot tell).
        confidence: 0..1, how sure the identification is.
    """

    language: str | None
    confidence: float
    mixed: bool = False
    known: int = 0  # words of the message the lexicon knows

    def as_dict(self) -> dict[str, Any]:
        """JSON-friendly form (stored in the parse data for actions to read)."""
        return {
            "language": self.language,
            "confidence": round(self.confidence, 3),
            "mixed": self.mixed,
            "known": self.known,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Detection:
        """Inverse of :meth:`as_dict`."""
        return cls(
            data.get("language"),
            float(data.get("confidence") or 0.0),
            bool(data.get("mixed")),
            int(data.get("known") or 0),
        )


UNKNOWN = Detection(None, 0.0)


@dataclass
class Lexicon:
    """Per-language word counts with add-alpha smoothing (a two-class naive Bayes)."""

    counts: dict[str, Counter[str]] = field(
        default_factory=lambda: {lang: Counter() for lang in SUPPORTED}
    )
    alpha: float = 0.5
    clip: float = 4.0

    @classmethod
    def from_examples(cls, examples: Iterable[tuple[str, str]]) -> Lexicon:
        """Learn from (text, language) pairs; pairs in other languages are ignored."""
        lexicon = cls()
        for text, lang in examples:
            if lang in lexicon.counts:
                lexicon.counts[lang].update(words(text))
        return lexicon

    def to_dict(self) -> dict[str, Any]:
        """Serialisable form."""
        return {"alpha": self.alpha, "clip": self.clip, "counts": self.counts}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Lexicon:
        """Inverse of :meth:`to_dict`."""
        counts = {lang: Counter(data["counts"].get(lang, {})) for lang in SUPPORTED}
        return cls(counts=counts, alpha=data.get("alpha", 0.5), clip=data.get("clip", 4.0))

    def score(self, tokens: list[str]) -> tuple[float, int]:
        """Log-likelihood ratio sv over fi of the known tokens, and how many were known."""
        llr, known, _ = self.score_tokens(tokens)
        return llr, known

    def score_tokens(self, tokens: list[str]) -> tuple[float, int, list[float]]:
        """Like :meth:`score`, plus each known token's own (clipped) ratio."""
        sv, fi = self.counts["sv"], self.counts["fi"]
        vocab = len(set(sv) | set(fi)) or 1
        total_sv = sum(sv.values()) + self.alpha * vocab
        total_fi = sum(fi.values()) + self.alpha * vocab
        llr = 0.0
        known = 0
        parts: list[float] = []
        for token in tokens:
            c_sv, c_fi = sv.get(token, 0), fi.get(token, 0)
            if c_sv + c_fi == 0:
                continue
            known += 1
            ratio = math.log((c_sv + self.alpha) / total_sv) - math.log(
                (c_fi + self.alpha) / total_fi
            )
            clipped = max(-self.clip, min(self.clip, ratio))
            parts.append(clipped)
            llr += clipped
        return llr, known, parts


class _Lingua:
    """Lazily built lingua detector (about a second to load; shared per process)."""

    _detector: Any = None
    _lock = threading.Lock()
    # Swedish, Finnish and the languages most spoken by immigrants in Finland. Danish and
    # Norwegian are left out on purpose: they would steal "hej" and "tack" from Swedish.
    NAMES = (
        "SWEDISH FINNISH ENGLISH ESTONIAN RUSSIAN UKRAINIAN ARABIC SOMALI PERSIAN TURKISH "
        "GERMAN FRENCH SPANISH POLISH ALBANIAN VIETNAMESE THAI CHINESE"
    ).split()

    @classmethod
    def get(cls) -> Any:
        with cls._lock:
            if cls._detector is None:
                from lingua import Language, LanguageDetectorBuilder

                langs = [getattr(Language, name) for name in cls.NAMES]
                cls._detector = LanguageDetectorBuilder.from_languages(*langs).build()
            return cls._detector


_ISO = {"SWEDISH": "sv", "FINNISH": "fi"}


def lingua_scores(text: str) -> dict[str, float]:
    """Lingua's confidence for sv, fi and 'other' (summed over the other languages)."""
    scores = {"sv": 0.0, "fi": 0.0, OTHER: 0.0}
    for value in _Lingua.get().compute_language_confidence_values(text):
        scores[_ISO.get(value.language.name, OTHER)] += value.value
    return scores


def third_language(text: str) -> str | None:
    """The ISO 639-1 code of the most likely language other than Swedish and Finnish."""
    for value in _Lingua.get().compute_language_confidence_values(text):
        if value.language.name not in _ISO:
            return str(value.language.iso_code_639_1.name).lower()
    return None


def _sigmoid(x: float) -> float:
    return 1.0 / (1.0 + math.exp(-max(-50.0, min(50.0, x))))


def detect(text: str, lexicon: Lexicon, lingua_weight: float = 1.0) -> Detection:
    """Identify the language of one chat message.

    Args:
        text: The message as typed.
        lexicon: Word statistics learned from the training data.
        lingua_weight: Weight of lingua's log-odds against the lexicon's.

    Returns:
        A :class:`Detection`; ``language`` is None when the text gives no evidence
        (digits, emoji, a single unknown name).
    """
    text = text[:1000]
    tokens = [t for t in words(text) if len(t) <= 30]  # no real word is longer
    if not tokens:
        return UNKNOWN
    letters = sum(len(t) for t in tokens)
    if _latin_share(text) < 0.5:
        return Detection(OTHER, 0.99)
    english = sum(1 for t in tokens if t in _ENGLISH)
    llr, known, parts = lexicon.score_tokens(tokens)
    # Words that clearly belong to each language in one message: a mixed message.
    mixed = sum(1 for p in parts if p >= 2.0) >= 1 and sum(1 for p in parts if p <= -2.0) >= 1
    if len(tokens) >= 2 and english / len(tokens) >= 0.5 and english > known / 2:
        return Detection(OTHER, min(0.99, 0.6 + 0.1 * english))
    lingua = lingua_scores(text) if letters >= 3 else {"sv": 0.5, "fi": 0.5, OTHER: 0.0}
    if lingua[OTHER] >= 0.8 and len(tokens) >= 3 and known / len(tokens) < 0.34 and letters >= 12:
        return Detection(OTHER, lingua[OTHER])
    sv, fi = max(lingua["sv"], 1e-3), max(lingua["fi"], 1e-3)
    logit = llr + lingua_weight * math.log(sv / fi)
    if known == 0 and letters < 4:
        # "ok", "ja" typed alone say nothing about the language.
        return UNKNOWN
    confidence = _sigmoid(abs(logit))
    return Detection("sv" if logit > 0 else "fi", confidence, mixed, known)
